//! `import_round` and `import_stream`: validated families into the store, atomically, with their region tallies.
//!
//! One transaction per call; a stream is written batch by batch as it is read, and committed only if it ends
//! valid. Families that already exist (same year, village and family_id) are replaced: their
//! old contribution is subtracted from the tallies, their id is kept and their version grows by one. NIKs must
//! be unique within a round; a NIK already held by another stored family is a problem with its row, and then
//! nothing is written. Bulk work goes through [`Conn::bulk_insert`] (prepared statements or COPY) and temporary
//! tables, so a re-import costs no per-family round trips on PostgreSQL.
//!
//! The work is split by step: `prepare` scores, encodes and encrypts a batch (on its own thread), `writer` writes
//! batches, `replace` takes out the families a batch replaces, and `finish` writes the indexes and tallies and
//! checks NIK uniqueness against the rest of the round.

mod finish;
mod prepare;
mod replace;
mod writer;

use crate::conn::{Conn, Val};
use crate::{Store, StoreError};
use kkb_domain::methodology::Methodology;
use kkb_domain::pk::{Family, Problem};
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use prepare::PreparedBatch;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use writer::Writer;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Rounds touched.
    pub years: Vec<u16>,
    /// Families written (new + replaced).
    pub families: u64,
    /// Of which replaced existing families.
    pub replaced: u64,
    /// Members written.
    pub members: u64,
}

/// One item of a stream of families to import (see [`Store::import_stream`]).
#[derive(Debug)]
pub enum Feed<B> {
    /// Validated families (from [`kkb_domain::pk::read`]), as a slice or a vector.
    Families(B),
    /// The stream is complete and valid: what was written is committed.
    Done,
    /// The stream turned out invalid (its problems are reported by whoever read it): nothing is written.
    Abort,
}

pub(crate) const CHUNK: usize = 32_768;

/// Imports of at least this many families use the engine's bulk mode (see [`Conn::set_bulk`]).
const BULK: usize = 50_000;

/// How a write tells that another family of the round already holds a NIK, given the round, that family's village
/// and its id: the caller decides what the writer may be told (a web user learns nothing of a family outside their
/// region).
pub type NikTaken<'a> = &'a (dyn Fn(u16, RegionCode, &str) -> Reason + Sync);

/// The operator's reason (the CLI sees everything): the other family and its village.
fn nik_taken_anywhere(year: u16, village: RegionCode, family_id: &str) -> Reason {
    Reason::NikRegistered { year, family: family_id.to_string(), village: village.to_string() }
}

/// What a write may do beyond storing families.
pub(crate) struct WriteRules<'a> {
    /// Families go into existing rounds only (web uploads and edits); otherwise a family of a new year opens its
    /// round, published (the operator's import: the CLI contract is that the default year is the latest round).
    pub(crate) open_rounds_only: bool,
    /// How a NIK held by another family is told.
    pub(crate) nik_taken: NikTaken<'a>,
}

impl WriteRules<'static> {
    const OPERATOR: WriteRules<'static> = WriteRules { open_rounds_only: false, nik_taken: &nik_taken_anywhere };
}

/// The methodology of each round: the stored rounds' own, the default one for new rounds.
struct Methods {
    by_year: HashMap<u16, (String, Arc<Methodology>)>,
    default: (String, Arc<Methodology>),
}

impl Methods {
    fn of(&self, year: u16) -> &(String, Arc<Methodology>) {
        self.by_year.get(&year).unwrap_or(&self.default)
    }
}

impl Store {
    /// Imports validated families (from [`kkb_domain::pk::read`]) in one transaction; then recomputes the
    /// classes of the Kampung KB of the villages they live in (their population comes from the families).
    /// A family of a year without a round opens that round, published (the operator's tool: see
    /// [`Store::import_open_rounds`] for the web's).
    #[tracing::instrument(skip_all, fields(families = families.len()))]
    pub fn import_round(&self, families: &[Family], source: &str) -> Result<ImportReport, StoreError> {
        let feed = families.chunks(CHUNK).map(Feed::Families).chain([Feed::Done]);
        self.import_stream(feed, families.len(), source)
    }

