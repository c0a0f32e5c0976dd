//! The big tables of list pages drawn by built-in code: the section lists
//! (`section.html`) and the opportunities page's impact × effort matrix and
//! list of every opportunity (`opportunities.html`). Byte for byte what the
//! built-in templates render, without turning every row into template
//! values: at 100,000 pages the opportunities page lists 200,000
//! opportunities twice, and /journeys/ 63,000 journeys; their values took
//! a gigabyte and half a gigabyte.

use super::markup::{Html, links, shown};
use super::opportunities::{MatrixRow, OpportunityRow};
use super::overview::Cell;
use crate::i18n::Labels;
use crate::link::Site;

/// A section's list, from `<div class="table-scroll">` to its `</div>`:
/// the first cell of a row is its heading.
pub fn section(key: &str, columns: &[String], rows: &[Vec<Cell>], out: &mut String) {
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"listing listing-")
        .text(key)
        .raw("\">\n<thead><tr>");
    for column in columns {
        html.column(column);
    }
    html.raw("</tr></thead>\n<tbody>");
    for row in rows {
        html.raw("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                html.raw("<th scope=\"row\">");
            } else if let Some(class) = shown(cell.class.as_deref()) {
                html.raw("<td class=\"").text(class).raw("\">");
            } else {
                html.raw("<td>");
            }
            if let Some(url) = shown(cell.url.as_deref()) {
                html.raw("<a href=\"").text(url).raw("\">");
                html.text(&cell.text).raw("</a>");
            } else if let Some(datetime) = shown(cell.datetime.as_deref()) {
                html.raw("<time datetime=\"").text(datetime).raw("\">");
                html.text(&cell.text).raw("</time>");
            } else {
                html.text(&cell.text);
            }
            html.raw(if i == 0 { "</th>" } else { "</td>" });
        }
        html.raw("</tr>");
    }
    html.raw("</tbody>\n</table></div>");
}

/// The matrix, from `<div class="table-scroll">` to its `</div>`.
pub fn matrix(site: &Site, matrix: &[MatrixRow], out: &mut String) {
    let t = site.labels();
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"matrix\">\n<caption>")
        .text(t.get("opportunities", "matrix_caption"))
        .raw("</caption>\n<thead><tr><td></td>");
    let label = |key: &str, level: &str| {
        t.get("opportunities", key)
            .replace("{level}", t.get("level", level))
    };
    for cell in matrix.first().map_or(&[][..], |row| &row.cells) {
        html.column(&label("effort_column", cell.effort));
    }
    html.raw("</tr></thead>\n<tbody>");
    for row in matrix {
        html.raw("<tr><th scope=\"row\">")
            .text(&label("impact_row", row.impact))
            .raw("</th>");
        for cell in &row.cells {
            html.raw("<td class=\"quadrant ")
                .text(cell.quadrant)
                .raw("\">");
            if cell.items.is_empty() {
                html.raw("<span class=\"muted\">—</span>");
            } else {
                html.raw("<ul>");
                for item in &cell.items {
                    html.raw("<li><a href=\"").text(&item.url).raw("\">");
                    html.text(&item.title).raw("</a></li>");
                }
                html.raw("</ul>");
            }
            html.raw("</td>");
        }
        html.raw("</tr>");
    }
    html.raw("</tbody>\n</table></div>");
}

/// The list of every opportunity, from `<div class="table-scroll">` to
/// its `</div>`.
pub fn rows(site: &Site, rows: &[OpportunityRow], out: &mut String) {
    rows_in_batches(site, out, |draw| draw(rows));
}

/// `rows` for rows made a batch at a time: `batches` hands each batch to
/// the function that draws it.
pub fn rows_in_batches(
    site: &Site,
    out: &mut String,
    batches: impl FnOnce(&mut dyn FnMut(&[OpportunityRow])),
) {
    let t = site.labels();
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"listing sortable\">\n<thead><tr>");
    for field in [
        "opportunity",
        "kind",
        "impact",
        "effort",
        "status",
        "owner",
        "raised_by",
    ] {
        html.column(t.get("field", field));
    }
    html.raw("</tr></thead>\n<tbody>");
    batches(&mut |rows| {
        for row in rows {
            opportunity_row(html, t, row);
        }
    });
    html.raw("</tbody>\n</table></div>");
}

/// One row of the list of every opportunity.
fn opportunity_row(html: &mut Html<'_>, t: &Labels, row: &OpportunityRow) {
    let level = |html: &mut Html<'_>, rank: u8, level: Option<&str>| {
        html.raw("<td data-sort=\"")
            .number(usize::from(rank))
            .raw("\">");
        if let Some(level) = level {
            html.raw("<span class=\"level level-")
                .text(level)
                .raw("\">");
            html.text(t.get("level", level)).raw("</span>");
        }
        html.raw("</td>");
    };
    html.raw("<tr><th scope=\"row\">");
    match shown(row.url.as_deref()) {
        Some(url) => {
            html.raw("<a href=\"").text(url).raw("\">");
            html.text(&row.title).raw("</a>");
        }
        None => {
            html.text(&row.title);
        }
    }
    let kind = if row.shared { "shared" } else { "step" };
    html.raw("</th><td>")
        .text(t.get("opportunities", kind))
        .raw("</td>");
    level(html, row.impact_rank, row.impact);
    level(html, row.effort_rank, row.effort);
    html.raw("<td>");
    if let Some(status) = row.status {
        html.text(t.get("opportunity_status", status));
    }
    html.raw("</td><td>")
        .text(row.owner.as_deref().unwrap_or(""))
        .raw("</td><td>");
    links(html, &row.sources);
    if row.hidden_sources > 0 {
        let more = t.get("opportunities", "more_sources");
        let count = row.hidden_sources.to_string();
        html.raw(", <a href=\"")
            .text(row.url.as_deref().unwrap_or(""))
            .raw("\">")
            .text(&more.replace("{count}", &count))
            .raw("</a>");
    }
    html.raw("</td></tr>");
}

