//! Logging in and out, and the language switch.

use crate::auth::{self, Principal};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::safe_next;
use crate::{AppError, AppState, Ctx, SESSION_COOKIE, cookie, unix_now};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::time::Instant;

/// The pre-session cookie that protects the login form itself against CSRF (double submit).
const LOGIN_COOKIE: &str = "kkb_login";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Layout,
    l: Lang,
    next: String,
    username: String,
    csrf: String,
    error: Option<String>,
}

/// Query of the login page.
#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    /// Where to go after logging in (a local path).
    pub next: Option<String>,
}

fn login_page(
    ctx: &Ctx,
    next: String,
    username: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let token = auth::random_token();
    let page = LoginPage { c: Layout::new(ctx), l: ctx.lang, next, username, csrf: token.clone(), error };
    let cookie = format!("{LOGIN_COOKIE}={token}; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age=3600");
    Ok((status, [(header::SET_COOKIE, cookie)], Html(page.render()?)).into_response())
}

/// `GET /masuk`.
pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let error = ctx.expired.then(|| ctx.lang.t("login.expired").to_string());
    login_page(&ctx, safe_next(q.next.as_deref()), String::new(), error, StatusCode::OK)
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

/// `POST /masuk`: checks the password (Argon2id), throttles failures per address and per username, and starts a
/// server-side session.
pub async fn login(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::same_secret(expected, &form.csrf) {
        return Err(AppError::Csrf);
    }
    let next = safe_next(form.next.as_deref());
    let username = form.username.trim().to_lowercase();
    let keys = [format!("ip:{}", ctx.ip), format!("user:{username}")];
    let now = Instant::now();
    if app.throttle.lock().unwrap_or_else(|p| p.into_inner()).locked(&keys, now) {
        ctx.audit(&app, "login.throttled", &username, "", "")?;
        let msg = ctx.lang.t("login.throttled").to_string();
        return login_page(&ctx, next, form.username, Some(msg), StatusCode::TOO_MANY_REQUESTS);
    }
    let found = app.store.user_for_login(&username)?;
    let passwords = app.config.passwords.clone();
    let password = form.password.clone();
    let stored = found.as_ref().map(|(_, h)| h.clone());
    // Verify against a dummy hash when the user is unknown, so that timing does not reveal usernames.
    let ok = tokio::task::spawn_blocking(move || match stored {
        Some(h) => passwords.verify(&password, &h),
        None => {
            let _ = passwords.verify(&password, dummy_hash(&passwords));
            false
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let user = match found {
        Some((u, _)) if ok && u.active => u,
        _ => {
            app.throttle.lock().unwrap_or_else(|p| p.into_inner()).fail(&keys, now);
            ctx.audit(&app, "login.failed", &username, "", "")?;
            let msg = ctx.lang.t("login.failed").to_string();
            return login_page(&ctx, next, form.username, Some(msg), StatusCode::UNAUTHORIZED);
        }
    };
    app.throttle.lock().unwrap_or_else(|p| p.into_inner()).succeed(&keys[1]);
    crate::openrosa::digest::remember_password(&app.store, &user, &form.password)?;
    let token = auth::random_token();
    let csrf = auth::random_token();
    app.store.create_session(&auth::token_hash(&token), user.id, &csrf, unix_now() + app.config.session_seconds)?;
    let _ = app.store.purge_expired_sessions(unix_now());
    let who = Ctx { who: Principal::of_user(user.clone(), Some(csrf)), ..ctx };
    who.audit(&app, "login", &user.username, &user.scope, "")?;
    let secure = if app.config.secure_cookies { "; Secure" } else { "" };
    let session = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        app.config.session_seconds
    );
    let clear = format!("{LOGIN_COOKIE}=; Path=/masuk; HttpOnly; SameSite=Strict; Max-Age=0");
    let to = if next == "/" { who.who.home().map(|c| format!("/wilayah/{c}")).unwrap_or(next) } else { next };
    let mut resp = Redirect::to(&to).into_response();
    resp.headers_mut().append(header::SET_COOKIE, session.parse().map_err(|_| AppError::Internal("cookie".into()))?);
    resp.headers_mut().append(header::SET_COOKIE, clear.parse().map_err(|_| AppError::Internal("cookie".into()))?);
    Ok(resp)
}

/// A hash of a random password, used to spend the same time on unknown usernames as on known ones.
fn dummy_hash(p: &auth::Passwords) -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| p.hash(&auth::random_token()))
}

/// The logout form.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /keluar`: ends the session.
pub async fn logout(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, AppError> {
    if ctx.who.is_user() {
        ctx.check_csrf(form.csrf.as_deref())?;
        ctx.audit(&app, "logout", ctx.who.username(), "", "")?;
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        app.store.delete_session(&auth::token_hash(token))?;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        header::HeaderValue::from_static("kkb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(resp)
}

/// `GET /bahasa/{lang}?next=`: sets the language cookie and returns.
pub async fn language(Path(lang): Path<String>, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let lang = Lang::parse(&lang).ok_or(AppError::NotFound)?;
    let cookie = format!("lang={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.tag());
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&safe_next(q.next.as_deref()))).into_response())
}
