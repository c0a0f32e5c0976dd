//! Id lookups (with duplicate-id and duplicate-URL errors) and the reverse
//! indexes of the Site, built once in portfolio order so every list derived
//! from them is deterministic.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::content::markdown::{LinkKind, LinkTarget};
use crate::content::model::{Doc, Portfolio, StepOpportunity};
use crate::diagnostic::{At, Diagnostic, code};

use super::metrics::ReadingAt;
use super::urls;
use super::{IdMap, Lookups};

/// One step of one journey, by indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepUse {
    pub journey: usize,
    pub stage: usize,
    pub step: usize,
}

/// Which document a backlink comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocRef {
    Persona(usize),
    Journey(usize),
    Touchpoint(usize),
    Opportunity(usize),
    Page(usize),
    Home,
}

/// Why a document points at a journey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// A step's `links-to` (the linking step's index).
    LinksTo(StepUse),
    Compares,
    Parent,
    /// A wiki-link or relative link in the body.
    Mention,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backlink {
    pub from: DocRef,
    pub via: Via,
}

/// The reverse indexes, each indexed like the list it belongs to.
#[derive(Debug, Default)]
pub struct Indexes {
    /// Per touchpoint: the steps that use it.
    pub touchpoint_uses: Vec<Vec<StepUse>>,
    /// Per persona: the journeys that list it.
    pub persona_journeys: Vec<Vec<usize>>,
    /// Per channel of `config.channels`: its touchpoints.
    pub channel_touchpoints: Vec<Vec<usize>>,
    /// Per channel: the personas that use it.
    pub channel_personas: Vec<Vec<usize>>,
    /// Per shared opportunity: the steps that cite it.
    pub opportunity_sources: Vec<Vec<StepUse>>,
    /// Per journey: the journeys whose `parent` it is.
    pub journey_children: Vec<Vec<usize>>,
    /// Per journey: the future maps that `compares` it.
    pub journey_futures: Vec<Vec<usize>>,
    /// Per journey: every document that points at it.
    pub journey_backlinks: Vec<Vec<Backlink>>,
    /// Per metric of `config.metrics`: every reading of it.
    pub metric_readings: Vec<Vec<ReadingAt>>,
}

/// Builds the id lookups, reporting duplicate ids and colliding URLs.
pub fn lookups(
    config: &Config,
    portfolio: &Portfolio,
    diagnostics: &mut Vec<Diagnostic>,
) -> Lookups {
    let mut lookups = Lookups {
        personas: ids(
            portfolio.personas.iter().map(|p| &p.doc),
            "persona",
            diagnostics,
        ),
        journeys: ids(
            portfolio.journeys.iter().map(|j| &j.doc),
            "journey",
            diagnostics,
        ),
        touchpoints: ids(
            portfolio.touchpoints.iter().map(|t| &t.doc),
            "touchpoint",
            diagnostics,
        ),
        opportunities: ids(
            portfolio.opportunities.iter().map(|o| &o.doc),
            "opportunity",
            diagnostics,
        ),
        pages: portfolio
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.doc.id.clone(), i))
            .collect(),
        ..Lookups::default()
    };
    lookups.channels = config_ids(
        config.channels.iter().map(|c| &c.id),
        "channel",
        diagnostics,
    );
    lookups.metrics = config_ids(config.metrics.iter().map(|m| &m.id), "metric", diagnostics);
    lookups.assets = portfolio.assets.iter().map(|a| a.rel.clone()).collect();
    for (kind, id) in &portfolio.broken {
        lookups.broken.entry(*kind).or_default().insert(id.clone());
    }
    lookups.files = file_urls(config, portfolio, diagnostics);
    lookups
}

fn ids<'a>(
    docs: impl Iterator<Item = &'a Doc>,
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> IdMap<usize> {
    let mut map: IdMap<usize> = IdMap::default();
    let mut files: Vec<&Path> = Vec::new();
    for (index, doc) in docs.enumerate() {
        files.push(&doc.file);
        if let Some(&first) = map.get(doc.id.as_str()) {
            let at = doc
                .id_at
                .clone()
                .map_or(At::File, |path| At::Node { path, key: false });
            diagnostics.push(
                Diagnostic::error(
                    code::DUPLICATE_ID,
                    &doc.file,
                    at,
                    format!("duplicate {kind} id `{}`", doc.id),
                )
                .with_help(format!(
                    "`{}` is also the id of {}; give one of them another `id:` or file name",
                    doc.id,
                    files[first].display()
                )),
            );
            continue;
        }
        map.insert(doc.id.clone(), index);
    }
    map
}

