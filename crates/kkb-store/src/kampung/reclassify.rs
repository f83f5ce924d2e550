//! Stored classes under a new classification rule. The class kept on a Kampung record, and each row of its history,
//! was computed under the rule in force when it was recorded (the history's detail names it). When the
//! application's rule changes — `kampung-kb-v1` to `kampung-kb-v2`, percentages rounded as the national portal —
//! every stored class is recomputed once, when the store opens, and a class that changes gets a history row whose
//! reason names the rule. Table `classification_rules` (migration 0008) lists the rules already applied, so the
//! step runs once per rule and database, on both engines; earlier history rows stay as they were recorded.
//!
//! A step at open rather than a migration: the class is computed by the domain's engine, not by SQL.

use super::require_kampung;
use crate::conn::{RowExt, Val};
use crate::{Store, StoreError};
use kkb_domain::classification::ClassificationRules;
use kkb_domain::date::Date;
use kkb_domain::region::RegionCode;

impl Store {
    /// Recomputes the class of every classified Kampung KB under [`ClassificationRules::current`], unless that was
    /// done before in this database; a class that changes gets a history row with the rule's
    /// [`change_reason`](ClassificationRules::change_reason). Returns how many classes changed, `None` when the
    /// rule was applied before. [`Store::open`] runs it.
    #[tracing::instrument(skip_all)]
    pub fn reclassify_under_current_rules(&self) -> Result<Option<usize>, StoreError> {
        let rules = ClassificationRules::current();
        let done = self
            .reader()?
            .query_opt("SELECT rules FROM classification_rules WHERE rules = $1", &[Val::T(rules.id())])?;
        if done.is_some() {
            return Ok(None);
        }
        let villages: Vec<RegionCode> =
            self.reader()?.query_as("SELECT village FROM kampung WHERE class IS NOT NULL ORDER BY village", &[])?;
        let reason = rules.change_reason();
        let mut changed = 0;
        for v in &villages {
            if self.refresh_class_because(*v, Some(&reason))?.1 {
                changed += 1;
            }
        }
        self.writer()?.write(|c| {
            c.exec(
                "INSERT INTO classification_rules (rules, applied_at, changed) VALUES ($1, $2, $3) \
                 ON CONFLICT (rules) DO NOTHING",
                &[Val::T(rules.id()), Val::T(&crate::now()), Val::I(changed as i64)],
            )
        })?;
        tracing::info!(rules = rules.id(), recomputed = villages.len(), changed, "stored classes recomputed");
        Ok(Some(changed))
    }

    /// [`Store::record_class`], with the reason of the change kept in the history row it appends (if any).
    #[tracing::instrument(skip_all, fields(village = %village, class))]
    pub fn record_class_because(
        &self,
        village: RegionCode,
        date: Date,
        class: &str,
        detail: &serde_json::Value,
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let v = village.to_string();
        let json = serde_json::to_string(detail).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.registry_write(|c| {
            require_kampung(c, &v)?;
            let latest = c.query_opt(
                "SELECT class FROM kampung_class_history WHERE village = $1 ORDER BY id DESC LIMIT 1",
                &[Val::T(&v)],
            )?;
            c.exec("UPDATE kampung SET class = $1 WHERE village = $2", &[Val::T(class), Val::T(&v)])?;
            if latest.map(|r| r.t(0)).transpose()?.as_deref() == Some(class) {
                return Ok(false);
            }
            c.exec(
                "INSERT INTO kampung_class_history (village, date, class, detail, reason) VALUES ($1, $2, $3, $4, $5)",
                &[Val::T(&v), Val::T(&date.to_string()), Val::T(class), Val::T(&json), Val::opt_t(reason)],
            )?;
            Ok(true)
        })
    }
}
