//! Accounts of the web application. A user is a username, a display name, a role and the region it may see:
//! no other personal data. Usernames are unique ignoring case; the store compares the lower-cased form it keeps
//! beside the username, so both engines agree on what "ignoring case" means.

use crate::conn::Val;
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError};
use kkb_domain::access::Role;

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Internal id.
    pub id: i64,
    /// The log-in name, as chosen (compared ignoring case).
    pub username: String,
    /// The name shown in pages and in the audit log.
    pub display_name: String,
    /// The role (a stored name that is no role makes the account's row [`StoreError::Corrupt`]).
    pub role: Role,
    /// The dotted region code the account may see; `""` is the whole country.
    pub scope: String,
    /// The office the account belongs to, if recorded.
    pub agency: Option<String>,
    /// Whether the account may log in.
    pub active: bool,
    /// When the account was created (RFC 3339 UTC).
    pub created_at: String,
}

/// A new account, with its already hashed password. New accounts are active.
#[derive(Clone)]
pub struct NewUser<'a> {
    /// The log-in name.
    pub username: &'a str,
    /// The name shown in pages.
    pub display_name: &'a str,
    /// The role.
    pub role: Role,
    /// The dotted region code the account may see; `""` is the whole country.
    pub scope: &'a str,
    /// The office, if any.
    pub agency: Option<&'a str>,
    /// The password hash (PHC string); never the password.
    pub password_hash: &'a str,
}

impl std::fmt::Debug for NewUser<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// The columns of a [`User`], for a query that names the users table `u`.
pub(crate) const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.role, u.scope, u.agency, u.active, u.created_at";

impl FromRow for User {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(User {
            id: r.get()?,
            username: r.get()?,
            display_name: r.get()?,
            role: r.get()?,
            scope: r.get()?,
            agency: r.get()?,
            active: r.get()?,
            created_at: r.get()?,
        })
    }
}

/// A user with the password hash that follows the [`USER_COLUMNS`].
struct WithHash(User, String);

impl FromRow for WithHash {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(WithHash(User::from_row(r)?, r.get()?))
    }
}

fn username_key(username: &str) -> String {
    username.to_lowercase()
}

impl Store {
    /// Creates an account; a username already taken (ignoring case) is a [`StoreError::Conflict`].
    #[tracing::instrument(skip_all)]
    pub fn create_user(&self, u: &NewUser<'_>) -> Result<User, StoreError> {
        let key = username_key(u.username);
        let now = crate::now();
        let id = self.writer()?.write(|c| {
            if c.query_opt("SELECT id FROM users WHERE username_key = $1", &[Val::T(&key)])?.is_some() {
                return Err(StoreError::Refused(kkb_domain::problem::Reason::UsernameTaken {
                    username: u.username.to_string(),
                }));
            }
            c.query_one_as::<i64>(
                "INSERT INTO users (username, username_key, display_name, role, scope, agency, active, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id",
                &[
                    Val::T(u.username),
                    Val::T(&key),
                    Val::T(u.display_name),
                    Val::T(u.role.as_str()),
                    Val::T(u.scope),
                    Val::opt_t(u.agency),
                    Val::T(u.password_hash),
                    Val::T(&now),
                ],
            )
        })?;
        tracing::info!(user_id = id, "user created");
        Ok(User {
            id,
            username: u.username.to_string(),
            display_name: u.display_name.to_string(),
            role: u.role,
            scope: u.scope.to_string(),
            agency: u.agency.map(str::to_string),
            active: true,
            created_at: now,
        })
    }

    /// An account by id.
    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.reader()?.query_opt_as(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"), &[Val::I(id)])
    }

    /// The account of a username (ignoring case) with its password hash, active or not: the caller decides what
    /// an inactive account may do.
    pub fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = self.reader()?.query_opt_as::<WithHash>(
            &format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.username_key = $1"),
            &[Val::T(&username_key(username))],
        )?;
        Ok(row.map(|WithHash(user, hash)| (user, hash)))
    }

    /// All accounts, by username ignoring case.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut users: Vec<User> = self.reader()?.query_as(&format!("SELECT {USER_COLUMNS} FROM users u"), &[])?;
        // Sorted here, not by the engine: the order then does not depend on the database's collation.
        users.sort_by_cached_key(|u| (username_key(&u.username), u.username.clone()));
        Ok(users)
    }

    /// Changes everything of an account but its username and password; [`StoreError::NotFound`] if it does not
    /// exist. Deactivating an account also ends its sessions; its API tokens are refused while it is inactive.
    #[tracing::instrument(skip_all, fields(user_id = id))]
    pub fn update_user(
        &self,
        id: i64,
        display_name: &str,
        role: Role,
        scope: &str,
        agency: Option<&str>,
        active: bool,
    ) -> Result<(), StoreError> {
        self.writer()?.write(|c| {
            let n = c.exec(
                "UPDATE users SET display_name = $1, role = $2, scope = $3, agency = $4, active = $5 WHERE id = $6",
                &[
                    Val::T(display_name),
                    Val::T(role.as_str()),
                    Val::T(scope),
                    Val::opt_t(agency),
                    Val::I(active.into()),
                    Val::I(id),
                ],
            )?;
            found(n, id)?;
            if !active {
                c.exec("DELETE FROM sessions WHERE user_id = $1", &[Val::I(id)])?;
            }
            Ok(())
        })
    }

    /// Replaces an account's password hash (and forgets its HTTP Digest secret, which the old password made:
    /// the caller stores the new one, see [`Store::set_digest_secret`]); [`StoreError::NotFound`] if it does not
    /// exist.
    #[tracing::instrument(skip_all, fields(user_id = id))]
    pub fn set_password_hash(&self, id: i64, hash: &str) -> Result<(), StoreError> {
        let n = self.writer()?.exec(
            "UPDATE users SET password_hash = $1, digest_ha1 = NULL WHERE id = $2",
            &[Val::T(hash), Val::I(id)],
        )?;
        found(n, id)
    }
}

/// `Ok` when a statement changed a row of user `id`.
fn found(changed: u64, id: i64) -> Result<(), StoreError> {
    if changed == 0 { Err(StoreError::NotFound(format!("there is no user #{id}"))) } else { Ok(()) }
}
