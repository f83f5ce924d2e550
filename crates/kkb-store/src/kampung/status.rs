//! A Kampung's live state: the classification (docs/classification.md) computed from its active
//! profile, latest monthly report, population and activities; the class kept on the record and its history; the
//! counts of classes per region; manual population entries; report verification.
//!
//! The class is recomputed after every change of something it depends on ([`Store::refresh_class`]): registry
//! writes do it themselves, family edits and imports call it for the villages they touch. The current class is
//! stored on the `kampung` row, so counting classes over a region is one indexed range read.

use super::{check, require_kampung, upper};
use crate::conn::Val;
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError, StoredActivity, StoredProfile};
use kkb_domain::classification::{Class, Classification, ClassificationRules, Inputs, PortalAgencies, classify};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::{AgencyTally, KampungRecord, MonthlyReport, Population, YearMonth, classification_inputs};
use kkb_domain::region::{Region, RegionCode};

/// Where a Kampung's population figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopulationSource {
    /// Computed from the families of this PK round.
    Pk {
        /// The round.
        year: u16,
    },
    /// A manual entry valid from this date.
    Manual {
        /// The entry's date.
        valid_from: Date,
    },
    /// Neither a PK round with families of the village nor a manual entry.
    None,
}

/// A manual population entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPopulation {
    /// The first day the entry describes.
    pub valid_from: Date,
    /// The figures.
    pub population: Population,
    /// When it was saved (RFC 3339 UTC).
    pub created_at: String,
}

impl FromRow for StoredPopulation {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(StoredPopulation { valid_from: r.get()?, population: r.get::<Json<_>>()?.0, created_at: r.get()? })
    }
}

/// Everything the class of a Kampung is computed from, and the result.
#[derive(Debug, Clone)]
pub struct KampungStatus {
    /// The record.
    pub record: KampungRecord,
    /// The active profile.
    pub profile: Option<StoredProfile>,
    /// The latest monthly report.
    pub report: Option<MonthlyReport>,
    /// The population used.
    pub population: Population,
    /// Where it comes from.
    pub population_source: PopulationSource,
    /// The activities, by date.
    pub activities: Vec<StoredActivity>,
    /// The classification inputs, as the contract's JSON.
    pub inputs: serde_json::Value,
    /// The classification.
    pub classification: Classification,
    /// Where the national portal would score the cross-sector agencies differently (it counts BKKBN and OPD-KB,
    /// and all agencies typed in by name as one); `None` when it would give the same score.
    pub portal_agencies: Option<PortalAgencies>,
}

/// Active Kampung KB of a region by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassCounts {
    /// Dasar, Berkembang, Mandiri, Berkelanjutan, in [`Class::ALL`] order.
    pub by_class: [i64; 4],
    /// Active Kampung not classified yet (created before classes were recorded; refreshed on their next change).
    pub unclassified: i64,
}

impl ClassCounts {
    /// All active Kampung KB.
    pub fn total(&self) -> i64 {
        self.by_class.iter().sum::<i64>() + self.unclassified
    }

    /// The count of one class.
    pub fn of(&self, class: Class) -> i64 {
        self.by_class[Class::ALL.iter().position(|c| *c == class).unwrap_or(0)]
    }

    fn add(&mut self, class: Option<&str>, n: i64) {
        match class.and_then(|c| Class::ALL.iter().position(|k| k.as_str() == c)) {
            Some(i) => self.by_class[i] += n,
            None => self.unclassified += n,
        }
    }
}

/// The class counts of one sub-region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionClassCounts {
    /// The sub-region.
    pub region: Region,
    /// Its counts.
    pub counts: ClassCounts,
}