#[cfg(test)]
mod tests {
    use super::super::drawn::Tables;
    use super::super::opportunities::{self, OpportunitiesView, OpportunityRow};
    use super::super::overview::{self, Cell, SectionView};
    use super::super::view::Link;
    use super::super::{Renderer, Session};
    use crate::link::urls;
    use crate::test_support::{example_site, for_each_portfolio};

    /// The page templated, drawn, and drawn with the lists left in: the
    /// same bytes each time.
    fn assert_same_page(renderer: &Renderer<'_>, view: &OpportunitiesView, label: &str) {
        let page = |view: &OpportunitiesView| renderer.templated("opportunities.html", view);
        let templated = page(view);
        let mut drawn = view.clone();
        renderer.draw_opportunity_tables(&mut drawn, &mut Tables::now());
        assert!(drawn.rows.is_empty() && drawn.matrix.is_empty(), "{label}");
        assert_eq!(page(&drawn), templated, "{label}");
        let mut kept = view.clone();
        kept.matrix_html = drawn.matrix_html;
        kept.rows_html = drawn.rows_html;
        assert_eq!(page(&kept), templated, "{label} with its lists");
    }

    #[test]
    fn the_drawn_tables_are_the_template_byte_for_byte() {
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let view = opportunities::view(site);
            assert_same_page(&session.renderer(), &view, &site.config.title);
            for key in [
                urls::JOURNEYS,
                urls::PERSONAS,
                urls::TOUCHPOINTS,
                urls::CHANNELS,
            ] {
                let view = overview::section(site, key);
                assert_same_section(&session.renderer(), view, key);
            }
        });
    }

    /// A section page templated, drawn, and drawn with its rows left in.
    fn assert_same_section(renderer: &Renderer<'_>, view: SectionView, label: &str) {
        let page = |view: &SectionView| renderer.templated("section.html", view);
        let templated = page(&view);
        let mut drawn = view.clone();
        renderer.draw_section_table(&mut drawn, &mut Tables::now());
        assert_eq!(drawn.rows.is_empty(), drawn.table_html.is_some(), "{label}");
        assert_eq!(page(&drawn), templated, "{label}");
        let mut kept = view;
        kept.table_html = drawn.table_html;
        assert_eq!(page(&kept), templated, "{label} with its rows");
    }

    #[test]
    fn section_cells_of_every_shape_are_drawn_as_templated() {
        let (site, theme) = example_site();
        let session = Session::new(&site, &theme, None);
        let mut view = overview::section(&site, urls::JOURNEYS);
        let text = |bit: usize, shape: usize, value: &str| {
            (shape & (1 << bit) != 0).then(|| value.to_owned())
        };
        view.rows = (0..16)
            .map(|shape| {
                (0..3)
                    .map(|column| Cell {
                        text: format!("<{shape}.{column}> & \"q\""),
                        url: text(0, shape, "/a/?b=1&c='2'"),
                        class: text(1, shape, "score emo-<1>"),
                        datetime: text(2, shape, "2026-01-02"),
                    })
                    .collect()
            })
            .collect();
        view.rows.push(Vec::new());
        let empty = Cell {
            text: "empty".into(),
            url: Some(String::new()),
            class: Some(String::new()),
            datetime: Some(String::new()),
        };
        view.rows.push(vec![empty.clone(), empty]);
        view.columns[0] = "Name & <title>".into();
        assert_same_section(&session.renderer(), view, "every shape");
    }

    #[test]
    fn rows_and_cells_of_every_shape_are_drawn_as_templated() {
        let (site, theme) = example_site();
        let session = Session::new(&site, &theme, None);
        let mut view = opportunities::view(&site);
        let link = |n: usize| Link {
            url: format!("/x/{n}/?a=1&b=\"2\""),
            title: format!("<Step {n}> & 'more'"),
        };
        let levels = [None, Some("low"), Some("medium"), Some("high")];
        view.rows = (0..128)
            .map(|shape: usize| OpportunityRow {
                title: format!("Opportunity <{shape}> & \"co\""),
                url: (shape & 1 != 0).then(|| format!("/opportunities/{shape}/")),
                shared: shape & 1 != 0,
                impact: levels[(shape >> 1) & 3],
                effort: levels[(shape >> 3) & 3],
                impact_rank: ((shape >> 1) & 3) as u8,
                effort_rank: ((shape >> 3) & 3) as u8,
                status: (shape & 32 != 0).then_some("in-progress"),
                owner: (shape & 64 != 0).then(|| "Ops & <Care>".to_owned()),
                sources: (0..shape % 3).map(link).collect(),
                hidden_sources: if shape & 1 != 0 { shape % 4 } else { 0 },
            })
            .collect();
        view.matrix[0].cells[0].items.push(link(7));
        view.matrix[2].cells[2].items.clear();
        assert_same_page(&session.renderer(), &view, "every shape");
    }
}
