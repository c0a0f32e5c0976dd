//! Property tests of the entry points the fuzzers drive (fuzz/): the
//! front-matter splitter and YAML reader, Markdown with wiki-links, and the
//! whole parse → link → diagnostics path on files in memory. None may
//! panic on any input, and every diagnostic must point inside its file.

use std::path::Path;

use journeybook::content::date::Date;
use journeybook::content::frontmatter;
use journeybook::content::markdown::{self, Headings, LinkTarget, Resolved};
use journeybook::pipeline::{self, RunOptions};
use proptest::prelude::*;

/// Text built from the pieces front-matter and Markdown are made of, so
/// that random inputs reach deep into both grammars.
fn grammar_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---\n",
        "\n",
        "  ",
        "- ",
        ": ",
        "title",
        "name",
        "stages",
        "steps",
        "emotion",
        "touchpoints",
        "personas",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\"",
        "'",
        "#",
        "&a ",
        "*a",
        "|\n",
        ">\n",
        "\t",
        "[[",
        "]]",
        "journey:",
        "persona:",
        "touchpoint:",
        "page:",
        "#step",
        "(",
        ")",
        "![",
        "`",
        "```rust\n",
        "*",
        "_",
        "<b>",
        "&amp;",
        "é",
        "😀",
        "\r\n",
        "\u{feff}",
        "0",
        "-3",
        "1.5",
        "null",
        "~",
        "true",
        "../",
        ".md",
        "%2e",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![grammar_soup(), ".{0,400}"]
}

fn resolve_all(target: &LinkTarget) -> Option<Resolved> {
    match target {
        LinkTarget::Malformed { .. } => None,
        _ => Some(Resolved {
            url: "/x/".into(),
            label: "x".into(),
        }),
    }
}

fn options() -> RunOptions {
    RunOptions {
        drafts: false,
        today: Date::parse("2026-01-01").unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics_and_errors_point_inside(text in any_text()) {
        let text = text.trim_start_matches('\u{feff}');
        if let Ok(split) = frontmatter::split(text) {
            prop_assert!(split.body.len() <= text.len());
            if let Err(error) = frontmatter::parse(&split) {
                let lines = text.lines().count() as u32 + 1;
                prop_assert!(error.pos.line >= 1 && error.pos.line <= lines, "{error:?}");
            }
        }
    }

    #[test]
    fn markdown_with_wiki_links_never_panics(body in any_text()) {
        for resolve in [&resolve_all as &dyn Fn(&LinkTarget) -> Option<Resolved>, &|_: &LinkTarget| None] {
            let headings = Headings { top_level: 2, page_title: Some("Title") };
            let html = markdown::to_html(&body, "journeys", headings, resolve);
            prop_assert!(!html.contains("<script"), "raw script only comes from raw HTML");
        }
    }

    #[test]
    fn the_pipeline_never_panics_on_any_files(
        journey in any_text(),
        touchpoint in any_text(),
        page in any_text(),
    ) {
        let files = vec![
            ("journeys/j.md".to_string(), format!("---\n{journey}").into_bytes()),
            ("touchpoints/t.md".to_string(), touchpoint.into_bytes()),
            ("guide.md".to_string(), page.into_bytes()),
        ];
        let (checked, rendered) = pipeline::check_in_memory(None, files, &options());
        for diagnostic in &checked.diagnostics {
            if let Some(pos) = diagnostic.pos() {
                let source = checked.sources.file(&diagnostic.file);
                let lines = source.map_or(1, |f| f.bytes.split(|&b| b == b'\n').count()) as u32;
                prop_assert!(pos.line >= 1 && pos.line <= lines + 1, "{diagnostic:?}");
            }
        }
        prop_assert!(checked.diagnostics.is_empty() || !rendered.is_empty());
    }
}

#[test]
fn the_in_memory_check_reads_a_real_journey() {
    let journey = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/content/journeys/buy.md"),
    )
    .unwrap();
    let files = vec![("journeys/buy.md".to_string(), journey)];
    let (checked, rendered) = pipeline::check_in_memory(None, files, &options());
    let site = checked.site.expect("linked");
    assert_eq!(site.portfolio.journeys.len(), 1);
    assert!(
        rendered.contains("E0301"),
        "unknown personas are reported: {rendered}"
    );
}
