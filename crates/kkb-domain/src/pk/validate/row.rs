//! What every row of both files goes through: the header's columns, the readers' marker rows, the columns beyond
//! the contract, and the checks of single cells.

use crate::fxhash::FxHashMap;
use crate::pk::Problem;
use crate::pk::read::{UTF8_MARKER, WIDTH_MARKER};
use crate::problem::{CodedColumn, Reason};

/// The columns of one file's header, resolved once.
#[derive(Clone)]
pub(in crate::pk) struct Cols {
    pub(super) names: Vec<String>,
    pub(super) extras: Vec<usize>,
    /// Positions of the coded columns (the bulk of every row), resolved once.
    pub(super) coded: Vec<Option<usize>>,
    /// Positions of the other contract columns ([`FAMILY_PLAIN`] or [`MEMBER_PLAIN`]), resolved once.
    pub(super) plain: Vec<Option<usize>>,
}

/// The family file's contract columns that are not coded answers, in the order of [`Cols::plain`].
pub(super) const FAMILY_PLAIN: [&str; 6] = ["family_id", "village_code", "pk_year", "rw", "rt", "kk_number"];
/// The member file's contract columns that are not coded answers, in the order of [`Cols::plain`].
pub(super) const MEMBER_PLAIN: [&str; 5] = ["family_id", "member_no", "name", "birth_date", "nik"];

impl Cols {
    pub(super) fn new(
        file: &str,
        header: &[&str],
        (required, known): (&[&str], &[&str]),
        (coded, plain): (&[&str], &[&str]),
    ) -> Result<Cols, Box<Problem>> {
        let mut index = FxHashMap::default();
        let mut extras = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim();
            if h.is_empty() {
                continue;
            }
            if index.insert(h.to_string(), i).is_some() {
                return Err(header_problem(file, h, Reason::DuplicateColumn));
            }
            if !known.contains(&h) {
                extras.push(i);
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !index.contains_key(*c)).collect();
        if !missing.is_empty() {
            let columns = missing.iter().map(|c| c.to_string()).collect();
            return Err(header_problem(file, &missing.join(", "), Reason::MissingColumns { columns }));
        }
        let coded = coded.iter().map(|c| index.get(*c).copied()).collect();
        let plain = plain.iter().map(|c| index.get(*c).copied()).collect();
        Ok(Cols { names: header.iter().map(|h| h.trim().to_string()).collect(), extras, coded, plain })
    }
}

/// A problem of the header row (boxed: it ends the file, and a problem is large next to `Ok`).
fn header_problem(file: &str, column: &str, reason: Reason) -> Box<Problem> {
    Box::new(Problem { file: file.into(), row: 1, column: column.into(), value: String::new(), reason })
}

/// Columns beyond the contract of one row.
pub(super) type Extras = serde_json::Map<String, serde_json::Value>;

/// The problem of a row the reader could not split (wrong width, not UTF-8: see the markers in `read`), or
/// `None` for an ordinary row.
pub(super) fn marker_problem(file: &str, cols: &Cols, row: usize, cells: &[&str]) -> Option<Problem> {
    let (column, reason) = match cells.first() {
        Some(&WIDTH_MARKER) => {
            (String::new(), Reason::RowWidth { cells: cells[1].parse().unwrap_or_default(), header: cols.names.len() })
        }
        Some(&UTF8_MARKER) => (
            cells[1].parse::<usize>().ok().and_then(|i| cols.names.get(i).cloned()).unwrap_or_default(),
            Reason::CellNotUtf8,
        ),
        _ => return None,
    };
    Some(Problem { file: file.into(), row, column, value: String::new(), reason })
}

pub(super) fn extras_of(cols: &Cols, cells: &[&str]) -> Option<Extras> {
    let map: Extras = cols
        .extras
        .iter()
        .filter(|&&i| !cells[i].trim().is_empty())
        .map(|&i| (cols.names[i].clone(), serde_json::Value::String(cells[i].trim().to_string())))
        .collect();
    (!map.is_empty()).then_some(map)
}

/// Collects the problems of one row.
pub(super) struct RowErrors<'v> {
    pub(super) out: &'v mut Vec<Problem>,
    pub(super) file: &'v str,
    pub(super) row: usize,
}

impl RowErrors<'_> {
    pub(super) fn bad<T>(&mut self, column: &str, value: &str, reason: Reason) -> Option<T> {
        let p = Problem { file: self.file.into(), row: self.row, column: column.into(), value: value.into(), reason };
        self.out.push(p);
        None
    }

    pub(super) fn family_id(&mut self, column: &str, s: &str) -> Option<String> {
        let ok = (1..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if ok { Some(s.to_string()) } else { self.bad(column, s, Reason::FamilyIdShape) }
    }

    pub(super) fn small_number(&mut self, column: &str, s: &str) -> Option<u16> {
        if s.is_empty() {
            return None;
        }
        if (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            self.bad(column, s, Reason::SmallNumber)
        }
    }

    /// A code of a coded column (a name of [`FAMILY_CODED`] or [`MEMBER_CODED`]); empty is 0.
    ///
    /// [`FAMILY_CODED`]: crate::pk::columns::FAMILY_CODED
    /// [`MEMBER_CODED`]: crate::pk::columns::MEMBER_CODED
    pub(super) fn code(&mut self, column: &'static str, s: &str, max: u8, optional: bool) -> Option<u8> {
        if s.is_empty() {
            return Some(0);
        }
        match s.parse::<u8>() {
            Ok(c) if (1..=max).contains(&c) => Some(c),
            _ => self.bad(column, s, Reason::CodeNotAllowed { codes: CodedColumn(column), optional }),
        }
    }
}
