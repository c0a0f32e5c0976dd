//! Writes a synthetic portfolio for benchmarks:
//! `cargo run --release --example generate -- <DIR> [PAGES] [SEED] [--no-search] [--hugo <HUGO_DIR>]`
//! (default 5,000 pages, seed 1). `--hugo` also writes a Hugo site of the
//! same Markdown files and about the same page count, for a side-by-side
//! comparison (`cargo bench --bench scale` pads it to the exact count).
//! The folders must not exist yet.

#[path = "../benches/support/portfolio.rs"]
mod portfolio;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generate <DIR> [PAGES] [SEED] [--no-search] [--hugo <HUGO_DIR>]";

fn main() -> ExitCode {
    let mut positional = Vec::new();
    let mut search = portfolio::Search::On;
    let mut hugo: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-search" => search = portfolio::Search::Off,
            "--hugo" => match args.next() {
                Some(dir) => hugo = Some(PathBuf::from(dir)),
                None => return usage(),
            },
            _ if arg.starts_with("--") => return usage(),
            _ => positional.push(arg),
        }
    }
    let Some(dir) = positional.first().map(PathBuf::from) else {
        return usage();
    };
    let pages: usize = positional
        .get(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5_000);
    let seed: u64 = positional.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    for folder in std::iter::once(&dir).chain(&hugo) {
        if folder.exists() {
            eprintln!("error: {} exists; choose a new folder", folder.display());
            return ExitCode::from(2);
        }
    }
    let size = portfolio::Size::for_pages(pages);
    if let Err(error) = portfolio::write_with(&dir, size, seed, search) {
        eprintln!("error: cannot write {}: {error}", dir.display());
        return ExitCode::from(2);
    }
    println!(
        "wrote {} journeys, {} personas, {} touchpoints into {}",
        size.journeys,
        size.personas(),
        size.touchpoints(),
        dir.display()
    );
    if let Some(hugo) = hugo {
        match portfolio::write_hugo(&hugo, size, seed, pages) {
            Ok(count) => println!("wrote a Hugo site of {count} pages into {}", hugo.display()),
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", hugo.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
