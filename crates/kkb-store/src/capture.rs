//! Offline field capture: the submissions phones send over OpenRosa, kept whole (the instance XML and its
//! attachments sealed with the personal-data key, as family records are), with their fate; the families of a
//! region as the phones' media files need them; and the users' HTTP Digest secrets.
//!
//! A submission is claimed by its `instance_id` before anything is applied (the column is unique), so that a
//! phone resending after a lost answer, even at the same moment, is recorded and counted once.

use crate::conn::{AsCell, RowExt, Val};
use crate::family::{SUMMARY, StoredFamily};
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError, pii};
use kkb_domain::pk::FamilyAnswers;
use kkb_domain::region::RegionCode;

/// An attachment of a submission (a photo, a signature), as received.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The part's file name.
    pub name: String,
    /// Its content type.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// A submission just received, before it is applied.
#[derive(Debug, Clone, Copy)]
pub struct NewSubmission<'a> {
    /// `meta/instanceID` as sent (`uuid:…`).
    pub instance_id: &'a str,
    /// The form.
    pub form_id: &'a str,
    /// The form's version as sent.
    pub form_version: &'a str,
    /// The dotted code of the village it is for (the user's region when the instance names no valid village).
    pub village: &'a str,
    /// The PK round (`pk_year`), if the instance names one.
    pub year: Option<u16>,
    /// The family it is about, if the instance names one.
    pub family_id: &'a str,
    /// `meta/deprecatedID`: the instance this edited resend replaces ("" if none).
    pub deprecates: &'a str,
    /// The sending account.
    pub user_id: Option<i64>,
    /// Its username.
    pub username: &'a str,
    /// The instance XML (sealed here).
    pub instance: &'a [u8],
    /// The attachments (sealed here).
    pub attachments: &'a [Attachment],
}

/// A recorded submission (without its sealed content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Internal id.
    pub id: i64,
    /// `meta/instanceID` as sent.
    pub instance_id: String,
    /// The form.
    pub form_id: String,
    /// The form's version as sent.
    pub form_version: String,
    /// The dotted village code.
    pub village: String,
    /// The PK round, if any.
    pub year: Option<u16>,
    /// The family, once known ("" otherwise).
    pub family_id: String,
    /// The instance this one replaces ("" if none).
    pub deprecates: String,
    /// `received`, `applied`, `review`, `corrected`, `rejected` or `replaced`.
    pub status: String,
    /// Why it waits: a JSON array written by the application.
    pub problems: String,
    /// The sending account.
    pub user_id: Option<i64>,
    /// Its username.
    pub username: String,
    /// When it arrived (RFC 3339 UTC).
    pub received_at: String,
    /// When an officer (or the server) decided its fate.
    pub decided_at: Option<String>,
    /// Who decided (username), if an officer did.
    pub decided_by: Option<String>,
    /// The officer's note (e.g. why it was rejected).
    pub note: String,
    /// The family's version right after this submission was applied (to accept its edited resend).
    pub applied_version: Option<i64>,
}

/// A submission's new fate.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    /// The new status.
    pub status: &'a str,
    /// The problems (JSON array), `[]` when none.
    pub problems: &'a str,
    /// The family it was applied to, if now known.
    pub family_id: &'a str,
    /// The family's version after applying, if applied.
    pub applied_version: Option<i64>,
    /// The officer who decided (`None` when the server applied or queued it on receipt).
    pub decided_by: Option<&'a str>,
    /// The officer's note.
    pub note: &'a str,
}

/// Which submissions to list, newest first. Every filter that is set must match.
#[derive(Debug, Clone, Copy, Default)]
pub struct SubmissionFilter<'a> {
    /// Submissions of villages within this region.
    pub within: Option<RegionCode>,
    /// Of this status.
    pub status: Option<&'a str>,
    /// Of this form.
    pub form_id: Option<&'a str>,
    /// Sent by this account.
    pub user_id: Option<i64>,
    /// At most this many.
    pub limit: usize,
}

