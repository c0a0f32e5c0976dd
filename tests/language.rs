//! `[book] language = "es"` renders the site's own text in Spanish: the
//! frame, lane names, headings, enum values, dates and the default emotion
//! labels. The content stays as written.

mod common;

use common::Fixture;

/// The `site` fixture in Spanish, with every journey stale so the home
/// page lists them with their dates, built.
fn spanish_site() -> Fixture {
    let fixture = Fixture::new("site");
    let book = fixture
        .read("book.toml")
        .replace("language = \"en\"", "language = \"es\"")
        .replace("stale-after-days = 36500", "stale-after-days = 30");
    assert!(book.contains("language = \"es\""), "{book}");
    fixture.write("book.toml", &book);
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fixture
}

fn assert_has(html: &str, page: &str, expected: &[&str]) {
    for text in expected {
        assert!(html.contains(text), "{page} lacks {text:?}");
    }
}

fn assert_lacks(html: &str, page: &str, english: &[&str]) {
    for text in english {
        assert!(!html.contains(text), "{page} still has {text:?}");
    }
}

#[test]
fn the_journey_page_is_in_spanish() {
    let fixture = spanish_site();
    let html = fixture.read("public/journeys/buy/index.html");
    let page = "journeys/buy";
    assert_has(
        &html,
        page,
        &[
            r#"<html lang="es">"#,
            "Saltar al contenido",
            r#"<a href="/cx/journeys/">Recorridos</a>"#,
            "<h2 id=\"map-heading\">Mapa del recorrido</h2>",
            "<th scope=\"row\">Acciones</th>",
            "<th scope=\"row\">Pensamientos</th>",
            "Puntos de dolor",
            "Línea de visibilidad",
            "Primer momento de la verdad",
            "mapa actual",
            "vigente",
            "en curso",
            "<dt>Actualizado</dt><dd><time datetime=\"2025-07-01\">1 de julio de 2025</time></dd>",
            "<time datetime=\"2026-03-31\">31 de marzo de 2026</time>",
            "Curva de emociones de «Buy a sofa online»",
            "Muy insatisfecho",
            "Planes de acción",
            "Hecho con journeybook",
        ],
    );
    assert_lacks(
        &html,
        page,
        &[
            "Journey map",
            ">Actions<",
            "Line of visibility",
            "moment of truth",
            "in-progress<",
            "Unhappy",
            "Skip to content",
            "Built with",
        ],
    );
    assert!(
        html.contains("Buy a sofa online") && html.contains("Taps the ad"),
        "content stays as written"
    );
}

#[test]
fn the_home_page_and_the_frame_are_in_spanish() {
    let fixture = spanish_site();
    let html = fixture.read("public/index.html");
    let page = "index";
    assert_has(
        &html,
        page,
        &[
            r#"<html lang="es">"#,
            ">Resumen</a>",
            ">Puntos de contacto</a>",
            ">Planes de acción</a>",
            "Emoción por recorrido y etapa",
            "Puntos de contacto que más duelen",
            "Recorridos desactualizados",
            "Mapas sin actualizar en los últimos 30 días",
            "actualizado el <time datetime=\"2025-07-01\">1 de julio de 2025</time>",
            "Métricas fuera de objetivo",
            "<span class=\"badge state-current\">actual</span>",
            "<span class=\"badge stale\">desactualizado</span>",
            "Fuera de objetivo",
            "más alto",
        ],
    );
    assert_lacks(
        &html,
        page,
        &["Touchpoints that hurt most", "Stale journeys", "Overview"],
    );
}

#[test]
fn list_and_dashboard_pages_are_in_spanish() {
    let fixture = spanish_site();
    let pages: &[(&str, &[&str])] = &[
        (
            "journeys/index.html",
            &["<th scope=\"col\">Emoción media</th>", "1 de mayo de 2025"],
        ),
        (
            "personas/ana/index.html",
            &["Objetivos", "persona principal"],
        ),
        (
            "channels/web/index.html",
            &["Un canal <strong>digital</strong>."],
        ),
        ("metrics/index.html", &["Métricas de cliente", "Lecturas"]),
        (
            "opportunities/index.html",
            &["Impacto y esfuerzo", "esfuerzo bajo"],
        ),
        ("action-plans/index.html", &["Vencidas: 1.", "planificada"]),
        ("404.html", &["Página no encontrada", "Ve al resumen"]),
    ];
    for (page, expected) in pages {
        let html = fixture.read(&format!("public/{page}"));
        assert_has(&html, page, expected);
    }
}

#[test]
fn english_stays_the_default() {
    let fixture = Fixture::new("site");
    let book = fixture.read("book.toml").replace("language = \"en\"\n", "");
    fixture.write("book.toml", &book);
    assert_eq!(fixture.run(&["build"]).code, 0);
    let html = fixture.read("public/journeys/buy/index.html");
    assert_has(
        &html,
        "journeys/buy",
        &[
            r#"<html lang="en">"#,
            "Journey map",
            "1 July 2025",
            "Unhappy",
        ],
    );
}
