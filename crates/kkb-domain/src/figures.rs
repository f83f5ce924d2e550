//! Region figures. A [`Tally`] is the exact, additive summary of a set of families (integers only), so that a
//! region's figures can be kept current by adding a family's contribution on import and subtracting it on
//! replacement, and so that stored == recomputed can be checked with `==`. [`Figures`] is the derived, public
//! view (the `index` JSON object, docs/cli.md).

use crate::methodology::{Category, FP_ANY, FP_MKJP, FP_MODERN, FP_PUS, FP_UNMET, FamilyScore, Methodology};
use crate::region::{Level, RegionCode};
use serde::Serialize;

/// Exact integer totals over a set of families of one round.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// All families.
    pub families: i64,
    /// Families with an iBangga.
    pub scored: i64,
    /// Scored families per category (rentan, berkembang, tangguh).
    pub categories: [i64; 3],
    /// Per dimension: (sum of family dimension indices in units of `1/L` of 100, families with the dimension).
    pub dimensions: Vec<[i64; 2]>,
    /// Per variable: (applicable, met).
    pub variables: Vec<[i64; 2]>,
    /// PUS, PUS using any method, modern, long-acting, unmet need.
    pub family_planning: [i64; 5],
}

impl Tally {
    /// An empty tally shaped for a methodology.
    pub fn new(m: &Methodology) -> Tally {
        Tally {
            dimensions: vec![[0; 2]; m.dimension_count()],
            variables: vec![[0; 2]; m.variable_count()],
            ..Tally::default()
        }
    }

    /// Adds (`sign` = 1) or removes (`sign` = -1) one family.
    pub fn add_family(&mut self, m: &Methodology, s: FamilyScore, sign: i64) {
        self.families += sign;
        if let Some(c) = m.category(s) {
            self.scored += sign;
            self.categories[c.index()] += sign;
        }
        for (d, slot) in self.dimensions.iter_mut().enumerate() {
            if let Some(u) = m.dimension_units(s, d) {
                slot[0] += sign * u;
                slot[1] += sign;
            }
        }
        for (v, slot) in self.variables.iter_mut().enumerate() {
            if s.applicable & (1 << v) != 0 {
                slot[0] += sign;
                if s.met & (1 << v) != 0 {
                    slot[1] += sign;
                }
            }
        }
        for (i, flag) in [FP_PUS, FP_ANY, FP_MODERN, FP_MKJP, FP_UNMET].into_iter().enumerate() {
            if s.fp & flag != 0 {
                self.family_planning[i] += sign;
            }
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.families += other.families;
        self.scored += other.scored;
        for i in 0..3 {
            self.categories[i] += other.categories[i];
        }
        for (a, b) in self.dimensions.iter_mut().zip(&other.dimensions) {
            a[0] += b[0];
            a[1] += b[1];
        }
        for (a, b) in self.variables.iter_mut().zip(&other.variables) {
            a[0] += b[0];
            a[1] += b[1];
        }
        for i in 0..5 {
            self.family_planning[i] += other.family_planning[i];
        }
    }

    /// Whether every count is zero.
    pub fn is_zero(&self) -> bool {
        self.families == 0
            && self.scored == 0
            && self.categories == [0; 3]
            && self.dimensions.iter().all(|d| *d == [0; 2])
            && self.variables.iter().all(|v| *v == [0; 2])
            && self.family_planning == [0; 5]
    }
}

/// A region as shown in figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRef {
    /// Dotted code.
    pub code: RegionCode,
    /// Official name.
    pub name: String,
    /// Level name.
    pub level: Level,
}

/// Families and share of scored families in a category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFigure {
    /// Number of scored families.
    pub families: i64,
    /// Percent of scored families; `null` when there are none.
    pub percent: Option<f64>,
}

/// One variable's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableFigure {
    /// Variable id.
    pub id: String,
    /// Dimension id.
    pub dimension: String,
    /// Families where it is not NA.
    pub applicable: i64,
    /// Families scoring 1.
    pub met: i64,
    /// `100 * met / applicable`; `null` when nothing applies.
    pub percent: Option<f64>,
}

/// Family-planning figures from PK (docs/methodology.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyPlanningFigures {
    /// Families that are a PUS.
    pub pus: i64,
    /// Contraceptive prevalence, percent of PUS.
    pub cpr: Option<f64>,
    /// Modern contraceptive prevalence.
    pub mcpr: Option<f64>,
    /// Long-acting share of modern users.
    pub mkjp_share: Option<f64>,
    /// Unmet need, percent of PUS.
    pub unmet_need: Option<f64>,
}

