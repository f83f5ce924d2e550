use super::*;
use crate::methodology::Methodology;
use crate::pk::{FamilyAnswers, MemberAnswers};
use serde_json::json;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn village() -> RegionCode {
    RegionCode::parse("17.71.01.1001").unwrap()
}

const TODAY: &str = "2025-03-15";

fn fields(p: &[FieldProblem]) -> Vec<&str> {
    p.iter().map(|p| p.field.as_str()).collect()
}

fn form() -> MonthlyReportForm {
    MonthlyReportForm {
        month: "2025-02".into(),
        pus: 100,
        contraceptive_users: ContraceptiveUsers { mow: 1, mop: 1, iud: 5, implan: 5, suntik: 30, pil: 10, kondom: 2 },
        pus_not_using: PusNotUsing { hamil: 5, ingin_anak_segera: 5, iat: 10, tial: 10 },
        participants: Participants { bkb: 10, bkr: 10, bkl: 10, uppka: 10, pik_r: 10 },
    }
}

#[test]
fn report_form_rules_each_name_their_field() {
    type Edit = fn(&mut MonthlyReportForm);
    let cases: &[(&str, Edit, &[&str])] = &[
        ("valid", |_| {}, &[]),
        ("negative pus", |f| f.pus = -1, &["pus"]),
        ("negative method", |f| f.contraceptive_users.pil = -3, &["contraceptive_users.pil"]),
        ("negative reason", |f| f.pus_not_using.tial = -1, &["pus_not_using.tial"]),
        ("negative poktan", |f| f.participants.pik_r = -2, &["participants.pik_r"]),
        ("too large", |f| f.participants.bkb = i64::from(u32::MAX) + 1, &["participants.bkb"]),
        ("users above pus", |f| f.contraceptive_users.suntik = 200, &["contraceptive_users"]),
        ("not using above pus", |f| f.pus_not_using.hamil = 200, &["pus_not_using"]),
        (
            "both above pus",
            |f| {
                f.pus = 40;
                f.pus_not_using.hamil = 20;
            },
            &["contraceptive_users", "pus_not_using"],
        ),
        ("sum above pus", |f| f.pus = 80, &["pus"]),
        ("sum equal to pus", |f| f.pus = 84, &[]),
        ("future month", |f| f.month = "2025-04".into(), &["month"]),
        ("this month", |f| f.month = "2025-03".into(), &[]),
        ("before 2014", |f| f.month = "2013-12".into(), &["month"]),
        ("2014", |f| f.month = "2014-01".into(), &[]),
        ("malformed month", |f| f.month = "2025-13".into(), &["month"]),
        ("not a month", |f| f.month = "Feb 2025".into(), &["month"]),
        (
            "negative and future",
            |f| {
                f.month = "2026-01".into();
                f.pus = -5;
            },
            &["pus", "month"],
        ),
    ];
    for (name, edit, want) in cases {
        let mut f = form();
        edit(&mut f);
        let got = match f.parse(village(), d(TODAY)) {
            Ok(r) => {
                assert_eq!(r.village, village());
                vec![]
            }
            Err(p) => p,
        };
        assert_eq!(fields(&got), *want, "{name}: {got:?}");
    }
}

#[test]
fn report_round_trips_through_json() {
    let r = form().parse(village(), d(TODAY)).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["month"], "2025-02");
    assert_eq!(v["village"], "17.71.01.1001");
    assert_eq!(serde_json::from_value::<MonthlyReport>(v).unwrap(), r);
    assert_eq!(r.contraceptive_users.total(), 54);
    assert_eq!(r.pus_not_using.total(), 30);
}

#[test]
fn year_month_parses_strictly() {
    for (s, ok) in [("2025-01", true), ("2025-1", false), ("2025-00", false), ("202501", false), ("2025-01 ", false)] {
        assert_eq!(YearMonth::parse(s).is_some(), ok, "{s}");
    }
    assert!(YearMonth::parse("2024-12").unwrap() < YearMonth::parse("2025-01").unwrap());
}

fn activity() -> Activity {
    Activity {
        date: d("2025-01-10"),
        place: "Balai desa".into(),
        description: "Penyuluhan KB".into(),
        function: FamilyFunction::Reproduksi,
        targets: [Target::Pus].into(),
        agencies: vec!["puskesmas".into(), "bkkbn".into()],
        inpres_area: InpresArea::PerubahanPerilaku,
        plan_item: None,
    }
}

