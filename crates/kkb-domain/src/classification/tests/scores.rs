//! Every band boundary, the rounding of indices, and the contract's example, under the rule the application uses
//! (percentages rounded as the national portal: ties to even; see rounding.rs for both ways of rounding).

use super::*;
use crate::classification::classify::{hundredths, index_text};
use serde_json::{Value, json};

#[test]
fn classification_contract_example() {
    let c = classify(rules(), &example());
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(
        v["indicators"],
        json!({"input_pokja": 3, "input_sumber_dana": 3, "input_poktan": 4, "input_sarana": 3, "input_pkb": 2,
               "proses_penggunaan_data": 4, "proses_operasional": 4, "proses_lintas_sektor": 3,
               "output_poktan": 2, "output_cpr": 2, "output_mkjp": 3, "output_unmet": 3})
    );
    assert_eq!(v["indices"], json!({"input": 3.0, "proses": 3.67, "output": 2.5}));
    assert_eq!(v["class"], "berkembang");
    assert_eq!(v["next"]["class"], "berkelanjutan");
    assert_eq!(v["next"]["needs"], json!(["output 2.5 → 3.0: output_cpr 2 → 4 (37% → ≥51%)"]));
    assert_eq!(v["next"]["raises"], json!([{"indicator": "output_cpr", "from": 2, "to": 4}]));
    assert_eq!(c.class, Class::Berkembang);
    assert_eq!(c.high, [true, true, false]);
    assert_eq!((c.indices.input, c.indices.proses, c.indices.output), (3.0, 3.67, 2.5));
}

#[test]
fn classification_output_shape_and_values() {
    let v = serde_json::to_value(classify(rules(), &example())).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys[..4], ["indicators", "indices", "class", "next"]);
    let names: Vec<&str> = v["indicators"].as_object().unwrap().keys().map(String::as_str).collect();
    let expected = [
        "input_pokja",
        "input_sumber_dana",
        "input_poktan",
        "input_sarana",
        "input_pkb",
        "proses_penggunaan_data",
        "proses_operasional",
        "proses_lintas_sektor",
        "output_poktan",
        "output_cpr",
        "output_mkjp",
        "output_unmet",
    ];
    assert_eq!(names, expected);
    assert_eq!(rules().indicator_ids().collect::<Vec<_>>(), expected);
    assert!(v["indices"]["input"].is_f64(), "written 3.0, not 3");
    assert!(serde_json::to_string(&v["indices"]).unwrap().contains("\"input\":3.0"));
    assert_eq!(v["high"], json!({"input": true, "proses": true, "output": false}));
    assert_eq!(v["rules"], "kampung-kb-v2");
    let values = &v["values"];
    assert_eq!(values["output_cpr"], json!({"value": 37, "unit": "percent", "numerator": 116, "denominator": 310}));
    assert_eq!(values["output_mkjp"], json!({"value": 23, "unit": "percent", "numerator": 27, "denominator": 116}));
    assert_eq!(values["output_unmet"], json!({"value": 7, "unit": "percent", "numerator": 21, "denominator": 310}));
    // 30/96 = 31.25, 25/120 = 20.8, 20/85 = 23.5, 12/420 = 2.9, 18/160 = 11.25 → 31+21+24+3+11 = 90, /5 = 18.
    assert_eq!(
        values["output_poktan"],
        json!({"value": 18, "unit": "percent", "participation": {"bkb": 31, "bkr": 21, "bkl": 24, "uppka": 3, "pik_r": 11}})
    );
    assert_eq!(values["input_pokja"], json!({"value": 2, "unit": "level"}));
    assert_eq!(values["input_sumber_dana"], json!({"value": 2, "unit": "count"}));
    assert_eq!(values["proses_lintas_sektor"], json!({"value": 5, "unit": "count"}));
}

#[test]
fn classification_pokja_four_cases() {
    let pokja = |exists, members, trained| with(|i| i.pokja = Pokja { exists, members, trained });
    for (p, expected) in [
        (pokja(false, 0, false), 1),
        (pokja(false, 12, true), 1),
        (pokja(true, 0, false), 2),
        (pokja(true, 12, false), 3),
        (pokja(true, 0, true), 3),
        (pokja(true, 1, true), 4),
    ] {
        assert_eq!(score(&p, "input_pokja"), expected, "{:?}", p.pokja);
    }
}

