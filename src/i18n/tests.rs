//! Every language file is complete and consistent with English, and every
//! text the templates and the Rust code ask for exists.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::config::{CHANNEL_KINDS, METRIC_CATEGORIES};
use crate::content::model::{
    JOURNEY_STATES, JOURNEY_STATUSES, LEVELS, OPPORTUNITY_STATUSES, OWNERSHIP, PLAN_STATUSES,
    SEGMENTS,
};

/// Each language's own file, parsed strictly (no English fallback).
fn own_files() -> Vec<(&'static str, Labels)> {
    LANGUAGES
        .iter()
        .map(|&(code, language)| {
            let labels = parse(source(language))
                .unwrap_or_else(|error| panic!("src/i18n/{code}.toml does not parse: {error}"));
            (code, labels)
        })
        .collect()
}

#[test]
fn every_language_has_exactly_the_keys_of_english() {
    let english: BTreeSet<String> = parse(source(Language::EN)).unwrap().keys().collect();
    assert!(english.len() > 100, "en.toml looks truncated");
    let mut problems = Vec::new();
    for (code, labels) in own_files() {
        let keys: BTreeSet<String> = labels.keys().collect();
        let missing: Vec<&String> = english.difference(&keys).collect();
        let extra: Vec<&String> = keys.difference(&english).collect();
        if !missing.is_empty() {
            problems.push(format!("{code}.toml lacks {missing:?}"));
        }
        if !extra.is_empty() {
            problems.push(format!("{code}.toml has keys en.toml lacks: {extra:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_translation_keeps_the_placeholders_of_english() {
    let english = parse(source(Language::EN)).unwrap();
    let mut problems = Vec::new();
    for (code, labels) in own_files() {
        for (table, texts) in &labels.tables {
            for (key, text) in texts {
                let expected = english.lookup(table, key).map(placeholders);
                if expected.is_some_and(|expected| expected != placeholders(text)) {
                    problems.push(format!("{code}: {table}.{key} = {text:?}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "placeholders differ from en.toml: {problems:#?}"
    );
}

fn names<T>(table: &[(&str, T)]) -> Vec<String> {
    table.iter().map(|(name, _)| name.to_string()).collect()
}

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// The values of front-matter and book.toml that readers see, by table.
fn value_keys() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("journey_state", names(JOURNEY_STATES)),
        ("journey_status", names(JOURNEY_STATUSES)),
        ("plan_status", names(PLAN_STATUSES)),
        ("opportunity_status", names(OPPORTUNITY_STATUSES)),
        ("segment", names(SEGMENTS)),
        ("channel_kind", names(CHANNEL_KINDS)),
        ("ownership", names(OWNERSHIP)),
        ("metric_category", names(METRIC_CATEGORIES)),
        ("level", names(LEVELS)),
        ("severity", names(LEVELS)),
        ("direction", list(&["up", "down"])),
        ("track", list(&["on-track", "off-track", "no-target"])),
        ("emotion", (-2..=2).map(|s: i64| s.to_string()).collect()),
        ("month", (1..=12).map(|m: u8| m.to_string()).collect()),
        ("builtin_metric", list(&["nps", "csat", "ces", "unit"])),
        ("metric_group", {
            let mut groups = names(METRIC_CATEGORIES);
            groups.push("other".into());
            groups
        }),
    ]
}

/// Keys the code and the templates compute rather than write out.
fn computed_keys() -> Vec<(&'static str, Vec<String>)> {
    let sections = ["journeys", "personas", "touchpoints", "channels"];
    vec![
        ("moment", list(&["zero", "first", "second", "ultimate"])),
        ("count", list(&[&sections[..], &["opportunities"]].concat())),
        (
            "section",
            sections.iter().map(|s| format!("{s}_intro")).collect(),
        ),
        (
            "nav",
            list(
                &[
                    &["overview"],
                    &sections[..],
                    &["metrics", "opportunities", "action_plans"],
                ]
                .concat(),
            ),
        ),
        (
            "demographic",
            list(&[
                "age",
                "gender",
                "occupation",
                "education",
                "income",
                "location",
            ]),
        ),
        (
            "lane",
            list(&[
                "actions",
                "thoughts",
                "needs",
                "expectations",
                "touchpoints",
                "emotion",
                "satisfiers",
                "pain-points",
                "opportunities",
                "metrics",
                "company-actions",
                "backstage",
                "owner",
                "gap",
                "change",
                "links-to",
            ]),
        ),
    ]
}

#[test]
fn every_value_and_computed_key_has_a_text() {
    let english = parse(source(Language::EN)).unwrap();
    let mut missing = Vec::new();
    for (table, keys) in value_keys().into_iter().chain(computed_keys()) {
        for key in keys {
            if english.lookup(table, &key).is_none() {
                missing.push(format!("{table}.{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "en.toml lacks {missing:?}");
}

/// `site.t.<table>.<key>` and `site.t.<table>[…]` in the text of a template.
fn template_references(text: &str) -> Vec<(String, Option<String>)> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    text.split("site.t.")
        .skip(1)
        .map(|rest| {
            let table = word(rest);
            let after = &rest[table.len()..];
            let key = after.strip_prefix('.').map(word);
            (table, key)
        })
        .collect()
}

#[test]
fn every_text_the_default_theme_uses_exists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let english = labels(Language::EN);
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (table, key) in template_references(&text) {
            count += 1;
            let found = match &key {
                Some(key) => english.lookup(&table, key).is_some(),
                None => english.tables.contains_key(&table),
            };
            if !found {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                missing.push(format!(
                    "{name}: site.t.{table}.{}",
                    key.unwrap_or_default()
                ));
            }
        }
    }
    assert!(count > 100, "the templates use only {count} texts?");
    assert!(missing.is_empty(), "missing texts: {missing:#?}");
}

/// `.get("table", "key"` and `.fill("table", "key"` in Rust source.
fn code_references(text: &str) -> Vec<(String, String)> {
    let literal_pair = |rest: &str| -> Option<(String, String)> {
        let (table, rest) = rest.split_once('"')?;
        let rest = rest.strip_prefix(", \"")?;
        let (key, _) = rest.split_once('"')?;
        Some((table.to_string(), key.to_string()))
    };
    [".get(\"", ".fill(\""]
        .iter()
        .flat_map(|call| text.split(call).skip(1).filter_map(literal_pair))
        .collect()
}

#[test]
fn every_text_the_code_asks_for_exists() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let english = labels(Language::EN);
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "rs") || path.starts_with(src.join("i18n")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (table, key) in code_references(&text) {
            count += 1;
            if english.lookup(&table, &key).is_none() {
                missing.push(format!("{}: {table}.{key}", path.display()));
            }
        }
    }
    assert!(count > 20, "the code uses only {count} texts?");
    assert!(missing.is_empty(), "missing texts: {missing:#?}");
}

#[test]
fn no_text_holds_markup_characters() {
    // Some texts go into SVG unescaped (`compare.chart_desc`).
    for (code, labels) in own_files() {
        for (table, texts) in &labels.tables {
            for (key, text) in texts {
                assert!(
                    !text.contains(['<', '>', '&']),
                    "{code}: {table}.{key} holds <, > or &"
                );
            }
        }
    }
}

#[test]
fn dates_are_written_per_language() {
    let date = Date::parse("2026-09-30").unwrap();
    assert_eq!(labels(Language::EN).date(date), "30 September 2026");
    assert_eq!(
        labels(Language::from_code("es").unwrap()).date(date),
        "30 de septiembre de 2026"
    );
    let first = Date::parse("2025-07-01").unwrap();
    assert_eq!(labels(Language::EN).date(first), "1 July 2025");
}

#[test]
fn lookups_never_fail() {
    let es = labels(Language::from_code("es").unwrap());
    assert_eq!(es.get("plan_status", "in-progress"), "en curso");
    assert_eq!(es.get("plan_status", "someday"), "someday");
    assert_eq!(es.lookup("nowhere", "nothing"), None);
    assert_eq!(
        es.fill("metric", "kpi_source", &[("title", "NPS")]),
        "NPS (KPI del recorrido)"
    );
    assert_eq!(
        es.fill(
            "map",
            "figures",
            &[("current", "{target}"), ("target", "3")]
        ),
        "{target} → objetivo 3",
        "values are not filled in again"
    );
}

#[test]
fn every_file_of_the_folder_is_a_language_and_english_is_the_default() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n");
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            (path.extension()? == "toml")
                .then(|| path.file_stem().unwrap().to_str().unwrap().to_string())
        })
        .collect();
    files.sort();
    let codes: Vec<&str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
    assert_eq!(codes, files);
    for &(code, language) in LANGUAGES {
        assert_eq!(Language::from_code(code), Some(language));
        assert_eq!(language.code(), code);
    }
    assert_eq!(Language::default().code(), "en");
    assert_eq!(Language::from_code("fr"), None);
}
