//! `GET /rencana/{id}`: one plan — its header and workflow, its items by programme area with who does what, where,
//! when and with what budget, their latest progress and flags, and the budget by area and by source; and
//! `POST /rencana/{id}/{submit|approve|return|reopen}`, the coordinator's workflow steps.

use super::{agency_name, flag_view, item_status_label, month, rupiah, source_label, status_css, status_label};
use crate::i18n::Lang;
use crate::kampung::forms::Submitted;
use crate::kampung::labels::inpres_label;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::planning::{BudgetSource, Matrix, Plan, PlanStatus, Transition};
use kkb_domain::region::RegionCode;
use kkb_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

/// Target villages listed by name before the rest are counted.
const VILLAGES_SHOWN: usize = 12;

struct ItemView {
    id: i64,
    title: String,
    activity: String,
    responsible: String,
    supporting: String,
    villages: Vec<(String, String)>,
    more_villages: usize,
    months: String,
    budget: String,
    source: &'static str,
    indicator: String,
    target: String,
    status: &'static str,
    latest: String,
    flags: Vec<(&'static str, &'static str)>,
    may_edit: bool,
    may_report: bool,
}

struct AreaView {
    number: u8,
    name: String,
    total: String,
    items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    c: Layout,
    l: Lang,
    id: i64,
    title: String,
    region: String,
    code: String,
    year: i32,
    version: i64,
    status: &'static str,
    status_css: &'static str,
    coordinator: String,
    note: String,
    flash: Option<&'static str>,
    error: Option<String>,
    is_draft: bool,
    /// The workflow steps the reader may take now: id and label.
    steps: Vec<(&'static str, &'static str)>,
    may_add: bool,
    items_count: usize,
    flagged: usize,
    areas: Vec<AreaView>,
    sources: Vec<(&'static str, String)>,
    total: String,
}

fn render(
    app: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    flash: Option<&'static str>,
    error: Option<String>,
) -> Result<PlanPage, AppError> {
    let l = ctx.lang;
    let who = &ctx.who;
    let agencies = super::agencies(app, plan.region)?;
    let items = super::view::read(app, plan.clone())?.items;
    let mut names: HashMap<RegionCode, String> = HashMap::new();
    let matrix = Matrix::inpres();
    let mut areas: Vec<AreaView> = (1..=4u8)
        .map(|n| AreaView { number: n, name: inpres_label(l, n), total: String::new(), items: Vec::new() })
        .collect();
    let mut area_totals = [0i64; 4];
    let mut source_totals: HashMap<BudgetSource, i64> = HashMap::new();
    let mut flagged = 0;
    for state in &items {
        let (stored, it) = (&state.stored, &state.stored.item);
        let progress = state.latest.as_ref().map(|p| &p.progress);
        let item_flags: Vec<_> = state.flags.iter().map(|f| flag_view(l, *f)).collect();
        flagged += usize::from(!item_flags.is_empty());
        let mut villages = Vec::new();
        for v in it.villages.iter().take(VILLAGES_SHOWN) {
            if !names.contains_key(v) {
                names.insert(*v, super::region_name(app, *v)?);
            }
            villages.push((v.to_string(), names[v].clone()));
        }
        let activity = match it.activity.as_deref().and_then(|a| matrix.activity(a)) {
            Some((_, x)) => format!("{} {}", x.id, if l == Lang::En { &x.name_en } else { &x.name }),
            None => l.t("plan.custom").to_string(),
        };
        let slot = usize::from(u8::from(it.area)).clamp(1, 4) - 1;
        area_totals[slot] += it.budget;
        *source_totals.entry(it.budget_source).or_default() += it.budget;
        let handles = super::may_handle_item(who, plan, &it.responsible);
        areas[slot].items.push(ItemView {
            id: stored.id,
            title: it.title.clone(),
            activity,
            responsible: agency_name(&agencies, &it.responsible),
            supporting: it.supporting.iter().map(|s| agency_name(&agencies, s)).collect::<Vec<_>>().join("; "),
            villages,
            more_villages: it.villages.len().saturating_sub(VILLAGES_SHOWN),
            months: if it.start == it.end {
                month(l, it.start)
            } else {
                format!("{} – {}", month(l, it.start), month(l, it.end))
            },
            budget: rupiah(l, it.budget),
            source: source_label(l, it.budget_source),
            indicator: it.indicator.clone(),
            target: format!("{} {}", l.num(it.target, if it.target.fract() == 0.0 { 0 } else { 2 }), it.unit),
            status: item_status_label(l, progress.map(|p| p.status).unwrap_or(it.status)),
            latest: progress
                .map(|p| {
                    format!("{}% · {} · {} {}", p.percent, l.date(p.date), rupiah(l, p.spent), l.t("plan.spent_short"))
                })
                .unwrap_or_default(),
            flags: item_flags,
            may_edit: plan.status == PlanStatus::Draft && handles,
            may_report: plan.status == PlanStatus::Approved && handles,
        });
    }
    for (a, t) in areas.iter_mut().zip(area_totals) {
        a.total = rupiah(l, t);
    }
    let sources = BudgetSource::ALL
        .iter()
        .filter_map(|s| source_totals.get(s).map(|t| (source_label(l, *s), rupiah(l, *t))))
        .collect();
    let steps = if who.coordinates(plan.region) {
        match plan.status {
            PlanStatus::Draft => vec![("submit", l.t("plan.step.submit"))],
            PlanStatus::Submitted => vec![("approve", l.t("plan.step.approve")), ("return", l.t("plan.step.return"))],
            PlanStatus::Approved => vec![("reopen", l.t("plan.step.reopen"))],
        }
    } else {
        Vec::new()
    };
    Ok(PlanPage {
        c: Layout::new(ctx),
        l,
        id: plan.id,
        title: plan.title.clone(),
        region: super::region_name(app, plan.region)?,
        code: plan.region.to_string(),
        year: plan.year,
        version: plan.version,
        status: status_label(l, plan.status),
        status_css: status_css(plan.status),
        coordinator: agency_name(&agencies, &plan.coordinator),
        note: plan.note.clone(),
        flash,
        error,
        is_draft: plan.status == PlanStatus::Draft,
        steps,
        may_add: plan.status == PlanStatus::Draft && super::may_add_items(who, plan),
        items_count: items.len(),
        flagged,
        areas: areas.into_iter().filter(|a| !a.items.is_empty()).collect(),
        sources,
        total: rupiah(l, items.iter().map(|i| i.stored.item.budget).sum()),
    })
}

/// `?ok=` after a saved change.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    ok: Option<String>,
}

