//! What the plans mean for the villages: convergence (which programme areas reach a village, through which
//! agencies), gaps (a village's weakest iBangga variables that no plan item targets, with who is responsible
//! per the Inpres matrix), and effect (the change of a targeted variable in the villages an item targeted
//! against the other villages of its plan's region, between two PK rounds).
//!
//! An item with no target villages works region-wide: it reaches every village of its plan's region. Cancelled
//! items reach nothing.

use super::{ItemStatus, Matrix, PlanItem};
use crate::figures::Figures;
use crate::region::RegionCode;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An item as the analyses see it: the item, its plan's region, and an id to point back to it.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    /// The item's row id.
    pub id: i64,
    /// The plan's region.
    pub region: RegionCode,
    /// The item.
    pub item: &'a PlanItem,
}

impl Placed<'_> {
    /// Whether the item reaches a village.
    pub fn reaches(&self, village: RegionCode) -> bool {
        self.item.status != ItemStatus::Cancelled
            && village.is_within(self.region)
            && (self.item.villages.is_empty() || self.item.villages.contains(&village))
    }
}

/// Who works in a village, per programme area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Convergence {
    /// The village.
    pub village: RegionCode,
    /// For areas 1..=4: the agencies (responsible and supporting) of the items that reach the village.
    pub areas: [BTreeSet<String>; 4],
    /// The items that reach it.
    pub items: Vec<i64>,
}

impl Convergence {
    /// How many of the four programme areas reach the village.
    pub fn areas_covered(&self) -> usize {
        self.areas.iter().filter(|a| !a.is_empty()).count()
    }
}

/// The convergence of every village in `villages`.
pub fn convergence(villages: &[RegionCode], items: &[Placed<'_>]) -> Vec<Convergence> {
    villages
        .iter()
        .map(|&v| {
            let mut c = Convergence { village: v, areas: Default::default(), items: Vec::new() };
            for p in items.iter().filter(|p| p.reaches(v)) {
                let slot = &mut c.areas[usize::from(u8::from(p.item.area)).saturating_sub(1).min(3)];
                slot.insert(p.item.responsible.clone());
                slot.extend(p.item.supporting.iter().cloned());
                c.items.push(p.id);
            }
            c
        })
        .collect()
}

/// A weak variable of a village that no item targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// The village.
    pub village: RegionCode,
    /// Its name.
    pub village_name: String,
    /// The variable.
    pub variable: String,
    /// Percent of applicable families meeting it.
    pub percent: f64,
    /// Families it applies to.
    pub applicable: i64,
    /// Its rank among the village's variables, weakest = 1.
    pub rank: usize,
    /// The national agencies responsible per the matrix.
    pub responsible: Vec<String>,
    /// The matrix activities that target it.
    pub activities: Vec<String>,
}

/// The least number of families a variable must apply to in a village to count among its weakest (smaller
/// counts swing too much to plan on).
pub const MIN_APPLICABLE: i64 = 5;

/// The gaps of every village: its `weakest` lowest variables (by percent met, at least [`MIN_APPLICABLE`]
/// families, ties by variable id) that no item reaching the village targets. Villages in code order, weakest
/// variable first.
pub fn gaps(matrix: &Matrix, villages: &[Figures], items: &[Placed<'_>], weakest: usize) -> Vec<Gap> {
    let mut out = Vec::new();
    for f in villages {
        let v = f.region.code;
        let mut ranked: Vec<(&str, f64, i64)> = f
            .variables
            .iter()
            .filter(|x| x.applicable >= MIN_APPLICABLE)
            .filter_map(|x| x.percent.map(|p| (x.id.as_str(), p, x.applicable)))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
        let targeted: BTreeSet<&str> =
            items.iter().filter(|p| p.reaches(v)).flat_map(|p| p.item.variables.iter().map(String::as_str)).collect();
        for (rank, (id, percent, applicable)) in ranked.into_iter().take(weakest).enumerate() {
            if targeted.contains(id) {
                continue;
            }
            out.push(Gap {
                village: v,
                village_name: f.region.name.clone(),
                variable: id.to_string(),
                percent,
                applicable,
                rank: rank + 1,
                responsible: matrix.responsible_for(id).into_iter().map(String::from).collect(),
                activities: matrix.activities_for(id).into_iter().map(|a| a.id.clone()).collect(),
            });
        }
    }
    out
}

/// A variable's pooled percent over a set of villages: `(met, applicable)` summed.
fn pooled(figures: &BTreeMap<RegionCode, &Figures>, villages: &[RegionCode], variable: &str) -> Option<f64> {
    let (mut met, mut applicable) = (0i64, 0i64);
    for v in villages {
        if let Some(x) = figures.get(v).and_then(|f| f.variables.iter().find(|x| x.id == variable)) {
            met += x.met;
            applicable += x.applicable;
        }
    }
    (applicable > 0).then(|| 100.0 * met as f64 / applicable as f64)
}

/// The change of one targeted variable between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// The variable.
    pub variable: String,
    /// Villages the item targeted (with figures in both rounds).
    pub targeted_villages: usize,
    /// The other villages of the plan's region.
    pub other_villages: usize,
    /// Pooled percent in the targeted villages, before and after.
    pub targeted: (Option<f64>, Option<f64>),
    /// Pooled percent in the other villages, before and after.
    pub others: (Option<f64>, Option<f64>),
    /// Change in the targeted villages minus change in the others (percentage points); `None` when a side
    /// lacks data.
    pub difference: Option<f64>,
}

/// The effect of an item on each variable it targets: `before` and `after` are the village figures of its
/// plan's region in two rounds. Only villages with figures in both rounds count. A region-wide item has no
/// comparison villages, so its difference is `None`.
pub fn effect(item: &Placed<'_>, before: &[Figures], after: &[Figures]) -> Vec<Effect> {
    let b: BTreeMap<RegionCode, &Figures> = before.iter().map(|f| (f.region.code, f)).collect();
    let a: BTreeMap<RegionCode, &Figures> = after.iter().map(|f| (f.region.code, f)).collect();
    let both: Vec<RegionCode> = b.keys().filter(|v| a.contains_key(v) && v.is_within(item.region)).copied().collect();
    let (targeted, others): (Vec<RegionCode>, Vec<RegionCode>) = if item.item.villages.is_empty() {
        (both.clone(), Vec::new())
    } else {
        both.iter().partition(|v| item.item.villages.contains(v))
    };
    item.item
        .variables
        .iter()
        .map(|var| {
            let t = (pooled(&b, &targeted, var), pooled(&a, &targeted, var));
            let o = (pooled(&b, &others, var), pooled(&a, &others, var));
            let difference = match (t, o) {
                ((Some(t0), Some(t1)), (Some(o0), Some(o1))) => Some((t1 - t0) - (o1 - o0)),
                _ => None,
            };
            Effect {
                variable: var.clone(),
                targeted_villages: targeted.len(),
                other_villages: others.len(),
                targeted: t,
                others: o,
                difference,
            }
        })
        .collect()
}
