//! `sitemap.xml`: every page of the site (not the 404 page), with the
//! content's `updated` date as `lastmod` where it has one. Locations are
//! absolute when `base-url` is a full URL, as sitemaps expect; otherwise
//! they are site paths, which is what an intranet wiki usually has.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::content::markdown::escape_html;
use crate::link::{Site, urls};

use super::OutputFile;

/// The sitemap of the pages among `paths` (output file paths).
pub fn sitemap<'p>(site: &Site, paths: impl IntoIterator<Item = &'p str>) -> OutputFile {
    let updated = updated_by_page(site);
    let mut pages: Vec<&str> = paths
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    pages.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let folder = page.trim_end_matches("index.html");
        let location = format!("{}{}", site.config.base_url, urls::asset(folder));
        let _ = write!(xml, "  <url><loc>{}</loc>", escape_html(&location));
        if let Some(date) = updated.get(folder) {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes().into(),
    }
}

/// Page folder (`journeys/a/`) → the `updated` date of its content.
fn updated_by_page(site: &Site) -> HashMap<String, String> {
    let docs = urls::documents(&site.portfolio);
    docs.filter_map(|(doc, url)| {
        doc.updated
            .map(|date| (urls::decode(&url), date.to_string()))
    })
    .collect()
}
