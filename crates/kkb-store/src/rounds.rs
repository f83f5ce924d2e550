//! Census rounds as the province manages them (issue 12): a round is opened before any family goes into it from the
//! web, it becomes the default of the dashboards, the API and `index` only once published, and a round opened by
//! mistake is withdrawn with its families. The operator's `import pk` still opens (and publishes) the rounds of its
//! files: see [`Store::import_round`].
//!
//! Publishing and withdrawing change what every default-round read shows, so they bump the data version (caches
//! keyed on it see them) and classify the Kampung KB again (their population comes from the default round).

use crate::conn::{Conn, RowExt, Val};
use crate::import::{NikTaken, WriteRules};
use crate::{Feed, ImportReport, Round, Store, StoreError};
use kkb_domain::pk::{Family, Problem};
use kkb_domain::problem::Reason;
use std::collections::BTreeSet;

/// The years that have a round.
pub(crate) fn open_years(c: &mut dyn Conn) -> Result<BTreeSet<u16>, StoreError> {
    c.query("SELECT year FROM rounds", &[])?.iter().map(|r| Ok(r.i(0)? as u16)).collect()
}

impl Store {
    fn stored_round(&self, year: u16) -> Result<Round, StoreError> {
        self.rounds()?
            .into_iter()
            .find(|r| r.year == year)
            .ok_or_else(|| StoreError::NotFound(format!("there is no PK round for {year}")))
    }

    /// Opens the round of `year` (not published), scored by the default methodology; `by` is who opens it.
    /// [`StoreError::Conflict`] if it exists.
    #[tracing::instrument(skip(self, by))]
    pub fn open_round(&self, year: u16, by: &str) -> Result<Round, StoreError> {
        let methodology = kkb_domain::methodology::Methodology::default_pk21().id().to_string();
        self.writer()?.write(|c| {
            if open_years(c)?.contains(&year) {
                return Err(StoreError::Conflict(format!("the round {year} is open already")));
            }
            c.exec(
                "INSERT INTO rounds (year, methodology_id, updated_at, opened_by) VALUES ($1, $2, $3, $4)",
                &[Val::I(year.into()), Val::T(&methodology), Val::T(&crate::now()), Val::T(by)],
            )?;
            Ok(())
        })?;
        self.stored_round(year)
    }

    /// Publishes the round of `year`: from now on the latest published round is the default one. `by` is who
    /// publishes it. [`StoreError::Conflict`] if it is published already.
    #[tracing::instrument(skip(self, by))]
    pub fn publish_round(&self, year: u16, by: &str) -> Result<Round, StoreError> {
        let written = self.writer()?.write(|c| {
            let row = c
                .query_opt("SELECT published_at FROM rounds WHERE year = $1", &[Val::I(year.into())])?
                .ok_or_else(|| StoreError::NotFound(format!("there is no PK round for {year}")))?;
            if row.ot(0)?.is_some() {
                return Err(StoreError::Conflict(format!("the round {year} is published already")));
            }
            c.exec(
                "UPDATE rounds SET published_at = $1, published_by = $2 WHERE year = $3",
                &[Val::T(&crate::now()), Val::T(by), Val::I(year.into())],
            )?;
            crate::lookup::bump_data_version(c)
        });
        self.version.invalidate();
        written?;
        self.refresh_every_class()?;
        self.stored_round(year)
    }

    /// Withdraws the round of `year` with all its families, their index entries and its figures, in one
    /// transaction. `families` is the number of families the user confirmed: if the round holds another number
    /// now, nothing is deleted ([`StoreError::Conflict`]). Returns the families deleted.
    #[tracing::instrument(skip(self))]
    pub fn withdraw_round(&self, year: u16, families: i64) -> Result<i64, StoreError> {
        let y = Val::I(year.into());
        let written = self.writer()?.write(|c| {
            if !open_years(c)?.contains(&year) {
                return Err(StoreError::NotFound(format!("there is no PK round for {year}")));
            }
            let held = c.query_opt("SELECT COUNT(*) FROM families WHERE year = $1", &[y])?.map_or(Ok(0), |r| r.i(0))?;
            if held != families {
                return Err(StoreError::Conflict(format!(
                    "the round {year} holds {held} families now, not the {families} confirmed: look again and confirm"
                )));
            }
            for table in ["nik_index", "kk_index", "region_tally", "families", "rounds"] {
                c.exec(&format!("DELETE FROM {table} WHERE year = $1"), &[y])?;
            }
            crate::lookup::bump_data_version(c)?;
            Ok(held)
        });
        self.version.invalidate();
        let held = written?;
        self.refresh_every_class()?;
        Ok(held)
    }

    /// Imports validated families, like [`Store::import_round`], into rounds that exist already: a family of a
    /// year without a round is a problem of its row (column `pk_year`), and nothing is written. A NIK another
    /// family of the round holds is a problem whose reason `nik_taken` chooses (naming the other family, or not).
    #[tracing::instrument(skip_all, fields(families = families.len()))]
    pub fn import_open_rounds(
        &self,
        families: &[Family],
        source: &str,
        nik_taken: NikTaken<'_>,
    ) -> Result<ImportReport, StoreError> {
        let feed = families.chunks(crate::import::CHUNK).map(Feed::Families).chain([Feed::Done]);
        let rules = WriteRules { open_rounds_only: true, nik_taken };
        self.write_families(feed, families.len(), source, &rules, |c| {
            let open = open_years(c)?;
            let problems: Vec<Problem> = families
                .iter()
                .filter(|f| !open.contains(&f.key.year))
                .map(|f| Problem {
                    file: "keluarga".into(),
                    row: f.row,
                    column: "pk_year".into(),
                    value: f.key.year.to_string(),
                    reason: Reason::RoundNotOpen { year: f.key.year },
                })
                .collect();
            if problems.is_empty() { Ok(()) } else { Err(StoreError::Problems(problems)) }
        })
    }

    /// Classifies every Kampung KB again (after the default round changed).
    fn refresh_every_class(&self) -> Result<(), StoreError> {
        let villages: Vec<_> = self.kampungs(None)?.into_iter().map(|k| k.village).collect();
        self.refresh_classes_among(villages)
    }
}
