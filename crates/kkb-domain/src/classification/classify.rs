//! The classification itself ([`classify`]): scores, indices, class, and the search for the raises that reach the
//! next class.

use super::rules::{Indicator, cmp_ratio};
use super::{ClassificationRules, IndexId, Inputs, Measure, Measurement, Unit};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The class of a Kampung KB, in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Management not yet effective: no index high, or only one.
    Dasar,
    /// Input and proses high, output not.
    Berkembang,
    /// Output high and exactly one of input and proses.
    Mandiri,
    /// All three indices high.
    Berkelanjutan,
}

impl Class {
    /// All classes, in order.
    pub const ALL: [Class; 4] = [Class::Dasar, Class::Berkembang, Class::Mandiri, Class::Berkelanjutan];

    /// The class of a pattern of high indices (input, proses, output).
    pub fn of(high: [bool; 3]) -> Class {
        match high {
            [true, true, true] => Class::Berkelanjutan,
            [true, true, false] => Class::Berkembang,
            [true, false, true] | [false, true, true] => Class::Mandiri,
            _ => Class::Dasar,
        }
    }

    /// The JSON id.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Dasar => "dasar",
            Class::Berkembang => "berkembang",
            Class::Mandiri => "mandiri",
            Class::Berkelanjutan => "berkelanjutan",
        }
    }
}

/// One indicator's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorResult {
    /// The indicator id.
    pub id: String,
    /// Its index.
    pub index: IndexId,
    /// The score.
    pub score: u8,
    /// The best score it can have.
    pub max_score: u8,
    /// What was measured.
    pub measured: Measurement,
}

/// The three indices, rounded to two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Indices {
    /// Input.
    pub input: f64,
    /// Proses.
    pub proses: f64,
    /// Output.
    pub output: f64,
}

/// One indicator raise of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Raise {
    /// The indicator id.
    pub indicator: String,
    /// Score now.
    pub from: u8,
    /// Score needed.
    pub to: u8,
}

/// The nearest better class and what reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Next {
    /// The class.
    pub class: Class,
    /// For each index that must become high: the index now and after, and the raises with the measured values now
    /// and needed. Serialized (the contract's `needs`, strings) in a notation without words (see [`Need`]); the
    /// words, in the reader's language, are the catalogue's (crate `kkb-i18n`).
    #[serde(serialize_with = "as_notation")]
    #[cfg_attr(feature = "utoipa", schema(value_type = Vec<String>))]
    pub needs: Vec<Need>,
    /// The same raises, as data.
    pub raises: Vec<Raise>,
}

fn as_notation<S: Serializer>(needs: &[Need], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(needs.iter().map(ToString::to_string))
}

/// What makes one index high: the index now and after the raises, and the raises.
///
/// Its `Display` is a notation of ids and numbers, the same in every language, for machines (the JSON contract's
/// `needs`): `output 2.5 → 3.0: output_cpr 2 → 4 (37% → ≥51%)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The index.
    pub index: IndexId,
    /// The index now, in hundredths.
    pub now: u64,
    /// The index after the raises, in hundredths.
    pub after: u64,
    /// The raises, in the order they were chosen.
    pub steps: Vec<Step>,
}

/// One indicator raise with what it takes: the measured value now and the values that give the score needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The indicator id.
    pub indicator: String,
    /// What it measures.
    pub measure: Measure,
    /// Score now.
    pub from: u8,
    /// Score needed.
    pub to: u8,
    /// The measured value now.
    pub now: Value,
    /// The values that give the score needed.
    pub needed: Wanted,
}

/// A measured value, as the advice states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A report-based measure without a monthly report.
    NoReport,
    /// No Pokja.
    NoPokja,
    /// A Pokja, its members and whether it is trained.
    Pokja {
        /// Members.
        members: u64,
        /// Trained.
        trained: bool,
    },
    /// Whether a PKB/PLKB officer is assigned and a regulation exists.
    Officer {
        /// A PKB/PLKB officer assigned.
        pkb: bool,
        /// A regulation.
        regulation: bool,
    },
    /// A number of distinct items or agencies.
    Count(u64),
    /// A whole percentage.
    Percent(u64),
}

/// The values that give a score (one band of the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// The unit of the values.
    pub unit: Unit,
    /// The measure needs a monthly report and there is none.
    pub report_missing: bool,
    /// The values.
    pub range: Range,
}

