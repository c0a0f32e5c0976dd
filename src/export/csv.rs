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
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The CSV of the given journeys (every journey of the site when `None`).
pub fn document(site: &Site, only: Option<&Journey>) -> String {
    let mut out = row(&HEADER.map(String::from));
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
                out.push_str(&row(&[
                    journey.doc.id.clone(),
                    journey.title.clone(),
                    stage.name.clone(),
                    step.id.clone(),
                    step.name.clone(),
                    personas.clone(),
                    step.touchpoints
                        .iter()
                        .map(|t| t.value.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    channels.join("; "),
                    step.emotion
                        .as_ref()
                        .map_or_else(String::new, |e| e.score.value.to_string()),
                    step.pain_points
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    opportunities.join("; "),
                    metrics.join("; "),
                ]));
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
    }
}
