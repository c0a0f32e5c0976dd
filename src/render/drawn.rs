//! Where built-in code takes over from the templates: the tables that
//! list a whole portfolio (step uses, a metric's readings, the section
//! lists, the opportunities and action-plans pages) are drawn in Rust
//! while the templates that would draw them are the built-in ones, and
//! left out of the template context while nothing else of the page reads
//! them. Turning their rows into template values was most of the work of
//! a touchpoint page and, at 100,000 pages, a gigabyte for each of the
//! biggest pages. While the page's own templates are built-in too, each
//! table is drawn into the page's buffer after the page around it is
//! rendered, and the two biggest lists make their rows a batch at a time.

use serde::Serialize;

use super::splice::{self, LaterTable};
use super::{
    OutputFile, PAGE_CAPACITY, PageResult, Renderer, list_tables, metrics, opportunities, overview,
    plans,
};
use super::{markup, urls};

/// About how many bytes a drawn row takes, by table: the capacity of the
/// buffer it is drawn into (a guess too small costs a copy of the buffer).
const STEP_USE_BYTES: usize = 400;
/// A metric page's table of readings.
const READINGS: Table = Table::of_component("metric.html", 500);
const SECTION_ROW_BYTES: usize = 400;
const OPPORTUNITY_BYTES: usize = 600;
const MATRIX_ITEM_BYTES: usize = 160;
const PLAN_BYTES: usize = 500;
/// A table's heading and frame.
const TABLE_FRAME: usize = 2048;

/// Which table `Renderer::draw_rows` draws: the template that would draw
/// it, the page's template, and about how many bytes a row takes.
struct Table {
    drawn_by: &'static str,
    page: &'static str,
    row_bytes: usize,
}

impl Table {
    /// A table the page's own template draws.
    const fn of_page(page: &'static str, row_bytes: usize) -> Table {
        Table {
            drawn_by: page,
            page,
            row_bytes,
        }
    }

    /// A table a component of `components.html` draws on `page`.
    const fn of_component(page: &'static str, row_bytes: usize) -> Table {
        Table {
            drawn_by: "components.html",
            page,
            row_bytes,
        }
    }

    /// About how many bytes the table takes with `rows` rows.
    fn size(&self, rows: usize) -> usize {
        TABLE_FRAME + rows * self.row_bytes
    }
}

/// The tables built-in code draws for one page: at once, into the view's
/// HTML fields (`Tables::now`), or later, straight into the page's buffer
/// where their marks stand (`Tables::later`), when the page's templates
/// print each table once, unescaped (the built-in ones do).
pub(super) struct Tables<'a> {
    later: Option<Vec<LaterTable<'a>>>,
}

impl<'a> Tables<'a> {
    /// Tables drawn into the view before the page is rendered (for tests
    /// that compare the HTML drawn with the HTML templated).
    #[cfg(test)]
    pub(super) fn now() -> Tables<'a> {
        Tables { later: None }
    }

    /// Tables drawn into the rendered page, where the page's templates
    /// allow it.
    fn later() -> Tables<'a> {
        Tables {
            later: Some(Vec::new()),
        }
    }

    /// Takes a table of about `size` bytes to draw into the page; returns
    /// its mark. `None` for `Tables::now`.
    fn defer(&mut self, size: usize, draw: splice::Draw<'a>) -> Option<String> {
        let later = self.later.as_mut()?;
        let mark = splice::table_mark(later.len());
        later.push(LaterTable { size, draw });
        Some(mark)
    }
}

impl<'r> Renderer<'r> {
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

    /// Whether a page may leave its biggest list out of its view and make
    /// the list's rows only while drawing it, a batch at a time: the list's
    /// templates (`drawn_by`), the page's and `base.html` are built-in, and
    /// no page is reused (the key of a reused page is its whole view's).
    fn draws_in_batches(&self, drawn_by: &[&str], page_template: &str) -> bool {
        self.reuse.is_none() && self.drawing(drawn_by, page_template) == Some(true)
    }

