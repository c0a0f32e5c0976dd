//! Build speed at every size, side by side with Hugo: generates synthetic
//! portfolios of 1,000, 5,000, 20,000 and 100,000 pages (search off) and a
//! Hugo site of the same Markdown files padded to the same page count, builds
//! each several times and prints a Markdown table: median wall time, pages
//! per second, peak RSS, output bytes and Hugo's median over ours. Then the
//! 5,000-page build with search on, and the example portfolio.
//!
//! `cargo bench --bench scale` (release mode; Hugo from `apt-get install
//! hugo`, rows without it show no ratio). Environment:
//! `SCALE_SIZES=1000,5000` picks sizes, `SCALE_RUNS` the timed runs per
//! tool and size (default 5, 3 from 50,000 pages up), `SCALE_DIR` the folder
//! to work in (default: the system temp folder; it should be on the disk
//! users build on). Every timed run rebuilds into the output of the run
//! before, as a user's next build does; the first, cold build (into an
//! empty folder, as on a fresh clone in CI) is shown for both tools, and
//! every run after the table.

#[path = "support/measure.rs"]
mod measure;
#[path = "support/portfolio.rs"]
mod portfolio;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use measure::{bytes_text, duration_text, folder_bytes, median, run};

const JOURNEYBOOK: &str = env!("CARGO_BIN_EXE_journeybook");
const SEARCH_PAGES: usize = 5_000;

