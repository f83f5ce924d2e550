//! Every band boundary, the rounding of percentages and indices, every class and its next class, the contract's
//! example (../shared/spec/classification.md), input validation and rule-set checks.

use super::*;
use serde_json::json;

const EXAMPLE: &str = r#"{
  "pokja": {"exists": true, "members": 12, "trained": false},
  "funding_sources": ["apbd", "dana_desa"],
  "programs": ["bkb", "bkr", "bkl", "uppka", "pik_r", "pelayanan_kb_kr", "kependudukan", "sektor_lain"],
  "facilities": ["sekretariat", "rumah_dataku"],
  "pkb_assigned": true, "regulation": false,
  "data_sources": ["pk", "data_rutin", "potensi_desa", "data_sektoral", "lainnya"],
  "operations": ["rapat_perencanaan", "rapat_koordinasi", "sosialisasi", "monev", "laporan"],
  "cross_sector_agencies": 5,
  "population": {"pus": 310, "families": 420, "families_with_balita": 96, "families_with_remaja": 120,
                 "families_with_lansia": 85, "remaja": 160},
  "report": {
    "participants": {"bkb": 30, "bkr": 25, "bkl": 20, "uppka": 12, "pik_r": 18},
    "contraceptive_users": {"mow": 2, "mop": 0, "iud": 10, "implan": 15, "suntik": 60, "pil": 25, "kondom": 4},
    "pus_not_using": {"hamil": 10, "ingin_anak_segera": 8, "iat": 12, "tial": 9}
  }
}"#;

fn example() -> Inputs {
    Inputs::from_json(EXAMPLE).unwrap()
}

fn rules() -> ClassificationRules {
    ClassificationRules::kampung_kb_v1()
}

fn with(change: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut i = example();
    change(&mut i);
    i
}

fn score(i: &Inputs, id: &str) -> u8 {
    classify(&rules(), i).score(id).unwrap_or_else(|| panic!("no indicator {id}"))
}

fn report(i: &mut Inputs) -> &mut Report {
    i.report.as_mut().unwrap()
}

/// The example with `users` contraceptive users (all injectable) among `pus` PUS.
fn cpr(users: u64, pus: u64) -> Inputs {
    with(|i| {
        i.population.pus = pus;
        report(i).contraceptive_users =
            ContraceptiveUsers { mow: 0, mop: 0, iud: 0, implan: 0, suntik: users, pil: 0, kondom: 0 };
    })
}

/// The example with `long` long-acting users (IUD) among `users`.
fn mkjp(long: u64, users: u64) -> Inputs {
    with(|i| {
        let u = &mut report(i).contraceptive_users;
        *u = ContraceptiveUsers { mow: 0, mop: 0, iud: long, implan: 0, suntik: users - long, pil: 0, kondom: 0 };
    })
}

/// The example with `unmet` PUS wanting a child later among `pus`.
fn unmet(unmet: u64, pus: u64) -> Inputs {
    with(|i| {
        i.population.pus = pus;
        report(i).pus_not_using = PusNotUsing { hamil: 0, ingin_anak_segera: 0, iat: unmet, tial: 0 };
    })
}

/// The example with poktan participation given as (participants, target) for BKB, BKR, BKL, UPPKA, PIK-R.
fn poktan(parts: [(u64, u64); 5]) -> Inputs {
    with(|i| {
        let [(a, ta), (b, tb), (c, tc), (d, td), (e, te)] = parts;
        report(i).participants = Participants { bkb: a, bkr: b, bkl: c, uppka: d, pik_r: e };
        let p = &mut i.population;
        (p.families_with_balita, p.families_with_remaja, p.families_with_lansia, p.families, p.remaja) =
            (ta, tb, tc, td, te);
    })
}

/// Percentages summing to `sum` over the five poktan (each exact, of 100).
fn poktan_sum(sum: u64) -> Inputs {
    let each = sum / 5;
    let first = sum - 4 * each;
    poktan([(first, 100), (each, 100), (each, 100), (each, 100), (each, 100)])
}

