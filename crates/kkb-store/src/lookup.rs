//! Small reads the web application needs: families by their id, and the data version that tells caches when
//! figures may have changed.

use crate::conn::{Conn, Val};
use crate::family::SUMMARY;
use crate::{FamilySummary, Store, StoreError};
use std::sync::{Condvar, Mutex, MutexGuard};
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
///
/// One caller at a time reads the version from the database. Every request asks for it, and when the version
/// expired, every request in flight (64 in the web benchmark) would otherwise read it at once and queue for
/// the reader connections; now the others keep the last value until the one read ends, or, after a local write,
/// wait for that read.
#[derive(Default)]
pub(crate) struct VersionCache {
    state: Mutex<VersionState>,
    read_done: Condvar,
}

#[derive(Default)]
struct VersionState {
    /// Local writes so far.
    writes: u64,
    /// The version last read and when; `None` after a local write.
    last: Option<(Instant, i64)>,
    /// A caller is reading the version from the database.
    reading: bool,
}

impl VersionCache {
    fn lock(&self) -> MutexGuard<'_, VersionState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The version known without a query: read within [`VERSION_TTL`], or expired while another caller reads it
    /// again (the last value meanwhile).
    fn known(g: &VersionState) -> Option<i64> {
        match g.last {
            Some((at, v)) if at.elapsed() < VERSION_TTL || g.reading => Some(v),
            _ => None,
        }
    }

    /// Forgets the cached version (after a write through this store).
    pub(crate) fn invalidate(&self) {
        let mut g = self.lock();
        g.writes += 1;
        g.last = None;
    }
}

/// Ends a read of the version, also when it fails or panics: the next caller reads.
struct Reading<'a>(&'a VersionCache);

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        self.0.lock().reading = false;
        self.0.read_done.notify_all();
    }
}

impl Store {
    /// A number that changes whenever families, region figures or the region table change (imports, edits,
    /// recomputes, registry and plan writes, region loads): at once for changes made through this store, within
    /// 200 ms (and the time of one read) for changes by another process using the database. Cheap: usually no
    /// query at all, at most one primary-key read per 200 ms, by one caller at a time.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        let cache = &self.version;
        let mut g = cache.lock();
        loop {
            if let Some(v) = VersionCache::known(&g) {
                return Ok(v);
            }
            match g.last {
                // After a local write: wait for the read under way (bounded, then read too).
                None if g.reading => {
                    let (next, waited) = crate::postgres::blocking(|| {
                        cache.read_done.wait_timeout(g, Duration::from_secs(1)).unwrap_or_else(|p| p.into_inner())
                    });
                    g = next;
                    if waited.timed_out() {
                        break;
                    }
                }
                _ => break,
            }
        }
        g.reading = true;
        let writes = g.writes;
        drop(g);
        let reading = Reading(cache);
        let stored = self
            .reader()?
            .query_opt_as::<String>("SELECT value FROM meta WHERE key = $1", &[Val::T("data_version")])?;
        let v = stored.map_or(0, |v| v.parse().unwrap_or(0));
        let mut g = cache.lock();
        if g.writes == writes {
            g.last = Some((Instant::now(), v));
        }
        drop(g);
        drop(reading);
        Ok(v)
    }

    /// The data version if it is known without a query or a wait (read within the last 200 ms, or being read
    /// again by another caller): what [`Store::data_version`] would answer at once; `None` when it would query.
    pub fn fresh_data_version(&self) -> Option<i64> {
        VersionCache::known(&self.version.lock())
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
        self.reader()?.query_each(
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
        self.reader()?.query_as(
            &format!("SELECT {SUMMARY} FROM families WHERE year = $1 AND family_id = $2 ORDER BY village"),
            &[Val::I(year.into()), Val::T(family_id)],
        )
    }
}
