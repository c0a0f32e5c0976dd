//! Markdown bodies: CommonMark + GFM through pulldown-cmark, wiki-links
//! (`[[kind:id#fragment|label]]`), relative `.md` links, and heading anchors.
//! `extract_links` runs in `parse` (to check links); `to_html` runs in
//! `render` with a resolver that the linked site provides.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::content::slug::slugify;
use crate::diagnostic::Pos;

mod link_syntax;
mod sanitize;

pub use crate::escape::escape_html;
pub use link_syntax::{BodyLink, LINK_KINDS, LinkKind, LinkTarget, Resolved, normalize};
use link_syntax::{file_link, rewrite_file_link, wiki_links};
pub use sanitize::sanitize;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Finds every wiki-link and relative `.md` link of a body. `dir` is the
/// folder of the file inside the content folder ("" at its top).
pub fn extract_links(body: &str, body_line: u32, dir: &str) -> Vec<BodyLink> {
    let lines = LineIndex::new(body, body_line);
    let mut links = Vec::new();
    let mut text = TextRun::default();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => text.push(&t, range.start),
            other => {
                for (start, target) in text.take_wiki_links() {
                    links.push(BodyLink {
                        target,
                        pos: lines.pos(start),
                    });
                }
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                    other
                    && let Some(target) = file_link(&dest_url, dir)
                {
                    links.push(BodyLink {
                        target,
                        pos: lines.pos(range.start),
                    });
                }
            }
        }
    }
    for (start, target) in text.take_wiki_links() {
        links.push(BodyLink {
            target,
            pos: lines.pos(start),
        });
    }
    links
}

/// How a body's headings fit into the page around it.
#[derive(Clone, Copy, Debug)]
pub struct Headings<'a> {
    /// The level the body's highest heading becomes (2 right under the
    /// page's `<h1>`, 3 inside a section headed by an `<h2>`).
    pub top_level: u8,
    /// A leading `# heading` equal to this title is dropped (the page shows
    /// the title itself).
    pub page_title: Option<&'a str>,
}

/// Renders a body to HTML. Links the resolver cannot resolve are left as
/// plain text (the `link` stage has already reported them). Heading levels
/// are moved so the body's highest heading sits at `headings.top_level`,
/// keeping the page's headings in order whether authors start at `#` or `##`.
pub fn to_html(
    body: &str,
    dir: &str,
    headings: Headings<'_>,
    resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut text = TextRun::default();
    let mut heading_ids = HeadingIds::default();
    let mut in_heading: Option<usize> = None;
    let mut leading_title: Option<(usize, String)> = None;
    let mut code: Option<CodeBlock> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(t) if code.is_some() => {
                if let Some(block) = code.as_mut() {
                    block.text.push_str(&t);
                }
            }
            Event::Text(t) => text.push(&t, 0),
            Event::Start(Tag::CodeBlock(kind)) => {
                text.flush_html(&mut events, resolve);
                code = Some(CodeBlock::new(&kind));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = code.take() {
                    events.push(Event::Html(block.to_html().into()));
                }
            }
            other => {
                text.flush_html(&mut events, resolve);
                match other {
                    Event::Start(heading @ Tag::Heading { .. }) => {
                        in_heading = Some(events.len());
                        events.push(Event::Start(heading));
                    }
                    Event::End(TagEnd::Heading(level)) => {
                        if let Some(start) = in_heading.take() {
                            let heading_text = plain_text(&events[start + 1..]);
                            let anchor = heading_ids.assign(&mut events[start], &heading_text);
                            events.push(Event::Html(
                                format!(r##"<a class="anchor" href="#{anchor}" aria-hidden="true" tabindex="-1">#</a>"##)
                                    .into(),
                            ));
                            if start == 0 && level == HeadingLevel::H1 {
                                leading_title = Some((events.len() + 1, heading_text));
                            }
                        }
                        events.push(Event::End(TagEnd::Heading(level)));
                    }
                    Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                        if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag
                            && let Some(url) = rewrite_file_link(dest_url, dir, resolve)
                        {
                            *dest_url = CowStr::from(url);
                        }
                        events.push(Event::Start(tag));
                    }
                    other => events.push(other),
                }
            }
        }
    }
    text.flush_html(&mut events, resolve);
    let repeats_title = |(_, heading): &(usize, String)| {
        headings
            .page_title
            .is_some_and(|title| title.trim().eq_ignore_ascii_case(heading.trim()))
    };
    let skip = leading_title
        .filter(repeats_title)
        .map_or(0, |(end, _)| end);
    let events = relevel(events.split_off(skip.min(events.len())), headings.top_level);
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// A fenced or indented code block being collected.
struct CodeBlock {
    language: String,
    text: String,
}

