//! Kemendagri region codes (*Kode Wilayah Administrasi Pemerintahan*).
//!
//! A code is parsed once into [`RegionCode`], a small copyable value that knows its level and its parents, so
//! the rest of the system never handles code strings. Both the dotted form (`17.01.01.2001`) and the compact form
//! (`1701012001`) are accepted; the dotted form is canonical for display and storage.

use std::fmt;
use std::str::FromStr;

/// The four levels of the Kemendagri hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Provinsi.
    Province,
    /// Kabupaten or kota.
    Regency,
    /// Kecamatan.
    District,
    /// Desa or kelurahan.
    Village,
}

impl Level {
    /// The name used in files and the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Regency => "regency",
            Level::District => "district",
            Level::Village => "village",
        }
    }

    /// Number of digits of a code at this level, in compact form.
    fn digits(self) -> usize {
        match self {
            Level::Province => 2,
            Level::Regency => 4,
            Level::District => 6,
            Level::Village => 10,
        }
    }

    fn from_digits(n: usize) -> Option<Level> {
        match n {
            2 => Some(Level::Province),
            4 => Some(Level::Regency),
            6 => Some(Level::District),
            10 => Some(Level::Village),
            _ => None,
        }
    }
}

impl FromStr for Level {
    type Err = RegionCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "province" => Ok(Level::Province),
            "regency" => Ok(Level::Regency),
            "district" => Ok(Level::District),
            "village" => Ok(Level::Village),
            _ => Err(RegionCodeError::Level(s.to_string())),
        }
    }
}

/// Why a region code did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    /// Not one of the four code shapes.
    #[error("not a region code (expected e.g. 17, 17.01, 17.01.01, 17.01.01.2001 or 1701012001)")]
    Shape,
    /// Unknown level name.
    #[error("unknown level {0:?}")]
    Level(String),
}

/// A Kemendagri region code at any level.
///
/// Stored as its compact digits (e.g. `1701012001`) and its level; ordering follows the official sort order
/// within a level.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode {
    level: Level,
    digits: u64,
}

impl RegionCode {
    /// Parses `17.01.01.2001` or `1701012001` (and the shorter codes of higher levels).
    pub fn parse(s: &str) -> Result<RegionCode, RegionCodeError> {
        let s = s.trim();
        let bytes = s.as_bytes();
        if bytes.is_empty() || bytes.len() > 13 {
            return Err(RegionCodeError::Shape);
        }
        let mut digits: u64 = 0;
        let mut n = 0usize;
        if bytes.contains(&b'.') {
            // Dotted: segments of 2, 2, 2, 4 digits.
            const SEG: [usize; 4] = [2, 2, 2, 4];
            for (segs, seg) in s.split('.').enumerate() {
                if segs == 4 || seg.len() != SEG[segs] || !seg.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(RegionCodeError::Shape);
                }
                for b in seg.bytes() {
                    digits = digits * 10 + u64::from(b - b'0');
                    n += 1;
                }
            }
        } else {
            if !bytes.iter().all(u8::is_ascii_digit) {
                return Err(RegionCodeError::Shape);
            }
            for &b in bytes {
                digits = digits * 10 + u64::from(b - b'0');
                n += 1;
            }
        }
        let level = Level::from_digits(n).ok_or(RegionCodeError::Shape)?;
        Ok(RegionCode { level, digits })
    }

    /// The level of this code.
    pub fn level(self) -> Level {
        self.level
    }

    /// The compact digits as a number (e.g. 1701012001).
    pub fn compact(self) -> u64 {
        self.digits
    }

    /// Builds a code from compact digits and a level; `None` if the number has more digits than the level.
    pub fn from_compact(level: Level, digits: u64) -> Option<RegionCode> {
        (digits < 10u64.pow(level.digits() as u32)).then_some(RegionCode { level, digits })
    }

    /// The two-digit province number.
    pub fn province_number(self) -> u8 {
        (self.digits / 10u64.pow(self.level.digits() as u32 - 2)) as u8
    }

    /// The enclosing region one level up, `None` for a province.
    pub fn parent(self) -> Option<RegionCode> {
        let (level, div) = match self.level {
            Level::Province => return None,
            Level::Regency => (Level::Province, 100),
            Level::District => (Level::Regency, 100),
            Level::Village => (Level::District, 10_000),
        };
        Some(RegionCode { level, digits: self.digits / div })
    }

    /// This code and all its ancestors, from itself up to the province.
    pub fn lineage(self) -> impl Iterator<Item = RegionCode> {
        std::iter::successors(Some(self), |c| c.parent())
    }

    /// The ancestor (or self) at `level`, if `level` is not below this code's level.
    pub fn ancestor_at(self, level: Level) -> Option<RegionCode> {
        self.lineage().find(|c| c.level == level)
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn is_within(self, other: RegionCode) -> bool {
        self.ancestor_at(other.level) == Some(other)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits;
        match self.level {
            Level::Province => write!(f, "{d:02}"),
            Level::Regency => write!(f, "{:02}.{:02}", d / 100, d % 100),
            Level::District => write!(f, "{:02}.{:02}.{:02}", d / 10_000, d / 100 % 100, d % 100),
            Level::Village => {
                write!(f, "{:02}.{:02}.{:02}.{:04}", d / 100_000_000, d / 1_000_000 % 100, d / 10_000 % 100, d % 10_000)
            }
        }
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({self})")
    }
}

