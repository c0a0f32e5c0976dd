//! A part of the portfolio's journeys rendered as one task: each journey's
//! page, and the part of the print view (`/print/`, `/print/2/`, …) that
//! holds the same journeys. Each map (`journey-map.html`) is rendered once,
//! with a placeholder where the id prefix goes, and goes into both pages:
//! the journey page with no prefix, the print sheet with `<id>-` (so that
//! several maps can share a page). Rendering the print view used to
//! compute and template every map a second time.

use serde::Serialize;

use super::journey::{self, JourneyView};
use super::map_html;
use super::print::{self, PrintSheet};
use super::{PageResult, Renderer, body_html, splice};
use crate::link::urls;
use crate::render::OutputFile;

/// Stands for the id prefix in a rendered map. Private-use characters:
/// escaped content never produces them by accident in an id attribute.
const PREFIX_PLACEHOLDER: &str = "\u{F8FF}journeybook-prefix\u{F8FF}";

/// One journey of the part: its view, its page's input hash and, once
/// rendered, its map.
struct Sheet<'a> {
    view: JourneyView<'a>,
    key: u64,
    map: Option<String>,
}

/// Renders part `part` (1-based): its journeys' pages, then its print page.
pub(super) fn render(renderer: &Renderer<'_>, part: usize) -> Vec<PageResult> {
    let site = renderer.site;
    let range = print::journeys_of(site, part);
    let mut results = Vec::with_capacity(range.len() + 1);
    let mut sheets = Vec::with_capacity(range.len());
    for i in range {
        let (page, sheet) = journey(renderer, i);
        results.push(page);
        sheets.push(sheet);
    }
    let lean = lean_pages(renderer, &PRINT_TEMPLATES);
    results.push(print_page(renderer, part, sheets, lean));
    results
}

/// Journey `i`'s page, and its sheet for the print view.
fn journey<'a>(renderer: &Renderer<'a>, i: usize) -> (PageResult, Sheet<'a>) {
    let site = renderer.site;
    let journey = &site.portfolio.journeys[i];
    let mut view = journey::view(site, i, body_html(site, &journey.doc, &journey.title, 3));
    let url = urls::entity(urls::JOURNEYS, &journey.doc.id);
    let path = urls::output_file(&url);
    let description = journey.scenario.as_deref();
    let key = renderer.key("journey.html", &url, &journey.title, description, &view);
    let mut map = None;
    let lean = lean_pages(renderer, &PAGE_TEMPLATES);
    let page = match renderer.cached(&path, key) {
        Some(bytes) => Ok(OutputFile { path, bytes }),
        None => {
            journey_page(renderer, &mut view, &url, description, lean).map(|(bytes, fragment)| {
                map = Some(fragment);
                OutputFile { path, bytes }
            })
        }
    };
    (page.map(|file| (file, key)), Sheet { view, key, map })
}

/// Journey `i`'s page alone (for `serve`, answering a request for it
/// before the whole site is rendered).
pub(super) fn render_journey(renderer: &Renderer<'_>, i: usize) -> PageResult {
    journey(renderer, i).0
}

/// A journey page and its map (with the prefix placeholder), from one
/// template context.
fn journey_page(
    renderer: &Renderer<'_>,
    view: &mut JourneyView,
    url: &str,
    description: Option<&str>,
    lean: bool,
) -> Result<(bytes::Bytes, String), Box<crate::diagnostic::Diagnostic>> {
    let rust_map =
        built_in_map(renderer).then(|| map_html::render(renderer.site, view, PREFIX_PLACEHOLDER));
    // Only the map reads the stages, lanes and curve: the largest part of
    // the view. On a lean page they are left out of the template context,
    // and the map goes into the page after Tera (see `splice`).
    let map_parts = lean.then(|| view.take_map_parts());
    let mut context = renderer.context(url, &view.title, description, &*view);
    if let Some(parts) = map_parts {
        view.restore_map_parts(parts);
    }
    let map = match rust_map {
        Some(map) => map,
        None => {
            context.insert("prefix", PREFIX_PLACEHOLDER);
            renderer.render("journey-map.html", &context)?
        }
    };
    if lean {
        context.insert("map_html", splice::MAP_MARK);
        let page = renderer.render_page("journey.html", &context, super::PAGE_CAPACITY)?;
        if let Some(bytes) = splice::maps_into(&page, &[(&map, "")], PREFIX_PLACEHOLDER) {
            return Ok((bytes.into(), map));
        }
    }
    context.insert("map_html", &map.replace(PREFIX_PLACEHOLDER, ""));
    let capacity = super::PAGE_CAPACITY + map.len() + view.body_html.len();
    let bytes = renderer.render_page("journey.html", &context, capacity)?;
    Ok((bytes.into(), map))
}

/// Whether pages made of `templates` are rendered lean: the map drawn in
/// Rust and put into the page after Tera (see `splice`), and the fields
/// only the map reads left out of the context. Only while those templates
/// and the map's are the built-in ones, which read nothing else.
fn lean_pages(renderer: &Renderer<'_>, templates: &[&str]) -> bool {
    built_in_map(renderer) && renderer.all_built_in(templates)
}

/// The templates a journey page is rendered with, besides the map's.
const PAGE_TEMPLATES: [&str; 2] = ["journey.html", "base.html"];

/// The templates a print page is rendered with, besides the maps'.
const PRINT_TEMPLATES: [&str; 2] = ["print.html", "base.html"];

