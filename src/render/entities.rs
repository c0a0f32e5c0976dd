//! View models of the persona, touchpoint, channel and shared-opportunity
//! pages, each listing what the reverse indexes say uses it.

use serde::Serialize;

use crate::config::ChannelKind;
use crate::content::model::{
    Demographics, Evidence, JourneyState, Level, OpportunityStatus, Ownership, Segment,
};
use crate::i18n::Labels;
use crate::link::{Site, StepUse, urls};

use super::chart;
use super::lanes::{Item, pain_items};
use super::view::{Link, Linker, MetricView, ScoreView, dates, mean, metric_view, score_view};

/// A label and value pair (demographics and the like).
#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonaJourney {
    pub link: Link,
    pub state: JourneyState,
    pub mean: Option<ScoreView>,
    pub primary: bool,
    /// A small emotion curve of this persona over the journey.
    pub curve_svg: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonaView {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub segment: Option<Segment>,
    pub quote: Option<String>,
    pub avatar: Option<String>,
    pub demographics: Vec<Fact>,
    pub attitudes: Vec<String>,
    pub values: Vec<String>,
    pub interests: Vec<String>,
    pub traits: Vec<String>,
    pub goals: Vec<String>,
    pub needs: Vec<String>,
    pub frustrations: Vec<String>,
    pub channels: Vec<Link>,
    pub evidence: Vec<Evidence>,
    /// `YYYY-MM-DD`, and as shown in the site's language.
    pub updated: Option<String>,
    pub updated_text: Option<String>,
    pub journeys: Vec<PersonaJourney>,
    pub body_html: String,
    pub extra: Option<crate::content::node::Node>,
}

/// Size of the small per-journey curves on persona pages, in CSS pixels.
const SPARK_WIDTH: u32 = 160;
const SPARK_HEIGHT: u32 = 36;

pub fn persona(site: &Site, index: usize, body_html: String) -> PersonaView {
    let mut view = persona_profile(site, index, body_html);
    view.journeys = persona_journeys(site, index);
    view
}

/// The journeys a persona is in, each with its curve.
fn persona_journeys(site: &Site, index: usize) -> Vec<PersonaJourney> {
    let linker = Linker::new(site);
    let persona = &site.portfolio.personas[index];
    site.indexes.persona_journeys[index]
        .iter()
        .map(|&j| {
            let journey = &site.portfolio.journeys[j];
            let scores = persona_scores(site, j, &persona.doc.id);
            PersonaJourney {
                link: linker.journey(j),
                state: journey.state,
                mean: mean(scores.iter().copied()).map(|m| score_view(m, &site.config.emotion)),
                primary: journey
                    .personas
                    .first()
                    .is_some_and(|p| p.value == persona.doc.id),
                curve_svg: chart::sparkline(
                    &scores,
                    &site.config.emotion,
                    SPARK_WIDTH,
                    SPARK_HEIGHT,
                ),
            }
        })
        .collect()
}

/// A persona's view without its journeys (left empty): what the built-in
/// print view shows of each persona. Their curves were most of the work
/// of the print view's first part (1.9 s and 0.25 GB at 100,000 pages).
pub fn persona_profile(site: &Site, index: usize, body_html: String) -> PersonaView {
    let linker = Linker::new(site);
    let persona = &site.portfolio.personas[index];
    let t = site.labels();
    let avatar = persona.avatar.as_ref().map(|a| {
        if a.value.contains("://") {
            a.value.clone()
        } else {
            linker.urls.url(&urls::asset(&urls::asset_path(
                &persona.doc.content_rel,
                &a.value,
            )))
        }
    });
    let (updated, updated_text) = dates(persona.doc.updated, t);
    PersonaView {
        id: persona.doc.id.clone(),
        name: persona.name.clone(),
        role: persona.role.clone(),
        segment: persona.segment,
        quote: persona.quote.clone(),
        avatar,
        demographics: demographics(&persona.demographics, t),
        attitudes: persona.psychographics.attitudes.clone(),
        values: persona.psychographics.values.clone(),
        interests: persona.psychographics.interests.clone(),
        traits: persona.psychographics.traits.clone(),
        goals: persona.goals.clone(),
        needs: persona.needs.clone(),
        frustrations: persona.frustrations.clone(),
        channels: persona
            .channels
            .iter()
            .filter_map(|c| linker.channel_id(&c.value))
            .collect(),
        evidence: persona.evidence.clone(),
        updated,
        updated_text,
        journeys: Vec::new(),
        body_html,
        extra: persona.doc.extra.clone(),
    }
}

