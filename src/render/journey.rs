//! The journey page's view model: the map as a grid (stages as column
//! groups, steps as columns, one row per lane that has content), the
//! emotion curve and its table alternative, KPIs, action plans, family
//! (parent, children, compares) and backlinks.

use serde::Serialize;

use crate::content::model::{Journey, PlanStatus, Step};
use crate::link::{Site, urls};

use super::chart::{self, Chart, Series};
use super::compare::{self, Comparison};
use super::lanes::{self, Lane};
use super::view::{Link, Linker, MetricView, ScoreView, dates, mean, metric_view, score_view};

/// One entry in a lane cell.
#[derive(Clone, Debug, Serialize)]
pub struct StepHead {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub moment_of_truth: bool,
    pub emotion: Option<ScoreView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub moment: Option<u8>,
    pub moment_label: Option<&'static str>,
    pub step_count: usize,
    pub mean: Option<ScoreView>,
    pub steps: Vec<StepHead>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonaChip {
    pub link: Link,
    pub primary: bool,
    pub class: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LegendEntry {
    pub label: String,
    pub class: String,
    pub dashed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScoreRow {
    pub stage: String,
    pub step: String,
    pub values: Vec<Option<ScoreView>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanView {
    pub title: String,
    pub owner: Option<String>,
    pub stage: Option<Link>,
    pub status: Option<PlanStatus>,
    /// `YYYY-MM-DD`, and as shown in the site's language.
    pub due: Option<String>,
    pub due_text: Option<String>,
    pub overdue: bool,
    pub metric: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BacklinkView {
    pub link: Link,
    pub via: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct JourneyView<'a> {
    pub id: String,
    pub title: String,
    pub url: String,
    pub scenario: Option<String>,
    pub state: crate::content::model::JourneyState,
    pub status: Option<crate::content::model::JourneyStatus>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`, and as shown in the site's language.
    pub updated: Option<String>,
    pub updated_text: Option<String>,
    pub stage_set: Option<String>,
    pub personas: Vec<PersonaChip>,
    pub participants: Vec<crate::content::model::Participant>,
    pub breadcrumb: Vec<Link>,
    pub children: Vec<Link>,
    pub compares: Option<Link>,
    pub futures: Vec<Link>,
    pub kpis: Vec<MetricView>,
    pub action_plans: Vec<PlanView>,
    pub stages: Vec<StageView>,
    pub step_count: usize,
    pub lanes: Vec<Lane<'a>>,
    /// The zoom that fits the map on one printed sheet (`[print] paper`).
    pub print_zoom: f64,
    pub chart_svg: String,
    pub axis_svg: String,
    pub legend: Vec<LegendEntry>,
    pub score_headers: Vec<String>,
    pub score_rows: Vec<ScoreRow>,
    pub mean: Option<ScoreView>,
    pub backlinks: Vec<BacklinkView>,
    pub comparison: Option<Comparison>,
    pub body_html: String,
    pub extra: Option<crate::content::node::Node>,
}

/// The fields of a journey's view that only its map (`journey-map.html`)
/// reads: the largest part of the view.
#[derive(Default)]
pub struct MapParts<'a> {
    stages: Vec<StageView>,
    lanes: Vec<Lane<'a>>,
    chart_svg: String,
    axis_svg: String,
    legend: Vec<LegendEntry>,
    score_headers: Vec<String>,
    score_rows: Vec<ScoreRow>,
}

impl<'a> JourneyView<'a> {
    /// Takes the map-only fields out, leaving them empty (for a template
    /// context that cannot read them).
    pub fn take_map_parts(&mut self) -> MapParts<'a> {
        use std::mem::take;
        MapParts {
            stages: take(&mut self.stages),
            lanes: take(&mut self.lanes),
            chart_svg: take(&mut self.chart_svg),
            axis_svg: take(&mut self.axis_svg),
            legend: take(&mut self.legend),
            score_headers: take(&mut self.score_headers),
            score_rows: take(&mut self.score_rows),
        }
    }

    /// Puts back what `take_map_parts` took.
    pub fn restore_map_parts(&mut self, parts: MapParts<'a>) {
        self.stages = parts.stages;
        self.lanes = parts.lanes;
        self.chart_svg = parts.chart_svg;
        self.axis_svg = parts.axis_svg;
        self.legend = parts.legend;
        self.score_headers = parts.score_headers;
        self.score_rows = parts.score_rows;
    }
}

/// Width of the lane-label column in CSS pixels (the theme's `--lane-w`).
const AXIS_WIDTH: u32 = 160;

/// Builds the view of journey `index`; `body_html` is its rendered narrative.
pub fn view(site: &Site, index: usize, body_html: String) -> JourneyView<'_> {
    let linker = Linker::new(site);
    let journey = &site.portfolio.journeys[index];
    let scale = &site.config.emotion;
    let t = site.labels();
    let steps: Vec<&Step> = journey.stages.iter().flat_map(|s| &s.steps).collect();
    let series = series(site, journey, &steps);
    let chart_svg = emotion_chart(site, journey, &steps, &series);
    let (updated, updated_text) = dates(journey.doc.updated, t);
    let lanes = lanes::lanes(&linker, journey, &steps);
    let step_names: Vec<String> = steps.iter().map(|s| s.name.to_string()).collect();
    JourneyView {
        id: journey.doc.id.clone(),
        title: journey.title.clone(),
        url: linker.journey(index).url,
        scenario: journey.scenario.clone(),
        state: journey.state,
        status: journey.status,
        owner: journey.owner.clone(),
        updated,
        updated_text,
        stage_set: journey.stage_set.as_ref().map(|s| s.value.clone()),
        personas: persona_chips(&linker, journey),
        participants: journey.participants.clone(),
        breadcrumb: breadcrumb(&linker, index),
        children: site.indexes.journey_children[index]
            .iter()
            .map(|&c| linker.journey(c))
            .collect(),
        compares: journey
            .compares
            .as_ref()
            .and_then(|c| linker.journey_id(&c.value)),
        futures: site.indexes.journey_futures[index]
            .iter()
            .map(|&f| linker.journey(f))
            .collect(),
        kpis: journey
            .kpis
            .iter()
            .map(|k| metric_view(site, k, None))
            .collect(),
        action_plans: plans(site, &linker, journey),
        stages: stage_views(site, journey),
        step_count: steps.len(),
        print_zoom: super::print::fit(site.config.paper, steps.len(), &lanes, &step_names),
        lanes,
        chart_svg,
        axis_svg: chart::axis(scale, AXIS_WIDTH),
        legend: series
            .iter()
            .map(|s| LegendEntry {
                label: s.label.clone(),
                class: s.class.clone(),
                dashed: s.dashed,
            })
            .collect(),
        score_headers: series.iter().map(|s| s.label.clone()).collect(),
        score_rows: score_rows(site, journey, &series),
        mean: mean(
            steps
                .iter()
                .map(|s| s.emotion.as_ref().map(|e| e.score.value)),
        )
        .map(|m| score_view(m, scale)),
        backlinks: backlinks(site, &linker, index),
        comparison: journey
            .compares
            .as_ref()
            .and_then(|c| site.lookups.journeys.get(&c.value))
            .map(|&current| compare::compare(site, current, index)),
        body_html,
        extra: journey.doc.extra.clone(),
    }
}

/// The emotion curve of a journey's steps as inline SVG.
fn emotion_chart(site: &Site, journey: &Journey, steps: &[&Step], series: &[Series]) -> String {
    let t = site.labels();
    let step_names: Vec<String> = steps.iter().map(|s| s.name.to_string()).collect();
    chart::render(&Chart {
        id: &format!("emotion-{}", journey.doc.id),
        title: &t.fill("journey", "chart_title", &[("title", &journey.title)]),
        labels: t,
        scale: &site.config.emotion,
        step_count: steps.len(),
        stage_breaks: &stage_breaks(journey),
        series,
        step_names: &step_names,
    })
}

/// The primary persona's scores, each other persona's, and the targets.
fn series(site: &Site, journey: &Journey, steps: &[&Step]) -> Vec<Series> {
    let name_of = |id: &str| {
        site.lookups.personas.get(id).map_or_else(
            || id.to_string(),
            |&i| site.portfolio.personas[i].name.clone(),
        )
    };
    let t = site.labels();
    let primary = journey.personas.first().map_or_else(
        || t.get("journey", "customer").to_string(),
        |p| name_of(&p.value),
    );
    let mut all = vec![Series {
        label: primary,
        values: steps
            .iter()
            .map(|s| s.emotion.as_ref().map(|e| e.score.value))
            .collect(),
        class: "series-0".into(),
        dashed: false,
    }];
    let mut others: Vec<&str> = journey
        .personas
        .iter()
        .skip(1)
        .map(|p| p.value.as_str())
        .collect();
    for step in steps {
        for (persona, _) in step.emotion.iter().flat_map(|e| &e.by_persona) {
            if !others.contains(&persona.value.as_str())
                && Some(&persona.value) != journey.personas.first().map(|p| &p.value)
            {
                others.push(&persona.value);
            }
        }
    }
    for persona in others {
        let values: Vec<Option<i64>> = steps
            .iter()
            .map(|s| {
                let emotion = s.emotion.as_ref()?;
                emotion
                    .by_persona
                    .iter()
                    .find(|(p, _)| p.value == persona)
                    .map(|(_, v)| v.value)
            })
            .collect();
        if values.iter().any(Option::is_some) {
            all.push(Series {
                label: name_of(persona),
                values,
                class: format!("series-{}", all.len().min(5)),
                dashed: false,
            });
        }
    }
    let targets: Vec<Option<i64>> = steps
        .iter()
        .map(|s| {
            s.emotion
                .as_ref()
                .and_then(|e| e.target.as_ref())
                .map(|t| t.value)
        })
        .collect();
    if targets.iter().any(Option::is_some) {
        all.push(Series {
            label: t.get("journey", "target").into(),
            values: targets,
            class: "target".into(),
            dashed: true,
        });
    }
    all
}

fn stage_breaks(journey: &Journey) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut at = 0;
    for stage in journey.stages.iter() {
        if at > 0 {
            breaks.push(at);
        }
        at += stage.steps.len();
    }
    breaks
}

fn persona_chips(linker: &Linker<'_>, journey: &Journey) -> Vec<PersonaChip> {
    journey
        .personas
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            linker.persona_id(&p.value).map(|link| PersonaChip {
                link,
                primary: i == 0,
                class: format!("series-{}", i.min(5)),
            })
        })
        .collect()
}

/// The chain of parents, outermost first, ending with this journey.
fn breadcrumb(linker: &Linker<'_>, index: usize) -> Vec<Link> {
    let site = linker.site;
    let mut chain = vec![index];
    let mut current = index;
    while let Some(&parent) = site.portfolio.journeys[current]
        .parent
        .as_ref()
        .and_then(|p| site.lookups.journeys.get(&p.value))
    {
        if chain.contains(&parent) {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain.iter().rev().map(|&j| linker.journey(j)).collect()
}

/// The `[moment]` texts of moments of truth 0..3.
const MOMENTS: [&str; 4] = ["zero", "first", "second", "ultimate"];

fn stage_views(site: &Site, journey: &Journey) -> Vec<StageView> {
    let scale = &site.config.emotion;
    let t = site.labels();
    journey
        .stages
        .iter()
        .map(|stage| StageView {
            id: stage.id.clone(),
            anchor: urls::stage_anchor(&stage.id),
            name: stage.name.clone(),
            moment: stage.moment,
            moment_label: stage
                .moment
                .map(|m| t.get("moment", MOMENTS[usize::from(m).min(3)])),
            step_count: stage.steps.len(),
            mean: mean(
                stage
                    .steps
                    .iter()
                    .map(|s| s.emotion.as_ref().map(|e| e.score.value)),
            )
            .map(|m| score_view(m, scale)),
            steps: stage
                .steps
                .iter()
                .map(|step| StepHead {
                    id: step.id.to_string(),
                    anchor: urls::step_anchor(&step.id),
                    name: step.name.to_string(),
                    moment_of_truth: step.moment_of_truth,
                    emotion: step
                        .emotion
                        .as_ref()
                        .map(|e| score_view(e.score.value as f64, scale)),
                })
                .collect(),
        })
        .collect()
}

fn score_rows(site: &Site, journey: &Journey, series: &[Series]) -> Vec<ScoreRow> {
    let scale = &site.config.emotion;
    let mut rows = Vec::new();
    let mut index = 0;
    for stage in journey.stages.iter() {
        for step in &stage.steps {
            rows.push(ScoreRow {
                stage: stage.name.clone(),
                step: step.name.to_string(),
                values: series
                    .iter()
                    .map(|s| s.values[index].map(|v| score_view(v as f64, scale)))
                    .collect(),
            });
            index += 1;
        }
    }
    rows
}

fn plans(site: &Site, linker: &Linker<'_>, journey: &Journey) -> Vec<PlanView> {
    let journey_url = linker
        .journey_id(&journey.doc.id)
        .map(|l| l.url)
        .unwrap_or_default();
    journey
        .action_plans
        .iter()
        .map(|plan| {
            let open = super::plans::is_open(plan.status);
            let (due, due_text) = dates(plan.due, site.labels());
            PlanView {
                title: plan.title.clone(),
                owner: plan.owner.clone(),
                stage: plan.stage.as_ref().and_then(|id| {
                    let stage = journey.stages.iter().find(|s| s.id == id.value)?;
                    Some(Link {
                        url: format!("{journey_url}#{}", urls::stage_anchor(&stage.id)),
                        title: stage.name.clone(),
                    })
                }),
                status: plan.status,
                due,
                due_text,
                overdue: open && plan.due.is_some_and(|due| due < site.today),
                metric: plan.metric.as_ref().map(|m| {
                    site.config
                        .metric(&m.value)
                        .map_or_else(|| m.value.clone(), |m| m.name.clone())
                }),
            }
        })
        .collect()
}

fn backlinks(site: &Site, linker: &Linker<'_>, index: usize) -> Vec<BacklinkView> {
    use crate::link::{DocRef, Via};
    let t = site.labels();
    site.indexes.journey_backlinks[index]
        .iter()
        .map(|backlink| {
            let link = match (&backlink.from, &backlink.via) {
                (DocRef::Journey(j), Via::LinksTo(step)) => {
                    let (_, _, from) = site.step_at(*step);
                    let mut link = linker.step(*j, &from.id, &from.name);
                    link.title = format!("{} — {}", site.portfolio.journeys[*j].title, from.name);
                    link
                }
                (DocRef::Journey(j), _) => linker.journey(*j),
                (DocRef::Persona(p), _) => linker.persona(*p),
                (DocRef::Touchpoint(t), _) => linker.touchpoint(*t),
                (DocRef::Opportunity(o), _) => linker.opportunity(*o),
                (DocRef::Page(p), _) => linker.page(*p),
                (DocRef::Home, _) => linker.urls.link("", t.get("nav", "overview")),
            };
            let via = match backlink.via {
                Via::LinksTo(_) => t.get("via", "links_to"),
                Via::Compares => t.get("via", "compares"),
                Via::Parent => t.get("via", "parent"),
                Via::Mention => t.get("via", "mention"),
            };
            BacklinkView {
                link,
                via: via.to_string(),
            }
        })
        .collect()
}
