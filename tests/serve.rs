//! `journeybook serve --watch` over real HTTP on port 0: pages and files
//! from memory, the site's 404 page, no path traversal in any encoding, the
//! live-reload stream after each edit, the error overlay state for a broken
//! file and its recovery, dependent pages after a touchpoint edit, one
//! rebuild per burst of events, editor leftovers ignored, and polling.

mod common;

use std::time::Duration;

use common::Fixture;
use common::net::{Server, raw, request};

const WAIT: Duration = Duration::from_secs(10);

fn build_of(state: &serde_json::Value) -> String {
    state["build"].as_str().unwrap_or_default().to_string()
}

#[test]
fn serves_pages_files_and_the_404_page_from_memory() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &[]);
    let page = server.get("journeys/buy/");
    assert_eq!(page.status, 200);
    assert!(page.head.contains("Content-Type: text/html; charset=utf-8"));
    assert!(page.body.contains("<h1>Buy a sofa online</h1>"));
    assert!(
        !page.body.contains("live.js"),
        "no live script without --watch"
    );
    let css = server.get("static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("Content-Type: text/css"));
    let svg = server.get("personas/ana.svg");
    assert!(
        svg.head.contains("Content-Type: image/svg+xml"),
        "{}",
        svg.head
    );
    let redirect = server.get("journeys/buy");
    assert_eq!(redirect.status, 301);
    assert!(
        redirect.head.contains("Location: /cx/journeys/buy/"),
        "{}",
        redirect.head
    );
    let missing = server.get("journeys/nope/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's own 404 page"
    );
    let head = raw(&server.address, "HEAD", &server.path(""), "");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    let post = raw(
        &server.address,
        "POST",
        &server.path(""),
        "Content-Length: 0\r\n",
    );
    assert_eq!(post.status, 405);
    assert!(
        !fixture.path().join("public").exists(),
        "serving writes nothing to disk"
    );
}

#[test]
fn path_traversal_in_any_encoding_gets_404() {
    let fixture = Fixture::new("site");
    fixture.write("secret.txt", "do not serve");
    let server = Server::start(fixture.path(), &[]);
    for path in [
        "/cx/../secret.txt",
        "/cx/../../../../etc/passwd",
        "/cx/%2e%2e/secret.txt",
        "/cx/%2E%2E/%2E%2E/etc/passwd",
        "/cx/..%2fsecret.txt",
        "/cx/..%5csecret.txt",
        "/cx/%252e%252e/secret.txt",
        "/cx/journeys/..%2f..%2fsecret.txt",
        "/cx/./index.html",
        "/cx/%00",
        "/secret.txt",
        "/cx/book.toml",
        "/cx/content/index.md",
    ] {
        let reply = raw(&server.address, "GET", path, "");
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("do not serve"), "{path}");
    }
}

#[test]
fn forged_hosts_and_foreign_origins_are_refused() {
    let fixture = Fixture::new("site");
    let server = Server::start(
        fixture.path(),
        &["--watch", "--allowed-host", "wiki.example.com"],
    );
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let page = server.path("");
    let events = server.path("__journeybook/events");
    let send = |path: &str, headers: &str| {
        request(
            &server.address,
            &format!("GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
        )
    };
    // DNS rebinding: a hostile name pointed at 127.0.0.1.
    for host in ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io"] {
        for path in [&page, &events] {
            let reply = send(path, &format!("Host: {host}:{port}\r\n"));
            assert_eq!(reply.status, 403, "{host} {path}");
            assert!(!reply.body.contains("<html"), "{host}: {}", reply.body);
        }
    }
    let reply = send(&page, &format!("Host: evil.example:{port}\r\n"));
    assert!(
        reply.body.contains("--allowed-host evil.example"),
        "{}",
        reply.body
    );
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "wiki.example.com".to_string(),
    ] {
        assert_eq!(
            send(&page, &format!("Host: {host}\r\n")).status,
            200,
            "{host}"
        );
    }
    assert_eq!(send(&page, "").status, 400, "no Host");
    let twice = format!("Host: 127.0.0.1:{port}\r\nHost: evil.example\r\n");
    assert_eq!(send(&page, &twice).status, 400, "two Hosts");
    // Another site's page opening the live-reload stream or reading pages.
    let host = format!("Host: localhost:{port}\r\n");
    for origin in [
        "http://evil.example".to_string(),
        "null".to_string(),
        "http://localhost:1".to_string(),
    ] {
        for path in [&page, &events] {
            let reply = send(path, &format!("{host}Origin: {origin}\r\n"));
            assert_eq!(reply.status, 403, "{origin} {path}");
        }
    }
    let own = format!("{host}Origin: http://localhost:{port}\r\n");
    assert_eq!(send(&page, &own).status, 200);
}