/// The demographics a persona gives, labelled in the site's language.
fn demographics(d: &Demographics, t: &'static Labels) -> Vec<Fact> {
    [
        ("age", &d.age),
        ("gender", &d.gender),
        ("occupation", &d.occupation),
        ("education", &d.education),
        ("income", &d.income),
        ("location", &d.location),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value.as_ref().map(|v| Fact {
            label: t.get("demographic", key),
            value: v.clone(),
        })
    })
    .collect()
}

/// A persona's mean emotion over a journey: their `by-persona` scores, or
/// the main scores when they are the journey's primary persona.
pub fn persona_mean(site: &Site, journey: usize, persona: &str) -> Option<f64> {
    mean(persona_scores(site, journey, persona))
}

/// A persona's score at each step of a journey: the main score when they
/// are its primary persona, else their `by-persona` score.
pub fn persona_scores(site: &Site, journey: usize, persona: &str) -> Vec<Option<i64>> {
    let journey = &site.portfolio.journeys[journey];
    let primary = journey.personas.first().is_some_and(|p| p.value == persona);
    journey
        .stages
        .iter()
        .flat_map(|s| &s.steps)
        .map(|step| {
            let emotion = step.emotion.as_ref()?;
            if primary {
                return Some(emotion.score.value);
            }
            emotion
                .by_persona
                .iter()
                .find(|(p, _)| p.value == persona)
                .map(|(_, v)| v.value)
        })
        .collect()
}

/// One use of a touchpoint by a step.
#[derive(Clone, Debug, Serialize)]
pub struct StepUseView<'a> {
    pub journey: Link,
    pub stage: String,
    pub step: Link,
    pub personas: Vec<Link>,
    pub emotion: Option<ScoreView>,
    pub pain_points: Vec<Item<'a>>,
}

pub fn step_use<'a>(linker: &Linker<'a>, at: StepUse) -> StepUseView<'a> {
    let site = linker.site;
    let (journey, stage, step) = site.step_at(at);
    StepUseView {
        journey: linker.journey(at.journey),
        stage: stage.name.clone(),
        step: linker.step(at.journey, &step.id, &step.name),
        personas: journey
            .personas
            .iter()
            .filter_map(|p| linker.persona_id(&p.value))
            .collect(),
        emotion: step
            .emotion
            .as_ref()
            .map(|e| score_view(e.score.value as f64, &site.config.emotion)),
        pain_points: pain_items(&step.pain_points, site.labels()),
    }
}

/// The mean emotion over a set of steps (steps without emotion left out).
pub fn uses_mean(site: &Site, uses: &[StepUse]) -> Option<f64> {
    mean(
        uses.iter()
            .map(|&at| site.step_at(at).2.emotion.as_ref().map(|e| e.score.value)),
    )
}

#[derive(Clone, Debug, Serialize)]
pub struct TouchpointView<'a> {
    pub id: String,
    pub name: String,
    pub channel: Option<Link>,
    pub channel_kind: Option<ChannelKind>,
    pub ownership: Option<Ownership>,
    pub owner: Option<String>,
    pub resources: Vec<String>,
    pub url: Option<String>,
    pub metrics: Vec<MetricView>,
    pub uses: Vec<StepUseView<'a>>,
    /// How many steps list the touchpoint.
    pub use_count: usize,
    /// `uses` as the built-in `ui.step_uses` draws them, filled in while
    /// the theme's `components.html` is the built-in one (see `markup`).
    pub uses_html: Option<String>,
    pub mean: Option<ScoreView>,
    pub body_html: String,
    pub extra: Option<crate::content::node::Node>,
}

