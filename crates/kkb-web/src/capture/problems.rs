//! Why a submission waits for review: typed problems, each at its field as a path in the instance
//! (`anggota[2]/nik`, repeats counted from 1), kept as JSON with the submission and rendered in the reader's
//! language when shown.
//!
//! The PK and report rules are the domain's (the importer's validator, the report's checks), which state their
//! reasons in English today; [`rule_text`] gives them in Bahasa Indonesia, in the words the forms' constraint
//! messages use, until the domain's problems are typed.

use crate::i18n::Lang;
use kkb_domain::pk::Problem;
use kkb_domain::pk::form::member_index;
use serde::{Deserialize, Serialize};

/// One reason a submission cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureProblem {
    /// The path in the instance (`village_code`, `anggota[2]/nik`), or "" for the submission as a whole.
    pub field: String,
    /// What is wrong.
    #[serde(flatten)]
    pub reason: Reason,
}

/// What is wrong, typed so that it can be shown in any language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A PK or monthly-report rule, as the domain states it, with the column it names and the value (masked).
    Rule {
        /// The import column or report field.
        column: String,
        /// The value as given (NIKs, KK numbers and names masked).
        value: String,
        /// The domain's reason.
        text: String,
    },
    /// The family changed since the cadre's copy.
    StaleVersion {
        /// The version the phone's copy showed.
        sent: Option<i64>,
        /// The stored version.
        stored: i64,
    },
    /// The family to update does not exist (in that village and round).
    FamilyMissing,
    /// A new family's id is taken in that village and round.
    FamilyExists,
    /// The round takes no submissions.
    RoundClosed {
        /// The `pk_year` sent.
        year: String,
    },
    /// The village code is not a village of the region table.
    VillageInvalid,
    /// The month is already reported for that Kampung KB.
    ReportExists {
        /// `YYYY-MM`.
        month: String,
    },
    /// The village has no Kampung KB.
    NoKampung,
    /// The server could not apply it (a failure of ours, logged).
    Failed,
}

impl CaptureProblem {
    /// A problem at a field.
    pub fn at(field: impl Into<String>, reason: Reason) -> CaptureProblem {
        CaptureProblem { field: field.into(), reason }
    }

    /// The reason in words.
    pub fn text(&self, l: Lang) -> String {
        match &self.reason {
            Reason::Rule { column, text, .. } => rule_text(l, column, text),
            Reason::StaleVersion { sent, stored } => l
                .t("cap.p.stale")
                .replace("{sent}", &sent.map(|s| s.to_string()).unwrap_or_else(|| "?".into()))
                .replace("{stored}", &stored.to_string()),
            Reason::FamilyMissing => l.t("cap.p.family_missing").into(),
            Reason::FamilyExists => l.t("cap.p.family_exists").into(),
            Reason::RoundClosed { year } => l.t("cap.p.round_closed").replace("{year}", year),
            Reason::VillageInvalid => l.t("cap.p.village").into(),
            Reason::ReportExists { month } => l.t("cap.p.report_exists").replace("{month}", month),
            Reason::NoKampung => l.t("cap.p.no_kampung").into(),
            Reason::Failed => l.t("cap.p.failed").into(),
        }
    }

    /// A stable machine code of the reason.
    pub fn code(&self) -> &'static str {
        match &self.reason {
            Reason::Rule { .. } => "rule",
            Reason::StaleVersion { .. } => "stale_version",
            Reason::FamilyMissing => "family_missing",
            Reason::FamilyExists => "family_exists",
            Reason::RoundClosed { .. } => "round_closed",
            Reason::VillageInvalid => "village_invalid",
            Reason::ReportExists { .. } => "report_exists",
            Reason::NoKampung => "no_kampung",
            Reason::Failed => "failed",
        }
    }
}

/// The problems as stored.
pub fn to_json(p: &[CaptureProblem]) -> String {
    serde_json::to_string(p).unwrap_or_else(|_| "[]".into())
}

/// The problems stored with a submission (none when unreadable).
pub fn from_json(s: &str) -> Vec<CaptureProblem> {
    serde_json::from_str(s).unwrap_or_default()
}

/// The instance path of an importer problem of a typed family with `members` members (see
/// [`kkb_domain::pk::form::read_typed`]): the member's repeat for an anggota.csv row, the last member's relation
/// for a family without a head (where the form checks it), the column otherwise.
pub fn pk_problem(p: &Problem, members: usize) -> CaptureProblem {
    let field = match member_index(p) {
        Some(_) if p.column == "family_id" => "family_id".to_string(),
        Some(i) => format!("anggota[{}]/{}", i + 1, p.column),
        None if p.reason.contains("no member with relation 1") && members > 0 => {
            format!("anggota[{members}]/relation")
        }
        None => p.column.clone(),
    };
    let reason = Reason::Rule { column: p.column.clone(), value: p.value.clone(), text: p.reason.clone() };
    CaptureProblem { field, reason }
}

