//! Test databases for kampungkb's tests, in one place for the store, web and command-line tests.
//!
//! [`postgres`] creates a uniquely named database on the server named by `KAMPUNGKB_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, an administrator's connection) and drops it, with its
//! connections, when the [`PgDatabase`] is dropped. When no server is reachable, a test's PostgreSQL half is
//! skipped loudly (`SKIPPED …` on stderr), except under `CI=true`, where that is a failure: CI must test both
//! engines. [`SqliteFile`] is the SQLite counterpart: a database path in a temporary directory.
//!
//! The synchronous PostgreSQL client may not run on an async runtime's thread (the web tests run on one): every
//! call to the server here runs on a thread of its own.

pub mod skips;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The administrator's URL of the test server.
pub fn admin_url() -> String {
    std::env::var("KAMPUNGKB_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Whether the tests run under CI (`CI=true`), where PostgreSQL is mandatory.
pub fn on_ci() -> bool {
    skips::required()
}

/// Runs `f` on a thread of its own (outside any async runtime).
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("a test database call panicked"))
}

/// Runs `f` with an administrator's connection to the test server, all on a thread of its own.
pub fn with_admin<T: Send>(
    f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send,
) -> Result<T, postgres::Error> {
    off_runtime(|| f(&mut postgres::Client::connect(&admin_url(), postgres::NoTls)?))
}

/// Runs statements as the administrator (e.g. `pg_terminate_backend`), on a thread of its own.
pub fn admin_execute(sql: &str) -> Result<(), postgres::Error> {
    with_admin(|c| c.batch_execute(sql))
}

/// A fresh PostgreSQL database, dropped with its connections when this value is dropped.
#[derive(Debug)]
pub struct PgDatabase {
    name: String,
    url: String,
}

impl PgDatabase {
    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = admin_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

/// A fresh database named `kkb_<prefix>_<process>_<n>` for `what` (a test's name, for the skip message). `None`,
/// after a loud `SKIPPED` line, when no server is reachable outside CI; under CI that panics.
pub fn postgres(prefix: &str, what: &str) -> Option<PgDatabase> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let admin_url = admin_url();
    let name = format!("kkb_{prefix}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
    // Connected, used and dropped on a thread of its own (dropping a client blocks too).
    let created = off_runtime(|| {
        let mut client = postgres::Client::connect(&admin_url, postgres::NoTls).map_err(|e| (true, e))?;
        // A database of an earlier run with the same process id (a crashed test) is in the way: drop it. (Two
        // calls: a multi-statement string is one transaction, which CREATE DATABASE refuses.)
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).map_err(|e| (false, e))?;
        client.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| (false, e))
    });
    match created {
        Ok(()) => {}
        Err((true, e)) => {
            skips::no_postgres(&format!("the PostgreSQL half of {what}"), &admin_url, &e);
            return None;
        }
        Err((false, e)) => panic!(
            "cannot create the test database {name}: {}",
            e.as_db_error().map_or(e.to_string(), |d| d.message().to_string())
        ),
    }
    let url = match admin_url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("KAMPUNGKB_TEST_POSTGRES {admin_url:?} has no database part"),
    };
    Some(PgDatabase { name, url })
}

/// A SQLite database path in a temporary directory, removed with it.
#[derive(Debug)]
pub struct SqliteFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SqliteFile {
    /// A path `name` in a new temporary directory (the database does not exist yet).
    pub fn new(name: &str) -> SqliteFile {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join(name);
        SqliteFile { _dir: dir, path }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its directory (for files that belong beside it).
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }
}
