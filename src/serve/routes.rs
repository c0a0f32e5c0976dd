//! From a request to a response, out of the in-memory build: `base-url`,
//! clean URLs (`/journeys/a` → `/journeys/a/`), the site's 404 page, content
//! types, the live-reload script injected into pages, and an error page
//! while no build has succeeded. Nothing is read from disk, and any path
//! with `.`/`..` segments (in any encoding) is simply not found.

use crate::content::markdown::escape_html;
use crate::diagnostic::Record;
use crate::link::urls;

use super::http::{Request, Response, content_type};
use super::snapshot::Served;

/// The folder of the server's own endpoints, under `base-url`.
pub const LIVE_PREFIX: &str = "__journeybook/";

/// The browser side of live reload.
pub const LIVE_SCRIPT: &str = include_str!("live.js");

/// Answers one request from what is served now.
pub fn respond(request: &Request, served: &Served, base_url: &str, live: bool) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::text(405, "Only GET and HEAD are served");
        response.headers.push(("Allow", "GET, HEAD".into()));
        return response;
    }
    let Some(path) = clean_path(request.path()) else {
        return not_found(served, base_url, live);
    };
    let Some(rel) = path.strip_prefix(base_url) else {
        if path == "/" || format!("{path}/") == base_url {
            return Response::redirect(base_url.to_string());
        }
        return not_found(served, base_url, live);
    };
    if rel == format!("{LIVE_PREFIX}live.js") {
        return Response::new(
            200,
            content_type("live.js"),
            LIVE_SCRIPT.as_bytes().to_vec(),
        );
    }
    let Some(site) = &served.site else {
        return error_page(&served.errors, base_url, live);
    };
    let file = file_of(rel);
    match site.get(&file) {
        Some(bytes) => Response::new(
            200,
            content_type(&file),
            page_bytes(&file, &bytes, &site.build_id, base_url, live),
        ),
        None if site.has(&format!("{rel}/index.html")) => {
            Response::redirect(format!("{base_url}{}/", encode_path(rel)))
        }
        None => not_found(served, base_url, live),
    }
}

/// The output file a request asks for (`journeys/a/` → its
/// `index.html`), if it is for a file under base-url at all. The server's
/// own endpoints (under [`LIVE_PREFIX`]: the reload script and its event
/// stream) are no file of the site, so a request for them never waits
/// for a rebuild's full render.
pub fn requested_file(request: &Request, base_url: &str) -> Option<String> {
    let path = clean_path(request.path())?;
    let rel = path.strip_prefix(base_url)?;
    (!rel.starts_with(LIVE_PREFIX)).then(|| file_of(rel))
}

