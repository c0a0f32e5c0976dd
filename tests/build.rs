//! `journeybook build` end to end: golden `<main>` regions of every page
//! kind and a journey's CSV and Mermaid downloads, base-url in every link, byte-identical rebuilds, output safety,
//! `init`, `--root` discovery and the shipped example portfolio.

mod common;

use std::fs;

use common::{
    Fixture, assert_golden, assert_no_stale_goldens, main_region, repo_root, run_in, site_files,
};

/// One page of each kind the default theme renders.
const GOLDEN_PAGES: &[&str] = &[
    "index.html",
    "404.html",
    "journeys/index.html",
    "journeys/buy/index.html",
    "journeys/buy-future/index.html",
    "personas/ana/index.html",
    "touchpoints/web-checkout/index.html",
    "channels/web/index.html",
    "opportunities/one-click/index.html",
    "opportunities/index.html",
    "metrics/index.html",
    "metrics/csat/index.html",
    "action-plans/index.html",
    "guides/index.html",
    "guides/glossary/index.html",
];

/// The downloads beside a journey page, compared whole.
const GOLDEN_DOWNLOADS: &[&str] = &["journeys/buy/buy.csv", "journeys/buy/buy.mmd"];

#[test]
fn every_page_kind_matches_its_golden_main_region() {
    let fixture = Fixture::new("site");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let mut compared = Vec::new();
    for page in GOLDEN_PAGES {
        let html = fixture.read(&format!("public/{page}"));
        let golden = fixture.expected_dir().join(page);
        assert_golden(&golden, &main_region(&html));
        compared.push(golden);
    }
    for download in GOLDEN_DOWNLOADS {
        let golden = fixture.expected_dir().join(download);
        assert_golden(&golden, &fixture.read(&format!("public/{download}")));
        compared.push(golden);
    }
    assert_no_stale_goldens(&fixture.expected_dir(), &compared);
}

