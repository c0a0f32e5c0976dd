//! The parsed portfolio (output of the `parse` stage): plain data types for
//! personas, journeys, touchpoints, shared opportunities and free pages, as
//! written in FORMAT.md. References are still unresolved ids, each kept with
//! the place it was written so `link` can point at it.

use std::path::PathBuf;

use serde::Serialize;

use crate::content::date::Date;
use crate::content::markdown::BodyLink;
use crate::content::node::{Node, NodePath};
use crate::content::reader::Located;

/// A list of a step: a pointer wide, with no allocation while empty. A
/// step has twelve lists and most are empty; as `Vec`s (24 bytes each)
/// they were over half the model of a 100,000-page portfolio.
pub type List<T> = thin_vec::ThinVec<T>;

/// An id written somewhere in front-matter, to be resolved by `link`.
pub type IdRef = Located<String>;

/// What every content file has: its place, id, body and free data.
#[derive(Clone, Debug)]
pub struct Doc {
    /// Path relative to the portfolio root, e.g. `content/journeys/x.md`.
    pub file: PathBuf,
    /// Path relative to the content folder, `/`-separated (`journeys/x.md`).
    pub content_rel: String,
    pub id: String,
    /// Where `id:` was written, if it was.
    pub id_at: Option<NodePath>,
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: u32,
    /// Wiki-links and relative `.md` links found in the body.
    pub links: Vec<BodyLink>,
    pub draft: bool,
    /// Free data under `extra:`, passed to templates as-is.
    pub extra: Option<Node>,
    pub updated: Option<Date>,
}

/// A low / medium / high rating (severity, impact, effort).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
}

/// The written name of an enum value, from the same table parsing uses.
pub fn name_in<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

pub const LEVELS: &[(&str, Level)] = &[
    ("low", Level::Low),
    ("medium", Level::Medium),
    ("high", Level::High),
];

pub const SEGMENTS: &[(&str, Segment)] = &[
    ("primary", Segment::Primary),
    ("secondary", Segment::Secondary),
    ("anti", Segment::Anti),
];

pub const OWNERSHIP: &[(&str, Ownership)] = &[
    ("owned", Ownership::Owned),
    ("paid", Ownership::Paid),
    ("earned", Ownership::Earned),
    ("third-party", Ownership::ThirdParty),
];

pub const OPPORTUNITY_STATUSES: &[(&str, OpportunityStatus)] = &[
    ("idea", OpportunityStatus::Idea),
    ("planned", OpportunityStatus::Planned),
    ("in-progress", OpportunityStatus::InProgress),
    ("done", OpportunityStatus::Done),
    ("dropped", OpportunityStatus::Dropped),
];

pub const JOURNEY_STATES: &[(&str, JourneyState)] = &[
    ("current", JourneyState::Current),
    ("future", JourneyState::Future),
    ("research", JourneyState::Research),
];

pub const JOURNEY_STATUSES: &[(&str, JourneyStatus)] = &[
    ("draft", JourneyStatus::Draft),
    ("researching", JourneyStatus::Researching),
    ("validated", JourneyStatus::Validated),
    ("live", JourneyStatus::Live),
];

pub const PLAN_STATUSES: &[(&str, PlanStatus)] = &[
    ("planned", PlanStatus::Planned),
    ("in-progress", PlanStatus::InProgress),
    ("done", PlanStatus::Done),
    ("blocked", PlanStatus::Blocked),
    ("dropped", PlanStatus::Dropped),
];

