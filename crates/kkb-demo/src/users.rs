//! The demo's users, one per role, scoped to real Bengkulu regions that have families, with new random passwords
//! on every run.

use kkb_domain::access::Role;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{NewUser, Store, StoreError, User};

/// What the demo needs of the web application to give its users passwords: the hash to store, the other secrets a
/// password makes (the phones' HTTP Digest secret), and the password policy. The web crate implements it
/// (`kkb_web::auth::WebCredentials`); this crate does not depend on the web crate.
pub trait Credentials {
    /// The hash (a PHC string) to store for `password`.
    fn hash(&self, password: &str) -> String;
    /// Stores what else a log-in of `user` with `password` needs, once the user has that password.
    fn remember(&self, store: &Store, user: &User, password: &str) -> Result<(), StoreError>;
    /// Whether `password` passes the password policy for the account `username`.
    fn acceptable(&self, password: &str, username: &str) -> bool;
}

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

/// Creates the demo users if missing and gives every one a new random password (printed by the demo, passing the
/// password policy) on each run; returns their logins. The kecamatan and village are the first ones of Kota
/// Bengkulu (17.71) with families in the latest round.
pub fn demo_users(store: &Store, credentials: &dyn Credentials) -> Result<Vec<DemoLogin>, StoreError> {
    let round = store.round(None)?;
    let city = RegionCode::parse("17.71").map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let district = first_with_families(store, city, round.year)?.unwrap_or(city);
    let village = first_with_families(store, district, round.year)?.unwrap_or(district);
    // The province and city users coordinate their region's action plans (their agency is its family-planning
    // office or Bappeda); `dinkes` is the city health office's planner.
    let wanted = [
        (Role::Admin, "admin", String::new(), None),
        (Role::Provinsi, "provinsi", "17".to_string(), Some("opd_kb:17".to_string())),
        (Role::Kabupaten, "kota", city.to_string(), Some(format!("bappeda:{city}"))),
        (Role::Kecamatan, "pkb", district.to_string(), None),
        (Role::Kader, "kader", village.to_string(), None),
        (Role::Instansi, "dinkes", city.to_string(), Some(format!("dinkes:{city}"))),
    ];
    let mut out = Vec::new();
    for (role, username, scope, agency) in wanted {
        let password = demo_password(username, credentials);
        let hash = credentials.hash(&password);
        let user = match store.user_for_login(username)? {
            Some((user, _)) => {
                store.set_password_hash(user.id, &hash)?;
                user
            }
            None => store.create_user(&NewUser {
                username,
                display_name: &format!("Demo {}", role.as_str()),
                role,
                scope: &scope,
                agency: agency.as_deref(),
                password_hash: &hash,
            })?,
        };
        // The demo's phones log in with Digest too (ODK Collect's default).
        credentials.remember(store, &user, &password)?;
        out.push(DemoLogin { role, username: username.into(), password, scope });
    }
    Ok(out)
}

/// A random password of four groups of four letters and digits (about 82 bits) that passes the policy.
fn demo_password(username: &str, credentials: &dyn Credentials) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    loop {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("system random source");
        let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        let password = groups.join("-");
        if credentials.acceptable(&password, username) {
            return password;
        }
    }
}

fn first_with_families(store: &Store, code: RegionCode, year: u16) -> Result<Option<RegionCode>, StoreError> {
    let f = store.region_figures(code, Some(year), true)?;
    Ok(f.children
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.families > 0 && c.region.level != Level::Province)
        .map(|c| c.region.code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A policy that refuses the first `refusals` passwords it is asked about.
    struct Picky {
        refusals: Cell<u32>,
    }

    impl Credentials for Picky {
        fn hash(&self, password: &str) -> String {
            format!("plain:{password}")
        }

        fn remember(&self, _: &Store, _: &User, _: &str) -> Result<(), StoreError> {
            Ok(())
        }

        fn acceptable(&self, _: &str, _: &str) -> bool {
            let left = self.refusals.get();
            self.refusals.set(left.saturating_sub(1));
            left == 0
        }
    }

    #[test]
    fn a_demo_password_is_four_groups_the_policy_accepts() {
        let picky = Picky { refusals: Cell::new(3) };
        let password = demo_password("kader", &picky);
        assert_eq!(picky.refusals.get(), 0, "asked again until the policy accepted one");
        let groups: Vec<&str> = password.split('-').collect();
        assert_eq!(groups.len(), 4, "{password}");
        assert!(groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())));
        assert!(!password.contains(['l', 'o', '0', '1']), "no letters and digits that look alike: {password}");
        assert_ne!(demo_password("kader", &picky), password, "random on every call");
    }
}
