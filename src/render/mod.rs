//! The `render` stage: `&Site` + `&Theme` → `Vec<OutputFile>`, every page
//! rendered in parallel (rayon) from its own view model, plus the theme's
//! static files and the content assets. Pure: no I/O.

mod body;
mod cache;
mod chart;
mod compare;
mod compare_chart;
mod drawn;
mod entities;
mod journey;
mod journey_part;
mod lanes;
mod list_tables;
mod map_html;
mod markup;
mod metrics;
mod opportunities;
mod overview;
mod plans;
mod print;
mod single;
mod sitemap;
mod splice;
pub mod view;
mod wiki_nav;

use body::body_html;
pub use entities::persona_scores;
pub use single::{PageIndex, render_page};
pub use sitemap::sitemap;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::link::{Site, urls};
use crate::theme::{self, Theme};

/// One file of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so a page reused across `serve` rebuilds is never copied;
    /// and made from the buffer a page was rendered into, without a copy
    /// (a page of a large portfolio is tens of megabytes).
    pub bytes: bytes::Bytes,
}

/// A unit of rendering work.
#[derive(Clone, Copy, Debug)]
enum Task {
    Page(Job),
    /// A part of the journeys: their pages and the print view's part with
    /// the same journeys (see `journey_part`).
    JourneyPart(usize),
}

/// A page to render.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Persona(usize),
    Touchpoint(usize),
    Channel(usize),
    Opportunity(usize),
    Page(usize),
    Section(&'static str),
    Metrics,
    Metric(usize),
    Opportunities,
    ActionPlans,
    Search,
    WikiIndex,
    NotFound,
}

fn tasks(site: &Site) -> Vec<Task> {
    let portfolio = &site.portfolio;
    let mut jobs = vec![
        Job::Home,
        Job::NotFound,
        Job::Metrics,
        Job::Opportunities,
        Job::ActionPlans,
    ];
    if site.config.search {
        jobs.push(Job::Search);
    }
    if !portfolio.pages.is_empty() {
        jobs.push(Job::WikiIndex);
    }
    jobs.extend(
        [
            urls::JOURNEYS,
            urls::PERSONAS,
            urls::TOUCHPOINTS,
            urls::CHANNELS,
        ]
        .map(Job::Section),
    );
    jobs.extend((0..site.config.metrics.len()).map(Job::Metric));
    jobs.extend((0..portfolio.personas.len()).map(Job::Persona));
    jobs.extend((0..portfolio.touchpoints.len()).map(Job::Touchpoint));
    jobs.extend((0..site.config.channels.len()).map(Job::Channel));
    jobs.extend((0..portfolio.opportunities.len()).map(Job::Opportunity));
    jobs.extend((0..portfolio.pages.len()).map(Job::Page));
    let parts = (1..=print::part_count(site)).map(Task::JourneyPart);
    jobs.into_iter().map(Task::Page).chain(parts).collect()
}

/// Renders the whole site. Template errors are diagnostics naming the
/// template file and line.
pub fn render(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_reusing(site, theme, None).map(|(files, _)| files)
}

pub use cache::PageCache;

/// The pages of a build and the cache for the next one, or the template
/// errors that stopped it.
pub type Rendering = Result<(Vec<OutputFile>, PageCache), Vec<Diagnostic>>;

/// `render`, reusing from `previous` every page whose inputs did not
/// change (for `serve`); returns the cache for the next build.
pub fn render_reusing(site: &Site, theme: &Theme, previous: Option<&PageCache>) -> Rendering {
    let session = Session::new(site, theme, previous);
    let mut next = PageCache::default();
    let mut files =
        Vec::with_capacity(site.portfolio.journeys.len() * 2 + theme.static_files.len());
    let mut errors = Vec::new();
    for result in session.render(&tasks(site)) {
        match result {
            Ok((file, key)) => {
                if let Some(reuse) = &session.reuse {
                    next.reused += usize::from(reuse.cache.get(&file.path, key).is_some());
                    next.pages
                        .insert(file.path.clone(), (key, file.bytes.clone()));
                }
                files.push(file);
            }
            Err(error) => errors.push(*error),
        }
    }
    if !errors.is_empty() {
        return Err(dedup_errors(errors));
    }
    files.extend(fixed_files(site, theme));
    Ok((files, next))
}

