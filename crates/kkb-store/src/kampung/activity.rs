//! Activities of a Kampung KB: a dated record of what was done and with which agencies.

use super::{check, require_kampung};
use crate::conn::Val;
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::Activity;
use kkb_domain::region::RegionCode;

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

impl FromRow for StoredActivity {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(StoredActivity { id: r.get()?, village: r.get()?, activity: r.get::<Json<_>>()?.0, created_at: r.get()? })
    }
}

impl Store {
    /// Records an activity of a Kampung, validated against today's date; returns its id.
    #[tracing::instrument(skip_all, fields(village = %village))]
    pub fn add_activity(&self, village: RegionCode, a: &Activity) -> Result<i64, StoreError> {
        check("activity", a.validate(today_utc()))?;
        let (v, json, now) = (village.to_string(), to_json!(a)?, crate::now());
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            c.query_one_as(
                "INSERT INTO kampung_activities (village, date, activity, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
                &[Val::T(&v), Val::T(&a.date.to_string()), Val::T(&json), Val::T(&now)],
            )
        })
    }

    /// The activities of a Kampung, by date then id.
    pub fn activities(&self, village: RegionCode) -> Result<Vec<StoredActivity>, StoreError> {
        self.reader()?.query_as(
            "SELECT id, village, activity, created_at FROM kampung_activities WHERE village = $1 ORDER BY date, id",
            &[Val::T(&village.to_string())],
        )
    }
}
