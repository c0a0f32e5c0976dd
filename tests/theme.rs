//! The default theme is embedded and overridable file by file: an override
//! replaces only its own file, a broken template is reported at its file,
//! line and column, and a theme folder that does not exist is an error.

mod common;

use common::Fixture;

fn with_theme(fixture: &Fixture, name: &str) {
    let book = fixture.read("book.toml");
    fixture.write(
        "book.toml",
        &book.replace("[build]\n", &format!("[build]\ntheme = \"{name}\"\n")),
    );
}

#[test]
fn a_theme_overrides_only_the_files_it_provides() {
    let fixture = Fixture::new("site");
    with_theme(&fixture, "brand");
    fixture.write(
        "themes/brand/static/style.css",
        "body { background: hotpink; }\n",
    );
    fixture.write(
        "themes/brand/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    fixture.write(
        "themes/brand/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"brand-page\">{{ page.title }}</h1>{{ page.body_html | safe }}{% endblock main %}\n",
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        fixture.read("public/static/style.css"),
        "body { background: hotpink; }\n"
    );
    assert!(
        fixture.path().join("public/static/logo.svg").exists(),
        "new static files are added"
    );
    assert!(
        fixture.path().join("public/static/favicon.svg").exists(),
        "other built-in files stay"
    );
    assert!(
        fixture
            .read("public/guides/glossary/index.html")
            .contains(r#"<h1 class="brand-page">Glossary</h1>"#)
    );
    assert!(
        fixture
            .read("public/journeys/buy/index.html")
            .contains("Journey map"),
        "built-in journey template"
    );
}

#[test]
fn the_map_and_its_components_follow_the_theme() {
    // The built-in map and step-use tables are drawn in Rust; a theme that
    // changes the map's template, or the components, must still be followed.
    let fixture = Fixture::new("site");
    with_theme(&fixture, "brand");
    let map = journeybook_template("journey-map.html").replace(
        "<section class=\"map-section\"",
        "<section data-brand-map class=\"map-section\"",
    );
    fixture.write("themes/brand/templates/journey-map.html", &map);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fixture.read("public/journeys/buy/index.html");
    assert!(page.contains("<section data-brand-map class=\"map-section\""));
    assert!(
        fixture
            .read("public/print/index.html")
            .contains("data-brand-map")
    );

    std::fs::remove_file(
        fixture
            .path()
            .join("themes/brand/templates/journey-map.html"),
    )
    .unwrap();
    let components = journeybook_template("components.html")
        .replace("<ul class=\"items\">", "<ul class=\"items brand-items\">")
        .replace(
            "<table class=\"uses\">",
            "<table class=\"uses brand-uses\">",
        );
    fixture.write("themes/brand/templates/components.html", &components);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fixture.read("public/journeys/buy/index.html");
    assert!(!page.contains("data-brand-map"));
    assert!(page.contains("<td><ul class=\"items brand-items\">"));
    let touchpoint = fixture.read("public/touchpoints/web-checkout/index.html");
    assert!(touchpoint.contains("<table class=\"uses brand-uses\">"));
}

#[test]
fn a_journey_template_override_reads_every_field() {
    // The built-in journey page leaves the map's stages, lanes and curve out
    // of its template context (the map is drawn in Rust); an override must
    // still get them.
    let fixture = Fixture::new("site");
    with_theme(&fixture, "brand");
    let journey = journeybook_template("journey.html").replace(
        "{{ map_html | safe }}",
        "<p data-lanes=\"{{ page.lanes | length }}\" data-first=\"{{ page.lanes | first | get(key=\"label\") }}\" data-stages=\"{{ page.stages | length }}\" data-curve=\"{{ page.chart_svg | length }}\"></p>{{ map_html | safe }}",
    );
    fixture.write("themes/brand/templates/journey.html", &journey);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fixture.read("public/journeys/buy/index.html");
    let lanes = page
        .split("data-lanes=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("the override's lane count");
    assert!(lanes > 3, "{lanes} lanes");
    assert!(
        !page.contains("data-first=\"\""),
        "the first lane has a label"
    );
}

/// A template of the default theme as shipped.
fn journeybook_template(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    std::fs::read_to_string(path).expect("template")
}

#[test]
fn a_template_syntax_error_names_the_template_line_and_column() {
    let fixture = Fixture::new("site");
    with_theme(&fixture, "brand");
    fixture.write(
        "themes/brand/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E0701]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--> themes/brand/templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("<h1>{{ page.title }</h1>"),
        "the line is quoted:\n{}",
        run.stderr
    );
    assert!(!fixture.path().join("public").exists());
}

#[test]
fn a_missing_theme_folder_is_an_error() {
    let fixture = Fixture::new("site");
    with_theme(&fixture, "nowhere");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("theme `nowhere` not found"),
        "{}",
        run.stderr
    );
}

/// Both stylesheets are linked from every page's head, so the browser
/// fetches them side by side: a stylesheet that imports another makes
/// the page wait for the first before it even asks for the second.
#[test]
fn every_page_links_its_stylesheets_side_by_side() {
    let fixture = Fixture::new("site");
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, bytes) in common::site_files(&fixture.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        if file.ends_with(".css") {
            assert!(!text.contains("@import"), "{file} imports a stylesheet");
        }
        if file.ends_with(".html") {
            let head = common::region(&text, "<head>", "</head>");
            for sheet in ["static/style.css", "static/highlight.css"] {
                // The fixture's base-url is `/cx/`.
                let link = format!(r#"<link rel="stylesheet" href="/cx/{sheet}">"#);
                assert!(head.contains(&link), "{file} does not link {sheet}");
            }
        }
    }
}