impl CodeBlock {
    fn new(kind: &pulldown_cmark::CodeBlockKind<'_>) -> Self {
        let language = match kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => {
                info.split_whitespace().next().unwrap_or("")
            }
            pulldown_cmark::CodeBlockKind::Indented => "",
        };
        CodeBlock {
            language: language.to_string(),
            text: String::new(),
        }
    }

    /// Highlighted when the language is known and the block reasonable,
    /// else escaped plain text; the same markup either way.
    fn to_html(&self) -> String {
        let class = if self.language.is_empty() {
            String::new()
        } else {
            format!(r#" class="language-{}""#, escape_html(&self.language))
        };
        match crate::content::highlight::highlight(&self.text, &self.language) {
            Some(html) => format!("<pre class=\"hl-code\"><code{class}>{html}</code></pre>\n"),
            None => format!(
                "<pre><code{class}>{}</code></pre>\n",
                escape_html(&self.text)
            ),
        }
    }
}

/// Moves every heading so the highest one is at `top_level`.
fn relevel(events: Vec<Event<'_>>, top_level: u8) -> Vec<Event<'_>> {
    let highest = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    let Some(highest) = highest else {
        return events;
    };
    let offset = i16::from(top_level) - i16::from(highest);
    let moved = |level: HeadingLevel| {
        let target = (i16::from(level as u8) + offset).clamp(1, 6) as usize;
        HeadingLevel::try_from(target).unwrap_or(HeadingLevel::H6)
    };
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: moved(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(moved(level))),
            other => other,
        })
        .collect()
}

fn plain_text(events: &[Event<'_>]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::Html(h) | Event::InlineHtml(h) if !h.starts_with('<') => Some(h.as_ref()),
            _ => None,
        })
        .collect()
}

/// Unique heading ids within one body.
#[derive(Default)]
struct HeadingIds {
    used: HashMap<String, usize>,
}

impl HeadingIds {
    /// Gives the heading event an id (its own `{#id}` or a slug) and returns it.
    fn assign(&mut self, heading: &mut Event<'_>, text: &str) -> String {
        let Event::Start(Tag::Heading { id, .. }) = heading else {
            return String::new();
        };
        let base = id
            .as_ref()
            .map_or_else(|| slugify(text), |given| given.to_string());
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let count = self.used.entry(base.clone()).or_insert(0);
        let unique = if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        *id = Some(unique.clone().into());
        unique
    }
}

/// Consecutive text events, merged so a wiki-link split by the parser at
/// its brackets is seen whole.
#[derive(Default)]
struct TextRun {
    text: String,
    start: usize,
}

impl TextRun {
    fn push(&mut self, text: &str, start: usize) {
        if self.text.is_empty() {
            self.start = start;
        }
        self.text.push_str(text);
    }

    /// The wiki-links in the run, with their source offsets; empties the run.
    fn take_wiki_links(&mut self) -> Vec<(usize, LinkTarget)> {
        let found = wiki_links(&self.text)
            .into_iter()
            .map(|(range, target, _)| (self.start + range.start, target))
            .collect();
        self.text.clear();
        found
    }

    /// Emits the run as text and links.
    fn flush_html<'e>(
        &mut self,
        events: &mut Vec<Event<'e>>,
        resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
    ) {
        if self.text.is_empty() {
            return;
        }
        let mut last = 0;
        for (range, target, label) in wiki_links(&self.text) {
            events.push(Event::Text(self.text[last..range.start].to_string().into()));
            match resolve(&target) {
                Some(resolved) => {
                    let label = label.unwrap_or(resolved.label);
                    events.push(Event::Html(
                        format!(
                            r#"<a class="wikilink" href="{}">{}</a>"#,
                            escape_html(&resolved.url),
                            escape_html(&label)
                        )
                        .into(),
                    ));
                }
                None => events.push(Event::Text(self.text[range.clone()].to_string().into())),
            }
            last = range.end;
        }
        events.push(Event::Text(self.text[last..].to_string().into()));
        self.text.clear();
    }
}

