//! The store conformance suite: every behaviour on SQLite and on PostgreSQL.

mod common;

use common::*;
use kkb_domain::figures::{Figures, RegionRef};
use kkb_domain::methodology::Methodology;
use kkb_domain::region::{Level, Region};
use kkb_store::StoreError;

fn expected_figures(b: &Backend, fams: &[kkb_domain::pk::Family], c: &str, year: u16) -> Figures {
    let region = b.store().region(code(c)).unwrap().unwrap();
    let m = Methodology::default_pk21();
    Figures::from_tally(
        RegionRef { code: region.code, name: region.name, level: region.code.level() },
        year,
        &m,
        &expected(fams, code(c), year),
    )
}

fn assert_figures(b: &Backend, fams: &[kkb_domain::pk::Family], year: u16) {
    let store = b.store();
    let prov = store.region_figures(code("17"), Some(year), true).unwrap();
    let mut got = prov.clone();
    got.children = None;
    assert_eq!(got, expected_figures(b, fams, "17", year), "{}: province", b.name);
    let kids = prov.children.unwrap();
    assert_eq!(kids.len(), 10, "{}", b.name);
    for k in &kids {
        assert_eq!(k, &expected_figures(b, fams, &k.region.code.to_string(), year), "{}", b.name);
    }
    let village = fams[0].key.village.to_string();
    let mut v = store.region_figures(code(&village), Some(year), true).unwrap();
    assert_eq!(v.children.take().unwrap(), vec![], "a village has no children");
    assert_eq!(v, expected_figures(b, fams, &village, year), "{}: village", b.name);
    let report = store.check().unwrap();
    assert!(report.differences.is_empty(), "{}: {:?}", b.name, report.differences);
}

#[test]
fn fresh_database_has_the_official_regions_and_methodology() {
    for b in backends() {
        let s = b.store();
        assert_eq!(s.region_count().unwrap(), 91_599, "{}", b.name);
        assert_eq!(s.children(code("17")).unwrap().len(), 10);
        assert_eq!(s.region(code("17.71")).unwrap().unwrap().name, "Kota Bengkulu");
        assert_eq!(s.methodology("pk21-v1").unwrap().variable_count(), 17);
        assert!(s.rounds().unwrap().is_empty());
        assert!(matches!(s.region_figures(code("17"), None, false), Err(StoreError::NotFound(_))));
    }
}

#[test]
fn import_gives_exact_figures_at_every_level() {
    for b in backends() {
        let fams = families(b.store(), 600, 11, 2021);
        let r = b.store().import_round(&fams, "test").unwrap();
        assert_eq!((r.families, r.replaced), (600, 0));
        assert_figures(&b, &fams, 2021);
        let round = b.store().round(None).unwrap();
        assert_eq!((round.year, round.families, round.methodology_id.as_str()), (2021, 600, "pk21-v1"));
    }
}

#[test]
fn reimport_is_idempotent_and_bumps_versions() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 300, 5, 2022);
        s.import_round(&fams, "first").unwrap();
        let before = s.region_figures(code("17"), Some(2022), true).unwrap();
        let r = s.import_round(&fams, "again").unwrap();
        assert_eq!(r.replaced, 300, "{}", b.name);
        assert_eq!(s.region_figures(code("17"), Some(2022), true).unwrap(), before, "{}", b.name);
        let f = &fams[7];
        let stored = s.family(2022, f.key.village, &f.key.family_id).unwrap().unwrap();
        assert_eq!(stored.summary.version, 2);
        assert_eq!(stored.answers, f.answers);
        assert!(s.check().unwrap().differences.is_empty());
    }
}

