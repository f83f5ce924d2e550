//! The Kampung KB registry in the JSON API (`/api/v1/regions/{code}/kampung`, `/api/v1/kampung/{village}/…`):
//! a region's registry ([`list`]), a Kampung with its profiles, reports, activities and classification ([`read`]),
//! and the writes that change them ([`write`]).
//!
//! Reads are public (the registry holds no personal data; who verified a report is named to users only). Writes
//! take an API token (`Authorization: Bearer`) of a kabupaten/kota, kecamatan or village user whose region holds
//! the village ([`crate::auth::Principal::may_edit_kampung`]); a browser session is refused here because the API
//! has no CSRF protection for writes, and sessions have the Kampung's forms. Every write is audited and
//! recomputes the Kampung's class. Refused values are a 422 listing every field with its reason, the same
//! field paths the domain's validation names (`contraceptive_users.pil`, `month`, …).

mod body;
mod list;
mod read;
mod write;

use crate::{AppError, AppState, view};
use kkb_domain::region::{Level, RegionCode};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The registry's routes of the API (nested under `/api/v1`), each with its OpenAPI operations.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![
        routes!(list::list),
        routes!(read::show, write::put_record),
        routes!(read::profiles, write::post_profile),
        routes!(read::reports),
        routes!(write::put_report),
        routes!(read::activities, write::post_activity),
        routes!(read::classification),
    ]
}

/// The `{village}` path parameter, as the OpenAPI document describes it.
const VILLAGE_PARAM: &str = "desa/kelurahan code of the Kampung KB";

/// The desa/kelurahan of a Kampung URL (anything else is 404).
fn village(s: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(s)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    Ok(code)
}
