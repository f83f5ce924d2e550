//! Every class and its next class, and what reaches it (typed; its notation for machines).

use super::*;
use crate::classification::classify::index_of;

/// The needs of a next class in their notation (`output 2.5 → 3.0: output_cpr 2 → 4 (37% → ≥51%)`).
fn notation(n: &Next) -> Vec<String> {
    n.needs.iter().map(ToString::to_string).collect()
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
        let c = classify(rules(), &pattern(high[0], high[1], high[2]));
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
        let c = classify(rules, &pattern(high[0], high[1], high[2]));
        assert_eq!(c.next.as_ref().map(|n| n.class), next, "{high:?}");
        let Some(n) = c.next else { continue };
        let named: Vec<&str> = n.needs.iter().map(|s| s.index.as_str()).collect();
        assert_eq!(named, indices, "{high:?}: {:?}", n.needs);
        // The plan reaches the class: apply the raises and recompute.
        let after = IndexId::ALL.map(|x| index_of(&c.indicators, x, &n.raises) >= rules.high);
        assert_eq!(Class::of(after), n.class, "{high:?}: {:?}", n.needs);
        for r in &n.raises {
            assert!(r.to > r.from);
            assert!(
                n.needs
                    .iter()
                    .flat_map(|s| &s.steps)
                    .any(|s| (&s.indicator, s.from, s.to) == (&r.indicator, r.from, r.to))
            );
        }
    }
}

#[test]
fn classification_needs_name_indicators_and_values() {
    let c = classify(rules(), &pattern(false, false, false));
    let next = c.next.unwrap();
    assert_eq!(
        notation(&next),
        ["input 2.8 → 3.0: input_pkb 1 → 2 (0 → 1)", "proses 2.67 → 3.0: proses_penggunaan_data 1 → 2 (0 → 1)"]
    );
    let pkb = &next.needs[0].steps[0];
    assert_eq!((pkb.measure, pkb.now), (Measure::PkbRegulation, Value::Officer { pkb: false, regulation: false }));
    assert_eq!(pkb.needed, Wanted { unit: Unit::Level, report_missing: false, range: Range::Levels(1, 1) });
    assert_eq!((next.needs[1].now, next.needs[1].after), (267, 300));
    // Mandiri lacking input: Pokja, funding and programmes low.
    let i = with(|i| {
        i.pokja = Pokja { exists: true, members: 0, trained: false };
        i.funding_sources = vec![FundingSource::Apbd];
        i.programs = vec![Program::Bkb, Program::Bkr, Program::Bkl];
        report(i).contraceptive_users.implan += 60;
    });
    let c = classify(rules(), &i);
    assert_eq!((c.class, c.indices.input), (Class::Mandiri, 2.4)); // 2+2+3+3+2 = 12/5
    let next = c.next.unwrap();
    assert_eq!(next.class, Class::Berkelanjutan);
    // 12 → 15: the most headroom first (Pokja 2 of 4, funding 2 of 4), each only as far as needed.
    assert_eq!(notation(&next), ["input 2.4 → 3.0: input_pokja 2 → 4 (1 → 3); input_sumber_dana 2 → 3 (1 → 2-4)"]);
    let pokja = &next.needs[0].steps[0];
    assert_eq!((pokja.now, pokja.needed.range), (Value::Pokja { members: 0, trained: false }, Range::Levels(3, 3)));
    assert_eq!(next.needs[0].steps[1].needed.range, Range::Between(2, 4));
    // Agencies and operations.
    let i = with(|i| {
        i.cross_sector_agencies = 0;
        i.operations.truncate(1);
        i.data_sources.truncate(1);
    });
    let c = classify(rules(), &i);
    assert_eq!(c.indices.proses, 1.67); // 2+2+1 = 5/3
    let next = c.next.unwrap();
    assert_eq!(
        notation(&next),
        ["proses 1.67 → 3.0: proses_lintas_sektor 1 → 4 (0 → ≥7); proses_penggunaan_data 2 → 3 (1 → 2-3)"]
    );
    assert_eq!(next.needs[0].steps[0].needed.range, Range::AtLeast(7));
    // Unmet need is lowered to raise its score.
    let i = with(|i| {
        report(i).pus_not_using.iat = 40; // 49 / 310 = 16% → 1
        report(i).contraceptive_users.implan += 60; // CPR 4, MKJP 4
    });
    let c = classify(rules(), &i);
    assert_eq!(c.indices.output, 2.75); // 2+4+4+1
    let next = c.next.unwrap();
    assert_eq!(notation(&next), ["output 2.75 → 3.0: output_unmet 1 → 2 (16% → 10-12%)"]);
    let unmet = &next.needs[0].steps[0];
    assert_eq!(
        (unmet.now, unmet.needed.range, unmet.needed.unit),
        (Value::Percent(16), Range::Between(10, 12), Unit::Percent)
    );
}

#[test]
fn classification_needs_describe_levels_and_closed_lists() {
    let i = with(|i| {
        i.pokja = Pokja { exists: false, members: 0, trained: false };
        i.funding_sources.clear();
        i.facilities.clear();
        i.pkb_assigned = false;
    });
    let c = classify(rules(), &i);
    assert_eq!(c.indices.input, 1.6); // 1+1+4+1+1
    let next = c.next.unwrap();
    assert_eq!(
        notation(&next)[0],
        "input 1.6 → 3.0: input_pokja 1 → 4 (0 → 3); input_sumber_dana 1 → 4 (0 → ≥5); input_sarana 1 → 2 (0 → 1)"
    );
    assert_eq!(next.needs[0].steps[0].now, Value::NoPokja);
}
