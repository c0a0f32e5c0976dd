//! Edit-to-reload latency of `journeybook serve --watch`: starts the real
//! server on the example portfolio and on a generated 5,000-page one, saves
//! a journey repeatedly, and times each save until the live-reload signal
//! for the new build arrives over HTTP, until the reloaded page (the
//! edited journey, fetched as the browser does on that signal) comes back
//! with the edit in it, and until headless Chromium, which has the page
//! open, has painted the edit. Prints median, min and max of each.
//!
//! The browser's time is read from the page itself, on the wall clock the
//! save was stamped with. A Markdown edit refreshes the open page in place
//! (live.js swaps in the new body): an observer put in the page before the
//! save marks the element that shows the edit for Element Timing, and the
//! time is its render time as Chromium reports it (or, without Element
//! Timing, the first task after the next animation frame, 3-14 ms sooner).
//! A page that reloads instead gives its navigation start plus its first
//! contentful paint. WebDriver leaves the page alone until a second after
//! the save: each script it runs takes the page's main thread, and polling
//! every 25 ms while the page loaded added 30 ms to the example's paint.
//!
//! `cargo bench --bench reload` (builds in release mode; the browser row
//! needs Debian's chromium and chromium-driver). Set `RELOAD_PAGES` to
//! change the generated size, `RELOAD_RUNS` the edits, and
//! `RELOAD_TIMELINE=1` to print each reload's timeline as the page saw it
//! (navigation start after the save; request, response, parsed, loaded
//! and first paint after navigation start; each file fetched).
//! `RELOAD_FULL=1` times full reloads instead, as after a theme edit or on
//! a page that runs scripts: before each save the bench adds an empty
//! script to the open page, and live.js then reloads rather than swap.

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

/// Put in the open page before a save: once `marker` appears in the page,
/// marks the element holding it for Element Timing, which reports when
/// Chromium painted it (milliseconds since the Unix epoch). The first
/// task after the next animation frame is noted too, for a browser
/// without Element Timing.
const WATCH_FOR_EDIT: &str = "var marker = arguments[0];\
    window.journeybookEditPainted = null; window.journeybookEditFramed = null;\
    new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) {\
      if (e.identifier === 'journeybook-edit') window.journeybookEditPainted = performance.timeOrigin + e.renderTime;\
    }); }).observe({ type: 'element', buffered: true });\
    new MutationObserver(function (records, observer) {\
      if (document.body.textContent.indexOf(marker) < 0) return;\
      observer.disconnect();\
      var holder = document.evaluate('//*[contains(text(), ' + JSON.stringify(marker) + ')]', document.body,\
        null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;\
      if (holder) holder.setAttribute('elementtiming', 'journeybook-edit');\
      requestAnimationFrame(function () { setTimeout(function () {\
        window.journeybookEditFramed = performance.timeOrigin + performance.now();\
      }, 0); });\
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });";

/// When the page painted the edit `marker`, and how it came to show it:
/// `[epoch ms, "in place"]`, `[epoch ms, "reloaded"]`, or `null` until
/// it has.
const PAINTED_EDIT: &str = "var marker = arguments[0];\
    if (window.journeybookEditPainted) return [window.journeybookEditPainted, 'in place'];\
    if (window.journeybookEditFramed) return [window.journeybookEditFramed, 'in place, framed'];\
    var paint = performance.getEntriesByName('first-contentful-paint')[0];\
    if (!paint || !document.body || document.body.textContent.indexOf(marker) < 0) return null;\
    return [performance.timeOrigin + paint.startTime, 'reloaded'];";

/// The reloaded page's own timeline, in milliseconds: its navigation start
/// (epoch), then request, response, parsed, DOMContentLoaded, load and
/// first paint after it, then every file it fetched.
const TIMELINE: &str = "var n = performance.getEntriesByType('navigation')[0];\
    var p = performance.getEntriesByName('first-contentful-paint')[0];\
    var files = performance.getEntriesByType('resource').map(function (e) {\
      return e.name.split('/').pop() + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd);\
    });\
    return [performance.timeOrigin, n.requestStart, n.responseStart, n.domInteractive,\
      n.domContentLoadedEventEnd, n.loadEventEnd, p.startTime, files.join(', ')];";

