//! The site's built-in interface text in each language: lane names, page
//! titles, headings, table columns, badges, enum values as readers see
//! them, dates and the default emotion labels.
//!
//! Each language is one TOML file beside this module (`en.toml`,
//! `es.toml`), embedded in the binary. A file is a set of tables of texts:
//! `[nav] journeys = "Journeys"` is the text `nav.journeys`. Templates see
//! the same tables as `site.t` (`{{ site.t.nav.journeys }}`,
//! `{{ site.t.plan_status[a.status] }}`); Rust code looks texts up through
//! [`Labels`]. Texts may hold `{name}` placeholders, filled in by
//! [`Labels::fill`] or, in templates, by the `replace` filter.
//!
//! Adding a language is adding its file: `build.rs` finds every
//! `<code>.toml` here and makes `<code>` a value of `[book] language`. The
//! tests below fail until the new file has exactly the keys of `en.toml`.

use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize, Serializer};

use crate::content::date::Date;

/// One language of the site's interface text: an index into the table
/// `build.rs` makes of this folder's files (`LANGUAGES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language(usize);

include!(concat!(env!("OUT_DIR"), "/languages.rs"));

impl Language {
    /// The language of a `[book] language` code, if there is a file for it.
    pub fn from_code(code: &str) -> Option<Language> {
        LANGUAGES
            .iter()
            .find(|(name, _)| *name == code)
            .map(|&(_, language)| language)
    }

    /// Its `[book] language` code, the file name of its texts.
    pub fn code(self) -> &'static str {
        LANGUAGE_FILES[self.0].0
    }

    /// The site's interface text in this language.
    pub fn labels(self) -> &'static Labels {
        labels(self)
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::EN
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// The interface texts of one language: table name → key → text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Labels {
    /// Hashed, not ordered: pages look texts up hundreds of times each,
    /// and the string comparisons of an ordered map were 2% of a build.
    tables: FxHashMap<String, FxHashMap<String, String>>,
}

/// The embedded file of a language.
fn source(language: Language) -> &'static str {
    LANGUAGE_FILES[language.0].1
}

/// The language every other one falls back to for a missing text.
const FALLBACK: Language = Language::EN;

/// The texts of `language`; a text its file lacks is taken from English
/// (the tests keep the files complete, so this is only a safety net).
pub fn labels(language: Language) -> &'static Labels {
    static LOADED: OnceLock<Vec<(Language, Labels)>> = OnceLock::new();
    static EMPTY: LazyLock<Labels> = LazyLock::new(Labels::default);
    let loaded = LOADED.get_or_init(|| {
        let fallback = parse(source(FALLBACK)).unwrap_or_default();
        LANGUAGES
            .iter()
            .map(|&(_, language)| {
                let mut labels = fallback.clone();
                labels.overlay(parse(source(language)).unwrap_or_default());
                (language, labels)
            })
            .collect()
    });
    loaded
        .iter()
        .find(|(l, _)| *l == language)
        .map_or(&*EMPTY, |(_, labels)| labels)
}

fn parse(text: &str) -> Result<Labels, toml::de::Error> {
    toml::from_str(text)
}

impl Labels {
    /// Adds `other`'s texts, replacing those with the same key.
    fn overlay(&mut self, other: Labels) {
        for (name, table) in other.tables {
            self.tables.entry(name).or_default().extend(table);
        }
    }

    /// The text `table.key`, if there is one.
    pub fn lookup(&self, table: &str, key: &str) -> Option<&str> {
        self.tables.get(table)?.get(key).map(String::as_str)
    }

    /// The text `table.key`, or `key` itself when there is none (so an enum
    /// value without a translation shows as written, never fails).
    pub fn get<'a>(&'a self, table: &str, key: &'a str) -> &'a str {
        self.lookup(table, key).unwrap_or(key)
    }

    /// The text `table.key` with each `{name}` replaced by its value, in
    /// one pass (a value that holds `{…}` is left as it is).
    pub fn fill(&self, table: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut rest = self.get(table, key);
        let mut text = String::with_capacity(rest.len() + 32);
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.split_once('}').and_then(|(name, tail)| {
                let (_, value) = values.iter().find(|(n, _)| *n == name)?;
                Some((value, tail))
            });
            match value {
                Some((value, tail)) => {
                    text.push_str(value);
                    rest = tail;
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }

    /// A date as people of this language write it: `1 July 2025`,
    /// `1 de julio de 2025`.
    pub fn date(&self, date: Date) -> String {
        let month = date.month.to_string();
        self.fill(
            "date",
            "format",
            &[
                ("day", &date.day.to_string()),
                ("month", self.get("month", &month)),
                ("year", &date.year.to_string()),
            ],
        )
    }

    /// Every `table.key` of these texts, in order.
    pub fn keys(&self) -> impl Iterator<Item = String> + '_ {
        let mut keys: Vec<(&str, &str)> = self
            .tables
            .iter()
            .flat_map(|(name, table)| table.keys().map(move |key| (name.as_str(), key.as_str())))
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|(name, key)| format!("{name}.{key}"))
    }
}

#[cfg(test)]
mod tests;
