//! Cross-sector planning under Inpres 3/2022, "siapa mengerjakan apa": yearly action plans of a province or
//! kabupaten/kota whose items say which agency does what, in which villages, when, with what budget and towards
//! which iBangga variables; the plan's workflow (drafted, submitted, approved, reopened); progress reports; and
//! the analyses that tie plans to the figures (late and stalled items, convergence per village, gaps, effect).
//!
//! Money is whole rupiah (`i64`). Months are [`YearMonth`]. Validation returns every problem with its field,
//! in the registry's [`FieldProblem`] form (a [`Reason`] by field), so that forms, the API and imports show the same
//! messages.

pub mod analysis;
pub mod matrix;
#[cfg(test)]
mod tests;

pub use matrix::{Agency, Matrix, agency_kind, agency_region};

use crate::date::Date;
use crate::kampung::{FamilyFunction, FieldProblem, InpresArea, YearMonth, vocabulary};
use crate::problem::Reason;
use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

vocabulary! {
    /// Where an item's budget comes from.
    BudgetSource = "budget-source" {
        /// State budget.
        Apbn = "apbn",
        /// Provincial budget.
        ApbdProvinsi = "apbd_provinsi",
        /// Kabupaten/kota budget.
        ApbdKabupaten = "apbd_kabupaten",
        /// Village fund.
        DanaDesa = "dana_desa",
        /// Corporate social responsibility.
        Csr = "csr",
        /// The community's own funds.
        Swadaya = "swadaya",
    }
}

vocabulary! {
    /// A plan's state in its workflow.
    PlanStatus = "plan-status" {
        /// Being drafted: agencies add and change their items.
        Draft = "draft",
        /// Submitted to the coordinator: items are locked.
        Submitted = "submitted",
        /// Approved: items are locked until the plan is reopened; progress is reported.
        Approved = "approved",
    }
}

vocabulary! {
    /// An item's state as its agency reports it.
    ItemStatus = "item-status" {
        /// Not started.
        Planned = "planned",
        /// Under way.
        InProgress = "in_progress",
        /// Finished.
        Done = "done",
        /// Stopped before finishing.
        Stalled = "stalled",
        /// Dropped.
        Cancelled = "cancelled",
    }
}

/// A workflow step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Draft → submitted.
    Submit,
    /// Submitted → approved.
    Approve,
    /// Submitted → draft (sent back with a note).
    Return,
    /// Approved → draft (to change an approved plan).
    Reopen,
}

impl Transition {
    /// The state a step leads to from `from`, or why it cannot be taken.
    pub fn apply(self, from: PlanStatus) -> Result<PlanStatus, String> {
        use PlanStatus::*;
        match (self, from) {
            (Transition::Submit, Draft) => Ok(Submitted),
            (Transition::Approve, Submitted) => Ok(Approved),
            (Transition::Return, Submitted) => Ok(Draft),
            (Transition::Reopen, Approved) => Ok(Draft),
            (t, s) => Err(format!("a {} plan cannot be {}", s.id(), t.past())),
        }
    }

    /// The step's id in URLs and the audit log.
    pub fn id(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Approve => "approve",
            Transition::Return => "return",
            Transition::Reopen => "reopen",
        }
    }

    /// From its id.
    pub fn from_id(s: &str) -> Option<Transition> {
        [Transition::Submit, Transition::Approve, Transition::Return, Transition::Reopen]
            .into_iter()
            .find(|t| t.id() == s)
    }

    fn past(self) -> &'static str {
        match self {
            Transition::Submit => "submitted",
            Transition::Approve => "approved",
            Transition::Return => "returned",
            Transition::Reopen => "reopened",
        }
    }
}

/// A yearly action plan of a province or kabupaten/kota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// The province or kabupaten/kota.
    pub region: RegionCode,
    /// The year planned.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Workflow state.
    pub status: PlanStatus,
    /// The coordinating agency (Bappeda or the family-planning office of the region).
    pub coordinator: String,
    /// The last workflow note (why it was returned or reopened).
    #[serde(default)]
    pub note: String,
    /// Grows with every change of the plan or its items (conflicting edits are refused).
    #[serde(default)]
    pub version: i64,
}