/// Renders the whole site, handing each task's files to `sink` as soon as
/// they are rendered, from the rendering threads and in no set order (for
/// `build`, whose writer thread writes them while the rest renders, so
/// memory stays bounded at any size and no thread waits for a batch to
/// finish). `sink` returns false to stop. After a template error nothing
/// more is handed on, but every page is still rendered so that all the
/// errors are reported, in page order.
pub fn render_streaming(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(Vec<OutputFile>) -> bool + Sync),
) -> Result<(), Vec<Diagnostic>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let session = Session::new(site, theme, None);
    let errors = std::sync::Mutex::new(Vec::new());
    let failed = AtomicBool::new(false);
    let stopped = AtomicBool::new(false);
    // One task per split: tasks differ a hundredfold in size, and a run
    // of journey parts left to one thread kept the other idle at the end.
    tasks(site)
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .for_each(|(index, task)| {
            if stopped.load(Ordering::Relaxed) {
                return;
            }
            let mut files = Vec::new();
            for result in session.render_task(*task) {
                match result {
                    Ok((file, _)) => files.push(file),
                    Err(error) => {
                        failed.store(true, Ordering::Relaxed);
                        let mut errors = errors.lock().unwrap_or_else(|e| e.into_inner());
                        errors.push((index, *error));
                    }
                }
            }
            if !failed.load(Ordering::Relaxed) && !sink(files) {
                stopped.store(true, Ordering::Relaxed);
            }
        });
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if !errors.is_empty() {
        errors.sort_by_key(|(index, _)| *index);
        return Err(dedup_errors(errors.into_iter().map(|(_, e)| e).collect()));
    }
    if !stopped.load(Ordering::Relaxed) {
        sink(fixed_files(site, theme).collect());
    }
    Ok(())
}

fn dedup_errors(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.dedup_by(|a, b| a.file == b.file && a.at == b.at && a.message == b.message);
    errors
}

/// The theme's static files and the content's assets.
pub fn fixed_files<'s>(site: &'s Site, theme: &'s Theme) -> impl Iterator<Item = OutputFile> + 's {
    let statics = theme.static_files.iter().map(|(name, bytes)| OutputFile {
        path: format!("static/{name}"),
        bytes: bytes::Bytes::copy_from_slice(bytes),
    });
    let assets = site.portfolio.assets.iter().map(|asset| OutputFile {
        path: asset.rel.clone(),
        bytes: bytes::Bytes::copy_from_slice(&asset.bytes),
    });
    statics.chain(assets)
}

/// What every page render of one build shares: the site frame, each page's
/// source, and the previous build's pages when reusing them.
struct Session<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: Context,
    sources: HashMap<String, PageSource>,
    reuse: Option<Reuse<'a>>,
}

impl<'a> Session<'a> {
    fn new(site: &'a Site, theme: &'a Theme, previous: Option<&'a PageCache>) -> Session<'a> {
        let frame = view::site_view(site);
        let mut base = Context::new();
        base.insert("site", &frame);
        let reuse = previous.map(|cache| Reuse {
            cache,
            seed: cache::hash_of(theme.fingerprint, &frame),
        });
        Session {
            site,
            theme,
            base,
            sources: page_sources(site),
            reuse,
        }
    }

    /// Renders `jobs` in parallel, in order.
    fn render(&self, tasks: &[Task]) -> Vec<PageResult> {
        tasks
            .par_iter()
            .with_max_len(1)
            .flat_map_iter(|task| self.render_task(*task))
            .collect()
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer {
            site: self.site,
            theme: self.theme,
            base: &self.base,
            reuse: self.reuse.as_ref(),
            sources: &self.sources,
        }
    }

    /// The files of one task.
    fn render_task(&self, task: Task) -> Vec<PageResult> {
        let renderer = self.renderer();
        match task {
            Task::JourneyPart(part) => journey_part::render(&renderer, part),
            Task::Page(job) => vec![render_job(&renderer, job)],
        }
    }
}

/// The previous build's pages and the hash seed of this build's theme and
/// site frame.
struct Reuse<'c> {
    cache: &'c PageCache,
    seed: u64,
}

/// What every page render needs.
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: &'a Context,
    reuse: Option<&'a Reuse<'a>>,
    sources: &'a HashMap<String, PageSource>,
}

/// Where a page's content comes from: for "last updated" and "edit".
#[derive(Serialize)]
struct PageSource {
    edit_url: Option<String>,
    updated: Option<Updated>,
}

#[derive(Serialize)]
struct Updated {
    iso: String,
    text: String,
}

