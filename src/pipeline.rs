//! The pipeline of ARCHITECTURE.md wired together: config → load → parse →
//! link (`check`), then render → write (`build`). Each stage takes and
//! returns plain data; I/O happens only in config/load (reading) and write.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::{self, CONFIG_FILE, Config};
use crate::content::date::Date;
use crate::content::parse;
use crate::diagnostic::{Diagnostic, Severity};
use crate::link::{self, Site};
use crate::load::{self, Sources};
use crate::render::{self, OutputFile};
use crate::theme;
use crate::write::{self, Written};

/// Settings of one run that do not come from book.toml.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Include `draft: true` files (also on with `[build] drafts = true`).
    pub drafts: bool,
    /// The date staleness and overdue plans are measured against.
    pub today: Date,
}

/// The result of `config → load → parse → link`.
pub struct Checked {
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    pub config_text: Option<String>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Reads book.toml (if any) and the content folder, and links them.
pub fn check(root: &Path, options: &RunOptions) -> anyhow::Result<Checked> {
    check_with(root, options, None, &mut |_| {})
}

/// What `serve` keeps between checks: the files read and what they parsed
/// to, so a rebuild reads and parses only what changed.
#[derive(Default)]
pub struct CheckCaches {
    pub load: load::LoadCache,
    pub parse: parse::ParseCache,
}

/// `check`, reusing unchanged files and their parse results (for `serve`).
pub fn check_cached(
    root: &Path,
    options: &RunOptions,
    caches: &mut CheckCaches,
) -> anyhow::Result<Checked> {
    check_with(root, options, Some(caches), &mut |_| {})
}

/// `check`; `configured` is called with the config once it is read
/// without errors, before the content is.
fn check_with(
    root: &Path,
    options: &RunOptions,
    caches: Option<&mut CheckCaches>,
    configured: &mut dyn FnMut(&Config),
) -> anyhow::Result<Checked> {
    let config_path = root.join(CONFIG_FILE);
    let config_bytes = if config_path.is_file() {
        let bytes = std::fs::read(&config_path)
            .with_context(|| format!("cannot read {}", config_path.display()))?;
        Some(bytes)
    } else {
        None
    };
    let config_text = config_bytes
        .as_ref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    if let Some(Err(diagnostic)) = config_bytes
        .as_deref()
        .map(|bytes| parse::decode_utf8(bytes, Path::new(CONFIG_FILE)))
    {
        return Ok(Checked {
            site: None,
            diagnostics: vec![*diagnostic],
            sources: Sources::default(),
            config_text,
        });
    }
    let (config, config_diagnostics) = config::read(root, config_text.as_deref());
    if config_diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return Ok(Checked {
            site: None,
            diagnostics: config_diagnostics,
            sources: Sources::default(),
            config_text,
        });
    }
    configured(&config);
    let timer = Timer::start();
    let content = &config.build.content;
    let drafts = options.drafts || config.build.drafts;
    let (sources, mut diagnostics, portfolio, parse_diagnostics) = match caches {
        Some(caches) => {
            let (sources, diagnostics) = load::load_reusing(root, content, &mut caches.load)?;
            timer.lap("load");
            let (portfolio, problems) =
                parse::parse_cached(&sources, &config, drafts, &mut caches.parse);
            (sources, diagnostics, portfolio, problems)
        }
        None => {
            let (mut sources, diagnostics) = load::load(root, content)?;
            timer.lap("load");
            let (portfolio, problems) = parse::parse_releasing(&mut sources, &config, drafts);
            (sources, diagnostics, portfolio, problems)
        }
    };
    timer.lap("parse");
    let (site, link_diagnostics) = link::link(config, portfolio, options.today);
    timer.lap("link");
    diagnostics.extend(config_diagnostics);
    diagnostics.extend(parse_diagnostics);
    diagnostics.extend(link_diagnostics);
    Ok(Checked {
        site: Some(site),
        diagnostics,
        sources,
        config_text,
    })
}

/// `check` of files already in memory (no disk at all), for property tests
/// and fuzzing: `config_text` is book.toml, `files` are (path under
/// content/, bytes). Diagnostics are resolved to lines and rendered, so
/// the position-finding path runs too; returns the rendered text.
pub fn check_in_memory(
    config_text: Option<&str>,
    files: Vec<(String, Vec<u8>)>,
    options: &RunOptions,
) -> (Checked, String) {
    let root = Path::new(".");
    let (config, mut diagnostics) = config::read(root, config_text);
    let sources = Sources {
        markdown: files
            .into_iter()
            .map(|(content_rel, bytes)| {
                let rel = Path::new("content").join(&content_rel);
                load::SourceFile::new(rel, content_rel, bytes.into())
            })
            .collect(),
        assets: Vec::new(),
    };
    let (portfolio, parse_diagnostics) = parse::parse(&sources, &config, options.drafts);
    let (site, link_diagnostics) = link::link(config, portfolio, options.today);
    diagnostics.extend(parse_diagnostics);
    diagnostics.extend(link_diagnostics);
    let mut checked = Checked {
        site: Some(site),
        diagnostics,
        sources,
        config_text: config_text.map(str::to_string),
    };
    let rendered = crate::report::resolve_and_render(&mut checked, root, root);
    (checked, rendered)
}

/// The outcome of a build.
pub struct Built {
    pub checked: Checked,
    /// Set when the site was rendered.
    pub pages: usize,
    pub written: Option<Written>,
    pub output: PathBuf,
}

