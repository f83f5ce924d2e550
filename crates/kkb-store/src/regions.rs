//! The region register: the official Kemendagri table in the database, and an in-memory copy for validation
//! and naming.

use crate::conn::{RowExt, Val};
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError};
use kkb_domain::region::{Level, Region, RegionCode};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// What a region table load changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegionLoadReport {
    /// New codes.
    pub inserted: u64,
    /// Existing codes whose name or kind changed.
    pub updated: u64,
    /// Rows already identical.
    pub unchanged: u64,
}

/// What import validation needs of the region table, in memory: which codes are villages and provinces.
#[derive(Debug, Default)]
pub struct RegionSet {
    villages: HashSet<RegionCode>,
    provinces: HashSet<u8>,
}

impl RegionSet {
    /// Whether `code` is a desa/kelurahan.
    pub fn is_village(&self, code: RegionCode) -> bool {
        self.villages.contains(&code)
    }

    /// Whether a two-digit number is a province.
    pub fn is_province(&self, p: u8) -> bool {
        self.provinces.contains(&p)
    }
}

/// Regions looked up by code, valid for one [`Store::data_version`]: every page names its region, and the table
/// changes only by [`Store::load_regions`], which marks a new data version.
#[derive(Default)]
pub(crate) struct RegionCache(Mutex<(i64, HashMap<RegionCode, Option<Region>>)>);

/// Regions kept before the cache is emptied (the country has about 84,000).
const CACHED_REGIONS: usize = 100_000;

impl RegionCache {
    fn get(&self, version: i64, code: RegionCode) -> Option<Option<Region>> {
        let g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 == version { g.1.get(&code).cloned() } else { None }
    }

    fn put(&self, version: i64, code: RegionCode, region: Option<Region>) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 != version || g.1.len() >= CACHED_REGIONS {
            *g = (version, HashMap::new());
        }
        g.1.insert(code, region);
    }

    fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).1.clear();
    }
}

/// The columns of a [`Region`].
pub(crate) const REGION_COLUMNS: &str = "code, name, kind";

impl FromRow for Region {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(Region { code: r.get()?, name: r.get()?, kind: r.get()? })
    }
}

impl Store {
    /// Number of regions stored.
    pub fn region_count(&self) -> Result<i64, StoreError> {
        self.reader()?.query_one_as("SELECT COUNT(*) FROM regions", &[])
    }

    /// Upserts a region table edition: new codes are added, names and kinds updated, nothing is removed (families
    /// may still refer to codes a newer edition dropped). Marks a new data version: pages name regions.
    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    pub fn load_regions(&self, rows: &[Region]) -> Result<RegionLoadReport, StoreError> {
        let codes: Vec<String> = rows.iter().map(|r| r.code.to_string()).collect();
        let parents: Vec<String> =
            rows.iter().map(|r| r.code.parent().map(|p| p.to_string()).unwrap_or_default()).collect();
        let written = self.writer().and_then(|mut w| {
            w.write(|c| {
                crate::lookup::bump_data_version(c)?;
                // Read inside the write: what is inserted and what updated depends on what is stored.
                let existing: HashMap<String, (String, String)> = c
                    .query_as::<(String, String, String)>("SELECT code, name, kind FROM regions", &[])?
                    .into_iter()
                    .map(|(code, name, kind)| (code, (name, kind)))
                    .collect();
                let mut report = RegionLoadReport::default();
                let mut fresh: Vec<Val<'_>> = Vec::new();
                let mut changed = Vec::new();
                for (i, r) in rows.iter().enumerate() {
                    match existing.get(&codes[i]) {
                        None => {
                            report.inserted += 1;
                            let parent = if parents[i].is_empty() { Val::NullT } else { Val::T(&parents[i]) };
                            fresh.extend([
                                Val::T(&codes[i]),
                                parent,
                                Val::T(r.code.level().as_str()),
                                Val::T(&r.name),
                                Val::T(&r.kind),
                            ]);
                        }
                        Some((name, kind)) if *name != r.name || *kind != r.kind => {
                            report.updated += 1;
                            changed.push(i);
                        }
                        Some(_) => report.unchanged += 1,
                    }
                }
                c.bulk_insert("regions", &["code", "parent", "level", "name", "kind"], &fresh)?;
                for i in changed {
                    c.exec(
                        "UPDATE regions SET name = $1, kind = $2 WHERE code = $3",
                        &[Val::T(&rows[i].name), Val::T(&rows[i].kind), Val::T(&codes[i])],
                    )?;
                }
                Ok(report)
            })
        });
        self.version.invalidate();
        self.region_names.clear();
        *self.regions.lock().unwrap_or_else(|p| p.into_inner()) = None;
        written
    }

