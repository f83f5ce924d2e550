//! Input validation: every problem named with its field and value.

use super::*;
use crate::problem::Reason;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn text(found: &'static str, shown: &str) -> (&'static str, String) {
    (found, shown.to_string())
}

#[test]
fn classification_validation_names_field_and_value() {
    let bad = |from: &str, to: &str| {
        assert!(EXAMPLE.contains(from), "{from}");
        match Inputs::from_json(&EXAMPLE.replacen(from, to, 1)) {
            Err(InputError::Invalid(p)) => p,
            other => panic!("{to}: {other:?}"),
        }
    };
    let funding = ids(&["apbn", "apbd", "dana_desa", "swadaya", "csr", "hibah"]);
    let programs = ids(&["bkb", "bkr", "bkl", "uppka", "pik_r", "pelayanan_kb_kr", "kependudukan", "sektor_lain"]);
    let facilities = ids(&["sekretariat", "rumah_dataku"]);
    let data = ids(&["pk", "data_rutin", "potensi_desa", "data_sektoral", "lainnya"]);
    let operations = ids(&["rapat_perencanaan", "rapat_koordinasi", "sosialisasi", "monev", "laporan"]);
    let (number2, yes, twelve, five, list) =
        (text("number", "2"), text("text", "yes"), text("text", "12"), text("number", "5"), text("list", ""));
    let cases: Vec<(&str, &str, &str, Reason)> = vec![
        (
            r#"["apbd", "dana_desa"]"#,
            r#"["apbd", "dana_desa", "bank"]"#,
            "funding_sources[2]",
            Reason::UnknownId { vocabulary: "funding_source", given: "bank".into(), choices: funding },
        ),
        (
            r#""pik_r", "pelayanan"#,
            r#""pik-r", "pelayanan"#,
            "programs[4]",
            Reason::UnknownId { vocabulary: "program", given: "pik-r".into(), choices: programs },
        ),
        (
            r#"["sekretariat", "rumah_dataku"]"#,
            r#"["sekretariat", 2]"#,
            "facilities[1]",
            Reason::ExpectedId { vocabulary: "facility", found: number2.0, shown: number2.1, choices: facilities },
        ),
        (
            r#"["pk", "#,
            r#"["PK", "#,
            "data_sources[0]",
            Reason::UnknownId { vocabulary: "data_source", given: "PK".into(), choices: data },
        ),
        (
            r#""laporan"]"#,
            r#""rapat"]"#,
            "operations[4]",
            Reason::UnknownId { vocabulary: "operation", given: "rapat".into(), choices: operations },
        ),
        (
            r#"["apbd", "dana_desa"]"#,
            r#""apbd""#,
            "funding_sources",
            Reason::ExpectedIdList { vocabulary: "funding_source", found: "text", shown: "apbd".into() },
        ),
        (r#""pus": 310"#, r#""pus": -3"#, "population.pus", Reason::JsonNegative { value: "-3".into() }),
        (r#""bkb": 30"#, r#""bkb": 2.5"#, "report.participants.bkb", Reason::JsonNotWhole { value: "2.5".into() }),
        (r#""bkb": 30"#, r#""bkb": -2.5"#, "report.participants.bkb", Reason::JsonNotWhole { value: "-2.5".into() }),
        (
            r#""mow": 2"#,
            r#""mow": 2.0"#,
            "report.contraceptive_users.mow",
            Reason::JsonNotPlainWhole { value: "2.0".into() },
        ),
        (
            r#""iat": 12"#,
            r#""iat": 1e30"#,
            "report.pus_not_using.iat",
            Reason::JsonTooLarge { value: "1e+30".into(), max: u64::MAX.to_string() },
        ),
        (
            r#""tial": 9"#,
            r#""tial": 18446744073709551616"#,
            "report.pus_not_using.tial",
            Reason::JsonTooLarge { value: "1.8446744073709552e+19".into(), max: "18446744073709551615".into() },
        ),
        (
            r#""members": 12"#,
            r#""members": "12""#,
            "pokja.members",
            Reason::ExpectedWholeNumber { found: twelve.0, shown: twelve.1 },
        ),
        (
            r#""members": 12"#,
            r#""members": null"#,
            "pokja.members",
            Reason::ExpectedWholeNumber { found: "null", shown: String::new() },
        ),
        (
            r#""cross_sector_agencies": 5"#,
            r#""cross_sector_agencies": -1"#,
            "cross_sector_agencies",
            Reason::JsonNegative { value: "-1".into() },
        ),
        (
            r#""pkb_assigned": true"#,
            r#""pkb_assigned": "yes""#,
            "pkb_assigned",
            Reason::ExpectedBool { found: yes.0, shown: yes.1 },
        ),
        (
            r#""trained": false"#,
            r#""trained": 0"#,
            "pokja.trained",
            Reason::ExpectedBool { found: "number", shown: "0".into() },
        ),
        (r#", "remaja": 160"#, "", "population.remaja", Reason::MissingField),
        (
            r#""regulation": false,"#,
            r#""regulation": false, "colour": "red","#,
            "colour",
            Reason::UnknownField {
                allowed: ids(&[
                    "pokja",
                    "funding_sources",
                    "programs",
                    "facilities",
                    "pkb_assigned",
                    "regulation",
                    "data_sources",
                    "operations",
                    "cross_sector_agencies",
                    "population",
                    "report",
                ]),
            },
        ),
        (
            r#""pik_r": 18"#,
            r#""pik_r": 18, "posyandu": 3"#,
            "report.participants.posyandu",
            Reason::UnknownField { allowed: ids(&["bkb", "bkr", "bkl", "uppka", "pik_r"]) },
        ),
        (
            r#""report": {"#,
            r#""report": 5, "x": {"#,
            "report",
            Reason::ExpectedObjectOrNull { found: five.0, shown: five.1 },
        ),
        (
            r#""population": {"#,
            r#""population": [], "p": {"#,
            "population",
            Reason::ExpectedObject { found: list.0, shown: list.1 },
        ),
    ];
    for (from, to, field, reason) in cases {
        let got = bad(from, to);
        assert!(
            got.iter().any(|p| p.field == field && p.reason == reason),
            "{to}:\n got {got:?}\nwant {field}: {reason:?}"
        );
    }
    let Err(InputError::Invalid(p)) = Inputs::from_json("[1]") else { panic!("accepted") };
    assert_eq!(
        p,
        [InputProblem {
            field: String::new(),
            reason: Reason::InputsNotObject { found: "list", shown: String::new() }
        }]
    );
    assert!(matches!(Inputs::from_json("{"), Err(InputError::Json(_))));
    assert!(Inputs::from_json("{").unwrap_err().to_string().starts_with("not valid JSON"));
}

#[test]
fn classification_validation_collects_every_problem() {
    let text = EXAMPLE.replace(r#""pus": 310"#, r#""pus": -1"#).replace(r#""apbd""#, r#""bank""#);
    let Err(InputError::Invalid(problems)) = Inputs::from_json(&text) else { panic!("accepted") };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["funding_sources[0]", "population.pus"]);
    let message = InputError::Invalid(problems).to_string();
    assert_eq!(message, "2 problem(s) in the inputs: funding_sources[0]: unknown_id; population.pus: json_negative");
    let Err(InputError::Invalid(problems)) = Inputs::from_json("{}") else { panic!("accepted") };
    assert_eq!(problems.len(), 10, "every field but the optional report is missing: {problems:?}");
}

#[test]
fn classification_hand_parser_agrees_with_serde() {
    let derived: Inputs = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(derived, example());
    let back = serde_json::to_string(&derived).unwrap();
    assert_eq!(Inputs::from_json(&back).unwrap(), derived);
    assert!(
        serde_json::from_str::<Inputs>(&EXAMPLE.replace("\"regulation\"", "\"colour\": 1, \"regulation\"")).is_err()
    );
    assert!(serde_json::from_str::<Inputs>(&EXAMPLE.replace("\"pus\": 310", "\"pus\": -310")).is_err());
}