/// Page URL (relative to base-url) → its source, for every content page.
fn page_sources(site: &Site) -> HashMap<String, PageSource> {
    let portfolio = &site.portfolio;
    let labels = crate::i18n::labels(site.config.language);
    let docs = urls::documents(portfolio);
    docs.map(|(doc, url)| {
        let path = doc.file.to_string_lossy().replace('\\', "/");
        let edit_url = site.config.edit_url.as_ref().map(|pattern| {
            if pattern.contains("{path}") {
                pattern.replace("{path}", &path)
            } else {
                format!("{}/{path}", pattern.trim_end_matches('/'))
            }
        });
        let updated = doc.updated.map(|date| Updated {
            iso: date.to_string(),
            text: labels.date(date),
        });
        (url, PageSource { edit_url, updated })
    })
    .collect()
}

/// One rendered file and its input hash (0 when not reusing pages).
type PageResult = Result<(OutputFile, u64), Box<Diagnostic>>;

impl Renderer<'_> {
    /// Renders one template with its view model into the file for `url`.
    fn page<V: Serialize>(
        &self,
        template: &str,
        url: String,
        title: &str,
        description: Option<&str>,
        view: &V,
    ) -> PageResult {
        let path = urls::output_file(&url);
        let key = self.key(template, &url, title, description, view);
        if let Some(bytes) = self.cached(&path, key) {
            return Ok((OutputFile { path, bytes }, key));
        }
        let context = self.context(&url, title, description, view);
        let bytes = self.render_page(template, &context, PAGE_CAPACITY)?.into();
        Ok((OutputFile { path, bytes }, key))
    }

    /// The hash of everything a page's HTML depends on besides the theme
    /// and the site frame (0 when not reusing pages).
    fn key<K: Serialize + ?Sized>(
        &self,
        template: &str,
        url: &str,
        title: &str,
        description: Option<&str>,
        inputs: &K,
    ) -> u64 {
        let source = self.sources.get(url);
        self.reuse.map_or(0, |reuse| {
            cache::hash_of(
                reuse.seed,
                &(template, url, title, description, source, inputs),
            )
        })
    }

    /// The previous build's HTML for `path`, if its inputs hashed to `key`.
    fn cached(&self, path: &str, key: u64) -> Option<bytes::Bytes> {
        self.reuse.and_then(|reuse| reuse.cache.get(path, key))
    }

    /// The template context of the page at `url`.
    fn context<V: Serialize>(
        &self,
        url: &str,
        title: &str,
        description: Option<&str>,
        view: &V,
    ) -> Context {
        let site = self.site;
        let source = self.sources.get(url);
        let mut context = self.base.clone();
        context.insert("page", view);
        context.insert("page_url", &format!("{}{url}", site.config.base_url));
        context.insert("page_title", title);
        context.insert("page_edit_url", &source.and_then(|s| s.edit_url.as_ref()));
        context.insert("page_updated", &source.and_then(|s| s.updated.as_ref()));
        context.insert(
            "page_description",
            &description.or(site.config.description.as_deref()),
        );
        context
    }

    /// `template` rendered with `view` as its page (at `x/`), for tests
    /// that compare what built-in code draws with what templates draw.
    #[cfg(test)]
    fn templated<V: Serialize>(&self, template: &str, view: &V) -> String {
        let mut context = self.context("x/", "x", None, &());
        context.insert("page", view);
        self.render(template, &context).expect("renders")
    }

    /// Renders `template`; a template error names its file and line.
    fn render(&self, template: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.theme
            .tera
            .render(template, context)
            .map_err(|error| Box::new(theme::template_diagnostic(self.theme, &error)))
    }

    /// Renders a whole page's bytes into a buffer of `capacity` bytes: a
    /// page is some tens of kilobytes, and the buffer Tera starts from (the
    /// size of the template's own text) was copied each time it doubled.
    fn render_page(
        &self,
        template: &str,
        context: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let mut bytes = Vec::with_capacity(capacity);
        self.theme
            .tera
            .render_to(template, context, &mut bytes)
            .map_err(|error| Box::new(theme::template_diagnostic(self.theme, &error)))?;
        Ok(bytes)
    }
}

/// The buffer a page is rendered into: most pages fit.
const PAGE_CAPACITY: usize = 32 * 1024;

/// The URL (relative to base-url) of the page `job` renders.
fn job_url(site: &Site, job: Job) -> String {
    let portfolio = &site.portfolio;
    match job {
        Job::Home => String::new(),
        Job::NotFound => "404.html".into(),
        Job::Section(key) => urls::section(key),
        Job::Metrics => urls::section(urls::METRICS),
        Job::Metric(i) => urls::entity(urls::METRICS, &site.config.metrics[i].id.value),
        Job::Opportunities => urls::section(urls::OPPORTUNITIES),
        Job::ActionPlans => urls::section(urls::ACTION_PLANS),
        Job::WikiIndex => urls::section(urls::PAGES),
        Job::Search => urls::section(urls::SEARCH),
        Job::Persona(i) => urls::entity(urls::PERSONAS, &portfolio.personas[i].doc.id),
        Job::Touchpoint(i) => urls::entity(urls::TOUCHPOINTS, &portfolio.touchpoints[i].doc.id),
        Job::Channel(i) => urls::entity(urls::CHANNELS, &site.config.channels[i].id.value),
        Job::Opportunity(i) => {
            urls::entity(urls::OPPORTUNITIES, &portfolio.opportunities[i].doc.id)
        }
        Job::Page(i) => urls::page(&portfolio.pages[i].doc.id),
    }
}

