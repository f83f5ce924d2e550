//! The Kampung KB classification (docs/classification.md): twelve indicators scored 1 to 4
//! in three indices (input, proses, output) give the class *Dasar*, *Berkembang*, *Mandiri* or *Berkelanjutan*, and
//! [`classify`](fn@classify) also says which indicator raises would reach the next class.
//!
//! The thresholds are data, like the iBangga methodology: a [`RulesDefinition`] (classification/kampung-kb-v1.json,
//! id `kampung-kb-v1`) is checked and compiled into [`ClassificationRules`]. A revised national rule is a new file
//! with a new id, not a code change. What each indicator *measures* (a [`Measure`]: a count of funding sources, the
//! CPR, …) is code; the bands that turn a measurement into a score, the composition of the indices and the "high"
//! threshold are data.
//!
//! Exactness: percentages and indices are computed in integers and rounded half away from zero, so no float error
//! can move a Kampung across a band or a class.
//!
//! Terms: *Pokja* is the Kampung KB's working group; *poktan* its activity groups (BKB for families with toddlers,
//! BKR with teenagers, BKL with elderly, UPPKA the acceptors' income group, PIK-R the teenagers' counselling centre);
//! *PUS* couples of reproductive age; *CPR* the share of PUS using contraception; *MKJP* long-acting methods;
//! *unmet need* PUS who want a child later (IAT) or no more children (TIAL) but use no contraception; *PKB/PLKB*
//! the family-planning field officer.

mod classify;
mod inputs;
mod measure;
mod rules;

pub use crate::kampung::{DataSource, Facility, FundingSource, Operation, Program};
pub use classify::{Class, Classification, IndicatorResult, Indices, Next, Raise, classify};
pub use inputs::{
    ContraceptiveUsers, InputError, InputProblem, Inputs, Participants, Pokja, Population, PusNotUsing, Report,
};
pub use measure::{Measure, Measurement, Participation, Unit};
pub use rules::{Band, ClassificationRules, IndexDefs, IndexId, IndicatorDef, RulesDefinition, RulesError};

/// The rules shipped with kampungkb: the national portal's rule (classification/kampung-kb-v1.json).
pub const KAMPUNG_KB_V1: &str = include_str!("../../../classification/kampung-kb-v1.json");

#[cfg(test)]
mod tests;
