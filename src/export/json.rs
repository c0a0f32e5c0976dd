//! The whole linked portfolio as one JSON document (`export --format
//! json`): every entity with its references resolved to ids, the reverse
//! indexes (who uses what), and the computed means. Its shape is described
//! by the JSON Schema of `journeybook schema export`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::{CHANNEL_KINDS, METRIC_CATEGORIES};
use crate::content::model::{
    JOURNEY_STATES, JOURNEY_STATUSES, Journey, LEVELS, Level, OPPORTUNITY_STATUSES, OWNERSHIP,
    PLAN_STATUSES, SEGMENTS, Step, StepOpportunity, name_in,
};
use crate::link::{ReadingAt, Site, StepUse};
use crate::render::view::{mean, track_status};

/// The version of the export's shape; raised when it changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

fn level(level: Option<Level>) -> Value {
    level.map_or(Value::Null, |l| json!(name_in(LEVELS, l)))
}

fn step_ref(site: &Site, at: StepUse) -> Value {
    let (journey, stage, step) = site.step_at(at);
    json!({"journey": journey.doc.id, "stage": stage.id, "step": step.id})
}

fn step_mean(steps: impl IntoIterator<Item = Option<i64>>) -> Value {
    mean(steps).map_or(Value::Null, |m| json!((m * 100.0).round() / 100.0))
}

/// The export document.
pub fn document(site: &Site) -> Value {
    let config = &site.config;
    json!({
        "format": "journeybook-export",
        "version": FORMAT_VERSION,
        "site": {
            "title": config.title,
            "description": config.description,
            "language": config.language.code(),
            "base_url": config.base_url,
        },
        "emotion_scale": config.emotion,
        "channels": channels(site),
        "metrics": metrics(site),
        "personas": personas(site),
        "touchpoints": touchpoints(site),
        "opportunities": opportunities(site),
        "journeys": site.portfolio.journeys.iter().enumerate().map(|(i, j)| journey(site, i, j)).collect::<Vec<_>>(),
        "pages": site.portfolio.pages.iter().map(|p| json!({"id": p.doc.id, "title": p.title, "description": p.description})).collect::<Vec<_>>(),
    })
}

fn channels(site: &Site) -> Vec<Value> {
    let ids = |list: &[usize], name: fn(&Site, usize) -> &str| {
        list.iter().map(|&i| name(site, i)).collect::<Vec<_>>()
    };
    site.config
        .channels
        .iter()
        .enumerate()
        .map(|(i, channel)| {
            json!({
                "id": channel.id.value,
                "name": channel.name,
                "kind": channel.kind.map(|k| name_in(CHANNEL_KINDS, k)),
                "touchpoints": ids(&site.indexes.channel_touchpoints[i], |s, t| &s.portfolio.touchpoints[t].doc.id),
                "personas": ids(&site.indexes.channel_personas[i], |s, p| &s.portfolio.personas[p].doc.id),
            })
        })
        .collect()
}

fn reading_source(site: &Site, at: ReadingAt) -> Value {
    match at {
        ReadingAt::Kpi { journey, .. } => {
            json!({"kind": "journey", "journey": site.portfolio.journeys[journey].doc.id})
        }
        ReadingAt::Step { at, .. } => {
            let mut source = step_ref(site, at);
            source["kind"] = json!("step");
            source
        }
        ReadingAt::Touchpoint { touchpoint, .. } => {
            json!({"kind": "touchpoint", "touchpoint": site.portfolio.touchpoints[touchpoint].doc.id})
        }
    }
}

fn metrics(site: &Site) -> Vec<Value> {
    site.config
        .metrics
        .iter()
        .enumerate()
        .map(|(i, metric)| {
            let readings: Vec<Value> = site.indexes.metric_readings[i]
                .iter()
                .map(|&at| {
                    let reading = site.reading(at);
                    json!({
                        "source": reading_source(site, at),
                        "current": reading.current,
                        "target": reading.target,
                        "as_of": reading.as_of,
                        "status": track_status(reading.current, reading.target, metric.direction),
                    })
                })
                .collect();
            json!({
                "id": metric.id.value,
                "name": metric.name,
                "category": metric.category.map(|c| name_in(METRIC_CATEGORIES, c)),
                "unit": metric.unit,
                "direction": metric.direction,
                "readings": readings,
            })
        })
        .collect()
}

