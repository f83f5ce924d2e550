//! Small-cell suppression that survives differencing: what of each region's figures a reader outside the region may
//! see.
//!
//! **Primary suppression.** A figure computed over 1–4 families is hidden ([`MIN_FAMILIES`]); a figure over 0
//! families shows nothing and stays. The figures of a region fall into *groups*, each resting on one count (its
//! *base*) and hidden together:
//!
//! - *all*: the number of families (hiding it hides every group below);
//! - *scored*: the families with an iBangga, the category counts, the dimension indices and the iBangga itself,
//!   i.e. the index numerator (hiding it hides every variable that applies to any family);
//! - *variable v*: the families where v applies and where it is met;
//! - *family planning*: the PUS and their contraceptive use.
//!
//! **Secondary suppression.** Every count is additive: a parent's count is the sum of its children's. Hiding one
//! child's count while showing its parent's and its siblings' would give it away as the parent minus the visible
//! siblings. So, for every parent, group and count of the group (the families; the scored families and each
//! category's; the PUS and each family-planning count; a variable's applicable and met families), among the
//! children whose count is not zero:
//!
//! - when the parent's group is shown, the number of children whose group is hidden is never exactly one: the
//!   next-smallest sibling (by that count, then code) is hidden too, and if there is none the parent's group is
//!   hidden;
//! - when the parent's group is hidden, at least two children's (or all, if fewer) are hidden, so that the children
//!   do not add up to it.
//!
//! The rules are applied over the whole tree (province, kabupaten/kota, kecamatan, desa/kelurahan) until nothing
//! changes, so that a cell hidden to protect another cannot be recovered from its own children or parent either.
//! A region the reader sees exactly (their own region) is never hidden, and is taken as known: the other hidden
//! cells must protect each other without it. This is cell suppression as statistics offices practise it (e.g.
//! BPS, Eurostat's τ-ARGUS "hypercube" method's simplest case): no hidden count follows from the shown ones by one
//! subtraction; a reader learns at most the sum of two or more hidden cells.

use crate::region::RegionCode;
use std::collections::{BTreeMap, HashMap};

/// Figures over fewer families than this (and more than none) are hidden from readers outside the region.
pub const MIN_FAMILIES: i64 = 5;

/// The additive counts of a region's figures, by group.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bases {
    /// All families.
    pub families: i64,
    /// Families with an iBangga (the base of the index, its dimensions and the categories).
    pub scored: i64,
    /// Scored families per category (rentan, berkembang, tangguh).
    pub categories: [i64; 3],
    /// PUS, then PUS using any method, a modern one, a long-acting one, and with an unmet need.
    pub family_planning: [i64; 5],
    /// Per variable: the families where it applies, and where it is met.
    pub variables: Vec<[i64; 2]>,
}

/// The group indexes: 0 all, 1 scored, 2 family planning, 3.. the variables.
const ALL: usize = 0;
const SCORED: usize = 1;
const FP: usize = 2;
const VARIABLES: usize = 3;

impl Bases {
    fn base(&self, g: usize) -> i64 {
        self.counts(g)[0]
    }

    /// The counts of a group, its base first.
    fn counts(&self, g: usize) -> Vec<i64> {
        match g {
            ALL => vec![self.families],
            SCORED => [self.scored].into_iter().chain(self.categories).collect(),
            FP => self.family_planning.to_vec(),
            v => self.variables.get(v - VARIABLES).map_or(vec![0, 0], |x| x.to_vec()),
        }
    }

    fn groups(&self) -> usize {
        VARIABLES + self.variables.len()
    }
}

/// What of a region is hidden from a reader.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hidden(Vec<bool>);

impl Hidden {
    fn group(&self, g: usize) -> bool {
        self.0.get(g).copied().unwrap_or(false)
    }

    /// Everything: the region shows no figure at all.
    pub fn all(&self) -> bool {
        self.group(ALL)
    }

    /// The scored families, categories, dimension indices and iBangga.
    pub fn scored(&self) -> bool {
        self.group(SCORED)
    }

    /// The family-planning figures.
    pub fn family_planning(&self) -> bool {
        self.group(FP)
    }

    /// The figures of the variable at this index (methodology order).
    pub fn variable(&self, i: usize) -> bool {
        self.group(VARIABLES + i)
    }

