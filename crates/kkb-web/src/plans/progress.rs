//! `GET/POST /rencana/{id}/kegiatan/{item}/progres`: an item's progress reports and the form for a new one (date,
//! percent done, budget spent, status, a note, evidence). Reports are made on approved plans, by the responsible
//! agency's users or the coordinator; the item takes the status of its latest report.

use super::{item_status_label, month, rupiah};
use crate::i18n::Lang;
use crate::kampung::forms::{Field, Section, Submitted, problem};
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::FieldProblem;
use kkb_domain::planning::{ItemStatus, Plan, PlanItem, PlanStatus, Progress, parse_rupiah};
use kkb_domain::problem::Reason;
use kkb_store::StoreError;

struct Report {
    date: String,
    percent: u8,
    spent: String,
    status: &'static str,
    note: String,
    evidence: String,
    evidence_link: bool,
    by: String,
}

#[derive(Template)]
#[template(path = "plan_progress.html")]
struct ProgressPage {
    c: Layout,
    l: Lang,
    plan_id: i64,
    plan_title: String,
    title: String,
    summary: Vec<(&'static str, String)>,
    reports: Vec<Report>,
    open: bool,
    action: String,
    errors: Vec<String>,
    sections: Vec<Section>,
}

/// The form's values: as typed, or a new report's defaults.
fn sections(l: Lang, value: &dyn Fn(&str) -> String) -> Vec<Section> {
    let status = value("status");
    let statuses = ItemStatus::ALL
        .iter()
        .map(|s| (s.id().to_string(), item_status_label(l, *s).to_string(), s.id() == status))
        .collect();
    vec![Section {
        legend: l.t("plan.progress_new").into(),
        fields: vec![
            Field::new("date", l.t("plan.f.date"), "date", value("date")),
            Field::new("percent", l.t("plan.f.percent"), "number", value("percent")),
            Field::new("spent", l.t("plan.f.spent"), "text", value("spent")),
            Field::choices("status", l.t("plan.f.status"), "select", statuses),
            Field::new("note", l.t("plan.f.note"), "textarea", value("note")),
            Field::new("evidence", l.t("plan.f.evidence"), "text", value("evidence")),
        ],
    }]
}

/// The plan and item of the URL, which the user must handle.
fn load(app: &AppState, ctx: &Ctx, id: i64, item_id: i64) -> Result<(Plan, PlanItem), AppError> {
    let plan = super::load_plan(app, id)?;
    let item = super::load_item(app, &plan, item_id)?;
    ctx.require_user()?;
    if !super::may_handle_item(&ctx.who, &plan, &item.responsible) {
        return Err(AppError::Forbidden);
    }
    Ok((plan, item))
}

fn page(
    app: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    (item_id, item): (i64, &PlanItem),
    sections: Vec<Section>,
    errors: Vec<String>,
) -> Result<ProgressPage, AppError> {
    let l = ctx.lang;
    let agencies = super::agencies(app, plan.region)?;
    let reports = app
        .store
        .progress(item_id)?
        .into_iter()
        .rev()
        .map(|r| {
            let p = r.progress;
            Report {
                date: l.date(p.date),
                percent: p.percent,
                spent: rupiah(l, p.spent),
                status: item_status_label(l, p.status),
                evidence_link: p.evidence.starts_with("https://") || p.evidence.starts_with("http://"),
                note: p.note,
                evidence: p.evidence,
                by: r.username,
            }
        })
        .collect();
    Ok(ProgressPage {
        c: Layout::new(ctx),
        l,
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        title: format!("{} — {}", l.t("plan.progress"), item.title),
        summary: vec![
            (l.t("plan.f.responsible"), super::agency_name(&agencies, &item.responsible)),
            (l.t("plan.when"), format!("{} – {}", month(l, item.start), month(l, item.end))),
            (l.t("plan.budget"), rupiah(l, item.budget)),
            (l.t("plan.output"), format!("{}: {} {}", item.indicator, l.num(item.target, 0), item.unit)),
            (l.t("plan.f.status"), item_status_label(l, item.status).to_string()),
        ],
        reports,
        open: plan.status == PlanStatus::Approved,
        action: format!("/rencana/{}/kegiatan/{item_id}/progres", plan.id),
        errors,
        sections,
    })
}

/// `GET /rencana/{id}/kegiatan/{item}/progres`.
pub async fn form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (plan, item) = load(app, &ctx, id, item_id)?;
        let l = ctx.lang;
        let status = if item.status == ItemStatus::Planned { ItemStatus::InProgress } else { item.status };
        let defaults = |k: &str| match k {
            "date" => today_utc().to_string(),
            "status" => status.id().to_string(),
            _ => String::new(),
        };
        let page = page(app, &ctx, &plan, (item_id, &item), sections(l, &defaults), Vec::new())?;
        Ok(Html(page.render()?).into_response())
    })
    .await
}

