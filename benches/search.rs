//! Search on a large portfolio, in headless Chromium: builds a generated
//! portfolio (5,000 pages unless `SEARCH_PAGES` says otherwise), serves
//! it, and for several queries measures the bytes of index the first query
//! loads and the time from typing to results on screen. Prints medians.
//!
//! `cargo bench --bench search` (needs Debian's chromium and
//! chromium-driver).

#[path = "support/portfolio.rs"]
mod portfolio;
// The tests' WebDriver client; the bench uses only part of it.
#[allow(dead_code)]
#[path = "../tests/common/webdriver.rs"]
mod webdriver;
// The tests' real-network helpers; the bench starts the server with them.
#[allow(dead_code)]
#[path = "../tests/common/net.rs"]
mod net;

/// The build date `net::Server` pins, as the tests do.
const FIXED_DATE_EPOCH: &str = "1754006400";

use std::time::Duration;

const QUERIES: [&str; 5] = [
    "refund",
    "delivery slot",
    "hidden fees",
    "warranty",
    "persona 42",
];

fn main() {
    let pages: usize = std::env::var("SEARCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().expect("temp dir");
    portfolio::write(dir.path(), portfolio::Size::for_pages(pages), 1).expect("generate");
    let server = net::Server::start(dir.path(), &[]);
    let url = server.url.clone();
    let Some(driver) = webdriver::Driver::start() else {
        eprintln!("skipped: chromium and chromedriver are needed");
        return;
    };
    let (mut kilobytes, mut millis) = (Vec::new(), Vec::new());
    for query in QUERIES {
        // A fresh page each time: nothing of the index is cached in memory.
        driver.goto(&format!("{url}search/"));
        driver.eval(&format!(
            "window.__done = null; var status = document.getElementById('search-status');\
             new MutationObserver(function () {{ if (!window.__done) window.__done = performance.now() - window.__start; }})\
               .observe(status, {{childList: true, characterData: true, subtree: true}});\
             var input = document.getElementById('search-input'); input.value = {query:?};\
             window.__start = performance.now(); input.dispatchEvent(new Event('input')); return true;"
        ));
        let took = driver.wait_for("return window.__done", Duration::from_secs(30), |v| {
            v.is_number()
        });
        assert!(took.is_some(), "no results for {query}");
        let ms = driver
            .eval("return window.__done")
            .as_f64()
            .unwrap_or(f64::NAN);
        let bytes = driver
            .eval(
                "return performance.getEntriesByType('resource').filter(function (e) { return e.name.indexOf('/search/') > 0 && e.name.indexOf('.json') > 0; })\
                 .reduce(function (sum, e) { return sum + (e.encodedBodySize || e.transferSize || 0); }, 0);",
            )
            .as_f64()
            .unwrap_or(f64::NAN);
        let results = driver
            .eval("return document.querySelectorAll('#search-results li').length")
            .as_u64()
            .unwrap_or(0);
        println!(
            "query {query:?}: {results} results shown, {:.0} KiB of index loaded, {ms:.0} ms",
            bytes / 1024.0
        );
        kilobytes.push(bytes / 1024.0);
        millis.push(ms);
    }
    drop(server);
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    println!(
        "search on ~{pages} pages: median {:.0} KiB of index per first query (max {:.0}), median {:.0} ms to results (max {:.0})",
        median(kilobytes.clone()),
        kilobytes.iter().cloned().fold(0.0, f64::max),
        median(millis.clone()),
        millis.iter().cloned().fold(0.0, f64::max)
    );
}
