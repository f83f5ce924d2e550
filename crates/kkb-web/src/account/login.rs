//! Logging in: the password (throttled per address and per user at that address, counted before it is checked,
//! checked in the bounded line of [`crate::password_gate`]), then — for an account with a second factor — a code
//! from the authenticator app or a recovery code, each code usable once.

use super::steps::{Stage, offers_second_factor};
use super::{NextQuery, landing, next_target, start_session};
use crate::auth::{self, Principal};
use crate::cookies;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx, cookie, totp, unix_now};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_store::User;
use serde::Deserialize;
use std::time::Instant;

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

fn login_page(
    app: &AppState,
    ctx: &Ctx,
    next: String,
    username: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let token = auth::random_token();
    let page = LoginPage { c: Layout::new(ctx), l: ctx.lang, next, username, csrf: token.clone(), error };
    let cookie = cookies::login(&token, app.config.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], Html(page.render()?)).into_response())
}

/// `GET /masuk`.
pub async fn login_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let error = ctx.expired.then(|| ctx.lang.t("login.expired").to_string());
        let next = next_target(app, &ctx, q.next.as_deref())?;
        login_page(app, &ctx, next, String::new(), error, StatusCode::OK)
    })
    .await
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

/// The throttle keys of a login of `username` from `ip`: the address, and the user at that address.
pub(crate) fn throttle_keys(ip: &str, username: &str) -> [String; 2] {
    [format!("ip:{ip}"), format!("user:{username}@{ip}")]
}

/// Counts an attempt before it is checked; `false` when the address or the user at this address is locked.
pub(crate) fn begin_attempt(app: &AppState, keys: &[String]) -> bool {
    app.throttle.lock().unwrap_or_else(|p| p.into_inner()).begin(keys, Instant::now())
}

/// Takes back a counted attempt (it succeeded, or nothing was checked).
pub(crate) fn end_attempt(app: &AppState, keys: &[String], succeeded: bool) {
    let mut t = app.throttle.lock().unwrap_or_else(|p| p.into_inner());
    if succeeded {
        t.succeed(&keys[1]);
        t.refund(&keys[..1]);
    } else {
        t.refund(keys);
    }
}

/// `POST /masuk`: checks the password and starts a session — a full one, or one waiting for the second factor
/// (or for its enrolment when the operator requires it).
pub async fn login(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, cookies::LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::same_secret(expected, &form.csrf) {
        return Err(AppError::Csrf);
    }
    let username = form.username.trim().to_lowercase();
    let keys = throttle_keys(&ctx.ip, &username);
    let (ctx_, name, throttled) = (ctx.clone(), username.clone(), !begin_attempt(&app, &keys));
    let (next, found) = app
        .db(move |app| -> Result<_, AppError> {
            let next = next_target(app, &ctx_, form.next.as_deref())?;
            if throttled {
                ctx_.audit(app, "login.throttled", &name, "", "")?;
                return Ok((next, None));
            }
            Ok((next, Some(app.store.user_for_login(&name)?)))
        })
        .await?;
    let Some(found) = found else {
        let msg = ctx.lang.t("login.throttled").to_string();
        return login_page(&app, &ctx, next, form.username, Some(msg), StatusCode::TOO_MANY_REQUESTS);
    };
    let stored = found.as_ref().map(|(_, h)| h.as_str());
    let checked = app.password_gate.verify(&app.config.passwords, &form.password, stored).await;
    let attempt = Attempt { username, keys, next, typed: form.username, password: form.password };
    app.db(move |app| after_check(app, ctx, headers, attempt, found, checked)).await
}

/// A login whose password was checked.
struct Attempt {
    username: String,
    keys: [String; 2],
    next: String,
    typed: String,
    password: String,
}

