//! `/akun/kata-sandi`: every user changes their own password, after giving the current one (checked like a
//! login: throttled, counted first, in the bounded line). The new one must pass [`crate::password_policy`]; the
//! account's other sessions end and this browser gets a new one.

use super::login::{begin_attempt, end_attempt, throttle_keys};
use super::start_session;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::password_policy;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    c: Layout,
    l: Lang,
    errors: Vec<String>,
}

fn page(ctx: &Ctx, errors: Vec<String>, status: StatusCode) -> Result<Response, AppError> {
    let page = PasswordPage { c: Layout::new(ctx), l: ctx.lang, errors };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /akun/kata-sandi`.
pub async fn form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_user()?;
    page(&ctx, vec![], StatusCode::OK)
}

/// The change-password form.
#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    csrf: String,
    current: String,
    new: String,
    confirm: String,
}

/// `POST /akun/kata-sandi`.
pub async fn change(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ChangeForm>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    ctx.check_csrf(Some(&form.csrf))?;
    let user = ctx.who.user.clone().ok_or(AppError::LoginRequired)?;
    let keys = throttle_keys(&ctx.ip, &user.username.to_lowercase());
    let throttled = !begin_attempt(&app, &keys);
    let (ctx_, user_) = (ctx.clone(), user.clone());
    let stored = app
        .db(move |app| -> Result<_, AppError> {
            if throttled {
                ctx_.audit(app, "password.throttled", &user_.username, &user_.scope, "")?;
                return Ok(None);
            }
            Ok(Some(app.store.user_for_login(&user_.username)?.map(|(_, h)| h)))
        })
        .await?;
    let Some(stored) = stored else {
        return page(&ctx, vec![ctx.lang.t("login.throttled").into()], StatusCode::TOO_MANY_REQUESTS);
    };
    let ok = match app.password_gate.verify(&app.config.passwords, &form.current, stored.as_deref()).await {
        Ok(ok) => ok,
        Err(e) => {
            end_attempt(&app, &keys, false);
            return Err(e);
        }
    };
    if !ok {
        let (c, u) = (ctx.clone(), user.clone());
        app.db(move |app| c.audit(app, "password.change_failed", &u.username, &u.scope, "wrong current password"))
            .await?;
        return page(&ctx, vec![ctx.lang.t("account.current_wrong").into()], StatusCode::UNPROCESSABLE_ENTITY);
    }
    end_attempt(&app, &keys, true);
    let mut errors: Vec<String> =
        password_policy::check(&form.new, &user.username).iter().map(|w| w.message(ctx.lang)).collect();
    if form.new != form.confirm {
        errors.push(ctx.lang.t("account.mismatch").into());
    }
    if !errors.is_empty() {
        let reasons: Vec<&str> = password_policy::check(&form.new, &user.username).iter().map(|w| w.code()).collect();
        let (c, u, reasons) = (ctx.clone(), user.clone(), reasons.join(","));
        app.db(move |app| c.audit(app, "password.rejected", &u.username, &u.scope, &reasons)).await?;
        return page(&ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let hash = crate::password_gate::hash(&app.config.passwords, &form.new).await?;
    app.db(move |app| {
        app.store.set_password_hash(user.id, &hash)?;
        crate::openrosa::digest::remember_password(&app.store, &user, &form.new)?;
        app.store.delete_user_sessions(user.id)?;
        ctx.audit(app, "password.change", &user.username, &user.scope, "")?;
        start_session(app, &headers, &user, None, "/akun?ok=password")
    })
    .await
}