fn main() {
    let sizes: Vec<usize> = std::env::var("SCALE_SIZES")
        .unwrap_or_else(|_| "1000,5000,20000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let work = std::env::var_os("SCALE_DIR").map_or_else(std::env::temp_dir, Into::into);
    let hugo = hugo_version();
    println!("journeybook {}", env!("CARGO_PKG_VERSION"));
    println!(
        "{}",
        hugo.as_deref()
            .unwrap_or("hugo: not found (apt-get install hugo)")
    );
    println!("{} CPUs; working in {}\n", cpus(), work.display());
    println!(
        "| pages | journeybook median | cold | pages/s | peak RSS | output | Hugo median | Hugo cold | Hugo peak RSS | Hugo output | Hugo ÷ journeybook |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut search_row = None;
    let mut every_run = Vec::new();
    // Every size's folder is deleted at the end, not before the next size:
    // on an ext4 without a journal (this VM's), creating files within
    // minutes of deleting hundreds of thousands makes the kernel skip
    // every recently freed inode (`recently_deleted` in `find_inode_bit`),
    // and the next cold build measured that: 4.9 s at 5,000 pages right
    // after a deletion, 1.5 s a few minutes later.
    let mut folders = Vec::new();
    for &pages in &sizes {
        let runs = runs_for(pages);
        let dir = tempfile::tempdir_in(&work).expect("temp folder");
        let size = portfolio::Size::for_pages(pages);
        let book = dir.path().join("portfolio");
        portfolio::write_with(&book, size, 1, portfolio::Search::Off).expect("generate");
        let ours = measure_builds(&book, runs, journeybook_build);
        let built = pages_built(&ours.first_report);
        let theirs = hugo.as_ref().map(|_| {
            let site = dir.path().join("hugo");
            portfolio::write_hugo(&site, size, 1, built).expect("generate the Hugo site");
            measure_builds(&site, runs, hugo_build)
        });
        print_row(built, &ours, theirs.as_ref());
        every_run.push(runs_line(built, &ours, theirs.as_ref()));
        folders.push(dir);
        if pages == SEARCH_PAGES {
            let toml = book.join("book.toml");
            let text = std::fs::read_to_string(&toml).unwrap();
            std::fs::write(&toml, text.replace("enabled = false", "enabled = true")).unwrap();
            search_row = Some((built, measure_builds(&book, runs, journeybook_build)));
        }
    }
    println!("\nEvery run, in order (journeybook's first timed run writes every file:");
    println!("the previous output that a rebuild reuses is kept from the second on):");
    for line in every_run {
        println!("- {line}");
    }
    if let Some((built, with_search)) = search_row {
        println!(
            "\n{built} pages with search on: median {} ({} cold), peak RSS {}, output {}",
            duration_text(with_search.median),
            duration_text(with_search.cold),
            bytes_text(with_search.peak_rss),
            bytes_text(with_search.bytes)
        );
    }
    let example = tempfile::tempdir_in(&work).expect("temp folder");
    let example_runs = measure_builds(example.path(), 21, |out| {
        let mut command = Command::new(JOURNEYBOOK);
        let root = env!("CARGO_MANIFEST_DIR");
        command
            .args(["--root", root, "build", "--output"])
            .arg(out.join("public"));
        command
    });
    println!(
        "example portfolio ({} pages): median {} over 21 builds, process start included",
        pages_built(&example_runs.first_report),
        duration_text(example_runs.median)
    );
}

/// The measured builds of one tool on one site.
struct Builds {
    /// The timed runs, in order.
    runs: Vec<Duration>,
    median: Duration,
    cold: Duration,
    peak_rss: u64,
    bytes: u64,
    first_report: String,
}

fn measure_builds(dir: &Path, runs: usize, command: impl Fn(&Path) -> Command) -> Builds {
    let first = run(&mut command(dir));
    let timed: Vec<_> = (0..runs).map(|_| run(&mut command(dir))).collect();
    let runs: Vec<Duration> = timed.iter().map(|r| r.wall).collect();
    Builds {
        median: median(runs.clone()),
        runs,
        cold: first.wall,
        peak_rss: timed.iter().map(|r| r.peak_rss).max().unwrap_or(0),
        bytes: folder_bytes(&dir.join("public")),
        first_report: first.stderr,
    }
}

fn journeybook_build(dir: &Path) -> Command {
    let mut command = Command::new(JOURNEYBOOK);
    command.current_dir(dir).arg("build");
    command
}

fn hugo_build(dir: &Path) -> Command {
    let mut command = Command::new("hugo");
    command.current_dir(dir).arg("--quiet");
    command
}

fn print_row(pages: usize, ours: &Builds, hugo: Option<&Builds>) {
    let per_second = pages as f64 / ours.median.as_secs_f64();
    let (hugo_median, hugo_cold, hugo_rss, hugo_bytes, ratio) = match hugo {
        Some(h) => (
            duration_text(h.median),
            duration_text(h.cold),
            bytes_text(h.peak_rss),
            bytes_text(h.bytes),
            format!("{:.2}×", h.median.as_secs_f64() / ours.median.as_secs_f64()),
        ),
        None => ("—".into(), "—".into(), "—".into(), "—".into(), "—".into()),
    };
    println!(
        "| {pages} | {} | {} | {per_second:.0} | {} | {} | {hugo_median} | {hugo_cold} | {hugo_rss} | {hugo_bytes} | {ratio} |",
        duration_text(ours.median),
        duration_text(ours.cold),
        bytes_text(ours.peak_rss),
        bytes_text(ours.bytes),
    );
}

/// `5119 pages: journeybook cold 1.5 s, then 1.02 s, 0.98 s, …; Hugo cold …`.
fn runs_line(pages: usize, ours: &Builds, hugo: Option<&Builds>) -> String {
    let list = |builds: &Builds| {
        let texts: Vec<String> = builds.runs.iter().map(|d| duration_text(*d)).collect();
        format!(
            "cold {}, then {}",
            duration_text(builds.cold),
            texts.join(", ")
        )
    };
    match hugo {
        Some(hugo) => format!(
            "{pages} pages: journeybook {}; Hugo {}",
            list(ours),
            list(hugo)
        ),
        None => format!("{pages} pages: journeybook {}", list(ours)),
    }
}

/// The page count from the summary line `Built N pages (...)`.
fn pages_built(report: &str) -> usize {
    report
        .split_whitespace()
        .skip_while(|word| *word != "Built")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {report:?}"))
}

fn runs_for(pages: usize) -> usize {
    let default = if pages >= 50_000 { 3 } else { 5 };
    std::env::var("SCALE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn hugo_version() -> Option<String> {
    let output = Command::new("hugo").arg("version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
