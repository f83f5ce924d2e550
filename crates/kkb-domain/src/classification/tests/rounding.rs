//! How percentages are rounded: as the national portal rounds them (`kampung-kb-v2`, the rule in use: the IEEE
//! double `n / d * 100`, ties to even) and half away from zero (`kampung-kb-v1`, still readable and computable).

use super::*;
use proptest::prelude::*;

const PORTAL: PercentRounding = PercentRounding::FloatTiesEven;
const HALF_UP: PercentRounding = PercentRounding::HalfAwayFromZero;

/// The portal's percentage, written as the contract writes it.
fn portal(n: u64, d: u64) -> u64 {
    if d == 0 { 0 } else { (n as f64 / d as f64 * 100.0).round_ties_even() as u64 }
}

/// The contract's examples: (numerator, denominator, the portal's percentage, half away from zero).
const EXAMPLES: [(u64, u64, u64, u64); 6] = [
    (81, 200, 40, 41),  // 40.5
    (83, 200, 42, 42),  // 41.5
    (13, 200, 6, 7),    // 6.5
    (45, 200, 22, 23),  // 22.5
    (23, 40, 57, 58),   // 57.49999999999999 in double
    (109, 200, 55, 55), // 54.50000000000001 in double
];

#[test]
fn classification_rounds_the_contract_examples_as_the_portal() {
    assert_eq!(rules().id(), "kampung-kb-v2");
    assert_eq!(rules().percent_rounding(), PORTAL);
    for (n, d, want, _) in EXAMPLES {
        assert_eq!(PORTAL.percent(n.into(), d.into()), want, "{n}/{d}");
        // The same through every percentage indicator of the classification.
        assert_eq!(value(&classify(rules(), &cpr(n, d)), "output_cpr"), Some(want), "CPR {n}/{d}");
        assert_eq!(value(&classify(rules(), &mkjp(n, d)), "output_mkjp"), Some(want), "MKJP {n}/{d}");
        assert_eq!(value(&classify(rules(), &unmet(n, d)), "output_unmet"), Some(want), "unmet {n}/{d}");
        let c = classify(rules(), &poktan([(n, d), (0, 1), (0, 1), (0, 1), (0, 1)]));
        let bkb = c.indicators.iter().find(|i| i.id == "output_poktan").unwrap().measured.participation.unwrap().bkb;
        assert_eq!(bkb, want, "BKB {n}/{d}");
    }
    // The scores they give, where half away from zero gave another.
    assert_eq!(score(&cpr(81, 200), "output_cpr"), 2, "CPR 40 %: 30-40");
    assert_eq!(score(&unmet(13, 200), "output_unmet"), 4, "unmet need 6 %: below 7");
    assert_eq!(score(&mkjp(45, 200), "output_mkjp"), 2, "MKJP 22 %: 20-22");
}

#[test]
fn classification_v1_still_rounds_half_away_from_zero() {
    let v1 = ClassificationRules::kampung_kb_v1();
    assert!(!KAMPUNG_KB_V1.contains("percent_rounding"), "the first definition does not say how it rounds");
    assert_eq!((v1.id(), v1.percent_rounding()), ("kampung-kb-v1", HALF_UP), "half away from zero by default");
    for (n, d, _, want) in EXAMPLES {
        assert_eq!(HALF_UP.percent(n.into(), d.into()), want, "{n}/{d}");
        let c = classify(&v1, &cpr(n, d));
        assert_eq!((value(&c, "output_cpr"), c.rules.as_str()), (Some(want), "kampung-kb-v1"), "CPR {n}/{d}");
        assert_eq!(value(&classify(&v1, &unmet(n, d)), "output_unmet"), Some(want), "unmet {n}/{d}");
    }
    assert_eq!(classify(&v1, &cpr(81, 200)).score("output_cpr"), Some(3), "CPR 41 %: 41-50");
    assert_eq!(classify(&v1, &unmet(13, 200)).score("output_unmet"), Some(3));
    // Saying it explicitly reads the same.
    let explicit = KAMPUNG_KB_V1.replacen("\"high\"", "\"percent_rounding\": \"half_away_from_zero\", \"high\"", 1);
    let explicit = ClassificationRules::from_json(&explicit).unwrap();
    assert_eq!(explicit.percent_rounding(), HALF_UP);
    assert_eq!(classify(&explicit, &example()), classify(&v1, &example()));
}

