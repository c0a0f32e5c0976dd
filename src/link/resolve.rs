//! Reference resolution: every id written in front-matter or linked from a
//! body must name something that exists; each that does not is an error at
//! its own place, with the nearest known id as a hint.

use std::path::Path;

use rayon::prelude::*;

use crate::content::markdown::{LinkKind, LinkTarget};
use crate::content::model::{Doc, IdRef, Journey, MetricReading, StepOpportunity};
use crate::diagnostic::{At, Diagnostic, code, did_you_mean};

use super::{IdMap, IdSet, Site, urls};

/// Checks every reference of every entity; journeys, most of the work,
/// in parallel (their problems keep portfolio order).
pub fn references(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let journeys: Vec<Vec<Diagnostic>> = site
        .portfolio
        .journeys
        .par_iter()
        .map(|journey| {
            let mut out = Vec::new();
            journey_references(site, &mut out, journey);
            body_links(site, &mut out, &journey.doc);
            out
        })
        .collect();
    personas_and_touchpoints(site, &mut out);
    out.extend(journeys.into_iter().flatten());
    opportunities_and_pages(site, &mut out);
    out
}

fn personas_and_touchpoints(site: &Site, out: &mut Vec<Diagnostic>) {
    let lookups = &site.lookups;
    for persona in &site.portfolio.personas {
        let file = &persona.doc.file;
        for channel in &persona.channels {
            expect(out, file, channel, "channel", &lookups.channels, None);
        }
        if let Some(avatar) = &persona.avatar {
            check_asset(site, out, &persona.doc, avatar);
        }
        body_links(site, out, &persona.doc);
    }
    for touchpoint in &site.portfolio.touchpoints {
        let file = &touchpoint.doc.file;
        if let Some(channel) = &touchpoint.channel {
            expect(out, file, channel, "channel", &lookups.channels, None);
        }
        metrics(out, file, &touchpoint.metrics, &lookups.metrics);
        body_links(site, out, &touchpoint.doc);
    }
}

fn opportunities_and_pages(site: &Site, out: &mut Vec<Diagnostic>) {
    for doc in site.portfolio.opportunities.iter().map(|o| &o.doc) {
        body_links(site, out, doc);
    }
    for doc in site
        .portfolio
        .pages
        .iter()
        .chain(&site.portfolio.home)
        .map(|p| &p.doc)
    {
        body_links(site, out, doc);
    }
}

fn journey_references(site: &Site, out: &mut Vec<Diagnostic>, journey: &Journey) {
    let lookups = &site.lookups;
    let file = &journey.doc.file;
    for persona in &journey.personas {
        expect(
            out,
            file,
            persona,
            "persona",
            &lookups.personas,
            lookups.broken.get("persona"),
        );
    }
    for reference in journey.compares.iter().chain(&journey.parent) {
        expect(
            out,
            file,
            reference,
            "journey",
            &lookups.journeys,
            lookups.broken.get("journey"),
        );
    }
    if let Some(set) = &journey.stage_set {
        let sets: IdMap<usize> = site
            .config
            .stage_sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        expect(out, file, set, "stage set", &sets, None);
    }
    metrics(out, file, &journey.kpis, &lookups.metrics);
    let stage_ids: IdMap<usize> = journey
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    for plan in &journey.action_plans {
        if let Some(stage) = &plan.stage {
            expect(out, file, stage, "stage", &stage_ids, None);
        }
        if let Some(metric) = &plan.metric {
            expect(out, file, metric, "metric", &lookups.metrics, None);
        }
    }
    for step in journey.stages.iter().flat_map(|s| &s.steps) {
        for touchpoint in &step.touchpoints {
            expect(
                out,
                file,
                touchpoint,
                "touchpoint",
                &lookups.touchpoints,
                lookups.broken.get("touchpoint"),
            );
        }
        for opportunity in &step.opportunities {
            if let StepOpportunity::Shared(id) = opportunity {
                expect(
                    out,
                    file,
                    id,
                    "opportunity",
                    &lookups.opportunities,
                    lookups.broken.get("opportunity"),
                );
            }
        }
        metrics(out, file, &step.metrics, &lookups.metrics);
        if let Some(emotion) = &step.emotion {
            for (persona, _) in &emotion.by_persona {
                expect_at(
                    out,
                    file,
                    persona,
                    "persona",
                    &lookups.personas,
                    true,
                    lookups.broken.get("persona"),
                );
            }
        }
        for link in &step.links_to {
            let at = At::Node {
                path: link.at.clone(),
                key: false,
            };
            if let Some(problem) = step_problem(site, &link.journey, &link.step) {
                out.push(
                    Diagnostic::error(code::UNRESOLVED, file, at, problem.0)
                        .with_optional_help(problem.1),
                );
            }
        }
    }
}