#[test]
fn an_edit_sends_one_reload_after_the_new_build_is_in_memory() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let first = events.next(WAIT).expect("initial state");
    let build = build_of(&first);
    assert!(
        server
            .get("journeys/buy/")
            .body
            .contains(&format!("data-build=\"{build}\""))
    );

    let journey = fixture.read("content/journeys/buy.md");
    fixture.write(
        "content/journeys/buy.md",
        &journey.replace("title: Buy a sofa online\n", "title: Buy a sofa, edited\n"),
    );
    let (state, latency) = events
        .next_build(&build, WAIT)
        .expect("a reload after the edit");
    assert_eq!(state["errors"].as_array().map(Vec::len), Some(0));
    eprintln!(
        "edit-to-reload-signal latency on the fixture: {} ms",
        latency.as_millis()
    );
    let page = server.get("journeys/buy/");
    assert!(
        page.body.contains("<h1>Buy a sofa, edited</h1>"),
        "the new build is served once signalled"
    );
    assert!(
        events.next(Duration::from_millis(600)).is_none(),
        "one save, one rebuild"
    );
    let searchable = (0..100).any(|_| {
        let index = server.get("search/meta.json");
        std::thread::sleep(Duration::from_millis(50));
        index.status == 200 && index.body.contains("\"records\"")
    });
    assert!(searchable, "the search index follows the pages");
}

#[test]
fn a_broken_file_shows_its_errors_and_fixing_it_recovers() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let build = build_of(&events.next(WAIT).unwrap());
    let journey = fixture.read("content/journeys/buy.md");
    fixture.write(
        "content/journeys/buy.md",
        &journey.replace("status: live\n", "status: live\nstate: [unclosed\n"),
    );
    let broken = events.next(WAIT).expect("an error state");
    assert_eq!(build_of(&broken), build, "the last good build stays");
    let error = &broken["errors"][0];
    assert_eq!(error["file"], "content/journeys/buy.md");
    assert!(error["line"].as_u64().is_some_and(|l| l >= 8), "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("YAML"),
        "{error}"
    );
    let page = server.get("journeys/buy/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(
        page.body.contains("live.js"),
        "with the script that shows the overlay"
    );
    // The report is printed before the error state is sent, but reaches
    // this test through a pipe and a reader thread: wait for it.
    let mut log = Vec::new();
    while let Ok(line) = server.log.recv_timeout(WAIT) {
        log.push(line);
        if log
            .last()
            .is_some_and(|l| l.contains("--> content/journeys/buy.md:"))
        {
            break;
        }
    }
    assert!(
        log.iter()
            .any(|l| l.contains("--> content/journeys/buy.md:")),
        "terminal shows it like check: {log:?}"
    );

    fixture.write("content/journeys/buy.md", &journey);
    let (fixed, _) = events.next_build(&build, WAIT).expect("recovery");
    assert_eq!(fixed["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_touchpoint_edit_changes_every_page_that_shows_it() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let build = build_of(&events.next(WAIT).unwrap());
    let touchpoint = fixture.read("content/touchpoints/web-checkout.md");
    fixture.write(
        "content/touchpoints/web-checkout.md",
        &touchpoint.replace("name: Web checkout", "name: Express checkout"),
    );
    events.next_build(&build, WAIT).expect("a reload");
    for page in [
        "touchpoints/web-checkout/",
        "journeys/buy/",
        "journeys/buy-future/",
        "journeys/lifecycle/",
        "channels/web/",
        "touchpoints/",
        "index.html",
    ] {
        let body = server.get(page).body;
        assert!(
            body.contains("Express checkout"),
            "{page} still shows the old name"
        );
        assert!(!body.contains(">Web checkout<"), "{page} is stale");
    }
}

#[test]
fn a_template_that_fails_after_the_early_reload_brings_back_the_last_good_build() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let good = build_of(&events.next(WAIT).expect("initial state"));
    // Loads (its syntax is fine) but fails as soon as a journey renders:
    // the reload is sent before that is known.
    fixture.write(
        "themes/default/templates/journey.html",
        "<h1>{{ page.no_such_field.deeper }}</h1>",
    );
    let (early, _) = events.next_build(&good, WAIT).expect("an early reload");
    assert_ne!(build_of(&early), good);
    // The reloading page waits for the full render, then gets the last
    // good build (not an error, not a hang).
    let page = server.get("journeys/buy/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<h1>Buy a sofa online</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&format!("data-build=\"{good}\"")));
    let (state, _) = events
        .next_build(&build_of(&early), WAIT)
        .expect("the errors");
    assert_eq!(build_of(&state), good, "back to the last good build");
    let errors = state["errors"].as_array().expect("errors");
    assert!(
        errors
            .iter()
            .any(|e| e["file"].as_str().unwrap_or("").contains("journey.html")),
        "{state}"
    );
}

