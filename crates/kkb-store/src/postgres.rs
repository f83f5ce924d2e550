//! The PostgreSQL backend, for provinces and the national office. Bulk loads use `COPY ... FROM STDIN`.
//!
//! Statements are prepared once per connection and kept, as rusqlite's `prepare_cached` does: the driver would
//! otherwise prepare every statement given as text anew, a second round trip to the server for every query
//! (measured: most of a cached page's time on PostgreSQL went to preparing its one query).

use crate::StoreError;
use crate::conn::{CellRef, Conn, Val};
use postgres::Statement;
use postgres::types::{ToSql, Type};
use std::collections::HashMap;
use std::io::Write;

/// A PostgreSQL connection.
pub struct PgConn {
    /// Always `Some` until dropped (dropping closes the connection, which must not happen on an async worker).
    client: Option<postgres::Client>,
    /// Prepared statements by their SQL.
    statements: HashMap<String, Statement>,
    /// A call failed because the connection is gone (see [`is_connection_error`]).
    broken: bool,
}

/// Prepared statements kept per connection; the cache is emptied when it is full (statements whose text varies
/// with a list's length can fill it; the usual ones are prepared again at once).
const STATEMENTS: usize = 256;

impl Drop for PgConn {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            blocking(move || drop(c));
        }
    }
}

fn err(e: postgres::Error) -> StoreError {
    let text = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    };
    if is_connection_error(&e) {
        return StoreError::Unavailable(text);
    }
    match e.as_db_error() {
        Some(db) if db.code().code().starts_with("23") => StoreError::Conflict(db.message().to_string()),
        _ => StoreError::Db(text),
    }
}

/// Whether an error means that the connection is gone: closed, broken, or ended by the server (an administrator's
/// `pg_terminate_backend`, a shutdown or restart: SQLSTATE class 08, 57P01-57P03).
fn is_connection_error(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
    }
    std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
}

/// The synchronous client drives a runtime of its own, which may not start on an async runtime's worker thread
/// (the web server's): there, the call runs under `block_in_place`, which hands the worker's other tasks to
/// another thread for its duration.
pub(crate) fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

impl PgConn {
    /// Connects to a `postgres://` URL.
    pub fn connect(url: &str) -> Result<PgConn, StoreError> {
        let mut client = blocking(|| postgres::Client::connect(url, postgres::NoTls))
            .map_err(|e| StoreError::Open(format!("cannot connect to PostgreSQL: {e}")))?;
        // No JIT compilation: every statement here is short, and a plan the planner costs high on stale statistics
        // (a table an import just grew) spent 8-25 ms compiling a query that runs in under one. A server without
        // JIT (before PostgreSQL 11) refuses the setting; that is no reason to refuse the connection.
        let _ = blocking(|| client.batch_execute("SET jit = off"));
        Ok(PgConn { client: Some(client), statements: HashMap::new(), broken: false })
    }
}

fn params<'a>(vals: &'a [Val<'a>]) -> Vec<Box<dyn ToSql + Sync + 'a>> {
    vals.iter()
        .map(|v| -> Box<dyn ToSql + Sync + 'a> {
            match *v {
                Val::I(i) => Box::new(i),
                Val::T(s) => Box::new(s),
                Val::B(b) => Box::new(b),
                Val::NullI => Box::new(None::<i64>),
                Val::NullT => Box::new(None::<&str>),
                Val::NullB => Box::new(None::<&[u8]>),
            }
        })
        .collect()
}

