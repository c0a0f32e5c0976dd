//! Portfolio checks beyond single references: stage-set membership and
//! order, `parent` cycles (errors), and the warnings of FORMAT.md.

use crate::content::model::{Journey, JourneyState};
use crate::content::node::NodePath;
use crate::diagnostic::{At, Diagnostic, code, did_you_mean};

use super::Site;

/// More steps than this in one stage makes a map hard to read.
const MAX_STEPS_PER_STAGE: usize = 12;

/// Errors about the shape of journeys: stage sets and parent cycles.
pub fn structure(site: &Site, out: &mut Vec<Diagnostic>) {
    for journey in &site.portfolio.journeys {
        stage_set_order(site, out, journey);
    }
    parent_cycles(site, out);
}

fn stage_set_order(site: &Site, out: &mut Vec<Diagnostic>, journey: &Journey) {
    let Some(set_ref) = &journey.stage_set else {
        return;
    };
    let Some(set) = site.config.stage_set(&set_ref.value) else {
        return;
    };
    let mut previous: Option<(usize, &str)> = None;
    for stage in journey.stages.iter() {
        let at = At::Node {
            path: stage.at.key("name"),
            key: false,
        };
        let Some(position) = set.stages.iter().position(|name| *name == stage.name) else {
            let help = did_you_mean(&stage.name, set.stages.iter().map(String::as_str))
                .unwrap_or_else(|| {
                    format!("stage set `{}` has: {}", set.id, set.stages.join(", "))
                });
            out.push(
                Diagnostic::error(
                    code::STAGE_NOT_IN_SET,
                    &journey.doc.file,
                    at,
                    format!("stage `{}` is not in stage set `{}`", stage.name, set.id),
                )
                .with_help(help),
            );
            continue;
        };
        if let Some((before, before_name)) = previous
            && position <= before
        {
            out.push(
                Diagnostic::error(
                    code::STAGE_OUT_OF_ORDER,
                    &journey.doc.file,
                    at,
                    format!(
                        "stage `{}` is out of order: stage set `{}` puts it before `{before_name}`",
                        stage.name, set.id
                    ),
                )
                .with_help(format!(
                    "order the stages as in the set: {}",
                    set.stages.join(" → ")
                )),
            );
        }
        previous = Some((position, &stage.name));
    }
}

/// Reports each `parent` cycle once, at its first journey.
fn parent_cycles(site: &Site, out: &mut Vec<Diagnostic>) {
    let journeys = &site.portfolio.journeys;
    let parent_of = |index: usize| {
        journeys[index]
            .parent
            .as_ref()
            .and_then(|p| site.lookups.journeys.get(&p.value).copied())
    };
    for start in 0..journeys.len() {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(parent) = parent_of(current) {
            if parent == start {
                if chain.iter().all(|&member| member >= start) {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain(std::iter::once(&start))
                        .map(|&i| journeys[i].doc.id.as_str())
                        .collect();
                    let at = journeys[start]
                        .parent
                        .as_ref()
                        .map_or(At::File, |p| At::Node {
                            path: p.at.clone(),
                            key: false,
                        });
                    out.push(
                        Diagnostic::error(
                            code::PARENT_CYCLE,
                            &journeys[start].doc.file,
                            at,
                            format!("`parent` makes a cycle: {}", names.join(" → ")),
                        )
                        .with_help("a journey cannot be inside itself; remove one `parent`"),
                    );
                }
                break;
            }
            if chain.contains(&parent) || chain.len() > journeys.len() {
                break;
            }
            chain.push(parent);
            current = parent;
        }
    }
}

