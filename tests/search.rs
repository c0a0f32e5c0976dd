//! The search index of the example portfolio: every step is a record that
//! links to its anchor, a word of a pain point finds its step through the
//! shard and chunk files exactly as the browser looks them up.

mod common;

use common::{Fixture, repo_root};
use serde_json::Value;

fn read_json(fixture: &Fixture, rel: &str) -> Value {
    serde_json::from_str(&fixture.read(&format!("public/search/{rel}")))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Looks `term` up as search.js does: the longest shard prefix of the term,
/// then the delta-encoded postings, then the record chunk.
fn lookup(fixture: &Fixture, term: &str) -> Vec<Value> {
    let meta = read_json(fixture, "meta.json");
    let shard = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find(|prefix| term.starts_with(prefix))
        .expect("a shard for the term");
    let terms = read_json(fixture, &format!("terms/{shard}.json"));
    let chunk = meta["chunk"].as_u64().unwrap();
    let mut id = 0;
    let mut found = Vec::new();
    for pair in terms[term]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .chunks(2)
    {
        id += pair[0].as_u64().unwrap();
        let records = read_json(fixture, &format!("records/{}.json", id / chunk));
        found.push(records[(id % chunk) as usize].clone());
    }
    found
}

#[test]
fn a_word_of_a_pain_point_finds_its_step() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    assert_eq!(fixture.run(&["build"]).code, 0);
    // "The room planner does not work on mobile Safari" is a pain point of
    // the step "Check the sofa fits the room" in buy-a-sofa-online.
    let hits = lookup(&fixture, "safari");
    let step = hits
        .iter()
        .find(|r| r["kind"] == "step" && r["title"] == "Check the sofa fits the room")
        .unwrap_or_else(|| panic!("no step found: {hits:#?}"));
    assert_eq!(
        step["url"],
        "journeys/buy-a-sofa-online/#step-check-the-sofa-fits-the-room"
    );
    assert!(
        step["context"]
            .as_str()
            .unwrap()
            .starts_with("Buy a sofa online")
    );
    let page = fixture.read("public/journeys/buy-a-sofa-online/index.html");
    assert!(
        page.contains(r#"id="step-check-the-sofa-fits-the-room""#),
        "the anchor exists"
    );
}

#[test]
fn every_page_kind_is_searchable_and_accents_fold() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let kinds: Vec<String> = ["joao", "glossary", "checkout", "swatches"]
        .iter()
        .flat_map(|term| lookup(&fixture, term))
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    for kind in [
        "persona",
        "page",
        "touchpoint",
        "opportunity",
        "step",
        "journey",
    ] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} found: {kinds:?}"
        );
    }
}

#[test]
fn result_kinds_are_in_the_site_language_and_any_letter_is_findable() {
    let fixture = Fixture::from_dir(&repo_root(), "example");
    fixture.write(
        "book.toml",
        &fixture
            .read("book.toml")
            .replace("language = \"en\"", "language = \"es\""),
    );
    fixture.write(
        "content/guides/nordic.md",
        "# Søren's notes\n\nØresund ferry and Łódź trains.\n",
    );
    assert_eq!(fixture.run(&["build"]).code, 0);
    let hits = lookup(&fixture, "safari");
    assert!(
        hits.iter().any(|r| r["label"] == "Paso"),
        "step kind in Spanish: {hits:#?}"
    );
    for word in ["søren", "øresund", "łodź"] {
        assert!(!lookup(&fixture, word).is_empty(), "{word} not found");
    }
}
