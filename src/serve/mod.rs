//! `journeybook serve`: builds the portfolio into memory and serves it over
//! HTTP; with `--watch`, rebuilds on every change to content, book.toml or
//! the theme and reloads every open page through a live-reload stream on
//! the same port. A broken edit keeps the last good build on screen with
//! the errors over it. Serving never writes to disk.

mod burst;
mod debounce;
mod guard;
mod http;
mod live;
mod on_demand;
mod routes;
mod snapshot;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::config::{self, CONFIG_FILE};
use crate::pipeline::RunOptions;

use self::debounce::{Debouncer, Windows};
use self::http::{BadRequest, Response};
use self::live::Hub;
use self::snapshot::{Outcome, Served};
use self::watch::{Change, Layout};

/// Connections served at once; more get 503 until some close.
const MAX_CONNECTIONS: usize = 512;

/// Everything `serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// Host names answered besides loopback names and IP addresses.
    pub allowed_hosts: Vec<String>,
    pub port: u16,
    pub open: bool,
    pub watch: bool,
    pub poll: bool,
    /// The quiet window the user chose, for every burst (see `debounce`).
    pub debounce: Option<Duration>,
    pub run: RunOptions,
}

/// State shared by the connection threads and the rebuild loop. The served
/// build is an immutable snapshot swapped whole after each build.
struct Shared {
    served: Mutex<Arc<Served>>,
    hub: Hub,
    live: bool,
    connections: AtomicUsize,
    guard: guard::Guard,
}

impl Shared {
    fn current(&self) -> Arc<Served> {
        self.served
            .lock()
            .map_or_else(|poisoned| poisoned.into_inner().clone(), |s| s.clone())
    }

    fn replace(&self, served: Served) {
        let served = Arc::new(served);
        match self.served.lock() {
            Ok(mut slot) => *slot = served,
            Err(poisoned) => *poisoned.into_inner() = served,
        }
    }
}

/// Runs the server until the process is stopped (Ctrl-C).
pub fn serve(options: &ServeOptions, cwd: &Path) -> anyhow::Result<i32> {
    let mut caches = snapshot::Caches::default();
    let mut first = snapshot::build(&options.root, &options.run, cwd, &mut caches, None)?;
    report_build(&first, "Built");
    let pending = first.search_pending.take();
    let mut served = served_from(first, None, None);
    if let (Some(site), Some(snapshot)) = (pending, &served.site) {
        served.site = Some(Arc::new(snapshot::with_search(snapshot, &site)));
    }
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).with_context(|| {
        format!("cannot listen on {address} (is the port in use? choose another with --port)")
    })?;
    let bound = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let shared = Arc::new(Shared {
        served: Mutex::new(Arc::new(served)),
        hub: Hub::default(),
        live: options.watch,
        connections: AtomicUsize::new(0),
        guard: guard::Guard::new(bound, &options.allowed_hosts),
    });
    let base = base_url(&shared.current());
    let url = format!("http://{bound}{base}");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {bound}, reachable from other machines; the preview is meant for your own (use --bind 127.0.0.1)"
        );
    }
    if options.watch {
        start_watching(options, cwd, &shared, caches)?;
    }
    println!(
        "Serving {} at {url} (press Ctrl-C to stop)",
        options.root.display()
    );
    if options.open {
        open_browser(&url);
    }
    for connection in listener.incoming() {
        let Ok(connection) = connection else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(connection, &shared));
    }
    Ok(crate::cli::EXIT_OK)
}

fn base_url(served: &Served) -> String {
    served
        .site
        .as_ref()
        .map_or_else(|| "/".to_string(), |s| s.base_url.clone())
}

/// The served state after a build: the new site (which pages showing
/// `in_place_after` may take in place), or the previous one with the new
/// errors.
fn served_from(
    outcome: Outcome,
    previous: Option<&Served>,
    in_place_after: Option<String>,
) -> Served {
    match outcome.result {
        Ok(site) => Served {
            site: Some(Arc::new(site)),
            errors: Vec::new(),
            in_place_after,
        },
        Err(errors) => Served {
            site: previous.and_then(|p| p.site.clone()),
            errors,
            in_place_after: None,
        },
    }
}

fn report_build(outcome: &Outcome, verb: &str) {
    eprint!("{}", outcome.printed);
    let first = outcome
        .first_served_ms
        .map(|ms| format!("; pages served on demand after {ms} ms"))
        .unwrap_or_default();
    match &outcome.result {
        Ok(_) if outcome.reused > 0 => eprintln!(
            "{verb} {} pages ({} unchanged) in {} ms{first}",
            outcome.pages, outcome.reused, outcome.took_ms
        ),
        Ok(_) => eprintln!(
            "{verb} {} pages in {} ms{first}",
            outcome.pages, outcome.took_ms
        ),
        Err(errors) => eprintln!(
            "error: the build failed with {} error(s); the last good build is still served",
            errors.len()
        ),
    }
}

fn start_watching(
    options: &ServeOptions,
    cwd: &Path,
    shared: &Arc<Shared>,
    mut caches: snapshot::Caches,
) -> anyhow::Result<()> {
    let root = &options.root;
    let config_text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok();
    let (config, _) = config::read(root, config_text.as_deref());
    let layout = Layout {
        root: root.clone(),
        content: root.join(&config.build.content),
        themes: root.join("themes"),
        output: root.join(&config.build.output),
    };
    let (sender, receiver) = mpsc::channel();
    let watcher = watch::start(&layout, options.poll, sender)?;
    caches.check.load.watch_from_now();
    let (options, cwd, shared) = (options.clone(), cwd.to_path_buf(), Arc::clone(shared));
    std::thread::spawn(move || {
        let _keep_watching = watcher;
        rebuild_loop(&receiver, &layout, &options, &cwd, &shared, caches);
    });
    Ok(())
}

