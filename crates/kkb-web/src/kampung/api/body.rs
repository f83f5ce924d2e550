//! A write's JSON body, read field by field so that every refusal names its field: not JSON, not an object, a
//! missing field or wrong type, a value that is not the URL's ([`AppError::Invalid`], a 422).

use crate::AppError;
use axum::body::Bytes;
use kkb_domain::kampung::FieldProblem;
use kkb_domain::problem::Reason;
use serde_json::{Map, Value};

/// A refused value of one field.
pub(super) fn invalid(field: &str, reason: Reason) -> AppError {
    AppError::Invalid(vec![FieldProblem::new(field, reason)])
}

/// The body as a JSON object.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, AppError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid("", Reason::BodyNotObject)),
        Err(e) => Err(invalid("", Reason::BodyNotJson { detail: e.to_string() })),
    }
}

/// A typed value from a JSON object; a missing field, an unknown id or a wrong type is a 422.
pub(super) fn typed<T: serde::de::DeserializeOwned>(m: Map<String, Value>) -> Result<T, AppError> {
    serde_json::from_value(Value::Object(m)).map_err(|e| invalid("", Reason::BodyInvalid { detail: e.to_string() }))
}

/// The URL's value for `field` in a body: filled in when missing, refused when different.
pub(super) fn same_as_url(m: &mut Map<String, Value>, field: &str, url: &str) -> Result<(), AppError> {
    match m.get(field) {
        None | Some(Value::Null) => {
            m.insert(field.into(), Value::from(url));
            Ok(())
        }
        Some(Value::String(s)) if s.trim() == url => Ok(()),
        Some(_) => Err(invalid(field, Reason::NotTheUrls { url: url.to_string() })),
    }
}
