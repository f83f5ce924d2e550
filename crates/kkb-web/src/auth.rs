//! Who is asking: roles scoped to regions, sessions, API tokens, passwords, CSRF and login throttling.
//!
//! Every handler asks a [`Principal`] before it reads or writes; the checks live here and nowhere else.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::User;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A user's role. The region scope is separate ([`Principal::scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Manages users, tokens and reads the audit log; sees aggregates only.
    Admin,
    /// Provincial BKKBN / governor's office: figures and (masked) families of the province, or the country.
    Provinsi,
    /// Kabupaten/kota family-planning office or Bappeda.
    Kabupaten,
    /// Kecamatan field officer (PKB/PLKB): edits families and sees NIKs in the kecamatan.
    Kecamatan,
    /// Village cadre: finds, edits and adds families of the village and sees their NIKs.
    Kader,
    /// A sector agency's officer (health, civil registry, social affairs, …): the plan items of their agency
    /// in their region; aggregates only, no families.
    Instansi,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Provinsi, Role::Kabupaten, Role::Kecamatan, Role::Kader, Role::Instansi];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Provinsi => "provinsi",
            Role::Kabupaten => "kabupaten",
            Role::Kecamatan => "kecamatan",
            Role::Kader => "kader",
            Role::Instansi => "instansi",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The level a user of this role is scoped to (`None`: any, including the whole country).
    pub fn scope_level(self) -> Option<Level> {
        match self {
            Role::Admin | Role::Provinsi => None,
            Role::Kabupaten => Some(Level::Regency),
            Role::Kecamatan => Some(Level::District),
            Role::Kader => Some(Level::Village),
            Role::Instansi => Some(Level::Regency),
        }
    }

    fn sees_families(self) -> bool {
        !matches!(self, Role::Admin | Role::Instansi)
    }

    fn edits_families(self) -> bool {
        matches!(self, Role::Kecamatan | Role::Kader)
    }

    fn uploads(self) -> bool {
        matches!(self, Role::Kabupaten | Role::Kecamatan | Role::Kader)
    }
}

/// The one asking: the public, or a user with a role and a region scope.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    /// The user, when logged in or using a token.
    pub user: Option<User>,
    /// The user's role.
    pub role: Option<Role>,
    /// The user's region; `None` with a role means the whole country.
    pub scope: Option<RegionCode>,
    /// The session's CSRF token (none for tokens and the public).
    pub csrf: Option<String>,
}

impl Principal {
    /// A logged-in or token user (an unknown stored role or scope makes the user powerless, not public-plus).
    pub fn of_user(user: User, csrf: Option<String>) -> Principal {
        let role = Role::parse(&user.role);
        let scope = if user.scope.is_empty() { Ok(None) } else { RegionCode::parse(&user.scope).map(Some) };
        match (role, scope) {
            (Some(role), Ok(scope)) => Principal { role: Some(role), scope, csrf, user: Some(user) },
            _ => {
                tracing::warn!(user = user.id, "user has an unknown role or scope; treated as public");
                Principal { user: Some(user), role: None, scope: None, csrf }
            }
        }
    }

    /// Whether someone is logged in.
    pub fn is_user(&self) -> bool {
        self.user.is_some()
    }

    /// The username, or `-` for the public.
    pub fn username(&self) -> &str {
        self.user.as_ref().map(|u| u.username.as_str()).unwrap_or("-")
    }

    /// The refusal that says the real reason a predicate about `code` failed: outside the user's region, or
    /// (in it) not allowed to the user's role.
    pub fn refusal(&self, code: RegionCode) -> crate::AppError {
        if self.role.is_some() && !self.in_scope(code) {
            crate::AppError::OutsideRegion
        } else {
            crate::AppError::Forbidden
        }
    }

