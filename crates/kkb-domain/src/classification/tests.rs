//! Every band boundary, the rounding of percentages (both ways) and indices, every class and its next class, the
//! contract's example (docs/classification.md), input validation, rule-set checks and the comparison
//! with the national portal's agency count.

use super::*;

mod classes;
mod inputs;
mod portal;
mod rounding;
mod rules;
mod scores;

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

/// The rule the application uses.
fn rules() -> &'static ClassificationRules {
    ClassificationRules::current()
}

fn with(change: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut i = example();
    change(&mut i);
    i
}

fn score(i: &Inputs, id: &str) -> u8 {
    classify(rules(), i).score(id).unwrap_or_else(|| panic!("no indicator {id}"))
}

/// The measured value of an indicator.
fn value(c: &Classification, id: &str) -> Option<u64> {
    c.indicators.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no indicator {id}")).measured.value
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
