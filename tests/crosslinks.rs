//! The portfolio as a web: on the example portfolio, every touchpoint,
//! persona, channel, metric and shared-opportunity page lists exactly what
//! the content says, and the pages on the other side link back. The
//! expected relations are computed here from the front-matter directly
//! (an oracle independent of journeybook's parser and link stage).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::{Fixture, repo_root};
use serde_yaml::Value;

/// The relations the content declares, by id.
#[derive(Default, Debug)]
struct Expected {
    /// touchpoint → {journey#step}
    touchpoint_steps: BTreeMap<String, BTreeSet<String>>,
    /// persona → {journey}
    persona_journeys: BTreeMap<String, BTreeSet<String>>,
    /// channel → {touchpoint}
    channel_touchpoints: BTreeMap<String, BTreeSet<String>>,
    /// metric → number of readings
    metric_readings: BTreeMap<String, usize>,
    /// shared opportunity → {journey#step}
    opportunity_steps: BTreeMap<String, BTreeSet<String>>,
}

fn front_matter(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap_or("");
    serde_yaml::from_str(yaml).unwrap()
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn stems(dir: &Path) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                front_matter(&p),
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn expected(content: &Path) -> Expected {
    let mut e = Expected::default();
    let count_metrics = |readings: &Value, e: &mut Expected| {
        for reading in readings.as_sequence().into_iter().flatten() {
            let metric = reading["metric"].as_str().unwrap().to_string();
            *e.metric_readings.entry(metric).or_default() += 1;
        }
    };
    for (id, fm) in stems(&content.join("journeys")) {
        for persona in strings(&fm["personas"]) {
            e.persona_journeys
                .entry(persona)
                .or_default()
                .insert(id.clone());
        }
        count_metrics(&fm["kpis"], &mut e);
        for stage in fm["stages"].as_sequence().into_iter().flatten() {
            for step in stage["steps"].as_sequence().into_iter().flatten() {
                let step_id = step["id"]
                    .as_str()
                    .map_or_else(|| slug(step["name"].as_str().unwrap()), String::from);
                let here = format!("{id}#{step_id}");
                for touchpoint in strings(&step["touchpoints"]) {
                    e.touchpoint_steps
                        .entry(touchpoint)
                        .or_default()
                        .insert(here.clone());
                }
                for opportunity in strings(&step["opportunities"]) {
                    e.opportunity_steps
                        .entry(opportunity)
                        .or_default()
                        .insert(here.clone());
                }
                count_metrics(&step["metrics"], &mut e);
            }
        }
    }
    for (id, fm) in stems(&content.join("touchpoints")) {
        let channel = fm["channel"].as_str().unwrap().to_string();
        e.channel_touchpoints.entry(channel).or_default().insert(id);
        count_metrics(&fm["metrics"], &mut e);
    }
    e
}

/// The part of a page from a heading's text to the end of its section.
fn section<'h>(html: &'h str, heading: &str) -> &'h str {
    common::region(html, heading, "</section>")
}

/// Every `href` in `html` whose path (after any base-url) starts with
/// `prefix`, without the base and the prefix.
fn links(html: &str, prefix: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| {
            let href = &rest[..rest.find('"').unwrap()];
            href.find(prefix)
                .map(|at| href[at + prefix.len()..].to_string())
        })
        .collect()
}

/// `journeys/<j>/#step-<s>` links as `j#s`.
fn step_links(html: &str) -> BTreeSet<String> {
    links(html, "/journeys/")
        .into_iter()
        .filter_map(|link| {
            let (journey, step) = link.split_once("/#step-")?;
            Some(format!("{journey}#{step}"))
        })
        .collect()
}

fn page_ids(html: &str, section_prefix: &str) -> BTreeSet<String> {
    links(html, section_prefix)
        .into_iter()
        .filter_map(|link| link.strip_suffix('/').map(String::from))
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .collect()
}

#[test]
fn every_page_lists_exactly_what_the_content_says_in_both_directions() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let e = expected(&fixture.path().join("content"));
    let page = |rel: &str| fixture.read(&format!("public/{rel}/index.html"));

    assert!(e.touchpoint_steps.len() >= 15);
    for (touchpoint, steps) in &e.touchpoint_steps {
        let html = page(&format!("touchpoints/{touchpoint}"));
        assert_eq!(
            &step_links(section(&html, "<h2>Used in</h2>")),
            steps,
            "touchpoint {touchpoint}"
        );
        let over = match steps.len() {
            1 => "over 1 step<".to_string(),
            n => format!("over {n} steps<"),
        };
        assert!(html.contains(&over), "touchpoint {touchpoint}: no `{over}`");
        for step in steps {
            let journey = step.split('#').next().unwrap();
            let map = page(&format!("journeys/{journey}"));
            assert!(
                map.contains(&format!("/touchpoints/{touchpoint}/")),
                "{journey} does not link {touchpoint}"
            );
        }
    }
    for (persona, journeys) in &e.persona_journeys {
        let html = page(&format!("personas/{persona}"));
        assert_eq!(
            &page_ids(section(&html, "<h2>Journeys</h2>"), "/journeys/"),
            journeys,
            "persona {persona}"
        );
        for journey in journeys {
            assert!(
                page(&format!("journeys/{journey}")).contains(&format!("/personas/{persona}/"))
            );
        }
    }
    for (channel, touchpoints) in &e.channel_touchpoints {
        let html = page(&format!("channels/{channel}"));
        assert_eq!(
            &page_ids(section(&html, "<h2>Touchpoints</h2>"), "/touchpoints/"),
            touchpoints,
            "channel {channel}"
        );
        for touchpoint in touchpoints {
            assert!(
                page(&format!("touchpoints/{touchpoint}"))
                    .contains(&format!("/channels/{channel}/"))
            );
        }
    }
    for (metric, count) in &e.metric_readings {
        let html = page(&format!("metrics/{metric}"));
        let rows = section(&html, "<h2>Where it is measured</h2>")
            .matches("<tr class=")
            .count();
        assert_eq!(rows, *count, "metric {metric}");
    }
    for (opportunity, steps) in &e.opportunity_steps {
        let html = page(&format!("opportunities/{opportunity}"));
        assert_eq!(
            &step_links(section(&html, "<h2>Raised by these steps</h2>")),
            steps,
            "opportunity {opportunity}"
        );
        let all = page("opportunities");
        assert!(
            all.contains(&format!("/opportunities/{opportunity}/")),
            "{opportunity} missing from the matrix"
        );
    }
}

