//! Monthly reports of a Kampung KB: one a month; a month already reported is replaced only when asked.

use super::{check, require_kampung};
use crate::conn::{Conn, Val};
use crate::row::Json;
use crate::{Store, StoreError};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{MonthlyReport, YearMonth};
use kkb_domain::region::RegionCode;

/// Whether a Kampung has a report for a month.
fn report_exists(c: &mut dyn Conn, village: &str, month: &str) -> Result<bool, StoreError> {
    Ok(c.query_opt(
        "SELECT month FROM kampung_reports WHERE village = $1 AND month = $2",
        &[Val::T(village), Val::T(month)],
    )?
    .is_some())
}

/// Inserts a report (JSON), or replaces the stored one of its month when `exists` (which clears its verification).
pub(crate) fn put_report(
    c: &mut dyn Conn,
    village: &str,
    month: &str,
    json: &str,
    exists: bool,
    now: &str,
) -> Result<(), StoreError> {
    if exists {
        c.exec(
            "UPDATE kampung_reports SET report = $1, updated_at = $2, verified_by = NULL, verified_at = NULL \
             WHERE village = $3 AND month = $4",
            &[Val::T(json), Val::T(now), Val::T(village), Val::T(month)],
        )?;
    } else {
        c.exec(
            "INSERT INTO kampung_reports (village, month, report, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
            &[Val::T(village), Val::T(month), Val::T(json), Val::T(now), Val::T(now)],
        )?;
    }
    Ok(())
}

impl Store {
    /// Saves a monthly report, validated against today's date. A report for a month already reported is a
    /// [`StoreError::Conflict`] unless `replace` is set; returns whether a report was replaced.
    #[tracing::instrument(skip_all, fields(village = %r.village, month = %r.month))]
    pub fn save_report(&self, r: &MonthlyReport, replace: bool) -> Result<bool, StoreError> {
        check("report", r.validate(today_utc()))?;
        let (v, month, json, now) = (r.village.to_string(), r.month.to_string(), to_json!(r)?, crate::now());
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            let exists = report_exists(c, &v, &month)?;
            if exists && !replace {
                return Err(StoreError::Refused(kkb_domain::problem::Reason::ReportExists { month: r.month }));
            }
            put_report(c, &v, &month, &json, exists, &now)?;
            Ok(exists)
        })
    }

    /// The report of a Kampung for a month, if any.
    pub fn report(&self, village: RegionCode, month: YearMonth) -> Result<Option<MonthlyReport>, StoreError> {
        let row = self.reader()?.query_opt_as::<Json<MonthlyReport>>(
            "SELECT report FROM kampung_reports WHERE village = $1 AND month = $2",
            &[Val::T(&village.to_string()), Val::T(&month.to_string())],
        )?;
        Ok(row.map(|Json(r)| r))
    }

    /// The report of the latest month a Kampung reported, if any.
    pub fn latest_report(&self, village: RegionCode) -> Result<Option<MonthlyReport>, StoreError> {
        let row = self.reader()?.query_opt_as::<Json<MonthlyReport>>(
            "SELECT report FROM kampung_reports WHERE village = $1 ORDER BY month DESC LIMIT 1",
            &[Val::T(&village.to_string())],
        )?;
        Ok(row.map(|Json(r)| r))
    }

    /// The reports of a Kampung from `from` to `to` (both included), oldest first.
    pub fn reports(
        &self,
        village: RegionCode,
        from: YearMonth,
        to: YearMonth,
    ) -> Result<Vec<MonthlyReport>, StoreError> {
        let rows = self.reader()?.query_as::<Json<MonthlyReport>>(
            "SELECT report FROM kampung_reports WHERE village = $1 AND month >= $2 AND month <= $3 ORDER BY month",
            &[Val::T(&village.to_string()), Val::T(&from.to_string()), Val::T(&to.to_string())],
        )?;
        Ok(rows.into_iter().map(|Json(r)| r).collect())
    }
}
