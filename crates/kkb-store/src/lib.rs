//! Storage of kampungkb. [`Store`] offers the use cases the application needs (`import_round`, `save_family`,
//! `region_figures`, `descendant_figures`, `recompute`, `check`, users, sessions, API tokens and the audit log, …);
//! it is written once over the [`conn::Conn`] trait, implemented for SQLite (the embedded default) and
//! PostgreSQL. The backend is chosen once, from the database URL. Its connections are a [`PoolConfig`]ured pool:
//! one writer and several readers, so that reads never wait for a write (see the `pool` module).

mod audit;
mod capture;
pub mod conn;
mod family;
mod import;
mod kampung;
mod lookup;
mod migrate;
mod pii;
mod planning;
mod pool;
pub mod postgres;
mod regions;
mod rounds;
pub mod row;
mod second_factor;
mod sessions;
pub mod sqlite;
mod tally;
mod users;
pub mod vault;

pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use capture::{Attachment, NewSubmission, Outcome, Submission, SubmissionFilter};
pub use family::{FamilySummary, StoredFamily};
pub use import::{Feed, ImportReport, NikTaken};
pub use kampung::bulk::RegistryImportSummary;
pub use kampung::{
    ClassChange, ClassCounts, Coverage, Document, DocumentMeta, KampungStatus, MAX_DOCUMENT_BYTES, PopulationSource,
    RegionClassCounts, RegionCoverage, StoredActivity, StoredPopulation, StoredProfile,
};
pub use planning::{StoredItem, StoredProgress};
pub use pool::PoolConfig;
pub use regions::{RegionLoadReport, RegionSet};
pub use second_factor::TotpState;
pub use sessions::{ApiToken, Session};
pub use tally::{CheckReport, RecomputeReport};
pub use users::{NewUser, User};

use conn::{Conn, Val};
use kkb_domain::methodology::Methodology;
use kkb_domain::pk::Problem;
use pool::{Lease, Pool, Role};
use row::{Cols, FromRow, Json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use vault::Vault;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be opened or reached.
    #[error("{0}")]
    Open(String),
    /// A database error.
    #[error("database error: {0}")]
    Db(String),
    /// A uniqueness or reference constraint was violated.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store refuses a change a user can make (a stale version, a taken name): the reason says why in the
    /// reader's language (`Lang::reason` of crate `kkb-i18n`); shown here as its code.
    #[error("refused: {}", .0.code())]
    Refused(kkb_domain::problem::Reason),
    /// The personal-data key is missing, wrong or unusable.
    #[error("personal-data key: {0}")]
    Key(String),
    /// Stored data that cannot be read back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The input conflicts with stored data (e.g. a NIK already used in another family of the round).
    #[error("{} problem(s) with the input", .0.len())]
    Problems(Vec<Problem>),
    /// The request names something that does not exist (an unknown region or round).
    #[error("{0}")]
    NotFound(String),
    /// Every connection stayed in use for longer than the pool waits ([`PoolConfig`]): try again in a moment.
    #[error("{0}")]
    Busy(String),
    /// The database server cannot be reached (it went away, or is restarting); the store reconnects by itself
    /// once it is back.
    #[error("the database server cannot be reached: {0}")]
    Unavailable(String),
    /// An import stream was abandoned by its reader (see [`Feed::Abort`]): nothing was written.
    #[error("the import was abandoned before its end; nothing was written")]
    Aborted,
    /// A methodology definition problem.
    #[error(transparent)]
    Methodology(#[from] kkb_domain::methodology::DefinitionError),
}

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file (`:memory:` for a throwaway database).
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses `sqlite://PATH`, `sqlite:PATH`, `postgres://…`/`postgresql://…`, or a bare file path.
    pub fn parse(s: &str) -> DatabaseUrl {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            DatabaseUrl::Postgres(s.to_string())
        } else if let Some(p) = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")) {
            DatabaseUrl::Sqlite(PathBuf::from(p))
        } else {
            DatabaseUrl::Sqlite(PathBuf::from(s))
        }
    }

    /// The default place of the personal-data key file for this database.
    pub fn default_key_file(&self) -> PathBuf {
        match self {
            DatabaseUrl::Sqlite(p) if p.as_os_str() != ":memory:" => {
                let mut s = p.clone().into_os_string();
                s.push(".key");
                PathBuf::from(s)
            }
            _ => PathBuf::from("kampungkb.key"),
        }
    }
}

