//! Stored classes under a new classification rule (`kampung-kb-v2`: percentages rounded as the national portal):
//! recomputed once when the store opens, a changed class getting a history row that says why. SQLite and
//! PostgreSQL.

mod common;

use common::*;
use kkb_domain::classification::{Class, ClassificationRules, Inputs, classify};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::*;
use kkb_domain::region::RegionCode;
use kkb_store::Store;

const REASON: &str = "classification rule kampung-kb-v2: percentages rounded as the national portal rounds them \
                      (double precision, ties to even)";

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn record(village: RegionCode, active: bool) -> KampungRecord {
    KampungRecord {
        village,
        name: format!("Kampung KB {village}"),
        launch_date: d("2019-01-01"),
        decree: None,
        rws: vec![],
        description: String::new(),
        location: None,
        criteria: SelectionCriteria::default(),
        active,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// Input 3.6 and proses 3.0 (no agencies): both high.
fn full_profile() -> Profile {
    let mut p = Profile::empty(d("2024-01-01"));
    p.pokja = Pokja { exists: true, decree: true, members: 12, trained: true };
    (p.pkb_assigned, p.regulation) = (true, true);
    p.funding_sources = FundingSource::ALL.iter().copied().collect();
    p.programs = Program::ALL.iter().copied().collect();
    p.facilities = Facility::ALL.iter().copied().collect();
    p.data_sources = DataSource::ALL.iter().copied().collect();
    p.operations = Operation::ALL.iter().map(|o| (*o, Frequency::Bulanan)).collect();
    p
}

/// A Kampung with [`full_profile`], 200 PUS, poktan participation 15 % (score 2), unmet need 5 % (score 4), and
/// `users` contraceptive users of whom `long` long-acting.
fn kampung(s: &Store, v: RegionCode, active: bool, users: u32, long: u32) {
    s.upsert_kampung(&record(v, active)).unwrap();
    s.save_profile(v, &full_profile()).unwrap();
    let counts = PopulationCounts {
        pus: 200,
        families: 300,
        families_with_balita: 100,
        families_with_remaja: 100,
        families_with_lansia: 100,
        remaja: 100,
    };
    s.save_population(v, d("2024-06-01"), &Population { counts, male: [0; 16], female: [0; 16] }).unwrap();
    let report = MonthlyReport {
        village: v,
        month: YearMonth::parse("2025-06").unwrap(),
        pus: 200,
        contraceptive_users: ContraceptiveUsers {
            mow: 0,
            mop: 0,
            iud: long,
            implan: 0,
            suntik: users - long,
            pil: 0,
            kondom: 0,
        },
        pus_not_using: PusNotUsing { hamil: 0, ingin_anak_segera: 0, iat: 10, tial: 0 },
        participants: Participants { bkb: 15, bkr: 15, bkl: 15, uppka: 45, pik_r: 15 },
    };
    s.save_report(&report, false).unwrap();
}

/// Puts the database in the state an earlier kampungkb left it in: the classes of `villages` computed under
/// `kampung-kb-v1` on 2025-07-01 as their only history, and no rule recorded as applied (the state right after
/// migration 0008).
fn as_left_by_v1(b: &Backend, villages: &[RegionCode]) {
    let mut raw = b.connect();
    raw.batch("DELETE FROM kampung_class_history; DELETE FROM classification_rules").unwrap();
    let (s, v1) = (b.store(), ClassificationRules::kampung_kb_v1());
    for v in villages {
        let inputs = Inputs::from_value(&s.kampung_status(*v).unwrap().unwrap().inputs).unwrap();
        let c = classify(&v1, &inputs);
        s.record_class(*v, d("2025-07-01"), c.class.as_str(), &serde_json::to_value(&c).unwrap()).unwrap();
    }
}

/// (class, rule, reason) of each history row.
fn history(s: &Store, v: RegionCode) -> Vec<(String, String, Option<String>)> {
    let rows = s.class_history(v).unwrap();
    rows.into_iter().map(|h| (h.class, h.detail["rules"].as_str().unwrap_or("").to_string(), h.reason)).collect()
}

fn row(class: &str, rules: &str, reason: Option<&str>) -> (String, String, Option<String>) {
    (class.to_string(), rules.to_string(), reason.map(str::to_string))
}

#[test]
fn stored_classes_are_recomputed_once_under_the_new_rule() {
    for mut b in backends() {
        let s = b.store();
        assert_eq!(s.reclassify_under_current_rules().unwrap(), None, "{}: a new database applied it at open", b.name);
        let district = s.children(code("17.71")).unwrap()[0].code;
        let vs: Vec<RegionCode> = s.children(district).unwrap().into_iter().take(4).map(|r| r.code).collect();
        let (changes, same, inactive, unclassified) = (vs[0], vs[1], vs[2], vs[3]);
        // CPR 81/200 = 40.5 %: 41 (score 3) half away from zero, 40 (score 2) as the portal. Output 3.0 → 2.75.
        kampung(s, changes, true, 81, 19);
        // CPR 120/200 = 60 %: score 4 either way.
        kampung(s, same, true, 120, 28);
        kampung(s, inactive, false, 81, 19);
        kampung(s, unclassified, true, 81, 19);
        for v in [changes, same, inactive] {
            s.refresh_class(v).unwrap();
        }
        as_left_by_v1(&b, &[changes, same]);
        // Formed before classes were recorded (saving its population classified it here).
        b.connect().batch(&format!("UPDATE kampung SET class = NULL WHERE village = '{unclassified}'")).unwrap();
        let before = s.kampung_classes(district).unwrap();
        assert_eq!(before[&changes], Some(Class::Berkelanjutan), "{}", b.name);
        assert_eq!(before[&same], Some(Class::Berkelanjutan));
        assert_eq!(before[&unclassified], None);

        b.reopen();
        let s = b.store();
        let after = s.kampung_classes(district).unwrap();
        assert_eq!(after[&changes], Some(Class::Berkembang), "{}", b.name);
        assert_eq!(s.kampung_status(changes).unwrap().unwrap().classification.class, Class::Berkembang);
        assert_eq!(
            history(s, changes),
            [row("berkelanjutan", "kampung-kb-v1", None), row("berkembang", "kampung-kb-v2", Some(REASON))],
            "{}",
            b.name
        );
        assert_eq!(s.class_history(changes).unwrap()[1].date, today_utc());
        assert_eq!(after[&same], Some(Class::Berkelanjutan));
        assert_eq!(history(s, same), [row("berkelanjutan", "kampung-kb-v1", None)], "unchanged: no row");
        assert!(!after.contains_key(&inactive), "inactive: not listed");
        assert_eq!(s.kampung(inactive).unwrap().map(|k| k.active), Some(false));
        assert!(history(s, inactive).is_empty(), "{}: an inactive Kampung has no class to recompute", b.name);
        assert_eq!(after[&unclassified], None, "never classified: left for its next change");
        assert_eq!(s.class_counts(code("17")).unwrap().unclassified, 1);

        // Once: recorded as applied, so a later open does not recompute (a class set back by hand stays).
        assert_eq!(s.reclassify_under_current_rules().unwrap(), None);
        let v1 = classify(
            &ClassificationRules::kampung_kb_v1(),
            &Inputs::from_value(&s.kampung_status(changes).unwrap().unwrap().inputs).unwrap(),
        );
        s.record_class(changes, today_utc(), "berkelanjutan", &serde_json::to_value(&v1).unwrap()).unwrap();
        b.reopen();
        let s = b.store();
        assert_eq!(s.kampung_classes(changes).unwrap()[&changes], Some(Class::Berkelanjutan), "{}", b.name);
        assert_eq!(s.class_history(changes).unwrap().len(), 3);
        // Ordinary changes have no reason; the next one recomputes under the current rule.
        s.refresh_class(changes).unwrap();
        let h = history(s, changes);
        assert_eq!(h.last(), Some(&row("berkembang", "kampung-kb-v2", None)), "{}", b.name);
    }
}

#[test]
fn the_step_counts_the_changed_classes_and_resumes_after_an_interruption() {
    for b in backends() {
        let s = b.store();
        let district = s.children(code("17.71")).unwrap()[0].code;
        let vs: Vec<RegionCode> = s.children(district).unwrap().into_iter().take(3).map(|r| r.code).collect();
        for v in &vs {
            kampung(s, *v, true, 81, 19);
        }
        as_left_by_v1(&b, &vs);
        // Interrupted after the first Kampung: its class recomputed, the rule not yet recorded.
        s.refresh_class(vs[0]).unwrap();
        assert_eq!(s.reclassify_under_current_rules().unwrap(), Some(2), "{}: the two left change", b.name);
        for v in &vs {
            assert_eq!(s.kampung_classes(*v).unwrap()[v], Some(Class::Berkembang), "{}", b.name);
            assert_eq!(s.class_history(*v).unwrap().len(), 2, "one row a change, not two");
        }
        assert_eq!(s.reclassify_under_current_rules().unwrap(), None);
    }
}