    /// `page` for a view whose tables built-in code may draw (`draw` says
    /// which, see `draw_rows`). While `template` and `base.html` are
    /// built-in, the context holds a mark for each table and the table is
    /// drawn into the page's buffer where its mark stands (`splice`): the
    /// same bytes, without the table's rows in the context, nor the table
    /// apart from the page. The page's key is its whole view's.
    pub(super) fn page_with_tables<V: Serialize>(
        &self,
        template: &str,
        url: String,
        title: &str,
        description: Option<&str>,
        mut view: V,
        draw: impl FnOnce(&mut V, &mut Tables<'r>),
    ) -> PageResult {
        let path = urls::output_file(&url);
        let key = self.key(template, &url, title, description, &view);
        if let Some(bytes) = self.cached(&path, key) {
            return Ok((OutputFile { path, bytes }, key));
        }
        let mut tables = Tables::later();
        draw(&mut view, &mut tables);
        let context = self.context(&url, title, description, &view);
        drop(view);
        let page = self.render_page(template, &context, PAGE_CAPACITY)?;
        drop(context);
        let bytes = match tables.later {
            Some(later) if !later.is_empty() => splice::draw_tables_into(page, later),
            _ => page.into(),
        };
        Ok((OutputFile { path, bytes }, key))
    }

    /// A page's table of step uses, drawn as `ui.step_uses` draws it.
    pub(super) fn draw_step_uses(
        &self,
        uses: &mut Vec<super::entities::StepUseView<'r>>,
        html: &mut Option<String>,
        tables: &mut Tables<'r>,
        page_template: &'static str,
    ) {
        let site = self.site;
        let draw = move |uses: &[_], out: &mut String| markup::step_uses(site, uses, out);
        self.draw_rows(
            uses,
            html,
            tables,
            Table::of_component(page_template, STEP_USE_BYTES),
            draw,
        );
    }

    /// The page of metric `index`. While its templates are built-in and
    /// no page is reused (the key of a reused page is its whole view's),
    /// its readings become views only while their table is drawn into the
    /// page, a batch at a time (`metrics::draw_readings_in_batches`).
    pub(super) fn metric_page(&self, index: usize, url: String) -> PageResult {
        let site = self.site;
        let template = "metric.html";
        if !self.draws_in_batches(&["components.html"], template) {
            let view = metrics::metric_page(site, index);
            let name = view.name.clone();
            return self.page_with_tables(template, url, &name, None, view, |view, tables| {
                self.draw_readings(view, tables)
            });
        }
        let view = metrics::metric_page_without_readings(site, index);
        let name = view.name.clone();
        self.page_with_tables(template, url, &name, None, view, |view, tables| {
            if view.reading_count > 0 {
                let size = READINGS.size(view.reading_count);
                let draw = move |out: &mut String| {
                    metrics::draw_readings_in_batches(site, index, out);
                };
                view.readings_html = tables.defer(size, Box::new(draw));
            }
        })
    }

    /// A metric page's readings, drawn as `ui.metrics` draws them.
    pub(super) fn draw_readings(
        &self,
        view: &mut super::metrics::MetricPageView,
        tables: &mut Tables<'r>,
    ) {
        let site = self.site;
        let draw = move |rows: &[_], out: &mut String| markup::metrics(site, rows, true, out);
        let (rows, html) = (&mut view.readings, &mut view.readings_html);
        self.draw_rows(rows, html, tables, READINGS, draw);
    }

    /// `rows` drawn by built-in code (`draw`) while `table.drawn_by` (the
    /// template that would draw them) is built-in, into `html`: at once,
    /// or, for `Tables::later` while `table.page` and `base.html` are
    /// built-in too, into the page (`html` is then the table's mark). The
    /// rows are left out of the context (emptied) when those templates
    /// are built-in. Nothing with no rows.
    fn draw_rows<T: 'r>(
        &self,
        rows: &mut Vec<T>,
        html: &mut Option<String>,
        tables: &mut Tables<'r>,
        table: Table,
        draw: impl FnOnce(&[T], &mut String) + 'r,
    ) {
        if rows.is_empty() {
            return;
        }
        let Some(leave_out) = self.drawing(&[table.drawn_by], table.page) else {
            return;
        };
        let size = table.size(rows.len());
        if leave_out && tables.later.is_some() {
            let rows = std::mem::take(rows);
            *html = tables.defer(size, Box::new(move |out| draw(&rows, out)));
            return;
        }
        let mut out = String::with_capacity(size);
        draw(rows, &mut out);
        *html = Some(out);
        if leave_out {
            *rows = Vec::new();
        }
    }

