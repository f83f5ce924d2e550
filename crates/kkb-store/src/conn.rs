//! The narrow waist between the use-case logic and the two database engines.
//!
//! Every store method is written once, in SQL that both SQLite and PostgreSQL accept (`$1` placeholders used in
//! ascending order, `ON CONFLICT` upserts, BIGINT/TEXT/BLOB-or-BYTEA columns). A backend only executes
//! statements, streams rows and bulk-loads rows (prepared statements on SQLite, `COPY` on PostgreSQL). We use
//! the engines' synchronous drivers instead of sqlx: the bulk import is dominated by per-row overhead, which a
//! prepared rusqlite statement keeps around a microsecond and an async driver multiplies.

use crate::StoreError;

/// A parameter value.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    /// An integer.
    I(i64),
    /// Text.
    T(&'a str),
    /// Bytes.
    B(&'a [u8]),
    /// NULL in an integer column.
    NullI,
    /// NULL in a text column.
    NullT,
    /// NULL in a bytes column.
    NullB,
}

impl<'a> Val<'a> {
    /// An optional integer.
    pub fn opt_i(v: Option<i64>) -> Val<'a> {
        v.map_or(Val::NullI, Val::I)
    }
    /// Optional text.
    pub fn opt_t(v: Option<&'a str>) -> Val<'a> {
        v.map_or(Val::NullT, Val::T)
    }
    /// Optional bytes.
    pub fn opt_b(v: Option<&'a [u8]>) -> Val<'a> {
        v.map_or(Val::NullB, Val::B)
    }
}

/// An owned column value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// NULL.
    Null,
    /// An integer.
    I(i64),
    /// Text.
    T(String),
    /// Bytes.
    B(Vec<u8>),
}

/// One result row.
pub type Row = Vec<Cell>;

/// A borrowed column value, valid while the row is being handed to a callback (no allocation per column).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// NULL.
    Null,
    /// An integer.
    I(i64),
    /// Text.
    T(&'a str),
    /// Bytes.
    B(&'a [u8]),
}

impl CellRef<'_> {
    /// An owned copy.
    pub fn into_cell(self) -> Cell {
        match self {
            CellRef::Null => Cell::Null,
            CellRef::I(i) => Cell::I(i),
            CellRef::T(t) => Cell::T(t.to_string()),
            CellRef::B(b) => Cell::B(b.to_vec()),
        }
    }
}

/// Anything that can be read as a [`CellRef`].
pub trait AsCell {
    /// The value, borrowed.
    fn cell(&self) -> CellRef<'_>;
}

impl AsCell for Cell {
    fn cell(&self) -> CellRef<'_> {
        match self {
            Cell::Null => CellRef::Null,
            Cell::I(i) => CellRef::I(*i),
            Cell::T(t) => CellRef::T(t),
            Cell::B(b) => CellRef::B(b),
        }
    }
}

impl AsCell for CellRef<'_> {
    fn cell(&self) -> CellRef<'_> {
        *self
    }
}

/// Reads typed values out of a row.
pub trait RowExt {
    /// An integer column (NULL → error).
    fn i(&self, i: usize) -> Result<i64, StoreError>;
    /// An optional integer column.
    fn oi(&self, i: usize) -> Result<Option<i64>, StoreError>;
    /// A text column.
    fn t(&self, i: usize) -> Result<String, StoreError>;
    /// An optional text column.
    fn ot(&self, i: usize) -> Result<Option<String>, StoreError>;
    /// A text column, borrowed.
    fn s(&self, i: usize) -> Result<&str, StoreError>;
    /// A bytes column.
    fn b(&self, i: usize) -> Result<&[u8], StoreError>;
    /// An optional bytes column.
    fn ob(&self, i: usize) -> Result<Option<&[u8]>, StoreError>;
}

fn bad(i: usize, what: &str) -> StoreError {
    StoreError::Corrupt(format!("column {i} is not {what}"))
}

impl<C: AsCell> RowExt for [C] {
    fn i(&self, i: usize) -> Result<i64, StoreError> {
        self.oi(i)?.ok_or_else(|| bad(i, "an integer"))
    }
    fn oi(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i).map(AsCell::cell) {
            Some(CellRef::I(v)) => Ok(Some(v)),
            Some(CellRef::Null) => Ok(None),
            _ => Err(bad(i, "an integer")),
        }
    }
    fn t(&self, i: usize) -> Result<String, StoreError> {
        self.s(i).map(str::to_string)
    }
    fn ot(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.get(i).map(AsCell::cell) {
            Some(CellRef::T(v)) => Ok(Some(v.to_string())),
            Some(CellRef::Null) => Ok(None),
            _ => Err(bad(i, "text")),
        }
    }
    fn s(&self, i: usize) -> Result<&str, StoreError> {
        match self.get(i).map(AsCell::cell) {
            Some(CellRef::T(v)) => Ok(v),
            _ => Err(bad(i, "text")),
        }
    }
    fn b(&self, i: usize) -> Result<&[u8], StoreError> {
        self.ob(i)?.ok_or_else(|| bad(i, "bytes"))
    }
    fn ob(&self, i: usize) -> Result<Option<&[u8]>, StoreError> {
        match self.get(i).map(AsCell::cell) {
            Some(CellRef::B(v)) => Ok(Some(v)),
            Some(CellRef::Null) => Ok(None),
            _ => Err(bad(i, "bytes")),
        }
    }
}

