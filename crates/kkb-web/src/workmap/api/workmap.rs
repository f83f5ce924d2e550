//! `GET /api/v1/regions/{code}/workmap`: who works where on what in a region for a plan year, from the same load
//! as the page `/wilayah/{code}/peta-kerja` ([`crate::workmap::load`]).

use super::{AgencyRef, plan_summaries, region_view};
use crate::error::ErrorAnswer;
use crate::plans::view::PlanSummary;
use crate::view::{CODE_PARAM, RegionView};
use crate::workmap::{RegionPlans, Row, page_region};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::planning::{BudgetSource, Flag, ItemStatus};
use kkb_domain::region::RegionCode;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::{IntoParams, ToSchema};

/// Query of the work map.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkmapQuery {
    /// plan year; default the latest year with a plan concerning the region
    pub year: Option<i32>,
}

/// The work map of a region for a plan year.
#[derive(Debug, Serialize, ToSchema)]
pub struct Workmap {
    /// The region.
    pub region: RegionView,
    /// The plan year shown.
    pub year: i32,
    /// Every year with a plan concerning the region, newest first.
    pub years: Vec<i32>,
    /// The plans of the year concerning the region.
    pub plans: Vec<PlanSummary>,
    /// Their items that count in the region (targeting a village of it, or region-wide).
    pub items: Vec<WorkItem>,
    /// Agencies × programme areas: the items each is responsible for and supports, and its budget.
    pub agencies: Vec<AgencyWork>,
    /// Region-wide items per plan region: agency → programme areas worked in.
    pub region_wide: Vec<RegionWide>,
    /// Targeted villages: agency → programme areas worked in.
    pub villages: Vec<TargetedVillage>,
}

/// An item that counts in the region.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkItem {
    /// Item id.
    pub id: i64,
    /// Its plan.
    pub plan: i64,
    /// The plan's region (dotted code).
    pub plan_region: String,
    /// What is done.
    pub title: String,
    /// The Inpres programme area, 1–4.
    pub area: u8,
    /// The matrix activity (`2.2.1`), or null for a custom one.
    pub activity: Option<String>,
    /// The responsible agency.
    pub responsible: String,
    /// Supporting agencies.
    pub supporting: BTreeSet<String>,
    /// Target villages (dotted codes); none: region-wide.
    pub villages: Vec<String>,
    /// It works region-wide (no target villages).
    pub region_wide: bool,
    /// iBangga variables targeted.
    pub variables: BTreeSet<String>,
    /// First month (YYYY-MM).
    pub start: String,
    /// Last month (YYYY-MM).
    pub end: String,
    /// Budget in rupiah.
    pub budget: i64,
    /// Where it comes from.
    pub budget_source: BudgetSource,
    /// Output indicator.
    pub indicator: String,
    /// Its target value.
    pub target: f64,
    /// Its unit.
    pub unit: String,
    /// The status as last reported.
    pub status: ItemStatus,
    /// Why it needs attention today.
    pub flags: Vec<Flag>,
}

impl WorkItem {
    fn of(rp: &RegionPlans, r: &Row) -> WorkItem {
        let item = r.item();
        let plan = rp.plan_of(r);
        WorkItem {
            id: r.stored.id,
            plan: plan.id,
            plan_region: plan.region.to_string(),
            title: item.title.clone(),
            area: u8::from(item.area),
            activity: item.activity.clone(),
            responsible: item.responsible.clone(),
            supporting: item.supporting.clone(),
            villages: item.villages.iter().map(ToString::to_string).collect(),
            region_wide: item.villages.is_empty(),
            variables: item.variables.clone(),
            start: item.start.to_string(),
            end: item.end.to_string(),
            budget: item.budget,
            budget_source: item.budget_source,
            indicator: item.indicator.clone(),
            target: item.target,
            unit: item.unit.clone(),
            status: r.status(),
            flags: r.flags.clone(),
        }
    }
}

/// An agency's work in the four programme areas.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyWork {
    /// The agency.
    #[serde(flatten)]
    pub agency: AgencyRef,
    /// Areas 1–4.
    pub areas: Vec<AreaWork>,
}

