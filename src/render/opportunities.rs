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

/// An opportunity in the page's order, before it is made into a row.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'s> {
    impact: Option<Level>,
    effort: Option<Level>,
    title: &'s str,
    source: Source,
}

/// Where an entry's opportunity is written.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Shared opportunity `index`.
    Shared(usize),
    /// An inline opportunity of the step at `at`.
    Inline { at: StepUse },
}

/// Every opportunity, shared then inline, in the page's order: highest
/// impact first, then least effort (unrated effort last), then title.
pub fn entries(site: &Site) -> Vec<Entry<'_>> {
    let shared = site.portfolio.opportunities.iter().enumerate();
    let mut entries: Vec<Entry<'_>> = shared
        .map(|(index, shared)| Entry {
            impact: shared.impact,
            effort: shared.effort,
            title: &shared.title,
            source: Source::Shared(index),
        })
        .collect();
    for at in all_steps(site) {
        let (_, _, step) = site.step_at(at);
        for opportunity in &step.opportunities {
            if let StepOpportunity::Inline {
                text,
                impact,
                effort,
            } = opportunity
            {
                entries.push(Entry {
                    impact: *impact,
                    effort: *effort,
                    title: text,
                    source: Source::Inline { at },
                });
            }
        }
    }
    let order = |entry: &Entry<'_>| {
        let effort = match rank(entry.effort) {
            0 => u8::MAX,
            rank => rank,
        };
        (std::cmp::Reverse(rank(entry.impact)), effort)
    };
    entries.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.title.cmp(b.title)));
    entries
}

/// Makes rows of entries (`row`) and their links (`link`).
pub struct RowMaker<'s> {
    site: &'s Site,
    linker: Linker<'s>,
}

impl<'s> RowMaker<'s> {
    pub fn new(site: &'s Site) -> RowMaker<'s> {
        RowMaker {
            site,
            linker: Linker::new(site),
        }
    }

    fn step_link(&self, at: StepUse) -> Link {
        let (journey, _, step) = self.site.step_at(at);
        let title = format!("{} — {}", journey.title, step.name);
        self.linker.step(at.journey, &step.id, &title)
    }

    /// The row of `entry`.
    pub fn row(&self, entry: &Entry<'_>) -> OpportunityRow {
        let impact = entry.impact.map(|l| name_in(LEVELS, l));
        let effort = entry.effort.map(|l| name_in(LEVELS, l));
        let (impact_rank, effort_rank) = (rank(entry.impact), rank(entry.effort));
        match entry.source {
            Source::Shared(index) => {
                let shared = &self.site.portfolio.opportunities[index];
                let link = self.linker.opportunity(index);
                let sources = &self.site.indexes.opportunity_sources[index];
                OpportunityRow {
                    title: link.title,
                    url: Some(link.url),
                    shared: true,
                    impact,
                    effort,
                    impact_rank,
                    effort_rank,
                    status: shared.status.map(|s| name_in(OPPORTUNITY_STATUSES, s)),
                    owner: shared.owner.clone(),
                    sources: sources
                        .iter()
                        .take(SOURCES_SHOWN)
                        .map(|&at| self.step_link(at))
                        .collect(),
                    hidden_sources: sources.len().saturating_sub(SOURCES_SHOWN),
                }
            }
            Source::Inline { at } => {
                let (_, _, step) = self.site.step_at(at);
                OpportunityRow {
                    title: entry.title.to_owned(),
                    url: None,
                    shared: false,
                    impact,
                    effort,
                    impact_rank,
                    effort_rank,
                    status: None,
                    owner: step.owner().map(str::to_owned),
                    sources: vec![self.step_link(at)],
                    hidden_sources: 0,
                }
            }
        }
    }

    /// The link of `entry` on the matrix: its page, or the step raising it.
    pub fn link(&self, entry: &Entry<'_>) -> Link {
        match entry.source {
            Source::Shared(index) => self.linker.opportunity(index),
            Source::Inline { at } => Link {
                url: self.step_link(at).url,
                title: entry.title.to_owned(),
            },
        }
    }
}

/// Entries whose rows are made at once while the list is drawn (see
/// `draw_list_in_batches`). Tests draw batches of 3, so rows cross them.
const ROWS_PER_BATCH: usize = if cfg!(test) { 3 } else { 256 };

/// The list of `entries`, as `opportunities.html` draws it, with their
/// rows made a batch at a time: at 100,000 pages the list has 200,000
/// rows, whose values took 80 MB when made all together.
pub fn draw_list_in_batches(site: &Site, entries: &[Entry<'_>], out: &mut String) {
    let maker = RowMaker::new(site);
    super::list_tables::rows_in_batches(site, out, |draw| {
        for batch in entries.chunks(ROWS_PER_BATCH) {
            let rows: Vec<OpportunityRow> = batch.iter().map(|entry| maker.row(entry)).collect();
            draw(&rows);
        }
    });
}

pub fn view(site: &Site) -> OpportunitiesView {
    let entries = entries(site);
    let mut view = view_without_rows(site, &entries);
    let maker = RowMaker::new(site);
    view.rows = entries.iter().map(|entry| maker.row(entry)).collect();
    view
}

/// The page of `entries` with its matrix, but without the rows of its
/// list (see `draw_list_in_batches`).
pub fn view_without_rows(site: &Site, entries: &[Entry<'_>]) -> OpportunitiesView {
    let maker = RowMaker::new(site);
    let matrix = [Level::High, Level::Medium, Level::Low]
        .into_iter()
        .map(|impact| MatrixRow {
            impact: name_in(LEVELS, impact),
            cells: [Level::Low, Level::Medium, Level::High]
                .into_iter()
                .map(|effort| MatrixCell {
                    effort: name_in(LEVELS, effort),
                    quadrant: quadrant(impact, effort),
                    items: entries
                        .iter()
                        .filter(|entry| entry.impact == Some(impact))
                        .filter(|entry| entry.effort == Some(effort))
                        .map(|entry| maker.link(entry))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let unrated = entries
        .iter()
        .filter(|entry| entry.impact.is_none() || entry.effort.is_none())
        .map(|entry| maker.link(entry))
        .collect();
    let shared_count = site.portfolio.opportunities.len();
    OpportunitiesView {
        shared_count,
        inline_count: entries.len() - shared_count,
        rows: Vec::new(),
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
