//! A build held in memory for `serve`: the same pipeline as `build`, but
//! its files go into a map instead of the output folder. A failed build
//! yields its diagnostics (for the terminal and the browser overlay) and
//! leaves the last good snapshot in place.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostic::Record;
use crate::pipeline::{self, RunOptions};
use crate::render::PageCache;
use crate::report;

/// The files of one good build.
#[derive(Debug)]
pub struct Snapshot {
    /// Unique per build and per server run: a page reloads when it changes.
    pub build_id: String,
    pub base_url: String,
    /// Output path (`journeys/a/index.html`) → bytes.
    pub files: HashMap<String, std::sync::Arc<[u8]>>,
}

/// What the server shows now: the last good build and the current problems.
#[derive(Debug, Default)]
pub struct Served {
    pub site: Option<Arc<Snapshot>>,
    pub errors: Vec<Record>,
}

impl Served {
    /// The live-reload state message: the build to show and any errors.
    pub fn state_json(&self) -> String {
        let build = self.site.as_ref().map(|s| s.build_id.as_str());
        serde_json::json!({ "build": build, "errors": self.errors }).to_string()
    }
}

/// The result of one rebuild.
pub struct Outcome {
    /// `Ok` with the new snapshot, or `Err` with the errors to overlay.
    pub result: Result<Snapshot, Vec<Record>>,
    /// Diagnostics as `check` prints them (warnings included), for the terminal.
    pub printed: String,
    pub pages: usize,
    /// Pages whose inputs did not change, taken from the previous build.
    pub reused: usize,
    pub took_ms: u128,
    /// The linked site, when its search index is still to be built (so a
    /// reload need not wait for it).
    pub search_pending: Option<crate::link::Site>,
}

static BUILDS: AtomicU64 = AtomicU64::new(0);

fn next_build_id() -> String {
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{started:x}-{}", BUILDS.fetch_add(1, Ordering::Relaxed))
}

/// What one rebuild can reuse from the previous ones.
#[derive(Default)]
pub struct Caches {
    pub check: pipeline::CheckCaches,
    pages: PageCache,
}

/// Builds the portfolio at `root` into memory, reusing what did not change.
pub fn build(
    root: &Path,
    options: &RunOptions,
    cwd: &Path,
    caches: &mut Caches,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut checked = pipeline::check_cached(root, options, &mut caches.check)?;
    let mut reused = 0;
    let rendered = match checked.site.as_ref().filter(|_| !checked.has_errors()) {
        Some(site) => {
            let files = match pipeline::render_site_reusing(root, site, Some(&caches.pages))? {
                Ok((files, pages)) => {
                    reused = pages.reused;
                    caches.pages = pages;
                    Ok(files)
                }
                Err(errors) => Err(errors),
            };
            Some((files, site.config.base_url.clone()))
        }
        None => None,
    };
    if let Some((Err(template_errors), _)) = &rendered {
        checked.diagnostics.extend(template_errors.iter().cloned());
    }
    let printed = report::resolve_and_render(&mut checked, root, cwd);
    let result = match rendered {
        Some((Ok(files), base_url)) => Ok(Snapshot {
            build_id: next_build_id(),
            base_url,
            files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
        }),
        _ => Err(checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| d.record())
            .collect()),
    };
    let pages = result.as_ref().map_or(0, |s| {
        s.files.keys().filter(|p| p.ends_with(".html")).count()
    });
    let search_pending = match (&result, checked.site) {
        (Ok(_), Some(site)) if site.config.search => Some(site),
        _ => None,
    };
    Ok(Outcome {
        search_pending,
        result,
        printed,
        pages,
        reused,
        took_ms: started.elapsed().as_millis(),
    })
}

/// The snapshot with the search index of `site` added (same build id: the
/// pages did not change, so open pages need no reload).
pub fn with_search(snapshot: &Snapshot, site: &crate::link::Site) -> Snapshot {
    let mut files = snapshot.files.clone();
    for file in crate::search::index_files(site) {
        files.insert(file.path, file.bytes);
    }
    Snapshot {
        build_id: snapshot.build_id.clone(),
        base_url: snapshot.base_url.clone(),
        files,
    }
}
