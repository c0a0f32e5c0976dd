//! Live reload as a person sees it, in a real headless Chromium (Debian's
//! chromium and chromedriver): a journey page opened from `serve --watch`
//! shows a title changed on disk within 2 seconds without any manual
//! reload, keeps its scroll position, shows a broken file's errors as an
//! overlay and drops it once fixed, and reloads by itself after the server
//! restarts. A Markdown edit is taken in place (no navigation, the page's
//! and the journey map's scroll kept); a config edit, or an edit seen from
//! a page that runs scripts, reloads. Skipped with a message when Chromium
//! is absent, except under CI=true, where it must run.

mod common;

use std::time::Duration;

use common::Fixture;
use common::net::Server;
use common::webdriver::{Driver, required};

const H1: &str = "return document.querySelector('h1') && document.querySelector('h1').textContent";
const OVERLAY: &str =
    "var o = document.getElementById('journeybook-overlay'); return o ? o.textContent : null";

fn driver_or_skip() -> Option<Driver> {
    let driver = Driver::start();
    if driver.is_none() {
        assert!(
            !required(),
            "CI=true: Chromium and chromedriver must be installed for the browser tests"
        );
        eprintln!(
            "skipped: /usr/bin/chromium or /usr/bin/chromedriver not found (apt-get install chromium chromium-driver)"
        );
    }
    driver
}

/// The shipped example portfolio, copied and served without watching:
/// the fixture is kept alive beside its server.
fn serve_example() -> (common::Fixture, Server) {
    let fixture = common::Fixture::from_dir(&common::repo_root(), "example");
    let server = Server::start(fixture.path(), &[]);
    (fixture, server)
}

/// Whether the page's `<h1>` reads `title`.
fn shown(title: &'static str) -> impl Fn(&serde_json::Value) -> bool {
    move |v| v.as_str() == Some(title)
}

/// The site fixture served with `--watch`, its journey open in `driver`.
fn watch_the_buy_journey(driver: &Driver) -> (Fixture, Server) {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    driver.goto(&format!("{}journeys/buy/", server.url));
    driver
        .wait_for(H1, Duration::from_secs(10), shown("Buy a sofa online"))
        .expect("the journey page loads");
    (fixture, server)
}

#[test]
fn a_journey_page_follows_edits_overlays_errors_and_survives_a_restart() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (fixture, server) = watch_the_buy_journey(&driver);
    driver.eval("window.scrollTo(0, 400); return window.scrollY;");

    let journey = fixture.read("content/journeys/buy.md");
    let renamed = journey.replace(
        "title: Buy a sofa online\n",
        "title: Buy a sofa online, renamed\n",
    );
    fixture.write("content/journeys/buy.md", &renamed);
    let took = driver
        .wait_for(
            H1,
            Duration::from_secs(2),
            shown("Buy a sofa online, renamed"),
        )
        .expect("the new title within 2 seconds, without a manual reload");
    eprintln!(
        "edit-to-visible latency in Chromium: {} ms",
        took.as_millis()
    );
    let scroll = driver
        .eval("return window.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        (scroll - 400.0).abs() < 50.0,
        "scroll position kept across the reload, got {scroll}"
    );

    fixture.write(
        "content/journeys/buy.md",
        &renamed.replace("status: live\n", "status: live\nstate: [broken\n"),
    );
    driver
        .wait_for(OVERLAY, Duration::from_secs(2), |v| {
            v.as_str().is_some_and(|text| {
                text.contains("content/journeys/buy.md:") && text.contains("YAML")
            })
        })
        .expect("the error overlay, naming the file and line");
    assert_eq!(
        driver.eval(H1).as_str(),
        Some("Buy a sofa online, renamed"),
        "on the last good page"
    );

    fixture.write("content/journeys/buy.md", &renamed);
    driver
        .wait_for(OVERLAY, Duration::from_secs(2), serde_json::Value::is_null)
        .expect("the overlay goes once the file is fixed");

    let port: u16 = server.address.rsplit(':').next().unwrap().parse().unwrap();
    drop(server);
    fixture.write(
        "content/journeys/buy.md",
        &journey.replace("title: Buy a sofa online\n", "title: After the restart\n"),
    );
    let _restarted = Server::start_at(fixture.path(), port, &["--watch"]);
    driver
        .wait_for(H1, Duration::from_secs(5), shown("After the restart"))
        .expect("the page reconnects by itself and shows the new build");
}

