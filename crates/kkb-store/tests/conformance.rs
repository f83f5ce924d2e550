//! The store conformance suite: every behaviour on SQLite and on PostgreSQL.

mod common;

use common::*;
use kkb_domain::access::Role;
use kkb_domain::figures::{Figures, RegionRef};
use kkb_domain::methodology::Methodology;
use kkb_domain::problem::Reason;
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
                let village = donor.key.village.to_string();
                let family = donor.key.family_id.clone();
                assert_eq!(ps[0].reason, kkb_domain::problem::Reason::NikRegistered { year: 2021, family, village });
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
        let url = kkb_store::DatabaseUrl::Sqlite(path.clone());
        kkb_store::Store::connect(&url, kkb_store::vault::Vault::from_key(&[key; 32]), kkb_store::PoolConfig::default())
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

fn new_user<'a>(username: &'a str, scope: &'a str) -> kkb_store::NewUser<'a> {
    kkb_store::NewUser {
        username,
        display_name: "Petugas Uji",
        role: Role::Kabupaten,
        scope,
        agency: Some("DP3AP2KB"),
        password_hash: "$argon2id$v=19$fake",
    }
}

fn token(s: &str) -> [u8; 32] {
    *blake3::hash(s.as_bytes()).as_bytes()
}

#[test]
fn users_are_unique_ignoring_case_and_can_be_updated() {
    for b in backends() {
        let s = b.store();
        let ani = s.create_user(&new_user("Ani", "17.01")).unwrap();
        assert_eq!((ani.username.as_str(), ani.scope.as_str(), ani.active), ("Ani", "17.01", true), "{}", b.name);
        assert_eq!(ani.agency.as_deref(), Some("DP3AP2KB"));
        match s.create_user(&new_user("aNI", "")) {
            Err(StoreError::Refused(r)) => assert_eq!(r, Reason::UsernameTaken { username: "aNI".into() }),
            other => panic!("{}: expected a conflict, got {other:?}", b.name),
        }
        let budi = s.create_user(&new_user("budi", "")).unwrap();
        assert_ne!(budi.id, ani.id);
        assert_eq!(s.user(ani.id).unwrap().unwrap(), ani);
        assert!(s.user(9999).unwrap().is_none());
        let names: Vec<_> = s.users().unwrap().into_iter().map(|u| u.username).collect();
        assert_eq!(names, ["Ani", "budi"], "{}", b.name);

        let (found, hash) = s.user_for_login("ANI").unwrap().unwrap();
        assert_eq!((found.id, hash.as_str()), (ani.id, "$argon2id$v=19$fake"));
        assert!(s.user_for_login("nobody").unwrap().is_none());
        s.set_password_hash(ani.id, "$argon2id$v=19$new").unwrap();
        assert_eq!(s.user_for_login("ani").unwrap().unwrap().1, "$argon2id$v=19$new");

        s.update_user(ani.id, "Ani Lestari", Role::Admin, "17", None, false).unwrap();
        let ani2 = s.user(ani.id).unwrap().unwrap();
        assert_eq!(
            (ani2.display_name.as_str(), ani2.role, ani2.scope.as_str(), ani2.agency, ani2.active),
            ("Ani Lestari", Role::Admin, "17", None, false),
            "{}",
            b.name
        );
        assert_eq!((ani2.username, ani2.created_at), (ani.username, ani.created_at));
        assert!(s.user_for_login("ani").unwrap().is_some(), "an inactive account is still found for log-in");
        assert!(matches!(s.update_user(9999, "x", Role::Kader, "", None, true), Err(StoreError::NotFound(_))));
        assert!(matches!(s.set_password_hash(9999, "x"), Err(StoreError::NotFound(_))));

        // A stored role that is no role is not guessed at: reading the account fails.
        b.connect().batch("UPDATE users SET role = 'superuser' WHERE username_key = 'budi'").unwrap();
        assert!(matches!(s.user(budi.id), Err(StoreError::Corrupt(_))), "{}", b.name);
        assert!(matches!(s.user_for_login("budi"), Err(StoreError::Corrupt(_))), "{}", b.name);
        assert!(matches!(s.users(), Err(StoreError::Corrupt(_))), "{}", b.name);
    }
}