/// The rest of a login once the password was checked: the audit line, and the session or the form again.
fn after_check(
    app: &AppState,
    ctx: Ctx,
    headers: HeaderMap,
    attempt: Attempt,
    found: Option<(User, String)>,
    checked: Result<bool, AppError>,
) -> Result<Response, AppError> {
    let Attempt { username, keys, next, typed, password } = attempt;
    let ok = match checked {
        Ok(ok) => ok,
        Err(e) => {
            end_attempt(app, &keys, false);
            ctx.audit(app, "login.busy", &username, "", "")?;
            return Err(e);
        }
    };
    let user = match found {
        Some((u, _)) if ok && u.active => u,
        _ => {
            ctx.audit(app, "login.failed", &username, "", "")?;
            let msg = ctx.lang.t("login.failed").to_string();
            return login_page(app, &ctx, next, typed, Some(msg), StatusCode::UNAUTHORIZED);
        }
    };
    end_attempt(app, &keys, true);
    // Phones log in with Digest, which needs a secret derived from the password (sealed; see openrosa::digest).
    crate::openrosa::digest::remember_password(&app.store, &user, &password)?;
    let as_user = Ctx { who: Principal::of_user(user.clone(), None), pending: None, ..ctx };
    let wants_factor = offers_second_factor(&user.role);
    let enrolled = wants_factor && app.store.totp(user.id)?.is_some_and(|t| t.confirmed);
    let mut resp = if enrolled {
        as_user.audit(app, "login.password", &user.username, &user.scope, "second factor awaited")?;
        let to = format!("/masuk/kode?next={}", crate::view::urlencode(&next));
        start_session(app, &headers, &user, Some(Stage::Totp), &to)?
    } else if wants_factor && app.config.require_totp {
        as_user.audit(app, "login", &user.username, &user.scope, "second factor to be set up")?;
        start_session(app, &headers, &user, Some(Stage::Enrol), Stage::Enrol.page())?
    } else {
        as_user.audit(app, "login", &user.username, &user.scope, "")?;
        start_session(app, &headers, &user, None, &landing(&user, next))?
    };
    resp.headers_mut().append(header::SET_COOKIE, cookies::clear_login(app.config.secure_cookies));
    Ok(resp)
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    c: Layout,
    l: Lang,
    next: String,
    csrf: String,
    error: Option<String>,
}

/// `GET /masuk/kode`: the second step's form.
pub async fn code_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let Some(p) = ctx.pending.as_ref().filter(|p| p.stage == Stage::Totp) else {
            return Ok(Redirect::to("/masuk").into_response());
        };
        let next = next_target(app, &ctx, q.next.as_deref())?;
        let page = CodePage { c: Layout::new(&ctx), l: ctx.lang, next, csrf: p.csrf.clone(), error: None };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// The second step's form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    csrf: String,
    code: String,
    next: Option<String>,
}

/// `POST /masuk/kode`: a code of the authenticator app (not used before) or an unused recovery code completes
/// the log-in; attempts are throttled like passwords.
pub async fn code(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CodeForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let Some(p) = ctx.pending.clone().filter(|p| p.stage == Stage::Totp) else {
            return Ok(Redirect::to("/masuk").into_response());
        };
        if !auth::same_secret(&p.csrf, &form.csrf) {
            return Err(AppError::Csrf);
        }
        let next = next_target(app, &ctx, form.next.as_deref())?;
        let as_user = Ctx { who: Principal::of_user(p.user.clone(), None), pending: None, ..ctx };
        let user = &p.user;
        let refuse = |ctx: &Ctx, key: &str, status: StatusCode| -> Result<Response, AppError> {
            let page = CodePage {
                c: Layout::new(ctx),
                l: ctx.lang,
                next: next.clone(),
                csrf: p.csrf.clone(),
                error: Some(ctx.lang.t(key).to_string()),
            };
            Ok((status, Html(page.render()?)).into_response())
        };
        let keys = throttle_keys(&as_user.ip, &user.username.to_lowercase());
        if !begin_attempt(app, &keys) {
            as_user.audit(app, "login.throttled", &user.username, "", "second factor")?;
            return refuse(&as_user, "login.throttled", StatusCode::TOO_MANY_REQUESTS);
        }
        let state = app.store.totp(user.id)?.filter(|t| t.confirmed).ok_or(AppError::Forbidden)?;
        let accepted = if totp::is_recovery_code(&form.code) {
            let hash = auth::token_hash(&totp::normalize_recovery(&form.code));
            if app.store.use_recovery_code(user.id, &hash)? {
                let left = state.recovery_codes_left - 1;
                as_user.audit(app, "totp.recovery_used", &user.username, &user.scope, &format!("{left} left"))?;
                true
            } else {
                false
            }
        } else {
            match totp::verify(&state.secret, &form.code, unix_now() as u64) {
                Some(step) if app.store.use_totp_step(user.id, step as i64)? => true,
                Some(_) => {
                    as_user.audit(app, "totp.replay", &user.username, &user.scope, "")?;
                    return refuse(&as_user, "login.code_replayed", StatusCode::UNAUTHORIZED);
                }
                None => false,
            }
        };
        if !accepted {
            as_user.audit(app, "totp.failed", &user.username, &user.scope, "")?;
            return refuse(&as_user, "login.code_failed", StatusCode::UNAUTHORIZED);
        }
        end_attempt(app, &keys, true);
        as_user.audit(app, "login", &user.username, &user.scope, "with second factor")?;
        start_session(app, &headers, user, None, &landing(user, next))
    })
    .await
}
