//! The iBangga engine. The methodology is data: a [`Definition`] (a JSON document with an id, stored with the
//! results it produced) is compiled into a [`Methodology`] that scores families. A new BKKBN rule set, or a PK
//! round with renumbered items, is a new definition file, not a code change.
//!
//! Exactness: a family's score is fully described by two bit masks (which variables apply, which are met).
//! Dimension indices are rationals `m/n`; they are summed in integer units of `1/L` where `L` is the least
//! common multiple of all possible denominators, and categories are decided by integer comparison, so no float
//! error can move a family across 40 or 70.

use crate::date::Date;
use crate::pk::FamilyAnswers;
use crate::pk::columns::{KB_METHOD, KB_REASON, M_MARITAL, M_RELATION, M_SEX, family_slot, member_slot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default methodology shipped with kampungkb (docs/methodology.md).
pub const DEFAULT_DEFINITION: &str = include_str!("../../../methodology/pk21-v1.json");

/// A methodology definition, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Unique, stable id (e.g. `pk21-v1`); results record it.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What it is and which rules are assumed.
    #[serde(default)]
    pub description: String,
    /// The round's reference date (month and day in the `pk_year`), for ages.
    pub reference_date: MonthDay,
    /// Category thresholds.
    pub categories: Thresholds,
    /// The dimensions, in order.
    pub dimensions: Vec<DimensionDef>,
    /// The variables, in order (at most 32).
    pub variables: Vec<VariableDef>,
    /// How family-planning figures are derived.
    pub family_planning: FamilyPlanningDef,
}

/// A month and a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDay {
    /// 1..=12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
}

/// Category thresholds: *Rentan* below `rentan_below`, *Tangguh* above `tangguh_above`, *Berkembang* between,
/// both ends included. Given with at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Rentan when the score is below this.
    pub rentan_below: f64,
    /// Tangguh when the score is above this.
    pub tangguh_above: f64,
}

/// A dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionDef {
    /// Id used in files and JSON (`ketenteraman`).
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A variable and its scoring rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableDef {
    /// Id (`v01`).
    pub id: String,
    /// The dimension id it belongs to.
    pub dimension: String,
    /// Display name.
    pub name: String,
    /// How it scores 1, 0 or NA.
    pub rule: Rule,
}

/// A scoring rule. Every rule yields 1, 0 or NA (not applicable) for a family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// One family answer: a code in `yes` → 1, in `no` → 0, anything else (empty) → NA.
    Answer {
        /// The family column.
        column: String,
        /// Codes scoring 1.
        #[serde(default = "yes_codes")]
        yes: Vec<u8>,
        /// Codes scoring 0.
        #[serde(default = "no_codes")]
        no: Vec<u8>,
    },
    /// Several family answers: all empty → NA; any equal to `bad` → 0; else 1.
    NoneOf {
        /// The family columns.
        columns: Vec<String>,
        /// The code that fails the variable.
        bad: u8,
    },
    /// Several family answers: all empty → NA; at least `min` equal to `good` → 1 (empty counts as not met);
    /// else 0.
    AtLeast {
        /// The family columns.
        columns: Vec<String>,
        /// The code that counts.
        good: u8,
        /// How many must count.
        min: u32,
    },
    /// Members matching the filter (relation, age on the reference date, inclusive) with a non-empty `field`:
    /// none → NA; any with a code in `fail` → 0; else 1.
    Members {
        /// The member column.
        field: String,
        /// Relations to consider; all when absent.
        #[serde(default)]
        relation: Option<Vec<u8>>,
        /// Minimum age in completed years.
        #[serde(default)]
        age_min: Option<u32>,
        /// Maximum age in completed years.
        #[serde(default)]
        age_max: Option<u32>,
        /// Codes that fail the variable.
        fail: Vec<u8>,
    },
    /// The head's (`relation` 1) `field`: its code looked up in `map` (code → score); unmapped, empty or no
    /// head → NA.
    Head {
        /// The member column.
        field: String,
        /// Code → score (0 or 1).
        map: BTreeMap<String, u8>,
    },
}

fn yes_codes() -> Vec<u8> {
    vec![1]
}
fn no_codes() -> Vec<u8> {
    vec![2]
}

/// How PUS and contraceptive use are derived from PK answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyPlanningDef {
    /// Who makes a family a PUS (*pasangan usia subur*, a couple of reproductive age).
    pub pus: PusDef,
    /// `kb_method` codes that are modern methods.
    pub modern_methods: Vec<u8>,
    /// `kb_method` codes that are long-acting (MKJP).
    pub mkjp_methods: Vec<u8>,
    /// `kb_reason_not_using` codes that make unmet need.
    pub unmet_reasons: Vec<u8>,
}

