//! View-model pieces shared by every page: links with `base-url` applied,
//! the site frame (navigation, wiki page tree, emotion legend), metric
//! readings with their on/off-track status, and emotion colour classes.
//! Templates see only these projections, never the domain types.

use serde::Serialize;

use super::wiki_nav::{self, Sidebar};
use crate::config::{Direction, EmotionScale, MetricCategory};
use crate::content::date::Date;
use crate::content::model::{Level, MetricReading, name_in};
use crate::i18n::Labels;
use crate::link::{Site, urls};

/// A link to a page of the site.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Link {
    pub url: String,
    pub title: String,
}

/// Builds absolute URLs under `base-url`.
#[derive(Clone, Copy)]
pub struct Urls<'a> {
    pub base: &'a str,
}

impl Urls<'_> {
    pub fn url(&self, rel: &str) -> String {
        let mut url = String::with_capacity(self.base.len() + rel.len());
        url.push_str(self.base);
        url.push_str(rel);
        url
    }

    /// The URL of entity `id` in `section`, followed by the pieces of an
    /// `anchor` (`["#step-", id]`): one allocation, where formatting each
    /// part took five (a step link is made for every use of every
    /// touchpoint).
    pub fn entity(&self, section: &str, id: &str, anchor: &[&str]) -> String {
        let anchor_len: usize = anchor.iter().map(|piece| piece.len()).sum();
        let mut url =
            String::with_capacity(self.base.len() + section.len() + id.len() + anchor_len + 8);
        url.push_str(self.base);
        url.push_str(section);
        url.push('/');
        urls::encode_segment_into(&mut url, id);
        url.push('/');
        anchor.iter().for_each(|piece| url.push_str(piece));
        url
    }

    pub fn link(&self, rel: &str, title: &str) -> Link {
        Link {
            url: self.url(rel),
            title: title.to_string(),
        }
    }
}

/// Links to the entities of a site, by id or index.
pub struct Linker<'s> {
    pub site: &'s Site,
    pub urls: Urls<'s>,
}

impl<'s> Linker<'s> {
    pub fn new(site: &'s Site) -> Self {
        Linker {
            site,
            urls: Urls {
                base: &site.config.base_url,
            },
        }
    }

    pub fn journey(&self, index: usize) -> Link {
        let journey = &self.site.portfolio.journeys[index];
        Link {
            url: self.urls.entity(urls::JOURNEYS, &journey.doc.id, &[]),
            title: journey.title.clone(),
        }
    }

    pub fn persona(&self, index: usize) -> Link {
        let persona = &self.site.portfolio.personas[index];
        Link {
            url: self.urls.entity(urls::PERSONAS, &persona.doc.id, &[]),
            title: persona.name.clone(),
        }
    }

    pub fn touchpoint(&self, index: usize) -> Link {
        let touchpoint = &self.site.portfolio.touchpoints[index];
        self.urls.link(
            &urls::entity(urls::TOUCHPOINTS, &touchpoint.doc.id),
            &touchpoint.name,
        )
    }

    pub fn opportunity(&self, index: usize) -> Link {
        let opportunity = &self.site.portfolio.opportunities[index];
        self.urls.link(
            &urls::entity(urls::OPPORTUNITIES, &opportunity.doc.id),
            &opportunity.title,
        )
    }

    pub fn channel(&self, index: usize) -> Link {
        let channel = &self.site.config.channels[index];
        self.urls.link(
            &urls::entity(urls::CHANNELS, &channel.id.value),
            &channel.name,
        )
    }

    pub fn metric(&self, index: usize) -> Link {
        let metric = &self.site.config.metrics[index];
        self.urls
            .link(&urls::entity(urls::METRICS, &metric.id.value), &metric.name)
    }

    pub fn metric_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.metrics, id, Self::metric)
    }

    pub fn page(&self, index: usize) -> Link {
        let page = &self.site.portfolio.pages[index];
        self.urls.link(&urls::page(&page.doc.id), &page.title)
    }

    /// A link by kind and id, when the id resolves.
    pub fn by_id(
        &self,
        lookup: &crate::link::IdMap<usize>,
        id: &str,
        make: fn(&Self, usize) -> Link,
    ) -> Option<Link> {
        lookup.get(id).map(|&index| make(self, index))
    }

    pub fn journey_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.journeys, id, Self::journey)
    }

    pub fn persona_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.personas, id, Self::persona)
    }

    pub fn touchpoint_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.touchpoints, id, Self::touchpoint)
    }

    pub fn channel_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.channels, id, Self::channel)
    }

    pub fn opportunity_id(&self, id: &str) -> Option<Link> {
        self.by_id(&self.site.lookups.opportunities, id, Self::opportunity)
    }

    /// A link to one step on its journey page.
    pub fn step(&self, journey: usize, step_id: &str, title: &str) -> Link {
        let journey = &self.site.portfolio.journeys[journey];
        Link {
            url: self
                .urls
                .entity(urls::JOURNEYS, &journey.doc.id, &["#step-", step_id]),
            title: title.to_owned(),
        }
    }
}

