//! The `link` stage: the parsed `Portfolio` + `Config` → the immutable
//! `Site`, with id lookups, every reference resolved or reported, reverse
//! indexes (touchpoint → steps, persona → journeys, channel → touchpoints,
//! opportunity → steps, journey → children and backlinks) and the portfolio
//! checks of FORMAT.md. Pure: no I/O.

mod checks;
mod index;
mod metrics;
mod resolve;
pub mod urls;

use crate::config::Config;
use crate::content::date::Date;
use crate::content::model::{Journey, Portfolio, Stage, Step};
use crate::diagnostic::Diagnostic;

pub use index::{Backlink, DocRef, Indexes, StepUse, Via};
pub use metrics::ReadingAt;

/// A map keyed by ids or paths: FxHash, several times faster than the
/// default SipHash on short keys. Its keys are the user's own portfolio,
/// so there is no one to mount a collision attack.
pub type IdMap<V> = rustc_hash::FxHashMap<String, V>;
/// A set of ids or paths, hashed as `IdMap`.
pub type IdSet = rustc_hash::FxHashSet<String>;

/// Index lookups by id for each entity kind.
#[derive(Debug, Default)]
pub struct Lookups {
    pub personas: IdMap<usize>,
    pub journeys: IdMap<usize>,
    pub touchpoints: IdMap<usize>,
    pub opportunities: IdMap<usize>,
    pub channels: IdMap<usize>,
    pub metrics: IdMap<usize>,
    /// Free pages by id (`guides/glossary`).
    pub pages: IdMap<usize>,
    /// Every Markdown file's content path (`journeys/x.md`) → its URL path.
    pub files: IdMap<String>,
    /// Asset paths relative to the content folder.
    pub assets: IdSet,
    /// Per kind (`persona`, `journey`, `touchpoint`, `opportunity`, `page`):
    /// ids of files that failed to parse. They are reported once, not again
    /// at every reference to them.
    pub broken: std::collections::HashMap<&'static str, IdSet>,
}

impl Lookups {
    pub fn is_broken(&self, kind: &str, id: &str) -> bool {
        self.broken.get(kind).is_some_and(|ids| ids.contains(id))
    }
}

/// The linked portfolio. Built once, never mutated; passed as `&Site`.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub portfolio: Portfolio,
    pub lookups: Lookups,
    pub indexes: Indexes,
    /// The day the build ran, for staleness and overdue plans.
    pub today: Date,
}

impl Site {
    /// The interface text in the site's language.
    pub fn labels(&self) -> &'static crate::i18n::Labels {
        self.config.language.labels()
    }

    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.lookups
            .journeys
            .get(id)
            .map(|&i| &self.portfolio.journeys[i])
    }

    /// A step of a journey by their ids: the first step with that id.
    ///
    /// A scan of the journey's steps (tens of them) rather than a map per
    /// journey: the maps held a copy of every step id, 0.2 GB at 100,000
    /// pages, for a lookup only step links make.
    pub fn step(&self, journey: usize, step_id: &str) -> Option<(&Stage, &Step)> {
        self.portfolio
            .journeys
            .get(journey)?
            .stages
            .iter()
            .find_map(|stage| Some((stage, stage.steps.iter().find(|s| &*s.id == step_id)?)))
    }

    /// The step a `StepUse` points at.
    pub fn step_at(&self, at: StepUse) -> (&Journey, &Stage, &Step) {
        let journey = &self.portfolio.journeys[at.journey];
        let stage = &journey.stages[at.stage];
        (journey, stage, &stage.steps[at.step])
    }
}

/// Links a parsed portfolio: returns the site and every diagnostic found.
pub fn link(config: Config, portfolio: Portfolio, today: Date) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let lookups = index::lookups(&config, &portfolio, &mut diagnostics);
    let indexes = index::reverse(&config, &portfolio, &lookups);
    let site = Site {
        config,
        portfolio,
        lookups,
        indexes,
        today,
    };
    // Both halves only read the site; their diagnostics keep this order.
    let (references, checked) = rayon::join(
        || resolve::references(&site),
        || {
            let mut out = Vec::new();
            checks::structure(&site, &mut out);
            checks::warnings(&site, &mut out);
            out
        },
    );
    diagnostics.extend(references);
    diagnostics.extend(checked);
    (site, diagnostics)
}
