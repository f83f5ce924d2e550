//! A plan as read once for its page, the plans list, the work map and the JSON API: [`read`] gives the plan with
//! each item's latest progress report and its flags today ([`PlanRead`]); [`PlanSummary`] and [`PlanDetail`] are
//! what the API answers with, built from it. Who reported progress is named to logged-in readers only.

use crate::view::RegionView;
use crate::{AppError, AppState};
use kkb_domain::date::today_utc;
use kkb_domain::planning::{Flag, ItemStatus, Plan, PlanItem, PlanStatus, Progress, flags};
use kkb_store::{StoredItem, StoredProgress};
use serde::Serialize;
use utoipa::ToSchema;

/// An item of a plan with its latest progress report and its flags today.
pub struct ItemState {
    /// The stored item.
    pub stored: StoredItem,
    /// Its latest progress report.
    pub latest: Option<StoredProgress>,
    /// Why it needs attention today.
    pub flags: Vec<Flag>,
}

/// A plan with its items.
pub struct PlanRead {
    /// The plan.
    pub plan: Plan,
    /// Its items, by id.
    pub items: Vec<ItemState>,
}

/// A plan with its items, their latest progress and their flags today.
pub fn read(app: &AppState, plan: Plan) -> Result<PlanRead, AppError> {
    let mut latest = app.store.latest_progress(plan.id)?;
    let today = today_utc();
    let items = app
        .store
        .items(plan.id)?
        .into_iter()
        .map(|stored| {
            let latest = latest.remove(&stored.id);
            let flags = flags(&stored.item, latest.as_ref().map(|p| &p.progress), today);
            ItemState { stored, latest, flags }
        })
        .collect();
    Ok(PlanRead { plan, items })
}

impl PlanRead {
    /// The budget in rupiah, cancelled items excluded.
    pub fn budget(&self) -> i64 {
        self.items.iter().filter(|i| i.stored.item.status != ItemStatus::Cancelled).map(|i| i.stored.item.budget).sum()
    }

    /// How many items carry each flag.
    pub fn flag_counts(&self) -> FlagCounts {
        let count = |flag: Flag| self.items.iter().flat_map(|i| &i.flags).filter(|f| **f == flag).count();
        FlagCounts { late: count(Flag::Late), stalled: count(Flag::Stalled), not_started: count(Flag::NotStarted) }
    }
}

/// Items per flag.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct FlagCounts {
    /// Items whose end month is past and that are not done.
    pub late: usize,
    /// Items reported stalled, or under way without a report for 60 days.
    pub stalled: usize,
    /// Items whose start month is past with nothing reported.
    pub not_started: usize,
}

/// An action plan with its item count, budget and flag counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummary {
    /// Plan id.
    pub id: i64,
    /// The province or kabupaten/kota.
    pub region: RegionView,
    /// The year planned.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Workflow state.
    pub status: PlanStatus,
    /// The coordinating agency.
    pub coordinator: String,
    /// The last workflow note.
    pub note: String,
    /// Grows with every change of the plan or its items.
    pub version: i64,
    /// Number of items.
    pub items: usize,
    /// Budget in rupiah, cancelled items excluded.
    pub budget: i64,
    /// Items per flag, as of today.
    pub flags: FlagCounts,
}

/// An action plan with its items.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDetail {
    /// Plan id.
    pub id: i64,
    /// The province or kabupaten/kota.
    pub region: RegionView,
    /// The year planned.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Workflow state.
    pub status: PlanStatus,
    /// The coordinating agency.
    pub coordinator: String,
    /// The last workflow note.
    pub note: String,
    /// Grows with every change of the plan or its items.
    pub version: i64,
    /// Its items, by id.
    pub items: Vec<PlanItemView>,
    /// Budget in rupiah, cancelled items excluded.
    pub budget: i64,
    /// Items per flag, as of today.
    pub flags: FlagCounts,
}

/// An item with its latest progress and flags.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanItemView {
    /// The item.
    #[serde(flatten)]
    pub item: PlanItem,
    /// Item id.
    pub id: i64,
    /// Last change (RFC 3339 UTC).
    pub updated_at: String,
    /// Its latest progress report.
    pub latest_progress: Option<ProgressView>,
    /// Why it needs attention today.
    pub flags: Vec<Flag>,
}

/// A progress report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    /// The report.
    #[serde(flatten)]
    pub progress: Progress,
    /// Report id.
    pub id: i64,
    /// When it was reported (RFC 3339 UTC).
    pub created_at: String,
    /// Who reported it; null for readers who are not logged in.
    pub reported_by: Option<String>,
}

impl ProgressView {
    /// A stored report, its reporter named when `named`.
    pub fn of(p: &StoredProgress, named: bool) -> ProgressView {
        ProgressView {
            progress: p.progress.clone(),
            id: p.id,
            created_at: p.created_at.clone(),
            reported_by: named.then(|| p.username.clone()),
        }
    }
}

/// The region of a plan as the API names it (an unknown code with an empty name).
fn region_of(app: &AppState, plan: &Plan) -> Result<RegionView, AppError> {
    let name = app.store.region(plan.region)?.map(|r| r.name).unwrap_or_default();
    Ok(RegionView::new(plan.region, name))
}

impl PlanSummary {
    /// The summary of a read plan.
    pub fn of(app: &AppState, r: &PlanRead) -> Result<PlanSummary, AppError> {
        let p = &r.plan;
        Ok(PlanSummary {
            id: p.id,
            region: region_of(app, p)?,
            year: p.year,
            title: p.title.clone(),
            status: p.status,
            coordinator: p.coordinator.clone(),
            note: p.note.clone(),
            version: p.version,
            items: r.items.len(),
            budget: r.budget(),
            flags: r.flag_counts(),
        })
    }

    /// The summary of a plan, read.
    pub fn read(app: &AppState, plan: &Plan) -> Result<PlanSummary, AppError> {
        PlanSummary::of(app, &read(app, plan.clone())?)
    }
}

impl PlanDetail {
    /// A read plan with its items, progress reporters named when `named`.
    pub fn of(app: &AppState, r: &PlanRead, named: bool) -> Result<PlanDetail, AppError> {
        let p = &r.plan;
        let items = r
            .items
            .iter()
            .map(|i| PlanItemView {
                item: i.stored.item.clone(),
                id: i.stored.id,
                updated_at: i.stored.updated_at.clone(),
                latest_progress: i.latest.as_ref().map(|l| ProgressView::of(l, named)),
                flags: i.flags.clone(),
            })
            .collect();
        Ok(PlanDetail {
            id: p.id,
            region: region_of(app, p)?,
            year: p.year,
            title: p.title.clone(),
            status: p.status,
            coordinator: p.coordinator.clone(),
            note: p.note.clone(),
            version: p.version,
            items,
            budget: r.budget(),
            flags: r.flag_counts(),
        })
    }
}
