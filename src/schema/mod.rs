//! `journeybook schema <kind>`: JSON Schemas (draft-07) of the front-matter
//! of each entity kind and of book.toml, so editors with a YAML (or TOML)
//! language server complete keys and flag mistakes as users type, and of
//! the JSON export. Allowed values come from the same tables the parser
//! uses, so the schemas cannot drift from what journeybook accepts.

mod export;

use serde_json::{Map, Value, json};

use crate::config::{CHANNEL_KINDS, METRIC_CATEGORIES};
use crate::content::model::{
    JOURNEY_STATES, JOURNEY_STATUSES, LEVELS, OPPORTUNITY_STATUSES, OWNERSHIP, PLAN_STATUSES,
    SEGMENTS,
};

/// The kinds `journeybook schema` can print.
pub const KINDS: [&str; 6] = [
    "persona",
    "journey",
    "touchpoint",
    "opportunity",
    "book",
    "export",
];

/// The schema of `kind`, or `None` for an unknown kind.
pub fn schema(kind: &str) -> Option<Value> {
    let (title, body) = match kind {
        "persona" => ("journeybook persona front-matter", persona()),
        "journey" => ("journeybook journey front-matter", journey()),
        "touchpoint" => ("journeybook touchpoint front-matter", touchpoint()),
        "opportunity" => ("journeybook shared opportunity front-matter", opportunity()),
        "book" => ("journeybook book.toml", book()),
        "export" => (
            "journeybook export (export --format json)",
            export::schema(),
        ),
        _ => return None,
    };
    let mut schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("https://journeybook.invalid/schema/{kind}.json"),
        "title": title,
    });
    if let (Value::Object(out), Value::Object(body)) = (&mut schema, body) {
        out.extend(body);
    }
    Some(schema)
}

/// A value the reader accepts as text (numbers and booleans read as written).
pub(crate) fn text() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

pub(crate) fn texts() -> Value {
    json!({"type": "array", "items": text()})
}

pub(crate) fn date() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A date written YYYY-MM-DD"})
}

pub(crate) fn one_of<T>(table: &[(&str, T)]) -> Value {
    json!({"type": "string", "enum": table.iter().map(|(name, _)| *name).collect::<Vec<_>>()})
}

/// An object with exactly these properties (no others), some required.
pub(crate) fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// The keys every content file accepts, merged into `properties`.
fn with_common(mut properties: Value, dated: bool) -> Value {
    let mut common = Map::new();
    common.insert(
        "id".into(),
        json!({"type": "string", "description": "Defaults to the file name"}),
    );
    common.insert("draft".into(), json!({"type": "boolean"}));
    common.insert(
        "extra".into(),
        json!({"description": "Free data passed to templates as-is"}),
    );
    if dated {
        common.insert("updated".into(), date());
    }
    if let Value::Object(map) = &mut properties {
        map.extend(common);
    }
    properties
}

fn metric_readings() -> Value {
    json!({"type": "array", "items": object(json!({
        "metric": text(), "current": {"type": "number"}, "target": {"type": "number"}, "as-of": text(),
    }), &["metric"])})
}

fn persona() -> Value {
    let evidence =
        json!({"anyOf": [text(), object(json!({"source": text(), "note": text()}), &["source"])]});
    object(
        with_common(
            json!({
                "name": text(), "role": text(), "segment": one_of(SEGMENTS), "quote": text(),
                "avatar": {"type": "string", "description": "An image path relative to this file, or a URL"},
                "demographics": object(json!({"age": text(), "gender": text(), "occupation": text(),
                    "education": text(), "income": text(), "location": text()}), &[]),
                "psychographics": object(json!({"attitudes": texts(), "values": texts(),
                    "interests": texts(), "traits": texts()}), &[]),
                "goals": texts(), "needs": texts(), "frustrations": texts(),
                "channels": texts(), "evidence": {"type": "array", "items": evidence},
            }),
            true,
        ),
        &["name"],
    )
}

fn touchpoint() -> Value {
    object(
        with_common(
            json!({
                "name": text(), "channel": text(), "ownership": one_of(OWNERSHIP), "owner": text(),
                "resources": texts(), "url": text(), "metrics": metric_readings(),
            }),
            true,
        ),
        &["name", "channel"],
    )
}

