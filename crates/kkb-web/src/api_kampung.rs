//! The Kampung KB registry in the JSON API (`/api/v1/regions/{code}/kampung`, `/api/v1/kampung/{village}/…`).
//!
//! Reads are public (the registry holds no personal data; who verified a report is named to users only). Writes
//! take an API token (`Authorization: Bearer`) of a kabupaten/kota, kecamatan or village user whose region holds
//! the village ([`crate::auth::Principal::may_edit_kampung`]); a browser session is refused here because the API
//! has no CSRF protection for writes, and sessions have the Kampung's forms. Every write is audited and
//! recomputes the Kampung's class. Refused values are a 422 listing every field with its reason, the same
//! field paths the domain's validation names (`contraceptive_users.pil`, `month`, …).

use crate::registry::{self, ClassFilter};
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use kkb_domain::classification::Class;
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::{
    Activity, EARLIEST_YEAR, FieldProblem, KampungRecord, MonthlyReport, MonthlyReportForm, Profile, YearMonth,
};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{PopulationSource, StoreError, StoredActivity, StoredProfile};
use serde::Deserialize;
use serde_json::{Value, json};

/// The registry's API routes (merged into [`crate::api::routes`], under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/regions/{code}/kampung", get(list))
        .route("/kampung/{village}", get(show).put(put_record))
        .route("/kampung/{village}/profiles", get(profiles).post(post_profile))
        .route("/kampung/{village}/reports", get(reports))
        .route("/kampung/{village}/reports/{month}", put(put_report))
        .route("/kampung/{village}/activities", get(activities).post(post_activity))
        .route("/kampung/{village}/classification", get(classification))
}

/// A write operation as documented: (method, path under `/api/v1`, summary, request body schema).
type Write = (&'static str, &'static str, &'static str, &'static str);

/// The write operations.
pub const WRITES: &[Write] = &[
    (
        "put",
        "/kampung/{village}",
        "Create or replace the Kampung KB record of a village (name, launch_date, decree, rws, description, location, criteria, active, model). The village is the URL's; the model-Kampung flags can be changed by kecamatan and kabupaten/kota officers only. 201 when created, 200 when replaced.",
        "KampungRecord",
    ),
    (
        "post",
        "/kampung/{village}/profiles",
        "Save a new profile version (valid_from, pokja, pokja_sections, pkb_assigned, regulation, rkm, data_sources, funding_sources, programs, facilities, operations). Profiles are history: a second profile with the same valid_from is 409; the latest valid_from becomes the active profile.",
        "Profile",
    ),
    (
        "put",
        "/kampung/{village}/reports/{month}",
        "Save or replace the monthly KB report of a month (YYYY-MM, not in the future): pus, contraceptive_users, pus_not_using, participants; counts may not be negative, users plus PUS not using may not exceed the PUS. A replaced report loses its verification. 201 when new, 200 when replaced.",
        "MonthlyReportForm",
    ),
    (
        "post",
        "/kampung/{village}/activities",
        "Record an activity (date, place, description, function, targets, agencies, inpres_area, plan_item); the agencies other than bkkbn and opd_kb count as cross-sector.",
        "Activity",
    ),
];

/// Adds the write operations to the OpenAPI paths built from [`crate::api::ENDPOINTS`].
pub fn document(paths: &mut serde_json::Map<String, Value>) {
    let error = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let with = |description: &str| {
        let mut e = error.clone();
        e["description"] = json!(description);
        e
    };
    for (method, path, summary, body) in WRITES {
        let mut params = vec![
            json!({"name": "village", "in": "path", "required": true, "description": "desa/kelurahan code", "schema": {"type": "string"}}),
        ];
        if path.contains("{month}") {
            params.push(json!({"name": "month", "in": "path", "required": true, "description": "YYYY-MM", "schema": {"type": "string"}}));
        }
        let op = json!({
            "summary": summary,
            "parameters": params,
            "requestBody": {"required": true, "description": format!("{body} as JSON (kkb_domain::kampung::{body})"),
                            "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {
                "200": {"description": "Saved; the body has the saved value and the Kampung's class after the change", "content": {"application/json": {}}},
                "201": {"description": "Created", "content": {"application/json": {}}},
                "401": with("No API token (writes need Authorization: Bearer; a browser session is not accepted)"),
                "403": with("The token's role or region may not edit this Kampung KB"),
                "404": with("No such village or Kampung KB"),
                "409": with("A conflicting profile"),
                "422": {"description": "Refused values: error.problems lists every field with its reason",
                        "content": {"application/json": {"schema": problems_schema()}}}
            },
            "security": [{"bearer": []}]
        });
        let item = paths.entry(format!("/api/v1{path}")).or_insert_with(|| json!({}));
        item[*method] = op;
    }
}

