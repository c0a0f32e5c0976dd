//! The side-by-side comparison of a future map with the current map it
//! `compares`: stages matched by id, mean emotion and pain points per
//! stage on both sides, and their deltas.

use serde::Serialize;

use crate::content::model::{Journey, Stage};
use crate::link::Site;

use super::compare_chart::{self, BandSeries};
use super::view::{Link, Linker, ScoreView, mean, score_view};

#[derive(Clone, Debug, Serialize)]
pub struct StageDelta {
    pub stage: String,
    pub current_mean: Option<ScoreView>,
    pub future_mean: Option<ScoreView>,
    /// Future minus current mean, signed text ("+1.5").
    pub emotion_delta: Option<String>,
    /// `better`, `worse` or `same` (future against current), when both have scores.
    pub trend: Option<&'static str>,
    pub current_pains: usize,
    pub future_pains: usize,
    pub pain_delta: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub current: Link,
    pub future: Link,
    pub stages: Vec<StageDelta>,
    /// Both curves on one chart, aligned by stage.
    pub chart_svg: String,
}

/// Compares `future` with `current` (journey indices).
pub fn compare(site: &Site, current: usize, future: usize) -> Comparison {
    let linker = Linker::new(site);
    let journeys = &site.portfolio.journeys;
    let (now, next) = (&journeys[current], &journeys[future]);
    let mut ids: Vec<&str> = now.stages.iter().map(|s| s.id.as_str()).collect();
    for stage in next.stages.iter() {
        if !ids.contains(&stage.id.as_str()) {
            ids.push(&stage.id);
        }
    }
    let scale = &site.config.emotion;
    let stages: Vec<StageDelta> = ids
        .iter()
        .map(|&id| {
            let before = find(now, id);
            let after = find(next, id);
            let before_mean = before.and_then(stage_mean);
            let after_mean = after.and_then(stage_mean);
            let delta = before_mean.zip(after_mean).map(|(b, a)| a - b);
            let pains = |s: Option<&Stage>| {
                s.map_or(0, |s| s.steps.iter().map(|p| p.pain_points.len()).sum())
            };
            StageDelta {
                stage: after
                    .or(before)
                    .map_or_else(String::new, |s| s.name.clone()),
                current_mean: before_mean.map(|m| score_view(m, scale)),
                future_mean: after_mean.map(|m| score_view(m, scale)),
                emotion_delta: delta.map(|d| format!("{d:+.1}").replace('-', "−")),
                trend: delta.map(|d| {
                    if d.abs() < 0.05 {
                        "same"
                    } else if d > 0.0 {
                        "better"
                    } else {
                        "worse"
                    }
                }),
                current_pains: pains(before),
                future_pains: pains(after),
                pain_delta: pains(after) as i64 - pains(before) as i64,
            }
        })
        .collect();
    let bands: Vec<String> = stages.iter().map(|s| s.stage.clone()).collect();
    let t = site.labels();
    let label = |key: &str, journey: &Journey| t.fill("compare", key, &[("title", &journey.title)]);
    let series = [
        band_series(now, &ids, label("today_series", now), "series-0"),
        band_series(next, &ids, label("this_map_series", next), "series-1"),
    ];
    let chart_svg = compare_chart::render(
        &compare_chart::Texts {
            id: &format!("compare-{}", next.doc.id),
            title: &label("chart_title", next),
            description: t.get("compare", "chart_desc"),
        },
        scale,
        &bands,
        &series,
    );
    Comparison {
        current: linker.journey(current),
        future: linker.journey(future),
        stages,
        chart_svg,
    }
}

/// A map's steps placed in the bands of the stages they belong to.
fn band_series(journey: &Journey, band_ids: &[&str], label: String, class: &str) -> BandSeries {
    let points = journey
        .stages
        .iter()
        .filter_map(|stage| {
            band_ids
                .iter()
                .position(|id| *id == stage.id)
                .map(|band| (band, stage))
        })
        .flat_map(|(band, stage)| {
            let count = stage.steps.len();
            stage.steps.iter().enumerate().map(move |(index, step)| {
                (
                    band,
                    index,
                    count,
                    step.emotion.as_ref().map(|e| e.score.value),
                )
            })
        })
        .collect();
    BandSeries {
        label,
        class: class.to_string(),
        points,
    }
}

fn find<'j>(journey: &'j Journey, id: &str) -> Option<&'j Stage> {
    journey.stages.iter().find(|s| s.id == id)
}

fn stage_mean(stage: &Stage) -> Option<f64> {
    mean(
        stage
            .steps
            .iter()
            .map(|s| s.emotion.as_ref().map(|e| e.score.value)),
    )
}
