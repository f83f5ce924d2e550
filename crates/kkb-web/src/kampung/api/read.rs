//! The reads of one Kampung KB in the JSON API: the Kampung ([`super::super::view::read`], as its page), its
//! profiles, reports, activities and classification. Public; who verified a report is named to users only.

use super::{VILLAGE_PARAM, village};
use crate::error::ErrorAnswer;
use crate::kampung::view::{self, ActivityView, KampungView, ProfileView, ReportView};
use crate::{AppError, AppState, Ctx};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::classification::{Classification, Inputs};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::{EARLIEST_YEAR, YearMonth};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A Kampung KB
///
/// A Kampung KB: its record, current class, active profile, population with its source (PK round or manual
/// entry), latest monthly report with its verification, the live classification (the output of `kampungkb
/// classify`) and the class history. PUT (API token) replaces the record.
#[utoipa::path(
    get,
    path = "/kampung/{village}",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    responses(
        (status = 200, description = "The Kampung KB", body = KampungView),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
    )
)]
pub(super) async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
) -> Result<Json<KampungView>, AppError> {
    let v = village(&v)?;
    let named = ctx.who.is_user();
    Ok(Json(app.db(move |app| view::read(app, v, named)).await?))
}

/// Query of the profiles endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProfilesQuery {
    /// YYYY-MM-DD
    pub at: Option<String>,
}

/// The profiles of a Kampung KB: the history, or with `at` the profile in force on that day.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Profiles {
    /// Every version, newest valid_from first.
    History {
        /// The desa/kelurahan.
        village: String,
        /// The versions.
        profiles: Vec<ProfileView>,
    },
    /// The profile in force on a day.
    At {
        /// The desa/kelurahan.
        village: String,
        /// The day (YYYY-MM-DD).
        at: String,
        /// The profile then; null if none.
        profile: Option<Box<ProfileView>>,
    },
}

/// The profile versions of a Kampung KB
///
/// The profile versions of a Kampung KB, newest valid_from first; with at, the profile in force on that day (null
/// if none). POST (API token) saves a new version.
#[utoipa::path(
    get,
    path = "/kampung/{village}/profiles",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM), ProfilesQuery),
    responses(
        (status = 200, description = "The profile history, or the profile in force on the day asked for", body = Profiles),
        (status = 400, description = "at is not a date", body = ErrorAnswer),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
    )
)]
pub(super) async fn profiles(
    State(app): State<AppState>,
    Path(v): Path<String>,
    Query(q): Query<ProfilesQuery>,
) -> Result<Json<Profiles>, AppError> {
    let v = village(&v)?;
    app.db(move |app| -> Result<_, AppError> {
        app.store.kampung(v)?.ok_or(AppError::NotFound)?;
        let out = match q.at.as_deref() {
            Some(at) => {
                let date = Date::parse_iso(at.trim())
                    .ok_or_else(|| AppError::BadRequest(format!("at={at:?} is not a date (YYYY-MM-DD)")))?;
                let profile = app.store.profile_at(v, date)?.map(|p| Box::new(ProfileView::from(p)));
                Profiles::At { village: v.to_string(), at: date.to_string(), profile }
            }
            None => {
                let profiles = app.store.profile_history(v)?.into_iter().map(ProfileView::from).collect();
                Profiles::History { village: v.to_string(), profiles }
            }
        };
        Ok(Json(out))
    })
    .await
}

/// Query of the reports endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportsQuery {
    /// first month, YYYY-MM (default 2014-01)
    pub from: Option<String>,
    /// last month, YYYY-MM (default this month)
    pub to: Option<String>,
}

/// The monthly reports of a Kampung KB over a span of months.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reports {
    /// The desa/kelurahan.
    pub village: String,
    /// The first month (YYYY-MM).
    pub from: String,
    /// The last month (YYYY-MM).
    pub to: String,
    /// The reports, oldest first.
    pub reports: Vec<ReportView>,
}

fn month_param(name: &str, s: Option<&str>, default: YearMonth) -> Result<YearMonth, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => {
            YearMonth::parse(s).ok_or_else(|| AppError::BadRequest(format!("{name}={s:?} is not a month (YYYY-MM)")))
        }
    }
}