/// The member a PUS needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PusDef {
    /// Relations allowed.
    pub relation: Vec<u8>,
    /// Sex code.
    pub sex: u8,
    /// Marital status code.
    pub marital_status: u8,
    /// Minimum age, inclusive.
    pub age_min: u32,
    /// Maximum age, inclusive.
    pub age_max: u32,
}

/// A definition that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    /// Not valid JSON or wrong shape.
    #[error("methodology definition is not valid: {0}")]
    Parse(String),
    /// Refers to something that does not exist or breaks a limit.
    #[error("methodology definition {id}: {reason}")]
    Invalid {
        /// Definition id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

/// The iBangga category of a family or region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Below 40.
    Rentan,
    /// 40 to 70 inclusive.
    Berkembang,
    /// Above 70.
    Tangguh,
}

impl Category {
    /// All categories in order.
    pub const ALL: [Category; 3] = [Category::Rentan, Category::Berkembang, Category::Tangguh];

    /// Index 0..3, also the stored code minus one.
    pub fn index(self) -> usize {
        self as usize
    }

    /// From [`Category::index`].
    pub fn from_index(i: usize) -> Option<Category> {
        Category::ALL.get(i).copied()
    }

    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Rentan => "rentan",
            Category::Berkembang => "berkembang",
            Category::Tangguh => "tangguh",
        }
    }
}

/// A family's score: which variables apply and which are met (bit i = variable i), plus family-planning flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct FamilyScore {
    /// Variables that are not NA.
    pub applicable: u32,
    /// Variables scoring 1 (a subset of `applicable`).
    pub met: u32,
    /// Family-planning flags, see the `FP_*` constants.
    pub fp: u8,
}

/// The family is a PUS.
pub const FP_PUS: u8 = 1;
/// The PUS uses any method.
pub const FP_ANY: u8 = 2;
/// The PUS uses a modern method.
pub const FP_MODERN: u8 = 4;
/// The PUS uses a long-acting method.
pub const FP_MKJP: u8 = 8;
/// The PUS has unmet need.
pub const FP_UNMET: u8 = 16;

enum Compiled {
    Answer { slot: usize, yes: Vec<u8>, no: Vec<u8> },
    NoneOf { slots: Vec<usize>, bad: u8 },
    AtLeast { slots: Vec<usize>, good: u8, min: u32 },
    Members { slot: usize, relation: Option<Vec<u8>>, age_min: u32, age_max: u32, needs_age: bool, fail: Vec<u8> },
    Head { slot: usize, map: [Option<bool>; 256] },
}

/// A compiled, ready-to-score methodology.
pub struct Methodology {
    def: Definition,
    rules: Vec<Compiled>,
    var_dim: Vec<usize>,
    dim_masks: Vec<u32>,
    unit: i64,
    rentan_below: i64,
    tangguh_above: i64,
}

