//! One CSV row per journey step (`export --format csv`): journey, stage,
//! step, personas, touchpoints, channels, emotion, pain points,
//! opportunities and metrics, for spreadsheets. Lists are joined with "; ";
//! fields are quoted as RFC 4180 says.

use std::fmt::Write as _;

use crate::content::model::{Journey, Step, StepOpportunity};
use crate::link::Site;

const HEADER: [&str; 12] = [
    "journey",
    "journey_title",
    "stage",
    "step",
    "step_name",
    "personas",
    "touchpoints",
    "channels",
    "emotion",
    "pain_points",
    "opportunities",
    "metrics",
];

/// Quotes a field when it holds a comma, quote or line break.
pub fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_field(&mut out, text);
    out
}

/// Appends `text` as one CSV field, quoted only when it must be.
fn push_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// Appends one CSV line (written straight into the document: a String per
/// field and per line was most of the export's time).
fn push_row(out: &mut String, fields: &[&str]) {
    for (i, text) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, text);
    }
    out.push_str("\r\n");
}

/// A step's list fields, each joined with "; " into a buffer kept from
/// step to step.
#[derive(Default)]
struct Lists {
    touchpoints: String,
    channels: String,
    emotion: String,
    pain_points: String,
    opportunities: String,
    metrics: String,
}

/// Replaces `into` with `items` joined by "; ".
fn join_into<'a>(into: &mut String, items: impl Iterator<Item = &'a str>) {
    into.clear();
    for (i, item) in items.enumerate() {
        if i > 0 {
            into.push_str("; ");
        }
        into.push_str(item);
    }
}

impl Lists {
    fn fill(&mut self, site: &Site, step: &Step) {
        join_into(
            &mut self.touchpoints,
            step.touchpoints.iter().map(|t| t.value.as_str()),
        );
        join_into(
            &mut self.channels,
            step.touchpoints
                .iter()
                .filter_map(|t| site.lookups.touchpoints.get(&t.value))
                .filter_map(|&i| site.portfolio.touchpoints[i].channel.as_ref())
                .map(|c| c.value.as_str()),
        );
        self.emotion.clear();
        if let Some(emotion) = &step.emotion {
            let _ = write!(self.emotion, "{}", emotion.score.value);
        }
        join_into(
            &mut self.pain_points,
            step.pain_points.iter().map(|p| p.text.as_str()),
        );
        join_into(
            &mut self.opportunities,
            step.opportunities.iter().map(|o| match o {
                StepOpportunity::Shared(id) => id.value.as_str(),
                StepOpportunity::Inline { text, .. } => text.as_str(),
            }),
        );
        self.metrics.clear();
        for (i, m) in step.metrics.iter().enumerate() {
            if i > 0 {
                self.metrics.push_str("; ");
            }
            self.metrics.push_str(&m.metric.value);
            match (m.current, m.target) {
                (Some(c), Some(t)) => _ = write!(self.metrics, "={c}/{t}"),
                (Some(c), None) => _ = write!(self.metrics, "={c}"),
                _ => {}
            }
        }
    }
}

/// The CSV of the given journeys (every journey of the site when `None`).
pub fn document(site: &Site, only: Option<&Journey>) -> String {
    let mut out = String::with_capacity(4096);
    push_row(&mut out, &HEADER);
    let journeys: Vec<&Journey> = match only {
        Some(journey) => vec![journey],
        None => site.portfolio.journeys.iter().collect(),
    };
    let mut personas = String::new();
    let mut lists = Lists::default();
    for journey in journeys {
        join_into(
            &mut personas,
            journey.personas.iter().map(|p| p.value.as_str()),
        );
        for stage in journey.stages.iter() {
            for step in &stage.steps {
                lists.fill(site, step);
                push_row(
                    &mut out,
                    &[
                        &journey.doc.id,
                        &journey.title,
                        &stage.name,
                        &step.id,
                        &step.name,
                        &personas,
                        &lists.touchpoints,
                        &lists.channels,
                        &lists.emotion,
                        &lists.pain_points,
                        &lists.opportunities,
                        &lists.metrics,
                    ],
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("\"\""), "\"\"\"\"\"\"");
    }
}
