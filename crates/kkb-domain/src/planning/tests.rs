use super::analysis::*;
use super::*;
use crate::figures::{FamilyPlanningFigures, Figures, RegionRef, VariableFigure};
use crate::kampung::FieldProblem;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap()
}

fn day(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn plan() -> Plan {
    Plan {
        id: 1,
        region: code("17.01"),
        year: 2026,
        title: "Rencana aksi Kampung KB 2026".into(),
        status: PlanStatus::Draft,
        coordinator: "bappeda:17.01".into(),
        note: String::new(),
        version: 1,
    }
}

fn item() -> PlanItem {
    PlanItem {
        activity: Some("2.2.1".into()),
        title: "Kelas BKB".into(),
        area: InpresArea::PerubahanPerilaku,
        functions: [FamilyFunction::CintaKasih].into_iter().collect(),
        variables: ["v15".to_string()].into_iter().collect(),
        responsible: "opd_kb:17.01".into(),
        supporting: ["dinkes:17.01".to_string()].into_iter().collect(),
        villages: [code("17.01.01.2001")].into_iter().collect(),
        start: ym("2026-02"),
        end: ym("2026-11"),
        budget: 25_000_000,
        budget_source: BudgetSource::ApbdKabupaten,
        indicator: "Keluarga balita ikut BKB".into(),
        target: 120.0,
        unit: "keluarga".into(),
        status: ItemStatus::Planned,
    }
}

fn check(i: &PlanItem) -> Vec<FieldProblem> {
    let p = plan();
    let vars: Vec<String> = (1..=17).map(|n| format!("v{n:02}")).collect();
    let cx = ItemContext {
        plan: &p,
        is_agency: &|a: &str| a.contains(':') || Matrix::inpres().agencies.iter().any(|g| g.id == a),
        is_village: &|c: RegionCode| c.level() == Level::Village,
        variables: &vars,
    };
    i.validate(&cx)
}

#[test]
fn the_shipped_matrix_is_valid_and_gives_every_variable_an_owner() {
    let m = Matrix::inpres();
    assert_eq!(m.areas.len(), 4);
    assert_eq!(m.agencies.len(), 14, "13 K/L of the Inpres plus the regional governments");
    for n in 1..=17 {
        let v = format!("v{n:02}");
        assert!(!m.responsible_for(&v).is_empty(), "{v} has no responsible agency");
    }
    assert_eq!(m.responsible_for("v03"), ["kemendagri"]);
    assert_eq!(m.activity("2.2.1").unwrap().0, 2);
    let regional = m.regional_agencies(code("17.01"), "Bengkulu Selatan");
    assert!(regional.iter().any(|a| a.id == "dinkes:17.01" && a.national == ["kemenkes"]));
    assert!(regional.iter().filter(|a| a.coordinator).count() == 2);
    assert!(m.regional_agencies(code("17.01.01"), "x").is_empty(), "no offices at kecamatan level");
    assert_eq!(agency_region("dinkes:17.01"), Some(code("17.01")));
    assert_eq!(agency_kind("dinkes:17.01"), Some("dinkes"));
    assert_eq!(agency_region("kemenkes"), None);
}

#[test]
fn a_bad_matrix_is_refused() {
    let bad = INPRES_BAD.replace("AGENCY", "nobody");
    assert!(Matrix::from_json(&bad).unwrap_err().contains("unknown agency nobody"));
    assert!(Matrix::from_json("{").is_err());
}

const INPRES_BAD: &str = r#"{"id":"x","name":"x","source":"x","agencies":[],"regional_kinds":[],
  "areas":[{"number":1,"name":"a","name_en":"a","programmes":[{"id":"1.1","name":"p","name_en":"p",
  "activities":[{"id":"1.1.1","name":"k","name_en":"k","responsible":["AGENCY"]}]}]}]}"#;

