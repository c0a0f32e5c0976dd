//! The emotion curve as inline SVG: one column per step (aligned with the
//! map's step columns), one series per persona, a dashed target series,
//! gridlines for every value of the scale, and stage boundaries. Pure
//! geometry; the SVG carries a title and description for screen readers.

use std::fmt::Write as _;

use crate::config::EmotionScale;
use crate::content::markdown::escape_html;
use crate::escape::push_escaped;
use crate::i18n::Labels;

/// Width of one step column in CSS pixels (the map's CSS uses the same).
pub const STEP_WIDTH: u32 = 180;
/// Height of the plotting area plus margins.
pub const HEIGHT: u32 = 168;
const MARGIN_Y: f64 = 18.0;

/// One line on the chart: a value per step, `None` where it has none.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<i64>>,
    /// CSS class: `series-0` (primary persona) to `series-5`, or `target`.
    pub class: String,
    pub dashed: bool,
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The site's interface text, for the description.
    pub labels: &'a Labels,
    pub scale: &'a EmotionScale,
    pub step_count: usize,
    /// Index of the first step of each stage after the first.
    pub stage_breaks: &'a [usize],
    pub series: &'a [Series],
    /// Step names, for the points' tooltips.
    pub step_names: &'a [String],
}

/// The x of the centre of step `index`.
pub fn x_of(index: usize) -> f64 {
    (index as f64 + 0.5) * f64::from(STEP_WIDTH)
}

/// The y of a score: `max` at the top margin, `min` at the bottom margin.
pub fn y_of(score: i64, scale: &EmotionScale) -> f64 {
    y_within(score, scale, f64::from(HEIGHT), MARGIN_Y)
}

/// The y of a score in a plot of any height with the given top and bottom margin.
pub(super) fn y_within(score: i64, scale: &EmotionScale, height: f64, margin: f64) -> f64 {
    let span = (scale.max - scale.min) as f64;
    margin + (scale.max - score) as f64 / span * (height - 2.0 * margin)
}

/// SVG path data for a series: runs of consecutive values become `M..L..`
/// segments; a step without a value breaks the line.
pub fn path_data(values: &[Option<i64>], scale: &EmotionScale) -> String {
    polyline(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|score| (x_of(i), y_of(score, scale)))),
    )
}

