//! The Kampung KB classification (docs/classification.md): twelve indicators scored 1 to 4
//! in three indices (input, proses, output) give the class *Dasar*, *Berkembang*, *Mandiri* or *Berkelanjutan*, and
//! [`classify`](fn@classify) also says which indicator raises would reach the next class.
//!
//! The thresholds are data, like the iBangga methodology: a [`RulesDefinition`] (classification/kampung-kb-v2.json,
//! id `kampung-kb-v2`) is checked and compiled into [`ClassificationRules`]. A revised national rule is a new file
//! with a new id, not a code change. What each indicator *measures* (a [`Measure`]: a count of funding sources, the
//! CPR, …) is code; the bands that turn a measurement into a score, the composition of the indices, the "high"
//! threshold and how percentages are rounded ([`PercentRounding`]) are data.
//!
//! Rounding: a Kampung must get the same class here as on the national portal, so `kampung-kb-v2` rounds
//! percentages as the portal does: the IEEE double `n / d * 100`, ties to even (40.5 % → 40, 41.5 % → 42).
//! `kampung-kb-v1` rounded the exact ratio half away from zero (40.5 % → 41); it can still be read and computed.
//! Indices are computed in integers and rounded half away from zero (whole scores give no ties there).
//!
//! Terms: *Pokja* is the Kampung KB's working group; *poktan* its activity groups (BKB for families with toddlers,
//! BKR with teenagers, BKL with elderly, UPPKA the acceptors' income group, PIK-R the teenagers' counselling centre);
//! *PUS* couples of reproductive age; *CPR* the share of PUS using contraception; *MKJP* long-acting methods;
//! *unmet need* PUS who want a child later (IAT) or no more children (TIAL) but use no contraception; *PKB/PLKB*
//! the family-planning field officer.

mod classify;
mod inputs;
mod measure;
mod portal;
mod rules;

pub use crate::kampung::{DataSource, Facility, FundingSource, Operation, Program};
pub use classify::{
    Class, Classification, IndicatorResult, Indices, Need, Next, Raise, Range, Step, Value, Wanted, classify,
};
pub use inputs::{
    ContraceptiveUsers, InputError, InputProblem, Inputs, Participants, Pokja, Population, PusNotUsing, Report,
};
pub use measure::{Measure, Measurement, Participation, Unit};
pub use portal::PortalAgencies;
pub use rules::{
    Band, ClassificationRules, IndexDefs, IndexId, IndicatorDef, PercentRounding, RulesDefinition, RulesError,
};

/// The national portal's rule as first shipped, percentages rounded half away from zero
/// (classification/kampung-kb-v1.json).
pub const KAMPUNG_KB_V1: &str = include_str!("../../../classification/kampung-kb-v1.json");

/// The national portal's rule with percentages rounded as the portal rounds them (classification/kampung-kb-v2.json);
/// the one the application uses ([`ClassificationRules::current`]).
pub const KAMPUNG_KB_V2: &str = include_str!("../../../classification/kampung-kb-v2.json");

#[cfg(test)]
mod tests;
