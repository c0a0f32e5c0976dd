//! Fuzzes Markdown bodies with wiki-links, relative links and headings,
//! rendered to HTML with every link resolved and with none resolved.
#![no_main]

use journeybook::content::markdown::{self, Headings, LinkTarget, Resolved};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let resolve_all = |target: &LinkTarget| match target {
        LinkTarget::Malformed { .. } => None,
        _ => Some(Resolved {
            url: "/x/".into(),
            label: "x".into(),
        }),
    };
    let headings = Headings {
        top_level: 2,
        page_title: Some("Title"),
    };
    let _ = markdown::to_html(body, "journeys", headings, &resolve_all);
    let _ = markdown::to_html(body, "", headings, &|_| None);
});