/// A band's values as the advice states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Levels `from` to `to` of a level measure (Pokja, officer and regulation), see [`Measure`].
    Levels(u64, u64),
    /// Exactly this value.
    Exactly(u64),
    /// At most this value.
    AtMost(u64),
    /// From the first to the second, both included.
    Between(u64, u64),
    /// At least this value.
    AtLeast(u64),
    /// Any value.
    Any,
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → {}: ", self.index.as_str(), index_text(self.now), index_text(self.after))?;
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{} {} → {} ({} → {})", s.indicator, s.from, s.to, s.now, s.needed)?;
        }
        Ok(())
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::NoReport => f.write_str("—"),
            Value::NoPokja => f.write_str("0"),
            Value::Pokja { members, trained } => write!(f, "{}", 1 + u64::from(members > 0) + u64::from(trained)),
            Value::Officer { pkb, regulation } => write!(f, "{}", u64::from(pkb) + u64::from(regulation)),
            Value::Count(n) => write!(f, "{n}"),
            Value::Percent(n) => write!(f, "{n}%"),
        }
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = if self.unit == Unit::Percent { "%" } else { "" };
        match self.range {
            Range::Levels(a, b) if a == b => write!(f, "{a}"),
            Range::Levels(a, b) | Range::Between(a, b) => write!(f, "{a}-{b}{pct}"),
            Range::Exactly(n) => write!(f, "{n}{pct}"),
            Range::AtMost(n) => write!(f, "≤{n}{pct}"),
            Range::AtLeast(n) => write!(f, "≥{n}{pct}"),
            Range::Any => f.write_str("*"),
        }
    }
}

/// The result of [`classify`]. Serializes as the contract's object (`indicators`, `indices`, `class`, `next`)
/// plus `high` (which indices are high), `values` (the measurements) and `rules` (the definition id).
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The rules' id.
    pub rules: String,
    /// The indicators, in the definition's order.
    pub indicators: Vec<IndicatorResult>,
    /// The indices.
    pub indices: Indices,
    /// Which indices are high (input, proses, output).
    pub high: [bool; 3],
    /// The class.
    pub class: Class,
    /// The nearest better class raising scores can reach; `None` for Berkelanjutan.
    pub next: Option<Next>,
}

impl Classification {
    /// The score of an indicator.
    pub fn score(&self, id: &str) -> Option<u8> {
        self.indicators.iter().find(|i| i.id == id).map(|i| i.score)
    }
}

impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Scores<'a>(&'a [IndicatorResult]);
        impl Serialize for Scores<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|i| (&i.id, i.score)))
            }
        }
        struct Values<'a>(&'a [IndicatorResult]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|i| (&i.id, &i.measured)))
            }
        }
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("indicators", &Scores(&self.indicators))?;
        m.serialize_entry("indices", &self.indices)?;
        m.serialize_entry("class", &self.class)?;
        m.serialize_entry("next", &self.next)?;
        let [input, proses, output] = self.high;
        m.serialize_entry("high", &serde_json::json!({"input": input, "proses": proses, "output": output}))?;
        m.serialize_entry("values", &Values(&self.indicators))?;
        m.serialize_entry("rules", &self.rules)?;
        m.end()
    }
}

/// An index in hundredths: round(100 * sum / n), half away from zero, in integers.
pub(super) fn hundredths(sum: u64, n: u64) -> u64 {
    (200 * sum + n) / (2 * n)
}

/// Hundredths as the index is written: `3.0`, `2.5`, `3.67`.
pub(super) fn index_text(h: u64) -> String {
    if h.is_multiple_of(10) { format!("{}.{}", h / 100, h % 100 / 10) } else { format!("{}.{:02}", h / 100, h % 100) }
}

/// Classifies one Kampung KB.
pub fn classify(rules: &ClassificationRules, inputs: &Inputs) -> Classification {
    let indicators: Vec<IndicatorResult> = rules
        .indicators
        .iter()
        .map(|ind| {
            let measured = Measurement::of(ind.def.measure, inputs, rules.percent_rounding());
            let score = ind.score(measured.value);
            IndicatorResult { id: ind.def.id.clone(), index: ind.index, score, max_score: ind.max_score, measured }
        })
        .collect();
    let h = IndexId::ALL.map(|x| index_of(&indicators, x, &[]));
    let high = h.map(|h| h >= rules.high);
    let class = Class::of(high);
    let next = next_class(rules, inputs, &indicators, high);
    let f = |h: u64| h as f64 / 100.0;
    let indices = Indices { input: f(h[0]), proses: f(h[1]), output: f(h[2]) };
    Classification { rules: rules.id().to_string(), indicators, indices, high, class, next }
}