/// `GET /rencana/{id}`.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let plan = super::load_plan(app, id)?;
        Ok(Html(render(app, &ctx, &plan, super::flash(q.ok.as_deref()), None)?.render()?).into_response())
    })
    .await
}

/// The plan page again with a refusal on top (a stale version, a step the state does not allow, a missing note).
pub(super) fn refused(
    app: &AppState,
    ctx: &Ctx,
    plan_id: i64,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let plan = super::load_plan(app, plan_id)?;
    Ok((status, Html(render(app, ctx, &plan, None, Some(message))?.render()?)).into_response())
}

/// `POST /rencana/{id}/{step}` with `version` (the plan version the coordinator saw) and, to return or reopen, a
/// `note` saying why.
pub async fn transition(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, step)): Path<(i64, String)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let t = Transition::from_id(&step).ok_or(AppError::NotFound)?;
        let plan = super::load_plan(app, id)?;
        if !ctx.who.coordinates(plan.region) {
            return Err(AppError::Forbidden);
        }
        let l = ctx.lang;
        let version: i64 = f
            .get("version")
            .parse()
            .map_err(|_| AppError::BadRequest(l.reason(&kkb_domain::problem::Reason::FormVersionMissing)))?;
        let note = f.get("note");
        if matches!(t, Transition::Return | Transition::Reopen) && note.is_empty() {
            return refused(app, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, l.t("plan.note_required").into());
        }
        match app.store.transition_plan(id, t, version, note) {
            Ok(p) => {
                let action = format!("plan.{}", t.id());
                ctx.audit(app, &action, &format!("plan {id}"), &p.region.to_string(), note)?;
                Ok(Redirect::to(&format!("/rencana/{id}?ok={action}")).into_response())
            }
            Err(StoreError::Refused(r)) => refused(app, &ctx, id, StatusCode::CONFLICT, l.reason(&r)),
            Err(StoreError::Conflict(m)) => refused(app, &ctx, id, StatusCode::CONFLICT, m),
            Err(e) => Err(e.into()),
        }
    })
    .await
}
