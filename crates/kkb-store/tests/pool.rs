//! The store's connections on real engines: reads are served, from the last commit, while a write transaction is
//! held open; a PostgreSQL server that drops the store's connections costs at most one failed call, with a clear
//! error; an in-memory database still works through its one connection.

mod common;

use common::*;
use kkb_domain::pk::Family;
use kkb_store::{DatabaseUrl, Feed, PoolConfig, StoreError};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Reads must not wait for the write: far below the pool's 5-second wait, and below a SQLite busy timeout.
const PROMPT: Duration = Duration::from_secs(2);

#[test]
fn reads_complete_and_see_the_last_commit_while_a_write_is_held_open() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 240, 11, 2021);
        let (first, second) = fams.split_at(120);
        s.import_round(first, "first half").unwrap();
        let province = code("17");
        let figures = s.region_figures(province, None, true).unwrap();
        let version = s.data_version().unwrap();
        let held = &second[0];
        let held_key = (held.key.year, held.key.village, held.key.family_id.clone());
        let stored = &first[0];

        // A streamed import whose feed the test controls: its transaction opens before the feed is first asked for
        // an item, and stays open until the feed ends.
        let (items, feed_rx) = mpsc::channel::<Feed<Vec<Family>>>();
        let (asked, asks) = mpsc::channel::<()>();
        let feed = std::iter::from_fn(move || {
            let _ = asked.send(());
            feed_rx.recv().ok()
        });
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| s.import_stream(feed, second.len(), "second half"));
            asks.recv().unwrap();
            items.send(Feed::Families(second.to_vec())).unwrap();
            asks.recv().unwrap();
            // The batch is prepared; give the writer time to write it into the open transaction.
            std::thread::sleep(Duration::from_millis(300));

            let started = Instant::now();
            assert_eq!(s.region_figures(province, None, true).unwrap(), figures, "{}: figures", b.name);
            assert_eq!(s.rounds().unwrap()[0].families, 120, "{}: the round", b.name);
            assert!(s.family(held_key.0, held_key.1, &held_key.2).unwrap().is_none(), "{}: uncommitted", b.name);
            let f = s.family(stored.key.year, stored.key.village, &stored.key.family_id).unwrap();
            assert_eq!(f.map(|f| f.summary.version), Some(1), "{}: a committed family", b.name);
            assert_eq!(s.data_version().unwrap(), version, "{}: the data version", b.name);
            assert!(s.user_for_login("nobody").unwrap().is_none());
            let took = started.elapsed();
            assert!(took < PROMPT, "{}: reads took {took:?} while a write was open", b.name);

            items.send(Feed::Done).unwrap();
            let report = writer.join().unwrap().unwrap();
            assert_eq!((report.families, report.replaced), (120, 0), "{}", b.name);
        });
        // Committed: the next reads see it at once.
        assert_eq!(s.rounds().unwrap()[0].families, 240, "{}", b.name);
        assert!(s.family(held_key.0, held_key.1, &held_key.2).unwrap().is_some(), "{}", b.name);
        assert_ne!(s.data_version().unwrap(), version, "{}", b.name);
        assert_eq!(s.region_figures(province, None, false).unwrap().families, 240, "{}", b.name);
    }
}

#[test]
fn a_second_writer_waits_for_the_first_then_writes() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 60, 12, 2021);
        let (items, feed_rx) = mpsc::channel::<Feed<Vec<Family>>>();
        let feed = std::iter::from_fn(move || feed_rx.recv().ok());
        std::thread::scope(|scope| {
            let first = scope.spawn(|| s.import_stream(feed, 30, "first"));
            items.send(Feed::Families(fams[..30].to_vec())).unwrap();
            let second = scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(100));
                s.import_round(&fams[30..], "second")
            });
            std::thread::sleep(Duration::from_millis(400));
            assert!(!second.is_finished(), "{}: one write at a time", b.name);
            items.send(Feed::Done).unwrap();
            assert_eq!(first.join().unwrap().unwrap().families, 30);
            assert_eq!(second.join().unwrap().unwrap().families, 30);
        });
        assert_eq!(s.rounds().unwrap()[0].families, 60, "{}", b.name);
        assert!(s.check().unwrap().differences.is_empty(), "{}", b.name);
    }
}

/// Ends every connection of the test database, as a server restart does.
fn terminate_connections(db: &kkb_testdb::PgDatabase) {
    kkb_testdb::admin_execute(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
        db.name()
    ))
    .unwrap();
    // Terminating is asynchronous: wait until the backends are gone.
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let left: i64 = kkb_testdb::with_admin(|c| {
            Ok(c.query_one("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1", &[&db.name()])?.get(0))
        })
        .unwrap();
        if left == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the backends of {} did not end", db.name());
}

/// The first call after the connections were ended may fail, but only with [`StoreError::Unavailable`].
fn clear_or_ok<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    match r {
        Ok(_) | Err(StoreError::Unavailable(_)) => {}
        Err(e) => panic!("not a clear error: {e:?}"),
    }
}

#[test]
fn the_store_reconnects_after_postgresql_ends_its_connections() {
    let Some(b) = postgres() else { return };
    let s = b.store();
    let db = b.pg.as_ref().expect("a PostgreSQL backend");
    let fams = families(s, 40, 13, 2021);
    s.import_round(&fams[..20], "before").unwrap();
    assert_eq!(s.rounds().unwrap()[0].families, 20);

    // A read first: it may fail once; then reads and writes work again, without a new store.
    terminate_connections(db);
    let first = s.rounds();
    if let Err(e) = &first {
        assert!(e.to_string().starts_with("the database server cannot be reached"), "{e}");
    }
    clear_or_ok(first);
    assert_eq!(s.rounds().unwrap()[0].families, 20);
    s.import_round(&fams[20..30], "after a read").unwrap();

    // A write first.
    terminate_connections(db);
    clear_or_ok(s.import_round(&fams[30..], "right after"));
    s.import_round(&fams[30..], "after a write").unwrap();
    assert_eq!(s.rounds().unwrap()[0].families, 40);
    assert!(s.check().unwrap().differences.is_empty());
}

#[test]
fn a_database_that_cannot_be_reached_is_a_clear_error_at_open() {
    let url = DatabaseUrl::Postgres("postgres://postgres@127.0.0.1:1/none".into());
    match kkb_store::Store::connect(&url, vault(), PoolConfig::default()) {
        Err(StoreError::Open(m)) => assert!(m.starts_with("cannot connect to PostgreSQL"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_in_memory_database_works_through_its_one_connection() {
    let s = open(&DatabaseUrl::Sqlite(":memory:".into()));
    let fams = families(&s, 50, 14, 2021);
    s.import_round(&fams, "memory").unwrap();
    assert_eq!(s.rounds().unwrap()[0].families, 50);
    let f = &fams[7];
    assert!(s.family(f.key.year, f.key.village, &f.key.family_id).unwrap().is_some());
    assert!(s.check().unwrap().differences.is_empty());
}
