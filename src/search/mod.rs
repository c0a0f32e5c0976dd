//! The static search index: one record per page and per journey step
//! (names, actions, thoughts, pain points, opportunities, touchpoints),
//! tokenised and written as an inverted index sharded by the first two
//! letters of each term, plus small chunks of record metadata. A query
//! loads `search/meta.json`, the shard of each term and the chunks of the
//! best results only, so a large portfolio never ships its whole index.
//! Built from the Site (pure); the browser side is `static/search.js`.

mod records;
mod tokens;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::link::Site;
use crate::render::OutputFile;

pub use records::{Record, records};
pub use tokens::{shard_of, terms};

/// Records per metadata chunk: the chunks a result list loads stay small.
pub const CHUNK: usize = 100;

/// How much each field counts when ranking.
pub const TITLE_WEIGHT: u32 = 8;
pub const TEXT_WEIGHT: u32 = 1;

/// A term found in more than 1/`STOP_SHARE` of the records (and in at
/// least `STOP_MIN`) is a stop word: it would rank nothing and only weigh
/// on every query. Frequent words that still tell records apart
/// ("delivery") stay searchable; their large shards load only when asked.
pub const STOP_SHARE: usize = 2;
pub const STOP_MIN: usize = 1_000;
/// A shard larger than this is split by one more letter of its terms.
pub const SHARD_BYTES: usize = 64 * 1024;

#[derive(Serialize)]
struct Meta {
    version: u32,
    records: usize,
    chunk: usize,
    /// Shard prefixes, longest first within a family (`dea`, `de`).
    shards: Vec<String>,
    stop: Vec<String>,
}

/// term → flat `[record delta, weight, record delta, weight, …]`
type Postings = BTreeMap<String, Vec<u32>>;

/// The files of the index, under `search/`.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let records = records(site);
    let per_record: Vec<Vec<(String, u32)>> = records
        .par_iter()
        .map(|record| {
            let mut weights: HashMap<String, u32> = HashMap::new();
            for term in terms(&record.title) {
                *weights.entry(term).or_default() += TITLE_WEIGHT;
            }
            for term in terms(&record.text) {
                *weights.entry(term).or_default() += TEXT_WEIGHT;
            }
            weights.into_iter().collect()
        })
        .collect();
    let mut hits: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (id, weights) in per_record.into_iter().enumerate() {
        for (term, weight) in weights {
            hits.entry(term).or_default().push((id as u32, weight));
        }
    }
    let stop_at = (records.len() / STOP_SHARE).max(STOP_MIN);
    let mut stop: Vec<String> = hits
        .iter()
        .filter(|(_, h)| h.len() > stop_at)
        .map(|(t, _)| t.clone())
        .collect();
    stop.sort();
    let postings: Postings = hits
        .into_iter()
        .filter(|(_, h)| h.len() <= stop_at)
        .map(|(term, mut list)| {
            list.sort_unstable();
            let mut flat = Vec::with_capacity(list.len() * 2);
            let mut previous = 0;
            for (record, weight) in list {
                flat.push(record - previous);
                flat.push(weight);
                previous = record;
            }
            (term, flat)
        })
        .collect();
    let shards = shard(postings);
    let mut files = Vec::with_capacity(shards.len() + records.len() / CHUNK + 2);
    let meta = Meta {
        version: 2,
        records: records.len(),
        chunk: CHUNK,
        shards: shards.iter().map(|(prefix, _)| prefix.clone()).collect(),
        stop,
    };
    files.push(json_file("search/meta.json", &meta));
    for (prefix, terms) in &shards {
        files.push(OutputFile {
            // Output paths are decoded paths: the file is named by its
            // letters, and browsers and servers decode `ø` in the request.
            path: format!("search/terms/{prefix}.json"),
            bytes: terms.clone().into(),
        });
    }
    for (number, chunk) in records.chunks(CHUNK).enumerate() {
        files.push(json_file(&format!("search/records/{number}.json"), chunk));
    }
    files
}

/// Groups terms by prefix, two letters first, splitting any shard over
/// `SHARD_BYTES` by one more letter (up to five). Returns each shard's
/// prefix and serialised terms.
fn shard(postings: Postings) -> Vec<(String, Vec<u8>)> {
    let mut done = Vec::new();
    let mut pending: Vec<(usize, Postings)> = vec![(2, postings)];
    while let Some((length, group)) = pending.pop() {
        let mut by_prefix: BTreeMap<String, Postings> = BTreeMap::new();
        for (term, list) in group {
            by_prefix
                .entry(term.chars().take(length).collect())
                .or_default()
                .insert(term, list);
        }
        for (prefix, terms) in by_prefix {
            let bytes = serde_json::to_vec(&terms).unwrap_or_default();
            // One term cannot be split further; more prefix letters would
            // only multiply files.
            let splittable = length < 5 && terms.len() > 1;
            if bytes.len() > SHARD_BYTES && splittable {
                pending.push((length + 1, terms));
            } else {
                done.push((prefix, bytes));
            }
        }
    }
    done.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    done
}

fn json_file<T: Serialize + ?Sized>(path: &str, value: &T) -> OutputFile {
    // Our own plain data always serialises; an empty file would only make
    // that one lookup find nothing.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(pairs: &[(&str, usize)]) -> Postings {
        pairs
            .iter()
            .map(|(term, n)| (term.to_string(), vec![1; *n * 2]))
            .collect()
    }

    #[test]
    fn small_shards_stay_at_two_letters() {
        let shards = shard(postings(&[("delivery", 3), ("delay", 2), ("pay", 1)]));
        let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(prefixes, ["de", "pa"]);
    }

    #[test]
    fn large_shards_split_by_one_more_letter() {
        let shards = shard(postings(&[
            ("delivery", 20_000),
            ("delay", 20_000),
            ("desk", 3),
        ]));
        let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert!(prefixes.contains(&"des"), "{prefixes:?}");
        assert!(
            prefixes.contains(&"deli") && prefixes.contains(&"dela"),
            "del is still too big: {prefixes:?}"
        );
        assert!(
            shards
                .iter()
                .all(|(p, bytes)| bytes.len() <= SHARD_BYTES || p.chars().count() >= 4)
        );
        assert!(
            prefixes
                .windows(2)
                .all(|w| w[0].chars().count() >= w[1].chars().count()),
            "longest first"
        );
    }
}
