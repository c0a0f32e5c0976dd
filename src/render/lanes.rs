//! The lanes of a journey map: one row per kind of content (actions,
//! thoughts, touchpoints, pain points, ... and the backstage lanes below the
//! line of visibility), each a cell of items per step. Only lanes with
//! content in some step are shown.

use std::borrow::Cow;

use serde::Serialize;

use crate::content::model::{Journey, Level, PainPoint, Step, StepOpportunity};
use crate::i18n::Labels;

use super::view::{Linker, level_name, metric_view};

/// Texts are borrowed from the portfolio where they are its own: a map
/// holds hundreds of them, and copying each was most of making its lanes.
#[derive(Clone, Debug, Serialize, Default)]
pub struct Item<'a> {
    pub text: Cow<'a, str>,
    pub url: Option<String>,
    pub class: Option<Cow<'a, str>>,
    pub note: Option<Cow<'a, str>>,
}

impl<'a> Item<'a> {
    fn text(text: &'a str) -> Item<'a> {
        Item {
            text: Cow::Borrowed(text),
            ..Item::default()
        }
    }
}

/// A row of the map.
#[derive(Clone, Debug, Serialize)]
pub struct Lane<'a> {
    pub key: &'static str,
    pub label: &'static str,
    /// `frontstage`, `backstage` or `chart` (the emotion curve row).
    pub group: &'static str,
    /// The first backstage lane: the line of visibility is drawn above it.
    pub starts_backstage: bool,
    pub cells: Vec<Vec<Item<'a>>>,
}

/// Every lane that has content in at least one step, in map order.
pub fn lanes<'a>(linker: &Linker<'a>, journey: &Journey, steps: &[&'a Step]) -> Vec<Lane<'a>> {
    let texts = |list: fn(&Step) -> &[Box<str>]| -> Vec<Vec<Item<'a>>> {
        steps
            .iter()
            .map(|s| list(s).iter().map(|t| Item::text(t)).collect())
            .collect()
    };
    let single = |value: fn(&Step) -> Option<&str>| -> Vec<Vec<Item<'a>>> {
        steps
            .iter()
            .map(|s| value(s).iter().map(|t| Item::text(t)).collect())
            .collect()
    };
    let t = linker.site.labels();
    let lane = |key: &'static str, group: &'static str, cells: Vec<Vec<Item<'a>>>| Lane {
        key,
        label: t.get("lane", key),
        group,
        starts_backstage: false,
        cells,
    };
    let candidates = vec![
        lane("actions", "frontstage", texts(|s| &s.actions)),
        lane("thoughts", "frontstage", texts(|s| &s.thoughts)),
        lane("needs", "frontstage", texts(|s| &s.needs)),
        lane("expectations", "frontstage", texts(|s| &s.expectations)),
        lane("touchpoints", "frontstage", touchpoint_cells(linker, steps)),
        lane("emotion", "chart", vec![Vec::new(); steps.len()]),
        lane("satisfiers", "frontstage", texts(|s| &s.satisfiers)),
        lane("pain-points", "frontstage", pain_cells(steps, t)),
        lane(
            "opportunities",
            "frontstage",
            opportunity_cells(linker, steps),
        ),
        lane("metrics", "frontstage", metric_cells(linker, steps)),
        lane(
            "company-actions",
            "backstage",
            texts(|s| &s.company_actions),
        ),
        lane("backstage", "backstage", texts(|s| &s.backstage)),
        lane("owner", "backstage", single(Step::owner)),
        lane("gap", "backstage", single(Step::gap)),
        lane("change", "backstage", single(Step::change)),
        lane("links-to", "backstage", link_cells(linker, steps)),
    ];
    let has_emotion = journey
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .any(|s| s.emotion.is_some());
    let mut shown: Vec<Lane> = candidates
        .into_iter()
        .filter(|lane| {
            (lane.group == "chart" && has_emotion) || lane.cells.iter().any(|c| !c.is_empty())
        })
        .collect();
    if let Some(first) = shown.iter_mut().find(|lane| lane.group == "backstage") {
        first.starts_backstage = true;
    }
    shown
}

fn touchpoint_cells<'a>(linker: &Linker<'a>, steps: &[&'a Step]) -> Vec<Vec<Item<'a>>> {
    let site = linker.site;
    steps
        .iter()
        .map(|step| {
            step.touchpoints
                .iter()
                .map(|t| {
                    let index = site.lookups.touchpoints.get(&t.value);
                    let link = index.map(|&i| linker.touchpoint(i));
                    let channel = index
                        .and_then(|&i| site.portfolio.touchpoints[i].channel.as_ref())
                        .and_then(|c| site.config.channel(&c.value))
                        .map(|c| Cow::Borrowed(c.name.as_str()));
                    let (text, url) = match link {
                        Some(link) => (Cow::Owned(link.title), Some(link.url)),
                        None => (Cow::Borrowed(t.value.as_str()), None),
                    };
                    Item {
                        text,
                        url,
                        class: None,
                        note: channel,
                    }
                })
                .collect()
        })
        .collect()
}

fn pain_cells<'a>(steps: &[&'a Step], t: &'a Labels) -> Vec<Vec<Item<'a>>> {
    steps
        .iter()
        .map(|step| pain_items(&step.pain_points, t))
        .collect()
}

