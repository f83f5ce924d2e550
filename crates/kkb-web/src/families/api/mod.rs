//! Families in the JSON API (`/api/v1/regions/{code}/families`, `/api/v1/families/{year}/{village}/{id}`): the
//! families of a village without personal data, and one family with its answers, members and scores. Users only
//! (an API token or a session) whose region holds the village; every read is audited, an unmasked one apart.

mod family;

use crate::error::ErrorAnswer;
use crate::view::CODE_PARAM;
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::methodology::Category;
use kkb_domain::region::Level;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The families' routes of the API (nested under `/api/v1`), each with its OpenAPI operation.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![routes!(families), routes!(family::family)]
}

/// Query of the families endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FamiliesQuery {
    /// PK round (pk_year); default the latest round
    pub year: Option<u16>,
    /// rentan, berkembang or tangguh
    pub category: Option<String>,
}

/// The families of a village.
#[derive(Debug, Serialize, ToSchema)]
pub struct VillageFamilies {
    /// The village (dotted code).
    pub village: String,
    /// The PK round.
    pub year: u16,
    /// Its families, by id.
    pub families: Vec<FamilyListed>,
}

/// A family in a list: no personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyListed {
    /// The family's id in its data set.
    pub family_id: String,
    /// Number of members.
    pub members: i64,
    /// Grows by one with every change.
    pub version: i64,
    /// The family's iBangga; null when unscored.
    pub ibangga: Option<f64>,
    /// Its category; null when unscored.
    pub category: Option<Category>,
}

/// Families of a village
///
/// Families of a village (no personal data): id, members, version, score and category
#[utoipa::path(
    get,
    path = "/regions/{code}/families",
    tag = "families",
    params(("code" = String, Path, description = CODE_PARAM), FamiliesQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The families", body = VillageFamilies),
        (status = 400, description = "Not a desa/kelurahan code, or an unknown category", body = ErrorAnswer),
        (status = 401, description = "No or invalid token/session", body = ErrorAnswer),
        (status = 403, description = "Outside the user's region or role", body = ErrorAnswer),
        (status = 404, description = "Unknown region or round", body = ErrorAnswer),
    )
)]
async fn families(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<FamiliesQuery>,
) -> Result<Json<VillageFamilies>, AppError> {
    if !ctx.who.is_user() {
        return Err(AppError::TokenRequired);
    }
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        if !ctx.who.may_view_families(code) {
            return Err(ctx.who.refusal(code));
        }
        if code.level() != Level::Village {
            return Err(AppError::BadRequest("families are listed per village: give a desa/kelurahan code".into()));
        }
        let round = app.store.round(q.year)?;
        let m = app.store.methodology(&round.methodology_id)?;
        let category = match q.category.as_deref() {
            None => None,
            Some(c) => Some(Category::ALL.into_iter().find(|k| k.as_str() == c).ok_or_else(|| {
                AppError::BadRequest(format!("unknown category {c:?}: use rentan, berkembang or tangguh"))
            })?),
        };
        let list = app.store.village_families(round.year, code, category)?;
        ctx.audit(app, "family.list", &format!("{}/{code}", round.year), &code.to_string(), "api")?;
        let families = list
            .into_iter()
            .map(|f| FamilyListed {
                ibangga: m.ibangga(f.score),
                family_id: f.family_id,
                members: f.members,
                version: f.version,
                category: f.category,
            })
            .collect();
        Ok(Json(VillageFamilies { village: code.to_string(), year: round.year, families }))
    })
    .await
}
