//! The class history of a Kampung KB: its current class kept on its record, and every change of class appended,
//! with the detail of the classification that gave it.

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
    /// The classification detail (indicators, indices, the rule's id) as computed.
    pub detail: serde_json::Value,
    /// Why the class changed when the Kampung's data did not: `classification rule kampung-kb-v2: …` for a class
    /// recomputed under a new rule; `None` for a change of the data.
    pub reason: Option<String>,
}

impl FromRow for ClassChange {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(ClassChange {
            id: r.get()?,
            date: r.get()?,
            class: r.get()?,
            detail: r.get::<Json<_>>()?.0,
            reason: r.get()?,
        })
    }
}

impl Store {
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
        self.reader()?.query_as(
            "SELECT id, date, class, detail, reason FROM kampung_class_history WHERE village = $1 ORDER BY id",
            &[Val::T(&village.to_string())],
        )
    }
}