/// A metric reading as shown in tables.
#[derive(Clone, Debug, Serialize)]
pub struct MetricView {
    pub id: String,
    pub name: String,
    pub category: Option<MetricCategory>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub current: Option<f64>,
    pub target: Option<f64>,
    /// The figures as shown: no trailing `.0`, at most two decimals.
    pub current_text: Option<String>,
    pub target_text: Option<String>,
    pub as_of: Option<String>,
    /// `as_of` as shown: a full date in the site's language, anything else
    /// as written.
    pub as_of_text: Option<String>,
    /// `on-track`, `off-track` or `no-target`.
    pub status: &'static str,
    /// Where it is measured (a journey, step or touchpoint), when shown out of place.
    pub source: Option<Link>,
}

/// A metric figure as people write it: `71`, `3.2`, `0.25`.
pub fn figure(value: f64) -> String {
    // Most figures are whole numbers, which need no float formatting.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return (value as i64).to_string();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Whether a reading meets its target, by the metric's direction.
pub fn track_status(
    current: Option<f64>,
    target: Option<f64>,
    direction: Direction,
) -> &'static str {
    match (current, target) {
        (Some(current), Some(target)) => {
            let on_track = match direction {
                Direction::Up => current >= target,
                Direction::Down => current <= target,
            };
            if on_track { "on-track" } else { "off-track" }
        }
        _ => "no-target",
    }
}

/// A reading's `on-track`, `off-track` or `no-target`, as its view says.
pub fn reading_status(site: &Site, reading: &MetricReading) -> &'static str {
    let metric = site.config.metric(&reading.metric.value);
    let direction = metric.map(|m| m.direction).unwrap_or_default();
    track_status(reading.current, reading.target, direction)
}

pub fn metric_view(site: &Site, reading: &MetricReading, source: Option<Link>) -> MetricView {
    let metric = site.config.metric(&reading.metric.value);
    let direction = metric.map(|m| m.direction).unwrap_or_default();
    MetricView {
        id: reading.metric.value.clone(),
        name: metric.map_or_else(|| reading.metric.value.clone(), |m| m.name.clone()),
        category: metric.and_then(|m| m.category),
        unit: metric.and_then(|m| m.unit.clone()),
        direction,
        current: reading.current,
        target: reading.target,
        current_text: reading.current.map(figure),
        target_text: reading.target.map(figure),
        as_of: reading.as_of.clone(),
        as_of_text: reading.as_of.as_deref().map(|as_of| {
            Date::parse(as_of).map_or_else(|| as_of.to_string(), |date| site.labels().date(date))
        }),
        status: reading_status(site, reading),
        source,
    }
}

/// A colour class for a score: `emo-0` (worst) to `emo-4` (best), whatever
/// the scale's size.
pub fn emotion_class(score: f64, scale: &EmotionScale) -> &'static str {
    const CLASSES: [&str; 5] = ["emo-0", "emo-1", "emo-2", "emo-3", "emo-4"];
    let span = (scale.max - scale.min) as f64;
    let ratio = ((score - scale.min as f64) / span).clamp(0.0, 1.0);
    CLASSES[((ratio * 4.0).round() as usize).min(4)]
}

/// A score as shown: an integer, or a mean to one decimal.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScoreView {
    pub value: f64,
    pub text: String,
    pub label: String,
    pub class: &'static str,
}

/// A score's view. A map shows a hundred of them: the text is written
/// once, with a true minus sign, into one small buffer.
pub fn score_view(value: f64, scale: &EmotionScale) -> ScoreView {
    use std::fmt::Write;
    let rounded = value.round() as i64;
    let mut text = String::with_capacity(8);
    if value.is_sign_negative() && value != 0.0 {
        text.push('−');
    }
    let _ = match value.fract() == 0.0 {
        true => write!(text, "{}", (value as i64).unsigned_abs()),
        false => write!(text, "{:.1}", value.abs()),
    };
    ScoreView {
        value,
        text,
        label: scale.label(rounded).unwrap_or_default().to_string(),
        class: emotion_class(value, scale),
    }
}

/// The mean of the values present; `None` when there are none (steps
/// without an emotion are left out, not counted as zero).
pub fn mean(values: impl IntoIterator<Item = Option<i64>>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .flatten()
        .fold((0i64, 0u32), |(sum, count), value| (sum + value, count + 1));
    (count > 0).then(|| sum as f64 / f64::from(count))
}

pub fn level_name(level: Option<Level>) -> Option<&'static str> {
    level.map(|level| match level {
        Level::Low => "low",
        Level::Medium => "medium",
        Level::High => "high",
    })
}

