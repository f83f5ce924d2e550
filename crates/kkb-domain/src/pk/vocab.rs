//! The PK form's own terms, by key: every column of the import contract (docs/pk-import.md) with the
//! catalogue key of its label, and every code of a coded column with the key of its meaning.
//!
//! This is the one list of which columns and codes have words; the words themselves (Indonesian and English) are
//! the message catalogue's (crate `kkb-i18n`, `pk.ftl`), so a translator edits them without touching Rust. Items
//! whose individual meaning is not known from the published form keep a word rather than a code: the eight
//! housing items P.19-P.26 are "syarat rumah layak huni ke-1" to "ke-8", the four conflict kinds of P.03 are the
//! first to the fourth kind.

/// One column of the PK files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column's name in the files (`kb_method`).
    pub id: &'static str,
    /// The catalogue key of its label.
    pub label: &'static str,
    /// The catalogue keys of the meanings of its codes, code 1 first; empty for a column without codes.
    pub codes: &'static [&'static str],
}

impl Column {
    /// The catalogue key of the meaning of a code, if the column has it.
    pub fn code_label(&self, code: u8) -> Option<&'static str> {
        usize::from(code).checked_sub(1).and_then(|i| self.codes.get(i)).copied()
    }
}

const YES_NO: &[&str] = &["pk-code-yes", "pk-code-no"];
const SEX: &[&str] = &["pk-code-sex-1", "pk-code-sex-2"];
const MARITAL_STATUS: &[&str] =
    &["pk-code-marital-status-1", "pk-code-marital-status-2", "pk-code-marital-status-3", "pk-code-marital-status-4"];
const BIRTH_CERTIFICATE: &[&str] = &["pk-code-birth-certificate-1", "pk-code-birth-certificate-2"];
const RELATION: &[&str] = &[
    "pk-code-relation-1",
    "pk-code-relation-2",
    "pk-code-relation-3",
    "pk-code-relation-4",
    "pk-code-relation-5",
    "pk-code-relation-6",
    "pk-code-relation-7",
    "pk-code-relation-8",
];
const RELIGION: &[&str] = &[
    "pk-code-religion-1",
    "pk-code-religion-2",
    "pk-code-religion-3",
    "pk-code-religion-4",
    "pk-code-religion-5",
    "pk-code-religion-6",
    "pk-code-religion-7",
];
const EDUCATION: &[&str] = &[
    "pk-code-education-1",
    "pk-code-education-2",
    "pk-code-education-3",
    "pk-code-education-4",
    "pk-code-education-5",
    "pk-code-education-6",
    "pk-code-education-7",
    "pk-code-education-8",
    "pk-code-education-9",
];
const HEALTH_INSURANCE: &[&str] = &[
    "pk-code-health-insurance-1",
    "pk-code-health-insurance-2",
    "pk-code-health-insurance-3",
    "pk-code-health-insurance-4",
];
const KB_METHOD: &[&str] = &[
    "pk-code-kb-method-1",
    "pk-code-kb-method-2",
    "pk-code-kb-method-3",
    "pk-code-kb-method-4",
    "pk-code-kb-method-5",
    "pk-code-kb-method-6",
    "pk-code-kb-method-7",
    "pk-code-kb-method-8",
    "pk-code-kb-method-9",
];
const KB_REASON: &[&str] = &[
    "pk-code-kb-reason-1",
    "pk-code-kb-reason-2",
    "pk-code-kb-reason-3",
    "pk-code-kb-reason-4",
    "pk-code-kb-reason-5",
];

const fn col(id: &'static str, label: &'static str, codes: &'static [&'static str]) -> Column {
    Column { id, label, codes }
}

