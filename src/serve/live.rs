//! The live-reload channel: a Server-Sent Events stream on the same port as
//! the pages. Each open page holds one stream; after every build the state
//! (the build to show, the current errors) is sent to all of them.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How often an idle stream is pinged, so dead clients are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Every open event stream.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        receiver
    }

    /// Sends a state message to every open stream, forgetting closed ones.
    pub fn broadcast(&self, state: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(state.to_string()).is_ok());
        }
    }
}

/// One SSE message.
pub fn event(state: &str) -> String {
    format!("event: state\ndata: {state}\n\n")
}

/// Serves one event stream until the client goes away: the current state
/// first, then every broadcast.
pub fn stream(mut connection: TcpStream, hub: &Hub, current: &str) {
    let updates = hub.subscribe();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if connection.write_all(head.as_bytes()).is_err()
        || send(&mut connection, &event(current)).is_err()
    {
        return;
    }
    loop {
        let message = match updates.recv_timeout(KEEPALIVE) {
            Ok(state) => event(&state),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut connection, &message).is_err() {
            return;
        }
    }
}

fn send(connection: &mut TcpStream, message: &str) -> std::io::Result<()> {
    connection.write_all(message.as_bytes())?;
    connection.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_framed_for_event_source() {
        assert_eq!(
            event(r#"{"build":"b"}"#),
            "event: state\ndata: {\"build\":\"b\"}\n\n"
        );
    }

    #[test]
    fn broadcast_reaches_subscribers_and_drops_closed_ones() {
        let hub = Hub::default();
        let open = hub.subscribe();
        drop(hub.subscribe());
        hub.broadcast("x");
        assert_eq!(open.recv().unwrap(), "x");
        assert_eq!(hub.clients.lock().unwrap().len(), 1);
    }
}
