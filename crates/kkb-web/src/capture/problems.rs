//! Why a submission waits for review: typed problems, each at its field as a path in the instance
//! (`anggota[2]/nik`, repeats counted from 1), kept as JSON with the submission and rendered in the reader's
//! language when shown.
//!
//! The PK and report rules are the domain's (the importer's validator, the report's checks): their typed reasons
//! are kept with their code and their words in both languages, as the catalogue says them when the submission
//! arrives, so that a stored submission reads the same after any later change of wording.

use crate::i18n::Lang;
use kkb_domain::pk::Problem;
use kkb_domain::pk::form::member_index;
use kkb_domain::problem::Reason as Rule;
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
    /// A PK or monthly-report rule of the domain, with the column it names and the value (masked).
    Rule {
        /// The import column or report field.
        column: String,
        /// The value as given (NIKs, KK numbers and names masked).
        value: String,
        /// The domain reason's stable code.
        rule: String,
        /// The reason in Bahasa Indonesia.
        id: String,
        /// The reason in English.
        en: String,
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

    /// A domain rule's problem at a field, with its words in both languages.
    pub fn rule(field: impl Into<String>, column: impl Into<String>, value: impl Into<String>, r: &Rule) -> Self {
        let reason = Reason::Rule {
            column: column.into(),
            value: value.into(),
            rule: r.code().to_string(),
            id: Lang::Id.reason(r),
            en: Lang::En.reason(r),
        };
        CaptureProblem { field: field.into(), reason }
    }

    /// The reason in words.
    pub fn text(&self, l: Lang) -> String {
        match &self.reason {
            Reason::Rule { id, en, .. } => {
                if l == Lang::Id {
                    id.clone()
                } else {
                    en.clone()
                }
            }
            Reason::StaleVersion { sent, stored } => l.tf(
                "cap.p.stale",
                &[
                    ("sent", &sent.map(|s| s.to_string()).unwrap_or_else(|| "?".into())),
                    ("stored", &stored.to_string()),
                ],
            ),
            Reason::FamilyMissing => l.t("cap.p.family_missing").into(),
            Reason::FamilyExists => l.t("cap.p.family_exists").into(),
            Reason::RoundClosed { year } => l.tf("cap.p.round_closed", &[("year", year)]),
            Reason::VillageInvalid => l.t("cap.p.village").into(),
            Reason::ReportExists { month } => l.tf("cap.p.report_exists", &[("month", month)]),
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
        None if matches!(p.reason, Rule::NoHead { .. }) && members > 0 => format!("anggota[{members}]/relation"),
        None => p.column.clone(),
    };
    CaptureProblem::rule(field, p.column.clone(), p.value.clone(), &p.reason)
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
            reason: Rule::NikDateMismatch,
        };
        let c = pk_problem(&p, 2);
        assert_eq!(c.field, "anggota[2]/nik");
        assert_eq!(c.text(Lang::Id), Lang::Id.reason(&Rule::NikDateMismatch));
        assert_eq!(c.text(Lang::En), Lang::En.reason(&Rule::NikDateMismatch));
        let stale = CaptureProblem::at("family_version", Reason::StaleVersion { sent: Some(1), stored: 3 });
        let json = to_json(&[c.clone(), stale.clone()]);
        assert!(json.contains("\"code\":\"stale_version\""), "{json}");
        assert_eq!(from_json(&json), vec![c, stale]);
        let headless = Problem {
            file: "keluarga.csv".into(),
            row: 2,
            column: "family_id".into(),
            value: String::new(),
            reason: Rule::NoHead { file: "anggota.csv".into() },
        };
        assert_eq!(pk_problem(&headless, 3).field, "anggota[3]/relation");
    }
}