/// An agency's items in one programme area.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct AreaWork {
    /// The area, 1–4.
    pub area: usize,
    /// Items it is responsible for.
    pub responsible: Vec<i64>,
    /// Items it supports.
    pub supporting: Vec<i64>,
    /// Budget of the items it is responsible for (cancelled ones excluded), rupiah.
    pub budget: i64,
}

/// Region-wide items of one plan region.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionWide {
    /// The plan's region (dotted code).
    pub plan_region: String,
    /// Agency id → the programme areas it works in.
    pub agencies: BTreeMap<String, BTreeSet<u8>>,
}

/// A village targeted by items.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetedVillage {
    /// Dotted code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Its kecamatan's name.
    pub district: String,
    /// Agency id → the programme areas it works in.
    pub agencies: BTreeMap<String, BTreeSet<u8>>,
}

/// The work map of a region for a plan year
///
/// The work map of a province, kabupaten/kota or kecamatan for a plan year: the plans concerning it, their items
/// that count there (targeting a village of the region, or region-wide), agencies × programme areas (items
/// responsible and supporting, budget), region-wide rows per plan region and targeted villages × agencies (areas
/// worked in)
#[utoipa::path(
    get,
    path = "/regions/{code}/workmap",
    tag = "workmap",
    params(("code" = String, Path, description = CODE_PARAM), WorkmapQuery),
    responses(
        (status = 200, description = "The work map", body = Workmap),
        (status = 400, description = "Not a plan year", body = ErrorAnswer),
        (status = 404, description = "Unknown region, or a village code", body = ErrorAnswer),
    )
)]
pub(super) async fn workmap(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<WorkmapQuery>,
) -> Result<Json<Workmap>, AppError> {
    let code = page_region(&code)?;
    app.db(move |app| -> Result<_, AppError> {
        let rp = crate::workmap::load(app, code, q.year)?;
        // Agencies × areas: per agency, the items it is responsible for or supports, per area.
        let mut agencies: BTreeMap<String, [AreaWork; 4]> = BTreeMap::new();
        // Villages (or the region-wide rows of each plan) × agencies: the areas worked in.
        let mut places: BTreeMap<String, BTreeMap<String, BTreeSet<u8>>> = BTreeMap::new();
        for r in &rp.rows {
            let item = r.item();
            let a = usize::from(u8::from(item.area)) - 1;
            let slot = &mut agencies.entry(item.responsible.clone()).or_default()[a];
            slot.responsible.push(r.stored.id);
            if item.status != ItemStatus::Cancelled {
                slot.budget += item.budget;
            }
            for s in &item.supporting {
                agencies.entry(s.clone()).or_default()[a].supporting.push(r.stored.id);
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
        let agencies = agencies
            .into_iter()
            .map(|(id, areas)| AgencyWork {
                agency: AgencyRef::of(&rp, &id),
                areas: areas.into_iter().enumerate().map(|(i, w)| AreaWork { area: i + 1, ..w }).collect(),
            })
            .collect();
        let villages = crate::workmap::Villages::load(app, code, None)?;
        let names: BTreeMap<String, &str> = villages.list.iter().map(|(c, n)| (c.to_string(), n.as_str())).collect();
        let (mut region_wide, mut targeted) = (Vec::new(), Vec::new());
        for (k, agencies) in places {
            match k.strip_prefix("plan:") {
                Some(region) => region_wide.push(RegionWide { plan_region: region.to_string(), agencies }),
                None => {
                    let district =
                        RegionCode::parse(&k).map(|v| villages.district_of(v).to_string()).unwrap_or_default();
                    let name = names.get(&k).copied().unwrap_or("").to_string();
                    targeted.push(TargetedVillage { code: k, name, district, agencies });
                }
            }
        }
        Ok(Json(Workmap {
            region: region_view(app, code)?,
            year: rp.year,
            years: rp.years.clone(),
            plans: plan_summaries(app, &rp)?,
            items: rp.rows.iter().map(|r| WorkItem::of(&rp, r)).collect(),
            agencies,
            region_wide,
            villages: targeted,
        }))
    })
    .await
}
