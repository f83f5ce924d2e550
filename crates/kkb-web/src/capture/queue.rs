//! The review queue of a region (kecamatan and kabupaten officers), filtered by status, form and village; and
//! "Kiriman saya", the fate of what a user sent.

use super::view::SubmissionItem;
use super::{forms, may_review, scope, status_label};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx, view};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::region::RegionCode;
use kkb_store::SubmissionFilter;
use serde::Deserialize;

/// Statuses an officer filters by (`semua` = all).
pub const STATUSES: [&str; 6] = ["review", "applied", "corrected", "rejected", "replaced", "semua"];

/// Most submissions a page lists.
const LIMIT: usize = 500;

/// A listed submission with what the page shows of it.
pub struct Line {
    /// The item.
    pub item: SubmissionItem,
    /// When, formatted.
    pub when: String,
    /// Status label.
    pub status: &'static str,
    /// The first problem, if any.
    pub first: String,
}

fn lines(l: Lang, subs: &[kkb_store::Submission]) -> Vec<Line> {
    subs.iter()
        .map(|s| {
            let item = SubmissionItem::of(l, s);
            Line {
                when: l.timestamp(&s.received_at),
                status: status_label(l, &s.status),
                first: item.problems.first().map(|p| format!("{}: {}", p.field, p.reason)).unwrap_or_default(),
                item,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "capture_queue.html")]
struct QueuePage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    status: String,
    form: String,
    desa: String,
    statuses: Vec<(&'static str, &'static str)>,
    forms: Vec<&'static str>,
    villages: Vec<(String, String)>,
    lines: Vec<Line>,
    counts: Vec<(&'static str, i64)>,
    setup_href: String,
}

/// The queue's filters.
#[derive(Debug, Deserialize, Default)]
pub struct QueueQuery {
    /// A status, or `semua` (default `review`).
    pub status: Option<String>,
    /// A formID.
    pub form: Option<String>,
    /// A village code.
    pub desa: Option<String>,
}

/// `GET /wilayah/{code}/kiriman`: the submissions of a region.
pub async fn queue(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        let code = view::region_code(&code)?;
        if !may_review(&ctx.who, code) {
            return Err(ctx.who.refusal(code));
        }
        let l = ctx.lang;
        let status = q.status.filter(|s| STATUSES.contains(&s.as_str())).unwrap_or_else(|| "review".into());
        let form = q.form.filter(|f| forms::by_id(f).is_some()).unwrap_or_default();
        let desa = q.desa.as_deref().and_then(|d| RegionCode::parse(d).ok()).filter(|d| d.is_within(code));
        let filter = SubmissionFilter {
            within: Some(desa.unwrap_or(code)),
            status: (status != "semua").then_some(status.as_str()),
            form_id: (!form.is_empty()).then_some(form.as_str()),
            user_id: None,
            limit: LIMIT,
        };
        let subs = app.store.submissions(&filter)?;
        ctx.audit(app, "capture.queue", &code.to_string(), &code.to_string(), &status)?;
        let counts =
            app.store.submission_counts(Some(code))?.into_iter().map(|(s, n)| (status_label(l, &s), n)).collect();
        let villages = scope::villages_in_scope(app, &ctx.who)?
            .into_iter()
            .filter(|v| v.code.is_within(code))
            .map(|v| (v.code.to_string(), v.label))
            .collect();
        let page = QueuePage {
            c: Layout::new(&ctx),
            l,
            name: app.store.region(code)?.map(|r| r.name).unwrap_or_default(),
            code: code.to_string(),
            status,
            form,
            desa: desa.map(|d| d.to_string()).unwrap_or_default(),
            statuses: STATUSES.iter().map(|s| (*s, status_label(l, s))).collect(),
            forms: forms::all().iter().map(|f| f.id).collect(),
            villages,
            lines: lines(l, &subs),
            counts,
            setup_href: "/pasang-hp".to_string(),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

#[derive(Template)]
#[template(path = "capture_mine.html")]
struct MinePage {
    c: Layout,
    l: Lang,
    lines: Vec<Line>,
    queue_href: Option<String>,
}

/// `GET /kiriman`: what the user sent from a phone, and its fate.
pub async fn mine(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        let user = ctx.who.user.as_ref().ok_or(AppError::LoginRequired)?;
        let subs =
            app.store.submissions(&SubmissionFilter { user_id: Some(user.id), limit: LIMIT, ..Default::default() })?;
        let queue_href = ctx.who.scope.filter(|s| may_review(&ctx.who, *s)).map(|s| format!("/wilayah/{s}/kiriman"));
        let page = MinePage { c: Layout::new(&ctx), l: ctx.lang, lines: lines(ctx.lang, &subs), queue_href };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