impl Conn for PgConn {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        let r = blocking(|| self.client().batch_execute(sql).map_err(err));
        self.noting(r)
    }

    fn exec(&mut self, sql: &str, vals: &[Val<'_>]) -> Result<u64, StoreError> {
        let boxed = params(vals);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect();
        let r = blocking(|| {
            let st = self.statement(sql)?;
            let r = self.client().execute(&st, &refs);
            self.forget_on_error(sql, r)
        });
        self.noting(r)
    }

    fn query_each(
        &mut self,
        sql: &str,
        vals: &[Val<'_>],
        f: &mut dyn FnMut(&[CellRef<'_>]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let boxed = params(vals);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect();
        let r = blocking(|| self.query_rows(sql, refs, f));
        self.noting(r)
    }

    fn bulk_insert(&mut self, table: &str, columns: &[&str], values: &[Val<'_>]) -> Result<u64, StoreError> {
        let r = blocking(|| self.copy_rows(table, columns, values));
        self.noting(r)
    }

    fn analyze_scratch(&mut self, table: &str) -> Result<(), StoreError> {
        // Autovacuum never analyzes temporary tables: unanalyzed, one edited family's key is guessed at a
        // thousand rows or so, and the planner hashes every family of the round (seconds) instead of making one
        // index look-up (under a millisecond).
        let r = blocking(|| self.client().batch_execute(&format!("ANALYZE {table}")).map_err(err));
        self.noting(r)
    }

    fn clear_scratch(&mut self, tables: &[&str]) -> Result<(), StoreError> {
        // Not DELETE: autovacuum never visits temporary tables, so a big import's deleted rows would stay in
        // them for the session, and every later small import (a one-family edit) would scan them.
        let sql = format!("TRUNCATE {}", tables.join(", "));
        let r = blocking(|| self.client().batch_execute(&sql).map_err(err));
        self.noting(r)
    }

    fn begin_write(&mut self) -> Result<(), StoreError> {
        // One writer at a time, as on SQLite: aggregates are read-modify-write.
        let r = blocking(|| self.client().batch_execute("BEGIN; SELECT pg_advisory_xact_lock(7317001)").map_err(err));
        self.noting(r)
    }

    fn begin_read(&mut self) -> Result<(), StoreError> {
        let r =
            blocking(|| self.client().batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").map_err(err));
        self.noting(r)
    }

    fn reads_wait_for_a_server(&self) -> bool {
        true
    }

    fn is_broken(&self) -> bool {
        self.broken || self.client.as_ref().is_none_or(postgres::Client::is_closed)
    }
}

impl PgConn {
    fn client(&mut self) -> &mut postgres::Client {
        self.client.as_mut().expect("the client lives until the connection is dropped")
    }

    /// `r`, remembering when it says that the connection is gone.
    fn noting<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if matches!(r, Err(StoreError::Unavailable(_))) {
            self.broken = true;
        }
        r
    }

    /// The prepared statement of `sql`, prepared now if it is not kept yet.
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client().prepare(sql).map_err(err)?;
        if self.statements.len() >= STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// After a failed statement, prepares it anew next time: a kept statement can go stale (a migration changed a
    /// table it reads), and a failure is rare enough to pay one more preparation.
    fn forget_on_error<T>(&mut self, sql: &str, r: Result<T, postgres::Error>) -> Result<T, StoreError> {
        r.map_err(|e| {
            self.statements.remove(sql);
            err(e)
        })
    }

    fn query_rows(
        &mut self,
        sql: &str,
        refs: Vec<&(dyn ToSql + Sync)>,
        f: &mut dyn FnMut(&[CellRef<'_>]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let st = self.statement(sql)?;
        // The fields apart: the rows borrow the client while a failure forgets the statement.
        let client = self.client.as_mut().expect("the client lives until the connection is dropped");
        let mut it = match client.query_raw(&st, refs) {
            Ok(it) => it,
            Err(e) => {
                self.statements.remove(sql);
                return Err(err(e));
            }
        };
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut it).map_err(err)? {
            let mut cells: Vec<CellRef<'_>> = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let int = |v: Option<i64>| v.map_or(CellRef::Null, CellRef::I);
                let c = match *col.type_() {
                    Type::INT8 => int(row.try_get::<_, Option<i64>>(i).map_err(err)?),
                    Type::INT4 => int(row.try_get::<_, Option<i32>>(i).map_err(err)?.map(i64::from)),
                    Type::INT2 => int(row.try_get::<_, Option<i16>>(i).map_err(err)?.map(i64::from)),
                    Type::BOOL => int(row.try_get::<_, Option<bool>>(i).map_err(err)?.map(i64::from)),
                    Type::BYTEA => row.try_get::<_, Option<&[u8]>>(i).map_err(err)?.map_or(CellRef::Null, CellRef::B),
                    _ => row.try_get::<_, Option<&str>>(i).map_err(err)?.map_or(CellRef::Null, CellRef::T),
                };
                cells.push(c);
            }
            f(&cells)?;
        }
        Ok(())
    }

    fn copy_rows(&mut self, table: &str, columns: &[&str], values: &[Val<'_>]) -> Result<u64, StoreError> {
        let sql = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
        let mut w = self.client().copy_in(&sql).map_err(err)?;
        let mut line = Vec::with_capacity(256);
        let mut n = 0;
        for row in values.chunks_exact(columns.len()) {
            line.clear();
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    line.push(b'\t');
                }
                copy_text(&mut line, v);
            }
            line.push(b'\n');
            w.write_all(&line).map_err(|e| StoreError::Db(e.to_string()))?;
            n += 1;
        }
        w.finish().map_err(err)?;
        Ok(n)
    }
}

/// Appends a value in COPY text format.
fn copy_text(out: &mut Vec<u8>, v: &Val<'_>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match *v {
        Val::I(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Val::T(s) => {
            for b in s.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
        Val::B(bytes) => {
            // bytea hex input, with the backslash escaped for COPY.
            out.extend_from_slice(b"\\\\x");
            for b in bytes {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        Val::NullI | Val::NullT | Val::NullB => out.extend_from_slice(b"\\N"),
    }
}
