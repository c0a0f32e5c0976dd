//! Edit-to-reload latency of `journeybook serve --watch`: starts the real
//! server on the example portfolio and on a generated 5,000-page one, saves
//! a journey repeatedly, and times each save until the live-reload signal
//! for the new build arrives over HTTP. Prints median, min and max.
//!
//! `cargo bench --bench reload` (builds in release mode). Set
//! `RELOAD_PAGES` to change the generated size, `RELOAD_RUNS` the edits.

#[path = "support/portfolio.rs"]
mod portfolio;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

fn main() {
    let runs: usize = env_number("RELOAD_RUNS", 9);
    let pages: usize = env_number("RELOAD_PAGES", 5_000);
    let example = tempfile::tempdir().expect("temp dir");
    copy_example(example.path());
    measure(
        "example portfolio",
        example.path(),
        "content/journeys/buy-a-sofa-online.md",
        runs,
    );
    let generated = tempfile::tempdir().expect("temp dir");
    portfolio::write(generated.path(), portfolio::Size::for_pages(pages), 1).expect("generate");
    measure(
        &format!("generated portfolio (~{pages} pages)"),
        generated.path(),
        "content/journeys/journey-00010.md",
        runs,
    );
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_example(to: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("book.toml"), to.join("book.toml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn measure(label: &str, root: &Path, journey: &str, runs: usize) {
    let (mut server, address, base) = start(root);
    let states = events(&address, &format!("{base}__journeybook/events"));
    let mut build = next_build(&states, "", Duration::from_secs(120)).expect("initial state");
    let original = std::fs::read_to_string(root.join(journey)).unwrap();
    let mut times = Vec::new();
    for run in 0..runs {
        let edited = original.replacen("owner:", &format!("owner: Edit {run} of"), 1);
        let saved = Instant::now();
        std::fs::write(root.join(journey), edited).unwrap();
        match next_build(&states, &build, Duration::from_secs(60)) {
            Some(next) => {
                times.push(saved.elapsed());
                build = next;
            }
            None => panic!("{label}: no reload within 60 s"),
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = server.kill();
    let _ = server.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: save-to-reload-signal median {:.0} ms (min {:.0}, max {:.0}) over {runs} saves, debounce of 50 ms included",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn start(root: &Path) -> (Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_journeybook"))
        .args(["serve", "--watch", "--port", "0"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start journeybook serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("address")
        .to_string();
    let rest = url.trim_start_matches("http://");
    let (address, base) = rest.split_at(rest.find('/').unwrap());
    (child, address.to_string(), base.to_string())
}

fn events(address: &str, path: &str) -> Receiver<String> {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                let _ = sender.send(data.to_string());
            }
        }
    });
    receiver
}

/// Waits for a state naming a build other than `build`; returns its id.
fn next_build(states: &Receiver<String>, build: &str, timeout: Duration) -> Option<String> {
    let started = Instant::now();
    loop {
        let data = states
            .recv_timeout(timeout.checked_sub(started.elapsed())?)
            .ok()?;
        let state: serde_json::Value = serde_json::from_str(&data).ok()?;
        if let Some(id) = state["build"].as_str().filter(|id| *id != build) {
            return Some(id.to_string());
        }
    }
}