impl Plan {
    /// Every problem of a new plan.
    pub fn validate(&self, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        if !matches!(self.region.level(), Level::Province | Level::Regency) {
            p.push(FieldProblem::new("region", Reason::NotProvinceOrRegency));
        }
        if !(2022..=today.year() + 5).contains(&self.year) {
            p.push(FieldProblem::new("year", Reason::YearRange { min: 2022, max: today.year() + 5 }));
        }
        if self.title.trim().is_empty() {
            p.push(FieldProblem::new("title", Reason::Required));
        }
        if agency_region(&self.coordinator) != Some(self.region) {
            p.push(FieldProblem::new("coordinator", Reason::CoordinatorOutsideRegion));
        }
        p
    }
}

/// One item of a plan: who does what, where, when, with what budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PlanItem {
    /// The matrix activity it carries out (`2.2.1`), or `None` for a custom activity.
    #[serde(default)]
    pub activity: Option<String>,
    /// What is done.
    pub title: String,
    /// The Inpres programme area.
    pub area: InpresArea,
    /// Family functions served.
    #[serde(default)]
    pub functions: BTreeSet<FamilyFunction>,
    /// iBangga variables targeted (`v08`).
    #[serde(default)]
    pub variables: BTreeSet<String>,
    /// The responsible agency.
    pub responsible: String,
    /// Supporting agencies.
    #[serde(default)]
    pub supporting: BTreeSet<String>,
    /// Target villages (desa/kelurahan of the plan's region).
    #[serde(default)]
    pub villages: BTreeSet<RegionCode>,
    /// First month.
    pub start: YearMonth,
    /// Last month.
    pub end: YearMonth,
    /// Budget in rupiah.
    pub budget: i64,
    /// Where it comes from.
    pub budget_source: BudgetSource,
    /// Output indicator.
    pub indicator: String,
    /// Its target value.
    pub target: f64,
    /// Its unit (`keluarga`, `kegiatan`, `%`).
    #[serde(default)]
    pub unit: String,
    /// As reported.
    pub status: ItemStatus,
}

/// What an item is checked against.
pub struct ItemContext<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Whether an agency id is known.
    pub is_agency: &'a dyn Fn(&str) -> bool,
    /// Whether a code is a desa/kelurahan of the region table.
    pub is_village: &'a dyn Fn(RegionCode) -> bool,
    /// The methodology's variable ids.
    pub variables: &'a [String],
}

impl PlanItem {
    /// Every problem of an item in its plan.
    pub fn validate(&self, cx: &ItemContext<'_>) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        let plan = cx.plan;
        if self.title.trim().is_empty() {
            p.push(FieldProblem::new("title", Reason::Required));
        }
        if let Some(a) = &self.activity {
            match Matrix::inpres().activity(a) {
                None => p.push(FieldProblem::new("activity", Reason::UnknownMatrixActivity { activity: a.clone() })),
                Some((area, _)) if area != u8::from(self.area) => p.push(FieldProblem::new(
                    "area",
                    Reason::ActivityAreaMismatch { activity: a.clone(), area, given: u8::from(self.area) },
                )),
                Some(_) => {}
            }
        }
        for v in &self.variables {
            if !cx.variables.contains(v) {
                p.push(FieldProblem::new("variables", Reason::UnknownVariable { variable: v.clone() }));
            }
        }
        if !(cx.is_agency)(&self.responsible) {
            p.push(FieldProblem::new("responsible", Reason::UnknownAgency { agency: self.responsible.clone() }));
        }
        for s in &self.supporting {
            if !(cx.is_agency)(s) {
                p.push(FieldProblem::new("supporting", Reason::UnknownAgency { agency: s.clone() }));
            } else if *s == self.responsible {
                p.push(FieldProblem::new("supporting", Reason::ResponsibleAlsoSupporting));
            }
        }
        for v in &self.villages {
            if !(cx.is_village)(*v) {
                p.push(FieldProblem::new("villages", Reason::VillageNotInTable { code: v.to_string() }));
            } else if !v.is_within(plan.region) {
                let reason =
                    Reason::VillageOutsidePlanRegion { village: v.to_string(), region: plan.region.to_string() };
                p.push(FieldProblem::new("villages", reason));
            }
        }
        if self.start.year() != plan.year {
            p.push(FieldProblem::new("start", Reason::StartOutsidePlanYear { start: self.start, year: plan.year }));
        }
        if self.end < self.start {
            p.push(FieldProblem::new("end", Reason::EndBeforeStart { end: self.end, start: self.start }));
        } else if self.end.year() > plan.year + 1 {
            p.push(FieldProblem::new("end", Reason::EndTooLate { end: self.end, year: plan.year }));
        }
        if self.budget < 0 {
            p.push(FieldProblem::new("budget", Reason::NegativeAmount));
        }
        if self.indicator.trim().is_empty() {
            p.push(FieldProblem::new("indicator", Reason::Required));
        }
        if !self.target.is_finite() || self.target < 0.0 {
            p.push(FieldProblem::new("target", Reason::TargetNotNonNegative));
        }
        p
    }
}