#[test]
fn aggregates_equal_recompute_after_any_sequence_of_imports() {
    for b in backends() {
        let s = b.store();
        // A round, then overlapping subsets with changed answers, then a second round.
        let base = families(s, 400, 21, 2021);
        s.import_round(&base, "base").unwrap();
        let mut current: std::collections::BTreeMap<_, _> = base.iter().map(|f| (f.key.clone(), f.clone())).collect();
        let mut rng = 0x9e3779b97f4a7c15u64;
        for step in 0..4 {
            let mut batch = Vec::new();
            for f in base.iter() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                if rng.is_multiple_of(5) {
                    let mut g = f.clone();
                    for (i, c) in g.answers.coded.iter_mut().enumerate().take(23) {
                        if (rng >> i) & 3 == 0 {
                            *c = (*c + 1) % 3; // cycles 0 → 1 → 2 → 0 (empty)
                        }
                    }
                    batch.push(g);
                }
            }
            s.import_round(&batch, &format!("step {step}")).unwrap();
            for g in batch {
                current.insert(g.key.clone(), g);
            }
            let now: Vec<_> = current.values().cloned().collect();
            assert_figures(&b, &now, 2021);
        }
        let second = families(s, 150, 99, 2023);
        s.import_round(&second, "2023").unwrap();
        assert_figures(&b, &second, 2023);
        let now: Vec<_> = current.values().cloned().collect();
        assert_figures(&b, &now, 2021);
        assert_eq!(s.round(None).unwrap().year, 2023, "latest round is the default");
        // recompute changes nothing when everything is consistent.
        let r = s.recompute(None).unwrap();
        assert_eq!((r.families, r.rescored), (550, 0), "{}", b.name);
        assert_figures(&b, &now, 2021);
    }
}

#[test]
fn nik_already_used_in_another_family_rejects_the_whole_import() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 50, 3, 2021);
        s.import_round(&fams, "base").unwrap();
        let before = s.region_figures(code("17"), Some(2021), false).unwrap();
        // A new family that reuses a stored member's NIK, plus an innocent new family.
        let donor = fams.iter().find(|f| f.people.iter().any(|p| p.nik.is_some())).unwrap();
        let mut thief = fams[1].clone();
        thief.key.family_id = "NEW-1".into();
        for p in &mut thief.people {
            p.nik = None;
        }
        thief.people[0].nik = donor.people.iter().find_map(|p| p.nik);
        thief.people[0].row = 77;
        let mut other = fams[2].clone();
        other.key.family_id = "NEW-2".into();
        for p in &mut other.people {
            p.nik = None;
        }
        match s.import_round(&[other, thief], "bad") {
            Err(StoreError::Problems(ps)) => {
                assert_eq!(ps.len(), 1, "{ps:?}");
                assert_eq!((ps[0].row, ps[0].column.as_str()), (77, "nik"));
                assert!(ps[0].reason.contains(&donor.key.family_id));
            }
            other => panic!("{}: expected problems, got {other:?}", b.name),
        }
        assert_eq!(s.region_figures(code("17"), Some(2021), false).unwrap(), before, "nothing written");
        assert!(s.family(2021, fams[2].key.village, "NEW-2").unwrap().is_none());
        // The NIK is found by its keyed hash.
        let nik = donor.people.iter().find_map(|p| p.nik).unwrap();
        assert_eq!(s.family_by_nik(2021, nik.as_str()).unwrap().unwrap().family_id, donor.key.family_id);
        let with_kk = fams.iter().find(|f| f.kk.is_some()).unwrap();
        let found = s.families_by_kk(2021, with_kk.kk.as_ref().unwrap().as_str()).unwrap();
        assert_eq!(found.iter().map(|f| &f.family_id).collect::<Vec<_>>(), [&with_kk.key.family_id]);
        assert!(s.families_by_kk(2022, with_kk.kk.as_ref().unwrap().as_str()).unwrap().is_empty());
    }
}

