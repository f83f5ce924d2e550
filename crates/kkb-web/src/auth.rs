//! Who is asking: roles scoped to regions, sessions, API tokens, passwords, CSRF and login throttling.
//!
//! Every handler asks a [`Principal`] before it reads or writes. The rules themselves are the domain's
//! ([`kkb_domain::access`]): a principal is the logged-in user and the session's CSRF token around an [`Access`].

pub use kkb_domain::access::{Access, Role};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kkb_domain::region::RegionCode;
use kkb_store::User;
use std::collections::HashMap;
use std::ops::Deref;
use std::time::{Duration, Instant};

/// The one asking: the public, or a user with a role and a region scope. The predicates (`may_edit`,
/// `sees_exact`, …) are those of the domain's [`Access`], which a principal dereferences to.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    /// The user, when logged in or using a token.
    pub user: Option<User>,
    /// What the user may do: role, region scope and agency (the public's when nobody is logged in).
    pub access: Access,
    /// The session's CSRF token (none for tokens and the public).
    pub csrf: Option<String>,
}

impl Deref for Principal {
    type Target = Access;

    fn deref(&self) -> &Access {
        &self.access
    }
}

impl Principal {
    /// A logged-in or token user (an unreadable stored scope makes the user powerless, not public-plus; the store
    /// refuses to read an account whose role is unknown).
    pub fn of_user(user: User, csrf: Option<String>) -> Principal {
        let scope = if user.scope.is_empty() { Ok(None) } else { RegionCode::parse(&user.scope).map(Some) };
        let access = match scope {
            Ok(scope) => Access::new(user.role, scope, user.agency.clone()),
            Err(_) => {
                tracing::warn!(user = user.id, "user has an unknown scope; treated as public");
                Access { role: None, scope: None, agency: user.agency.clone() }
            }
        };
        Principal { user: Some(user), access, csrf }
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

    fn user(role: Role, scope: &str) -> User {
        User {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
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
    fn a_principal_asks_the_access_of_its_user() {
        let kader = Principal::of_user(user(Role::Kader, "17.01.01.2001"), None);
        assert!(kader.may_edit(code("17.01.01.2001")));
        assert!(!kader.may_edit(code("17.01.01.2002")));
        assert_eq!((kader.role, kader.home()), (Some(Role::Kader), Some(code("17.01.01.2001"))));
        let kab = Principal::of_user(user(Role::Kabupaten, "17.01"), None);
        assert!(kab.may_view_families(code("17.01.01.2001")));
        assert!(!kab.may_view_families(code("17.02.01.2001")));
        assert!(matches!(kab.refusal(code("17.02.01.2001")), crate::AppError::OutsideRegion));
        assert!(matches!(kab.refusal(code("17.01.01.2001")), crate::AppError::Forbidden));
        let admin = Principal::of_user(user(Role::Admin, ""), None);
        assert!(admin.is_admin() && admin.in_scope(code("17")));
        let public = Principal::default();
        assert!(!public.is_user() && !public.may_view_families(code("17")) && !public.sees_exact(code("17")));
        assert!(matches!(public.refusal(code("17")), crate::AppError::Forbidden));
        let broken = Principal::of_user(user(Role::Provinsi, "not a region"), None);
        assert!(broken.is_user() && broken.role.is_none(), "an unreadable scope leaves the user powerless");
        assert!(!broken.may_view_families(code("17")) && !broken.in_scope(code("17")));
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