/// An enum value as readers see it: its written name (`in-progress`)
/// looked up in the `table` of the site's texts (`en curso`).
pub fn shown<T: PartialEq + Copy>(
    t: &'static Labels,
    table: &str,
    names: &[(&'static str, T)],
    value: T,
) -> &'static str {
    t.get(table, name_in(names, value))
}

/// A date as `YYYY-MM-DD` (for `<time datetime>` and sorting) and as
/// shown in the site's language.
pub fn dates(date: Option<Date>, labels: &Labels) -> (Option<String>, Option<String>) {
    (date.map(|d| d.to_string()), date.map(|d| labels.date(d)))
}

/// An entry of the site's navigation or page tree.
#[derive(Clone, Debug, Serialize)]
pub struct NavItem {
    pub url: String,
    pub title: String,
    pub key: String,
    pub children: Vec<NavItem>,
}

/// The frame every page shares: site identity, navigation, legend.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: &'static str,
    pub base_url: String,
    pub nav: Vec<NavItem>,
    /// The wiki's pages, bounded (see `wiki_nav`).
    pub sidebar: Sidebar,
    pub emotion_legend: Vec<ScoreView>,
    pub version: &'static str,
    /// The interface text in the site's language (`site.t.nav.journeys`).
    pub t: &'static Labels,
    /// Whether the site has a search index (`[search] enabled`).
    pub search: bool,
    /// The printed sheet, for `@page` (`A3` or `A4`).
    pub print_paper: crate::config::Paper,
}

pub fn site_view(site: &Site) -> SiteView {
    let urls = Urls {
        base: &site.config.base_url,
    };
    let t = site.labels();
    let section = |key: &str, title: &str| NavItem {
        url: urls.url(&urls::section(key)),
        title: t.get("nav", title).to_string(),
        key: key.to_string(),
        children: Vec::new(),
    };
    let mut nav = vec![NavItem {
        url: urls.url(""),
        title: t.get("nav", "overview").into(),
        key: "home".into(),
        children: Vec::new(),
    }];
    nav.push(section(urls::JOURNEYS, "journeys"));
    nav.push(section(urls::PERSONAS, "personas"));
    nav.push(section(urls::TOUCHPOINTS, "touchpoints"));
    nav.push(section(urls::CHANNELS, "channels"));
    nav.push(section(urls::METRICS, "metrics"));
    nav.push(section(urls::OPPORTUNITIES, "opportunities"));
    nav.push(section(urls::ACTION_PLANS, "action_plans"));
    let scale = &site.config.emotion;
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.code(),
        base_url: site.config.base_url.clone(),
        nav,
        sidebar: wiki_nav::sidebar(
            &wiki_nav::page_tree(site, urls),
            wiki_nav::SIDEBAR_BUDGET,
            urls.url(&urls::section(urls::PAGES)),
        ),
        emotion_legend: (scale.min..=scale.max)
            .map(|s| score_view(s as f64, scale))
            .collect(),
        version: env!("CARGO_PKG_VERSION"),
        t,
        search: site.config.search,
        print_paper: site.config.paper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_status_follows_direction() {
        assert_eq!(
            track_status(Some(21.0), Some(35.0), Direction::Up),
            "off-track"
        );
        assert_eq!(
            track_status(Some(3.2), Some(3.5), Direction::Down),
            "on-track"
        );
        assert_eq!(track_status(Some(3.2), None, Direction::Down), "no-target");
    }

    #[test]
    fn figures_drop_trailing_zeros() {
        assert_eq!(figure(71.0), "71");
        assert_eq!(figure(3.20), "3.2");
        assert_eq!(figure(0.126), "0.13");
        assert_eq!(figure(-0.001), "0");
        assert_eq!(figure(-0.0), "0");
        assert_eq!(figure(-12.0), "-12");
        assert_eq!(figure(2e15), "2000000000000000");
    }

    #[test]
    fn mean_skips_steps_without_emotion() {
        assert_eq!(mean([Some(2), None, Some(-1)]), Some(0.5));
        assert_eq!(mean([None, None]), None);
    }

    #[test]
    fn emotion_classes_span_any_scale() {
        let scale = EmotionScale::default();
        assert_eq!(emotion_class(-2.0, &scale), "emo-0");
        assert_eq!(emotion_class(0.0, &scale), "emo-2");
        assert_eq!(emotion_class(2.0, &scale), "emo-4");
        let wide = EmotionScale {
            min: 1,
            max: 7,
            labels: (1..=7).map(|i| i.to_string()).collect(),
        };
        assert_eq!(emotion_class(7.0, &wide), "emo-4");
        assert_eq!(emotion_class(4.0, &wide), "emo-2");
    }

    #[test]
    fn score_text_uses_a_true_minus_sign() {
        let view = score_view(-1.5, &EmotionScale::default());
        assert_eq!(view.text, "−1.5");
        // As the text was made before: formatted, then each '-' replaced.
        let before = |value: f64| match value.fract() == 0.0 {
            true => format!("{}", value as i64).replace('-', "−"),
            false => format!("{value:.1}").replace('-', "−"),
        };
        for value in [
            -2.0, -1.0, -0.0, 0.0, 3.0, -0.04, 0.04, 2.25, -2.25, 1.96, -1.96,
        ] {
            let scale = EmotionScale::default();
            assert_eq!(score_view(value, &scale).text, before(value), "{value}");
        }
    }
}