    /// Imports a stream of validated families in one transaction, writing each batch as it arrives (so that the
    /// next ones can be read and validated meanwhile), exactly as [`Store::import_round`] would import them all
    /// at once. The stream must end with [`Feed::Done`] to be committed: [`Feed::Abort`], or an end without
    /// `Done` (the reader failed), rolls everything back and returns [`StoreError::Aborted`]. `expected` is the
    /// number of families expected (an estimate), which chooses the engine's bulk mode for large imports.
    #[tracing::instrument(skip_all, fields(expected))]
    pub fn import_stream<B, I>(&self, feed: I, expected: usize, source: &str) -> Result<ImportReport, StoreError>
    where
        B: AsRef<[Family]> + Send,
        I: IntoIterator<Item = Feed<B>>,
        I::IntoIter: Send,
    {
        self.write_families(feed.into_iter(), expected, source, &WriteRules::OPERATOR, |_| Ok(()))
    }

    /// Validated family from a form: replaces the stored one (same year/village/family_id) or adds it, in one
    /// transaction with its tallies, exactly as an import of that one family would.
    ///
    /// `expected_version`: `Some(v)` = the caller edited version `v`; if the stored version differs (or the family
    /// vanished) → [`StoreError::Conflict`] and nothing changes. `None` = the family must be new: if it exists →
    /// [`StoreError::Conflict`]. The check is made inside the write transaction, so two editors cannot both win.
    ///
    /// The family's round must exist ([`StoreError::Problems`] at `pk_year` otherwise).
    #[tracing::instrument(skip_all, fields(year = family.key.year, expected_version = ?expected_version))]
    pub fn save_family(
        &self,
        family: &Family,
        expected_version: Option<i64>,
        source: &str,
    ) -> Result<ImportReport, StoreError> {
        self.save_family_with(family, expected_version, source, &nik_taken_anywhere)
    }

    /// [`Store::save_family`], with a NIK another family of the round holds told by `nik_taken`.
    pub fn save_family_with(
        &self,
        family: &Family,
        expected_version: Option<i64>,
        source: &str,
        nik_taken: NikTaken<'_>,
    ) -> Result<ImportReport, StoreError> {
        let key = &family.key;
        let village = key.village.to_string();
        let feed = [Feed::Families(std::slice::from_ref(family)), Feed::Done];
        let rules = WriteRules { open_rounds_only: true, nik_taken };
        self.write_families(feed.into_iter(), 1, source, &rules, |c| {
            if !crate::rounds::open_years(c)?.contains(&key.year) {
                return Err(StoreError::Problems(vec![Problem {
                    file: "keluarga".into(),
                    row: family.row,
                    column: "pk_year".into(),
                    value: key.year.to_string(),
                    reason: Reason::RoundNotOpen { year: key.year },
                }]));
            }
            let stored = c.query_opt_as::<i64>(
                "SELECT version FROM families WHERE year = $1 AND village = $2 AND family_id = $3",
                &[Val::I(key.year.into()), Val::T(&village), Val::T(&key.family_id)],
            )?;
            match (expected_version, stored) {
                (None, None) => Ok(()),
                (None, Some(_)) => Err(StoreError::Refused(Reason::FamilyExists { family: key.family_id.clone() })),
                (Some(expected), Some(stored)) if expected == stored => Ok(()),
                (Some(_), Some(_)) => Err(StoreError::Refused(Reason::FamilyChanged)),
                (Some(_), None) => Err(StoreError::Refused(Reason::FamilyGone)),
            }
        })
    }