/// Maps byte offsets of a body to file lines and columns.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: u32,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str, first_line: u32) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Pos {
            line: self.first_line + line as u32,
            column: column as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiki(kind: LinkKind, id: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Wiki {
            kind,
            id: id.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn finds_wiki_links_with_fragments_labels_and_positions() {
        let body = "Intro\n\nSee [[persona:ana]] and [[journey:buy#pay|paying]].\n";
        let links = extract_links(body, 5, "");
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, wiki(LinkKind::Persona, "ana", None));
        assert_eq!(links[0].pos, Pos { line: 7, column: 5 });
        assert_eq!(links[1].target, wiki(LinkKind::Journey, "buy", Some("pay")));
        assert_eq!(
            links[1].pos,
            Pos {
                line: 7,
                column: 25
            }
        );
    }

    #[test]
    fn ignores_wiki_links_in_code_and_flags_malformed_ones() {
        let body = "`[[persona:ana]]`\n\n```\n[[persona:bob]]\n```\n\n[[nonsense]]\n";
        let links = extract_links(body, 1, "");
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].target,
            LinkTarget::Malformed {
                text: "nonsense".into()
            }
        );
    }

    #[test]
    fn normalises_relative_md_links() {
        let links = extract_links(
            "[g](../glossary.md#nps) [x](https://x.md)",
            1,
            "guides/deep",
        );
        assert_eq!(
            links[0].target,
            LinkTarget::File {
                path: "guides/glossary.md".into(),
                fragment: Some("nps".into())
            }
        );
        assert_eq!(links.len(), 1);
        let assets = extract_links(
            "![Ana](ana.jpg) [cv](../files/cv.pdf) [site](../journeys/) [m](mailto:a@b.c)",
            1,
            "personas",
        );
        let targets: Vec<&LinkTarget> = assets.iter().map(|l| &l.target).collect();
        let expected = [
            LinkTarget::Asset {
                path: "personas/ana.jpg".into(),
            },
            LinkTarget::Asset {
                path: "files/cv.pdf".into(),
            },
        ];
        assert_eq!(targets, expected.iter().collect::<Vec<_>>());
    }

    #[test]
    fn renders_links_anchors_and_shifted_headings() {
        let resolve = |target: &LinkTarget| match target {
            LinkTarget::Wiki { id, .. } if id == "ana" => Some(Resolved {
                url: "/personas/ana/".into(),
                label: "Ana".into(),
            }),
            LinkTarget::File { path, .. } if path == "glossary.md" => Some(Resolved {
                url: "/glossary/".into(),
                label: "Glossary".into(),
            }),
            _ => None,
        };
        let under_h1 = Headings {
            top_level: 2,
            page_title: Some("Title"),
        };
        let body = "# Title\n\n## Hi there\n\n[[persona:ana]] [g](glossary.md) [[persona:zed]]";
        let out = to_html(body, "", under_h1, &resolve);
        assert!(
            out.starts_with(r##"<h2 id="hi-there">Hi there<a class="anchor" href="#hi-there""##),
            "{out}"
        );
        assert!(out.contains(r#"<a class="wikilink" href="/personas/ana/">Ana</a>"#));
        assert!(out.contains(r#"<a href="/glossary/">g</a>"#));
        assert!(out.contains("[[persona:zed]]"));
    }

    #[test]
    fn headings_move_to_the_requested_level_whatever_authors_start_at() {
        let keep = |top_level| Headings {
            top_level,
            page_title: Some("Another title"),
        };
        let from_h1 = to_html("# Story\n\n## Detail\n", "", keep(3), &|_| None);
        assert!(
            from_h1.contains("<h3 id=\"story\">") && from_h1.contains("<h4 id=\"detail\">"),
            "{from_h1}"
        );
        let from_h2 = to_html("## Start here\n\n### Then\n", "", keep(2), &|_| None);
        assert!(
            from_h2.contains("<h2 id=\"start-here\">") && from_h2.contains("<h3 id=\"then\">"),
            "{from_h2}"
        );
        let deep = to_html("##### Deep\n", "", keep(2), &|_| None);
        assert!(deep.starts_with("<h2"), "{deep}");
    }

    #[test]
    fn code_blocks_are_highlighted_or_escaped_and_never_linked() {
        let headings = Headings {
            top_level: 2,
            page_title: None,
        };
        let resolve = |_: &LinkTarget| {
            Some(Resolved {
                url: "/x/".into(),
                label: "X".into(),
            })
        };
        let out = to_html(
            "```rust\nlet x = 1; // [[persona:ana]]\n```\n\n```\n<b>&\n```\n",
            "",
            headings,
            &resolve,
        );
        assert!(
            out.contains(r#"<pre class="hl-code"><code class="language-rust"><span class="hl-"#),
            "{out}"
        );
        assert!(
            out.contains("[[persona:ana]]") && !out.contains("wikilink"),
            "{out}"
        );
        assert!(
            out.contains("<pre><code>&lt;b&gt;&amp;\n</code></pre>"),
            "{out}"
        );
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let headings = Headings {
            top_level: 2,
            page_title: None,
        };
        let out = to_html("## A\n\n## A\n", "", headings, &|_| None);
        assert!(out.contains(r#"id="a""#) && out.contains(r#"id="a-1""#));
    }
}