fn personas(site: &Site) -> Vec<Value> {
    site.portfolio
        .personas
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let journeys: Vec<Value> = site.indexes.persona_journeys[i]
                .iter()
                .map(|&j| {
                    let scores = crate::render::persona_scores(site, j, &p.doc.id);
                    json!({"journey": site.portfolio.journeys[j].doc.id, "mean_emotion": step_mean(scores)})
                })
                .collect();
            let d = &p.demographics;
            let g = &p.psychographics;
            json!({
                "id": p.doc.id, "name": p.name, "role": p.role,
                "segment": p.segment.map(|s| name_in(SEGMENTS, s)), "quote": p.quote,
                "avatar": p.avatar.as_ref().map(|a| &a.value),
                "demographics": {"age": d.age, "gender": d.gender, "occupation": d.occupation,
                                 "education": d.education, "income": d.income, "location": d.location},
                "psychographics": {"attitudes": g.attitudes, "values": g.values, "interests": g.interests, "traits": g.traits},
                "goals": p.goals, "needs": p.needs, "frustrations": p.frustrations,
                "channels": p.channels.iter().map(|c| &c.value).collect::<Vec<_>>(),
                "evidence": p.evidence, "updated": p.doc.updated.map(|d| d.to_string()),
                "journeys": journeys, "extra": p.doc.extra,
            })
        })
        .collect()
}

fn touchpoints(site: &Site) -> Vec<Value> {
    site.portfolio
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let uses = &site.indexes.touchpoint_uses[i];
            json!({
                "id": t.doc.id, "name": t.name,
                "channel": t.channel.as_ref().map(|c| &c.value),
                "ownership": t.ownership.map(|o| name_in(OWNERSHIP, o)),
                "owner": t.owner, "resources": t.resources, "url": t.url,
                "used_by": uses.iter().map(|&at| step_ref(site, at)).collect::<Vec<_>>(),
                "mean_emotion": step_mean(uses.iter().map(|&at| site.step_at(at).2.emotion.as_ref().map(|e| e.score.value))),
                "extra": t.doc.extra,
            })
        })
        .collect()
}

fn opportunities(site: &Site) -> Vec<Value> {
    site.portfolio
        .opportunities
        .iter()
        .enumerate()
        .map(|(i, o)| {
            json!({
                "id": o.doc.id, "title": o.title, "impact": level(o.impact), "effort": level(o.effort),
                "status": o.status.map(|s| name_in(OPPORTUNITY_STATUSES, s)), "owner": o.owner,
                "sources": site.indexes.opportunity_sources[i].iter().map(|&at| step_ref(site, at)).collect::<Vec<_>>(),
                "extra": o.doc.extra,
            })
        })
        .collect()
}

#[derive(Serialize)]
struct Backlink {
    kind: &'static str,
    id: String,
    via: &'static str,
}