/// Waits for relevant changes, coalesces each burst, rebuilds, swaps the
/// served build and only then tells the pages. Changes that arrive during a
/// build wait in the channel and make exactly one follow-up build. A burst
/// that changed only Markdown files lets open pages refresh in place.
fn rebuild_loop(
    changes: &Receiver<Change>,
    layout: &Layout,
    options: &ServeOptions,
    cwd: &Path,
    shared: &Shared,
    mut caches: snapshot::Caches,
) {
    let mut debouncer = Debouncer::new(Windows::new(options.debounce));
    let mut burst = burst::Burst::default();
    loop {
        let next = match debouncer.deadline() {
            None => changes.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => {
                changes.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
        };
        match next {
            Ok(Change::Path(path, write)) => {
                if let Some(kind) = layout.classify(&path) {
                    burst.note(&path, kind);
                    caches.check.load.changed(&path);
                    debouncer.note(Instant::now(), Some((&path, write)));
                }
            }
            Ok(Change::Rescan) => {
                burst.lost_events();
                caches.check.load.rescan();
                debouncer.note(Instant::now(), None);
            }
            Err(RecvTimeoutError::Timeout) => {
                debouncer.reset();
                let markdown_only = std::mem::take(&mut burst)
                    .markdown_only(|path| caches.check.load.was_loaded(path));
                rebuild(options, cwd, shared, &mut caches, markdown_only);
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Rebuilds: as soon as the edit is linked, serves pages rendered on
/// demand and tells the open pages to reload (in place, when only
/// `markdown_only` files changed); then serves the full render (or the
/// last good build with the errors), and finally adds the search index.
fn rebuild(
    options: &ServeOptions,
    cwd: &Path,
    shared: &Shared,
    caches: &mut snapshot::Caches,
    markdown_only: bool,
) {
    let previous = shared.current();
    let in_place_after = previous
        .site
        .as_ref()
        .filter(|_| markdown_only)
        .map(|site| site.build_id.clone());
    let publish = |early: snapshot::Snapshot| {
        shared.replace(Served {
            site: Some(Arc::new(early)),
            errors: Vec::new(),
            in_place_after: in_place_after.clone(),
        });
        shared.hub.broadcast(&shared.current().state_json());
    };
    match snapshot::build(&options.root, &options.run, cwd, caches, Some(&publish)) {
        Ok(mut outcome) => {
            report_build(&outcome, "Rebuilt");
            let pending = outcome.search_pending.take();
            let on_demand = outcome.on_demand.take();
            // After an early snapshot, a good full render changes nothing
            // the pages see (same build, no errors): no second message.
            let news = on_demand.is_none() || outcome.result.is_err();
            shared.replace(served_from(outcome, Some(&previous), in_place_after));
            if news {
                shared.hub.broadcast(&shared.current().state_json());
            }
            if let Some(on_demand) = on_demand {
                on_demand.finish();
            }
            // The search index follows the pages, without another reload.
            let current = shared.current();
            if let (Some(site), Some(snapshot)) = (pending, &current.site) {
                let site_with_search = snapshot::with_search(snapshot, &site);
                shared.replace(Served {
                    site: Some(Arc::new(site_with_search)),
                    errors: current.errors.clone(),
                    in_place_after: current.in_place_after.clone(),
                });
            }
        }
        Err(error) => {
            // An early snapshot may be served: go back to the last good one.
            shared.replace(Served {
                site: previous.site.clone(),
                errors: previous.errors.clone(),
                in_place_after: previous.in_place_after.clone(),
            });
            eprintln!("error: {error:#}");
        }
    }
}

/// Serves one connection: a page or file, or the live-reload stream.
fn handle(mut connection: TcpStream, shared: &Shared) {
    let active = shared.connections.fetch_add(1, Ordering::SeqCst) + 1;
    let _ = connection.set_write_timeout(Some(Duration::from_secs(10)));
    if active > MAX_CONNECTIONS {
        let _ = Response::text(503, "Too many connections").write(&mut connection, false);
    } else {
        serve_request(&mut connection, shared);
    }
    shared.connections.fetch_sub(1, Ordering::SeqCst);
}

fn serve_request(connection: &mut TcpStream, shared: &Shared) {
    let request = match http::read_request(connection) {
        Ok(request) => request,
        Err(BadRequest::Closed) => return,
        Err(BadRequest::TooLarge) => {
            let _ = Response::text(431, "Request head too large").write(connection, false);
            return;
        }
        Err(BadRequest::Malformed) => {
            let _ = Response::text(400, "Bad request").write(connection, false);
            return;
        }
    };
    if let Err(refusal) = shared
        .guard
        .check(request.only_header("host"), request.only_header("origin"))
    {
        let _ = Response::text(refusal.status(), &refusal.message()).write(connection, false);
        return;
    }
    let mut served = shared.current();
    let base = base_url(&served);
    let events = format!("{base}{}events", routes::LIVE_PREFIX);
    if let (Some(site), Some(file)) = (&served.site, routes::requested_file(&request, &base))
        && site.prepare(&file) == snapshot::Ready::AfterFullRender
    {
        served = shared.current();
    }
    if shared.live && request.path() == events {
        if let Ok(stream) = connection.try_clone() {
            live::stream(stream, &shared.hub, &served.state_json());
        }
        return;
    }
    let response = routes::respond(&request, &served, &base, shared.live);
    let _ = response.write(connection, request.method == "HEAD");
}

/// Opens the preview in the system's browser; failure is only reported.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(error) = command.arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({error}); open {url} yourself");
    }
}
