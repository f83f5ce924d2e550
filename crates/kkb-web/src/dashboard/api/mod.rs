//! Regions in the JSON API: the rounds, a region with its parents and sub-regions, its iBangga figures
//! ([`figures`]), its villages ranked on one measure ([`ranking`]) and where to form the next Kampung KB
//! ([`candidates`]). Public: aggregates only, each figure as the reader may see it ([`crate::suppression`]).

mod candidates;
mod figures;
mod ranking;

pub use figures::{FiguresCache, ShownFigures};

use crate::error::ErrorAnswer;
use crate::view::{self, CODE_PARAM, RegionView};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The regions' routes of the API (nested under `/api/v1`), each with its OpenAPI operation.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![
        routes!(rounds),
        routes!(region),
        routes!(figures::index),
        routes!(ranking::ranking),
        routes!(candidates::kampung_candidates),
    ]
}

/// The PK rounds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rounds {
    /// Every round, by year.
    pub rounds: Vec<RoundView>,
}

/// A PK round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    /// The `pk_year`.
    pub year: u16,
    /// The methodology that scores it.
    pub methodology: String,
    /// Families stored.
    pub families: i64,
    /// Whether it is published (the default year of every other endpoint is the latest published round).
    pub published: bool,
}

/// PK rounds
///
/// PK rounds: year, methodology, number of families and whether it is published (the default year of every
/// other endpoint is the latest published round)
#[utoipa::path(get, path = "/rounds", tag = "regions", responses((status = 200, description = "The rounds", body = Rounds)))]
async fn rounds(State(app): State<AppState>) -> Result<Json<Rounds>, AppError> {
    let rounds = app.db(|app| app.store.rounds()).await?;
    let rounds = rounds
        .into_iter()
        .map(|r| RoundView {
            year: r.year,
            methodology: r.methodology_id,
            families: r.families,
            published: r.published.is_some(),
        })
        .collect();
    Ok(Json(Rounds { rounds }))
}

/// A region with its parents (province first) and its direct sub-regions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionDetail {
    /// Dotted code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Its level.
    pub level: kkb_domain::region::Level,
    /// Its parents, province first.
    pub parents: Vec<RegionView>,
    /// Its direct sub-regions.
    pub children: Vec<RegionView>,
}

/// A region
///
/// A region, its parents and its direct sub-regions
#[utoipa::path(
    get,
    path = "/regions/{code}",
    tag = "regions",
    params(("code" = String, Path, description = CODE_PARAM)),
    responses(
        (status = 200, description = "The region", body = RegionDetail),
        (status = 404, description = "Unknown region", body = ErrorAnswer),
    )
)]
async fn region(State(app): State<AppState>, Path(code): Path<String>) -> Result<Json<RegionDetail>, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        let r = app.store.region(code)?.ok_or(AppError::NotFound)?;
        let mut parents = Vec::new();
        let mut p = code.parent();
        while let Some(c) = p {
            if let Some(x) = app.store.region(c)? {
                parents.insert(0, RegionView::new(x.code, x.name));
            }
            p = c.parent();
        }
        let children = app.store.children(code)?.into_iter().map(|c| RegionView::new(c.code, c.name)).collect();
        Ok(Json(RegionDetail { code: code.to_string(), name: r.name, level: code.level(), parents, children }))
    })
    .await
}
