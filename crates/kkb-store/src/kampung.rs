//! The Kampung KB registry's storage: records, versioned profiles, monthly reports, activities, class history,
//! documents and coverage. Domain values are validated by kkb-domain and stored as JSON beside the columns that
//! queries filter on; every write runs in one transaction, so a refused write leaves nothing behind.

pub(crate) mod bulk;
mod reclassify;
mod sha256;
mod status;

pub use status::{ClassCounts, KampungStatus, PopulationSource, RegionClassCounts, StoredPopulation};

use crate::conn::{Conn, Row, RowExt, Val};
use crate::{Store, StoreError};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::{Activity, FieldProblem, KampungRecord, MonthlyReport, Profile, YearMonth};
use kkb_domain::pk::Problem;
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, Region, RegionCode};

/// The largest document the store accepts: 5 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// Kampung KB formed among the villages of a region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Desa/kelurahan in the region (from the region table).
    pub villages: i64,
    /// Active Kampung KB launched on or before the date asked for.
    pub formed: i64,
}

/// The coverage of one sub-region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCoverage {
    /// The sub-region.
    pub region: Region,
    /// Its coverage.
    pub coverage: Coverage,
}

/// A stored profile version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProfile {
    /// Row id.
    pub id: i64,
    /// Whether it is the active (latest) profile of its Kampung.
    pub active: bool,
    /// The profile.
    pub profile: Profile,
    /// When it was saved (RFC 3339 UTC).
    pub created_at: String,
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActivity {
    /// Row id.
    pub id: i64,
    /// The Kampung's village.
    pub village: RegionCode,
    /// The activity.
    pub activity: Activity,
    /// When it was recorded (RFC 3339 UTC).
    pub created_at: String,
}

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Row id.
    pub id: i64,
    /// The Kampung's village.
    pub village: RegionCode,
    /// The file name as uploaded (without directories).
    pub filename: String,
    /// `image/png`, `image/jpeg` or `application/pdf`, as detected from the content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// When it was stored (RFC 3339 UTC).
    pub created_at: String,
}

/// A document with its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The metadata.
    pub meta: DocumentMeta,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A recorded class change.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassChange {
    /// Row id (grows with time).
    pub id: i64,
    /// The date the class was computed.
    pub date: Date,
    /// The class (`dasar`, `berkembang`, `mandiri`, `berkelanjutan`).
    pub class: String,
    /// The classification detail (indicators, indices, the rule's id) as computed.
    pub detail: serde_json::Value,
    /// Why the class changed when the Kampung's data did not: `classification rule kampung-kb-v2: …` for a class
    /// recomputed under a new rule; `None` for a change of the data.
    pub reason: Option<String>,
}

/// Domain problems with a `what` (`kampung`, `plan`, …) as a store refusal.
pub(crate) fn problems(what: &str, p: Vec<FieldProblem>) -> StoreError {
    StoreError::Problems(
        p.into_iter()
            .map(|p| Problem { file: what.into(), row: 0, column: p.field, value: String::new(), reason: p.reason })
            .collect(),
    )
}

/// `Ok` without problems, else [`problems`].
pub(crate) fn check(what: &str, p: Vec<FieldProblem>) -> Result<(), StoreError> {
    if p.is_empty() { Ok(()) } else { Err(problems(what, p)) }
}

// Macros rather than generic functions: this crate has no direct serde dependency to name the traits with.
macro_rules! to_json {
    ($v:expr) => {
        serde_json::to_string($v).map_err(|e| StoreError::Corrupt(e.to_string()))
    };
}

macro_rules! from_json {
    ($s:expr) => {
        serde_json::from_str($s).map_err(|e| StoreError::Corrupt(e.to_string()))
    };
}

fn parse_code(s: &str) -> Result<RegionCode, StoreError> {
    RegionCode::parse(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse_date(s: &str) -> Result<Date, StoreError> {
    Date::parse_iso(s).ok_or_else(|| StoreError::Corrupt(format!("{s:?} is not a date")))
}

/// `NotFound` unless `village` has a Kampung KB record.
fn require_kampung(c: &mut dyn Conn, village: &str) -> Result<(), StoreError> {
    match c.query_opt("SELECT village FROM kampung WHERE village = $1", &[Val::T(village)])? {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("{village} has no Kampung KB record"))),
    }
}