    /// Writes the feed in one transaction (see [`Store::write_feed`]). Then, committed or not, cached reads are
    /// stale; once committed, the Kampung KB of the villages touched are classified again (their population comes
    /// from the families).
    pub(crate) fn write_families<B: AsRef<[Family]> + Send>(
        &self,
        feed: impl Iterator<Item = Feed<B>> + Send,
        expected: usize,
        source: &str,
        rules: &WriteRules<'_>,
        precondition: impl FnOnce(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<ImportReport, StoreError> {
        let written = self.write_feed(feed, expected, source, rules, precondition);
        self.version.invalidate();
        let (report, villages) = written?;
        self.refresh_classes_among(villages)?;
        Ok(report)
    }

    /// Writes the feed in one transaction, after `precondition` has passed inside it: one thread scores, encodes
    /// and encrypts each batch while this one writes the one before. Returns the report and the villages touched.
    fn write_feed<B: AsRef<[Family]> + Send>(
        &self,
        feed: impl Iterator<Item = Feed<B>> + Send,
        expected: usize,
        source: &str,
        rules: &WriteRules<'_>,
        precondition: impl FnOnce(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<(ImportReport, BTreeSet<RegionCode>), StoreError> {
        // Every round's methodology, resolved before taking the connection (the cache may need it).
        let default_id = Methodology::default_pk21().id().to_string();
        let known: Vec<(u16, String)> = self.reader()?.query_as("SELECT year, methodology_id FROM rounds", &[])?;
        let mut by_year = HashMap::new();
        for (y, id) in known {
            let m = self.methodology(&id)?;
            by_year.insert(y, (id, m));
        }
        let methods = Methods { default: (default_id.clone(), self.methodology(&default_id)?), by_year };
        let mut c = self.writer()?;
        // The engine's bulk mode, if it has one: SQLite's needs the file to itself, which the pool grants only when
        // no read is under way and the store does not serve readers meanwhile (`PoolConfig::exclusive_imports`).
        let bulk = expected >= BULK && self.db.begin_exclusive(&c);
        let written = (|| {
            if bulk {
                c.set_bulk(true)?;
            }
            self.write_in_transaction(&mut *c, feed, (&methods, rules), expected, source, precondition)
        })();
        if bulk {
            let t = std::time::Instant::now();
            let ended = c.set_bulk(false);
            self.db.end_exclusive();
            ended?;
            tracing::debug!(ms = t.elapsed().as_millis() as u64, "bulk mode ended");
        }
        let (report, villages) = written?;
        tracing::info!(families = report.families, replaced = report.replaced, members = report.members, "imported");
        Ok((report, villages))
    }

    /// The transaction of [`Store::write_feed`].
    fn write_in_transaction<B: AsRef<[Family]> + Send>(
        &self,
        c: &mut dyn Conn,
        feed: impl Iterator<Item = Feed<B>> + Send,
        (methods, rules): (&Methods, &WriteRules<'_>),
        expected: usize,
        source: &str,
        precondition: impl FnOnce(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<(ImportReport, BTreeSet<RegionCode>), StoreError> {
        c.write(|c| {
            precondition(c)?;
            crate::lookup::bump_data_version(c)?;
            let mut w = Writer::new(c, methods, rules, (expected, source))?;
            let started = std::time::Instant::now();
            let complete = std::thread::scope(|scope| -> Result<bool, StoreError> {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Result<PreparedBatch<B>, StoreError>>(2);
                let preparer = scope.spawn(move || -> bool {
                    for item in feed {
                        let batch = match item {
                            Feed::Families(b) => b,
                            Feed::Done => return true,
                            Feed::Abort => return false,
                        };
                        let prepared = self.prepare_batch(methods, batch.as_ref()).map(|p| (batch, p));
                        let failed = prepared.is_err();
                        if tx.send(prepared).is_err() || failed {
                            return false;
                        }
                    }
                    false
                });
                let mut waited = std::time::Duration::ZERO;
                loop {
                    let t = std::time::Instant::now();
                    let Ok(prepared) = rx.recv() else { break };
                    waited += t.elapsed();
                    let (batch, prepared) = prepared?;
                    w.batch(c, batch.as_ref(), prepared)?;
                }
                tracing::debug!(waited_ms = waited.as_millis() as u64, "waited for prepared families");
                Ok(preparer.join().unwrap_or(false))
            })?;
            if !complete {
                return Err(StoreError::Aborted);
            }
            tracing::info!(ms = started.elapsed().as_millis() as u64, "families written");
            w.finish(c, source)
        })
    }
}