const COLUMNS: &str = "id, instance_id, form_id, form_version, village, year, family_id, deprecates, status, \
    problems, user_id, username, received_at, decided_at, decided_by, note, applied_version";

fn submission_of(r: &[impl AsCell]) -> Result<Submission, StoreError> {
    Ok(Submission {
        id: r.i(0)?,
        instance_id: r.t(1)?,
        form_id: r.t(2)?,
        form_version: r.t(3)?,
        village: r.t(4)?,
        year: r.oi(5)?.map(|y| y as u16),
        family_id: r.t(6)?,
        deprecates: r.t(7)?,
        status: r.t(8)?,
        problems: r.t(9)?,
        user_id: r.oi(10)?,
        username: r.t(11)?,
        received_at: r.t(12)?,
        decided_at: r.ot(13)?,
        decided_by: r.ot(14)?,
        note: r.t(15)?,
        applied_version: r.oi(16)?,
    })
}

fn instance_aad(instance_id: &str) -> Vec<u8> {
    format!("capture|{instance_id}").into_bytes()
}

fn attachment_aad(instance_id: &str, name: &str) -> Vec<u8> {
    format!("capture|{instance_id}|{name}").into_bytes()
}

/// The `LIKE` pattern of the codes within a region (codes hold no `%` or `_`).
fn within_pattern(code: RegionCode) -> String {
    format!("{code}%")
}

