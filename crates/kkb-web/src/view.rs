//! Turning figures into what a reader sees: labels, colours, reference values (suppression: [`crate::suppression`]).

use crate::i18n::Lang;
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};

/// Figures over fewer families than this are hidden from readers outside the region's scope (and are not ranked,
/// for anyone): [`kkb_domain::disclosure::MIN_FAMILIES`].
pub const MIN_FAMILIES: i64 = kkb_domain::disclosure::MIN_FAMILIES;

/// Published national iBangga by year (docs/methodology.md).
pub const NATIONAL: [(u16, f64); 4] = [(2020, 53.93), (2021, 54.01), (2022, 56.07), (2023, 61.43)];
/// Published provincial iBangga: (province number, year, value).
pub const PROVINCIAL: [(u8, u16, f64); 1] = [(17, 2021, 56.71)];

/// The published national figure of a year.
pub fn national(year: u16) -> Option<f64> {
    NATIONAL.iter().find(|(y, _)| *y == year).map(|(_, v)| *v)
}

/// The published figure of a province in a year.
pub fn provincial(province: u8, year: u16) -> Option<f64> {
    PROVINCIAL.iter().find(|(p, y, _)| *p == province && *y == year).map(|(_, _, v)| *v)
}

/// Whether a figure computed over `n` families may be shown (`exact`: the reader's own region). Only for figures
/// over sets of villages that are not regions (a plan item's targets); a region's figures go through
/// [`crate::suppression`], which also hides what would give a small cell away.
pub fn visible(n: i64, exact: bool) -> bool {
    exact || n == 0 || n >= MIN_FAMILIES
}

/// Colour-blind-safe category colours (Okabe–Ito), used the same way on every chart, table and badge.
pub fn category_colour(c: Category) -> &'static str {
    match c {
        Category::Rentan => "#d55e00",
        Category::Berkembang => "#f0e442",
        Category::Tangguh => "#0072b2",
    }
}

/// The choropleth classes of the iBangga (fixed, so that maps compare across regions and rounds): upper bounds
/// and colours (ColorBrewer YlGnBu, colour-blind safe).
pub const MAP_CLASSES: [(f64, &str); 5] =
    [(40.0, "#ffffcc"), (50.0, "#a1dab4"), (60.0, "#41b6c4"), (70.0, "#2c7fb8"), (f64::INFINITY, "#253494")];

/// The map colour of an index value.
pub fn map_colour(v: f64) -> &'static str {
    MAP_CLASSES.iter().find(|(upper, _)| v < *upper || (*upper == 70.0 && v <= 70.0)).map(|c| c.1).unwrap_or("#253494")
}

/// Coverage map classes (share of villages with a Kampung KB, percent): upper bounds and colours (ColorBrewer
/// BuPu, colour-blind safe; a different hue from the iBangga map so the two are not confused).
pub const COVERAGE_CLASSES: [(f64, &str); 5] =
    [(0.0, "#edf8fb"), (25.0, "#b3cde3"), (50.0, "#8c96c6"), (75.0, "#8856a7"), (f64::INFINITY, "#810f7c")];

/// The coverage map colour of a share (0 gets the first class only when exactly 0).
pub fn coverage_colour(percent: f64) -> &'static str {
    COVERAGE_CLASSES.iter().find(|(upper, _)| percent <= *upper).map(|c| c.1).unwrap_or("#810f7c")
}

/// Coverage legend rows.
pub fn coverage_legend(l: Lang) -> Vec<(&'static str, String)> {
    vec![
        (COVERAGE_CLASSES[0].1, "0%".into()),
        (COVERAGE_CLASSES[1].1, format!("> 0 – {}%", l.num(25.0, 0))),
        (COVERAGE_CLASSES[2].1, format!("> {} – {}%", l.num(25.0, 0), l.num(50.0, 0))),
        (COVERAGE_CLASSES[3].1, format!("> {} – {}%", l.num(50.0, 0), l.num(75.0, 0))),
        (COVERAGE_CLASSES[4].1, format!("> {}%", l.num(75.0, 0))),
    ]
}

/// Legend rows: (colour, label).
pub fn map_legend(l: Lang) -> Vec<(&'static str, String)> {
    vec![
        (MAP_CLASSES[0].1, format!("< {}", l.num(40.0, 0))),
        (MAP_CLASSES[1].1, format!("{} – < {}", l.num(40.0, 0), l.num(50.0, 0))),
        (MAP_CLASSES[2].1, format!("{} – < {}", l.num(50.0, 0), l.num(60.0, 0))),
        (MAP_CLASSES[3].1, format!("{} – {}", l.num(60.0, 0), l.num(70.0, 0))),
        (MAP_CLASSES[4].1, format!("> {}", l.num(70.0, 0))),
    ]
}

/// The label of a level.
pub fn level_label(l: Lang, level: Level) -> &'static str {
    l.t(match level {
        Level::Province => "level.province",
        Level::Regency => "level.regency",
        Level::District => "level.district",
        Level::Village => "level.village",
    })
}

