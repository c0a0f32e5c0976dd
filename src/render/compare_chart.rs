//! The comparison chart of a future map and the current map it improves:
//! one band per stage (matched by stage id), each map's steps spread evenly
//! inside their stage's band, both curves on one scale.

use std::fmt::Write as _;

use crate::config::EmotionScale;
use crate::content::markdown::escape_html;

use super::chart::{fmt, polyline, y_within};

const BAND_WIDTH: f64 = 200.0;
const AXIS: f64 = 120.0;
const PLOT_HEIGHT: f64 = 168.0;
const LABELS: f64 = 28.0;
const MARGIN: f64 = 18.0;

/// A map's curve: for each of its steps, the band it sits in, its position
/// among that band's steps (index, count), and its score if any.
#[derive(Clone, Debug)]
pub struct BandSeries {
    pub label: String,
    pub class: String,
    pub points: Vec<(usize, usize, usize, Option<i64>)>,
}

/// The chart's id and its title and description for screen readers.
pub struct Texts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// The x of the `index`-th of `count` steps in band `band`.
pub fn x_in_band(band: usize, index: usize, count: usize) -> f64 {
    AXIS + (band as f64 + (index as f64 + 0.5) / count.max(1) as f64) * BAND_WIDTH
}

/// The SVG, with a title, a description and stage labels.
pub fn render(
    texts: &Texts<'_>,
    scale: &EmotionScale,
    bands: &[String],
    series: &[BandSeries],
) -> String {
    let width = AXIS + bands.len() as f64 * BAND_WIDTH;
    let height = PLOT_HEIGHT + LABELS;
    let y = |score: i64| y_within(score, scale, PLOT_HEIGHT, MARGIN);
    let mut svg = format!(
        r#"<svg class="emotion-chart compare-chart" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape_html(texts.title),
        // Built-in text: the i18n tests keep `<`, `>` and `&` out of it.
        texts.description,
        id = texts.id,
        w = fmt(width),
        h = fmt(height),
    );
    for score in scale.min..=scale.max {
        let class = if score == 0 { "grid zero" } else { "grid" };
        let label = scale.label(score).unwrap_or_default();
        let _ = write!(
            svg,
            r#"<line class="{class}" x1="{AXIS}" y1="{y}" x2="{w}" y2="{y}"/><text class="axis" x="{tx}" y="{y}" text-anchor="end" dominant-baseline="middle">{} {score}</text>"#,
            escape_html(label),
            y = fmt(y(score)),
            w = fmt(width),
            tx = fmt(AXIS - 6.0),
        );
    }
    for (band, name) in bands.iter().enumerate() {
        let left = AXIS + band as f64 * BAND_WIDTH;
        let _ = write!(
            svg,
            r#"<line class="stage-break" x1="{x}" y1="0" x2="{x}" y2="{PLOT_HEIGHT}"/><text class="stage-label" x="{mid}" y="{ty}" text-anchor="middle">{}</text>"#,
            escape_html(name),
            x = fmt(left),
            mid = fmt(left + BAND_WIDTH / 2.0),
            ty = fmt(PLOT_HEIGHT + LABELS / 2.0 + 4.0),
        );
    }
    for line in series {
        let points = line.points.iter().map(|&(band, index, count, score)| {
            score.map(|s| (x_in_band(band, index, count), y(s)))
        });
        let _ = write!(
            svg,
            r#"<g class="series {}"><path d="{}" fill="none"/>"#,
            escape_html(&line.class),
            polyline(points)
        );
        for &(band, index, count, score) in &line.points {
            if let Some(score) = score {
                let _ = write!(
                    svg,
                    r#"<circle cx="{}" cy="{}" r="4"><title>{}: {score}</title></circle>"#,
                    fmt(x_in_band(band, index, count)),
                    fmt(y(score)),
                    escape_html(&line.label)
                );
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_spread_inside_their_stage_band() {
        assert_eq!(x_in_band(0, 0, 1), AXIS + 100.0);
        assert_eq!(x_in_band(1, 0, 2), AXIS + 250.0);
        assert_eq!(x_in_band(1, 1, 2), AXIS + 350.0);
    }

    #[test]
    fn both_curves_share_the_bands() {
        let scale = EmotionScale::default();
        let series = [
            BandSeries {
                label: "Today".into(),
                class: "series-0".into(),
                points: vec![(0, 0, 1, Some(-2)), (1, 0, 1, Some(0))],
            },
            BandSeries {
                label: "Target".into(),
                class: "series-1".into(),
                points: vec![(0, 0, 1, Some(1)), (1, 0, 1, Some(2))],
            },
        ];
        let texts = Texts {
            id: "c",
            title: "Today vs target",
            description: "Both curves",
        };
        let svg = render(&texts, &scale, &["Buy".into(), "Use".into()], &series);
        assert!(
            svg.contains(r#"<path d="M220 150 L420 84" fill="none"/>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<path d="M220 51 L420 18" fill="none"/>"#),
            "{svg}"
        );
        assert!(svg.contains(">Buy</text>") && svg.contains(">Use</text>"));
    }
}