#[test]
fn search_finds_a_step_by_a_word_of_its_pain_point_and_navigates_to_it() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (_fixture, server) = serve_example();
    driver.goto(&format!("{}journeys/", server.url));
    // Type into the box every page has, as a reader would, and submit.
    driver.eval(
        "var box = document.getElementById('site-search-q'); box.value = 'safari'; box.form.submit(); return true;",
    );
    let first_step = "var hit = Array.from(document.querySelectorAll('#search-results a'))\
        .find(function (a) { return a.textContent === 'Check the sofa fits the room'; });\
        return hit ? hit.getAttribute('href') : null;";
    let href = driver.wait_for(first_step, Duration::from_secs(5), |v| v.is_string());
    assert!(href.is_some(), "the step is among the results");
    driver.eval(&first_step.replace(
        "return hit ? hit.getAttribute('href') : null;",
        "hit.click(); return true;",
    ));
    let landed = driver.wait_for(
        "return location.pathname + location.hash",
        Duration::from_secs(5),
        |v| v.as_str() == Some("/journeys/buy-a-sofa-online/#step-check-the-sofa-fits-the-room"),
    );
    assert!(landed.is_some(), "navigated to the step on its map");
    assert_eq!(
        driver.eval("return document.getElementById('step-check-the-sofa-fits-the-room').textContent.trim()").as_str(),
        Some("Check the sofa fits the room")
    );
}

/// Pages in a PDF: its `/Type /Page` objects (not the `/Pages` tree).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[test]
fn every_journey_map_prints_on_one_landscape_sheet() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (fixture, server) = serve_example();
    let journeys: Vec<String> = std::fs::read_dir(fixture.path().join("content/journeys"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(journeys.len() >= 5);
    for journey in &journeys {
        driver.goto(&format!("{}journeys/{journey}/", server.url));
        // The example prints on A3 (the default paper): 42 × 29.7 cm.
        let pdf = driver.print_pdf(42.0, 29.7);
        assert!(pdf.starts_with(b"%PDF"), "{journey}: not a PDF");
        assert_eq!(pdf_pages(&pdf), 1, "{journey} prints on more than one page");
        if journey == "buy-a-sofa-online" {
            std::fs::write(std::env::temp_dir().join("journeybook-print.pdf"), &pdf).unwrap();
        }
    }
}

#[test]
fn the_print_view_puts_each_journey_on_its_own_sheet() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (_fixture, server) = serve_example();
    driver.goto(&format!("{}print/", server.url));
    let journeys = driver
        .eval("return document.querySelectorAll('.print-journey').length")
        .as_u64()
        .unwrap_or(0);
    assert_eq!(
        journeys, 7,
        "every journey of the example is in the print view"
    );
    let pages = pdf_pages(&driver.print_pdf(42.0, 29.7));
    // The personas take a sheet or two; then exactly one sheet per journey.
    assert!(
        (journeys as usize + 1..=journeys as usize + 3).contains(&pages),
        "{pages} pages for {journeys} journeys"
    );
}

#[test]
fn the_journey_list_keeps_its_mean_emotion_cells_in_the_table() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (_fixture, server) = serve_example();
    driver.goto(&format!("{}journeys/", server.url));
    // `.score` makes a pill of a score; a cell classed `score emo-N` must
    // stay a table cell, coloured, or it falls out of its row.
    let displays = driver.eval(
        "return Array.from(document.querySelectorAll('table.listing td.score'))\
         .map(function (td) { return getComputedStyle(td).display; });",
    );
    let displays = displays.as_array().expect("a list of displays");
    assert!(!displays.is_empty(), "the list has mean-emotion cells");
    assert!(
        displays.iter().all(|d| d.as_str() == Some("table-cell")),
        "{displays:?}"
    );
}

