//! The Kampung KB registry's storage: records, versioned profiles, monthly reports, activities, class history,
//! documents and coverage, one module each. Domain values are validated by kkb-domain and stored as JSON beside the
//! columns that queries filter on; every write runs in one transaction ([`Store::registry_write`]), so a refused
//! write leaves nothing behind.

// Macros rather than generic functions: defined before the modules that use them.
macro_rules! to_json {
    ($v:expr) => {
        serde_json::to_string($v).map_err(|e| StoreError::Corrupt(e.to_string()))
    };
}

mod activity;
pub(crate) mod bulk;
mod coverage;
mod document;
mod history;
mod profile;
mod reclassify;
mod record;
mod report;
mod sha256;
mod status;

pub use activity::StoredActivity;
pub use coverage::{Coverage, RegionCoverage};
pub use document::{Document, DocumentMeta, MAX_DOCUMENT_BYTES};
pub use history::ClassChange;
pub use profile::StoredProfile;
pub(crate) use record::put_record;
pub(crate) use report::put_report;
pub use status::{ClassCounts, KampungStatus, PopulationSource, RegionClassCounts, StoredPopulation};

use crate::conn::{Conn, Val};
use crate::{Store, StoreError};
use kkb_domain::kampung::FieldProblem;
use kkb_domain::pk::Problem;

/// Domain problems with a `what` (`kampung`, `plan`, …) as a store refusal.
pub(crate) fn problems(what: &str, p: Vec<FieldProblem>) -> StoreError {
    StoreError::Problems(
        p.into_iter()
            .map(|p| Problem { file: what.into(), row: 0, column: p.field, value: String::new(), reason: p.reason })
            .collect(),
    )
}

/// `Ok` without problems, else [`problems`].
pub(crate) fn check(what: &str, p: Vec<FieldProblem>) -> Result<(), StoreError> {
    if p.is_empty() { Ok(()) } else { Err(problems(what, p)) }
}

/// `NotFound` unless `village` has a Kampung KB record.
fn require_kampung(c: &mut dyn Conn, village: &str) -> Result<(), StoreError> {
    match c.query_opt("SELECT village FROM kampung WHERE village = $1", &[Val::T(village)])? {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("{village} has no Kampung KB record"))),
    }
}

/// The upper bound of the codes within `code` (itself and `code.…`): `code/`, as `/` follows `.` in byte order.
fn upper(code: &str) -> String {
    format!("{code}/")
}

impl Store {
    /// Runs a registry write in one transaction that also marks a new data version (coverage and classes feed the
    /// dashboards' caches).
    pub(crate) fn registry_write<T>(
        &self,
        f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let r = self.writer().and_then(|mut w| {
            w.write(|c| {
                let v = f(c)?;
                crate::lookup::bump_data_version(c)?;
                Ok(v)
            })
        });
        self.version.invalidate();
        r
    }
}
