//! Cross-sector planning in the JSON API (`/api/v1/plans…`, `/api/v1/regions/{code}/workmap|convergence`,
//! `/api/v1/inpres`): plans with their items, latest progress and flags, an item's progress reports, the work
//! map, convergence with gaps and effect, and the Inpres 3/2022 matrix. Public reads: plans are public documents
//! and the figures are aggregates (a pooled percent over 1–4 families is `null` for readers outside the villages'
//! scope); who reported progress is named to logged-in users only.

use crate::workmap::{self, Analysis, RegionPlans, Row, analysis, flag_id, page_region};
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kkb_domain::planning::{ItemStatus, Matrix, Plan, flags};
use kkb_domain::region::RegionCode;
use kkb_store::StoredProgress;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The planning routes (merged into [`crate::api::routes`], under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list))
        .route("/plans/{id}", get(show))
        .route("/plans/{id}/items/{item}/progress", get(progress))
        .route("/regions/{code}/workmap", get(workmap_json))
        .route("/regions/{code}/convergence", get(convergence_json))
        .route("/inpres", get(inpres))
}

/// Query of the plan list.
#[derive(Debug, Deserialize, Default)]
pub struct PlansQuery {
    /// Only plans concerning this region (its province's and kabupaten/kota's, and those under it).
    pub region: Option<String>,
    /// Only plans of this year.
    pub year: Option<i32>,
}

/// Query of the region endpoints.
#[derive(Debug, Deserialize, Default)]
pub struct RegionQuery {
    /// The plan year.
    pub year: Option<i32>,
    /// The PK round of the gaps.
    pub round: Option<u16>,
}

fn region_json(app: &AppState, code: RegionCode) -> Result<Value, AppError> {
    let name = app.store.region(code)?.map(|r| r.name).unwrap_or_default();
    Ok(json!({"code": code.to_string(), "name": name, "level": code.level()}))
}

fn progress_json(p: &StoredProgress, named: bool) -> Value {
    let mut v = serde_json::to_value(&p.progress).unwrap_or_default();
    v["id"] = json!(p.id);
    v["created_at"] = json!(p.created_at);
    v["reported_by"] = if named { json!(p.username) } else { Value::Null };
    v
}

fn flag_counts(fl: &[Vec<kkb_domain::planning::Flag>]) -> Value {
    let count = |id: &str| fl.iter().flatten().filter(|f| flag_id(**f) == id).count();
    json!({"late": count("late"), "stalled": count("stalled"), "not_started": count("not_started")})
}

/// A plan's summary: the plan, its region, item count, budget and flag counts.
fn plan_summary(app: &AppState, plan: &Plan) -> Result<Value, AppError> {
    let items = app.store.items(plan.id)?;
    let latest = app.store.latest_progress(plan.id)?;
    let today = kkb_domain::date::today_utc();
    let fl: Vec<_> = items.iter().map(|i| flags(&i.item, latest.get(&i.id).map(|p| &p.progress), today)).collect();
    let budget: i64 = items.iter().filter(|i| i.item.status != ItemStatus::Cancelled).map(|i| i.item.budget).sum();
    Ok(json!({
        "id": plan.id, "region": region_json(app, plan.region)?, "year": plan.year, "title": plan.title,
        "status": plan.status.id(), "coordinator": plan.coordinator, "note": plan.note, "version": plan.version,
        "items": items.len(), "budget": budget, "flags": flag_counts(&fl),
    }))
}

async fn list(State(app): State<AppState>, Query(q): Query<PlansQuery>) -> Result<Response, AppError> {
    let plans = match q.region.as_deref() {
        Some(r) => {
            let code = view::region_code(r)?;
            app.store.region(code)?.ok_or(AppError::NotFound)?;
            match q.year {
                Some(y) => app.store.plans_concerning(code, y)?,
                None => {
                    let mut all = Vec::new();
                    for y in workmap::plan_years(&app, code)? {
                        all.extend(app.store.plans_concerning(code, y)?);
                    }
                    all
                }
            }
        }
        None => app.store.plans(None, q.year)?,
    };
    let out = plans.iter().map(|p| plan_summary(&app, p)).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(json!({"plans": out})).into_response())
}

async fn show(State(app): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let plan = app.store.plan(id)?.ok_or(AppError::NotFound)?;
    let latest = app.store.latest_progress(id)?;
    let today = kkb_domain::date::today_utc();
    let named = ctx.who.is_user();
    let items: Vec<Value> = app
        .store
        .items(id)?
        .iter()
        .map(|s| {
            let last = latest.get(&s.id);
            let mut v = serde_json::to_value(&s.item).unwrap_or_default();
            v["id"] = json!(s.id);
            v["updated_at"] = json!(s.updated_at);
            v["latest_progress"] = last.map(|p| progress_json(p, named)).unwrap_or(Value::Null);
            v["flags"] =
                json!(flags(&s.item, last.map(|p| &p.progress), today).into_iter().map(flag_id).collect::<Vec<_>>());
            v
        })
        .collect();
    let mut out = plan_summary(&app, &plan)?;
    out["items"] = json!(items);
    Ok(Json(out).into_response())
}

