//! Test harness: the same store behaviours on a fresh SQLite file and a fresh PostgreSQL database.
#![allow(dead_code)]

use kkb_domain::generate::{GenOptions, generate};
use kkb_domain::pk::{Context, Family, Problem, read};
use kkb_domain::region::{Level, OFFICIAL_TABLE, RegionCode, parse_region_table};
use kkb_store::vault::Vault;
use kkb_store::{DatabaseUrl, PoolConfig, Store};
use kkb_testdb::{PgDatabase, SqliteFile};

/// A store and what must outlive it.
pub struct Backend {
    pub name: &'static str,
    pub store: Option<Store>,
    pub sqlite_path: Option<std::path::PathBuf>,
    /// The PostgreSQL database, when this is the PostgreSQL backend.
    pub pg: Option<PgDatabase>,
    _sqlite: Option<SqliteFile>,
}

impl Backend {
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("open")
    }

    /// The database's URL.
    pub fn url(&self) -> DatabaseUrl {
        match (&self.sqlite_path, &self.pg) {
            (Some(path), _) => DatabaseUrl::Sqlite(path.clone()),
            (None, Some(db)) => DatabaseUrl::Postgres(db.url().to_string()),
            (None, None) => unreachable!("a backend has a database"),
        }
    }

    /// Another connection to the same database.
    pub fn connect(&self) -> Box<dyn kkb_store::conn::Conn> {
        match self.url() {
            DatabaseUrl::Sqlite(path) => Box::new(kkb_store::sqlite::SqliteConn::open(path.to_str().unwrap()).unwrap()),
            DatabaseUrl::Postgres(url) => Box::new(kkb_store::postgres::PgConn::connect(&url).unwrap()),
        }
    }

    /// Closes the store and opens it again, as a restart of the application does.
    pub fn reopen(&mut self) {
        self.store.take();
        self.store = Some(open(&self.url()));
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        // The store's connections close before its database is dropped.
        self.store.take();
    }
}

pub fn vault() -> Vault {
    Vault::from_key(&[42; 32])
}

/// A store over `url` with the test key and the default pool.
pub fn open(url: &DatabaseUrl) -> Store {
    open_with(url, PoolConfig::default())
}

/// A store over `url` with the test key and a given pool.
pub fn open_with(url: &DatabaseUrl, config: PoolConfig) -> Store {
    Store::connect(url, vault(), config).unwrap()
}

pub fn sqlite() -> Backend {
    let file = SqliteFile::new("t.db");
    let store = open(&DatabaseUrl::Sqlite(file.path().to_path_buf()));
    Backend {
        name: "sqlite",
        store: Some(store),
        sqlite_path: Some(file.path().to_path_buf()),
        pg: None,
        _sqlite: Some(file),
    }
}

/// A fresh PostgreSQL database; `None` (loudly) when no server is reachable outside CI. Under CI it must exist.
pub fn postgres() -> Option<Backend> {
    let db = kkb_testdb::postgres("test", "this test")?;
    let store = open(&DatabaseUrl::Postgres(db.url().to_string()));
    Some(Backend { name: "postgres", store: Some(store), sqlite_path: None, pg: Some(db), _sqlite: None })
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
