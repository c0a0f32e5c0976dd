//! The home page of a big portfolio stays small: each of its lists shows at
//! most 20 rows (the heatmap the journeys with the lowest mean emotion)
//! and links to the page with all of them.

mod common;

#[path = "../benches/support/portfolio.rs"]
mod portfolio;

use common::{Fixture, main_region};

/// The part of `html` from the section headed `id` to its end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    common::region(html, &format!(r#"aria-labelledby="{id}""#), "</section>")
}

#[test]
fn the_home_page_of_a_big_portfolio_lists_at_most_twenty_of_each() {
    let dir = tempfile::tempdir().unwrap();
    portfolio::write(dir.path(), portfolio::Size::for_pages(600), 7).unwrap();
    let fixture = Fixture::from_dir(dir.path(), "big");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journeys = std::fs::read_dir(fixture.path().join("content/journeys"))
        .unwrap()
        .count();
    assert!(journeys > 40, "the generator wrote {journeys} journeys");

    let html = fixture.read("public/index.html");
    let main = main_region(&html);
    let heatmap = section(&main, "heatmap-heading");
    assert_eq!(heatmap.matches(r#"<th scope="row">"#).count(), 20);
    assert!(
        heatmap.contains(&format!(
            "Showing the 20 journeys with the lowest mean emotion, of {journeys}."
        )),
        "{heatmap}"
    );
    assert!(heatmap.contains(&format!(r#"href="/journeys/">See all {journeys}</a>"#)));
    let table = section(&main, "journeys-heading");
    assert_eq!(table.matches(r#"<th scope="row">"#).count(), 20);
    let pain = section(&main, "pain-heading");
    assert!(pain.matches(r#"<th scope="row">"#).count() <= 20);
    // Every reading is on exactly one metric page: their off-track rows are
    // the total the home page counts, and it shows the first twenty.
    let off_track: usize = std::fs::read_dir(fixture.path().join("public/metrics"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("index.html"))
        .filter(|page| page.exists())
        .map(|page| {
            let html = std::fs::read_to_string(page).unwrap();
            main_region(&html)
                .matches(r#"<tr class="off-track">"#)
                .count()
        })
        .sum();
    assert!(off_track > 20, "only {off_track} readings are off track");
    let metrics = section(&main, "metrics-heading");
    assert_eq!(metrics.matches(r#"<tr class="off-track">"#).count(), 20);
    assert!(
        metrics.contains(&format!("Showing 20 of {off_track}.")),
        "{metrics}"
    );
    let personas = section(&main, "personas-heading");
    assert!(personas.matches(r#"<li class="card">"#).count() <= 20);
    assert!(
        html.len() < 200_000,
        "the home page is {} bytes",
        html.len()
    );
}
