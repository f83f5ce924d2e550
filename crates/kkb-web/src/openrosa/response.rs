//! What the server says to a phone: an `<OpenRosaResponse>` whose `<message>` the cadre reads, in Bahasa
//! Indonesia, or in English when the request's `Accept-Language` prefers it ([`crate::i18n::lang_of`]).

use crate::i18n::Lang;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The OpenRosa response namespace.
pub const NS: &str = "http://openrosa.org/http/response";

/// An `<OpenRosaResponse>` with one message.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// `submit_success` for a submission accepted (201/202), `error` otherwise.
    pub nature: &'static str,
    /// What the cadre reads.
    pub message: String,
    /// Its language (for `Content-Language`).
    pub lang: Option<Lang>,
}

impl Reply {
    /// A submission received (201 applied, 202 kept for review).
    pub fn accepted(status: StatusCode, lang: Lang, message: String) -> Reply {
        Reply { status, nature: "submit_success", message, lang: Some(lang) }
    }

    /// A refusal.
    pub fn error(status: StatusCode, message: &str) -> Reply {
        Reply { status, nature: "error", message: message.to_string(), lang: None }
    }

    /// A refusal in a language.
    pub fn error_in(status: StatusCode, lang: Lang, message: String) -> Reply {
        Reply { status, nature: "error", message, lang: Some(lang) }
    }

    /// The XML body.
    pub fn body(&self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OpenRosaResponse xmlns=\"{NS}\"><message nature=\"{}\">{}</message></OpenRosaResponse>\n",
            self.nature,
            escape(&self.message)
        )
    }

    /// As a response (a method so that modules need not import the trait).
    pub fn into_response_(self) -> Response {
        self.into_response()
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut r = (self.status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], self.body()).into_response();
        if let Some(l) = self.lang {
            r.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(l.tag()));
        }
        r
    }
}

/// A response that ends a request early (boxed: a response is large, and this is the rare path).
pub struct Halt(Box<Response>);

impl From<Response> for Halt {
    fn from(r: Response) -> Halt {
        Halt(Box::new(r))
    }
}

impl IntoResponse for Halt {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// XML text escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An XML document response.
pub fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_escaped() {
        let r = Reply::error(StatusCode::BAD_REQUEST, "a < b & \"c\"");
        assert!(r.body().contains("<message nature=\"error\">a &lt; b &amp; &quot;c&quot;</message>"));
    }
}
