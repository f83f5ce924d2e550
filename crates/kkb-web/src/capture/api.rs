//! `GET /api/v1/capture/submissions?region=CODE&status=review`: the review queue as JSON (API token or session of
//! a user whose scope covers the region), each submission with its problems at instance paths.

use super::queue::STATUSES;
use super::view::SubmissionItem;
use crate::error::ErrorAnswer;
use crate::i18n::lang_of;
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use kkb_store::SubmissionFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The capture routes of the JSON API (nested under `/api/v1`), with their OpenAPI operation.
pub fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![routes!(submissions)]
}

/// The query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiQuery {
    /// region code, dotted or compact; the user's scope must cover it
    #[param(required = true)]
    pub region: Option<String>,
    /// review (default), applied, corrected, rejected, replaced or semua (all)
    pub status: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Submissions)]
pub struct Submissions {
    /// Newest first.
    pub submissions: Vec<SubmissionItem>,
}

/// Submissions sent from phones
///
/// Submissions sent from phones over OpenRosa in a region, newest first (the review queue with status=review):
/// instance_id exactly as sent (uuid:…), form_id, village_code, family_id, received_at, status, sent_by and
/// problems, each {field, reason, code} with field the path in the instance (anggota[2]/nik, repeats counted from
/// 1) and reason in Bahasa Indonesia (English when Accept-Language prefers it)
#[utoipa::path(
    get,
    path = "/capture/submissions",
    tag = "capture",
    params(ApiQuery),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The submissions", body = Submissions),
        (status = 400, description = "No region, or an unknown status", body = ErrorAnswer),
        (status = 401, description = "No or invalid token/session", body = ErrorAnswer),
        (status = 403, description = "Outside the user's region or role", body = ErrorAnswer),
        (status = 404, description = "Unknown region", body = ErrorAnswer),
    )
)]
pub async fn submissions(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<ApiQuery>,
) -> Result<Json<Submissions>, AppError> {
    ctx.require_user().map_err(|_| AppError::TokenRequired)?;
    let code = view::region_code(q.region.as_deref().ok_or_else(|| AppError::BadRequest("give region=CODE".into()))?)?;
    if !ctx.who.may_view_families(code) {
        return Err(ctx.who.refusal(code));
    }
    let lang = lang_of(&headers);
    app.db(move |app| -> Result<_, AppError> {
        app.store.region(code)?.ok_or(AppError::NotFound)?;
        let status = q.status.unwrap_or_else(|| "review".into());
        if !STATUSES.contains(&status.as_str()) {
            return Err(AppError::BadRequest(format!("status must be one of {}", STATUSES.join(", "))));
        }
        let filter = SubmissionFilter {
            within: Some(code),
            status: (status != "semua").then_some(status.as_str()),
            limit: 10_000,
            ..SubmissionFilter::default()
        };
        let subs = app.store.submissions(&filter)?;
        ctx.audit(app, "capture.api", &code.to_string(), &code.to_string(), &status)?;
        Ok(Json(Submissions { submissions: subs.iter().map(|s| SubmissionItem::of(lang, s)).collect() }))
    })
    .await
}
