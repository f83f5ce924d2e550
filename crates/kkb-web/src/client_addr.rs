//! The client's address, for the audit log and the login throttle. By default it is the socket's peer address:
//! a header such as `X-Forwarded-For` can be written by anyone, so it is read only when the operator names it
//! (`--trusted-proxy-header`) and only on requests that arrive from one of the configured proxy addresses
//! (`--trusted-proxies`, loopback by default).
//!
//! And the other end: the address the client reached this server at ([`base_url`]), and whether it came over
//! HTTPS ([`is_https`]), as the configuration or a trusted proxy says.

use crate::App;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, header};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// A reverse proxy whose header names the client.
#[derive(Debug, Clone)]
pub struct TrustedProxy {
    /// The header the proxy sets (`X-Forwarded-For`, `X-Real-IP`, …).
    pub header: HeaderName,
    /// The addresses the proxy connects from.
    pub from: Vec<IpAddr>,
}

impl TrustedProxy {
    /// A proxy header trusted from `from` (loopback when empty); an invalid header name is an error message.
    pub fn new(header: &str, from: &[IpAddr]) -> Result<TrustedProxy, String> {
        let header = HeaderName::try_from(header.trim())
            .map_err(|_| format!("{header:?} is not a valid HTTP header name (e.g. X-Forwarded-For)"))?;
        let loopback = [IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)];
        let from = if from.is_empty() { loopback.to_vec() } else { from.to_vec() };
        Ok(TrustedProxy { header, from })
    }
}

/// The client address of a request: the peer's, or (behind a trusted proxy) the last address in the proxy's
/// header that is not itself a trusted proxy. `local` when there is no socket (tests through the router).
pub fn client_addr(parts: &Parts, proxy: Option<&TrustedProxy>) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let Some(peer) = peer else { return "local".into() };
    let Some(proxy) = proxy.filter(|p| p.from.contains(&peer)) else { return peer.to_string() };
    let forwarded = parts
        .headers
        .get_all(&proxy.header)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| parse_addr(a.trim()))
        .collect::<Vec<_>>();
    forwarded.into_iter().rev().find(|a| !proxy.from.contains(a)).unwrap_or(peer).to_string()
}

/// Whether the request reached us over HTTPS, as the configured trusted proxy header says.
pub fn is_https(app: &App, headers: &HeaderMap) -> bool {
    app.config.trusted_proto_header.as_deref().is_some_and(|h| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().unwrap_or("").trim().eq_ignore_ascii_case("https"))
    })
}

/// The address this server is reached at: the configured public URL, else the request's scheme and `Host`.
pub fn base_url(app: &App, headers: &HeaderMap) -> String {
    match &app.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
            let scheme = if is_https(app, headers) { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
    }
}

/// An address as proxies write it: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or `203.0.113.7:5000`.
fn parse_addr(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: &str, header: Option<&str>) -> Parts {
        let mut b = Request::builder().uri("/");
        if let Some(h) = header {
            b = b.header("x-forwarded-for", h);
        }
        let (mut parts, ()) = b.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        parts
    }

    #[test]
    fn the_header_counts_only_when_configured_and_from_the_proxy() {
        let proxy = TrustedProxy::new("X-Forwarded-For", &[]).unwrap();
        assert_eq!(proxy.from.len(), 2, "loopback by default");
        let p = parts("127.0.0.1:5000", Some("198.51.100.9, 203.0.113.7"));
        assert_eq!(client_addr(&p, None), "127.0.0.1", "not configured: the socket");
        assert_eq!(client_addr(&p, Some(&proxy)), "203.0.113.7", "the address the proxy saw");
        let direct = parts("192.0.2.1:5000", Some("203.0.113.7"));
        assert_eq!(client_addr(&direct, Some(&proxy)), "192.0.2.1", "not from the proxy: the header is ignored");
        let junk = parts("127.0.0.1:5000", Some("nonsense"));
        assert_eq!(client_addr(&junk, Some(&proxy)), "127.0.0.1");
        let chained = parts("127.0.0.1:5000", Some("[2001:db8::1]:443, 127.0.0.1"));
        assert_eq!(client_addr(&chained, Some(&proxy)), "2001:db8::1", "trusted hops are skipped");
        assert!(TrustedProxy::new("bad header", &[]).is_err());
    }
}