/// The figures of one region in one round: the object of `kampungkb index --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The region.
    pub region: RegionRef,
    /// The round.
    pub year: u16,
    /// The methodology that produced the figures.
    pub methodology: String,
    /// All families.
    pub families: i64,
    /// Families with an iBangga.
    pub scored_families: i64,
    /// Mean of the region's non-NA dimension indices.
    pub ibangga: Option<f64>,
    /// Region category by its iBangga.
    pub category: Option<Category>,
    /// Dimension id → index.
    pub dimensions: serde_json::Map<String, serde_json::Value>,
    /// Category id → figure.
    pub categories: serde_json::Map<String, serde_json::Value>,
    /// All variables.
    pub variables: Vec<VariableFigure>,
    /// PUS and contraceptive use.
    pub family_planning: FamilyPlanningFigures,
    /// Direct sub-regions (filled by the caller when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Figures>>,
}

fn pct(num: i64, den: i64) -> Option<f64> {
    (den != 0).then(|| 100.0 * num as f64 / den as f64)
}

impl Figures {
    /// Derives the public figures from a tally.
    pub fn from_tally(region: RegionRef, year: u16, m: &Methodology, t: &Tally) -> Figures {
        let def = m.definition();
        let unit = m.unit() as f64;
        let dims: Vec<Option<f64>> = t
            .dimensions
            .iter()
            .map(|[units, n]| (*n != 0).then(|| 100.0 * *units as f64 / (unit * *n as f64)))
            .collect();
        let present: Vec<f64> = dims.iter().flatten().copied().collect();
        let ibangga = (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64);
        let category = region_category(m, t);
        let dimensions = def.dimensions.iter().zip(&dims).map(|(d, v)| (d.id.clone(), serde_json::json!(v))).collect();
        let categories = Category::ALL
            .iter()
            .map(|c| {
                let f = CategoryFigure {
                    families: t.categories[c.index()],
                    percent: pct(t.categories[c.index()], t.scored),
                };
                (c.as_str().to_string(), serde_json::to_value(f).expect("plain struct"))
            })
            .collect();
        let variables = def
            .variables
            .iter()
            .zip(&t.variables)
            .map(|(v, [app, met])| VariableFigure {
                id: v.id.clone(),
                dimension: v.dimension.clone(),
                applicable: *app,
                met: *met,
                percent: pct(*met, *app),
            })
            .collect();
        let [pus, any, modern, mkjp, unmet] = t.family_planning;
        Figures {
            region,
            year,
            methodology: def.id.clone(),
            families: t.families,
            scored_families: t.scored,
            ibangga,
            category,
            dimensions,
            categories,
            variables,
            family_planning: FamilyPlanningFigures {
                pus,
                cpr: pct(any, pus),
                mcpr: pct(modern, pus),
                mkjp_share: pct(mkjp, modern),
                unmet_need: pct(unmet, pus),
            },
            children: None,
        }
    }
}

/// The region's category by its iBangga (mean of its non-NA dimension indices), decided exactly.
fn region_category(m: &Methodology, t: &Tally) -> Option<Category> {
    // iBangga = (100/k) * sum_d units_d / (L * n_d). Compare 100*iBangga against thresholds in hundredths
    // using exact rationals: sum_d units_d * P / n_d, with P the product of the n_d.
    let present: Vec<(i128, i128)> =
        t.dimensions.iter().filter(|d| d[1] != 0).map(|d| (i128::from(d[0]), i128::from(d[1]))).collect();
    if present.is_empty() {
        return None;
    }
    let k = present.len() as i128;
    let p: Option<i128> = present.iter().try_fold(1i128, |acc, (_, n)| acc.checked_mul(*n));
    let thresholds = (m.definition().categories.rentan_below, m.definition().categories.tangguh_above);
    let Some(p) = p else {
        // Too many families for exact integer comparison: fall back to the float value.
        let v = present.iter().map(|(u, n)| 100.0 * *u as f64 / (m.unit() as f64 * *n as f64)).sum::<f64>() / k as f64;
        return Some(if v < thresholds.0 {
            Category::Rentan
        } else if v > thresholds.1 {
            Category::Tangguh
        } else {
            Category::Berkembang
        });
    };
    let num: Option<i128> = present.iter().try_fold(0i128, |acc, (u, n)| acc.checked_add(u.checked_mul(p / n)?));
    let scale = i128::from(m.unit()).checked_mul(k).and_then(|x| x.checked_mul(p));
    let (Some(num), Some(scale)) = (num, scale) else { return None };
    let lhs = num.checked_mul(10_000)?;
    let r = (thresholds.0 * 100.0).round() as i128 * scale;
    let tg = (thresholds.1 * 100.0).round() as i128 * scale;
    Some(if lhs < r {
        Category::Rentan
    } else if lhs > tg {
        Category::Tangguh
    } else {
        Category::Berkembang
    })
}
