//! Rows into typed values: a use case names the struct it reads (`c.query_as::<User>(…)`) and the struct says,
//! once, how its columns decode ([`FromRow`]), instead of positional `r.i(0)?, r.t(1)?` code in every query.
//!
//! Columns are read in order through [`Cols`], so a row type can embed another (a session row is a user row
//! followed by two columns). Each value decodes through [`FromCell`], which knows the store's encodings: integers
//! for booleans, dotted text for region codes, ISO text for dates, JSON text for domain values ([`Json`]). The
//! bulk paths (import, recompute, tallies) keep reading borrowed cells with [`crate::conn::RowExt`]: they decode
//! millions of rows, and borrowing avoids a copy of every text and blob.

use crate::StoreError;
use crate::conn::{CellRef, Conn, Val};
use kkb_domain::access::Role;
use kkb_domain::date::Date;
use kkb_domain::region::RegionCode;

/// The columns of one row, read from left to right.
pub struct Cols<'r, 'c> {
    cells: &'r [CellRef<'c>],
    next: usize,
}

impl<'r, 'c> Cols<'r, 'c> {
    /// The columns of a row, starting at the first.
    pub fn new(cells: &'r [CellRef<'c>]) -> Self {
        Cols { cells, next: 0 }
    }

    /// The next column, decoded.
    pub fn get<T: FromCell>(&mut self) -> Result<T, StoreError> {
        let i = self.next;
        self.next += 1;
        let cell = self.cells.get(i).copied().ok_or_else(|| StoreError::Corrupt(format!("column {i} is missing")))?;
        T::from_cell(cell).map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
    }
}

/// A value of one column.
pub trait FromCell: Sized {
    /// The value, or why the cell does not hold one.
    fn from_cell(c: CellRef<'_>) -> Result<Self, String>;
}

/// A value of a row's columns, read with [`Cols::get`] in the order of the query's columns.
pub trait FromRow: Sized {
    /// Reads the value from the next columns of `r`.
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError>;
}

impl<T: FromCell> FromRow for T {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        r.get()
    }
}

macro_rules! tuple_rows {
    ($($t:ident),+) => {
        impl<$($t: FromCell),+> FromRow for ($($t,)+) {
            fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
                Ok(($(r.get::<$t>()?,)+))
            }
        }
    };
}
tuple_rows!(A, B);
tuple_rows!(A, B, C);
tuple_rows!(A, B, C, D);

fn what(c: CellRef<'_>) -> &'static str {
    match c {
        CellRef::Null => "NULL",
        CellRef::I(_) => "an integer",
        CellRef::T(_) => "text",
        CellRef::B(_) => "bytes",
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::Null => Ok(None),
            c => T::from_cell(c).map(Some),
        }
    }
}

impl FromCell for i64 {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::I(v) => Ok(v),
            c => Err(format!("{} where an integer belongs", what(c))),
        }
    }
}

macro_rules! narrow_ints {
    ($($t:ty),+) => {$(
        impl FromCell for $t {
            fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
                let v = i64::from_cell(c)?;
                <$t>::try_from(v).map_err(|_| format!("{v} does not fit a {}", stringify!($t)))
            }
        }
    )+};
}
narrow_ints!(u8, u16, u32);

/// Booleans are stored as 0 and 1 on both engines.
impl FromCell for bool {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        Ok(i64::from_cell(c)? != 0)
    }
}

impl FromCell for String {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::T(t) => Ok(t.to_string()),
            c => Err(format!("{} where text belongs", what(c))),
        }
    }
}

impl FromCell for Vec<u8> {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::B(b) => Ok(b.to_vec()),
            c => Err(format!("{} where bytes belong", what(c))),
        }
    }
}

impl FromCell for RegionCode {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::T(t) => RegionCode::parse(t).map_err(|e| e.to_string()),
            c => Err(format!("{} where a region code belongs", what(c))),
        }
    }
}

/// A role by its stored name; a name no role has makes the row corrupt.
impl FromCell for Role {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::T(t) => Role::parse(t).ok_or_else(|| format!("{t:?} is not a role")),
            c => Err(format!("{} where a role belongs", what(c))),
        }
    }
}

impl FromCell for Date {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::T(t) => Date::parse_iso(t).ok_or_else(|| format!("{t:?} is not a date")),
            c => Err(format!("{} where a date belongs", what(c))),
        }
    }
}

/// A domain value stored as JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromCell for Json<T> {
    fn from_cell(c: CellRef<'_>) -> Result<Self, String> {
        match c {
            CellRef::T(t) => serde_json::from_str(t).map(Json).map_err(|e| e.to_string()),
            c => Err(format!("{} where JSON text belongs", what(c))),
        }
    }
}

impl dyn Conn + '_ {
    /// Every row of a query, decoded.
    pub fn query_as<T: FromRow>(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.query_each(sql, params, &mut |r| {
            out.push(T::from_row(&mut Cols::new(r))?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, decoded, if there is one.
    pub fn query_opt_as<T: FromRow>(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Option<T>, StoreError> {
        let mut first = None;
        self.query_each(sql, params, &mut |r| {
            if first.is_none() {
                first = Some(T::from_row(&mut Cols::new(r))?);
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// The first row of a query that always gives one (a count, `INSERT … RETURNING`), decoded.
    pub fn query_one_as<T: FromRow>(&mut self, sql: &str, params: &[Val<'_>]) -> Result<T, StoreError> {
        self.query_opt_as(sql, params)?.ok_or_else(|| StoreError::Db(format!("no row from {:.60}", sql)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_decode_in_order_with_their_types() {
        let cells = [
            CellRef::I(7),
            CellRef::T("17.01"),
            CellRef::Null,
            CellRef::I(1),
            CellRef::T("2026-11-28"),
            CellRef::B(b"x"),
        ];
        let mut c = Cols::new(&cells);
        assert_eq!(c.get::<u16>().unwrap(), 7);
        assert_eq!(c.get::<RegionCode>().unwrap(), RegionCode::parse("17.01").unwrap());
        assert_eq!(c.get::<Option<String>>().unwrap(), None);
        assert!(c.get::<bool>().unwrap());
        assert_eq!(c.get::<Date>().unwrap(), Date::new(2026, 11, 28).unwrap());
        assert_eq!(c.get::<Vec<u8>>().unwrap(), b"x".to_vec());
        assert!(matches!(c.get::<i64>(), Err(StoreError::Corrupt(m)) if m.contains("column 6")));
    }

    #[test]
    fn wrong_cells_are_corrupt_data_naming_the_column() {
        let cells = [CellRef::T("x"), CellRef::I(70_000), CellRef::Null, CellRef::T("{")];
        let mut c = Cols::new(&cells);
        assert!(matches!(c.get::<i64>(), Err(StoreError::Corrupt(m)) if m.starts_with("column 0")));
        assert!(matches!(c.get::<u16>(), Err(StoreError::Corrupt(m)) if m.contains("70000")));
        assert!(c.get::<String>().is_err(), "NULL is not text");
        assert!(c.get::<Json<serde_json::Value>>().is_err());
        let row: (i64, Option<String>) = FromRow::from_row(&mut Cols::new(&[CellRef::I(1), CellRef::Null])).unwrap();
        assert_eq!(row, (1, None));
    }
}
