//! "Where to form next" (issue 4): the villages of a region without an active Kampung KB, ranked by the formation
//! criteria computed from the PK round ([`kkb_domain::kampung::rank_candidates`]), as a page, a planning-meeting
//! workbook, CSV and JSON.
//!
//! Each village is compared with its kabupaten/kota, so for a kecamatan the averages are still taken over the
//! whole regency. Public: only aggregates. A village whose figures rest on 1–4 families (families, scored families
//! or PUS) is, for a reader outside its scope, listed after the ranked villages with its figures hidden, since
//! its place in the ranking would reveal them.

use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::layout::{Crumb, Layout};
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kkb_domain::kampung::{Candidate, Reason, RegencyAverage, rank_candidates};
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The page, its workbook and its CSV.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/wilayah/{code}/bentuk-kampung", get(page))
        .route("/wilayah/{code}/bentuk-kampung.xlsx", get(xlsx))
        .route("/wilayah/{code}/bentuk-kampung.csv", get(csv))
}

/// Query of the page, the exports and the API.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidatesQuery {
    /// PK round (pk_year); default the latest round
    pub year: Option<u16>,
}

/// The candidates of a region, the same for every reader (suppression is applied per reader by [`for_reader`]).
pub struct RegionCandidates {
    /// The region.
    pub code: RegionCode,
    /// Its name.
    pub name: String,
    /// The PK round; `None` when no round has been imported.
    pub year: Option<u16>,
    /// The methodology of the round.
    pub methodology: String,
    /// Villages of the region.
    pub villages: usize,
    /// Villages of the region with an active Kampung KB.
    pub formed: usize,
    /// The averages of the kabupaten/kota concerned.
    pub regencies: Vec<RegencyAverage>,
    /// The villages of the region without an active Kampung KB, ranked.
    pub candidates: Vec<Candidate>,
    /// Names of the kecamatan and kabupaten/kota concerned.
    pub names: HashMap<RegionCode, String>,
}

impl RegionCandidates {
    /// The name of a kecamatan or kabupaten/kota.
    pub fn name_of(&self, code: RegionCode) -> &str {
        self.names.get(&code).map(String::as_str).unwrap_or("")
    }
}

/// The candidates of a region (province down to kecamatan; a village is [`AppError::NotFound`]), computed once per
/// data version and region.
pub fn region_candidates(
    app: &AppState,
    code: RegionCode,
    year: Option<u16>,
) -> Result<Arc<RegionCandidates>, AppError> {
    if code.level() == Level::Village {
        return Err(AppError::NotFound);
    }
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let version = app.store.data_version()?;
    let key = format!("{code}|{year:?}");
    app.candidates_cache.get_or_try_insert(version, key, || Ok(Arc::new(compute(app, code, region.name, year)?)))
}

fn compute(app: &AppState, code: RegionCode, name: String, year: Option<u16>) -> Result<RegionCandidates, AppError> {
    let mut out = RegionCandidates {
        code,
        name,
        year: None,
        methodology: String::new(),
        villages: 0,
        formed: 0,
        regencies: Vec::new(),
        candidates: Vec::new(),
        names: HashMap::new(),
    };
    if year.is_none() && app.store.rounds()?.iter().all(|r| r.published.is_none()) {
        out.villages = usize::try_from(app.store.coverage(code, None)?.villages).unwrap_or(0);
        return Ok(out);
    }
    let round = app.store.round(year)?;
    // The averages are the kabupaten/kota's: a kecamatan is ranked within its whole regency.
    let scope = if code.level() == Level::District { code.parent().unwrap_or(code) } else { code };
    let villages = app.store.descendant_figures(scope, Level::Village, Some(round.year))?;
    let formed: BTreeSet<RegionCode> =
        app.store.kampungs(Some(scope))?.into_iter().filter(|k| k.active).map(|k| k.village).collect();
    let m = app.store.methodology(&round.methodology_id)?;
    let ranking = rank_candidates(&villages, &formed, &m.definition().dimensions);
    out.year = Some(round.year);
    out.methodology = round.methodology_id.clone();
    out.villages = villages.iter().filter(|v| v.region.code.is_within(code)).count();
    out.formed = formed.iter().filter(|v| v.is_within(code)).count();
    out.candidates = ranking.candidates.into_iter().filter(|c| c.village.is_within(code)).collect();
    let concerned: BTreeSet<RegionCode> = out.candidates.iter().map(|c| c.regency).collect();
    out.regencies = ranking.regencies.into_iter().filter(|r| concerned.contains(&r.regency)).collect();
    let parents: BTreeSet<RegionCode> = out.candidates.iter().flat_map(|c| [c.district, c.regency]).collect();
    for p in parents {
        if let Some(r) = app.store.region(p)? {
            out.names.insert(p, r.name);
        }
    }
    Ok(out)
}

