//! The Kampung KB registry's storage, on SQLite and PostgreSQL.

mod common;

use common::*;
use kkb_domain::date::Date;
use kkb_domain::kampung::*;
use kkb_domain::region::RegionCode;
use kkb_store::{Coverage, MAX_DOCUMENT_BYTES, Store, StoreError};
use serde_json::json;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// The first `n` villages of a district, from the store's region table.
fn villages(s: &Store, district: &str, n: usize) -> Vec<RegionCode> {
    s.children(code(district)).unwrap().into_iter().take(n).map(|r| r.code).collect()
}

fn first_district(s: &Store, regency: &str) -> String {
    s.children(code(regency)).unwrap()[0].code.to_string()
}

fn rec(village: RegionCode, launch: &str) -> KampungRecord {
    KampungRecord {
        village,
        name: format!("Kampung KB {village}"),
        launch_date: d(launch),
        decree: Some(Decree {
            number: "5/2018".into(),
            date: d(launch),
            regulation_type: RegulationType::SkKepalaDesa,
        }),
        rws: vec!["RW 01".into(), "Dusun II".into()],
        description: "Kampung nelayan".into(),
        location: Some(Location { lat: -3.79, lng: 102.26 }),
        criteria: SelectionCriteria {
            utama: [MainCriterion::KesertaanKbRendah].into(),
            wilayah: [AreaCriterion::PesisirNelayan].into(),
            khusus: Default::default(),
        },
        active: true,
        model: ModelFlags { kabupaten: true, provinsi: false },
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap()
}

fn report(village: RegionCode, month: &str, pus: u32) -> MonthlyReport {
    MonthlyReport {
        village,
        month: ym(month),
        pus,
        contraceptive_users: ContraceptiveUsers { mow: 1, mop: 0, iud: 4, implan: 5, suntik: 20, pil: 10, kondom: 2 },
        pus_not_using: PusNotUsing { hamil: 3, ingin_anak_segera: 2, iat: 4, tial: 5 },
        participants: Participants { bkb: 10, bkr: 8, bkl: 6, uppka: 4, pik_r: 2 },
    }
}

fn problem_columns(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Problems(p) => p.into_iter().map(|p| p.column).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn records_upsert_and_list_by_region_prefix() {
    for b in backends() {
        let s = b.store();
        let d1 = first_district(s, "17.71");
        let vs = villages(s, &d1, 2);
        let other = villages(s, &first_district(s, "17.01"), 1)[0];
        for v in vs.iter().chain([&other]) {
            s.upsert_kampung(&rec(*v, "2018-03-01")).unwrap();
        }
        let first = s.kampung(vs[0]).unwrap().unwrap();
        assert_eq!(first.criteria.wilayah, [AreaCriterion::PesisirNelayan].into(), "{}", b.name);
        assert!(!first.created_at.is_empty());
        let mut changed = rec(vs[0], "2019-01-01");
        changed.active = false;
        let stored = s.upsert_kampung(&changed).unwrap();
        assert_eq!(stored.created_at, first.created_at, "{}: creation time kept", b.name);
        let got = s.kampung(vs[0]).unwrap().unwrap();
        assert_eq!((got.launch_date, got.active), (d("2019-01-01"), false));
        let in_city: Vec<_> = s.kampungs(Some(code("17.71"))).unwrap().into_iter().map(|k| k.village).collect();
        assert_eq!(in_city, vs, "{}", b.name);
        assert_eq!(s.kampungs(Some(code(&d1))).unwrap().len(), 2);
        assert_eq!(s.kampungs(Some(vs[1])).unwrap().len(), 1);
        assert_eq!(s.kampungs(None).unwrap().len(), 3);
        assert!(s.kampung(villages(s, &d1, 3)[2]).unwrap().is_none());
        // Not a village; an invalid record: refused, nothing saved.
        let mut bad = rec(vs[0], "2018-01-01");
        bad.village = code(&d1);
        assert_eq!(problem_columns(s.upsert_kampung(&bad).unwrap_err()), ["village"]);
        let mut bad = rec(vs[1], "2099-01-01");
        bad.name = String::new();
        assert_eq!(problem_columns(s.upsert_kampung(&bad).unwrap_err()), ["name", "launch_date", "decree.date"]);
        assert_eq!(s.kampung(vs[1]).unwrap().unwrap().name, rec(vs[1], "2018-03-01").name);
    }
}

fn profile(from: &str, members: u32) -> Profile {
    let mut p = Profile::empty(d(from));
    p.pokja = Pokja { exists: true, decree: true, members, trained: members > 5 };
    p.programs = [Program::Bkb, Program::PikR].into();
    p.operations = [(Operation::Monev, Frequency::Triwulan)].into();
    p
}

#[test]
fn profiles_keep_history_and_answer_profile_at() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        assert!(matches!(s.save_profile(v, &profile("2024-01-01", 3)), Err(StoreError::NotFound(_))));
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        assert!(s.active_profile(v).unwrap().is_none());
        s.save_profile(v, &profile("2024-01-01", 3)).unwrap();
        s.save_profile(v, &profile("2025-01-01", 9)).unwrap();
        // An older version saved later is history; the latest valid_from stays active.
        let old = s.save_profile(v, &profile("2023-01-01", 1)).unwrap();
        assert!(!old.active, "{}", b.name);
        let active = s.active_profile(v).unwrap().unwrap();
        assert_eq!((active.profile.valid_from, active.profile.pokja.members), (d("2025-01-01"), 9));
        assert_eq!(active.profile, profile("2025-01-01", 9));
        let at = |date: &str| s.profile_at(v, d(date)).unwrap().map(|p| p.profile.pokja.members);
        assert_eq!(at("2022-12-31"), None);
        assert_eq!(at("2023-01-01"), Some(1));
        assert_eq!(at("2024-06-30"), Some(3));
        assert_eq!(at("2024-12-31"), Some(3));
        assert_eq!(at("2025-01-01"), Some(9));
        let history: Vec<_> = s.profile_history(v).unwrap().iter().map(|p| (p.profile.valid_from, p.active)).collect();
        assert_eq!(history, [(d("2025-01-01"), true), (d("2024-01-01"), false), (d("2023-01-01"), false)]);
    }
}