/// A category's label.
pub fn category_label(l: Lang, c: Option<Category>) -> &'static str {
    match c {
        Some(c) => l.t(match c {
            Category::Rentan => "cat.rentan",
            Category::Berkembang => "cat.berkembang",
            Category::Tangguh => "cat.tangguh",
        }),
        None => l.t("cat.unscored"),
    }
}

/// A dimension's label (falls back to the id for other methodologies).
pub fn dimension_label(l: Lang, id: &str) -> String {
    match id {
        "ketenteraman" => l.t("dim.ketenteraman").into(),
        "kemandirian" => l.t("dim.kemandirian").into(),
        "kebahagiaan" => l.t("dim.kebahagiaan").into(),
        other => other.into(),
    }
}

/// A variable's label: the translated pk21 name, or the methodology's own name.
pub fn variable_label(l: Lang, id: &str, fallback: &str) -> String {
    let key = format!("var.{id}");
    if l.has(&key) { l.t(&key).into() } else { fallback.into() }
}

/// A dimension's index from figures.
pub fn dimension(f: &Figures, id: &str) -> Option<f64> {
    f.dimensions.get(id).and_then(serde_json::Value::as_f64)
}

/// A category's (families, percent) from figures.
pub fn category(f: &Figures, c: Category) -> (i64, Option<f64>) {
    let v = f.categories.get(c.as_str());
    let n = v.and_then(|v| v.get("families")).and_then(serde_json::Value::as_i64).unwrap_or(0);
    let p = v.and_then(|v| v.get("percent")).and_then(serde_json::Value::as_f64);
    (n, p)
}

/// Percent-encodes a string for a URL query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses a region code from a path segment (dotted or compact).
pub fn region_code(s: &str) -> Result<RegionCode, crate::AppError> {
    RegionCode::parse(s).map_err(|_| crate::AppError::NotFound)
}

/// The `{code}` path parameter of the JSON API, as its OpenAPI document describes it.
pub const CODE_PARAM: &str = "Kemendagri region code, dotted (17.01) or compact (1701)";

/// A region as the JSON API names it: dotted code, official name and level. Pages and answers of several
/// resources write it the same way.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = RegionRef)]
pub struct RegionView {
    /// Dotted code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Its level.
    pub level: Level,
}

impl RegionView {
    /// A region by code and name.
    pub fn new(code: RegionCode, name: impl Into<String>) -> RegionView {
        RegionView { code: code.to_string(), name: name.into(), level: code.level() }
    }
}

/// Only local paths may be redirect targets (no open redirect): the one check of every `next` value. Refused
/// values (and none) give `/`.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(checked_next).unwrap_or_else(|| "/".into())
}

/// A `next` value as a redirect target, or `None` if it could lead elsewhere. As given and once more
/// percent-decoded, it must start with exactly one `/` (not `//`, not `/\`), and contain no backslash and no
/// control character (browsers drop tabs and line breaks, so `/\t/other.host` means `//other.host`, and line
/// breaks would split the header). Bytes outside visible ASCII are percent-encoded in the result, so that it is
/// always a valid `Location` header.
pub fn checked_next(next: &str) -> Option<String> {
    let decoded = percent_decode(next);
    let local = |s: &str| {
        s.starts_with('/')
            && !s.starts_with("//")
            && !s.contains('\\')
            && !s.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    };
    if !(local(next) && local(&decoded)) {
        return None;
    }
    let mut out = String::with_capacity(next.len());
    for b in next.bytes() {
        if (0x21..=0x7e).contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// `%XX` sequences decoded (others kept as they are); invalid UTF-8 becomes U+FFFD.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form with only the CSRF token (revocations, resets, confirmations).
#[derive(Debug, serde::Deserialize)]
pub struct CsrfOnly {
    /// The session's CSRF token.
    pub csrf: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_classes_follow_the_category_thresholds() {
        assert_eq!(map_colour(39.99), "#ffffcc");
        assert_eq!(map_colour(40.0), "#a1dab4");
        assert_eq!(map_colour(70.0), "#2c7fb8");
        assert_eq!(map_colour(70.01), "#253494");
    }

    #[test]
    fn only_local_redirects() {
        assert_eq!(safe_next(Some("/wilayah/17")), "/wilayah/17");
        assert_eq!(safe_next(Some("/wilayah/17?sort=name&dir=asc#peta")), "/wilayah/17?sort=name&dir=asc#peta");
        assert_eq!(safe_next(Some("/cari?q=siti rahma")), "/cari?q=siti%20rahma");
        assert_eq!(safe_next(Some("/wilayah/é")), "/wilayah/%C3%A9");
        for hostile in HOSTILE_NEXT {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    /// `next` values that lead elsewhere or break the header, as they arrive (already decoded once by the query
    /// or form parser).
    pub const HOSTILE_NEXT: &[&str] = &[
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "evil.example/x",
        "",
        " /x",
        "/\t/other.host/x",
        "/\n/other.host/x",
        "/%09/other.host/x",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/x\r\nSet-Cookie: a=b",
        "/x%0d%0aSet-Cookie: a=b",
        "/x%00",
        "/x\u{2028}y",
    ];
}
