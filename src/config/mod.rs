//! `book.toml` → `Config` (the first pipeline stage): site settings, the
//! emotion scale, stage sets, the channel taxonomy and the metric library,
//! with defaults for everything and every problem reported with its place.

pub mod toml_tree;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Fields, Located};
use crate::diagnostic::{At, Diagnostic, code};

/// The name of the configuration file that marks a portfolio root.
pub const CONFIG_FILE: &str = "book.toml";

pub use crate::i18n::{LANGUAGES, Language};

/// A paper size, printed landscape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Paper {
    A3,
    A4,
}

pub const PAPERS: &[(&str, Paper)] = &[("a3", Paper::A3), ("a4", Paper::A4)];

impl Paper {
    /// Width and height in millimetres, landscape.
    pub fn landscape_mm(self) -> (f64, f64) {
        match self {
            Paper::A3 => (420.0, 297.0),
            Paper::A4 => (297.0, 210.0),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    /// Content folder, relative to the root.
    pub content: PathBuf,
    /// Output folder, relative to the root.
    pub output: PathBuf,
    pub theme: String,
    pub drafts: bool,
    pub stale_after_days: u32,
    /// Clean raw HTML out of Markdown bodies (`sanitize-html`).
    pub sanitize_html: bool,
}

/// The integer scale of step emotions and a label for each value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionScale {
    pub min: i64,
    pub max: i64,
    pub labels: Vec<String>,
}

impl EmotionScale {
    pub fn contains(&self, score: i64) -> bool {
        (self.min..=self.max).contains(&score)
    }

    /// The label of a score on the scale.
    pub fn label(&self, score: i64) -> Option<&str> {
        let index = usize::try_from(score - self.min).ok()?;
        self.labels.get(index).map(String::as_str)
    }