#[test]
fn a_good_item_has_no_problems() {
    assert_eq!(check(&item()), Vec::<FieldProblem>::new());
}

#[test]
fn every_item_rule_names_its_field() {
    type Case = (&'static str, fn(&mut PlanItem), &'static str, fn() -> Reason);
    let cases: [Case; 12] = [
        ("empty title", |i| i.title = " ".into(), "title", || Reason::Required),
        ("negative budget", |i| i.budget = -1, "budget", || Reason::NegativeAmount),
        (
            "end before start",
            |i| i.end = ym("2026-01"),
            "end",
            || Reason::EndBeforeStart { end: ym("2026-01"), start: ym("2026-02") },
        ),
        (
            "start outside the year",
            |i| i.start = ym("2025-12"),
            "start",
            || Reason::StartOutsidePlanYear { start: ym("2025-12"), year: 2026 },
        ),
        ("end too late", |i| i.end = ym("2028-01"), "end", || Reason::EndTooLate { end: ym("2028-01"), year: 2026 }),
        (
            "village outside",
            |i| i.villages = [code("17.02.01.2001")].into_iter().collect(),
            "villages",
            || Reason::VillageOutsidePlanRegion { village: "17.02.01.2001".into(), region: "17.01".into() },
        ),
        (
            "not a village",
            |i| i.villages = [code("17.01.01")].into_iter().collect(),
            "villages",
            || Reason::VillageNotInTable { code: "17.01.01".into() },
        ),
        (
            "unknown agency",
            |i| i.responsible = "nobody".into(),
            "responsible",
            || Reason::UnknownAgency { agency: "nobody".into() },
        ),
        (
            "supporting = responsible",
            |i| i.supporting = [i.responsible.clone()].into_iter().collect(),
            "supporting",
            || Reason::ResponsibleAlsoSupporting,
        ),
        (
            "unknown variable",
            |i| i.variables = ["v99".to_string()].into_iter().collect(),
            "variables",
            || Reason::UnknownVariable { variable: "v99".into() },
        ),
        (
            "activity of another area",
            |i| i.area = InpresArea::Lingkungan,
            "area",
            || Reason::ActivityAreaMismatch { activity: "2.2.1".into(), area: 2, given: 4 },
        ),
        ("negative target", |i| i.target = -2.0, "target", || Reason::TargetNotNonNegative),
    ];
    for (name, change, field, reason) in cases {
        let mut i = item();
        change(&mut i);
        assert_eq!(check(&i), [FieldProblem::new(field, reason())], "{name}");
    }
}

#[test]
fn rupiah_are_read_as_written() {
    for (s, n) in [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("0", 0),
        ("-250.000", -250_000),
    ] {
        assert_eq!(parse_rupiah(s), Ok(n), "{s}");
    }
    for s in ["", "abc", "1.5", "1.50.000", "12,5", "Rp", "1.500.000,00"] {
        assert!(parse_rupiah(s).is_err(), "{s}");
    }
}

#[test]
fn the_workflow_allows_only_its_steps() {
    use PlanStatus::*;
    use Transition::*;
    assert_eq!(Submit.apply(Draft), Ok(Submitted));
    assert_eq!(Approve.apply(Submitted), Ok(Approved));
    assert_eq!(Return.apply(Submitted), Ok(Draft));
    assert_eq!(Reopen.apply(Approved), Ok(Draft));
    assert_eq!(Approve.apply(Draft), Err("a draft plan cannot be approved".into()));
    assert!(Submit.apply(Approved).is_err());
    assert!(Reopen.apply(Draft).is_err());
    assert_eq!(Transition::from_id("approve"), Some(Approve));
    let today = day("2026-11-30");
    assert!(plan().validate(today).is_empty());
    let mut p = plan();
    p.coordinator = "bappeda:17.02".into();
    p.region = code("17.01.01");
    let problems: Vec<String> = p.validate(today).iter().map(|p| p.field.clone()).collect();
    assert_eq!(problems, ["region", "coordinator"]);
}