/// The output file of a path under base-url.
fn file_of(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Decodes a request path once; `None` for anything that could step out of
/// the site (`.` or `..` segments, backslashes, NUL) or is not UTF-8.
pub fn clean_path(raw: &str) -> Option<String> {
    let decoded = urls::decode(raw);
    if decoded.contains('\0')
        || decoded.contains('\\')
        || decoded.contains(char::REPLACEMENT_CHARACTER)
    {
        return None;
    }
    let escapes = decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    (!escapes && decoded.starts_with('/')).then_some(decoded)
}

fn encode_path(rel: &str) -> String {
    rel.split('/')
        .map(urls::encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// A file's bytes, with the live-reload script added to HTML pages.
fn page_bytes(file: &str, bytes: &[u8], build_id: &str, base_url: &str, live: bool) -> Vec<u8> {
    if !live || !file.ends_with(".html") {
        return bytes.to_vec();
    }
    inject(&String::from_utf8_lossy(bytes), build_id, base_url).into_bytes()
}

/// Adds the live-reload script tag before `</body>` (or at the end).
pub fn inject(html: &str, build_id: &str, base_url: &str) -> String {
    let tag = format!(
        r#"<script src="{base_url}{LIVE_PREFIX}live.js" data-build="{}" defer></script>"#,
        escape_html(build_id)
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{tag}\n{}", &html[..at], &html[at..]),
        None => format!("{html}{tag}"),
    }
}

fn not_found(served: &Served, base_url: &str, live: bool) -> Response {
    let body = served
        .site
        .as_ref()
        .and_then(|site| {
            site.get("404.html")
                .map(|page| page_bytes("404.html", &page, &site.build_id, base_url, live))
        })
        .unwrap_or_else(|| b"Not found".to_vec());
    Response::new(404, "text/html; charset=utf-8", body)
}

/// Shown while no build has succeeded yet: the problems, and the live
/// script so that fixing them reloads the page.
fn error_page(errors: &[Record], base_url: &str, live: bool) -> Response {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The portfolio has errors</title></head><body><main><h1>The portfolio has errors</h1><ul>",
    );
    for error in errors {
        let place = match (error.line, error.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", error.file),
            _ => error.file.clone(),
        };
        html.push_str(&format!(
            "<li><code>{}</code> {}{}</li>",
            escape_html(&place),
            escape_html(&error.message),
            error.help.as_ref().map_or_else(String::new, |h| format!(
                " <em>help: {}</em>",
                escape_html(h)
            ))
        ));
    }
    html.push_str("</ul><p>Fix them and this page reloads by itself.</p></main></body></html>");
    let body = if live {
        inject(&html, "none", base_url)
    } else {
        html
    };
    Response::new(500, "text/html; charset=utf-8", body.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::snapshot::Snapshot;
    use std::sync::Arc;

    fn served() -> Served {
        let files = [
            ("index.html", "<html><body>home</body></html>"),
            ("404.html", "<html><body>missing</body></html>"),
            ("journeys/a/index.html", "<html><body>A</body></html>"),
            ("static/style.css", "body{}"),
        ];
        Served {
            site: Some(Arc::new(Snapshot {
                build_id: "b1".into(),
                base_url: "/".into(),
                files: files
                    .iter()
                    .map(|(p, b)| (p.to_string(), b.as_bytes().into()))
                    .collect(),
                on_demand: None,
            })),
            errors: Vec::new(),
            in_place_after: None,
        }
    }

    fn get(path: &str) -> Request {
        super::super::http::parse_head(&format!("GET {path} HTTP/1.1\r\nHost: localhost")).unwrap()
    }

    #[test]
    fn serves_pages_with_clean_urls_and_types() {
        let served = served();
        let page = respond(&get("/journeys/a/"), &served, "/", false);
        assert_eq!(
            (page.status, page.body.as_slice()),
            (200, b"<html><body>A</body></html>".as_slice())
        );
        let redirect = respond(&get("/journeys/a"), &served, "/", false);
        assert_eq!(redirect.status, 301);
        assert_eq!(redirect.headers[0].1, "/journeys/a/");
        assert_eq!(
            respond(&get("/static/style.css"), &served, "/", false).content_type,
            "text/css; charset=utf-8"
        );
    }

    #[test]
    fn unknown_and_escaping_paths_get_the_site_404() {
        let served = served();
        for path in [
            "/nope",
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/journeys/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/a\\b",
            "/%00",
            "/%252e%252e/x",
        ] {
            let response = respond(&get(path), &served, "/", false);
            assert_eq!(response.status, 404, "{path}");
            assert!(
                String::from_utf8_lossy(&response.body).contains("missing"),
                "{path}"
            );
        }
    }

    #[test]
    fn base_url_prefixes_everything() {
        let mut served = served();
        served.site = served.site.map(|s| {
            Arc::new(Snapshot {
                base_url: "/cx/".into(),
                ..Arc::try_unwrap(s).unwrap()
            })
        });
        assert_eq!(
            respond(&get("/cx/journeys/a/"), &served, "/cx/", false).status,
            200
        );
        assert_eq!(respond(&get("/"), &served, "/cx/", false).status, 301);
        assert_eq!(
            respond(&get("/journeys/a/"), &served, "/cx/", false).status,
            404
        );
    }

    #[test]
    fn live_pages_carry_the_reload_script_before_body_end() {
        let page = respond(&get("/"), &served(), "/", true);
        let html = String::from_utf8(page.body).unwrap();
        assert!(
            html.ends_with(
                r#"home<script src="/__journeybook/live.js" data-build="b1" defer></script>
</body></html>"#
            ),
            "{html}"
        );
        assert_eq!(
            respond(&get("/__journeybook/live.js"), &served(), "/", true).status,
            200
        );
    }

    #[test]
    fn the_reload_script_and_events_are_the_servers_own() {
        let file = |path: &str| requested_file(&get(path), "/");
        assert_eq!(file("/__journeybook/live.js"), None);
        assert_eq!(file("/__journeybook/events"), None);
        assert_eq!(
            file("/journeys/buy/").as_deref(),
            Some("journeys/buy/index.html")
        );
        assert_eq!(
            file("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            file("/__journeybook.html").as_deref(),
            Some("__journeybook.html")
        );
    }

    #[test]
    fn without_a_good_build_pages_show_the_errors() {
        let served = Served {
            site: None,
            errors: vec![Record {
                file: "content/journeys/a.md".into(),
                line: Some(3),
                column: Some(7),
                severity: "error",
                code: "E0103",
                message: "malformed YAML <here>".into(),
                help: None,
            }],
            in_place_after: None,
        };
        let response = respond(&get("/"), &served, "/", true);
        let html = String::from_utf8(response.body).unwrap();
        assert_eq!(response.status, 500);
        assert!(
            html.contains("content/journeys/a.md:3:7")
                && html.contains("malformed YAML &lt;here&gt;")
        );
    }
}