#[test]
fn personal_data_round_trips_but_is_not_stored_in_clear() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 40, 8, 2021);
        s.import_round(&fams, "pii").unwrap();
        let f = fams.iter().find(|f| f.kk.is_some() && f.people.len() > 1).unwrap();
        let stored = s.family(2021, f.key.village, &f.key.family_id).unwrap().unwrap();
        assert_eq!(stored.kk.as_deref(), f.kk.as_ref().map(|k| k.as_str()));
        let people: Vec<_> =
            f.people.iter().map(|p| (p.member_no, p.nik.map(|n| n.as_str().to_string()), p.name.clone())).collect();
        assert_eq!(stored.people, people);
        if let Some(path) = &b.sqlite_path {
            drop(b.store().check().unwrap());
            let bytes =
                [std::fs::read(path).unwrap(), std::fs::read(path.with_extension("db-wal")).unwrap_or_default()]
                    .concat();
            let text = String::from_utf8_lossy(&bytes);
            for f in &fams {
                for p in &f.people {
                    if let Some(n) = p.nik {
                        assert!(!text.contains(n.as_str()), "a NIK is in the database file");
                    }
                    assert!(!text.contains(&p.name), "a name is in the database file");
                }
            }
        }
    }
}

#[test]
fn another_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let open = |key: u8| {
        let conn: Box<dyn kkb_store::conn::Conn> =
            Box::new(kkb_store::sqlite::SqliteConn::open(path.to_str().unwrap()).unwrap());
        kkb_store::Store::with_conn(conn, kkb_store::vault::Vault::from_key(&[key; 32]))
    };
    drop(open(1).unwrap());
    assert!(matches!(open(2), Err(StoreError::Key(_))));
    assert!(open(1).is_ok());
}

#[test]
fn empty_regions_and_missing_rounds() {
    for b in backends() {
        let s = b.store();
        // Only one village gets families: its siblings print zeros and nulls.
        let mut fams = families(s, 30, 4, 2021);
        let village = fams[0].key.village;
        fams.retain(|f| f.key.village == village);
        s.import_round(&fams, "one village").unwrap();
        let district = village.parent().unwrap();
        let f = s.region_figures(district, None, true).unwrap();
        let kids = f.children.unwrap();
        assert_eq!(kids.len(), s.children(district).unwrap().len());
        let empty = kids.iter().find(|k| k.region.code != village).unwrap();
        assert_eq!((empty.families, empty.ibangga), (0, None));
        assert!(empty.variables.iter().all(|v| v.applicable == 0 && v.percent.is_none()));
        assert_eq!(empty.variables.len(), 17);
        // Another province: a region with no families in an existing round.
        let aceh = s.region_figures(code("11"), Some(2021), false).unwrap();
        assert_eq!((aceh.families, aceh.scored_families, aceh.ibangga), (0, 0, None));
        assert!(matches!(s.region_figures(code("17"), Some(2030), false), Err(StoreError::NotFound(_))));
        assert!(matches!(s.region_figures(code("99.99"), Some(2021), false), Err(StoreError::NotFound(_))));
    }
}

#[test]
fn region_table_loads_are_upserts() {
    for b in backends() {
        let s = b.store();
        let renamed =
            Region { code: code("17.01"), name: "Kabupaten Bengkulu Selatan Baru".into(), kind: "kabupaten".into() };
        let added = Region { code: code("17.01.99"), name: "Kecamatan Uji".into(), kind: String::new() };
        let same = s.region(code("17")).unwrap().unwrap();
        let r = s.load_regions(&[renamed, added, same]).unwrap();
        assert_eq!((r.inserted, r.updated, r.unchanged), (1, 1, 1), "{}", b.name);
        assert_eq!(s.region(code("17.01")).unwrap().unwrap().name, "Kabupaten Bengkulu Selatan Baru");
        assert_eq!(s.region(code("17.01.99")).unwrap().unwrap().code.level(), Level::District);
        assert_eq!(s.region_count().unwrap(), 91_600);
    }
}

#[test]
fn drill_down_lists_the_families_behind_a_number() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 500, 12, 2021);
        s.import_round(&fams, "drill").unwrap();
        let village = fams[0].key.village;
        let fig = s.region_figures(village, Some(2021), false).unwrap();
        let all = s.village_families(2021, village, None).unwrap();
        assert_eq!(all.len() as i64, fig.families);
        for c in kkb_domain::methodology::Category::ALL {
            let listed = s.village_families(2021, village, Some(c)).unwrap();
            assert_eq!(listed.len() as i64, fig.categories[c.as_str()]["families"].as_i64().unwrap(), "{}", b.name);
        }
    }
}
