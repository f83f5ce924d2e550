//! Where kampungkb deliberately scores differently from the national portal, and what the portal would show: the
//! cross-sector agencies. The portal's query counts BKKBN and OPD-KB, and all agencies typed in by name as one
//! ([`AgencyTally`]); kampungkb counts distinct agencies without BKKBN and OPD-KB, as the rule means. Every other
//! input and indicator is computed as the portal computes it (`kampung-kb-v2`), so this is the only difference.
//!
//! A difference is reported only when the portal's *score* differs, not merely its count: the portal shows scores
//! and the class, so a count that differs inside the same band changes nothing an official could compare.

use super::{Class, Classification, ClassificationRules, Inputs, Measure, classify};
use crate::kampung::AgencyTally;

/// The cross-sector indicator as kampungkb scores it and as the national portal would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalAgencies {
    /// The indicator (`proses_lintas_sektor`).
    pub indicator: String,
    /// The agencies, counted both ways.
    pub tally: AgencyTally,
    /// Our score.
    pub score: u8,
    /// The portal's score.
    pub portal_score: u8,
    /// Our class.
    pub class: Class,
    /// The class the portal would show.
    pub portal_class: Class,
}

impl PortalAgencies {
    /// Compares `ours` (the classification of `inputs`, whose agency count is `tally.counted`) with the same inputs
    /// counted as the portal counts; `None` when the score of the cross-sector indicator is the same.
    pub fn compare(
        rules: &ClassificationRules,
        inputs: &Inputs,
        ours: &Classification,
        tally: &AgencyTally,
    ) -> Option<PortalAgencies> {
        let portal_count = u64::from(tally.portal());
        if portal_count == inputs.cross_sector_agencies {
            return None;
        }
        let portal = classify(rules, &Inputs { cross_sector_agencies: portal_count, ..inputs.clone() });
        let ids = rules.indicators.iter().filter(|i| i.def.measure == Measure::CrossSectorAgencies).map(|i| &i.def.id);
        for id in ids {
            let (Some(score), Some(portal_score)) = (ours.score(id), portal.score(id)) else { continue };
            if score != portal_score {
                return Some(PortalAgencies {
                    indicator: id.clone(),
                    tally: tally.clone(),
                    score,
                    portal_score,
                    class: ours.class,
                    portal_class: portal.class,
                });
            }
        }
        None
    }
}
