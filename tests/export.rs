//! `export` and `schema` on the example portfolio: the JSON export is valid
//! against its own schema and round-trips the portfolio's counts, the CSV
//! parses with a CSV reader and has one row per step, the Mermaid output
//! has the structure of a Mermaid `journey`, every front-matter of the
//! example is valid against its kind's schema, and `check --format json`
//! prints one parseable object per diagnostic.

mod common;

use std::fs;

use common::jsonschema::validate;
use common::{Fixture, repo_root};
use serde_json::Value;

fn example() -> Fixture {
    Fixture::from_dir(&repo_root(), "example")
}

fn schema(fixture: &Fixture, kind: &str) -> Value {
    let run = fixture.run(&["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("schema is JSON")
}

fn count_files(fixture: &Fixture, folder: &str) -> usize {
    fs::read_dir(fixture.path().join("content").join(folder))
        .unwrap()
        .count()
}

#[test]
fn json_export_is_valid_against_its_schema_and_round_trips_the_counts() {
    let fixture = example();
    let run = fixture.run(&["export", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let export: Value = serde_json::from_str(&run.stdout).expect("export is JSON");
    let errors = validate(&schema(&fixture, "export"), &export);
    assert!(errors.is_empty(), "{errors:#?}");
    for (key, folder) in [
        ("journeys", "journeys"),
        ("personas", "personas"),
        ("touchpoints", "touchpoints"),
        ("opportunities", "opportunities"),
    ] {
        assert_eq!(
            export[key].as_array().unwrap().len(),
            count_files(&fixture, folder),
            "{key}"
        );
    }
    let steps: usize = export["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|j| j["stages"].as_array().unwrap())
        .map(|s| s["steps"].as_array().unwrap().len())
        .sum();
    let csv = fixture.run(&["export", "--format", "csv"]);
    let rows = csv::Reader::from_reader(csv.stdout.as_bytes())
        .records()
        .count();
    assert_eq!(rows, steps, "one CSV row per exported step");
    let checkout = export["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "web-checkout")
        .unwrap();
    assert!(
        checkout["used_by"].as_array().unwrap().len() >= 2,
        "reverse indexes are exported"
    );
}

#[test]
fn csv_has_a_header_and_one_well_formed_row_per_step() {
    let fixture = example();
    let out = fixture.path().join("steps.csv");
    let run = fixture.run(&[
        "export",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "journey");
    assert_eq!(header.len(), 12);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.len() > 60);
    for record in &records {
        assert_eq!(record.len(), 12);
        assert!(record[8].is_empty() || (-2..=2).contains(&record[8].parse::<i64>().unwrap()));
    }
    assert!(
        records.iter().any(|r| r[9].contains(',')),
        "quoted fields with commas survive"
    );
    let one = fixture.run(&["export", "--format", "csv", "--journey", "contact-support"]);
    let only = csv::Reader::from_reader(one.stdout.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect::<Vec<_>>();
    assert!(!only.is_empty() && only.iter().all(|r| &r[0] == "contact-support"));
}

#[test]
fn mermaid_output_has_the_structure_of_a_mermaid_journey() {
    let fixture = example();
    let run = fixture.run(&[
        "export",
        "--format",
        "mermaid",
        "--journey",
        "buy-a-sofa-online",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "journey");
    assert_eq!(lines[1], "    title Buy a sofa online");
    let export: Value =
        serde_json::from_str(&fixture.run(&["export", "--format", "json"]).stdout).unwrap();
    let journey = export["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "buy-a-sofa-online")
        .unwrap();
    let stages = journey["stages"].as_array().unwrap();
    let sections = lines
        .iter()
        .filter(|l| l.starts_with("    section "))
        .count();
    assert_eq!(sections, stages.len());
    let tasks: Vec<&&str> = lines.iter().filter(|l| l.starts_with("      ")).collect();
    let steps: usize = stages
        .iter()
        .map(|s| s["steps"].as_array().unwrap().len())
        .sum();
    assert_eq!(tasks.len(), steps);
    for task in tasks {
        let parts: Vec<&str> = task.trim().split(": ").collect();
        assert!((2..=3).contains(&parts.len()), "task `{task}`");
        assert!(
            matches!(parts[1], "1" | "2" | "3" | "4" | "5"),
            "score of `{task}`"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(": Ana the first-flat furnisher, João the busy parent"))
    );
    let missing = fixture.run(&["export", "--format", "mermaid"]);
    assert_eq!(missing.code, 2, "mermaid needs --journey");
}

#[test]
fn every_front_matter_of_the_example_is_valid_against_its_schema() {
    let fixture = example();
    for (kind, folder) in [
        ("persona", "personas"),
        ("journey", "journeys"),
        ("touchpoint", "touchpoints"),
        ("opportunity", "opportunities"),
    ] {
        let schema = schema(&fixture, kind);
        for entry in fs::read_dir(fixture.path().join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let yaml = text
                .strip_prefix("---\n")
                .and_then(|t| t.split("\n---").next())
                .unwrap();
            let value: Value =
                serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap())
                    .unwrap();
            let errors = validate(&schema, &value);
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        }
    }
    let book: toml::Value = toml::from_str(&fixture.read("book.toml")).unwrap();
    let errors = validate(
        &schema(&fixture, "book"),
        &serde_json::to_value(book).unwrap(),
    );
    assert!(errors.is_empty(), "book.toml: {errors:#?}");
    let wrong = serde_json::json!({"title": "x", "owners": "y", "state": "futur"});
    assert_eq!(
        validate(&schema(&fixture, "journey"), &wrong).len(),
        2,
        "unknown key and bad value are flagged"
    );
}

#[test]
fn check_prints_one_json_object_per_diagnostic() {
    let fixture = Fixture::new("errors/unresolved-reference");
    let json = fixture.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let human = fixture.run(&["check"]);
    let records: Vec<Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object per line"))
        .collect();
    assert_eq!(
        records.len(),
        human.stderr.matches("\n --> ").count() + human.stderr.matches("\n  --> ").count()
    );
    let first = &records[0];
    for key in [
        "file", "line", "column", "severity", "code", "message", "help",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["file"], "content/journeys/j.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(3), Some(12))
    );
}
