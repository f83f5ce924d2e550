//! The demo's seeding on a small synthetic Bengkulu round (SQLite): one user per role in a region of its level,
//! new passwords on every run, and a registry and plans made once.

use kkb_demo::{Credentials, DEMO_KAMPUNG, demo_kampung, demo_plans, demo_users};
use kkb_domain::access::Role;
use kkb_domain::generate::{GenOptions, generate};
use kkb_domain::pk::{Context, read};
use kkb_domain::region::{OFFICIAL_TABLE, RegionCode, parse_region_table};
use kkb_store::vault::Vault;
use kkb_store::{DatabaseUrl, PoolConfig, Store, StoreError, User};
use kkb_testdb::SqliteFile;
use std::cell::RefCell;

/// Stand-in credentials: the "hash" shows the password, remembered passwords are kept, every password passes.
#[derive(Default)]
struct Recorded {
    remembered: RefCell<Vec<(String, String)>>,
}

impl Credentials for Recorded {
    fn hash(&self, password: &str) -> String {
        format!("plain:{password}")
    }

    fn remember(&self, _: &Store, user: &User, password: &str) -> Result<(), StoreError> {
        self.remembered.borrow_mut().push((user.username.clone(), password.to_string()));
        Ok(())
    }

    fn acceptable(&self, _: &str, _: &str) -> bool {
        true
    }
}

/// A store with a synthetic round of `n` Bengkulu families.
fn store_with_round(file: &SqliteFile, n: u64) -> Store {
    let store = Store::connect(
        &DatabaseUrl::Sqlite(file.path().to_path_buf()),
        Vault::from_key(&[42; 32]),
        PoolConfig::default(),
    )
    .unwrap();
    let regions = parse_region_table(OFFICIAL_TABLE).unwrap();
    let (mut k, mut a) = (Vec::new(), Vec::new());
    let opts = GenOptions { province: RegionCode::parse("17").unwrap(), families: n, seed: 7, year: 2021 };
    generate(&regions, &[], &opts, &mut k, &mut a).unwrap();
    let set = store.region_set().unwrap();
    let is_village = |c| set.is_village(c);
    let is_province = |p| set.is_province(p);
    let ctx = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    let families = read::read_csv_pair(k.as_slice(), a.as_slice(), &ctx).unwrap();
    store.import_round(&families, "test").unwrap();
    store
}

#[test]
fn the_demo_seeds_users_a_registry_and_plans_once() {
    let file = SqliteFile::new("demo.db");
    let store = store_with_round(&file, 3_000);

    let credentials = Recorded::default();
    let logins = demo_users(&store, &credentials).unwrap();
    let roles: Vec<Role> = logins.iter().map(|l| l.role).collect();
    assert_eq!(roles, Role::ALL, "one user per role");
    for l in &logins {
        let (user, hash) = store.user_for_login(&l.username).unwrap().unwrap();
        assert_eq!((user.role, user.scope.as_str(), hash), (l.role, l.scope.as_str(), format!("plain:{}", l.password)));
        let level = (!l.scope.is_empty()).then(|| RegionCode::parse(&l.scope).unwrap().level());
        match l.role.scope_level() {
            Some(wanted) => assert_eq!(level, Some(wanted), "{} is scoped to a region of its level", l.username),
            None => assert!(matches!(l.role, Role::Admin | Role::Provinsi), "{}", l.username),
        }
    }
    let remembered: Vec<_> = credentials.remembered.borrow().clone();
    let expected: Vec<_> = logins.iter().map(|l| (l.username.clone(), l.password.clone())).collect();
    assert_eq!(remembered, expected, "every new password is remembered for the phones");

    let again = demo_users(&store, &credentials).unwrap();
    assert_eq!(store.users().unwrap().len(), Role::ALL.len(), "a second run keeps the users");
    for (first, second) in logins.iter().zip(&again) {
        assert_eq!((first.role, &first.username, &first.scope), (second.role, &second.username, &second.scope));
        assert_ne!(first.password, second.password, "new passwords on every run");
        let (_, hash) = store.user_for_login(&second.username).unwrap().unwrap();
        assert_eq!(hash, format!("plain:{}", second.password));
    }

    let formed = demo_kampung(&store).unwrap();
    assert!((1..=DEMO_KAMPUNG).contains(&formed), "{formed} Kampung KB");
    let province = RegionCode::parse("17").unwrap();
    assert_eq!(store.kampungs(Some(province)).unwrap().len(), formed);
    assert_eq!(demo_kampung(&store).unwrap(), 0, "a second run keeps the registry");

    let plans = demo_plans(&store).unwrap();
    assert_eq!(plans, 11, "the province's and each kabupaten/kota's");
    assert_eq!(demo_plans(&store).unwrap(), 0, "a second run keeps the plans");
}