/// One candidate as a reader may see it.
pub struct Shown<'a> {
    /// Rank among the ranked villages; `None` for hidden villages and villages without PK data.
    pub rank: Option<usize>,
    /// The candidate.
    pub candidate: &'a Candidate,
    /// Its figures rest on 1–4 families and the reader is outside its scope.
    pub hidden: bool,
}

/// The candidates in the order a reader sees them: ranked villages, then hidden ones, then those without PK data.
///
/// A village is hidden when its reader may not see its families, its scored families or its family-planning
/// figures ([`crate::suppression`]): the figures a candidate is ranked by.
pub fn for_reader<'a>(
    app: &AppState,
    who: &crate::auth::Principal,
    rc: &'a RegionCandidates,
) -> Result<Vec<Shown<'a>>, AppError> {
    let disclosure = match rc.year {
        Some(year) => crate::suppression::disclosure(app, who, rc.code, Some(year))?,
        None => Arc::new(kkb_domain::disclosure::Disclosure::none()),
    };
    let mut out: Vec<Shown<'a>> = rc
        .candidates
        .iter()
        .map(|c| {
            let h = disclosure.of(c.village);
            let hidden = h.all() || h.scored() || h.family_planning();
            Shown { rank: None, candidate: c, hidden }
        })
        .collect();
    let group = |s: &Shown<'_>| match (s.candidate.has_data(), s.hidden) {
        (true, false) => 0,
        (true, true) => 1,
        (false, _) => 2,
    };
    out.sort_by_key(group);
    for (i, s) in out.iter_mut().enumerate() {
        if group(s) == 0 {
            s.rank = Some(i + 1);
        }
    }
    Ok(out)
}

/// A reason in the reader's language.
pub fn reason_text(l: Lang, r: &Reason) -> String {
    match r {
        Reason::PoorShareAbove { village, regency } => {
            format!("{}: {}% > {}%", l.t("cand.reason_poor"), l.num(*village, 2), l.num(*regency, 2))
        }
        Reason::CprBelow { village, regency } => {
            format!("{}: {}% < {}%", l.t("cand.reason_cpr"), l.num(*village, 2), l.num(*regency, 2))
        }
        Reason::IbanggaRentan { ibangga } => format!("{}: {}", l.t("cand.reason_rentan"), l.num(*ibangga, 2)),
        Reason::WeakestDimension { id, name, value } => {
            format!("{}: {} {}", l.t("cand.reason_weakest"), dimension_name(l, id, name), l.num(*value, 2))
        }
        Reason::NoPus => l.t("cand.reason_no_pus").into(),
        Reason::NoPkData => l.t("cand.reason_no_data").into(),
    }
}

fn dimension_name(l: Lang, id: &str, name: &str) -> String {
    let label = view::dimension_label(l, id);
    if label == id { name.to_string() } else { label }
}

/// The reasons of a shown candidate, in words.
fn reasons(l: Lang, s: &Shown<'_>) -> Vec<String> {
    if s.hidden && s.candidate.has_data() {
        vec![l.t("cand.reason_hidden").into()]
    } else {
        s.candidate.reasons.iter().map(|r| reason_text(l, r)).collect()
    }
}

