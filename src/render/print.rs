//! Printing a journey map on one landscape sheet: an estimate, from the
//! map's content, of how tall it prints at the paper's width with the
//! print stylesheet's type, and the zoom that makes it fit one page. The
//! estimate errs on the tall side, so the page never spills over.

use serde::Serialize;

use crate::config::Paper;
use crate::link::{Site, urls};

use super::entities::{self, PersonaView};
use super::lanes::Lane;
use super::view::Linker;

/// Journeys per part of the print view: a part stays a printable size
/// however large the portfolio.
pub const JOURNEYS_PER_PART: usize = 25;

/// One part of the print view of the whole portfolio (`/print/`,
/// `/print/2/`, …), in reading order: the first part has the home text and
/// the personas, then every part has its journey maps, one per sheet.
#[derive(Serialize)]
pub struct PrintView {
    pub part: usize,
    /// The parts near this one, the first and the last, for moving
    /// between them (a bounded list however many parts there are).
    pub parts: Vec<PartLink>,
    pub intro_html: String,
    pub personas: Vec<PersonaView>,
    pub journeys: Vec<PrintSheet>,
}

/// A link to a part of the print view.
#[derive(Serialize)]
pub struct PartLink {
    pub url: String,
    pub title: String,
    pub current: bool,
    /// Parts are left out between this one and the one before.
    pub gap_before: bool,
}

/// One journey's sheet: its map, rendered once for its own page too.
#[derive(Serialize)]
pub struct PrintSheet {
    pub id: String,
    pub title: String,
    pub scenario: Option<String>,
    pub print_zoom: f64,
    /// `journey-map.html` for this journey, ids prefixed with `<id>-`.
    pub map_html: String,
}

/// How many parts the print view has.
pub fn part_count(site: &Site) -> usize {
    site.portfolio
        .journeys
        .len()
        .div_ceil(JOURNEYS_PER_PART)
        .max(1)
}

/// The journeys (indexes) of part `part` (1-based).
pub fn journeys_of(site: &Site, part: usize) -> std::ops::Range<usize> {
    let start = (part.max(1) - 1) * JOURNEYS_PER_PART;
    let end = (start + JOURNEYS_PER_PART).min(site.portfolio.journeys.len());
    start.min(end)..end
}

/// The URL of part `part` (1-based).
pub fn part_url(part: usize) -> String {
    let first = urls::section(urls::PRINT);
    if part <= 1 {
        first
    } else {
        format!("{first}{part}/")
    }
}

/// How many parts on each side of the current one the part list shows.
const NEARBY_PARTS: usize = 3;

/// Part `part` (1-based) of the print view without its sheets;
/// `intro_html` is the home text.
/// The print view of part `part`. With `profiles_only` (while the built-in
/// `print.html` shows them) its personas are without their journeys.
pub fn view(site: &Site, part: usize, intro_html: String, profiles_only: bool) -> PrintView {
    let linker = Linker::new(site);
    let part = part.max(1);
    let first = part == 1;
    let count = part_count(site);
    let near = part.saturating_sub(NEARBY_PARTS).max(1)..=(part + NEARBY_PARTS).min(count);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(near.clone().filter(|&p| p > 1));
    if count > *near.end() {
        shown.push(count);
    }
    let mut previous = 0;
    let parts = shown
        .into_iter()
        .map(|p| {
            let link = linker.urls.link(&part_url(p), &p.to_string());
            let gap_before = p > previous + 1;
            previous = p;
            PartLink {
                url: link.url,
                title: link.title,
                current: p == part,
                gap_before,
            }
        })
        .collect();
    PrintView {
        part,
        parts,
        intro_html: if first { intro_html } else { String::new() },
        personas: if first {
            (0..site.portfolio.personas.len())
                .map(|i| match profiles_only {
                    true => entities::persona_profile(site, i, String::new()),
                    false => entities::persona(site, i, String::new()),
                })
                .collect()
        } else {
            Vec::new()
        },
        journeys: Vec::new(),
    }
}

/// The print stylesheet's measures, in millimetres (see style.css).
const MARGIN: f64 = 8.0;
const LANE_COLUMN: f64 = 24.0;
const CELL_PADDING: f64 = 2.4;
const CHAR_WIDTH: f64 = 1.3;
const LINE: f64 = 3.2;
/// Title, facts and legend above the map.
const HEADER: f64 = 42.0;
/// Stage and step header rows.
const MAP_HEAD: f64 = 22.0;

/// The zoom (0.2 to 1) that fits the map on one landscape sheet.
pub fn fit(paper: Paper, steps: usize, lanes: &[Lane], step_names: &[String]) -> f64 {
    if steps == 0 {
        return 1.0;
    }
    let (width, height) = paper.landscape_mm();
    let column = (width - 2.0 * MARGIN - LANE_COLUMN) / steps as f64;
    let per_line = ((column - CELL_PADDING) / CHAR_WIDTH).floor().max(4.0) as usize;
    let lines = |text: &str| text.chars().count().div_ceil(per_line).max(1);
    let name_lines = step_names.iter().map(|n| lines(n)).max().unwrap_or(1);
    let mut total = HEADER + MAP_HEAD + name_lines as f64 * LINE;
    for lane in lanes {
        if lane.group == "chart" {
            // The curve keeps its aspect ratio: 168 high for 180 wide a step.
            total += column * 168.0 / 180.0;
            continue;
        }
        let tallest = lane
            .cells
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|item| lines(&item.text) + item.note.as_ref().map_or(0, |n| lines(n)))
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        total += tallest.max(1) as f64 * LINE + CELL_PADDING;
    }
    let available = height - 2.0 * MARGIN;
    ((available / total * 0.95).clamp(0.2, 1.0) * 100.0).floor() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::lanes::Item;

    fn lane<'a>(group: &'static str, texts: &[&'a str]) -> Lane<'a> {
        Lane {
            key: "actions",
            label: "",
            group,
            starts_backstage: false,
            cells: texts
                .iter()
                .map(|t| {
                    vec![Item {
                        text: std::borrow::Cow::Borrowed(*t),
                        ..Item::default()
                    }]
                })
                .collect(),
        }
    }

    #[test]
    fn a_small_map_needs_no_zoom_and_a_big_one_shrinks() {
        let names = vec!["Pays".to_string(); 4];
        let small = [
            lane("frontstage", &["a", "b", "c", "d"]),
            lane("chart", &["", "", "", ""]),
        ];
        assert_eq!(fit(Paper::A3, 4, &small, &names), 1.0);
        let long = "word ".repeat(60);
        let texts: Vec<&str> = (0..16).map(|_| long.as_str()).collect();
        let big: Vec<Lane> = (0..14).map(|_| lane("frontstage", &texts)).collect();
        let zoom = fit(Paper::A4, 16, &big, &vec!["Name".to_string(); 16]);
        assert!((0.2..0.5).contains(&zoom), "{zoom}");
        assert!(
            fit(Paper::A3, 16, &big, &vec!["Name".to_string(); 16]) > zoom,
            "A3 needs less shrinking"
        );
    }

    #[test]
    fn the_first_part_shows_persona_profiles_as_full_persona_views() {
        use crate::render::Session;
        crate::test_support::for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let renderer = session.renderer();
            let page = |profiles_only: bool| {
                let view = view(site, 1, String::new(), profiles_only);
                assert!(!view.personas.is_empty());
                renderer.templated("print.html", &view)
            };
            let profiles = page(true);
            assert!(profiles.contains("class=\"print-persona\""));
            assert_eq!(profiles, page(false), "{}", site.config.title);
        });
    }
}