/// The schema of a 422 answer.
fn problems_schema() -> Value {
    json!({"type": "object", "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string", "const": "invalid"}, "message": {"type": "string"},
        "problems": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"},
            "code": {"type": "string", "description": "stable machine code of the reason (snake_case)"},
            "reason": {"type": "string", "description": "the reason in the reader's language (cookie lang; Indonesian by default)"}}}}}}}})
}

// ------------------------------------------------------------------------------------------------------- reads

/// The desa/kelurahan of a Kampung URL (anything else is 404).
fn village(s: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(s)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    Ok(code)
}

/// Query of the region list.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// Only the active Kampung of this class (`dasar`, `berkembang`, `mandiri`, `berkelanjutan`, or `belum`
    /// for those not classified yet).
    pub class: Option<String>,
}

fn region_json(code: RegionCode, name: &str) -> Value {
    json!({"code": code.to_string(), "name": name, "level": code.level()})
}

async fn list(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let filter = q.class.as_deref().filter(|c| !c.is_empty()).map(ClassFilter::parse).transpose()?;
    // The same for every reader: kept with the dashboards' bodies for one data version.
    let version = app.store.data_version()?;
    let key = format!("api-registry|{code}|{filter:?}");
    let body = app.page_cache.get_or_try_insert(version, key, || {
        Ok::<_, AppError>(std::sync::Arc::from(region_list(&app, code, &region.name, filter)?.to_string()))
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response())
}

fn region_list(app: &AppState, code: RegionCode, name: &str, filter: Option<ClassFilter>) -> Result<Value, AppError> {
    let counts = app.store.class_counts(code)?;
    let coverage = app.store.coverage(code, None)?;
    let mut children = Vec::new();
    if code.level() != Level::Village {
        let classes = app.store.class_counts_children(code)?;
        for c in app.store.coverage_children(code, None)? {
            let k = classes.iter().find(|k| k.region.code == c.region.code).map(|k| k.counts).unwrap_or_default();
            let mut o = region_json(c.region.code, &c.region.name);
            o["coverage"] = registry::coverage_json(c.coverage);
            o["class_counts"] = registry::counts_json(&k);
            children.push(o);
        }
    }
    let kampung: Vec<Value> = registry::listing(app, code)?
        .into_iter()
        .filter(|k| filter.is_none_or(|f| f.admits(k.record.active, k.class)))
        .map(|k| {
            json!({
                "village": k.record.village.to_string(), "name": k.record.name, "village_name": k.village_name,
                "district": k.district.map(|d| d.to_string()), "district_name": k.district_name,
                "launch_date": k.record.launch_date.to_string(), "active": k.record.active,
                "class": k.class.map(Class::as_str), "latest_report": k.latest_report.map(|m| m.to_string()),
            })
        })
        .collect();
    let mut out = region_json(code, name);
    out["class_counts"] = registry::counts_json(&counts);
    out["coverage"] = registry::coverage_json(coverage);
    out["children"] = Value::Array(children);
    out["class"] = json!(filter.map(ClassFilter::key));
    out["kampung"] = Value::Array(kampung);
    Ok(out)
}

fn profile_json(p: &StoredProfile) -> Value {
    json!({"id": p.id, "active": p.active, "created_at": p.created_at, "profile": p.profile})
}

fn activity_json(a: &StoredActivity) -> Value {
    json!({"id": a.id, "created_at": a.created_at, "activity": a.activity})
}

fn source_json(s: &PopulationSource) -> Value {
    match s {
        PopulationSource::Pk { year } => json!({"kind": "pk", "year": year}),
        PopulationSource::Manual { valid_from } => json!({"kind": "manual", "valid_from": valid_from.to_string()}),
        PopulationSource::None => json!({"kind": "none"}),
    }
}

/// A report with its verification (who verified it only for users).
fn report_json(app: &AppState, ctx: &Ctx, r: &MonthlyReport) -> Result<Value, AppError> {
    let mut v = serde_json::to_value(r).map_err(|e| AppError::Internal(e.to_string()))?;
    v["verification"] = match app.store.report_verification(r.village, r.month)? {
        Some((by, at)) if ctx.who.is_user() => json!({"verified_at": at, "verified_by": by}),
        Some((_, at)) => json!({"verified_at": at}),
        None => Value::Null,
    };
    Ok(v)
}

async fn show(State(app): State<AppState>, ctx: Ctx, Path(v): Path<String>) -> Result<Response, AppError> {
    let v = village(&v)?;
    let status = app.store.kampung_status(v)?.ok_or(AppError::NotFound)?;
    let village_name = app.store.region(v)?.map(|r| r.name).unwrap_or_default();
    let class = registry::current_class(&app, &status.record)?;
    let history: Vec<Value> =
        app.store.class_history(v)?.iter().map(|h| json!({"date": h.date.to_string(), "class": h.class})).collect();
    let latest = status.report.as_ref().map(|r| report_json(&app, &ctx, r)).transpose()?;
    Ok(Json(json!({
        "village": v.to_string(), "village_name": village_name,
        "record": status.record,
        "class": class.map(Class::as_str),
        "profile": status.profile.as_ref().map(profile_json),
        "population": status.population,
        "population_source": source_json(&status.population_source),
        "latest_report": latest,
        "classification": status.classification,
        "class_history": history,
    }))
    .into_response())
}

/// Query of the profiles endpoint.
#[derive(Debug, Deserialize, Default)]
pub struct ProfilesQuery {
    /// `YYYY-MM-DD`: the profile in force on that day instead of the history.
    pub at: Option<String>,
}

async fn profiles(
    State(app): State<AppState>,
    Path(v): Path<String>,
    Query(q): Query<ProfilesQuery>,
) -> Result<Response, AppError> {
    let v = village(&v)?;
    app.store.kampung(v)?.ok_or(AppError::NotFound)?;
    let out = match q.at.as_deref() {
        Some(at) => {
            let date = Date::parse_iso(at.trim())
                .ok_or_else(|| AppError::BadRequest(format!("at={at:?} is not a date (YYYY-MM-DD)")))?;
            json!({"village": v.to_string(), "at": date.to_string(),
                   "profile": app.store.profile_at(v, date)?.as_ref().map(profile_json)})
        }
        None => json!({"village": v.to_string(),
                       "profiles": app.store.profile_history(v)?.iter().map(profile_json).collect::<Vec<_>>()}),
    };
    Ok(Json(out).into_response())
}

/// Query of the reports endpoint.
#[derive(Debug, Deserialize, Default)]
pub struct ReportsQuery {
    /// First month (`YYYY-MM`), default January 2014.
    pub from: Option<String>,
    /// Last month (`YYYY-MM`), default this month.
    pub to: Option<String>,
}

fn month_param(name: &str, s: Option<&str>, default: YearMonth) -> Result<YearMonth, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => {
            YearMonth::parse(s).ok_or_else(|| AppError::BadRequest(format!("{name}={s:?} is not a month (YYYY-MM)")))
        }
    }
}

