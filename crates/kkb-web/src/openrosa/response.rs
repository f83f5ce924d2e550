//! What the server says to a phone: an `<OpenRosaResponse>` whose `<message>` the cadre reads, in Bahasa
//! Indonesia, or in English when the request's `Accept-Language` prefers it.

use crate::i18n::Lang;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The OpenRosa response namespace.
pub const NS: &str = "http://openrosa.org/http/response";

/// The reader's language from `Accept-Language`: English when it ranks English above Indonesian, else
/// Indonesian (the default, also when neither is named).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let Some(accept) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Lang::Id;
    };
    let (mut id, mut en) = (None::<f32>, None::<f32>);
    for (i, part) in accept.split(',').enumerate() {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q =
            bits.find_map(|b| b.trim().strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
        // Equal weights: the one named first wins.
        let q = q - i as f32 * 1e-4;
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "id" | "in" => id = Some(id.map_or(q, |x: f32| x.max(q))),
            "en" => en = Some(en.map_or(q, |x: f32| x.max(q))),
            _ => {}
        }
    }
    match (id, en) {
        (_, None) => Lang::Id,
        (None, Some(e)) if e > 0.0 => Lang::En,
        (Some(i), Some(e)) if e > i => Lang::En,
        _ => Lang::Id,
    }
}

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

    fn lang(v: &str) -> Lang {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
        lang_of(&h)
    }

    #[test]
    fn accept_language_picks_the_preferred_of_the_two() {
        assert_eq!(lang_of(&HeaderMap::new()), Lang::Id);
        assert_eq!(lang("en-US,en;q=0.9"), Lang::En);
        assert_eq!(lang("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Id);
        assert_eq!(lang("en;q=0.8,id;q=0.9"), Lang::Id);
        assert_eq!(lang("fr,en;q=0.5"), Lang::En);
        assert_eq!(lang("fr"), Lang::Id);
        assert_eq!(lang("en,id"), Lang::En);
    }

    #[test]
    fn messages_are_escaped() {
        let r = Reply::error(StatusCode::BAD_REQUEST, "a < b & \"c\"");
        assert!(r.body().contains("<message nature=\"error\">a &lt; b &amp; &quot;c&quot;</message>"));
    }
}
