//! The OpenRosa 1.0 server under `/openrosa` (docs/openrosa.md): ODK Collect, Enketo and ODK Web Forms download
//! the forms this user may fill and her village's media files, and send filled forms back.
//!
//! Every response here carries `X-OpenRosa-Version: 1.0` and a `Date` (the 401s included), and speaks the
//! protocol's own XML, never the application's HTML error pages: a phone shows the `<message>` to the cadre.
//! Authentication is the user's own account over Digest or Basic ([`auth`]); what a user may fill and for which
//! villages follows the same [`crate::auth::Principal`] as the web pages ([`forms::offered`]).
//!
//! This is the transport: the forms, the instance document, the rules of who may submit what and what a
//! submission does are the capture resource's ([`crate::capture`]), below this module; here they are served,
//! read from the wire and answered in the protocol's replies ([`submission`], [`receive`]).

pub mod auth;
pub mod digest;
pub mod forms;
pub mod media;
pub mod receive;
pub mod response;
pub mod submission;

use crate::AppState;
use crate::i18n::lang_of;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
pub use response::Reply;

/// The OpenRosa version spoken.
pub const VERSION: &str = "1.0";

/// The largest submission accepted (advertised as `X-OpenRosa-Accept-Content-Length`): the instance and its
/// attachments together.
pub const MAX_SUBMISSION_BYTES: usize = 10 * 1024 * 1024;

/// What the OpenRosa endpoints keep in memory: Digest nonces, recent Basic logins, generated media.
#[derive(Default)]
pub struct State {
    /// Digest nonces and the counts already used with them.
    pub nonces: digest::Nonces,
    /// Successful Basic logins, briefly (so that 50 forms sent in a row cost one Argon2 check).
    pub basic: auth::BasicCache,
    /// Generated media files, until the data changes.
    pub media: media::MediaCache,
}

/// The routes under `/openrosa` (merged, not nested: a Digest response signs the full request URI).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openrosa/formList", get(forms::form_list))
        .route("/openrosa/forms/{form}", get(forms::download))
        .route("/openrosa/forms/{form}/manifest", get(forms::manifest))
        .route("/openrosa/forms/{form}/media/{file}", get(media::download))
        .route(
            "/openrosa/submission",
            axum::routing::head(submission::head)
                .post(submission::post)
                // The handler answers 413 itself, in the protocol's XML, beyond the advertised limit.
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SUBMISSION_BYTES)),
        )
        .route("/openrosa", axum::routing::any(not_found))
        .route("/openrosa/{*rest}", axum::routing::any(not_found))
        .layer(axum::middleware::from_fn(headers))
}

async fn not_found(req: Request) -> Response {
    let lang = lang_of(req.headers());
    Reply::error(axum::http::StatusCode::NOT_FOUND, lang.t("or.not_found")).into_response_()
}

/// The protocol's headers on every response, and the check of the version a client asks for.
async fn headers(req: Request, next: Next) -> Response {
    let asked = req.headers().get("x-openrosa-version").and_then(|v| v.to_str().ok()).map(str::trim);
    let mut resp = match asked {
        // Clients that send no version (some browsers' engines) are served 1.0.
        Some(v) if !(v == "1" || v.starts_with("1.")) => {
            let lang = lang_of(req.headers());
            Reply::error(axum::http::StatusCode::BAD_REQUEST, &lang.tf("or.version", &[("v", v)])).into_response_()
        }
        _ => {
            let lang = lang_of(req.headers());
            let resp = next.run(req).await;
            protocol_error(resp, lang)
        }
    };
    let h = resp.headers_mut();
    h.insert("x-openrosa-version", HeaderValue::from_static(VERSION));
    if !h.contains_key(header::DATE)
        && let Ok(v) = HeaderValue::from_str(&http_date(crate::unix_now()))
    {
        h.insert(header::DATE, v);
    }
    resp
}

/// A refusal the framework wrote as plain text (a method not allowed, a body it could not read) in the protocol's
/// XML, so that the phone shows a message; answers of the handlers pass unchanged.
fn protocol_error(resp: Response, lang: crate::i18n::Lang) -> Response {
    let xml = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("xml"));
    let status = resp.status();
    if xml || !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let allow = resp.headers().get(header::ALLOW).cloned();
    let message = lang.tf("or.rejected", &[("status", status.as_str())]);
    let mut out = Reply::error(status, &message).into_response_();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

/// An HTTP date (`Mon, 14 Feb 2011 16:48:15 GMT`) of unix seconds.
pub fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let d = kkb_domain::date::Date::from_days(days as i32);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d.day(),
        MONTHS[usize::from(d.month()) - 1],
        d.year(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates() {
        assert_eq!(super::http_date(1_297_702_095), "Mon, 14 Feb 2011 16:48:15 GMT");
        assert_eq!(super::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