    /// Whether anything is hidden.
    pub fn any(&self) -> bool {
        self.0.iter().any(|h| *h)
    }
}

/// What is hidden of every region, for one reader.
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    hidden: HashMap<RegionCode, Hidden>,
}

impl Disclosure {
    /// Nothing hidden (a reader who sees every region exactly).
    pub fn none() -> Disclosure {
        Disclosure::default()
    }

    /// What is hidden of a region (nothing, for a region not in the tree).
    pub fn of(&self, code: RegionCode) -> Hidden {
        self.hidden.get(&code).cloned().unwrap_or_default()
    }

    /// Computes what a reader may see of a tree of regions (a province and everything under it, each with the
    /// bases of its figures); `exact` says which regions the reader sees exactly. See the module comment.
    pub fn compute(regions: &[(RegionCode, Bases)], exact: &dyn Fn(RegionCode) -> bool) -> Disclosure {
        let groups = regions.iter().map(|(_, b)| b.groups()).max().unwrap_or(VARIABLES);
        let index: HashMap<RegionCode, usize> = regions.iter().enumerate().map(|(i, (c, _))| (*c, i)).collect();
        let exact: Vec<bool> = regions.iter().map(|(c, _)| exact(*c)).collect();
        let mut hidden: Vec<Vec<bool>> = regions
            .iter()
            .zip(&exact)
            .map(|((_, b), exact)| (0..groups).map(|g| !exact && b.base(g) > 0 && b.base(g) < MIN_FAMILIES).collect())
            .collect();
        // Children by parent, parents top down.
        let mut children: BTreeMap<(u8, RegionCode), Vec<usize>> = BTreeMap::new();
        for (i, (code, _)) in regions.iter().enumerate() {
            if let Some(p) = code.parent().filter(|p| index.contains_key(p)) {
                children.entry((p.level() as u8, p)).or_default().push(i);
            }
        }
        for (i, (_, b)) in regions.iter().enumerate() {
            imply(&mut hidden[i], b);
        }
        loop {
            let mut changed = false;
            for ((_, parent), kids) in &children {
                let p = index[parent];
                for (g, c) in (0..groups).flat_map(|g| (0..regions[p].1.counts(g).len()).map(move |c| (g, c))) {
                    let count = |k: usize| regions[k].1.counts(g)[c];
                    let nonzero: Vec<usize> = kids.iter().copied().filter(|k| count(*k) > 0).collect();
                    let hidden_kids = nonzero.iter().filter(|k| hidden[**k][g]).count();
                    let mut candidates: Vec<usize> =
                        nonzero.iter().copied().filter(|k| !hidden[*k][g] && !exact[*k]).collect();
                    candidates.sort_by_key(|k| (count(*k), regions[*k].0));
                    let hideable = hidden_kids + candidates.len();
                    // A hidden parent's children must not add up to any of its counts.
                    let wanted = if hidden[p][g] {
                        hideable.min(2)
                    } else if hidden_kids == 1 {
                        2
                    } else {
                        0
                    };
                    if hidden_kids >= wanted {
                        continue;
                    }
                    if !hidden[p][g] && hideable < wanted {
                        // No sibling can cover the hidden child: the parent's group is hidden instead.
                        hidden[p][g] = true;
                        imply(&mut hidden[p], &regions[p].1);
                        changed = true;
                        continue;
                    }
                    for k in candidates.into_iter().take(wanted - hidden_kids) {
                        hidden[k][g] = true;
                        imply(&mut hidden[k], &regions[k].1);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let hidden = regions
            .iter()
            .zip(hidden)
            .filter(|(_, h)| h.iter().any(|x| *x))
            .map(|((c, _), h)| (*c, Hidden(h)))
            .collect();
        Disclosure { hidden }
    }
}

/// A hidden group hides the groups resting on part of its families: all hides every group; scored hides every
/// variable that applies to some family.
fn imply(hidden: &mut [bool], b: &Bases) {
    if hidden[ALL] {
        hidden.iter_mut().for_each(|h| *h = true);
    }
    if hidden[SCORED] {
        for (g, h) in hidden.iter_mut().enumerate().skip(VARIABLES) {
            *h |= b.base(g) > 0;
        }
    }
}

#[cfg(test)]
mod tests;
