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