    /// Whether `code` lies within the user's region (the public has no region).
    pub fn in_scope(&self, code: RegionCode) -> bool {
        match (self.role, self.scope) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(s)) => code.is_within(s),
        }
    }

    /// Whether the user may see a region's aggregates unsuppressed (small counts shown): only who may see its
    /// families. Everyone else (the public, agency officers, administrators, and family-viewing roles outside
    /// their region) sees what the public sees, with small cells suppressed ([`crate::suppression`]). The one
    /// predicate every page, export, API answer, ranking, map and candidate list asks.
    pub fn sees_exact(&self, code: RegionCode) -> bool {
        self.may_view_families(code)
    }

    /// Whether the user may list and open the families of `code`.
    pub fn may_view_families(&self, code: RegionCode) -> bool {
        self.role.is_some_and(Role::sees_families) && self.in_scope(code)
    }

    /// Whether the user may correct or add families in `village`.
    pub fn may_edit(&self, village: RegionCode) -> bool {
        self.role.is_some_and(Role::edits_families) && self.in_scope(village)
    }

    /// Whether the user may edit the Kampung KB registry of `village` (record, profiles, reports, activities,
    /// population, documents): village cadres their own village, kecamatan and kabupaten/kota officers within
    /// their region. Province, BKKBN and administrators read only.
    pub fn may_edit_kampung(&self, village: RegionCode) -> bool {
        matches!(self.role, Some(Role::Kabupaten | Role::Kecamatan | Role::Kader)) && self.in_scope(village)
    }

    /// Whether the user may verify the monthly reports of `village` and set its model-Kampung flags: the
    /// district officers (kecamatan and kabupaten/kota) within their region.
    pub fn may_verify_kampung(&self, village: RegionCode) -> bool {
        matches!(self.role, Some(Role::Kabupaten | Role::Kecamatan)) && self.in_scope(village)
    }

    /// The user's agency id (`dinkes:17.01`), if any.
    pub fn agency(&self) -> Option<&str> {
        self.user.as_ref().and_then(|u| u.agency.as_deref()).filter(|a| !a.is_empty())
    }

    /// Whether the user coordinates the plans of `region` (a province or kabupaten/kota): a province or
    /// kabupaten/kota user whose agency is the region's Bappeda or family-planning office.
    pub fn coordinates(&self, region: RegionCode) -> bool {
        matches!(self.role, Some(Role::Provinsi | Role::Kabupaten))
            && self.in_scope(region)
            && self.agency().is_some_and(|a| {
                kkb_domain::planning::agency_region(a) == Some(region)
                    && matches!(kkb_domain::planning::agency_kind(a), Some("bappeda" | "opd_kb"))
            })
    }

    /// Whether the user acts for `agency` (its items, its progress reports) in `region`'s plans.
    pub fn acts_for(&self, agency: &str, region: RegionCode) -> bool {
        self.role.is_some_and(|r| r != Role::Admin) && self.in_scope(region) && self.agency() == Some(agency)
    }

    /// Whether the user may see unmasked NIKs and names of families in `village` (each view is audited).
    pub fn may_see_nik(&self, village: RegionCode) -> bool {
        self.may_edit(village)
    }

    /// Whether the user may search families by NIK or KK number: the roles that may see NIKs (results are limited
    /// to the villages where they may, [`Principal::may_see_nik`]).
    pub fn may_search_nik(&self) -> bool {
        self.role.is_some_and(Role::edits_families)
    }

    /// Whether the user opens, publishes and withdraws census rounds: province users and administrators.
    pub fn may_manage_rounds(&self) -> bool {
        matches!(self.role, Some(Role::Admin | Role::Provinsi))
    }

    /// Whether the user may upload PK files (each family must still be within the scope).
    pub fn may_upload(&self) -> bool {
        self.role.is_some_and(Role::uploads)
    }

    /// Whether the user administers users, tokens and the audit log.
    pub fn is_admin(&self) -> bool {
        self.role == Some(Role::Admin)
    }

    /// Where the user's dashboard starts.
    pub fn home(&self) -> Option<RegionCode> {
        self.scope
    }
}

/// Password hashing with Argon2id.
#[derive(Clone)]
pub struct Passwords {
    params: Params,
}

impl Passwords {
    /// OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane).
    pub fn standard() -> Passwords {
        Passwords { params: Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters") }
    }

    /// Cheap parameters for tests only.
    pub fn for_tests() -> Passwords {
        Passwords { params: Params::new(256, 1, 1, None).expect("valid argon2 parameters") }
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// A PHC string for a new password.
    pub fn hash(&self, password: &str) -> String {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("system random source");
        let salt = SaltString::encode_b64(&salt).expect("16-byte salt");
        self.argon().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
    }

    /// Whether `password` matches a stored PHC string (parameters are read from the string).
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        PasswordHash::new(phc).is_ok_and(|h| self.argon().verify_password(password.as_bytes(), &h).is_ok())
    }
}

/// A new random secret as 64 hex digits (session ids, CSRF tokens, API tokens).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("system random source");
    hex(&b)
}

/// Lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The stored form of a session id or API token: only its hash reaches the database.
pub fn token_hash(token: &str) -> [u8; 32] {
    *blake3::hash(token.as_bytes()).as_bytes()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Failed logins per key: after [`Throttle::LIMIT`] failures for one key, or [`Throttle::ADDRESS_LIMIT`] for an
/// address key (`ip:…`; an office behind one NAT address has many users), within the window, the key is locked for
/// the window. Logins use the keys `ip:<address>` and `user:<username>@<address>`, so that an attacker who knows a
/// username locks that user out from the attacker's address only, not everywhere.
///
/// [`Throttle::begin`] counts an attempt before the password is checked, in the same step as the check of the lock,
/// so that parallel attempts cannot all pass the check before any of them is counted.
#[derive(Default)]
pub struct Throttle {
    keys: HashMap<String, (u32, Instant)>,
}

impl Throttle {
    /// Failures allowed per username within [`Throttle::WINDOW`].
    pub const LIMIT: u32 = 5;
    /// Failures allowed per client address (keys starting with `ip:`) within [`Throttle::WINDOW`].
    pub const ADDRESS_LIMIT: u32 = 30;

    fn limit(key: &str) -> u32 {
        if key.starts_with("ip:") { Self::ADDRESS_LIMIT } else { Self::LIMIT }
    }
    /// The window and the lock-out.
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    /// Whether any key is locked now.
    pub fn locked(&mut self, keys: &[String], now: Instant) -> bool {
        self.keys.retain(|_, (_, since)| now.duration_since(*since) < Self::WINDOW);
        keys.iter().any(|k| self.keys.get(k).is_some_and(|(n, _)| *n >= Self::limit(k)))
    }

    /// Records a failure against every key.
    pub fn fail(&mut self, keys: &[String], now: Instant) {
        for k in keys {
            let e = self.keys.entry(k.clone()).or_insert((0, now));
            e.0 += 1;
            if e.0 >= Self::limit(k) {
                e.1 = now;
            }
        }
    }

    /// Forgets the username key after a successful login (the address key stays).
    pub fn succeed(&mut self, user_key: &str) {
        self.keys.remove(user_key);
    }

    /// Counts an attempt against every key unless one of them is locked: `false` (and nothing counted) when
    /// locked. Call it before checking the secret; [`Throttle::refund`] or [`Throttle::succeed`] afterwards.
    pub fn begin(&mut self, keys: &[String], now: Instant) -> bool {
        if self.locked(keys, now) {
            return false;
        }
        self.fail(keys, now);
        true
    }

    /// Takes back an attempt counted by [`Throttle::begin`] that checked nothing (the server was too busy) or
    /// that succeeded.
    pub fn refund(&mut self, keys: &[String]) {
        for k in keys {
            if let Some(e) = self.keys.get_mut(k) {
                e.0 = e.0.saturating_sub(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: &str, scope: &str) -> User {
        User {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role: role.into(),
            scope: scope.into(),
            agency: None,
            active: true,
            created_at: String::new(),
        }
    }

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn scopes_decide_access() {
        let kader = Principal::of_user(user("kader", "17.01.01.2001"), None);
        assert!(kader.may_edit(code("17.01.01.2001")));
        assert!(!kader.may_edit(code("17.01.01.2002")));
        assert!(kader.may_see_nik(code("17.01.01.2001")));
        let kab = Principal::of_user(user("kabupaten", "17.01"), None);
        assert!(kab.may_view_families(code("17.01.01.2001")));
        assert!(!kab.may_view_families(code("17.02.01.2001")));
        assert!(!kab.may_edit(code("17.01.01.2001")));
        assert!(!kab.may_see_nik(code("17.01.01.2001")));
        let admin = Principal::of_user(user("admin", ""), None);
        assert!(!admin.may_view_families(code("17.01.01.2001")));
        assert!(admin.is_admin());
        let public = Principal::default();
        assert!(!public.may_view_families(code("17")));
        assert!(!public.sees_exact(code("17")));
        let broken = Principal::of_user(user("superuser", ""), None);
        assert!(!broken.may_view_families(code("17")));
    }

    #[test]
    fn passwords_verify() {
        let p = Passwords::for_tests();
        let h = p.hash("rahasia-sekali");
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("rahasia-sekali", &h));
        assert!(!p.verify("rahasia-salah", &h));
        assert!(!p.verify("x", "not a hash"));
    }

    #[test]
    fn throttle_locks_after_the_limit_and_expires() {
        let mut t = Throttle::default();
        let keys = vec!["ip:1".to_string(), "user:a".to_string()];
        let now = Instant::now();
        for _ in 0..Throttle::LIMIT - 1 {
            t.fail(&keys, now);
        }
        assert!(!t.locked(&keys, now));
        t.fail(&keys, now);
        assert!(t.locked(&keys, now));
        assert!(t.locked(&["user:a".to_string()], now));
        assert!(!t.locked(&["ip:1".to_string(), "user:b".to_string()], now), "one user's typos do not lock the office");
        assert!(!t.locked(&keys, now + Throttle::WINDOW + Duration::from_secs(1)));
    }

    #[test]
    fn attempts_are_counted_before_they_are_checked() {
        let mut t = Throttle::default();
        let now = Instant::now();
        let keys = vec!["ip:1".to_string(), "user:a@1".to_string()];
        let passed = (0..100).filter(|_| t.begin(&keys, now)).count();
        assert_eq!(passed, Throttle::LIMIT as usize, "parallel attempts pass only up to the limit");
        let other = vec!["ip:2".to_string(), "user:a@2".to_string()];
        assert!(t.begin(&other, now), "the same user from another address is not locked");
        t.refund(&other);
        t.succeed(&other[1]);
        let many: usize = (0..100).filter(|i| t.begin(&["ip:3".to_string(), format!("user:u{i}@3")], now)).count();
        assert_eq!(many, Throttle::ADDRESS_LIMIT as usize, "one address is limited whatever the usernames");
    }

    #[test]
    fn secrets_compare() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert_eq!(random_token().len(), 64);
    }
}
