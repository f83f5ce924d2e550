//! The embedded default backend: one SQLite file, WAL mode, so that reader connections see the last commit while
//! the writer connection writes.

use crate::StoreError;
use crate::conn::{CellRef, Conn, Val};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

/// A SQLite connection.
pub struct SqliteConn {
    conn: rusqlite::Connection,
    /// The multi-row INSERT statements of [`Conn::bulk_insert`], by table, columns and row count: each is
    /// thousands of characters, written once instead of for every statement executed.
    insert_sql: std::collections::HashMap<(String, usize), String>,
}

fn err(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        // After the busy timeout: another process has held the database for that long.
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(format!("the database is busy with another program's change ({e}); try again in a moment"))
        }
        _ => StoreError::Db(e.to_string()),
    }
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
        // 16 KiB pages (for a new database; an existing one keeps its own): a census import appends to a few
        // large B-trees, and bigger pages split and rebalance a quarter as often, with fewer page writes.
        conn.execute_batch("PRAGMA page_size = 16384").map_err(err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
        )
        .map_err(err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        Ok(SqliteConn { conn, insert_sql: std::collections::HashMap::new() })
    }

    /// Opens a connection that only reads the database at `path`, which the writer connection has created. Its
    /// page cache is smaller than the writer's: several readers share the machine's memory, and what they read
    /// most (region tallies, names) is small.
    pub fn open_reader(path: &str) -> Result<SqliteConn, StoreError> {
        let conn = rusqlite::Connection::open(path)
            .map_err(|e| StoreError::Open(format!("cannot open SQLite database {path:?}: {e}")))?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(err)?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;")
            .map_err(err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        Ok(SqliteConn { conn, insert_sql: std::collections::HashMap::new() })
    }
}

/// Prepared statements kept per connection (rusqlite's default is 16, fewer than the statements of one page).
const STATEMENTS: usize = 128;

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
        // Constraints are checked while stepping (INSERT … RETURNING is a query too).
        let mut rows = st.query(rusqlite::params_from_iter(params.iter())).map_err(map_constraint)?;
        while let Some(r) = rows.next().map_err(map_constraint)? {
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
        // Many rows per statement: the per-statement cost of the VM is paid once for up to 128 rows.
        let width = columns.len();
        let per = (MAX_PARAMS / width).clamp(1, 128);
        let rows = values.len() / width;
        for chunk in values.chunks(per * width) {
            let n = chunk.len() / width;
            let key = (format!("{table}({})", columns.join(",")), n);
            let sql = self.insert_sql.entry(key).or_insert_with(|| multi_row_insert(table, columns, n));
            let mut st = self.conn.prepare_cached(sql).map_err(err)?;
            st.execute(rusqlite::params_from_iter(chunk.iter())).map_err(map_constraint)?;
        }
        Ok(rows as u64)
    }

    fn set_bulk(&mut self, on: bool) -> Result<(), StoreError> {
        if on {
            // A rollback journal writes new pages once (WAL writes them twice: log, then checkpoint). It needs
            // the file to itself: with other connections open the switch fails at once and the import stays on
            // WAL. FULL keeps a rollback journal safe against power loss.
            self.conn.busy_timeout(std::time::Duration::ZERO).map_err(err)?;
            let mode: Result<String, _> = self.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
            self.conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(err)?;
            if mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")) {
                self.conn.execute_batch("PRAGMA synchronous = FULL").map_err(err)?;
            }
        } else {
            self.conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL").map_err(err)?;
        }
        Ok(())
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(err)
    }

    fn bulk_needs_file_alone(&self) -> bool {
        true
    }
}

/// SQLite's limit on parameters in one statement (since 3.32).
const MAX_PARAMS: usize = 32_766;

fn multi_row_insert(table: &str, columns: &[&str], rows: usize) -> String {
    let width = columns.len();
    // OR FAIL: a failing statement keeps the rows it inserted before the failure, instead of undoing them. The
    // write transaction around every bulk insert is rolled back on any error anyway, and SQLite then needs no
    // statement journal, which copied every page a statement touched (a sixth of a census import's time).
    let mut sql = format!("INSERT OR FAIL INTO {table} ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
            sql.push_str(&(r * width + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

fn map_constraint(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, msg) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            StoreError::Conflict(msg.unwrap_or_else(|| "constraint violation".into()))
        }
        e => err(e),
    }
}