/// SVG path data through points; a `None` lifts the pen.
pub(super) fn polyline(points: impl Iterator<Item = Option<(f64, f64)>>) -> String {
    let mut data = String::new();
    let mut pen_down = false;
    for point in points {
        match point {
            Some((x, y)) => {
                if !data.is_empty() {
                    data.push(' ');
                }
                data.push(if pen_down { 'L' } else { 'M' });
                fmt(x).push_to(&mut data);
                data.push(' ');
                fmt(y).push_to(&mut data);
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    data
}

/// A coordinate to one decimal, without a trailing `.0` (`12`, `-0.5`).
pub(super) fn fmt(value: f64) -> Tenths {
    Tenths((value * 10.0).round() as i64)
}

/// A number in tenths, printed with integer arithmetic: charts print
/// thousands of coordinates, and float formatting (and a String for each)
/// was most of their cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Tenths(i64);

impl Tenths {
    /// A whole number, printed the same way.
    pub(super) fn whole(value: i64) -> Tenths {
        Tenths(value.saturating_mul(10))
    }

    /// The number's text, written from the end of `buffer` (19 digits, a
    /// point, a tenth and a sign fit).
    fn text(self, buffer: &mut [u8; 24]) -> &str {
        let mut at = buffer.len();
        let mut put = |byte: u8| {
            at -= 1;
            buffer[at] = byte;
        };
        let magnitude = self.0.unsigned_abs();
        let tenth = (magnitude % 10) as u8;
        if tenth != 0 {
            put(b'0' + tenth);
            put(b'.');
        }
        let mut whole = magnitude / 10;
        loop {
            put(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if self.0 < 0 {
            put(b'-');
        }
        std::str::from_utf8(&buffer[at..]).unwrap_or_default()
    }

    /// Appends the number: charts print thousands of them, and going
    /// through `write!` was most of a chart's cost.
    pub(super) fn push_to(self, out: &mut String) {
        out.push_str(self.text(&mut [0; 24]));
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text(&mut [0; 24]))
    }
}

/// The whole SVG element.
pub fn render(chart: &Chart<'_>) -> String {
    let width = STEP_WIDTH as usize * chart.step_count.max(1);
    let mut svg = String::with_capacity(2048 + chart.series.len() * chart.step_count * 96);
    let title_id = format!("{}-title", chart.id);
    let desc_id = format!("{}-desc", chart.id);
    let _ = write!(
        svg,
        r#"<svg class="emotion-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
        escape_html(chart.title),
        escape_html(&describe(chart)),
    );
    for score in chart.scale.min..=chart.scale.max {
        let y = fmt(y_of(score, chart.scale));
        let class = if score == 0 { "grid zero" } else { "grid" };
        let _ = write!(
            svg,
            r#"<line class="{class}" x1="0" y1="{y}" x2="{width}" y2="{y}"/>"#
        );
    }
    for &index in chart.stage_breaks {
        let x = index * STEP_WIDTH as usize;
        let _ = write!(
            svg,
            r#"<line class="stage-break" x1="{x}" y1="0" x2="{x}" y2="{HEIGHT}"/>"#
        );
    }
    for series in chart.series {
        draw_series(&mut svg, chart, series);
    }
    svg.push_str("</svg>");
    svg
}

fn draw_series(svg: &mut String, chart: &Chart<'_>, series: &Series) {
    let class = escape_html(&series.class);
    let dash = if series.dashed {
        r#" stroke-dasharray="6 5""#
    } else {
        ""
    };
    let _ = write!(
        svg,
        r#"<g class="series {class}"><path d="{}" fill="none"{dash}/>"#,
        path_data(&series.values, chart.scale)
    );
    let radius = if series.dashed { "3" } else { "5" };
    for (index, value) in series.values.iter().enumerate() {
        let Some(score) = *value else { continue };
        let label = chart.scale.label(score).unwrap_or("");
        let step = chart.step_names.get(index).map_or("", String::as_str);
        // `<circle cx=".." cy=".." r=".."><title>step: series score (label)</title></circle>`
        svg.push_str(r#"<circle cx=""#);
        fmt(x_of(index)).push_to(svg);
        svg.push_str(r#"" cy=""#);
        fmt(y_of(score, chart.scale)).push_to(svg);
        svg.push_str(r#"" r=""#);
        svg.push_str(radius);
        svg.push_str(r#""><title>"#);
        push_escaped(svg, step);
        svg.push_str(": ");
        push_escaped(svg, &series.label);
        svg.push(' ');
        Tenths::whole(score).push_to(svg);
        svg.push_str(" (");
        push_escaped(svg, label);
        svg.push_str(")</title></circle>");
    }
    svg.push_str("</g>");
}

/// The scale's labels at the heights of their gridlines, for the lane
/// header beside the chart (decorative: the score table carries the data).
pub fn axis(scale: &EmotionScale, width: u32) -> String {
    let mut svg = format!(
        r#"<svg class="emotion-axis" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" aria-hidden="true" focusable="false">"#
    );
    for score in scale.min..=scale.max {
        let label = scale.label(score).unwrap_or_default();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{} {score}</text>"#,
            width - 6,
            fmt(y_of(score, scale)),
            escape_html(label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A small decorative curve (the value it shows is printed beside it).
pub fn sparkline(values: &[Option<i64>], scale: &EmotionScale, width: u32, height: u32) -> String {
    let (w, h) = (f64::from(width), f64::from(height));
    let step = w / values.len().max(1) as f64;
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|score| ((i as f64 + 0.5) * step, y_within(score, scale, h, 4.0))));
    let zero = fmt(y_within(0.clamp(scale.min, scale.max), scale, h, 4.0));
    let points: Vec<Option<(f64, f64)>> = points.collect();
    // A dot per score, so a score with no scored neighbour still shows.
    let mut dots = String::with_capacity(points.len() * 40);
    for (x, y) in points.iter().flatten() {
        dots.push_str(r#"<circle cx=""#);
        fmt(*x).push_to(&mut dots);
        dots.push_str(r#"" cy=""#);
        fmt(*y).push_to(&mut dots);
        dots.push_str(r#"" r="2"/>"#);
    }
    format!(
        r#"<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false"><line class="grid zero" x1="0" y1="{zero}" x2="{width}" y2="{zero}"/><path d="{}" fill="none"/>{dots}</svg>"#,
        polyline(points.into_iter())
    )
}

/// A one-sentence summary for screen readers: the lowest and highest points.
fn describe(chart: &Chart<'_>) -> String {
    let none = || chart.labels.get("chart", "no_emotions").to_string();
    let Some(primary) = chart.series.first() else {
        return none();
    };
    let scored: Vec<(usize, i64)> = primary
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|s| (i, s)))
        .collect();
    let (Some(low), Some(high)) = (
        scored.iter().min_by_key(|(_, s)| *s),
        scored.iter().max_by_key(|(_, s)| *s),
    ) else {
        return none();
    };
    let name = |i: usize| chart.step_names.get(i).map_or("", String::as_str);
    chart.labels.fill(
        "chart",
        "summary",
        &[
            ("series", &chart.series.len().to_string()),
            ("steps", &chart.step_count.to_string()),
            ("min", &chart.scale.min.to_string()),
            ("max", &chart.scale.max.to_string()),
            ("low_step", name(low.0)),
            ("low", &low.1.to_string()),
            ("high_step", name(high.0)),
            ("high", &high.1.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> EmotionScale {
        EmotionScale::default()
    }

    #[test]
    fn coordinates_print_as_float_formatting_would() {
        let by_float = |value: f64| {
            let rounded = (value * 10.0).round() / 10.0;
            match rounded.fract() == 0.0 {
                true => format!("{}", rounded as i64),
                false => format!("{rounded:.1}"),
            }
        };
        let mut value = -2000.0;
        while value < 2000.0 {
            assert_eq!(fmt(value).to_string(), by_float(value), "{value}");
            value += 0.0137;
        }
        for value in [0.0, -0.0, 0.05, -0.05, -0.04, 0.95, -0.95, 2.25, -12.35] {
            assert_eq!(fmt(value).to_string(), by_float(value), "{value}");
            let mut pushed = String::from("x");
            fmt(value).push_to(&mut pushed);
            assert_eq!(pushed, format!("x{}", by_float(value)), "{value}");
        }
    }

    #[test]
    fn whole_numbers_print_as_integers_do() {
        for value in [
            0,
            1,
            -1,
            9,
            10,
            -10,
            123_456,
            -99,
            i64::MAX / 10,
            i64::MIN / 10,
        ] {
            assert_eq!(Tenths::whole(value).to_string(), value.to_string());
        }
        assert_eq!(Tenths(i64::MIN).to_string(), "-922337203685477580.8");
    }

    #[test]
    fn scale_maps_max_to_top_and_min_to_bottom() {
        assert_eq!(y_of(2, &scale()), MARGIN_Y);
        assert_eq!(y_of(-2, &scale()), f64::from(HEIGHT) - MARGIN_Y);
        assert_eq!(y_of(0, &scale()), f64::from(HEIGHT) / 2.0);
    }

    #[test]
    fn steps_sit_at_column_centres() {
        assert_eq!(x_of(0), 90.0);
        assert_eq!(x_of(2), 450.0);
    }

    #[test]
    fn axis_labels_sit_on_the_gridlines() {
        let svg = axis(&scale(), 150);
        assert!(svg.contains(r#"<text x="144" y="18" text-anchor="end" dominant-baseline="middle">Delighted 2</text>"#));
        assert!(
            svg.contains(
                r#"y="150" text-anchor="end" dominant-baseline="middle">Unhappy -2</text>"#
            )
        );
    }

    #[test]
    fn sparkline_spreads_points_over_its_width() {
        let svg = sparkline(&[Some(2), None, Some(-2)], &scale(), 90, 40);
        assert!(
            svg.contains(r#"<path d="M15 4 M75 36" fill="none"/>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<circle cx="15" cy="4" r="2"/><circle cx="75" cy="36" r="2"/>"#),
            "{svg}"
        );
        assert!(svg.contains(r#"aria-hidden="true""#));
    }

    #[test]
    fn missing_values_break_the_line() {
        let data = path_data(&[Some(2), Some(0), None, Some(-2)], &scale());
        assert_eq!(data, "M90 18 L270 84 M630 150");
    }

    #[test]
    fn svg_has_title_description_and_escaped_labels() {
        let series = [Series {
            label: "Ana <primary>".into(),
            values: vec![Some(1), Some(-1)],
            class: "primary".into(),
            dashed: false,
        }];
        let names = ["Sees ad".to_string(), "Pays".to_string()];
        let svg = render(&Chart {
            id: "c",
            title: "Emotion of \"Buy\"",
            labels: crate::config::Language::EN.labels(),
            scale: &scale(),
            step_count: 2,
            stage_breaks: &[1],
            series: &series,
            step_names: &names,
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"<title id="c-title">Emotion of &quot;Buy&quot;</title>"#));
        assert!(svg.contains("Lowest: Pays (-1)"));
        assert!(svg.contains("Ana &lt;primary&gt;"));
        assert!(svg.contains(r#"<line class="stage-break" x1="180""#));
    }
}
