//! Test harness: the same store behaviours on a fresh SQLite file and a fresh PostgreSQL database.
#![allow(dead_code)]

use kkb_domain::generate::{GenOptions, generate};
use kkb_domain::pk::{Context, Family, Problem, read};
use kkb_domain::region::{Level, OFFICIAL_TABLE, RegionCode, parse_region_table};
use kkb_store::Store;
use kkb_store::conn::Conn;
use kkb_store::vault::Vault;
use std::sync::atomic::{AtomicU32, Ordering};

/// A store and what must outlive it.
pub struct Backend {
    pub name: &'static str,
    pub store: Option<Store>,
    _dir: Option<tempfile::TempDir>,
    pg_db: Option<String>,
    pub sqlite_path: Option<std::path::PathBuf>,
}

impl Backend {
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("open")
    }

    /// Another connection to the same database.
    pub fn connect(&self) -> Box<dyn Conn> {
        match (&self.sqlite_path, &self.pg_db) {
            (Some(path), _) => Box::new(kkb_store::sqlite::SqliteConn::open(path.to_str().unwrap()).unwrap()),
            (None, Some(db)) => {
                let base = pg_admin_url().rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
                Box::new(kkb_store::postgres::PgConn::connect(&format!("{base}/{db}")).unwrap())
            }
            (None, None) => unreachable!("a backend has a database"),
        }
    }

    /// Closes the store and opens it again, as a restart of the application does.
    pub fn reopen(&mut self) {
        self.store.take();
        self.store = Some(Store::with_conn(self.connect(), vault()).unwrap());
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.store.take();
        if let Some(db) = &self.pg_db
            && let Ok(mut admin) = postgres::Client::connect(&pg_admin_url(), postgres::NoTls)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("KAMPUNGKB_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn vault() -> Vault {
    Vault::from_key(&[42; 32])
}

pub fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let conn: Box<dyn Conn> = Box::new(kkb_store::sqlite::SqliteConn::open(path.to_str().unwrap()).unwrap());
    let store = Store::with_conn(conn, vault()).unwrap();
    Backend { name: "sqlite", store: Some(store), _dir: Some(dir), pg_db: None, sqlite_path: Some(path) }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh PostgreSQL database; `None` (loudly) when no server is reachable outside CI. Under CI it must exist.
pub fn postgres() -> Option<Backend> {
    let admin_url = pg_admin_url();
    let mut admin = match postgres::Client::connect(&admin_url, postgres::NoTls) {
        Ok(c) => c,
        Err(e) => {
            kkb_test_skips::no_postgres("the PostgreSQL half of this test", &admin_url, &e);
            return None;
        }
    };
    let db = format!("kkb_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
    admin.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{db}"),
        None => panic!("bad url"),
    };
    let conn: Box<dyn Conn> = Box::new(kkb_store::postgres::PgConn::connect(&url).unwrap());
    let store = Store::with_conn(conn, vault()).unwrap();
    Some(Backend { name: "postgres", store: Some(store), _dir: None, pg_db: Some(db), sqlite_path: None })
}

/// Both backends (PostgreSQL when reachable).
pub fn backends() -> Vec<Backend> {
    let mut v = vec![sqlite()];
    v.extend(postgres());
    v
}

/// Synthetic PK files for Bengkulu.
pub fn files(families: u64, seed: u64, year: u16) -> (Vec<u8>, Vec<u8>) {
    let regions = parse_region_table(OFFICIAL_TABLE).unwrap();
    let population: Vec<(RegionCode, u64)> = Vec::new();
    let (mut k, mut a) = (Vec::new(), Vec::new());
    let opts = GenOptions { province: RegionCode::parse("17").unwrap(), families, seed, year };
    generate(&regions, &population, &opts, &mut k, &mut a).unwrap();
    (k, a)
}

/// Reads files against the store's region table.
pub fn parse(store: &Store, k: &[u8], a: &[u8]) -> Result<Vec<Family>, Vec<Problem>> {
    let regions = store.region_set().unwrap();
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    let ctx = Context {
        is_village: &is_village,
        is_province: &is_province,
        today: kkb_domain::date::Date::new(2026, 11, 28).unwrap(),
    };
    read::read_csv_pair(k, a, &ctx)
}

/// Synthetic families, parsed.
pub fn families(store: &Store, n: u64, seed: u64, year: u16) -> Vec<Family> {
    let (k, a) = files(n, seed, year);
    parse(store, &k, &a).unwrap()
}

/// The tallies of `code` computed directly from families, without the store.
pub fn expected(families: &[Family], code: RegionCode, year: u16) -> kkb_domain::figures::Tally {
    let m = kkb_domain::methodology::Methodology::default_pk21();
    let mut t = kkb_domain::figures::Tally::new(&m);
    for f in families.iter().filter(|f| f.key.year == year && f.key.village.is_within(code)) {
        t.add_family(&m, m.score(year, &f.answers), 1);
    }
    t
}

pub fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

pub fn is_village(c: RegionCode) -> bool {
    c.level() == Level::Village
}
