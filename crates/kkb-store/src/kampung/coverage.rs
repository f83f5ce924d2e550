//! Coverage: how many of a region's villages have formed a Kampung KB, on a date.

use super::upper;
use crate::conn::Val;
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError};
use kkb_domain::date::Date;
use kkb_domain::region::{Region, RegionCode};

/// Kampung KB formed among the villages of a region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Desa/kelurahan in the region (from the region table).
    pub villages: i64,
    /// Active Kampung KB launched on or before the date asked for.
    pub formed: i64,
}

/// The coverage of one sub-region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCoverage {
    /// The sub-region.
    pub region: Region,
    /// Its coverage.
    pub coverage: Coverage,
}

impl FromRow for Coverage {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(Coverage { villages: r.get()?, formed: r.get()? })
    }
}

impl FromRow for RegionCoverage {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(RegionCoverage { region: Region::from_row(r)?, coverage: Coverage::from_row(r)? })
    }
}

/// The date bound of coverage queries.
fn as_of_text(as_of: Option<Date>) -> String {
    as_of.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string())
}

impl Store {
    /// The coverage of a region on `as_of` (today's state when `None`): its villages, and its active Kampung KB
    /// launched on or before that date.
    pub fn coverage(&self, code: RegionCode, as_of: Option<Date>) -> Result<Coverage, StoreError> {
        let (low, high, date) = (code.to_string(), upper(&code.to_string()), as_of_text(as_of));
        self.reader()?.query_one_as(
            "SELECT (SELECT COUNT(*) FROM regions WHERE level = 'village' AND code >= $1 AND code < $2), \
             (SELECT COUNT(*) FROM kampung WHERE active = 1 AND launch_date <= $3 AND village >= $4 AND village < $5)",
            &[Val::T(&low), Val::T(&high), Val::T(&date), Val::T(&low), Val::T(&high)],
        )
    }

    /// The coverage of every direct sub-region of `code` on `as_of`, in code order, in one query.
    pub fn coverage_children(&self, code: RegionCode, as_of: Option<Date>) -> Result<Vec<RegionCoverage>, StoreError> {
        let (parent, date) = (code.to_string(), as_of_text(as_of));
        self.reader()?.query_as(
            "SELECT c.code, c.name, c.kind, \
             (SELECT COUNT(*) FROM regions v WHERE v.level = 'village' AND v.code >= c.code AND v.code < c.code || '/'), \
             (SELECT COUNT(*) FROM kampung k WHERE k.active = 1 AND k.launch_date <= $1 \
              AND k.village >= c.code AND k.village < c.code || '/') \
             FROM regions c WHERE c.parent = $2 ORDER BY c.code",
            &[Val::T(&date), Val::T(&parent)],
        )
    }
}
