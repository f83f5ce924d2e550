//! Log-in sessions and API tokens. Both are random secrets held by the client; the store keeps only their
//! 32-byte BLAKE3 hashes (computed by the caller), so that reading the database does not let anyone log in. A
//! session or token of an inactive account is refused.

use crate::conn::{RowExt, Val};
use crate::users::{USER_COLUMNS, User, user_at};
use crate::{Store, StoreError};

/// A live log-in session.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose session it is.
    pub user: User,
    /// The token that forms of this session must carry (CSRF protection).
    pub csrf: String,
    /// When it ends (unix seconds).
    pub expires_at: i64,
    /// What the session may do: `full`, or a log-in step still to take (`totp`, `enrol`); see
    /// [`Store::create_session_at`].
    pub stage: String,
    /// Whether the account has a confirmed second factor (TOTP).
    pub second_factor: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user", &self.user)
            .field("csrf", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("stage", &self.stage)
            .field("second_factor", &self.second_factor)
            .finish()
    }
}

/// An API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Internal id.
    pub id: i64,
    /// The account it acts for.
    pub user_id: i64,
    /// That account's username.
    pub username: String,
    /// What the token is for, as its creator named it.
    pub name: String,
    /// When it was created (RFC 3339 UTC).
    pub created_at: String,
    /// When it was last accepted (RFC 3339 UTC, to the minute or better).
    pub last_used_at: Option<String>,
    /// Whether it has been revoked.
    pub revoked: bool,
}

/// `last_used_at` is written at most this often (seconds), so that API calls do not each cost a write.
const LAST_USED_EVERY: i64 = 60;

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn no_user(id: i64) -> StoreError {
    StoreError::NotFound(format!("there is no user #{id}"))
}

impl Store {
    /// Records a session; [`StoreError::NotFound`] if the user does not exist.
    pub fn create_session(
        &self,
        token_hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.create_session_at(token_hash, user_id, csrf, expires_at, "full")
    }

