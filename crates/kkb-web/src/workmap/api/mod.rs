//! The work map and convergence in the JSON API (`/api/v1/regions/{code}/workmap|convergence`): what the plans
//! concerning a province, kabupaten/kota or kecamatan add up to, read as the pages read them
//! ([`super::load`], [`super::analysis`]). Public: plans are public documents and the figures are aggregates (a
//! pooled percent over 1–4 families is null for readers outside the villages' scope).

mod convergence;
mod workmap;

use super::RegionPlans;
use crate::plans::view::PlanSummary;
use crate::view::RegionView;
use crate::{AppError, AppState};
use kkb_domain::region::RegionCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The work map's routes of the API (nested under `/api/v1`), each with its OpenAPI operation.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![routes!(workmap::workmap), routes!(convergence::convergence)]
}

/// The region of a work map or convergence answer.
fn region_view(app: &AppState, code: RegionCode) -> Result<RegionView, AppError> {
    let name = app.store.region(code)?.map(|r| r.name).unwrap_or_default();
    Ok(RegionView::new(code, name))
}

/// The plans concerning the region, summarised.
fn plan_summaries(app: &AppState, rp: &RegionPlans) -> Result<Vec<PlanSummary>, AppError> {
    rp.plans.iter().map(|p| PlanSummary::read(app, p)).collect()
}

/// An agency by id, with its names (the id for both when it is not known).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyRef {
    /// Agency id (`kemenkes`, `dinkes:17.01`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short: String,
}

impl AgencyRef {
    /// An agency of the region's plans by id.
    fn of(rp: &RegionPlans, id: &str) -> AgencyRef {
        match rp.names.agencies.get(id) {
            Some(a) => AgencyRef { id: id.to_string(), name: a.name.clone(), short: a.short.clone() },
            None => AgencyRef { id: id.to_string(), name: id.to_string(), short: id.to_string() },
        }
    }
}
