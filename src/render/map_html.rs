//! The built-in journey map written in Rust: byte for byte what the default
//! theme's `journey-map.html` (with the `ui.items` and `ui.score`
//! components of `components.html`) renders, about ten times faster. A map
//! has a cell for every step in every lane, so templating it was a third of
//! all rendering time. Used only while the theme overrides neither of
//! those two templates; a test renders every journey of the fixtures both
//! ways and compares the bytes.

use super::journey::JourneyView;
use super::markup::{Html, items, score, shown};
use crate::i18n::Labels;
use crate::link::Site;

/// The templates this replaces: a theme that overrides one gets them.
pub const TEMPLATES: [&str; 2] = ["journey-map.html", "components.html"];

/// The map of `page`, every id prefixed with `prefix`.
pub fn render(site: &Site, page: &JourneyView, prefix: &str) -> String {
    let t = site.labels();
    // 890-1,030 bytes a step on the generated portfolios: a smaller
    // guess copied most maps once more as they grew.
    let mut out = String::with_capacity(2048 + page.step_count * 1100);
    let html = &mut Html::new(&mut out);
    html.raw("<section class=\"map-section\" aria-labelledby=\"")
        .text(prefix)
        .raw("map-heading\">\n<h2 id=\"")
        .text(prefix)
        .raw("map-heading\">")
        .text(t.get("journey", "map_title"))
        .raw("</h2>\n");
    if page.step_count > 0 {
        html.raw("\n");
        legend(html, t, page, prefix);
        grid(html, t, page, prefix);
        empty_stages(html, t, page, prefix);
        score_table(html, site, page);
    } else {
        html.raw("\n<p>")
            .text(t.get("journey", "no_steps"))
            .raw("</p>\n");
    }
    html.raw("\n</section>\n");
    out
}

fn legend(html: &mut Html<'_>, t: &Labels, page: &JourneyView, prefix: &str) {
    html.raw("<div class=\"map-legend\">\n<ul class=\"series-legend\" aria-label=\"")
        .text(t.get("journey", "series"))
        .raw("\">");
    for series in &page.legend {
        html.raw("<li class=\"").text(&series.class);
        if series.dashed {
            html.raw(" dashed");
        }
        html.raw("\"><svg width=\"28\" height=\"10\" aria-hidden=\"true\" focusable=\"false\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\"");
        if series.dashed {
            html.raw(" stroke-dasharray=\"6 5\"");
        }
        html.raw("/></svg>").text(&series.label).raw("</li>");
    }
    html.raw("</ul>\n<p class=\"mot-legend\"><span aria-hidden=\"true\">★</span> ")
        .text(t.get("journey", "mot_legend"))
        .raw("</p>\n</div>\n<div class=\"map-scroll\" role=\"region\" aria-labelledby=\"")
        .text(prefix)
        .raw("map-heading\" tabindex=\"0\">\n");
}

fn grid(html: &mut Html<'_>, t: &Labels, page: &JourneyView, prefix: &str) {
    html.raw("<table class=\"journey-map\" style=\"width: ")
        .number(160 + page.step_count * 180)
        .raw("px\">\n<colgroup><col class=\"lane-col\"></colgroup>\n");
    for stage in &page.stages {
        html.raw("<colgroup class=\"stage\">");
        for _ in &stage.steps {
            html.raw("<col class=\"step-col\">");
        }
        html.raw("</colgroup>");
    }
    html.raw("\n<thead>\n<tr class=\"stages\"><th scope=\"col\" class=\"corner\">")
        .text(t.get("field", "stage"))
        .raw("</th>");
    for stage in page.stages.iter().filter(|s| s.step_count > 0) {
        html.raw("<th scope=\"colgroup\" colspan=\"")
            .number(stage.step_count)
            .raw("\" id=\"")
            .text(prefix)
            .text(&stage.anchor)
            .raw("\" class=\"stage-head\">")
            .text(&stage.name);
        if let Some(moment) = shown(stage.moment_label) {
            html.raw(" <span class=\"moment\" title=\"").text(moment);
            html.raw("\">").text(moment).raw("</span>");
        }
        if let Some(mean) = &stage.mean {
            html.raw(" <span class=\"stage-mean\">")
                .text(t.get("journey", "stage_mean"))
                .raw(" ");
            score(html, t, Some(mean));
            html.raw("</span>");
        }
        html.raw("</th>");
    }
    html.raw("</tr>\n<tr class=\"steps\"><th scope=\"col\" class=\"corner\">")
        .text(t.get("field", "step"))
        .raw("</th>");
    let moment_of_truth = t.get("journey", "moment_of_truth");
    for step in page.stages.iter().flat_map(|s| &s.steps) {
        html.raw("<th scope=\"col\" id=\"")
            .text(prefix)
            .text(&step.anchor)
            .raw("\" class=\"step-head");
        if step.moment_of_truth {
            html.raw(" mot\"><span class=\"mot-star\" title=\"")
                .text(moment_of_truth)
                .raw("\">★<span class=\"visually-hidden\">")
                .text(moment_of_truth)
                .raw(":</span></span> ");
        } else {
            html.raw("\">");
        }
        html.text(&step.name).raw("</th>");
    }
    html.raw("</tr>\n</thead>\n<tbody>\n");
    for lane in &page.lanes {
        html.raw("\n");
        if lane.starts_backstage {
            html.raw("<tr class=\"line-of-visibility\"><th scope=\"row\">")
                .text(t.get("journey", "line_of_visibility"))
                .raw("</th><td colspan=\"")
                .number(page.step_count)
                .raw("\"><span class=\"visually-hidden\">")
                .text(t.get("journey", "below_visibility"))
                .raw("</span></td></tr>");
        }
        html.raw("\n<tr class=\"lane lane-")
            .text(lane.key)
            .raw(" ")
            .text(lane.group)
            .raw("\"><th scope=\"row\">")
            .text(lane.label);
        if lane.group == "chart" {
            html.raw(&page.axis_svg)
                .raw("</th><td class=\"chart-cell\" colspan=\"")
                .number(page.step_count)
                .raw("\">")
                .raw(&page.chart_svg)
                .raw("</td>");
        } else {
            html.raw("</th>");
            for cell in &lane.cells {
                html.raw("<td>");
                items(html, cell);
                html.raw("</td>");
            }
        }
        html.raw("</tr>\n");
    }
    html.raw("\n</tbody>\n</table>\n</div>\n");
}

