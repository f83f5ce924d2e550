//! Who is asking over OpenRosa: the user's own account, by Digest or Basic.
//!
//! Basic sends the password itself, so it is accepted only over HTTPS (behind a proxy that says so in the
//! configured trusted header), from a loopback address when no proxy is configured, or in the demo. An Argon2
//! check per request is too slow for a phone sending fifty forms in a row, so a successful Basic check is
//! remembered for [`BASIC_TTL`] under a hash of the credentials and the stored password hash (a changed password
//! misses). Failed attempts count towards the same throttle as the login form, and are audited.

use super::digest::{self, REALM, Refusal};
use super::response::{Halt, Reply};
use crate::auth::Principal;
use crate::client_addr::is_https;
use crate::i18n::{Lang, lang_of};
use crate::{App, AppError, AppState, unix_now};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kkb_store::{AuditEntry, User};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a successful Basic check is remembered.
pub const BASIC_TTL: Duration = Duration::from_secs(300);
const BASIC_MAX: usize = 4096;

/// Recent successful Basic checks, keyed by a hash of (username, password, stored hash).
#[derive(Default)]
pub struct BasicCache(Mutex<HashMap<[u8; 32], Instant>>);

impl BasicCache {
    fn key(username: &str, password: &str, phc: &str) -> [u8; 32] {
        let mut h = blake3::Hasher::new_derive_key("kampungkb 2026-12 openrosa basic cache");
        for part in [username, password, phc] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        *h.finalize().as_bytes()
    }

    fn hit(&self, key: &[u8; 32], now: Instant) -> bool {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).is_some_and(|at| now.duration_since(*at) < BASIC_TTL)
    }

    fn insert(&self, key: [u8; 32], now: Instant) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= BASIC_MAX {
            map.retain(|_, at| now.duration_since(*at) < BASIC_TTL);
            if map.len() >= BASIC_MAX {
                map.clear();
            }
        }
        map.insert(key, now);
    }
}

/// An authenticated OpenRosa request: who, in which language, from where.
pub struct Authed {
    /// The user, with the same role and scope as in the web application.
    pub who: Principal,
    /// The language of the answers.
    pub lang: Lang,
    /// The client address (for the audit log).
    pub ip: String,
}

impl Authed {
    /// The signed-in account.
    pub fn user(&self) -> &User {
        self.who.user.as_ref().expect("an authenticated request has a user")
    }

    /// Appends to the audit log.
    pub fn audit(&self, app: &App, action: &str, target: &str, region: &str, detail: &str) -> Result<(), Halt> {
        app.store
            .audit(&AuditEntry {
                user_id: Some(self.user().id),
                username: self.who.username(),
                action,
                target,
                region,
                ip: &self.ip,
                detail,
            })
            .map_err(|e| internal(self.lang, &e.to_string()).into())
    }
}

/// A failure that is ours: logged, and the phone told to try later.
pub fn internal(lang: Lang, cause: &str) -> Response {
    tracing::error!(error = %cause, "openrosa request failed");
    Reply::error_in(StatusCode::INTERNAL_SERVER_ERROR, lang, lang.t("or.internal").into()).into_response()
}

/// The client's address, and whether it is this machine (requests through the router in tests have none).
fn peer(parts: &Parts) -> (String, bool) {
    match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        Some(c) => (c.0.ip().to_string(), c.0.ip().is_loopback()),
        None => ("local".into(), true),
    }
}

/// Whether Basic (a password in the clear) may be used on this request.
fn basic_allowed(app: &App, parts: &Parts, loopback: bool) -> bool {
    app.config.demo || is_https(app, &parts.headers) || (loopback && app.config.trusted_proto_header.is_none())
}

/// A 401 with the challenges this request may answer (Digest first; Basic where it is allowed).
pub fn challenge(app: &App, lang: Lang, basic: bool, digest: bool, stale: bool, message: String) -> Halt {
    let mut r = Reply::error_in(StatusCode::UNAUTHORIZED, lang, message).into_response();
    let h = r.headers_mut();
    if digest {
        let stale = if stale { ", stale=true" } else { "" };
        let nonce = app.openrosa.nonces.mint(unix_now());
        let value = format!(
            "Digest realm=\"{REALM}\", qop=\"auth\", algorithm=MD5, nonce=\"{nonce}\", opaque=\"{}\"{stale}",
            digest::md5_hex(REALM.as_bytes())
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(header::WWW_AUTHENTICATE, v);
        }
    }
    if basic {
        h.append(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"kampungkb\", charset=\"UTF-8\""));
    }
    r.into()
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = Halt;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Authed, Halt> {
        let lang = lang_of(&parts.headers);
        let (ip, loopback) = peer(parts);
        let basic_ok = basic_allowed(app, parts, loopback);
        let auth = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").trim();
        let (scheme, rest) = auth.split_once(' ').unwrap_or((auth, ""));
        let user = if scheme.eq_ignore_ascii_case("digest") {
            digest_user(app, parts, lang, &ip, basic_ok, rest).await?
        } else if scheme.eq_ignore_ascii_case("basic") {
            if !basic_ok {
                return Err(challenge(app, lang, false, true, false, lang.t("or.basic_https").into()));
            }
            basic_user(app, lang, &ip, rest).await?
        } else {
            return Err(challenge(app, lang, basic_ok, true, false, lang.t("or.login").into()));
        };
        Ok(Authed { who: Principal::of_user(user, None), lang, ip })
    }
}