/// Every column of both files: the family file's first, then the member file's (`family_id` once).
pub const COLUMNS: &[Column] = &[
    col("family_id", "pk-column-family-id", &[]),
    col("village_code", "pk-column-village-code", &[]),
    col("pk_year", "pk-column-pk-year", &[]),
    col("rw", "pk-column-rw", &[]),
    col("rt", "pk-column-rt", &[]),
    col("kk_number", "pk-column-kk-number", &[]),
    col("p01", "pk-column-p01", YES_NO),
    col("p02", "pk-column-p02", YES_NO),
    col("p03a", "pk-column-p03a", YES_NO),
    col("p03b", "pk-column-p03b", YES_NO),
    col("p03c", "pk-column-p03c", YES_NO),
    col("p03d", "pk-column-p03d", YES_NO),
    col("p04", "pk-column-p04", YES_NO),
    col("p05", "pk-column-p05", YES_NO),
    col("p19", "pk-column-p19", YES_NO),
    col("p20", "pk-column-p20", YES_NO),
    col("p21", "pk-column-p21", YES_NO),
    col("p22", "pk-column-p22", YES_NO),
    col("p23", "pk-column-p23", YES_NO),
    col("p24", "pk-column-p24", YES_NO),
    col("p25", "pk-column-p25", YES_NO),
    col("p26", "pk-column-p26", YES_NO),
    col("savings", "pk-column-savings", YES_NO),
    col("sick_treated", "pk-column-sick-treated", YES_NO),
    col("online_media", "pk-column-online-media", YES_NO),
    col("daily_interaction", "pk-column-daily-interaction", YES_NO),
    col("joint_parenting", "pk-column-joint-parenting", YES_NO),
    col("recreation", "pk-column-recreation", YES_NO),
    col("social_activity", "pk-column-social-activity", YES_NO),
    col("kb_method", "pk-column-kb-method", KB_METHOD),
    col("kb_reason_not_using", "pk-column-kb-reason-not-using", KB_REASON),
    col("member_no", "pk-column-member-no", &[]),
    col("name", "pk-column-name", &[]),
    col("birth_date", "pk-column-birth-date", &[]),
    col("nik", "pk-column-nik", &[]),
    col("sex", "pk-column-sex", SEX),
    col("marital_status", "pk-column-marital-status", MARITAL_STATUS),
    col("birth_certificate", "pk-column-birth-certificate", BIRTH_CERTIFICATE),
    col("relation", "pk-column-relation", RELATION),
    col("religion", "pk-column-religion", RELIGION),
    col("education", "pk-column-education", EDUCATION),
    col("in_school", "pk-column-in-school", YES_NO),
    col("health_insurance", "pk-column-health-insurance", HEALTH_INSURANCE),
];

/// A column by its name in the files.
pub fn column(id: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pk::columns::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_contract_column_has_words_once() {
        let contract: BTreeSet<&str> = FAMILY_REQUIRED
            .iter()
            .chain(&FAMILY_OPTIONAL)
            .chain(&FAMILY_CODED)
            .chain(&MEMBER_REQUIRED)
            .chain(&MEMBER_OPTIONAL)
            .copied()
            .chain(MEMBER_CODED.iter().map(|c| c.0))
            .collect();
        let listed: Vec<&str> = COLUMNS.iter().map(|c| c.id).collect();
        assert_eq!(listed.len(), contract.len(), "a column is listed twice");
        assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), contract);
        let labels: BTreeSet<&str> = COLUMNS.iter().map(|c| c.label).collect();
        assert_eq!(labels.len(), COLUMNS.len(), "two columns share a label");
    }

    #[test]
    fn every_valid_code_has_a_meaning() {
        for name in FAMILY_CODED {
            let max = family_max_code(family_slot(name).unwrap());
            assert_eq!(column(name).unwrap().codes.len(), usize::from(max), "{name}");
        }
        for (name, max, _) in MEMBER_CODED {
            assert_eq!(column(name).unwrap().codes.len(), usize::from(max), "{name}");
        }
        let sex = column("sex").unwrap();
        assert_eq!((sex.code_label(1), sex.code_label(3), sex.code_label(0)), (Some("pk-code-sex-1"), None, None));
    }
}