/// Importer problems as capture problems, each reason once per field (the members of a family with a bad id
/// all repeat it).
pub fn pk_problems(problems: &[Problem], members: usize) -> Vec<CaptureProblem> {
    let mut out: Vec<CaptureProblem> = Vec::new();
    for p in problems {
        let c = pk_problem(p, members);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// A domain rule's reason in the reader's language (the forms' words in Bahasa Indonesia).
pub fn rule_text(l: Lang, column: &str, text: &str) -> String {
    if l == Lang::En {
        return text.to_string();
    }
    let has = |s: &str| text.contains(s);
    let num = |prefix: &str| text.strip_prefix(prefix).and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next());
    if has("this column is required") {
        "wajib diisi.".to_string()
    } else if has("must be 1 (Ya), 2 (Tidak) or empty") {
        "harus 1 (Ya), 2 (Tidak) atau kosong.".into()
    } else if let Some(max) = num("must be a code from 1 to ") {
        format!("harus kode 1 sampai {max}, atau kosong.")
    } else if has("must be a number of 1 to 3 digits") {
        format!("{} harus angka 1 sampai 3 digit, atau kosong.", column.to_uppercase())
    } else if has("family_id must be 1 to 40") {
        "ID keluarga 1 sampai 40 tanda: huruf, angka, '-', '_' atau '.'.".into()
    } else if has("not a village code") || has("not a desa/kelurahan code") || has("no desa/kelurahan with this code") {
        "kode desa/kelurahan tidak dikenal: pilih desa dari daftar.".into()
    } else if has("PK year must be") {
        "Tahun PK harus tahun 2015 sampai 2100.".into()
    } else if text.starts_with("KK number") {
        "Nomor KK harus 16 angka dan angka 1–2 kode provinsi.".into()
    } else if has("member_no must be") {
        "nomor anggota harus bilangan bulat 1 sampai 99.".into()
    } else if has("is already used in this family") {
        "nomor anggota ini sudah dipakai anggota lain dalam keluarga ini.".into()
    } else if has("already has a head") || has("no member with relation 1") {
        "Keluarga harus punya tepat satu kepala keluarga: periksa hubungan semua anggota (satu anggota Kepala \
         keluarga)."
            .into()
    } else if has("birth_date must be a date") {
        "tanggal lahir harus ditulis TTTT-BB-HH.".into()
    } else if has("birth_date is after today") {
        "Tanggal lahir tidak boleh setelah hari ini.".into()
    } else if has("birth_date is before 1900") {
        "Tanggal lahir tidak boleh sebelum tahun 1900.".into()
    } else if has("name must have") {
        "Nama harus 1 sampai 120 huruf.".into()
    } else if has("NIK does not agree with the member") {
        "NIK tidak sesuai dengan anggota: angka 7–12 NIK (tanggal lahir HHBBTT, HH ditambah 40 untuk perempuan) \
         harus sama dengan tanggal lahir dan jenis kelamin."
            .into()
    } else if has("NIK is already registered in round") {
        "NIK ini sudah terdaftar untuk keluarga lain di putaran ini: satu NIK hanya sekali dalam satu putaran.".into()
    } else if has("NIK is already used on row") {
        "NIK ini sama dengan NIK anggota lain: satu NIK hanya sekali dalam satu putaran.".into()
    } else if text.starts_with("NIK") {
        "NIK tidak benar: harus 16 angka; angka 1–2 kode provinsi; angka 7–12 tanggal lahir HHBBTT (HH ditambah 40 \
         untuk perempuan)."
            .into()
    } else if has("is in the future") || has("is before 2014") {
        "Bulan laporan tidak boleh setelah bulan ini, dan tidak sebelum tahun 2014.".into()
    } else if has("is not a month") {
        "bulan harus ditulis TTTT-BB.".into()
    } else if has("users plus") || has("not using contraception is more than") {
        "peserta KB ditambah PUS bukan peserta KB tidak boleh lebih dari PUS.".into()
    } else if has("contraceptive users is more than") {
        "jumlah peserta KB semua metode tidak boleh lebih dari PUS.".into()
    } else if has("is negative") {
        "Tidak boleh negatif: jumlah mulai dari 0.".into()
    } else if has("is not a whole number") || has("is too large") {
        "harus bilangan bulat 0 atau lebih.".into()
    } else {
        // A rule this table does not know yet: its reason as the domain gives it.
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_round_trip_as_json_and_name_instance_paths() {
        let p = Problem {
            file: "anggota.csv".into(),
            row: 3,
            column: "nik".into(),
            value: "17***".into(),
            reason: "NIK does not agree with the member: the NIK's birth date part does not match birth_date".into(),
        };
        let c = pk_problem(&p, 2);
        assert_eq!(c.field, "anggota[2]/nik");
        assert!(c.text(Lang::Id).starts_with("NIK tidak sesuai"));
        assert!(c.text(Lang::En).starts_with("NIK does not agree"));
        let stale = CaptureProblem::at("family_version", Reason::StaleVersion { sent: Some(1), stored: 3 });
        let json = to_json(&[c.clone(), stale.clone()]);
        assert!(json.contains("\"code\":\"stale_version\""), "{json}");
        assert_eq!(from_json(&json), vec![c, stale]);
        let headless = Problem {
            file: "keluarga.csv".into(),
            row: 2,
            column: "family_id".into(),
            value: String::new(),
            reason: "this family has no member with relation 1 (kepala keluarga) in anggota.csv".into(),
        };
        assert_eq!(pk_problem(&headless, 3).field, "anggota[3]/relation");
    }
}
