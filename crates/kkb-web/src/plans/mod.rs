//! Cross-sector planning's pages (Inpres 3/2022, *siapa mengerjakan apa*): the matrix as a page, the plans of a
//! region, one plan with its workflow, and the forms for items and their progress.
//!
//! Who may: everyone reads (plans hold no personal data). The coordinator of a region — a user whose agency is the
//! region's Bappeda or family-planning office ([`crate::auth::Access::coordinates`]) — creates its plans, moves
//! them through the workflow and edits any item of a draft; an agency's users ([`crate::auth::Access::acts_for`])
//! add and edit their agency's items of a draft and report progress on them once the plan is approved. The store
//! keeps the workflow's locks and the plan's version (a stale form is refused, never merged); every change is
//! audited.
//!
//! A plan is read once for its page, the plans list, the work map and the JSON API ([`view`], [`api`]).

pub mod api;
mod inpres;
mod item_values;
mod items;
mod list;
mod progress;
mod show;
pub mod view;

use crate::auth::Principal;
use crate::i18n::Lang;
use crate::{AppError, AppState};
use axum::Router;
use axum::routing::{get, post};
use kkb_domain::kampung::YearMonth;
use kkb_domain::methodology::Methodology;
use kkb_domain::planning::{Agency, BudgetSource, Flag, ItemStatus, Plan, PlanStatus};
use kkb_domain::region::RegionCode;
use std::collections::HashMap;

/// The planning pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inpres", get(inpres::page))
        .route("/rencana", get(list::page).post(list::create))
        .route("/rencana/{id}", get(show::page))
        .route("/rencana/{id}/{transition}", post(show::transition))
        .route("/rencana/{id}/kegiatan/baru", get(items::new_form).post(items::create))
        .route("/rencana/{id}/kegiatan/{item}", get(items::edit_form).post(items::update))
        .route("/rencana/{id}/kegiatan/{item}/hapus", post(items::delete))
        .route("/rencana/{id}/kegiatan/{item}/progres", get(progress::form).post(progress::save))
}

/// Whether a plan of `plan_region` concerns `code` (it covers it, or lies within it).
fn concerns(plan_region: RegionCode, code: RegionCode) -> bool {
    code.is_within(plan_region) || plan_region.is_within(code)
}

/// Every year with a plan concerning `code`, newest first.
pub fn plan_years(app: &AppState, code: RegionCode) -> Result<Vec<i32>, AppError> {
    let mut years: Vec<i32> =
        app.store.plans(None, None)?.iter().filter(|p| concerns(p.region, code)).map(|p| p.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

/// Rupiah in the reader's locale: `Rp 1.500.000` / `Rp 1,500,000`.
pub fn rupiah(l: Lang, n: i64) -> String {
    format!("Rp {}", l.count(n))
}

/// A month in words: `Maret 2026` / `March 2026`.
pub fn month(l: Lang, m: YearMonth) -> String {
    l.month(m)
}

/// A plan status's label.
pub fn status_label(l: Lang, s: PlanStatus) -> &'static str {
    l.t(s.label())
}

/// A plan status's badge class (the palette of app.css: grey, yellow, blue).
pub fn status_css(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "cat-none",
        PlanStatus::Submitted => "cat-berkembang",
        PlanStatus::Approved => "cat-tangguh",
    }
}

/// An item status's label.
pub fn item_status_label(l: Lang, s: ItemStatus) -> &'static str {
    l.t(s.label())
}

/// A budget source's label.
pub fn source_label(l: Lang, s: BudgetSource) -> &'static str {
    l.t(s.label())
}

/// A flag's label and badge class.
pub fn flag_view(l: Lang, f: Flag) -> (&'static str, &'static str) {
    match f {
        Flag::Late => (l.t("plan.flag.late"), "cat-rentan"),
        Flag::Stalled => (l.t("plan.flag.stalled"), "cat-rentan"),
        Flag::NotStarted => (l.t("plan.flag.not_started"), "cat-berkembang"),
    }
}

/// The agencies that can work in a plan's region, by id.
fn agencies(app: &AppState, region: RegionCode) -> Result<HashMap<String, Agency>, AppError> {
    Ok(app.store.agencies(Some(region))?.into_iter().map(|a| (a.id.clone(), a)).collect())
}

/// An agency's name, or its id when it is not known.
fn agency_name(agencies: &HashMap<String, Agency>, id: &str) -> String {
    agencies.get(id).map(|a| a.name.clone()).unwrap_or_else(|| id.to_string())
}

/// A plan by its URL id.
fn load_plan(app: &AppState, id: i64) -> Result<Plan, AppError> {
    app.store.plan(id)?.ok_or(AppError::NotFound)
}

/// The item of a URL, which must belong to the plan of the URL.
fn load_item(app: &AppState, plan: &Plan, item: i64) -> Result<kkb_domain::planning::PlanItem, AppError> {
    match app.store.item(item)? {
        Some(s) if s.plan_id == plan.id => Ok(s.item),
        _ => Err(AppError::NotFound),
    }
}

/// A region's name (its code when unknown).
fn region_name(app: &AppState, code: RegionCode) -> Result<String, AppError> {
    Ok(app.store.region(code)?.map(|r| r.name).unwrap_or_else(|| code.to_string()))
}

/// Whether the user may change (or report progress on) an item of `plan` owned by `responsible`.
fn may_handle_item(who: &Principal, plan: &Plan, responsible: &str) -> bool {
    who.coordinates(plan.region) || who.acts_for(responsible, plan.region)
}

/// Whether the user may add items to `plan` (the coordinator; an agency's users for their agency).
fn may_add_items(who: &Principal, plan: &Plan) -> bool {
    who.coordinates(plan.region) || who.agency().is_some_and(|a| who.acts_for(a, plan.region))
}

/// The iBangga variables of the current round's methodology (the default one before any round): id and label.
fn variables(app: &AppState, l: Lang) -> Result<Vec<(String, String)>, AppError> {
    let m = match app.store.round(None) {
        Ok(r) => app.store.methodology(&r.methodology_id)?,
        Err(_) => std::sync::Arc::new(Methodology::default_pk21()),
    };
    Ok(m.definition()
        .variables
        .iter()
        .map(|v| (v.id.clone(), format!("{} {}", v.id, crate::view::variable_label(l, &v.id, &v.name))))
        .collect())
}

/// The `?ok=` of a page after a saved change, as a message key (unknown values show nothing).
fn flash(ok: Option<&str>) -> Option<&'static str> {
    const DONE: [(&str, &str); 9] = [
        ("plan.create", "plan.ok.create"),
        ("plan.submit", "plan.ok.submit"),
        ("plan.approve", "plan.ok.approve"),
        ("plan.return", "plan.ok.return"),
        ("plan.reopen", "plan.ok.reopen"),
        ("plan.item.create", "plan.ok.item_create"),
        ("plan.item.update", "plan.ok.item_update"),
        ("plan.item.delete", "plan.ok.item_delete"),
        ("plan.progress", "plan.ok.progress"),
    ];
    let ok = ok?;
    DONE.iter().find(|(k, _)| *k == ok).map(|(_, v)| *v)
}
