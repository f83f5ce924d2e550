//! Input validation: every problem named with its field and value.

use super::*;

#[test]
fn classification_validation_names_field_and_value() {
    let bad = |from: &str, to: &str| {
        assert!(EXAMPLE.contains(from), "{from}");
        Inputs::from_json(&EXAMPLE.replacen(from, to, 1)).unwrap_err().to_string()
    };
    for (from, to, message) in [
        (
            r#"["apbd", "dana_desa"]"#,
            r#"["apbd", "dana_desa", "bank"]"#,
            r#"funding_sources[2]: unknown source "bank"; use one of apbn, apbd, dana_desa, swadaya, csr, hibah"#,
        ),
        (
            r#""pik_r", "pelayanan"#,
            r#""pik-r", "pelayanan"#,
            r#"programs[4]: unknown programme "pik-r"; use one of bkb, bkr, bkl, uppka, pik_r, pelayanan_kb_kr, kependudukan, sektor_lain"#,
        ),
        (
            r#"["sekretariat", "rumah_dataku"]"#,
            r#"["sekretariat", 2]"#,
            "facilities[1]: expected a facility id, found the number 2; use one of sekretariat, rumah_dataku",
        ),
        (r#"["pk", "#, r#"["PK", "#, r#"data_sources[0]: unknown data source "PK"; use one of pk, data_rutin"#),
        (r#""laporan"]"#, r#""rapat"]"#, r#"operations[4]: unknown operation "rapat"; use one of rapat_perencanaan"#),
        (
            r#"["apbd", "dana_desa"]"#,
            r#""apbd""#,
            r#"funding_sources: expected a list of source ids, found the text "apbd""#,
        ),
        (r#""pus": 310"#, r#""pus": -3"#, "population.pus: -3 is negative; counts are whole numbers, 0 or more"),
        (r#""bkb": 30"#, r#""bkb": 2.5"#, "report.participants.bkb: 2.5 is not a whole number"),
        (r#""bkb": 30"#, r#""bkb": -2.5"#, "report.participants.bkb: -2.5 is not a whole number"),
        (r#""mow": 2"#, r#""mow": 2.0"#, "report.contraceptive_users.mow: 2.0 is not written as a whole number"),
        (r#""iat": 12"#, r#""iat": 1e30"#, "report.pus_not_using.iat: 1e+30 is too large"),
        (
            r#""tial": 9"#,
            r#""tial": 18446744073709551616"#,
            "report.pus_not_using.tial: 1.8446744073709552e+19 is too large; counts go up to 18446744073709551615",
        ),
        (r#""members": 12"#, r#""members": "12""#, r#"pokja.members: expected a whole number, found the text "12""#),
        (r#""members": 12"#, r#""members": null"#, "pokja.members: expected a whole number, found null"),
        (r#""cross_sector_agencies": 5"#, r#""cross_sector_agencies": -1"#, "cross_sector_agencies: -1 is negative"),
        (
            r#""pkb_assigned": true"#,
            r#""pkb_assigned": "yes""#,
            r#"pkb_assigned: expected true or false, found the text "yes""#,
        ),
        (r#""trained": false"#, r#""trained": 0"#, "pokja.trained: expected true or false, found the number 0"),
        (r#", "remaja": 160"#, "", "population.remaja: missing"),
        (
            r#""regulation": false,"#,
            r#""regulation": false, "colour": "red","#,
            "colour: unknown field; expected one of pokja,",
        ),
        (
            r#""pik_r": 18"#,
            r#""pik_r": 18, "posyandu": 3"#,
            "report.participants.posyandu: unknown field; expected one of bkb, bkr, bkl, uppka, pik_r",
        ),
        (r#""report": {"#, r#""report": 5, "x": {"#, "report: expected an object or null, found the number 5"),
        (r#""population": {"#, r#""population": [], "p": {"#, "population: expected an object, found a list"),
    ] {
        let got = bad(from, to);
        assert!(got.contains(message), "{to}:\n got {got}\nwant {message}");
    }
    assert_eq!(Inputs::from_json("[1]").unwrap_err().to_string(), "the inputs must be a JSON object, found a list");
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
    assert!(message.starts_with("2 problems:\n  funding_sources[0]: unknown source \"bank\""), "{message}");
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
