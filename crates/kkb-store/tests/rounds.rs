//! Census rounds (issue 12): the operator's import opens and publishes rounds, web writes go into open rounds
//! only, the default round is the latest published one, and a round is withdrawn with everything it holds; on
//! SQLite and PostgreSQL.

mod common;

use common::{backends, code, families};
use kkb_domain::pk::Family;
use kkb_store::StoreError;

fn without_niks(mut fams: Vec<Family>) -> Vec<Family> {
    for f in &mut fams {
        for p in &mut f.people {
            p.nik = None;
        }
    }
    fams
}

#[test]
fn the_default_round_is_the_latest_published_one() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 60, 5, 2021);
        s.import_round(&fams, "csv a + b").unwrap();
        let r = s.round(None).unwrap();
        assert_eq!(r.year, 2021, "{}", b.name);
        assert_eq!(r.published.as_ref().map(|p| p.1.as_str()), Some("csv a + b"), "the operator's import publishes");

        // A round opened is not the default until it is published.
        let opened = s.open_round(2100, "prov").unwrap();
        assert_eq!((opened.published.as_ref(), opened.opened_by.as_str()), (None, "prov"));
        assert!(matches!(s.open_round(2100, "prov"), Err(StoreError::Conflict(_))));
        assert_eq!(s.round(None).unwrap().year, 2021, "{}", b.name);
        assert_eq!(s.rounds().unwrap()[0].year, 2100, "listed, newest first");
        let version = s.data_version().unwrap();
        s.publish_round(2100, "prov").unwrap();
        assert_ne!(s.data_version().unwrap(), version, "caches see the publication");
        assert_eq!(s.round(None).unwrap().year, 2100);
        assert!(matches!(s.publish_round(2100, "prov"), Err(StoreError::Conflict(_))));
        assert!(matches!(s.publish_round(2033, "prov"), Err(StoreError::NotFound(_))));

        // Withdrawn while empty: the default is 2021 again.
        let version = s.data_version().unwrap();
        assert_eq!(s.withdraw_round(2100, 0).unwrap(), 0);
        assert_ne!(s.data_version().unwrap(), version);
        assert_eq!(s.round(None).unwrap().year, 2021, "{}", b.name);
        assert!(s.rounds().unwrap().iter().all(|r| r.year != 2100));
    }
}

#[test]
fn web_writes_go_into_open_rounds_only() {
    for b in backends() {
        let s = b.store();
        let base = families(s, 40, 6, 2021);
        s.import_round(&base, "base").unwrap();
        let next = without_niks(families(s, 30, 8, 2022));
        let nik_taken = |year: u16, _: kkb_domain::region::RegionCode, _: &str| {
            kkb_domain::problem::Reason::NikRegisteredElsewhere { year }
        };
        match s.import_open_rounds(&next, "web upload", &nik_taken) {
            Err(StoreError::Problems(ps)) => {
                assert_eq!(ps.len(), next.len(), "{}", b.name);
                assert_eq!((ps[0].column.as_str(), ps[0].value.as_str(), ps[0].row), ("pk_year", "2022", next[0].row));
                assert!(matches!(ps[0].reason, kkb_domain::problem::Reason::RoundNotOpen { .. }), "{:?}", ps[0].reason);
            }
            other => panic!("{}: {other:?}", b.name),
        }
        assert!(s.rounds().unwrap().iter().all(|r| r.year != 2022), "no round was created");
        let mut edited = next[0].clone();
        edited.key.year = 2022;
        assert!(
            matches!(s.save_family(&edited, None, "web"), Err(StoreError::Problems(p)) if p[0].column == "pk_year")
        );

        s.open_round(2022, "prov").unwrap();
        let r = s.import_open_rounds(&next, "web upload", &nik_taken).unwrap();
        assert_eq!(r.families, next.len() as u64);
        assert_eq!(s.round(None).unwrap().year, 2021, "not published yet");
        assert_eq!(s.region_figures(code("17"), Some(2022), false).unwrap().families, next.len() as i64);

        // A NIK another family holds is worded by the caller.
        let donor = base.iter().find_map(|f| f.people.iter().find_map(|p| p.nik)).unwrap();
        let mut thief = without_niks(vec![base[1].clone()]).remove(0);
        thief.key.family_id = "WEB-9".into();
        thief.people[0].nik = Some(donor);
        match s.import_open_rounds(&[thief], "web upload", &nik_taken) {
            Err(StoreError::Problems(ps)) => assert!(
                matches!(ps[0].reason, kkb_domain::problem::Reason::NikRegisteredElsewhere { .. }),
                "{}",
                b.name
            ),
            other => panic!("{}: {other:?}", b.name),
        }
    }
}

#[test]
fn a_round_is_withdrawn_with_its_families_after_confirming_their_number() {
    for b in backends() {
        let s = b.store();
        let base = families(s, 40, 9, 2021);
        s.import_round(&base, "base").unwrap();
        // A round of a year that is not (birth dates of 2021, pk_year 2100).
        let mut mistaken = families(s, 25, 10, 2021);
        for f in &mut mistaken {
            f.key.year = 2100;
        }
        s.import_round(&mistaken, "csv 2100").unwrap();
        assert_eq!(s.round(None).unwrap().year, 2100);
        let n = mistaken.len() as i64;
        assert!(matches!(s.withdraw_round(2100, n - 1), Err(StoreError::Conflict(_))), "{}", b.name);
        assert_eq!(s.region_figures(code("17"), Some(2100), false).unwrap().families, n, "nothing deleted");
        assert_eq!(s.withdraw_round(2100, n).unwrap(), n);
        assert_eq!(s.round(None).unwrap().year, 2021);
        assert!(matches!(s.region_figures(code("17"), Some(2100), false), Err(StoreError::NotFound(_))));
        let f = &mistaken[0];
        assert!(s.family(2100, f.key.village, &f.key.family_id).unwrap().is_none());
        // Its NIKs are free again: the same families import into a new round 2100 without conflicts.
        s.open_round(2100, "prov").unwrap();
        s.import_round(&mistaken, "csv 2100").unwrap();
        let nik = mistaken.iter().find_map(|f| f.people.iter().find_map(|p| p.nik)).unwrap();
        assert!(s.family_by_nik(2100, nik.as_str()).unwrap().is_some());
        assert_eq!(s.region_figures(code("17"), Some(2021), false).unwrap().families, base.len() as i64);
        s.check().unwrap();
    }
}
