//! Small reads the web application needs: families by their id, and the data version that tells caches when
//! figures may have changed.

use crate::conn::{Conn, RowExt, Val};
use crate::family::{SUMMARY, summary};
use crate::{FamilySummary, Store, StoreError};

/// Marks a change of families or figures: run inside the write transaction that makes it, so that every reader
/// (this process or another) sees a new [`Store::data_version`] exactly when the change is visible.
pub(crate) fn bump_data_version(c: &mut dyn Conn) -> Result<(), StoreError> {
    c.exec(
        "INSERT INTO meta (key, value) VALUES ('data_version', '1') \
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)",
        &[],
    )?;
    Ok(())
}

impl Store {
    /// A number that changes whenever families or region figures change (imports, edits, recomputes), in this
    /// process or another one using the same database. Cheap: one primary-key read.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        let row = self.conn().as_mut().query_opt("SELECT value FROM meta WHERE key = $1", &[Val::T("data_version")])?;
        Ok(match row {
            Some(r) => r.t(0)?.parse().unwrap_or(0),
            None => 0,
        })
    }

    /// The families with a `family_id` in a round, in any village (callers filter by the reader's scope).
    pub fn families_by_family_id(&self, year: u16, family_id: &str) -> Result<Vec<FamilySummary>, StoreError> {
        let rows = self.conn().as_mut().query(
            &format!("SELECT {SUMMARY} FROM families WHERE year = $1 AND family_id = $2 ORDER BY village"),
            &[Val::I(year.into()), Val::T(family_id)],
        )?;
        rows.iter().map(|r| summary(r)).collect()
    }
}
