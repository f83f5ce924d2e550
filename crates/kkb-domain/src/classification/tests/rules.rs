//! Rule-set checks, and other rules as data.

use super::*;
use serde_json::{Value, json};

#[test]
fn classification_shipped_rules() {
    let r = rules();
    assert_eq!(r.id(), "kampung-kb-v2");
    assert_eq!(r.high, 300);
    let d = r.definition();
    assert_eq!((d.indices.input.len(), d.indices.proses.len(), d.indices.output.len()), (5, 3, 4));
    let again = ClassificationRules::from_json(&serde_json::to_string(d).unwrap()).unwrap();
    assert_eq!(again.definition(), d);
    // v2 is v1 with percentages rounded as the portal: the same thresholds, indices and indicators.
    let v1 = ClassificationRules::kampung_kb_v1();
    let v1 = v1.definition();
    assert_eq!((&v1.indices, v1.high), (&d.indices, d.high));
    assert_eq!(
        (v1.percent_rounding, d.percent_rounding),
        (PercentRounding::HalfAwayFromZero, PercentRounding::FloatTiesEven)
    );
    let again = ClassificationRules::from_json(&serde_json::to_string(v1).unwrap()).unwrap();
    assert_eq!(again.definition(), v1);
}

/// Edits a rule definition.
type Edit = fn(&mut Value);

fn broken(change: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(KAMPUNG_KB_V1).unwrap();
    change(&mut v);
    ClassificationRules::from_json(&v.to_string()).unwrap_err().to_string()
}

#[test]
fn classification_rules_are_checked_at_load() {
    let cases: [(Edit, &str); 14] = [
        (|v| v["indices"]["input"][1]["bands"][2] = json!([3, 4, 3]), "bands 1 and 2: they must follow each other"),
        (|v| v["indices"]["input"][1]["bands"][2] = json!([1, 4, 3]), "bands 1 and 2: they must follow each other"),
        (|v| v["indices"]["input"][1]["bands"][0] = json!([1, 0, 1]), "the first band must start at 0"),
        (|v| v["indices"]["input"][1]["bands"][3] = json!([5, 6, 5]), "band 3: the score must be 1 to 4"),
        (|v| v["indices"]["input"][1]["bands"][0] = json!([0, 0, 0]), "band 0: the score must be 1 to 4"),
        (|v| v["indices"]["input"][1]["bands"][1] = json!([1, 0, 2]), "band 1: max is below min"),
        (|v| v["indices"]["input"][1]["bands"][3] = json!([5, 5, 4]), "the last band must reach the largest value"),
        (|v| v["indices"]["output"][1]["bands"][3] = json!([51, 100, 4]), "the last band must reach the largest value"),
        (|v| v["indices"]["input"][1]["bands"] = json!([]), "there are no bands"),
        (|v| _ = v["indices"]["output"][1].as_object_mut().unwrap().remove("no_report"), "needs no_report"),
        (|v| v["indices"]["input"][0]["no_report"] = json!(1), "no_report is only for report-based measures"),
        (|v| v["indices"]["proses"][0]["id"] = json!("input_pokja"), "indicator id \"input_pokja\" is used twice"),
        (|v| v["indices"]["proses"] = json!([]), "the proses index has no indicators"),
        (|v| v["high"] = json!(2.999), "high must be between 1 and 4"),
    ];
    for (change, message) in cases {
        let got = broken(change);
        assert!(got.starts_with("classification rules kampung-kb-v1: "), "{got}");
        assert!(got.contains(message), "{got}\nwant {message}");
    }
    assert!(broken(|v| v["high"] = json!(5)).contains("high must be"));
    assert!(broken(|v| v["id"] = json!("")).contains("the id must have"));
    for change in [
        (|v: &mut Value| v["indices"]["input"][0]["measure"] = json!("weather")) as Edit,
        |v| v["indices"]["extra"] = json!([]),
        |v| v["indices"]["input"][0]["bands"][0] = json!([0, 0]),
        |v| v["colour"] = json!(1),
        |v| v["percent_rounding"] = json!("banker"),
    ] {
        assert!(broken(change).starts_with("classification rules are not valid: "));
    }
    // An open-ended last band is always accepted; a revised rule is a new id.
    let mut v: Value = serde_json::from_str(KAMPUNG_KB_V1).unwrap();
    v["id"] = json!("kampung-kb-v2");
    v["indices"]["input"][1]["bands"][3] = json!([5, null, 4]);
    v["high"] = json!(2.75);
    let r = ClassificationRules::from_json(&v.to_string()).unwrap();
    assert_eq!((r.id(), r.high), ("kampung-kb-v2", 275));
    assert_eq!(classify(&r, &pattern(true, true, false)).rules, "kampung-kb-v2");
}

#[test]
fn classification_other_rules_change_the_class_not_the_code() {
    // A threshold of 2.5 makes the example's output (2.5) high; stricter CPR bands without a score 3 lower it.
    let mut v: Value = serde_json::from_str(KAMPUNG_KB_V1).unwrap();
    v["id"] = json!("test-lenient");
    v["high"] = json!(2.5);
    let c = classify(&ClassificationRules::from_json(&v.to_string()).unwrap(), &example());
    assert_eq!((c.class, c.next), (Class::Berkelanjutan, None));
    v["indices"]["output"][1]["bands"] = json!([[0, 39, 1], [40, 60, 2], [61, null, 4]]);
    v["high"] = json!(3);
    let c = classify(&ClassificationRules::from_json(&v.to_string()).unwrap(), &example());
    assert_eq!(c.score("output_cpr"), Some(1));
    // Score 3 does not exist for CPR any more: the plan jumps to 4.
    let next = c.next.unwrap();
    assert!(next.needs[0].to_string().contains("output_cpr 1 → 4 (37% → ≥61%)"), "{:?}", next.needs);
}
