//! Activities (*kegiatan*): what a Kampung did, for whom, with which agencies; they feed the cross-sector count
//! of the classification.

use super::{FamilyFunction, FieldProblem, check_date, iso_date, vocabulary};
use crate::date::Date;
use crate::problem::Reason;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

vocabulary! {
    /// Target groups (*sasaran*) of an activity.
    Target = "target" {
        /// The whole population.
        SeluruhPenduduk = "seluruh_penduduk",
        /// Couples of reproductive age.
        Pus = "pus",
        /// Teenagers and young people (10–24).
        Remaja = "remaja",
        /// Elderly (60+).
        Lansia = "lansia",
        /// Toddlers (0–4).
        Balita = "balita",
        /// Families with toddlers.
        KeluargaBalita = "keluarga_balita",
        /// Families with teenagers.
        KeluargaRemaja = "keluarga_remaja",
        /// Families with elderly.
        KeluargaLansia = "keluarga_lansia",
        /// Pregnant women.
        IbuHamil = "ibu_hamil",
        /// Brides and grooms to be.
        CalonPengantin = "calon_pengantin",
        /// Anyone else.
        Lainnya = "lainnya",
    }
}

/// The Inpres 3/2022 programme area an activity serves, written as its number 1..=4 in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum InpresArea {
    /// 1: family data and population documents.
    DataDokumen = 1,
    /// 2: behaviour change.
    PerubahanPerilaku = 2,
    /// 3: services and referral.
    LayananRujukan = 3,
    /// 4: the family's environment.
    Lingkungan = 4,
}

impl TryFrom<u8> for InpresArea {
    type Error = String;
    fn try_from(n: u8) -> Result<InpresArea, String> {
        match n {
            1 => Ok(InpresArea::DataDokumen),
            2 => Ok(InpresArea::PerubahanPerilaku),
            3 => Ok(InpresArea::LayananRujukan),
            4 => Ok(InpresArea::Lingkungan),
            _ => Err(format!("{n} is not an Inpres 3/2022 programme area (1 to 4)")),
        }
    }
}

impl InpresArea {
    /// Every area, in order.
    pub const ALL: [InpresArea; 4] =
        [InpresArea::DataDokumen, InpresArea::PerubahanPerilaku, InpresArea::LayananRujukan, InpresArea::Lingkungan];

    /// The catalogue key of the area's words.
    pub fn label(self) -> &'static str {
        match self {
            InpresArea::DataDokumen => "inpres-area-1",
            InpresArea::PerubahanPerilaku => "inpres-area-2",
            InpresArea::LayananRujukan => "inpres-area-3",
            InpresArea::Lingkungan => "inpres-area-4",
        }
    }
}

impl From<InpresArea> for u8 {
    fn from(a: InpresArea) -> u8 {
        a as u8
    }
}

/// An activity report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Activity {
    /// When it took place.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// Where.
    pub place: String,
    /// What was done.
    pub description: String,
    /// The family function (Pokja section) it belongs to.
    pub function: FamilyFunction,
    /// For whom.
    pub targets: BTreeSet<Target>,
    /// The agencies involved, by id or name (`bkkbn`, `opd_kb`, `dinas_kesehatan`, `puskesmas`, …).
    #[serde(default)]
    pub agencies: Vec<String>,
    /// The Inpres 3/2022 programme area it serves.
    pub inpres_area: InpresArea,
    /// The plan item it carries out, if any.
    #[serde(default)]
    pub plan_item: Option<i64>,
}

impl Activity {
    /// Every problem, with the field named.
    pub fn validate(&self, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        check_date(&mut p, "date", self.date, today);
        if self.place.trim().is_empty() {
            p.push(FieldProblem::new("place", Reason::Required));
        }
        if self.description.trim().is_empty() {
            p.push(FieldProblem::new("description", Reason::Required));
        }
        if self.targets.is_empty() {
            p.push(FieldProblem::new("targets", Reason::ChooseAtLeastOne));
        }
        for (i, a) in self.agencies.iter().enumerate() {
            if a.trim().is_empty() {
                p.push(FieldProblem::new(format!("agencies.{i}"), Reason::EmptyItem { n: i + 1 }));
            }
        }
        p
    }
}

/// The agencies the activity form offers, by id, with their names. Ids are compared trimmed and ignoring case;
/// any other name is an agency typed in by name.
pub const AGENCIES: [(&str, &str); 15] = [
    ("bkkbn", "BKKBN"),
    ("opd_kb", "OPD KB (dinas pengendalian penduduk dan KB)"),
    ("dinkes", "Dinas Kesehatan"),
    ("puskesmas", "Puskesmas"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dinsos", "Dinas Sosial"),
    ("dinas_pupr", "Dinas PUPR"),
    ("disdik", "Dinas Pendidikan"),
    ("kemenag", "Kementerian Agama / KUA"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("diskominfo", "Dinas Komunikasi dan Informatika"),
    ("bappeda", "Bappeda"),
    ("pkk", "TP-PKK"),
    ("swasta", "Swasta / dunia usaha"),
];

/// The agencies that do not count as cross-sector: BKKBN and the district family-planning office themselves.
pub const HOME_AGENCIES: [&str; 2] = ["bkkbn", "opd_kb"];

/// The number of distinct agencies involved across activities, compared trimmed and ignoring case, not counting
/// [`HOME_AGENCIES`].
pub fn cross_sector_agencies<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> u32 {
    AgencyTally::of(activities).counted
}

/// The agencies of a Kampung's activities, counted as kampungkb counts cross-sector agencies and as the national
/// portal's query does. The portal means to leave BKKBN and OPD-KB out but filters on intervention ids 26 and 34
/// instead of their agency ids, so it counts them; and it records every agency typed in by name as the one agency
/// "other", so it counts all of them as one. kampungkb counts what is meant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyTally {
    /// Distinct agencies other than BKKBN and OPD-KB: the count the classification uses.
    pub counted: u32,
    /// Which of [`HOME_AGENCIES`] are involved, in that order.
    pub home: Vec<&'static str>,
    /// Distinct agencies typed in by name (not among [`AGENCIES`]); included in `counted`.
    pub typed: u32,
}

impl AgencyTally {
    /// Tallies the agencies of `activities`, compared trimmed and ignoring case.
    pub fn of<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> AgencyTally {
        let distinct: BTreeSet<String> = activities
            .into_iter()
            .flat_map(|a| a.agencies.iter())
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        let home: Vec<&'static str> = HOME_AGENCIES.into_iter().filter(|h| distinct.contains(*h)).collect();
        let listed = |a: &String| AGENCIES.iter().any(|(id, _)| id == a);
        let typed = distinct.iter().filter(|a| !listed(a)).count() as u32;
        AgencyTally { counted: (distinct.len() - home.len()) as u32, home, typed }
    }

    /// The count the national portal shows: every listed agency, BKKBN and OPD-KB included, and the agencies typed
    /// in by name as one.
    pub fn portal(&self) -> u32 {
        self.counted - self.typed + self.home.len() as u32 + self.typed.min(1)
    }
}
