//! The Kampung KB registry (docs/web.md): a Kampung's record, its dated profiles, monthly KB
//! reports, activities (*kegiatan*), population figures computed from the PK round, and the inputs of the
//! classification (docs/classification.md) built from them.
//!
//! *Kampung KB* (Kampung Keluarga Berkualitas) is a desa/kelurahan-level programme unit; *Pokja* its working group;
//! *poktan* the activity groups (BKB, BKR, BKL, UPPKA, PIK-R); *PKB/PLKB* the family-planning field officer; *RKM*
//! (Rencana Kegiatan Masyarakat) the community activity plan. Every list of choices is a closed vocabulary whose JSON
//! ids are those of the classification contract where the two overlap, so a profile feeds the classification
//! without translation. Validation returns every problem, each naming its field.

mod activity;
mod candidates;
mod inputs;
mod population;
mod report;
mod table;
#[cfg(test)]
mod tests;

pub use activity::{AGENCIES, Activity, AgencyTally, HOME_AGENCIES, InpresArea, Target, cross_sector_agencies};
pub use candidates::{Candidate, CandidateRanking, Reason, RegencyAverage, WeakestDimension, rank_candidates};
pub use inputs::classification_inputs;
pub use population::{AGE_BANDS, Population, PopulationCounts};
pub use report::{
    ContraceptiveMethod, ContraceptiveUsers, MonthlyReport, MonthlyReportForm, NotUsingReason, Participants,
    PusNotUsing, YearMonth,
};
pub use table::{FileRow, KAMPUNG_COLUMNS, REPORT_COLUMNS, RegistryReader, RegistryRows, RegistrySheet, RegistryTable};

use crate::date::Date;
use crate::problem::{self, Decimal};
use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The earliest year a report, profile or activity may be dated (the programme's data start after 2014).
pub const EARLIEST_YEAR: i32 = 2014;

/// One validation problem: the field (dotted JSON path, e.g. `contraceptive_users.pil`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field, as a dotted path of the JSON form.
    pub field: String,
    /// What is wrong (its words are the message catalogue's, in the reader's language).
    pub reason: problem::Reason,
}

impl FieldProblem {
    /// A problem of a field.
    pub fn new(field: impl Into<String>, reason: problem::Reason) -> FieldProblem {
        FieldProblem { field: field.into(), reason }
    }
}

/// Serde of a [`Date`] as `YYYY-MM-DD`.
pub mod iso_date {
    use crate::date::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    /// Reads `YYYY-MM-DD` strictly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date (YYYY-MM-DD)")))
    }
}

/// Serde of an optional [`Date`] as `YYYY-MM-DD` or `null`.
pub mod opt_iso_date {
    use crate::date::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `YYYY-MM-DD` or `null`.
    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    /// Reads `YYYY-MM-DD` or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => Date::parse_iso(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a date (YYYY-MM-DD)"))),
        }
    }
}

/// Defines a closed vocabulary: a unit enum with snake_case JSON ids, `ALL`, `id()`, and `label()`, the catalogue
/// key of its words (`prefix-id`, e.g. `funding-source-dana_desa`; the words are crate `kkb-i18n`'s).
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident = $prefix:literal { $($(#[$vm:meta])* $v:ident = $id:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $id)] $v,)+
        }
        impl $name {
            /// Every value, in order.
            pub const ALL: &[$name] = &[$($name::$v,)+];
            /// The JSON id.
            pub fn id(self) -> &'static str {
                match self { $($name::$v => $id,)+ }
            }
            /// The value of a JSON id.
            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$v),)+ _ => None }
            }
            /// The catalogue key of the value's words.
            pub fn label(self) -> &'static str {
                match self { $($name::$v => concat!($prefix, "-", $id),)+ }
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// The kind of act that founded the Kampung KB.
    RegulationType = "regulation-type" {
        /// Decree of the village head or lurah.
        SkKepalaDesa = "sk_kepala_desa",
        /// Decree of the camat.
        SkCamat = "sk_camat",
        /// Decree of the bupati or wali kota.
        SkBupati = "sk_bupati",
        /// Village regulation (peraturan desa).
        Perdes = "perdes",
        /// Anything else (instruksi, surat edaran, …).
        Other = "other",
    }
}