#[test]
fn a_second_profile_for_the_same_date_is_a_conflict_naming_it() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        s.save_profile(v, &profile("2024-01-01", 3)).unwrap();
        match s.save_profile(v, &profile("2024-01-01", 7)) {
            Err(StoreError::Refused(r)) => {
                assert_eq!(
                    r,
                    kkb_domain::problem::Reason::ProfileExists { from: Date::parse_iso("2024-01-01").unwrap() }
                )
            }
            other => panic!("{}: {other:?}", b.name),
        }
        let mut bad = profile("2024-02-01", 0);
        bad.pokja.exists = false;
        bad.pokja.decree = false;
        bad.pokja.members = 4;
        assert_eq!(problem_columns(s.save_profile(v, &bad).unwrap_err()), ["pokja.members"]);
        let history = s.profile_history(v).unwrap();
        assert_eq!(history.len(), 1, "{}: nothing saved", b.name);
        assert_eq!(history[0].profile.pokja.members, 3);
    }
}

#[test]
fn report_validation_errors_are_surfaced_and_nothing_saved() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        let cases: &[(MonthlyReport, &[&str])] = &[
            (report(v, "2025-01", 10), &["contraceptive_users", "pus_not_using"]),
            (report(v, "2025-01", 50), &["pus"]),
            (report(v, "2099-01", 100), &["month"]),
            (report(v, "2013-12", 100), &["month"]),
        ];
        for (r, want) in cases {
            assert_eq!(problem_columns(s.save_report(r, true).unwrap_err()), *want, "{}: {}", b.name, r.month);
        }
        assert!(s.latest_report(v).unwrap().is_none(), "{}", b.name);
        assert!(s.reports(v, ym("2000-01"), ym("2100-12")).unwrap().is_empty());
    }
}

#[test]
fn reports_are_unique_per_month_unless_replaced() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        assert!(matches!(s.save_report(&report(v, "2025-01", 100), false), Err(StoreError::NotFound(_))));
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        for m in ["2024-11", "2025-01", "2024-12"] {
            assert!(!s.save_report(&report(v, m, 100), false).unwrap());
        }
        match s.save_report(&report(v, "2025-01", 120), false) {
            Err(StoreError::Refused(r)) => {
                assert_eq!(r, kkb_domain::problem::Reason::ReportExists { month: YearMonth::new(2025, 1).unwrap() })
            }
            other => panic!("{}: {other:?}", b.name),
        }
        assert_eq!(s.report(v, ym("2025-01")).unwrap().unwrap().pus, 100);
        assert!(s.save_report(&report(v, "2025-01", 120), true).unwrap());
        assert_eq!(s.report(v, ym("2025-01")).unwrap().unwrap(), report(v, "2025-01", 120));
        assert_eq!(s.latest_report(v).unwrap().unwrap().month, ym("2025-01"));
        let months: Vec<String> =
            s.reports(v, ym("2024-12"), ym("2025-01")).unwrap().iter().map(|r| r.month.to_string()).collect();
        assert_eq!(months, ["2024-12", "2025-01"], "{}", b.name);
        assert!(s.report(v, ym("2024-10")).unwrap().is_none());
    }
}