fn opportunity() -> Value {
    object(
        with_common(
            json!({
                "title": text(), "impact": one_of(LEVELS), "effort": one_of(LEVELS),
                "status": one_of(OPPORTUNITY_STATUSES), "owner": text(),
            }),
            true,
        ),
        &["title"],
    )
}

fn step() -> Value {
    let emotion = json!({"anyOf": [
        {"type": "integer"},
        object(json!({"score": {"type": "integer"}, "target": {"type": "integer"},
            "by-persona": {"type": "object", "additionalProperties": {"type": "integer"}}}), &["score"]),
    ]});
    let pain = json!({"anyOf": [text(), object(json!({"text": text(), "severity": one_of(LEVELS)}), &["text"])]});
    let opportunity = json!({"anyOf": [text(), object(json!({"text": text(), "impact": one_of(LEVELS),
        "effort": one_of(LEVELS)}), &["text"])]});
    object(
        json!({
            "name": text(), "id": text(), "actions": texts(), "thoughts": texts(), "touchpoints": texts(),
            "emotion": emotion, "needs": texts(), "expectations": texts(), "satisfiers": texts(),
            "pain-points": {"type": "array", "items": pain},
            "opportunities": {"type": "array", "items": opportunity},
            "metrics": metric_readings(), "moment-of-truth": {"type": "boolean"},
            "company-actions": texts(), "backstage": texts(), "gap": text(), "change": text(), "owner": text(),
            "links-to": {"type": "array", "items": {"type": "string", "pattern": "^[^#]+#[^#]+$"}},
        }),
        &["name"],
    )
}

fn journey() -> Value {
    let stage = object(
        json!({"name": text(), "id": text(), "moment": {"type": "integer", "minimum": 0, "maximum": 3},
            "steps": {"type": "array", "items": step()}}),
        &["name"],
    );
    let plan = object(
        json!({"title": text(), "owner": text(), "stage": text(), "status": one_of(PLAN_STATUSES),
            "due": date(), "metric": text()}),
        &["title"],
    );
    object(
        with_common(
            json!({
                "title": text(), "personas": texts(), "scenario": text(), "state": one_of(JOURNEY_STATES),
                "compares": text(), "parent": text(), "status": one_of(JOURNEY_STATUSES), "owner": text(),
                "participants": {"type": "array", "items": object(json!({"role": text(), "who": text()}), &["role", "who"])},
                "stage-set": text(), "kpis": metric_readings(),
                "action-plans": {"type": "array", "items": plan},
                "stages": {"type": "array", "items": stage},
            }),
            true,
        ),
        &["title"],
    )
}

fn book() -> Value {
    object(
        json!({
            "book": object(json!({"title": text(), "description": text(),
                "language": one_of(crate::config::LANGUAGES), "base-url": text(),
                "edit-url": {"type": "string", "description": "Where pages are edited; {path} becomes the file's path"}}), &[]),
            "build": object(json!({"content": text(), "output": text(), "theme": text(),
                "drafts": {"type": "boolean"}, "stale-after-days": {"type": "integer", "minimum": 0},
                "sanitize-html": {"type": "boolean"}}), &[]),
            "emotion": object(json!({"min": {"type": "integer"}, "max": {"type": "integer"}, "labels": texts()}), &[]),
            "stage-sets": {"type": "object", "additionalProperties": texts()},
            "search": object(json!({"enabled": {"type": "boolean"}}), &[]),
            "print": object(json!({"paper": one_of(crate::config::PAPERS)}), &[]),
            "channels": {"type": "array", "items": object(json!({"id": text(), "name": text(),
                "kind": one_of(CHANNEL_KINDS)}), &["id"])},
            "metrics": {"type": "array", "items": object(json!({"id": text(), "name": text(),
                "category": one_of(METRIC_CATEGORIES), "unit": text(),
                "direction": {"type": "string", "enum": ["up", "down"]}}), &["id"])},
        }),
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_draft_07_schema() {
        for kind in KINDS {
            let schema = schema(kind).unwrap();
            assert_eq!(
                schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{kind}"
            );
            assert_eq!(schema["type"], "object", "{kind}");
        }
        assert!(schema("nope").is_none());
    }

    #[test]
    fn enums_come_from_the_parser_tables() {
        let journey = schema("journey").unwrap();
        assert_eq!(
            journey["properties"]["state"]["enum"],
            json!(["current", "future", "research"])
        );
        assert_eq!(journey["required"], json!(["title"]));
        assert_eq!(journey["additionalProperties"], json!(false));
    }
}
