//! `HEAD` and `POST /openrosa/submission`: the multipart body is read (the instance in `xml_submission_file`,
//! attachments in the other parts), its envelope checked — XML, a root named after a known form whose `id`
//! says the same, a version the form has had, an instanceID — and handed to [`super::receive`].
//! A malformed submission is answered 400 with a message a cadre can read and leaves only an audit line; a body
//! larger than advertised is answered 413.

use super::auth::Authed;
use super::receive::{Envelope, receive};
use super::{MAX_SUBMISSION_BYTES, Reply};
use crate::capture::forms::{by_id, known_version};
use crate::capture::instance::{self, ReadError};
use crate::{AppError, AppState};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kkb_store::Attachment;

/// `HEAD /openrosa/submission`: 204 with the largest submission accepted.
pub async fn head(_: Authed) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert("x-openrosa-accept-content-length", HeaderValue::from(MAX_SUBMISSION_BYTES));
    r
}

fn too_large(a: &Authed) -> Response {
    Reply::error_in(
        StatusCode::PAYLOAD_TOO_LARGE,
        a.lang,
        a.lang.tf("or.too_large", &[("mb", &(MAX_SUBMISSION_BYTES / (1024 * 1024)).to_string())]),
    )
    .into_response()
}

/// A refusal of a malformed submission: audited (without its content), answered 400.
fn malformed(app: &AppState, a: &Authed, key: &str, detail: &str) -> Response {
    if let Err(r) = a.audit(app, "capture.refused", "submission", "", &format!("malformed: {detail}")) {
        return r.into_response();
    }
    Reply::error_in(StatusCode::BAD_REQUEST, a.lang, a.lang.tf(key, &[("detail", detail)])).into_response()
}

/// `POST /openrosa/submission`: the parts are read here; checking and storing the instance run off the async
/// workers.
pub async fn post(
    State(app): State<AppState>,
    a: Authed,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_SUBMISSION_BYTES) {
        return too_large(&a);
    }
    let parts = match form {
        Ok(form) => read_parts(form).await,
        Err(_) => Err(Early::Malformed("or.not_multipart", "not multipart/form-data".into())),
    };
    // The phone's clock (OpenRosa requests carry it): kept in the audit line, to explain "today" rules that the
    // phone and the server saw differently.
    let device_date: String =
        headers.get(header::DATE).and_then(|v| v.to_str().ok()).unwrap_or("").chars().take(40).collect();
    app.db(move |app| Ok::<_, AppError>(answer(app, &a, parts, device_date)))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// A submission refused while its parts were read.
enum Early {
    TooLarge,
    /// The message key and the detail for the audit line.
    Malformed(&'static str, String),
}

/// The instance document (`xml_submission_file`) and the attachments of a submission.
type Parts = (Option<Vec<u8>>, Vec<Attachment>);

async fn read_parts(mut form: Multipart) -> Result<Parts, Early> {
    let mut xml: Option<Vec<u8>> = None;
    let mut attachments = Vec::new();
    let mut total = 0usize;
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Early::TooLarge
        } else {
            Early::Malformed("or.not_multipart", e.body_text())
        }
    };
    while let Some(field) = form.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().map(str::to_string);
        let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
        let bytes = field.bytes().await.map_err(refused)?;
        total += bytes.len();
        if total > MAX_SUBMISSION_BYTES {
            return Err(Early::TooLarge);
        }
        if name == "xml_submission_file" {
            xml = Some(bytes.to_vec());
        } else {
            let name = file.unwrap_or(name);
            attachments.push(Attachment { name, content_type, bytes: bytes.to_vec() });
        }
    }
    Ok((xml, attachments))
}

/// Checks the instance and hands it to [`receive`].
fn answer(app: &AppState, a: &Authed, parts: Result<Parts, Early>, device_date: String) -> Response {
    let (xml, attachments) = match parts {
        Ok(p) => p,
        Err(Early::TooLarge) => return too_large(a),
        Err(Early::Malformed(key, detail)) => return malformed(app, a, key, &detail),
    };
    let Some(xml) = xml else { return malformed(app, a, "or.no_instance", "no xml_submission_file part") };
    let Ok(text) = std::str::from_utf8(&xml) else { return malformed(app, a, "or.not_xml", "not UTF-8") };
    let node = match instance::parse(text) {
        Ok(n) => n,
        Err(ReadError::NotXml(why)) => return malformed(app, a, "or.not_xml", &why),
        Err(ReadError::TooBig) => return malformed(app, a, "or.not_xml", "too deep or too large"),
    };
    let id = node.attr("id").unwrap_or("");
    let Some(xform) = by_id(&node.name) else {
        return malformed(app, a, "or.unknown_form", &node.name);
    };
    if id != xform.id {
        return malformed(app, a, "or.wrong_root", &format!("root {} with id {id:?}", node.name));
    }
    let version = node.attr("version").unwrap_or("").to_string();
    if !known_version(xform.id, &version) {
        return malformed(app, a, "or.unknown_version", &format!("{} version {version:?}", xform.id));
    }
    let instance_id = node.text_at("meta/instanceID").to_string();
    if instance_id.is_empty() || instance_id.len() > 200 {
        return malformed(app, a, "or.no_instance_id", "no meta/instanceID");
    }
    let deprecated_id = node.text_at("meta/deprecatedID").to_string();
    let env = Envelope { form: xform, version, node, instance_id, deprecated_id, device_date, xml: &xml, attachments };
    receive(app, a, env)
}
