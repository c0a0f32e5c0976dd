//! A document's Markdown body as page HTML: headings placed under the
//! page's own, every wiki-link and relative link resolved to its URL, and
//! the HTML sanitized when `[build] sanitize-html` asks for it.

use crate::content::markdown::{self, LinkKind, LinkTarget, Resolved};
use crate::content::model::Doc;
use crate::link::{Site, urls};

use super::view;

/// A document's Markdown body as HTML, with its links resolved to URLs.
/// `title` is the page's own title (a leading `# title` is not repeated);
/// `top_level` is where the body's headings start (see `markdown::Headings`).
pub(super) fn body_html(site: &Site, doc: &Doc, title: &str, top_level: u8) -> String {
    let dir = doc.content_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let resolve = |target: &LinkTarget| resolve_link(site, target);
    let headings = markdown::Headings {
        top_level,
        page_title: Some(title),
    };
    let html = markdown::to_html(&doc.body, dir, headings, &resolve);
    if site.config.build.sanitize_html {
        markdown::sanitize(&html)
    } else {
        html
    }
}

fn resolve_link(site: &Site, target: &LinkTarget) -> Option<Resolved> {
    let linker = view::Linker::new(site);
    match target {
        LinkTarget::Wiki { kind, id, fragment } => {
            let link = match kind {
                LinkKind::Persona => linker.persona_id(id),
                LinkKind::Journey => linker.journey_id(id),
                LinkKind::Touchpoint => linker.touchpoint_id(id),
                LinkKind::Opportunity => linker.opportunity_id(id),
                LinkKind::Channel => linker.channel_id(id),
                LinkKind::Page => site.lookups.pages.get(id).map(|&i| linker.page(i)),
            }?;
            match (kind, fragment) {
                (LinkKind::Journey, Some(step_id)) => {
                    let &ji = site.lookups.journeys.get(id)?;
                    let (_, step) = site.step(ji, step_id)?;
                    let step_link = linker.step(ji, &step.id, &step.name);
                    Some(Resolved {
                        url: step_link.url,
                        label: step.name.to_string(),
                    })
                }
                (_, Some(fragment)) => Some(Resolved {
                    url: format!("{}#{fragment}", link.url),
                    label: link.title,
                }),
                (_, None) => Some(Resolved {
                    url: link.url,
                    label: link.title,
                }),
            }
        }
        LinkTarget::File { path, fragment } => {
            let url = site.lookups.files.get(path)?;
            let suffix = fragment
                .as_ref()
                .map_or_else(String::new, |f| format!("#{f}"));
            Some(Resolved {
                url: format!("{}{url}{suffix}", site.config.base_url),
                label: path.clone(),
            })
        }
        LinkTarget::Asset { path } => site.lookups.assets.contains(path).then(|| Resolved {
            url: format!("{}{}", site.config.base_url, urls::asset(path)),
            label: path.clone(),
        }),
        LinkTarget::Malformed { .. } => None,
    }
}