/// Whether the page is still the document the test marked (no navigation).
const MARKED: &str = "return window.journeybookTestMark === 1";

#[test]
fn a_markdown_edit_refreshes_the_page_in_place_and_anything_else_reloads_it() {
    let Some(driver) = driver_or_skip() else {
        return;
    };
    let (fixture, server) = watch_the_buy_journey(&driver);
    // A narrow window, so the map scrolls sideways as well as the page down.
    driver.set_window_size(600, 700);
    let scrolled = driver.eval(
        "window.journeybookTestMark = 1;\
         var map = document.querySelector('.map-scroll');\
         map.scrollLeft = 120; window.scrollTo(0, 300);\
         return [window.scrollY, map.scrollLeft];",
    );
    assert_eq!(
        scrolled,
        serde_json::json!([300, 120]),
        "the page can scroll"
    );
    let journey = fixture.read("content/journeys/buy.md");
    fixture.write(
        "content/journeys/buy.md",
        &journey
            .replace("owner: E-commerce team", "owner: Edited in place")
            .replace(
                "title: Buy a sofa online\n",
                "title: Buy a sofa, in place\n",
            ),
    );
    driver
        .wait_for(H1, Duration::from_secs(3), shown("Buy a sofa, in place"))
        .expect("the edit shows without a manual reload");
    assert_eq!(
        driver.eval(MARKED),
        serde_json::json!(true),
        "no navigation"
    );
    assert_eq!(
        driver
            .eval("return document.title")
            .as_str()
            .map(|t| t.starts_with("Buy a sofa, in place")),
        Some(true)
    );
    assert!(
        driver
            .eval("return document.body.textContent")
            .as_str()
            .is_some_and(|t| t.contains("Edited in place")),
    );
    let scroll =
        driver.eval("return [window.scrollY, document.querySelector('.map-scroll').scrollLeft];");
    assert!(
        (scroll[0].as_f64().unwrap_or(0.0) - 300.0).abs() < 30.0,
        "the page keeps its scroll: {scroll}"
    );
    assert!(
        (scroll[1].as_f64().unwrap_or(0.0) - 120.0).abs() < 30.0,
        "the map keeps its sideways scroll: {scroll}"
    );

    // book.toml may change how every page looks: a reload.
    let config = fixture.read("book.toml");
    fixture.write(
        "book.toml",
        &config.replace(
            "title = \"Fixture Furniture\"",
            "title = \"Fixture Furniture, reloaded\"",
        ),
    );
    driver
        .wait_for(MARKED, Duration::from_secs(3), |v| {
            v != &serde_json::json!(true)
        })
        .expect("a config edit reloads the page");
    driver
        .wait_for(H1, Duration::from_secs(3), shown("Buy a sofa, in place"))
        .expect("the reloaded page");

    // A page with scripts of its own reloads too, so they run again.
    driver.goto(&format!("{}action-plans/", server.url));
    driver
        .wait_for(
            "return document.querySelectorAll('script:not([data-build])').length",
            Duration::from_secs(5),
            |v| v.as_u64().is_some_and(|n| n > 0),
        )
        .expect("the action plans page runs a script");
    driver.eval("window.journeybookTestMark = 1;");
    fixture.write(
        "content/journeys/buy.md",
        &journey.replace("{title: One-click payment,", "{title: One-tap payment,"),
    );
    driver
        .wait_for(
            "return document.body.textContent.indexOf('One-tap payment') >= 0",
            Duration::from_secs(3),
            |v| v == &serde_json::json!(true),
        )
        .expect("the action plans page shows the edit");
    assert_ne!(
        driver.eval(MARKED),
        serde_json::json!(true),
        "it was reloaded"
    );
}