async fn progress(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let stored = app.store.item(item)?.filter(|s| s.plan_id == id).ok_or(AppError::NotFound)?;
    let named = ctx.who.is_user();
    let reports: Vec<Value> = app.store.progress(stored.id)?.iter().map(|p| progress_json(p, named)).collect();
    Ok(Json(json!({"plan": id, "item": item, "progress": reports})).into_response())
}

fn item_json(rp: &RegionPlans, r: &Row) -> Value {
    let item = r.item();
    let plan = rp.plan_of(r);
    json!({
        "id": r.stored.id, "plan": plan.id, "plan_region": plan.region.to_string(), "title": item.title,
        "area": u8::from(item.area), "activity": item.activity, "responsible": item.responsible,
        "supporting": item.supporting, "villages": item.villages.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "region_wide": item.villages.is_empty(), "variables": item.variables, "start": item.start.to_string(),
        "end": item.end.to_string(), "budget": item.budget, "budget_source": item.budget_source.id(),
        "indicator": item.indicator, "target": item.target, "unit": item.unit, "status": r.status().id(),
        "flags": r.flags.iter().map(|f| flag_id(*f)).collect::<Vec<_>>(),
    })
}

fn agency_json(rp: &RegionPlans, id: &str) -> Value {
    match rp.names.agencies.get(id) {
        Some(a) => json!({"id": id, "name": a.name, "short": a.short}),
        None => json!({"id": id, "name": id, "short": id}),
    }
}

fn plans_json(app: &AppState, rp: &RegionPlans) -> Result<Vec<Value>, AppError> {
    rp.plans.iter().map(|p| plan_summary(app, p)).collect()
}

/// An agency's items in one programme area: (responsible for, supporting, budget responsible for).
type AreaItems = (Vec<i64>, Vec<i64>, i64);

async fn workmap_json(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let code = page_region(&code)?;
    let rp = workmap::load(&app, code, q.year)?;
    // Agencies × areas: per agency, the items it is responsible for or supports, per area.
    let mut agencies: BTreeMap<String, [AreaItems; 4]> = BTreeMap::new();
    // Villages (or the region-wide rows of each plan) × agencies: the areas worked in.
    let mut places: BTreeMap<String, BTreeMap<String, BTreeSet<u8>>> = BTreeMap::new();
    for r in &rp.rows {
        let item = r.item();
        let a = usize::from(u8::from(item.area)) - 1;
        let slot = &mut agencies.entry(item.responsible.clone()).or_default()[a];
        slot.0.push(r.stored.id);
        if item.status != ItemStatus::Cancelled {
            slot.2 += item.budget;
        }
        for s in &item.supporting {
            agencies.entry(s.clone()).or_default()[a].1.push(r.stored.id);
        }
        if item.status == ItemStatus::Cancelled {
            continue;
        }
        let keys: Vec<String> = if item.villages.is_empty() {
            vec![format!("plan:{}", rp.plan_of(r).region)]
        } else {
            item.villages.iter().filter(|v| v.is_within(code)).map(ToString::to_string).collect()
        };
        for k in keys {
            let row = places.entry(k).or_default();
            for who in std::iter::once(&item.responsible).chain(&item.supporting) {
                row.entry(who.clone()).or_default().insert(u8::from(item.area));
            }
        }
    }
    let agencies: Vec<Value> = agencies
        .iter()
        .map(|(id, areas)| {
            let mut v = agency_json(&rp, id);
            v["areas"] = json!(
                areas
                    .iter()
                    .enumerate()
                    .map(|(i, (resp, sup, budget))| json!({"area": i + 1, "responsible": resp, "supporting": sup, "budget": budget}))
                    .collect::<Vec<_>>()
            );
            v
        })
        .collect();
    let villages = workmap::Villages::load(&app, code, None)?;
    let names: BTreeMap<String, &str> = villages.list.iter().map(|(c, n)| (c.to_string(), n.as_str())).collect();
    let (mut region_wide, mut targeted) = (Vec::new(), Vec::new());
    for (k, row) in &places {
        let agencies: Map<String, Value> = row.iter().map(|(a, s)| (a.clone(), json!(s))).collect();
        match k.strip_prefix("plan:") {
            Some(region) => region_wide.push(json!({"plan_region": region, "agencies": agencies})),
            None => {
                let district = RegionCode::parse(k).map(|v| villages.district_of(v).to_string()).unwrap_or_default();
                targeted.push(json!({"code": k, "name": names.get(k).copied().unwrap_or(""), "district": district, "agencies": agencies}));
            }
        }
    }
    Ok(Json(json!({
        "region": region_json(&app, code)?, "year": rp.year, "years": rp.years,
        "plans": plans_json(&app, &rp)?,
        "items": rp.rows.iter().map(|r| item_json(&rp, r)).collect::<Vec<_>>(),
        "agencies": agencies,
        "region_wide": region_wide,
        "villages": targeted,
    }))
    .into_response())
}

