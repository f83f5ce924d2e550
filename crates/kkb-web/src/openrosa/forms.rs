//! The forms: the XForms generated from forms/src (compiled into the binary), the history of their versions, the
//! form list, each form's document and its manifest of media files.

use super::auth::{Authed, internal, is_https};
use super::response::{Halt, escape, xml};
use super::{Reply, media, scope};
use crate::{AppError, AppState};
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One served form.
#[derive(Debug)]
pub struct XForm {
    /// The formID.
    pub id: &'static str,
    /// Its title (`h:title`).
    pub title: String,
    /// The version it is served with.
    pub version: String,
    /// The document, byte for byte as served.
    pub xml: &'static str,
    /// `md5:` and the lowercase MD5 of the document.
    pub hash: String,
    /// The media files it reads (`jr://file-csv/NAME`), generated per user.
    pub media: Vec<String>,
}

const SOURCES: [(&str, &str); 3] = [
    ("pk-keluarga", include_str!("../../../../forms/xform/pk-keluarga.xml")),
    ("pk-perbarui", include_str!("../../../../forms/xform/pk-perbarui.xml")),
    ("laporan-kampung", include_str!("../../../../forms/xform/laporan-kampung.xml")),
];

/// Every version each form has ever had (forms/build.py appends; none is removed).
const HISTORY: &str = include_str!("../../../../forms/xform/versions.json");

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    Some(&s[from..from + s[from..].find(end)?])
}

static FORMS: LazyLock<Vec<XForm>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(id, xml)| {
            let root = format!("<{id} id=\"{id}\" version=\"");
            let mut media: Vec<String> =
                xml.split("jr://file-csv/").skip(1).filter_map(|s| s.split('"').next()).map(String::from).collect();
            media.sort();
            media.dedup();
            XForm {
                id,
                title: between(xml, "<h:title>", "</h:title>").unwrap_or(id).to_string(),
                version: between(xml, &root, "\"").unwrap_or_default().to_string(),
                xml,
                hash: format!("md5:{}", super::digest::md5_hex(xml.as_bytes())),
                media,
            }
        })
        .collect()
});

static VERSIONS: LazyLock<HashMap<String, Vec<String>>> =
    LazyLock::new(|| serde_json::from_str(HISTORY).expect("forms/xform/versions.json is valid JSON"));

/// Every served form.
pub fn all() -> &'static [XForm] {
    &FORMS
}

/// A served form by formID.
pub fn by_id(id: &str) -> Option<&'static XForm> {
    FORMS.iter().find(|f| f.id == id)
}

/// Whether `version` is one the form has ever been served with (its submissions are accepted).
pub fn known_version(form: &str, version: &str) -> bool {
    VERSIONS.get(form).is_some_and(|v| v.iter().any(|x| x == version))
}

/// The address this server is reached at: the configured public URL, else the request's scheme and `Host`.
pub fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    match &app.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
            let scheme = if is_https(app, headers) { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_forms_know_their_ids_versions_and_media() {
        assert_eq!(all().len(), 3);
        for f in all() {
            assert_eq!(f.version.len(), 10, "{}", f.id);
            assert!(known_version(f.id, &f.version), "{} {} is in versions.json", f.id, f.version);
            assert!(f.hash.starts_with("md5:") && f.hash.len() == 36 && f.hash == f.hash.to_lowercase());
        }
        assert_eq!(by_id("pk-perbarui").unwrap().media, ["anggota.csv", "desa.csv", "keluarga.csv"]);
        assert_eq!(by_id("pk-keluarga").unwrap().media, ["desa.csv", "putaran.csv"]);
        assert_eq!(by_id("laporan-kampung").unwrap().media, ["desa.csv"]);
        assert!(!known_version("pk-keluarga", "0000000000"));
    }
}
