//! Errors users can act on: one page (or JSON object for `/api/`) per kind, never a stack trace, never data.

use crate::i18n::Lang;
use crate::rejection::{self, Part};
use crate::{AppState, cookie};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::kampung::FieldProblem;
use kkb_domain::pk::Problem;
use kkb_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// What can go wrong in a request.
#[derive(Debug, Clone)]
pub enum AppError {
    /// No such page, region, round or family (also used for out-of-scope families, so as not to reveal them).
    NotFound,
    /// The user's role may not do this (anywhere).
    Forbidden,
    /// The user's role may do this, but not in this region.
    OutsideRegion,
    /// An API request that needs a token came without one.
    TokenRequired,
    /// An API write came without an API token: from the public, or from a browser session (`session`), which the
    /// API does not take writes from, having no CSRF protection (the Kampung KB pages have forms). Answered with
    /// `WWW-Authenticate: Bearer`.
    WriteNeedsToken {
        /// A browser session sent it.
        session: bool,
    },
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
    /// Values the domain refuses (a 422): every field with its reason, said in the reader's language.
    Invalid(Vec<FieldProblem>),
    /// Problems a store operation found (a 400), said in the reader's language.
    Problems(Vec<Problem>),
    /// Too many failed logins.
    Throttled,
    /// Too many password checks waiting, or every database connection stayed busy for too long: try again in a
    /// moment.
    Busy,
    /// The framework could not read part of the request (see [`crate::rejection`]): what, and its detail.
    Rejected(Part, String),
    /// A pending log-in step must be taken first: go to this local path.
    StepRequired(String),
    /// Refused, with the message key that says why.
    Refused(&'static str),
    /// A change the store declined (a stale version, a taken name), said in the reader's language.
    Declined(kkb_domain::problem::Reason),
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
            StoreError::Problems(p) => AppError::Problems(p),
            StoreError::Refused(r) => AppError::Declined(r),
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
            AppError::Forbidden | AppError::OutsideRegion => StatusCode::FORBIDDEN,
            AppError::TokenRequired | AppError::WriteNeedsToken { .. } => StatusCode::UNAUTHORIZED,
            AppError::LoginRequired | AppError::SessionExpired | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) | AppError::Problems(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::Declined(_) => StatusCode::CONFLICT,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy | AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Rejected(part, _) => part.status(),
            AppError::StepRequired(_) => StatusCode::SEE_OTHER,
            AppError::Refused(_) => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::OutsideRegion => "outside_region",
            AppError::TokenRequired => "token_required",
            AppError::LoginRequired => "login_required",
            AppError::SessionExpired => "session_expired",
            AppError::Unauthorized | AppError::WriteNeedsToken { .. } => "unauthorized",
            AppError::Csrf => "csrf",
            AppError::BadRequest(_) | AppError::Problems(_) => "bad_request",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) | AppError::Declined(_) => "conflict",
            AppError::Throttled => "throttled",
            AppError::Busy => "busy",
            AppError::Rejected(..) => "bad_request",
            AppError::StepRequired(_) => "login_step_required",
            AppError::Refused(_) => "forbidden",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => lang.t("error.not_found").into(),
            AppError::Forbidden => lang.t("error.role_forbidden").into(),
            AppError::OutsideRegion => lang.t("error.forbidden").into(),
            AppError::TokenRequired => lang.t("error.token_required").into(),
            AppError::LoginRequired => lang.t("login.required").into(),
            AppError::SessionExpired => lang.t("login.expired").into(),
            AppError::Unauthorized => lang.t("error.bad_token").into(),
            AppError::WriteNeedsToken { session: false } => WRITE_WITHOUT_TOKEN.into(),
            AppError::WriteNeedsToken { session: true } => WRITE_FROM_SESSION.into(),
            AppError::Csrf => lang.t("error.csrf").into(),
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::Invalid(problems) => {
                let said = problems.iter().map(|p| match p.field.as_str() {
                    "" => lang.reason(&p.reason),
                    field => format!("{field}: {}", lang.reason(&p.reason)),
                });
                said.collect::<Vec<_>>().join("; ")
            }
            AppError::Problems(problems) => problems.iter().map(|p| lang.problem(p)).collect::<Vec<_>>().join("; "),
            AppError::Throttled => lang.t("login.throttled").into(),
            AppError::Busy => lang.t("error.busy").into(),
            AppError::Rejected(part, detail) => rejection::message(*part, detail, lang),
            AppError::StepRequired(_) => lang.t("error.step_required").into(),
            AppError::Refused(key) => lang.t(key).into(),
            AppError::Declined(reason) => lang.reason(reason),
            AppError::Unavailable(_) => lang.t("error.unavailable").into(),
            AppError::Internal(_) => lang.t("error.internal").into(),
        }
    }
}

