//! Bahasa Indonesia first, English second. Every text the web shows is a message of the Fluent catalogue of crate
//! `kkb-i18n` (`locales/{id,en}/web*.ftl`, which a translator edits without touching Rust): pages name a message by
//! its key (`dash.title` is the message `web-dash-title`), [`Lang::t`] gives its text and [`Lang::tf`] fills its
//! arguments. [`Lang`] and the locale formatting (numbers, dates, months, times in WIB) are that crate's.
//! A client that keeps no language cookie (a phone over OpenRosa) is answered in the language its
//! `Accept-Language` prefers ([`lang_of`]).

use axum::http::{HeaderMap, header};
pub use kkb_i18n::Lang;

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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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

    /// Every key the templates and the code name, as a literal (`.t(` or `.tf(` with a quoted key)
    /// or a known prefix built at run time, exists in both languages.
    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let mut dirs = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        ];
        let mut missing = Vec::new();
        let mut seen = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for call in [".t(\"", ".tf(\""] {
                    for part in text.split(call).skip(1) {
                        let key = part.split('"').next().unwrap();
                        seen += 1;
                        if !Lang::ALL.iter().all(|l| l.has(key)) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 500, "the scan found only {seen} keys");
        assert!(missing.is_empty(), "missing messages: {missing:?}");
    }

    /// Keys built at run time from a known set.
    #[test]
    fn keys_built_at_run_time_exist() {
        for l in Lang::ALL {
            for role in ["admin", "provinsi", "kabupaten", "kecamatan", "kader", "instansi"] {
                assert!(l.has(&format!("role.{role}")), "role.{role}");
            }
        }
    }
}
