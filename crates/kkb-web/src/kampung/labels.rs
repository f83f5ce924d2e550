//! The words shown for the registry's vocabularies (kkb_domain::kampung): the domain lists the ids, the catalogue
//! of crate `kkb_i18n` has the words. The JSON ids stay the keys.

use crate::i18n::Lang;
use kkb_domain::kampung::InpresArea;

/// The label of a vocabulary id in the reader's language (the id itself when unknown).
pub fn label(l: Lang, id: &str) -> String {
    l.vocabulary_label(id).unwrap_or(id).to_string()
}

/// The Inpres 3/2022 programme areas, `(number, label)`, in order.
pub fn inpres_areas(l: Lang) -> Vec<(u8, &'static str)> {
    InpresArea::ALL.iter().map(|a| (u8::from(*a), l.t(a.label()))).collect()
}

/// The label of an Inpres programme area.
pub fn inpres_label(l: Lang, n: u8) -> String {
    InpresArea::try_from(n).map(|a| l.t(a.label())).unwrap_or("?").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kkb_domain::classification::Class;
    use kkb_domain::kampung::*;

    #[test]
    fn every_vocabulary_id_has_a_label() {
        let mut ids: Vec<&str> = Vec::new();
        ids.extend(RegulationType::ALL.iter().map(|v| v.id()));
        ids.extend(MainCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(AreaCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(SpecialCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(FamilyFunction::ALL.iter().map(|v| v.id()));
        ids.extend(FundingSource::ALL.iter().map(|v| v.id()));
        ids.extend(Program::ALL.iter().map(|v| v.id()));
        ids.extend(Facility::ALL.iter().map(|v| v.id()));
        ids.extend(DataSource::ALL.iter().map(|v| v.id()));
        ids.extend(Operation::ALL.iter().map(|v| v.id()));
        ids.extend(Frequency::ALL.iter().map(|v| v.id()));
        ids.extend(Target::ALL.iter().map(|v| v.id()));
        ids.extend(Class::ALL.iter().map(|v| v.as_str()));
        for id in ids {
            assert!(Lang::ALL.iter().all(|l| l.vocabulary_label(id).is_some_and(|w| !w.is_empty())), "{id}");
        }
        assert_eq!(label(Lang::En, "rumah_dataku"), "Rumah DataKu (data house)");
        assert_eq!(inpres_label(Lang::Id, 2), "Perubahan perilaku");
        assert_eq!(inpres_areas(Lang::En).len(), 4);
        assert_eq!(label(Lang::Id, "unknown_id"), "unknown_id");
    }
}