/// Reads an amount of rupiah as people write it: `1500000`, `1.500.000`, `1,500,000`, `Rp 1.500.000`.
pub fn parse_rupiah(s: &str) -> Result<i64, Reason> {
    let t = s.trim();
    let t = t.strip_prefix("Rp").or_else(|| t.strip_prefix("rp")).unwrap_or(t).trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, t),
    };
    if digits.is_empty() {
        return Err(Reason::NotRupiah);
    }
    // Grouping separators only: every group after the first has exactly three digits.
    let groups: Vec<&str> = digits.split(['.', ',', ' ']).collect();
    let grouped = groups.len() > 1;
    if !groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        || (grouped && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)))
    {
        return Err(Reason::NotWholeRupiah);
    }
    let n: i64 = groups.concat().parse().map_err(|_| Reason::TooLarge)?;
    Ok(if negative { -n } else { n })
}

/// A progress report on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Progress {
    /// When.
    #[serde(with = "crate::kampung::iso_date")]
    pub date: Date,
    /// How far, 0..=100 %.
    pub percent: u8,
    /// Budget spent so far, rupiah.
    pub spent: i64,
    /// The item's status from now on.
    pub status: ItemStatus,
    /// What happened.
    #[serde(default)]
    pub note: String,
    /// Evidence: a link or a document reference.
    #[serde(default)]
    pub evidence: String,
}

impl Progress {
    /// Every problem of a report on `item`.
    pub fn validate(&self, item: &PlanItem, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        if self.date > today {
            p.push(FieldProblem::new("date", Reason::DateInFuture { date: self.date, today }));
        }
        if YearMonth::of(self.date) < item.start {
            p.push(FieldProblem::new("date", Reason::BeforeItemStart { date: self.date, start: item.start }));
        }
        if self.percent > 100 {
            p.push(FieldProblem::new("percent", Reason::PercentOver100));
        }
        if self.spent < 0 {
            p.push(FieldProblem::new("spent", Reason::NegativeAmount));
        } else if self.spent > item.budget {
            p.push(FieldProblem::new("spent", Reason::SpentOverBudget { spent: self.spent, budget: item.budget }));
        }
        if self.status == ItemStatus::Done && self.percent != 100 {
            p.push(FieldProblem::new("percent", Reason::DoneNotFull));
        }
        p
    }
}

/// Why an item needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Its end month is past and it is not done.
    Late,
    /// Reported as stalled, or under way with no progress report for [`STALL_DAYS`] days.
    Stalled,
    /// Its start month is past and nothing was reported.
    NotStarted,
}

/// Days without a progress report after which an item under way counts as stalled.
pub const STALL_DAYS: i32 = 60;

/// The flags of an item on `today`, given its latest progress report.
pub fn flags(item: &PlanItem, latest: Option<&Progress>, today: Date) -> Vec<Flag> {
    let mut f = Vec::new();
    let status = latest.map(|p| p.status).unwrap_or(item.status);
    if matches!(status, ItemStatus::Done | ItemStatus::Cancelled) {
        return f;
    }
    let now = YearMonth::of(today);
    if now > item.end {
        f.push(Flag::Late);
    }
    match latest {
        None if now > item.start => f.push(Flag::NotStarted),
        Some(p) if status == ItemStatus::Stalled || today.to_days() - p.date.to_days() > STALL_DAYS => {
            f.push(Flag::Stalled)
        }
        None if status == ItemStatus::Stalled => f.push(Flag::Stalled),
        _ => {}
    }
    f
}
