//! The metrics dashboard (every metric of the library grouped by category,
//! with how many of its readings are on and off track) and the page of one
//! metric (every place it is measured: journey KPIs, steps, touchpoints).

use serde::Serialize;

use crate::config::{Direction, METRIC_CATEGORIES, MetricCategory};
use crate::content::model::name_in;
use crate::link::{ReadingAt, Site};

use super::markup;
use super::view::{Link, Linker, MetricView, metric_view, reading_status};

/// One metric on the dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct MetricSummary {
    pub link: Link,
    pub unit: Option<String>,
    pub direction: Direction,
    pub readings: usize,
    pub on_track: usize,
    pub off_track: usize,
    pub no_target: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryGroup {
    /// `customer`, `financial`, `operational`, `employee`, or `other`.
    pub key: &'static str,
    pub metrics: Vec<MetricSummary>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DashboardView {
    pub groups: Vec<CategoryGroup>,
    pub off_track: usize,
    pub on_track: usize,
}

/// Where a reading was taken, in words and as a link.
pub fn reading_source(linker: &Linker<'_>, at: ReadingAt) -> Link {
    let site = linker.site;
    let t = site.labels();
    match at {
        ReadingAt::Kpi { journey, .. } => {
            let mut link = linker.journey(journey);
            link.title = t.fill("metric", "kpi_source", &[("title", &link.title)]);
            link
        }
        ReadingAt::Step { at, .. } => {
            let (journey, _, step) = site.step_at(at);
            linker.step(
                at.journey,
                &step.id,
                &format!("{} — {}", journey.title, step.name),
            )
        }
        ReadingAt::Touchpoint { touchpoint, .. } => {
            let mut link = linker.touchpoint(touchpoint);
            link.title = t.fill("metric", "touchpoint_source", &[("title", &link.title)]);
            link
        }
    }
}

/// Every reading of metric `index`, each with where it was taken.
pub fn readings(site: &Site, index: usize) -> Vec<MetricView> {
    let linker = Linker::new(site);
    site.indexes.metric_readings[index]
        .iter()
        .map(|&at| reading_view(&linker, at))
        .collect()
}

fn reading_view(linker: &Linker<'_>, at: ReadingAt) -> MetricView {
    let site = linker.site;
    metric_view(site, site.reading(at), Some(reading_source(linker, at)))
}

/// Readings whose views are made at once while a metric page's table is
/// drawn: the views of a metric of a large portfolio (300,000 readings at
/// 100,000 pages) took 160 MB when made all together.
/// (Tests draw many small batches, so that rows cross batches.)
const READINGS_PER_BATCH: usize = if cfg!(test) { 3 } else { 256 };

/// The table of metric `index`'s readings, as `ui.metrics` draws it, with
/// their views made a batch at a time.
pub fn draw_readings_in_batches(site: &Site, index: usize, out: &mut String) {
    let linker = Linker::new(site);
    markup::metrics_in_batches(site, true, out, |draw| {
        for batch in site.indexes.metric_readings[index].chunks(READINGS_PER_BATCH) {
            let views: Vec<MetricView> =
                batch.iter().map(|&at| reading_view(&linker, at)).collect();
            draw(&views);
        }
    });
}

pub fn dashboard(site: &Site) -> DashboardView {
    let linker = Linker::new(site);
    let summaries: Vec<(Option<MetricCategory>, MetricSummary)> = site
        .config
        .metrics
        .iter()
        .enumerate()
        .map(|(index, metric)| {
            // Counted from the readings themselves: a view of each (with
            // its link) was 0.6 s and 0.1 GB at 100,000 pages.
            let statuses: Vec<&str> = site.indexes.metric_readings[index]
                .iter()
                .map(|&at| reading_status(site, site.reading(at)))
                .collect();
            let count = |status: &str| statuses.iter().filter(|&&s| s == status).count();
            let summary = MetricSummary {
                link: linker.metric(index),
                unit: metric.unit.clone(),
                direction: metric.direction,
                readings: statuses.len(),
                on_track: count("on-track"),
                off_track: count("off-track"),
                no_target: count("no-target"),
            };
            (metric.category, summary)
        })
        .collect();
    let mut groups: Vec<CategoryGroup> = METRIC_CATEGORIES
        .iter()
        .map(|&(key, category)| CategoryGroup {
            key,
            metrics: summaries
                .iter()
                .filter(|(c, _)| *c == Some(category))
                .map(|(_, s)| s.clone())
                .collect(),
        })
        .collect();
    groups.push(CategoryGroup {
        key: "other",
        metrics: summaries
            .iter()
            .filter(|(c, _)| c.is_none())
            .map(|(_, s)| s.clone())
            .collect(),
    });
    groups.retain(|g| !g.metrics.is_empty());
    DashboardView {
        off_track: summaries.iter().map(|(_, s)| s.off_track).sum(),
        on_track: summaries.iter().map(|(_, s)| s.on_track).sum(),
        groups,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MetricPageView {
    pub id: String,
    pub name: String,
    pub category: Option<&'static str>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub readings: Vec<MetricView>,
    pub reading_count: usize,
    /// `readings` as the built-in `ui.metrics` draws them (see
    /// `Renderer::draw_readings`).
    pub readings_html: Option<String>,
    pub off_track: usize,
}

pub fn metric_page(site: &Site, index: usize) -> MetricPageView {
    let mut view = metric_page_without_readings(site, index);
    view.readings = readings(site, index);
    view
}

/// The page of metric `index` with its readings counted but not made into
/// views (see `draw_readings_in_batches`).
pub fn metric_page_without_readings(site: &Site, index: usize) -> MetricPageView {
    let metric = &site.config.metrics[index];
    let at = &site.indexes.metric_readings[index];
    let status = |at: &ReadingAt| reading_status(site, site.reading(*at));
    MetricPageView {
        id: metric.id.value.clone(),
        name: metric.name.clone(),
        category: metric.category.map(|c| name_in(METRIC_CATEGORIES, c)),
        unit: metric.unit.clone(),
        direction: metric.direction,
        off_track: at.iter().filter(|at| status(at) == "off-track").count(),
        reading_count: at.len(),
        readings_html: None,
        readings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::for_each_portfolio;

    #[test]
    fn the_dashboard_counts_what_each_metric_page_lists() {
        for_each_portfolio(|site, _| {
            let dashboard = dashboard(site);
            let summaries: Vec<&MetricSummary> =
                dashboard.groups.iter().flat_map(|g| &g.metrics).collect();
            assert_eq!(summaries.len(), site.config.metrics.len());
            let mut off_track = 0;
            for summary in summaries {
                let index = (0..site.config.metrics.len())
                    .find(|&i| linker_url(site, i) == summary.link.url)
                    .expect("a metric of the site");
                let views = readings(site, index);
                let count = |status: &str| views.iter().filter(|v| v.status == status).count();
                assert_eq!(summary.readings, views.len());
                assert_eq!(summary.on_track, count("on-track"));
                assert_eq!(summary.off_track, count("off-track"));
                assert_eq!(summary.no_target, count("no-target"));
                off_track += summary.off_track;
            }
            assert_eq!(dashboard.off_track, off_track);
            assert!(off_track > 0, "the portfolios have off-track readings");
        });
    }

    fn linker_url(site: &Site, index: usize) -> String {
        Linker::new(site).metric(index).url
    }
}
