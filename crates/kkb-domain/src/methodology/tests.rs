//! Every rule of the default methodology (docs/methodology.md), each NA path and each category boundary.

use super::*;
use crate::pk::columns::{FAMILY_CODED, MEMBER_CODED, family_slot};
use crate::pk::{FamilyAnswers, MemberAnswers};

const YEAR: u16 = 2021;

/// A member: relation, sex, marital status, birth date, and named optional codes.
fn member(no: u8, relation: u8, sex: u8, marital: u8, birth: (i32, u8, u8), extra: &[(&str, u8)]) -> MemberAnswers {
    let mut coded = [0u8; 8];
    coded[M_RELATION] = relation;
    coded[M_SEX] = sex;
    coded[M_MARITAL] = marital;
    for (name, v) in extra {
        coded[MEMBER_CODED.iter().position(|c| c.0 == *name).unwrap()] = *v;
    }
    MemberAnswers { member_no: no, coded, birth: Date::new(birth.0, birth.1, birth.2).unwrap() }
}

fn head() -> MemberAnswers {
    member(1, 1, 1, 2, (1980, 1, 1), &[])
}

fn family(answers: &[(&str, u8)], members: Vec<MemberAnswers>) -> FamilyAnswers {
    let mut coded = [0u8; 25];
    for (c, v) in answers {
        coded[family_slot(c).unwrap_or_else(|| panic!("{c}"))] = *v;
    }
    FamilyAnswers { coded, members }
}

fn var(m: &Methodology, a: &FamilyAnswers, id: &str) -> Option<u8> {
    let i = m.definition().variables.iter().position(|v| v.id == id).unwrap();
    let s = m.score(YEAR, a);
    (s.applicable & (1 << i) != 0).then(|| u8::from(s.met & (1 << i) != 0))
}

#[test]
fn default_definition_has_17_variables_in_3_dimensions() {
    let m = Methodology::default_pk21();
    assert_eq!(m.variable_count(), 17);
    assert_eq!(m.dimension_count(), 3);
    assert_eq!(m.unit(), 420);
    let per_dim: Vec<usize> = (0..3).map(|d| (0..17).filter(|v| m.variable_dimension(*v) == d).count()).collect();
    assert_eq!(per_dim, [6, 7, 4]);
    assert_eq!(FAMILY_CODED.len(), 25);
}

#[test]
fn single_answer_variables() {
    let m = Methodology::default_pk21();
    for (id, col) in [
        ("v01", "p01"),
        ("v02", "p02"),
        ("v07", "p04"),
        ("v08", "p05"),
        ("v10", "savings"),
        ("v12", "sick_treated"),
        ("v13", "online_media"),
        ("v14", "daily_interaction"),
        ("v15", "joint_parenting"),
        ("v16", "recreation"),
        ("v17", "social_activity"),
    ] {
        assert_eq!(var(&m, &family(&[(col, 1)], vec![head()]), id), Some(1), "{id} yes");
        assert_eq!(var(&m, &family(&[(col, 2)], vec![head()]), id), Some(0), "{id} no");
        assert_eq!(var(&m, &family(&[], vec![head()]), id), None, "{id} empty");
    }
}

#[test]
fn v03_children_birth_certificates() {
    let m = Methodology::default_pk21();
    let child = |bc: u8, birth: (i32, u8, u8)| member(2, 3, 1, 1, birth, &[("birth_certificate", bc)]);
    // No children → NA.
    assert_eq!(var(&m, &family(&[], vec![head()]), "v03"), None);
    // A child with an empty answer is not considered.
    assert_eq!(var(&m, &family(&[], vec![head(), child(0, (2015, 1, 1))]), "v03"), None);
    assert_eq!(var(&m, &family(&[], vec![head(), child(1, (2015, 1, 1))]), "v03"), Some(1));
    assert_eq!(var(&m, &family(&[], vec![head(), child(2, (2015, 1, 1))]), "v03"), Some(0));
    // Aged 18 on the reference date (30 June 2021) is not a child; 17 is.
    assert_eq!(var(&m, &family(&[], vec![head(), child(2, (2003, 6, 30))]), "v03"), None);
    assert_eq!(var(&m, &family(&[], vec![head(), child(2, (2003, 7, 1))]), "v03"), Some(0));
    // Born after the reference date: age 0, a child.
    assert_eq!(var(&m, &family(&[], vec![head(), child(1, (2021, 9, 1))]), "v03"), Some(1));
    // A grandchild (relation 5) is not a child for v03.
    let grandchild = member(3, 5, 1, 1, (2015, 1, 1), &[("birth_certificate", 2)]);
    assert_eq!(var(&m, &family(&[], vec![head(), grandchild]), "v03"), None);
    // Any 2 → 0.
    assert_eq!(var(&m, &family(&[], vec![head(), child(1, (2015, 1, 1)), child(2, (2012, 1, 1))]), "v03"), Some(0));
}

