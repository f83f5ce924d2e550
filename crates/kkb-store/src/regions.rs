//! The region register: the official Kemendagri table in the database, and an in-memory copy for validation
//! and naming.

use crate::conn::{RowExt, Val};
use crate::{Store, StoreError};
use kkb_domain::region::{Level, Region, RegionCode};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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

impl Store {
    /// Number of regions stored.
    pub fn region_count(&self) -> Result<i64, StoreError> {
        self.conn().as_mut().query_opt("SELECT COUNT(*) FROM regions", &[])?.map_or(Ok(0), |r| r.i(0))
    }

    /// Upserts a region table edition: new codes are added, names and kinds updated, nothing is removed (families
    /// may still refer to codes a newer edition dropped).
    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    pub fn load_regions(&self, rows: &[Region]) -> Result<RegionLoadReport, StoreError> {
        let existing: HashMap<String, (String, String)> = self
            .conn()
            .as_mut()
            .query("SELECT code, name, kind FROM regions", &[])?
            .iter()
            .map(|r| Ok((r.t(0)?, (r.t(1)?, r.t(2)?))))
            .collect::<Result<_, StoreError>>()?;
        let mut report = RegionLoadReport::default();
        let codes: Vec<String> = rows.iter().map(|r| r.code.to_string()).collect();
        let parents: Vec<String> =
            rows.iter().map(|r| r.code.parent().map(|p| p.to_string()).unwrap_or_default()).collect();
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
        let mut c = self.conn();
        c.as_mut().write(|c| {
            c.bulk_insert("regions", &["code", "parent", "level", "name", "kind"], &fresh)?;
            for i in changed {
                c.exec(
                    "UPDATE regions SET name = $1, kind = $2 WHERE code = $3",
                    &[Val::T(&rows[i].name), Val::T(&rows[i].kind), Val::T(&codes[i])],
                )?;
            }
            Ok(())
        })?;
        *self.regions.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(report)
    }

    /// The village and province codes in memory (cached until the next load).
    pub fn region_set(&self) -> Result<Arc<RegionSet>, StoreError> {
        if let Some(set) = self.regions.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            return Ok(set.clone());
        }
        let mut set = RegionSet::default();
        self.conn().as_mut().query_each(
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

    /// A region by code (one indexed read; the table is not loaded).
    pub fn region(&self, code: RegionCode) -> Result<Option<Region>, StoreError> {
        let row = self
            .conn()
            .as_mut()
            .query_opt("SELECT name, kind FROM regions WHERE code = $1", &[Val::T(&code.to_string())])?;
        row.map(|r| Ok(Region { code, name: r.t(0)?, kind: r.t(1)? })).transpose()
    }

    /// The direct sub-regions of `code`, in code order.
    pub fn children(&self, code: RegionCode) -> Result<Vec<Region>, StoreError> {
        let mut out = Vec::new();
        self.conn().as_mut().query_each(
            "SELECT code, name, kind FROM regions WHERE parent = $1 ORDER BY code",
            &[Val::T(&code.to_string())],
            &mut |r| {
                let c = RegionCode::parse(r.s(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                out.push(Region { code: c, name: r.t(1)?, kind: r.t(2)? });
                Ok(())
            },
        )?;
        Ok(out)
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
