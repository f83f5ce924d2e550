//! Cross-sector planning's storage, on SQLite and PostgreSQL: agencies, the plan workflow, item rules and the
//! lock of submitted and approved plans, stale versions, progress.

mod common;

use common::*;
use kkb_domain::date::Date;
use kkb_domain::kampung::{FamilyFunction, InpresArea, YearMonth};
use kkb_domain::planning::*;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_store::{Store, StoreError};

fn village(s: &Store, regency: &str) -> RegionCode {
    let district = s.children(code(regency)).unwrap()[0].code;
    s.children(district).unwrap()[0].code
}

fn plan(region: &str) -> Plan {
    Plan {
        id: 0,
        region: code(region),
        year: 2026,
        title: format!("Rencana aksi {region} 2026"),
        status: PlanStatus::Draft,
        coordinator: format!("bappeda:{region}"),
        note: String::new(),
        version: 0,
    }
}

fn item(v: RegionCode, responsible: &str) -> PlanItem {
    PlanItem {
        activity: Some("1.2.1".into()),
        title: "Layanan akta kelahiran keliling".into(),
        area: InpresArea::DataDokumen,
        functions: [FamilyFunction::Perlindungan].into_iter().collect(),
        variables: ["v03".to_string()].into_iter().collect(),
        responsible: responsible.into(),
        supporting: Default::default(),
        villages: [v].into_iter().collect(),
        start: YearMonth::parse("2026-03").unwrap(),
        end: YearMonth::parse("2026-09").unwrap(),
        budget: 40_000_000,
        budget_source: BudgetSource::ApbdKabupaten,
        indicator: "Anak mendapat akta".into(),
        target: 300.0,
        unit: "anak".into(),
        status: ItemStatus::Planned,
    }
}