#[test]
fn activities_round_trip() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        let a = Activity {
            date: d("2025-02-10"),
            place: "Balai desa".into(),
            description: "Kelas BKB".into(),
            function: FamilyFunction::SosialisasiPendidikan,
            targets: [Target::KeluargaBalita, Target::Balita].into(),
            agencies: vec!["puskesmas".into(), "bkkbn".into(), "dinas_sosial".into()],
            inpres_area: InpresArea::LayananRujukan,
            plan_item: Some(7),
        };
        let mut earlier = a.clone();
        earlier.date = d("2024-05-01");
        earlier.agencies = vec!["opd_kb".into(), "kua".into()];
        let id = s.add_activity(v, &a).unwrap();
        let id0 = s.add_activity(v, &earlier).unwrap();
        let got = s.activities(v).unwrap();
        assert_eq!(got.iter().map(|g| g.id).collect::<Vec<_>>(), [id0, id], "{}: by date", b.name);
        assert_eq!(got[1].activity, a);
        assert_eq!(cross_sector_agencies(got.iter().map(|g| &g.activity)), 3);
        let mut bad = a.clone();
        bad.description = " ".into();
        assert_eq!(problem_columns(s.add_activity(v, &bad).unwrap_err()), ["description"]);
        assert_eq!(s.activities(v).unwrap().len(), 2, "{}: nothing saved", b.name);
    }
}

#[test]
fn documents_are_checked_by_type_and_size() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        let png = b"\x89PNG\r\n\x1a\nrest-of-image".to_vec();
        let meta = s.add_document(v, "C:\\foto\\balai.png", "image/png", &png).unwrap();
        assert_eq!((meta.filename.as_str(), meta.size), ("balai.png", png.len() as i64));
        let pdf = b"%PDF-1.4 sk".to_vec();
        let meta2 = s.add_document(v, "sk.pdf", "application/pdf", &pdf).unwrap();
        assert!(meta2.sha256.len() == 64 && meta2.sha256.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(meta2.content_type, "application/pdf");
        let got = s.document(meta.id).unwrap().unwrap();
        assert_eq!((got.bytes, got.meta), (png.clone(), meta.clone()), "{}", b.name);
        let cases: &[(&str, Vec<u8>, &str)] = &[
            ("image/gif", b"GIF89a....".to_vec(), "content_type"),
            ("image/jpeg", png.clone(), "content_type"),
            ("image/png", Vec::new(), "file"),
            ("application/pdf", [b"%PDF-".as_slice(), &vec![0u8; MAX_DOCUMENT_BYTES]].concat(), "file"),
        ];
        for (declared, bytes, column) in cases {
            assert_eq!(problem_columns(s.add_document(v, "x", declared, bytes).unwrap_err()), [*column], "{declared}");
        }
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg.resize(MAX_DOCUMENT_BYTES, 7);
        assert_eq!(s.add_document(v, "full.jpg", "image/jpeg", &jpeg).unwrap().size, MAX_DOCUMENT_BYTES as i64);
        let names: Vec<_> = s.documents(v).unwrap().into_iter().map(|m| m.filename).collect();
        assert_eq!(names, ["balai.png", "sk.pdf", "full.jpg"], "{}", b.name);
    }
}

#[test]
fn class_history_appends_only_on_change() {
    for b in backends() {
        let s = b.store();
        let v = villages(s, &first_district(s, "17.71"), 1)[0];
        s.upsert_kampung(&rec(v, "2018-01-01")).unwrap();
        let steps = [
            ("2025-01-01", "dasar", true),
            ("2025-02-01", "dasar", false),
            ("2025-03-01", "berkembang", true),
            ("2025-04-01", "berkembang", false),
            ("2025-05-01", "dasar", true),
        ];
        for (date, class, appended) in steps {
            let detail = json!({"indices": {"input": 2.5}, "date": date});
            assert_eq!(s.record_class(v, d(date), class, &detail).unwrap(), appended, "{}: {date}", b.name);
        }
        let h = s.class_history(v).unwrap();
        let got: Vec<_> = h.iter().map(|c| (c.date.to_string(), c.class.as_str())).collect();
        assert_eq!(
            got,
            [("2025-01-01".into(), "dasar"), ("2025-03-01".into(), "berkembang"), ("2025-05-01".into(), "dasar")]
        );
        assert_eq!(h[1].detail["date"], "2025-03-01");
    }
}