pub fn touchpoint(site: &Site, index: usize, body_html: String) -> TouchpointView<'_> {
    let linker = Linker::new(site);
    let touchpoint = &site.portfolio.touchpoints[index];
    let uses = &site.indexes.touchpoint_uses[index];
    let channel_id = touchpoint
        .channel
        .as_ref()
        .map(|c| c.value.as_str())
        .unwrap_or_default();
    TouchpointView {
        id: touchpoint.doc.id.clone(),
        name: touchpoint.name.clone(),
        channel: linker.channel_id(channel_id),
        channel_kind: site.config.channel(channel_id).and_then(|c| c.kind),
        ownership: touchpoint.ownership,
        owner: touchpoint.owner.clone(),
        resources: touchpoint.resources.clone(),
        url: touchpoint.url.clone(),
        metrics: touchpoint
            .metrics
            .iter()
            .map(|m| metric_view(site, m, None))
            .collect(),
        uses: uses.iter().map(|&at| step_use(&linker, at)).collect(),
        use_count: uses.len(),
        uses_html: None,
        mean: uses_mean(site, uses).map(|m| score_view(m, &site.config.emotion)),
        body_html,
        extra: touchpoint.doc.extra.clone(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ChannelTouchpoint {
    pub link: Link,
    pub uses: usize,
    pub mean: Option<ScoreView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChannelView {
    pub id: String,
    pub name: String,
    pub kind: Option<ChannelKind>,
    pub touchpoints: Vec<ChannelTouchpoint>,
    pub personas: Vec<Link>,
}

pub fn channel(site: &Site, index: usize) -> ChannelView {
    let linker = Linker::new(site);
    let channel = &site.config.channels[index];
    ChannelView {
        id: channel.id.value.clone(),
        name: channel.name.clone(),
        kind: channel.kind,
        touchpoints: site.indexes.channel_touchpoints[index]
            .iter()
            .map(|&t| {
                let uses = &site.indexes.touchpoint_uses[t];
                ChannelTouchpoint {
                    link: linker.touchpoint(t),
                    uses: uses.len(),
                    mean: uses_mean(site, uses).map(|m| score_view(m, &site.config.emotion)),
                }
            })
            .collect(),
        personas: site.indexes.channel_personas[index]
            .iter()
            .map(|&p| linker.persona(p))
            .collect(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct OpportunityView<'a> {
    pub id: String,
    pub title: String,
    pub impact: Option<Level>,
    pub effort: Option<Level>,
    pub status: Option<OpportunityStatus>,
    pub owner: Option<String>,
    pub sources: Vec<StepUseView<'a>>,
    /// `sources` as the built-in `ui.step_uses` draws them (as
    /// `TouchpointView::uses_html`).
    pub sources_html: Option<String>,
    pub body_html: String,
    pub extra: Option<crate::content::node::Node>,
}

pub fn opportunity(site: &Site, index: usize, body_html: String) -> OpportunityView<'_> {
    let linker = Linker::new(site);
    let opportunity = &site.portfolio.opportunities[index];
    OpportunityView {
        id: opportunity.doc.id.clone(),
        title: opportunity.title.clone(),
        impact: opportunity.impact,
        effort: opportunity.effort,
        status: opportunity.status,
        owner: opportunity.owner.clone(),
        sources: site.indexes.opportunity_sources[index]
            .iter()
            .map(|&at| step_use(&linker, at))
            .collect(),
        sources_html: None,
        body_html,
        extra: opportunity.doc.extra.clone(),
    }
}