#[test]
fn v04_health_insurance_over_all_members() {
    let m = Methodology::default_pk21();
    let ins = |no: u8, code: u8| member(no, 3, 1, 1, (2010, 1, 1), &[("health_insurance", code)]);
    assert_eq!(var(&m, &family(&[], vec![head()]), "v04"), None);
    assert_eq!(var(&m, &family(&[], vec![head(), ins(2, 1), ins(3, 3)]), "v04"), Some(1));
    assert_eq!(var(&m, &family(&[], vec![head(), ins(2, 2), ins(3, 4)]), "v04"), Some(0));
    assert_eq!(var(&m, &family(&[], vec![head(), ins(2, 0), ins(3, 2)]), "v04"), Some(1));
}

#[test]
fn v05_conflict_inverse() {
    let m = Methodology::default_pk21();
    assert_eq!(var(&m, &family(&[], vec![head()]), "v05"), None);
    assert_eq!(var(&m, &family(&[("p03a", 2), ("p03b", 2), ("p03c", 2), ("p03d", 2)], vec![head()]), "v05"), Some(1));
    assert_eq!(var(&m, &family(&[("p03c", 2)], vec![head()]), "v05"), Some(1));
    assert_eq!(var(&m, &family(&[("p03a", 2), ("p03d", 1)], vec![head()]), "v05"), Some(0));
}

#[test]
fn v06_head_not_divorced() {
    let m = Methodology::default_pk21();
    let with = |marital: u8| family(&[], vec![member(1, 1, 1, marital, (1980, 1, 1), &[])]);
    assert_eq!(var(&m, &with(2), "v06"), Some(1));
    assert_eq!(var(&m, &with(4), "v06"), Some(1));
    assert_eq!(var(&m, &with(3), "v06"), Some(0));
    assert_eq!(var(&m, &with(1), "v06"), None);
    // Only the head counts.
    let a = family(&[], vec![member(1, 1, 1, 2, (1980, 1, 1), &[]), member(2, 7, 2, 3, (1970, 1, 1), &[])]);
    assert_eq!(var(&m, &a, "v06"), Some(1));
}

#[test]
fn v09_housing_threshold() {
    let m = Methodology::default_pk21();
    let items = ["p19", "p20", "p21", "p22", "p23", "p24", "p25", "p26"];
    let house = |yes: usize, no: usize| {
        let answers: Vec<(&str, u8)> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < yes + no)
            .map(|(i, c)| (*c, if i < yes { 1 } else { 2 }))
            .collect();
        family(&answers, vec![head()])
    };
    assert_eq!(var(&m, &house(0, 0), "v09"), None);
    assert_eq!(var(&m, &house(8, 0), "v09"), Some(1));
    assert_eq!(var(&m, &house(6, 2), "v09"), Some(1));
    assert_eq!(var(&m, &house(5, 3), "v09"), Some(0));
    // Empty counts as not met: 5 yes and 3 empty fails, 6 yes and 2 empty passes.
    assert_eq!(var(&m, &house(5, 0), "v09"), Some(0));
    assert_eq!(var(&m, &house(6, 0), "v09"), Some(1));
    assert_eq!(var(&m, &house(0, 1), "v09"), Some(0));
}