    /// The village and province codes in memory (cached until the next load).
    pub fn region_set(&self) -> Result<Arc<RegionSet>, StoreError> {
        if let Some(set) = self.regions.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            return Ok(set.clone());
        }
        let mut set = RegionSet::default();
        self.reader()?.query_each(
            "SELECT code FROM regions WHERE level IN ('village', 'province')",
            &[],
            &mut |r| {
                let code = RegionCode::parse(r.s(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                if code.level() == Level::Village {
                    set.villages.insert(code);
                } else {
                    set.provinces.insert(code.province_number());
                }
                Ok(())
            },
        )?;
        let set = Arc::new(set);
        *self.regions.lock().unwrap_or_else(|p| p.into_inner()) = Some(set.clone());
        Ok(set)
    }

    /// A region by code: one indexed read, then from memory until the data version changes.
    pub fn region(&self, code: RegionCode) -> Result<Option<Region>, StoreError> {
        let version = self.data_version()?;
        if let Some(r) = self.region_names.get(version, code) {
            return Ok(r);
        }
        let r: Option<Region> = self.reader()?.query_opt_as(
            &format!("SELECT {REGION_COLUMNS} FROM regions WHERE code = $1"),
            &[Val::T(&code.to_string())],
        )?;
        self.region_names.put(version, code, r.clone());
        Ok(r)
    }

    /// A region by code if it is known without a query: `Some(version, region)` when the data version is fresh in
    /// memory ([`Store::fresh_data_version`]) and the region was read at that version; `None` otherwise (then ask
    /// [`Store::region`], which may query). For callers on threads that must not wait for the database: a cached
    /// page is answered there, anything else is sent where waiting is allowed.
    pub fn region_if_cached(&self, code: RegionCode) -> Option<(i64, Option<Region>)> {
        let version = self.fresh_data_version()?;
        Some((version, self.region_names.get(version, code)?))
    }

    /// The direct sub-regions of `code`, in code order.
    pub fn children(&self, code: RegionCode) -> Result<Vec<Region>, StoreError> {
        self.reader()?.query_as(
            &format!("SELECT {REGION_COLUMNS} FROM regions WHERE parent = $1 ORDER BY code"),
            &[Val::T(&code.to_string())],
        )
    }
}

/// The bounds of the strings that start with `prefix`, for an indexed `>= low AND < high` (`high` is `None` when
/// no string sorts after them). They hold for byte order: SQLite's, and PostgreSQL's on the region columns, which
/// migration 0002 gives the "C" collation.
pub(crate) fn prefix_bounds(prefix: &str) -> (String, Option<String>) {
    let mut high: Vec<char> = prefix.chars().collect();
    while let Some(last) = high.pop() {
        // The next character after `last` (skipping the surrogate gap); none after char::MAX, so carry.
        if let Some(next) = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32) {
            high.push(next);
            return (prefix.to_string(), Some(high.into_iter().collect()));
        }
    }
    (prefix.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::prefix_bounds;

    #[test]
    fn prefix_bounds_enclose_exactly_the_strings_with_the_prefix() {
        assert_eq!(prefix_bounds("17.01."), ("17.01.".into(), Some("17.01/".into())));
        assert_eq!(prefix_bounds("17.0"), ("17.0".into(), Some("17.1".into())));
        assert_eq!(prefix_bounds("a\u{d7ff}"), ("a\u{d7ff}".into(), Some("a\u{e000}".into())));
        assert_eq!(prefix_bounds("a\u{10ffff}"), ("a\u{10ffff}".into(), Some("b".into())));
        assert_eq!(prefix_bounds("\u{10ffff}"), ("\u{10ffff}".into(), None));
        let (low, high) = prefix_bounds("17.01");
        let high = high.unwrap();
        for (s, inside) in
            [("17.01", true), ("17.01.01.2001", true), ("17.010", true), ("17.02", false), ("17.0", false)]
        {
            assert_eq!(s >= low.as_str() && s < high.as_str(), inside, "{s}");
        }
    }
}