#[test]
fn every_internal_link_starts_with_base_url_and_resolves() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let public = fixture.path().join("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for attribute in ["href=\"", "src=\""] {
            for target in html
                .split(attribute)
                .skip(1)
                .map(|rest| &rest[..rest.find('"').unwrap()])
            {
                if target.starts_with("http") || target.starts_with('#') {
                    continue;
                }
                assert!(
                    target.starts_with("/cx/"),
                    "{}: link {target} ignores base-url",
                    entry.path().display()
                );
                let path = target.trim_start_matches("/cx/").split('#').next().unwrap();
                let file = if path.is_empty() || path.ends_with('/') {
                    public.join(path).join("index.html")
                } else {
                    public.join(path)
                };
                assert!(
                    file.exists(),
                    "{}: broken link {target}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let first = Fixture::new("site");
    let second = Fixture::new("site");
    assert_eq!(first.run(&["build"]).code, 0);
    assert_eq!(second.run(&["build"]).code, 0);
    let (a, b) = (
        site_files(&first.path().join("public")),
        site_files(&second.path().join("public")),
    );
    assert!(a.len() > 20);
    assert_eq!(a, b);
}

/// The count in the summary line's `N changed`.
fn changed_count(stderr: &str) -> usize {
    let before = stderr.split(" changed)").next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn rebuilds_after_edits_equal_a_fresh_build_and_rewrite_only_what_changed() {
    let fixture = Fixture::new("site");
    let fresh = Fixture::new("site");
    for _ in 0..3 {
        assert_eq!(fixture.run(&["build"]).code, 0);
    }
    let unchanged = fixture.run(&["build"]);
    assert_eq!(changed_count(&unchanged.stderr), 0, "{}", unchanged.stderr);
    // Edit a journey, delete a page and add one, across two builds so
    // that the reused staging folder is an output two builds old.
    let journey = fixture
        .read("content/journeys/buy.md")
        .replace("title: Buy a sofa online", "title: Buy a sofa again");
    for edit in [&fixture, &fresh] {
        edit.write("content/journeys/buy.md", &journey);
        edit.write(
            "content/guide.md",
            "---\ntitle: A guide\n---\nRead [[journey:buy]].\n",
        );
    }
    let edited = fixture.run(&["build"]);
    assert_eq!(edited.code, 0, "{}", edited.stderr);
    let changed = changed_count(&edited.stderr);
    let files = site_files(&fixture.path().join("public")).len();
    assert!(changed > 0 && changed < files - 20, "{}", edited.stderr);
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert_eq!(fresh.run(&["build"]).code, 0);
    assert_eq!(
        site_files(&fixture.path().join("public")),
        site_files(&fresh.path().join("public")),
        "a rebuilt site is the same as one built from scratch"
    );
    let kept = fixture.path().join(".public.journeybook-prev");
    assert!(
        kept.is_dir(),
        "the previous output is kept for the next build"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let before = site_files(&fixture.path().join("public"));
    fixture.write(
        "content/journeys/buy.md",
        &fixture
            .read("content/journeys/buy.md")
            .replace("touchpoints: [web-checkout]", "touchpoints: [web-chekout]"),
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(site_files(&fixture.path().join("public")), before);
}

#[test]
fn refuses_an_output_folder_with_foreign_files_unless_forced() {
    let fixture = Fixture::new("site");
    fixture.write("public/CNAME", "cx.example.com\n");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("CNAME") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert!(!fixture.path().join("public/index.html").exists());
    let forced = fixture.run(&["build", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(fixture.read("public/CNAME"), "cx.example.com\n");
    assert!(fixture.path().join("public/index.html").exists());
}

#[test]
fn refuses_the_content_folder_or_root_as_output() {
    let fixture = Fixture::new("site");
    for output in [".", "content", "..", "content/out"] {
        let run = fixture.run(&["build", "--output", output]);
        assert_eq!(run.code, 2, "--output {output}: {}", run.stderr);
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert!(fixture.path().join("content/index.md").exists());
}

#[test]
fn root_is_found_from_a_subfolder_and_output_goes_there() {
    let fixture = Fixture::new("site");
    let run = run_in(&fixture.path().join("content/journeys"), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fixture
            .path()
            .join("public/journeys/buy/index.html")
            .exists()
    );
}

#[test]
fn init_writes_a_portfolio_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "wiki"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let build = run_in(&dir.path().join("wiki"), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    assert!(
        dir.path()
            .join("wiki/public/journeys/first-order/index.html")
            .exists()
    );
    let again = run_in(dir.path(), &["init", "wiki"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

#[test]
fn the_example_portfolio_builds_clean() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let home = fixture.read("public/index.html");
    assert!(home.contains("Emotion by journey and stage"));
    let journeys = fs::read_dir(fixture.path().join("public/journeys"))
        .unwrap()
        .count();
    assert!(
        journeys >= 6,
        "expected at least 5 journeys and the list page"
    );
}

#[test]
fn journey_page_shows_map_lanes_curve_and_text_alternative() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let html = fixture.read("public/journeys/buy/index.html");
    for expected in [
        r#"<th scope="colgroup" colspan="1" id="stage-discover""#,
        r#"id="step-pays""#,
        "Line of visibility",
        r#"role="img" aria-labelledby="emotion-buy-title emotion-buy-desc""#,
        r#"<g class="series series-0">"#,
        r#"<g class="series series-1">"#,
        r#"<g class="series target"><path d="M90 18 M450 51" fill="none" stroke-dasharray="6 5"/>"#,
        "Emotion scores as a table",
        "Compares sofas",
        "Hidden delivery fee",
        "Pay in one click",
        "Automatic payment retry",
    ] {
        assert!(html.contains(expected), "journey page lacks {expected}");
    }
}

#[test]
fn version_and_help_work() {
    let dir = tempfile::tempdir().unwrap();
    let version = run_in(dir.path(), &["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("journeybook "));
    for command in ["build", "check", "init"] {
        let help = run_in(dir.path(), &[command, "--help"]);
        assert_eq!(help.code, 0);
        assert!(help.stdout.len() > 80, "{command} --help is too short");
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let fixture = Fixture::new("site");
    fixture.write(
        "content/guides/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nSee [[persona:nobody]].\n",
    );
    let run = fixture.run(&["build"]);
    assert_eq!(
        run.code, 0,
        "a draft is neither published nor checked: {}",
        run.stderr
    );
    assert!(!fixture.path().join("public/guides/wip/index.html").exists());
    let with_drafts = fixture.run(&["check", "--drafts"]);
    assert_eq!(with_drafts.code, 1, "with --drafts the draft is checked");
    assert!(
        with_drafts.stderr.contains("unknown persona `nobody`"),
        "{}",
        with_drafts.stderr
    );
}

#[test]
fn check_writes_nothing() {
    let fixture = Fixture::new("site");
    let run = fixture.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!fixture.path().join("public").exists());
}

/// Every page has the landmarks, one `<h1>`, headings that never skip a
/// level, images with alt text, and no inline script (scripts only enhance
/// pages whose content is already in the HTML).
#[test]
fn every_page_of_the_example_is_accessible_by_structure() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let public = fixture.path().join("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = fs::read_to_string(entry.path()).unwrap();
        let name = entry.path().display();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{name}"
        );
        for landmark in ["<header", "<nav", "<main id=\"main\">", "<footer"] {
            assert!(html.contains(landmark), "{name} lacks {landmark}");
        }
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap()];
            assert!(
                tag.contains(" src=") && tag.contains(" defer"),
                "{name}: only deferred external scripts"
            );
        }
        let levels: Vec<u8> = html
            .match_indices("<h")
            .filter_map(|(at, _)| html.as_bytes().get(at + 2).copied())
            .filter(u8::is_ascii_digit)
            .map(|digit| digit - b'0')
            .collect();
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            1,
            "{name}: exactly one <h1>"
        );
        assert_eq!(
            levels.first(),
            Some(&1),
            "{name}: the first heading is the <h1>"
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{name}: heading jumps from h{} to h{}",
                pair[0],
                pair[1]
            );
        }
        for img in html.split("<img").skip(1) {
            assert!(
                img[..img.find('>').unwrap()].contains("alt=\""),
                "{name}: an image without alt"
            );
        }
    }
    assert!(pages >= 55, "only {pages} pages");
}

#[test]
fn sitemap_edit_links_and_journey_downloads() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let sitemap = fixture.read("public/sitemap.xml");
    let pages = walkdir::WalkDir::new(fixture.path().join("public"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert_eq!(
        sitemap.matches("<url>").count(),
        pages,
        "every page but 404.html"
    );
    assert!(
        sitemap.contains("<url><loc>/cx/journeys/buy/</loc><lastmod>2025-07-01</lastmod></url>"),
        "{sitemap}"
    );
    let journey = fixture.read("public/journeys/buy/index.html");
    assert!(journey.contains(r#"<a href="https://example.com/fixture/edit/main/content/journeys/buy.md" rel="noopener">Edit this page</a>"#));
    assert!(journey.contains(r#"<time datetime="2025-07-01">1 July 2025</time>"#));
    assert!(journey.contains(r#"<a href="/cx/journeys/buy/buy.csv" download>"#));
    let csv = fixture.read("public/journeys/buy/buy.csv");
    assert_eq!(
        csv.lines().count(),
        5,
        "a header and one row per step of buy"
    );
    let mermaid = fixture.read("public/journeys/buy/buy.mmd");
    assert!(mermaid.starts_with("journey\n    title Buy a sofa online\n"));
}

#[test]
fn search_can_be_turned_off() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert!(fixture.read("public/index.html").contains("site-search-q"));
    assert!(fixture.path().join("public/search/meta.json").exists());
    let off = Fixture::new("site");
    off.write(
        "book.toml",
        &format!("{}\n[search]\nenabled = false\n", off.read("book.toml")),
    );
    assert_eq!(off.run(&["build"]).code, 0);
    assert!(
        !off.read("public/index.html").contains("site-search-q"),
        "no search box"
    );
    assert!(
        !off.path().join("public/search").exists(),
        "no search page or index"
    );
}
