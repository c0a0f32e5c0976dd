//! Fuzzes the whole parse → link → diagnostics path on files in memory:
//! the input is cut at NUL bytes into book.toml, a journey, a touchpoint,
//! a persona and a free page.
#![no_main]

use journeybook::content::date::Date;
use journeybook::pipeline::{self, RunOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let config = parts.next().and_then(|p| std::str::from_utf8(p).ok());
    let names = [
        "journeys/j.md",
        "touchpoints/t.md",
        "personas/p.md",
        "guide.md",
    ];
    let files = names
        .iter()
        .zip(parts)
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let options = RunOptions {
        drafts: false,
        today: Date::from_days_since_epoch(20_000),
    };
    let _ = pipeline::check_in_memory(config, files, &options);
});
