//! The side-by-side comparison of a future map with the current map it
//! `compares`: stages matched by id, mean emotion and pain points per
//! stage on both sides, and their deltas.

use serde::Serialize;

use crate::content::model::{Journey, Stage};
use crate::link::Site;

use super::view::{Link, Linker, ScoreView, mean, score_view};

#[derive(Clone, Debug, Serialize)]
pub struct StageDelta {
    pub stage: String,
    pub current_mean: Option<ScoreView>,
    pub future_mean: Option<ScoreView>,
    /// Future minus current mean, signed text ("+1.5").
    pub emotion_delta: Option<String>,
    pub improves: Option<bool>,
    pub current_pains: usize,
    pub future_pains: usize,
    pub pain_delta: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub current: Link,
    pub future: Link,
    pub stages: Vec<StageDelta>,
}

/// Compares `future` with `current` (journey indices).
pub fn compare(site: &Site, current: usize, future: usize) -> Comparison {
    let linker = Linker::new(site);
    let journeys = &site.portfolio.journeys;
    let (now, next) = (&journeys[current], &journeys[future]);
    let mut ids: Vec<&str> = now.stages.iter().map(|s| s.id.as_str()).collect();
    for stage in &next.stages {
        if !ids.contains(&stage.id.as_str()) {
            ids.push(&stage.id);
        }
    }
    let scale = &site.config.emotion;
    let stages = ids
        .into_iter()
        .map(|id| {
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
                improves: delta.map(|d| d > 0.0),
                current_pains: pains(before),
                future_pains: pains(after),
                pain_delta: pains(after) as i64 - pains(before) as i64,
            }
        })
        .collect();
    Comparison {
        current: linker.journey(current),
        future: linker.journey(future),
        stages,
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
