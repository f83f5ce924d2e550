//! A Kampung's population figures, computed from its families' PK answers. Ages are taken on the round's
//! reference date (30 June of the `pk_year` in the PK21 methodology), the same ages the methodology scores with.
//! BKKBN's groups: *balita* 0–4, *remaja* 10–24 and not married (BKKBN's definition of remaja), *lansia* 60+;
//! a family is a PUS exactly when the methodology says so (`family_planning.pus`), so the two never disagree.

use super::FieldProblem;
use crate::methodology::{FP_PUS, Methodology};
use crate::pk::FamilyAnswers;
use crate::pk::columns::{M_MARITAL, M_SEX};
use crate::problem::Reason;
use serde::{Deserialize, Serialize};

/// The 5-year age bands of the pyramid: `(from, to)` inclusive; the last, 75+, has `to` = `None`.
pub const AGE_BANDS: [(u32, Option<u32>); 16] = [
    (0, Some(4)),
    (5, Some(9)),
    (10, Some(14)),
    (15, Some(19)),
    (20, Some(24)),
    (25, Some(29)),
    (30, Some(34)),
    (35, Some(39)),
    (40, Some(44)),
    (45, Some(49)),
    (50, Some(54)),
    (55, Some(59)),
    (60, Some(64)),
    (65, Some(69)),
    (70, Some(74)),
    (75, None),
];

/// The counts the classification uses (its `population` object, with the same keys).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PopulationCounts {
    /// Families that are a PUS (couple of reproductive age).
    pub pus: u32,
    /// Families.
    pub families: u32,
    /// Families with a member aged 0–4.
    pub families_with_balita: u32,
    /// Families with a remaja.
    pub families_with_remaja: u32,
    /// Families with a member aged 60 or more.
    pub families_with_lansia: u32,
    /// Remaja: members aged 10–24, not married.
    pub remaja: u32,
}

impl PopulationCounts {
    /// Every contradiction of a manual entry: a family count above the families, remaja without a family with
    /// remaja (or the reverse).
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        for (field, n) in [
            ("pus", self.pus),
            ("families_with_balita", self.families_with_balita),
            ("families_with_remaja", self.families_with_remaja),
            ("families_with_lansia", self.families_with_lansia),
        ] {
            if n > self.families {
                p.push(FieldProblem::new(field, Reason::MoreThanFamilies { count: n, families: self.families }));
            }
        }
        if self.remaja < self.families_with_remaja {
            let reason = Reason::RemajaFewerThanFamilies { remaja: self.remaja, families: self.families_with_remaja };
            p.push(FieldProblem::new("remaja", reason));
        }
        if self.remaja > 0 && self.families_with_remaja == 0 {
            p.push(FieldProblem::new("families_with_remaja", Reason::RemajaWithoutFamilies));
        }
        p
    }
}

/// A Kampung's population: the counts and an age-sex pyramid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Population {
    /// The counts.
    #[serde(flatten)]
    pub counts: PopulationCounts,
    /// Males by [`AGE_BANDS`].
    pub male: [u32; 16],
    /// Females by [`AGE_BANDS`].
    pub female: [u32; 16],
}

const SEX_MALE: u8 = 1;
const SEX_FEMALE: u8 = 2;
const MARITAL_NEVER_MARRIED: u8 = 1;

fn band(age: u32) -> usize {
    (age / 5).min(15) as usize
}

impl Population {
    /// The population of a set of families of round `year`, scored by `methodology` (which also gives the
    /// reference date of the ages).
    pub fn from_families(methodology: &Methodology, year: u16, families: &[FamilyAnswers]) -> Population {
        let refdate = methodology.reference_date(year);
        let mut p = Population::default();
        for f in families {
            let c = &mut p.counts;
            c.families += 1;
            if methodology.score(year, f).fp & FP_PUS != 0 {
                c.pus += 1;
            }
            let (mut balita, mut remaja, mut lansia) = (false, false, false);
            for m in &f.members {
                let age = m.birth.age_on(refdate);
                balita |= age <= 4;
                lansia |= age >= 60;
                if (10..=24).contains(&age) && m.code(M_MARITAL) == MARITAL_NEVER_MARRIED {
                    remaja = true;
                    c.remaja += 1;
                }
                match m.code(M_SEX) {
                    SEX_MALE => p.male[band(age)] += 1,
                    SEX_FEMALE => p.female[band(age)] += 1,
                    _ => {}
                }
            }
            c.families_with_balita += u32::from(balita);
            c.families_with_remaja += u32::from(remaja);
            c.families_with_lansia += u32::from(lansia);
        }
        p
    }
}
