//! The embedded default backend: one SQLite file, WAL mode.

use crate::StoreError;
use crate::conn::{CellRef, Conn, Val};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

/// A SQLite connection.
pub struct SqliteConn {
    conn: rusqlite::Connection,
}

fn err(e: rusqlite::Error) -> StoreError {
    StoreError::Db(e.to_string())
}

impl rusqlite::ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Val::I(v) => ToSqlOutput::Owned(Value::Integer(v)),
            Val::T(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::B(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Val::NullI | Val::NullT | Val::NullB => ToSqlOutput::Owned(Value::Null),
        })
    }
}

fn cell(v: ValueRef<'_>) -> CellRef<'_> {
    match v {
        ValueRef::Null => CellRef::Null,
        ValueRef::Integer(i) => CellRef::I(i),
        ValueRef::Real(f) => CellRef::I(f as i64),
        ValueRef::Text(t) => std::str::from_utf8(t).map_or(CellRef::Null, CellRef::T),
        ValueRef::Blob(b) => CellRef::B(b),
    }
}

impl SqliteConn {
    /// Opens (creating if missing) the database file at `path`, or an in-memory database for `:memory:`.
    pub fn open(path: &str) -> Result<SqliteConn, StoreError> {
        let conn =
            if path == ":memory:" { rusqlite::Connection::open_in_memory() } else { rusqlite::Connection::open(path) }
                .map_err(|e| StoreError::Open(format!("cannot open SQLite database {path:?}: {e}")))?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
        )
        .map_err(err)?;
        Ok(SqliteConn { conn })
    }
}

impl Conn for SqliteConn {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.conn.execute_batch(sql).map_err(err)
    }

    fn exec(&mut self, sql: &str, params: &[Val<'_>]) -> Result<u64, StoreError> {
        let mut st = self.conn.prepare_cached(sql).map_err(err)?;
        st.execute(rusqlite::params_from_iter(params.iter())).map(|n| n as u64).map_err(map_constraint)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Val<'_>],
        f: &mut dyn FnMut(&[CellRef<'_>]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.conn.prepare_cached(sql).map_err(err)?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter())).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            // Cells borrow from the row: a stack array for the usual widths, no allocation per row.
            let mut small = [CellRef::Null; 24];
            let mut large = Vec::new();
            let cells: &mut [CellRef<'_>] = if n <= small.len() {
                &mut small[..n]
            } else {
                large.resize(n, CellRef::Null);
                &mut large
            };
            for (i, c) in cells.iter_mut().enumerate() {
                *c = cell(r.get_ref(i).map_err(err)?);
            }
            f(cells)?;
        }
        Ok(())
    }

    fn bulk_insert(&mut self, table: &str, columns: &[&str], values: &[Val<'_>]) -> Result<u64, StoreError> {
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), placeholders.join(", "));
        let mut st = self.conn.prepare_cached(&sql).map_err(err)?;
        let mut n = 0;
        for row in values.chunks_exact(columns.len()) {
            st.execute(rusqlite::params_from_iter(row.iter())).map_err(map_constraint)?;
            n += 1;
        }
        Ok(n)
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(err)
    }
}

fn map_constraint(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, msg) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            StoreError::Conflict(msg.unwrap_or_else(|| "constraint violation".into()))
        }
        e => err(e),
    }
}
