//! An officer corrects a waiting submission: an editable form pre-filled with what the phone sent (for
//! `pk-perbarui`, with the stored NIKs and KK number it kept), checked by the same rules — the family form's
//! ([`crate::families::validate_form`], the importer's validator) or the monthly report's — re-shown with what
//! was typed and every problem at its field when refused, and saved through the same write path. The original
//! submission stays as it was sent; it is marked corrected.

use super::pk::{assign_id, merge, typed_of};
use super::report::{COUNTS, form_of};
use super::scope::REPORT_FORM;
use super::show::{instance_of, load};
use super::{may_correct, may_review};
use crate::families::{FormMeta, FormPage, form_page, member_rows, validate_form};
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::pk::Problem;
use kkb_domain::pk::columns::FAMILY_CODED;
use kkb_domain::pk::form::MEMBER_COLUMNS;
use kkb_domain::region::RegionCode;
use kkb_store::{StoreError, Submission};
use std::collections::HashMap;

/// One field of the report correction form.
pub struct ReportField {
    /// Input name (the element of the instance).
    pub name: String,
    /// Label.
    pub label: String,
    /// Value as typed.
    pub value: String,
    /// What is wrong with it.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "capture_report_form.html")]
struct ReportPage {
    c: Layout,
    l: crate::i18n::Lang,
    title: String,
    action: String,
    cancel: String,
    fields: Vec<ReportField>,
    errors: Vec<String>,
}

/// The submission to correct, if the reader may correct it now.
fn correctable(app: &AppState, ctx: &Ctx, id: i64) -> Result<(Submission, RegionCode), AppError> {
    let (sub, village) = load(app, ctx, id)?;
    if !may_review(&ctx.who, village) || !may_correct(&ctx.who, &sub.form_id, village) {
        return Err(ctx.who.refusal(village));
    }
    if !matches!(sub.status.as_str(), "review" | "received") {
        return Err(AppError::Conflict(ctx.lang.t("cap.decided").into()));
    }
    Ok((sub, village))
}

fn year_of(app: &AppState, node: &super::instance::Node) -> Result<u16, AppError> {
    match node.text_at("pk_year").parse::<u16>() {
        Ok(y) => Ok(y),
        Err(_) => Ok(app.store.round(None)?.year),
    }
}

fn meta(ctx: &Ctx, id: i64, version: String, new: bool) -> FormMeta {
    FormMeta {
        title: format!("{} #{id}", ctx.lang.t("cap.correct_title")),
        action: format!("/kiriman/{id}/koreksi"),
        cancel: format!("/kiriman/{id}"),
        version,
        new,
    }
}

/// `GET /kiriman/{id}/koreksi`: the form, pre-filled with the submission (shows NIKs: audited).
pub async fn form(State(app): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (sub, village) = correctable(app, &ctx, id)?;
        let node = instance_of(app, &sub)?;
        ctx.audit(app, "capture.correct_form", &sub.instance_id, &sub.village, "")?;
        if sub.form_id == REPORT_FORM {
            let values: HashMap<String, String> = std::iter::once("month")
                .chain(COUNTS.iter().map(|(e, _)| *e))
                .map(|e| (e.to_string(), node.text_at(e).to_string()))
                .collect();
            return report_page(&ctx, id, &values, &[], StatusCode::OK);
        }
        let year = year_of(app, &node)?;
        let mut typed = typed_of(&node);
        let mut version = String::new();
        let new = sub.form_id == "pk-keluarga" && sub.family_id.is_empty();
        if let Some(stored) = app.store.family(year, village, typed.get("family_id"))?.filter(|_| !new) {
            if sub.form_id == "pk-perbarui" {
                merge(&mut typed, &stored);
            }
            version = stored.summary.version.to_string();
        } else if typed.get("family_id").is_empty() {
            typed.set("family_id", assign_id(app, &sub.instance_id, year, village)?);
        }
        let mut values: HashMap<String, String> = ["family_id", "rw", "rt", "kk_number"]
            .iter()
            .chain(FAMILY_CODED.iter())
            .map(|c| (c.to_string(), typed.get(c).to_string()))
            .collect();
        for (i, m) in typed.members.iter().enumerate() {
            for c in MEMBER_COLUMNS {
                values.insert(format!("m{i}_{c}"), m.get(c).cloned().unwrap_or_default());
            }
        }
        let page: FormPage = form_page(&ctx, meta(&ctx, id, version.clone(), version.is_empty()), &values, &[], &[]);
        Ok(Html(page.render()?).into_response())
    })
    .await
}

