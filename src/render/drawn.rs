//! Where built-in code takes over from the templates: the tables that
//! list a whole portfolio (step uses, a metric's readings, the section
//! lists, the opportunities page) are drawn in Rust while the templates
//! that would draw them are the built-in ones, and left out of the
//! template context while nothing else of the page reads them. Turning
//! their rows into template values was most of the work of a touchpoint
//! page and, at 100,000 pages, a gigabyte for each of the biggest pages.

use super::{Renderer, list_tables, opportunities, overview};

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

    /// A page's table drawn by built-in code (`markup`) while
    /// `components.html`, where the table's component lives, is built-in.
    pub(super) fn draw_table<T>(
        &self,
        rows: &mut Vec<T>,
        page_template: &str,
        draw: impl FnOnce(&[T]) -> String,
    ) -> Option<String> {
        if rows.is_empty() {
            return None;
        }
        let leave_out = self.drawing(&["components.html"], page_template)?;
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

    /// A section's list, drawn as `section.html` draws it.
    pub(super) fn draw_section_table(&self, view: &mut overview::SectionView) {
        if view.rows.is_empty() {
            return;
        }
        let Some(leave_out) = self.drawing(&["section.html"], "section.html") else {
            return;
        };
        view.table_html = Some(list_tables::section(&view.key, &view.columns, &view.rows));
        if leave_out {
            view.rows = Vec::new();
        }
    }
}
