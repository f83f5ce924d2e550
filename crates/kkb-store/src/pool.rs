//! Connections: one writer and a few readers, so that reads never wait for a write.
//!
//! Writes take the one writer connection, one transaction at a time, exactly as when the store had a single
//! connection: the engines exclude other writers themselves (`BEGIN IMMEDIATE` on SQLite, an advisory lock on
//! PostgreSQL), and the aggregates are read-modify-write inside that transaction. Reads take a reader connection:
//! SQLite in WAL mode and PostgreSQL both let a reader see the last committed state while a write transaction is
//! open, so a 75,000-family upload no longer stalls every page. A reader sees a write of its own caller as soon as
//! it is committed (each statement of a reader starts from the latest commit).
//!
//! Our own pool rather than a crate's (r2d2, deadpool): the store's connections are its own `Conn` trait objects
//! with a writer/reader split, and what it needs is ~150 lines: a `Mutex<Vec<_>>` with a `Condvar`, a bounded
//! wait that ends in [`StoreError::Busy`], and replacement of broken connections. A connection that turns out
//! broken (a PostgreSQL server restarted) fails its call with [`StoreError::Unavailable`]; it is dropped, and every
//! connection opened before it is replaced at its next checkout, so the next call reconnects.
//!
//! An in-memory SQLite database exists only in its one connection: there, and while a large import holds a SQLite
//! file for itself (see [`PoolConfig`]), reads share the writer connection as they did before the pool.

use crate::StoreError;
use crate::conn::Conn;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How many connections the store keeps and how long a call waits for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// Reader connections (besides the writer). `None`: sized from the cores, at least 2 for SQLite (its reads use
    /// the CPU of this machine), twice that for PostgreSQL (whose reads mostly wait for the server).
    pub readers: Option<usize>,
    /// How long a read waits for a free reader connection before it fails with [`StoreError::Busy`]. Default 5 s.
    pub read_wait: Duration,
    /// How long a write waits for the writer connection (while another write of this process runs) before it
    /// fails with [`StoreError::Busy`]. Default 30 s, as long as SQLite waits for another process's write.
    pub write_wait: Duration,
    /// Whether a large import may take a SQLite file for itself: a rollback journal instead of WAL writes its pages
    /// once instead of twice (a fifth of a census import's time), but every read then waits until the import ends.
    /// Right for a command-line import (nothing else reads meanwhile); wrong for a server, which turns it off
    /// ([`crate::Store::set_exclusive_imports`]). Default on. PostgreSQL has no such mode.
    pub exclusive_imports: bool,
}

impl Default for PoolConfig {
    fn default() -> PoolConfig {
        PoolConfig {
            readers: None,
            read_wait: Duration::from_secs(5),
            write_wait: Duration::from_secs(30),
            exclusive_imports: true,
        }
    }
}

impl PoolConfig {
    /// The defaults, changed by `KAMPUNGKB_DB_READERS` (reader connections) and `KAMPUNGKB_DB_WAIT_SECONDS` (how
    /// long a read waits for a connection) when they are set to numbers.
    pub fn from_env() -> PoolConfig {
        let mut c = PoolConfig::default();
        if let Some(n) = std::env::var("KAMPUNGKB_DB_READERS").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
            c.readers = Some(n.max(1));
        }
        if let Some(s) = std::env::var("KAMPUNGKB_DB_WAIT_SECONDS").ok().and_then(|v| v.trim().parse::<f64>().ok())
            && s.is_finite()
            && s >= 0.0
        {
            c.read_wait = Duration::from_secs_f64(s);
        }
        c
    }
}

/// Which connection a [`Connect`] opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The one connection that writes.
    Writer,
    /// A connection that only reads.
    Reader,
}

/// Opens a connection.
pub(crate) type Connect = Box<dyn Fn(Role) -> Result<Box<dyn Conn>, StoreError> + Send + Sync>;

/// A connection with the epoch it was opened in (see [`Pool::epoch`]).
struct Pooled {
    conn: Box<dyn Conn>,
    epoch: u64,
}

#[derive(Default)]
struct WriterSlot {
    /// The writer, when open and not leased.
    conn: Option<Pooled>,
    leased: bool,
}

#[derive(Default)]
struct Readers {
    idle: Vec<Pooled>,
    /// Reader connections open, idle or leased.
    open: usize,
    /// A large import holds the SQLite file for itself: no reader connection may be open.
    exclusive: bool,
}