#[test]
fn classification_contract_example() {
    let c = classify(&rules(), &example());
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
    assert_eq!(v["next"]["needs"], json!(["output index 2.5 → 3.0: e.g. output_cpr 2 → 4 (CPR 37% → above 50%)"]));
    assert_eq!(v["next"]["raises"], json!([{"indicator": "output_cpr", "from": 2, "to": 4}]));
    assert_eq!(c.class, Class::Berkembang);
    assert_eq!(c.high, [true, true, false]);
    assert_eq!((c.indices.input, c.indices.proses, c.indices.output), (3.0, 3.67, 2.5));
}

#[test]
fn classification_output_shape_and_values() {
    let v = serde_json::to_value(classify(&rules(), &example())).unwrap();
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
    assert_eq!(v["rules"], "kampung-kb-v1");
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
        (59, 200, 30, 2),   // 29.5 rounds up
        (40, 100, 40, 2),
        (4049, 10000, 40, 2), // 40.49
        (81, 200, 41, 3),     // 40.5
        (50, 100, 50, 3),
        (1009, 2000, 50, 3), // 50.45
        (101, 200, 51, 4),   // 50.5
        (310, 310, 100, 4),
        (400, 310, 129, 4), // more users than PUS: still a percentage
    ] {
        let c = classify(&rules(), &cpr(users, pus));
        let got = c.indicators.iter().find(|i| i.id == "output_cpr").unwrap();
        assert_eq!(got.measured.value, Some(pct), "{users}/{pus}");
        assert_eq!(got.score, expected, "{users}/{pus}");
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
        (45, 200, 3),   // 22.5 → 23
        (24, 100, 3),
        (489, 2000, 3), // 24.45
        (49, 200, 4),   // 24.5 → 25
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
        (25, 200, 1),     // 12.5 → 13
        (1249, 10000, 2), // 12.49 → 12
        (12, 100, 2),
        (10, 100, 2),
        (19, 200, 2),    // 9.5 → 10
        (949, 10000, 3), // 9.49 → 9
        (9, 100, 3),
        (7, 100, 3),
        (13, 200, 3),    // 6.5 → 7
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
        let c = classify(&rules(), &poktan_sum(sum));
        let got = c.indicators.iter().find(|i| i.id == "output_poktan").unwrap();
        assert_eq!(got.measured.value, Some(avg), "sum {sum}");
        assert_eq!(got.score, expected, "sum {sum}");
    }
}

#[test]
fn classification_poktan_rounds_each_percentage_before_averaging() {
    // 19/200 = 9.5 → 10 (four times) and 47/500 = 9.4 → 9: 49 / 5 = 9.8 → 10 → score 2. Unrounded the mean would
    // be 9.48 → 9 → score 1.
    let i = poktan([(19, 200), (19, 200), (19, 200), (19, 200), (47, 500)]);
    let c = classify(&rules(), &i);
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
    let c = classify(&rules(), &i);
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
    let c = classify(&rules(), &i);
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
        next.needs,
        ["output index 1.0 → 3.0: e.g. output_poktan 1 → 4 (no monthly report → a monthly report with average poktan \
          participation above 30%) and output_cpr 1 → 4 (no monthly report → a monthly report with CPR above 50%) \
          and output_mkjp 1 → 3 (no monthly report → a monthly report with MKJP share 23-24%)"]
    );
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
    for (a, b, p) in [
        (1, 8, 13),
        (0, 0, 0),
        (7, 0, 0),
        (59, 200, 30),
        (4049, 10000, 40),
        (649, 10000, 6),
        (1, 3, 33),
        (2, 3, 67),
        (1, 200, 1),
        (1, 201, 0),
    ] {
        assert_eq!(percent(a, b), p, "{a}/{b}");
    }
    // Through classify: proses 4+4+3 = 11/3 → 3.67; with data sources 1 it is 8/3 → 2.67; input 14/5 → 2.8.
    let i = with(|i| {
        i.data_sources.clear();
        i.regulation = false;
        i.pkb_assigned = false;
    });
    let c = classify(&rules(), &i);
    assert_eq!((c.indices.input, c.indices.proses), (2.8, 2.67));
}