fn problem_columns(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Problems(p) => p.into_iter().map(|p| p.column).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn agencies_are_seeded_for_a_province_and_scoped_to_regions() {
    for b in backends() {
        let s = b.store();
        let added = s.seed_agencies(code("17")).unwrap();
        assert_eq!(added, 14 + 13 * 11, "national agencies and 13 offices of the province and its 10 regencies");
        assert_eq!(s.seed_agencies(code("17")).unwrap(), 0, "idempotent");
        let in_regency = s.agencies(Some(code("17.01"))).unwrap();
        assert!(in_regency.iter().any(|a| a.id == "dinkes:17.01"));
        assert!(in_regency.iter().any(|a| a.id == "dinkes:17"), "the province's offices work there too");
        assert!(!in_regency.iter().any(|a| a.id == "dinkes:17.02"));
        assert!(in_regency.iter().any(|a| a.id == "kemenkes"));
        assert!(s.agency("dinkes:17.71").unwrap().unwrap().name.to_lowercase().contains("bengkulu"));
    }
}

#[test]
fn the_plan_workflow_locks_items_until_reopened() {
    for b in backends() {
        let s = b.store();
        s.seed_agencies(code("17")).unwrap();
        let v = village(s, "17.01");
        let p = s.create_plan(&plan("17.01")).unwrap();
        assert_eq!((p.status, p.version), (PlanStatus::Draft, 1));
        assert!(
            matches!(s.create_plan(&plan("17.01")), Err(StoreError::Refused(Reason::PlanExists { year: 2026, .. }))),
            "one plan per region and year"
        );
        // Submitting an empty plan is refused.
        assert!(matches!(
            s.transition_plan(p.id, Transition::Submit, 1, ""),
            Err(StoreError::Refused(Reason::PlanWithoutItems))
        ));
        let id = s.add_item(p.id, &item(v, "disdukcapil:17.01"), Some(1)).unwrap();
        // A stale version is refused.
        assert!(matches!(
            s.add_item(p.id, &item(v, "disdukcapil:17.01"), Some(1)),
            Err(StoreError::Refused(Reason::PlanChanged))
        ));
        let p = s.plan(p.id).unwrap().unwrap();
        assert_eq!(p.version, 2);
        let p = s.transition_plan(p.id, Transition::Submit, 2, "").unwrap();
        assert_eq!(p.status, PlanStatus::Submitted);
        let e = s.update_item(id, &item(v, "dinkes:17.01"), None).unwrap_err();
        assert!(matches!(&e, StoreError::Refused(Reason::PlanNotEditable { approved: false })), "{e:?}");
        assert!(matches!(s.transition_plan(p.id, Transition::Reopen, p.version, ""), Err(StoreError::Conflict(_))));
        let p = s.transition_plan(p.id, Transition::Approve, p.version, "").unwrap();
        assert_eq!(p.status, PlanStatus::Approved);
        let e = s.update_item(id, &item(v, "dinkes:17.01"), None).unwrap_err();
        assert!(matches!(&e, StoreError::Refused(Reason::PlanNotEditable { approved: true })), "{e:?}");
        assert!(matches!(s.delete_item(id, None), Err(StoreError::Refused(Reason::PlanNotEditable { .. }))));
        // Progress on the approved plan; the item takes its status.
        let report = Progress {
            date: Date::parse_iso("2026-05-10").unwrap(),
            percent: 30,
            spent: 10_000_000,
            status: ItemStatus::InProgress,
            note: "Dua desa selesai".into(),
            evidence: String::new(),
        };
        s.add_progress(id, &report, "dukcapil").unwrap();
        assert_eq!(s.item(id).unwrap().unwrap().item.status, ItemStatus::InProgress);
        let over = Progress { spent: 50_000_000, ..report.clone() };
        assert_eq!(problem_columns(s.add_progress(id, &over, "dukcapil").unwrap_err()), ["spent"]);
        assert_eq!(s.progress(id).unwrap().len(), 1);
        assert_eq!(s.latest_progress(p.id).unwrap()[&id].progress.percent, 30);
        // Reopened, items change again; progress is for approved plans only; an item with progress stays.
        let p = s
            .transition_plan(p.id, Transition::Reopen, s.plan(p.id).unwrap().unwrap().version, "tambah kegiatan")
            .unwrap();
        assert_eq!((p.status, p.note.as_str()), (PlanStatus::Draft, "tambah kegiatan"));
        s.update_item(id, &item(v, "dinkes:17.01"), Some(p.version)).unwrap();
        assert!(matches!(s.add_progress(id, &report, "x"), Err(StoreError::Refused(Reason::PlanNotApproved))));
        assert!(matches!(s.delete_item(id, None), Err(StoreError::Refused(Reason::ItemHasProgress))));
        assert_eq!(s.items_for_village(v, 2026).unwrap().len(), 1);
        assert_eq!(s.plans(Some(code("17")), Some(2026)).unwrap().len(), 1);
        assert_eq!(s.plans_concerning(v, 2026).unwrap().len(), 1);
        assert!(s.plans_concerning(village(s, "17.02"), 2026).unwrap().is_empty());
    }
}

#[test]
fn bad_items_are_refused_naming_each_field_and_nothing_is_saved() {
    for b in backends() {
        let s = b.store();
        s.seed_agencies(code("17")).unwrap();
        let p = s.create_plan(&plan("17.01")).unwrap();
        let mut bad = item(village(s, "17.02"), "nobody");
        bad.budget = -5;
        bad.end = YearMonth::parse("2026-01").unwrap();
        bad.supporting = ["dinkes:17.02".to_string()].into_iter().collect();
        let cols = problem_columns(s.add_item(p.id, &bad, None).unwrap_err());
        for c in ["responsible", "villages", "end", "budget"] {
            assert!(cols.contains(&c.to_string()), "{c} in {cols:?}");
        }
        // An office of another regency cannot be responsible.
        let cols = problem_columns(s.add_item(p.id, &item(village(s, "17.01"), "dinkes:17.02"), None).unwrap_err());
        assert_eq!(cols, ["responsible"]);
        assert!(s.items(p.id).unwrap().is_empty());
        assert_eq!(s.plan(p.id).unwrap().unwrap().version, 1, "a refused item changes nothing");
        // A plan for a kecamatan, or with a coordinator of another region, is refused.
        assert!(matches!(s.create_plan(&plan("17.01.01")), Err(StoreError::Problems(_))));
        let mut other = plan("17.02");
        other.coordinator = "bappeda:17.01".into();
        assert_eq!(problem_columns(s.create_plan(&other).unwrap_err()), ["coordinator"]);
    }
}