vocabulary! {
    /// *Kriteria utama* (Peraturan BKKBN No. 20/2023): both should hold.
    MainCriterion = "main-criterion" {
        /// Poor families above the desa average.
        KeluargaMiskinTinggi = "keluarga_miskin_tinggi",
        /// KB participation below the desa achievement.
        KesertaanKbRendah = "kesertaan_kb_rendah",
    }
}

vocabulary! {
    /// *Kriteria wilayah* (Peraturan BKKBN No. 20/2023): at least one should hold.
    AreaCriterion = "area-criterion" {
        /// Slum.
        Kumuh = "kumuh",
        /// Coastal or fishing community.
        PesisirNelayan = "pesisir_nelayan",
        /// River basin (daerah aliran sungai).
        Das = "das",
        /// Along a railway.
        BantaranKeretaApi = "bantaran_kereta_api",
        /// Poor urban area.
        KawasanMiskin = "kawasan_miskin",
        /// Remote.
        Terpencil = "terpencil",
        /// Border area.
        Perbatasan = "perbatasan",
        /// Industrial area.
        KawasanIndustri = "kawasan_industri",
        /// Tourist area.
        KawasanWisata = "kawasan_wisata",
        /// Densely populated.
        PadatPenduduk = "padat_penduduk",
    }
}

vocabulary! {
    /// *Kriteria khusus* (Peraturan BKKBN No. 20/2023).
    SpecialCriterion = "special-criterion" {
        /// Every RT/RW has family data and a map.
        DataPetaKeluarga = "data_peta_keluarga",
        /// Low school participation.
        PartisipasiSekolahRendah = "partisipasi_sekolah_rendah",
        /// Active KB and MKJP users below the desa average.
        KbMkjpRendah = "kb_mkjp_rendah",
        /// Low community participation in family development.
        PartisipasiMasyarakatRendah = "partisipasi_masyarakat_rendah",
        /// Low achievement of related sectors (health, economy, education, settlement, environment).
        CapaianSektorRendah = "capaian_sektor_rendah",
    }
}

vocabulary! {
    /// The 8 family functions (*8 fungsi keluarga*, PP 87/2014): Pokja sections and activity categories.
    FamilyFunction = "family-function" {
        /// Religion.
        Agama = "agama",
        /// Social and cultural.
        SosialBudaya = "sosial_budaya",
        /// Love and affection (kasih sayang).
        CintaKasih = "cinta_kasih",
        /// Protection.
        Perlindungan = "perlindungan",
        /// Reproduction.
        Reproduksi = "reproduksi",
        /// Socialisation and education.
        SosialisasiPendidikan = "sosialisasi_pendidikan",
        /// Economy.
        Ekonomi = "ekonomi",
        /// Environment (pembinaan lingkungan).
        Lingkungan = "lingkungan",
    }
}

vocabulary! {
    /// Funding sources (classification contract ids).
    FundingSource = "funding-source" {
        /// State budget.
        Apbn = "apbn",
        /// Regional budget.
        Apbd = "apbd",
        /// Village fund.
        DanaDesa = "dana_desa",
        /// Community's own funds.
        Swadaya = "swadaya",
        /// Corporate social responsibility.
        Csr = "csr",
        /// Grants and donations.
        Hibah = "hibah",
    }
}

vocabulary! {
    /// Programmes and poktan (classification contract ids).
    Program = "program" {
        /// Bina Keluarga Balita.
        Bkb = "bkb",
        /// Bina Keluarga Remaja.
        Bkr = "bkr",
        /// Bina Keluarga Lansia.
        Bkl = "bkl",
        /// Usaha Peningkatan Pendapatan Keluarga Akseptor.
        Uppka = "uppka",
        /// Pusat Informasi dan Konseling Remaja.
        PikR = "pik_r",
        /// KB and reproductive-health services.
        PelayananKbKr = "pelayanan_kb_kr",
        /// Population administration.
        Kependudukan = "kependudukan",
        /// Other sectors.
        SektorLain = "sektor_lain",
    }
}

vocabulary! {
    /// Facilities (*sarana*, classification contract ids).
    Facility = "facility" {
        /// The Kampung KB secretariat.
        Sekretariat = "sekretariat",
        /// Rumah DataKu (Rumah Data Kependudukan dan Informasi Keluarga).
        RumahDataku = "rumah_dataku",
    }
}