/// The example made to have the given high indices: input low through the officer (14/5 = 2.8), proses low through
/// data use (8/3 = 2.67), output high through CPR (12/4 = 3.0).
fn pattern(input: bool, proses: bool, output: bool) -> Inputs {
    with(|i| {
        if !input {
            i.pkb_assigned = false;
        }
        if !proses {
            i.data_sources.clear();
        }
        if output {
            report(i).contraceptive_users.implan += 60; // CPR 176 / 310 = 57%, MKJP 87 / 176 = 49%
        }
    })
}

#[test]
fn classification_class_of_every_pattern() {
    use Class::*;
    for (high, class) in [
        ([false, false, false], Dasar),
        ([true, false, false], Dasar),
        ([false, true, false], Dasar),
        ([false, false, true], Dasar),
        ([true, true, false], Berkembang),
        ([true, false, true], Mandiri),
        ([false, true, true], Mandiri),
        ([true, true, true], Berkelanjutan),
    ] {
        assert_eq!(Class::of(high), class, "{high:?}");
        let c = classify(&rules(), &pattern(high[0], high[1], high[2]));
        assert_eq!((c.high, c.class), (high, class), "{high:?}");
    }
    let text: Vec<&str> = Class::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(text, ["dasar", "berkembang", "mandiri", "berkelanjutan"]);
    assert!(Dasar < Berkembang && Berkembang < Mandiri && Mandiri < Berkelanjutan);
}

#[test]
fn classification_next_class_of_every_pattern() {
    use Class::*;
    let rules = rules();
    for (high, next, indices) in [
        ([false, false, false], Some(Berkembang), &["input", "proses"][..]),
        ([true, false, false], Some(Berkembang), &["proses"]),
        ([false, true, false], Some(Berkembang), &["input"]),
        ([false, false, true], Some(Mandiri), &["input"]), // input and proses cost the same: input first
        ([true, true, false], Some(Berkelanjutan), &["output"]),
        ([true, false, true], Some(Berkelanjutan), &["proses"]),
        ([false, true, true], Some(Berkelanjutan), &["input"]),
        ([true, true, true], None, &[]),
    ] {
        let c = classify(&rules, &pattern(high[0], high[1], high[2]));
        assert_eq!(c.next.as_ref().map(|n| n.class), next, "{high:?}");
        let Some(n) = c.next else { continue };
        let named: Vec<&str> = n.needs.iter().map(|s| s.split(' ').next().unwrap()).collect();
        assert_eq!(named, indices, "{high:?}: {:?}", n.needs);
        // The plan reaches the class: apply the raises and recompute.
        let after = IndexId::ALL.map(|x| index_of(&c.indicators, x, &n.raises) >= rules.high);
        assert_eq!(Class::of(after), n.class, "{high:?}: {:?}", n.needs);
        for r in &n.raises {
            assert!(r.to > r.from);
            assert!(n.needs.iter().any(|s| s.contains(&format!("{} {} → {}", r.indicator, r.from, r.to))));
        }
    }
}