fn empty_stages(html: &mut Html<'_>, t: &Labels, page: &JourneyView, prefix: &str) {
    for stage in page.stages.iter().filter(|s| s.step_count == 0) {
        html.raw("<p class=\"empty-stage\" id=\"")
            .text(prefix)
            .text(&stage.anchor)
            .raw("\">")
            .text(
                &t.get("journey", "empty_stage")
                    .replace("{stage}", &stage.name),
            )
            .raw("</p>");
    }
    html.raw("\n");
}

fn score_table(html: &mut Html<'_>, site: &Site, page: &JourneyView) {
    let t = site.labels();
    let scale = &site.config.emotion;
    let end = |value: i64| super::view::score_view(value as f64, scale).text;
    let caption = if page.score_headers.len() > 1 {
        t.get("journey", "scores_caption_personas")
    } else {
        t.get("journey", "scores_caption")
    };
    let range = t
        .get("journey", "scale_range")
        .replace("{min}", &end(scale.min))
        .replace("{max}", &end(scale.max));
    html.raw("<details class=\"score-table\">\n<summary>")
        .text(t.get("journey", "scores_summary"))
        .raw("</summary>\n<div class=\"table-scroll\"><table>\n<caption>")
        .text(caption)
        .raw(" ")
        .text(&range)
        .raw("</caption>\n<thead><tr><th scope=\"col\">")
        .text(t.get("field", "stage"))
        .raw("</th><th scope=\"col\">")
        .text(t.get("field", "step"))
        .raw("</th>");
    for header in &page.score_headers {
        html.raw("<th scope=\"col\">").text(header).raw("</th>");
    }
    html.raw("</tr></thead>\n<tbody>");
    for row in &page.score_rows {
        html.raw("<tr><td>").text(&row.stage);
        html.raw("</td><th scope=\"row\">")
            .text(&row.step)
            .raw("</th>");
        for value in &row.values {
            html.raw("<td>");
            score(html, t, value.as_ref());
            html.raw("</td>");
        }
        html.raw("</tr>");
    }
    html.raw("</tbody>\n</table></div>\n</details>\n");
}

#[cfg(test)]
mod tests {
    use super::super::{Session, body_html, journey};
    use crate::link::Site;
    use crate::test_support::for_each_portfolio;
    use crate::theme::Theme;

    /// Every journey's map from the default theme's template and from
    /// `render`, which must be the same bytes.
    fn assert_same_as_template(site: &Site, theme: &Theme) {
        assert!(super::TEMPLATES.iter().all(|t| theme.is_built_in(t)));
        let session = Session::new(site, theme, None);
        let renderer = session.renderer();
        assert!(!site.portfolio.journeys.is_empty());
        for (i, journey) in site.portfolio.journeys.iter().enumerate() {
            let view = journey::view(site, i, body_html(site, &journey.doc, &journey.title, 3));
            for prefix in ["", "a-journey-"] {
                let mut context = renderer.context(&view.url, &view.title, None, &view);
                context.insert("prefix", prefix);
                let templated = renderer
                    .render("journey-map.html", &context)
                    .expect("the template renders");
                let written = super::render(site, &view, prefix);
                assert_eq!(written, templated, "map of {}", journey.doc.id);
            }
        }
    }

    #[test]
    fn the_rust_map_is_the_default_template_byte_for_byte() {
        for_each_portfolio(assert_same_as_template);
    }
}
