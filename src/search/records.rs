//! What can be found: one record per page (journeys, personas, touchpoints,
//! channels, metrics, shared opportunities, free pages) and one per journey
//! step, whose text holds its actions, thoughts, needs, pain points,
//! opportunities and touchpoint names, linking to the step on its map.

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use crate::content::model::{Doc, StepOpportunity};
use crate::link::{Site, urls};

/// One searchable thing.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Record {
    /// `journey`, `step`, `persona`, `touchpoint`, `channel`, `metric`,
    /// `opportunity` or `page`.
    pub kind: &'static str,
    /// The kind in the site's language.
    pub label: String,
    pub title: String,
    /// The page (with an anchor for steps), relative to base-url.
    pub url: String,
    /// Where it sits, shown under the title (e.g. the journey of a step).
    pub context: String,
    /// Everything else searchable; not shipped in the chunks.
    #[serde(skip)]
    pub text: String,
    /// The first words of `text`, shown with the result.
    pub excerpt: String,
}

fn record(kind: &'static str, title: &str, url: String, context: &str, text: String) -> Record {
    let excerpt = excerpt_of(&text);
    Record {
        kind,
        label: String::new(),
        title: title.to_string(),
        url,
        context: context.to_string(),
        excerpt: excerpt.trim().to_string(),
        text,
    }
}

/// A Markdown body as plain text.
fn body_text(doc: &Doc) -> String {
    let mut text = String::new();
    for event in Parser::new(&doc.body) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
            text.push(' ');
        }
    }
    text
}

/// Every record of the site, in a stable order.
pub fn records(site: &Site) -> Vec<Record> {
    let portfolio = &site.portfolio;
    let mut out = Vec::new();
    for journey in &portfolio.journeys {
        let url = urls::entity(urls::JOURNEYS, &journey.doc.id);
        let text = [
            journey.scenario.clone().unwrap_or_default(),
            journey.owner.clone().unwrap_or_default(),
            body_text(&journey.doc),
        ]
        .join(" ");
        out.push(record("journey", &journey.title, url.clone(), "", text));
        for stage in journey.stages.iter() {
            for step in &stage.steps {
                let touchpoints = step.touchpoints.iter().filter_map(|t| {
                    site.lookups
                        .touchpoints
                        .get(&t.value)
                        .map(|&i| portfolio.touchpoints[i].name.as_str())
                });
                let opportunities = step.opportunities.iter().map(|o| match o {
                    StepOpportunity::Shared(id) => site
                        .lookups
                        .opportunities
                        .get(&id.value)
                        .map_or(id.value.as_str(), |&i| {
                            portfolio.opportunities[i].title.as_str()
                        }),
                    StepOpportunity::Inline { text, .. } => text.as_str(),
                });
                let parts: Vec<&str> = step
                    .pain_points
                    .iter()
                    .map(|p| p.text.as_str())
                    .chain(step.actions.iter().map(|t| &**t))
                    .chain(step.thoughts.iter().map(|t| &**t))
                    .chain(step.needs.iter().map(|t| &**t))
                    .chain(step.expectations.iter().map(|t| &**t))
                    .chain(opportunities)
                    .chain(touchpoints)
                    .chain(step.gap())
                    .chain(step.change())
                    .collect();
                let anchored = format!("{url}#{}", urls::step_anchor(&step.id));
                let context = format!("{} › {}", journey.title, stage.name);
                out.push(record(
                    "step",
                    &step.name,
                    anchored,
                    &context,
                    parts.join(" · "),
                ));
            }
        }
    }
    for persona in &portfolio.personas {
        let text = [
            persona.role.clone().unwrap_or_default(),
            persona.quote.clone().unwrap_or_default(),
            persona.goals.join(" "),
            persona.needs.join(" "),
            persona.frustrations.join(" "),
            body_text(&persona.doc),
        ]
        .join(" ");
        out.push(record(
            "persona",
            &persona.name,
            urls::entity(urls::PERSONAS, &persona.doc.id),
            "",
            text,
        ));
    }
    for touchpoint in &portfolio.touchpoints {
        let channel = touchpoint
            .channel
            .as_ref()
            .and_then(|c| site.config.channel(&c.value))
            .map_or("", |c| c.name.as_str());
        let text = [
            touchpoint.owner.clone().unwrap_or_default(),
            touchpoint.resources.join(" "),
            body_text(&touchpoint.doc),
        ]
        .join(" ");
        out.push(record(
            "touchpoint",
            &touchpoint.name,
            urls::entity(urls::TOUCHPOINTS, &touchpoint.doc.id),
            channel,
            text,
        ));
    }
    for opportunity in &portfolio.opportunities {
        let text = [
            opportunity.owner.clone().unwrap_or_default(),
            body_text(&opportunity.doc),
        ]
        .join(" ");
        out.push(record(
            "opportunity",
            &opportunity.title,
            urls::entity(urls::OPPORTUNITIES, &opportunity.doc.id),
            "",
            text,
        ));
    }
    for channel in &site.config.channels {
        out.push(record(
            "channel",
            &channel.name,
            urls::entity(urls::CHANNELS, &channel.id.value),
            "",
            String::new(),
        ));
    }
    for metric in &site.config.metrics {
        out.push(record(
            "metric",
            &metric.name,
            urls::entity(urls::METRICS, &metric.id.value),
            "",
            metric.id.value.clone(),
        ));
    }
    for page in &portfolio.pages {
        let text = [
            page.description.clone().unwrap_or_default(),
            body_text(&page.doc),
        ]
        .join(" ");
        out.push(record(
            "page",
            &page.title,
            urls::page(&page.doc.id),
            "",
            text,
        ));
    }
    let labels = crate::i18n::labels(site.config.language);
    for record in &mut out {
        record.label = labels.get("search_kind", record.kind).to_string();
    }
    out
}

/// The first words of a text, cut at a word boundary (with an ellipsis).
fn excerpt_of(text: &str) -> String {
    const LENGTH: usize = 160;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LENGTH {
        return text;
    }
    let cut: String = text.chars().take(LENGTH).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(words, _)| words);
    format!("{}…", cut.trim_end_matches([' ', '·', ',']))
}

#[cfg(test)]
mod tests {
    use super::excerpt_of;

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt_of("short  text"), "short text");
        let long = "word ".repeat(50);
        let excerpt = excerpt_of(&long);
        assert!(
            excerpt.ends_with("word…") && excerpt.chars().count() <= 161,
            "{excerpt}"
        );
    }
}