/// The monthly KB reports of a Kampung KB
///
/// The monthly KB reports of a Kampung KB, oldest first, each with its verification (verified_at; verified_by for
/// logged-in users). PUT /kampung/{village}/reports/{month} (API token) saves one.
#[utoipa::path(
    get,
    path = "/kampung/{village}/reports",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM), ReportsQuery),
    responses(
        (status = 200, description = "The reports", body = Reports),
        (status = 400, description = "from or to is not a month, or from is after to", body = ErrorAnswer),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
    )
)]
pub(super) async fn reports(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    Query(q): Query<ReportsQuery>,
) -> Result<Json<Reports>, AppError> {
    let v = village(&v)?;
    let named = ctx.who.is_user();
    app.db(move |app| -> Result<_, AppError> {
        app.store.kampung(v)?.ok_or(AppError::NotFound)?;
        let first = YearMonth::new(EARLIEST_YEAR, 1).ok_or_else(|| AppError::Internal("month".into()))?;
        let from = month_param("from", q.from.as_deref(), first)?;
        let to = month_param("to", q.to.as_deref(), YearMonth::of(today_utc()))?;
        if from > to {
            return Err(AppError::BadRequest(format!("from={from} is after to={to}")));
        }
        let reports = view::with_verification(app, app.store.reports(v, from, to)?, named)?;
        Ok(Json(Reports { village: v.to_string(), from: from.to_string(), to: to.to_string(), reports }))
    })
    .await
}

/// The activities of a Kampung KB.
#[derive(Debug, Serialize, ToSchema)]
pub struct Activities {
    /// The desa/kelurahan.
    pub village: String,
    /// Distinct agencies other than BKKBN and the district family-planning office (OPD-KB).
    pub cross_sector_agencies: u32,
    /// The activities, by date.
    pub activities: Vec<ActivityView>,
}

/// The activities of a Kampung KB
///
/// The activities of a Kampung KB by date, and the number of distinct cross-sector agencies. POST (API token)
/// records one.
#[utoipa::path(
    get,
    path = "/kampung/{village}/activities",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    responses(
        (status = 200, description = "The activities", body = Activities),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
    )
)]
pub(super) async fn activities(
    State(app): State<AppState>,
    Path(v): Path<String>,
) -> Result<Json<Activities>, AppError> {
    let v = village(&v)?;
    app.db(move |app| -> Result<_, AppError> {
        app.store.kampung(v)?.ok_or(AppError::NotFound)?;
        let list = app.store.activities(v)?;
        let agencies = kkb_domain::kampung::cross_sector_agencies(list.iter().map(|a| &a.activity));
        let activities = list.iter().map(ActivityView::from).collect();
        Ok(Json(Activities { village: v.to_string(), cross_sector_agencies: agencies, activities }))
    })
    .await
}

/// The classification of a Kampung KB: what it was computed from, and the result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = KampungClassification)]
pub struct ClassificationView {
    /// The desa/kelurahan.
    pub village: String,
    /// The input of `kampungkb classify`, from the active profile, latest report, population and activities.
    #[schema(value_type = Inputs)]
    pub inputs: serde_json::Value,
    /// Its output.
    pub result: Classification,
}

/// The classification of a Kampung KB
///
/// The classification of a Kampung KB: inputs (the input of `kampungkb classify`, from its active profile, latest
/// report, population and activities) and result (its output)
#[utoipa::path(
    get,
    path = "/kampung/{village}/classification",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    responses(
        (status = 200, description = "Inputs and result", body = ClassificationView),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
    )
)]
pub(super) async fn classification(
    State(app): State<AppState>,
    Path(v): Path<String>,
) -> Result<Json<ClassificationView>, AppError> {
    let v = village(&v)?;
    let status = app.db(move |app| app.store.kampung_status(v)).await?.ok_or(AppError::NotFound)?;
    Ok(Json(ClassificationView { village: v.to_string(), inputs: status.inputs, result: status.classification }))
}