#[test]
fn classification_percent_both_ways() {
    for (a, b, half_up, ties_even) in [
        (1, 8, 13, 12), // 12.5
        (0, 0, 0, 0),
        (7, 0, 0, 0),
        (59, 200, 30, 30), // 29.5
        (4049, 10000, 40, 40),
        (649, 10000, 6, 6),
        (1, 3, 33, 33),
        (2, 3, 67, 67),
        (1, 200, 1, 0), // 0.5
        (3, 200, 2, 2), // 1.5
        (5, 200, 3, 2), // 2.5
        (1, 201, 0, 0),
        (29, 200, 15, 14), // 14.499999999999998 in double
        (57, 200, 29, 28), // 28.499999999999996 in double
        (400, 310, 129, 129),
    ] {
        assert_eq!(HALF_UP.percent(a, b), half_up, "{a}/{b} half away from zero");
        assert_eq!(PORTAL.percent(a, b), ties_even, "{a}/{b} as the portal");
    }
    // The mean of five whole percentages is never a tie: both ways agree on every sum.
    for sum in 0..=600 {
        assert_eq!(PORTAL.mean(sum, 5), HALF_UP.mean(sum, 5), "sum {sum}");
    }
    assert_eq!((PORTAL.mean(47, 5), PORTAL.mean(48, 5), PORTAL.mean(103, 5)), (9, 10, 21));
}

#[test]
fn classification_rounding_can_change_the_class() {
    // Input 3.0 and proses 3.67 are high. Output: poktan 18 % (2), CPR 81/200 (v1: 41 % → 3; v2: 40 % → 2),
    // MKJP 19/81 = 23.5 % → 23 (3), unmet need 10/200 = 5 % (4): 12/4 = 3.0 under v1, 11/4 = 2.75 under v2.
    let i = with(|i| {
        i.population.pus = 200;
        let r = report(i);
        r.contraceptive_users =
            ContraceptiveUsers { mow: 0, mop: 0, iud: 19, implan: 0, suntik: 62, pil: 0, kondom: 0 };
        r.pus_not_using = PusNotUsing { hamil: 0, ingin_anak_segera: 0, iat: 10, tial: 0 };
    });
    let v1 = classify(&ClassificationRules::kampung_kb_v1(), &i);
    assert_eq!((v1.class, v1.indices.output), (Class::Berkelanjutan, 3.0));
    let v2 = classify(rules(), &i);
    assert_eq!((v2.class, v2.indices.output), (Class::Berkembang, 2.75));
    assert_eq!(v2.next.unwrap().class, Class::Berkelanjutan);
}

#[test]
fn classification_change_reason_names_the_rule() {
    assert_eq!(
        rules().change_reason(),
        "classification rule kampung-kb-v2: percentages rounded as the national portal rounds them (double \
         precision, ties to even)"
    );
    assert_eq!(ClassificationRules::kampung_kb_v1().change_reason(), "classification rule kampung-kb-v1");
    let shipped = rules().definition();
    assert!(!shipped.description.contains("../"), "the description says the rule in plain words");
    assert!(!ClassificationRules::kampung_kb_v1().definition().description.contains("../"));
    let again = ClassificationRules::from_json(&serde_json::to_string(shipped).unwrap()).unwrap();
    assert_eq!(again.definition(), shipped);
}

proptest! {
    #[test]
    fn classification_percent_is_the_portal_double(n in any::<u64>(), d in any::<u64>()) {
        prop_assert_eq!(PORTAL.percent(n.into(), d.into()), portal(n, d));
        prop_assert_eq!(PORTAL.percent(n.into(), 0), 0);
    }

    /// Small counts, where ties are common, through the classification's CPR and unmet need.
    #[test]
    fn classification_indicators_use_the_portal_double(n in 0u64..3000, d in 0u64..3000) {
        let c = classify(rules(), &cpr(n, d));
        prop_assert_eq!(value(&c, "output_cpr"), Some(portal(n, d)));
        let c = classify(rules(), &unmet(n, d));
        prop_assert_eq!(value(&c, "output_unmet"), Some(portal(n, d)));
    }

    /// An independent check in exact arithmetic: both ways land within half a point of the exact percentage (the
    /// double's relative error, far below 1e-12, may carry it across a tie, never further), and half away from zero
    /// rounds every tie up.
    #[test]
    fn classification_percent_is_near_the_exact_value(n in 0u64..(1 << 32), d in 1u64..(1 << 32)) {
        let exact2 = 200 * u128::from(n); // twice the exact percentage, times d
        let d = u128::from(d);
        for r in [PORTAL.percent(n.into(), d), HALF_UP.percent(n.into(), d)] {
            let r2 = 2 * u128::from(r) * d;
            prop_assert!(exact2.abs_diff(r2) <= d + exact2 / 1_000_000_000_000, "{n}/{d} → {r}");
        }
        let up = HALF_UP.percent(n.into(), d);
        prop_assert!(exact2 < (2 * u128::from(up) + 1) * d && exact2 + d >= 2 * u128::from(up) * d);
    }
}
