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
use crate::render::{self, PageCache};
use crate::{report, theme};

pub use super::on_demand::{OnDemand, Ready};

/// The files of one good build.
#[derive(Debug)]
pub struct Snapshot {
    /// Unique per build and per server run: a page reloads when it changes.
    pub build_id: String,
    pub base_url: String,
    /// Output path (`journeys/a/index.html`) → bytes: every file of the
    /// build, or, while its full render runs, the theme's static files
    /// and the content's assets.
    pub files: HashMap<String, bytes::Bytes>,
    /// Pages rendered on request: set while the full render runs.
    pub on_demand: Option<Arc<OnDemand>>,
}

impl Snapshot {
    /// The file at `path`, if the build has it (and, while the full render
    /// runs, if it has been rendered).
    pub fn get(&self, path: &str) -> Option<bytes::Bytes> {
        self.files
            .get(path)
            .cloned()
            .or_else(|| self.on_demand.as_ref()?.page(path))
    }

    /// Whether the build has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.on_demand.as_ref().is_some_and(|o| o.is_page(path))
    }

    /// Makes a request for `path` answerable, rendering it on demand or
    /// waiting for the full render (see `OnDemand`).
    pub fn prepare(&self, path: &str) -> Ready {
        let Some(on_demand) = &self.on_demand else {
            return Ready::Now;
        };
        // `journeys/a` only redirects to `journeys/a/`.
        let settled = self.files.contains_key(path)
            || (!path.ends_with(".html") && on_demand.is_page(&format!("{path}/index.html")));
        on_demand.prepare(path, settled)
    }
}

impl std::fmt::Debug for OnDemand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnDemand")
    }
}

/// What the server shows now: the last good build and the current problems.
#[derive(Debug, Default)]
pub struct Served {
    pub site: Option<Arc<Snapshot>>,
    pub errors: Vec<Record>,
    /// The build this one followed when only Markdown changed between
    /// them: a page showing that build can take its new body in place
    /// (same stylesheets, scripts and images), without a reload.
    pub in_place_after: Option<String>,
}

impl Served {
    /// The live-reload state message: the build to show, any errors, and
    /// the build a page may be refreshed in place from.
    pub fn state_json(&self) -> String {
        let build = self.site.as_ref().map(|s| s.build_id.as_str());
        serde_json::json!({
            "build": build,
            "errors": self.errors,
            "inPlaceAfter": self.in_place_after,
        })
        .to_string()
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
    /// When the pages were first served, rendered on demand (ms after the
    /// start), if they were.
    pub first_served_ms: Option<u128>,
    /// The on-demand snapshot served during the full render: to `finish`
    /// once the outcome is served.
    pub on_demand: Option<Arc<OnDemand>>,
    /// The linked site, when its search index is still to be built (so a
    /// reload need not wait for it).
    pub search_pending: Option<Arc<crate::link::Site>>,
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
    pages: Arc<PageCache>,
    /// Threads for full renders that run behind pages served on demand.
    background: Option<rayon::ThreadPool>,
}

/// A pool whose threads yield the processor to the server's own (lower
/// scheduling priority, on Linux): a page asked for while the full render
/// runs is rendered first. `None` if the threads cannot start.
fn background_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("journeybook-render-{i}"))
        .start_handler(|_| lower_this_threads_priority())
        .build()
        .ok()
}

#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // On Linux the nice value belongs to each thread (man 2 setpriority).
    // SAFETY: plain system calls on the calling thread's own id; failure
    // only leaves the priority as it was.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

/// Builds the portfolio at `root` into memory, reusing what did not change.
/// With `early`, a snapshot that renders pages on demand is handed to it
/// as soon as the portfolio is linked and the theme loaded, before the
/// full render (for rebuilds: the reload need not wait for every page).
pub fn build(
    root: &Path,
    options: &RunOptions,
    cwd: &Path,
    caches: &mut Caches,
    early: Option<&dyn Fn(Snapshot)>,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut checked = pipeline::check_cached(root, options, &mut caches.check)?;
    let build_id = next_build_id();
    let mut reused = 0;
    let mut first_served_ms = None;
    let mut on_demand = None;
    let linked = match checked.site.take() {
        Some(site) if !checked.has_errors() => Some(Arc::new(site)),
        _ => None,
    };
    let rendered = match &linked {
        Some(site) => Some(match theme::load(root, &site.config.build.theme)? {
            Err(diagnostics) => Err(diagnostics),
            Ok(theme) => {
                let theme = Arc::new(theme);
                if let Some(publish) = early {
                    let demand = Arc::new(OnDemand::new(
                        Arc::clone(site),
                        Arc::clone(&theme),
                        Arc::clone(&caches.pages),
                    ));
                    publish(Snapshot {
                        build_id: build_id.clone(),
                        base_url: site.config.base_url.clone(),
                        files: render::fixed_files(site, &theme)
                            .map(|f| (f.path, f.bytes))
                            .collect(),
                        on_demand: Some(Arc::clone(&demand)),
                    });
                    first_served_ms = Some(started.elapsed().as_millis());
                    on_demand = Some(demand);
                }
                let previous = Some(caches.pages.as_ref());
                let full_render = || pipeline::render_site_reusing(site, &theme, previous);
                if early.is_some() && caches.background.is_none() {
                    caches.background = background_pool();
                }
                let pool = early.and(caches.background.as_ref());
                let rendered = match pool {
                    Some(pool) => pool.install(full_render),
                    None => full_render(),
                };
                match rendered {
                    Ok((files, pages)) => {
                        reused = pages.reused;
                        caches.pages = Arc::new(pages);
                        Ok(files)
                    }
                    Err(errors) => Err(errors),
                }
            }
        }),
        None => None,
    };
    if let Some(Err(template_errors)) = &rendered {
        checked.diagnostics.extend(template_errors.iter().cloned());
    }
    let printed = report::resolve_and_render(&mut checked, root, cwd);
    let result = match (rendered, &linked) {
        (Some(Ok(files)), Some(site)) => Ok(Snapshot {
            build_id,
            base_url: site.config.base_url.clone(),
            files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            on_demand: None,
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
    let search_pending = match (&result, linked) {
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
        first_served_ms,
        on_demand,
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
        on_demand: None,
    }
}
