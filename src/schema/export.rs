//! The JSON Schema of `export --format json` (see `export::json`): the
//! document's shape, with every key it always writes required.

use serde_json::{Value, json};

use crate::config::{CHANNEL_KINDS, METRIC_CATEGORIES};
use crate::content::model::{
    JOURNEY_STATES, JOURNEY_STATUSES, LEVELS, OPPORTUNITY_STATUSES, PLAN_STATUSES,
};

fn nullable(kind: &str) -> Value {
    json!({"type": [kind, "null"]})
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn nullable_enum<T>(table: &[(&str, T)]) -> Value {
    let mut names: Vec<Value> = table.iter().map(|(name, _)| json!(name)).collect();
    names.push(Value::Null);
    json!({"enum": names})
}

/// A closed object whose listed properties are all required.
fn record(properties: Value) -> Value {
    let required: Vec<String> = properties
        .as_object()
        .map_or_else(Vec::new, |map| map.keys().cloned().collect());
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

fn step_ref() -> Value {
    record(
        json!({"journey": {"type": "string"}, "stage": {"type": "string"}, "step": {"type": "string"}}),
    )
}

fn reading() -> Value {
    record(
        json!({"metric": {"type": "string"}, "current": nullable("number"), "target": nullable("number"),
        "as_of": nullable("string")}),
    )
}

fn step() -> Value {
    let emotion = json!({"anyOf": [{"type": "null"}, record(json!({"score": {"type": "integer"},
        "target": nullable("integer"), "by_persona": {"type": "object", "additionalProperties": {"type": "integer"}}}))]});
    let opportunity = json!({"anyOf": [record(json!({"shared": {"type": "string"}})),
        record(json!({"text": {"type": "string"}, "impact": nullable_enum(LEVELS), "effort": nullable_enum(LEVELS)}))]});
    record(json!({
        "id": {"type": "string"}, "name": {"type": "string"}, "actions": strings(), "thoughts": strings(),
        "touchpoints": strings(), "emotion": emotion, "needs": strings(), "expectations": strings(),
        "satisfiers": strings(),
        "pain_points": {"type": "array", "items": record(json!({"text": {"type": "string"}, "severity": nullable_enum(LEVELS)}))},
        "opportunities": {"type": "array", "items": opportunity},
        "metrics": {"type": "array", "items": reading()}, "moment_of_truth": {"type": "boolean"},
        "company_actions": strings(), "backstage": strings(), "gap": nullable("string"),
        "change": nullable("string"), "owner": nullable("string"),
        "links_to": {"type": "array", "items": record(json!({"journey": {"type": "string"}, "step": {"type": "string"}}))},
    }))
}

fn journey() -> Value {
    let stage = record(json!({"id": {"type": "string"}, "name": {"type": "string"},
        "moment": nullable("integer"), "mean_emotion": nullable("number"),
        "steps": {"type": "array", "items": step()}}));
    let plan = record(
        json!({"title": {"type": "string"}, "owner": nullable("string"), "stage": nullable("string"),
        "status": nullable_enum(PLAN_STATUSES), "due": nullable("string"), "metric": nullable("string")}),
    );
    let backlink = record(json!({"kind": {"type": "string"}, "id": {"type": "string"},
        "via": {"enum": ["links-to", "compares", "parent", "mention"]}}));
    record(json!({
        "id": {"type": "string"}, "title": {"type": "string"}, "personas": strings(),
        "scenario": nullable("string"), "state": {"enum": JOURNEY_STATES.iter().map(|(n, _)| *n).collect::<Vec<_>>()},
        "status": nullable_enum(JOURNEY_STATUSES), "owner": nullable("string"),
        "participants": {"type": "array", "items": record(json!({"role": {"type": "string"}, "who": {"type": "string"}}))},
        "updated": nullable("string"), "stage_set": nullable("string"), "parent": nullable("string"),
        "compares": nullable("string"), "children": strings(), "futures": strings(),
        "backlinks": {"type": "array", "items": backlink},
        "kpis": {"type": "array", "items": reading()}, "action_plans": {"type": "array", "items": plan},
        "mean_emotion": nullable("number"), "stages": {"type": "array", "items": stage}, "extra": {},
    }))
}

fn metric() -> Value {
    let source = json!({"type": "object", "required": ["kind"], "properties": {
        "kind": {"enum": ["journey", "step", "touchpoint"]}}});
    let reading = record(
        json!({"source": source, "current": nullable("number"), "target": nullable("number"),
        "as_of": nullable("string"), "status": {"enum": ["on-track", "off-track", "no-target"]}}),
    );
    record(
        json!({"id": {"type": "string"}, "name": {"type": "string"}, "category": nullable_enum(METRIC_CATEGORIES),
        "unit": nullable("string"), "direction": {"enum": ["up", "down"]},
        "readings": {"type": "array", "items": reading}}),
    )
}

fn persona() -> Value {
    json!({"type": "object", "required": ["id", "name", "journeys", "channels"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "channels": strings(),
        "journeys": {"type": "array", "items": record(json!({"journey": {"type": "string"}, "mean_emotion": nullable("number")}))},
    }})
}

/// The whole export document.
pub fn schema() -> Value {
    let touchpoint = json!({"type": "object", "required": ["id", "name", "channel", "used_by", "mean_emotion"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "channel": nullable("string"),
            "used_by": {"type": "array", "items": step_ref()}, "mean_emotion": nullable("number")}});
    let opportunity = json!({"type": "object", "required": ["id", "title", "sources"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "impact": nullable_enum(LEVELS),
        "effort": nullable_enum(LEVELS), "status": nullable_enum(OPPORTUNITY_STATUSES),
        "sources": {"type": "array", "items": step_ref()}}});
    let channel = record(json!({"id": {"type": "string"}, "name": {"type": "string"},
        "kind": nullable_enum(CHANNEL_KINDS), "touchpoints": strings(), "personas": strings()}));
    let scale = record(
        json!({"min": {"type": "integer"}, "max": {"type": "integer"}, "labels": strings()}),
    );
    let page = record(
        json!({"id": {"type": "string"}, "title": {"type": "string"}, "description": nullable("string")}),
    );
    record(json!({
        "format": {"const": "journeybook-export"},
        "version": {"const": crate::export::json::FORMAT_VERSION},
        "site": record(json!({"title": {"type": "string"}, "description": nullable("string"),
            "language": {"type": "string"}, "base_url": {"type": "string"}})),
        "emotion_scale": scale,
        "channels": {"type": "array", "items": channel},
        "metrics": {"type": "array", "items": metric()},
        "personas": {"type": "array", "items": persona()},
        "touchpoints": {"type": "array", "items": touchpoint},
        "opportunities": {"type": "array", "items": opportunity},
        "journeys": {"type": "array", "items": journey()},
        "pages": {"type": "array", "items": page},
    }))
}
