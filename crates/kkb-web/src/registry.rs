//! The Kampung KB registry's list pages (`/wilayah/{code}/kampung`): the active Kampung KB of a region by class,
//! its sub-regions with coverage and class counts, and the list of its Kampung KB, filterable by class; plus the
//! class card and the compact class cell the dashboards show. Public: the registry holds no personal data.
//!
//! A Kampung's current class is the one kept on its record ([`kkb_store::Store::refresh_class`] after every
//! change), read here as the latest entry of its class history, so the list and the class counts always agree.
//! The page body is cached per data version like the dashboard's; registry writes bump the version.

use crate::charts::{self, Bar};
use crate::i18n::Lang;
use crate::layout::{Crumb, Frame, Layout, SortLink};
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kkb_domain::classification::Class;
use kkb_domain::kampung::{KampungRecord, YearMonth};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{ClassCounts, Coverage};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::ToSchema;

/// The registry's pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/wilayah/{code}/kampung", get(page))
}

/// The `kelas` filter value of Kampung not classified yet.
pub const UNCLASSIFIED: &str = "belum";

/// A class filter: one class, or the active Kampung not classified yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassFilter {
    /// Kampung of this class.
    Class(Class),
    /// Active Kampung without a class.
    Unclassified,
}

impl ClassFilter {
    /// Parses `dasar`, `berkembang`, `mandiri`, `berkelanjutan` or `belum`.
    pub fn parse(s: &str) -> Result<ClassFilter, AppError> {
        if s == UNCLASSIFIED {
            return Ok(ClassFilter::Unclassified);
        }
        Class::ALL.into_iter().find(|c| c.as_str() == s).map(ClassFilter::Class).ok_or_else(|| {
            AppError::BadRequest(format!(
                "unknown class {s:?}: use dasar, berkembang, mandiri, berkelanjutan or {UNCLASSIFIED}"
            ))
        })
    }

    /// Whether a Kampung (active or not, with its current class) passes.
    pub fn admits(self, active: bool, class: Option<Class>) -> bool {
        match self {
            ClassFilter::Class(c) => active && class == Some(c),
            ClassFilter::Unclassified => active && class.is_none(),
        }
    }

    /// The query value.
    pub fn key(self) -> &'static str {
        match self {
            ClassFilter::Class(c) => c.as_str(),
            ClassFilter::Unclassified => UNCLASSIFIED,
        }
    }
}

/// A class's label (`None`: not classified yet).
pub fn class_label(l: Lang, c: Option<Class>) -> &'static str {
    l.t(match c {
        Some(Class::Dasar) => "kelas.dasar",
        Some(Class::Berkembang) => "kelas.berkembang",
        Some(Class::Mandiri) => "kelas.mandiri",
        Some(Class::Berkelanjutan) => "kelas.berkelanjutan",
        None => "kelas.none",
    })
}

/// A class's CSS class (`kelas-…` in app.css).
pub fn class_css(c: Option<Class>) -> &'static str {
    match c {
        Some(Class::Dasar) => "kelas-dasar",
        Some(Class::Berkembang) => "kelas-berkembang",
        Some(Class::Mandiri) => "kelas-mandiri",
        Some(Class::Berkelanjutan) => "kelas-berkelanjutan",
        None => "kelas-none",
    }
}

/// A class's colour: an ordered, colour-blind-safe palette (viridis, light to dark from Dasar to Berkelanjutan),
/// the same as the `kelas-…` CSS classes, and distinct from the iBangga and coverage maps.
pub fn class_colour(c: Option<Class>) -> &'static str {
    match c {
        Some(Class::Dasar) => "#fde725",
        Some(Class::Berkembang) => "#35b779",
        Some(Class::Mandiri) => "#31688e",
        Some(Class::Berkelanjutan) => "#440154",
        None => "#bdbdbd",
    }
}

/// One class's count as shown.
pub struct ClassCell {
    /// The class id, or [`UNCLASSIFIED`].
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// Count as shown.
    pub count: String,
    /// The count.
    pub n: i64,
    /// CSS class.
    pub css: &'static str,
    /// The registry list filtered by this class.
    pub href: String,
}

/// The class counts of a region as shown on the dashboard and the registry page.
pub struct ClassSummary {
    /// The four classes, then the unclassified when there are any.
    pub cells: Vec<ClassCell>,
    /// Active Kampung KB.
    pub total: String,
    /// The registry list of the region.
    pub href: String,
    /// Class shares as a bar chart (empty without active Kampung).
    pub chart: String,
}

