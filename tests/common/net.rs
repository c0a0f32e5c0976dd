//! Real-network helpers for the `serve` tests: a raw HTTP/1.1 client, a
//! reader for the live-reload event stream, and a server process started
//! on port 0 whose address is read from its first line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// A response as received.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// Sends `request_line` (e.g. `GET /a HTTP/1.1`) raw, so paths are not
/// normalised by any client library.
pub fn raw(address: &str, method: &str, path: &str, extra_headers: &str) -> Reply {
    request(
        address,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{extra_headers}Connection: close\r\n\r\n"
        ),
    )
}

/// Sends a whole request head as written, and reads the reply.
pub fn request(address: &str, head: &str) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A running `journeybook serve`; killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// `http://127.0.0.1:PORT/base/`
    pub url: String,
    /// What the server prints on stderr, line by line.
    pub log: Receiver<String>,
}

impl Server {
    pub fn start(root: &Path, args: &[&str]) -> Server {
        Server::start_at(root, 0, args)
    }

    /// Starts on a given port (0 for any free one).
    pub fn start_at(root: &Path, port: u16, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_journeybook"))
            .arg("serve")
            .args(["--port", &port.to_string()])
            .args(args)
            .current_dir(root)
            .env("SOURCE_DATE_EPOCH", super::FIXED_DATE_EPOCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start journeybook serve");
        let (log_sender, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = log_sender.send(line);
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server {
            child,
            address,
            url,
            log,
        }
    }

    /// The path part of the served URL for `rel` (`journeys/a/` → `/cx/journeys/a/`).
    pub fn path(&self, rel: &str) -> String {
        let base = &self.url[self.url.find(&self.address).unwrap() + self.address.len()..];
        format!("{base}{rel}")
    }

    pub fn get(&self, rel: &str) -> Reply {
        raw(&self.address, "GET", &self.path(rel), "")
    }

    pub fn events(&self) -> Events {
        Events::open(&self.address, &self.path("__journeybook/events"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open live-reload stream, yielding each state message's data.
pub struct Events {
    states: Receiver<String>,
}

impl Events {
    pub fn open(address: &str, path: &str) -> Events {
        let mut stream = TcpStream::connect(address).expect("connect events");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (sender, states) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && sender.send(data.to_string()).is_err()
                {
                    return;
                }
            }
        });
        Events { states }
    }

    /// The next state within `timeout`, parsed.
    pub fn next(&self, timeout: Duration) -> Option<serde_json::Value> {
        self.states
            .recv_timeout(timeout)
            .ok()
            .map(|data| serde_json::from_str(&data).expect("state is JSON"))
    }

    /// Waits for a state whose build differs from `build`.
    pub fn next_build(
        &self,
        build: &str,
        timeout: Duration,
    ) -> Option<(serde_json::Value, Duration)> {
        let started = Instant::now();
        while let Some(left) = timeout.checked_sub(started.elapsed()) {
            let state = self.next(left)?;
            if state["build"].as_str().is_some_and(|b| b != build) {
                return Some((state, started.elapsed()));
            }
        }
        None
    }
}
