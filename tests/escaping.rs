//! Every value from front-matter is escaped where it lands: HTML text,
//! attributes, the inline SVG curve and the sitemap. A list of XSS payloads
//! goes into every kind of field; no page may carry one as markup. (The
//! search index holds them as JSON data, which search.js only ever puts on
//! the page through `textContent`.) Link fields refuse script schemes.

mod common;

use common::Fixture;

/// Payloads for text, attribute and script contexts. Each, if it reached a
/// page unescaped, would run script or break out of its context.
const PAYLOADS: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "' onmouseover='alert(3)",
    "</title><svg onload=alert(4)>",
    "</script><script>alert(5)//",
];

/// The markup each payload would leave behind if it were not escaped.
const MARKERS: [&str; 6] = [
    "<script>alert(",
    "<img src=x",
    "' onmouseover='",
    "<svg onload",
    "</script><script>",
    "\" onmouseover",
];

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn payloads_in_every_field_are_escaped_everywhere() {
    let fixture = Fixture::new("site");
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let p = quoted(payload);
        fixture.write(
            &format!("content/personas/x{n}.md"),
            &format!(
                "---\nname: {p}\nrole: {p}\nquote: {p}\ngoals: [{p}]\nneeds: [{p}]\nfrustrations: [{p}]\nchannels: [web]\n---\nBody.\n"
            ),
        );
        fixture.write(
            &format!("content/touchpoints/x{n}.md"),
            &format!(
                "---\nname: {p}\nchannel: web\nowner: {p}\nresources: [{p}]\nurl: {}\n---\n",
                quoted(&format!("https://example.com/?q={payload}"))
            ),
        );
        fixture.write(
            &format!("content/opportunities/x{n}.md"),
            &format!("---\ntitle: {p}\nimpact: high\neffort: low\nowner: {p}\n---\n"),
        );
        fixture.write(
            &format!("content/journeys/x{n}.md"),
            &format!(
                "---\ntitle: {p}\npersonas: [x{n}]\nscenario: {p}\nstate: current\nowner: {p}\nstages:\n  - name: {p}\n    steps:\n      - name: {p}\n        actions: [{p}]\n        thoughts: [{p}]\n        touchpoints: [x{n}]\n        emotion: -1\n        pain-points: [{{text: {p}, severity: high}}]\n        opportunities: [x{n}, {{text: {p}, impact: low, effort: low}}]\n        owner: {p}\n---\n"
            ),
        );
    }
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(fixture.path().join("public")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            serde_json::from_str::<serde_json::Value>(&text)
                .expect("the index is well-formed JSON");
            continue;
        }
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        pages += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for marker in MARKERS {
            assert!(
                !text.contains(marker),
                "{} carries {marker:?} unescaped",
                entry.path().display()
            );
        }
    }
    assert!(pages > 40, "{pages} files checked");
    let journey = fixture.read("public/journeys/x0/index.html");
    assert!(
        journey.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || journey.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the payload is shown as text"
    );
}

#[test]
fn link_fields_refuse_script_schemes() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ] {
        let fixture = Fixture::new("site");
        fixture.write(
            "content/touchpoints/bad.md",
            &format!("---\nname: Bad\nchannel: web\nurl: {}\n---\n", quoted(url)),
        );
        let run = fixture.run(&["check"]);
        assert_eq!(run.code, 1, "{url:?} was accepted: {}", run.stderr);
        assert!(
            run.stderr.contains("E0205") && run.stderr.contains("content/touchpoints/bad.md:4:6"),
            "{url:?}: {}",
            run.stderr
        );
    }
    for url in [
        "https://example.com/a:b",
        "mailto:cx@example.com",
        "/internal/help/",
        "help.html",
    ] {
        let fixture = Fixture::new("site");
        fixture.write(
            "content/touchpoints/good.md",
            &format!("---\nname: Good\nchannel: web\nurl: {}\n---\n", quoted(url)),
        );
        let run = fixture.run(&["check"]);
        assert!(!run.stderr.contains("E0205"), "{url:?}: {}", run.stderr);
    }
}

#[test]
fn raw_html_passes_through_unless_sanitize_html_is_on() {
    let body = "## Notes\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n[bad](javascript:alert(3)) and [[journey:buy]]\n\n```rust\nfn main() {}\n```\n";
    let page = format!("---\ntitle: Raw\n---\n{body}");
    let main_of =
        |fixture: &Fixture| common::main_region(&fixture.read("public/guides/raw/index.html"));

    let fixture = Fixture::new("site");
    fixture.write("content/guides/raw.md", &page);
    assert_eq!(fixture.run(&["build"]).code, 0);
    let trusted = main_of(&fixture);
    assert!(
        trusted.contains("<script>alert(1)</script>"),
        "passed through by default"
    );

    let fixture = Fixture::new("site");
    fixture.write("content/guides/raw.md", &page);
    let toml = fixture.read("book.toml");
    fixture.write(
        "book.toml",
        &toml.replace("[build]\n", "[build]\nsanitize-html = true\n"),
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let clean = main_of(&fixture);
    for gone in ["<script", "onerror", "javascript:"] {
        assert!(!clean.contains(gone), "{gone} in {clean}");
    }
    for kept in [r#"id="notes""#, "hl-", r#"href="/cx/journeys/buy/""#] {
        assert!(clean.contains(kept), "{kept} missing from {clean}");
    }
}