fn classes_with_counts(counts: &ClassCounts) -> Vec<(Option<Class>, i64)> {
    let mut out: Vec<(Option<Class>, i64)> = Class::ALL.into_iter().map(|c| (Some(c), counts.of(c))).collect();
    if counts.unclassified > 0 {
        out.push((None, counts.unclassified));
    }
    out
}

/// The class counts of `code` for display.
pub fn class_summary(l: Lang, code: RegionCode, counts: &ClassCounts) -> ClassSummary {
    let href = format!("/wilayah/{code}/kampung");
    let total = counts.total();
    let cells = classes_with_counts(counts)
        .into_iter()
        .map(|(c, n)| ClassCell {
            key: c.map_or(UNCLASSIFIED, Class::as_str),
            label: class_label(l, c),
            count: l.count(n),
            n,
            css: class_css(c),
            href: format!("{href}?kelas={}", c.map_or(UNCLASSIFIED, Class::as_str)),
        })
        .collect();
    let chart = if total > 0 {
        let bars: Vec<Bar> = classes_with_counts(counts)
            .into_iter()
            .map(|(c, n)| {
                let p = 100.0 * n as f64 / total as f64;
                Bar {
                    label: class_label(l, c).into(),
                    value: Some(p),
                    text: format!("{} ({}%)", l.count(n), l.num(p, 0)),
                    colour: class_colour(c),
                    href: Some(format!("{href}?kelas={}#list", c.map_or(UNCLASSIFIED, Class::as_str))),
                }
            })
            .collect();
        charts::bars(l.t("reg.chart"), &bars, None)
    } else {
        String::new()
    };
    ClassSummary { cells, total: l.count(total), href, chart }
}

/// The compact cell of a sub-region table: Dasar / Berkembang / Mandiri / Berkelanjutan (+ unclassified).
pub fn compact(l: Lang, counts: &ClassCounts) -> String {
    let mut s = Class::ALL.map(|c| l.count(counts.of(c))).join(" / ");
    if counts.unclassified > 0 {
        s.push_str(&format!(" (+{})", l.count(counts.unclassified)));
    }
    s
}

/// The active Kampung KB of a region per class, with those not classified yet and the total: the registry's
/// counts as the JSON API writes them.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = ClassCounts)]
pub struct ClassTally {
    /// Dasar.
    pub dasar: i64,
    /// Berkembang.
    pub berkembang: i64,
    /// Mandiri.
    pub mandiri: i64,
    /// Berkelanjutan.
    pub berkelanjutan: i64,
    /// Active, not classified yet.
    pub unclassified: i64,
    /// Active Kampung KB.
    pub total: i64,
}

impl From<&ClassCounts> for ClassTally {
    fn from(c: &ClassCounts) -> ClassTally {
        ClassTally {
            dasar: c.of(Class::Dasar),
            berkembang: c.of(Class::Berkembang),
            mandiri: c.of(Class::Mandiri),
            berkelanjutan: c.of(Class::Berkelanjutan),
            unclassified: c.unclassified,
            total: c.total(),
        }
    }
}

/// A region's coverage as the JSON API writes it: villages, those with an active Kampung KB, and their share.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = Coverage)]
pub struct CoverageShare {
    /// Desa/kelurahan in the region.
    pub villages: i64,
    /// Those with an active Kampung KB.
    pub formed: i64,
    /// `100 × formed / villages`, to two decimals; null without villages.
    pub percent: Option<f64>,
}

impl From<Coverage> for CoverageShare {
    fn from(c: Coverage) -> CoverageShare {
        let percent = share(c).map(|p| (p * 100.0).round() / 100.0);
        CoverageShare { villages: c.villages, formed: c.formed, percent }
    }
}

fn share(c: Coverage) -> Option<f64> {
    (c.villages > 0).then(|| 100.0 * c.formed as f64 / c.villages as f64)
}

/// A Kampung KB of a listing, with what the list shows beside its record.
pub struct Listed {
    /// The record.
    pub record: KampungRecord,
    /// Its current class (`None` when inactive or not classified yet).
    pub class: Option<Class>,
    /// The latest month it reported.
    pub latest_report: Option<YearMonth>,
    /// The village's name.
    pub village_name: String,
    /// Its kecamatan.
    pub district: Option<RegionCode>,
    /// The kecamatan's name.
    pub district_name: String,
}