fn read(f: &Submitted, item: &PlanItem) -> (Progress, Vec<FieldProblem>) {
    let mut p = Vec::new();
    let date = f.date("date", &mut p);
    let percent_text = f.get("percent");
    let percent = percent_text.parse::<u8>().ok();
    if percent.is_none() {
        p.push(problem("percent", Reason::WholeNumberRange { min: 0, max: 100 }));
    }
    let spent_text = f.get("spent");
    let spent = if spent_text.is_empty() { Ok(0) } else { parse_rupiah(spent_text) }
        .map_err(|e| p.push(problem("spent", e)))
        .ok();
    let status = ItemStatus::from_id(f.get("status"));
    if status.is_none() {
        p.push(problem("status", Reason::ChooseOne));
    }
    let progress = Progress {
        date: date.unwrap_or_else(today_utc),
        percent: percent.unwrap_or(0),
        spent: spent.unwrap_or(0),
        status: status.unwrap_or(ItemStatus::InProgress),
        note: f.get("note").to_string(),
        evidence: f.get("evidence").to_string(),
    };
    let failed: Vec<String> = p.iter().map(|q| q.field.clone()).collect();
    p.extend(progress.validate(item, today_utc()).into_iter().filter(|q| !failed.contains(&q.field)));
    (progress, p)
}

/// `POST /rencana/{id}/kegiatan/{item}/progres`.
pub async fn save(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item_id)): Path<(i64, i64)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let (plan, item) = load(app, &ctx, id, item_id)?;
        let (progress, mut problems) = read(&f, &item);
        let mut conflict = None;
        if problems.is_empty() {
            match app.store.add_progress(item_id, &progress, ctx.who.username()) {
                Ok(_) => {
                    let detail = format!("{}% {}", progress.percent, progress.status.id());
                    ctx.audit(
                        app,
                        "plan.progress",
                        &format!("plan item {item_id}"),
                        &plan.region.to_string(),
                        &detail,
                    )?;
                    return Ok(Redirect::to(&format!("/rencana/{id}?ok=plan.progress#item-{item_id}")).into_response());
                }
                Err(StoreError::Problems(p)) => {
                    problems = p.into_iter().map(|p| problem(&p.column, p.reason)).collect()
                }
                Err(StoreError::Refused(r)) => conflict = Some(ctx.lang.reason(&r)),
                Err(StoreError::Conflict(m)) => conflict = Some(m),
                Err(e) => return Err(e.into()),
            }
        }
        let l = ctx.lang;
        let typed = |k: &str| f.get(k).to_string();
        let mut sections = sections(l, &typed);
        let mut errors: Vec<String> = conflict.iter().cloned().collect();
        for q in &problems {
            match sections[0].fields.iter_mut().find(|x| x.name == q.field) {
                Some(field) => {
                    let reason = l.reason(&q.reason);
                    errors.push(format!("{}: {reason}", field.label));
                    field.error = Some(reason);
                }
                None => errors.push(format!("{}: {}", q.field, l.reason(&q.reason))),
            }
        }
        let status = if conflict.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
        let page = page(app, &ctx, &plan, (item_id, &item), sections, errors)?;
        Ok((status, Html(page.render()?)).into_response())
    })
    .await
}
