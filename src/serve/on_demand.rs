//! Pages rendered on request while a rebuild's full render runs. Once an
//! edit is checked and linked, the browser is told to reload at once; the
//! page it asks for is rendered alone (as Hugo's fast render does), and
//! every other page the same way until the full render has finished and
//! its snapshot has replaced this one. Nothing stale is ever served: a
//! request that only the full render can answer (a download, a path that
//! is no page, a page whose template fails) waits for it.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use crate::link::Site;
use crate::render::{self, PageCache, PageIndex};
use crate::theme::Theme;

/// Longest a request waits for the full render before it is answered from
/// whatever is served then.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// What a page rendered alone needs, and the pages rendered so far.
pub struct OnDemand {
    site: Arc<Site>,
    theme: Arc<Theme>,
    previous: Arc<PageCache>,
    index: PageIndex,
    pages: Mutex<HashMap<String, bytes::Bytes>>,
    finished: Mutex<bool>,
    finishing: Condvar,
}

/// Whether a request can be answered from this snapshot.
#[derive(Debug, PartialEq, Eq)]
pub enum Ready {
    /// Yes: the file is rendered (or is no page and not the full render's).
    Now,
    /// The full render has finished: answer from what is served now.
    AfterFullRender,
}

impl OnDemand {
    pub fn new(site: Arc<Site>, theme: Arc<Theme>, previous: Arc<PageCache>) -> OnDemand {
        OnDemand {
            index: PageIndex::new(&site),
            site,
            theme,
            previous,
            pages: Mutex::new(HashMap::new()),
            finished: Mutex::new(false),
            finishing: Condvar::new(),
        }
    }

    /// A page rendered on request, if it has been.
    pub fn page(&self, path: &str) -> Option<bytes::Bytes> {
        self.pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .cloned()
    }

    /// Whether `path` is a page of this build (rendered or not).
    pub fn is_page(&self, path: &str) -> bool {
        self.index.contains(path)
    }

    /// Makes `path` answerable: renders it if it is a page not rendered
    /// yet; otherwise, when `settled` says the snapshot cannot answer it,
    /// waits for the full render.
    pub fn prepare(&self, path: &str, settled: bool) -> Ready {
        if settled || self.page(path).is_some() {
            return Ready::Now;
        }
        let rendered = render::render_page(
            &self.site,
            &self.theme,
            Some(&self.previous),
            &self.index,
            path,
        );
        match rendered {
            Some(Ok(file)) => {
                self.pages
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(file.path, file.bytes);
                Ready::Now
            }
            // Not a page, or a template error: the full render decides.
            _ => {
                self.wait();
                Ready::AfterFullRender
            }
        }
    }

    /// Called once the full render's outcome is served: wakes every
    /// request waiting for it.
    pub fn finish(&self) {
        *self.finished.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.finishing.notify_all();
    }

    fn wait(&self) {
        let finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = self
            .finishing
            .wait_timeout_while(finished, LONGEST_WAIT, |done| !*done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_demand() -> Arc<OnDemand> {
        let (site, theme) = crate::test_support::example_site();
        Arc::new(OnDemand::new(
            Arc::new(site),
            Arc::new(theme),
            Arc::default(),
        ))
    }

    #[test]
    fn a_page_is_rendered_on_request_once() {
        let pages = on_demand();
        let path = "journeys/buy-a-sofa-online/index.html";
        assert!(pages.is_page(path));
        assert!(pages.page(path).is_none());
        assert_eq!(pages.prepare(path, false), Ready::Now);
        let html = pages.page(path).expect("rendered");
        assert!(String::from_utf8_lossy(&html).contains("Buy a sofa online"));
    }

    #[test]
    fn what_only_the_full_render_has_waits_for_it() {
        let pages = on_demand();
        let finisher = {
            let pages = Arc::clone(&pages);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(200));
                pages.finish();
            })
        };
        let asked = std::time::Instant::now();
        let ready = pages.prepare("journeys/buy-a-sofa-online/buy-a-sofa-online.csv", false);
        assert_eq!(ready, Ready::AfterFullRender);
        assert!(asked.elapsed() >= Duration::from_millis(150), "it waited");
        finisher.join().expect("finisher");
        // Once finished, nothing waits.
        let asked = std::time::Instant::now();
        assert_eq!(pages.prepare("no/such/file", false), Ready::AfterFullRender);
        assert!(asked.elapsed() < Duration::from_secs(1));
        assert_eq!(pages.prepare("static/style.css", true), Ready::Now);
    }
}
