//! Second factor of an account: a TOTP secret (RFC 6238) sealed with the personal-data vault, the last time step
//! accepted (so that a code cannot be used twice), and one-time recovery codes kept as hashes. The web
//! application computes and checks the codes; the store keeps the state and makes each use count once, atomically.

use crate::conn::{RowExt, Val};
use crate::{Store, StoreError};

/// The stored TOTP state of an account.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpState {
    /// The shared secret (opened from the vault).
    pub secret: Vec<u8>,
    /// Whether the user confirmed it with a code (only then does log-in ask for codes).
    pub confirmed: bool,
    /// When it was confirmed (RFC 3339 UTC).
    pub confirmed_at: Option<String>,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
}

impl std::fmt::Debug for TotpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpState")
            .field("secret", &"<redacted>")
            .field("confirmed", &self.confirmed)
            .field("recovery_codes_left", &self.recovery_codes_left)
            .finish()
    }
}

fn aad(user_id: i64) -> Vec<u8> {
    format!("totp|{user_id}").into_bytes()
}

impl Store {
    /// Starts (or restarts) enrolment: stores a new, unconfirmed secret. An account whose second factor is already
    /// confirmed is a [`StoreError::Conflict`] (an administrator resets it first).
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn begin_totp(&self, user_id: i64, secret: &[u8]) -> Result<(), StoreError> {
        let sealed = self.vault.seal(&aad(user_id), secret)?;
        self.writer()?.write(|c| {
            if let Some(r) = c.query_opt("SELECT confirmed FROM user_totp WHERE user_id = $1", &[Val::I(user_id)])? {
                if r.i(0)? != 0 {
                    return Err(StoreError::Conflict("a second factor is already set up for this account".into()));
                }
                c.exec("DELETE FROM user_totp WHERE user_id = $1", &[Val::I(user_id)])?;
            }
            c.exec(
                "INSERT INTO user_totp (user_id, secret, confirmed, last_step, created_at) VALUES ($1, $2, 0, 0, $3)",
                &[Val::I(user_id), Val::B(&sealed), Val::T(&crate::now())],
            )?;
            Ok(())
        })
    }

    /// The TOTP state of an account, if it has begun enrolment.
    pub fn totp(&self, user_id: i64) -> Result<Option<TotpState>, StoreError> {
        let row = self.reader()?.query_opt(
            "SELECT t.secret, t.confirmed, t.confirmed_at, \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM user_recovery_codes r WHERE r.user_id = t.user_id AND r.used_at IS NULL) \
             FROM user_totp t WHERE t.user_id = $1",
            &[Val::I(user_id)],
        )?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(TotpState {
            secret: self.vault.open(&aad(user_id), r.b(0)?)?,
            confirmed: r.i(1)? != 0,
            confirmed_at: r.ot(2)?,
            recovery_codes_left: r.i(3)?,
        }))
    }

    /// Confirms enrolment with the time step of a correct code and stores the recovery codes' hashes (replacing
    /// any earlier ones). `false` if there is nothing to confirm or the step was already used.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn confirm_totp(&self, user_id: i64, step: i64, recovery_hashes: &[[u8; 32]]) -> Result<bool, StoreError> {
        let now = crate::now();
        self.writer()?.write(|c| {
            let n = c.exec(
                "UPDATE user_totp SET confirmed = 1, confirmed_at = $1, last_step = $2 \
                 WHERE user_id = $3 AND confirmed = 0 AND last_step < $2",
                &[Val::T(&now), Val::I(step), Val::I(user_id)],
            )?;
            if n == 0 {
                return Ok(false);
            }
            c.exec("DELETE FROM user_recovery_codes WHERE user_id = $1", &[Val::I(user_id)])?;
            for h in recovery_hashes {
                c.exec(
                    "INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($1, $2)",
                    &[Val::I(user_id), Val::B(h)],
                )?;
            }
            Ok(true)
        })
    }

    /// Records that a code of time step `step` was accepted: `false` (refuse the code) when a code of this step or
    /// a later one was accepted before, which makes every code single-use.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let n = self.writer()?.exec(
            "UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND confirmed = 1 AND last_step < $1",
            &[Val::I(step), Val::I(user_id)],
        )?;
        Ok(n == 1)
    }

    /// Uses a recovery code (by hash): `true` once, `false` for an unknown or used code.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn use_recovery_code(&self, user_id: i64, code_hash: &[u8; 32]) -> Result<bool, StoreError> {
        let n = self.writer()?.exec(
            "UPDATE user_recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            &[Val::T(&crate::now()), Val::I(user_id), Val::B(code_hash)],
        )?;
        Ok(n == 1)
    }

    /// Removes an account's second factor and recovery codes and ends its sessions (an administrator's reset, e.g.
    /// after a lost phone). Returns whether there was one.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn reset_totp(&self, user_id: i64) -> Result<bool, StoreError> {
        self.writer()?.write(|c| {
            let n = c.exec("DELETE FROM user_totp WHERE user_id = $1", &[Val::I(user_id)])?;
            c.exec("DELETE FROM user_recovery_codes WHERE user_id = $1", &[Val::I(user_id)])?;
            c.exec("DELETE FROM sessions WHERE user_id = $1", &[Val::I(user_id)])?;
            Ok(n > 0)
        })
    }

    /// The ids of the accounts with a confirmed second factor.
    pub fn totp_users(&self) -> Result<Vec<i64>, StoreError> {
        let rows = self.reader()?.query("SELECT user_id FROM user_totp WHERE confirmed = 1 ORDER BY user_id", &[])?;
        rows.iter().map(|r| r.i(0)).collect()
    }
}
