//! Storage of kampungkb. [`Store`] offers the use cases the application needs (`import_round`, `save_family`,
//! `region_figures`, `descendant_figures`, `recompute`, `check`, users, sessions, API tokens and the audit log, …);
//! it is written once over the [`conn::Conn`] trait, implemented for SQLite (the embedded default) and
//! PostgreSQL. The backend is chosen once, from the database URL.

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
pub mod postgres;
mod regions;
mod rounds;
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
pub use regions::{RegionLoadReport, RegionSet};
pub use second_factor::TotpState;
pub use sessions::{ApiToken, Session};
pub use tally::{CheckReport, RecomputeReport};
pub use users::{NewUser, User};

use conn::{Conn, RowExt, Val};
use kkb_domain::methodology::Methodology;
use kkb_domain::pk::Problem;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
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

/// The store: the use cases of kampungkb over one database.
pub struct Store {
    conn: Mutex<Box<dyn Conn>>,
    vault: Vault,
    methodologies: Mutex<HashMap<String, Arc<Methodology>>>,
    regions: Mutex<Option<Arc<RegionSet>>>,
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
    /// Opens a database, runs its migrations, loads the official region table into a new database, registers
    /// the default methodology and recomputes stored classes under a new classification rule (once a rule). The
    /// personal-data key comes from `KAMPUNGKB_KEY` or `key_file`.
    #[tracing::instrument(skip_all)]
    pub fn open(url: &DatabaseUrl, key_file: &std::path::Path) -> Result<Store, StoreError> {
        let conn: Box<dyn Conn> = match url {
            DatabaseUrl::Sqlite(p) => Box::new(sqlite::SqliteConn::open(&p.to_string_lossy())?),
            DatabaseUrl::Postgres(u) => Box::new(postgres::PgConn::connect(u)?),
        };
        Store::with_conn(conn, Vault::load_or_create(key_file)?)
    }

    /// A store over an open connection and a vault (tests use this with a fixed key).
    pub fn with_conn(conn: Box<dyn Conn>, vault: Vault) -> Result<Store, StoreError> {
        let store = Store {
            conn: Mutex::new(conn),
            vault,
            methodologies: Mutex::default(),
            regions: Mutex::default(),
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

    pub(crate) fn conn(&self) -> MutexGuard<'_, Box<dyn Conn>> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs pending migrations (also done by [`Store::open`]).
    pub fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(self.conn().as_mut())
    }

    /// The engine name (`sqlite` or `postgres`).
    pub fn engine(&self) -> &'static str {
        self.conn().engine()
    }

    fn check_key(&self) -> Result<(), StoreError> {
        let mut c = self.conn();
        let c = c.as_mut();
        let check = self.vault.check_value().to_string();
        match c.query_opt("SELECT value FROM meta WHERE key = $1", &[Val::T("key_check")])? {
            Some(r) if r.t(0)? == check => Ok(()),
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
        let mut c = self.conn();
        let c = c.as_mut();
        match c.query_opt("SELECT definition FROM methodologies WHERE id = $1", &[Val::T(m.id())])? {
            Some(r) => {
                let stored: kkb_domain::methodology::Definition =
                    serde_json::from_str(&r.t(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
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
        let row = self
            .conn()
            .as_mut()
            .query_opt("SELECT definition FROM methodologies WHERE id = $1", &[Val::T(id)])?
            .ok_or_else(|| StoreError::NotFound(format!("no methodology {id:?}")))?;
        let m = Arc::new(Methodology::from_json(&row.t(0)?)?);
        self.methodologies.lock().unwrap_or_else(|p| p.into_inner()).insert(id.to_string(), m.clone());
        Ok(m)
    }

    /// All rounds, newest first.
    pub fn rounds(&self) -> Result<Vec<Round>, StoreError> {
        let rows = self.conn().as_mut().query(
            "SELECT r.year, r.methodology_id, (SELECT CAST(COALESCE(SUM(t.families), 0) AS BIGINT) FROM region_tally t \
             WHERE t.year = r.year AND LENGTH(t.region) = 2), r.opened_by, r.published_at, r.published_by \
             FROM rounds r ORDER BY r.year DESC",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let published = match (r.ot(4)?, r.ot(5)?) {
                    (Some(at), by) => Some((at, by.unwrap_or_default())),
                    (None, _) => None,
                };
                Ok(Round {
                    year: r.i(0)? as u16,
                    methodology_id: r.t(1)?,
                    families: r.i(2)?,
                    opened_by: r.t(3)?,
                    published,
                })
            })
            .collect()
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