/// The writer and the readers of one database.
pub(crate) struct Pool {
    connect: Connect,
    engine: &'static str,
    writer: Mutex<WriterSlot>,
    writer_free: Condvar,
    /// `None`: reads use the writer (an in-memory database).
    readers: Option<(Mutex<Readers>, Condvar)>,
    /// Grows when a connection turns out broken: connections opened before are replaced at their next checkout.
    epoch: AtomicU64,
    config: PoolConfig,
    /// The most reader connections open at once.
    max_readers: usize,
    exclusive_imports: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Waits on `cv` until `deadline`; `None` once it has passed. Off the async worker threads' backs when called
/// from one (the web server's).
fn wait_until<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>, deadline: Instant) -> Option<MutexGuard<'a, T>> {
    let left = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())?;
    Some(crate::postgres::blocking(|| cv.wait_timeout(g, left).unwrap_or_else(|p| p.into_inner()).0))
}

impl Pool {
    /// A pool over `connect`, with its writer open. `shared_readers`: whether other connections see the same
    /// database (false for an in-memory SQLite database).
    pub(crate) fn open(connect: Connect, shared_readers: bool, config: PoolConfig) -> Result<Pool, StoreError> {
        let writer = connect(Role::Writer)?;
        let engine = writer.engine();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
        let max_readers = config.readers.unwrap_or(if writer.reads_wait_for_a_server() { 2 * cores } else { cores });
        Ok(Pool {
            max_readers,
            connect,
            engine,
            writer: Mutex::new(WriterSlot { conn: Some(Pooled { conn: writer, epoch: 0 }), leased: false }),
            writer_free: Condvar::new(),
            readers: shared_readers.then(|| (Mutex::default(), Condvar::new())),
            epoch: AtomicU64::new(0),
            exclusive_imports: AtomicBool::new(config.exclusive_imports),
            config,
        })
    }

