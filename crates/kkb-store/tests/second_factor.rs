//! The second factor's state on both engines: the secret sealed and opened, each time step and each recovery code
//! accepted once, a reset that ends the sessions, and session stages.

mod common;

use common::*;
use kkb_domain::access::Role;
use kkb_store::{NewUser, StoreError};

fn token(s: &str) -> [u8; 32] {
    *blake3::hash(s.as_bytes()).as_bytes()
}

#[test]
fn totp_state_is_sealed_and_each_step_and_code_counts_once() {
    for b in backends() {
        let s = b.store();
        let u = s
            .create_user(&NewUser {
                username: "kab",
                display_name: "Kabupaten",
                role: Role::Kabupaten,
                scope: "17.01",
                agency: None,
                password_hash: "$argon2id$v=19$fake",
            })
            .unwrap();
        assert!(s.totp(u.id).unwrap().is_none());
        s.begin_totp(u.id, b"first secret 20 byte").unwrap();
        s.begin_totp(u.id, b"12345678901234567890").unwrap();
        let t = s.totp(u.id).unwrap().unwrap();
        assert_eq!((t.secret.as_slice(), t.confirmed), (b"12345678901234567890".as_slice(), false), "restarted");
        assert!(!format!("{t:?}").contains("1234567890"), "Debug hides the secret");
        assert!(!s.use_totp_step(u.id, 5).unwrap(), "no code before confirmation");
        let codes = [token("r1"), token("r2")];
        assert!(s.confirm_totp(u.id, 100, &codes).unwrap());
        assert!(!s.confirm_totp(u.id, 101, &codes).unwrap(), "confirmed once");
        assert!(matches!(s.begin_totp(u.id, b"x"), Err(StoreError::Conflict(_))), "no silent replacement");
        let t = s.totp(u.id).unwrap().unwrap();
        assert!(t.confirmed && t.confirmed_at.is_some());
        assert_eq!(t.recovery_codes_left, 2);
        assert!(!s.use_totp_step(u.id, 100).unwrap(), "the confirmation's step is used");
        assert!(s.use_totp_step(u.id, 101).unwrap());
        assert!(!s.use_totp_step(u.id, 101).unwrap(), "a step counts once");
        assert!(!s.use_totp_step(u.id, 99).unwrap(), "an earlier step is refused");
        assert!(s.use_recovery_code(u.id, &token("r1")).unwrap());
        assert!(!s.use_recovery_code(u.id, &token("r1")).unwrap(), "a recovery code counts once");
        assert!(!s.use_recovery_code(u.id, &token("nope")).unwrap());
        assert_eq!(s.totp(u.id).unwrap().unwrap().recovery_codes_left, 1);
        assert_eq!(s.totp_users().unwrap(), vec![u.id]);
        // Sessions carry their stage and whether the account has a second factor; a reset ends them.
        s.create_session_at(&token("pending"), u.id, "c", i64::MAX / 2, "totp").unwrap();
        let pending = s.session(&token("pending"), 0).unwrap().unwrap();
        assert_eq!((pending.stage.as_str(), pending.second_factor), ("totp", true));
        assert!(s.reset_totp(u.id).unwrap());
        assert!(s.session(&token("pending"), 0).unwrap().is_none(), "sessions end with a reset");
        assert!(s.totp(u.id).unwrap().is_none() && s.totp_users().unwrap().is_empty());
        assert!(!s.use_recovery_code(u.id, &token("r2")).unwrap(), "recovery codes go too");
        assert!(!s.reset_totp(u.id).unwrap());
        s.create_session(&token("full"), u.id, "c", i64::MAX / 2).unwrap();
        let full = s.session(&token("full"), 0).unwrap().unwrap();
        assert_eq!((full.stage.as_str(), full.second_factor), ("full", false));
    }
}