async fn reports(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    Query(q): Query<ReportsQuery>,
) -> Result<Response, AppError> {
    let v = village(&v)?;
    app.store.kampung(v)?.ok_or(AppError::NotFound)?;
    let first = YearMonth::new(EARLIEST_YEAR, 1).ok_or_else(|| AppError::Internal("month".into()))?;
    let from = month_param("from", q.from.as_deref(), first)?;
    let to = month_param("to", q.to.as_deref(), YearMonth::of(today_utc()))?;
    if from > to {
        return Err(AppError::BadRequest(format!("from={from} is after to={to}")));
    }
    let list = app.store.reports(v, from, to)?;
    let out: Vec<Value> = list.iter().map(|r| report_json(&app, &ctx, r)).collect::<Result<_, _>>()?;
    Ok(Json(json!({"village": v.to_string(), "from": from.to_string(), "to": to.to_string(), "reports": out}))
        .into_response())
}

async fn activities(State(app): State<AppState>, Path(v): Path<String>) -> Result<Response, AppError> {
    let v = village(&v)?;
    app.store.kampung(v)?.ok_or(AppError::NotFound)?;
    let list = app.store.activities(v)?;
    let agencies = kkb_domain::kampung::cross_sector_agencies(list.iter().map(|a| &a.activity));
    Ok(Json(json!({
        "village": v.to_string(), "cross_sector_agencies": agencies,
        "activities": list.iter().map(activity_json).collect::<Vec<_>>()
    }))
    .into_response())
}