    /// The opportunities page. While its templates are built-in and no
    /// page is reused, the rows of its list are made only while the list
    /// is drawn into the page, a batch at a time
    /// (`opportunities::draw_list_in_batches`).
    pub(super) fn opportunities_page(&self, url: String) -> PageResult {
        let site = self.site;
        let template = "opportunities.html";
        let title = site.labels().get("nav", "opportunities");
        if !self.draws_in_batches(&[template, "components.html"], template) {
            let view = opportunities::view(site);
            return self.page_with_tables(template, url, title, None, view, |view, tables| {
                self.draw_opportunity_tables(view, tables)
            });
        }
        let entries = opportunities::entries(site);
        let view = opportunities::view_without_rows(site, &entries);
        self.page_with_tables(template, url, title, None, view, |view, tables| {
            self.draw_opportunity_tables(view, tables);
            if !entries.is_empty() {
                let size = Table::of_page(template, OPPORTUNITY_BYTES).size(entries.len());
                let draw = move |out: &mut String| {
                    opportunities::draw_list_in_batches(site, &entries, out);
                };
                view.rows_html = tables.defer(size, Box::new(draw));
            }
        })
    }

    /// The opportunities page's matrix and list, drawn as
    /// `opportunities.html` (with `components.html`) draws them.
    pub(super) fn draw_opportunity_tables(
        &self,
        view: &mut opportunities::OpportunitiesView,
        tables: &mut Tables<'r>,
    ) {
        let site = self.site;
        let template = "opportunities.html";
        let items: usize = view
            .matrix
            .iter()
            .flat_map(|row| &row.cells)
            .map(|cell| cell.items.len())
            .sum();
        // The matrix is drawn from its rows, one row per impact: the
        // items decide its size.
        let per_row = MATRIX_ITEM_BYTES * items / view.matrix.len().max(1);
        let matrix = move |rows: &[_], out: &mut String| list_tables::matrix(site, rows, out);
        self.draw_rows(
            &mut view.matrix,
            &mut view.matrix_html,
            tables,
            Table::of_page(template, per_row),
            matrix,
        );
        let rows = move |rows: &[_], out: &mut String| list_tables::rows(site, rows, out);
        self.draw_rows(
            &mut view.rows,
            &mut view.rows_html,
            tables,
            Table::of_page(template, OPPORTUNITY_BYTES),
            rows,
        );
    }

    /// The action-plans table, drawn as `action-plans.html` draws it.
    pub(super) fn draw_plans_table(&self, view: &mut plans::PlansView, tables: &mut Tables<'r>) {
        let site = self.site;
        let template = "action-plans.html";
        let draw = move |plans: &[_], out: &mut String| plans::table(site, plans, out);
        self.draw_rows(
            &mut view.plans,
            &mut view.plans_html,
            tables,
            Table::of_page(template, PLAN_BYTES),
            draw,
        );
    }

