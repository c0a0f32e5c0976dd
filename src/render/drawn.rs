//! Where built-in code takes over from the templates: the tables that
//! list a whole portfolio (step uses, a metric's readings, the section
//! lists, the opportunities and action-plans pages) are drawn in Rust
//! while the templates
//! that would draw them are the built-in ones, and left out of the
//! template context while nothing else of the page reads them. Turning
//! their rows into template values was most of the work of a touchpoint
//! page and, at 100,000 pages, a gigabyte for each of the biggest pages.

use serde::Serialize;

use super::entities::{OpportunityView, TouchpointView};
use super::metrics::MetricPageView;
use super::{
    OutputFile, PAGE_CAPACITY, PageResult, Renderer, list_tables, opportunities, overview, plans,
};
use super::{splice, urls};

/// A page view with tables drawn by built-in code.
pub(super) trait DrawnTables {
    /// The fields holding the drawn tables' HTML.
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>>;
}

impl DrawnTables for MetricPageView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.readings_html]
    }
}

impl DrawnTables for opportunities::OpportunitiesView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.matrix_html, &mut self.rows_html]
    }
}

impl DrawnTables for TouchpointView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.uses_html]
    }
}

impl DrawnTables for OpportunityView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.sources_html]
    }
}

impl DrawnTables for plans::PlansView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.plans_html]
    }
}

impl DrawnTables for overview::SectionView {
    fn drawn_tables(&mut self) -> Vec<&mut Option<String>> {
        vec![&mut self.table_html]
    }
}

