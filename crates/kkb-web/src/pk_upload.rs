//! PK file upload (`/unggah`): a CSV pair or one workbook, validated by the importer's own rules and imported in
//! one transaction, or refused whole with every problem listed, as with the CLI. What the web adds to the CLI's
//! import: families outside the uploader's region are problems; families go into rounds the province has opened
//! (a year without a round is a problem of its row, not a new round); a workbook is checked against
//! [`kkb_domain::xlsx::LIMITS`] before it is read; a NIK another family holds is worded by what the uploader may
//! see ([`crate::uploads::nik_taken`]); and a refused upload is audited like an accepted one. Reading runs on a
//! blocking thread, so the server keeps answering meanwhile.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::uploads::{self, audit_refusal};
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::pk::read::WorkbookError;
use kkb_domain::pk::{Context, Family, Problem};
use kkb_domain::problem::Reason;
use kkb_store::{ImportReport, StoreError};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    c: Layout,
    l: Lang,
    problems: Vec<Problem>,
    more: usize,
    done: Option<String>,
}

/// `/unggah`: the upload form.
pub async fn upload_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_user()?;
    if !ctx.who.may_upload() {
        return Err(AppError::Forbidden);
    }
    let page = UploadPage { c: Layout::new(&ctx), l: ctx.lang, problems: vec![], more: 0, done: None };
    Ok(Html(page.render()?).into_response())
}

/// Problems shown in the page (the rest are counted).
const SHOWN_PROBLEMS: usize = 1000;

fn whole(reason: Reason) -> Problem {
    Problem::whole("upload", reason)
}

/// An upload refused: its problems and the kind of refusal (for the audit log).
struct Refused {
    kind: String,
    problems: Vec<Problem>,
}

impl Refused {
    fn new(kind: &str, problems: Vec<Problem>) -> Result<ImportReport, Refused> {
        Err(Refused { kind: kind.into(), problems })
    }
}

/// The uploaded files by form field: (file name as sent, bytes).
type Files = HashMap<String, (String, Bytes)>;

