//! Requests the framework refuses before a handler runs — a form, query string, JSON body or upload that does not
//! parse, a bad path parameter, a wrong content type, a body over the limit, a method the address does not take.
//! axum answers those with plain text in English; [`crate::error::render`] recognises such answers (an error
//! status that is not an [`crate::AppError`]) and turns them into [`crate::AppError::Rejected`], which is shown as
//! the error page or JSON in the reader's language, saying what was wrong and naming the field when known. One
//! place for every extractor, including those added later, and no handler needs to change.

use crate::i18n::Lang;
use axum::http::StatusCode;

/// What part of the request could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A form body.
    Form,
    /// The query string.
    Query,
    /// A path parameter.
    Path,
    /// A JSON body.
    Json,
    /// A multipart upload.
    Multipart,
    /// The body's content type.
    ContentType,
    /// The body's size.
    TooLarge,
    /// The method.
    Method,
    /// Anything else.
    Other,
}

impl Part {
    /// The status of the answer.
    pub fn status(self) -> StatusCode {
        match self {
            Part::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Part::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Part::Method => StatusCode::METHOD_NOT_ALLOWED,
            Part::Form | Part::Json => StatusCode::UNPROCESSABLE_ENTITY,
            Part::Query | Part::Path | Part::Multipart | Part::Other => StatusCode::BAD_REQUEST,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Part::Form => "reject.form",
            Part::Query => "reject.query",
            Part::Path => "reject.path",
            Part::Json => "reject.json",
            Part::Multipart => "reject.multipart",
            Part::ContentType => "reject.content_type",
            Part::TooLarge => "reject.too_large",
            Part::Method => "reject.method",
            Part::Other => "reject.other",
        }
    }
}

/// Tells from a plain-text framework answer what was refused; the detail is the framework's text after its
/// prefix (serde's words, with the field's name when it knows it).
pub fn classify(status: StatusCode, body: &str) -> (Part, String) {
    let body = body.trim();
    let after = |prefix: &str| body.strip_prefix(prefix).map(|d| d.trim_start_matches(':').trim().to_string());
    let part = match status {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => return (Part::ContentType, String::new()),
        StatusCode::PAYLOAD_TOO_LARGE => return (Part::TooLarge, String::new()),
        StatusCode::METHOD_NOT_ALLOWED => return (Part::Method, String::new()),
        _ => None,
    };
    let found = part
        .or_else(|| after("Failed to deserialize form body").map(|d| (Part::Form, d)))
        .or_else(|| after("Failed to deserialize form").map(|d| (Part::Form, d)))
        .or_else(|| after("Failed to deserialize query string").map(|d| (Part::Query, d)))
        .or_else(|| after("Failed to deserialize the JSON body into the target type").map(|d| (Part::Json, d)))
        .or_else(|| after("Failed to parse the request body as JSON").map(|d| (Part::Json, d)))
        .or_else(|| after("Invalid URL").map(|d| (Part::Path, d)))
        .or_else(|| after("Wrong number of path arguments").map(|_| (Part::Path, String::new())))
        .or_else(|| after("Invalid `boundary`").map(|_| (Part::Multipart, String::new())))
        .or_else(|| body.contains("multipart").then(|| (Part::Multipart, body.to_string())));
    found.unwrap_or_else(|| (Part::Other, body.to_string()))
}

/// The message for the reader: what could not be read, the field when known, what to do.
pub fn message(part: Part, detail: &str, l: Lang) -> String {
    let mut m = l.t(part.key()).to_string();
    let detail = field_message(detail, l);
    if !detail.is_empty() {
        m.push_str(": ");
        m.push_str(&detail);
    }
    m.push_str(". ");
    m.push_str(l.t("reject.hint"));
    m
}

/// An error reading a multipart upload in a handler, as a rejection (too large, or what could not be read).
pub fn multipart(e: axum::extract::multipart::MultipartError) -> crate::AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        crate::AppError::Rejected(Part::TooLarge, String::new())
    } else {
        crate::AppError::Rejected(Part::Multipart, e.body_text())
    }
}