vocabulary! {
    /// Data sources used (classification contract ids).
    DataSource = "data-source" {
        /// PK and its updates.
        Pk = "pk",
        /// BKKBN routine data.
        DataRutin = "data_rutin",
        /// Potensi Desa.
        PotensiDesa = "potensi_desa",
        /// Sectoral data.
        DataSektoral = "data_sektoral",
        /// Other.
        Lainnya = "lainnya",
    }
}

vocabulary! {
    /// Operational mechanisms (classification contract ids).
    Operation = "operation" {
        /// Planning meeting.
        RapatPerencanaan = "rapat_perencanaan",
        /// Cross-agency coordination meeting.
        RapatKoordinasi = "rapat_koordinasi",
        /// Socialisation.
        Sosialisasi = "sosialisasi",
        /// Monitoring and evaluation.
        Monev = "monev",
        /// Reporting.
        Laporan = "laporan",
    }
}

vocabulary! {
    /// How often an operational mechanism is carried out.
    Frequency = "frequency" {
        /// Weekly.
        Mingguan = "mingguan",
        /// Monthly.
        Bulanan = "bulanan",
        /// Quarterly.
        Triwulan = "triwulan",
        /// Every six months.
        Semesteran = "semesteran",
        /// Yearly.
        Tahunan = "tahunan",
        /// Other.
        Lainnya = "lainnya",
    }
}

/// The founding decree (SK) of a Kampung KB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Decree {
    /// The decree's number as written on it.
    pub number: String,
    /// The decree's date.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// Who issued it.
    pub regulation_type: RegulationType,
}

/// A point on the map (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Location {
    /// Latitude, -90..=90.
    pub lat: f64,
    /// Longitude, -180..=180.
    pub lng: f64,
}

/// Why the village was chosen (the criteria of Peraturan BKKBN No. 20/2023).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct SelectionCriteria {
    /// *Kriteria utama*.
    #[serde(default)]
    pub utama: BTreeSet<MainCriterion>,
    /// *Kriteria wilayah*.
    #[serde(default)]
    pub wilayah: BTreeSet<AreaCriterion>,
    /// *Kriteria khusus*.
    #[serde(default)]
    pub khusus: BTreeSet<SpecialCriterion>,
}

/// Model-Kampung (*contoh*) flags, as the national application keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ModelFlags {
    /// A model Kampung of its regency/city.
    #[serde(default)]
    pub kabupaten: bool,
    /// A model Kampung of its province.
    #[serde(default)]
    pub provinsi: bool,
}

/// A Kampung KB: one per desa/kelurahan, keyed by the village code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct KampungRecord {
    /// The desa/kelurahan.
    pub village: RegionCode,
    /// The Kampung's name.
    pub name: String,
    /// The launch (*pencanangan*) date: the Kampung counts as formed from this day.
    #[serde(with = "iso_date")]
    pub launch_date: Date,
    /// The founding decree, if recorded.
    #[serde(default)]
    pub decree: Option<Decree>,
    /// The RWs / dusun covered, as named locally.
    #[serde(default)]
    pub rws: Vec<String>,
    /// A description (*gambaran umum*).
    #[serde(default)]
    pub description: String,
    /// Where it is, if known.
    #[serde(default)]
    pub location: Option<Location>,
    /// Why the village was chosen.
    #[serde(default)]
    pub criteria: SelectionCriteria,
    /// Whether the Kampung KB is active (only active ones count as formed and are classified).
    pub active: bool,
    /// Model-Kampung flags.
    #[serde(default)]
    pub model: ModelFlags,
    /// When the record was created (RFC 3339 UTC; set by the store).
    #[serde(default)]
    pub created_at: String,
    /// When the record was last changed (RFC 3339 UTC; set by the store).
    #[serde(default)]
    pub updated_at: String,
}

