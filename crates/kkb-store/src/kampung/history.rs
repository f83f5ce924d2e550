//! The class history of a Kampung KB: its current class kept on its record, and every change of class appended,
//! with the detail of the classification that gave it.

use super::require_kampung;
use crate::conn::Val;
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError};
use kkb_domain::date::Date;
use kkb_domain::region::RegionCode;

/// A recorded class change.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassChange {
    /// Row id (grows with time).
    pub id: i64,
    /// The date the class was computed.
    pub date: Date,
    /// The class (`dasar`, `berkembang`, `mandiri`, `berkelanjutan`).
    pub class: String,
    /// The classification detail (indicators, indices) as computed.
    pub detail: serde_json::Value,
}

impl FromRow for ClassChange {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(ClassChange { id: r.get()?, date: r.get()?, class: r.get()?, detail: r.get::<Json<_>>()?.0 })
    }
}

impl Store {
    /// Records a Kampung's computed class on `date`: as its current class, and in its history when the class
    /// differs from the latest recorded one; returns whether it was appended to the history.
    #[tracing::instrument(skip_all, fields(village = %village, class))]
    pub fn record_class(
        &self,
        village: RegionCode,
        date: Date,
        class: &str,
        detail: &serde_json::Value,
    ) -> Result<bool, StoreError> {
        let (v, json) = (village.to_string(), to_json!(detail)?);
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            let latest = c.query_opt_as::<String>(
                "SELECT class FROM kampung_class_history WHERE village = $1 ORDER BY id DESC LIMIT 1",
                &[Val::T(&v)],
            )?;
            c.exec("UPDATE kampung SET class = $1 WHERE village = $2", &[Val::T(class), Val::T(&v)])?;
            if latest.as_deref() == Some(class) {
                return Ok(false);
            }
            c.exec(
                "INSERT INTO kampung_class_history (village, date, class, detail) VALUES ($1, $2, $3, $4)",
                &[Val::T(&v), Val::T(&date.to_string()), Val::T(class), Val::T(&json)],
            )?;
            Ok(true)
        })
    }

    /// The class changes of a Kampung, oldest first.
    pub fn class_history(&self, village: RegionCode) -> Result<Vec<ClassChange>, StoreError> {
        self.reader()?.query_as(
            "SELECT id, date, class, detail FROM kampung_class_history WHERE village = $1 ORDER BY id",
            &[Val::T(&village.to_string())],
        )
    }
}
