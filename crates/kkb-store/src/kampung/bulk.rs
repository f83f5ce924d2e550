//! Importing registry files (docs/kampung-import.md): Kampung KB records and monthly reports read and checked by
//! kkb-domain's [`RegistryReader`](kkb_domain::kampung::RegistryReader), written here in one transaction.
//!
//! The checks that need the database run inside that transaction, before anything is written: every record's
//! village is a desa/kelurahan of the region table, every report's village has a Kampung KB (in the same import or
//! already stored), and a month already reported is replaced only when asked. Any problem refuses the whole import
//! with every problem listed by file, row and column, so nothing is ever half saved. The classes of the touched
//! villages are recomputed after the commit (a class is derived data: a failure there leaves the import intact and
//! the next change of the Kampung recomputes it).

use super::{put_record, put_report, upper};
use crate::conn::{Conn, Val};
use crate::row::Json;
use crate::{Store, StoreError};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{MonthlyReport, RegistryRows};
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// What an import of registry files changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegistryImportSummary {
    /// Kampung KB records created.
    pub kampungs_new: usize,
    /// Kampung KB records that replaced a stored one.
    pub kampungs_updated: usize,
    /// Monthly reports added.
    pub reports_new: usize,
    /// Monthly reports that replaced a stored one of the same month.
    pub reports_replaced: usize,
    /// Villages whose class was recomputed.
    pub villages: usize,
}

/// What the store already holds of a village.
struct Stored {
    has_kampung: bool,
    months: HashSet<String>,
}

fn stored(c: &mut dyn Conn, village: &str) -> Result<Stored, StoreError> {
    let has_kampung = c.query_opt("SELECT village FROM kampung WHERE village = $1", &[Val::T(village)])?.is_some();
    let months = c
        .query_as::<String>("SELECT month FROM kampung_reports WHERE village = $1", &[Val::T(village)])?
        .into_iter()
        .collect();
    Ok(Stored { has_kampung, months })
}

impl Store {
    /// Imports the rows of registry files in one transaction: records are created or replaced (keeping their
    /// creation time), reports added, and a report of a month already stored replaced when `replace_reports` is
    /// set and refused otherwise. Refused whole with [`StoreError::Problems`] (file, row, column, value, reason)
    /// when a record's village is not a desa/kelurahan of the region table, a report's village has no Kampung KB
    /// in the rows or the store, a month is already reported without `replace_reports`, or a row no longer passes
    /// the forms' rules today. Then recomputes the class of every village touched.
    #[tracing::instrument(skip_all, fields(kampungs = rows.kampungs.len(), reports = rows.reports.len(), replace_reports))]
    pub fn import_registry(
        &self,
        rows: &RegistryRows,
        replace_reports: bool,
    ) -> Result<RegistryImportSummary, StoreError> {
        let mut problems = rows.revalidate(today_utc());
        let regions = self.region_set()?;
        let not_village = |code: RegionCode| Reason::VillageNotInTable { code: code.to_string() };
        for k in rows.kampungs.iter().filter(|k| !regions.is_village(k.value.village)) {
            let code = k.value.village;
            problems.push(k.problem("village_code", code.to_string(), not_village(code)));
        }
        let in_rows: HashSet<RegionCode> = rows.kampungs.iter().map(|k| k.value.village).collect();
        let now = crate::now();
        let mut summary = RegistryImportSummary::default();
        self.registry_write(|c| {
            let mut known: HashMap<RegionCode, Stored> = HashMap::new();
            for r in &rows.reports {
                let (village, month) = (r.value.village, r.value.month.to_string());
                let s = match known.entry(village) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(stored(c, &village.to_string())?),
                };
                if !regions.is_village(village) {
                    problems.push(r.problem("village_code", village.to_string(), not_village(village)));
                } else if !in_rows.contains(&village) && !s.has_kampung {
                    problems.push(r.problem(
                        "village_code",
                        village.to_string(),
                        Reason::NoKampung { village: village.to_string() },
                    ));
                } else if s.months.contains(&month) && !replace_reports {
                    problems.push(r.problem(
                        "month",
                        month.clone(),
                        Reason::MonthAlreadyReported { month: r.value.month },
                    ));
                }
            }
            if !problems.is_empty() {
                return Err(StoreError::Problems(std::mem::take(&mut problems)));
            }
            for k in &rows.kampungs {
                if put_record(c, &k.value, &now)?.1 {
                    summary.kampungs_new += 1;
                } else {
                    summary.kampungs_updated += 1;
                }
            }
            for r in &rows.reports {
                let (village, month) = (r.value.village, r.value.month.to_string());
                let exists = known.get(&village).is_some_and(|s| s.months.contains(&month));
                let json = serde_json::to_string(&r.value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                put_report(c, &village.to_string(), &month, &json, exists, &now)?;
                if exists {
                    summary.reports_replaced += 1;
                } else {
                    summary.reports_new += 1;
                }
            }
            Ok(())
        })?;
        for village in rows.villages() {
            self.refresh_class(village)?;
            summary.villages += 1;
        }
        tracing::info!(
            kampungs_new = summary.kampungs_new,
            kampungs_updated = summary.kampungs_updated,
            reports_new = summary.reports_new,
            reports_replaced = summary.reports_replaced,
            "registry imported"
        );
        Ok(summary)
    }

    /// The monthly reports of every Kampung KB within a region (the whole country when `None`), by village then
    /// month: what an export of the reports holds.
    pub fn reports_within(&self, within: Option<RegionCode>) -> Result<Vec<MonthlyReport>, StoreError> {
        let (low, high) = match within {
            Some(code) => (code.to_string(), upper(&code.to_string())),
            None => (String::new(), "\u{10ffff}".to_string()),
        };
        let rows = self.reader()?.query_as::<Json<MonthlyReport>>(
            "SELECT report FROM kampung_reports WHERE village >= $1 AND village < $2 ORDER BY village, month",
            &[Val::T(&low), Val::T(&high)],
        )?;
        Ok(rows.into_iter().map(|Json(r)| r).collect())
    }
}