fn journey(site: &Site, index: usize, j: &Journey) -> Value {
    use crate::link::{DocRef, Via};
    let ids = |list: &[usize]| {
        list.iter()
            .map(|&i| site.portfolio.journeys[i].doc.id.clone())
            .collect::<Vec<_>>()
    };
    let backlinks: Vec<Backlink> = site.indexes.journey_backlinks[index]
        .iter()
        .map(|b| {
            let (kind, id) = match b.from {
                DocRef::Persona(i) => ("persona", site.portfolio.personas[i].doc.id.clone()),
                DocRef::Journey(i) => ("journey", site.portfolio.journeys[i].doc.id.clone()),
                DocRef::Touchpoint(i) => {
                    ("touchpoint", site.portfolio.touchpoints[i].doc.id.clone())
                }
                DocRef::Opportunity(i) => (
                    "opportunity",
                    site.portfolio.opportunities[i].doc.id.clone(),
                ),
                DocRef::Page(i) => ("page", site.portfolio.pages[i].doc.id.clone()),
                DocRef::Home => ("page", String::new()),
            };
            let via = match b.via {
                Via::LinksTo(_) => "links-to",
                Via::Compares => "compares",
                Via::Parent => "parent",
                Via::Mention => "mention",
            };
            Backlink { kind, id, via }
        })
        .collect();
    let all_scores = j
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .map(|s| s.emotion.as_ref().map(|e| e.score.value));
    json!({
        "id": j.doc.id, "title": j.title,
        "personas": j.personas.iter().map(|p| &p.value).collect::<Vec<_>>(),
        "scenario": j.scenario, "state": name_in(JOURNEY_STATES, j.state),
        "status": j.status.map(|s| name_in(JOURNEY_STATUSES, s)), "owner": j.owner,
        "participants": j.participants, "updated": j.doc.updated.map(|d| d.to_string()),
        "stage_set": j.stage_set.as_ref().map(|s| &s.value),
        "parent": j.parent.as_ref().map(|p| &p.value), "compares": j.compares.as_ref().map(|c| &c.value),
        "children": ids(&site.indexes.journey_children[index]),
        "futures": ids(&site.indexes.journey_futures[index]),
        "backlinks": backlinks,
        "kpis": j.kpis.iter().map(|k| json!({"metric": k.metric.value, "current": k.current, "target": k.target, "as_of": k.as_of})).collect::<Vec<_>>(),
        "action_plans": j.action_plans.iter().map(|a| json!({
            "title": a.title, "owner": a.owner, "stage": a.stage.as_ref().map(|s| &s.value),
            "status": a.status.map(|s| name_in(PLAN_STATUSES, s)), "due": a.due.map(|d| d.to_string()),
            "metric": a.metric.as_ref().map(|m| &m.value),
        })).collect::<Vec<_>>(),
        "mean_emotion": step_mean(all_scores),
        "stages": j.stages.iter().map(|stage| json!({
            "id": stage.id, "name": stage.name, "moment": stage.moment,
            "mean_emotion": step_mean(stage.steps.iter().map(|s| s.emotion.as_ref().map(|e| e.score.value))),
            "steps": stage.steps.iter().map(step).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "extra": j.doc.extra,
    })
}

fn step(s: &Step) -> Value {
    json!({
        "id": s.id, "name": s.name, "actions": s.actions, "thoughts": s.thoughts,
        "touchpoints": s.touchpoints.iter().map(|t| &t.value).collect::<Vec<_>>(),
        "emotion": s.emotion.as_ref().map(|e| json!({
            "score": e.score.value,
            "target": e.target.as_ref().map(|t| t.value),
            "by_persona": e.by_persona.iter().map(|(p, v)| (p.value.clone(), v.value)).collect::<std::collections::BTreeMap<_, _>>(),
        })),
        "needs": s.needs, "expectations": s.expectations, "satisfiers": s.satisfiers,
        "pain_points": s.pain_points.iter().map(|p| json!({"text": p.text, "severity": level(p.severity)})).collect::<Vec<_>>(),
        "opportunities": s.opportunities.iter().map(|o| match o {
            StepOpportunity::Shared(id) => json!({"shared": id.value}),
            StepOpportunity::Inline { text, impact, effort } => json!({"text": text, "impact": level(*impact), "effort": level(*effort)}),
        }).collect::<Vec<_>>(),
        "metrics": s.metrics.iter().map(|m| json!({"metric": m.metric.value, "current": m.current, "target": m.target, "as_of": m.as_of})).collect::<Vec<_>>(),
        "moment_of_truth": s.moment_of_truth, "company_actions": s.company_actions, "backstage": s.backstage,
        "gap": s.gap(), "change": s.change(), "owner": s.owner(),
        "links_to": s.links_to.iter().map(|l| json!({"journey": l.journey, "step": l.step})).collect::<Vec<_>>(),
    })
}
