//! Profiles of a Kampung KB: history, never overwritten; the one with the latest `valid_from` is the active one.

use super::{check, require_kampung};
use crate::conn::Val;
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::Profile;
use kkb_domain::region::RegionCode;

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

/// The columns of a [`StoredProfile`].
const PROFILE_COLUMNS: &str = "id, active, profile, created_at";

impl FromRow for StoredProfile {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(StoredProfile { id: r.get()?, active: r.get()?, profile: r.get::<Json<_>>()?.0, created_at: r.get()? })
    }
}

impl Store {
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
                return Err(StoreError::Refused(kkb_domain::problem::Reason::ProfileExists { from: p.valid_from }));
            }
            let id = c.query_one_as::<i64>(
                "INSERT INTO kampung_profiles (village, valid_from, active, profile, created_at) \
                 VALUES ($1, $2, 0, $3, $4) RETURNING id",
                &[Val::T(&v), Val::T(&from), Val::T(&json), Val::T(&now)],
            )?;
            c.exec("UPDATE kampung_profiles SET active = 0 WHERE village = $1 AND active = 1", &[Val::T(&v)])?;
            c.exec(
                "UPDATE kampung_profiles SET active = 1 WHERE id = (SELECT id FROM kampung_profiles \
                 WHERE village = $1 ORDER BY valid_from DESC LIMIT 1)",
                &[Val::T(&v)],
            )?;
            Ok(id)
        })?;
        // Committed: a reader sees it.
        self.reader()?
            .query_opt_as(&format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE id = $1"), &[Val::I(id)])?
            .ok_or_else(|| StoreError::NotFound(format!("there is no profile #{id}")))
    }

    /// The active profile of a Kampung (the one with the latest `valid_from`), if it has any.
    pub fn active_profile(&self, village: RegionCode) -> Result<Option<StoredProfile>, StoreError> {
        self.reader()?.query_opt_as(
            &format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 AND active = 1"),
            &[Val::T(&village.to_string())],
        )
    }

    /// The profile in force on `date`: the one with the latest `valid_from` on or before it.
    pub fn profile_at(&self, village: RegionCode, date: Date) -> Result<Option<StoredProfile>, StoreError> {
        self.reader()?.query_opt_as(
            &format!(
                "SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 AND valid_from <= $2 \
                 ORDER BY valid_from DESC LIMIT 1"
            ),
            &[Val::T(&village.to_string()), Val::T(&date.to_string())],
        )
    }

    /// Every profile version of a Kampung, newest `valid_from` first.
    pub fn profile_history(&self, village: RegionCode) -> Result<Vec<StoredProfile>, StoreError> {
        self.reader()?.query_as(
            &format!("SELECT {PROFILE_COLUMNS} FROM kampung_profiles WHERE village = $1 ORDER BY valid_from DESC"),
            &[Val::T(&village.to_string())],
        )
    }
}