    /// A section's list, drawn as `section.html` draws it.
    pub(super) fn draw_section_table(
        &self,
        view: &mut overview::SectionView,
        tables: &mut Tables<'r>,
    ) {
        let template = "section.html";
        let (key, columns) = (view.key.clone(), view.columns.clone());
        let draw =
            move |rows: &[_], out: &mut String| list_tables::section(&key, &columns, rows, out);
        self.draw_rows(
            &mut view.rows,
            &mut view.table_html,
            tables,
            Table::of_page(template, SECTION_ROW_BYTES),
            draw,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Session, body_html, entities, metrics};
    use super::*;
    use crate::link::urls;
    use crate::test_support::for_each_portfolio;

    /// The page with its tables drawn into it, and rendered by its
    /// templates from the whole view: the same bytes.
    fn assert_drawn_as_templated<'r, V: Serialize + Clone>(
        renderer: &Renderer<'r>,
        template: &str,
        view: V,
        draw: impl FnOnce(&mut V, &mut Tables<'r>),
    ) {
        let url = "x/".to_string();
        let templated = renderer.page(template, url.clone(), "T", None, &view);
        let drawn = renderer.page_with_tables(template, url, "T", None, view, draw);
        let bytes = |page: PageResult| page.expect("renders").0.bytes;
        assert_eq!(bytes(drawn), bytes(templated), "{template}");
    }

    #[test]
    fn pages_with_drawn_tables_are_the_templated_pages_byte_for_byte() {
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let r = session.renderer();
            let view = opportunities::view(site);
            assert!(!view.rows.is_empty());
            assert_drawn_as_templated(&r, "opportunities.html", view, |v, t| {
                r.draw_opportunity_tables(v, t)
            });
            let view = plans::view(site);
            assert!(!view.plans.is_empty());
            assert_drawn_as_templated(&r, "action-plans.html", view, |v, t| {
                r.draw_plans_table(v, t)
            });
            for key in [urls::JOURNEYS, urls::PERSONAS, urls::TOUCHPOINTS] {
                let view = overview::section(site, key);
                assert_drawn_as_templated(&r, "section.html", view, |v, t| {
                    r.draw_section_table(v, t)
                });
            }
            for i in 0..site.config.metrics.len() {
                let view = metrics::metric_page(site, i);
                assert_drawn_as_templated(&r, "metric.html", view, |v, t| r.draw_readings(v, t));
            }
            for (i, touchpoint) in site.portfolio.touchpoints.iter().enumerate() {
                let body = body_html(site, &touchpoint.doc, &touchpoint.name, 2);
                let view = entities::touchpoint(site, i, body);
                assert_drawn_as_templated(&r, "touchpoint.html", view, |v, t| {
                    r.draw_step_uses(&mut v.uses, &mut v.uses_html, t, "touchpoint.html")
                });
            }
            for (i, opportunity) in site.portfolio.opportunities.iter().enumerate() {
                let body = body_html(site, &opportunity.doc, &opportunity.title, 2);
                let view = entities::opportunity(site, i, body);
                assert_drawn_as_templated(&r, "opportunity.html", view, |v, t| {
                    r.draw_step_uses(&mut v.sources, &mut v.sources_html, t, "opportunity.html")
                });
            }
        });
    }

    #[test]
    fn metric_pages_drawn_in_batches_are_the_templated_pages_byte_for_byte() {
        let batched = std::cell::Cell::new(0);
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let r = session.renderer();
            for i in 0..site.config.metrics.len() {
                let view = metrics::metric_page(site, i);
                let templated = r.page("metric.html", "x/".into(), &view.name, None, &view);
                let drawn = r.metric_page(i, "x/".into());
                let bytes = |page: PageResult| page.expect("renders").0.bytes;
                assert_eq!(bytes(drawn), bytes(templated), "metric {i}");
                batched.set(batched.get() + usize::from(view.readings.len() > 3));
            }
        });
        assert!(
            batched.get() > 0,
            "no metric had readings in more than one batch"
        );
    }

    #[test]
    fn the_opportunities_page_drawn_in_batches_is_the_templated_page_byte_for_byte() {
        let batched = std::cell::Cell::new(false);
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let r = session.renderer();
            let view = opportunities::view(site);
            batched.set(batched.get() || view.rows.len() > 3);
            let title = site.labels().get("nav", "opportunities");
            let templated = r.page("opportunities.html", "x/".into(), title, None, &view);
            let drawn = r.opportunities_page("x/".into());
            let bytes = |page: PageResult| page.expect("renders").0.bytes;
            assert_eq!(bytes(drawn), bytes(templated), "{}", site.config.title);
        });
        assert!(batched.get(), "no list had rows in more than one batch");
    }

    #[test]
    fn tables_are_drawn_into_the_page_only_while_its_templates_are_built_in() {
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let r = session.renderer();
            let mut view = opportunities::view(site);
            let mut later = Tables::later();
            r.draw_opportunity_tables(&mut view, &mut later);
            let marks = [splice::table_mark(0), splice::table_mark(1)];
            assert_eq!(view.matrix_html.as_deref(), Some(marks[0].as_str()));
            assert_eq!(view.rows_html.as_deref(), Some(marks[1].as_str()));
            assert!(view.rows.is_empty() && view.matrix.is_empty());
            assert_eq!(later.later.map(|l| l.len()), Some(2));
            let mut view = opportunities::view(site);
            r.draw_opportunity_tables(&mut view, &mut Tables::now());
            assert!(
                view.rows_html
                    .as_deref()
                    .is_some_and(|h| h.starts_with("<div"))
            );
            assert!(view.rows.is_empty());
        });
    }
}