#[test]
fn sessions_expire_end_and_need_an_active_user() {
    for b in backends() {
        let s = b.store();
        let u = s.create_user(&new_user("sari", "17.01.01")).unwrap();
        let other = s.create_user(&new_user("tono", "")).unwrap();
        s.create_session(&token("a"), u.id, "csrf-a", 1_000).unwrap();
        s.create_session(&token("b"), u.id, "csrf-b", 2_000).unwrap();
        s.create_session(&token("c"), other.id, "csrf-c", 2_000).unwrap();
        assert!(matches!(s.create_session(&token("d"), 9999, "x", 2_000), Err(StoreError::NotFound(_))));

        let live = s.session(&token("a"), 999).unwrap().unwrap();
        assert_eq!((&live.user, live.csrf.as_str(), live.expires_at), (&u, "csrf-a", 1_000), "{}", b.name);
        assert!(!format!("{live:?}").contains("csrf-a"), "the CSRF token stays out of Debug output");
        assert!(s.session(&token("a"), 1_000).unwrap().is_none(), "expired at expires_at");
        assert!(s.session(&token("zzz"), 0).unwrap().is_none());

        assert_eq!(s.purge_expired_sessions(1_500).unwrap(), 1, "{}", b.name);
        assert!(s.session(&token("a"), 0).unwrap().is_none(), "purged");

        s.delete_session(&token("b")).unwrap();
        assert!(s.session(&token("b"), 0).unwrap().is_none());
        s.create_session(&token("b2"), u.id, "csrf", 2_000).unwrap();
        s.delete_user_sessions(u.id).unwrap();
        assert!(s.session(&token("b2"), 0).unwrap().is_none());
        assert!(s.session(&token("c"), 0).unwrap().is_some(), "other users keep their sessions");

        // An inactive account's sessions are refused, and deactivating ends them.
        s.create_session(&token("e"), u.id, "csrf", 2_000).unwrap();
        s.update_user(u.id, &u.display_name, u.role, &u.scope, None, false).unwrap();
        assert!(s.session(&token("e"), 0).unwrap().is_none(), "{}", b.name);
        s.update_user(u.id, &u.display_name, u.role, &u.scope, None, true).unwrap();
        assert!(s.session(&token("e"), 0).unwrap().is_none(), "deactivation ended the session for good");
    }
}

#[test]
fn api_tokens_act_for_active_users_until_revoked() {
    for b in backends() {
        let s = b.store();
        let u = s.create_user(&new_user("api", "17")).unwrap();
        let t = s.create_api_token(u.id, "dashboard export", &token("secret")).unwrap();
        assert_eq!(
            (t.user_id, t.username.as_str(), t.name.as_str(), t.last_used_at.as_deref(), t.revoked),
            (u.id, "api", "dashboard export", None, false)
        );
        assert!(matches!(s.create_api_token(9999, "x", &token("other")), Err(StoreError::NotFound(_))));
        assert!(matches!(s.create_api_token(u.id, "again", &token("secret")), Err(StoreError::Conflict(_))));

        assert_eq!(s.api_token_user(&token("secret")).unwrap(), Some(u.clone()), "{}", b.name);
        assert!(s.api_token_user(&token("wrong")).unwrap().is_none());
        let listed = s.api_tokens().unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].last_used_at.is_some(), "{}: use recorded", b.name);
        assert_eq!(s.api_token_user(&token("secret")).unwrap(), Some(u.clone()), "a second use within the minute");

        s.update_user(u.id, &u.display_name, u.role, &u.scope, None, false).unwrap();
        assert!(s.api_token_user(&token("secret")).unwrap().is_none(), "inactive account");
        s.update_user(u.id, &u.display_name, u.role, &u.scope, None, true).unwrap();
        assert!(s.api_token_user(&token("secret")).unwrap().is_some());

        s.revoke_api_token(t.id).unwrap();
        assert!(s.api_token_user(&token("secret")).unwrap().is_none(), "{}: revoked", b.name);
        assert!(s.api_tokens().unwrap()[0].revoked);
        assert!(matches!(s.revoke_api_token(9999), Err(StoreError::NotFound(_))));
    }
}