impl Store {
    /// Records a received submission with status `received`, sealing its content, and returns it; or, when its
    /// `instance_id` was received before, returns the earlier one as `Err` and records nothing.
    #[tracing::instrument(skip_all, fields(form = s.form_id))]
    pub fn receive_submission(&self, s: &NewSubmission<'_>) -> Result<Result<Submission, Submission>, StoreError> {
        let sealed = self.vault.seal(&instance_aad(s.instance_id), s.instance)?;
        let attachments = s
            .attachments
            .iter()
            .map(|a| Ok((a, self.vault.seal(&attachment_aad(s.instance_id, &a.name), &a.bytes)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let now = crate::now();
        let inserted = self.writer()?.write(|c| {
            let row = c.query_opt(
                "INSERT INTO capture_submissions (instance_id, form_id, form_version, village, year, family_id, \
                 deprecates, status, problems, user_id, username, received_at, note, instance) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', '[]', $8, $9, $10, '', $11) \
                 ON CONFLICT (instance_id) DO NOTHING RETURNING id",
                &[
                    Val::T(s.instance_id),
                    Val::T(s.form_id),
                    Val::T(s.form_version),
                    Val::T(s.village),
                    Val::opt_i(s.year.map(i64::from)),
                    Val::T(s.family_id),
                    Val::T(s.deprecates),
                    Val::opt_i(s.user_id),
                    Val::T(s.username),
                    Val::T(&now),
                    Val::B(&sealed),
                ],
            )?;
            let Some(row) = row else { return Ok(None) };
            let id = row.i(0)?;
            for (a, bytes) in &attachments {
                c.exec(
                    "INSERT INTO capture_attachments (submission, name, content_type, content) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (submission, name) DO NOTHING",
                    &[Val::I(id), Val::T(&a.name), Val::T(&a.content_type), Val::B(bytes)],
                )?;
            }
            Ok(Some(id))
        })?;
        match inserted {
            Some(id) => Ok(Ok(self.submission(id)?.ok_or_else(|| StoreError::Db("submission vanished".into()))?)),
            None => Ok(Err(self
                .submission_by_instance(s.instance_id)?
                .ok_or_else(|| StoreError::Db("a conflicting submission vanished".into()))?)),
        }
    }

    /// A submission by id.
    pub fn submission(&self, id: i64) -> Result<Option<Submission>, StoreError> {
        let row = self
            .reader()?
            .query_opt(&format!("SELECT {COLUMNS} FROM capture_submissions WHERE id = $1"), &[Val::I(id)])?;
        row.map(|r| submission_of(&r)).transpose()
    }

    /// A submission by its `meta/instanceID`.
    pub fn submission_by_instance(&self, instance_id: &str) -> Result<Option<Submission>, StoreError> {
        let row = self.reader()?.query_opt(
            &format!("SELECT {COLUMNS} FROM capture_submissions WHERE instance_id = $1"),
            &[Val::T(instance_id)],
        )?;
        row.map(|r| submission_of(&r)).transpose()
    }

    /// The instance XML of a submission, decrypted. Callers must check the reader's right to see it.
    pub fn submission_instance(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let row = self
            .reader()?
            .query_opt("SELECT instance_id, instance FROM capture_submissions WHERE id = $1", &[Val::I(id)])?
            .ok_or_else(|| StoreError::NotFound(format!("no submission #{id}")))?;
        self.vault.open(&instance_aad(&row.t(0)?), row.b(1)?)
    }

    /// The attachments of a submission, decrypted, by name.
    pub fn submission_attachments(&self, id: i64) -> Result<Vec<Attachment>, StoreError> {
        let rows = self.reader()?.query(
            "SELECT s.instance_id, a.name, a.content_type, a.content FROM capture_attachments a \
             JOIN capture_submissions s ON s.id = a.submission WHERE a.submission = $1 ORDER BY a.name",
            &[Val::I(id)],
        )?;
        rows.iter()
            .map(|r| {
                let name = r.t(1)?;
                let bytes = self.vault.open(&attachment_aad(r.s(0)?, &name), r.b(3)?)?;
                Ok(Attachment { name, content_type: r.t(2)?, bytes })
            })
            .collect()
    }

    /// Records a submission's fate; [`StoreError::NotFound`] if it does not exist.
    #[tracing::instrument(skip_all, fields(id, status = o.status))]
    pub fn set_submission_outcome(&self, id: i64, o: &Outcome<'_>) -> Result<(), StoreError> {
        let n = self.writer()?.exec(
            "UPDATE capture_submissions SET status = $1, problems = $2, family_id = $3, applied_version = $4, \
             decided_at = $5, decided_by = $6, note = $7 WHERE id = $8",
            &[
                Val::T(o.status),
                Val::T(o.problems),
                Val::T(o.family_id),
                Val::opt_i(o.applied_version),
                Val::T(&crate::now()),
                Val::opt_t(o.decided_by),
                Val::T(o.note),
                Val::I(id),
            ],
        )?;
        if n == 0 { Err(StoreError::NotFound(format!("no submission #{id}"))) } else { Ok(()) }
    }

    /// The submissions matching a filter, newest first.
    pub fn submissions(&self, f: &SubmissionFilter<'_>) -> Result<Vec<Submission>, StoreError> {
        let pattern = f.within.map(within_pattern);
        let mut conds: Vec<(&str, Val<'_>)> = Vec::new();
        if let Some(p) = &pattern {
            conds.push(("village LIKE", Val::T(p)));
        }
        if let Some(s) = f.status {
            conds.push(("status =", Val::T(s)));
        }
        if let Some(form) = f.form_id {
            conds.push(("form_id =", Val::T(form)));
        }
        if let Some(u) = f.user_id {
            conds.push(("user_id =", Val::I(u)));
        }
        let mut sql = format!("SELECT {COLUMNS} FROM capture_submissions WHERE 1 = 1");
        for (i, (cond, _)) in conds.iter().enumerate() {
            sql.push_str(&format!(" AND {cond} ${}", i + 1));
        }
        let mut params: Vec<Val<'_>> = conds.iter().map(|(_, v)| *v).collect();
        params.push(Val::I(i64::try_from(f.limit.max(1)).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", params.len()));
        let rows = self.reader()?.query(&sql, &params)?;
        rows.iter().map(|r| submission_of(r)).collect()
    }

    /// Counts of submissions by status (all time), for the benchmark and the queue's headline.
    pub fn submission_counts(&self, within: Option<RegionCode>) -> Result<Vec<(String, i64)>, StoreError> {
        let pattern = within.map(within_pattern).unwrap_or_else(|| "%".into());
        let rows = self.reader()?.query(
            "SELECT status, COUNT(*) FROM capture_submissions WHERE village LIKE $1 GROUP BY status ORDER BY status",
            &[Val::T(&pattern)],
        )?;
        rows.iter().map(|r| Ok((r.t(0)?, r.i(1)?))).collect()
    }

    /// The stored version of a family, if it exists.
    pub fn family_version(&self, year: u16, village: RegionCode, family_id: &str) -> Result<Option<i64>, StoreError> {
        let v = village.to_string();
        let row = self.reader()?.query_opt(
            "SELECT version FROM families WHERE year = $1 AND village = $2 AND family_id = $3",
            &[Val::I(year.into()), Val::T(&v), Val::T(family_id)],
        )?;
        row.map(|r| r.i(0)).transpose()
    }

    /// The families of the villages within a region in the given rounds, with their members' personal data
    /// decrypted, ordered by village, round and family id. Callers must check the reader's right to see them.
    #[tracing::instrument(skip_all, fields(within = %within))]
    pub fn families_within(&self, within: RegionCode, years: &[u16]) -> Result<Vec<StoredFamily>, StoreError> {
        let pattern = within_pattern(within);
        let mut out = Vec::new();
        for &year in years {
            let rows = self.reader()?.query(
                &format!(
                    "SELECT {SUMMARY}, answers, pii, extras, rw, rt FROM families \
                     WHERE year = $1 AND village LIKE $2 ORDER BY village, family_id"
                ),
                &[Val::I(year.into()), Val::T(&pattern)],
            )?;
            let mut aad = Vec::new();
            for r in &rows {
                let s =
                    crate::FamilySummary::from_row(&mut Cols::new(&r.iter().map(|c| c.cell()).collect::<Vec<_>>()))?;
                let answers = FamilyAnswers::decode(r.b(10)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                pii::aad_into(&mut aad, s.year, &s.village.to_string(), &s.family_id);
                let p = pii::decode(&self.vault.open(&aad, r.b(11)?)?)?;
                let small = |i: usize| r.oi(i).map(|v| v.and_then(|v| u16::try_from(v).ok()));
                out.push(StoredFamily {
                    summary: s,
                    answers,
                    kk: p.kk,
                    people: p.people,
                    extras: r.ot(12)?,
                    rw: small(13)?,
                    rt: small(14)?,
                });
            }
        }
        out.sort_by(|a, b| {
            (a.summary.village, a.summary.year, &a.summary.family_id).cmp(&(
                b.summary.village,
                b.summary.year,
                &b.summary.family_id,
            ))
        });
        Ok(out)
    }

    /// Stores a user's HTTP Digest secret (sealed); [`StoreError::NotFound`] if the user does not exist.
    pub fn set_digest_secret(&self, user_id: i64, secret: &[u8]) -> Result<(), StoreError> {
        let sealed = self.vault.seal(format!("digest|{user_id}").as_bytes(), secret)?;
        let n = self
            .writer()?
            .exec("UPDATE users SET digest_ha1 = $1 WHERE id = $2", &[Val::B(&sealed), Val::I(user_id)])?;
        if n == 0 { Err(StoreError::NotFound(format!("there is no user #{user_id}"))) } else { Ok(()) }
    }

    /// A user's HTTP Digest secret, decrypted, if one was stored.
    pub fn digest_secret(&self, user_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        let row = self.reader()?.query_opt("SELECT digest_ha1 FROM users WHERE id = $1", &[Val::I(user_id)])?;
        match row.as_ref().map(|r| r.ob(0)).transpose()?.flatten() {
            Some(sealed) => Ok(Some(self.vault.open(format!("digest|{user_id}").as_bytes(), sealed)?)),
            None => Ok(None),
        }
    }
}
