//! The link syntax of bodies: what a link may point at (an entity by
//! wiki-link, another Markdown file, an asset) and how `[[kind:id#fragment|label]]`
//! and relative file links are read. No I/O; resolving a target to a URL is
//! the linked site's job (`link::resolve`).

use crate::diagnostic::Pos;

/// The entity kinds a wiki-link may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Persona,
    Journey,
    Touchpoint,
    Opportunity,
    Channel,
    Page,
}

pub const LINK_KINDS: &[(&str, LinkKind)] = &[
    ("persona", LinkKind::Persona),
    ("journey", LinkKind::Journey),
    ("touchpoint", LinkKind::Touchpoint),
    ("opportunity", LinkKind::Opportunity),
    ("channel", LinkKind::Channel),
    ("page", LinkKind::Page),
];

/// What a link in a body points at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `[[kind:id#fragment]]`.
    Wiki {
        kind: LinkKind,
        id: String,
        fragment: Option<String>,
    },
    /// A relative link to another Markdown file, as a content-relative path
    /// with `/` separators (`guides/glossary.md`).
    File {
        path: String,
        fragment: Option<String>,
    },
    /// A relative link or image to any other file (`personas/ana.jpg`).
    Asset { path: String },
    /// `[[something]]` that is not of the form `kind:id`.
    Malformed { text: String },
}

/// A link found in a body, with its position in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyLink {
    pub target: LinkTarget,
    pub pos: Pos,
}

/// A resolved link: where it goes and the label to show by default.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub url: String,
    pub label: String,
}

/// Every `[[...]]` in a text: its byte range, target and optional label.
pub(super) fn wiki_links(text: &str) -> Vec<(std::ops::Range<usize>, LinkTarget, Option<String>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("[[").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("]]").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &text[open + 2..close];
        if inner.contains('\n') || inner.contains("[[") {
            from = open + 2;
            continue;
        }
        let (reference, label) = match inner.split_once('|') {
            Some((reference, label)) => (reference.trim(), Some(label.trim().to_string())),
            None => (inner.trim(), None),
        };
        found.push((open..close + 2, parse_wiki_target(reference), label));
        from = close + 2;
    }
    found
}

fn parse_wiki_target(reference: &str) -> LinkTarget {
    let Some((kind, rest)) = reference.split_once(':') else {
        return LinkTarget::Malformed {
            text: reference.to_string(),
        };
    };
    let Some(kind) = LINK_KINDS
        .iter()
        .find(|(name, _)| *name == kind.trim())
        .map(|(_, k)| *k)
    else {
        return LinkTarget::Malformed {
            text: reference.to_string(),
        };
    };
    let (id, fragment) = split_fragment(rest.trim());
    LinkTarget::Wiki {
        kind,
        id: id.trim_end_matches('/').to_string(),
        fragment,
    }
}

fn split_fragment(text: &str) -> (&str, Option<String>) {
    match text.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_string())),
        None => (text, None),
    }
}

/// A relative link to a file (a `.md` page or an asset), normalised against
/// `dir`. Absolute paths, URLs with a scheme, anchors and extension-less
/// paths (site URLs such as `../journeys/`) are left alone.
pub(super) fn file_link(dest: &str, dir: &str) -> Option<LinkTarget> {
    let (path, fragment) = split_fragment(dest);
    let path = path.split('?').next().unwrap_or(path);
    let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if path.is_empty() || path.starts_with('/') || has_scheme || !file_name.contains('.') {
        return None;
    }
    let joined = if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    let path = normalize(&joined);
    Some(if path.ends_with(".md") {
        LinkTarget::File { path, fragment }
    } else {
        LinkTarget::Asset { path }
    })
}

pub(super) fn rewrite_file_link(
    dest: &str,
    dir: &str,
    resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
) -> Option<String> {
    let target = file_link(dest, dir)?;
    resolve(&target).map(|resolved| resolved.url)
}

/// Resolves `.` and `..` segments; `..` above the top stays at the top.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}
