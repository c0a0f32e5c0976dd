//! The wiki's navigation: the free pages as a tree by folder, the bounded
//! part of it the sidebar of every page shows, and the full tree on the
//! wiki index page (`/pages/`).
//!
//! Every page carries the sidebar, so its size must not grow with the
//! portfolio: embedding every page on every page makes the output grow
//! with the square of the page count (mdBook's failure at scale). The
//! sidebar keeps whole levels of the tree, top first, up to
//! [`SIDEBAR_BUDGET`] links; when that cuts anything, it links to the
//! index page, which holds the whole tree once.

use serde::Serialize;

use super::view::{NavItem, Urls};
use crate::content::model::Page;
use crate::link::{Site, urls};

/// The most links the sidebar shows.
pub const SIDEBAR_BUDGET: usize = 40;

/// The sidebar part of the site frame.
#[derive(Clone, Debug, Serialize)]
pub struct Sidebar {
    /// The top levels of the tree that fit the budget.
    pub items: Vec<NavItem>,
    /// Whether `items` holds every page.
    pub complete: bool,
    /// How many free pages there are.
    pub page_count: usize,
    /// The wiki index page, with the whole tree.
    pub index_url: String,
}

/// Free pages as a tree by folder; a folder's `index.md` is its node.
pub fn page_tree(site: &Site, urls: Urls<'_>) -> Vec<NavItem> {
    let mut pages: Vec<&Page> = site.portfolio.pages.iter().collect();
    pages.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    let items = pages.into_iter().map(|page| NavItem {
        url: urls.url(&urls::page(&page.doc.id)),
        title: page.title.clone(),
        key: page.doc.id.clone(),
        children: Vec::new(),
    });
    tree_of(items)
}

/// `items` (sorted by key) as a tree: each under its nearest ancestor
/// folder that is a page (`a/b/c` under `a/b`, else under `a`), found by
/// key. Scanning each level for a parent took a second at 6,000
/// top-level pages.
fn tree_of(items: impl Iterator<Item = NavItem>) -> Vec<NavItem> {
    let items: Vec<NavItem> = items.collect();
    let index: std::collections::HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.key.as_str(), i))
        .collect();
    let parent_of = |key: &str| {
        key.rmatch_indices('/')
            .find_map(|(at, _)| index.get(&key[..at]).copied())
    };
    let parents: Vec<Option<usize>> = items.iter().map(|item| parent_of(&item.key)).collect();
    drop(index);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots = Vec::new();
    for (i, parent) in parents.into_iter().enumerate() {
        match parent {
            Some(parent) => children[parent].push(i),
            None => roots.push(i),
        }
    }
    let mut slots: Vec<Option<NavItem>> = items.into_iter().map(Some).collect();
    roots
        .into_iter()
        .filter_map(|i| assemble(i, &mut slots, &children))
        .collect()
}

/// Node `i` with its children, taken out of `slots`.
fn assemble(i: usize, slots: &mut [Option<NavItem>], children: &[Vec<usize>]) -> Option<NavItem> {
    let mut item = slots[i].take()?;
    item.children = children[i]
        .iter()
        .filter_map(|&child| assemble(child, slots, children))
        .collect();
    Some(item)
}

/// The sidebar for `tree`: as many whole levels as fit `budget` links (at
/// least the first `budget` top-level pages).
pub fn sidebar(tree: &[NavItem], budget: usize, index_url: String) -> Sidebar {
    let page_count = count(tree);
    let mut depth = 0;
    let mut shown = 0;
    loop {
        let at_depth = count_at(tree, depth);
        if at_depth == 0 || shown + at_depth > budget {
            break;
        }
        shown += at_depth;
        depth += 1;
    }
    let items: Vec<NavItem> = if depth == 0 {
        tree.iter()
            .take(budget)
            .map(|item| pruned(item, 1))
            .collect()
    } else {
        tree.iter().map(|item| pruned(item, depth)).collect()
    };
    let complete = count(&items) == page_count;
    Sidebar {
        items,
        complete,
        page_count,
        index_url,
    }
}

fn count(items: &[NavItem]) -> usize {
    items.iter().map(|item| 1 + count(&item.children)).sum()
}

fn count_at(items: &[NavItem], depth: usize) -> usize {
    match depth {
        0 => items.len(),
        _ => items
            .iter()
            .map(|item| count_at(&item.children, depth - 1))
            .sum(),
    }
}

/// `item` with only its first `levels` levels (itself counting as one).
fn pruned(item: &NavItem, levels: usize) -> NavItem {
    NavItem {
        url: item.url.clone(),
        title: item.title.clone(),
        key: item.key.clone(),
        children: match levels {
            0 | 1 => Vec::new(),
            _ => item
                .children
                .iter()
                .map(|c| pruned(c, levels - 1))
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, children: Vec<NavItem>) -> NavItem {
        NavItem {
            url: format!("/{key}/"),
            title: key.to_string(),
            key: key.to_string(),
            children,
        }
    }

    /// `roots` top-level pages, each with `per` children.
    fn tree(roots: usize, per: usize) -> Vec<NavItem> {
        (0..roots)
            .map(|r| {
                let children = (0..per)
                    .map(|c| item(&format!("{r}/{c}"), vec![]))
                    .collect();
                item(&r.to_string(), children)
            })
            .collect()
    }

    #[test]
    fn pages_go_under_their_nearest_folder_page() {
        let item = |key: &str| NavItem {
            url: format!("/{key}/"),
            title: key.to_uppercase(),
            key: key.into(),
            children: Vec::new(),
        };
        let mut keys = [
            "a", "a-b", "a/b", "a/b/c", "a/x/y", "b/c", "ab", "ab/c", "c/d/e", "c",
        ];
        keys.sort();
        let tree = tree_of(keys.iter().map(|&key| item(key)));
        fn shape(items: &[NavItem]) -> String {
            let inner = |item: &NavItem| match item.children.is_empty() {
                true => item.key.clone(),
                false => format!("{}({})", item.key, shape(&item.children)),
            };
            items.iter().map(inner).collect::<Vec<_>>().join(" ")
        }
        assert_eq!(
            shape(&tree),
            "a(a/b(a/b/c) a/x/y) a-b ab(ab/c) b/c c(c/d/e)"
        );
        assert_eq!(tree[0].title, "A");
        assert!(tree_of(std::iter::empty()).is_empty());
    }

    #[test]
    fn a_small_wiki_is_shown_whole() {
        let sidebar = sidebar(&tree(3, 4), 40, "/pages/".into());
        assert!(sidebar.complete);
        assert_eq!(sidebar.page_count, 15);
        assert_eq!(count(&sidebar.items), 15);
    }

    #[test]
    fn a_level_that_does_not_fit_is_left_to_the_index() {
        let sidebar = sidebar(&tree(10, 5), 40, "/pages/".into());
        assert!(!sidebar.complete);
        assert_eq!(sidebar.page_count, 60);
        assert_eq!(count(&sidebar.items), 10, "the top level only");
    }

    #[test]
    fn the_sidebar_never_exceeds_the_budget_however_big_the_wiki() {
        for (roots, per) in [(0, 0), (1, 500), (39, 0), (40, 1), (41, 0), (2_000, 3)] {
            let sidebar = sidebar(&tree(roots, per), 40, "/pages/".into());
            assert!(count(&sidebar.items) <= 40, "{roots}×{per}");
            assert_eq!(sidebar.complete, roots * (per + 1) == count(&sidebar.items));
        }
    }
}