#[test]
fn audit_log_filters_and_pages_newest_first() {
    for b in backends() {
        let s = b.store();
        let entries = [
            (Some(1), "ani", "family.view", "2021/17.01.01.2001/F0001", "17.01.01.2001"),
            (Some(1), "ani", "family.update", "2021/17.01.01.2001/F0001", "17.01.01.2001"),
            (Some(2), "budi", "family.view_nik", "2021/17.01.02.2003/F0009", "17.01.02.2003"),
            (Some(2), "budi", "family.view", "2021/17.02.01.2001/F0002", "17.02.01.2001"),
            (None, "mallory", "login.failed", "", ""),
            (Some(1), "ani", "import", "2021", "17.01"),
            (Some(3), "cici", "family.view", "2021/17.10.01.2001/F0003", "17.10.01.2001"),
        ];
        for (user_id, username, action, target, region) in entries {
            s.audit(&kkb_store::AuditEntry { user_id, username, action, target, region, ip: "10.0.0.7", detail: "" })
                .unwrap();
        }
        let all = s.audit_log(&kkb_store::AuditFilter { limit: 100, ..Default::default() }).unwrap();
        assert_eq!(all.len(), 7, "{}", b.name);
        assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
        assert_eq!((all[0].username.as_str(), all[0].action.as_str()), ("cici", "family.view"));
        assert_eq!((all[2].user_id, all[2].target.as_str(), all[2].ip.as_str()), (None, "", "10.0.0.7"));
        assert!(all[0].at.ends_with('Z') && all[0].at.len() == 20, "{}", all[0].at);

        let regency = |before_id, limit| {
            s.audit_log(&kkb_store::AuditFilter {
                region_prefix: Some("17.01"),
                before_id,
                limit,
                ..Default::default()
            })
            .unwrap()
        };
        let targets = |rs: &[kkb_store::AuditRecord]| rs.iter().map(|r| r.region.clone()).collect::<Vec<_>>();
        assert_eq!(
            targets(&regency(None, 100)),
            ["17.01", "17.01.02.2003", "17.01.01.2001", "17.01.01.2001"],
            "{}: not 17.02, 17.10 or ''",
            b.name
        );
        let page1 = regency(None, 2);
        assert_eq!(page1.len(), 2);
        let page2 = regency(Some(page1[1].id), 2);
        assert_eq!(targets(&page2), ["17.01.01.2001", "17.01.01.2001"], "{}", b.name);
        assert_eq!(page2.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["family.update", "family.view"]);
        assert!(regency(Some(page2[1].id), 2).is_empty());

        let by = |username, action| {
            s.audit_log(&kkb_store::AuditFilter { username, action, limit: 100, ..Default::default() }).unwrap().len()
        };
        assert_eq!(by(Some("ani"), None), 3);
        assert_eq!(by(None, Some("family.view")), 3);
        assert_eq!(by(Some("budi"), Some("family.view")), 1);
        assert_eq!(by(Some("nobody"), None), 0);
        let province =
            s.audit_log(&kkb_store::AuditFilter { region_prefix: Some("17"), limit: 100, ..Default::default() });
        assert_eq!(province.unwrap().len(), 6, "{}", b.name);
    }
}

