//! Hostile input: files a wiki fed by many hands will one day contain. Each
//! case must end quickly with its own diagnostic naming the file (and line
//! where there is one), never a panic or a hang, and a failed build must
//! leave the previous output as it was.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::{Fixture, Run};

/// Far above what any case takes in a debug build; a hang fails the test.
const BOUND: Duration = Duration::from_secs(60);

fn timed(fixture: &Fixture, args: &[&str]) -> Run {
    let started = Instant::now();
    let run = fixture.run(args);
    assert!(
        started.elapsed() < BOUND,
        "{args:?} took {:?}",
        started.elapsed()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// Writes `rel` as raw bytes, checks, and expects a content error whose
/// text holds every one of `expected`.
fn refused(rel: &str, bytes: &[u8], expected: &[&str]) {
    let fixture = Fixture::new("site");
    let target = fixture.path().join(rel);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, bytes).unwrap();
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1, "{rel}: {}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "{rel}: no {text:?} in\n{}",
            run.stderr
        );
    }
}

/// Writes `rel` and expects the portfolio to build with no error.
fn accepted(rel: &str, bytes: &[u8]) -> (Fixture, Run) {
    let fixture = Fixture::new("site");
    let target = fixture.path().join(rel);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, bytes).unwrap();
    let run = timed(&fixture, &["build"]);
    assert_eq!(run.code, 0, "{rel}: {}", run.stderr);
    (fixture, run)
}

#[test]
fn broken_bytes_and_front_matter_are_errors_at_their_line() {
    refused(
        "content/bytes.md",
        b"---\ntitle: caf\xe9\n---\n",
        &["E0101", "content/bytes.md:2:", "UTF-8"],
    );
    refused(
        "content/dashes.md",
        b"---\n",
        &["E0102", "content/dashes.md:1:1", "add a line `---`"],
    );
    refused(
        "content/unclosed.md",
        b"---\ntitle: x\nno end\n",
        &["E0102", "content/unclosed.md:1:1"],
    );
    refused(
        "content/tabs.md",
        b"---\ntitle: x\n\tdescription: y\n---\n",
        &["E0103", "content/tabs.md:3:", "indent with spaces"],
    );
}

#[test]
fn a_bom_crlf_and_an_empty_file_are_fine() {
    let (fixture, _) = accepted(
        "content/guides/bom.md",
        b"\xef\xbb\xbf---\r\ntitle: Byte order mark\r\n---\r\nWindows text.\r\n",
    );
    let page = fixture.read("public/guides/bom/index.html");
    assert!(page.contains("Byte order mark"), "{page}");
    accepted("content/guides/empty.md", b"");
}