#[test]
fn activity_rules_each_name_their_field() {
    type Edit = fn(&mut Activity);
    let cases: &[(&str, Edit, &[&str])] = &[
        ("valid", |_| {}, &[]),
        ("future", |a| a.date = d("2025-03-16"), &["date"]),
        ("today", |a| a.date = d(TODAY), &[]),
        ("before 2014", |a| a.date = d("2013-12-31"), &["date"]),
        ("no place", |a| a.place = " ".into(), &["place"]),
        ("no description", |a| a.description = String::new(), &["description"]),
        ("no targets", |a| a.targets.clear(), &["targets"]),
        ("empty agency", |a| a.agencies.push(" ".into()), &["agencies.2"]),
    ];
    for (name, edit, want) in cases {
        let mut a = activity();
        edit(&mut a);
        assert_eq!(fields(&a.validate(d(TODAY))), *want, "{name}");
    }
}

#[test]
fn activity_json_uses_contract_ids_and_inpres_numbers() {
    let v = serde_json::to_value(activity()).unwrap();
    assert_eq!(v["inpres_area"], 2);
    assert_eq!(v["function"], "reproduksi");
    assert_eq!(v["targets"], json!(["pus"]));
    let mut bad = v.clone();
    bad["inpres_area"] = json!(5);
    assert!(serde_json::from_value::<Activity>(bad).is_err());
    assert_eq!(serde_json::from_value::<Activity>(v).unwrap(), activity());
}

#[test]
fn cross_sector_agencies_are_distinct_and_exclude_bkkbn_and_opd_kb() {
    let mut a = activity();
    a.agencies = vec!["Puskesmas".into(), "puskesmas ".into(), "BKKBN".into(), "opd_kb".into(), "dinas_sosial".into()];
    let mut b = activity();
    b.agencies = vec!["dinas_sosial".into(), "kua".into()];
    assert_eq!(cross_sector_agencies([&a, &b]), 3);
    assert_eq!(cross_sector_agencies(&[] as &[Activity]), 0);
}