#[test]
fn v11_school_age_inclusive() {
    let m = Methodology::default_pk21();
    let pupil = |birth: (i32, u8, u8), code: u8| member(2, 3, 1, 1, birth, &[("in_school", code)]);
    assert_eq!(var(&m, &family(&[], vec![head()]), "v11"), None);
    // Aged exactly 7 and exactly 18 on 30 June 2021 count; 6 and 19 do not.
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2014, 6, 30), 2)]), "v11"), Some(0));
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2014, 7, 1), 2)]), "v11"), None);
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2002, 7, 1), 2)]), "v11"), Some(0));
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2002, 6, 30), 2)]), "v11"), None);
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2010, 1, 1), 1)]), "v11"), Some(1));
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2010, 1, 1), 0)]), "v11"), None);
    // Any relation counts (a nephew of 10 out of school).
    let nephew = member(3, 7, 1, 1, (2011, 1, 1), &[("in_school", 2)]);
    assert_eq!(var(&m, &family(&[], vec![head(), pupil((2010, 1, 1), 1), nephew]), "v11"), Some(0));
}

#[test]
fn family_scores_dimensions_and_unscored() {
    let m = Methodology::default_pk21();
    // A never-married head alone with nothing answered: every dimension NA → unscored.
    let alone = family(&[], vec![member(1, 1, 1, 1, (1990, 1, 1), &[])]);
    let s = m.score(YEAR, &alone);
    assert_eq!(s.applicable, 0);
    assert_eq!(m.ibangga(s), None);
    assert_eq!(m.category(s), None);
    // Only kebahagiaan answered: iBangga = that dimension.
    let happy = family(&[("daily_interaction", 1), ("recreation", 2)], vec![member(1, 1, 1, 1, (1990, 1, 1), &[])]);
    let s = m.score(YEAR, &happy);
    assert_eq!(m.dimension(s, 0), None);
    assert_eq!(m.dimension(s, 1), None);
    assert_eq!(m.dimension(s, 2), Some((1, 2)));
    assert_eq!(m.ibangga(s), Some(50.0));
}

/// Builds a family whose three dimensions are exactly m1/n1, m2/n2, m3/n3 (n1 ≤ 6 uses v01, v02, v05 and
/// the head; simpler: use single-answer variables only).
fn family_with(dims: [(u32, u32); 3]) -> FamilyAnswers {
    let ket = ["p01", "p02"];
    let man = ["p04", "p05", "savings", "sick_treated", "online_media"];
    let bah = ["daily_interaction", "joint_parenting", "recreation", "social_activity"];
    let mut answers: Vec<(&str, u8)> = Vec::new();
    for (cols, (met, n)) in [(&ket[..], dims[0]), (&man[..], dims[1]), (&bah[..], dims[2])] {
        for (i, c) in cols.iter().enumerate().take(n as usize) {
            answers.push((c, if (i as u32) < met { 1 } else { 2 }));
        }
    }
    // Head never married: v06 NA; no other members, so v03, v04, v11 NA; v05 and v09 unanswered.
    family(&answers, vec![member(1, 1, 1, 1, (1990, 1, 1), &[])])
}

#[test]
fn category_boundaries_are_exact() {
    let m = Methodology::default_pk21();
    // Dimensions 1/2, 1/5, 2/4 → (50 + 20 + 50)/3 = 40 exactly.
    let cases: [([(u32, u32); 3], Category); 7] = [
        ([(1, 2), (1, 5), (2, 4)], Category::Berkembang),
        // 1/2, 1/5, 1/4 → 31.67: rentan.
        ([(1, 2), (1, 5), (1, 4)], Category::Rentan),
        // 1/2, 3/5, 3/4 → (50 + 60 + 75) / 3 = 61.67.
        ([(1, 2), (3, 5), (3, 4)], Category::Berkembang),
        // 2/2, 3/5, 2/4 → (100 + 60 + 50) / 3 = 70 exactly.
        ([(2, 2), (3, 5), (2, 4)], Category::Berkembang),
        // 2/2, 4/5, 1/4 → (100 + 80 + 25) / 3 = 68.33.
        ([(2, 2), (4, 5), (1, 4)], Category::Berkembang),
        // 2/2, 3/5, 3/4 → 78.33.
        ([(2, 2), (3, 5), (3, 4)], Category::Tangguh),
        // 1/1, 1/5, 0/1 → (100 + 20 + 0) / 3 = 40.
        ([(1, 1), (1, 5), (0, 1)], Category::Berkembang),
    ];
    for (dims, expected) in cases {
        let s = m.score(YEAR, &family_with(dims));
        for (d, want) in dims.iter().enumerate() {
            assert_eq!(m.dimension(s, d), Some(*want), "{dims:?}");
        }
        assert_eq!(m.category(s), Some(expected), "{dims:?} → {:?}", m.ibangga(s));
    }
}