fn report_page(
    ctx: &Ctx,
    id: i64,
    values: &HashMap<String, String>,
    problems: &[(String, String)],
    status: StatusCode,
) -> Result<Response, AppError> {
    let l = ctx.lang;
    let error = |element: &str| {
        problems.iter().find(|(field, _)| super::report::path_of(field) == element).map(|(_, text)| text.clone())
    };
    let fields = std::iter::once("month")
        .chain(COUNTS.iter().map(|(e, _)| *e))
        .map(|e| ReportField {
            name: e.to_string(),
            label: if e == "month" { l.t("kampung.month").to_string() } else { e.to_uppercase().replace('_', " ") },
            value: values.get(e).cloned().unwrap_or_default(),
            error: error(e),
        })
        .collect();
    let errors = problems.iter().map(|(field, text)| format!("{field}: {text}")).collect();
    let page = ReportPage {
        c: Layout::new(ctx),
        l,
        title: format!("{} #{id}", l.t("cap.correct_title")),
        action: format!("/kiriman/{id}/koreksi"),
        cancel: format!("/kiriman/{id}"),
        fields,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Marks the submission corrected and audits it.
fn corrected(
    app: &AppState,
    ctx: &Ctx,
    sub: &Submission,
    family_id: &str,
    version: Option<i64>,
    target: &str,
) -> Result<Response, AppError> {
    let outcome = kkb_store::Outcome {
        status: "corrected",
        problems: "[]",
        family_id,
        applied_version: version,
        decided_by: Some(ctx.who.username()),
        note: "",
    };
    app.store.set_submission_outcome(sub.id, &outcome)?;
    ctx.audit(app, "capture.corrected", target, &sub.village, &sub.instance_id)?;
    Ok(Redirect::to(&format!("/kiriman/{}?ok=corrected", sub.id)).into_response())
}

/// `POST /kiriman/{id}/koreksi`.
pub async fn save(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(values): axum::Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        ctx.check_csrf(values.get("csrf").map(String::as_str))?;
        let (sub, village) = correctable(app, &ctx, id)?;
        if sub.form_id == REPORT_FORM {
            let (form, mut problems) = form_of(&|e| values.get(e).map(|v| v.trim().to_string()).unwrap_or_default());
            let l = ctx.lang;
            let mut field_problems: Vec<(String, String)> = problems
                .drain(..)
                .filter_map(|p| match &p.reason {
                    super::problems::Reason::Rule { column, .. } => Some((column.clone(), p.text(l))),
                    _ => None,
                })
                .collect();
            match form.parse(village, kkb_domain::date::today_utc()) {
                Ok(report) if field_problems.is_empty() => match app.store.save_report(&report, true) {
                    Ok(_) => {
                        app.store.refresh_class(village)?;
                        return corrected(app, &ctx, &sub, "", None, &format!("kampung {village}"));
                    }
                    Err(StoreError::Problems(p)) => {
                        field_problems.extend(p.into_iter().map(|p| (p.column, l.reason(&p.reason))))
                    }
                    Err(e) => return Err(e.into()),
                },
                Ok(_) => {}
                Err(p) => field_problems.extend(p.into_iter().map(|p| (p.field, l.reason(&p.reason)))),
            }
            return report_page(&ctx, id, &values, &field_problems, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let node = instance_of(app, &sub)?;
        let year = year_of(app, &node)?;
        let expected: Option<i64> = values.get("version").and_then(|v| v.trim().parse().ok());
        let mut values = values;
        if expected.is_some() {
            // A correction of a registered family keeps its id.
            values.insert("family_id".into(), typed_of(&node).get("family_id").to_string());
        }
        let rows = member_rows(&values);
        let problems: Vec<Problem> = match validate_form(app, year, village, &values)? {
            Ok(family) => match app.store.save_family(&family, expected, "openrosa review") {
                Ok(_) => {
                    let key = &family.key;
                    let version = app.store.family_version(key.year, key.village, &key.family_id)?;
                    return corrected(
                        app,
                        &ctx,
                        &sub,
                        &key.family_id,
                        version,
                        &format!("{}/{}/{}", key.year, key.village, key.family_id),
                    );
                }
                Err(StoreError::Problems(p)) => p,
                Err(StoreError::Refused(reason)) => vec![Problem {
                    file: "keluarga.csv".into(),
                    row: 0,
                    column: "family_id".into(),
                    value: String::new(),
                    reason,
                }],
                Err(StoreError::Conflict(m)) => vec![Problem {
                    file: "keluarga.csv".into(),
                    row: 0,
                    column: "family_id".into(),
                    value: String::new(),
                    reason: kkb_domain::problem::Reason::Conflict { message: m },
                }],
                Err(e) => return Err(e.into()),
            },
            Err(p) => p,
        };
        let version = expected.map(|v| v.to_string()).unwrap_or_default();
        let page = form_page(&ctx, meta(&ctx, id, version.clone(), version.is_empty()), &values, &problems, &rows);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
    })
    .await
}