fn config_ids<'a>(
    ids: impl Iterator<Item = &'a crate::content::reader::Located<String>>,
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> IdMap<usize> {
    let mut map = IdMap::default();
    for (index, id) in ids.enumerate() {
        if map.contains_key(&id.value) {
            let at = At::Node {
                path: id.at.clone(),
                key: false,
            };
            diagnostics.push(
                Diagnostic::error(
                    code::DUPLICATE_ID,
                    Path::new(crate::config::CONFIG_FILE),
                    at,
                    format!("duplicate {kind} id `{}`", id.value),
                )
                .with_help(format!("each [[{kind}s]] entry needs its own `id`")),
            );
            continue;
        }
        map.insert(id.value.clone(), index);
    }
    map
}

/// Maps each Markdown file to its URL and reports two files that would be
/// written to the same URL (or over a generated page), including URLs that
/// differ only in case: on macOS and Windows those are one folder.
fn file_urls(
    config: &Config,
    portfolio: &Portfolio,
    diagnostics: &mut Vec<Diagnostic>,
) -> IdMap<String> {
    // Lower-cased URL → (URL, who writes it).
    let mut owners: HashMap<String, (String, String)> = HashMap::new();
    let mut claim = |url: String, owner: String| {
        owners.insert(url.to_lowercase(), (url, owner));
    };
    for section in urls::SECTIONS {
        claim(urls::section(section), format!("the {section} list page"));
    }
    if config.search {
        claim(urls::section(urls::SEARCH), "the search page".to_string());
    }
    claim(urls::section(urls::PRINT), "the print view".to_string());
    if !portfolio.pages.is_empty() {
        claim(urls::section(urls::PAGES), "the wiki index".to_string());
    }
    for channel in &config.channels {
        claim(
            urls::entity(urls::CHANNELS, &channel.id.value),
            format!("the page of channel `{}`", channel.id.value),
        );
    }
    for metric in &config.metrics {
        claim(
            urls::entity(urls::METRICS, &metric.id.value),
            format!("the page of metric `{}`", metric.id.value),
        );
    }
    let entities = urls::documents(portfolio);
    let mut files = IdMap::default();
    let entity_count = portfolio.personas.len()
        + portfolio.journeys.len()
        + portfolio.touchpoints.len()
        + portfolio.opportunities.len();
    for (position, (doc, url)) in entities.enumerate() {
        let owner = format!("{}", doc.file.display());
        let is_free_page = position >= entity_count;
        let folded = url.to_lowercase();
        let clash = owners
            .get(&folded)
            .filter(|(_, existing)| *existing != owner);
        // Two entities of a kind on one URL share an id: DUPLICATE_ID says
        // so; ids that differ only in case are reported here.
        let reported = clash.filter(|(existing_url, existing)| {
            is_free_page || existing.starts_with("the ") || *existing_url != url
        });
        if let Some((existing_url, existing)) = reported {
            let message = if *existing_url == url {
                format!("this page would be written to `/{url}`, which is already {existing}")
            } else {
                format!(
                    "this page would be written to `/{url}`, and {existing} to `/{existing_url}`: one folder on file systems that ignore case (macOS, Windows)"
                )
            };
            diagnostics.push(
                Diagnostic::error(code::DUPLICATE_URL, &doc.file, At::File, message)
                    .with_help("rename or move one of the two files"),
            );
        } else {
            owners.insert(folded, (url.clone(), owner));
        }
        files.insert(doc.content_rel.clone(), url);
    }
    files
}

/// Builds every reverse index in one pass over the portfolio.
pub fn reverse(config: &Config, portfolio: &Portfolio, lookups: &Lookups) -> Indexes {
    let mut indexes = Indexes {
        touchpoint_uses: vec![Vec::new(); portfolio.touchpoints.len()],
        persona_journeys: vec![Vec::new(); portfolio.personas.len()],
        channel_touchpoints: vec![Vec::new(); config.channels.len()],
        channel_personas: vec![Vec::new(); config.channels.len()],
        opportunity_sources: vec![Vec::new(); portfolio.opportunities.len()],
        journey_children: vec![Vec::new(); portfolio.journeys.len()],
        journey_futures: vec![Vec::new(); portfolio.journeys.len()],
        journey_backlinks: vec![Vec::new(); portfolio.journeys.len()],
        metric_readings: Vec::new(),
    };
    let (metric_readings, ()) = rayon::join(
        || super::metrics::readings(config, portfolio, lookups),
        || index_entities(&mut indexes, portfolio, lookups),
    );
    indexes.metric_readings = metric_readings;
    indexes
}

