//! Property: after any sequence of imports (new families, replacements with changed answers, several rounds),
//! the live region figures equal a computation from scratch, and `check` finds no difference.

mod common;

use common::*;
use kkb_domain::figures::{Figures, RegionRef};
use kkb_domain::methodology::Methodology;
use kkb_domain::pk::{Family, FamilyKey};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn base() -> &'static Vec<Family> {
    static BASE: OnceLock<Vec<Family>> = OnceLock::new();
    BASE.get_or_init(|| {
        let b = sqlite();
        families(b.store(), 120, 77, 2021)
    })
}

/// One import: which base families (bit i of `pick` over a rotating window), how their answers change, and the
/// round they go to.
#[derive(Debug, Clone)]
struct Step {
    pick: u64,
    offset: usize,
    mutate: u64,
    year: u16,
}

fn step() -> impl Strategy<Value = Step> {
    (any::<u64>(), 0usize..120, any::<u64>(), prop_oneof![Just(2021u16), Just(2022u16)])
        .prop_map(|(pick, offset, mutate, year)| Step { pick, offset, mutate, year })
}

fn apply(step: &Step) -> Vec<Family> {
    let base = base();
    (0..64)
        .filter(|i| step.pick >> i & 1 == 1)
        .map(|i| {
            let mut f = base[(step.offset + i) % base.len()].clone();
            f.key.year = step.year;
            let mut x = step.mutate.rotate_left(i as u32);
            for c in f.answers.coded.iter_mut().take(23) {
                if x & 3 == 0 {
                    *c = (*c + 1) % 3;
                }
                x = x.rotate_right(2);
            }
            if x & 7 == 0 {
                // Now and then a member leaves the family (never the head).
                let keep = f.answers.members.iter().position(|m| m.coded[3] != 1).unwrap_or(0);
                if f.answers.members.len() > 1 && f.answers.members[keep].coded[3] != 1 {
                    f.answers.members.remove(keep);
                    f.people.remove(keep);
                }
            }
            f
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn live_figures_equal_recompute(steps in proptest::collection::vec(step(), 1..6)) {
        let b = sqlite();
        let s = b.store();
        let mut model: BTreeMap<FamilyKey, Family> = BTreeMap::new();
        for st in &steps {
            let batch = apply(st);
            s.import_round(&batch, "prop").unwrap();
            for f in batch {
                model.insert(f.key.clone(), f);
            }
        }
        let m = Methodology::default_pk21();
        let all: Vec<Family> = model.into_values().collect();
        for round in s.rounds().unwrap() {
            for c in ["17", "17.01", "17.71", "17.03.01"] {
                let region = s.region(code(c)).unwrap().unwrap();
                let want = Figures::from_tally(
                    RegionRef { code: region.code, name: region.name, level: region.code.level() },
                    round.year,
                    &m,
                    &expected(&all, code(c), round.year),
                );
                prop_assert_eq!(s.region_figures(code(c), Some(round.year), false).unwrap(), want);
            }
        }
        let report = s.check().unwrap();
        prop_assert!(report.differences.is_empty(), "{:?}", report.differences);
    }
}