/// POST `/unggah`: validates and imports a CSV pair or a workbook; a file with any problem imports nothing and
/// every problem is listed, as with the CLI.
pub async fn upload(State(app): State<AppState>, ctx: Ctx, mut form: Multipart) -> Result<Response, AppError> {
    ctx.require_user()?;
    if !ctx.who.may_upload() {
        return Err(AppError::Forbidden);
    }
    let mut csrf = None;
    let mut files: Files = HashMap::new();
    while let Some(field) = form.next_field().await.map_err(|e| AppError::BadRequest(format!("upload: {e}")))? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(uploads::base_name).unwrap_or_default();
        let bytes = field.bytes().await.map_err(|e| AppError::BadRequest(format!("upload: {e}")))?;
        if name == "csrf" {
            csrf = Some(String::from_utf8_lossy(&bytes).to_string());
        } else if ["families", "members", "xlsx"].contains(&name.as_str()) && !bytes.is_empty() {
            files.insert(name, (file_name, bytes));
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let sent: Vec<&str> = ["families", "members", "xlsx"]
        .iter()
        .filter_map(|f| files.get(*f).map(|(n, _)| if n.is_empty() { *f } else { n.as_str() }))
        .collect();
    let sent = if sent.is_empty() { "(no file)".to_string() } else { sent.join(" + ") };
    // Validation, the import (one transaction) and the page: off the async workers, so that a kabupaten's
    // 75,000 families hold up no other request.
    app.db(move |app| import_and_answer(app, ctx, files, sent)).await
}

/// The upload's work once its files are read.
fn import_and_answer(app: &AppState, ctx: Ctx, files: Files, sent: String) -> Result<Response, AppError> {
    let (who, store, l) = (&ctx.who, &app.store, ctx.lang);
    let result = (|| -> Result<Result<ImportReport, Refused>, AppError> {
        let families = match read(store, &files)? {
            Ok(f) => f,
            Err(refused) => return Ok(Err(refused)),
        };
        let outside: Vec<Problem> = families
            .iter()
            .filter(|f| !who.may_view_families(f.key.village))
            .map(|f| Problem {
                file: "keluarga".into(),
                row: f.row,
                column: "village_code".into(),
                value: f.key.village.to_string(),
                reason: Reason::VillageOutsideYourRegion,
            })
            .collect();
        if !outside.is_empty() {
            return Ok(Refused::new("outside_region", outside));
        }
        let open: std::collections::BTreeSet<u16> = store.rounds()?.iter().map(|r| r.year).collect();
        let no_round: Vec<Problem> = families
            .iter()
            .filter(|f| !open.contains(&f.key.year))
            .map(|f| Problem {
                file: "keluarga".into(),
                row: f.row,
                column: "pk_year".into(),
                value: f.key.year.to_string(),
                reason: Reason::RoundNotOpen { year: f.key.year },
            })
            .collect();
        if !no_round.is_empty() {
            return Ok(Refused::new("no_round", no_round));
        }
        match store.import_open_rounds(&families, "web upload", &uploads::nik_taken(who)) {
            Ok(r) => Ok(Ok(r)),
            Err(StoreError::Problems(p)) => {
                let kind = if p.iter().all(|p| p.column == "nik") { "nik_taken" } else { "store" };
                Ok(Refused::new(kind, p))
            }
            Err(e) => Err(e.into()),
        }
    })()?;
    let region = ctx.who.scope.map(|s| s.to_string()).unwrap_or_default();
    match result {
        Ok(report) => {
            let detail = format!("{} new, {} replaced, {} members", report.families, report.replaced, report.members);
            ctx.audit(app, "import", &sent, &region, &detail)?;
            let summary = format!(
                "{} {}, {} {}, {} {}",
                l.count((report.families - report.replaced) as i64),
                l.t("upload.new"),
                l.count(report.replaced as i64),
                l.t("upload.replaced"),
                l.count(report.members as i64),
                l.t("upload.members_count")
            );
            let page = UploadPage { c: Layout::new(&ctx), l, problems: vec![], more: 0, done: Some(summary) };
            Ok(Html(page.render()?).into_response())
        }
        Err(Refused { kind, mut problems }) => {
            audit_refusal(app, &ctx, "import.refused", &sent, problems.len(), &kind)?;
            let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
            problems.truncate(SHOWN_PROBLEMS);
            let page = UploadPage { c: Layout::new(&ctx), l, problems, more, done: None };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}

/// Reads and validates the uploaded files (on the blocking thread).
fn read(store: &kkb_store::Store, files: &Files) -> Result<Result<Vec<Family>, Refused>, AppError> {
    let regions = store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    let pk = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    let refused = |kind: &str, problems| Ok(Err(Refused { kind: kind.into(), problems }));
    if let Some((name, x)) = files.get("xlsx") {
        if files.contains_key("families") || files.contains_key("members") {
            return refused("files", vec![whole(Reason::UploadBoth)]);
        }
        if !x.starts_with(b"PK") {
            return refused("files", vec![whole(Reason::NotXlsx)]);
        }
        return Ok(match kkb_domain::pk::read::read_workbook(std::io::Cursor::new(&x[..]), &pk) {
            Ok(f) => Ok(f),
            Err(WorkbookError::TooLarge(e)) => {
                let file = if name.is_empty() { "workbook" } else { name.as_str() };
                let kind = format!("workbook:{}", uploads::limit_kind(&e));
                Err(Refused { kind, problems: vec![uploads::workbook_problem(file, &e)] })
            }
            Err(WorkbookError::Problems(p)) => Err(Refused { kind: "validation".into(), problems: p }),
        });
    }
    match (files.get("families"), files.get("members")) {
        (Some((_, f)), Some((_, m))) => Ok(match kkb_domain::pk::read::read_csv_pair(&f[..], &m[..], &pk) {
            Ok(f) => Ok(f),
            Err(p) => Err(Refused { kind: "validation".into(), problems: p }),
        }),
        _ => refused("files", vec![whole(Reason::UploadChoosePk)]),
    }
}