    /// The default scale, -2..2, labelled in `language` ("Unhappy" …
    /// "Delighted" in English).
    pub fn for_language(language: Language) -> Self {
        let labels = language.labels();
        EmotionScale {
            min: -2,
            max: 2,
            labels: (-2..=2)
                .map(|score: i64| labels.get("emotion", &score.to_string()).to_string())
                .collect(),
        }
    }
}

impl Default for EmotionScale {
    /// The default scale in English.
    fn default() -> Self {
        EmotionScale::for_language(Language::EN)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StageSet {
    pub id: String,
    pub stages: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    Digital,
    Physical,
    Human,
    ThirdParty,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub id: Located<String>,
    pub name: String,
    pub kind: Option<ChannelKind>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricCategory {
    Customer,
    Financial,
    Operational,
    Employee,
}

/// Which way a metric improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    #[default]
    Up,
    Down,
}

impl Direction {
    /// The name written in `book.toml` (and used by templates).
    pub fn name(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub id: Located<String>,
    pub name: String,
    pub category: Option<MetricCategory>,
    pub unit: Option<String>,
    pub direction: Direction,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub language: Language,
    /// Always starts and ends with `/`.
    pub base_url: String,
    /// `[book] edit-url`: where a page's source is edited; `{path}` is
    /// replaced by the file's path from the root (appended when absent).
    pub edit_url: Option<String>,
    pub build: Build,
    pub emotion: EmotionScale,
    pub stage_sets: Vec<StageSet>,
    pub channels: Vec<Channel>,
    pub metrics: Vec<Metric>,
    /// `[search] enabled`: whether the site gets a search index and box.
    pub search: bool,
    /// `[print] paper`: the sheet journey maps print on (landscape).
    pub paper: Paper,
}

impl Config {
    /// All defaults, titled after the portfolio folder.
    pub fn defaults(root: &Path) -> Config {
        let title = root.file_name().map_or_else(
            || "Journeys".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        Config {
            title,
            description: None,
            language: Language::EN,
            base_url: "/".into(),
            edit_url: None,
            build: Build {
                content: "content".into(),
                output: "public".into(),
                theme: "default".into(),
                drafts: false,
                stale_after_days: 365,
                sanitize_html: false,
            },
            emotion: EmotionScale::default(),
            stage_sets: Vec::new(),
            channels: Vec::new(),
            metrics: builtin_metrics(Language::EN),
            search: true,
            paper: Paper::A3,
        }
    }

    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id.value == id)
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id.value == id)
    }

    pub fn stage_set(&self, id: &str) -> Option<&StageSet> {
        self.stage_sets.iter().find(|s| s.id == id)
    }
}

/// The metric library every portfolio starts with, named in `language`.
fn builtin_metrics(language: Language) -> Vec<Metric> {
    let labels = language.labels();
    let metric = |id: &str, direction| Metric {
        id: Located::new(id.to_string(), NodePath::root()),
        name: labels.get("builtin_metric", id).to_string(),
        category: Some(MetricCategory::Customer),
        unit: Some(labels.get("builtin_metric", "unit").to_string()),
        direction,
    };
    vec![
        metric("nps", Direction::Up),
        metric("csat", Direction::Up),
        metric("ces", Direction::Down),
    ]
}

/// Reads `book.toml` text (or its absence) into a config; problems become
/// diagnostics and the affected settings keep their defaults.
pub fn read(root: &Path, text: Option<&str>) -> (Config, Vec<Diagnostic>) {
    let mut config = Config::defaults(root);
    let Some(text) = text else {
        return (config, Vec::new());
    };
    let file = Path::new(CONFIG_FILE);
    let tree = match toml_tree::parse(text) {
        Ok(tree) => tree,
        Err(error) => {
            let diagnostic =
                Diagnostic::error(code::BAD_TOML, file, At::Pos(error.pos), error.message);
            return (config, vec![diagnostic]);
        }
    };
    let mut ck = Checker::new(file);
    if let Some(mut top) = ck.map(&tree, &NodePath::root()) {
        read_top(&mut ck, &mut top, &mut config);
        top.finish(&mut ck);
    }
    (config, ck.diagnostics)
}

fn read_top(ck: &mut Checker, top: &mut Fields<'_>, config: &mut Config) {
    if let Some((node, path)) = top.raw("book")
        && let Some(mut book) = ck.map(node, &path)
    {
        read_book(ck, &mut book, config);
        book.finish(ck);
    }
    if let Some((node, path)) = top.raw("build")
        && let Some(mut build) = ck.map(node, &path)
    {
        read_build(ck, &mut build, &mut config.build);
        build.finish(ck);
    }
    if let Some((node, path)) = top.raw("emotion")
        && let Some(scale) = read_emotion(ck, node, &path, config.language)
    {
        config.emotion = scale;
    }
    if let Some((node, path)) = top.raw("print")
        && let Some(mut print) = ck.map(node, &path)
    {
        if let Some(paper) =
            print.optional(ck, "paper", |ck, n, p| reader::one_of(ck, n, p, PAPERS))
        {
            config.paper = paper;
        }
        print.finish(ck);
    }
    if let Some((node, path)) = top.raw("search")
        && let Some(mut search) = ck.map(node, &path)
    {
        if let Some(enabled) = search.optional(ck, "enabled", reader::boolean) {
            config.search = enabled;
        }
        search.finish(ck);
    }
    if let Some((node, path)) = top.raw("stage-sets") {
        config.stage_sets = read_stage_sets(ck, node, &path);
    }
    config.channels = top.list(ck, "channels", |ck, node, path| {
        reader::list(ck, node, path, read_channel)
    });
    let declared: Vec<_> = top.list(ck, "metrics", |ck, node, path| {
        reader::list(ck, node, path, read_metric)
    });
    for metric in declared {
        config
            .metrics
            .retain(|m| !(m.id.at.is_root() && m.id.value == metric.id.value));
        config.metrics.push(metric);
    }
}

fn read_book(ck: &mut Checker, book: &mut Fields<'_>, config: &mut Config) {
    if let Some(title) = book.optional(ck, "title", reader::text) {
        config.title = title;
    }
    config.description = book.optional(ck, "description", reader::text);
    config.language = book
        .optional(ck, "language", |ck, n, p| {
            reader::one_of(ck, n, p, LANGUAGES)
        })
        .unwrap_or_default();
    config.emotion = EmotionScale::for_language(config.language);
    config.metrics = builtin_metrics(config.language);
    if let Some(base) = book.optional(ck, "base-url", reader::text) {
        config.base_url = normalize_base_url(&base);
    }
    config.edit_url = book.optional(ck, "edit-url", reader::text);
}

fn read_build(ck: &mut Checker, build: &mut Fields<'_>, settings: &mut Build) {
    if let Some(content) = build.optional(ck, "content", reader::text) {
        settings.content = content.into();
    }
    if let Some(output) = build.optional(ck, "output", reader::text) {
        settings.output = output.into();
    }
    if let Some(theme) = build.optional(ck, "theme", reader::text) {
        settings.theme = theme;
    }
    if let Some(drafts) = build.optional(ck, "drafts", reader::boolean) {
        settings.drafts = drafts;
    }
    if let Some(sanitize) = build.optional(ck, "sanitize-html", reader::boolean) {
        settings.sanitize_html = sanitize;
    }
    if let Some((node, path)) = build.raw("stale-after-days") {
        match reader::integer(ck, node, &path).map(u32::try_from) {
            Some(Ok(days)) => settings.stale_after_days = days,
            Some(Err(_)) => ck.error(
                code::BAD_VALUE,
                &path,
                "`stale-after-days` must be a positive number of days".into(),
                None,
            ),
            None => {}
        }
    }
}

/// The `[emotion]` scale; without `labels`, the default -2..2 scale takes
/// the labels of the site's `language`.
fn read_emotion(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
    language: Language,
) -> Option<EmotionScale> {
    let mut fields = ck.map(node, path)?;
    let min = fields.optional(ck, "min", reader::integer).unwrap_or(-2);
    let max = fields.optional(ck, "max", reader::integer).unwrap_or(2);
    let labels: Option<Vec<String>> = fields.optional(ck, "labels", reader::text_list);
    let scale_path = fields.path().clone();
    fields.finish(ck);
    if min >= max {
        ck.error(
            code::BAD_VALUE,
            &scale_path.key("max"),
            format!("the emotion scale needs `min` below `max`, found min = {min}, max = {max}"),
            None,
        );
        return None;
    }
    let count = (max - min + 1) as usize;
    let labels = match labels {
        Some(labels) if labels.len() != count => {
            ck.error(
                code::BAD_VALUE,
                &scale_path.key("labels"),
                format!(
                    "the scale {min}..{max} needs {count} labels, found {}",
                    labels.len()
                ),
                Some("give one label per score, from `min` to `max`".into()),
            );
            return None;
        }
        Some(labels) => labels,
        None if (min, max) == (-2, 2) => EmotionScale::for_language(language).labels,
        None => (min..=max).map(|score| score.to_string()).collect(),
    };
    Some(EmotionScale { min, max, labels })
}

fn read_stage_sets(ck: &mut Checker, node: &Node, path: &NodePath) -> Vec<StageSet> {
    let Node::Map(entries) = node else {
        ck.error(
            code::WRONG_TYPE,
            path,
            format!(
                "`stage-sets` must be a table of named lists, found {}",
                node.kind()
            ),
            None,
        );
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(id, stages)| {
            let stages = reader::text_list(ck, stages, &path.key_owned(id))?;
            Some(StageSet {
                id: id.clone(),
                stages,
            })
        })
        .collect()
}

pub const CHANNEL_KINDS: &[(&str, ChannelKind)] = &[
    ("digital", ChannelKind::Digital),
    ("physical", ChannelKind::Physical),
    ("human", ChannelKind::Human),
    ("third-party", ChannelKind::ThirdParty),
];

fn read_channel(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Channel> {
    let mut fields = ck.map(node, path)?;
    let id = fields.required(ck, "id", reader::id_ref);
    let name = fields.optional(ck, "name", reader::text);
    let kind = fields.optional(ck, "kind", |ck, n, p| {
        reader::one_of(ck, n, p, CHANNEL_KINDS)
    });
    fields.finish(ck);
    let id = id?;
    Some(Channel {
        name: name.unwrap_or_else(|| id.value.clone()),
        id,
        kind,
    })
}

pub const METRIC_CATEGORIES: &[(&str, MetricCategory)] = &[
    ("customer", MetricCategory::Customer),
    ("financial", MetricCategory::Financial),
    ("operational", MetricCategory::Operational),
    ("employee", MetricCategory::Employee),
];

fn read_metric(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Metric> {
    let mut fields = ck.map(node, path)?;
    let id = fields.required(ck, "id", reader::id_ref);
    let name = fields.optional(ck, "name", reader::text);
    let category = fields.optional(ck, "category", |ck, n, p| {
        reader::one_of(ck, n, p, METRIC_CATEGORIES)
    });
    let unit = fields.optional(ck, "unit", reader::text);
    let direction = fields
        .optional(ck, "direction", |ck, n, p| {
            reader::one_of(
                ck,
                n,
                p,
                &[("up", Direction::Up), ("down", Direction::Down)],
            )
        })
        .unwrap_or_default();
    fields.finish(ck);
    let id = id?;
    Some(Metric {
        name: name.unwrap_or_else(|| id.value.clone()),
        id,
        category,
        unit,
        direction,
    })
}

/// `docs` → `/docs/`, `` → `/`.
fn normalize_base_url(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else if trimmed.contains("://") {
        format!("{trimmed}/")
    } else {
        format!("/{trimmed}/")
    }
}

/// The nearest folder at or above `start` that holds `book.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_book_toml_means_defaults_with_builtin_metrics() {
        let (config, diagnostics) = read(Path::new("/tmp/acme-cx"), None);
        assert!(diagnostics.is_empty());
        assert_eq!(config.title, "acme-cx");
        assert_eq!(config.emotion.label(2), Some("Delighted"));
        assert_eq!(
            config.metric("ces").map(|m| m.direction),
            Some(Direction::Down)
        );
    }

    #[test]
    fn reads_scale_sets_channels_and_metrics() {
        let text = r#"
[book]
title = "Acme"
base-url = "cx"
[emotion]
min = 1
max = 3
labels = ["Bad", "Ok", "Good"]
[stage-sets]
aida = ["Awareness", "Action"]
[[channels]]
id = "web"
name = "Website"
kind = "digital"
[[metrics]]
id = "nps"
name = "NPS (relationship)"
direction = "up"
"#;
        let (config, diagnostics) = read(Path::new("x"), Some(text));
        assert_eq!(diagnostics, []);
        assert_eq!(config.base_url, "/cx/");
        assert_eq!(config.emotion.label(1), Some("Bad"));
        assert_eq!(config.stage_set("aida").map(|s| s.stages.len()), Some(2));
        assert_eq!(
            config.channel("web").map(|c| c.kind),
            Some(Some(ChannelKind::Digital))
        );
        assert_eq!(
            config.metric("nps").map(|m| m.name.as_str()),
            Some("NPS (relationship)")
        );
        assert_eq!(
            config
                .metrics
                .iter()
                .filter(|m| m.id.value == "nps")
                .count(),
            1
        );
    }

    #[test]
    fn the_default_emotion_labels_follow_the_language() {
        let (config, diagnostics) = read(Path::new("x"), Some("[book]\nlanguage = \"es\"\n"));
        assert_eq!(diagnostics, []);
        assert_eq!(config.language, Language::from_code("es").unwrap());
        assert_eq!(config.emotion.label(-2), Some("Muy insatisfecho"));
        assert_eq!(config.emotion.label(2), Some("Encantado"));
        assert_eq!(
            config.metric("csat").map(|m| m.name.as_str()),
            Some("Satisfacción del cliente")
        );
        let text = "[book]\nlanguage = \"es\"\n[emotion]\nmin = -1\nmax = 1\n";
        let (config, _) = read(Path::new("x"), Some(text));
        assert_eq!(
            config.emotion.label(1),
            Some("1"),
            "a custom range keeps its numbers"
        );
        let text =
            "[book]\nlanguage = \"es\"\n[emotion]\nlabels = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n";
        let (config, _) = read(Path::new("x"), Some(text));
        assert_eq!(config.emotion.label(0), Some("c"), "given labels win");
    }

    #[test]
    fn reports_wrong_label_count_and_unknown_keys() {
        let text = "[emotion]\nmin = -1\nmax = 1\nlabels = [\"a\"]\n[build]\noutptu = \"x\"\n";
        let (_, diagnostics) = read(Path::new("x"), Some(text));
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code::UNKNOWN_KEY, code::BAD_VALUE]);
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `output`?")
        );
    }
}