fn convergence_value(app: &AppState, ctx: &Ctx, a: &Analysis) -> Result<Value, AppError> {
    let who = &ctx.who;
    let (disclosure, ids) =
        crate::suppression::of_villages(app, who, a.rp.code, a.villages.round, &a.villages.figures)?;
    let names: BTreeMap<RegionCode, &str> = a.villages.list.iter().map(|(c, n)| (*c, n.as_str())).collect();
    let villages: Vec<Value> = a
        .convergence
        .iter()
        .map(|c| {
            json!({
                "code": c.village.to_string(), "name": names.get(&c.village).copied().unwrap_or(""),
                "district": a.villages.district_of(c.village),
                "areas": c.areas.iter().enumerate().map(|(i, s)| json!({"area": i + 1, "agencies": s})).collect::<Vec<_>>(),
                "areas_covered": c.areas_covered(), "items": c.items,
            })
        })
        .collect();
    let gaps: Vec<Value> = a
        .gaps
        .iter()
        .map(|g| {
            let show = crate::suppression::variable_shown(&disclosure, &ids, g.village, &g.variable);
            json!({
                "village": g.village.to_string(), "name": names.get(&g.village).copied().unwrap_or(&g.village_name),
                "district": a.villages.district_of(g.village),
                "variable": g.variable, "variable_name": a.variable_names.get(&g.variable),
                "percent": if show { Some(g.percent) } else { None },
                "applicable": if show { Some(g.applicable) } else { None },
                "rank": g.rank,
                "responsible": g.responsible.iter().map(|id| agency_json(&a.rp, id)).collect::<Vec<_>>(),
                "offices": a.offices(g).iter().map(|id| agency_json(&a.rp, id)).collect::<Vec<_>>(),
                "activities": g.activities.iter().map(|id| json!({"id": id, "name": Matrix::inpres().activity(id).map(|x| x.1.name.clone())})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let effects: Vec<Value> = a
        .effects
        .iter()
        .map(|ie| {
            let r = &a.rp.rows[ie.row];
            let plan = a.rp.plan_of(r);
            let t_exact = r.item().villages.iter().all(|v| who.sees_exact(*v));
            let o_exact = who.sees_exact(plan.region);
            let vars: Vec<Value> = ie
                .effects
                .iter()
                .map(|(e, n)| {
                    let pct = |p: Option<f64>, families: i64, exact: bool| {
                        if view::visible(families, exact) { p } else { None }
                    };
                    let hidden = !view::visible(n[0], t_exact) || !view::visible(n[1], t_exact);
                    json!({
                        "variable": e.variable, "targeted_villages": e.targeted_villages, "other_villages": e.other_villages,
                        "targeted": {"before": pct(e.targeted.0, n[0], t_exact), "after": pct(e.targeted.1, n[1], t_exact)},
                        "others": {"before": pct(e.others.0, n[2], o_exact), "after": pct(e.others.1, n[3], o_exact)},
                        "difference": if hidden { None } else { e.difference },
                    })
                })
                .collect();
            json!({"item": r.stored.id, "plan": plan.id, "title": r.item().title, "start": r.item().start.to_string(),
                   "end": r.item().end.to_string(), "variables": vars})
        })
        .collect();
    Ok(json!({
        "region": region_json(app, a.rp.code)?, "year": a.rp.year, "years": a.rp.years, "round": a.villages.round,
        "plans": plans_json(app, &a.rp)?,
        "villages": villages,
        "gaps": gaps,
        "effect": {
            "rounds": a.effect_rounds.map(|(b, f)| json!({"before": b, "after": f})),
            "note": "Change in the targeted villages minus change in the other villages of the plan's region (percentage points). Not proof of cause: targeted villages were chosen for being weak, others receive other programmes, and a round may predate the item's end.",
            "items": effects,
        },
    }))
}

async fn convergence_json(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let code = page_region(&code)?;
    let a = analysis(&app, code, q.year, q.round)?;
    Ok(Json(convergence_value(&app, &ctx, &a)?).into_response())
}

async fn inpres() -> Result<Response, AppError> {
    let m = serde_json::to_value(Matrix::inpres()).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Json(m).into_response())
}
