//! Kampung KB registry files on the web (docs/kampung-import.md): the upload page of a region, which runs the
//! CLI's import (the same reader, the same one-transaction store method, the same list of problems), and the
//! downloads of a region's registry and monthly reports in exactly the import format, so that a download edited
//! and uploaded again round-trips. Downloads are public: the registry holds no personal data.
//!
//! What the web adds to the CLI's import: rows outside the page's region are problems; the model-Kampung flags of
//! a row are taken from the file only where the uploader may set them (as on the form and in the API), otherwise
//! the stored flags are kept (a new Kampung KB gets none) and the report says so; a workbook is checked against
//! [`kkb_domain::xlsx::LIMITS`] before it is read; and a refused upload is audited.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::uploads::{self, audit_refusal};
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kkb_domain::kampung::{RegistryReader, RegistryRows, RegistrySheet, RegistryTable};
use kkb_domain::pk::Problem;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_store::{RegistryImportSummary, Store, StoreError};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The routes: upload (`GET`/`POST`) and the four downloads.
pub fn routes(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/wilayah/{code}/kampung/unggah",
            get(upload_form).post(upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/wilayah/{code}/kampung/ekspor/{file}", get(export))
}

/// The downloads a region offers: (file name, table, `csv` or `xlsx`).
pub const DOWNLOADS: [(&str, RegistryTable, &str); 4] = [
    ("kampung.csv", RegistryTable::Kampung, "csv"),
    ("kampung.xlsx", RegistryTable::Kampung, "xlsx"),
    ("laporan.csv", RegistryTable::Reports, "csv"),
    ("laporan.xlsx", RegistryTable::Reports, "xlsx"),
];

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The registry or the monthly reports of the Kampung KB within a region, as written to a file.
pub fn sheet(store: &Store, within: RegionCode, table: RegistryTable) -> Result<RegistrySheet, StoreError> {
    Ok(match table {
        RegistryTable::Kampung => RegistrySheet::kampungs(&store.kampungs(Some(within))?),
        RegistryTable::Reports => RegistrySheet::reports(&store.reports_within(Some(within))?),
    })
}

/// A workbook of registry sheets named `kampung` / `laporan`: counts, coordinates and flags as numbers, codes,
/// dates and months as text (so that a spreadsheet program keeps them as written), a bold frozen header.
pub fn xlsx(sheets: &[RegistrySheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.table.sheet())?;
        for (c, h) in s.header().iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            let wide = matches!(*h, "name" | "description" | "rws" | "criteria_utama" | "criteria_wilayah");
            ws.set_column_width(c as u16, if wide { 28 } else { 14 })?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.is_empty()) {
                let number = s.table.is_number(s.header()[c]).then(|| cell.parse::<f64>().ok()).flatten();
                match number {
                    Some(x) => ws.write_number(r, c as u16, x)?,
                    None => ws.write_string(r, c as u16, cell)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

/// `GET /wilayah/{code}/kampung/ekspor/{file}`: `kampung.csv`, `kampung.xlsx`, `laporan.csv` or `laporan.xlsx` of
/// the Kampung KB within the region.
pub async fn export(
    State(app): State<AppState>,
    Path((code, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let (_, table, ext) = *DOWNLOADS.iter().find(|d| d.0 == file).ok_or(AppError::NotFound)?;
    let sheet = app
        .db(move |app| -> Result<_, AppError> {
            app.store.region(code)?.ok_or(AppError::NotFound)?;
            Ok(sheet(&app.store, code, table)?)
        })
        .await?;
    let (body, mime) = match ext {
        "csv" => (sheet.to_csv(), "text/csv; charset=utf-8"),
        _ => (xlsx(&[sheet]).map_err(|e| AppError::Internal(format!("xlsx: {e}")))?, XLSX_MIME),
    };
    let stem = file.split('.').next().unwrap_or("kampung");
    let disposition = format!("attachment; filename=\"{stem}-{code}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

#[derive(Template)]
#[template(path = "kampung_upload.html")]
struct UploadPage {
    c: Layout,
    l: Lang,
    code: String,
    region: String,
    problems: Vec<Problem>,
    more: usize,
    done: Option<String>,
}

/// Problems shown in the page (the rest are counted).
const SHOWN_PROBLEMS: usize = 1000;

/// The region of the page, if the user may upload the Kampung KB registry of all of it: kabupaten/kota,
/// kecamatan and village (kader) users within their scope.
async fn page_region(app: &AppState, ctx: &Ctx, code: &str) -> Result<(RegionCode, String), AppError> {
    ctx.require_user()?;
    let code = view::region_code(code)?;
    let region = app.db(move |app| app.store.region(code)).await?.ok_or(AppError::NotFound)?;
    if !ctx.who.may_edit_kampung(code) {
        return Err(ctx.who.refusal(code));
    }
    Ok((code, region.name))
}

/// `GET /wilayah/{code}/kampung/unggah`: the upload form.
pub async fn upload_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (code, region) = page_region(&app, &ctx, &code).await?;
    let l = ctx.lang;
    let page =
        UploadPage { c: Layout::new(&ctx), l, code: code.to_string(), region, problems: vec![], more: 0, done: None };
    Ok(Html(page.render()?).into_response())
}

fn whole(reason: Reason) -> Problem {
    Problem::whole("upload", reason)
}

/// Rows whose village lies outside the page's region (which the user may edit whole) are problems.
fn outside(rows: &RegistryRows, code: RegionCode, region: &str) -> Vec<Problem> {
    let reason = Reason::VillageOutsidePageRegion { region: region.to_string(), code: code.to_string() };
    let kampungs = rows.kampungs.iter().filter(|k| !k.value.village.is_within(code));
    let reports = rows.reports.iter().filter(|r| !r.value.village.is_within(code));
    kampungs
        .map(|k| k.problem("village_code", k.value.village.to_string(), reason.clone()))
        .chain(reports.map(|r| r.problem("village_code", r.value.village.to_string(), reason.clone())))
        .collect()
}

/// Keeps the stored model-Kampung flags (none for a new Kampung KB) of every row whose village the user may not set
/// them for ([`crate::auth::Principal::may_verify_kampung`], the predicate of the form and the API); returns how
/// many rows asked for other flags than those kept.
fn keep_model_flags(
    store: &Store,
    rows: &mut RegistryRows,
    may_set: &dyn Fn(RegionCode) -> bool,
) -> Result<usize, StoreError> {
    let mut overridden = 0;
    for row in rows.kampungs.iter_mut().filter(|r| !may_set(r.value.village)) {
        let kept = store.kampung(row.value.village)?.map(|k| k.model).unwrap_or_default();
        if row.value.model != kept {
            overridden += 1;
            row.value.model = kept;
        }
    }
    Ok(overridden)
}

/// An upload refused: its problems and the kind of refusal (for the audit log).
type Refused = (String, Vec<Problem>);

/// `POST /wilayah/{code}/kampung/unggah`: reads `kampung.csv`, `laporan.csv` and/or a workbook (field `file`, any
/// number of them) and imports them in one transaction; any problem imports nothing and every problem is listed.
pub async fn upload(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let (code, region) = page_region(&app, &ctx, &code).await?;
    let (mut csrf, mut replace, mut files) = (None, false, Vec::new());
    while let Some(field) = form.next_field().await.map_err(crate::rejection::multipart)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(uploads::base_name).filter(|n| !n.is_empty());
        let bytes = field.bytes().await.map_err(crate::rejection::multipart)?;
        match name.as_str() {
            "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).to_string()),
            "replace_reports" => replace = !bytes.is_empty(),
            "file" if !bytes.is_empty() => files.push((file_name.unwrap_or_else(|| "upload".into()), bytes)),
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let sent = if files.is_empty() {
        "(no file)".to_string()
    } else {
        files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(" + ")
    };
    // Reading the files, the import and the page: off the async workers (a workbook of 50,000 rows takes seconds).
    app.db(move |app| import_and_answer(app, ctx, code, region, files, replace, sent)).await
}

/// The upload's work once its files are read: validation, the import in one transaction, the audit line, the page.
fn import_and_answer(
    app: &AppState,
    ctx: Ctx,
    code: RegionCode,
    region: String,
    files: Vec<(String, axum::body::Bytes)>,
    replace: bool,
    sent: String,
) -> Result<Response, AppError> {
    let (store, who, l) = (&app.store, &ctx.who, ctx.lang);
    let page_name = region.clone();
    type Done = (RegistryImportSummary, usize);
    let result = (|| -> Result<Result<Done, Refused>, AppError> {
        let refused = |kind: &str, p| Ok(Err((kind.to_string(), p)));
        if files.is_empty() {
            return refused("files", vec![whole(Reason::UploadChooseRegistry)]);
        }
        let mut reader = RegistryReader::new(kkb_domain::date::today_utc());
        for (name, bytes) in &files {
            reader.read(name, bytes);
            if let Some(e) = reader.refused_workbook() {
                let kind = format!("workbook:{}", uploads::limit_kind(e));
                return refused(&kind, vec![uploads::workbook_problem(name, e)]);
            }
        }
        let regions = store.region_set()?;
        reader.check_villages(&|c| regions.is_village(c));
        let mut rows = match reader.finish() {
            Ok(rows) => rows,
            Err(p) => return refused("validation", p),
        };
        let outside = outside(&rows, code, &page_name);
        if !outside.is_empty() {
            return refused("outside_region", outside);
        }
        let flags_kept = keep_model_flags(store, &mut rows, &|v| who.may_verify_kampung(v))?;
        match store.import_registry(&rows, replace) {
            Ok(s) => Ok(Ok((s, flags_kept))),
            Err(StoreError::Problems(p)) => refused("store", p),
            Err(e) => Err(e.into()),
        }
    })()?;
    let (code_text, c) = (code.to_string(), Layout::new(&ctx));
    match result {
        Ok((s, flags_kept)) => {
            let detail = format!(
                "{} Kampung KB new, {} updated, {} reports new, {} replaced",
                s.kampungs_new, s.kampungs_updated, s.reports_new, s.reports_replaced
            );
            let detail = if flags_kept > 0 {
                format!("{detail}; model flags of {flags_kept} kept as stored (not the user's to set)")
            } else {
                detail
            };
            ctx.audit(app, "kampung.import", &sent, &code_text, &detail)?;
            let mut done = format!(
                "{} {}, {} {}, {} {}, {} {}",
                l.count(s.kampungs_new as i64),
                l.t("kampung_files.kampung_new"),
                l.count(s.kampungs_updated as i64),
                l.t("kampung_files.kampung_updated"),
                l.count(s.reports_new as i64),
                l.t("kampung_files.reports_new"),
                l.count(s.reports_replaced as i64),
                l.t("kampung_files.reports_replaced"),
            );
            if flags_kept > 0 {
                done.push_str(". ");
                done.push_str(&l.tf("kampung_files.flags_kept", &[("n", &l.count(flags_kept as i64))]));
            }
            let page = UploadPage { c, l, code: code_text, region, problems: vec![], more: 0, done: Some(done) };
            Ok(Html(page.render()?).into_response())
        }
        Err((kind, mut problems)) => {
            audit_refusal(app, &ctx, "kampung.import_refused", &sent, problems.len(), &kind)?;
            let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
            problems.truncate(SHOWN_PROBLEMS);
            let page = UploadPage { c, l, code: code_text, region, problems, more, done: None };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
