//! Writes a synthetic portfolio for benchmarks:
//! `cargo run --release --example generate -- <DIR> [PAGES] [SEED]`
//! (default 5,000 pages, seed 1). The folder must not exist yet.

#[path = "../benches/support/portfolio.rs"]
mod portfolio;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: generate <DIR> [PAGES] [SEED]");
        return ExitCode::from(2);
    };
    let pages: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(5_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    if dir.exists() {
        eprintln!("error: {} exists; choose a new folder", dir.display());
        return ExitCode::from(2);
    }
    let size = portfolio::Size::for_pages(pages);
    if let Err(error) = portfolio::write(&dir, size, seed) {
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
    ExitCode::SUCCESS
}