/// Whether the theme's map is the built-in one, rendered in Rust.
fn built_in_map(renderer: &Renderer<'_>) -> bool {
    map_html::TEMPLATES
        .iter()
        .all(|template| renderer.theme.is_built_in(template))
}

/// The map of a journey whose page was reused from the previous build.
fn map_alone(
    renderer: &Renderer<'_>,
    view: &JourneyView,
) -> Result<String, Box<crate::diagnostic::Diagnostic>> {
    if built_in_map(renderer) {
        return Ok(map_html::render(renderer.site, view, PREFIX_PLACEHOLDER));
    }
    let mut context = renderer.context(&view.url, &view.title, view.scenario.as_deref(), view);
    context.insert("prefix", PREFIX_PLACEHOLDER);
    renderer.render("journey-map.html", &context)
}

/// What a print page's HTML depends on: its view without the sheets, and
/// each sheet's journey (by the hash of its page inputs).
#[derive(Serialize)]
struct PrintInputs<'a> {
    head: &'a print::PrintView,
    journeys: Vec<u64>,
}

fn print_page(renderer: &Renderer<'_>, part: usize, sheets: Vec<Sheet>, lean: bool) -> PageResult {
    let site = renderer.site;
    let intro = match (part, &site.portfolio.home) {
        (1, Some(home)) => body_html(site, &home.doc, &home.title, 2),
        _ => String::new(),
    };
    let profiles_only = renderer.all_built_in(&PRINT_TEMPLATES);
    let mut view = print::view(site, part, intro, profiles_only);
    let url = print::part_url(part);
    let path = urls::output_file(&url);
    let title = site.labels().get("print", "title");
    let inputs = PrintInputs {
        head: &view,
        journeys: sheets.iter().map(|sheet| sheet.key).collect(),
    };
    let key = renderer.key("print.html", &url, title, None, &inputs);
    if let Some(bytes) = renderer.cached(&path, key) {
        return Ok((OutputFile { path, bytes }, key));
    }
    // On a lean print page the maps go into the page after Tera.
    let mut maps = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let map = match sheet.map {
            Some(map) => map,
            None => map_alone(renderer, &sheet.view)?,
        };
        let view_of = sheet.view;
        let prefix = format!("{}-", view_of.id);
        view.journeys.push(PrintSheet {
            map_html: match lean {
                true => splice::MAP_MARK.to_owned(),
                false => map.replace(PREFIX_PLACEHOLDER, &prefix),
            },
            id: view_of.id,
            title: view_of.title,
            scenario: view_of.scenario,
            print_zoom: view_of.print_zoom,
        });
        maps.push((map, prefix));
    }
    let capacity = maps.iter().map(|(map, _)| map.len()).sum::<usize>() + super::PAGE_CAPACITY;
    let context = renderer.context(&url, title, None, &view);
    let page = renderer.render_page("print.html", &context, capacity)?;
    let spliced_page = lean.then(|| {
        let pieces: Vec<(&str, &str)> = maps
            .iter()
            .map(|(map, prefix)| (map.as_str(), prefix.as_str()))
            .collect();
        splice::maps_into(&page, &pieces, PREFIX_PLACEHOLDER)
    });
    let bytes = match spliced_page {
        Some(Some(bytes)) => bytes,
        Some(None) => {
            // Cannot happen with the built-in template; render it whole.
            for (sheet, (map, prefix)) in view.journeys.iter_mut().zip(&maps) {
                sheet.map_html = map.replace(PREFIX_PLACEHOLDER, prefix);
            }
            let context = renderer.context(&url, title, None, &view);
            renderer.render_page("print.html", &context, capacity)?
        }
        None => page,
    };
    Ok((
        OutputFile {
            path,
            bytes: bytes.into(),
        },
        key,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::{Session, print};
    use super::{PAGE_TEMPLATES, journey, journey_page, lean_pages, print_page};
    use crate::link::{Site, urls};
    use crate::test_support::for_each_portfolio;
    use crate::theme::Theme;

    /// Every journey page and print page of a portfolio rendered lean,
    /// against the same page with every field and map handed to Tera.
    fn assert_lean_pages_are_whole(site: &Site, theme: &Theme) {
        let session = Session::new(site, theme, None);
        let renderer = session.renderer();
        assert!(lean_pages(&renderer, &PAGE_TEMPLATES));
        let sheets = |part| {
            print::journeys_of(site, part)
                .map(|i| journey(&renderer, i).1)
                .collect::<Vec<_>>()
        };
        let mut compared = 0;
        for part in 1..=print::part_count(site) {
            for mut sheet in sheets(part) {
                let view = &mut sheet.view;
                let url = urls::entity(urls::JOURNEYS, &view.id);
                let scenario = view.scenario.clone();
                let mut page = |lean| {
                    let page = journey_page(&renderer, view, &url, scenario.as_deref(), lean);
                    String::from_utf8(page.expect("renders").0.to_vec()).expect("UTF-8")
                };
                let lean = page(true);
                assert_eq!(lean, page(false), "{url}");
                compared += 1;
            }
            let printed = |lean| {
                let (file, _) = print_page(&renderer, part, sheets(part), lean).expect("renders");
                String::from_utf8(file.bytes.to_vec()).expect("UTF-8")
            };
            assert_eq!(printed(true), printed(false), "print part {part}");
        }
        assert!(compared > 0, "no journey page compared");
    }

    #[test]
    fn lean_pages_are_the_whole_templates_byte_for_byte() {
        for_each_portfolio(assert_lean_pages_are_whole);
    }
}