/// The warnings of FORMAT.md: they are printed, the build goes on.
pub fn warnings(site: &Site, out: &mut Vec<Diagnostic>) {
    for journey in &site.portfolio.journeys {
        journey_warnings(site, out, journey);
    }
    // With a file that failed to parse, what uses what is not known.
    if !site.portfolio.broken.is_empty() {
        return;
    }
    for (persona, journeys) in site
        .portfolio
        .personas
        .iter()
        .zip(&site.indexes.persona_journeys)
    {
        if journeys.is_empty() {
            out.push(
                Diagnostic::warning(
                    code::UNUSED_PERSONA,
                    &persona.doc.file,
                    At::File,
                    format!("persona `{}` is not used by any journey", persona.doc.id),
                )
                .with_help(format!(
                    "add `{}` to the `personas:` of a journey",
                    persona.doc.id
                )),
            );
        }
    }
    for (touchpoint, uses) in site
        .portfolio
        .touchpoints
        .iter()
        .zip(&site.indexes.touchpoint_uses)
    {
        if uses.is_empty() {
            out.push(
                Diagnostic::warning(
                    code::UNUSED_TOUCHPOINT,
                    &touchpoint.doc.file,
                    At::File,
                    format!(
                        "touchpoint `{}` is not used by any journey step",
                        touchpoint.doc.id
                    ),
                )
                .with_help(format!(
                    "list `{}` in the `touchpoints:` of a step",
                    touchpoint.doc.id
                )),
            );
        }
    }
}

fn journey_warnings(site: &Site, out: &mut Vec<Diagnostic>, journey: &Journey) {
    let file = &journey.doc.file;
    let node = |path: NodePath| At::Node { path, key: false };
    for stage in journey.stages.iter() {
        let count = stage.steps.len();
        if count == 0 {
            out.push(
                Diagnostic::warning(
                    code::EMPTY_STAGE,
                    file,
                    node(stage.at.key("name")),
                    format!("stage `{}` has no steps", stage.name),
                )
                .with_help("add `steps:` or remove the stage"),
            );
        } else if count > MAX_STEPS_PER_STAGE {
            out.push(
                Diagnostic::warning(
                    code::CROWDED_STAGE,
                    file,
                    node(stage.at.key("name")),
                    format!(
                        "stage `{}` has {count} steps (more than {MAX_STEPS_PER_STAGE})",
                        stage.name
                    ),
                )
                .with_help("split the stage, or zoom into it with a child journey (`parent:`)"),
            );
        }
        for step in &stage.steps {
            if step.touchpoints.is_empty() && step.emotion.is_none() {
                out.push(
                    Diagnostic::warning(
                        code::BARE_STEP,
                        file,
                        node(step.at.key("name")),
                        format!(
                            "step `{}` has neither a touchpoint nor an emotion",
                            step.name
                        ),
                    )
                    .with_help("add `touchpoints:` or `emotion:` so the step shows on the map"),
                );
            }
            foreign_persona_scores(site, out, journey, step);
        }
    }
    if journey.state == JourneyState::Future && journey.compares.is_none() {
        out.push(
            Diagnostic::warning(
                code::FUTURE_WITHOUT_COMPARES,
                file,
                node(NodePath::root().key("state")),
                format!(
                    "future journey `{}` does not say which current map it improves",
                    journey.doc.id
                ),
            )
            .with_help("add `compares: <current-journey-id>`"),
        );
    }
    let limit = i64::from(site.config.build.stale_after_days);
    if let Some(updated) = journey.doc.updated
        && site.today.days_since_epoch() - updated.days_since_epoch() > limit
    {
        out.push(
            Diagnostic::warning(
                code::STALE_JOURNEY,
                file,
                node(NodePath::root().key("updated")),
                format!(
                    "journey `{}` was last updated {updated}, more than {limit} days ago",
                    journey.doc.id
                ),
            )
            .with_help("review the map with its owner and update `updated:`"),
        );
    }
}

fn foreign_persona_scores(
    site: &Site,
    out: &mut Vec<Diagnostic>,
    journey: &Journey,
    step: &crate::content::model::Step,
) {
    let Some(emotion) = &step.emotion else { return };
    for (persona, _) in &emotion.by_persona {
        let known = site.lookups.personas.contains_key(&persona.value);
        if known && !journey.personas.iter().any(|p| p.value == persona.value) {
            out.push(
                Diagnostic::warning(
                    code::FOREIGN_PERSONA_EMOTION,
                    &journey.doc.file,
                    At::Node {
                        path: persona.at.clone(),
                        key: true,
                    },
                    format!(
                        "persona `{}` is scored here but is not among this journey's personas",
                        persona.value
                    ),
                )
                .with_help(format!("add `{}` to `personas:`", persona.value)),
            );
        }
    }
}
