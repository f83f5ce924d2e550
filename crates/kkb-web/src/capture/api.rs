//! `GET /api/v1/capture/submissions?region=CODE&status=review`: the review queue as JSON (API token or session of
//! a user whose scope covers the region), each submission with its problems at instance paths.

use super::queue::STATUSES;
use super::view::SubmissionItem;
use crate::i18n::lang_of;
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use kkb_store::SubmissionFilter;
use serde::{Deserialize, Serialize};

/// The query.
#[derive(Debug, Deserialize)]
pub struct ApiQuery {
    /// A region code (dotted or compact).
    pub region: Option<String>,
    /// `review` (default), `applied`, `corrected`, `rejected`, `replaced` or `semua` (all).
    pub status: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct Submissions {
    /// Newest first.
    pub submissions: Vec<SubmissionItem>,
}

/// The handler.
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
    let lang = lang_of(&headers);
    let subs = app.store.submissions(&filter)?;
    ctx.audit(&app, "capture.api", &code.to_string(), &code.to_string(), &status)?;
    Ok(Json(Submissions { submissions: subs.iter().map(|s| SubmissionItem::of(lang, s)).collect() }))
}
