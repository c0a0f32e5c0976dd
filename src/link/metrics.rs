//! The metric → readings reverse index: every place a metric is measured
//! (journey KPIs, step metrics, touchpoint metrics), in portfolio order.

use crate::config::Config;
use crate::content::model::{MetricReading, Portfolio};

use super::Lookups;
use super::index::StepUse;

/// Where one metric reading is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadingAt {
    /// The `index`-th KPI of a journey.
    Kpi { journey: usize, index: usize },
    /// The `index`-th metric of a step.
    Step { at: StepUse, index: usize },
    /// The `index`-th metric of a touchpoint.
    Touchpoint { touchpoint: usize, index: usize },
}

/// Per metric of `config.metrics`: where it is measured.
pub fn readings(config: &Config, portfolio: &Portfolio, lookups: &Lookups) -> Vec<Vec<ReadingAt>> {
    let mut found = vec![Vec::new(); config.metrics.len()];
    let mut add = |reading: &MetricReading, at: ReadingAt| {
        if let Some(&metric) = lookups.metrics.get(&reading.metric.value) {
            found[metric].push(at);
        }
    };
    for (journey_index, journey) in portfolio.journeys.iter().enumerate() {
        for (index, kpi) in journey.kpis.iter().enumerate() {
            add(
                kpi,
                ReadingAt::Kpi {
                    journey: journey_index,
                    index,
                },
            );
        }
        for (stage_index, stage) in journey.stages.iter().enumerate() {
            for (step_index, step) in stage.steps.iter().enumerate() {
                let at = StepUse {
                    journey: journey_index,
                    stage: stage_index,
                    step: step_index,
                };
                for (index, reading) in step.metrics.iter().enumerate() {
                    add(reading, ReadingAt::Step { at, index });
                }
            }
        }
    }
    for (touchpoint, entity) in portfolio.touchpoints.iter().enumerate() {
        for (index, reading) in entity.metrics.iter().enumerate() {
            add(reading, ReadingAt::Touchpoint { touchpoint, index });
        }
    }
    found
}

impl super::Site {
    /// The reading a `ReadingAt` points at.
    pub fn reading(&self, at: ReadingAt) -> &MetricReading {
        match at {
            ReadingAt::Kpi { journey, index } => &self.portfolio.journeys[journey].kpis[index],
            ReadingAt::Step { at, index } => &self.step_at(at).2.metrics[index],
            ReadingAt::Touchpoint { touchpoint, index } => {
                &self.portfolio.touchpoints[touchpoint].metrics[index]
            }
        }
    }
}
