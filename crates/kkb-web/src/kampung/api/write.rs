//! The writes of the Kampung KB registry in the JSON API: a record, a profile version, a monthly report and an
//! activity. An API token only ([`writable`]); refused values are [`AppError::Invalid`], a 422 listing every
//! field with its reason; every write is audited and recomputes the Kampung's class.

use super::body::{invalid, object, same_as_url, typed};
use super::{VILLAGE_PARAM, village};
use crate::error::{ErrorAnswer, InvalidAnswer};
use crate::kampung::view::{self, ProfileView, ReportView};
use crate::{AppError, AppState, Ctx};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kkb_domain::classification::Class;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{Activity, FieldProblem, KampungRecord, MonthlyReportForm, Profile, YearMonth};
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_store::StoreError;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A store error of a write: values the store refuses are a 422 naming their fields, like the domain's.
fn refused(e: StoreError) -> AppError {
    match e {
        StoreError::Problems(p) => {
            AppError::Invalid(p.into_iter().map(|p| FieldProblem::new(p.column, p.reason)).collect())
        }
        other => other.into(),
    }
}

/// The village of a write, once the writer may change its Kampung KB: an API token's user (not the public, not a
/// browser session) whose region holds it.
fn writable(ctx: &Ctx, v: &str) -> Result<RegionCode, AppError> {
    if !ctx.who.is_user() {
        return Err(AppError::WriteNeedsToken { session: false });
    }
    if ctx.who.csrf.is_some() {
        return Err(AppError::WriteNeedsToken { session: true });
    }
    let v = village(v)?;
    if !ctx.who.may_edit_kampung(v) {
        return Err(ctx.who.refusal(v));
    }
    Ok(v)
}

/// Fails unless the village has a Kampung KB (404).
fn require_kampung(app: &AppState, v: RegionCode) -> Result<(), AppError> {
    app.store.kampung(v)?.ok_or(AppError::NotFound).map(drop)
}

/// After a saved change: the class recomputed and the change audited; returns the class.
fn after_write(
    app: &AppState,
    ctx: &Ctx,
    v: RegionCode,
    action: &str,
    detail: &str,
) -> Result<Option<Class>, AppError> {
    let class = app.store.refresh_class(v)?;
    let s = v.to_string();
    ctx.audit(app, action, &format!("kampung {s}"), &s, &format!("api {detail}"))?;
    Ok(class)
}

fn created(yes: bool) -> StatusCode {
    if yes { StatusCode::CREATED } else { StatusCode::OK }
}

/// A saved record and the Kampung's class after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordSaved {
    /// The record as stored.
    pub record: KampungRecord,
    /// The class after the change.
    pub class: Option<Class>,
}

/// Create or replace the Kampung KB record of a village
///
/// Create or replace the Kampung KB record of a village (name, launch_date, decree, rws, description, location,
/// criteria, active, model). The village is the URL's; the model-Kampung flags can be changed by kecamatan and
/// kabupaten/kota officers only. 201 when created, 200 when replaced.
#[utoipa::path(
    put,
    path = "/kampung/{village}",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    request_body(content = KampungRecord, content_type = "application/json",
        description = "The record; village may be left out (it is the URL's), created_at and updated_at are set by the server"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Replaced; the record as stored and the Kampung's class after the change", body = RecordSaved),
        (status = 201, description = "Created", body = RecordSaved),
        (status = 401, description = "No API token (writes need Authorization: Bearer; a browser session is not accepted)", body = ErrorAnswer),
        (status = 403, description = "The token's role or region may not edit this Kampung KB", body = ErrorAnswer),
        (status = 404, description = "No such village", body = ErrorAnswer),
        (status = 409, description = "A conflicting change", body = ErrorAnswer),
        (status = 422, description = "Refused values: error.problems lists every field with its reason", body = InvalidAnswer),
    )
)]
pub(super) async fn put_record(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<RecordSaved>), AppError> {
    let v = writable(&ctx, &v)?;
    let mut m = object(&body)?;
    // A code written compactly still names the URL's village.
    if let Some(Value::String(s)) = m.get("village")
        && RegionCode::parse(s).is_ok_and(|c| c == v)
    {
        m.insert("village".into(), Value::from(v.to_string()));
    }
    same_as_url(&mut m, "village", &v.to_string())?;
    let record: KampungRecord = typed(m)?;
    app.db(move |app| -> Result<_, AppError> {
        let previous = app.store.kampung(v)?;
        let allowed = previous.as_ref().map(|r| r.model).unwrap_or_default();
        if record.model != allowed && !ctx.who.may_verify_kampung(v) {
            return Err(invalid("model", Reason::ModelFlagsRole));
        }
        let stored = app.store.upsert_kampung(&record).map_err(refused)?;
        let action = if previous.is_some() { "kampung.update" } else { "kampung.create" };
        let class = after_write(app, &ctx, v, action, "record")?;
        Ok((created(previous.is_none()), Json(RecordSaved { record: stored, class })))
    })
    .await
}

/// A saved profile version and the Kampung's class after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileSaved {
    /// The profile as stored.
    pub profile: ProfileView,
    /// The class after the change.
    pub class: Option<Class>,
}

