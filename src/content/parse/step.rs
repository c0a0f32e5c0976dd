//! Journey step front-matter → `Step`: lanes, emotion (short and long form),
//! pain points, opportunities and `links-to`; and the emotion-scale check.

use crate::config::EmotionScale;
use crate::content::model::{Emotion, List, PainPoint, Step, StepNotes, StepOpportunity, StepRef};
use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Located};
use crate::content::slug::slugify;
use crate::diagnostic::code;

use super::simple::{level, metric_readings};

pub fn read(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Step> {
    let mut fields = ck.map(node, path)?;
    let name = fields.required(ck, "name", reader::text);
    let id = fields.optional(ck, "id", reader::text);
    let step = Step {
        id: Box::default(),
        name: Box::default(),
        at: path.clone(),
        actions: fields.list(ck, "actions", reader::text_list),
        thoughts: fields.list(ck, "thoughts", reader::text_list),
        touchpoints: fields.list(ck, "touchpoints", reader::id_list),
        emotion: fields.optional(ck, "emotion", emotion),
        needs: fields.list(ck, "needs", reader::text_list),
        expectations: fields.list(ck, "expectations", reader::text_list),
        satisfiers: fields.list(ck, "satisfiers", reader::text_list),
        pain_points: fields.list(ck, "pain-points", |ck, n, p| {
            reader::list(ck, n, p, pain_point)
        }),
        opportunities: fields.list(ck, "opportunities", |ck, n, p| {
            reader::list(ck, n, p, opportunity)
        }),
        metrics: fields.list(ck, "metrics", metric_readings),
        moment_of_truth: fields
            .optional(ck, "moment-of-truth", reader::boolean)
            .unwrap_or(false),
        company_actions: fields.list(ck, "company-actions", reader::text_list),
        backstage: fields.list(ck, "backstage", reader::text_list),
        notes: notes(StepNotes {
            gap: fields.optional(ck, "gap", reader::text),
            change: fields.optional(ck, "change", reader::text),
            owner: fields.optional(ck, "owner", reader::text),
        }),
        links_to: fields.list(ck, "links-to", |ck, n, p| reader::list(ck, n, p, step_ref)),
    };
    fields.finish(ck);
    let name = name?;
    Some(Step {
        id: id.unwrap_or_else(|| slugify(&name)).into(),
        name: name.into(),
        ..step
    })
}

/// The notes, boxed only when the step has any.
fn notes(notes: StepNotes) -> Option<Box<StepNotes>> {
    let any = notes.gap.is_some() || notes.change.is_some() || notes.owner.is_some();
    any.then(|| Box::new(notes))
}

/// `1` or `{score: 1, target: 2, by-persona: {bob: -1}}`.
fn emotion(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Emotion> {
    if !matches!(node, Node::Map(_)) {
        let score = reader::located_integer(ck, node, path)?;
        return Some(Emotion {
            score,
            target: None,
            by_persona: List::new(),
        });
    }
    let mut fields = ck.map(node, path)?;
    let score = fields.required(ck, "score", reader::located_integer);
    let target = fields.optional(ck, "target", reader::located_integer);
    let by_persona = match fields.raw("by-persona") {
        Some((Node::Map(entries), at)) => entries
            .iter()
            .filter_map(|(persona, value)| {
                let value_at = at.key_owned(persona);
                let score = reader::located_integer(ck, value, &value_at)?;
                Some((Located::new(persona.clone(), value_at), score))
            })
            .collect(),
        Some((Node::Null, _)) | None => List::new(),
        Some((other, at)) => {
            ck.error(
                code::WRONG_TYPE,
                &at,
                format!(
                    "`by-persona` must map persona ids to scores, found {}",
                    other.kind()
                ),
                Some("write it as `by-persona: {bob: -1}`".into()),
            );
            List::new()
        }
    };
    fields.finish(ck);
    Some(Emotion {
        score: score?,
        target,
        by_persona,
    })
}

/// A plain string, or `{text, severity}`.
fn pain_point(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<PainPoint> {
    if !matches!(node, Node::Map(_)) {
        let text = reader::text(ck, node, path)?;
        return Some(PainPoint {
            text,
            severity: None,
        });
    }
    let mut fields = ck.map(node, path)?;
    let text = fields.required(ck, "text", reader::text);
    let severity = fields.optional(ck, "severity", level);
    fields.finish(ck);
    Some(PainPoint {
        text: text?,
        severity,
    })
}

/// A shared opportunity's id, or an inline `{text, impact, effort}`.
fn opportunity(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<StepOpportunity> {
    if !matches!(node, Node::Map(_)) {
        return reader::id_ref(ck, node, path).map(StepOpportunity::Shared);
    }
    let mut fields = ck.map(node, path)?;
    let text = fields.required(ck, "text", reader::text);
    let impact = fields.optional(ck, "impact", level);
    let effort = fields.optional(ck, "effort", level);
    fields.finish(ck);
    Some(StepOpportunity::Inline {
        text: text?,
        impact,
        effort,
    })
}

/// `journey-id#step-id`.
fn step_ref(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<StepRef> {
    let raw = reader::text(ck, node, path)?;
    match raw.split_once('#') {
        Some((journey, step)) if !journey.is_empty() && !step.is_empty() => Some(StepRef {
            journey: journey.to_string(),
            step: step.to_string(),
            at: path.clone(),
        }),
        _ => {
            ck.error(
                code::BAD_VALUE,
                path,
                format!("`{raw}` is not a step reference"),
                Some("write `journey-id#step-id`, e.g. `after-sales#contacts-support`".into()),
            );
            None
        }
    }
}

/// Reports every score or target of a step that lies outside the scale.
pub fn check_scale(ck: &mut Checker, step: &Step, scale: &EmotionScale) {
    let Some(emotion) = &step.emotion else { return };
    let scores = std::iter::once(&emotion.score)
        .chain(emotion.target.as_ref())
        .chain(emotion.by_persona.iter().map(|(_, score)| score));
    for score in scores {
        if !scale.contains(score.value) {
            ck.error(
                code::EMOTION_OFF_SCALE,
                &score.at,
                format!(
                    "emotion {} is outside the scale {}..{}",
                    score.value, scale.min, scale.max
                ),
                Some(format!(
                    "use an integer from {} to {} (set in book.toml under [emotion])",
                    scale.min, scale.max
                )),
            );
        }
    }
}
