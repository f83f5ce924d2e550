//! Small reads the web application needs: families by their id, and the data version that tells caches when
//! figures may have changed.

use crate::conn::{Conn, RowExt, Val};
use crate::family::{SUMMARY, summary};
use crate::{FamilySummary, Store, StoreError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// How long a data version read from the database is trusted before it is read again: changes made through this
/// store are seen at once; changes by another process (a CLI import while the server runs) within this time.
const VERSION_TTL: Duration = Duration::from_millis(200);

/// The last data version read and when, with a count of local writes: a version read while a local write
/// committed is not kept (it may be the one from before the write).
#[derive(Default)]
pub(crate) struct VersionCache(Mutex<(u64, Option<(Instant, i64)>)>);

impl VersionCache {
    /// Forgets the cached version (after a write through this store).
    pub(crate) fn invalidate(&self) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        g.0 += 1;
        g.1 = None;
    }
}

impl Store {
    /// A number that changes whenever families or region figures change (imports, edits, recomputes): at once
    /// for changes made through this store, within 200 ms for changes by another process using the database.
    /// Cheap: usually no query at all, at most one primary-key read per 200 ms.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        let writes = {
            let g = self.version.0.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, v)) = g.1
                && at.elapsed() < VERSION_TTL
            {
                return Ok(v);
            }
            g.0
        };
        let row = self.conn().as_mut().query_opt("SELECT value FROM meta WHERE key = $1", &[Val::T("data_version")])?;
        let v = match row {
            Some(r) => r.t(0)?.parse().unwrap_or(0),
            None => 0,
        };
        let mut g = self.version.0.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 == writes {
            g.1 = Some((Instant::now(), v));
        }
        Ok(v)
    }

    /// The coded answers (no personal data) of every family of a village in a round: what a Kampung's population
    /// figures are computed from.
    pub fn village_answers(
        &self,
        year: u16,
        village: kkb_domain::region::RegionCode,
    ) -> Result<Vec<kkb_domain::pk::FamilyAnswers>, StoreError> {
        let v = village.to_string();
        let mut out = Vec::new();
        self.conn().as_mut().query_each(
            "SELECT answers FROM families WHERE year = $1 AND village = $2 ORDER BY family_id",
            &[Val::I(year.into()), Val::T(&v)],
            &mut |r| {
                let bytes = match r.first() {
                    Some(crate::conn::CellRef::B(b)) => *b,
                    _ => return Err(StoreError::Corrupt("family answers are not a blob".into())),
                };
                out.push(kkb_domain::pk::FamilyAnswers::decode(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))?);
                Ok(())
            },
        )?;
        Ok(out)
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
