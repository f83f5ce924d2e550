//! `/akun/token`: every user creates and revokes their own API tokens. A token acts as its owner — role, region
//! and every audited read — so only the owner creates one: an administrator cannot mint a token that reads a
//! cadre's NIKs in the cadre's name (administrators list and revoke every token at `/admin/token`).

use crate::auth;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::CsrfOnly;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_store::ApiToken;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account_tokens.html")]
struct TokensPage {
    c: Layout,
    l: Lang,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    errors: Vec<String>,
}

fn user_id(ctx: &Ctx) -> Result<i64, AppError> {
    ctx.require_user()?;
    ctx.who.user.as_ref().map(|u| u.id).ok_or(AppError::LoginRequired)
}

/// `GET /akun/token`.
pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let id = user_id(&ctx)?;
        let page = TokensPage {
            c: Layout::new(&ctx),
            l: ctx.lang,
            tokens: app.store.api_tokens_of(id)?,
            new_token: None,
            errors: vec![],
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: String,
    name: String,
}

/// Creates a token named `name` for `user_id` (the caller has checked that it is the user's own), to be shown
/// once: the token, or the form's problems in the reader's language (a token needs a name).
pub(crate) fn mint(
    app: &AppState,
    ctx: &Ctx,
    user_id: i64,
    name: &str,
) -> Result<Result<String, Vec<String>>, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Err(vec![format!("{}: {}", ctx.lang.t("admin.token_name"), ctx.lang.t("token.err.name"))]));
    }
    let token = format!("kkb_{}", auth::random_token());
    let t = app.store.create_api_token(user_id, name, &auth::token_hash(&token))?;
    ctx.audit(app, "token.create", &t.username, "", &t.name)?;
    Ok(Ok(token))
}

/// `POST /akun/token`: a new token of one's own, shown once (only its hash is kept).
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<TokenForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let id = user_id(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        let (new_token, errors) = match mint(app, &ctx, id, &form.name)? {
            Ok(token) => (Some(token), vec![]),
            Err(errors) => (None, errors),
        };
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        let page =
            TokensPage { c: Layout::new(&ctx), l: ctx.lang, tokens: app.store.api_tokens_of(id)?, new_token, errors };
        Ok((status, Html(page.render()?)).into_response())
    })
    .await
}

/// `POST /akun/token/{id}/cabut`: revokes one of one's own tokens.
pub async fn revoke(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(token_id): Path<i64>,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let id = user_id(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        if !app.store.api_tokens_of(id)?.iter().any(|t| t.id == token_id) {
            return Err(AppError::NotFound);
        }
        app.store.revoke_api_token(token_id)?;
        ctx.audit(app, "token.revoke", &token_id.to_string(), "", "")?;
        Ok(Redirect::to("/akun/token").into_response())
    })
    .await
}