/// Index `x` in hundredths, with `raises` applied.
pub(super) fn index_of(results: &[IndicatorResult], x: IndexId, raises: &[Raise]) -> u64 {
    let members = results.iter().filter(|r| r.index == x);
    let score = |r: &IndicatorResult| raises.iter().find(|a| a.indicator == r.id).map_or(r.score, |a| a.to);
    let (sum, n) = members.fold((0, 0), |(s, n), r| (s + u64::from(score(r)), n + 1));
    hundredths(sum, n)
}

/// What makes one index high: the raises and what they take.
struct IndexPlan {
    raises: Vec<Raise>,
    points: u64,
    need: Need,
}

/// The nearest better class that raising scores (never lowering) reaches: for each better class in order, each
/// pattern of high indices that keeps today's high ones and gives that class, the cheapest plan (fewest raises,
/// then fewest points, then input before proses).
fn next_class(
    rules: &ClassificationRules,
    inputs: &Inputs,
    results: &[IndicatorResult],
    high: [bool; 3],
) -> Option<Next> {
    let current = Class::of(high);
    for target in Class::ALL.into_iter().filter(|c| *c > current) {
        let mut best: Option<((usize, u64), Vec<IndexPlan>)> = None;
        for pattern in 0..8u8 {
            let want = [0, 1, 2].map(|b| pattern & (1 << b) != 0);
            if Class::of(want) != target || (0..3).any(|x| high[x] && !want[x]) {
                continue;
            }
            let plans: Option<Vec<IndexPlan>> =
                (0..3).filter(|x| want[*x] && !high[*x]).map(|x| plan_index(rules, inputs, results, x)).collect();
            let Some(plans) = plans else { continue };
            let cost = (plans.iter().map(|p| p.raises.len()).sum(), plans.iter().map(|p| p.points).sum());
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, plans));
            }
        }
        if let Some((_, plans)) = best {
            let needs = plans.iter().map(|p| p.need.clone()).collect();
            let raises = plans.into_iter().flat_map(|p| p.raises).collect();
            return Some(Next { class: target, needs, raises });
        }
    }
    None
}

/// The smallest set of raises that makes index `x` high: the indicators with the most headroom first (ties: the
/// one whose measured value is relatively nearest the band it needs), each raised only as far as needed.
fn plan_index(
    rules: &ClassificationRules,
    inputs: &Inputs,
    results: &[IndicatorResult],
    x: usize,
) -> Option<IndexPlan> {
    let index = IndexId::ALL[x];
    let members: Vec<(&Indicator, &IndicatorResult)> =
        rules.indicators.iter().zip(results).filter(|(_, r)| r.index == index).collect();
    let n = members.len() as u64;
    let sum: u64 = members.iter().map(|(_, r)| u64::from(r.score)).sum();
    let best: u64 = members.iter().map(|(i, _)| u64::from(i.max_score)).sum();
    let needed = (sum..=best).find(|s| hundredths(*s, n) >= rules.high)?;
    let mut missing = needed - sum;
    let target = |ind: &Indicator, r: &IndicatorResult, missing: u64| {
        let ups = ind.higher_scores(r.score);
        let want = u64::from(r.score) + missing;
        ups.iter().copied().find(|s| u64::from(*s) >= want).or(ups.last().copied())
    };
    let mut order: Vec<_> = members
        .iter()
        .filter_map(|(ind, r)| {
            let to = target(ind, r, missing)?;
            Some((ind.max_score - r.score, ind.band_for(to, r.measured.value).gap(r.measured.value), *ind, *r))
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(cmp_ratio(a.1, b.1)));
    let (mut raises, mut steps) = (Vec::new(), Vec::new());
    for (_, _, ind, r) in order {
        if missing == 0 {
            break;
        }
        let Some(to) = target(ind, r, missing) else { continue };
        missing = missing.saturating_sub(u64::from(to - r.score));
        let m = ind.def.measure;
        let needed = m.wanted(ind.band_for(to, r.measured.value), inputs.report.is_some());
        let now = m.value_now(inputs, r.measured.value);
        steps.push(Step { indicator: r.id.clone(), measure: m, from: r.score, to, now, needed });
        raises.push(Raise { indicator: r.id.clone(), from: r.score, to });
    }
    let points = raises.iter().map(|r| u64::from(r.to - r.from)).sum();
    let (now, after) = (index_of(results, index, &[]), index_of(results, index, &raises));
    Some(IndexPlan { raises, points, need: Need { index, now, after, steps } })
}
