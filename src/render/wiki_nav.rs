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
    let mut roots: Vec<NavItem> = Vec::new();
    for page in pages {
        let item = NavItem {
            url: urls.url(&urls::page(&page.doc.id)),
            title: page.title.clone(),
            key: page.doc.id.clone(),
            children: Vec::new(),
        };
        insert_in_tree(&mut roots, &page.doc.id, item);
    }
    roots
}

fn insert_in_tree(level: &mut Vec<NavItem>, id: &str, item: NavItem) {
    let parent = level
        .iter_mut()
        .find(|candidate| id.starts_with(&format!("{}/", candidate.key)));
    match parent {
        Some(parent) => insert_in_tree(&mut parent.children, id, item),
        None => level.push(item),
    }
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