#[test]
fn spec_example_one_third_one_fifth_two_thirds_is_exactly_40() {
    // The spec's example: dimensions 1/3, 1/5 and 2/3 give exactly 40. Build it with v05 in ketenteraman:
    // p01 yes, p02 no, p03 conflict → 1/3.
    let m = Methodology::default_pk21();
    let a = family(
        &[
            ("p01", 1),
            ("p02", 2),
            ("p03a", 1),
            ("p04", 1),
            ("p05", 2),
            ("savings", 2),
            ("sick_treated", 2),
            ("online_media", 2),
            ("daily_interaction", 1),
            ("recreation", 1),
            ("social_activity", 2),
        ],
        vec![member(1, 1, 1, 1, (1990, 1, 1), &[])],
    );
    let s = m.score(YEAR, &a);
    assert_eq!([m.dimension(s, 0), m.dimension(s, 1), m.dimension(s, 2)], [Some((1, 3)), Some((1, 5)), Some((2, 3))]);
    assert_eq!(m.category(s), Some(Category::Berkembang));
}

#[test]
fn family_planning_flags() {
    let m = Methodology::default_pk21();
    let wife = |birth: (i32, u8, u8), marital: u8| member(2, 2, 2, marital, birth, &[]);
    let fp = |answers: &[(&str, u8)], w: MemberAnswers| m.score(YEAR, &family(answers, vec![head(), w])).fp;
    assert_eq!(fp(&[("kb_method", 5)], wife((1990, 1, 1), 2)), FP_PUS | FP_ANY | FP_MODERN);
    assert_eq!(fp(&[("kb_method", 3)], wife((1990, 1, 1), 2)), FP_PUS | FP_ANY | FP_MODERN | FP_MKJP);
    assert_eq!(fp(&[("kb_method", 9)], wife((1990, 1, 1), 2)), FP_PUS | FP_ANY);
    assert_eq!(fp(&[("kb_reason_not_using", 4)], wife((1990, 1, 1), 2)), FP_PUS | FP_UNMET);
    assert_eq!(fp(&[("kb_reason_not_using", 1)], wife((1990, 1, 1), 2)), FP_PUS);
    // Aged 50 on the reference date, or not married: not a PUS.
    assert_eq!(fp(&[("kb_method", 5)], wife((1971, 6, 30), 2)), 0);
    assert_eq!(fp(&[("kb_method", 5)], wife((1971, 7, 1), 2)), FP_PUS | FP_ANY | FP_MODERN);
    assert_eq!(fp(&[("kb_method", 5)], wife((1990, 1, 1), 4)), 0);
    // A married daughter (relation 3) does not make the family a PUS.
    assert_eq!(fp(&[], member(3, 3, 2, 2, (1995, 1, 1), &[])), 0);
}

#[test]
fn bad_definitions_are_refused() {
    let good: serde_json::Value = serde_json::from_str(DEFAULT_DEFINITION).unwrap();
    let mut bad = good.clone();
    bad["variables"][0]["rule"]["column"] = "p99".into();
    assert!(Methodology::from_json(&bad.to_string()).unwrap_err().to_string().contains("p99"));
    let mut bad = good.clone();
    bad["variables"][0]["dimension"] = "nowhere".into();
    assert!(Methodology::from_json(&bad.to_string()).is_err());
    let mut bad = good;
    bad["surprise"] = 1.into();
    assert!(Methodology::from_json(&bad.to_string()).is_err());
}