/// Rows on the page; the downloads hold every row.
const PAGE_ROWS: usize = 300;

/// One row of the page.
pub struct Row {
    /// Rank or `—`.
    pub rank: String,
    /// Link to the village.
    pub href: String,
    /// Village code.
    pub code: String,
    /// Village name.
    pub name: String,
    /// Kecamatan name.
    pub district: String,
    /// Families.
    pub families: String,
    /// Rentan share as shown.
    pub poor: String,
    /// Regency's Rentan share.
    pub poor_regency: String,
    /// Above the regency.
    pub poor_flag: bool,
    /// CPR as shown.
    pub cpr: String,
    /// Regency's CPR.
    pub cpr_regency: String,
    /// Below the regency.
    pub cpr_flag: bool,
    /// Main criteria met, `n/2`.
    pub criteria: String,
    /// Number of main criteria met (for the row's data attribute).
    pub met: u8,
    /// iBangga.
    pub ibangga: String,
    /// Category label.
    pub category: &'static str,
    /// Category CSS class.
    pub class: &'static str,
    /// Weakest dimension and its value.
    pub weakest: String,
    /// Score as shown.
    pub score: String,
    /// Reasons in words.
    pub reasons: Vec<String>,
}

fn category_class(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Rentan) => "cat-rentan",
        Some(Category::Berkembang) => "cat-berkembang",
        Some(Category::Tangguh) => "cat-tangguh",
        None => "cat-none",
    }
}

fn row(l: Lang, rc: &RegionCandidates, s: &Shown<'_>, year: u16) -> Row {
    let c = s.candidate;
    let show = !s.hidden;
    let fig = |v: Option<f64>| if show { l.fig(v) } else { "—".into() };
    let pct = |v: Option<f64>, show: bool| match v {
        Some(x) if show => format!("{}%", l.num(x, 2)),
        _ => "—".into(),
    };
    Row {
        rank: s.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
        href: format!("/wilayah/{}?year={year}", c.village),
        code: c.village.to_string(),
        name: c.name.clone(),
        district: rc.name_of(c.district).to_string(),
        families: if show { l.count(c.families) } else { "—".into() },
        poor: pct(c.poor_share, show),
        poor_regency: pct(c.regency_poor_share, true),
        poor_flag: show && c.poor_above,
        cpr: pct(c.cpr, show),
        cpr_regency: pct(c.regency_cpr, true),
        cpr_flag: show && c.cpr_below,
        criteria: if show && c.has_data() { format!("{}/2", c.criteria_met()) } else { "—".into() },
        met: if show { c.criteria_met() } else { 0 },
        ibangga: fig(c.ibangga),
        category: if show && c.ibangga.is_some() { view::category_label(l, c.category) } else { "—" },
        class: if show { category_class(c.category) } else { "cat-none" },
        weakest: match (&c.weakest, show) {
            (Some(w), true) => format!("{} {}", dimension_name(l, &w.id, &w.name), l.num(w.value, 2)),
            _ => "—".into(),
        },
        score: if show { c.score.map(|v| l.num(v, 2)).unwrap_or_else(|| "—".into()) } else { "—".into() },
        reasons: reasons(l, s),
    }
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct CandidatesPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    level: String,
    crumbs: Vec<Crumb>,
    year: u16,
    has_round: bool,
    years: Vec<(u16, String, bool)>,
    villages: String,
    formed: String,
    candidates: String,
    main: String,
    rows: Vec<Row>,
    more: usize,
    regencies: Vec<(String, String, String)>,
}

