//! `GET /api/v1/regions/{code}/ranking`: the villages under a region, weakest first on one measure (the ranking the
//! page `/wilayah/{code}/peringkat` and the exports share).

use crate::error::ErrorAnswer;
use crate::view::CODE_PARAM;
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of the ranking endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingQuery {
    /// PK round (pk_year); default the latest round
    pub year: Option<u16>,
    /// ibangga (default), a dimension id (ketenteraman, …) or a variable id (v01 … v17)
    pub by: Option<String>,
}

/// The villages under a region on one measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ranking {
    /// The region (dotted code).
    pub region: String,
    /// The PK round.
    pub year: u16,
    /// The measure.
    pub by: String,
    /// Ranked villages weakest first, then the unranked by code.
    pub villages: Vec<RankedVillage>,
}

/// A village on the measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedVillage {
    /// Dotted code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The measure; null when not ranked.
    pub value: Option<f64>,
    /// The families the value is over; null when not ranked.
    pub base_families: Option<i64>,
    /// Whether the value rests on at least 5 families the reader may see.
    pub ranked: bool,
}

/// Villages under the region, weakest first
///
/// Villages under the region, weakest first, on the iBangga, a dimension or a variable; villages with fewer than 5
/// families in the base are listed last with ranked=false
#[utoipa::path(
    get,
    path = "/regions/{code}/ranking",
    tag = "regions",
    params(("code" = String, Path, description = CODE_PARAM), RankingQuery),
    responses(
        (status = 200, description = "The villages, weakest first", body = Ranking),
        (status = 400, description = "Unknown measure", body = ErrorAnswer),
        (status = 404, description = "Unknown region or round", body = ErrorAnswer),
    )
)]
pub(super) async fn ranking(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RankingQuery>,
) -> Result<Json<Ranking>, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        app.store.region(code)?.ok_or(AppError::NotFound)?;
        let by = q.by.unwrap_or_else(|| "ibangga".into());
        let (year, rows) = crate::dashboard::ranked(app, &ctx.who, code, q.year, &by)?;
        let villages = rows
            .into_iter()
            .map(|(f, v, base)| {
                let ranked = base >= view::MIN_FAMILIES;
                RankedVillage {
                    code: f.region.code.to_string(),
                    name: f.region.name,
                    value: if ranked { v } else { None },
                    base_families: ranked.then_some(base),
                    ranked,
                }
            })
            .collect();
        Ok(Json(Ranking { region: code.to_string(), year, by, villages }))
    })
    .await
}
