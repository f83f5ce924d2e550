//! The forms a phone fills: the XForms generated from forms/src (compiled into the binary), each with its formID,
//! title, version, MD5 and the media files it reads, and the history of their versions (a submission filled with
//! any version a form has had is accepted). The OpenRosa handlers serve them ([`crate::openrosa::forms`]).

use md5::{Digest, Md5};
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
                hash: format!("md5:{}", crate::auth::hex(&Md5::digest(xml.as_bytes()))),
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
