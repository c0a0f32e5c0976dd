//! `journeybook export`: the linked portfolio for other tools, as JSON (the
//! whole portfolio), CSV (one row per step) or Mermaid (one journey).

pub mod csv;
pub mod json;
pub mod mermaid;

use crate::link::{Site, urls};
use crate::render::OutputFile;

/// Each journey's CSV and Mermaid files, written beside its page so the
/// page can offer them for download (`journeys/<id>/<id>.csv`, `.mmd`).
pub fn journey_downloads(site: &Site) -> Vec<OutputFile> {
    use rayon::prelude::*;
    site.portfolio
        .journeys
        .par_iter()
        .flat_map_iter(|journey| {
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
        })
        .collect()
}