impl KampungRecord {
    /// Every problem of the record, with the field named; `today` bounds the dates.
    pub fn validate(&self, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        if self.village.level() != Level::Village {
            p.push(FieldProblem::new("village", problem::Reason::NotAVillageCode));
        }
        if self.name.trim().is_empty() {
            p.push(FieldProblem::new("name", problem::Reason::Required));
        }
        check_date(&mut p, "launch_date", self.launch_date, today);
        if let Some(d) = &self.decree {
            if d.number.trim().is_empty() {
                p.push(FieldProblem::new("decree.number", problem::Reason::Required));
            }
            check_date(&mut p, "decree.date", d.date, today);
        }
        for (i, rw) in self.rws.iter().enumerate() {
            if rw.trim().is_empty() {
                p.push(FieldProblem::new(format!("rws.{i}"), problem::Reason::EmptyItem { n: i + 1 }));
            }
        }
        if let Some(l) = self.location {
            if !(-90.0..=90.0).contains(&l.lat) {
                let reason = problem::Reason::CoordinateRange { axis: "lat", value: Decimal(l.lat), limit: 90 };
                p.push(FieldProblem::new("location.lat", reason));
            }
            if !(-180.0..=180.0).contains(&l.lng) {
                let reason = problem::Reason::CoordinateRange { axis: "lng", value: Decimal(l.lng), limit: 180 };
                p.push(FieldProblem::new("location.lng", reason));
            }
        }
        p
    }
}

/// Adds a problem unless `d` is neither in the future nor before [`EARLIEST_YEAR`].
pub fn check_date(p: &mut Vec<FieldProblem>, field: &str, d: Date, today: Date) {
    if d > today {
        p.push(FieldProblem::new(field, problem::Reason::DateInFuture { date: d, today }));
    } else if d.year() < EARLIEST_YEAR {
        p.push(FieldProblem::new(field, problem::Reason::DateTooEarly { date: d, year: EARLIEST_YEAR }));
    }
}

/// The Pokja (working group) of a Kampung.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Pokja {
    /// A Pokja has been formed.
    pub exists: bool,
    /// It was formed by decree (SK).
    #[serde(default)]
    pub decree: bool,
    /// The number of members.
    #[serde(default)]
    pub members: u32,
    /// The members have been trained.
    #[serde(default)]
    pub trained: bool,
}

/// A Kampung's profile as from `valid_from`: a new profile is a new version, older ones stay as history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Profile {
    /// The first day this profile describes.
    #[serde(with = "iso_date")]
    pub valid_from: Date,
    /// The Pokja.
    #[serde(default)]
    pub pokja: Pokja,
    /// The Pokja sections present, named after the family functions.
    #[serde(default)]
    pub pokja_sections: BTreeSet<FamilyFunction>,
    /// A PKB/PLKB field officer is assigned.
    #[serde(default)]
    pub pkb_assigned: bool,
    /// A regulation or decree for the Kampung KB exists.
    #[serde(default)]
    pub regulation: bool,
    /// An RKM (community activity plan) exists.
    #[serde(default)]
    pub rkm: bool,
    /// Data sources used.
    #[serde(default)]
    pub data_sources: BTreeSet<DataSource>,
    /// Funding sources in use.
    #[serde(default)]
    pub funding_sources: BTreeSet<FundingSource>,
    /// Programmes and poktan present.
    #[serde(default)]
    pub programs: BTreeSet<Program>,
    /// Facilities present.
    #[serde(default)]
    pub facilities: BTreeSet<Facility>,
    /// Operational mechanisms carried out, with how often.
    #[serde(default)]
    pub operations: BTreeMap<Operation, Frequency>,
}

impl Profile {
    /// An empty profile (nothing present) from a date.
    pub fn empty(valid_from: Date) -> Profile {
        Profile {
            valid_from,
            pokja: Pokja::default(),
            pokja_sections: BTreeSet::new(),
            pkb_assigned: false,
            regulation: false,
            rkm: false,
            data_sources: BTreeSet::new(),
            funding_sources: BTreeSet::new(),
            programs: BTreeSet::new(),
            facilities: BTreeSet::new(),
            operations: BTreeMap::new(),
        }
    }

    /// Every problem of the profile, with the field named.
    pub fn validate(&self, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        check_date(&mut p, "valid_from", self.valid_from, today);
        if !self.pokja.exists {
            if self.pokja.members > 0 {
                p.push(FieldProblem::new("pokja.members", problem::Reason::WithoutPokja));
            }
            if self.pokja.decree {
                p.push(FieldProblem::new("pokja.decree", problem::Reason::WithoutPokja));
            }
            if self.pokja.trained {
                p.push(FieldProblem::new("pokja.trained", problem::Reason::WithoutPokja));
            }
            if !self.pokja_sections.is_empty() {
                p.push(FieldProblem::new("pokja_sections", problem::Reason::WithoutPokja));
            }
        }
        p
    }
}