/// Pain points as items, classed and noted by severity.
pub fn pain_items<'a>(pains: &'a [PainPoint], t: &'a Labels) -> Vec<Item<'a>> {
    pains
        .iter()
        .map(|p| Item {
            text: Cow::Borrowed(&p.text),
            url: None,
            class: severity_class(p.severity).map(Cow::Borrowed),
            note: level_name(p.severity).map(|l| Cow::Borrowed(t.get("severity", l))),
        })
        .collect()
}

/// The class of a pain point of this severity.
fn severity_class(severity: Option<Level>) -> Option<&'static str> {
    severity.map(|level| match level {
        Level::Low => "severity-low",
        Level::Medium => "severity-medium",
        Level::High => "severity-high",
    })
}

fn opportunity_cells<'a>(linker: &Linker<'a>, steps: &[&'a Step]) -> Vec<Vec<Item<'a>>> {
    let t = linker.site.labels();
    steps
        .iter()
        .map(|step| {
            step.opportunities
                .iter()
                .map(|o| match o {
                    StepOpportunity::Shared(id) => {
                        let link = linker.opportunity_id(&id.value);
                        let (text, url) = match link {
                            Some(link) => (Cow::Owned(link.title), Some(link.url)),
                            None => (Cow::Borrowed(id.value.as_str()), None),
                        };
                        Item {
                            text,
                            url,
                            class: Some(Cow::Borrowed("shared")),
                            note: Some(Cow::Borrowed(t.get("map", "shared"))),
                        }
                    }
                    StepOpportunity::Inline {
                        text,
                        impact,
                        effort,
                    } => Item {
                        text: Cow::Borrowed(text),
                        url: None,
                        class: None,
                        note: impact_effort(*impact, *effort, t).map(Cow::Owned),
                    },
                })
                .collect()
        })
        .collect()
}

/// "impact high, effort low", or the half that is rated.
fn impact_effort(impact: Option<Level>, effort: Option<Level>, t: &Labels) -> Option<String> {
    let level = |level: Option<Level>| level_name(level).map(|l| t.get("level", l));
    match (level(impact), level(effort)) {
        (Some(i), Some(e)) => Some(t.fill("map", "impact_effort", &[("impact", i), ("effort", e)])),
        (Some(i), None) => Some(t.fill("map", "impact_only", &[("impact", i)])),
        (None, Some(e)) => Some(t.fill("map", "effort_only", &[("effort", e)])),
        (None, None) => None,
    }
}

fn metric_cells<'a>(linker: &Linker<'a>, steps: &[&'a Step]) -> Vec<Vec<Item<'a>>> {
    let t = linker.site.labels();
    steps
        .iter()
        .map(|step| {
            step.metrics
                .iter()
                .map(|reading| {
                    let view = metric_view(linker.site, reading, None);
                    let figures = match (&view.current_text, &view.target_text) {
                        (Some(c), Some(target)) => {
                            t.fill("map", "figures", &[("current", c), ("target", target)])
                        }
                        (Some(c), None) => c.clone(),
                        (None, Some(target)) => t.fill("map", "target_only", &[("target", target)]),
                        (None, None) => String::new(),
                    };
                    Item {
                        text: Cow::Owned(view.name),
                        url: None,
                        class: Some(Cow::Borrowed(view.status)),
                        note: Some(Cow::Owned(figures)),
                    }
                })
                .collect()
        })
        .collect()
}

fn link_cells<'a>(linker: &Linker<'a>, steps: &[&'a Step]) -> Vec<Vec<Item<'a>>> {
    let site = linker.site;
    steps
        .iter()
        .map(|step| {
            step.links_to
                .iter()
                .filter_map(|target| {
                    let &ji = site.lookups.journeys.get(&target.journey)?;
                    let (_, to) = site.step(ji, &target.step)?;
                    let link = linker.step(ji, &to.id, &to.name);
                    Some(Item {
                        text: Cow::Owned(link.title),
                        url: Some(link.url),
                        class: None,
                        note: Some(Cow::Borrowed(&site.portfolio.journeys[ji].title)),
                    })
                })
                .collect()
        })
        .collect()
}