#[test]
fn coverage_counts_villages_and_formed_kampung_by_date() {
    for b in backends() {
        let s = b.store();
        let city = code("17.71");
        let d1 = first_district(s, "17.71");
        let vs = villages(s, &d1, 3);
        let regency_village = villages(s, &first_district(s, "17.01"), 1)[0];
        s.upsert_kampung(&rec(vs[0], "2017-01-01")).unwrap();
        s.upsert_kampung(&rec(vs[1], "2020-06-30")).unwrap();
        let mut inactive = rec(vs[2], "2016-01-01");
        inactive.active = false;
        s.upsert_kampung(&inactive).unwrap();
        s.upsert_kampung(&rec(regency_village, "2019-01-01")).unwrap();

        let city_villages = s.children(city).unwrap().iter().map(|k| s.children(k.code).unwrap().len() as i64).sum();
        let district_villages = s.children(code(&d1)).unwrap().len() as i64;
        let province_villages: i64 = s
            .children(code("17"))
            .unwrap()
            .iter()
            .flat_map(|r| s.children(r.code).unwrap())
            .map(|k| s.children(k.code).unwrap().len() as i64)
            .sum();
        assert_eq!(s.coverage(city, None).unwrap(), Coverage { villages: city_villages, formed: 2 }, "{}", b.name);
        assert_eq!(s.coverage(city, Some(d("2020-06-29"))).unwrap().formed, 1);
        assert_eq!(s.coverage(city, Some(d("2020-06-30"))).unwrap().formed, 2);
        assert_eq!(s.coverage(city, Some(d("2016-12-31"))).unwrap().formed, 0);
        assert_eq!(s.coverage(code("17"), None).unwrap(), Coverage { villages: province_villages, formed: 3 });
        assert_eq!(s.coverage(vs[0], None).unwrap(), Coverage { villages: 1, formed: 1 });
        assert_eq!(s.coverage(vs[2], None).unwrap(), Coverage { villages: 1, formed: 0 });

        let regencies = s.coverage_children(code("17"), Some(d("2019-12-31"))).unwrap();
        assert_eq!(regencies.len(), 10, "{}", b.name);
        for rc in &regencies {
            assert_eq!(rc.coverage, s.coverage(rc.region.code, Some(d("2019-12-31"))).unwrap(), "{}", rc.region.code);
        }
        let total: i64 = regencies.iter().map(|r| r.coverage.villages).sum();
        assert_eq!(total, province_villages);
        assert_eq!(regencies.iter().map(|r| r.coverage.formed).sum::<i64>(), 2);
        let in_district = s.coverage_children(code(&d1), None).unwrap();
        assert_eq!(in_district.len() as i64, district_villages);
        let formed: Vec<_> = in_district.iter().filter(|r| r.coverage.formed == 1).map(|r| r.region.code).collect();
        assert_eq!(formed, &vs[..2]);
        assert!(in_district.iter().all(|r| r.coverage.villages == 1));
    }
}

#[test]
fn family_imports_and_edits_recompute_the_classes_of_their_villages() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 300, 41, 2021);
        let v = fams[0].key.village;
        let other = fams.iter().map(|f| f.key.village).find(|x| *x != v).unwrap();
        // Two Kampung recorded but not classified yet (registry writes leave that to their callers).
        s.upsert_kampung(&rec(v, "2019-01-01")).unwrap();
        s.upsert_kampung(&rec(other, "2019-01-01")).unwrap();
        assert_eq!(s.class_counts(code("17")).unwrap().unclassified, 2, "{}", b.name);
        // Importing families of the first village only classifies its Kampung, from the new population.
        let mine: Vec<_> = fams.iter().filter(|f| f.key.village == v).cloned().collect();
        s.import_round(&mine, "pk").unwrap();
        let live = s.kampung_status(v).unwrap().unwrap().classification.class;
        assert_eq!(s.kampung_classes(v).unwrap()[&v], Some(live), "{}", b.name);
        assert_eq!(s.class_history(v).unwrap().len(), 1);
        assert_eq!(s.kampung_classes(other).unwrap()[&other], None, "another village is not touched");
        // A family saved from a form does the same for its village.
        let theirs = fams.iter().find(|f| f.key.village == other).unwrap();
        s.save_family(theirs, None, "web").unwrap();
        assert!(s.kampung_classes(other).unwrap()[&other].is_some(), "{}", b.name);
        assert_eq!(s.class_counts(code("17")).unwrap().unclassified, 0);
    }
}
