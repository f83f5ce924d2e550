//! The steps of logging in. A password alone gives a full session unless the account has a second factor (the
//! session then waits for the code: [`Stage::Totp`]) or the operator requires one the account has not set up
//! ([`Stage::Enrol`]). A session at a step is nobody to every handler ([`crate::Ctx::who`] stays the public) and
//! reaches only its step's pages; anything else is redirected there.

use crate::auth::Role;
use kkb_store::{Session, User};

/// A log-in step still to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the second factor's code is awaited.
    Totp,
    /// The operator requires a second factor: only its enrolment is open.
    Enrol,
}

/// A session with a step still to take.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Whose session it is.
    pub user: User,
    /// The step.
    pub stage: Stage,
    /// The session's CSRF token (the step's forms carry it).
    pub csrf: String,
    /// The session token's hash (the session is replaced once the step is taken).
    pub token_hash: [u8; 32],
}

/// Whether a role may (and, when the operator says so, must) use a second factor: administrators, province and
/// kabupaten/kota users, whose scope is widest. (By reference, as the callers hold a `User`'s role.)
pub fn offers_second_factor(role: &Role) -> bool {
    matches!(role, Role::Admin | Role::Provinsi | Role::Kabupaten)
}

impl Stage {
    /// The stored name (`sessions.stage`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Totp => "totp",
            Stage::Enrol => "enrol",
        }
    }

    /// The step a stored session is at (`None`: logged in). A full session of a user who must have a second
    /// factor and has none (the operator turned the requirement on later, or an administrator reset it) is sent
    /// to enrolment too.
    pub fn of(s: &Session, require_totp: bool) -> Option<Stage> {
        match s.stage.as_str() {
            "full" if require_totp && offers_second_factor(&s.user.role) && !s.second_factor => Some(Stage::Enrol),
            "full" => None,
            "totp" => Some(Stage::Totp),
            _ => Some(Stage::Enrol),
        }
    }

    /// The step's page.
    pub fn page(self) -> &'static str {
        match self {
            Stage::Totp => "/masuk/kode",
            Stage::Enrol => "/akun/2fa",
        }
    }

    /// Whether a session at this step may reach `path`.
    pub fn allows(self, path: &str) -> bool {
        let always =
            path == "/masuk" || path == "/keluar" || path.starts_with("/bahasa/") || path.starts_with("/static/");
        always
            || match self {
                Stage::Totp => path == "/masuk/kode",
                Stage::Enrol => path == "/akun/2fa" || path.starts_with("/akun/2fa/"),
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_session_reaches_its_step_only() {
        assert!(Stage::Totp.allows("/masuk/kode") && !Stage::Totp.allows("/akun/2fa"));
        assert!(Stage::Enrol.allows("/akun/2fa/konfirmasi") && !Stage::Enrol.allows("/wilayah/17"));
        assert!(!Stage::Enrol.allows("/akun/token") && !Stage::Totp.allows("/api/v1/regions/17/index"));
        assert!(Stage::Totp.allows("/keluar") && Stage::Enrol.allows("/bahasa/en"));
        assert!(offers_second_factor(&Role::Kabupaten) && !offers_second_factor(&Role::Kader));
    }
}