async fn classification(State(app): State<AppState>, Path(v): Path<String>) -> Result<Response, AppError> {
    let v = village(&v)?;
    let status = app.store.kampung_status(v)?.ok_or(AppError::NotFound)?;
    Ok(Json(json!({"village": v.to_string(), "inputs": status.inputs, "result": status.classification}))
        .into_response())
}

// ------------------------------------------------------------------------------------------------------ writes

/// Why a write was refused.
#[derive(Debug)]
pub enum WriteError {
    /// No API token: the public, or a browser session.
    TokenRequired(&'static str),
    /// Values the registry refuses, every one with its field.
    Invalid(Vec<FieldProblem>),
    /// Anything else (403, 404, 409, 500).
    App(AppError),
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> WriteError {
        WriteError::App(e)
    }
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> WriteError {
        match e {
            StoreError::Problems(p) => {
                WriteError::Invalid(p.into_iter().map(|p| FieldProblem::new(p.column, p.reason)).collect())
            }
            // A conflict with stored data (a profile of the same date): a 409 saying why.
            StoreError::Refused(r) => WriteError::App(AppError::Conflict(crate::i18n::Lang::En.reason(&r))),
            other => WriteError::App(other.into()),
        }
    }
}

impl IntoResponse for WriteError {
    fn into_response(self) -> Response {
        match self {
            WriteError::TokenRequired(message) => {
                let mut r =
                    (StatusCode::UNAUTHORIZED, Json(json!({"error": {"code": "unauthorized", "message": message}})))
                        .into_response();
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
            // Said in the reader's language by the error renderer (crate::error::render).
            WriteError::Invalid(problems) => AppError::Invalid(problems).into_response(),
            WriteError::App(e) => e.into_response(),
        }
    }
}

fn invalid(field: &str, reason: Reason) -> WriteError {
    WriteError::Invalid(vec![FieldProblem::new(field, reason)])
}

/// [`writable`], for a village that already is a Kampung KB (404 otherwise).
fn writable_kampung(app: &AppState, ctx: &Ctx, v: &str) -> Result<RegionCode, WriteError> {
    let v = writable(ctx, v)?;
    app.store.kampung(v)?.ok_or(AppError::NotFound)?;
    Ok(v)
}

/// The village of a write, once the writer may change its Kampung KB.
fn writable(ctx: &Ctx, v: &str) -> Result<RegionCode, WriteError> {
    if !ctx.who.is_user() {
        return Err(WriteError::TokenRequired("writes need an API token: send Authorization: Bearer <token>"));
    }
    if ctx.who.csrf.is_some() {
        return Err(WriteError::TokenRequired(
            "the API takes writes with an API token only (Authorization: Bearer <token>); \
             in a browser, use the Kampung KB page's forms",
        ));
    }
    let v = village(v)?;
    if !ctx.who.may_edit_kampung(v) {
        return Err(ctx.who.refusal(v).into());
    }
    Ok(v)
}

/// The body as a JSON object.
fn object(body: &Bytes) -> Result<serde_json::Map<String, Value>, WriteError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(invalid("", Reason::BodyNotObject)),
        Err(e) => Err(invalid("", Reason::BodyNotJson { detail: e.to_string() })),
    }
}

