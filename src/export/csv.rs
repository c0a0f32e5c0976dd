//! One CSV row per journey step (`export --format csv`): journey, stage,
//! step, personas, touchpoints, channels, emotion, pain points,
//! opportunities and metrics, for spreadsheets. Lists are joined with "; ";
//! fields are quoted as RFC 4180 says.

use crate::content::model::{Journey, StepOpportunity};
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

/// The CSV of the given journeys (every journey of the site when `None`).
pub fn document(site: &Site, only: Option<&Journey>) -> String {
    let mut out = String::with_capacity(4096);
    push_row(&mut out, &HEADER);
    let journeys: Vec<&Journey> = match only {
        Some(journey) => vec![journey],
        None => site.portfolio.journeys.iter().collect(),
    };
    for journey in journeys {
        let personas = journey
            .personas
            .iter()
            .map(|p| p.value.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        for stage in journey.stages.iter() {
            for step in &stage.steps {
                let channels: Vec<String> = step
                    .touchpoints
                    .iter()
                    .filter_map(|t| site.lookups.touchpoints.get(&t.value))
                    .filter_map(|&i| {
                        site.portfolio.touchpoints[i]
                            .channel
                            .as_ref()
                            .map(|c| c.value.clone())
                    })
                    .collect();
                let opportunities: Vec<String> = step
                    .opportunities
                    .iter()
                    .map(|o| match o {
                        StepOpportunity::Shared(id) => id.value.clone(),
                        StepOpportunity::Inline { text, .. } => text.clone(),
                    })
                    .collect();
                let metrics: Vec<String> = step
                    .metrics
                    .iter()
                    .map(|m| match (m.current, m.target) {
                        (Some(c), Some(t)) => format!("{}={c}/{t}", m.metric.value),
                        (Some(c), None) => format!("{}={c}", m.metric.value),
                        _ => m.metric.value.clone(),
                    })
                    .collect();
                let touchpoints = step
                    .touchpoints
                    .iter()
                    .map(|t| t.value.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                let emotion = step
                    .emotion
                    .as_ref()
                    .map_or_else(String::new, |e| e.score.value.to_string());
                let pain_points = step
                    .pain_points
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                push_row(
                    &mut out,
                    &[
                        &journey.doc.id,
                        &journey.title,
                        &stage.name,
                        &step.id,
                        &step.name,
                        &personas,
                        &touchpoints,
                        &channels.join("; "),
                        &emotion,
                        &pain_points,
                        &opportunities.join("; "),
                        &metrics.join("; "),
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