#[test]
fn classification_pkb_and_regulation_four_cases() {
    for (pkb, regulation, expected) in [(false, false, 1), (true, false, 2), (false, true, 2), (true, true, 3)] {
        let i = with(|i| (i.pkb_assigned, i.regulation) = (pkb, regulation));
        assert_eq!(score(&i, "input_pkb"), expected, "{pkb} {regulation}");
    }
}

/// Sets a count of the inputs.
type SetCount = fn(&mut Inputs, usize);
/// Counts and the scores they give.
type Cases = &'static [(usize, u8)];

#[test]
fn classification_count_bands() {
    let table: [(&str, SetCount, Cases); 6] = [
        (
            "input_sumber_dana",
            |i, n| i.funding_sources = FundingSource::ALL[..n].to_vec(),
            &[(0, 1), (1, 2), (2, 3), (3, 3), (4, 3), (5, 4), (6, 4)],
        ),
        (
            "input_poktan",
            |i, n| i.programs = Program::ALL[..n].to_vec(),
            &[(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4), (8, 4)],
        ),
        ("input_sarana", |i, n| i.facilities = Facility::ALL[..n].to_vec(), &[(0, 1), (1, 2), (2, 3)]),
        (
            "proses_penggunaan_data",
            |i, n| i.data_sources = DataSource::ALL[..n].to_vec(),
            &[(0, 1), (1, 2), (2, 3), (3, 3), (4, 4), (5, 4)],
        ),
        (
            "proses_operasional",
            |i, n| i.operations = Operation::ALL[..n].to_vec(),
            &[(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), (5, 4)],
        ),
        (
            "proses_lintas_sektor",
            |i, n| i.cross_sector_agencies = n as u64,
            &[(0, 1), (1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (1000, 4)],
        ),
    ];
    for (id, set, cases) in table {
        for (n, expected) in cases {
            let i = with(|i| set(i, *n));
            assert_eq!(score(&i, id), *expected, "{id} with {n}");
        }
    }
}

#[test]
fn classification_duplicate_items_count_once() {
    let i = with(|i| {
        i.funding_sources = vec![FundingSource::Apbd; 5];
        i.programs = [Program::Bkb, Program::Bkr, Program::Bkb, Program::Bkr, Program::Bkb].to_vec();
        i.operations = vec![Operation::Monev; 5];
    });
    assert_eq!((score(&i, "input_sumber_dana"), score(&i, "input_poktan")), (2, 2));
    assert_eq!(score(&i, "proses_operasional"), 2);
    let parsed = Inputs::from_json(&EXAMPLE.replace(r#"["apbd", "dana_desa"]"#, r#"["csr","csr","csr","csr","csr"]"#));
    assert_eq!(score(&parsed.unwrap(), "input_sumber_dana"), 2);
}

#[test]
fn classification_cpr_bands() {
    for (users, pus, pct, expected) in [
        (0, 100, 0, 1),
        (29, 100, 29, 1),
        (589, 2000, 29, 1), // 29.45
        (59, 200, 30, 2),   // 29.5: ties to even, up
        (40, 100, 40, 2),
        (4049, 10000, 40, 2), // 40.49
        (81, 200, 40, 2),     // 40.5: ties to even, down
        (83, 200, 42, 3),     // 41.5
        (50, 100, 50, 3),
        (1009, 2000, 50, 3), // 50.45
        (101, 200, 50, 3),   // 50.5
        (103, 200, 52, 4),   // 51.5
        (310, 310, 100, 4),
        (400, 310, 129, 4), // more users than PUS: still a percentage
    ] {
        let c = classify(rules(), &cpr(users, pus));
        assert_eq!(value(&c, "output_cpr"), Some(pct), "{users}/{pus}");
        assert_eq!(c.score("output_cpr"), Some(expected), "{users}/{pus}");
    }
}

#[test]
fn classification_mkjp_bands() {
    for (long, users, expected) in [
        (0, 100, 1),
        (19, 100, 1),
        (389, 2000, 1), // 19.45
        (39, 200, 2),   // 19.5 → 20
        (22, 100, 2),
        (449, 2000, 2), // 22.45
        (45, 200, 2),   // 22.5 → 22
        (47, 200, 3),   // 23.5 → 24
        (24, 100, 3),
        (489, 2000, 3), // 24.45
        (49, 200, 3),   // 24.5 → 24
        (51, 200, 4),   // 25.5 → 26
        (100, 100, 4),
        (0, 0, 1), // no users: 0%
    ] {
        assert_eq!(score(&mkjp(long, users), "output_mkjp"), expected, "{long}/{users}");
    }
}

#[test]
fn classification_unmet_bands() {
    for (n, pus, expected) in [
        (100, 100, 1),
        (13, 100, 1),
        (27, 200, 1),     // 13.5 → 14
        (25, 200, 2),     // 12.5 → 12
        (1249, 10000, 2), // 12.49 → 12
        (12, 100, 2),
        (10, 100, 2),
        (19, 200, 2),    // 9.5 → 10
        (949, 10000, 3), // 9.49 → 9
        (9, 100, 3),
        (7, 100, 3),
        (15, 200, 3),    // 7.5 → 8
        (13, 200, 4),    // 6.5 → 6
        (649, 10000, 4), // 6.49 → 6
        (6, 100, 4),
        (0, 100, 4),
        (5, 0, 4), // no PUS: 0%, the best band (the contract, literally)
    ] {
        assert_eq!(score(&unmet(n, pus), "output_unmet"), expected, "{n}/{pus}");
    }
}

#[test]
fn classification_poktan_average_bands() {
    // The average is round(sum / 5): sums 47 → 9.4 → 9, 48 → 9.6 → 10, 102 → 20.4 → 20, 103 → 20.6 → 21, …
    for (sum, avg, expected) in [
        (0, 0, 1),
        (45, 9, 1),
        (47, 9, 1),
        (48, 10, 2),
        (50, 10, 2),
        (100, 20, 2),
        (102, 20, 2),
        (103, 21, 3),
        (105, 21, 3),
        (150, 30, 3),
        (152, 30, 3),
        (153, 31, 4),
        (155, 31, 4),
        (500, 100, 4),
    ] {
        let c = classify(rules(), &poktan_sum(sum));
        assert_eq!(value(&c, "output_poktan"), Some(avg), "sum {sum}");
        assert_eq!(c.score("output_poktan"), Some(expected), "sum {sum}");
    }
}

#[test]
fn classification_poktan_rounds_each_percentage_before_averaging() {
    // 19/200 = 9.5 → 10 (four times; ties to even) and 47/500 = 9.4 → 9: 49 / 5 = 9.8 → 10 → score 2. Unrounded
    // the mean would be 9.48 → 9 → score 1.
    let i = poktan([(19, 200), (19, 200), (19, 200), (19, 200), (47, 500)]);
    let c = classify(rules(), &i);
    let got = c.indicators.iter().find(|i| i.id == "output_poktan").unwrap();
    assert_eq!(got.measured.participation, Some(Participation { bkb: 10, bkr: 10, bkl: 10, uppka: 10, pik_r: 9 }));
    assert_eq!((got.measured.value, got.score), (Some(10), 2));
}

#[test]
fn classification_division_by_zero_gives_zero() {
    let i = with(|i| {
        i.population = Population {
            pus: 0,
            families: 0,
            families_with_balita: 0,
            families_with_remaja: 0,
            families_with_lansia: 0,
            remaja: 0,
        }
    });
    let c = classify(rules(), &i);
    let values: Vec<Option<u64>> = c.indicators[8..].iter().map(|r| r.measured.value).collect();
    // MKJP's denominator is the users (116), not PUS.
    assert_eq!(values, [Some(0), Some(0), Some(23), Some(0)]);
    let scores: Vec<u8> = c.indicators[8..].iter().map(|r| r.score).collect();
    assert_eq!(scores, [1, 1, 3, 4]);
    let no_users = with(|i| {
        report(i).contraceptive_users =
            ContraceptiveUsers { mow: 0, mop: 0, iud: 0, implan: 0, suntik: 0, pil: 0, kondom: 0 }
    });
    assert_eq!(score(&no_users, "output_mkjp"), 1);
}

#[test]
fn classification_without_report() {
    let i = with(|i| i.report = None);
    let c = classify(rules(), &i);
    let out: Vec<(&str, u8, Option<u64>)> =
        c.indicators[8..].iter().map(|r| (r.id.as_str(), r.score, r.measured.value)).collect();
    assert_eq!(
        out,
        [("output_poktan", 1, None), ("output_cpr", 1, None), ("output_mkjp", 1, None), ("output_unmet", 1, None)]
    );
    assert_eq!(c.indices.output, 1.0);
    assert_eq!(c.class, Class::Berkembang);
    let next = c.next.clone().unwrap();
    assert_eq!(next.class, Class::Berkelanjutan);
    // 4 → 12 points: two indicators to 4 and one to 3 (each raised only as far as needed).
    let raises: Vec<(&str, u8, u8)> = next.raises.iter().map(|r| (r.indicator.as_str(), r.from, r.to)).collect();
    assert_eq!(raises, [("output_poktan", 1, 4), ("output_cpr", 1, 4), ("output_mkjp", 1, 3)]);
    assert_eq!(
        next.needs[0].to_string(),
        "output 1.0 → 3.0: output_poktan 1 → 4 (— → ≥31%); output_cpr 1 → 4 (— → ≥51%); output_mkjp 1 → 3 (— → 23-24%)"
    );
    let steps = &next.needs[0].steps;
    assert!(steps.iter().all(|s| s.now == super::Value::NoReport && s.needed.report_missing), "{steps:?}");
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["values"]["output_cpr"], json!({"value": null, "unit": "percent"}));
    // "report": null and a missing "report" read the same.
    let mut doc: Value = serde_json::from_str(EXAMPLE).unwrap();
    doc["report"] = Value::Null;
    assert_eq!(Inputs::from_value(&doc).unwrap(), i);
    doc.as_object_mut().unwrap().remove("report");
    assert_eq!(Inputs::from_value(&doc).unwrap(), i);
}

#[test]
fn classification_index_rounding() {
    for (sum, n, h) in [
        (11, 3, 367),
        (8, 3, 267),
        (14, 5, 280),
        (15, 5, 300),
        (10, 4, 250),
        (2, 3, 67),
        (1, 3, 33),
        (5, 3, 167),
        (7, 4, 175),
        (12, 4, 300),
    ] {
        assert_eq!(hundredths(sum, n), h, "{sum}/{n}");
    }
    for (h, text) in
        [(300, "3.0"), (250, "2.5"), (367, "3.67"), (280, "2.8"), (305, "3.05"), (100, "1.0"), (400, "4.0")]
    {
        assert_eq!(index_text(h), text);
    }
    // Through classify: proses 4+4+3 = 11/3 → 3.67; with data sources 1 it is 8/3 → 2.67; input 14/5 → 2.8.
    let i = with(|i| {
        i.data_sources.clear();
        i.regulation = false;
        i.pkb_assigned = false;
    });
    let c = classify(rules(), &i);
    assert_eq!((c.indices.input, c.indices.proses), (2.8, 2.67));
}

#[test]
fn classification_huge_counts_do_not_overflow() {
    let max = u64::MAX;
    let i = with(|i| {
        i.cross_sector_agencies = max;
        i.population.pus = 1;
        report(i).contraceptive_users =
            ContraceptiveUsers { mow: max, mop: max, iud: max, implan: max, suntik: max, pil: max, kondom: max };
        report(i).participants.bkb = max;
    });
    let c = classify(rules(), &i);
    assert_eq!(
        (c.score("output_cpr"), c.score("output_mkjp"), c.score("proses_lintas_sektor")),
        (Some(4), Some(4), Some(4))
    );
    assert_eq!(c.indicators[9].measured.value, Some(u64::MAX));
}