#[test]
fn bursts_are_coalesced_and_editor_leftovers_ignored() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch", "--debounce-ms", "150"]);
    let events = server.events();
    let build = build_of(&events.next(WAIT).unwrap());
    fixture.write("content/journeys/.buy.md.swp", "swap");
    fixture.write("content/journeys/buy.md~", "backup");
    fixture.write("content/journeys/4913", "vim probe");
    assert!(
        events.next(Duration::from_millis(800)).is_none(),
        "editor leftovers trigger nothing"
    );
    let journey = fixture.read("content/journeys/buy.md");
    for i in 0..5 {
        fixture.write(
            "content/journeys/buy.md",
            &journey.replace("owner: E-commerce team", &format!("owner: Team {i}")),
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    events.next_build(&build, WAIT).expect("one rebuild");
    assert!(
        events.next(Duration::from_millis(800)).is_none(),
        "five writes, one rebuild"
    );
    assert!(server.get("journeys/buy/").body.contains("Team 4"));
}

#[test]
fn every_way_an_editor_or_a_shell_changes_files_is_seen() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let mut build = build_of(&events.next(WAIT).expect("initial state"));
    let mut rebuilt = |what: &str| {
        let (state, _) = events
            .next_build(&build, WAIT)
            .unwrap_or_else(|| panic!("no rebuild after {what}"));
        build = build_of(&state);
    };
    let content = fixture.path().join("content");

    // Saved in place, in two writes with a pause between them: one
    // rebuild, once the file is closed, of the whole text.
    let glossary = fixture.read("content/guides/glossary.md");
    let edited = glossary.replace("# Glossary", "# Glossary, written slowly");
    let (head, tail) = edited.split_at(edited.len() / 2);
    {
        use std::io::Write;
        let mut file = std::fs::File::create(content.join("guides/glossary.md")).unwrap();
        file.write_all(head.as_bytes()).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(25));
        file.write_all(tail.as_bytes()).unwrap();
    }
    rebuilt("a save in two writes");
    assert!(
        server
            .get("guides/glossary/")
            .body
            .contains("Glossary, written slowly")
    );

    // Written beside and renamed into place, as many editors save.
    std::fs::write(
        content.join("guides/.glossary.md.tmp"),
        glossary.replace("# Glossary", "# Glossary, renamed into place"),
    )
    .unwrap();
    std::fs::rename(
        content.join("guides/.glossary.md.tmp"),
        content.join("guides/glossary.md"),
    )
    .unwrap();
    rebuilt("a rename into place");
    assert!(
        server
            .get("guides/glossary/")
            .body
            .contains("Glossary, renamed into place")
    );

    // A new file in a new folder, and a folder moved in whole.
    fixture.write("content/guides/new/extra.md", "# Extra page\n");
    rebuilt("a new file in a new folder");
    assert!(server.get("guides/new/extra/").body.contains("Extra page"));
    let outside = fixture.path().join("drafts");
    std::fs::create_dir_all(outside.join("deep")).unwrap();
    std::fs::write(outside.join("deep/moved.md"), "# Moved in\n").unwrap();
    std::fs::rename(&outside, content.join("guides/drafts")).unwrap();
    rebuilt("a folder moved in");
    assert!(
        server
            .get("guides/drafts/deep/moved/")
            .body
            .contains("Moved in")
    );

    // A file removed, then a folder.
    std::fs::remove_file(content.join("guides/new/extra.md")).unwrap();
    rebuilt("a file removed");
    assert_eq!(server.get("guides/new/extra/").status, 404);
    std::fs::remove_dir_all(content.join("guides/drafts")).unwrap();
    rebuilt("a folder removed");
    assert_eq!(server.get("guides/drafts/deep/moved/").status, 404);
    assert_eq!(server.get("guides/glossary/").status, 200);
}

