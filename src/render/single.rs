//! One page at a time, for `serve`: which task renders each page, and
//! rendering just that page, so that a request is answered as soon as the
//! portfolio is linked instead of after the whole site is rendered again.
//! The page is the one the full render makes: the same task code, view
//! model and reuse of unchanged pages.

use std::collections::HashMap;

use super::{Job, PageCache, Session, Task, job_url, journey_part, print, render_job, tasks};
use crate::diagnostic::Diagnostic;
use crate::link::{Site, urls};
use crate::render::OutputFile;
use crate::theme::Theme;

/// Every page of the site by output path (`journeys/a/index.html`), with
/// what renders it.
pub struct PageIndex {
    targets: HashMap<String, Target>,
}

#[derive(Clone, Copy)]
enum Target {
    Job(Job),
    Journey(usize),
    /// A part of the print view (with its journeys' maps).
    Part(usize),
}

impl PageIndex {
    pub fn new(site: &Site) -> PageIndex {
        let mut targets = HashMap::new();
        for task in tasks(site) {
            match task {
                Task::Page(job) => {
                    targets.insert(urls::output_file(&job_url(site, job)), Target::Job(job));
                }
                Task::JourneyPart(part) => {
                    for i in print::journeys_of(site, part) {
                        let id = &site.portfolio.journeys[i].doc.id;
                        let url = urls::entity(urls::JOURNEYS, id);
                        targets.insert(urls::output_file(&url), Target::Journey(i));
                    }
                    let url = print::part_url(part);
                    targets.insert(urls::output_file(&url), Target::Part(part));
                }
            }
        }
        PageIndex { targets }
    }

    /// Whether `path` is a page of the site.
    pub fn contains(&self, path: &str) -> bool {
        self.targets.contains_key(path)
    }

    /// How many pages the site has.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}

/// Renders the page at output path `path` alone, reusing it from
/// `previous` when its inputs did not change; `None` when no page has
/// that path. A template error comes back as its diagnostic.
pub fn render_page(
    site: &Site,
    theme: &Theme,
    previous: Option<&PageCache>,
    index: &PageIndex,
    path: &str,
) -> Option<Result<OutputFile, Vec<Diagnostic>>> {
    let target = *index.targets.get(path)?;
    let session = Session::new(site, theme, previous);
    let renderer = session.renderer();
    let result = match target {
        Target::Job(job) => render_job(&renderer, job),
        Target::Journey(i) => journey_part::render_journey(&renderer, i),
        Target::Part(part) => journey_part::render(&renderer, part)
            .into_iter()
            .find(|page| page.as_ref().map_or(true, |(file, _)| file.path == path))?,
    };
    Some(result.map(|(file, _)| file).map_err(|error| vec![*error]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_of_the_example_renders_alone_as_in_the_full_render() {
        let (site, theme) = crate::test_support::example_site();
        let full = super::super::render(&site, &theme).expect("render");
        let index = PageIndex::new(&site);
        let pages: Vec<_> = full.iter().filter(|f| f.path.ends_with(".html")).collect();
        assert_eq!(index.len(), pages.len(), "every page is indexed");
        for page in pages {
            let alone = render_page(&site, &theme, None, &index, &page.path)
                .unwrap_or_else(|| panic!("{} is not indexed", page.path))
                .expect("renders");
            assert_eq!(alone, *page, "{} differs when rendered alone", page.path);
        }
        assert!(render_page(&site, &theme, None, &index, "static/style.css").is_none());
        assert!(render_page(&site, &theme, None, &index, "nowhere/index.html").is_none());
    }
}