fn record() -> KampungRecord {
    KampungRecord {
        village: village(),
        name: "Kampung KB Sejahtera".into(),
        launch_date: d("2017-05-02"),
        decree: Some(Decree {
            number: "12/2017".into(),
            date: d("2017-04-01"),
            regulation_type: RegulationType::SkKepalaDesa,
        }),
        rws: vec!["RW 01".into()],
        description: String::new(),
        location: Some(Location { lat: -3.8, lng: 102.26 }),
        criteria: SelectionCriteria::default(),
        active: true,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[test]
fn record_rules_each_name_their_field() {
    type Edit = fn(&mut KampungRecord);
    let cases: &[(&str, Edit, &[&str])] = &[
        ("valid", |_| {}, &[]),
        ("not a village", |r| r.village = RegionCode::parse("17.71.01").unwrap(), &["village"]),
        ("no name", |r| r.name = " ".into(), &["name"]),
        ("future launch", |r| r.launch_date = d("2026-01-01"), &["launch_date"]),
        ("decree without number", |r| r.decree.as_mut().unwrap().number.clear(), &["decree.number"]),
        ("future decree", |r| r.decree.as_mut().unwrap().date = d("2025-03-16"), &["decree.date"]),
        ("empty rw", |r| r.rws.push(String::new()), &["rws.1"]),
        ("bad lat", |r| r.location = Some(Location { lat: 91.0, lng: 0.0 }), &["location.lat"]),
        ("bad lng", |r| r.location = Some(Location { lat: 0.0, lng: -181.0 }), &["location.lng"]),
    ];
    for (name, edit, want) in cases {
        let mut r = record();
        edit(&mut r);
        assert_eq!(fields(&r.validate(d(TODAY))), *want, "{name}");
    }
}

#[test]
fn record_json_uses_closed_vocabularies() {
    let mut r = record();
    r.criteria.utama.insert(MainCriterion::KesertaanKbRendah);
    r.criteria.wilayah.insert(AreaCriterion::PesisirNelayan);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["criteria"]["utama"], json!(["kesertaan_kb_rendah"]));
    assert_eq!(v["decree"]["regulation_type"], "sk_kepala_desa");
    assert_eq!(serde_json::from_value::<KampungRecord>(v.clone()).unwrap(), r);
    let mut bad = v;
    bad["criteria"]["wilayah"] = json!(["gunung"]);
    assert!(serde_json::from_value::<KampungRecord>(bad).is_err());
}

#[test]
fn vocabularies_match_the_classification_contract() {
    let ids = |all: Vec<&'static str>| all.join(" ");
    assert_eq!(ids(FundingSource::ALL.iter().map(|v| v.id()).collect()), "apbn apbd dana_desa swadaya csr hibah");
    assert_eq!(
        ids(Program::ALL.iter().map(|v| v.id()).collect()),
        "bkb bkr bkl uppka pik_r pelayanan_kb_kr kependudukan sektor_lain"
    );
    assert_eq!(ids(Facility::ALL.iter().map(|v| v.id()).collect()), "sekretariat rumah_dataku");
    assert_eq!(
        ids(DataSource::ALL.iter().map(|v| v.id()).collect()),
        "pk data_rutin potensi_desa data_sektoral lainnya"
    );
    assert_eq!(
        ids(Operation::ALL.iter().map(|v| v.id()).collect()),
        "rapat_perencanaan rapat_koordinasi sosialisasi monev laporan"
    );
    assert_eq!(FamilyFunction::ALL.len(), 8);
    for f in FamilyFunction::ALL {
        assert_eq!(FamilyFunction::from_id(f.id()), Some(*f));
    }
}

#[test]
fn profile_rules_each_name_their_field() {
    type Edit = fn(&mut Profile);
    let cases: &[(&str, Edit, &[&str])] = &[
        ("empty", |_| {}, &[]),
        ("future", |p| p.valid_from = d("2025-04-01"), &["valid_from"]),
        ("members without pokja", |p| p.pokja.members = 3, &["pokja.members"]),
        ("decree without pokja", |p| p.pokja.decree = true, &["pokja.decree"]),
        ("trained without pokja", |p| p.pokja.trained = true, &["pokja.trained"]),
        (
            "sections without pokja",
            |p| {
                p.pokja_sections.insert(FamilyFunction::Agama);
            },
            &["pokja_sections"],
        ),
        (
            "pokja",
            |p| {
                p.pokja = Pokja { exists: true, decree: true, members: 9, trained: true };
                p.pokja_sections.insert(FamilyFunction::Agama);
            },
            &[],
        ),
    ];
    for (name, edit, want) in cases {
        let mut p = Profile::empty(d("2025-01-01"));
        edit(&mut p);
        assert_eq!(fields(&p.validate(d(TODAY))), *want, "{name}");
    }
}

fn full_profile() -> Profile {
    let mut p = Profile::empty(d("2024-01-01"));
    p.pokja = Pokja { exists: true, decree: true, members: 12, trained: false };
    p.funding_sources = [FundingSource::Apbd, FundingSource::DanaDesa].into();
    p.programs = Program::ALL.iter().copied().collect();
    p.facilities = Facility::ALL.iter().copied().collect();
    p.pkb_assigned = true;
    p.data_sources = DataSource::ALL.iter().copied().collect();
    p.operations = Operation::ALL.iter().map(|o| (*o, Frequency::Bulanan)).collect();
    p
}

#[test]
fn classification_inputs_match_the_contract_example() {
    let report = MonthlyReport {
        village: village(),
        month: YearMonth::parse("2025-02").unwrap(),
        pus: 310,
        contraceptive_users: ContraceptiveUsers { mow: 2, mop: 0, iud: 10, implan: 15, suntik: 60, pil: 25, kondom: 4 },
        pus_not_using: PusNotUsing { hamil: 10, ingin_anak_segera: 8, iat: 12, tial: 9 },
        participants: Participants { bkb: 30, bkr: 25, bkl: 20, uppka: 12, pik_r: 18 },
    };
    let population = PopulationCounts {
        pus: 310,
        families: 420,
        families_with_balita: 96,
        families_with_remaja: 120,
        families_with_lansia: 85,
        remaja: 160,
    };
    let got = classification_inputs(Some(&full_profile()), Some(&report), &population, 5);
    let want = json!({
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
    });
    assert_eq!(got, want);
    let none = classification_inputs(None, None, &PopulationCounts::default(), 0);
    assert_eq!(none["report"], serde_json::Value::Null);
    assert_eq!(none["pokja"]["exists"], false);
    assert_eq!(none["programs"], json!([]));
}

/// A member: sex, marital status, relation, birth date.
fn m(no: u8, sex: u8, marital: u8, relation: u8, birth: &str) -> MemberAnswers {
    MemberAnswers { member_no: no, coded: [sex, marital, 0, relation, 0, 0, 0, 0], birth: d(birth) }
}

fn fam(members: Vec<MemberAnswers>) -> FamilyAnswers {
    FamilyAnswers { coded: [0; 25], members }
}

#[test]
fn population_counts_groups_on_the_reference_date() {
    let meth = Methodology::default_pk21();
    // Reference date 2021-06-30.
    let cases: &[(&str, Vec<FamilyAnswers>, PopulationCounts)] = &[
        ("none", vec![], PopulationCounts::default()),
        (
            "pus couple with a toddler turning 5 after the reference date",
            vec![fam(vec![m(1, 1, 2, 1, "1990-01-01"), m(2, 2, 2, 2, "1992-01-01"), m(3, 1, 1, 3, "2016-07-01")])],
            PopulationCounts { pus: 1, families: 1, families_with_balita: 1, ..Default::default() },
        ),
        (
            "wife turned 50 on the reference date: not PUS; child 5 exactly: not balita",
            vec![fam(vec![m(1, 1, 2, 1, "1970-01-01"), m(2, 2, 2, 2, "1971-06-30"), m(3, 2, 1, 3, "2016-06-30")])],
            PopulationCounts { families: 1, ..Default::default() },
        ),
        (
            "remaja 10-24 unmarried only; lansia at 60",
            vec![fam(vec![
                m(1, 1, 4, 1, "1961-06-30"),
                m(2, 2, 1, 3, "2011-06-30"),
                m(3, 1, 1, 3, "1996-07-01"),
                m(4, 2, 2, 3, "2000-01-01"),
                m(5, 1, 1, 5, "2011-07-01"),
            ])],
            PopulationCounts {
                families: 1,
                families_with_remaja: 1,
                families_with_lansia: 1,
                remaja: 2,
                ..Default::default()
            },
        ),
        (
            "two families",
            vec![
                fam(vec![m(1, 1, 4, 1, "1950-01-01")]),
                fam(vec![m(1, 1, 2, 1, "1985-01-01"), m(2, 2, 2, 2, "1987-01-01"), m(3, 2, 1, 3, "2005-01-01")]),
            ],
            PopulationCounts {
                pus: 1,
                families: 2,
                families_with_remaja: 1,
                families_with_lansia: 1,
                remaja: 1,
                ..Default::default()
            },
        ),
    ];
    for (name, families, want) in cases {
        let p = Population::from_families(&meth, 2021, families);
        assert_eq!(p.counts, *want, "{name}");
        let people: usize = families.iter().map(|f| f.members.len()).sum();
        assert_eq!((p.male.iter().chain(&p.female).sum::<u32>()) as usize, people, "{name}: pyramid total");
    }
}

#[test]
fn population_pyramid_bands_by_age_and_sex() {
    let meth = Methodology::default_pk21();
    let f = fam(vec![
        m(1, 1, 2, 1, "1946-06-30"), // 75 → last band
        m(2, 2, 2, 2, "1950-01-01"), // 71 → 70-74
        m(3, 1, 1, 3, "2016-07-01"), // 4 → 0-4
        m(4, 2, 1, 3, "2016-06-30"), // 5 → 5-9
        m(5, 2, 1, 3, "1930-01-01"), // 91 → 75+
    ]);
    let p = Population::from_families(&meth, 2021, &[f]);
    let mut male = [0; 16];
    male[15] = 1;
    male[0] = 1;
    let mut female = [0; 16];
    female[14] = 1;
    female[1] = 1;
    female[15] = 1;
    assert_eq!((p.male, p.female), (male, female));
    assert_eq!(AGE_BANDS[15], (75, None));
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["families"], 1);
    assert_eq!(v["male"].as_array().unwrap().len(), 16);
}