#[test]
fn yaml_bombs_are_refused_without_being_expanded() {
    let mut bomb =
        String::from("---\ntitle: bomb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    bomb.push_str("extra: *i\n---\n");
    refused(
        "content/bomb.md",
        bomb.as_bytes(),
        &["E0103", "content/bomb.md:", "repetition limit exceeded"],
    );
    let deep = format!(
        "---\ntitle: deep\nextra: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let fixture = Fixture::new("site");
    fixture.write("content/deep.md", &deep);
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nested more than 64 levels"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/deep.md:3:72"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().all(|line| line.chars().count() < 200),
        "a 200,000-character line is quoted in part, not whole"
    );
}

#[test]
fn huge_and_long_content_builds_in_bounded_time() {
    let mut journey = String::from("---\ntitle: Huge\npersonas: [ana]\nstate: current\nstages:\n");
    for stage in 0..100 {
        journey.push_str(&format!("  - name: Stage {stage}\n    steps:\n"));
        for step in 0..100 {
            journey.push_str(&format!(
                "      - name: Step {stage}-{step}\n        touchpoints: [web-checkout]\n        emotion: {}\n",
                (stage + step) % 5 - 2
            ));
        }
    }
    journey.push_str("---\n");
    let (fixture, run) = accepted("content/journeys/huge.md", journey.as_bytes());
    assert!(
        run.stderr.contains("W0102"),
        "stages over 12 steps are flagged"
    );
    assert!(
        fixture
            .read("public/journeys/huge/index.html")
            .contains("Step 99-99")
    );
    let long = format!("---\ntitle: Long\n---\n{}\n", "x".repeat(2_000_000));
    accepted("content/guides/long.md", long.as_bytes());
}

#[test]
fn a_50_mb_markdown_file_builds_in_bounded_time_and_loses_nothing() {
    let paragraph = "Some *markdown* with a [link](https://example.com) and `code`.\n\n";
    let mut body = paragraph.repeat(800_000);
    body.push_str("The very last paragraph.\n");
    assert!(body.len() > 50_000_000);
    let (fixture, _) = accepted(
        "content/guides/big.md",
        format!("---\ntitle: Big\n---\n{body}").as_bytes(),
    );
    let page = fixture.read("public/guides/big/index.html");
    assert!(page.contains("<p>The very last paragraph.</p>"));
    assert_eq!(page.matches("<code>code</code>").count(), 800_000);
}

#[test]
fn two_pages_on_one_url_even_by_case_are_errors() {
    let fixture = Fixture::new("site");
    fixture.write(
        "content/guides/glossary/index.md",
        "---\ntitle: Twin\n---\n",
    );
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E0402"), "{}", run.stderr);
    let fixture = Fixture::new("site");
    let touchpoint = fixture.read("content/touchpoints/web-checkout.md");
    fixture.write("content/touchpoints/Web-Checkout.md", &touchpoint);
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("E0402") && run.stderr.contains("ignore case"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_with_spaces_and_accents_get_working_pages() {
    let fixture = Fixture::new("site");
    fixture.write(
        "content/guides/my notes.md",
        "---\ntitle: My notes\n---\nSee [[page:guides/café ñ]].\n",
    );
    fixture.write(
        "content/guides/café ñ.md",
        "---\ntitle: Café\n---\nHello.\n",
    );
    let run = timed(&fixture, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = fixture.read("public/guides/my notes/index.html");
    assert!(notes.contains("caf%C3%A9%20%C3%B1/"), "{notes}");
    assert!(
        fixture
            .path()
            .join("public/guides/café ñ/index.html")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_errors_not_hangs() {
    let fixture = Fixture::new("site");
    let content = fixture.path().join("content");
    std::os::unix::fs::symlink(".", content.join("guides/again")).unwrap();
    std::os::unix::fs::symlink("..", content.join("up")).unwrap();
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/again"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/up"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("E0204"),
        "nothing read twice: {}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_portfolio_are_not_read_or_published() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    fs::create_dir(outside.path().join("shared")).unwrap();
    fs::write(
        outside.path().join("shared/secret.md"),
        "---\ntitle: Secret\n---\nPRIVATE\n",
    )
    .unwrap();
    let fixture = Fixture::new("site");
    let content = fixture.path().join("content");
    std::os::unix::fs::symlink(outside.path().join("id_rsa"), content.join("key.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("shared"), content.join("shared")).unwrap();
    // A link that stays inside the portfolio is fine.
    std::os::unix::fs::symlink("ana.svg", content.join("personas/ana-copy.svg")).unwrap();
    let run = timed(&fixture, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for link in ["content/key.txt", "content/shared"] {
        assert!(
            run.stderr.contains(&format!("--> {link}\n")),
            "{link}: {}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("leads outside the portfolio").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(!fixture.path().join("public").exists());
}

#[test]
fn broken_book_toml_and_themes_name_their_file_and_line() {
    let fixture = Fixture::new("site");
    fixture.write("book.toml", "[book]\ntitle = [\n");
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("book.toml:2:"), "{}", run.stderr);
    let fixture = Fixture::new("site");
    fixture.write("book.toml", "");
    let run = timed(&fixture, &["check"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let fixture = Fixture::new("site");
    let template = "themes/default/templates/page.html";
    fixture.write(
        template,
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title\n{% endblock main %}\n",
    );
    let run = timed(&fixture, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("E0701") && run.stderr.contains(&format!("{template}:")),
        "{}",
        run.stderr
    );
    // A theme that lacks a template it asks for.
    let fixture = Fixture::new("site");
    fixture.write(
        template,
        "{% extends \"base.html\" %}\n{% block main %}\n{% include \"sidebar-extra.html\" %}\n{% endblock main %}\n",
    );
    let run = timed(&fixture, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("Unknown template `sidebar-extra.html`")
            && run.stderr.contains(&format!("--> {template}:3:12")),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_errors_naming_them() {
    let fixture = Fixture::new("site");
    let content = fixture.path().join("content");
    std::os::unix::fs::symlink("/nonexistent/gone.md", content.join("dangling.md")).unwrap();
    // Permissions do not stop root (as in CI); elsewhere this file is unreadable.
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let locked = content.join("guides/locked.md");
    if !root {
        fs::write(&locked, "---\ntitle: Locked\n---\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    }
    let run = timed(&fixture, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("E0105") && run.stderr.contains("--> content/dangling.md"),
        "{}",
        run.stderr
    );
    if !root {
        assert!(
            run.stderr.contains("--> content/guides/locked.md"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_failed_hostile_build_keeps_the_previous_output() {
    let fixture = Fixture::new("site");
    assert_eq!(timed(&fixture, &["build"]).code, 0);
    let index = fixture.read("public/index.html");
    fixture.write("content/guides/bad.md", "---\ntitle: [unclosed\n---\n");
    assert_eq!(timed(&fixture, &["build"]).code, 1);
    assert_eq!(fixture.read("public/index.html"), index);
}