/// Every reverse index but the metric readings.
fn index_entities(indexes: &mut Indexes, portfolio: &Portfolio, lookups: &Lookups) {
    for (ti, touchpoint) in portfolio.touchpoints.iter().enumerate() {
        if let Some(&ci) = touchpoint
            .channel
            .as_ref()
            .and_then(|c| lookups.channels.get(&c.value))
        {
            indexes.channel_touchpoints[ci].push(ti);
        }
    }
    for (pi, persona) in portfolio.personas.iter().enumerate() {
        for channel in &persona.channels {
            if let Some(&ci) = lookups.channels.get(&channel.value) {
                indexes.channel_personas[ci].push(pi);
            }
        }
    }
    for (ji, journey) in portfolio.journeys.iter().enumerate() {
        index_journey(indexes, lookups, ji, journey);
    }
    index_mentions(indexes, portfolio, lookups);
}

fn index_journey(
    indexes: &mut Indexes,
    lookups: &Lookups,
    ji: usize,
    journey: &crate::content::model::Journey,
) {
    for persona in &journey.personas {
        // Journeys come in order, so a repeat can only be the last entry.
        if let Some(&pi) = lookups.personas.get(&persona.value)
            && indexes.persona_journeys[pi].last() != Some(&ji)
        {
            indexes.persona_journeys[pi].push(ji);
        }
    }
    let journey_link = |target: &Option<crate::content::model::IdRef>| {
        target
            .as_ref()
            .and_then(|t| lookups.journeys.get(&t.value).copied())
    };
    if let Some(parent) = journey_link(&journey.parent) {
        indexes.journey_children[parent].push(ji);
        indexes.journey_backlinks[parent].push(Backlink {
            from: DocRef::Journey(ji),
            via: Via::Parent,
        });
    }
    if let Some(current) = journey_link(&journey.compares) {
        indexes.journey_futures[current].push(ji);
        indexes.journey_backlinks[current].push(Backlink {
            from: DocRef::Journey(ji),
            via: Via::Compares,
        });
    }
    for (si, stage) in journey.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            let here = StepUse {
                journey: ji,
                stage: si,
                step: pi,
            };
            for touchpoint in &step.touchpoints {
                // Steps come in order: a repeat can only be the last entry
                // (a scan of the whole list made this quadratic).
                if let Some(&ti) = lookups.touchpoints.get(&touchpoint.value)
                    && indexes.touchpoint_uses[ti].last() != Some(&here)
                {
                    indexes.touchpoint_uses[ti].push(here);
                }
            }
            for opportunity in &step.opportunities {
                if let StepOpportunity::Shared(id) = opportunity
                    && let Some(&oi) = lookups.opportunities.get(&id.value)
                {
                    indexes.opportunity_sources[oi].push(here);
                }
            }
            for link in &step.links_to {
                if let Some(&target) = lookups.journeys.get(&link.journey) {
                    indexes.journey_backlinks[target].push(Backlink {
                        from: DocRef::Journey(ji),
                        via: Via::LinksTo(here),
                    });
                }
            }
        }
    }
}

/// Wiki-links and relative links to journeys, from every body.
fn index_mentions(indexes: &mut Indexes, portfolio: &Portfolio, lookups: &Lookups) {
    let docs = portfolio
        .personas
        .iter()
        .enumerate()
        .map(|(i, p)| (DocRef::Persona(i), &p.doc))
        .chain(
            portfolio
                .journeys
                .iter()
                .enumerate()
                .map(|(i, j)| (DocRef::Journey(i), &j.doc)),
        )
        .chain(
            portfolio
                .touchpoints
                .iter()
                .enumerate()
                .map(|(i, t)| (DocRef::Touchpoint(i), &t.doc)),
        )
        .chain(
            portfolio
                .opportunities
                .iter()
                .enumerate()
                .map(|(i, o)| (DocRef::Opportunity(i), &o.doc)),
        )
        .chain(
            portfolio
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (DocRef::Page(i), &p.doc)),
        )
        .chain(portfolio.home.iter().map(|h| (DocRef::Home, &h.doc)));
    let journey_files: rustc_hash::FxHashMap<&str, usize> = portfolio
        .journeys
        .iter()
        .enumerate()
        .map(|(i, j)| (j.doc.content_rel.as_str(), i))
        .collect();
    for (from, doc) in docs {
        for link in &doc.links {
            let target = match &link.target {
                LinkTarget::Wiki {
                    kind: LinkKind::Journey,
                    id,
                    ..
                } => lookups.journeys.get(id).copied(),
                LinkTarget::File { path, .. } => journey_files.get(path.as_str()).copied(),
                _ => None,
            };
            let Some(target) = target else { continue };
            let backlink = Backlink {
                from,
                via: Via::Mention,
            };
            // One document's links are indexed together, so its repeat
            // mention of a journey can only be that journey's last entry.
            if from != DocRef::Journey(target)
                && indexes.journey_backlinks[target].last() != Some(&backlink)
            {
                indexes.journey_backlinks[target].push(backlink);
            }
        }
    }
}
