//! The rules as data ([`RulesDefinition`]) and their checked, compiled form ([`ClassificationRules`]).

use super::{KAMPUNG_KB_V1, KAMPUNG_KB_V2, Measure};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A classification rule set, as stored (classification/*.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesDefinition {
    /// Unique, stable id (`kampung-kb-v2`); results record it.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What it is and where it comes from.
    #[serde(default)]
    pub description: String,
    /// What this version changes from the one before it, in a few words (empty for the first). Recorded as the
    /// reason of the class changes that recomputing stored classes under it brings.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub changes: String,
    /// How percentages are rounded to whole numbers before banding; half away from zero when not given (the
    /// first definitions did not say).
    #[serde(default)]
    pub percent_rounding: PercentRounding,
    /// An index is high when its rounded value is at least this (at most two decimals, 1 to 4).
    pub high: f64,
    /// The three indices and their indicators, in output order.
    pub indices: IndexDefs,
}

/// How a percentage `n / d × 100` (and the mean of the five poktan percentages) becomes a whole number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PercentRounding {
    /// The exact ratio, rounded half away from zero, in integers (`kampung-kb-v1`): 40.5 → 41.
    #[default]
    HalfAwayFromZero,
    /// As the national portal computes it (PostgreSQL `round()` on a `float8`): the IEEE-754 double
    /// `n as f64 / d as f64 * 100.0`, rounded to the nearest whole number with ties to even: 40.5 → 40,
    /// 41.5 → 42, and 23/40 → 57.49999999999999 → 57.
    FloatTiesEven,
}

/// The indicators of each index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexDefs {
    /// Input.
    pub input: Vec<IndicatorDef>,
    /// Proses.
    pub proses: Vec<IndicatorDef>,
    /// Output.
    pub output: Vec<IndicatorDef>,
}

/// One indicator: what it measures and how the measurement scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Id in the output (`output_cpr`).
    pub id: String,
    /// What it measures.
    pub measure: Measure,
    /// Score bands by measured value, ascending, covering every value from 0.
    pub bands: Vec<Band>,
    /// The score without a monthly report (report-based measures only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_report: Option<u8>,
}

/// A score band, written `[min, max, score]`: values `min..=max` score `score`; `max` null means no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, Option<u64>, u8)", into = "(u64, Option<u64>, u8)")]
pub struct Band {
    /// Smallest value, included.
    pub min: u64,
    /// Largest value, included; `None`: no upper bound.
    pub max: Option<u64>,
    /// The score, 1 to 4.
    pub score: u8,
}

impl From<(u64, Option<u64>, u8)> for Band {
    fn from((min, max, score): (u64, Option<u64>, u8)) -> Band {
        Band { min, max, score }
    }
}

impl From<Band> for (u64, Option<u64>, u8) {
    fn from(b: Band) -> Self {
        (b.min, b.max, b.score)
    }
}

impl Band {
    fn contains(&self, v: u64) -> bool {
        v >= self.min && self.max.is_none_or(|m| v <= m)
    }

    /// How far `v` is from the band, relative to the nearer bound: (distance, scale).
    pub(super) fn gap(&self, v: Option<u64>) -> (u128, u128) {
        match (v, self.max) {
            (None, _) => (1, 1),
            (Some(v), _) if v < self.min => (u128::from(self.min - v), u128::from(self.min)),
            (Some(v), Some(m)) if v > m => (u128::from(v - m), u128::from(v)),
            _ => (0, 1),
        }
    }
}

/// One of the three indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexId {
    /// Input: Pokja, funding, programmes, facilities, officer and regulation.
    Input,
    /// Proses: data use, operations, cross-sector work.
    Proses,
    /// Output: poktan participation, CPR, MKJP, unmet need.
    Output,
}

impl IndexId {
    /// The three, in order.
    pub const ALL: [IndexId; 3] = [IndexId::Input, IndexId::Proses, IndexId::Output];

    /// The JSON id.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexId::Input => "input",
            IndexId::Proses => "proses",
            IndexId::Output => "output",
        }
    }
}

/// A rule set that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not valid JSON or wrong shape.
    #[error("classification rules are not valid: {0}")]
    Parse(String),
    /// Breaks a rule of the format.
    #[error("classification rules {id}: {reason}")]
    Invalid {
        /// Definition id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug)]
pub(super) struct Indicator {
    pub(super) def: IndicatorDef,
    pub(super) index: IndexId,
    pub(super) max_score: u8,
}

impl Indicator {
    pub(super) fn score(&self, value: Option<u64>) -> u8 {
        match value {
            Some(v) => self.def.bands.iter().find(|b| b.contains(v)).map_or(1, |b| b.score),
            None => self.def.no_report.unwrap_or(1),
        }
    }

    /// The band scoring `score` nearest to `value`.
    pub(super) fn band_for(&self, score: u8, value: Option<u64>) -> &Band {
        let bands = self.def.bands.iter().filter(|b| b.score == score);
        bands.min_by(|a, b| cmp_ratio(a.gap(value), b.gap(value))).expect("only scores of a band are targeted")
    }

    /// Scores above `from` that some value reaches, ascending.
    pub(super) fn higher_scores(&self, from: u8) -> Vec<u8> {
        let set: BTreeSet<u8> = self.def.bands.iter().map(|b| b.score).filter(|s| *s > from).collect();
        set.into_iter().collect()
    }
}

pub(super) fn cmp_ratio(a: (u128, u128), b: (u128, u128)) -> std::cmp::Ordering {
    (a.0 * b.1).cmp(&(b.0 * a.1))
}

/// A compiled, checked rule set, ready for [`classify`](fn@super::classify).
#[derive(Debug)]
pub struct ClassificationRules {
    def: RulesDefinition,
    pub(super) indicators: Vec<Indicator>,
    /// The high threshold in hundredths.
    pub(super) high: u64,
}

impl ClassificationRules {
    /// The rule the application classifies with (the pages, the registry, the API and `kampungkb classify`):
    /// `kampung-kb-v2`, compiled once.
    pub fn current() -> &'static ClassificationRules {
        static CURRENT: OnceLock<ClassificationRules> = OnceLock::new();
        CURRENT.get_or_init(ClassificationRules::kampung_kb_v2)
    }

    /// The national rule as first shipped, `kampung-kb-v1`: percentages rounded half away from zero.
    pub fn kampung_kb_v1() -> ClassificationRules {
        ClassificationRules::from_json(KAMPUNG_KB_V1).expect("the shipped classification rules are valid")
    }

    /// The national rule with percentages rounded as the national portal rounds them, `kampung-kb-v2`.
    pub fn kampung_kb_v2() -> ClassificationRules {
        ClassificationRules::from_json(KAMPUNG_KB_V2).expect("the shipped classification rules are valid")
    }

    /// Parses and checks a JSON definition.
    pub fn from_json(json: &str) -> Result<ClassificationRules, RulesError> {
        let def: RulesDefinition = serde_json::from_str(json).map_err(|e| RulesError::Parse(e.to_string()))?;
        ClassificationRules::compile(def)
    }

    /// Checks a definition: ids unique, `high` between 1 and 4 with at most two decimals, every index non-empty,
    /// bands ascending from 0 without gaps or overlaps up to the measure's largest value (or open-ended), scores
    /// 1 to 4, and `no_report` given exactly for report-based measures.
    pub fn compile(def: RulesDefinition) -> Result<ClassificationRules, RulesError> {
        let invalid = |reason: String| RulesError::Invalid { id: def.id.clone(), reason };
        if def.id.is_empty() || def.id.chars().count() > 64 {
            return Err(invalid("the id must have 1 to 64 characters".into()));
        }
        let high = (def.high * 100.0).round();
        if !(100.0..=400.0).contains(&high) || (def.high * 100.0 - high).abs() > 1e-6 {
            return Err(invalid("high must be between 1 and 4 with at most two decimals".into()));
        }
        let mut indicators = Vec::new();
        for index in IndexId::ALL {
            let defs = match index {
                IndexId::Input => &def.indices.input,
                IndexId::Proses => &def.indices.proses,
                IndexId::Output => &def.indices.output,
            };
            if defs.is_empty() {
                return Err(invalid(format!("the {} index has no indicators", index.as_str())));
            }
            for d in defs {
                check_indicator(d).map_err(|r| invalid(format!("indicator {:?}: {r}", d.id)))?;
                if indicators.iter().any(|i: &Indicator| i.def.id == d.id) {
                    return Err(invalid(format!("indicator id {:?} is used twice", d.id)));
                }
                let max_score = d.bands.iter().map(|b| b.score).max().unwrap_or(1);
                indicators.push(Indicator { def: d.clone(), index, max_score });
            }
        }
        Ok(ClassificationRules { def, indicators, high: high as u64 })
    }

    /// The definition this was compiled from.
    pub fn definition(&self) -> &RulesDefinition {
        &self.def
    }

    /// The definition id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// How percentages are rounded.
    pub fn percent_rounding(&self) -> PercentRounding {
        self.def.percent_rounding
    }

    /// Why a class recomputed under this rule (and nothing else) changed: `classification rule kampung-kb-v2:
    /// percentages rounded as the national portal rounds them`.
    pub fn change_reason(&self) -> String {
        match self.def.changes.trim() {
            "" => format!("classification rule {}", self.def.id),
            changes => format!("classification rule {}: {changes}", self.def.id),
        }
    }

    /// The indicator ids, in output order.
    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.iter().map(|i| i.def.id.as_str())
    }
}

fn check_indicator(d: &IndicatorDef) -> Result<(), String> {
    if d.id.is_empty() {
        return Err("the id is empty".into());
    }
    let Some(last) = d.bands.last() else { return Err("there are no bands".into()) };
    if d.bands[0].min != 0 {
        return Err("the first band must start at 0".into());
    }
    for (i, b) in d.bands.iter().enumerate() {
        if !(1..=4).contains(&b.score) {
            return Err(format!("band {i}: the score must be 1 to 4"));
        }
        if b.max.is_some_and(|m| m < b.min) {
            return Err(format!("band {i}: max is below min"));
        }
        if let Some(next) = d.bands.get(i + 1)
            && b.max.and_then(|m| m.checked_add(1)) != Some(next.min)
        {
            return Err(format!("bands {i} and {}: they must follow each other without gap or overlap", i + 1));
        }
    }
    match (last.max, d.measure.max_value()) {
        (None, _) => {}
        (Some(m), Some(top)) if m >= top => {}
        (Some(_), _) => return Err("the last band must reach the largest value (or have max null)".into()),
    }
    match (d.measure.needs_report(), d.no_report) {
        (true, Some(1..=4)) | (false, None) => Ok(()),
        (true, _) => Err("a report-based measure needs no_report, a score 1 to 4".into()),
        (false, Some(_)) => Err("no_report is only for report-based measures".into()),
    }
}
