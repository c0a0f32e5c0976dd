//! The site's URL layout: where each kind of page lives, as a path relative
//! to `base-url` ("journeys/x/"), and the output file that serves it.

use crate::content::model::{Doc, Portfolio};

/// Section folders of the entity kinds and their list pages.
pub const JOURNEYS: &str = "journeys";
pub const PERSONAS: &str = "personas";
pub const TOUCHPOINTS: &str = "touchpoints";
pub const CHANNELS: &str = "channels";
pub const OPPORTUNITIES: &str = "opportunities";
pub const METRICS: &str = "metrics";
pub const ACTION_PLANS: &str = "action-plans";
/// The search page and its index files.
pub const SEARCH: &str = "search";
/// The print view of the whole portfolio.
pub const PRINT: &str = "print";
/// The wiki index: every free page as a tree (when there are free pages).
pub const PAGES: &str = "pages";

/// Every section with a list page, in navigation order.
pub const SECTIONS: [&str; 7] = [
    JOURNEYS,
    PERSONAS,
    TOUCHPOINTS,
    CHANNELS,
    METRICS,
    OPPORTUNITIES,
    ACTION_PLANS,
];

/// Every document of the portfolio with the URL of its page: the entities
/// (personas, journeys, touchpoints, shared opportunities) first, then the
/// home page (`""`), then the free pages.
pub fn documents(portfolio: &Portfolio) -> impl Iterator<Item = (&Doc, String)> {
    section_documents(PERSONAS, &portfolio.personas, |p| &p.doc)
        .chain(section_documents(JOURNEYS, &portfolio.journeys, |j| &j.doc))
        .chain(section_documents(
            TOUCHPOINTS,
            &portfolio.touchpoints,
            |t| &t.doc,
        ))
        .chain(section_documents(
            OPPORTUNITIES,
            &portfolio.opportunities,
            |o| &o.doc,
        ))
        .chain(portfolio.home.iter().map(|h| (&h.doc, String::new())))
        .chain(portfolio.pages.iter().map(|p| (&p.doc, page(&p.doc.id))))
}

/// The documents of one entity section with their pages.
fn section_documents<'a, T>(
    section: &'static str,
    items: &'a [T],
    doc: impl Fn(&'a T) -> &'a Doc + 'a,
) -> impl Iterator<Item = (&'a Doc, String)> + 'a {
    items.iter().map(move |item| {
        let doc = doc(item);
        (doc, entity(section, &doc.id))
    })
}

/// The page of one entity of a section: `journeys/x/`.
pub fn entity(section: &str, id: &str) -> String {
    // Built by hand: pages ask for thousands of these links, and `format!`
    // with an encoded copy of the id was 1.5% of a build.
    let mut url = String::with_capacity(section.len() + id.len() + 2);
    url.push_str(section);
    url.push('/');
    encode_segment_into(&mut url, id);
    url.push('/');
    url
}

/// A section's list page: `journeys/`.
pub fn section(section: &str) -> String {
    format!("{section}/")
}

/// A free page: `guides/glossary/` (its id is its path), or "" for the home.
pub fn page(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        let encoded: Vec<String> = id.split('/').map(encode_segment).collect();
        format!("{}/", encoded.join("/"))
    }
}

/// The anchor of a step on its journey page.
pub fn step_anchor(step_id: &str) -> String {
    format!("step-{step_id}")
}

/// The anchor of a stage on its journey page.
pub fn stage_anchor(stage_id: &str) -> String {
    format!("stage-{stage_id}")
}

/// A path written relative to a content file, as a content-relative path
/// (`personas/ana.md` + `../img/a.jpg` → `img/a.jpg`).
pub fn asset_path(from_content_rel: &str, relative: &str) -> String {
    let dir = from_content_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    crate::content::markdown::normalize(&format!("{dir}/{relative}"))
}

/// The URL path of an asset (content-relative path, segments encoded).
pub fn asset(content_rel: &str) -> String {
    content_rel
        .split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// The output file that serves a URL path: `journeys/x/` → `journeys/x/index.html`.
pub fn output_file(url: &str) -> String {
    let decoded = decode(url);
    if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    }
}

/// Percent-encodes what may not stand raw in a URL path segment.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    encode_segment_into(&mut out, segment);
    out
}

/// `encode_segment`, appended to `out`.
pub fn encode_segment_into(out: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if segment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    {
        out.push_str(segment);
        return;
    }
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
}

/// Reverses `encode_segment` over a whole path (invalid escapes stay as written).
pub fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_urls_map_to_index_files() {
        assert_eq!(entity(JOURNEYS, "buy-a-sofa"), "journeys/buy-a-sofa/");
        assert_eq!(
            output_file("journeys/buy-a-sofa/"),
            "journeys/buy-a-sofa/index.html"
        );
        assert_eq!(output_file(""), "index.html");
        assert_eq!(page("guides/glossary"), "guides/glossary/");
    }

    #[test]
    fn asset_paths_are_relative_to_the_file() {
        assert_eq!(asset_path("personas/ana.md", "ana.jpg"), "personas/ana.jpg");
        assert_eq!(
            asset_path("personas/ana.md", "../img/ana.jpg"),
            "img/ana.jpg"
        );
        assert_eq!(asset_path("index.md", "./logo.svg"), "logo.svg");
        assert_eq!(asset("img/my photo.jpg"), "img/my%20photo.jpg");
    }

    #[test]
    fn encodes_spaces_and_non_ascii_and_decodes_back() {
        let encoded = entity(PERSONAS, "josé luis");
        assert_eq!(encoded, "personas/jos%C3%A9%20luis/");
        assert_eq!(output_file(&encoded), "personas/josé luis/index.html");
    }
}