/// The current class of a Kampung, as kept on its record (none while it is inactive).
pub fn current_class(app: &AppState, record: &KampungRecord) -> Result<Option<Class>, AppError> {
    if !record.active {
        return Ok(None);
    }
    Ok(app.store.kampung_classes(record.village)?.remove(&record.village).flatten())
}

/// The Kampung KB within a region (active or not), by village code, with their class, latest report and names.
pub fn listing(app: &AppState, code: RegionCode) -> Result<Vec<Listed>, AppError> {
    let records = app.store.kampungs(Some(code))?;
    let classes = app.store.kampung_classes(code)?;
    // Names by kecamatan: one read of its villages each.
    let mut names: HashMap<RegionCode, String> = HashMap::new();
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let district = record.village.ancestor_at(Level::District);
        if let Some(d) = district
            && !names.contains_key(&d)
        {
            names.insert(d, app.store.region(d)?.map(|r| r.name).unwrap_or_default());
            for v in app.store.children(d)? {
                names.insert(v.code, v.name);
            }
        }
        let class = classes.get(&record.village).copied().flatten().filter(|_| record.active);
        let latest_report = app.store.latest_report(record.village)?.map(|r| r.month);
        out.push(Listed {
            class,
            latest_report,
            village_name: names.get(&record.village).cloned().unwrap_or_default(),
            district,
            district_name: district.and_then(|d| names.get(&d).cloned()).unwrap_or_default(),
            record,
        });
    }
    Ok(out)
}

/// A month as words: `Agustus 2022` / `August 2022`.
pub fn month_label(l: Lang, m: YearMonth) -> String {
    match kkb_domain::date::Date::new(m.year(), m.month(), 1) {
        Some(d) => l.date(d).split_once(' ').map(|(_, rest)| rest.to_string()).unwrap_or_else(|| m.to_string()),
        None => m.to_string(),
    }
}

/// Query of the registry page.
#[derive(Debug, Deserialize, Default)]
pub struct RegistryQuery {
    /// Class filter (`dasar`, `berkembang`, `mandiri`, `berkelanjutan`, `belum`).
    pub kelas: Option<String>,
    /// Sort key of the sub-region table.
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub dir: Option<String>,
}

/// A sub-region row.
pub struct SubRow {
    /// Its registry page.
    pub href: String,
    /// Name.
    pub name: String,
    /// Kampung KB formed.
    pub formed: String,
    /// Villages.
    pub villages: String,
    /// Coverage percent.
    pub percent: String,
    /// Counts per class in [`Class::ALL`] order.
    pub classes: Vec<String>,
    /// Active Kampung not classified yet.
    pub unclassified: String,
}

/// A Kampung row.
pub struct KampungRow {
    /// Its page.
    pub href: String,
    /// Name.
    pub name: String,
    /// Village name.
    pub village: String,
    /// Village code.
    pub code: String,
    /// Kecamatan name.
    pub district: String,
    /// Launch date.
    pub launched: String,
    /// Whether it is active.
    pub active: bool,
    /// Class label.
    pub class: &'static str,
    /// Class CSS class.
    pub css: &'static str,
    /// Latest report month, or a dash.
    pub latest: String,
}

#[derive(Template)]
#[template(path = "registry.html")]
struct RegistryBody {
    l: Lang,
    code: String,
    name: String,
    level: String,
    crumbs: Vec<Crumb>,
    summary: ClassSummary,
    formed: String,
    villages: String,
    percent: String,
    child_level: String,
    sort_links: Vec<SortLink>,
    children: Vec<SubRow>,
    any_unclassified: bool,
    filters: Vec<(String, String, bool)>,
    filtered: bool,
    rows: Vec<KampungRow>,
    /// Whether the region has villages to form Kampung KB in (not a village itself).
    forms_next: bool,
}

/// Where the cached page body (shared by every reader) takes the upload link, which only users who may edit the
/// region's registry see.
const UPLOAD_LINK: &str = "<!--kkb:upload-->";

