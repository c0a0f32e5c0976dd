//! The default theme's components (`components.html`: `ui.score`,
//! `ui.items`, `ui.links`, `ui.step_uses`) written in Rust, byte for byte
//! what the templates render, for the built-in code that draws the biggest
//! parts of pages (the journey map, the step-use tables of touchpoints and
//! opportunities) while the theme has not overridden them.

use super::entities::StepUseView;
use super::lanes::Item;
use super::view::{Link, ScoreView};
use crate::i18n::Labels;
use crate::link::Site;

/// Appends `text` HTML-escaped, as Tera's autoescape does.
/// Scans bytes, not chars: the five are ASCII, which never occurs inside
/// a multi-byte character, and a char-set search decoded every character.
fn escape(out: &mut String, text: &str) {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// Tera's truth of an optional text: present and not empty.
pub fn shown(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

/// Writes markup (`raw`) and escaped values (`text`) into one string.
pub struct Html<'o> {
    out: &'o mut String,
}

impl<'o> Html<'o> {
    pub fn new(out: &'o mut String) -> Html<'o> {
        Html { out }
    }

    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        escape(self.out, text);
        self
    }

    pub fn number(&mut self, value: usize) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.out, "{value}");
        self
    }
}

/// `ui.score`: a score with its label, or a dash.
pub fn score(html: &mut Html<'_>, t: &Labels, score: Option<&ScoreView>) {
    match score {
        Some(s) => {
            html.raw("<span class=\"score ").text(&s.class);
            html.raw("\" title=\"")
                .text(&s.label)
                .raw("\">")
                .text(&s.text);
            html.raw("<span class=\"visually-hidden\"> (")
                .text(&s.label);
            html.raw(")</span></span>");
        }
        None => {
            html.raw("<span class=\"score none\" title=\"")
                .text(t.get("common", "no_emotion"))
                .raw("\">—</span>");
        }
    }
}

/// `ui.items`: a list of items (linked, classed, noted), or nothing.
pub fn items(html: &mut Html<'_>, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    html.raw("<ul class=\"items\">");
    for item in items {
        html.raw("<li");
        if let Some(class) = shown(item.class.as_deref()) {
            html.raw(" class=\"").text(class).raw("\"");
        }
        html.raw(">");
        match shown(item.url.as_deref()) {
            Some(url) => {
                html.raw("<a href=\"").text(url).raw("\">").text(&item.text);
                html.raw("</a>");
            }
            None => {
                html.text(&item.text);
            }
        }
        if let Some(note) = shown(item.note.as_deref()) {
            html.raw(" <small>").text(note).raw("</small>");
        }
        html.raw("</li>");
    }
    html.raw("</ul>");
}

/// `ui.links`: links separated by commas.
fn links(html: &mut Html<'_>, links: &[Link]) {
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            html.raw(", ");
        }
        html.raw("<a href=\"")
            .text(&link.url)
            .raw("\">")
            .text(&link.title);
        html.raw("</a>");
    }
}

/// `ui.step_uses`: the table of the steps that use a touchpoint or cite an
/// opportunity.
pub fn step_uses(site: &Site, uses: &[StepUseView]) -> String {
    let t = site.labels();
    let mut out = String::with_capacity(1024 + uses.len() * 400);
    let html = &mut Html::new(&mut out);
    html.raw("<div class=\"table-scroll\"><table class=\"uses\">\n<thead><tr>");
    for field in [
        "journey",
        "stage",
        "step",
        "personas",
        "emotion",
        "pain_points",
    ] {
        html.raw("<th scope=\"col\">")
            .text(t.get("field", field))
            .raw("</th>");
    }
    html.raw("</tr></thead>\n<tbody>");
    for used in uses {
        html.raw("<tr>\n<td><a href=\"")
            .text(&used.journey.url)
            .raw("\">");
        html.text(&used.journey.title)
            .raw("</a></td>\n<td>")
            .text(&used.stage);
        html.raw("</td>\n<td><a href=\"")
            .text(&used.step.url)
            .raw("\">");
        html.text(&used.step.title).raw("</a></td>\n<td>");
        links(html, &used.personas);
        html.raw("</td>\n<td>");
        score(html, t, used.emotion.as_ref());
        html.raw("</td>\n<td>");
        items(html, &used.pain_points);
        html.raw("</td>\n</tr>");
    }
    html.raw("</tbody></table></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Session, entities};
    use crate::link::Site;
    use crate::test_support::for_each_portfolio;
    use crate::theme::Theme;

    /// Every touchpoint and opportunity page, with its step-use table from
    /// the `ui.step_uses` template and from `step_uses`: the same bytes.
    fn assert_same_as_template(site: &Site, theme: &Theme) {
        let session = Session::new(site, theme, None);
        let renderer = session.renderer();
        let page = |template: &str, view: &dyn Fn(&mut tera::Context)| {
            let mut context = renderer.context("x/", "x", None, &());
            view(&mut context);
            renderer.render(template, &context).expect("renders")
        };
        let mut compared = 0;
        for i in 0..site.portfolio.touchpoints.len() {
            let mut view = entities::touchpoint(site, i, String::new());
            let templated = page("touchpoint.html", &|c| c.insert("page", &view));
            view.uses_html = Some(super::step_uses(site, &view.uses));
            let written = page("touchpoint.html", &|c| c.insert("page", &view));
            assert_eq!(written, templated, "touchpoint {i}");
            compared += usize::from(!view.uses.is_empty());
            // The built-in page reads nothing else of the list.
            view.uses.clear();
            let without_list = page("touchpoint.html", &|c| c.insert("page", &view));
            assert_eq!(without_list, templated, "touchpoint {i} without its list");
        }
        for i in 0..site.portfolio.opportunities.len() {
            let mut view = entities::opportunity(site, i, String::new());
            let templated = page("opportunity.html", &|c| c.insert("page", &view));
            view.sources_html = Some(super::step_uses(site, &view.sources));
            let written = page("opportunity.html", &|c| c.insert("page", &view));
            assert_eq!(written, templated, "opportunity {i}");
            compared += usize::from(!view.sources.is_empty());
            view.sources.clear();
            let without_list = page("opportunity.html", &|c| c.insert("page", &view));
            assert_eq!(without_list, templated, "opportunity {i} without its list");
        }
        assert!(compared > 0, "no step-use table was compared");
    }

    #[test]
    fn step_use_tables_are_the_default_template_byte_for_byte() {
        for_each_portfolio(assert_same_as_template);
    }

    #[test]
    fn values_are_escaped_as_tera_escapes_them() {
        let mut out = String::new();
        super::escape(&mut out, r#"a&b<c>d"e'f—é"#);
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&#39;f—é");
    }
}