/// The upper bound of the codes within `code` (itself and `code.…`): `code/`, as `/` follows `.` in byte order.
fn upper(code: &str) -> String {
    format!("{code}/")
}

/// The date bound of coverage queries.
fn as_of_text(as_of: Option<Date>) -> String {
    as_of.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string())
}

/// The kind of a document, from its first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

const PROFILE_COLUMNS: &str = "id, active, profile, created_at";

fn stored_profile(r: &Row) -> Result<StoredProfile, StoreError> {
    Ok(StoredProfile { id: r.i(0)?, active: r.i(1)? != 0, profile: from_json!(r.s(2)?)?, created_at: r.t(3)? })
}

fn record(r: &Row) -> Result<KampungRecord, StoreError> {
    let mut k: KampungRecord = from_json!(r.s(0)?)?;
    k.created_at = r.t(1)?;
    k.updated_at = r.t(2)?;
    Ok(k)
}

const DOCUMENT_COLUMNS: &str = "id, village, filename, content_type, size, sha256, created_at";

fn document_meta(r: &Row) -> Result<DocumentMeta, StoreError> {
    Ok(DocumentMeta {
        id: r.i(0)?,
        village: parse_code(r.s(1)?)?,
        filename: r.t(2)?,
        content_type: r.t(3)?,
        size: r.i(4)?,
        sha256: r.t(5)?,
        created_at: r.t(6)?,
    })
}

/// Writes a validated record in the caller's transaction (the village is known to be a desa/kelurahan), keeping
/// the creation time of an existing one; returns the creation time and whether the record is new.
fn put_record(c: &mut dyn Conn, r: &KampungRecord, now: &str) -> Result<(String, bool), StoreError> {
    let village = r.village.to_string();
    let created = c.query_opt("SELECT created_at FROM kampung WHERE village = $1", &[Val::T(&village)])?;
    let (created_at, new) = match created {
        Some(row) => (row.t(0)?, false),
        None => (now.to_string(), true),
    };
    let json = to_json!(&KampungRecord { created_at: String::new(), updated_at: String::new(), ..r.clone() })?;
    c.exec(
        "INSERT INTO kampung (village, name, launch_date, active, record, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (village) DO UPDATE SET name = excluded.name, \
         launch_date = excluded.launch_date, active = excluded.active, record = excluded.record, \
         updated_at = excluded.updated_at",
        &[
            Val::T(&village),
            Val::T(&r.name),
            Val::T(&r.launch_date.to_string()),
            Val::I(r.active.into()),
            Val::T(&json),
            Val::T(&created_at),
            Val::T(now),
        ],
    )?;
    Ok((created_at, new))
}

/// Whether a Kampung has a report for a month.
fn report_exists(c: &mut dyn Conn, village: &str, month: &str) -> Result<bool, StoreError> {
    Ok(c.query_opt(
        "SELECT month FROM kampung_reports WHERE village = $1 AND month = $2",
        &[Val::T(village), Val::T(month)],
    )?
    .is_some())
}

/// Inserts a report (JSON), or replaces the stored one of its month when `exists` (which clears its verification).
fn put_report(
    c: &mut dyn Conn,
    village: &str,
    month: &str,
    json: &str,
    exists: bool,
    now: &str,
) -> Result<(), StoreError> {
    if exists {
        c.exec(
            "UPDATE kampung_reports SET report = $1, updated_at = $2, verified_by = NULL, verified_at = NULL \
             WHERE village = $3 AND month = $4",
            &[Val::T(json), Val::T(now), Val::T(village), Val::T(month)],
        )?;
    } else {
        c.exec(
            "INSERT INTO kampung_reports (village, month, report, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
            &[Val::T(village), Val::T(month), Val::T(json), Val::T(now), Val::T(now)],
        )?;
    }
    Ok(())
}