#[test]
fn progress_is_checked_against_its_item() {
    let today = day("2026-11-30");
    let ok = Progress {
        date: day("2026-05-02"),
        percent: 40,
        spent: 10_000_000,
        status: ItemStatus::InProgress,
        note: String::new(),
        evidence: String::new(),
    };
    assert!(ok.validate(&item(), today).is_empty());
    let bad =
        Progress { date: day("2027-01-01"), percent: 90, spent: 30_000_000, status: ItemStatus::Done, ..ok.clone() };
    let fields: Vec<String> = bad.validate(&item(), today).iter().map(|p| p.field.clone()).collect();
    assert_eq!(fields, ["date", "spent", "percent"]);
    let early = Progress { date: day("2026-01-15"), ..ok };
    let start = ym("2026-02");
    assert_eq!(early.validate(&item(), today)[0].reason, Reason::BeforeItemStart { date: day("2026-01-15"), start });
}

#[test]
fn late_stalled_and_not_started_items_are_flagged() {
    let i = item();
    let report = |date: &str, status| Progress {
        date: day(date),
        percent: 50,
        spent: 0,
        status,
        note: String::new(),
        evidence: String::new(),
    };
    // Before its end, recently reported: nothing.
    assert!(flags(&i, Some(&report("2026-10-20", ItemStatus::InProgress)), day("2026-11-05")).is_empty());
    // After its end, not done: late.
    assert_eq!(flags(&i, Some(&report("2026-11-20", ItemStatus::InProgress)), day("2026-12-02")), [Flag::Late]);
    // No report for more than 60 days: stalled; reported as stalled: stalled.
    assert_eq!(flags(&i, Some(&report("2026-06-01", ItemStatus::InProgress)), day("2026-09-01")), [Flag::Stalled]);
    assert_eq!(flags(&i, Some(&report("2026-08-25", ItemStatus::Stalled)), day("2026-09-01")), [Flag::Stalled]);
    // Started months ago with no report.
    assert_eq!(flags(&i, None, day("2026-04-10")), [Flag::NotStarted]);
    assert!(flags(&i, None, day("2026-02-10")).is_empty(), "its first month is not over");
    // Done or cancelled: never flagged.
    assert!(flags(&i, Some(&report("2026-03-01", ItemStatus::Done)), day("2027-03-01")).is_empty());
}

fn figures(village: &str, vars: &[(&str, i64, i64)]) -> Figures {
    Figures {
        region: RegionRef { code: code(village), name: format!("Desa {village}"), level: Level::Village },
        year: 2021,
        methodology: "pk21-v1".into(),
        families: 100,
        scored_families: 100,
        ibangga: None,
        category: None,
        dimensions: Default::default(),
        categories: Default::default(),
        variables: vars
            .iter()
            .map(|(id, met, applicable)| VariableFigure {
                id: id.to_string(),
                dimension: "d".into(),
                applicable: *applicable,
                met: *met,
                percent: (*applicable > 0).then(|| 100.0 * *met as f64 / *applicable as f64),
            })
            .collect(),
        family_planning: FamilyPlanningFigures { pus: 0, cpr: None, mcpr: None, mkjp_share: None, unmet_need: None },
        children: None,
    }
}

