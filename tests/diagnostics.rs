//! Every error rule of FORMAT.md has a failure fixture under
//! `tests/fixtures/errors/<rule>/` whose stderr is snapshotted; warnings
//! have their own fixture; and a dozen errors spread over several files of
//! the example portfolio are all reported at their true line and column.

mod common;

use std::fs;

use common::{Fixture, assert_golden, fixtures_dir, repo_root};

fn error_fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_dir().join("errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn each_error_rule_fails_with_its_snapshotted_diagnostics() {
    let names = error_fixtures();
    assert!(names.len() >= 16, "one fixture per error rule of FORMAT.md");
    for name in names {
        let fixture = Fixture::new(&format!("errors/{name}"));
        let check = fixture.run(&["check"]);
        assert_eq!(
            check.code, 1,
            "{name}: check should exit 1\n{}",
            check.stderr
        );
        assert!(
            !check.stderr.contains("panicked"),
            "{name}: {}",
            check.stderr
        );
        assert_golden(&fixture.expected_dir().join("stderr.txt"), &check.stderr);
        let build = fixture.run(&["build"]);
        assert_eq!(build.code, 1, "{name}: build should exit 1");
        assert_eq!(
            build.stderr, check.stderr,
            "{name}: build and check disagree"
        );
        assert!(
            !fixture.path().join("public").exists(),
            "{name}: a failed build wrote output"
        );
    }
}

#[test]
fn warnings_are_printed_and_the_build_succeeds() {
    let fixture = Fixture::new("warnings");
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_golden(&fixture.expected_dir().join("stderr.txt"), &check.stderr);
    for code in [
        "W0101", "W0103", "W0201", "W0202", "W0301", "W0302", "W0401",
    ] {
        assert!(
            check.stderr.contains(code),
            "warning {code} missing:\n{}",
            check.stderr
        );
    }
    let build = fixture.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(fixture.path().join("public/journeys/j/index.html").exists());
}

#[test]
fn crowded_stages_warn() {
    let fixture = Fixture::new("warnings");
    let steps: String = (1..=13)
        .map(|i| format!("      - {{name: Step {i}, touchpoints: [web], emotion: 0}}\n"))
        .collect();
    fixture.write(
        "content/journeys/crowded.md",
        &format!("---\ntitle: Crowded\npersonas: [ana]\nstages:\n  - name: Everything\n    steps:\n{steps}---\n"),
    );
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check
            .stderr
            .contains("warning[W0102]: stage `Everything` has 13 steps"),
        "{}",
        check.stderr
    );
}

/// One injected error: the file, the text to replace, its replacement, and
/// the token whose position the diagnostic must point at.
struct Injection {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    token: &'static str,
    message: &'static str,
}

const INJECTIONS: &[Injection] = &[
    Injection {
        file: "content/journeys/buy-a-sofa-online.md",
        from: "touchpoints: [web-checkout]",
        to: "touchpoints: [web-chekout]",
        token: "web-chekout",
        message: "unknown touchpoint `web-chekout`",
    },
    Injection {
        file: "content/journeys/buy-a-sofa-online.md",
        from: "state: current",
        to: "state: curent",
        token: "curent",
        message: "`curent` is not a valid `state`",
    },
    Injection {
        file: "content/journeys/buy-a-sofa-online.md",
        from: "scenario:",
        to: "scenarios:",
        token: "scenarios",
        message: "unknown key `scenarios`",
    },
    Injection {
        file: "content/journeys/delivery-and-assembly.md",
        from: "emotion: -1",
        to: "emotion: -7",
        token: "-7",
        message: "emotion -7 is outside the scale",
    },
    Injection {
        file: "content/journeys/delivery-and-assembly.md",
        from: "personas: [joao, ana]",
        to: "personas: [joao, anna]",
        token: "anna",
        message: "unknown persona `anna`",
    },
    Injection {
        file: "content/journeys/return-a-product.md",
        from: "owner:",
        to: "owner: [a, b]\nowner_old:",
        token: "owner_old",
        message: "unknown key `owner_old`",
    },
    Injection {
        file: "content/touchpoints/web-checkout.md",
        from: "channel: web",
        to: "channel: wev",
        token: "wev",
        message: "unknown channel `wev`",
    },
    Injection {
        file: "content/touchpoints/delivery-sms.md",
        from: "ownership:",
        to: "ownership: rented\nx-ownership:",
        token: "rented",
        message: "`rented` is not a valid `ownership`",
    },
    Injection {
        file: "content/personas/ana.md",
        from: "segment: primary",
        to: "segment: primary\nsegmnt: x",
        token: "segmnt",
        message: "unknown key `segmnt`",
    },
    Injection {
        file: "content/opportunities/one-page-checkout.md",
        from: "impact: high",
        to: "impact: huge",
        token: "huge",
        message: "`huge` is not a valid `impact`",
    },
    Injection {
        file: "content/guides/glossary.md",
        from: "[[journey:contact-support]]",
        to: "[[journey:contact-suport]]",
        token: "[[journey:contact-suport]]",
        message: "unknown journey `contact-suport`",
    },
    Injection {
        file: "content/journeys/customer-lifecycle.md",
        from: "stage-set: lifecycle",
        to: "stage-set: lifecylce",
        token: "lifecylce",
        message: "unknown stage set `lifecylce`",
    },
];

#[test]
fn a_dozen_errors_across_files_are_all_reported_at_their_true_positions() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    for injection in INJECTIONS {
        let text = fixture.read(injection.file);
        assert!(
            text.contains(injection.from),
            "{}: `{}` not found",
            injection.file,
            injection.from
        );
        fixture.write(
            injection.file,
            &text.replacen(injection.from, injection.to, 1),
        );
    }
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for injection in INJECTIONS {
        let text = fixture.read(injection.file);
        let (line, column) = position_of(&text, injection.token);
        let location = format!("--> {}:{line}:{column}", injection.file);
        let block = check
            .stderr
            .split("\n\n")
            .find(|block| block.contains(&location))
            .unwrap_or_else(|| panic!("no diagnostic at {location}\n{}", check.stderr));
        assert!(
            block.contains(injection.message),
            "at {location}: expected `{}`\n{block}",
            injection.message
        );
    }
    assert!(check.stderr.contains("found 14 errors"), "{}", check.stderr);
}

/// The 1-based line and column of the first occurrence of `token` that
/// stands on its own (not inside a longer word).
fn position_of(text: &str, token: &str) -> (usize, usize) {
    for (index, line) in text.lines().enumerate() {
        if let Some(at) = line.find(token) {
            return (index + 1, line[..at].chars().count() + 1);
        }
    }
    panic!("token {token} not in text");
}

/// A file that fails to parse is reported once: the references other files
/// make to it are not reported again, nor "unused" warnings it may cause.
#[test]
fn a_broken_file_does_not_cascade() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    let journey = fixture.read("content/journeys/buy-a-sofa-online.md");
    fixture.write(
        "content/journeys/buy-a-sofa-online.md",
        &journey.replacen("title: Buy a sofa online", "title: [Buy a sofa online", 1),
    );
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("found 1 error and 0 warnings"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("--> content/journeys/buy-a-sofa-online.md:"),
        "{}",
        check.stderr
    );
}
