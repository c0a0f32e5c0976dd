//! Under load: while `serve --watch` rebuilds again and again, 200
//! concurrent clients on loopback get only complete pages, old or new,
//! never a partial page or a 404 for a page that exists in both builds
//! (each build is an immutable snapshot swapped in whole).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::Fixture;
use common::net::{Server, raw};

const CLIENTS: usize = 200;
const REQUESTS_PER_CLIENT: usize = 40;

#[test]
fn two_hundred_clients_get_whole_pages_while_the_site_rebuilds() {
    let fixture = Fixture::new("site");
    let server = Server::start(fixture.path(), &["--watch", "--debounce-ms", "10"]);
    let pages: Vec<String> = [
        "",
        "journeys/buy/",
        "personas/ana/",
        "touchpoints/web-checkout/",
        "opportunities/",
        "print/",
        "static/style.css",
    ]
    .iter()
    .map(|rel| server.path(rel))
    .collect();

    let stop = Arc::new(AtomicBool::new(false));
    let journey = fixture.read("content/journeys/buy.md");
    let editor = {
        let stop = Arc::clone(&stop);
        let path = fixture.path().join("content/journeys/buy.md");
        std::thread::spawn(move || {
            let mut edits = 0;
            while !stop.load(Ordering::Relaxed) {
                let title = format!("title: Buy a sofa online, take {edits}");
                std::fs::write(&path, journey.replace("title: Buy a sofa online", &title)).unwrap();
                edits += 1;
                std::thread::sleep(Duration::from_millis(150));
            }
            edits
        })
    };

    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let address = server.address.clone();
            let pages = pages.clone();
            std::thread::spawn(move || {
                for request in 0..REQUESTS_PER_CLIENT {
                    let path = &pages[(client + request) % pages.len()];
                    let reply = raw(&address, "GET", path, "");
                    assert_eq!(reply.status, 200, "{path}: {}", reply.head);
                    let length: usize = reply
                        .head
                        .lines()
                        .find_map(|line| line.strip_prefix("Content-Length: "))
                        .and_then(|n| n.trim().parse().ok())
                        .unwrap_or_else(|| panic!("{path}: no length in {}", reply.head));
                    assert_eq!(reply.body.len(), length, "{path}: a partial body");
                    if path.ends_with('/') {
                        assert!(
                            reply.body.trim_end().ends_with("</html>"),
                            "{path}: cut short"
                        );
                    }
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("a client saw a bad reply");
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let edits = editor.join().unwrap();
    let rebuilds = server
        .log
        .try_iter()
        .filter(|line| line.starts_with("Rebuilt"))
        .count();
    assert!(
        rebuilds >= 3,
        "{rebuilds} rebuilds during {elapsed:?} ({edits} edits): the load ran against one build only"
    );
}