/// A database connection as the store needs it.
pub trait Conn: Send {
    /// Which engine (for messages and migrations only; store logic never branches on it).
    fn engine(&self) -> &'static str;
    /// Runs statements without parameters (DDL, BEGIN/COMMIT).
    fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
    /// Runs one statement; returns the number of rows changed.
    fn exec(&mut self, sql: &str, params: &[Val<'_>]) -> Result<u64, StoreError>;
    /// Runs a query and hands each row to `f`.
    fn query_each(
        &mut self,
        sql: &str,
        params: &[Val<'_>],
        f: &mut dyn FnMut(&[CellRef<'_>]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Inserts rows into `table(columns)`; `values` holds the rows one after another, `columns.len()` a row.
    /// Inside a write transaction only: on an error some of the rows may have been inserted, and the transaction
    /// must be rolled back (as `write` does).
    fn bulk_insert(&mut self, table: &str, columns: &[&str], values: &[Val<'_>]) -> Result<u64, StoreError>;
    /// Starts a write transaction that excludes other writers.
    fn begin_write(&mut self) -> Result<(), StoreError>;
    /// Starts a read-only transaction whose statements all see one snapshot of the database.
    fn begin_read(&mut self) -> Result<(), StoreError> {
        self.batch("BEGIN")
    }
    /// Whether the connection can no longer be used (its server closed it): the pool then replaces it.
    fn is_broken(&self) -> bool {
        false
    }
    /// Whether a read mostly waits for a database server (more connections than cores then help).
    fn reads_wait_for_a_server(&self) -> bool {
        false
    }
    /// Whether [`Conn::set_bulk`] needs the database to itself (no other connection open), as SQLite's does.
    fn bulk_needs_file_alone(&self) -> bool {
        false
    }
    /// Prepares the connection for (`true`) or returns it from (`false`) a large bulk write, outside any
    /// transaction. Engines without such a mode do nothing.
    fn set_bulk(&mut self, _on: bool) -> Result<(), StoreError> {
        Ok(())
    }
    /// Records the size of a freshly filled temporary table, for engines whose planner needs it to join it well.
    /// Engines that plan well without (or that statistics on only some tables would mislead) do nothing.
    fn analyze_scratch(&mut self, _table: &str) -> Result<(), StoreError> {
        Ok(())
    }
    /// Empties temporary tables, inside the caller's transaction. By default `DELETE FROM`, which SQLite turns
    /// into a truncation.
    fn clear_scratch(&mut self, tables: &[&str]) -> Result<(), StoreError> {
        let sql: Vec<String> = tables.iter().map(|t| format!("DELETE FROM {t};")).collect();
        self.batch(&sql.join(" "))
    }
}

impl dyn Conn + '_ {
    /// All rows of a query.
    pub fn query(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Vec<Row>, StoreError> {
        let mut rows = Vec::new();
        self.query_each(sql, params, &mut |r| {
            rows.push(r.iter().map(|c| c.into_cell()).collect());
            Ok(())
        })?;
        Ok(rows)
    }

    /// The first row of a query, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[Val<'_>]) -> Result<Option<Row>, StoreError> {
        let mut first = None;
        self.query_each(sql, params, &mut |r| {
            if first.is_none() {
                first = Some(r.iter().map(|c| c.into_cell()).collect());
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// Runs `f` in a read-only transaction, so that its statements see one state of the database (a figure and
    /// its parts, read in two statements, then agree even while writes commit).
    pub fn snapshot<T>(&mut self, f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.begin_read()?;
        let r = f(self);
        let end = self.batch(if r.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let v = r?;
        end?;
        Ok(v)
    }

    /// Runs `f` in a write transaction: committed when it returns `Ok`, rolled back otherwise.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.begin_write()?;
        match f(self) {
            Ok(v) => {
                let t = std::time::Instant::now();
                self.batch("COMMIT")?;
                tracing::debug!(ms = t.elapsed().as_millis() as u64, "committed");
                Ok(v)
            }
            Err(e) => {
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}
