//! HTTP Digest authentication (RFC 7616 with MD5 and `qop=auth`, as ODK Collect speaks it).
//!
//! Digest needs, on the server, HA1 = MD5(username:realm:password). Passwords are stored only as Argon2 hashes,
//! so HA1 is computed whenever the password is known (log-in, password set, user creation, a successful Basic
//! log-in, the demo users) and stored sealed with the personal-data key ([`remember_password`]). The trade-off
//! is in docs/openrosa.md: HA1 is password-equivalent for this realm, so it is encrypted like a NIK.
//!
//! Nonces are minted by the server (the time and a keyed hash of it, so no state is needed to check one), live
//! [`NONCE_LIFETIME`] seconds (an older one is answered `stale=true`, and the phone retries without asking the
//! cadre), and each nonce count may be used once.

use crate::auth::same_secret;
use kkb_store::{Store, StoreError, User};
use md5::{Digest, Md5};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The protection space of every account.
pub const REALM: &str = "kampungkb";

/// How long a nonce is accepted, in seconds.
pub const NONCE_LIFETIME: i64 = 600;

/// Most nonces whose counts are remembered at once.
const MAX_NONCES: usize = 20_000;

/// Lowercase hex of MD5.
pub fn md5_hex(data: &[u8]) -> String {
    crate::auth::hex(&Md5::digest(data))
}

/// HA1 of a username and password in [`REALM`].
pub fn ha1(username: &str, password: &str) -> String {
    md5_hex(format!("{username}:{REALM}:{password}").as_bytes())
}

/// The stored Digest secret of an account: HA1 of the username as stored, then of its lower-case form (usernames
/// are compared ignoring case, and a phone may be set up with either).
fn secret(user: &User, password: &str) -> Vec<u8> {
    let mut s = ha1(&user.username, password).into_bytes();
    s.extend_from_slice(ha1(&user.username.to_lowercase(), password).as_bytes());
    s
}

/// Stores the account's Digest secret for a password just checked or set, unless it is stored already.
pub fn remember_password(store: &Store, user: &User, password: &str) -> Result<(), StoreError> {
    let s = secret(user, password);
    if store.digest_secret(user.id)?.as_deref() != Some(s.as_slice()) {
        store.set_digest_secret(user.id, &s)?;
    }
    Ok(())
}

/// The HA1 to check a response made with `username` (as the phone typed it) against, from a stored secret.
pub fn ha1_for(stored: &[u8], user: &User, username: &str) -> Option<String> {
    let (exact, lower) = (stored.get(..32)?, stored.get(32..64)?);
    let pick = if username == user.username {
        exact
    } else if username == user.username.to_lowercase() {
        lower
    } else {
        return None;
    };
    String::from_utf8(pick.to_vec()).ok()
}

/// The parameters of an `Authorization: Digest …` header.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `username`.
    pub username: String,
    /// `realm`.
    pub realm: String,
    /// `nonce`.
    pub nonce: String,
    /// `uri`.
    pub uri: String,
    /// `response`.
    pub response: String,
    /// `qop`.
    pub qop: String,
    /// `nc`.
    pub nc: String,
    /// `cnonce`.
    pub cnonce: String,
    /// `algorithm` ("" = MD5).
    pub algorithm: String,
    /// `opaque`.
    pub opaque: String,
}

/// Parses the parameters after `Digest ` (quoted strings with `\` escapes, tokens, commas between).
pub fn parse(params: &str) -> Option<Credentials> {
    let mut c = Credentials::default();
    let mut rest = params.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let key = key.trim().to_ascii_lowercase();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let mut v = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, ch)) = chars.next() {
                match ch {
                    '\\' => v.push(chars.next()?.1),
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    ch => v.push(ch),
                }
            }
            (v, &quoted[end?..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        match key.as_str() {
            "username" => c.username = value,
            "realm" => c.realm = value,
            "nonce" => c.nonce = value,
            "uri" => c.uri = value,
            "response" => c.response = value.to_ascii_lowercase(),
            "qop" => c.qop = value,
            "nc" => c.nc = value,
            "cnonce" => c.cnonce = value,
            "algorithm" => c.algorithm = value,
            "opaque" => c.opaque = value,
            _ => {}
        }
        rest = tail.trim_start().strip_prefix(',').unwrap_or(tail).trim_start();
    }
    Some(c)
}

/// Why a Digest response was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed, another realm, algorithm or qop, or a URI other than the request's.
    Bad,
    /// The nonce is expired (or not ours): the phone should retry with a fresh one (`stale=true`).
    Stale,
    /// The response does not match the password (counts as a failed log-in).
    Wrong,
}

/// Minted nonces are checked by their keyed hash; the counts already used are remembered per nonce.
pub struct Nonces {
    key: [u8; 32],
    used: Mutex<HashMap<String, (i64, HashSet<u32>)>>,
}

impl Default for Nonces {
    fn default() -> Nonces {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("system random source");
        Nonces { key, used: Mutex::default() }
    }
}

impl Nonces {
    fn mac(&self, issued: i64, salt: &str) -> String {
        let mut h = blake3::Hasher::new_keyed(&self.key);
        h.update(&issued.to_be_bytes());
        h.update(salt.as_bytes());
        crate::auth::hex(&h.finalize().as_bytes()[..16])
    }

    /// A new nonce issued at `now` (unix seconds): the time, 8 random bytes (every challenge gets its own nonce,
    /// so that two phones asking in the same second do not share nonce counts), and a keyed hash of both.
    pub fn mint(&self, now: i64) -> String {
        let mut salt = [0u8; 8];
        getrandom::fill(&mut salt).expect("system random source");
        let salt = crate::auth::hex(&salt);
        format!("{now:016x}{salt}{}", self.mac(now, &salt))
    }

