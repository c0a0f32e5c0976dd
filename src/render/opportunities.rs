//! The opportunities page: every opportunity, shared and inline, with the
//! steps that raise it, laid out on an impact × effort matrix and listed in
//! a table (sortable in the browser, readable without JavaScript).
//!
//! A row names at most [`SOURCES_SHOWN`] of the steps that raise it and
//! links to the opportunity's own page for the rest: a shared opportunity
//! of a large portfolio is raised by hundreds of steps, and listing them
//! all made this one page 140 MB at 100,000 pages.

use serde::Serialize;

use crate::content::model::{LEVELS, Level, OPPORTUNITY_STATUSES, StepOpportunity, name_in};
use crate::link::{Site, StepUse};

use super::view::{Link, Linker};

/// One opportunity as listed.
#[derive(Clone, Debug, Serialize)]
pub struct OpportunityRow {
    pub title: String,
    /// The shared opportunity's page; `None` for an inline one.
    pub url: Option<String>,
    pub shared: bool,
    pub impact: Option<&'static str>,
    pub effort: Option<&'static str>,
    /// For sorting: 3 high … 1 low, 0 unrated.
    pub impact_rank: u8,
    pub effort_rank: u8,
    pub status: Option<&'static str>,
    pub owner: Option<String>,
    /// The first steps that raise it, at most [`SOURCES_SHOWN`].
    pub sources: Vec<Link>,
    /// How many more steps raise it (listed on its own page).
    pub hidden_sources: usize,
}

/// How many of the steps raising an opportunity its row names.
pub const SOURCES_SHOWN: usize = 5;

/// A cell of the matrix: one impact (row) and effort (column).
#[derive(Clone, Debug, Serialize)]
pub struct MatrixCell {
    pub effort: &'static str,
    /// `quick-win`, `big-bet`, `fill-in` or `money-pit`, for styling.
    pub quadrant: &'static str,
    pub items: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub impact: &'static str,
    pub cells: Vec<MatrixCell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpportunitiesView {
    pub rows: Vec<OpportunityRow>,
    pub matrix: Vec<MatrixRow>,
    /// Opportunities without both an impact and an effort.
    pub unrated: Vec<Link>,
    pub shared_count: usize,
    pub inline_count: usize,
    /// `matrix` and `rows` as the built-in template draws them, made by
    /// built-in code (see `list_tables`) while `opportunities.html`
    /// and `components.html` are the built-in ones.
    pub matrix_html: Option<String>,
    pub rows_html: Option<String>,
}

fn rank(level: Option<Level>) -> u8 {
    match level {
        Some(Level::High) => 3,
        Some(Level::Medium) => 2,
        Some(Level::Low) => 1,
        None => 0,
    }
}

fn quadrant(impact: Level, effort: Level) -> &'static str {
    match (impact >= Level::Medium, effort <= Level::Medium) {
        (true, true) => "quick-win",
        (true, false) => "big-bet",
        (false, true) => "fill-in",
        (false, false) => "money-pit",
    }
}

pub fn view(site: &Site) -> OpportunitiesView {
    let linker = Linker::new(site);
    let step_link = |at: StepUse| {
        let (journey, _, step) = site.step_at(at);
        linker.step(
            at.journey,
            &step.id,
            &format!("{} — {}", journey.title, step.name),
        )
    };
    let mut rows: Vec<OpportunityRow> = Vec::new();
    for (index, shared) in site.portfolio.opportunities.iter().enumerate() {
        let link = linker.opportunity(index);
        let sources = &site.indexes.opportunity_sources[index];
        rows.push(OpportunityRow {
            title: link.title,
            url: Some(link.url),
            shared: true,
            impact: shared.impact.map(|l| name_in(LEVELS, l)),
            effort: shared.effort.map(|l| name_in(LEVELS, l)),
            impact_rank: rank(shared.impact),
            effort_rank: rank(shared.effort),
            status: shared.status.map(|s| name_in(OPPORTUNITY_STATUSES, s)),
            owner: shared.owner.clone(),
            sources: sources
                .iter()
                .take(SOURCES_SHOWN)
                .map(|&at| step_link(at))
                .collect(),
            hidden_sources: sources.len().saturating_sub(SOURCES_SHOWN),
        });
    }
    for at in all_steps(site) {
        let (_, _, step) = site.step_at(at);
        for opportunity in &step.opportunities {
            if let StepOpportunity::Inline {
                text,
                impact,
                effort,
            } = opportunity
            {
                rows.push(OpportunityRow {
                    title: text.clone(),
                    url: None,
                    shared: false,
                    impact: impact.map(|l| name_in(LEVELS, l)),
                    effort: effort.map(|l| name_in(LEVELS, l)),
                    impact_rank: rank(*impact),
                    effort_rank: rank(*effort),
                    status: None,
                    owner: step.owner().map(str::to_owned),
                    sources: vec![step_link(at)],
                    hidden_sources: 0,
                });
            }
        }
    }
    // Highest impact first, then least effort (unrated effort last), then title.
    let order = |row: &OpportunityRow| {
        let effort = if row.effort_rank == 0 {
            u8::MAX
        } else {
            row.effort_rank
        };
        (std::cmp::Reverse(row.impact_rank), effort)
    };
    rows.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.title.cmp(&b.title)));
    let link_of = |row: &OpportunityRow| Link {
        url: row.url.clone().unwrap_or_else(|| {
            row.sources
                .first()
                .map(|s| s.url.clone())
                .unwrap_or_default()
        }),
        title: row.title.clone(),
    };
    let matrix = [Level::High, Level::Medium, Level::Low]
        .into_iter()
        .map(|impact| MatrixRow {
            impact: name_in(LEVELS, impact),
            cells: [Level::Low, Level::Medium, Level::High]
                .into_iter()
                .map(|effort| MatrixCell {
                    effort: name_in(LEVELS, effort),
                    quadrant: quadrant(impact, effort),
                    items: rows
                        .iter()
                        .filter(|row| row.impact_rank == rank(Some(impact)))
                        .filter(|row| row.effort_rank == rank(Some(effort)))
                        .map(link_of)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let unrated = rows
        .iter()
        .filter(|row| row.impact_rank == 0 || row.effort_rank == 0)
        .map(link_of)
        .collect();
    OpportunitiesView {
        shared_count: site.portfolio.opportunities.len(),
        inline_count: rows.iter().filter(|r| !r.shared).count(),
        rows,
        matrix,
        unrated,
        matrix_html: None,
        rows_html: None,
    }
}

/// Every step of every journey, in portfolio order.
pub fn all_steps(site: &Site) -> impl Iterator<Item = StepUse> + '_ {
    site.portfolio
        .journeys
        .iter()
        .enumerate()
        .flat_map(|(journey, j)| {
            j.stages.iter().enumerate().flat_map(move |(stage, s)| {
                (0..s.steps.len()).map(move |step| StepUse {
                    journey,
                    stage,
                    step,
                })
            })
        })
}
