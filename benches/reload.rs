//! Edit-to-reload latency of `journeybook serve --watch`: starts the real
//! server on the example portfolio and on a generated 5,000-page one, saves
//! a journey repeatedly, and times each save until the live-reload signal
//! for the new build arrives over HTTP, until the reloaded page (the
//! edited journey, fetched as the browser does on that signal) comes back
//! with the edit in it, and until headless Chromium, which has the page
//! open, has reloaded it and painted the edit. Prints median, min and max
//! of each.
//!
//! The browser's time is read from the reloaded page itself (its
//! navigation start plus its first contentful paint, on the wall clock
//! the save was stamped with), so the WebDriver polling that notices the
//! reload adds nothing to it.
//!
//! `cargo bench --bench reload` (builds in release mode; the browser row
//! needs Debian's chromium and chromium-driver). Set `RELOAD_PAGES` to
//! change the generated size, `RELOAD_RUNS` the edits.

#[path = "support/portfolio.rs"]
mod portfolio;
// The tests' real-network helpers: the server process and its event stream.
#[allow(dead_code)]
#[path = "../tests/common/net.rs"]
mod net;
#[allow(dead_code)]
#[path = "../tests/common/webdriver.rs"]
mod webdriver;

/// The build date `net::Server` pins, as the tests do.
const FIXED_DATE_EPOCH: &str = "1754006400";

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The edit the open page shows, and when the reloaded page painted, in
/// milliseconds since the Unix epoch (`null` until both are so).
const PAINTED_EDIT: &str = "var marker = arguments[0];\
    var paint = performance.getEntriesByName('first-contentful-paint')[0];\
    if (!paint || !document.body || document.body.textContent.indexOf(marker) < 0) return null;\
    return performance.timeOrigin + paint.startTime;";

fn main() {
    let browser = webdriver::Driver::start();
    if browser.is_none() {
        eprintln!("no browser row: chromium and chromedriver are needed");
    }
    let runs: usize = env_number("RELOAD_RUNS", 9);
    let pages: usize = env_number("RELOAD_PAGES", 5_000);
    let example = tempfile::tempdir().expect("temp dir");
    copy_example(example.path());
    measure(
        "example portfolio",
        example.path(),
        "content/journeys/buy-a-sofa-online.md",
        runs,
        browser.as_ref(),
    );
    let generated = tempfile::tempdir().expect("temp dir");
    portfolio::write(generated.path(), portfolio::Size::for_pages(pages), 1).expect("generate");
    measure(
        &format!("generated portfolio (~{pages} pages)"),
        generated.path(),
        "content/journeys/journey-00010.md",
        runs,
        browser.as_ref(),
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_example(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("book.toml"), to.join("book.toml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn measure(
    label: &str,
    root: &Path,
    journey: &str,
    runs: usize,
    browser: Option<&webdriver::Driver>,
) {
    let server = net::Server::start(root, &["--watch"]);
    let states = server.events();
    let build_of = |state: serde_json::Value| state["build"].as_str().unwrap_or("").to_string();
    let (state, _) = states
        .next_build("", Duration::from_secs(120))
        .expect("initial state");
    let mut build = build_of(state);
    let original = std::fs::read_to_string(root.join(journey)).unwrap();
    let page = format!(
        "journeys/{}/",
        Path::new(journey).file_stem().unwrap().to_string_lossy()
    );
    if let Some(browser) = browser {
        browser.goto(&format!("{}{page}", server.url));
    }
    let mut signals = Vec::new();
    let mut pages = Vec::new();
    let mut painted = Vec::new();
    for run in 0..runs {
        let marker = format!("Edit {run} of");
        let edited = original.replacen("owner:", &format!("owner: {marker}"), 1);
        let saved = Instant::now();
        let saved_at = epoch_ms(SystemTime::now());
        std::fs::write(root.join(journey), edited).unwrap();
        match states.next_build(&build, Duration::from_secs(60)) {
            Some((state, _)) => {
                signals.push(saved.elapsed());
                build = build_of(state);
            }
            None => panic!("{label}: no reload within 60 s"),
        }
        let reply = server.get(&page);
        assert!(
            reply.status == 200 && reply.body.contains(&marker),
            "{label}: the reloaded page lacks the edit"
        );
        pages.push(saved.elapsed());
        if let Some(browser) = browser {
            painted.push(paint_after(browser, &marker, saved_at, label));
        }
        std::thread::sleep(Duration::from_millis(1500));
    }
    drop(server);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let summary = |mut times: Vec<Duration>| {
        times.sort();
        format!(
            "median {:.0} ms (min {:.0}, max {:.0})",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1])
        )
    };
    println!(
        "{label}, {runs} saves, debounce of 50 ms included:\n  save to reload signal: {}\n  save to edited page served: {}",
        summary(signals),
        summary(pages)
    );
    if !painted.is_empty() {
        println!(
            "  save to edited page painted in Chromium: {}",
            summary(painted)
        );
    }
}

/// How long after `saved_at` the open page, reloaded by the live-reload
/// script, painted `marker` (read from the page's own timing).
fn paint_after(browser: &webdriver::Driver, marker: &str, saved_at: f64, label: &str) -> Duration {
    let script = format!("return (function () {{ {PAINTED_EDIT} }}).apply(null, [{marker:?}]);");
    let painted_at = std::cell::Cell::new(None);
    browser.wait_for(&script, Duration::from_secs(30), |value| {
        painted_at.set(value.as_f64());
        value.is_number()
    });
    let painted_at = painted_at
        .get()
        .unwrap_or_else(|| panic!("{label}: Chromium never showed the edit"));
    Duration::from_secs_f64((painted_at - saved_at).max(0.0) / 1000.0)
}

/// Milliseconds since the Unix epoch, as `performance.timeOrigin` counts.
fn epoch_ms(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}