impl Store {
    /// Runs a registry write in one transaction that also marks a new data version (coverage and classes feed the
    /// dashboards' caches).
    fn registry_write<T>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let r = self.conn().as_mut().write(|c| {
            let v = f(c)?;
            crate::lookup::bump_data_version(c)?;
            Ok(v)
        });
        self.version.invalidate();
        r
    }

    /// Creates or replaces the record of a Kampung KB (one per village), validated against today's date; the
    /// village must be a desa/kelurahan of the region table. Keeps the creation time of an existing record and
    /// returns the record as stored, with its timestamps.
    #[tracing::instrument(skip_all, fields(village = %r.village))]
    pub fn upsert_kampung(&self, r: &KampungRecord) -> Result<KampungRecord, StoreError> {
        check("kampung", r.validate(today_utc()))?;
        let village = r.village.to_string();
        let now = crate::now();
        let mut stored = r.clone();
        stored.updated_at = now.clone();
        self.registry_write(|c| {
            if c.query_opt(
                "SELECT code FROM regions WHERE code = $1 AND level = $2",
                &[Val::T(&village), Val::T(Level::Village.as_str())],
            )?
            .is_none()
            {
                return Err(problems(
                    "kampung",
                    vec![FieldProblem::new("village", Reason::VillageNotInTable { code: village.clone() })],
                ));
            }
            stored.created_at = put_record(c, r, &now)?.0;
            Ok(())
        })?;
        Ok(stored)
    }

    /// The record of the Kampung KB of a village, if any.
    pub fn kampung(&self, village: RegionCode) -> Result<Option<KampungRecord>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            "SELECT record, created_at, updated_at FROM kampung WHERE village = $1",
            &[Val::T(&village.to_string())],
        )?;
        row.map(|r| record(&r)).transpose()
    }

    /// The Kampung KB records within a region (the whole country when `None`), active or not, by village code.
    pub fn kampungs(&self, within: Option<RegionCode>) -> Result<Vec<KampungRecord>, StoreError> {
        let (low, high) = match within {
            Some(code) => (code.to_string(), upper(&code.to_string())),
            None => (String::new(), "\u{10ffff}".to_string()),
        };
        let rows = self.conn().as_mut().query(
            "SELECT record, created_at, updated_at FROM kampung WHERE village >= $1 AND village < $2 ORDER BY village",
            &[Val::T(&low), Val::T(&high)],
        )?;
        rows.iter().map(record).collect()
    }

    /// Saves a new profile version of a Kampung. Profiles are history: a second profile with the same
    /// `valid_from` is a [`StoreError::Conflict`]; the profile with the latest `valid_from` becomes the active one.
    #[tracing::instrument(skip_all, fields(village = %village))]
    pub fn save_profile(&self, village: RegionCode, p: &Profile) -> Result<StoredProfile, StoreError> {
        check("profile", p.validate(today_utc()))?;
        let (v, from, json, now) = (village.to_string(), p.valid_from.to_string(), to_json!(p)?, crate::now());
        let id = self.registry_write(|c| {
            require_kampung(c, &v)?;
            if c.query_opt(
                "SELECT id FROM kampung_profiles WHERE village = $1 AND valid_from = $2",
                &[Val::T(&v), Val::T(&from)],
            )?
            .is_some()
            {
                return Err(StoreError::Conflict(format!(
                    "the Kampung KB of {v} already has a profile valid from {from}: profiles are kept as history, \
                     save the change as a new profile with a later valid_from"
                )));
            }
            let id = c
                .query_opt(
                    "INSERT INTO kampung_profiles (village, valid_from, active, profile, created_at) \
                     VALUES ($1, $2, 0, $3, $4) RETURNING id",
                    &[Val::T(&v), Val::T(&from), Val::T(&json), Val::T(&now)],
                )?
                .ok_or_else(|| StoreError::Db("INSERT … RETURNING gave no row".into()))?
                .i(0)?;
            c.exec("UPDATE kampung_profiles SET active = 0 WHERE village = $1 AND active = 1", &[Val::T(&v)])?;
            c.exec(
                "UPDATE kampung_profiles SET active = 1 WHERE id = (SELECT id FROM kampung_profiles \
                 WHERE village = $1 ORDER BY valid_from DESC LIMIT 1)",
                &[Val::T(&v)],
            )?;
            Ok(id)
        })?;
        self.profile_by_id(id)
    }

    fn profile_by_id(&self, id: i64) -> Result<StoredProfile, StoreError> {
        let row = self
            .conn()
            .as_mut()
            .query_opt(&format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE id = $1"), &[Val::I(id)])?
            .ok_or_else(|| StoreError::NotFound(format!("there is no profile #{id}")))?;
        stored_profile(&row)
    }

    /// The active profile of a Kampung (the one with the latest `valid_from`), if it has any.
    pub fn active_profile(&self, village: RegionCode) -> Result<Option<StoredProfile>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            &format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 AND active = 1"),
            &[Val::T(&village.to_string())],
        )?;
        row.map(|r| stored_profile(&r)).transpose()
    }

    /// The profile in force on `date`: the one with the latest `valid_from` on or before it.
    pub fn profile_at(&self, village: RegionCode, date: Date) -> Result<Option<StoredProfile>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            &format!(
                "SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 AND valid_from <= $2 \
                 ORDER BY valid_from DESC LIMIT 1"
            ),
            &[Val::T(&village.to_string()), Val::T(&date.to_string())],
        )?;
        row.map(|r| stored_profile(&r)).transpose()
    }

    /// Every profile version of a Kampung, newest `valid_from` first.
    pub fn profile_history(&self, village: RegionCode) -> Result<Vec<StoredProfile>, StoreError> {
        let rows = self.conn().as_mut().query(
            &format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 ORDER BY valid_from DESC"),
            &[Val::T(&village.to_string())],
        )?;
        rows.iter().map(stored_profile).collect()
    }

    /// Saves a monthly report, validated against today's date. A report for a month already reported is a
    /// [`StoreError::Conflict`] unless `replace` is set; returns whether a report was replaced.
    #[tracing::instrument(skip_all, fields(village = %r.village, month = %r.month))]
    pub fn save_report(&self, r: &MonthlyReport, replace: bool) -> Result<bool, StoreError> {
        check("report", r.validate(today_utc()))?;
        let (v, month, json, now) = (r.village.to_string(), r.month.to_string(), to_json!(r)?, crate::now());
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            let exists = report_exists(c, &v, &month)?;
            if exists && !replace {
                return Err(StoreError::Conflict(format!(
                    "the Kampung KB of {v} already has a report for {month}: replace it explicitly to change it"
                )));
            }
            put_report(c, &v, &month, &json, exists, &now)?;
            Ok(exists)
        })
    }

    /// The report of a Kampung for a month, if any.
    pub fn report(&self, village: RegionCode, month: YearMonth) -> Result<Option<MonthlyReport>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            "SELECT report FROM kampung_reports WHERE village = $1 AND month = $2",
            &[Val::T(&village.to_string()), Val::T(&month.to_string())],
        )?;
        row.map(|r| from_json!(r.s(0)?)).transpose()
    }

    /// The report of the latest month a Kampung reported, if any.
    pub fn latest_report(&self, village: RegionCode) -> Result<Option<MonthlyReport>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            "SELECT report FROM kampung_reports WHERE village = $1 ORDER BY month DESC LIMIT 1",
            &[Val::T(&village.to_string())],
        )?;
        row.map(|r| from_json!(r.s(0)?)).transpose()
    }

    /// The reports of a Kampung from `from` to `to` (both included), oldest first.
    pub fn reports(
        &self,
        village: RegionCode,
        from: YearMonth,
        to: YearMonth,
    ) -> Result<Vec<MonthlyReport>, StoreError> {
        let rows = self.conn().as_mut().query(
            "SELECT report FROM kampung_reports WHERE village = $1 AND month >= $2 AND month <= $3 ORDER BY month",
            &[Val::T(&village.to_string()), Val::T(&from.to_string()), Val::T(&to.to_string())],
        )?;
        rows.iter().map(|r| from_json!(r.s(0)?)).collect()
    }

    /// Records an activity of a Kampung, validated against today's date; returns its id.
    #[tracing::instrument(skip_all, fields(village = %village))]
    pub fn add_activity(&self, village: RegionCode, a: &Activity) -> Result<i64, StoreError> {
        check("activity", a.validate(today_utc()))?;
        let (v, json, now) = (village.to_string(), to_json!(a)?, crate::now());
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            c.query_opt(
                "INSERT INTO kampung_activities (village, date, activity, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
                &[Val::T(&v), Val::T(&a.date.to_string()), Val::T(&json), Val::T(&now)],
            )?
            .ok_or_else(|| StoreError::Db("INSERT … RETURNING gave no row".into()))?
            .i(0)
        })
    }

    /// The activities of a Kampung, by date then id.
    pub fn activities(&self, village: RegionCode) -> Result<Vec<StoredActivity>, StoreError> {
        let rows = self.conn().as_mut().query(
            "SELECT id, activity, created_at FROM kampung_activities WHERE village = $1 ORDER BY date, id",
            &[Val::T(&village.to_string())],
        )?;
        rows.iter()
            .map(|r| Ok(StoredActivity { id: r.i(0)?, village, activity: from_json!(r.s(1)?)?, created_at: r.t(2)? }))
            .collect()
    }

    /// Stores a photo or document of a Kampung. Refused with [`StoreError::Problems`] when it is empty, larger
    /// than [`MAX_DOCUMENT_BYTES`], not a PNG, JPEG or PDF by its content, or not the `declared_type`.
    #[tracing::instrument(skip_all, fields(village = %village, size = bytes.len()))]
    pub fn add_document(
        &self,
        village: RegionCode,
        filename: &str,
        declared_type: &str,
        bytes: &[u8],
    ) -> Result<DocumentMeta, StoreError> {
        let name = filename.rsplit(['/', '\\']).next().unwrap_or("").trim().to_string();
        let mut p = Vec::new();
        if name.is_empty() {
            p.push(FieldProblem::new("filename", Reason::DocumentNoName));
        }
        let declared = declared_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if bytes.is_empty() {
            p.push(FieldProblem::new("file", Reason::DocumentEmpty));
        } else if bytes.len() > MAX_DOCUMENT_BYTES {
            p.push(FieldProblem::new("file", Reason::DocumentTooLarge { bytes: bytes.len(), max: MAX_DOCUMENT_BYTES }));
        } else {
            match sniff(bytes) {
                None => p.push(FieldProblem::new("content_type", Reason::DocumentType)),
                Some(t) if t != declared => p.push(FieldProblem::new(
                    "content_type",
                    Reason::DocumentTypeMismatch { declared: declared_type.to_string(), actual: t.to_string() },
                )),
                Some(_) => {}
            }
        }
        check("document", p)?;
        let (v, sha, now) = (village.to_string(), sha256::hex(bytes), crate::now());
        let size = bytes.len() as i64;
        let id = self.registry_write(|c| {
            require_kampung(c, &v)?;
            c.query_opt(
                "INSERT INTO kampung_documents (village, filename, content_type, size, sha256, bytes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    Val::T(&v),
                    Val::T(&name),
                    Val::T(&declared),
                    Val::I(size),
                    Val::T(&sha),
                    Val::B(bytes),
                    Val::T(&now),
                ],
            )?
            .ok_or_else(|| StoreError::Db("INSERT … RETURNING gave no row".into()))?
            .i(0)
        })?;
        Ok(DocumentMeta { id, village, filename: name, content_type: declared, size, sha256: sha, created_at: now })
    }

    /// A document with its content, by id.
    pub fn document(&self, id: i64) -> Result<Option<Document>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            &format!("SELECT {DOCUMENT_COLUMNS}, bytes FROM kampung_documents WHERE id = $1"),
            &[Val::I(id)],
        )?;
        row.map(|r| Ok(Document { meta: document_meta(&r)?, bytes: r.b(7)?.to_vec() })).transpose()
    }

    /// The documents of a Kampung (metadata only), oldest first.
    pub fn documents(&self, village: RegionCode) -> Result<Vec<DocumentMeta>, StoreError> {
        let rows = self.conn().as_mut().query(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM kampung_documents WHERE village = $1 ORDER BY id"),
            &[Val::T(&village.to_string())],
        )?;
        rows.iter().map(document_meta).collect()
    }

    /// Records a Kampung's computed class on `date`: as its current class, and in its history when the class
    /// differs from the latest recorded one; returns whether it was appended to the history.
    pub fn record_class(
        &self,
        village: RegionCode,
        date: Date,
        class: &str,
        detail: &serde_json::Value,
    ) -> Result<bool, StoreError> {
        self.record_class_because(village, date, class, detail, None)
    }

    /// The class changes of a Kampung, oldest first.
    pub fn class_history(&self, village: RegionCode) -> Result<Vec<ClassChange>, StoreError> {
        let rows = self.conn().as_mut().query(
            "SELECT id, date, class, detail, reason FROM kampung_class_history WHERE village = $1 ORDER BY id",
            &[Val::T(&village.to_string())],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ClassChange {
                    id: r.i(0)?,
                    date: parse_date(r.s(1)?)?,
                    class: r.t(2)?,
                    detail: from_json!(r.s(3)?)?,
                    reason: r.ot(4)?,
                })
            })
            .collect()
    }

    /// The coverage of a region on `as_of` (today's state when `None`): its villages, and its active Kampung KB
    /// launched on or before that date.
    pub fn coverage(&self, code: RegionCode, as_of: Option<Date>) -> Result<Coverage, StoreError> {
        let (low, high, date) = (code.to_string(), upper(&code.to_string()), as_of_text(as_of));
        let row = self
            .conn()
            .as_mut()
            .query_opt(
                "SELECT (SELECT COUNT(*) FROM regions WHERE level = 'village' AND code >= $1 AND code < $2), \
                 (SELECT COUNT(*) FROM kampung WHERE active = 1 AND launch_date <= $3 AND village >= $4 AND village < $5)",
                &[Val::T(&low), Val::T(&high), Val::T(&date), Val::T(&low), Val::T(&high)],
            )?
            .ok_or_else(|| StoreError::Db("a count gave no row".into()))?;
        Ok(Coverage { villages: r_i(&row, 0)?, formed: r_i(&row, 1)? })
    }

    /// The coverage of every direct sub-region of `code` on `as_of`, in code order, in one query.
    pub fn coverage_children(&self, code: RegionCode, as_of: Option<Date>) -> Result<Vec<RegionCoverage>, StoreError> {
        let (parent, date) = (code.to_string(), as_of_text(as_of));
        let rows = self.conn().as_mut().query(
            "SELECT c.code, c.name, c.kind, \
             (SELECT COUNT(*) FROM regions v WHERE v.level = 'village' AND v.code >= c.code AND v.code < c.code || '/'), \
             (SELECT COUNT(*) FROM kampung k WHERE k.active = 1 AND k.launch_date <= $1 \
              AND k.village >= c.code AND k.village < c.code || '/') \
             FROM regions c WHERE c.parent = $2 ORDER BY c.code",
            &[Val::T(&date), Val::T(&parent)],
        )?;
        rows.iter()
            .map(|r| {
                Ok(RegionCoverage {
                    region: Region { code: parse_code(r.s(0)?)?, name: r.t(1)?, kind: r.t(2)? },
                    coverage: Coverage { villages: r_i(r, 3)?, formed: r_i(r, 4)? },
                })
            })
            .collect()
    }
}

fn r_i(r: &Row, i: usize) -> Result<i64, StoreError> {
    r.i(i)
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn documents_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"PK\x03\x04"), None);
    }
}