/// `/wilayah/{code}/bentuk-kampung`: the page.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CandidatesQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        let rc = region_candidates(app, code, q.year)?;
        let l = ctx.lang;
        let year = rc.year.unwrap_or(0);
        let shown = for_reader(app, &ctx.who, &rc)?;
        let main = shown.iter().filter(|s| !s.hidden && s.candidate.kriteria_utama).count();
        let mut crumbs = Vec::new();
        let mut lineage: Vec<RegionCode> = code.lineage().collect();
        lineage.reverse();
        for c in lineage {
            if let Some(r) = app.store.region(c)? {
                crumbs.push(Crumb { href: format!("/wilayah/{c}?year={year}"), name: r.name });
            }
        }
        let page = CandidatesPage {
            c: Layout::new(&ctx),
            l,
            code: code.to_string(),
            name: rc.name.clone(),
            level: view::level_label(l, code.level()).into(),
            crumbs,
            year,
            has_round: rc.year.is_some(),
            years: app
                .store
                .rounds()?
                .iter()
                .map(|r| (r.year, format!("/wilayah/{code}/bentuk-kampung?year={}", r.year), r.year == year))
                .collect(),
            villages: l.count(rc.villages as i64),
            formed: l.count(rc.formed as i64),
            candidates: l.count(rc.candidates.len() as i64),
            main: l.count(main as i64),
            rows: shown.iter().take(PAGE_ROWS).map(|s| row(l, &rc, s, year)).collect(),
            more: shown.len().saturating_sub(PAGE_ROWS),
            regencies: rc
                .regencies
                .iter()
                .map(|r| {
                    (
                        rc.name_of(r.regency).to_string(),
                        format!("{}%", l.fig(r.poor_share)),
                        format!("{}%", l.fig(r.cpr)),
                    )
                })
                .collect(),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// The table of a download: one row per candidate, numbers as numbers, hidden figures as empty cells, and two
/// empty columns for the meeting's decision and notes. CSV headers are stable ids; the workbook's are words.
fn table(l: Lang, rc: &RegionCandidates, shown: &[Shown<'_>]) -> (Table, Vec<String>) {
    let columns: [(&str, &str); 20] = [
        ("peringkat", "cand.rank"),
        ("kode", "dash.code"),
        ("desa_kelurahan", "level.village"),
        ("kecamatan", "level.district"),
        ("kabupaten_kota", "level.regency"),
        ("keluarga", "dash.families"),
        ("keluarga_terskor", "dash.scored"),
        ("rentan_persen", "cand.poor"),
        ("rentan_persen_kabkota", "cand.poor_regency"),
        ("cpr_persen", "cand.cpr"),
        ("cpr_persen_kabkota", "cand.cpr_regency"),
        ("kriteria_utama", "cand.criteria"),
        ("ibangga", "dash.ibangga"),
        ("kategori", "dash.category"),
        ("dimensi_terlemah", "cand.weakest"),
        ("nilai_dimensi_terlemah", "cand.weakest_value"),
        ("skor", "cand.score"),
        ("alasan", "cand.reasons"),
        ("keputusan", "cand.decision"),
        ("catatan", "cand.notes"),
    ];
    let rows = shown
        .iter()
        .map(|s| {
            let c = s.candidate;
            let show = !s.hidden;
            let num = |v: Option<f64>| Cell::Num(if show { v } else { None });
            let int = |n: i64| if show { Cell::Int(n) } else { Cell::Num(None) };
            vec![
                s.rank.map_or(Cell::Num(None), |r| Cell::Int(r as i64)),
                Cell::Text(c.village.to_string()),
                Cell::Text(c.name.clone()),
                Cell::Text(rc.name_of(c.district).to_string()),
                Cell::Text(rc.name_of(c.regency).to_string()),
                int(c.families),
                int(c.scored_families),
                num(c.poor_share),
                Cell::Num(c.regency_poor_share),
                num(c.cpr),
                Cell::Num(c.regency_cpr),
                if show && c.has_data() { Cell::Int(c.criteria_met().into()) } else { Cell::Num(None) },
                num(c.ibangga),
                Cell::Text(if show && c.ibangga.is_some() { view::category_label(l, c.category) } else { "" }.into()),
                Cell::Text(match (&c.weakest, show) {
                    (Some(w), true) => dimension_name(l, &w.id, &w.name),
                    _ => String::new(),
                }),
                num(c.weakest.as_ref().map(|w| w.value)),
                num(c.score),
                Cell::Text(reasons(l, s).join("; ")),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ]
        })
        .collect();
    let title =
        format!("{} · {} {}", l.t("cand.title"), rc.name, rc.year.map(|y| format!("PK {y}")).unwrap_or_default());
    let table = Table { title, headers: columns.iter().map(|c| c.0.to_string()).collect(), rows };
    (table, columns.iter().map(|c| l.t(c.1).to_string()).collect())
}

/// Column widths of the workbook, in characters.
const WIDTHS: [f64; 20] = [
    9.0, 15.0, 24.0, 20.0, 20.0, 10.0, 10.0, 11.0, 11.0, 11.0, 11.0, 10.0, 9.0, 13.0, 16.0, 10.0, 9.0, 60.0, 22.0, 30.0,
];

/// The planning-meeting workbook: a title row, a note on the method, the header (frozen, filterable, repeated on
/// every printed page) and one row per candidate.
fn workbook(l: Lang, t: &Table, headers: &[String]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name(l.t("cand.sheet")).map_err(err)?;
    let title = Format::new().set_bold().set_font_size(14);
    let note = Format::new().set_italic().set_text_wrap();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDE6F0));
    let fill = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFFF2CC));
    let fig = Format::new().set_num_format("0.00");
    let wrap = Format::new().set_text_wrap();
    let blank = Format::new().set_border(FormatBorder::Thin);
    const HEADER: u32 = 2;
    let last_col = (headers.len() - 1) as u16;
    sheet.write_string_with_format(0, 0, &t.title, &title).map_err(err)?;
    sheet.merge_range(1, 0, 1, last_col.min(17), l.t("cand.method"), &note).map_err(err)?;
    sheet.set_row_height(1, 45).map_err(err)?;
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        let format = if c + 2 > last_col { &fill } else { &head };
        sheet.write_string_with_format(HEADER, c, h, format).map_err(err)?;
        sheet.set_column_width(c, WIDTHS.get(usize::from(c)).copied().unwrap_or(12.0)).map_err(err)?;
    }
    sheet.set_row_height(HEADER, 32).map_err(err)?;
    for (r, row) in t.rows.iter().enumerate() {
        let r = HEADER + 1 + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                _ if c + 2 > last_col => sheet.write_blank(r, c, &blank).map(|_| ()),
                Cell::Text(s) if usize::from(c) == 17 => sheet.write_string_with_format(r, c, s, &wrap).map(|_| ()),
                Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                Cell::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                Cell::Num(Some(x)) => sheet.write_number_with_format(r, c, *x, &fig).map(|_| ()),
                Cell::Num(None) => Ok(()),
            }
            .map_err(err)?;
        }
    }
    let last_row = HEADER + t.rows.len() as u32;
    sheet.set_freeze_panes(HEADER + 1, 3).map_err(err)?;
    sheet.autofilter(HEADER, 0, last_row, last_col).map_err(err)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER, HEADER).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn download(app: &AppState, ctx: &Ctx, code: &str, q: &CandidatesQuery, ext: &str) -> Result<Response, AppError> {
    let code = view::region_code(code)?;
    let rc = region_candidates(app, code, q.year)?;
    let shown = for_reader(app, &ctx.who, &rc)?;
    let (t, headers) = table(ctx.lang, &rc, &shown);
    let filename = format!("bentuk-kampung-{code}-{}", rc.year.unwrap_or(0));
    if ext == "csv" {
        return t.respond("csv", &filename);
    }
    let body = workbook(ctx.lang, &t, &headers)?;
    let disposition = format!("attachment; filename=\"{filename}.xlsx\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// `/wilayah/{code}/bentuk-kampung.xlsx`.
pub async fn xlsx(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CandidatesQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> { download(app, &ctx, &code, &q, "xlsx") }).await
}

/// `/wilayah/{code}/bentuk-kampung.csv`.
pub async fn csv(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CandidatesQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> { download(app, &ctx, &code, &q, "csv") }).await
}