    /// Records a session at a log-in stage: `full` (logged in), `totp` (the password was right, the second
    /// factor is awaited) or `enrol` (the user must set up a second factor before anything else). The web
    /// application gives each stage its meaning; a session's stage never changes (the next stage is a new
    /// session, so that the cookie changes with the privileges).
    #[tracing::instrument(skip_all, fields(user_id = user_id, stage = stage))]
    pub fn create_session_at(
        &self,
        token_hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
        stage: &str,
    ) -> Result<(), StoreError> {
        self.conn().as_mut().write(|c| {
            c.query_opt("SELECT id FROM users WHERE id = $1", &[Val::I(user_id)])?.ok_or_else(|| no_user(user_id))?;
            c.exec(
                "INSERT INTO sessions (token_hash, user_id, csrf, expires_at, created_at, stage) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    Val::B(token_hash),
                    Val::I(user_id),
                    Val::T(csrf),
                    Val::I(expires_at),
                    Val::T(&crate::now()),
                    Val::T(stage),
                ],
            )?;
            Ok(())
        })
    }

    /// The session of a token hash, if it has not expired at `now` (unix seconds) and its account is active.
    pub fn session(&self, token_hash: &[u8; 32], now: i64) -> Result<Option<Session>, StoreError> {
        let row = self.conn().as_mut().query_opt(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf, s.expires_at, s.stage, \
                 (SELECT f.confirmed FROM user_totp f WHERE f.user_id = u.id) \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
            ),
            &[Val::B(token_hash), Val::I(now)],
        )?;
        row.map(|r| {
            Ok(Session {
                user: user_at(&r, 0)?,
                csrf: r.t(8)?,
                expires_at: r.i(9)?,
                stage: r.t(10)?,
                second_factor: r.oi(11)?.unwrap_or(0) != 0,
            })
        })
        .transpose()
    }

    /// Ends a session (log-out); nothing happens if there is none.
    pub fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.conn().as_mut().exec("DELETE FROM sessions WHERE token_hash = $1", &[Val::B(token_hash)])?;
        Ok(())
    }

    /// Ends every session of an account (after a password change, say).
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn delete_user_sessions(&self, user_id: i64) -> Result<(), StoreError> {
        self.conn().as_mut().exec("DELETE FROM sessions WHERE user_id = $1", &[Val::I(user_id)])?;
        Ok(())
    }

    /// Deletes the sessions expired at `now` (unix seconds); returns how many.
    #[tracing::instrument(skip_all)]
    pub fn purge_expired_sessions(&self, now: i64) -> Result<usize, StoreError> {
        let n = self.conn().as_mut().exec("DELETE FROM sessions WHERE expires_at <= $1", &[Val::I(now)])?;
        Ok(n as usize)
    }

    /// Records an API token for an account; [`StoreError::NotFound`] if the account does not exist.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn create_api_token(&self, user_id: i64, name: &str, token_hash: &[u8; 32]) -> Result<ApiToken, StoreError> {
        let now = crate::now();
        let (id, username) = self.conn().as_mut().write(|c| {
            let username =
                c.query_opt("SELECT username FROM users WHERE id = $1", &[Val::I(user_id)])?.ok_or_else(|| no_user(user_id))?.t(0)?;
            let id = c
                .query_opt(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at, revoked) VALUES ($1, $2, $3, $4, 0) \
                     RETURNING id",
                    &[Val::I(user_id), Val::T(name), Val::B(token_hash), Val::T(&now)],
                )?
                .ok_or_else(|| StoreError::Db("INSERT … RETURNING gave no row".into()))?
                .i(0)?;
            Ok((id, username))
        })?;
        tracing::info!(token_id = id, "API token created");
        Ok(ApiToken {
            id,
            user_id,
            username,
            name: name.to_string(),
            created_at: now,
            last_used_at: None,
            revoked: false,
        })
    }

    /// The account an API token acts for, if the token is not revoked and the account is active. Records the use
    /// (at most once a minute per token).
    pub fn api_token_user(&self, token_hash: &[u8; 32]) -> Result<Option<User>, StoreError> {
        let mut c = self.conn();
        let c = c.as_mut();
        let Some(r) = c.query_opt(
            &format!(
                "SELECT {USER_COLUMNS}, t.id, t.last_used_unix FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked = 0 AND u.active = 1"
            ),
            &[Val::B(token_hash)],
        )?
        else {
            return Ok(None);
        };
        let user = user_at(&r, 0)?;
        let now = unix_now();
        if r.oi(9)?.is_none_or(|last| now - last >= LAST_USED_EVERY) {
            c.exec(
                "UPDATE api_tokens SET last_used_at = $1, last_used_unix = $2 WHERE id = $3",
                &[Val::T(&crate::now()), Val::I(now), Val::I(r.i(8)?)],
            )?;
        }
        Ok(Some(user))
    }

    /// All API tokens, revoked ones included, oldest first.
    pub fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = self.conn().as_mut().query(
            "SELECT t.id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.revoked FROM api_tokens t \
             JOIN users u ON u.id = t.user_id ORDER BY t.id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.i(0)?,
                    user_id: r.i(1)?,
                    username: r.t(2)?,
                    name: r.t(3)?,
                    created_at: r.t(4)?,
                    last_used_at: r.ot(5)?,
                    revoked: r.i(6)? != 0,
                })
            })
            .collect()
    }

    /// The API tokens of one account, revoked ones included, oldest first.
    pub fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        Ok(self.api_tokens()?.into_iter().filter(|t| t.user_id == user_id).collect())
    }

    /// Revokes an API token for good; [`StoreError::NotFound`] if there is no such token.
    #[tracing::instrument(skip_all, fields(token_id = id))]
    pub fn revoke_api_token(&self, id: i64) -> Result<(), StoreError> {
        let n = self.conn().as_mut().exec("UPDATE api_tokens SET revoked = 1 WHERE id = $1", &[Val::I(id)])?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("there is no API token #{id}")));
        }
        Ok(())
    }
}