/// A census round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// The `pk_year`.
    pub year: u16,
    /// The methodology that scores it.
    pub methodology_id: String,
    /// Families stored.
    pub families: i64,
    /// Who opened it (a username, or the import that created it).
    pub opened_by: String,
    /// When and by whom it was published (RFC 3339 UTC, username); `None` while it is not.
    pub published: Option<(String, String)>,
}

impl FromRow for Round {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        let (year, methodology_id, families, opened_by) = (r.get()?, r.get()?, r.get()?, r.get()?);
        let published = match (r.get::<Option<String>>()?, r.get::<Option<String>>()?) {
            (Some(at), by) => Some((at, by.unwrap_or_default())),
            (None, _) => None,
        };
        Ok(Round { year, methodology_id, families, opened_by, published })
    }
}

/// The store: the use cases of kampungkb over one database.
pub struct Store {
    db: Pool,
    vault: Vault,
    methodologies: Mutex<HashMap<String, Arc<Methodology>>>,
    regions: Mutex<Option<Arc<RegionSet>>>,
    region_names: regions::RegionCache,
    version: lookup::VersionCache,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store(..)")
    }
}

pub(crate) fn now() -> String {
    kkb_domain::date::now_utc_rfc3339()
}

impl Store {
    /// Opens a database with the pool configured by the environment ([`PoolConfig::from_env`]), runs its
    /// migrations, loads the official region table into a new database, registers the default methodology and
    /// recomputes stored classes under a new classification rule (once a rule). The
    /// personal-data key comes from `KAMPUNGKB_KEY` or `key_file`.
    #[tracing::instrument(skip_all)]
    pub fn open(url: &DatabaseUrl, key_file: &std::path::Path) -> Result<Store, StoreError> {
        Store::connect(url, Vault::load_or_create(key_file)?, PoolConfig::from_env())
    }

    /// Opens a database as [`Store::open`] does, with a given vault and pool (tests use a fixed key).
    pub fn connect(url: &DatabaseUrl, vault: Vault, config: PoolConfig) -> Result<Store, StoreError> {
        let (connect, shared): (pool::Connect, bool) = match url {
            DatabaseUrl::Sqlite(p) => {
                let path = p.to_string_lossy().into_owned();
                // An in-memory (or nameless temporary) database lives in one connection only.
                let shared = !(path == ":memory:" || path.is_empty());
                let open = move |role: Role| -> Result<Box<dyn Conn>, StoreError> {
                    Ok(Box::new(match role {
                        Role::Writer => sqlite::SqliteConn::open(&path)?,
                        Role::Reader => sqlite::SqliteConn::open_reader(&path)?,
                    }))
                };
                (Box::new(open), shared)
            }
            DatabaseUrl::Postgres(u) => {
                let u = u.clone();
                let open = move |_: Role| -> Result<Box<dyn Conn>, StoreError> {
                    Ok(Box::new(postgres::PgConn::connect(&u)?))
                };
                (Box::new(open), true)
            }
        };
        let store = Store {
            db: Pool::open(connect, shared, config)?,
            vault,
            methodologies: Mutex::default(),
            regions: Mutex::default(),
            region_names: regions::RegionCache::default(),
            version: lookup::VersionCache::default(),
        };
        store.migrate()?;
        store.check_key()?;
        if store.region_count()? == 0 {
            let rows = kkb_domain::region::parse_region_table(kkb_domain::region::OFFICIAL_TABLE)
                .map_err(StoreError::Corrupt)?;
            store.load_regions(&rows)?;
        }
        store.register_methodology(&Methodology::default_pk21())?;
        store.reclassify_under_current_rules()?;
        Ok(store)
    }

    /// Whether a large import may take a SQLite database for itself ([`PoolConfig::exclusive_imports`]): a
    /// server turns this off, so that pages are served while an upload is written.
    pub fn set_exclusive_imports(&self, allowed: bool) {
        self.db.set_exclusive_imports(allowed);
    }