impl Store {
    /// The population of a Kampung: the latest manual entry when it is dated after the reference date of the
    /// latest PK round (a newer census replaces an older manual count), otherwise the round's families.
    pub fn kampung_population(&self, village: RegionCode) -> Result<(Population, PopulationSource), StoreError> {
        let manual = self.population_entries(village)?.into_iter().next();
        let round = match self.round(None) {
            Ok(r) => Some(r),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let pk = match &round {
            Some(round) => {
                let m = self.methodology(&round.methodology_id)?;
                let answers = self.village_answers(round.year, village)?;
                (!answers.is_empty()).then(|| {
                    (Population::from_families(&m, round.year, &answers), round.year, m.reference_date(round.year))
                })
            }
            None => None,
        };
        Ok(match (manual, pk) {
            (Some(e), Some((_, _, refdate))) if e.valid_from > refdate => {
                (e.population, PopulationSource::Manual { valid_from: e.valid_from })
            }
            (_, Some((p, year, _))) => (p, PopulationSource::Pk { year }),
            (Some(e), None) => (e.population, PopulationSource::Manual { valid_from: e.valid_from }),
            (None, None) => (Population::default(), PopulationSource::None),
        })
    }

    /// Saves a dated manual population entry (a second entry on the same date replaces it). Refused when the
    /// date is in the future or before 2014, or when the counts contradict each other.
    pub fn save_population(&self, village: RegionCode, valid_from: Date, p: &Population) -> Result<(), StoreError> {
        let mut problems = Vec::new();
        kkb_domain::kampung::check_date(&mut problems, "valid_from", valid_from, today_utc());
        problems.extend(p.counts.validate());
        check("population", problems)?;
        let (v, from, json, now) = (
            village.to_string(),
            valid_from.to_string(),
            serde_json::to_string(p).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            crate::now(),
        );
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            c.exec(
                "INSERT INTO kampung_population (village, valid_from, population, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (village, valid_from) DO UPDATE SET population = excluded.population, \
                 created_at = excluded.created_at",
                &[Val::T(&v), Val::T(&from), Val::T(&json), Val::T(&now)],
            )
        })?;
        self.refresh_class(village)?;
        Ok(())
    }

    /// The manual population entries of a Kampung, newest first.
    pub fn population_entries(&self, village: RegionCode) -> Result<Vec<StoredPopulation>, StoreError> {
        self.reader()?.query_as(
            "SELECT valid_from, population, created_at FROM kampung_population WHERE village = $1 \
             ORDER BY valid_from DESC",
            &[Val::T(&village.to_string())],
        )
    }

    /// The live state of the Kampung KB of a village (`None` when it has none): the inputs of its class and the
    /// class, computed now.
    pub fn kampung_status(&self, village: RegionCode) -> Result<Option<KampungStatus>, StoreError> {
        let Some(record) = self.kampung(village)? else { return Ok(None) };
        let profile = self.active_profile(village)?;
        let report = self.latest_report(village)?;
        let activities = self.activities(village)?;
        let (population, population_source) = self.kampung_population(village)?;
        let agencies = AgencyTally::of(activities.iter().map(|a| &a.activity));
        let counts = &population.counts;
        let inputs =
            classification_inputs(profile.as_ref().map(|p| &p.profile), report.as_ref(), counts, agencies.counted);
        let parsed = Inputs::from_value(&inputs)
            .map_err(|e| StoreError::Corrupt(format!("the registry gave invalid classification inputs: {e:?}")))?;
        let rules = ClassificationRules::current();
        let classification = classify(rules, &parsed);
        let portal_agencies = PortalAgencies::compare(rules, &parsed, &classification, &agencies);
        Ok(Some(KampungStatus {
            record,
            profile,
            report,
            population,
            population_source,
            activities,
            inputs,
            classification,
            portal_agencies,
        }))
    }

    /// Recomputes the class of a village's Kampung KB and records it: on the record, and in the history when it
    /// differs from the latest recorded class. An inactive Kampung has no class. The registry's writes leave this
    /// to their callers (so that a batch of writes refreshes once): call it after changing anything a class
    /// depends on (record, profile, report, activities, population). Family imports and edits call it themselves. Returns the class (`None` when
    /// the village has no Kampung or it is inactive).
    pub fn refresh_class(&self, village: RegionCode) -> Result<Option<Class>, StoreError> {
        Ok(self.refresh_class_because(village, None)?.0)
    }

    /// [`Store::refresh_class`] with the reason a class change gets in the history; also says whether the history
    /// grew.
    pub(crate) fn refresh_class_because(
        &self,
        village: RegionCode,
        reason: Option<&str>,
    ) -> Result<(Option<Class>, bool), StoreError> {
        let Some(status) = self.kampung_status(village)? else { return Ok((None, false)) };
        let class = status.record.active.then_some(status.classification.class);
        let detail = serde_json::to_value(&status.classification).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut appended = false;
        match class {
            Some(class) => {
                appended = self.record_class_because(village, today_utc(), class.as_str(), &detail, reason)?;
            }
            None => {
                let v = village.to_string();
                self.registry_write(|c| {
                    c.exec("UPDATE kampung SET class = NULL WHERE village = $1 AND class IS NOT NULL", &[Val::T(&v)])
                })?;
            }
        }
        Ok((class, appended))
    }

    /// Recomputes the classes of the Kampung KB among `villages` (repeats allowed): after their families changed.
    /// One read when no village has a Kampung KB.
    pub(crate) fn refresh_classes_among(
        &self,
        villages: impl IntoIterator<Item = RegionCode>,
    ) -> Result<(), StoreError> {
        let formed: std::collections::BTreeSet<RegionCode> =
            self.reader()?.query_as::<RegionCode>("SELECT village FROM kampung", &[])?.into_iter().collect();
        if formed.is_empty() {
            return Ok(());
        }
        let touched: std::collections::BTreeSet<RegionCode> =
            villages.into_iter().filter(|v| formed.contains(v)).collect();
        for v in touched {
            self.refresh_class(v)?;
        }
        Ok(())
    }

    /// The current class of every active Kampung KB within a region, as kept on their records (`None`: not
    /// classified yet); one range read.
    pub fn kampung_classes(
        &self,
        within: RegionCode,
    ) -> Result<std::collections::BTreeMap<RegionCode, Option<Class>>, StoreError> {
        let (low, high) = (within.to_string(), upper(&within.to_string()));
        let rows = self.reader()?.query_as::<(RegionCode, Option<String>)>(
            "SELECT village, class FROM kampung WHERE active = 1 AND village >= $1 AND village < $2",
            &[Val::T(&low), Val::T(&high)],
        )?;
        Ok(rows
            .into_iter()
            .map(|(village, class)| (village, class.and_then(|c| Class::ALL.into_iter().find(|k| k.as_str() == c))))
            .collect())
    }

    /// The active Kampung KB of a region by their current class.
    pub fn class_counts(&self, code: RegionCode) -> Result<ClassCounts, StoreError> {
        let (low, high) = (code.to_string(), upper(&code.to_string()));
        let rows = self.reader()?.query_as::<(Option<String>, i64)>(
            "SELECT class, COUNT(*) FROM kampung WHERE active = 1 AND village >= $1 AND village < $2 GROUP BY class",
            &[Val::T(&low), Val::T(&high)],
        )?;
        let mut counts = ClassCounts::default();
        for (class, n) in rows {
            counts.add(class.as_deref(), n);
        }
        Ok(counts)
    }

    /// The class counts of every direct sub-region of `code`, in code order, in one query.
    pub fn class_counts_children(&self, code: RegionCode) -> Result<Vec<RegionClassCounts>, StoreError> {
        let children = self.children(code)?;
        let (low, high) = (code.to_string(), upper(&code.to_string()));
        let rows = self.reader()?.query_as::<(RegionCode, Option<String>)>(
            "SELECT village, class FROM kampung WHERE active = 1 AND village >= $1 AND village < $2",
            &[Val::T(&low), Val::T(&high)],
        )?;
        let mut out: Vec<RegionClassCounts> =
            children.into_iter().map(|region| RegionClassCounts { region, counts: ClassCounts::default() }).collect();
        for (village, class) in rows {
            if let Some(slot) = out.iter_mut().find(|c| village.is_within(c.region.code)) {
                slot.counts.add(class.as_deref(), 1);
            }
        }
        Ok(out)
    }

    /// Marks a monthly report verified by a district officer (`by`: the username). Fails when there is no such
    /// report.
    pub fn verify_report(&self, village: RegionCode, month: YearMonth, by: &str) -> Result<(), StoreError> {
        let (v, m, now) = (village.to_string(), month.to_string(), crate::now());
        self.registry_write(|c| {
            let n = c.exec(
                "UPDATE kampung_reports SET verified_by = $1, verified_at = $2 WHERE village = $3 AND month = $4",
                &[Val::T(by), Val::T(&now), Val::T(&v), Val::T(&m)],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("the Kampung KB of {v} has no report for {m}")));
            }
            Ok(())
        })
    }

    /// Who verified a report and when (RFC 3339 UTC), if it is verified.
    pub fn report_verification(
        &self,
        village: RegionCode,
        month: YearMonth,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = self.reader()?.query_opt_as::<(Option<String>, Option<String>)>(
            "SELECT verified_by, verified_at FROM kampung_reports WHERE village = $1 AND month = $2",
            &[Val::T(&village.to_string()), Val::T(&month.to_string())],
        )?;
        Ok(match row {
            Some((Some(by), Some(at))) => Some((by, at)),
            _ => None,
        })
    }
}