/// A typed value from a JSON object; a missing field, an unknown id or a wrong type is a 422.
fn typed<T: serde::de::DeserializeOwned>(m: serde_json::Map<String, Value>) -> Result<T, WriteError> {
    serde_json::from_value(Value::Object(m)).map_err(|e| invalid("", Reason::BodyInvalid { detail: e.to_string() }))
}

/// The URL's value for `field` in a body: filled in when missing, refused when different.
fn same_as_url(m: &mut serde_json::Map<String, Value>, field: &str, url: &str) -> Result<(), WriteError> {
    match m.get(field) {
        None | Some(Value::Null) => {
            m.insert(field.into(), Value::from(url));
            Ok(())
        }
        Some(Value::String(s)) if s.trim() == url => Ok(()),
        Some(_) => Err(invalid(field, Reason::NotTheUrls { url: url.to_string() })),
    }
}

/// After a saved change: the class recomputed and the change audited; returns the class.
fn after_write(app: &AppState, ctx: &Ctx, v: RegionCode, action: &str, detail: &str) -> Result<Value, WriteError> {
    let class = app.store.refresh_class(v)?;
    let s = v.to_string();
    ctx.audit(app, action, &format!("kampung {s}"), &s, &format!("api {detail}"))?;
    Ok(json!(class.map(Class::as_str)))
}

fn created(yes: bool) -> StatusCode {
    if yes { StatusCode::CREATED } else { StatusCode::OK }
}

async fn put_record(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<Response, WriteError> {
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
    let previous = app.store.kampung(v)?;
    let allowed = previous.as_ref().map(|r| r.model).unwrap_or_default();
    if record.model != allowed && !ctx.who.may_verify_kampung(v) {
        return Err(invalid("model", Reason::ModelFlagsRole));
    }
    let stored = app.store.upsert_kampung(&record)?;
    let action = if previous.is_some() { "kampung.update" } else { "kampung.create" };
    let class = after_write(&app, &ctx, v, action, "record")?;
    Ok((created(previous.is_none()), Json(json!({"record": stored, "class": class}))).into_response())
}

async fn post_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<Response, WriteError> {
    let v = writable_kampung(&app, &ctx, &v)?;
    let profile: Profile = typed(object(&body)?)?;
    let stored = app.store.save_profile(v, &profile)?;
    let class = after_write(&app, &ctx, v, "kampung.profile", &profile.valid_from.to_string())?;
    Ok((StatusCode::CREATED, Json(json!({"profile": profile_json(&stored), "class": class}))).into_response())
}

async fn put_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((v, month)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WriteError> {
    let v = writable_kampung(&app, &ctx, &v)?;
    let month = YearMonth::parse(month.trim()).ok_or_else(|| invalid("month", Reason::NotAMonth))?;
    let mut m = object(&body)?;
    same_as_url(&mut m, "month", &month.to_string())?;
    let form: MonthlyReportForm = typed(m)?;
    let report = form.parse(v, today_utc()).map_err(WriteError::Invalid)?;
    let replaced = app.store.save_report(&report, true)?;
    let class = after_write(&app, &ctx, v, "kampung.report", &month.to_string())?;
    let saved = report_json(&app, &ctx, &report)?;
    Ok((created(!replaced), Json(json!({"report": saved, "replaced": replaced, "class": class}))).into_response())
}

async fn post_activity(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    body: Bytes,
) -> Result<Response, WriteError> {
    let v = writable_kampung(&app, &ctx, &v)?;
    let activity: Activity = typed(object(&body)?)?;
    let id = app.store.add_activity(v, &activity)?;
    let class = after_write(&app, &ctx, v, "kampung.activity", &format!("#{id}"))?;
    Ok((StatusCode::CREATED, Json(json!({"id": id, "activity": activity, "class": class}))).into_response())
}