impl std::fmt::Debug for Methodology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Methodology({})", self.def.id)
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Methodology {
    /// The default methodology.
    pub fn default_pk21() -> Methodology {
        Methodology::from_json(DEFAULT_DEFINITION).expect("the shipped definition is valid")
    }

    /// Parses and compiles a JSON definition.
    pub fn from_json(json: &str) -> Result<Methodology, DefinitionError> {
        let def: Definition = serde_json::from_str(json).map_err(|e| DefinitionError::Parse(e.to_string()))?;
        Methodology::compile(def)
    }

    /// Compiles a definition, checking every reference.
    pub fn compile(def: Definition) -> Result<Methodology, DefinitionError> {
        let invalid = |reason: String| DefinitionError::Invalid { id: def.id.clone(), reason };
        if def.id.is_empty() || def.id.len() > 64 {
            return Err(invalid("the id must have 1 to 64 characters".into()));
        }
        if Date::new(2000, def.reference_date.month, def.reference_date.day).is_none() {
            return Err(invalid("reference_date is not a day of the year".into()));
        }
        if def.dimensions.is_empty() || def.dimensions.len() > 8 {
            return Err(invalid("there must be 1 to 8 dimensions".into()));
        }
        if def.variables.is_empty() || def.variables.len() > 32 {
            return Err(invalid("there must be 1 to 32 variables".into()));
        }
        let scaled = |x: f64| (x * 100.0).round() as i64;
        let (rentan_below, tangguh_above) = (scaled(def.categories.rentan_below), scaled(def.categories.tangguh_above));
        if !(0..=10_000).contains(&rentan_below) || rentan_below > tangguh_above || tangguh_above > 10_000 {
            return Err(invalid("categories need 0 <= rentan_below <= tangguh_above <= 100".into()));
        }
        let fam = |c: &str| family_slot(c).ok_or_else(|| invalid(format!("unknown family column {c:?}")));
        let mem = |c: &str| member_slot(c).ok_or_else(|| invalid(format!("unknown member column {c:?}")));
        let mut rules = Vec::new();
        let mut var_dim = Vec::new();
        let mut dim_masks = vec![0u32; def.dimensions.len()];
        for (i, v) in def.variables.iter().enumerate() {
            if def.variables[..i].iter().any(|w| w.id == v.id) {
                return Err(invalid(format!("variable id {:?} is used twice", v.id)));
            }
            let d = def
                .dimensions
                .iter()
                .position(|d| d.id == v.dimension)
                .ok_or_else(|| invalid(format!("variable {} names unknown dimension {:?}", v.id, v.dimension)))?;
            var_dim.push(d);
            dim_masks[d] |= 1 << i;
            rules.push(match &v.rule {
                Rule::Answer { column, yes, no } => {
                    Compiled::Answer { slot: fam(column)?, yes: yes.clone(), no: no.clone() }
                }
                Rule::NoneOf { columns, bad } => {
                    Compiled::NoneOf { slots: columns.iter().map(|c| fam(c)).collect::<Result<_, _>>()?, bad: *bad }
                }
                Rule::AtLeast { columns, good, min } => Compiled::AtLeast {
                    slots: columns.iter().map(|c| fam(c)).collect::<Result<_, _>>()?,
                    good: *good,
                    min: *min,
                },
                Rule::Members { field, relation, age_min, age_max, fail } => Compiled::Members {
                    slot: mem(field)?,
                    relation: relation.clone(),
                    age_min: age_min.unwrap_or(0),
                    age_max: age_max.unwrap_or(u32::MAX),
                    needs_age: age_min.is_some() || age_max.is_some(),
                    fail: fail.clone(),
                },
                Rule::Head { field, map } => {
                    let mut table = [None; 256];
                    for (code, score) in map {
                        let c: u8 = code
                            .parse()
                            .map_err(|_| invalid(format!("variable {}: map key {code:?} is not a code", v.id)))?;
                        if *score > 1 {
                            return Err(invalid(format!("variable {}: scores must be 0 or 1", v.id)));
                        }
                        table[usize::from(c)] = Some(*score == 1);
                    }
                    Compiled::Head { slot: mem(field)?, map: table }
                }
            });
        }
        if let Some(d) = dim_masks.iter().position(|m| *m == 0) {
            return Err(invalid(format!("dimension {:?} has no variables", def.dimensions[d].id)));
        }
        let largest = dim_masks.iter().map(|m| i64::from(m.count_ones())).max().unwrap_or(1);
        let unit = (1..=largest).fold(1, |acc, n| acc / gcd(acc, n) * n);
        Ok(Methodology { def, rules, var_dim, dim_masks, unit, rentan_below, tangguh_above })
    }

    /// The definition this was compiled from.
    pub fn definition(&self) -> &Definition {
        &self.def
    }

    /// The definition id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// Number of dimensions.
    pub fn dimension_count(&self) -> usize {
        self.def.dimensions.len()
    }

    /// Number of variables.
    pub fn variable_count(&self) -> usize {
        self.def.variables.len()
    }

    /// The dimension index of variable `v`.
    pub fn variable_dimension(&self, v: usize) -> usize {
        self.var_dim[v]
    }

    /// `L`: dimension indices are summed in units of `1/L` (of 100).
    pub fn unit(&self) -> i64 {
        self.unit
    }

    /// The round's reference date.
    pub fn reference_date(&self, year: u16) -> Date {
        let md = self.def.reference_date;
        Date::new(i32::from(year), md.month, md.day)
            .or_else(|| Date::new(i32::from(year), md.month, md.day - 1))
            .expect("checked at compile time")
    }

    /// Scores one family of round `year`.
    pub fn score(&self, year: u16, a: &FamilyAnswers) -> FamilyScore {
        let refdate = self.reference_date(year);
        let mut ages = [0u32; 100];
        for (i, m) in a.members.iter().enumerate().take(100) {
            ages[i] = m.birth.age_on(refdate);
        }
        let ages = &ages[..a.members.len().min(100)];
        let mut s = FamilyScore::default();
        for (i, rule) in self.rules.iter().enumerate() {
            if let Some(met) = self.eval(rule, a, ages) {
                s.applicable |= 1 << i;
                if met {
                    s.met |= 1 << i;
                }
            }
        }
        s.fp = self.family_planning(a, ages);
        s
    }

    fn eval(&self, rule: &Compiled, a: &FamilyAnswers, ages: &[u32]) -> Option<bool> {
        match rule {
            Compiled::Answer { slot, yes, no } => {
                let c = a.code(*slot);
                if yes.contains(&c) {
                    Some(true)
                } else if no.contains(&c) {
                    Some(false)
                } else {
                    None
                }
            }
            Compiled::NoneOf { slots, bad } => {
                let codes = slots.iter().map(|s| a.code(*s));
                if codes.clone().all(|c| c == 0) { None } else { Some(!codes.into_iter().any(|c| c == *bad)) }
            }
            Compiled::AtLeast { slots, good, min } => {
                if slots.iter().all(|s| a.code(*s) == 0) {
                    None
                } else {
                    Some(slots.iter().filter(|s| a.code(**s) == *good).count() as u32 >= *min)
                }
            }
            Compiled::Members { slot, relation, age_min, age_max, needs_age, fail } => {
                let mut any = false;
                for (m, age) in a.members.iter().zip(ages) {
                    let c = m.code(*slot);
                    if c == 0
                        || relation.as_ref().is_some_and(|r| !r.contains(&m.code(M_RELATION)))
                        || (*needs_age && (age < age_min || age > age_max))
                    {
                        continue;
                    }
                    if fail.contains(&c) {
                        return Some(false);
                    }
                    any = true;
                }
                any.then_some(true)
            }
            Compiled::Head { slot, map } => a.head().and_then(|h| map[usize::from(h.code(*slot))]),
        }
    }

    fn family_planning(&self, a: &FamilyAnswers, ages: &[u32]) -> u8 {
        let fp = &self.def.family_planning;
        let p = &fp.pus;
        let is_pus = a.members.iter().zip(ages).any(|(m, age)| {
            p.relation.contains(&m.code(M_RELATION))
                && m.code(M_SEX) == p.sex
                && m.code(M_MARITAL) == p.marital_status
                && (p.age_min..=p.age_max).contains(age)
        });
        if !is_pus {
            return 0;
        }
        let method = a.code(KB_METHOD);
        let mut flags = FP_PUS;
        if method != 0 {
            flags |= FP_ANY;
        }
        if fp.modern_methods.contains(&method) {
            flags |= FP_MODERN;
        }
        if fp.mkjp_methods.contains(&method) {
            flags |= FP_MKJP;
        }
        if method == 0 && fp.unmet_reasons.contains(&a.code(KB_REASON)) {
            flags |= FP_UNMET;
        }
        flags
    }

    /// A family's dimension `d` as (met, applicable); `None` when all its variables are NA.
    pub fn dimension(&self, s: FamilyScore, d: usize) -> Option<(u32, u32)> {
        let mask = self.dim_masks[d];
        let n = (s.applicable & mask).count_ones();
        (n > 0).then(|| ((s.met & mask).count_ones(), n))
    }

    /// A family's dimension `d` in units of `1/unit()`: `m * L / n`.
    pub fn dimension_units(&self, s: FamilyScore, d: usize) -> Option<i64> {
        self.dimension(s, d).map(|(m, n)| i64::from(m) * (self.unit / i64::from(n)))
    }

    /// A family's dimension index, 0..=100.
    pub fn dimension_index(&self, s: FamilyScore, d: usize) -> Option<f64> {
        self.dimension(s, d).map(|(m, n)| 100.0 * f64::from(m) / f64::from(n))
    }

    /// Sum of the family's non-NA dimension units and their count; `None` when unscored.
    fn units_and_count(&self, s: FamilyScore) -> Option<(i64, i64)> {
        let (mut sum, mut k) = (0i64, 0i64);
        for d in 0..self.dimension_count() {
            if let Some(u) = self.dimension_units(s, d) {
                sum += u;
                k += 1;
            }
        }
        (k > 0).then_some((sum, k))
    }

    /// The family iBangga (mean of its non-NA dimension indices); `None` when unscored.
    pub fn ibangga(&self, s: FamilyScore) -> Option<f64> {
        self.units_and_count(s).map(|(sum, k)| 100.0 * sum as f64 / (self.unit * k) as f64)
    }

    /// The family's category, decided exactly.
    pub fn category(&self, s: FamilyScore) -> Option<Category> {
        let (sum, k) = self.units_and_count(s)?;
        // score = 100 * sum / (L * k); compare 100 * score with thresholds given in hundredths.
        let lhs = 10_000 * i128::from(sum);
        let scale = i128::from(self.unit) * i128::from(k);
        Some(if lhs < i128::from(self.rentan_below) * scale {
            Category::Rentan
        } else if lhs > i128::from(self.tangguh_above) * scale {
            Category::Tangguh
        } else {
            Category::Berkembang
        })
    }
}

#[cfg(test)]
mod tests;