#[test]
fn a_weak_variable_without_an_item_is_a_gap_until_an_item_targets_it() {
    let m = Matrix::inpres();
    let a = figures("17.01.01.2001", &[("v03", 20, 100), ("v09", 30, 100), ("v15", 90, 100), ("v01", 10, 3)]);
    let b = figures("17.01.01.2002", &[("v03", 80, 100), ("v09", 70, 100), ("v15", 10, 100)]);
    let villages = [a, b];
    let none: Vec<Placed<'_>> = Vec::new();
    let g = gaps(m, &villages, &none, 2);
    let listed: Vec<(String, &str, usize)> =
        g.iter().map(|g| (g.village.to_string(), g.variable.as_str(), g.rank)).collect();
    // v01 applies to 3 families only: too few to rank.
    assert_eq!(
        listed,
        [
            ("17.01.01.2001".into(), "v03", 1),
            ("17.01.01.2001".into(), "v09", 2),
            ("17.01.01.2002".into(), "v15", 1),
            ("17.01.01.2002".into(), "v09", 2)
        ]
    );
    assert_eq!(g[0].responsible, ["kemendagri"]);
    assert_eq!(g[0].activities, ["1.2.1"]);
    // An item on v03 in the first village closes that gap only.
    let mut akta = item();
    akta.variables = ["v03".to_string()].into_iter().collect();
    let placed = [Placed { id: 7, region: code("17.01"), item: &akta }];
    let g = gaps(m, &villages, &placed, 2);
    assert!(!g.iter().any(|g| g.variable == "v03" && g.village == code("17.01.01.2001")));
    assert_eq!(g.len(), 3);
    // Cancelled, it closes nothing; region-wide, it reaches both villages; in another region, neither.
    let mut cancelled = akta.clone();
    cancelled.status = ItemStatus::Cancelled;
    assert_eq!(gaps(m, &villages, &[Placed { id: 7, region: code("17.01"), item: &cancelled }], 2).len(), 4);
    let mut wide = item();
    wide.villages.clear();
    wide.variables = ["v09".to_string()].into_iter().collect();
    assert_eq!(gaps(m, &villages, &[Placed { id: 8, region: code("17.01"), item: &wide }], 2).len(), 2);
    assert_eq!(gaps(m, &villages, &[Placed { id: 8, region: code("17.02"), item: &wide }], 2).len(), 4);
}

#[test]
fn convergence_lists_agencies_per_area() {
    let a = item();
    let mut b = item();
    b.area = InpresArea::Lingkungan;
    b.activity = None;
    b.responsible = "dinas_pupr:17.01".into();
    b.supporting.clear();
    b.villages.clear();
    let placed = [Placed { id: 1, region: code("17.01"), item: &a }, Placed { id: 2, region: code("17.01"), item: &b }];
    let c = convergence(&[code("17.01.01.2001"), code("17.01.01.2002")], &placed);
    assert_eq!(c[0].areas_covered(), 2);
    assert_eq!(c[0].areas[1], ["dinkes:17.01".to_string(), "opd_kb:17.01".to_string()].into_iter().collect());
    assert_eq!(c[0].items, [1, 2]);
    assert_eq!(c[1].areas_covered(), 1, "only the region-wide item reaches the second village");
}

#[test]
fn effect_compares_targeted_villages_with_the_others() {
    let i = item(); // targets v15 in 17.01.01.2001
    let before = [
        figures("17.01.01.2001", &[("v15", 40, 100)]),
        figures("17.01.01.2002", &[("v15", 50, 100)]),
        figures("17.01.01.2003", &[("v15", 50, 100)]),
    ];
    let after = [
        figures("17.01.01.2001", &[("v15", 70, 100)]),
        figures("17.01.01.2002", &[("v15", 55, 100)]),
        figures("17.01.01.2003", &[("v15", 55, 100)]),
    ];
    let e = effect(&Placed { id: 1, region: code("17.01"), item: &i }, &before, &after);
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].targeted_villages, e[0].other_villages), (1, 2));
    assert_eq!(e[0].targeted, (Some(40.0), Some(70.0)));
    assert_eq!(e[0].others, (Some(50.0), Some(55.0)));
    assert_eq!(e[0].difference, Some(25.0));
    let mut wide = i.clone();
    wide.villages.clear();
    let e = effect(&Placed { id: 1, region: code("17.01"), item: &wide }, &before, &after);
    assert_eq!(e[0].difference, None, "a region-wide item has nothing to compare with");
}
