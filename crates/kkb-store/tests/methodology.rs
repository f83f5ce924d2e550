//! A methodology id names its rules: storing it again with other rules is refused, while its name and description
//! (words about the rules) may be reworded, as the shipped definition's description was. On both engines.

mod common;

use common::*;
use kkb_domain::methodology::Methodology;
use kkb_store::StoreError;

#[test]
fn a_methodology_keeps_its_rules_and_may_be_reworded() {
    for b in backends() {
        let s = b.store();
        let shipped: serde_json::Value = serde_json::from_str(kkb_domain::methodology::DEFAULT_DEFINITION).unwrap();
        let mut reworded = shipped.clone();
        reworded["description"] = "Said again in other words.".into();
        reworded["name"] = "iBangga PK21 (reworded)".into();
        let m = Methodology::from_json(&reworded.to_string()).unwrap();
        s.register_methodology(&m).unwrap_or_else(|e| panic!("{}: a reworded description is refused: {e}", b.name));
        let mut changed = shipped.clone();
        changed["reference_date"] = serde_json::json!({ "month": 7, "day": 1 });
        let m = Methodology::from_json(&changed.to_string()).unwrap();
        assert!(matches!(s.register_methodology(&m), Err(StoreError::Conflict(_))), "{}: other rules", b.name);
    }
}