#[test]
fn only_markdown_edits_let_pages_refresh_in_place() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch"]);
    let events = server.events();
    let first = build_of(&events.next(WAIT).expect("initial state"));
    let journey = fixture.read("content/journeys/buy.md");
    fixture.write(
        "content/journeys/buy.md",
        &journey.replace("owner: E-commerce team", "owner: Team A"),
    );
    let (state, _) = events.next_build(&first, WAIT).expect("a Markdown rebuild");
    assert_eq!(
        state["inPlaceAfter"].as_str(),
        Some(first.as_str()),
        "{state}"
    );
    let second = build_of(&state);
    // An image, or book.toml: stylesheets, pictures or every page may change.
    fixture.write(
        "content/personas/ana.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let (state, _) = events.next_build(&second, WAIT).expect("an asset rebuild");
    assert!(state["inPlaceAfter"].is_null(), "{state}");
    let third = build_of(&state);
    let config = fixture.read("book.toml");
    fixture.write(
        "book.toml",
        &config.replace("Fixture Furniture", "Fixture Furniture 2"),
    );
    let (state, _) = events.next_build(&third, WAIT).expect("a config rebuild");
    assert!(state["inPlaceAfter"].is_null(), "{state}");
}

#[test]
fn polling_sees_changes_too() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--poll"]);
    let events = server.events();
    let build = build_of(&events.next(WAIT).unwrap());
    let page = fixture.read("content/guides/glossary.md");
    fixture.write(
        "content/guides/glossary.md",
        &page.replace("# Glossary", "# Glossary of terms"),
    );
    events
        .next_build(&build, WAIT)
        .expect("a reload from the polling watcher");
    assert!(
        server
            .get("guides/glossary/")
            .body
            .contains("Glossary of terms")
    );
}

#[test]
fn starting_with_a_broken_portfolio_serves_its_errors() {
    let fixture = Fixture::new("site");
    fixture.write("content/journeys/bad.md", "---\ntitle: [x\n---\n");
    let server = Server::start(fixture.path(), &["--watch"]);
    let page = server.get("journeys/buy/");
    assert_eq!(page.status, 500);
    assert!(
        page.body.contains("content/journeys/bad.md:"),
        "{}",
        page.body
    );
    let events = server.events();
    assert!(events.next(WAIT).unwrap()["build"].is_null());
    std::fs::remove_file(fixture.path().join("content/journeys/bad.md")).unwrap();
    events.next_build("", WAIT).expect("the first good build");
    // The first good build brings the portfolio's base-url, /cx/.
    assert_eq!(
        raw(&server.address, "GET", "/cx/journeys/buy/", "").status,
        200
    );
}
