//! `journeybook export`: the linked portfolio for other tools, as JSON (the
//! whole portfolio), CSV (one row per step) or Mermaid (one journey).

pub mod csv;
pub mod json;
pub mod mermaid;

use crate::content::model::Journey;
use crate::link::{Site, urls};
use crate::render::OutputFile;

/// Each journey's CSV and Mermaid files, written beside its page so the
/// page can offer them for download (`journeys/<id>/<id>.csv`, `.mmd`).
pub fn journey_downloads(site: &Site) -> Vec<OutputFile> {
    use rayon::prelude::*;
    site.portfolio
        .journeys
        .par_iter()
        .flat_map_iter(|journey| downloads_of(site, journey))
        .collect()
}

/// How many journeys' downloads go to the sink at a time: together they
/// were 360 MB at 100,000 pages, held until the last one was made.
const DOWNLOADS_PER_PART: usize = 256;

/// [`journey_downloads`], handed to `sink` a few journeys at a time from
/// the rendering threads, so that they are written while the rest are
/// made. Stops making them when `sink` returns false.
pub fn journey_downloads_into(site: &Site, sink: &(dyn Fn(Vec<OutputFile>) -> bool + Sync)) {
    use rayon::prelude::*;
    site.portfolio
        .journeys
        .par_chunks(DOWNLOADS_PER_PART)
        .try_for_each(|journeys| {
            let part = journeys
                .iter()
                .flat_map(|journey| downloads_of(site, journey))
                .collect();
            sink(part).then_some(())
        });
}

fn downloads_of(site: &Site, journey: &Journey) -> [OutputFile; 2] {
    let folder = urls::output_file(&urls::entity(urls::JOURNEYS, &journey.doc.id));
    let folder = folder.trim_end_matches("index.html");
    let id = &journey.doc.id;
    [
        OutputFile {
            path: format!("{folder}{id}.csv"),
            bytes: csv::document(site, Some(journey)).into_bytes().into(),
        },
        OutputFile {
            path: format!("{folder}{id}.mmd"),
            bytes: mermaid::document(site, journey).into_bytes().into(),
        },
    ]
}