#[test]
fn descendant_figures_cover_every_region_of_a_level_with_zeros() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 300, 17, 2021);
        s.import_round(&fams, "ranking").unwrap();
        let village = fams[0].key.village;
        let district = village.parent().unwrap();
        let regency = district.parent().unwrap();
        let figures_each = |codes: Vec<kkb_domain::region::RegionCode>| -> Vec<Figures> {
            codes.into_iter().map(|c| s.region_figures(c, Some(2021), false).unwrap()).collect()
        };

        let villages = s.descendant_figures(district, Level::Village, None).unwrap();
        let want = figures_each(s.children(district).unwrap().into_iter().map(|r| r.code).collect());
        assert_eq!(villages, want, "{}: villages of {district}", b.name);
        assert!(villages.iter().any(|f| f.region.code == village && f.families > 0));
        assert!(villages.iter().all(|f| f.children.is_none()));

        let districts = s.descendant_figures(regency, Level::District, Some(2021)).unwrap();
        let want = figures_each(s.children(regency).unwrap().into_iter().map(|r| r.code).collect());
        assert_eq!(districts, want, "{}: districts of {regency}", b.name);
        let total: i64 = districts.iter().map(|f| f.families).sum();
        assert_eq!(total, s.region_figures(regency, Some(2021), false).unwrap().families);

        // Villages two levels down, and regions without families among them.
        let deep = s.descendant_figures(regency, Level::Village, None).unwrap();
        let mut codes = Vec::new();
        for d in s.children(regency).unwrap() {
            codes.extend(s.children(d.code).unwrap().into_iter().map(|r| r.code));
        }
        assert_eq!(deep.iter().map(|f| f.region.code).collect::<Vec<_>>(), codes, "{}: code order", b.name);
        let empty = deep.iter().find(|f| f.families == 0).expect("a village without families");
        assert_eq!((empty.scored_families, empty.ibangga), (0, None));
        assert_eq!(empty.variables.len(), 17);
        let per_village: i64 = deep.iter().map(|f| f.families).sum();
        assert_eq!(per_village, total);

        assert!(s.descendant_figures(district, Level::Regency, None).unwrap().is_empty());
        assert!(s.descendant_figures(district, Level::District, None).unwrap().is_empty());
        assert!(matches!(s.descendant_figures(code("99.99"), Level::Village, None), Err(StoreError::NotFound(_))));
        assert!(matches!(s.descendant_figures(district, Level::Village, Some(2030)), Err(StoreError::NotFound(_))));
    }
}