    pub(crate) fn engine(&self) -> &'static str {
        self.engine
    }

    pub(crate) fn set_exclusive_imports(&self, allowed: bool) {
        self.exclusive_imports.store(allowed, Ordering::Relaxed);
    }

    /// Whether a kept connection may be lent again: not when it is broken (which marks every connection opened
    /// before it for replacement), nor when it was opened before a connection broke.
    fn usable(&self, p: &Pooled) -> bool {
        if p.conn.is_broken() {
            self.broken(p);
            return false;
        }
        p.epoch >= self.epoch.load(Ordering::Acquire)
    }

    fn broken(&self, p: &Pooled) {
        // A server that closed one connection has most likely closed them all (a restart).
        if self.epoch.fetch_max(p.epoch + 1, Ordering::AcqRel) <= p.epoch {
            tracing::warn!(engine = self.engine, "a database connection broke; connections will be reopened");
        }
    }

    /// A connection that opens fresh after a failure is a database that went away and came back: its error says
    /// the database cannot be reached, not that it cannot be opened.
    fn reconnect(&self, role: Role) -> Result<Pooled, StoreError> {
        let epoch = self.epoch.load(Ordering::Acquire);
        match (self.connect)(role) {
            Ok(conn) => Ok(Pooled { conn, epoch }),
            Err(StoreError::Open(m)) => Err(StoreError::Unavailable(m)),
            Err(e) => Err(e),
        }
    }

    /// The writer connection, waiting at most `wait` for it.
    pub(crate) fn write(&self) -> Result<Lease<'_>, StoreError> {
        self.writer_within(self.config.write_wait)
    }

    fn writer_within(&self, wait: Duration) -> Result<Lease<'_>, StoreError> {
        let deadline = Instant::now() + wait;
        let mut slot = lock(&self.writer);
        while slot.leased {
            slot = wait_until(&self.writer_free, slot, deadline).ok_or_else(|| {
                StoreError::Busy(format!(
                    "the database is busy with another change for more than {} s; try again in a moment",
                    wait.as_secs()
                ))
            })?;
        }
        slot.leased = true;
        let kept = slot.conn.take();
        drop(slot);
        let conn = match kept {
            Some(p) if self.usable(&p) => p,
            stale => {
                drop(stale);
                match self.reconnect(Role::Writer) {
                    Ok(p) => p,
                    Err(e) => {
                        lock(&self.writer).leased = false;
                        self.writer_free.notify_one();
                        return Err(e);
                    }
                }
            }
        };
        Ok(Lease { pool: self, conn: Some(conn), writer: true })
    }

    /// The writer connection if no other write of this process holds it now.
    pub(crate) fn try_write(&self) -> Result<Option<Lease<'_>>, StoreError> {
        if lock(&self.writer).leased {
            return Ok(None);
        }
        self.writer_within(Duration::ZERO).map(Some).or_else(|e| match e {
            StoreError::Busy(_) => Ok(None),
            e => Err(e),
        })
    }

    /// A reader connection, waiting at most the configured time for one.
    pub(crate) fn read(&self) -> Result<Lease<'_>, StoreError> {
        let Some((readers, free)) = &self.readers else { return self.writer_within(self.config.read_wait) };
        let deadline = Instant::now() + self.config.read_wait;
        let mut g = lock(readers);
        loop {
            if g.exclusive {
                drop(g);
                return self.writer_within(self.config.read_wait);
            }
            if let Some(p) = g.idle.pop() {
                if self.usable(&p) {
                    return Ok(Lease { pool: self, conn: Some(p), writer: false });
                }
                g.open -= 1;
                drop(g);
                drop(p);
                g = lock(readers);
                continue;
            }
            if g.open < self.max_readers {
                g.open += 1;
                drop(g);
                return match self.reconnect(Role::Reader) {
                    Ok(p) => Ok(Lease { pool: self, conn: Some(p), writer: false }),
                    Err(e) => {
                        lock(readers).open -= 1;
                        free.notify_one();
                        Err(e)
                    }
                };
            }
            g = wait_until(free, g, deadline).ok_or_else(|| {
                StoreError::Busy(format!(
                    "all {} database connections are busy for more than {} s; try again in a moment",
                    self.max_readers,
                    self.config.read_wait.as_secs_f64()
                ))
            })?;
        }
    }

    /// Before a large import on the writer `w`: whether it may take the database for itself (see
    /// [`PoolConfig::exclusive_imports`]). When it may, idle readers are closed and no reader opens until
    /// [`Pool::end_exclusive`]; not when a reader is in use now.
    pub(crate) fn begin_exclusive(&self, w: &Lease<'_>) -> bool {
        if !self.exclusive_imports.load(Ordering::Relaxed) || !w.conn().bulk_needs_file_alone() {
            return false;
        }
        let Some((readers, _)) = &self.readers else { return true };
        let mut g = lock(readers);
        if g.open > g.idle.len() {
            return false;
        }
        let idle = std::mem::take(&mut g.idle);
        g.open = 0;
        g.exclusive = true;
        drop(g);
        drop(idle);
        true
    }

    /// After [`Pool::begin_exclusive`] returned true: readers may open again.
    pub(crate) fn end_exclusive(&self) {
        if let Some((readers, free)) = &self.readers {
            lock(readers).exclusive = false;
            free.notify_all();
        }
    }

    fn give_back(&self, p: Pooled, writer: bool) {
        let broken = p.conn.is_broken();
        if broken {
            self.broken(&p);
        }
        if writer {
            let mut slot = lock(&self.writer);
            slot.leased = false;
            let old = if broken { None } else { slot.conn.replace(p) };
            drop(slot);
            self.writer_free.notify_one();
            drop(old);
        } else if let Some((readers, free)) = &self.readers {
            let mut g = lock(readers);
            let dropped = if broken || g.exclusive {
                g.open = g.open.saturating_sub(1);
                Some(p)
            } else {
                g.idle.push(p);
                None
            };
            drop(g);
            free.notify_one();
            drop(dropped);
        }
    }
}

/// A connection on loan from the [`Pool`]; it goes back when dropped (or is closed, when broken).
pub(crate) struct Lease<'p> {
    pool: &'p Pool,
    conn: Option<Pooled>,
    writer: bool,
}

impl Lease<'_> {
    fn conn(&self) -> &dyn Conn {
        self.conn.as_ref().expect("a lease holds its connection until dropped").conn.as_ref()
    }
}

impl std::ops::Deref for Lease<'_> {
    type Target = dyn Conn;
    fn deref(&self) -> &(dyn Conn + 'static) {
        self.conn.as_ref().expect("a lease holds its connection until dropped").conn.as_ref()
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut (dyn Conn + 'static) {
        self.conn.as_mut().expect("a lease holds its connection until dropped").conn.as_mut()
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.conn.take() {
            self.pool.give_back(p, self.writer);
        }
    }
}

#[cfg(test)]
#[path = "pool_tests.rs"]
mod tests;
