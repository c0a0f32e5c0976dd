//! The default theme's components (`components.html`: `ui.score`,
//! `ui.items`, `ui.links`, `ui.step_uses`, `ui.metrics`) written in Rust,
//! byte for byte what the templates render, for the built-in code that
//! draws the biggest parts of pages (the journey map, the step-use tables
//! of touchpoints and opportunities, the readings of a metric) while the
//! theme has not overridden them.

use super::entities::StepUseView;
use super::lanes::Item;
use super::view::{Link, MetricView, ScoreView};
use crate::escape::push_escaped;
use crate::i18n::Labels;
use crate::link::Site;

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
        push_escaped(self.out, text);
        self
    }

    /// A column heading, `<th scope="col">`.
    pub fn column(&mut self, heading: &str) -> &mut Self {
        self.raw("<th scope=\"col\">").text(heading).raw("</th>")
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
            html.raw("<span class=\"score ").text(s.class);
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
pub fn links(html: &mut Html<'_>, links: &[Link]) {
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
pub fn step_uses(site: &Site, uses: &[StepUseView], out: &mut String) {
    let t = site.labels();
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"uses\">\n<thead><tr>");
    for field in [
        "journey",
        "stage",
        "step",
        "personas",
        "emotion",
        "pain_points",
    ] {
        html.column(t.get("field", field));
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
}

/// `ui.metrics`: a table of metric readings, with the column of where each
/// was measured when `show_source`.
pub fn metrics(site: &Site, readings: &[MetricView], show_source: bool, out: &mut String) {
    metrics_in_batches(site, show_source, out, |draw| draw(readings));
}

/// `metrics` for readings made a batch at a time: `batches` hands each
/// batch to the function that draws its rows.
pub fn metrics_in_batches(
    site: &Site,
    show_source: bool,
    out: &mut String,
    batches: impl FnOnce(&mut dyn FnMut(&[MetricView])),
) {
    let t = site.labels();
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"metrics\">\n<thead><tr>");
    let mut heading = |field: &str| {
        html.column(t.get("field", field));
    };
    heading("metric");
    if show_source {
        heading("measured_at");
    }
    for field in ["current", "target", "better_when", "status", "as_of"] {
        heading(field);
    }
    html.raw("</tr></thead>\n<tbody>");
    batches(&mut |readings| {
        for reading in readings {
            metric_row(html, t, reading, show_source);
        }
    });
    html.raw("</tbody></table></div>");
}

/// One row of `ui.metrics`.
fn metric_row(html: &mut Html<'_>, t: &Labels, reading: &MetricView, show_source: bool) {
    html.raw("<tr class=\"").text(reading.status).raw("\">\n");
    html.raw("<th scope=\"row\">")
        .text(&reading.name)
        .raw("</th>");
    if show_source {
        html.raw("<td>");
        if let Some(source) = &reading.source {
            html.raw("<a href=\"").text(&source.url).raw("\">");
            html.text(&source.title).raw("</a>");
        }
        html.raw("</td>");
    }
    html.raw("\n<td class=\"num\">");
    match shown(reading.current_text.as_deref()) {
        Some(current) => {
            html.text(current);
            if let Some(unit) = shown(reading.unit.as_deref()) {
                html.raw(" <small>").text(unit).raw("</small>");
            }
        }
        None => {
            html.raw("—");
        }
    }
    html.raw("</td>\n<td class=\"num\">")
        .text(shown(reading.target_text.as_deref()).unwrap_or("—"));
    html.raw("</td>\n<td>")
        .text(t.get("direction", reading.direction.name()));
    html.raw("</td>\n<td><span class=\"status ")
        .text(reading.status)
        .raw("\">")
        .text(t.get("track", reading.status));
    html.raw("</span></td>\n<td>")
        .text(reading.as_of_text.as_deref().unwrap_or(""))
        .raw("</td>\n</tr>");
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::super::{Renderer, Session, entities, metrics};
    use crate::link::Site;
    use crate::test_support::for_each_portfolio;
    use crate::theme::Theme;

    /// The list and the drawn table of a page's view.
    type TableOf<V, T> = fn(&mut V) -> (&mut Vec<T>, &mut Option<String>);

    /// One page rendered three ways, which must be the same bytes: with its
    /// table from the component of `components.html`, drawn by `draw`, and
    /// drawn with the list emptied (the built-in page reads nothing else of
    /// it). Returns whether the page had a table.
    fn assert_same_page<V: Serialize, T>(
        renderer: &Renderer<'_>,
        (template, label): (&str, String),
        mut view: V,
        table: TableOf<V, T>,
        draw: impl Fn(&Site, &[T], &mut String),
    ) -> bool {
        let page = |view: &V| renderer.templated(template, view);
        let templated = page(&view);
        let (list, html) = table(&mut view);
        let mut out = String::new();
        draw(renderer.site, list, &mut out);
        *html = Some(out);
        let had_table = !list.is_empty();
        assert_eq!(page(&view), templated, "{label}");
        table(&mut view).0.clear();
        assert_eq!(page(&view), templated, "{label} without its list");
        had_table
    }

    /// `assert_same_page` for the pages `0..count` of `template`; returns
    /// how many had a table.
    fn same_pages<V: Serialize, T>(
        renderer: &Renderer<'_>,
        (template, count): (&str, usize),
        view_of: impl Fn(usize) -> V,
        table: TableOf<V, T>,
        draw: impl Fn(&Site, &[T], &mut String),
    ) -> usize {
        (0..count)
            .map(|i| {
                let label = (template, format!("{template} {i}"));
                usize::from(assert_same_page(renderer, label, view_of(i), table, &draw))
            })
            .sum()
    }

    /// Every touchpoint, opportunity and metric page of a portfolio.
    fn assert_same_as_template(site: &Site, theme: &Theme) {
        let session = Session::new(site, theme, None);
        let renderer = session.renderer();
        let portfolio = &site.portfolio;
        let uses = same_pages(
            &renderer,
            ("touchpoint.html", portfolio.touchpoints.len()),
            |i| entities::touchpoint(site, i, String::new()),
            |v| (&mut v.uses, &mut v.uses_html),
            super::step_uses,
        ) + same_pages(
            &renderer,
            ("opportunity.html", portfolio.opportunities.len()),
            |i| entities::opportunity(site, i, String::new()),
            |v| (&mut v.sources, &mut v.sources_html),
            super::step_uses,
        );
        let readings = same_pages(
            &renderer,
            ("metric.html", site.config.metrics.len()),
            |i| metrics::metric_page(site, i),
            |v| (&mut v.readings, &mut v.readings_html),
            |site, rows, out| super::metrics(site, rows, true, out),
        );
        assert!(uses > 0, "no step-use table was compared");
        assert!(readings > 0, "no table of readings was compared");
        assert_readings_of_every_shape(&renderer);
    }

    /// A table of readings with and without each optional part, and with
    /// text to escape.
    fn assert_readings_of_every_shape(renderer: &Renderer<'_>) {
        let site = renderer.site;
        let Some(index) = (0..site.config.metrics.len())
            .find(|&i| !metrics::metric_page(site, i).readings.is_empty())
        else {
            return;
        };
        let mut view = metrics::metric_page(site, index);
        let model = view.readings[0].clone();
        view.readings = (0..32)
            .map(|shape| {
                let mut reading = model.clone();
                let text = |bit: u32, value: &str| (shape & (1 << bit) != 0).then(|| value.into());
                reading.current_text = text(0, "<1 & 2>");
                reading.target_text = text(1, "3\"4");
                reading.unit = text(2, "'%'");
                reading.as_of_text = text(3, "Q1 & Q2");
                if shape & 16 != 0 {
                    reading.source = None;
                }
                reading
            })
            .collect();
        let table: TableOf<metrics::MetricPageView, _> =
            |v| (&mut v.readings, &mut v.readings_html);
        let page = ("metric.html", "readings of every shape".to_owned());
        assert!(assert_same_page(
            renderer,
            page,
            view,
            table,
            |site, rows, out| super::metrics(site, rows, true, out)
        ));
    }

    #[test]
    fn drawn_tables_are_the_default_template_byte_for_byte() {
        for_each_portfolio(assert_same_as_template);
    }
}
