//! Kampung KB records: one per village, created or replaced whole.

use super::{check, problems, upper};
use crate::conn::{Conn, Val};
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{FieldProblem, KampungRecord};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};

/// The columns of a [`KampungRecord`]: its JSON and its timestamps, kept apart from it.
const RECORD_COLUMNS: &str = "record, created_at, updated_at";

impl FromRow for KampungRecord {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        let Json(mut k): Json<KampungRecord> = r.get()?;
        k.created_at = r.get()?;
        k.updated_at = r.get()?;
        Ok(k)
    }
}

/// Writes a validated record in the caller's transaction (the village is known to be a desa/kelurahan), keeping
/// the creation time of an existing one; returns the creation time and whether the record is new.
pub(crate) fn put_record(c: &mut dyn Conn, r: &KampungRecord, now: &str) -> Result<(String, bool), StoreError> {
    let village = r.village.to_string();
    let created = c.query_opt_as::<String>("SELECT created_at FROM kampung WHERE village = $1", &[Val::T(&village)])?;
    let (created_at, new) = match created {
        Some(at) => (at, false),
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

impl Store {
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
        self.reader()?.query_opt_as(
            &format!("SELECT {RECORD_COLUMNS} FROM kampung WHERE village = $1"),
            &[Val::T(&village.to_string())],
        )
    }

    /// The Kampung KB records within a region (the whole country when `None`), active or not, by village code.
    pub fn kampungs(&self, within: Option<RegionCode>) -> Result<Vec<KampungRecord>, StoreError> {
        let (low, high) = match within {
            Some(code) => (code.to_string(), upper(&code.to_string())),
            None => (String::new(), "\u{10ffff}".to_string()),
        };
        self.reader()?.query_as(
            &format!("SELECT {RECORD_COLUMNS} FROM kampung WHERE village >= $1 AND village < $2 ORDER BY village"),
            &[Val::T(&low), Val::T(&high)],
        )
    }
}
