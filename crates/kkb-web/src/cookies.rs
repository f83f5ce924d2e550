//! Every cookie the application sets is built here, so that `--secure-cookies` marks each one `Secure` (sent over
//! HTTPS only). The session cookie is `HttpOnly; SameSite=Lax`; the log-in form's double-submit cookie is
//! `SameSite=Strict` and lives on `/masuk` only; the language cookie is readable by pages.

use crate::SESSION_COOKIE;
use axum::http::HeaderValue;

/// The pre-session cookie that protects the login form itself against CSRF (double submit).
pub const LOGIN_COOKIE: &str = "kkb_login";

fn build(spec: String, secure: bool) -> HeaderValue {
    let v = if secure { format!("{spec}; Secure") } else { spec };
    // Names, values and attributes are ours (hex tokens, language tags): always a valid header value.
    HeaderValue::try_from(v).unwrap_or_else(|_| HeaderValue::from_static("kkb_invalid=; Max-Age=0"))
}

/// The session cookie.
pub fn session(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    build(format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}"), secure)
}

/// Removes the session cookie.
pub fn clear_session(secure: bool) -> HeaderValue {
    build(format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"), secure)
}

/// The login form's CSRF cookie.
pub fn login(token: &str, secure: bool) -> HeaderValue {
    build(format!("{LOGIN_COOKIE}={token}; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age=3600"), secure)
}

/// Removes the login form's CSRF cookie.
pub fn clear_login(secure: bool) -> HeaderValue {
    build(format!("{LOGIN_COOKIE}=; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age=0"), secure)
}

/// The language cookie (a year).
pub fn language(tag: &str, secure: bool) -> HeaderValue {
    build(format!("lang={tag}; Path=/; SameSite=Lax; Max-Age=31536000"), secure)
}

/// `Strict-Transport-Security` sent with `--secure-cookies`: browsers then use HTTPS only for a year.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";
