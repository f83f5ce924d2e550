//! Errors users can act on: one page (or JSON object for `/api/`) per kind, never a stack trace, never data.

use crate::cookie;
use crate::i18n::Lang;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_store::StoreError;

/// What can go wrong in a request.
#[derive(Debug, Clone)]
pub enum AppError {
    /// No such page, region, round or family (also used for out-of-scope families, so as not to reveal them).
    NotFound,
    /// The user is logged in but may not do this here.
    Forbidden,
    /// The page needs a login.
    LoginRequired,
    /// The session cookie names a session that is gone.
    SessionExpired,
    /// A bad or missing API token.
    Unauthorized,
    /// A form without a valid CSRF token.
    Csrf,
    /// Bad input, with a message that says what to fix.
    BadRequest(String),
    /// A conflicting change (stale version, duplicate).
    Conflict(String),
    /// Too many failed logins.
    Throttled,
    /// Every database connection stayed busy for too long: try again in a moment.
    Busy,
    /// The database server cannot be reached (restarting); the store reconnects when it is back.
    Unavailable(String),
    /// A failure that is ours; logged, not shown.
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound(_) => AppError::NotFound,
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Busy(_) => AppError::Busy,
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            StoreError::Problems(p) => {
                AppError::BadRequest(p.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::Internal(format!("template: {e}"))
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::LoginRequired | AppError::SessionExpired | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy | AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::LoginRequired => "login_required",
            AppError::SessionExpired => "session_expired",
            AppError::Unauthorized => "unauthorized",
            AppError::Csrf => "csrf",
            AppError::BadRequest(_) => "bad_request",
            AppError::Conflict(_) => "conflict",
            AppError::Throttled => "throttled",
            AppError::Busy => "busy",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => lang.t("error.not_found").into(),
            AppError::Forbidden => lang.t("error.forbidden").into(),
            AppError::LoginRequired => lang.t("login.required").into(),
            AppError::SessionExpired => lang.t("login.expired").into(),
            AppError::Unauthorized => "invalid or revoked API token".into(),
            AppError::Csrf => lang.t("error.csrf").into(),
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::Throttled => lang.t("login.throttled").into(),
            AppError::Busy => lang.t("error.busy").into(),
            AppError::Unavailable(_) => lang.t("error.unavailable").into(),
            AppError::Internal(_) => lang.t("error.internal").into(),
        }
    }
}

/// The error travels to [`render`] inside the response.
#[derive(Clone)]
struct Failed(AppError);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(m) => tracing::error!(error = %m, "request failed"),
            AppError::Unavailable(m) => tracing::warn!(error = %m, "the database cannot be reached"),
            _ => {}
        }
        let mut r = self.status().into_response();
        r.extensions_mut().insert(Failed(self));
        r
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: crate::layout::Layout,
    l: Lang,
    status: u16,
    message: String,
    login: bool,
}

/// Renders failed responses: JSON under `/api/`, a page elsewhere (a login prompt where a login is needed).
pub async fn render(req: Request, next: Next) -> Response {
    let lang = cookie(req.headers(), "lang").and_then(Lang::parse).unwrap_or_default();
    let api = req.uri().path().starts_with("/api/");
    let next_uri = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let mut resp = next.run(req).await;
    let Some(Failed(err)) = resp.extensions_mut().remove::<Failed>() else { return resp };
    let status = err.status();
    let mut out = if api {
        (status, axum::Json(serde_json::json!({"error": {"code": err.code(), "message": err.message(Lang::En)}})))
            .into_response()
    } else {
        let login = matches!(err, AppError::LoginRequired | AppError::SessionExpired);
        let page = ErrorPage {
            c: crate::layout::Layout::anonymous(lang, &next_uri),
            l: lang,
            status: status.as_u16(),
            message: err.message(lang),
            login,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, err.message(lang)).into_response(),
        }
    };
    if matches!(err, AppError::SessionExpired) {
        out.headers_mut().append(
            header::SET_COOKIE,
            header::HeaderValue::from_static("kkb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        );
    }
    out
}

/// Unknown paths.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// A redirect after a successful form (303 so that reloading does not resubmit).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