/// What an API write without a token is told (the API's write messages have always been these words, in every
/// language).
const WRITE_WITHOUT_TOKEN: &str = "writes need an API token: send Authorization: Bearer <token>";
/// What an API write from a browser session is told.
const WRITE_FROM_SESSION: &str = "the API takes writes with an API token only (Authorization: Bearer <token>); \
     in a browser, use the Kampung KB page's forms";

/// The JSON body of an API error (`/api/…`): a stable machine code and a message in the client's language.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorAnswer {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine code (snake_case): `not_found`, `bad_request`, `token_required`, `unauthorized`,
    /// `forbidden`, `outside_region`, `conflict`, `busy`, …
    pub code: &'static str,
    /// What happened and what to do, in the client's language (the `lang` cookie, else `Accept-Language`;
    /// Indonesian by default).
    pub message: String,
}

/// The JSON body of a 422: refused values, every one with its field and reason.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Invalid)]
pub struct InvalidAnswer {
    /// The error.
    pub error: InvalidDetail,
}

/// Refused values.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidDetail {
    /// `invalid`.
    pub code: &'static str,
    /// Every problem in one sentence (`field: reason; …`).
    pub message: String,
    /// Every problem, one per field.
    pub problems: Vec<ProblemAnswer>,
}

/// One refused value.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemAnswer {
    /// The field as a dotted path of the JSON body (`contraceptive_users.pil`); empty for the body as a whole.
    pub field: String,
    /// A stable machine code of the reason (snake_case).
    pub code: &'static str,
    /// The reason in the client's language.
    pub reason: String,
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

/// The largest framework answer read to tell what it refused.
const REJECTION_TEXT: usize = 16 * 1024;

/// An error answer that is not an [`AppError`]: a framework rejection (plain text or empty), as an [`AppError`].
async fn framework_error(resp: Response) -> Result<AppError, Response> {
    let status = resp.status();
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return Err(resp);
    }
    let text = match axum::body::to_bytes(resp.into_body(), REJECTION_TEXT).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => String::new(),
    };
    if status.is_server_error() {
        return Ok(AppError::Internal(format!("framework: {status} {text}")));
    }
    let (part, detail) = rejection::classify(status, &text);
    Ok(AppError::Rejected(part, detail))
}

/// The language of an answer: the `lang` cookie; for API clients (which keep no cookie) also the first language of
/// `Accept-Language` we speak; Indonesian otherwise.
fn answer_language(headers: &axum::http::HeaderMap, api: bool) -> Lang {
    if let Some(l) = cookie(headers, "lang").and_then(Lang::parse) {
        return l;
    }
    let accepted = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let first = accepted.split(',').filter_map(|t| Lang::parse(t.split(';').next()?.trim().get(..2)?)).next();
    first.filter(|_| api).unwrap_or_default()
}

/// Renders failed responses: JSON under `/api/`, a page elsewhere (a login prompt where a login is needed).
/// Framework rejections are rendered the same way (see [`crate::rejection`]). API messages are in the client's
/// language (see [`answer_language`]) beside a stable machine `code`.
pub async fn render(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let lang = answer_language(req.headers(), api);
    let next_uri = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let openrosa = req.uri().path().starts_with("/openrosa");
    let mut resp = next.run(req).await;
    if openrosa && resp.extensions().get::<Failed>().is_none() {
        // The OpenRosa endpoints answer in the protocol's XML, their refusals included (see crate::openrosa).
        return resp;
    }
    let err = match resp.extensions_mut().remove::<Failed>() {
        Some(Failed(err)) => err,
        None => match framework_error(resp).await {
            Ok(err) => {
                if let AppError::Internal(m) = &err {
                    tracing::error!(error = %m, "request failed");
                }
                err
            }
            Err(resp) => return resp,
        },
    };
    if let (AppError::StepRequired(to), false) = (&err, api) {
        return Redirect::to(to).into_response();
    }
    let status = if matches!(err, AppError::StepRequired(_)) { StatusCode::UNAUTHORIZED } else { err.status() };
    let mut out = if let (true, AppError::Invalid(problems)) = (api, &err) {
        // Refused values: each with its machine code and its reason in the reader's language.
        let problems = problems
            .iter()
            .map(|p| ProblemAnswer { field: p.field.clone(), code: p.reason.code(), reason: lang.reason(&p.reason) })
            .collect();
        let error = InvalidDetail { code: err.code(), message: err.message(lang), problems };
        (status, axum::Json(InvalidAnswer { error })).into_response()
    } else if api {
        let error = ErrorDetail { code: err.code(), message: err.message(lang) };
        (status, axum::Json(ErrorAnswer { error })).into_response()
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
        out.headers_mut().append(header::SET_COOKIE, crate::cookies::clear_session(app.config.secure_cookies));
    }
    if matches!(err, AppError::WriteNeedsToken { .. }) {
        out.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    if matches!(err, AppError::Busy) {
        out.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
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