/// An upload without its file field.
pub fn missing_file(field: &str) -> crate::AppError {
    crate::AppError::Rejected(Part::Multipart, format!("missing field `{field}`"))
}

/// serde's and axum's detail in the reader's words where the pattern is known; otherwise as given (shortened).
fn field_message(detail: &str, l: Lang) -> String {
    let detail = detail.trim();
    let quoted = |s: &str, start: &str| s.split(start).nth(1).and_then(|r| r.split('`').next()).map(str::to_string);
    let with = |key: &str, field: &str| l.tf(key, &[("f", field)]);
    if let Some(f) = quoted(detail, "missing field `") {
        return with("reject.missing_field", &f);
    }
    if let Some(rest) = detail.strip_prefix("Cannot parse ") {
        // axum's path errors: "`key` with value `v` to a `T`", "value at index 0 with value `v` to a `T`" and
        // "`v` to a `T`".
        let numeric = quoted(rest, "to a `").is_some_and(|t| t.starts_with(['i', 'u', 'f']));
        if rest.starts_with('`') && rest.contains("` with value `") {
            let key = quoted(rest, "`").unwrap_or_default();
            return with(if numeric { "reject.not_a_number" } else { "reject.bad_field" }, &key);
        }
        let value = quoted(rest, "with value `").or_else(|| quoted(rest, "`")).unwrap_or_default();
        return with(if numeric { "reject.value_not_a_number" } else { "reject.bad_value" }, &value);
    }
    if let Some((field, what)) = detail.split_once(": ").filter(|(f, _)| !f.contains(' ') && *f != ".") {
        let numeric =
            ["invalid digit", "cannot parse integer", "number too large", "invalid float", "expected integer"];
        let key = if numeric.iter().any(|n| what.contains(n)) { "reject.not_a_number" } else { "reject.bad_field" };
        return with(key, field);
    }
    detail.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_texts_become_messages_with_the_field() {
        let (p, d) =
            classify(StatusCode::UNPROCESSABLE_ENTITY, "Failed to deserialize form body: missing field `csrf`");
        assert_eq!(p, Part::Form);
        assert_eq!(
            message(p, &d, Lang::Id),
            "Isian formulir tidak dapat dibaca: isian «csrf» tidak ada. Muat ulang halaman lalu coba lagi."
        );
        let (p, d) = classify(
            StatusCode::BAD_REQUEST,
            "Failed to deserialize query string: before: invalid digit found in string",
        );
        assert_eq!(
            (p, message(p, &d, Lang::En).as_str()),
            (
                Part::Query,
                "The query parameters (after ?) could not be read: the field «before» must be a number. Reload the page and try again."
            )
        );
        let (p, d) = classify(StatusCode::BAD_REQUEST, "Invalid URL: Cannot parse `id` with value `abc` to a `i64`");
        assert_eq!(p, Part::Path);
        assert!(message(p, &d, Lang::Id).contains("«id» harus berupa angka"));
        let (p, d) = classify(StatusCode::BAD_REQUEST, "Invalid URL: Cannot parse `abc` to a `i64`");
        assert!(message(p, &d, Lang::Id).contains("«abc» bukan angka"), "{}", message(p, &d, Lang::Id));
        let (p, d) =
            classify(StatusCode::BAD_REQUEST, "Invalid URL: Cannot parse value at index 0 with value `x` to a `u16`");
        assert!(message(p, &d, Lang::En).contains("«x» is not a number"));
        assert_eq!(classify(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Form requests must have …").0, Part::ContentType);
        assert_eq!(classify(StatusCode::PAYLOAD_TOO_LARGE, "").0, Part::TooLarge);
        assert_eq!(
            classify(StatusCode::BAD_REQUEST, "Invalid `boundary` for `multipart/form-data` request").0,
            Part::Multipart
        );
        assert_eq!(classify(StatusCode::BAD_REQUEST, "Failed to parse the request body as JSON: EOF").0, Part::Json);
        assert_eq!(classify(StatusCode::INTERNAL_SERVER_ERROR, "failed to parse header value").0, Part::Other);
    }
}
