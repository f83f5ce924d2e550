//! The words of the domain's vocabularies: PK columns and codes (`kkb_domain::pk::vocab`), the registry's and the
//! plans' closed vocabularies (`label()` of each value), and the Kampung KB classes.

use crate::Lang;
use kkb_domain::classification::Class;
use kkb_domain::kampung::{
    AreaCriterion, ContraceptiveMethod, DataSource, Facility, FamilyFunction, Frequency, FundingSource, MainCriterion,
    NotUsingReason, Operation, Program, RegulationType, SpecialCriterion, Target,
};
use kkb_domain::pk::vocab;

impl Lang {
    /// The label of a PK column (`sex` → "Jenis kelamin"), if the contract has the column.
    pub fn pk_column(self, column: &str) -> Option<&'static str> {
        vocab::column(column).map(|c| self.t(c.label))
    }

    /// The meaning of a code of a PK column (`sex`, 2 → "Perempuan"), if the column has that code.
    pub fn pk_code(self, column: &str, code: u8) -> Option<&'static str> {
        vocab::column(column).and_then(|c| c.code_label(code)).map(|k| self.t(k))
    }

    /// The valid codes of a PK column with their meanings: `1 = Laki-laki, 2 = Perempuan`.
    pub fn code_list(self, column: &str) -> String {
        let Some(c) = vocab::column(column) else { return column.to_string() };
        let codes: Vec<String> =
            c.codes.iter().enumerate().map(|(i, k)| format!("{} = {}", i + 1, self.t(k))).collect();
        codes.join(", ")
    }

    /// The words of an id of the registry's vocabularies (selection criteria, family functions, resources,
    /// operations and their frequency, activity targets) or of a Kampung KB class, looked up by the id alone
    /// (an id two vocabularies share, `lainnya`, means the same in both).
    pub fn vocabulary_label(self, id: &str) -> Option<&'static str> {
        let key = RegulationType::from_id(id)
            .map(RegulationType::label)
            .or_else(|| MainCriterion::from_id(id).map(MainCriterion::label))
            .or_else(|| AreaCriterion::from_id(id).map(AreaCriterion::label))
            .or_else(|| SpecialCriterion::from_id(id).map(SpecialCriterion::label))
            .or_else(|| FamilyFunction::from_id(id).map(FamilyFunction::label))
            .or_else(|| FundingSource::from_id(id).map(FundingSource::label))
            .or_else(|| Program::from_id(id).map(Program::label))
            .or_else(|| Facility::from_id(id).map(Facility::label))
            .or_else(|| DataSource::from_id(id).map(DataSource::label))
            .or_else(|| Operation::from_id(id).map(Operation::label))
            .or_else(|| Frequency::from_id(id).map(Frequency::label))
            .or_else(|| Target::from_id(id).map(Target::label))
            .or_else(|| ContraceptiveMethod::from_id(id).map(ContraceptiveMethod::label))
            .or_else(|| NotUsingReason::from_id(id).map(NotUsingReason::label));
        match key {
            Some(k) => Some(self.t(k)),
            None => Class::ALL.iter().find(|c| c.as_str() == id).map(|c| self.t(&format!("class-{}", c.as_str()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kkb_domain::kampung::{InpresArea, RegistryTable};
    use kkb_domain::planning::{BudgetSource, ItemStatus, PlanStatus};

    /// Every catalogue key the vocabularies name.
    fn keys() -> Vec<String> {
        let mut k: Vec<&str> = Vec::new();
        k.extend(RegulationType::ALL.iter().map(|v| v.label()));
        k.extend(MainCriterion::ALL.iter().map(|v| v.label()));
        k.extend(AreaCriterion::ALL.iter().map(|v| v.label()));
        k.extend(SpecialCriterion::ALL.iter().map(|v| v.label()));
        k.extend(FamilyFunction::ALL.iter().map(|v| v.label()));
        k.extend(FundingSource::ALL.iter().map(|v| v.label()));
        k.extend(Program::ALL.iter().map(|v| v.label()));
        k.extend(Facility::ALL.iter().map(|v| v.label()));
        k.extend(DataSource::ALL.iter().map(|v| v.label()));
        k.extend(Operation::ALL.iter().map(|v| v.label()));
        k.extend(Frequency::ALL.iter().map(|v| v.label()));
        k.extend(Target::ALL.iter().map(|v| v.label()));
        k.extend(ContraceptiveMethod::ALL.iter().map(|v| v.label()));
        k.extend(NotUsingReason::ALL.iter().map(|v| v.label()));
        k.extend(BudgetSource::ALL.iter().map(|v| v.label()));
        k.extend(PlanStatus::ALL.iter().map(|v| v.label()));
        k.extend(ItemStatus::ALL.iter().map(|v| v.label()));
        k.extend(InpresArea::ALL.iter().map(|v| v.label()));
        for t in RegistryTable::ALL {
            k.extend(t.columns().iter().filter_map(|c| t.column_label(c)));
        }
        for c in vocab::COLUMNS {
            k.push(c.label);
            k.extend(c.codes);
        }
        let mut keys: Vec<String> = k.into_iter().map(String::from).collect();
        keys.extend(Class::ALL.iter().map(|c| format!("class-{}", c.as_str())));
        keys
    }

    #[test]
    fn every_column_code_and_vocabulary_value_has_words_in_both_languages() {
        for lang in Lang::ALL {
            for key in keys() {
                assert!(lang.has(&key), "{}: no message {key}", lang.tag());
                assert!(!lang.t(&key).is_empty());
            }
        }
    }

    #[test]
    fn pk_terms_are_the_forms() {
        assert_eq!(Lang::Id.pk_column("sex"), Some("Jenis kelamin"));
        assert_eq!(Lang::Id.pk_code("sex", 1), Some("Laki-laki"));
        assert_eq!(Lang::En.pk_code("sex", 2), Some("Female"));
        assert_eq!(Lang::Id.pk_code("sex", 3), None);
        assert_eq!(Lang::Id.code_list("sex"), "1 = Laki-laki, 2 = Perempuan");
        assert_eq!(Lang::Id.pk_column("p21"), Some("Rumah memenuhi syarat rumah layak huni ke-3"));
        assert_eq!(Lang::Id.pk_column("p03b"), Some("Konflik keluarga jenis kedua dalam setahun terakhir"));
        assert_eq!(Lang::En.pk_column("savings"), Some("Has savings"));
        assert_eq!(Lang::Id.vocabulary_label("dana_desa"), Some("Dana Desa"));
        assert_eq!(Lang::En.vocabulary_label("lainnya"), Some("Other"));
        assert_eq!(Lang::Id.vocabulary_label("berkelanjutan"), Some("Berkelanjutan"));
        assert_eq!(Lang::Id.vocabulary_label("nope"), None);
    }
}
