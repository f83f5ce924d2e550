//! The forms served ([`crate::capture::forms`], compiled into the binary): the form list, each form's document and
//! its manifest of media files.

use super::auth::{Authed, internal};
use super::response::{Halt, escape, xml};
use super::{Reply, media};
use crate::capture::forms::{XForm, all, by_id};
use crate::capture::scope;
use crate::client_addr::base_url;
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The absolute URL of `/openrosa{path}`.
pub fn url(app: &AppState, parts: &Parts, path: &str) -> String {
    format!("{}/openrosa{path}", base_url(app, &parts.headers))
}

/// The forms a user may fill somewhere in their region.
pub fn offered(app: &AppState, a: &Authed) -> Result<Vec<&'static XForm>, kkb_store::StoreError> {
    let mut out = Vec::new();
    for f in all() {
        if !scope::villages_for(app, &a.who, f.id)?.is_empty() {
            out.push(f);
        }
    }
    Ok(out)
}

/// The form list's query.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// Only this form.
    #[serde(rename = "formID")]
    pub form_id: Option<String>,
}

/// `GET /openrosa/formList`: the forms this user may fill.
pub async fn form_list(
    State(app): State<AppState>,
    a: Authed,
    Query(q): Query<ListQuery>,
    req: axum::extract::Request,
) -> Response {
    app.db(move |app| Ok::<_, AppError>(form_list_reply(app, a, q, req)))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn form_list_reply(app: &AppState, a: Authed, q: ListQuery, req: axum::extract::Request) -> Response {
    let (parts, _) = req.into_parts();
    let forms = match offered(app, &a) {
        Ok(f) => f,
        Err(e) => return internal(a.lang, &e.to_string()),
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">\n",
    );
    for f in forms.iter().filter(|f| q.form_id.as_deref().is_none_or(|id| id == f.id)) {
        out.push_str(&format!(
            "  <xform>\n    <formID>{}</formID>\n    <name>{}</name>\n    <version>{}</version>\n    <hash>{}</hash>\n    <downloadUrl>{}</downloadUrl>\n",
            f.id,
            escape(&f.title),
            f.version,
            f.hash,
            escape(&url(app, &parts, &format!("/forms/{}", f.id)))
        ));
        if !f.media.is_empty() {
            out.push_str(&format!(
                "    <manifestUrl>{}</manifestUrl>\n",
                escape(&url(app, &parts, &format!("/forms/{}/manifest", f.id)))
            ));
        }
        out.push_str("  </xform>\n");
    }
    out.push_str("</xforms>\n");
    xml(out)
}

/// A form this user may fill, or the 404 to answer.
fn offered_form(app: &AppState, a: &Authed, id: &str) -> Result<&'static XForm, Halt> {
    let not_found = || Halt::from(Reply::error(StatusCode::NOT_FOUND, a.lang.t("or.not_found")).into_response());
    let form = by_id(id).ok_or_else(not_found)?;
    match scope::villages_for(app, &a.who, form.id) {
        Ok(v) if !v.is_empty() => Ok(form),
        Ok(_) => Err(not_found()),
        Err(e) => Err(internal(a.lang, &e.to_string()).into()),
    }
}

/// `GET /openrosa/forms/{form}`: the XForm document.
pub async fn download(State(app): State<AppState>, a: Authed, Path(id): Path<String>) -> Response {
    app.db(move |app| Ok::<_, AppError>(download_reply(app, a, id))).await.unwrap_or_else(IntoResponse::into_response)
}

fn download_reply(app: &AppState, a: Authed, id: String) -> Response {
    match offered_form(app, &a, &id) {
        Ok(f) => xml(f.xml.to_string()),
        Err(r) => r.into_response(),
    }
}

/// `GET /openrosa/forms/{form}/manifest`: the form's media files, generated for this user.
pub async fn manifest(
    State(app): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> Response {
    app.db(move |app| Ok::<_, AppError>(manifest_reply(app, a, id, req)))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn manifest_reply(app: &AppState, a: Authed, id: String, req: axum::extract::Request) -> Response {
    let (parts, _) = req.into_parts();
    let form = match offered_form(app, &a, &id) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">\n",
    );
    for file in &form.media {
        let content = match media::generate(app, &a.who, form.id, file) {
            Ok(c) => c,
            Err(e) => return internal(a.lang, &e.to_string()),
        };
        out.push_str(&format!(
            "  <mediaFile>\n    <filename>{}</filename>\n    <hash>md5:{}</hash>\n    <downloadUrl>{}</downloadUrl>\n  </mediaFile>\n",
            escape(file),
            super::digest::md5_hex(content.as_bytes()),
            escape(&url(app, &parts, &format!("/forms/{}/media/{file}", form.id)))
        ));
    }
    out.push_str("</manifest>\n");
    xml(out)
}
