//! Region dashboards: the iBangga of a region beside the published references, its dimensions, categories,
//! weakest variables, change since the last round, and its sub-regions in a sortable table, a bar chart and a
//! choropleth map; the weakest villages per variable; and every table as CSV/XLSX.
//!
//! One file per page: `region` (the region dashboard, its parts under it), `ranking` (the weakest villages)
//! and `exports` (the tables as CSV/XLSX); here the home page. The page pieces they share with other resources'
//! pages (breadcrumbs, sortable headers, the frame of a cached body) are [`crate::layout`]'s. The same reads in
//! the JSON API (rounds, a region, its figures, ranking and Kampung KB candidates) are [`api`]'s.

pub mod api;
mod exports;
mod ranking;
mod region;

pub use exports::{ExportQuery, export};
pub(crate) use ranking::ranked;
pub use ranking::{RankRow, RankingQuery, ranking};
pub use region::{ChildRow, CoverageView, RegionQuery, Stat, VarRow, region};

use crate::{AppError, AppState, Ctx};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use kkb_domain::region::RegionCode;

/// `/`: the user's region, or the province with the most families.
pub async fn home(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        if let Some(code) = ctx.who.home() {
            return Ok(Redirect::to(&format!("/wilayah/{code}")).into_response());
        }
        let set = app.store.region_set()?;
        let mut best: Option<(i64, RegionCode)> = None;
        if let Ok(round) = app.store.round(None) {
            for p in 11..=99u8 {
                if !set.is_province(p) {
                    continue;
                }
                let code = RegionCode::parse(&format!("{p:02}")).map_err(|e| AppError::Internal(e.to_string()))?;
                let f = app.store.region_figures(code, Some(round.year), false)?;
                if f.families > best.map_or(0, |b| b.0) {
                    best = Some((f.families, code));
                }
            }
        }
        let code = best.map(|b| b.1.to_string()).unwrap_or_else(|| "17".into());
        Ok(Redirect::to(&format!("/wilayah/{code}")).into_response())
    })
    .await
}