#[derive(Clone, Debug, Default)]
pub struct Demographics {
    pub age: Option<String>,
    pub gender: Option<String>,
    pub occupation: Option<String>,
    pub education: Option<String>,
    pub income: Option<String>,
    pub location: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Psychographics {
    pub attitudes: Vec<String>,
    pub values: Vec<String>,
    pub interests: Vec<String>,
    pub traits: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub source: String,
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    Primary,
    Secondary,
    Anti,
}

#[derive(Clone, Debug)]
pub struct Persona {
    pub doc: Doc,
    pub name: String,
    pub role: Option<String>,
    pub segment: Option<Segment>,
    pub quote: Option<String>,
    pub avatar: Option<IdRef>,
    pub demographics: Demographics,
    pub psychographics: Psychographics,
    pub goals: Vec<String>,
    pub needs: Vec<String>,
    pub frustrations: Vec<String>,
    pub channels: Vec<IdRef>,
    pub evidence: Vec<Evidence>,
}

/// A metric measured somewhere: journey KPI, step or touchpoint.
#[derive(Clone, Debug)]
pub struct MetricReading {
    pub metric: IdRef,
    pub current: Option<f64>,
    pub target: Option<f64>,
    pub as_of: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ownership {
    Owned,
    Paid,
    Earned,
    ThirdParty,
}

#[derive(Clone, Debug)]
pub struct Touchpoint {
    pub doc: Doc,
    pub name: String,
    pub channel: Option<IdRef>,
    pub ownership: Option<Ownership>,
    pub owner: Option<String>,
    pub resources: Vec<String>,
    pub url: Option<String>,
    pub metrics: Vec<MetricReading>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpportunityStatus {
    Idea,
    Planned,
    InProgress,
    Done,
    Dropped,
}

#[derive(Clone, Debug)]
pub struct SharedOpportunity {
    pub doc: Doc,
    pub title: String,
    pub impact: Option<Level>,
    pub effort: Option<Level>,
    pub status: Option<OpportunityStatus>,
    pub owner: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum JourneyState {
    #[default]
    Current,
    Future,
    Research,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JourneyStatus {
    Draft,
    Researching,
    Validated,
    Live,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    Planned,
    InProgress,
    Done,
    Blocked,
    Dropped,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participant {
    pub role: String,
    pub who: String,
}

#[derive(Clone, Debug)]
pub struct ActionPlan {
    pub title: String,
    pub owner: Option<String>,
    pub stage: Option<IdRef>,
    pub status: Option<PlanStatus>,
    pub due: Option<Date>,
    pub metric: Option<IdRef>,
}

#[derive(Clone, Debug)]
pub struct Journey {
    pub doc: Doc,
    pub title: String,
    pub personas: Vec<IdRef>,
    pub scenario: Option<String>,
    pub state: JourneyState,
    pub compares: Option<IdRef>,
    pub parent: Option<IdRef>,
    pub status: Option<JourneyStatus>,
    pub owner: Option<String>,
    pub participants: Vec<Participant>,
    pub stage_set: Option<IdRef>,
    pub kpis: Vec<MetricReading>,
    pub action_plans: Vec<ActionPlan>,
    /// Shared: `serve` reuses a journey's parse across rebuilds, and its
    /// stages are most of its size.
    pub stages: std::sync::Arc<[Stage]>,
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub id: String,
    pub name: String,
    /// Where the stage map is, for stage-level diagnostics.
    pub at: NodePath,
    /// Moment of truth 0..3 (zero, first, second, ultimate).
    pub moment: Option<u8>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug)]
pub struct PainPoint {
    pub text: String,
    pub severity: Option<Level>,
}

/// An opportunity written on a step: a shared one by id, or an inline one.
#[derive(Clone, Debug)]
pub enum StepOpportunity {
    Shared(IdRef),
    Inline {
        text: String,
        impact: Option<Level>,
        effort: Option<Level>,
    },
}

/// How a step feels: the primary persona's score, an optional target, and
/// the scores of the journey's other personas.
#[derive(Clone, Debug)]
pub struct Emotion {
    pub score: Located<i64>,
    pub target: Option<Located<i64>>,
    pub by_persona: List<(IdRef, Located<i64>)>,
}

/// A `journey-id#step-id` reference.
#[derive(Clone, Debug)]
pub struct StepRef {
    pub journey: String,
    pub step: String,
    pub at: NodePath,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub id: Box<str>,
    pub name: Box<str>,
    pub at: NodePath,
    pub actions: List<Box<str>>,
    pub thoughts: List<Box<str>>,
    pub touchpoints: List<IdRef>,
    pub emotion: Option<Emotion>,
    pub needs: List<Box<str>>,
    pub expectations: List<Box<str>>,
    pub satisfiers: List<Box<str>>,
    pub pain_points: List<PainPoint>,
    pub opportunities: List<StepOpportunity>,
    pub metrics: List<MetricReading>,
    pub moment_of_truth: bool,
    pub company_actions: List<Box<str>>,
    pub backstage: List<Box<str>>,
    /// `gap`, `change` and `owner`: rare, so kept apart (8 bytes in every
    /// step instead of 72).
    pub notes: Option<Box<StepNotes>>,
    pub links_to: List<StepRef>,
}

/// A step's rarely written texts.
#[derive(Clone, Debug, Default)]
pub struct StepNotes {
    pub gap: Option<String>,
    pub change: Option<String>,
    pub owner: Option<String>,
}

impl Step {
    pub fn gap(&self) -> Option<&str> {
        self.notes.as_ref()?.gap.as_deref()
    }

    pub fn change(&self) -> Option<&str> {
        self.notes.as_ref()?.change.as_deref()
    }

    pub fn owner(&self) -> Option<&str> {
        self.notes.as_ref()?.owner.as_deref()
    }
}

/// A free wiki page (any Markdown file that is not an entity).
#[derive(Clone, Debug)]
pub struct Page {
    pub doc: Doc,
    pub title: String,
    pub description: Option<String>,
}

/// A non-Markdown file copied to the output as-is.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Everything the `parse` stage read, before linking.
#[derive(Clone, Debug, Default)]
pub struct Portfolio {
    pub personas: Vec<Persona>,
    pub journeys: Vec<Journey>,
    pub touchpoints: Vec<Touchpoint>,
    pub opportunities: Vec<SharedOpportunity>,
    pub pages: Vec<Page>,
    /// The body of `content/index.md`, shown on the home page.
    pub home: Option<Page>,
    pub assets: Vec<Asset>,
    /// Files that failed to parse, as (kind, id): `("journey", "buy")`.
    pub broken: Vec<(&'static str, String)>,
}
