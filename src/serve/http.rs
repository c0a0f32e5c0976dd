//! The smallest HTTP/1.1 a local preview needs: reading one request head
//! (bounded in size and time), and writing a response. GET and HEAD only;
//! every connection closes after its response, except event streams.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The most a request head may take; larger requests are refused.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a client may take to send its request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed request head.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/journeys/a/?x=1`).
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The path part of the target, without query or fragment.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// The value of header `name` (any case) when it is sent exactly once;
    /// a repeated `Host` or `Origin` is as good as none.
    pub fn only_header(&self, name: &str) -> Option<&str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }
}

/// Why a request could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    TooLarge,
    Malformed,
    Closed,
}

/// Parses a request head (everything before the blank line).
pub fn parse_head(head: &str) -> Result<Request, BadRequest> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().ok_or(BadRequest::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Malformed);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !target.starts_with('/') {
        return Err(BadRequest::Malformed);
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(BadRequest::Malformed)?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// Reads one request head from a connection.
pub fn read_request(stream: &TcpStream) -> Result<Request, BadRequest> {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let mut reader = BufReader::new(stream.take(MAX_HEAD_BYTES as u64 + 1));
    let mut head = Vec::with_capacity(1024);
    loop {
        let before = head.len();
        match reader.read_until(b'\n', &mut head) {
            Ok(0) if head.is_empty() => return Err(BadRequest::Closed),
            Ok(0) => return Err(BadRequest::Malformed),
            Ok(_) => {}
            Err(_) => return Err(BadRequest::Closed),
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(BadRequest::TooLarge);
        }
        if head[before..] == *b"\r\n" || head[before..] == *b"\n" {
            break;
        }
    }
    let text = String::from_utf8(head).map_err(|_| BadRequest::Malformed)?;
    parse_head(text.trim_end().trim_end_matches('\r'))
}

/// A complete response.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    pub fn redirect(location: String) -> Self {
        let mut response = Response::text(301, "Moved Permanently");
        response.headers.push(("Location", location));
        response
    }

    /// Writes the response; the body is left out for HEAD requests.
    pub fn write(&self, stream: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        stream.write_all(out.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// The content type of a served file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request_line_and_headers() {
        let request =
            parse_head("GET /journeys/a/?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nAccept: */*")
                .unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path(), "/journeys/a/");
        assert_eq!(
            request.headers[0],
            ("Host".to_string(), "localhost:3000".to_string())
        );
    }

    #[test]
    fn refuses_malformed_request_lines() {
        for head in [
            "",
            "GET",
            "GET /a",
            "GET a HTTP/1.1",
            "GET /a SMTP/1.0",
            "GET /a HTTP/1.1 extra",
            "GET /a HTTP/1.1\r\nno-colon",
        ] {
            assert_eq!(parse_head(head), Err(BadRequest::Malformed), "{head:?}");
        }
    }

    #[test]
    fn responses_carry_length_type_and_no_body_for_head() {
        let mut out = Vec::new();
        Response::text(404, "nope").write(&mut out, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(text.contains("Content-Length: 4\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("personas/ana.JPG"), "image/jpeg");
        assert_eq!(content_type("weird"), "application/octet-stream");
    }
}