/// Save a new profile version
///
/// Save a new profile version (valid_from, pokja, pokja_sections, pkb_assigned, regulation, rkm, data_sources,
/// funding_sources, programs, facilities, operations). Profiles are history: a second profile with the same
/// valid_from is 409; the latest valid_from becomes the active profile.
#[utoipa::path(
    post,
    path = "/kampung/{village}/profiles",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    request_body(content = Profile, content_type = "application/json", description = "The profile version"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Saved; the profile as stored and the Kampung's class after the change", body = ProfileSaved),
        (status = 401, description = "No API token (writes need Authorization: Bearer; a browser session is not accepted)", body = ErrorAnswer),
        (status = 403, description = "The token's role or region may not edit this Kampung KB", body = ErrorAnswer),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
        (status = 409, description = "A profile with the same valid_from exists", body = ErrorAnswer),
        (status = 422, description = "Refused values: error.problems lists every field with its reason", body = InvalidAnswer),
    )
)]
pub(super) async fn post_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<ProfileSaved>), AppError> {
    let v = writable(&ctx, &v)?;
    let m = object(&body);
    app.db(move |app| -> Result<_, AppError> {
        require_kampung(app, v)?;
        let profile: Profile = typed(m?)?;
        let stored = app.store.save_profile(v, &profile).map_err(refused)?;
        let class = after_write(app, &ctx, v, "kampung.profile", &profile.valid_from.to_string())?;
        Ok((StatusCode::CREATED, Json(ProfileSaved { profile: stored.into(), class })))
    })
    .await
}

/// A saved report, whether it replaced one, and the Kampung's class after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSaved {
    /// The report as saved, with its verification (none: a replaced report loses it).
    pub report: ReportView,
    /// It replaced the month's report.
    pub replaced: bool,
    /// The class after the change.
    pub class: Option<Class>,
}

/// Save the monthly KB report of a month
///
/// Save or replace the monthly KB report of a month (YYYY-MM, not in the future): pus, contraceptive_users,
/// pus_not_using, participants; counts may not be negative, users plus PUS not using may not exceed the PUS. A
/// replaced report loses its verification. 201 when new, 200 when replaced.
#[utoipa::path(
    put,
    path = "/kampung/{village}/reports/{month}",
    tag = "kampung",
    params(
        ("village" = String, Path, description = VILLAGE_PARAM),
        ("month" = String, Path, description = "YYYY-MM"),
    ),
    request_body(content = MonthlyReportForm, content_type = "application/json",
        description = "The report; month may be left out (it is the URL's)"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Replaced; the report as saved and the Kampung's class after the change", body = ReportSaved),
        (status = 201, description = "Created", body = ReportSaved),
        (status = 401, description = "No API token (writes need Authorization: Bearer; a browser session is not accepted)", body = ErrorAnswer),
        (status = 403, description = "The token's role or region may not edit this Kampung KB", body = ErrorAnswer),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
        (status = 409, description = "A conflicting change", body = ErrorAnswer),
        (status = 422, description = "Refused values: error.problems lists every field with its reason", body = InvalidAnswer),
    )
)]
pub(super) async fn put_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((v, month)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<ReportSaved>), AppError> {
    let v = writable(&ctx, &v)?;
    let parsed = YearMonth::parse(month.trim()).ok_or_else(|| invalid("month", Reason::NotAMonth));
    app.db(move |app| -> Result<_, AppError> {
        require_kampung(app, v)?;
        let month = parsed?;
        let mut m = object(&body)?;
        same_as_url(&mut m, "month", &month.to_string())?;
        let form: MonthlyReportForm = typed(m)?;
        let report = form.parse(v, today_utc()).map_err(AppError::Invalid)?;
        let replaced = app.store.save_report(&report, true).map_err(refused)?;
        let class = after_write(app, &ctx, v, "kampung.report", &month.to_string())?;
        let named = ctx.who.is_user();
        let report = view::with_verification(app, vec![report], named)?.pop().ok_or(AppError::NotFound)?;
        Ok((created(!replaced), Json(ReportSaved { report, replaced, class })))
    })
    .await
}

/// A recorded activity and the Kampung's class after the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivitySaved {
    /// Its row id.
    pub id: i64,
    /// The activity.
    pub activity: Activity,
    /// The class after the change.
    pub class: Option<Class>,
}

/// Record an activity
///
/// Record an activity (date, place, description, function, targets, agencies, inpres_area, plan_item); the
/// agencies other than bkkbn and opd_kb count as cross-sector.
#[utoipa::path(
    post,
    path = "/kampung/{village}/activities",
    tag = "kampung",
    params(("village" = String, Path, description = VILLAGE_PARAM)),
    request_body(content = Activity, content_type = "application/json", description = "The activity"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded; its id and the Kampung's class after the change", body = ActivitySaved),
        (status = 401, description = "No API token (writes need Authorization: Bearer; a browser session is not accepted)", body = ErrorAnswer),
        (status = 403, description = "The token's role or region may not edit this Kampung KB", body = ErrorAnswer),
        (status = 404, description = "No such village or Kampung KB", body = ErrorAnswer),
        (status = 409, description = "A conflicting change", body = ErrorAnswer),
        (status = 422, description = "Refused values: error.problems lists every field with its reason", body = InvalidAnswer),
    )
)]
pub(super) async fn post_activity(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<ActivitySaved>), AppError> {
    let v = writable(&ctx, &v)?;
    let m = object(&body);
    app.db(move |app| -> Result<_, AppError> {
        require_kampung(app, v)?;
        let activity: Activity = typed(m?)?;
        let id = app.store.add_activity(v, &activity).map_err(refused)?;
        let class = after_write(app, &ctx, v, "kampung.activity", &format!("#{id}"))?;
        Ok((StatusCode::CREATED, Json(ActivitySaved { id, activity, class })))
    })
    .await
}