fn throttle_keys(ip: &str, username: &str) -> [String; 2] {
    [format!("ip:{ip}"), format!("user:{}", username.trim().to_lowercase())]
}

/// Refuses when the throttle has locked the address or username.
fn check_throttle(app: &App, lang: Lang, keys: &[String]) -> Result<(), Halt> {
    if app.throttle.lock().unwrap_or_else(|p| p.into_inner()).locked(keys, Instant::now()) {
        let r = Reply::error_in(StatusCode::TOO_MANY_REQUESTS, lang, lang.t("login.throttled").into());
        return Err(r.into_response().into());
    }
    Ok(())
}

/// Records a failed log-in (throttle and audit) and answers with a fresh challenge.
async fn failed(app: &AppState, lang: Lang, ip: &str, username: &str, how: &'static str, basic_ok: bool) -> Halt {
    let keys = throttle_keys(ip, username);
    app.throttle.lock().unwrap_or_else(|p| p.into_inner()).fail(&keys, Instant::now());
    let (ip, username) = (ip.to_string(), username.trim().to_string());
    let logged = app
        .db(move |app| {
            app.store.audit(&AuditEntry {
                user_id: None,
                username: &username,
                action: "login.failed",
                target: &username,
                region: "",
                ip: &ip,
                detail: how,
            })
        })
        .await;
    if let Err(e) = logged {
        return internal(lang, &format!("{e:?}")).into();
    }
    challenge(app, lang, basic_ok, true, false, lang.t("or.wrong_password").into())
}

async fn digest_user(
    app: &AppState,
    parts: &Parts,
    lang: Lang,
    ip: &str,
    basic_ok: bool,
    params: &str,
) -> Result<User, Halt> {
    let bad = || challenge(app, lang, basic_ok, true, false, lang.t("or.login").into());
    let c = digest::parse(params).ok_or_else(bad)?;
    let keys = throttle_keys(ip, &c.username);
    check_throttle(app, lang, &keys)?;
    let name = c.username.clone();
    let found = app
        .db(move |app| -> Result<_, AppError> {
            let Some((user, _)) = app.store.user_for_login(&name)?.filter(|(u, _)| u.active) else { return Ok(None) };
            let stored = app.store.digest_secret(user.id)?;
            Ok(Some((user, stored)))
        })
        .await
        .map_err(|e| Halt::from(internal(lang, &format!("{e:?}"))))?;
    let Some((user, stored)) = found else {
        return Err(failed(app, lang, ip, &c.username, "openrosa digest", basic_ok).await);
    };
    let Some(ha1) = stored.as_deref().and_then(|s| digest::ha1_for(s, &user, &c.username)) else {
        // No Digest secret yet (the password was set before this server spoke OpenRosa): offer Basic where it is
        // allowed, and say how to make Digest work.
        return Err(challenge(app, lang, basic_ok, !basic_ok, false, lang.t("or.digest_missing").into()));
    };
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    match app.openrosa.nonces.check(&c, &ha1, parts.method.as_str(), path, unix_now()) {
        Ok(()) => {
            app.throttle.lock().unwrap_or_else(|p| p.into_inner()).succeed(&keys[1]);
            Ok(user)
        }
        Err(Refusal::Stale) => Err(challenge(app, lang, basic_ok, true, true, lang.t("or.login").into())),
        Err(Refusal::Bad) => Err(bad()),
        Err(Refusal::Wrong) => Err(failed(app, lang, ip, &c.username, "openrosa digest", basic_ok).await),
    }
}

async fn basic_user(app: &AppState, lang: Lang, ip: &str, encoded: &str) -> Result<User, Halt> {
    let bad = || challenge(app, lang, true, true, false, lang.t("or.login").into());
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
    let (username, password) = decoded.split_once(':').ok_or_else(bad)?;
    let keys = throttle_keys(ip, username);
    check_throttle(app, lang, &keys)?;
    let name = username.to_string();
    let found = app
        .db(move |app| app.store.user_for_login(&name))
        .await
        .map_err(|e| Halt::from(internal(lang, &format!("{e:?}"))))?;
    let Some((user, phc)) = found.filter(|(u, _)| u.active) else {
        return Err(failed(app, lang, ip, username, "openrosa basic", true).await);
    };
    let key = BasicCache::key(&user.username, password, &phc);
    let now = Instant::now();
    if !app.openrosa.basic.hit(&key, now) {
        let (passwords, pw, h) = (app.config.passwords.clone(), password.to_string(), phc.clone());
        let ok = tokio::task::spawn_blocking(move || passwords.verify(&pw, &h))
            .await
            .map_err(|e| Halt::from(internal(lang, &e.to_string())))?;
        if !ok {
            return Err(failed(app, lang, ip, username, "openrosa basic", true).await);
        }
        app.openrosa.basic.insert(key, now);
        let (u, pw) = (user.clone(), password.to_string());
        app.db(move |app| digest::remember_password(&app.store, &u, &pw))
            .await
            .map_err(|e| Halt::from(internal(lang, &format!("{e:?}"))))?;
    }
    app.throttle.lock().unwrap_or_else(|p| p.into_inner()).succeed(&keys[1]);
    Ok(user)
}
