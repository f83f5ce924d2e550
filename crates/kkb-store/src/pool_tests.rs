//! The pool's rules on connections that only count what happens to them: bounded waits, broken connections
//! replaced, readers kept apart from the writer. (The engines' side is tested in tests/pool.rs.)

use super::*;
use crate::conn::{CellRef, Val};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// A connection that does nothing. Like a PostgreSQL client, it finds out that its server ended it (`ended`, set
/// by a test) only when it is used: that call fails, and then it is broken.
struct Fake {
    role: Role,
    ended: Arc<AtomicBool>,
    broken: bool,
}

impl Conn for Fake {
    fn engine(&self) -> &'static str {
        "fake"
    }
    fn batch(&mut self, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
    fn exec(&mut self, _: &str, _: &[Val<'_>]) -> Result<u64, StoreError> {
        Ok(0)
    }
    fn query_each(
        &mut self,
        _: &str,
        _: &[Val<'_>],
        f: &mut dyn FnMut(&[CellRef<'_>]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if self.ended.load(Ordering::SeqCst) {
            self.broken = true;
            return Err(StoreError::Unavailable("terminated".into()));
        }
        f(&[CellRef::I(if self.role == Role::Writer { 1 } else { 0 })])
    }
    fn bulk_insert(&mut self, _: &str, _: &[&str], _: &[Val<'_>]) -> Result<u64, StoreError> {
        Ok(0)
    }
    fn begin_write(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn is_broken(&self) -> bool {
        self.broken
    }
    fn bulk_needs_file_alone(&self) -> bool {
        true
    }
}

#[derive(Default)]
struct Counts {
    opened: AtomicUsize,
    /// The `ended` flag of every connection opened.
    ends: Mutex<Vec<Arc<AtomicBool>>>,
}

impl Counts {
    /// The server ends every connection open now.
    fn restart(&self) {
        for e in lock(&self.ends).iter() {
            e.store(true, Ordering::SeqCst);
        }
    }
}

fn pool(readers: usize, shared: bool) -> (Pool, Arc<Counts>) {
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    let connect: Connect = Box::new(move |role| {
        c.opened.fetch_add(1, Ordering::SeqCst);
        let ended = Arc::new(AtomicBool::new(false));
        lock(&c.ends).push(ended.clone());
        Ok(Box::new(Fake { role, ended, broken: false }) as Box<dyn Conn>)
    });
    let config = PoolConfig {
        readers: Some(readers),
        read_wait: Duration::from_millis(100),
        write_wait: Duration::from_millis(100),
        exclusive_imports: true,
    };
    (Pool::open(connect, shared, config).unwrap(), counts)
}

fn is_writer(l: &mut Lease<'_>) -> bool {
    l.query_opt_as::<i64>("", &[]).unwrap() == Some(1)
}

#[test]
fn readers_do_not_wait_for_the_writer() {
    let (p, _) = pool(2, true);
    let _w = p.write().unwrap();
    let started = Instant::now();
    let mut r = p.read().unwrap();
    assert!(!is_writer(&mut r));
    assert!(started.elapsed() < Duration::from_millis(50));
}

#[test]
fn an_exhausted_pool_waits_a_bounded_time_then_is_busy() {
    let (p, counts) = pool(2, true);
    let (a, b) = (p.read().unwrap(), p.read().unwrap());
    let started = Instant::now();
    assert!(matches!(p.read(), Err(StoreError::Busy(_))));
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(100) && waited < Duration::from_secs(2), "{waited:?}");
    drop(a);
    drop(p.read().unwrap());
    drop(b);
    assert_eq!(counts.opened.load(Ordering::SeqCst), 3, "the writer and two readers, reused");
    let _w = p.write().unwrap();
    assert!(matches!(p.write(), Err(StoreError::Busy(_))), "a second writer waits, then is busy");
    assert!(p.try_write().unwrap().is_none());
}

#[test]
fn a_waiting_reader_gets_the_connection_given_back() {
    let (p, _) = pool(1, true);
    let held = p.read().unwrap();
    std::thread::scope(|s| {
        let waiter = s.spawn(|| p.read().map(|_| ()));
        std::thread::sleep(Duration::from_millis(20));
        drop(held);
        assert!(waiter.join().unwrap().is_ok());
    });
}

#[test]
fn after_a_server_restart_one_call_fails_and_the_next_ones_reconnect() {
    let (p, counts) = pool(2, true);
    drop((p.read().unwrap(), p.read().unwrap()));
    drop(p.write().unwrap());
    assert_eq!(counts.opened.load(Ordering::SeqCst), 3);
    counts.restart();
    let failed = p.read().unwrap().query_opt_as::<i64>("", &[]);
    assert!(matches!(failed, Err(StoreError::Unavailable(_))), "{failed:?}");
    // The other idle reader and the writer were opened before the failure: reopened at their next checkout.
    assert!(!is_writer(&mut p.read().unwrap()));
    assert!(is_writer(&mut p.write().unwrap()));
    let (mut a, mut b) = (p.read().unwrap(), p.read().unwrap());
    assert!(!is_writer(&mut a) && !is_writer(&mut b));
    drop((a, b));
    assert_eq!(counts.opened.load(Ordering::SeqCst), 6, "two readers and the writer, once each");
    drop((p.read().unwrap(), p.read().unwrap(), p.write().unwrap()));
    assert_eq!(counts.opened.load(Ordering::SeqCst), 6, "healthy connections are kept");
}

#[test]
fn an_in_memory_database_reads_through_the_writer() {
    let (p, counts) = pool(4, false);
    assert!(is_writer(&mut p.read().unwrap()));
    let _w = p.write().unwrap();
    assert!(matches!(p.read(), Err(StoreError::Busy(_))));
    assert_eq!(counts.opened.load(Ordering::SeqCst), 1);
}

#[test]
fn an_exclusive_import_closes_idle_readers_and_none_opens_until_it_ends() {
    let (p, counts) = pool(2, true);
    drop(p.read().unwrap());
    let w = p.write().unwrap();
    assert!(p.begin_exclusive(&w));
    assert!(matches!(p.read(), Err(StoreError::Busy(_))), "reads wait for the import");
    p.end_exclusive();
    drop(w);
    assert!(!is_writer(&mut p.read().unwrap()));
    assert_eq!(counts.opened.load(Ordering::SeqCst), 3, "the closed reader was opened again");
    // Not while a reader is in use, nor when the store serves readers.
    let r = p.read().unwrap();
    let w = p.write().unwrap();
    assert!(!p.begin_exclusive(&w));
    drop(r);
    p.set_exclusive_imports(false);
    assert!(!p.begin_exclusive(&w));
}
