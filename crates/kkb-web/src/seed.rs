//! Demo users, one per role, scoped to real Bengkulu regions that have families.

use crate::auth::{Passwords, Role};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{NewUser, Store, StoreError};

/// A demo login as printed by `kampungkb demo`.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Role.
    pub role: Role,
    /// Username.
    pub username: String,
    /// Password (demo only).
    pub password: String,
    /// Region scope ("" = all).
    pub scope: String,
}

/// Creates the demo users if missing (a re-run keeps them) and returns their logins. The kecamatan and village
/// are the first ones of Kota Bengkulu (17.71) with families in the latest round.
pub fn demo_users(store: &Store, passwords: &Passwords) -> Result<Vec<DemoLogin>, StoreError> {
    let round = store.round(None)?;
    let city = RegionCode::parse("17.71").map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let district = first_with_families(store, city, round.year)?.unwrap_or(city);
    let village = first_with_families(store, district, round.year)?.unwrap_or(district);
    let wanted = [
        (Role::Admin, "admin", String::new()),
        (Role::Provinsi, "provinsi", "17".to_string()),
        (Role::Kabupaten, "kota", city.to_string()),
        (Role::Kecamatan, "pkb", district.to_string()),
        (Role::Kader, "kader", village.to_string()),
    ];
    let mut out = Vec::new();
    for (role, username, scope) in wanted {
        let password = format!("demo-{username}-2021");
        if store.user_for_login(username)?.is_none() {
            let hash = passwords.hash(&password);
            store.create_user(&NewUser {
                username,
                display_name: &format!("Demo {}", role.as_str()),
                role: role.as_str(),
                scope: &scope,
                agency: None,
                password_hash: &hash,
            })?;
        }
        out.push(DemoLogin { role, username: username.into(), password, scope });
    }
    Ok(out)
}

fn first_with_families(store: &Store, code: RegionCode, year: u16) -> Result<Option<RegionCode>, StoreError> {
    let f = store.region_figures(code, Some(year), true)?;
    Ok(f.children
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.families > 0 && c.region.level != Level::Province)
        .map(|c| c.region.code))
}
