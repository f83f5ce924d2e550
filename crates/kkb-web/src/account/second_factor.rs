//! `/akun/2fa`: setting up the second factor. Start makes a secret (sealed in the store) and shows it as a QR
//! code and in base32; a correct code confirms it and shows ten recovery codes once. Administrators, province and
//! kabupaten/kota users only; removing it is an administrator's reset (`/admin/pengguna`). Every step is audited.

use super::start_session;
use super::steps::{Stage, offers_second_factor};
use crate::auth::{self, Principal};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::CsrfOnly;
use crate::{AppError, AppState, Ctx, totp, unix_now};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_store::User;
use serde::Deserialize;

/// Who is setting up: a logged-in user, or one whose session waits for enrolment.
struct Enroller {
    user: User,
    csrf: String,
    /// The session waits for enrolment (it is replaced by a full one once confirmed).
    pending: bool,
    /// The context as that user (for the audit log).
    ctx: Ctx,
}

fn enroller(ctx: Ctx) -> Result<Enroller, AppError> {
    if let Some(p) = ctx.pending.clone().filter(|p| p.stage == Stage::Enrol) {
        // The page's frame (its logout form) carries the pending session's token.
        let ctx = Ctx { who: Principal::of_user(p.user.clone(), Some(p.csrf.clone())), pending: None, ..ctx };
        return Ok(Enroller { user: p.user, csrf: p.csrf, pending: true, ctx });
    }
    ctx.require_user()?;
    let user = ctx.who.user.clone().ok_or(AppError::LoginRequired)?;
    let csrf = ctx.who.csrf.clone().unwrap_or_default();
    Ok(Enroller { user, csrf, pending: false, ctx })
}

#[derive(Template)]
#[template(path = "account_2fa.html")]
struct SecondFactorPage {
    c: Layout,
    l: Lang,
    csrf: String,
    offered: bool,
    required: bool,
    /// Confirmed: since when, and recovery codes left.
    on: Option<(String, i64)>,
    /// Being set up: the QR code (SVG) and the key in groups of four.
    setup: Option<(String, String)>,
    recovery: Vec<String>,
    error: Option<String>,
}

impl SecondFactorPage {
    fn new(e: &Enroller, app: &AppState) -> SecondFactorPage {
        SecondFactorPage {
            c: Layout::new(&e.ctx),
            l: e.ctx.lang,
            csrf: e.csrf.clone(),
            offered: offers_second_factor(&e.user.role),
            required: e.pending || (app.config.require_totp && offers_second_factor(&e.user.role)),
            on: None,
            setup: None,
            recovery: vec![],
            error: None,
        }
    }
}

fn account_name(user: &User) -> String {
    if user.scope.is_empty() { user.username.clone() } else { format!("{}@{}", user.username, user.scope) }
}

/// `GET /akun/2fa`.
pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let e = enroller(ctx)?;
        let mut page = SecondFactorPage::new(&e, app);
        match app.store.totp(e.user.id)? {
            Some(t) if t.confirmed => page.on = Some((t.confirmed_at.unwrap_or_default(), t.recovery_codes_left)),
            Some(t) => {
                let uri = totp::otpauth_uri("Kampung KB", &account_name(&e.user), &t.secret);
                page.setup = Some((totp::qr_svg(&uri), totp::grouped(&totp::base32(&t.secret))));
            }
            None => {}
        }
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// `POST /akun/2fa/mulai`: a new secret (replacing one not yet confirmed).
pub async fn begin(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let e = enroller(ctx)?;
        if !auth::same_secret(&e.csrf, &form.csrf) {
            return Err(AppError::Csrf);
        }
        if !offers_second_factor(&e.user.role) {
            e.ctx.audit(app, "totp.refused", &e.user.username, &e.user.scope, "role")?;
            return Err(AppError::Refused("2fa.not_for_role"));
        }
        match app.store.begin_totp(e.user.id, &totp::new_secret()) {
            Ok(()) => {}
            // Set up already (a second tab, a form sent twice).
            Err(kkb_store::StoreError::Conflict(_)) => {
                return Err(AppError::Conflict(e.ctx.lang.t("2fa.already_on").into()));
            }
            Err(err) => return Err(err.into()),
        }
        e.ctx.audit(app, "totp.begin", &e.user.username, &e.user.scope, "")?;
        Ok(Redirect::to("/akun/2fa").into_response())
    })
    .await
}

/// The confirmation form.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    code: String,
}

/// `POST /akun/2fa/konfirmasi`: a correct code turns the second factor on and shows the recovery codes once.
pub async fn confirm(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ConfirmForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let e = enroller(ctx)?;
        if !auth::same_secret(&e.csrf, &form.csrf) {
            return Err(AppError::Csrf);
        }
        let keys = super::login::throttle_keys(&e.ctx.ip, &e.user.username.to_lowercase());
        if !super::login::begin_attempt(app, &keys) {
            e.ctx.audit(app, "totp.throttled", &e.user.username, &e.user.scope, "enrolment")?;
            return Err(AppError::Throttled);
        }
        let state = app.store.totp(e.user.id)?.filter(|t| !t.confirmed);
        let step = state.as_ref().and_then(|t| totp::verify(&t.secret, &form.code, unix_now() as u64));
        let codes = totp::recovery_codes();
        let hashes: Vec<[u8; 32]> = codes.iter().map(|c| auth::token_hash(&totp::normalize_recovery(c))).collect();
        let confirmed = match step {
            Some(step) => app.store.confirm_totp(e.user.id, step as i64, &hashes)?,
            None => false,
        };
        let mut page = SecondFactorPage::new(&e, app);
        if !confirmed {
            e.ctx.audit(app, "totp.enrol_failed", &e.user.username, &e.user.scope, "")?;
            if let Some(t) = state {
                let uri = totp::otpauth_uri("Kampung KB", &account_name(&e.user), &t.secret);
                page.setup = Some((totp::qr_svg(&uri), totp::grouped(&totp::base32(&t.secret))));
            }
            page.error = Some(e.ctx.lang.t("2fa.confirm_failed").into());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
        super::login::end_attempt(app, &keys, true);
        e.ctx.audit(app, "totp.enrol", &e.user.username, &e.user.scope, "")?;
        page.on = Some((kkb_domain::date::now_utc_rfc3339(), codes.len() as i64));
        page.recovery = codes;
        page.required = false;
        let html = page.render()?;
        // A session that waited for enrolment becomes a full one (a new cookie); the codes are shown either way.
        let mut resp = if e.pending {
            let mut r = start_session(app, &headers, &e.user, None, "/akun/2fa")?;
            *r.status_mut() = StatusCode::OK;
            r.headers_mut().remove(header::LOCATION);
            r
        } else {
            StatusCode::OK.into_response()
        };
        *resp.body_mut() = axum::body::Body::from(html);
        resp.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
        Ok(resp)
    })
    .await
}
