//! The wiki sidebar on a big wiki: every page carries a bounded sidebar
//! (so output grows linearly with the pages, not with their square), and
//! the wiki index page `/pages/` lists every free page once.

mod common;

use common::Fixture;

/// The part of `html` inside the sidebar `<nav>`.
fn sidebar(html: &str) -> &str {
    common::region(html, r#"<nav class="sidebar""#, "</nav>")
}

/// A fixture with 12 folders of 10 pages each, plus its own 2 guides.
fn big_wiki() -> Fixture {
    let fixture = Fixture::new("site");
    for area in 0..12 {
        fixture.write(
            &format!("content/area-{area:02}/index.md"),
            &format!("# Area {area}\n\nThe pages of area {area}.\n"),
        );
        for page in 0..10 {
            fixture.write(
                &format!("content/area-{area:02}/page-{page:02}.md"),
                &format!("# Page {page} of area {area}\n\nSee [[page:guides/glossary]].\n"),
            );
        }
    }
    fixture
}

#[test]
fn the_sidebar_stays_bounded_and_the_wiki_index_lists_every_page() {
    let fixture = big_wiki();
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let pages = ["", "journeys/buy/", "area-03/page-07/", "guides/glossary/"];
    for page in pages {
        let html = fixture.read(&format!("public/{page}index.html"));
        let nav = sidebar(&html);
        let links = nav.matches("<a ").count();
        // The budget, the title link to the index and the "all pages" link.
        assert!(links <= 40 + 2, "{page}: {links} links in the sidebar");
        assert!(nav.contains("All 134 wiki pages"), "{page}: {nav}");
        assert!(nav.contains(r#"href="/cx/pages/""#), "{page}");
    }

    let index = fixture.read("public/pages/index.html");
    let main = common::main_region(&index);
    for area in 0..12 {
        assert!(main.contains(&format!(r#"href="/cx/area-{area:02}/""#)));
        for page in 0..10 {
            let url = format!(r#"href="/cx/area-{area:02}/page-{page:02}/""#);
            assert!(main.contains(&url), "the index lacks {url}");
        }
    }
    assert!(main.contains(r#"href="/cx/guides/glossary/""#));
    assert_eq!(main.matches("<a ").count(), 134, "each page once");
}

#[test]
fn a_small_wiki_is_shown_whole_without_the_all_pages_link() {
    let fixture = Fixture::new("site");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = fixture.read("public/index.html");
    let nav = sidebar(&html);
    assert!(nav.contains(r#"href="/cx/guides/glossary/""#));
    assert!(!nav.contains("wiki pages"), "{nav}");
}

#[test]
fn a_free_page_on_the_wiki_index_url_is_an_error() {
    let fixture = Fixture::new("site");
    fixture.write("content/pages/index.md", "# Pages\n\nMine.\n");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`/pages/`, which is already the wiki index"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/pages/index.md"),
        "{}",
        run.stderr
    );
}