/// `/wilayah/{code}/kampung`: the registry of a region.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RegistryQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
        let filter = q.kelas.as_deref().filter(|k| !k.is_empty()).map(ClassFilter::parse).transpose()?;
        let l = ctx.lang;
        let version = app.store.data_version()?;
        let key = format!("registry|{code}|{filter:?}|{:?}|{:?}|{}", q.sort, q.dir, l.tag());
        let body = app.page_cache.get_or_try_insert(version, key, || {
            Ok::<_, AppError>(Arc::from(body(app, l, code, &region.name, filter, &q)?))
        })?;
        let title = format!("{} · {}", l.t("reg.title"), region.name);
        let upload = if ctx.who.may_edit_kampung(code) {
            format!("\n    · <a href=\"/wilayah/{code}/kampung/unggah\">{}</a>", charts::esc(l.t("reg.upload")))
        } else {
            String::new()
        };
        let body: Arc<str> = Arc::from(body.replacen(UPLOAD_LINK, &upload, 1));
        Ok(Html(Frame { c: Layout::new(&ctx), l, title, body }.render()?).into_response())
    })
    .await
}

const SORT_KEYS: [&str; 7] = ["name", "formed", "percent", "dasar", "berkembang", "mandiri", "berkelanjutan"];

fn body(
    app: &AppState,
    l: Lang,
    code: RegionCode,
    name: &str,
    filter: Option<ClassFilter>,
    q: &RegistryQuery,
) -> Result<String, AppError> {
    let base = format!("/wilayah/{code}/kampung");
    let kelas_param = filter.map(|f| format!("&kelas={}", f.key())).unwrap_or_default();
    let mut crumbs = Vec::new();
    let mut lineage: Vec<RegionCode> = code.lineage().collect();
    lineage.sort_by_key(|c| c.level() as u8);
    for c in lineage {
        if let Some(r) = app.store.region(c)? {
            crumbs.push(Crumb { href: format!("/wilayah/{c}/kampung"), name: r.name });
        }
    }
    let counts = app.store.class_counts(code)?;
    let coverage = app.store.coverage(code, None)?;
    // Sub-regions.
    let (sort, desc) = match q.sort.as_deref() {
        Some(s) if SORT_KEYS.contains(&s) => (s.to_string(), q.dir.as_deref() == Some("desc")),
        _ => ("name".to_string(), false),
    };
    let mut subs: Vec<(kkb_store::RegionCoverage, ClassCounts)> = Vec::new();
    if code.level() != Level::Village {
        let classes: HashMap<RegionCode, ClassCounts> =
            app.store.class_counts_children(code)?.into_iter().map(|c| (c.region.code, c.counts)).collect();
        for c in app.store.coverage_children(code, None)? {
            let k = classes.get(&c.region.code).copied().unwrap_or_default();
            subs.push((c, k));
        }
    }
    let value = |s: &(kkb_store::RegionCoverage, ClassCounts)| -> f64 {
        match sort.as_str() {
            "formed" => s.0.coverage.formed as f64,
            "percent" => share(s.0.coverage).unwrap_or(-1.0),
            k => Class::ALL.into_iter().find(|c| c.as_str() == k).map_or(0.0, |c| s.1.of(c) as f64),
        }
    };
    subs.sort_by(|a, b| {
        let by_name = a.0.region.name.cmp(&b.0.region.name).then(a.0.region.code.cmp(&b.0.region.code));
        let o = if sort == "name" { by_name } else { value(a).total_cmp(&value(b)) };
        let o = if desc { o.reverse() } else { o };
        // Ties by name, ascending in either direction.
        o.then(by_name)
    });
    let mut labels: Vec<(&str, String)> = vec![
        ("name", l.t("dash.name").into()),
        ("formed", l.t("reg.formed").into()),
        ("percent", format!("% {}", l.t("reg.coverage"))),
    ];
    labels.extend(Class::ALL.map(|c| (c.as_str(), class_label(l, Some(c)).to_string())));
    let sort_links = labels
        .into_iter()
        .map(|(k, label)| {
            let active = k == sort;
            let next_dir = match (active, desc) {
                (true, true) => "asc",
                (true, false) => "desc",
                (false, _) if k == "name" => "asc",
                (false, _) => "desc",
            };
            SortLink {
                href: format!("{base}?sort={k}&dir={next_dir}{kelas_param}#sub"),
                aria: match (active, desc) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
                label,
            }
        })
        .collect();
    let any_unclassified = subs.iter().any(|s| s.1.unclassified > 0);
    let children: Vec<SubRow> = subs
        .iter()
        .map(|(c, k)| SubRow {
            href: format!("/wilayah/{}/kampung", c.region.code),
            name: c.region.name.clone(),
            formed: l.count(c.coverage.formed),
            villages: l.count(c.coverage.villages),
            percent: l.fig(share(c.coverage)),
            classes: Class::ALL.map(|x| l.count(k.of(x))).to_vec(),
            unclassified: l.count(k.unclassified),
        })
        .collect();
    let child_level =
        subs.first().map(|s| view::level_label(l, s.0.region.code.level()).to_string()).unwrap_or_default();
    // The Kampung list.
    let sort_param =
        q.sort.as_deref().filter(|s| SORT_KEYS.contains(s)).map(|s| format!("&sort={s}")).unwrap_or_default();
    let dir_param =
        q.dir.as_deref().filter(|d| *d == "asc" || *d == "desc").map(|d| format!("&dir={d}")).unwrap_or_default();
    let all = match sort_param.strip_prefix('&') {
        Some(p) => format!("{base}?{p}{dir_param}#list"),
        None => format!("{base}#list"),
    };
    let mut filters = vec![(l.t("reg.all").to_string(), all, filter.is_none())];
    let mut choices: Vec<ClassFilter> = Class::ALL.into_iter().map(ClassFilter::Class).collect();
    if counts.unclassified > 0 || filter == Some(ClassFilter::Unclassified) {
        choices.push(ClassFilter::Unclassified);
    }
    for f in choices {
        let c = match f {
            ClassFilter::Class(c) => Some(c),
            ClassFilter::Unclassified => None,
        };
        filters.push((
            class_label(l, c).to_string(),
            format!("{base}?kelas={}{sort_param}{dir_param}#list", f.key()),
            filter == Some(f),
        ));
    }
    let rows = listing(app, code)?
        .into_iter()
        .filter(|k| filter.is_none_or(|f| f.admits(k.record.active, k.class)))
        .map(|k| KampungRow {
            href: format!("/kampung/{}", k.record.village),
            name: k.record.name.clone(),
            village: k.village_name,
            code: k.record.village.to_string(),
            district: k.district_name,
            launched: l.date(k.record.launch_date),
            active: k.record.active,
            class: if k.record.active { class_label(l, k.class) } else { "—" },
            css: class_css(k.class),
            latest: k.latest_report.map(|m| month_label(l, m)).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let page = RegistryBody {
        l,
        code: code.to_string(),
        name: name.to_string(),
        level: view::level_label(l, code.level()).into(),
        crumbs,
        summary: class_summary(l, code, &counts),
        formed: l.count(coverage.formed),
        villages: l.count(coverage.villages),
        percent: l.fig(share(coverage)),
        child_level,
        sort_links,
        children,
        any_unclassified,
        filters,
        filtered: filter.is_some(),
        rows,
        forms_next: code.level() != Level::Village,
    };
    Ok(page.render()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_filters_parse_and_admit() {
        assert_eq!(ClassFilter::parse("mandiri").unwrap(), ClassFilter::Class(Class::Mandiri));
        assert_eq!(ClassFilter::parse("belum").unwrap(), ClassFilter::Unclassified);
        assert!(ClassFilter::parse("Mandiri").is_err());
        assert!(ClassFilter::Class(Class::Dasar).admits(true, Some(Class::Dasar)));
        assert!(!ClassFilter::Class(Class::Dasar).admits(false, Some(Class::Dasar)), "inactive Kampung have no class");
        assert!(ClassFilter::Unclassified.admits(true, None));
        assert!(!ClassFilter::Unclassified.admits(false, None));
    }

    #[test]
    fn counts_show_in_class_order() {
        let c = ClassCounts { by_class: [3, 1, 0, 2], unclassified: 0 };
        assert_eq!(compact(Lang::Id, &c), "3 / 1 / 0 / 2");
        let c = ClassCounts { by_class: [1200, 1, 0, 2], unclassified: 4 };
        assert_eq!(compact(Lang::Id, &c), "1.200 / 1 / 0 / 2 (+4)");
        let j = ClassTally::from(&c);
        assert_eq!((j.dasar, j.unclassified, j.total), (1200, 4, 1207));
        assert_eq!(month_label(Lang::Id, YearMonth::new(2022, 8).unwrap()), "Agustus 2022");
        assert_eq!(month_label(Lang::En, YearMonth::new(2022, 8).unwrap()), "August 2022");
    }
}
