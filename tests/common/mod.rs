//! The fixture harness shared by the integration tests: copies a fixture
//! portfolio to a temp folder, runs the real `journeybook` binary in it, and
//! compares `<main>` regions and stderr with golden files. Run with
//! `JOURNEYBOOK_BLESS=1` to rewrite the golden files after a deliberate change.

#![allow(dead_code)]

pub mod jsonschema;
pub mod net;
pub mod webdriver;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture copied into its own temp folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub name: String,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Every test run builds "on" 2025-08-01, so goldens with overdue plans and
/// stale maps do not change with the calendar.
pub const FIXED_DATE_EPOCH: &str = "1754006400";

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository root (the example portfolio lives there).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Fixture {
    /// Copies `tests/fixtures/<name>/` (without its `expected/` folder).
    pub fn new(name: &str) -> Fixture {
        Fixture::from_dir(&fixtures_dir().join(name), name)
    }

    /// Copies any folder (e.g. the repository's example portfolio).
    pub fn from_dir(source: &Path, name: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(source, dir.path());
        Fixture {
            dir,
            name: name.to_string(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `journeybook <args>` with the fixture as the current folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// The golden folder of this fixture.
    pub fn expected_dir(&self) -> PathBuf {
        fixtures_dir().join(&self.name).join("expected")
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_journeybook"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env("SOURCE_DATE_EPOCH", FIXED_DATE_EPOCH)
        .output()
        .expect("run journeybook");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        // Outputs, build products and hidden folders (.git, the kept
        // previous output) are not part of a portfolio.
        if matches!(
            first.as_deref(),
            Some("expected" | "target" | "public" | "fuzz")
        ) || first.as_deref().is_some_and(|name| name.starts_with('.'))
        {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `root` (a built site) with its bytes, by path
/// relative to it: two sites are equal when their snapshots are.
pub fn site_files(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The `<main>…</main>` region of a page.
pub fn main_region(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    html[start..end].to_string()
}

/// The part of `html` from the first `opening` to the next `closing` after
/// it (without the closing tag): a section, a `<nav>`, a table.
pub fn region<'a>(html: &'a str, opening: &str, closing: &str) -> &'a str {
    let start = html
        .find(opening)
        .unwrap_or_else(|| panic!("no {opening} in the page"));
    let end = start + html[start..].find(closing).expect("closed region");
    &html[start..end]
}

fn blessing() -> bool {
    std::env::var_os("JOURNEYBOOK_BLESS").is_some()
}

/// Compares `actual` with the golden file, or rewrites it when blessing.
pub fn assert_golden(golden: &Path, actual: &str) {
    if blessing() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(golden, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(golden).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with JOURNEYBOOK_BLESS=1",
            golden.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(
                expected.lines().count().min(actual.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "{} differs from the output at line {line}\n--- expected\n{}\n--- actual\n{}\n(run with JOURNEYBOOK_BLESS=1 to accept)",
            golden.display(),
            expected.lines().nth(line - 1).unwrap_or("<end>"),
            actual.lines().nth(line - 1).unwrap_or("<end>")
        );
    }
}

/// Fails on golden files that no test compares any more.
pub fn assert_no_stale_goldens(dir: &Path, compared: &[PathBuf]) {
    if !dir.is_dir() || blessing() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && !compared.iter().any(|c| c == entry.path()) {
            panic!(
                "stale golden file {} (no test compares it); delete it",
                entry.path().display()
            );
        }
    }
}