/// Gives the open page a script of its own, so live.js reloads it.
const PAGE_WITH_A_SCRIPT: &str = "var script = document.createElement('script');\
    script.textContent = '/* a script of the page */';\
    document.body.appendChild(script);";

/// How long WebDriver leaves the page alone after a save.
const HANDS_OFF: Duration = Duration::from_secs(1);

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
    let mut hows: Vec<String> = Vec::new();
    for run in 0..runs {
        let marker = format!("Edit {run} of");
        let edited = original.replacen("owner:", &format!("owner: {marker}"), 1);
        if let Some(browser) = browser {
            browser.eval(&with_marker(WATCH_FOR_EDIT, &marker));
            if std::env::var_os("RELOAD_FULL").is_some() {
                browser.eval(PAGE_WITH_A_SCRIPT);
            }
        }
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
            let (took, how) = paint_after(browser, &marker, saved_at, label);
            painted.push(took);
            hows.push(how);
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
        "{label}, {runs} saves, the debounce window included:\n  save to reload signal: {}\n  save to edited page served: {}",
        summary(signals),
        summary(pages)
    );
    if !painted.is_empty() {
        let count = |how: &str| hows.iter().filter(|h| *h == how).count();
        println!(
            "  save to edited page painted in Chromium: {} ({} refreshed in place, timed by Element Timing; {} in place, timed by the frame after; {} reloaded)",
            summary(painted),
            count("in place"),
            count("in place, framed"),
            count("reloaded")
        );
    }
}

/// `script` (a function body taking the marker) called with `marker`.
fn with_marker(script: &str, marker: &str) -> String {
    format!("return (function () {{ {script} }}).apply(null, [{marker:?}]);")
}

/// How long after `saved_at` the open page painted `marker` (read from
/// the page's own timing), and whether it was refreshed in place or
/// reloaded.
fn paint_after(
    browser: &webdriver::Driver,
    marker: &str,
    saved_at: f64,
    label: &str,
) -> (Duration, String) {
    let script = with_marker(PAINTED_EDIT, marker);
    let since_save =
        Duration::from_secs_f64((epoch_ms(SystemTime::now()) - saved_at).max(0.0) / 1000.0);
    std::thread::sleep(HANDS_OFF.saturating_sub(since_save));
    let painted = std::cell::RefCell::new(serde_json::Value::Null);
    browser.wait_for(&script, Duration::from_secs(30), |value| {
        *painted.borrow_mut() = value.clone();
        value.is_array()
    });
    let painted = painted.into_inner();
    let painted_at = painted[0]
        .as_f64()
        .unwrap_or_else(|| panic!("{label}: Chromium never showed the edit"));
    let how = painted[1].as_str().unwrap_or("").to_string();
    if std::env::var_os("RELOAD_TIMELINE").is_some() && how == "reloaded" {
        print_timeline(&browser.eval(TIMELINE), saved_at);
    }
    let took = Duration::from_secs_f64((painted_at - saved_at).max(0.0) / 1000.0);
    (took, how)
}

/// Milliseconds since the Unix epoch, as `performance.timeOrigin` counts.
fn epoch_ms(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

fn print_timeline(timeline: &serde_json::Value, saved_at: f64) {
    let at = |i: usize| timeline[i].as_f64().unwrap_or(f64::NAN);
    println!(
        "    navigation +{:.0} ms after the save; then request {:.0}, response {:.0}, parsed {:.0}, DOMContentLoaded {:.0}, load {:.0}, first paint {:.0}; files {}",
        at(0) - saved_at,
        at(1),
        at(2),
        at(3),
        at(4),
        at(5),
        at(6),
        timeline[7].as_str().unwrap_or("")
    );
}