impl Built {
    /// A build stopped by content or template errors: nothing written.
    fn nothing_written(mut checked: Checked, errors: Vec<Diagnostic>, output: PathBuf) -> Built {
        checked.diagnostics.extend(errors);
        Built {
            checked,
            pages: 0,
            written: None,
            output,
        }
    }
}

/// Where the site goes: `--output`, else `[build] output` under the root.
pub fn output_dir(root: &Path, config: &Config, output: Option<&Path>) -> PathBuf {
    output.map_or_else(|| root.join(&config.build.output), Path::to_path_buf)
}

/// Checks, renders and writes the site. Content errors come back in
/// `checked.diagnostics` with nothing written; failures of the machine are
/// `Err`. The output folder is surveyed (`write::Survey`) on a thread of
/// its own while the content is read and parsed.
pub fn build(
    root: &Path,
    options: &RunOptions,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<Built> {
    std::thread::scope(|scope| {
        let mut survey = None;
        let mut checked = check_with(root, options, None, &mut |config| {
            let output = output_dir(root, config, output);
            let content = root.join(&config.build.content);
            if write::check_output_location(&output, root, &content).is_ok() {
                survey = Some(scope.spawn(move || write::Survey::of(&output)));
            }
        })?;
        checked.sources.keep_quoted(&checked.diagnostics);
        let fallback_output = root.join("public");
        let Some(site) = checked.site.as_ref().filter(|_| !checked.has_errors()) else {
            return Ok(Built::nothing_written(checked, Vec::new(), fallback_output));
        };
        let output = output_dir(root, &site.config, output);
        write::check_output_location(&output, root, &root.join(&site.config.build.content))?;
        let timer = Timer::start();
        let theme = match theme::load(root, &site.config.build.theme)? {
            Ok(theme) => theme,
            Err(diagnostics) => return Ok(Built::nothing_written(checked, diagnostics, output)),
        };
        timer.lap("theme");
        let survey = match survey.map(|thread| thread.join()) {
            Some(Ok(survey)) => survey?,
            // The survey's thread panicked (a bug): survey again, here.
            Some(Err(_)) | None => write::Survey::of(&output)?,
        };
        let staging = write::Staging::claim(survey, force)?;
        timer.lap("stage");
        let (rendered, pages, staging) = render_into(site, &theme, staging);
        timer.lap("render");
        let staging = staging?;
        if let Err(diagnostics) = rendered {
            return Ok(Built::nothing_written(checked, diagnostics, output));
        }
        let written = staging.finish()?;
        timer.lap("write");
        Ok(Built {
            checked,
            pages,
            written: Some(written),
            output,
        })
    })
}

/// Renders the site, each rendering thread writing the files it made into
/// `staging`, then adds the downloads, the search index and the sitemap.
/// Returns the render outcome, the page count and the staging folder (or
/// the write error that stopped it).
fn render_into(
    site: &Site,
    theme: &theme::Theme,
    staging: write::Staging,
) -> (
    Result<(), Vec<Diagnostic>>,
    usize,
    anyhow::Result<write::Staging>,
) {
    let failure = std::sync::Mutex::new(None);
    let send = |files: Vec<OutputFile>| match staging.write(&files) {
        Ok(()) => true,
        Err(error) => {
            let mut failure = failure.lock().unwrap_or_else(|e| e.into_inner());
            failure.get_or_insert(error);
            false
        }
    };
    // The downloads and the search index are made beside the pages
    // (their sequential parts fill the cores the pages leave idle); if
    // a template fails, the staged files are never published anyway.
    let (rendered, ()) = rayon::join(
        || render::render_streaming(site, theme, &send),
        || {
            crate::export::journey_downloads_into(site, &send);
            if site.config.search {
                send(crate::search::index_files(site));
            }
        },
    );
    if let Some(error) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return (rendered, 0, Err(error));
    }
    let pages = staging.pages();
    let written = match rendered {
        Ok(()) => {
            let sitemap = render::sitemap(site, pages.iter().map(String::as_str));
            staging.write(&[sitemap]).map(|()| staging)
        }
        Err(_) => Ok(staging),
    };
    (rendered, pages.len(), written)
}

/// Renders every page into memory without the search index, reusing
/// unchanged pages from `previous` (for `serve`, which builds the index
/// after the reload).
pub fn render_site_reusing(
    site: &Site,
    theme: &theme::Theme,
    previous: Option<&render::PageCache>,
) -> render::Rendering {
    let timer = Timer::start();
    let mut rendered = render::render_reusing(site, theme, previous);
    timer.lap("render");
    if let Ok((files, _)) = &mut rendered {
        files.extend(crate::export::journey_downloads(site));
        let map = render::sitemap(site, files.iter().map(|f| f.path.as_str()));
        files.push(map);
    }
    rendered
}

/// Prints how long each stage took, and the memory in use after it (Linux),
/// when `JOURNEYBOOK_TIMINGS` is set (for profiling; the output is not
/// stable).
pub struct Timer {
    last: std::cell::Cell<std::time::Instant>,
    enabled: bool,
}

impl Timer {
    pub fn start() -> Timer {
        Timer {
            last: std::cell::Cell::new(std::time::Instant::now()),
            enabled: std::env::var_os("JOURNEYBOOK_TIMINGS").is_some(),
        }
    }

    pub fn lap(&self, stage: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {stage:<8} {:>7.1} ms{}",
                (now - self.last.get()).as_secs_f64() * 1000.0,
                resident_memory().map_or(String::new(), |kb| format!(", RSS {} MB", kb / 1024))
            );
            self.last.set(now);
        }
    }
}

/// The resident set size in KiB, from `/proc/self/status` where there is one.
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
