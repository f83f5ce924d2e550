//! The user's own account: logging in (the password, then the second factor where one is set up), logging out,
//! the language switch, changing one's password, setting up the second factor, and one's own API tokens.

pub mod login;
pub mod password;
pub mod second_factor;
pub mod steps;
pub mod tokens;

use crate::auth;
use crate::cookies;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::checked_next;
use crate::{AppError, AppState, Ctx, SESSION_COOKIE, cookie, unix_now};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kkb_store::User;
use serde::Deserialize;
use steps::Stage;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/masuk", get(login::login_form).post(login::login))
        .route("/masuk/kode", get(login::code_form).post(login::code))
        .route("/keluar", post(logout))
        .route("/bahasa/{lang}", get(language))
        .route("/akun", get(home))
        .route("/akun/kata-sandi", get(password::form).post(password::change))
        .route("/akun/2fa", get(second_factor::page))
        .route("/akun/2fa/mulai", post(second_factor::begin))
        .route("/akun/2fa/konfirmasi", post(second_factor::confirm))
        .route("/akun/token", get(tokens::page).post(tokens::create))
        .route("/akun/token/{id}/cabut", post(tokens::revoke))
}

/// Query with a `next` target.
#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    /// Where to go afterwards (a local path).
    pub next: Option<String>,
}

/// The redirect target of a `next` value: a local path, or `/` for none or a refused one (which is audited).
pub(crate) fn next_target(app: &AppState, ctx: &Ctx, next: Option<&str>) -> Result<String, AppError> {
    match next.filter(|n| !n.is_empty()) {
        None => Ok("/".into()),
        Some(n) => match checked_next(n) {
            Some(to) => Ok(to),
            None => {
                let shown: String = n.chars().take(120).collect();
                ctx.audit(app, "redirect.refused", "", "", &format!("next {shown:?}"))?;
                Ok("/".into())
            }
        },
    }
}

/// Where a user goes after logging in when `next` is the start page: their region.
pub(crate) fn landing(user: &User, next: String) -> String {
    if next == "/" && !user.scope.is_empty() { format!("/wilayah/{}", user.scope) } else { next }
}

/// Ends the browser's current session (if any) and starts one for `user` at `stage` (`None`: logged in), then
/// redirects to `to`. A new token each time, so that the cookie changes whenever the privileges do.
pub(crate) fn start_session(
    app: &AppState,
    headers: &HeaderMap,
    user: &User,
    stage: Option<Stage>,
    to: &str,
) -> Result<Response, AppError> {
    if let Some(old) = cookie(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        app.store.delete_session(&auth::token_hash(old))?;
    }
    let (name, seconds) = match stage {
        None => ("full", app.config.session_seconds),
        Some(Stage::Totp) => ("totp", 10 * 60),
        Some(Stage::Enrol) => ("enrol", 30 * 60),
    };
    let token = auth::random_token();
    let csrf = auth::random_token();
    app.store.create_session_at(&auth::token_hash(&token), user.id, &csrf, unix_now() + seconds, name)?;
    let _ = app.store.purge_expired_sessions(unix_now());
    let mut resp = Redirect::to(to).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookies::session(&token, seconds, app.config.secure_cookies));
    Ok(resp)
}

/// The logout form.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /keluar`: ends the session (also one still at a log-in step).
pub async fn logout(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        if ctx.who.is_user() {
            ctx.check_csrf(form.csrf.as_deref())?;
            ctx.audit(app, "logout", ctx.who.username(), "", "")?;
        }
        if let Some(token) = cookie(&headers, SESSION_COOKIE) {
            app.store.delete_session(&auth::token_hash(token))?;
        }
        let mut resp = Redirect::to("/").into_response();
        resp.headers_mut().append(header::SET_COOKIE, cookies::clear_session(app.config.secure_cookies));
        Ok(resp)
    })
    .await
}

/// `GET /bahasa/{lang}?next=`: sets the language cookie and returns.
pub async fn language(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(lang): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let lang = Lang::parse(&lang).ok_or(AppError::NotFound)?;
        let to = next_target(app, &ctx, q.next.as_deref())?;
        let cookie = cookies::language(lang.tag(), app.config.secure_cookies);
        Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response())
    })
    .await
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Layout,
    l: Lang,
    flash: Option<&'static str>,
    second_factor: bool,
}

/// Query of the account page.
#[derive(Debug, Deserialize, Default)]
pub struct FlashQuery {
    ok: Option<String>,
}

/// `GET /akun`: the user's own settings.
pub async fn home(ctx: Ctx, Query(q): Query<FlashQuery>) -> Result<Response, AppError> {
    ctx.require_user()?;
    let flash = match q.ok.as_deref() {
        Some("password") => Some(ctx.lang.t("account.password_changed")),
        _ => None,
    };
    let second_factor = ctx.who.user.as_ref().is_some_and(|u| steps::offers_second_factor(&u.role));
    let page = AccountPage { c: Layout::new(&ctx), l: ctx.lang, flash, second_factor };
    Ok(Html(page.render()?).into_response())
}