    /// When a nonce was issued, if it is one of ours.
    fn issued(&self, nonce: &str) -> Option<i64> {
        let issued = i64::from_str_radix(nonce.get(..16)?, 16).ok()?;
        let salt = nonce.get(16..32)?;
        same_secret(nonce.get(32..)?, &self.mac(issued, salt)).then_some(issued)
    }

    /// Checks a response against HA1 for a request (`method`, and the path and query it asked for).
    pub fn check(&self, c: &Credentials, ha1: &str, method: &str, path: &str, now: i64) -> Result<(), Refusal> {
        if c.realm != REALM
            || !(c.algorithm.is_empty() || c.algorithm.eq_ignore_ascii_case("MD5"))
            || c.qop != "auth"
            || c.cnonce.is_empty()
            || !uri_matches(&c.uri, path)
        {
            return Err(Refusal::Bad);
        }
        let nc = u32::from_str_radix(&c.nc, 16).map_err(|_| Refusal::Bad)?;
        let issued = self.issued(&c.nonce).ok_or(Refusal::Stale)?;
        if now - issued > NONCE_LIFETIME || issued > now + 60 {
            return Err(Refusal::Stale);
        }
        let ha2 = md5_hex(format!("{method}:{}", c.uri).as_bytes());
        let expected = md5_hex(format!("{ha1}:{}:{}:{}:{}:{ha2}", c.nonce, c.nc, c.cnonce, c.qop).as_bytes());
        if !same_secret(&expected, &c.response) {
            return Err(Refusal::Wrong);
        }
        // A replayed count is refused as stale: the phone asks for a fresh nonce and carries on.
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.len() >= MAX_NONCES {
            used.retain(|_, (at, _)| now - *at <= NONCE_LIFETIME);
            if used.len() >= MAX_NONCES {
                return Err(Refusal::Stale);
            }
        }
        if !used.entry(c.nonce.clone()).or_insert_with(|| (issued, HashSet::new())).1.insert(nc) {
            return Err(Refusal::Stale);
        }
        Ok(())
    }
}

/// Whether the `uri` of a Digest response names the requested path and query (absolute URIs compared by their
/// path and query).
fn uri_matches(uri: &str, path: &str) -> bool {
    let local = match uri.find("://") {
        Some(i) => uri[i + 3..].find('/').map(|j| &uri[i + 3 + j..]).unwrap_or("/"),
        None => uri,
    };
    local == path
}

/// The client side of Digest (for tests and the benchmark's client): the `Authorization` value answering a
/// challenge's `nonce` for `method` and `uri`.
pub fn answer(username: &str, password: &str, nonce: &str, method: &str, uri: &str, nc: u32, cnonce: &str) -> String {
    let ha1 = ha1(username, password);
    let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
    let nc = format!("{nc:08x}");
    let response = md5_hex(format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}").as_bytes());
    format!(
        "Digest username=\"{username}\", realm=\"{REALM}\", nonce=\"{nonce}\", uri=\"{uri}\", qop=auth, nc={nc}, \
         cnonce=\"{cnonce}\", response=\"{response}\", algorithm=MD5"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_rfc_1321() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn a_response_is_checked_once_and_expires() {
        let n = Nonces::default();
        let nonce = n.mint(1000);
        let header = answer("kader", "rahasia", &nonce, "POST", "/openrosa/submission", 1, "abc");
        let c = parse(header.strip_prefix("Digest ").unwrap()).unwrap();
        let good = ha1("kader", "rahasia");
        assert_eq!(n.check(&c, &good, "POST", "/openrosa/submission", 1010), Ok(()));
        assert_eq!(n.check(&c, &good, "POST", "/openrosa/submission", 1011), Err(Refusal::Stale), "replayed nc");
        let c2 = parse(
            answer("kader", "rahasia", &nonce, "POST", "/openrosa/submission", 2, "x").strip_prefix("Digest ").unwrap(),
        )
        .unwrap();
        assert_eq!(n.check(&c2, &ha1("kader", "salah"), "POST", "/openrosa/submission", 1012), Err(Refusal::Wrong));
        assert_eq!(n.check(&c2, &good, "GET", "/openrosa/submission", 1012), Err(Refusal::Wrong), "method is signed");
        assert_eq!(n.check(&c2, &good, "POST", "/openrosa/formList", 1012), Err(Refusal::Bad), "uri must match");
        assert_eq!(n.check(&c2, &good, "POST", "/openrosa/submission", 1000 + NONCE_LIFETIME + 1), Err(Refusal::Stale));
        assert_eq!(n.check(&c2, &good, "POST", "/openrosa/submission", 1012), Ok(()));
        assert_ne!(n.mint(1000), n.mint(1000), "two challenges in the same second get different nonces");
        let forged = format!("{:016x}{}", 1000, "0".repeat(48));
        let c3 = Credentials { nonce: forged, ..c2 };
        assert_eq!(n.check(&c3, &good, "POST", "/openrosa/submission", 1012), Err(Refusal::Stale));
    }

    #[test]
    fn headers_parse_with_quotes_and_commas() {
        let c = parse(r#"username="ka\"der", realm="kampungkb", nonce="n, 1", uri="/openrosa/formList?x=1", qop=auth, nc=00000001, cnonce="c", response="ABC""#).unwrap();
        assert_eq!(c.username, "ka\"der");
        assert_eq!(c.nonce, "n, 1");
        assert_eq!(c.uri, "/openrosa/formList?x=1");
        assert_eq!((c.qop.as_str(), c.nc.as_str(), c.response.as_str()), ("auth", "00000001", "abc"));
        assert!(uri_matches("https://host:8080/openrosa/formList", "/openrosa/formList"));
    }
}