#[test]
fn classification_needs_name_indicators_and_values() {
    let c = classify(&rules(), &pattern(false, false, false));
    assert_eq!(
        c.next.unwrap().needs,
        [
            "input index 2.8 → 3.0: e.g. input_pkb 1 → 2 (neither a PKB/PLKB officer nor a regulation → a PKB/PLKB \
             officer or a regulation)",
            "proses index 2.67 → 3.0: e.g. proses_penggunaan_data 1 → 2 (data sources 0 → 1)",
        ]
    );
    // Mandiri lacking input: Pokja, funding and programmes low.
    let i = with(|i| {
        i.pokja = Pokja { exists: true, members: 0, trained: false };
        i.funding_sources = vec![FundingSource::Apbd];
        i.programs = vec![Program::Bkb, Program::Bkr, Program::Bkl];
        report(i).contraceptive_users.implan += 60;
    });
    let c = classify(&rules(), &i);
    assert_eq!((c.class, c.indices.input), (Class::Mandiri, 2.4)); // 2+2+3+3+2 = 12/5
    let next = c.next.unwrap();
    assert_eq!(next.class, Class::Berkelanjutan);
    // 12 → 15: the most headroom first (Pokja 2 of 4, funding 2 of 4), each only as far as needed.
    assert_eq!(
        next.needs,
        ["input index 2.4 → 3.0: e.g. input_pokja 2 → 4 (a Pokja with no members, not trained → a Pokja with members \
          and training) and input_sumber_dana 2 → 3 (funding sources 1 → 2-4)"]
    );
    // Agencies and operations.
    let i = with(|i| {
        i.cross_sector_agencies = 0;
        i.operations.truncate(1);
        i.data_sources.truncate(1);
    });
    let c = classify(&rules(), &i);
    assert_eq!(c.indices.proses, 1.67); // 2+2+1 = 5/3
    let needs = &c.next.unwrap().needs;
    assert_eq!(
        needs,
        &["proses index 1.67 → 3.0: e.g. proses_lintas_sektor 1 → 4 (cross-sector agencies 0 → 7 or more) and \
           proses_penggunaan_data 2 → 3 (data sources 1 → 2-3)"]
    );
    // Unmet need is lowered to raise its score.
    let i = with(|i| {
        report(i).pus_not_using.iat = 40; // 49 / 310 = 16% → 1
        report(i).contraceptive_users.implan += 60; // CPR 4, MKJP 4
    });
    let c = classify(&rules(), &i);
    assert_eq!(c.indices.output, 2.75); // 2+4+4+1
    assert_eq!(c.next.unwrap().needs, ["output index 2.75 → 3.0: e.g. output_unmet 1 → 2 (unmet need 16% → 10-12%)"]);
}

#[test]
fn classification_needs_describe_levels_and_closed_lists() {
    let i = with(|i| {
        i.pokja = Pokja { exists: false, members: 0, trained: false };
        i.funding_sources.clear();
        i.facilities.clear();
        i.pkb_assigned = false;
    });
    let c = classify(&rules(), &i);
    assert_eq!(c.indices.input, 1.6); // 1+1+4+1+1
    let needs = c.next.unwrap().needs;
    assert_eq!(
        needs[0],
        "input index 1.6 → 3.0: e.g. input_pokja 1 → 4 (no Pokja → a Pokja with members and training) and \
         input_sumber_dana 1 → 4 (funding sources 0 → 5 or more) and input_sarana 1 → 2 (facilities 0 → 1)"
    );
}

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
    let c = classify(&rules(), &i);
    assert_eq!(
        (c.score("output_cpr"), c.score("output_mkjp"), c.score("proses_lintas_sektor")),
        (Some(4), Some(4), Some(4))
    );
    assert_eq!(c.indicators[9].measured.value, Some(u64::MAX));
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

#[test]
fn classification_shipped_rules() {
    let r = rules();
    assert_eq!(r.id(), "kampung-kb-v1");
    assert_eq!(r.high, 300);
    let d = r.definition();
    assert_eq!((d.indices.input.len(), d.indices.proses.len(), d.indices.output.len()), (5, 3, 4));
    let again = ClassificationRules::from_json(&serde_json::to_string(d).unwrap()).unwrap();
    assert_eq!(again.definition(), d);
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
    assert!(next.needs[0].contains("output_cpr 1 → 4 (CPR 37% → above 60%)"), "{:?}", next.needs);
}