impl FromStr for RegionCode {
    type Err = RegionCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl serde::Serialize for RegionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for RegionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RegionCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The official region table (Kemendagri 2025 edition, all of Indonesia), built into the binary.
pub const OFFICIAL_TABLE: &[u8] = include_bytes!("../../../data/regions-indonesia.csv");

/// One row of the official region table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The code.
    pub code: RegionCode,
    /// Official name, as written in the source.
    pub name: String,
    /// `kabupaten`, `kota`, `desa`, `kelurahan`, `desa_adat`, or empty.
    pub kind: String,
}

/// Parses a region table in the `code,name,level,parent_code,kind` format of `data/regions-indonesia.csv`.
///
/// Every row is checked: code shape, level agreeing with the code, parent agreeing with the code.
pub fn parse_region_table(bytes: &[u8]) -> Result<Vec<Region>, String> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let headers = rdr.headers().map_err(|e| format!("header: {e}"))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| format!("missing column {name:?}"))
    };
    let (c_code, c_name, c_level, c_parent) = (col("code")?, col("name")?, col("level")?, col("parent_code")?);
    let c_kind = col("kind").ok();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| format!("row {row}: {e}"))?;
        let code = RegionCode::parse(&rec[c_code]).map_err(|e| format!("row {row}, code {:?}: {e}", &rec[c_code]))?;
        let level: Level = rec[c_level].parse().map_err(|e| format!("row {row}, level: {e}"))?;
        if level != code.level() {
            return Err(format!("row {row}: level {level:?} does not match code {code}"));
        }
        let parent = rec[c_parent].trim();
        let expected = code.parent().map(|p| p.to_string()).unwrap_or_default();
        if parent != expected {
            return Err(format!("row {row}: parent_code {parent:?} should be {expected:?}"));
        }
        let name = rec[c_name].trim().to_string();
        if name.is_empty() {
            return Err(format!("row {row}: empty name"));
        }
        let kind = c_kind.map(|c| rec[c].trim().to_string()).unwrap_or_default();
        out.push(Region { code, name, kind });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_both_forms() {
        let a = RegionCode::parse("17.01.01.2001").unwrap();
        let b = RegionCode::parse("1701012001").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.level(), Level::Village);
        assert_eq!(a.to_string(), "17.01.01.2001");
        assert_eq!(a.parent().unwrap().to_string(), "17.01.01");
        assert_eq!(a.ancestor_at(Level::Province).unwrap().to_string(), "17");
        assert_eq!(a.province_number(), 17);
        assert_eq!(a.lineage().count(), 4);
        assert!(a.is_within(RegionCode::parse("17.01").unwrap()));
        assert!(!a.is_within(RegionCode::parse("17.02").unwrap()));
    }

    #[test]
    fn rejects_bad_shapes() {
        for s in ["", "1", "17.1", "17.01.01.201", "170101200", "17-01", "17.01.01.2001.1", "ab", "17..01"] {
            assert!(RegionCode::parse(s).is_err(), "{s:?} should be rejected");
        }
    }

    #[test]
    fn embedded_table_is_consistent() {
        let rows = parse_region_table(OFFICIAL_TABLE).unwrap();
        assert_eq!(rows.len(), 91_599);
        assert_eq!(rows.iter().filter(|r| r.code.level() == Level::Village).count(), 83_762);
    }

    proptest! {
        #[test]
        fn display_round_trips(p in 11u64..=99, r in 0u64..=99, d in 0u64..=99, v in 0u64..=9999) {
            let compact = ((p * 100 + r) * 100 + d) * 10_000 + v;
            let code = RegionCode::from_compact(Level::Village, compact).unwrap();
            let dotted = code.to_string();
            prop_assert_eq!(RegionCode::parse(&dotted).unwrap(), code);
            prop_assert_eq!(RegionCode::parse(&format!("{compact:010}")).unwrap(), code);
            prop_assert_eq!(code.parent().unwrap().parent().unwrap().parent().unwrap().compact(), p);
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = RegionCode::parse(&s);
        }
    }
}