#[test]
fn heatmap_and_means_leave_out_steps_without_emotion() {
    let fixture = Fixture::new("site");
    fixture.write(
        "content/journeys/means.md",
        "---\ntitle: Means\npersonas: [ana]\nupdated: 2025-07-01\nstages:\n  - name: Only\n    steps:\n      - {name: A, touchpoints: [shop-floor], emotion: 2}\n      - {name: B, touchpoints: [shop-floor]}\n      - {name: C, touchpoints: [shop-floor], emotion: -1}\n---\n",
    );
    assert_eq!(fixture.run(&["build"]).code, 0);
    let home = fixture.read("public/index.html");
    let row = section(&home, ">Means</a></th>");
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(r#"<span class="value">0.5</span>"#),
        "mean of 2 and -1 is 0.5, not 1/3: {row}"
    );
    let shop_floor = fixture.read("public/touchpoints/shop-floor/index.html");
    let mean = section(&shop_floor, "<dt>Mean emotion</dt>");
    // Steps using shop-floor with an emotion: buy/sees-an-ad 1, buy/compares-sofas 0,
    // lifecycle/hears-about-the-shop 1, means/a 2, means/c -1 (means/b has none).
    assert!(
        mean.contains(">0.6<"),
        "mean over the five scored steps: {mean}"
    );
    assert!(mean.contains("over 6 steps"), "{mean}");
}

/// In the `site` fixture, `shop-floor` is used by three steps in two
/// journeys and `web-checkout` by five steps in three; the `warnings`
/// fixture has a touchpoint no step uses.
#[test]
fn reverse_indexes_known_by_construction() {
    let fixture = Fixture::new("site");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let used_in = |touchpoint: &str| {
        let html = fixture.read(&format!("public/touchpoints/{touchpoint}/index.html"));
        step_links(section(&html, "<h2>Used in</h2>"))
    };
    let set = |items: &[&str]| {
        items
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<String>>()
    };
    assert_eq!(
        used_in("shop-floor"),
        set(&[
            "buy#sees-an-ad",
            "buy#compares-sofas",
            "lifecycle#hears-about-the-shop"
        ])
    );
    assert_eq!(
        used_in("web-checkout"),
        set(&[
            "buy#compares-sofas",
            "buy#pays",
            "buy-future#compares-sofas",
            "buy-future#pays-in-one-click",
            "lifecycle#buys-furniture"
        ])
    );
    let persona = fixture.read("public/personas/bob/index.html");
    assert_eq!(
        page_ids(section(&persona, "<h2>Journeys</h2>"), "/journeys/"),
        set(&["buy"])
    );
    let channel = fixture.read("public/channels/store/index.html");
    assert_eq!(
        page_ids(section(&channel, "<h2>Touchpoints</h2>"), "/touchpoints/"),
        set(&["shop-floor"])
    );
    let opportunity = fixture.read("public/opportunities/one-click/index.html");
    assert_eq!(
        step_links(section(&opportunity, "<h2>Raised by these steps</h2>")),
        set(&["buy#pays", "buy-future#pays-in-one-click"])
    );

    let unused = Fixture::new("warnings");
    assert_eq!(unused.run(&["build"]).code, 0);
    let html = unused.read("public/touchpoints/unused/index.html");
    assert!(
        section(&html, "<h2>Used in</h2>").contains("No journey step uses this touchpoint yet.")
    );
}

#[test]
fn an_opportunity_row_names_five_steps_and_links_to_the_rest() {
    let fixture = Fixture::new("site");
    let steps: String = (1..=8)
        .map(|n| format!("      - name: Step {n}\n        opportunities: [one-click]\n"))
        .collect();
    fixture.write(
        "content/journeys/busy.md",
        &format!("---\ntitle: Busy\nstages:\n  - name: Everything\n    steps:\n{steps}---\n"),
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = fixture.read("public/opportunities/index.html");
    let table = section(&all, "<h2 id=\"all-heading\">");
    let row = table
        .split("<tr>")
        .find(|row| row.contains("/opportunities/one-click/\">Pay in one click</a>"))
        .expect("the row of one-click");
    // Journeys come in id order: `busy` before `buy` and `buy-future`.
    assert_eq!(
        step_links(row),
        (1..=5).map(|n| format!("busy#step-{n}")).collect(),
        "{row}"
    );
    assert!(
        row.contains(", <a href=\"/cx/opportunities/one-click/\">and 5 more</a></td>"),
        "{row}"
    );
    let own_page = fixture.read("public/opportunities/one-click/index.html");
    assert_eq!(
        step_links(section(&own_page, "<h2>Raised by these steps</h2>")).len(),
        10
    );
    // A row with five steps or fewer has no "more" link.
    assert_eq!(all.matches(" more</a>").count(), 1);
}
