//! Reading families back: the drill-down behind a region's numbers, and one family with its members.

use crate::conn::Val;
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError, pii};
use kkb_domain::methodology::{Category, FamilyScore};
use kkb_domain::pk::FamilyAnswers;
use kkb_domain::region::RegionCode;

/// A stored family without personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilySummary {
    /// Internal id.
    pub id: i64,
    /// The round.
    pub year: u16,
    /// The village.
    pub village: RegionCode,
    /// The family's id in its data set.
    pub family_id: String,
    /// Number of members.
    pub members: i64,
    /// Grows by one with every change (for offline clients' conflict detection).
    pub version: i64,
    /// The score.
    pub score: FamilyScore,
    /// Its category (`None` when unscored).
    pub category: Option<Category>,
}

/// A stored family with its answers and, decrypted, its members' personal data.
#[derive(Debug, Clone)]
pub struct StoredFamily {
    /// The summary.
    pub summary: FamilySummary,
    /// Coded answers.
    pub answers: FamilyAnswers,
    /// KK number digits.
    pub kk: Option<String>,
    /// (member_no, NIK, name).
    pub people: Vec<(u8, Option<String>, String)>,
    /// Extra columns as imported (JSON).
    pub extras: Option<String>,
    /// Rukun warga, if given.
    pub rw: Option<u16>,
    /// Rukun tetangga, if given.
    pub rt: Option<u16>,
}

/// The columns of a [`FamilySummary`].
pub(crate) const SUMMARY: &str = "id, year, village, family_id, members, version, applicable, met, fp, category";

impl FromRow for FamilySummary {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(FamilySummary {
            id: r.get()?,
            year: r.get()?,
            village: r.get()?,
            family_id: r.get()?,
            members: r.get()?,
            version: r.get()?,
            score: FamilyScore { applicable: r.get()?, met: r.get()?, fp: r.get()? },
            category: r.get::<Option<u8>>()?.and_then(|c| Category::from_index(c.into())),
        })
    }
}

/// A family row as stored: the summary, then the columns of [`StoredFamily`] still encoded or sealed.
struct FamilyRow {
    summary: FamilySummary,
    answers: Vec<u8>,
    pii: Vec<u8>,
    extras: Option<String>,
    rw: Option<u16>,
    rt: Option<u16>,
}

impl FromRow for FamilyRow {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(FamilyRow {
            summary: FamilySummary::from_row(r)?,
            answers: r.get()?,
            pii: r.get()?,
            extras: r.get()?,
            rw: r.get()?,
            rt: r.get()?,
        })
    }
}

impl Store {
    /// The families of a village in a round, optionally only one category, in family_id order.
    pub fn village_families(
        &self,
        year: u16,
        village: RegionCode,
        category: Option<Category>,
    ) -> Result<Vec<FamilySummary>, StoreError> {
        let v = village.to_string();
        let mut params = vec![Val::I(year.into()), Val::T(&v)];
        let filter = match category {
            Some(c) => {
                params.push(Val::I(c.index() as i64));
                " AND category = $3"
            }
            None => "",
        };
        let sql = format!("SELECT {SUMMARY} FROM families WHERE year = $1 AND village = $2{filter} ORDER BY family_id");
        self.reader()?.query_as(&sql, &params)
    }

    /// One family with its members' personal data decrypted. Callers must check the reader's right to see it.
    pub fn family(&self, year: u16, village: RegionCode, family_id: &str) -> Result<Option<StoredFamily>, StoreError> {
        let v = village.to_string();
        let row = self.reader()?.query_opt_as::<FamilyRow>(
            &format!(
                "SELECT {SUMMARY}, answers, pii, extras, rw, rt \
                 FROM families \
                 WHERE year = $1 AND village = $2 AND family_id = $3"
            ),
            &[Val::I(year.into()), Val::T(&v), Val::T(family_id)],
        )?;
        let Some(r) = row else { return Ok(None) };
        let answers = FamilyAnswers::decode(&r.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let plain = self.vault.open(&pii::aad(year, &v, family_id), &r.pii)?;
        let p = pii::decode(&plain)?;
        Ok(Some(StoredFamily {
            summary: r.summary,
            answers,
            kk: p.kk,
            people: p.people,
            extras: r.extras,
            rw: r.rw,
            rt: r.rt,
        }))
    }

    /// The families with a KK number in a round, found by its keyed hash.
    pub fn families_by_kk(&self, year: u16, kk: &str) -> Result<Vec<FamilySummary>, StoreError> {
        let hash = self.vault.id_hash("kk", kk);
        self.reader()?.query_as(
            &format!(
                "SELECT {SUMMARY} FROM families WHERE id IN (SELECT family FROM kk_index WHERE year = $1 AND hash = $2) ORDER BY id"
            ),
            &[Val::I(year.into()), Val::B(&hash)],
        )
    }

    /// The family holding a NIK in a round, found by its keyed hash.
    pub fn family_by_nik(&self, year: u16, nik: &str) -> Result<Option<FamilySummary>, StoreError> {
        let hash = self.vault.id_hash("nik", nik);
        self.reader()?.query_opt_as(
            &format!(
                "SELECT {SUMMARY} FROM families WHERE id = (SELECT family FROM nik_index WHERE year = $1 AND hash = $2)"
            ),
            &[Val::I(year.into()), Val::B(&hash)],
        )
    }
}
