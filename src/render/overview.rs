//! The home overview (personas, journeys, emotion heatmap, touchpoints that
//! hurt most, off-track metrics) and the section list pages.

use serde::Serialize;

use crate::config::CHANNEL_KINDS;
use crate::content::date::Date;
use crate::content::model::{
    JOURNEY_STATES, JOURNEY_STATUSES, JourneyState, JourneyStatus, Level, MetricReading, SEGMENTS,
};
use crate::i18n::Labels;
use crate::link::{Site, urls};

use super::entities::{persona_mean, uses_mean};
use super::view::{
    Link, Linker, MetricView, ScoreView, dates, mean, metric_view, reading_status, score_view,
    shown,
};

#[derive(Clone, Debug, Serialize)]
pub struct PersonaCard {
    pub link: Link,
    pub role: Option<String>,
    pub quote: Option<String>,
    pub journey_count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct JourneyRow {
    pub link: Link,
    pub state: JourneyState,
    pub status: Option<JourneyStatus>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`, and as shown in the site's language.
    pub updated: Option<String>,
    pub updated_text: Option<String>,
    pub stale: bool,
    pub personas: Vec<Link>,
    pub mean: Option<ScoreView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatCell {
    pub stage: String,
    pub url: String,
    pub mean: Option<ScoreView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatRow {
    pub journey: Link,
    pub cells: Vec<HeatCell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PainRow {
    pub link: Link,
    pub pain_score: u32,
    pub pain_count: usize,
    pub mean: Option<ScoreView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    pub intro_html: String,
    pub personas: Vec<PersonaCard>,
    /// How many personas there are (`personas` holds at most [`HOME_LIMIT`]).
    pub persona_total: usize,
    /// The journeys of the heatmap and the journeys table: all of them, or
    /// the [`HOME_LIMIT`] with the lowest mean emotion, in portfolio order.
    pub journeys: Vec<JourneyRow>,
    pub journey_total: usize,
    pub heatmap: Vec<HeatRow>,
    pub heatmap_width: usize,
    pub painful_touchpoints: Vec<PainRow>,
    pub off_track: Vec<MetricView>,
    pub off_track_total: usize,
    /// Journeys whose `updated` is older than `stale-after-days`.
    pub stale_journeys: Vec<JourneyRow>,
    pub stale_total: usize,
    /// The most rows each list of the home page shows.
    pub limit: usize,
    pub stale_after_days: u32,
    pub counts: Vec<Count>,
}

/// How many entities of a section the portfolio has.
#[derive(Clone, Debug, Serialize)]
pub struct Count {
    pub key: &'static str,
    pub count: usize,
}

/// How much a pain point weighs when ranking touchpoints.
fn weight(severity: Option<Level>) -> u32 {
    match severity {
        Some(Level::High) => 3,
        Some(Level::Medium) | None => 2,
        Some(Level::Low) => 1,
    }
}

/// The most rows a list of the home page shows, so that the page stays
/// small however big the portfolio; each list links to its full page.
pub const HOME_LIMIT: usize = 20;

/// The first `HOME_LIMIT` of `items`, and how many there were.
fn bounded<T>(mut items: Vec<T>) -> (Vec<T>, usize) {
    let total = items.len();
    items.truncate(HOME_LIMIT);
    (items, total)
}

/// The indexes of the journeys the home page shows: all of them when they
/// fit, else the `HOME_LIMIT` with the lowest mean emotion (those without
/// one last), in portfolio order.
fn shown_journeys(means: &[Option<f64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..means.len()).collect();
    if means.len() > HOME_LIMIT {
        let mean = |i: usize| means[i].unwrap_or(f64::INFINITY);
        order.sort_by(|&a, &b| mean(a).total_cmp(&mean(b)).then(a.cmp(&b)));
        order.truncate(HOME_LIMIT);
        order.sort_unstable();
    }
    order
}

pub fn home(site: &Site, intro_html: String) -> HomeView {
    let linker = Linker::new(site);
    let scale = &site.config.emotion;
    let portfolio = &site.portfolio;
    // Rows are made for the journeys shown only (the portfolio may hold
    // tens of thousands): the means and stale flags come first.
    let means: Vec<Option<f64>> = (0..portfolio.journeys.len())
        .map(|i| journey_mean(site, i))
        .collect();
    let shown = shown_journeys(&means);
    let heatmap: Vec<HeatRow> = shown
        .iter()
        .map(|&i| (i, &portfolio.journeys[i]))
        .map(|(i, journey)| {
            let journey_link = linker.journey(i);
            HeatRow {
                cells: journey
                    .stages
                    .iter()
                    .map(|stage| HeatCell {
                        stage: stage.name.clone(),
                        url: format!(
                            "{}#{}",
                            journey_link.url,
                            crate::link::urls::stage_anchor(&stage.id)
                        ),
                        mean: mean(
                            stage
                                .steps
                                .iter()
                                .map(|s| s.emotion.as_ref().map(|e| e.score.value)),
                        )
                        .map(|m| score_view(m, scale)),
                    })
                    .collect(),
                journey: journey_link,
            }
        })
        .collect();
    let stale: Vec<usize> = (0..portfolio.journeys.len())
        .filter(|&i| is_stale(site, i))
        .collect();
    let stale_total = stale.len();
    let stale_journeys = stale
        .iter()
        .take(HOME_LIMIT)
        .map(|&i| journey_row(site, &linker, i))
        .collect();
    let (personas, persona_total) = bounded(
        portfolio
            .personas
            .iter()
            .enumerate()
            .map(|(i, p)| PersonaCard {
                link: linker.persona(i),
                role: p.role.clone(),
                quote: p.quote.clone(),
                journey_count: site.indexes.persona_journeys[i].len(),
            })
            .collect(),
    );
    let (off_track, off_track_total) = off_track(site, &linker);
    let journey_total = portfolio.journeys.len();
    let journeys: Vec<JourneyRow> = shown
        .iter()
        .map(|&i| journey_row(site, &linker, i))
        .collect();
    HomeView {
        intro_html,
        stale_journeys,
        stale_total,
        stale_after_days: site.config.build.stale_after_days,
        personas,
        persona_total,
        heatmap_width: heatmap.iter().map(|r| r.cells.len()).max().unwrap_or(0),
        heatmap,
        journeys,
        journey_total,
        painful_touchpoints: painful_touchpoints(site, &linker),
        off_track,
        off_track_total,
        limit: HOME_LIMIT,
        counts: vec![
            Count {
                key: urls::JOURNEYS,
                count: portfolio.journeys.len(),
            },
            Count {
                key: urls::PERSONAS,
                count: portfolio.personas.len(),
            },
            Count {
                key: urls::TOUCHPOINTS,
                count: portfolio.touchpoints.len(),
            },
            Count {
                key: urls::CHANNELS,
                count: site.config.channels.len(),
            },
            Count {
                key: urls::OPPORTUNITIES,
                count: portfolio.opportunities.len(),
            },
        ],
    }
}

/// A journey as listed on the home page.
fn journey_row(site: &Site, linker: &Linker<'_>, i: usize) -> JourneyRow {
    let journey = &site.portfolio.journeys[i];
    let (updated, updated_text) = dates(journey.doc.updated, site.labels());
    JourneyRow {
        link: linker.journey(i),
        state: journey.state,
        status: journey.status,
        owner: journey.owner.clone(),
        updated,
        updated_text,
        stale: is_stale(site, i),
        personas: journey
            .personas
            .iter()
            .filter_map(|p| linker.persona_id(&p.value))
            .collect(),
        mean: journey_mean(site, i).map(|m| score_view(m, &site.config.emotion)),
    }
}

/// Whether journey `i` was last updated longer ago than `stale-after-days`.
fn is_stale(site: &Site, i: usize) -> bool {
    site.portfolio.journeys[i].doc.updated.is_some_and(|u| {
        site.today.days_since_epoch() - u.days_since_epoch()
            > i64::from(site.config.build.stale_after_days)
    })
}

/// The mean emotion of journey `i`: its first persona's, else its steps'.
fn journey_mean(site: &Site, i: usize) -> Option<f64> {
    let journey = &site.portfolio.journeys[i];
    journey
        .personas
        .first()
        .and_then(|p| persona_mean(site, i, &p.value))
        .or_else(|| {
            mean(
                journey
                    .stages
                    .iter()
                    .flat_map(|s| &s.steps)
                    .map(|s| s.emotion.as_ref().map(|e| e.score.value)),
            )
        })
}

/// Touchpoints ranked by severity-weighted pain points, then by mean emotion.
fn painful_touchpoints(site: &Site, linker: &Linker<'_>) -> Vec<PainRow> {
    let mut rows: Vec<(u32, f64, PainRow)> = site
        .indexes
        .touchpoint_uses
        .iter()
        .enumerate()
        .map(|(t, uses)| {
            let pains: Vec<Option<Level>> = uses
                .iter()
                .flat_map(|&at| site.step_at(at).2.pain_points.iter().map(|p| p.severity))
                .collect();
            let score: u32 = pains.iter().map(|&s| weight(s)).sum();
            let mean = uses_mean(site, uses);
            let row = PainRow {
                link: linker.touchpoint(t),
                pain_score: score,
                pain_count: pains.len(),
                mean: mean.map(|m| score_view(m, &site.config.emotion)),
            };
            (score, mean.unwrap_or(f64::MAX), row)
        })
        .filter(|(score, _, _)| *score > 0)
        .collect();
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.link.title.cmp(&b.2.link.title))
    });
    rows.into_iter().take(10).map(|(_, _, row)| row).collect()
}

/// The first `HOME_LIMIT` off-track readings (journey KPIs, then step
/// metrics, then touchpoint metrics) and how many there are in all. Only
/// the shown ones get a view: a large portfolio has hundreds of thousands
/// of readings.
fn off_track(site: &Site, linker: &Linker<'_>) -> (Vec<MetricView>, usize) {
    let mut shown = Vec::new();
    let mut total = 0;
    let mut found = |reading: &MetricReading, source: &dyn Fn() -> Link| {
        if reading_status(site, reading) == "off-track" {
            total += 1;
            if shown.len() < HOME_LIMIT {
                shown.push(metric_view(site, reading, Some(source())));
            }
        }
    };
    for (j, journey) in site.portfolio.journeys.iter().enumerate() {
        for kpi in &journey.kpis {
            found(kpi, &|| linker.journey(j));
        }
        for step in journey.stages.iter().flat_map(|s| &s.steps) {
            for reading in &step.metrics {
                let title = || format!("{} — {}", journey.title, step.name);
                found(reading, &|| linker.step(j, &step.id, &title()));
            }
        }
    }
    for (t, touchpoint) in site.portfolio.touchpoints.iter().enumerate() {
        for reading in &touchpoint.metrics {
            found(reading, &|| linker.touchpoint(t));
        }
    }
    (shown, total)
}

/// A cell of a section list table.
#[derive(Clone, Debug, Serialize, Default)]
pub struct Cell {
    pub text: String,
    pub url: Option<String>,
    pub class: Option<String>,
    /// For a date: `YYYY-MM-DD` (the text is the date as shown).
    pub datetime: Option<String>,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        ..Cell::default()
    }
}

fn link_cell(link: Link) -> Cell {
    Cell {
        text: link.title,
        url: Some(link.url),
        ..Cell::default()
    }
}

fn date_cell(date: Option<Date>, t: &Labels) -> Cell {
    let (datetime, text) = dates(date, t);
    Cell {
        text: text.unwrap_or_default(),
        datetime,
        ..Cell::default()
    }
}

fn score_cell(score: Option<ScoreView>) -> Cell {
    match score {
        Some(score) => Cell {
            text: score.text,
            class: Some(format!("score {}", score.class)),
            ..Cell::default()
        },
        None => cell("—"),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    pub intro: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The list as the built-in template draws it, made by built-in code
    /// (see `list_tables`) while `section.html` is the built-in one.
    pub table_html: Option<String>,
}

/// The list page of `key`: journeys, personas, touchpoints or channels.
pub fn section(site: &Site, key: &str) -> SectionView {
    let linker = Linker::new(site);
    let t = site.labels();
    let (columns, rows): (&[&str], Vec<Vec<Cell>>) = match key {
        urls::JOURNEYS => (
            &[
                "journey",
                "state",
                "status",
                "owner",
                "updated",
                "mean_emotion",
            ],
            journey_cells(site, &linker),
        ),
        urls::PERSONAS => (
            &["persona", "role", "segment", "journeys"],
            persona_cells(site, &linker),
        ),
        urls::TOUCHPOINTS => (
            &[
                "touchpoint",
                "channel",
                "owner",
                "used_by_steps",
                "mean_emotion",
            ],
            touchpoint_cells(site, &linker),
        ),
        urls::CHANNELS => (
            &["channel", "kind", "touchpoints"],
            channel_cells(site, &linker),
        ),
        _ => (&[], Vec::new()),
    };
    SectionView {
        key: key.to_string(),
        title: t.get("nav", key).to_string(),
        intro: t.get("section", &format!("{key}_intro")).to_string(),
        columns: columns
            .iter()
            .map(|column| t.get("field", column).to_string())
            .collect(),
        rows,
        table_html: None,
    }
}

fn journey_cells(site: &Site, linker: &Linker<'_>) -> Vec<Vec<Cell>> {
    let t = site.labels();
    site.portfolio
        .journeys
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let steps = j.stages.iter().flat_map(|s| &s.steps);
            vec![
                link_cell(linker.journey(i)),
                cell(shown(t, "journey_state", JOURNEY_STATES, j.state)),
                cell(
                    j.status
                        .map_or("", |s| shown(t, "journey_status", JOURNEY_STATUSES, s)),
                ),
                cell(j.owner.clone().unwrap_or_default()),
                date_cell(j.doc.updated, t),
                score_cell(
                    mean(steps.map(|s| s.emotion.as_ref().map(|e| e.score.value)))
                        .map(|m| score_view(m, &site.config.emotion)),
                ),
            ]
        })
        .collect()
}

fn persona_cells(site: &Site, linker: &Linker<'_>) -> Vec<Vec<Cell>> {
    let t = site.labels();
    site.portfolio
        .personas
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                link_cell(linker.persona(i)),
                cell(p.role.clone().unwrap_or_default()),
                cell(p.segment.map_or("", |s| shown(t, "segment", SEGMENTS, s))),
                cell(site.indexes.persona_journeys[i].len().to_string()),
            ]
        })
        .collect()
}

fn touchpoint_cells(site: &Site, linker: &Linker<'_>) -> Vec<Vec<Cell>> {
    site.portfolio
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let uses = &site.indexes.touchpoint_uses[i];
            let channel = t.channel.as_ref().and_then(|c| linker.channel_id(&c.value));
            vec![
                link_cell(linker.touchpoint(i)),
                channel.map_or_else(|| cell(""), link_cell),
                cell(t.owner.clone().unwrap_or_default()),
                cell(uses.len().to_string()),
                score_cell(uses_mean(site, uses).map(|m| score_view(m, &site.config.emotion))),
            ]
        })
        .collect()
}

fn channel_cells(site: &Site, linker: &Linker<'_>) -> Vec<Vec<Cell>> {
    let t = site.labels();
    site.config
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                link_cell(linker.channel(i)),
                cell(
                    c.kind
                        .map_or("", |k| shown(t, "channel_kind", CHANNEL_KINDS, k)),
                ),
                cell(site.indexes.channel_touchpoints[i].len().to_string()),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_journey_is_shown_when_they_fit() {
        let means = vec![Some(1.0), None, Some(-2.0)];
        assert_eq!(shown_journeys(&means), vec![0, 1, 2]);
    }

    #[test]
    fn a_big_portfolio_shows_the_lowest_means_in_portfolio_order() {
        // Journey i has mean i (mod 50), with a gap: every 7th has none.
        let means: Vec<Option<f64>> = (0..100)
            .map(|i| (i % 7 != 0).then_some((i % 50) as f64))
            .collect();
        let shown = shown_journeys(&means);
        assert_eq!(shown.len(), HOME_LIMIT);
        assert!(shown.windows(2).all(|w| w[0] < w[1]), "portfolio order");
        let worst_shown = shown
            .iter()
            .map(|&i| means[i].unwrap())
            .fold(f64::MIN, f64::max);
        let best_left_out = (0..100)
            .filter(|i| !shown.contains(i))
            .filter_map(|i| means[i])
            .fold(f64::MAX, f64::min);
        assert!(
            worst_shown <= best_left_out,
            "{worst_shown} > {best_left_out}"
        );
    }

    #[test]
    fn bounded_keeps_the_total() {
        let (items, total) = bounded((0..45).collect::<Vec<_>>());
        assert_eq!((items.len(), total), (HOME_LIMIT, 45));
        assert_eq!(items[0], 0);
    }
}
