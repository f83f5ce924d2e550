use super::*;
use proptest::prelude::*;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn bases(families: i64) -> Bases {
    Bases {
        families,
        scored: families,
        categories: [families, 0, 0],
        family_planning: [families / 2, families / 2, 0, 0, 0],
        variables: vec![[families, 0]],
    }
}

/// A kecamatan with villages of these sizes, under its kabupaten and province (their bases the sums).
fn district(sizes: &[i64]) -> Vec<(RegionCode, Bases)> {
    let total: i64 = sizes.iter().sum();
    let mut out = vec![(code("17"), bases(total)), (code("17.01"), bases(total)), (code("17.01.01"), bases(total))];
    for (i, n) in sizes.iter().enumerate() {
        out.push((code(&format!("17.01.01.{}", 2001 + i)), bases(*n)));
    }
    out
}

fn hidden_villages(d: &Disclosure, n: usize) -> Vec<usize> {
    (0..n).filter(|i| d.of(code(&format!("17.01.01.{}", 2001 + i))).all()).collect()
}

#[test]
fn a_lone_small_village_takes_the_next_smallest_with_it() {
    let tree = district(&[40, 3, 20, 30]);
    let d = Disclosure::compute(&tree, &|_| false);
    assert_eq!(hidden_villages(&d, 4), [1, 2], "3 families (primary) and 20 (the next smallest)");
    assert!(!d.of(code("17.01.01")).any());
    // Two small villages protect each other.
    let d = Disclosure::compute(&district(&[40, 3, 4, 30]), &|_| false);
    assert_eq!(hidden_villages(&d, 4), [1, 2]);
    // A village without families shows its zero and covers nothing.
    let d = Disclosure::compute(&district(&[0, 3, 50]), &|_| false);
    assert_eq!(hidden_villages(&d, 3), [1, 2]);
}

#[test]
fn a_reader_s_own_village_is_never_hidden_nor_used_as_cover() {
    let own = code("17.01.01.2003");
    let d = Disclosure::compute(&district(&[40, 3, 20, 30]), &|c| c == own || c.is_within(own));
    assert_eq!(hidden_villages(&d, 4), [1, 3], "20 is known to this reader: 30 covers the small one");
    // Only the reader's own village could cover: the kecamatan is hidden instead, and then its kabupaten, up the
    // tree as far as needed.
    let own = code("17.01.01.2002");
    let d = Disclosure::compute(&district(&[3, 40]), &|c| c == own);
    assert!(d.of(code("17.01.01")).all() && d.of(code("17.01")).all());
}

#[test]
fn groups_are_protected_on_their_own_bases() {
    // Every village has families enough, but one has 2 PUS: its family-planning figures and another's go.
    let mut tree = district(&[40, 30, 20]);
    tree[3].1.family_planning = [2, 2, 0, 0, 0];
    tree[2].1.family_planning = [2 + 15 + 10, 2 + 15 + 10, 0, 0, 0];
    let d = Disclosure::compute(&tree, &|_| false);
    let fp: Vec<bool> = (0..3).map(|i| d.of(code(&format!("17.01.01.{}", 2001 + i))).family_planning()).collect();
    assert_eq!(fp, [true, false, true]);
    assert!(!d.of(code("17.01.01.2001")).all() && !d.of(code("17.01.01.2001")).scored());
    // Hidden scored families hide the variables that apply.
    let mut tree = district(&[40, 30]);
    tree[3].1.scored = 3;
    let d = Disclosure::compute(&tree, &|_| false);
    let v = d.of(code("17.01.01.2001"));
    assert!(v.scored() && v.variable(0) && !v.all());
    assert!(d.of(code("17.01.01.2002")).scored(), "its sibling covers it");
}

/// A random tree: a province, 1-3 kabupaten, 1-3 kecamatan each, 1-5 villages each, every base the sum of its
/// children's.
fn arb_tree() -> impl Strategy<Value = Vec<(RegionCode, Bases)>> {
    let village = (0i64..30, 0i64..30, 0i64..30, 0i64..30, 0i64..3).prop_map(|(f, s, p, v, r)| {
        let scored = s.min(f);
        let rentan = (scored * r) / 3;
        let pus = p.min(f);
        Bases {
            families: f,
            scored,
            categories: [rentan, scored - rentan, 0],
            family_planning: [pus, pus / 2, pus / 3, 0, pus / 4],
            variables: vec![[v.min(f), (v / 2).min(f)], [(v / 3).min(f), 0]],
        }
    });
    prop::collection::vec(prop::collection::vec(prop::collection::vec(village, 1..6), 1..4), 1..4).prop_map(|tree| {
        let mut out = Vec::new();
        let sum = |bs: &[Bases]| Bases {
            families: bs.iter().map(|b| b.families).sum(),
            scored: bs.iter().map(|b| b.scored).sum(),
            categories: [0, 1, 2].map(|i| bs.iter().map(|b| b.categories[i]).sum()),
            family_planning: [0, 1, 2, 3, 4].map(|i| bs.iter().map(|b| b.family_planning[i]).sum()),
            variables: (0..2).map(|i| [0, 1].map(|j| bs.iter().map(|b| b.variables[i][j]).sum())).collect(),
        };
        let mut regencies = Vec::new();
        for (r, districts) in tree.iter().enumerate() {
            let mut ds = Vec::new();
            for (d, villages) in districts.iter().enumerate() {
                for (v, b) in villages.iter().enumerate() {
                    out.push((code(&format!("17.0{}.0{}.{}", r + 1, d + 1, 2001 + v)), b.clone()));
                }
                let b = sum(villages);
                out.push((code(&format!("17.0{}.0{}", r + 1, d + 1)), b.clone()));
                ds.push(b);
            }
            let b = sum(&ds);
            out.push((code(&format!("17.0{}", r + 1)), b.clone()));
            regencies.push(b);
        }
        out.push((code("17"), sum(&regencies)));
        out
    })
}

proptest! {
    #[test]
    fn no_hidden_cell_is_one_subtraction_away(tree in arb_tree(), own in 0usize..40, reader in 0u8..3) {
        // A reader outside everything, or one who sees a kecamatan or a village exactly.
        let scope = match reader {
            0 => None,
            _ => tree.iter().map(|(c, _)| *c).filter(|c| c.level() as u8 == reader + 1).nth(own % 4),
        };
        let exact = |c: RegionCode| scope.is_some_and(|s| c.is_within(s));
        let d = Disclosure::compute(&tree, &exact);
        for (c, b) in &tree {
            let h = d.of(*c);
            for g in 0..b.groups() {
                let base = b.base(g);
                if exact(*c) {
                    prop_assert!(!h.group(g), "{c} is the reader's own");
                } else if base > 0 && base < MIN_FAMILIES {
                    prop_assert!(h.group(g), "{c} group {g} is small");
                }
                for i in 0..b.counts(g).len() {
                    let kids: Vec<&(RegionCode, Bases)> =
                        tree.iter().filter(|(k, kb)| k.parent() == Some(*c) && kb.counts(g)[i] > 0).collect();
                    let hidden = kids.iter().filter(|(k, _)| d.of(*k).group(g)).count();
                    let unknown = kids.iter().filter(|(k, _)| !exact(*k)).count();
                    if h.group(g) {
                        prop_assert!(hidden >= unknown.min(2), "{c} group {g} count {i}: the children add up to it");
                    } else {
                        prop_assert!(hidden != 1, "{c} group {g} count {i}: a hidden child is the parent minus its siblings");
                    }
                }
            }
        }
    }
}