/// Why `journey#step` does not resolve, with a hint; `None` when it does.
fn step_problem(site: &Site, journey: &str, step: &str) -> Option<(String, Option<String>)> {
    if site.lookups.is_broken("journey", journey) {
        return None;
    }
    let Some(&ji) = site.lookups.journeys.get(journey) else {
        let help = did_you_mean(journey, site.lookups.journeys.keys().map(String::as_str));
        return Some((format!("unknown journey `{journey}`"), help));
    };
    if site.step(ji, step).is_some() {
        return None;
    }
    let ids = site.portfolio.journeys[ji]
        .stages
        .iter()
        .flat_map(|stage| stage.steps.iter().map(|s| &*s.id));
    let help = did_you_mean(step, ids).or_else(|| {
        Some("a step's id is the slug of its name, e.g. `Pays online` → `pays-online`".into())
    });
    Some((format!("journey `{journey}` has no step `{step}`"), help))
}

fn metrics(
    out: &mut Vec<Diagnostic>,
    file: &Path,
    readings: &[MetricReading],
    known: &IdMap<usize>,
) {
    for reading in readings {
        expect(out, file, &reading.metric, "metric", known, None);
    }
}

/// Reports `reference` unless `known` has it.
fn expect(
    out: &mut Vec<Diagnostic>,
    file: &Path,
    reference: &IdRef,
    kind: &str,
    known: &IdMap<usize>,
    broken: Option<&IdSet>,
) {
    expect_at(out, file, reference, kind, known, false, broken);
}

/// Like `expect`; `key` points at a map key (ids written as keys, like
/// `by-persona: {bob: -1}`) rather than at a value.
fn expect_at(
    out: &mut Vec<Diagnostic>,
    file: &Path,
    reference: &IdRef,
    kind: &str,
    known: &IdMap<usize>,
    key: bool,
    broken: Option<&IdSet>,
) {
    // An id whose file failed to parse is known: that file's error is enough.
    if known.contains_key(&reference.value) || broken.is_some_and(|b| b.contains(&reference.value))
    {
        return;
    }
    let at = At::Node {
        path: reference.at.clone(),
        key,
    };
    let help = did_you_mean(&reference.value, known.keys().map(String::as_str)).or_else(|| {
        let mut ids: Vec<&str> = known.keys().map(String::as_str).collect();
        ids.sort_unstable();
        (!ids.is_empty() && ids.len() <= 8).then(|| format!("known ids: {}", ids.join(", ")))
    });
    out.push(
        Diagnostic::error(
            code::UNRESOLVED,
            file,
            at,
            format!("unknown {kind} `{}`", reference.value),
        )
        .with_optional_help(help),
    );
}

fn check_asset(site: &Site, out: &mut Vec<Diagnostic>, doc: &Doc, avatar: &IdRef) {
    let wanted = urls::asset_path(&doc.content_rel, &avatar.value);
    if avatar.value.contains("://") || site.lookups.assets.contains(&wanted) {
        return;
    }
    let at = At::Node {
        path: avatar.at.clone(),
        key: false,
    };
    out.push(
        Diagnostic::error(
            code::UNRESOLVED,
            &doc.file,
            at,
            format!("image `{}` not found", avatar.value),
        )
        .with_help(format!("put the image at content/{wanted}")),
    );
}

/// Checks the wiki-links and relative `.md` links of a body.
fn body_links(site: &Site, out: &mut Vec<Diagnostic>, doc: &Doc) {
    for link in &doc.links {
        if let Some((message, help)) = link_problem(site, &link.target) {
            out.push(
                Diagnostic::error(code::BROKEN_LINK, &doc.file, At::Pos(link.pos), message)
                    .with_optional_help(help),
            );
        }
    }
}

fn link_problem(site: &Site, target: &LinkTarget) -> Option<(String, Option<String>)> {
    let lookups = &site.lookups;
    match target {
        LinkTarget::Malformed { text } => Some((
            format!("`[[{text}]]` is not a wiki-link"),
            Some("write `[[kind:id]]` with kind persona, journey, touchpoint, opportunity, channel or page".into()),
        )),
                LinkTarget::Asset { path } => (!lookups.assets.contains(path)).then(|| {
            let help = did_you_mean(path, lookups.assets.iter().map(String::as_str));
            (format!("link to `{path}`, which does not exist"), help)
        }),
        LinkTarget::File { path, .. } => (!lookups.files.contains_key(path)).then(|| {
            let help = did_you_mean(path, lookups.files.keys().map(String::as_str));
            (format!("link to `{path}`, which does not exist"), help)
        }),
        LinkTarget::Wiki { kind, id, fragment } => {
            let (name, known) = match kind {
                LinkKind::Persona => ("persona", &lookups.personas),
                LinkKind::Journey => ("journey", &lookups.journeys),
                LinkKind::Touchpoint => ("touchpoint", &lookups.touchpoints),
                LinkKind::Opportunity => ("opportunity", &lookups.opportunities),
                LinkKind::Channel => ("channel", &lookups.channels),
                LinkKind::Page => ("page", &lookups.pages),
            };
                        if !known.contains_key(id) && !site.lookups.is_broken(name, id) {
                let help = did_you_mean(id, known.keys().map(String::as_str));
                return Some((format!("unknown {name} `{id}`"), help));
            }
            match (kind, fragment) {
                (LinkKind::Journey, Some(step)) => step_problem(site, id, step),
                _ => None,
            }
        }
    }
}
