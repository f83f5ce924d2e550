//! A Kampung KB as read once for both its page and the JSON API: [`read`] builds the [`KampungView`] that
//! `/api/v1/kampung/{village}` serialises and `/kampung/{village}` renders, and the report, profile and activity
//! views both show. Who verified a report is named to users only ([`Verification`]).

use crate::{AppError, AppState};
use kkb_domain::classification::{Class, Classification, PortalAgencies};
use kkb_domain::date::Date;
use kkb_domain::kampung::{Activity, KampungRecord, MonthlyReport, Population, Profile, iso_date};
use kkb_domain::region::RegionCode;
use kkb_store::{ClassChange, PopulationSource, StoredActivity, StoredProfile};
use serde::Serialize;
use utoipa::ToSchema;

/// A Kampung KB: its record, current class, active profile, population with its source, latest monthly report
/// with its verification, the live classification and the class history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Kampung)]
pub struct KampungView {
    /// The desa/kelurahan (dotted code).
    pub village: String,
    /// Its name.
    pub village_name: String,
    /// The record.
    pub record: KampungRecord,
    /// The current class, as kept on the record; null while inactive or not classified yet.
    pub class: Option<Class>,
    /// The active profile.
    pub profile: Option<ProfileView>,
    /// The population the classification uses.
    pub population: Population,
    /// Where the population comes from.
    pub population_source: PopulationSourceView,
    /// The latest monthly report with its verification.
    pub latest_report: Option<ReportView>,
    /// The live classification (the output of `kampungkb classify`).
    pub classification: Classification,
    /// The class history, oldest first.
    pub class_history: Vec<ClassChangeView>,
    /// The classification's inputs, as the contract's JSON (for `/classification`).
    #[serde(skip)]
    pub inputs: serde_json::Value,
    /// Where the national portal would score the cross-sector agencies differently (the page says so).
    #[serde(skip)]
    pub portal_agencies: Option<PortalAgencies>,
    /// The activities, by date (the page lists the latest).
    #[serde(skip)]
    pub activities: Vec<StoredActivity>,
}

/// A profile version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    /// Row id.
    pub id: i64,
    /// Whether it is the active (latest valid_from) profile.
    pub active: bool,
    /// When it was saved (RFC 3339 UTC).
    pub created_at: String,
    /// The profile.
    pub profile: Profile,
}

impl From<StoredProfile> for ProfileView {
    fn from(p: StoredProfile) -> ProfileView {
        ProfileView { id: p.id, active: p.active, created_at: p.created_at, profile: p.profile }
    }
}

/// A monthly report with its verification.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    /// The report.
    #[serde(flatten)]
    pub report: MonthlyReport,
    /// Its verification; null while unverified.
    pub verification: Option<Verification>,
}

/// Who verified a report, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// When (RFC 3339 UTC).
    pub verified_at: String,
    /// Who: for logged-in readers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
}

/// Where a Kampung's population comes from.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schema(as = PopulationSource)]
pub enum PopulationSourceView {
    /// Computed from the families of a PK round.
    Pk {
        /// The round.
        year: u16,
    },
    /// A manual entry.
    Manual {
        /// The first day it describes (YYYY-MM-DD).
        #[serde(with = "iso_date")]
        valid_from: Date,
    },
    /// Neither.
    None,
}

impl From<&PopulationSource> for PopulationSourceView {
    fn from(s: &PopulationSource) -> PopulationSourceView {
        match s {
            PopulationSource::Pk { year } => PopulationSourceView::Pk { year: *year },
            PopulationSource::Manual { valid_from } => PopulationSourceView::Manual { valid_from: *valid_from },
            PopulationSource::None => PopulationSourceView::None,
        }
    }
}

/// A class as computed on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassChangeView {
    /// The day (YYYY-MM-DD).
    #[serde(with = "iso_date")]
    pub date: Date,
    /// The class.
    pub class: String,
    /// The classification rule that changed the class when the data did not (the page says so).
    #[serde(skip)]
    pub rules: Option<String>,
}

impl From<&ClassChange> for ClassChangeView {
    fn from(h: &ClassChange) -> ClassChangeView {
        let rules = h.reason.as_ref().map(|_| h.detail["rules"].as_str().unwrap_or_default().to_string());
        ClassChangeView { date: h.date, class: h.class.clone(), rules }
    }
}

/// An activity as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    /// Row id.
    pub id: i64,
    /// When it was recorded (RFC 3339 UTC).
    pub created_at: String,
    /// The activity.
    pub activity: Activity,
}

impl From<&StoredActivity> for ActivityView {
    fn from(a: &StoredActivity) -> ActivityView {
        ActivityView { id: a.id, created_at: a.created_at.clone(), activity: a.activity.clone() }
    }
}

/// The Kampung KB of a village ([`AppError::NotFound`] when there is none), with the latest report's verifier
/// named when `named`.
pub fn read(app: &AppState, village: RegionCode, named: bool) -> Result<KampungView, AppError> {
    let status = app.store.kampung_status(village)?.ok_or(AppError::NotFound)?;
    let village_name = app.store.region(village)?.map(|r| r.name).unwrap_or_default();
    let class = crate::registry::current_class(app, &status.record)?;
    let class_history = app.store.class_history(village)?.iter().map(ClassChangeView::from).collect();
    let latest_report = match status.report {
        Some(r) => with_verification(app, vec![r], named)?.pop(),
        None => None,
    };
    Ok(KampungView {
        village: village.to_string(),
        village_name,
        record: status.record,
        class,
        profile: status.profile.map(ProfileView::from),
        population: status.population,
        population_source: PopulationSourceView::from(&status.population_source),
        latest_report,
        classification: status.classification,
        class_history,
        inputs: status.inputs,
        portal_agencies: status.portal_agencies,
        activities: status.activities,
    })
}

/// Reports with their verification, the verifier named when `named`.
pub fn with_verification(
    app: &AppState,
    reports: Vec<MonthlyReport>,
    named: bool,
) -> Result<Vec<ReportView>, AppError> {
    reports
        .into_iter()
        .map(|report| {
            let verification = app
                .store
                .report_verification(report.village, report.month)?
                .map(|(by, at)| Verification { verified_at: at, verified_by: named.then_some(by) });
            Ok(ReportView { report, verification })
        })
        .collect()
}
