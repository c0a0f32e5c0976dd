//! Who the preview server answers. A page on any web site can make the
//! browser send requests to `localhost`; dev servers have been read that way
//! through DNS rebinding (a hostile name re-pointed at 127.0.0.1, so the
//! browser thinks the preview is that site) and through cross-origin event
//! or socket streams. So a request is served only when its `Host` names
//! this machine by a loopback name or an IP address (a name a page cannot
//! re-point) or a name given with `--allowed-host`, and, when it carries an
//! `Origin`, that origin is this server itself.

use std::net::{IpAddr, SocketAddr};

/// The names and the port the server accepts.
#[derive(Clone, Debug)]
pub struct Guard {
    /// Lower-case host names allowed besides loopback names and IPs.
    allowed: Vec<String>,
    port: u16,
}

/// Why a request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    MissingHost,
    ForeignHost(String),
    ForeignOrigin(String),
}

impl Refusal {
    /// The plain-text body of the 403 (or 400) response.
    pub fn message(&self) -> String {
        match self {
            Refusal::MissingHost => "Bad request: a Host header is required.\n".into(),
            Refusal::ForeignHost(host) => format!(
                "Forbidden: this journeybook preview does not answer to the host name {host:?}.\nIf you opened it by that name on purpose, restart it with --allowed-host {}\n",
                host_name(host).unwrap_or(host)
            ),
            Refusal::ForeignOrigin(origin) => {
                format!("Forbidden: requests from the page at {origin:?} are not allowed.\n")
            }
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Refusal::MissingHost => 400,
            _ => 403,
        }
    }
}

impl Guard {
    /// A guard for a server bound at `bound`, also answering to `allowed`.
    pub fn new(bound: SocketAddr, allowed: &[String]) -> Guard {
        Guard {
            allowed: allowed
                .iter()
                .map(|name| name.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|name| !name.is_empty())
                .collect(),
            port: bound.port(),
        }
    }

    /// Checks a request's `Host` and `Origin` headers.
    pub fn check(&self, host: Option<&str>, origin: Option<&str>) -> Result<(), Refusal> {
        let host = host.ok_or(Refusal::MissingHost)?;
        if !host_name(host).is_some_and(|name| self.name_allowed(name)) {
            return Err(Refusal::ForeignHost(host.to_string()));
        }
        match origin {
            Some(origin) if !self.origin_allowed(origin) => {
                Err(Refusal::ForeignOrigin(origin.to_string()))
            }
            _ => Ok(()),
        }
    }

    fn name_allowed(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost"
            || name.ends_with(".localhost")
            || name.trim_matches(['[', ']']).parse::<IpAddr>().is_ok()
            || self.allowed.contains(&name)
    }

    /// An origin is this server: `http://<allowed name>:<our port>`.
    fn origin_allowed(&self, origin: &str) -> bool {
        let Some(authority) = origin.strip_prefix("http://") else {
            return false;
        };
        let Some(name) = host_name(authority) else {
            return false;
        };
        let port = port_of(authority).unwrap_or(80);
        port == self.port && self.name_allowed(name)
    }
}

/// The name part of a `Host` value: `localhost` of `localhost:3000`,
/// `[::1]` of `[::1]:3000`. None when it is malformed.
fn host_name(host: &str) -> Option<&str> {
    let host = host.trim();
    let name = if host.starts_with('[') {
        &host[..=host.find(']')?]
    } else {
        host.split(':').next()?
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':'));
    valid.then_some(name)
}

/// The port of a `Host` value or origin authority, if it has one.
fn port_of(authority: &str) -> Option<u16> {
    let after_name = match authority.find(']') {
        Some(end) => &authority[end + 1..],
        None => authority.find(':').map_or("", |i| &authority[i..]),
    };
    after_name.strip_prefix(':')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(allowed: &[&str]) -> Guard {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        Guard::new("127.0.0.1:3000".parse().unwrap(), &allowed)
    }

    #[test]
    fn loopback_names_and_ip_addresses_are_served() {
        let guard = guard(&[]);
        for host in [
            "localhost:3000",
            "LOCALHOST:3000",
            "localhost.:3000",
            "localhost",
            "127.0.0.1:3000",
            "[::1]:3000",
            "192.168.1.20:3000",
            "cx.localhost:3000",
        ] {
            assert_eq!(guard.check(Some(host), None), Ok(()), "{host}");
        }
    }

    #[test]
    fn other_names_are_refused_unless_allowed() {
        let guard = guard(&["wiki.example.com"]);
        for host in [
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io:3000",
            "",
            "bad host",
        ] {
            assert!(
                matches!(guard.check(Some(host), None), Err(Refusal::ForeignHost(_))),
                "{host}"
            );
        }
        assert_eq!(guard.check(None, None), Err(Refusal::MissingHost));
        assert_eq!(guard.check(Some("WIKI.example.com:3000"), None), Ok(()));
    }

    #[test]
    fn only_this_servers_own_origin_is_served() {
        let guard = guard(&[]);
        for origin in ["http://localhost:3000", "http://127.0.0.1:3000"] {
            assert_eq!(guard.check(Some("localhost:3000"), Some(origin)), Ok(()));
        }
        for origin in [
            "http://evil.example",
            "https://localhost:3000",
            "http://localhost:5173",
            "http://localhost",
            "null",
        ] {
            assert!(
                matches!(
                    guard.check(Some("localhost:3000"), Some(origin)),
                    Err(Refusal::ForeignOrigin(_))
                ),
                "{origin}"
            );
        }
    }

    #[test]
    fn refusals_say_how_to_allow_a_name() {
        let refusal = guard(&[]).check(Some("wiki.corp:3000"), None).unwrap_err();
        assert_eq!(refusal.status(), 403);
        assert!(refusal.message().contains("--allowed-host wiki.corp"));
    }
}
