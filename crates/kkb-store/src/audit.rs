//! The audit log: who viewed or changed which family (or account, or import), when, and from where. Entries name
//! their targets by key (`2021/17.01.01.2001/F0001`), never by NIK or name; callers must keep personal data out
//! of `detail` too. The log is append-only: the store offers no way to change or delete an entry.

use crate::conn::Val;
use crate::regions::prefix_bounds;
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError};

/// An entry to record.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    /// The acting account, if known (`None` e.g. for a failed log-in with an unknown username).
    pub user_id: Option<i64>,
    /// The acting username (as typed, for a failed log-in).
    pub username: &'a str,
    /// What happened: `family.view`, `family.view_nik`, `family.update`, `import`, `login`, `login.failed`,
    /// `user.create`, …
    pub action: &'a str,
    /// What it happened to, by key (e.g. `2021/17.01.01.2001/F0001`).
    pub target: &'a str,
    /// The dotted code of the region concerned, or `""`.
    pub region: &'a str,
    /// The client's address.
    pub ip: &'a str,
    /// Anything else worth keeping (no personal data).
    pub detail: &'a str,
}

/// A recorded entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Grows with every entry: newer entries have larger ids.
    pub id: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// The acting account, if known.
    pub user_id: Option<i64>,
    /// The acting username.
    pub username: String,
    /// What happened.
    pub action: String,
    /// What it happened to.
    pub target: String,
    /// The region concerned, or `""`.
    pub region: String,
    /// The client's address.
    pub ip: String,
    /// Anything else recorded.
    pub detail: String,
}

/// Which entries to list, newest first. Every filter that is set must match.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditFilter<'a> {
    /// Entries whose region starts with this (e.g. `17.01` for a regency and everything in it).
    pub region_prefix: Option<&'a str>,
    /// Entries of exactly this username.
    pub username: Option<&'a str>,
    /// Entries of exactly this action.
    pub action: Option<&'a str>,
    /// Entries older than this id (the last id of the previous page).
    pub before_id: Option<i64>,
    /// At most this many entries.
    pub limit: usize,
}

impl FromRow for AuditRecord {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(AuditRecord {
            id: r.get()?,
            at: r.get()?,
            user_id: r.get()?,
            username: r.get()?,
            action: r.get()?,
            target: r.get()?,
            region: r.get()?,
            ip: r.get()?,
            detail: r.get()?,
        })
    }
}

impl Store {
    /// Records an entry.
    pub fn audit(&self, e: &AuditEntry<'_>) -> Result<(), StoreError> {
        self.writer()?.exec(
            "INSERT INTO audit_log (at, user_id, username, action, target, region, ip, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                Val::T(&crate::now()),
                Val::opt_i(e.user_id),
                Val::T(e.username),
                Val::T(e.action),
                Val::T(e.target),
                Val::T(e.region),
                Val::T(e.ip),
                Val::T(e.detail),
            ],
        )?;
        Ok(())
    }

    /// The entries matching a filter, newest first.
    pub fn audit_log(&self, f: &AuditFilter<'_>) -> Result<Vec<AuditRecord>, StoreError> {
        let bounds = f.region_prefix.filter(|p| !p.is_empty()).map(prefix_bounds);
        let mut sql = String::from(
            "SELECT id, at, user_id, username, action, target, region, ip, detail FROM audit_log WHERE 1 = 1",
        );
        let mut conds: Vec<(&str, Val<'_>)> = Vec::new();
        if let Some((low, high)) = &bounds {
            conds.push(("region >=", Val::T(low)));
            if let Some(high) = high {
                conds.push(("region <", Val::T(high)));
            }
        }
        if let Some(u) = f.username {
            conds.push(("username =", Val::T(u)));
        }
        if let Some(a) = f.action {
            conds.push(("action =", Val::T(a)));
        }
        if let Some(id) = f.before_id {
            conds.push(("id <", Val::I(id)));
        }
        for (i, (cond, _)) in conds.iter().enumerate() {
            sql.push_str(&format!(" AND {cond} ${}", i + 1));
        }
        let mut params: Vec<Val<'_>> = conds.iter().map(|(_, v)| *v).collect();
        params.push(Val::I(i64::try_from(f.limit).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", params.len()));
        self.reader()?.query_as(&sql, &params)
    }
}