fn render_job(renderer: &Renderer<'_>, job: Job) -> PageResult {
    let site = renderer.site;
    let portfolio = &site.portfolio;
    let t = site.labels();
    let url = job_url(site, job);
    match job {
        Job::Home => {
            let intro = portfolio
                .home
                .as_ref()
                .map(|h| body_html(site, &h.doc, &h.title, 2))
                .unwrap_or_default();
            let title = portfolio
                .home
                .as_ref()
                .map_or(site.config.title.as_str(), |h| h.title.as_str());
            renderer.page("home.html", url, title, None, &overview::home(site, intro))
        }
        Job::NotFound => {
            let title = t.get("not_found", "title");
            renderer.page("404.html", url, title, None, &())
        }
        Job::Section(key) => {
            let view = overview::section(site, key);
            let title = view.title.clone();
            renderer.page_with_tables("section.html", url, &title, None, view, |view, tables| {
                renderer.draw_section_table(view, tables)
            })
        }
        Job::Metrics => {
            let view = metrics::dashboard(site);
            renderer.page("metrics.html", url, t.get("nav", "metrics"), None, &view)
        }
        Job::Metric(i) => renderer.metric_page(i, url),
        Job::Opportunities => renderer.opportunities_page(url),
        Job::ActionPlans => {
            let view = plans::view(site);
            let title = t.get("nav", "action_plans");
            renderer.page_with_tables(
                "action-plans.html",
                url,
                title,
                None,
                view,
                |view, tables| renderer.draw_plans_table(view, tables),
            )
        }
        Job::WikiIndex => {
            let urls = view::Urls {
                base: &site.config.base_url,
            };
            let tree = wiki_nav::page_tree(site, urls);
            let title = t.get("common", "wiki_pages");
            renderer.page("pages.html", url, title, None, &tree)
        }
        Job::Search => renderer.page("search.html", url, t.get("search", "title"), None, &()),
        Job::Persona(i) => {
            let persona = &portfolio.personas[i];
            let view = entities::persona(site, i, body_html(site, &persona.doc, &persona.name, 2));
            let role = persona.role.as_deref();
            renderer.page("persona.html", url, &persona.name, role, &view)
        }
        Job::Touchpoint(i) => {
            let touchpoint = &portfolio.touchpoints[i];
            let body = body_html(site, &touchpoint.doc, &touchpoint.name, 2);
            let view = entities::touchpoint(site, i, body);
            let name = &touchpoint.name;
            renderer.page_with_tables("touchpoint.html", url, name, None, view, |view, tables| {
                let template = "touchpoint.html";
                renderer.draw_step_uses(&mut view.uses, &mut view.uses_html, tables, template)
            })
        }
        Job::Channel(i) => {
            let channel = &site.config.channels[i];
            let view = entities::channel(site, i);
            renderer.page("channel.html", url, &channel.name, None, &view)
        }
        Job::Opportunity(i) => {
            let opportunity = &portfolio.opportunities[i];
            let body = body_html(site, &opportunity.doc, &opportunity.title, 2);
            let view = entities::opportunity(site, i, body);
            let title = &opportunity.title;
            renderer.page_with_tables(
                "opportunity.html",
                url,
                title,
                None,
                view,
                |view, tables| {
                    let template = "opportunity.html";
                    renderer.draw_step_uses(
                        &mut view.sources,
                        &mut view.sources_html,
                        tables,
                        template,
                    )
                },
            )
        }
        Job::Page(i) => {
            let free = &portfolio.pages[i];
            let view = PageView {
                title: free.title.clone(),
                description: free.description.clone(),
                body_html: body_html(site, &free.doc, &free.title, 2),
                extra: free.doc.extra.clone(),
            };
            let description = free.description.as_deref();
            renderer.page("page.html", url, &free.title, description, &view)
        }
    }
}

/// A free page's view model.
#[derive(Serialize)]
struct PageView {
    title: String,
    description: Option<String>,
    body_html: String,
    extra: Option<crate::content::node::Node>,
}
