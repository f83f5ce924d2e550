//! Log-in sessions and API tokens. Both are random secrets held by the client; the store keeps only their
//! 32-byte BLAKE3 hashes (computed by the caller), so that reading the database does not let anyone log in. A
//! session or token of an inactive account is refused.

use crate::conn::Val;
use crate::row::{Cols, FromRow};
use crate::users::{USER_COLUMNS, User};
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

impl FromRow for Session {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(Session {
            user: User::from_row(r)?,
            csrf: r.get()?,
            expires_at: r.get()?,
            stage: r.get()?,
            second_factor: r.get::<Option<i64>>()?.unwrap_or(0) != 0,
        })
    }
}

/// The columns of an [`ApiToken`], for a query that names the tokens `t` and the users `u`.
const TOKEN_COLUMNS: &str = "t.id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.revoked";

impl FromRow for ApiToken {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(ApiToken {
            id: r.get()?,
            user_id: r.get()?,
            username: r.get()?,
            name: r.get()?,
            created_at: r.get()?,
            last_used_at: r.get()?,
            revoked: r.get()?,
        })
    }
}

/// The account of a token, with the token's id and when it was last used (unix seconds).
struct TokenUser {
    user: User,
    token_id: i64,
    last_used: Option<i64>,
}

impl FromRow for TokenUser {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(TokenUser { user: User::from_row(r)?, token_id: r.get()?, last_used: r.get()? })
    }
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
        self.writer()?.write(|c| {
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
        self.reader()?.query_opt_as(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf, s.expires_at, s.stage, \
                 (SELECT f.confirmed FROM user_totp f WHERE f.user_id = u.id) \
                 FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
            ),
            &[Val::B(token_hash), Val::I(now)],
        )
    }

    /// Ends a session (log-out); nothing happens if there is none.
    pub fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.writer()?.exec("DELETE FROM sessions WHERE token_hash = $1", &[Val::B(token_hash)])?;
        Ok(())
    }

    /// Ends every session of an account (after a password change, say).
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn delete_user_sessions(&self, user_id: i64) -> Result<(), StoreError> {
        self.writer()?.exec("DELETE FROM sessions WHERE user_id = $1", &[Val::I(user_id)])?;
        Ok(())
    }

    /// Deletes the sessions expired at `now` (unix seconds); returns how many.
    #[tracing::instrument(skip_all)]
    pub fn purge_expired_sessions(&self, now: i64) -> Result<usize, StoreError> {
        let n = self.writer()?.exec("DELETE FROM sessions WHERE expires_at <= $1", &[Val::I(now)])?;
        Ok(n as usize)
    }

    /// Records an API token for an account; [`StoreError::NotFound`] if the account does not exist.
    #[tracing::instrument(skip_all, fields(user_id = user_id))]
    pub fn create_api_token(&self, user_id: i64, name: &str, token_hash: &[u8; 32]) -> Result<ApiToken, StoreError> {
        let now = crate::now();
        let (id, username) = self.writer()?.write(|c| {
            let username = c
                .query_opt_as::<String>("SELECT username FROM users WHERE id = $1", &[Val::I(user_id)])?
                .ok_or_else(|| no_user(user_id))?;
            let id = c.query_one_as::<i64>(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, revoked) VALUES ($1, $2, $3, $4, 0) \
                 RETURNING id",
                &[Val::I(user_id), Val::T(name), Val::B(token_hash), Val::T(&now)],
            )?;
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
    /// (at most once a minute per token), unless another write of this process holds the database just now: an API
    /// read does not wait for an import to note the time.
    pub fn api_token_user(&self, token_hash: &[u8; 32]) -> Result<Option<User>, StoreError> {
        let Some(t) = self.reader()?.query_opt_as::<TokenUser>(
            &format!(
                "SELECT {USER_COLUMNS}, t.id, t.last_used_unix FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked = 0 AND u.active = 1"
            ),
            &[Val::B(token_hash)],
        )?
        else {
            return Ok(None);
        };
        let now = unix_now();
        if t.last_used.is_none_or(|last| now - last >= LAST_USED_EVERY)
            && let Some(mut w) = self.db.try_write()?
        {
            w.exec(
                "UPDATE api_tokens SET last_used_at = $1, last_used_unix = $2 WHERE id = $3",
                &[Val::T(&crate::now()), Val::I(now), Val::I(t.token_id)],
            )?;
        }
        Ok(Some(t.user))
    }

    /// All API tokens, revoked ones included, oldest first.
    pub fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        self.reader()?.query_as(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id"),
            &[],
        )
    }

    /// The API tokens of one account, revoked ones included, oldest first.
    pub fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        Ok(self.api_tokens()?.into_iter().filter(|t| t.user_id == user_id).collect())
    }

    /// Revokes an API token for good; [`StoreError::NotFound`] if there is no such token.
    #[tracing::instrument(skip_all, fields(token_id = id))]
    pub fn revoke_api_token(&self, id: i64) -> Result<(), StoreError> {
        let n = self.writer()?.exec("UPDATE api_tokens SET revoked = 1 WHERE id = $1", &[Val::I(id)])?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("there is no API token #{id}")));
        }
        Ok(())
    }
}