impl Renderer<'_> {
    /// Whether every one of `templates` is the built-in theme's own.
    pub(super) fn all_built_in(&self, templates: &[&str]) -> bool {
        templates.iter().all(|t| self.theme.is_built_in(t))
    }

    /// Whether built-in code may draw what the templates `drawn_by` would
    /// draw (all built-in), and then whether the page's lists may be left
    /// out of its context (`page_template` and `base.html`, which could
    /// read them, built-in too).
    fn drawing(&self, drawn_by: &[&str], page_template: &str) -> Option<bool> {
        self.all_built_in(drawn_by)
            .then(|| self.all_built_in(&[page_template, "base.html"]))
    }

    /// `page` for a view with drawn tables. While `template` and
    /// `base.html` are built-in (they print each table once, unescaped),
    /// the context holds a mark for each table, and the table is put into
    /// the rendered page where its mark stands (`splice`): same bytes,
    /// without copying the table into the context and through Tera.
    pub(super) fn page_with_tables<V: Serialize + DrawnTables>(
        &self,
        template: &str,
        url: String,
        title: &str,
        description: Option<&str>,
        mut view: V,
    ) -> PageResult {
        if !self.all_built_in(&[template, "base.html"]) {
            return self.page(template, url, title, description, &view);
        }
        let path = urls::output_file(&url);
        let key = self.key(template, &url, title, description, &view);
        if let Some(bytes) = self.cached(&path, key) {
            return Ok((OutputFile { path, bytes }, key));
        }
        let mut tables = Vec::new();
        for field in view.drawn_tables() {
            if let Some(table) = field.take() {
                *field = Some(splice::table_mark(tables.len()));
                tables.push(table);
            }
        }
        let context = self.context(&url, title, description, &view);
        drop(view);
        let page = self.render_page(template, &context, PAGE_CAPACITY)?;
        drop(context);
        let bytes = match tables.is_empty() {
            true => page.into(),
            false => splice::tables_into(&page, &tables),
        };
        Ok((OutputFile { path, bytes }, key))
    }

    /// A page's table drawn by built-in code (`markup`) while
    /// `components.html`, where the table's component lives, is built-in.
    pub(super) fn draw_table<T>(
        &self,
        rows: &mut Vec<T>,
        page_template: &str,
        draw: impl FnOnce(&[T]) -> String,
    ) -> Option<String> {
        self.draw_rows(rows, "components.html", page_template, draw)
    }

    /// `rows` drawn by built-in code while `drawn_by` (the template that
    /// would draw them) is built-in; left out of the context (emptied)
    /// when `page_template` and `base.html` are built-in too. `None` with
    /// no rows.
    fn draw_rows<T>(
        &self,
        rows: &mut Vec<T>,
        drawn_by: &str,
        page_template: &str,
        draw: impl FnOnce(&[T]) -> String,
    ) -> Option<String> {
        if rows.is_empty() {
            return None;
        }
        let leave_out = self.drawing(&[drawn_by], page_template)?;
        let html = draw(rows);
        if leave_out {
            *rows = Vec::new();
        }
        Some(html)
    }

    /// The opportunities page's matrix and list, drawn as
    /// `opportunities.html` (with `components.html`) draws them.
    pub(super) fn draw_opportunity_tables(&self, view: &mut opportunities::OpportunitiesView) {
        let drawn_by = ["opportunities.html", "components.html"];
        let Some(leave_out) = self.drawing(&drawn_by, "opportunities.html") else {
            return;
        };
        view.matrix_html = Some(list_tables::matrix(self.site, &view.matrix));
        view.rows_html = Some(list_tables::rows(self.site, &view.rows));
        if leave_out {
            view.matrix = Vec::new();
            view.rows = Vec::new();
        }
    }

    /// The action-plans table, drawn as `action-plans.html` draws it.
    pub(super) fn draw_plans_table(&self, view: &mut plans::PlansView) {
        let template = "action-plans.html";
        view.plans_html = self.draw_rows(&mut view.plans, template, template, |plans| {
            plans::table(self.site, plans)
        });
    }

    /// A section's list, drawn as `section.html` draws it.
    pub(super) fn draw_section_table(&self, view: &mut overview::SectionView) {
        let (key, columns) = (&view.key, &view.columns);
        view.table_html = self.draw_rows(&mut view.rows, "section.html", "section.html", |rows| {
            list_tables::section(key, columns, rows)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Session, body_html, entities, markup, metrics};
    use super::*;
    use crate::link::urls;
    use crate::test_support::for_each_portfolio;

    /// The page with its tables spliced in, and rendered with them in the
    /// context: the same bytes.
    fn assert_spliced_as_templated<V: Serialize + DrawnTables + Clone>(
        renderer: &Renderer<'_>,
        template: &str,
        view: V,
    ) {
        let url = "x/".to_string();
        let templated = renderer.page(template, url.clone(), "T", None, &view);
        let spliced = renderer.page_with_tables(template, url, "T", None, view);
        let bytes = |page: PageResult| page.expect("renders").0.bytes;
        assert_eq!(bytes(spliced), bytes(templated), "{template}");
    }

    #[test]
    fn pages_with_drawn_tables_are_the_templated_pages_byte_for_byte() {
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let renderer = session.renderer();
            let mut view = opportunities::view(site);
            renderer.draw_opportunity_tables(&mut view);
            assert!(view.rows_html.is_some());
            assert_spliced_as_templated(&renderer, "opportunities.html", view);
            let mut view = plans::view(site);
            renderer.draw_plans_table(&mut view);
            assert!(view.plans_html.is_some());
            assert_spliced_as_templated(&renderer, "action-plans.html", view);
            for key in [urls::JOURNEYS, urls::PERSONAS, urls::TOUCHPOINTS] {
                let mut view = overview::section(site, key);
                renderer.draw_section_table(&mut view);
                assert_spliced_as_templated(&renderer, "section.html", view);
            }
            for i in 0..site.config.metrics.len() {
                let mut view = metrics::metric_page(site, i);
                view.readings_html = renderer.draw_table(&mut view.readings, "metric.html", |r| {
                    markup::metrics(site, r, true)
                });
                assert_spliced_as_templated(&renderer, "metric.html", view);
            }
            for (i, touchpoint) in site.portfolio.touchpoints.iter().enumerate() {
                let body = body_html(site, &touchpoint.doc, &touchpoint.name, 2);
                let mut view = entities::touchpoint(site, i, body);
                view.uses_html = renderer.draw_table(&mut view.uses, "touchpoint.html", |u| {
                    markup::step_uses(site, u)
                });
                assert_spliced_as_templated(&renderer, "touchpoint.html", view);
            }
            for (i, opportunity) in site.portfolio.opportunities.iter().enumerate() {
                let body = body_html(site, &opportunity.doc, &opportunity.title, 2);
                let mut view = entities::opportunity(site, i, body);
                view.sources_html =
                    renderer.draw_table(&mut view.sources, "opportunity.html", |u| {
                        markup::step_uses(site, u)
                    });
                assert_spliced_as_templated(&renderer, "opportunity.html", view);
            }
        });
    }
}
