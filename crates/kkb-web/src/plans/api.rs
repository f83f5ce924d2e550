//! Cross-sector plans in the JSON API (`/api/v1/plans…`, `/api/v1/inpres`): plans with their items, latest
//! progress and flags (read as their pages read them, [`super::view`]), an item's progress reports, and the Inpres
//! 3/2022 matrix. Public: plans are public documents; who reported progress is named to logged-in users only.

use super::view::{self, PlanDetail, PlanSummary, ProgressView};
use crate::error::ErrorAnswer;
use crate::{AppError, AppState, Ctx};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::planning::Matrix;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The plans' routes of the API (nested under `/api/v1`), each with its OpenAPI operation.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![routes!(list), routes!(show), routes!(progress), routes!(inpres)]
}

/// Query of the plan list.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlansQuery {
    /// only plans concerning this region: those of its province and kabupaten/kota, and those under it
    pub region: Option<String>,
    /// only plans of this year
    pub year: Option<i32>,
}

/// Action plans.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plans {
    /// The plans.
    pub plans: Vec<PlanSummary>,
}

/// Action plans
///
/// Action plans (Inpres 3/2022) of provinces and kabupaten/kota: id, region, year, title, status (draft, submitted,
/// approved), coordinator, version, items, budget (rupiah, cancelled items excluded) and flag counts (late,
/// stalled, not_started, as of today)
#[utoipa::path(
    get,
    path = "/plans",
    tag = "plans",
    params(PlansQuery),
    responses(
        (status = 200, description = "The plans", body = Plans),
        (status = 404, description = "Unknown region", body = ErrorAnswer),
    )
)]
async fn list(State(app): State<AppState>, Query(q): Query<PlansQuery>) -> Result<Json<Plans>, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let plans = match q.region.as_deref() {
            Some(r) => {
                let code = crate::view::region_code(r)?;
                app.store.region(code)?.ok_or(AppError::NotFound)?;
                match q.year {
                    Some(y) => app.store.plans_concerning(code, y)?,
                    None => {
                        let mut all = Vec::new();
                        for y in super::plan_years(app, code)? {
                            all.extend(app.store.plans_concerning(code, y)?);
                        }
                        all
                    }
                }
            }
            None => app.store.plans(None, q.year)?,
        };
        let plans = plans.iter().map(|p| PlanSummary::read(app, p)).collect::<Result<_, _>>()?;
        Ok(Json(Plans { plans }))
    })
    .await
}

/// One plan with its items
///
/// One plan with its items (activity, title, area, functions, variables, responsible, supporting, villages, start,
/// end, budget, budget_source, indicator, target, unit, status), each with its latest_progress (reported_by for
/// logged-in readers only) and flags
#[utoipa::path(
    get,
    path = "/plans/{id}",
    tag = "plans",
    params(("id" = i64, Path, description = "plan id")),
    responses(
        (status = 200, description = "The plan with its items", body = PlanDetail),
        (status = 404, description = "No such plan", body = ErrorAnswer),
    )
)]
async fn show(State(app): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Json<PlanDetail>, AppError> {
    let named = ctx.who.is_user();
    app.db(move |app| -> Result<_, AppError> {
        let plan = app.store.plan(id)?.ok_or(AppError::NotFound)?;
        Ok(Json(PlanDetail::of(app, &view::read(app, plan)?, named)?))
    })
    .await
}

/// The progress reports of a plan item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemProgress {
    /// Plan id.
    pub plan: i64,
    /// Item id.
    pub item: i64,
    /// The reports, oldest first.
    pub progress: Vec<ProgressView>,
}

/// The progress reports of a plan item
///
/// The progress reports of a plan item, oldest first: date, percent, spent, status, note, evidence (reported_by
/// for logged-in readers only)
#[utoipa::path(
    get,
    path = "/plans/{id}/items/{item}/progress",
    tag = "plans",
    params(("id" = i64, Path, description = "plan id"), ("item" = i64, Path, description = "item id")),
    responses(
        (status = 200, description = "The item's progress reports", body = ItemProgress),
        (status = 404, description = "No such plan or item", body = ErrorAnswer),
    )
)]
async fn progress(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item)): Path<(i64, i64)>,
) -> Result<Json<ItemProgress>, AppError> {
    let named = ctx.who.is_user();
    app.db(move |app| -> Result<_, AppError> {
        let stored = app.store.item(item)?.filter(|s| s.plan_id == id).ok_or(AppError::NotFound)?;
        let progress = app.store.progress(stored.id)?.iter().map(|p| ProgressView::of(p, named)).collect();
        Ok(Json(ItemProgress { plan: id, item, progress }))
    })
    .await
}

/// The Inpres 3/2022 matrix
///
/// The Inpres 3/2022 matrix: national agencies with the kinds of regional office that carry their work, programme
/// areas → programmes → activities with their responsible agencies and the iBangga variables they move
#[utoipa::path(get, path = "/inpres", tag = "plans", responses((status = 200, description = "The matrix", body = Matrix)))]
async fn inpres() -> Json<&'static Matrix> {
    Json(Matrix::inpres())
}