#[test]
fn save_family_adds_replaces_and_refuses_stale_versions() {
    for b in backends() {
        let s = b.store();
        let fams = families(s, 200, 31, 2021);
        s.import_round(&fams, "base").unwrap();
        let mut model: std::collections::BTreeMap<_, _> = fams.iter().map(|f| (f.key.clone(), f.clone())).collect();

        // A new family from a form.
        let mut fresh = fams[3].clone();
        fresh.key.family_id = "WEB-0001".into();
        for p in &mut fresh.people {
            p.nik = None;
        }
        fresh.rw = Some(4);
        fresh.rt = Some(12);
        let r = s.save_family(&fresh, None, "web: ani").unwrap();
        assert_eq!((r.years.as_slice(), r.families, r.replaced), (&[2021u16][..], 1, 0), "{}", b.name);
        model.insert(fresh.key.clone(), fresh.clone());
        let stored = s.family(2021, fresh.key.village, "WEB-0001").unwrap().unwrap();
        assert_eq!((stored.summary.version, stored.rw, stored.rt), (1, Some(4), Some(12)), "{}", b.name);
        assert_eq!(stored.answers, fresh.answers);
        let now: Vec<_> = model.values().cloned().collect();
        assert_figures(&b, &now, 2021);

        // "New" twice is a conflict.
        match s.save_family(&fresh, None, "web: ani") {
            Err(StoreError::Refused(r)) => assert_eq!(r, Reason::FamilyExists { family: "WEB-0001".into() }),
            other => panic!("{}: expected a conflict, got {other:?}", b.name),
        }

        // An edit of version 1: changed answers, the same effect on the tallies as a re-import.
        let mut edited = fams[10].clone();
        for c in edited.answers.coded.iter_mut().take(23).step_by(2) {
            *c = (*c + 1) % 3;
        }
        edited.rw = Some(7);
        let before = s.family(2021, edited.key.village, &edited.key.family_id).unwrap().unwrap();
        assert_eq!(before.summary.version, 1);
        assert_eq!((before.rw, before.rt), (fams[10].rw, fams[10].rt), "{}", b.name);
        let r = s.save_family(&edited, Some(1), "web: ani").unwrap();
        assert_eq!((r.families, r.replaced), (1, 1));
        model.insert(edited.key.clone(), edited.clone());
        let after = s.family(2021, edited.key.village, &edited.key.family_id).unwrap().unwrap();
        assert_eq!((after.summary.version, after.rw, after.answers.clone()), (2, Some(7), edited.answers.clone()));
        let now: Vec<_> = model.values().cloned().collect();
        assert_figures(&b, &now, 2021);
        assert_eq!(
            s.region_figures(edited.key.village, Some(2021), false).unwrap(),
            expected_figures(&b, &now, &edited.key.village.to_string(), 2021),
            "{}",
            b.name
        );

        // Someone else saved in between: the stale edit changes nothing.
        let figures = s.region_figures(code("17"), Some(2021), true).unwrap();
        let mut stale = fams[10].clone();
        stale.answers.coded[0] = (stale.answers.coded[0] + 1) % 3;
        match s.save_family(&stale, Some(1), "web: budi") {
            Err(StoreError::Refused(r)) => assert_eq!(r, Reason::FamilyChanged),
            other => panic!("{}: expected a conflict, got {other:?}", b.name),
        }
        let unchanged = s.family(2021, edited.key.village, &edited.key.family_id).unwrap().unwrap();
        assert_eq!((unchanged.summary.version, unchanged.answers), (2, edited.answers.clone()));
        assert_eq!(s.region_figures(code("17"), Some(2021), true).unwrap(), figures, "{}: nothing changed", b.name);

        // An edit of a family that is gone.
        let mut gone = fams[11].clone();
        gone.key.family_id = "NEVER-STORED".into();
        assert!(matches!(s.save_family(&gone, Some(1), "web"), Err(StoreError::Refused(Reason::FamilyGone))));
        assert!(s.family(2021, gone.key.village, "NEVER-STORED").unwrap().is_none());

        // A NIK of another family is a problem with the form, as in an import.
        let donor = fams.iter().find(|f| f.people.iter().any(|p| p.nik.is_some())).unwrap();
        let mut thief = fresh.clone();
        thief.key.family_id = "WEB-0002".into();
        thief.people[0].nik = donor.people.iter().find_map(|p| p.nik);
        assert!(matches!(s.save_family(&thief, None, "web"), Err(StoreError::Problems(_))), "{}", b.name);
        assert!(s.family(2021, thief.key.village, "WEB-0002").unwrap().is_none());
        assert!(s.check().unwrap().differences.is_empty());
    }
}

#[test]
fn a_stream_is_committed_only_when_it_ends_valid() {
    use kkb_store::Feed;
    for b in backends() {
        let s = b.store();
        let base = families(s, 200, 21, 2021);
        s.import_round(&base[..100], "base").unwrap();
        let before = s.region_figures(code("17"), Some(2021), true).unwrap();
        // Written batch by batch, then abandoned (the reader found a problem further on): nothing stays, including
        // the replacement of already stored families.
        let feed = base.chunks(40).map(|c| Feed::Families(c.to_vec())).chain([Feed::Abort]);
        assert!(matches!(s.import_stream(feed, 200, "aborted"), Err(StoreError::Aborted)), "{}", b.name);
        // A stream that just ends (its reader died) is abandoned too.
        let feed = base.chunks(40).map(|c| Feed::Families(c.to_vec()));
        assert!(matches!(s.import_stream(feed, 200, "cut"), Err(StoreError::Aborted)), "{}", b.name);
        assert_eq!(s.region_figures(code("17"), Some(2021), true).unwrap(), before, "{}", b.name);
        assert_eq!(s.round(Some(2021)).unwrap().families, 100, "{}", b.name);
        // Ending with Done, the same stream is exactly an import of all the families at once.
        let feed = base.chunks(40).map(|c| Feed::Families(c.to_vec())).chain([Feed::Done]);
        let r = s.import_stream(feed, 200, "streamed").unwrap();
        assert_eq!((r.families, r.replaced, r.years.clone()), (200, 100, vec![2021]), "{}", b.name);
        assert_figures(&b, &base, 2021);
    }
}