    /// A reader connection (see the `pool` module): for reads that do not belong to a write.
    pub(crate) fn reader(&self) -> Result<Lease<'_>, StoreError> {
        self.db.read()
    }

    /// The writer connection: for writes, and the reads inside them.
    pub(crate) fn writer(&self) -> Result<Lease<'_>, StoreError> {
        self.db.write()
    }

    /// Runs pending migrations (also done by [`Store::open`]).
    pub fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(&mut *self.writer()?)
    }

    /// The engine name (`sqlite` or `postgres`).
    pub fn engine(&self) -> &'static str {
        self.db.engine()
    }

    fn check_key(&self) -> Result<(), StoreError> {
        let mut c = self.writer()?;
        let check = self.vault.check_value().to_string();
        match c.query_opt_as::<String>("SELECT value FROM meta WHERE key = $1", &[Val::T("key_check")])? {
            Some(stored) if stored == check => Ok(()),
            Some(_) => Err(StoreError::Key(
                "this database was created with another personal-data key: set KAMPUNGKB_KEY or the key file to the database's key".into(),
            )),
            None => {
                c.exec("INSERT INTO meta (key, value) VALUES ($1, $2)", &[Val::T("key_check"), Val::T(&check)])?;
                Ok(())
            }
        }
    }

    /// Stores a methodology definition; an existing id must have the same content.
    pub fn register_methodology(&self, m: &Methodology) -> Result<(), StoreError> {
        let json = serde_json::to_string(m.definition()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut c = self.writer()?;
        let stored = c.query_opt_as::<Json<kkb_domain::methodology::Definition>>(
            "SELECT definition FROM methodologies WHERE id = $1",
            &[Val::T(m.id())],
        )?;
        match stored {
            Some(Json(mut stored)) => {
                // The name and description are words about the rules, not rules: rewording them keeps the id.
                stored.name.clone_from(&m.definition().name);
                stored.description.clone_from(&m.definition().description);
                if &stored != m.definition() {
                    return Err(StoreError::Conflict(format!(
                        "methodology {} is stored with different rules: give a changed definition a new id",
                        m.id()
                    )));
                }
            }
            None => {
                c.exec(
                    "INSERT INTO methodologies (id, definition, created_at) VALUES ($1, $2, $3)",
                    &[Val::T(m.id()), Val::T(&json), Val::T(&now())],
                )?;
            }
        }
        Ok(())
    }

    /// A stored methodology, compiled (cached).
    pub fn methodology(&self, id: &str) -> Result<Arc<Methodology>, StoreError> {
        if let Some(m) = self.methodologies.lock().unwrap_or_else(|p| p.into_inner()).get(id) {
            return Ok(m.clone());
        }
        let json = self
            .reader()?
            .query_opt_as::<String>("SELECT definition FROM methodologies WHERE id = $1", &[Val::T(id)])?
            .ok_or_else(|| StoreError::NotFound(format!("no methodology {id:?}")))?;
        let m = Arc::new(Methodology::from_json(&json)?);
        self.methodologies.lock().unwrap_or_else(|p| p.into_inner()).insert(id.to_string(), m.clone());
        Ok(m)
    }

    /// All rounds, newest first.
    pub fn rounds(&self) -> Result<Vec<Round>, StoreError> {
        self.reader()?.query_as(
            // The round's families: its provinces' tallies, one key look-up each (not a scan of the round's tallies,
            // which grow with every province imported).
            "SELECT r.year, r.methodology_id, (SELECT CAST(COALESCE(SUM((SELECT t.families FROM region_tally t \
             WHERE t.year = r.year AND t.region = g.code)), 0) AS BIGINT) FROM regions g WHERE g.parent IS NULL), \
             r.opened_by, r.published_at, r.published_by FROM rounds r ORDER BY r.year DESC",
            &[],
        )
    }

    /// The round of `year`, or, when `None`, the default round: the latest published one (a round opened but not
    /// yet published is read only by its year).
    pub fn round(&self, year: Option<u16>) -> Result<Round, StoreError> {
        let rounds = self.rounds()?;
        match year {
            None => rounds
                .into_iter()
                .find(|r| r.published.is_some())
                .ok_or_else(|| StoreError::NotFound("no PK round has been published yet".into())),
            Some(y) => rounds
                .into_iter()
                .find(|r| r.year == y)
                .ok_or_else(|| StoreError::NotFound(format!("there is no PK round for {y}"))),
        }
    }
}
