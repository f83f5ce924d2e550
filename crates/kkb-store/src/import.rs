//! `import_round` and `import_stream`: validated families into the store, atomically, with their region tallies.
//!
//! One transaction per call; a stream is written batch by batch as it is read, and committed only if it ends
//! valid. Families that already exist (same year, village and family_id) are replaced: their
//! old contribution is subtracted from the tallies, their id is kept and their version grows by one. NIKs must
//! be unique within a round; a NIK already held by another stored family is a problem with its row, and then
//! nothing is written. Bulk work goes through [`Conn::bulk_insert`] (prepared statements or COPY) and temporary
//! tables, so a re-import costs no per-family round trips on PostgreSQL.

use crate::conn::{Conn, RowExt, Val};
use crate::{Store, StoreError, pii, tally};
use kkb_domain::figures::Tally;
use kkb_domain::methodology::{FamilyScore, Methodology};
use kkb_domain::pk::{Family, Problem};
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

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

/// A batch of families scored, encoded and encrypted, ready to write. Its byte strings live in one buffer, so
/// that a census-size import does not allocate (and free) several buffers a family.
#[derive(Default)]
struct Prepared {
    families: Vec<PreparedFamily>,
    /// Encoded answers, sealed personal data and index hashes of every family, one after the other.
    bytes: Vec<u8>,
    /// The distinct village codes of the batch, as text.
    villages: Vec<String>,
    /// (hash, member_no, file row) of every NIK of the batch, family after family.
    niks: Vec<([u8; 16], u8, u32)>,
    /// Tallies per (round, village).
    tallies: HashMap<(u16, RegionCode), Tally>,
}

/// One family of a [`Prepared`] batch; ranges point into its buffers.
struct PreparedFamily {
    score: FamilyScore,
    category: Option<i64>,
    village: usize,
    answers: Range<usize>,
    pii: Range<usize>,
    id_hashes: Range<usize>,
    kk_hash: Option<[u8; 16]>,
    niks: Range<usize>,
}

/// A batch of the feed with its prepared families.
type PreparedBatch<B> = (B, Prepared);

pub(crate) const CHUNK: usize = 32_768;

/// The columns of a family row, in the order [`Writer::batch`] writes them.
const FAMILY_COLUMNS: [&str; 17] = [
    "id",
    "year",
    "village",
    "family_id",
    "rw",
    "rt",
    "members",
    "answers",
    "extras",
    "version",
    "applicable",
    "met",
    "fp",
    "category",
    "updated_at",
    "pii",
    "id_hashes",
];

/// Imports of at least this many families use the engine's bulk mode (see [`Conn::set_bulk`]).
const BULK: usize = 50_000;

/// How a write words a NIK that another family of the round already holds, given the round, that family's
/// village and its id: the caller decides what the writer may be told (a web user learns nothing of a family
/// outside their region).
pub type NikTaken<'a> = &'a (dyn Fn(u16, RegionCode, &str) -> Reason + Sync);

/// The operator's wording (the CLI sees everything): the other family and its village.
fn nik_taken_anywhere(year: u16, village: RegionCode, family_id: &str) -> Reason {
    Reason::NikRegistered { year, family: family_id.to_string(), village: village.to_string() }
}

/// What a write may do beyond storing families.
pub(crate) struct WriteRules<'a> {
    /// Families go into existing rounds only (web uploads and edits); otherwise a family of a new year opens its
    /// round, published (the operator's import: the CLI contract is that the default year is the latest round).
    pub(crate) open_rounds_only: bool,
    /// How a NIK held by another family is worded.
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
    #[tracing::instrument(skip_all, fields(families = families.len()))]
    /// A family of a year without a round opens that round, published (the operator's tool: see
    /// [`Store::import_open_rounds`] for the web's).
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
    #[tracing::instrument(skip_all, fields(year = family.key.year, expected_version = ?expected_version))]
    ///
    /// The family's round must exist ([`StoreError::Problems`] at `pk_year` otherwise).
    pub fn save_family(
        &self,
        family: &Family,
        expected_version: Option<i64>,
        source: &str,
    ) -> Result<ImportReport, StoreError> {
        self.save_family_with(family, expected_version, source, &nik_taken_anywhere)
    }

    /// [`Store::save_family`], with a NIK another family of the round holds worded by `nik_taken`.
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
            let stored = c
                .query_opt(
                    "SELECT version FROM families WHERE year = $1 AND village = $2 AND family_id = $3",
                    &[Val::I(key.year.into()), Val::T(&village), Val::T(&key.family_id)],
                )?
                .map(|r| r.i(0))
                .transpose()?;
            match (expected_version, stored) {
                (None, None) => Ok(()),
                (None, Some(_)) => Err(StoreError::Conflict(format!(
                    "family {} already exists in this village and round",
                    key.family_id
                ))),
                (Some(expected), Some(stored)) if expected == stored => Ok(()),
                (Some(_), Some(stored)) => Err(StoreError::Conflict(format!(
                    "this family was changed by someone else (version {stored}); reload and redo your change"
                ))),
                (Some(_), None) => Err(StoreError::Conflict(
                    "this family was changed by someone else (it no longer exists); reload and redo your change".into(),
                )),
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
        let known: Vec<(u16, String)> = self
            .conn()
            .as_mut()
            .query("SELECT year, methodology_id FROM rounds", &[])?
            .iter()
            .map(|r| Ok((r.i(0)? as u16, r.t(1)?)))
            .collect::<Result<_, StoreError>>()?;
        let mut by_year = HashMap::new();
        for (y, id) in known {
            let m = self.methodology(&id)?;
            by_year.insert(y, (id, m));
        }
        let methods = Methods { default: (default_id.clone(), self.methodology(&default_id)?), by_year };
        let mut c = self.conn();
        let bulk = expected >= BULK;
        if bulk {
            c.set_bulk(true)?;
        }
        let written = c.as_mut().write(|c| {
            precondition(c)?;
            crate::lookup::bump_data_version(c)?;
            let mut w = Writer::new(c, &methods, rules, (expected, source))?;
            let started = std::time::Instant::now();
            let complete = std::thread::scope(|scope| -> Result<bool, StoreError> {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Result<PreparedBatch<B>, StoreError>>(2);
                let methods = &methods;
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
        });
        if bulk {
            let t = std::time::Instant::now();
            c.set_bulk(false)?;
            tracing::debug!(ms = t.elapsed().as_millis() as u64, "bulk mode ended");
        }
        let (report, villages) = written?;
        tracing::info!(families = report.families, replaced = report.replaced, members = report.members, "imported");
        Ok((report, villages))
    }

    /// Scores, encodes and encrypts a batch, with its tallies per (round, village).
    fn prepare_batch(&self, methods: &Methods, families: &[Family]) -> Result<Prepared, StoreError> {
        let mut out = Prepared { families: Vec::with_capacity(families.len()), ..Prepared::default() };
        out.bytes.reserve(families.len() * 400);
        let (mut aad, mut plain) = (Vec::new(), Vec::new());
        let mut last_village = None;
        for f in families {
            let m = &methods.of(f.key.year).1;
            let score = m.score(f.key.year, &f.answers);
            out.tallies.entry((f.key.year, f.key.village)).or_insert_with(|| Tally::new(m)).add_family(m, score, 1);
            if last_village != Some(f.key.village) {
                out.villages.push(f.key.village.to_string());
                last_village = Some(f.key.village);
            }
            let village = out.villages.len() - 1;
            let bytes = &mut out.bytes;
            let start = bytes.len();
            f.answers.encode_into(bytes);
            let answers = start..bytes.len();
            pii::encode_into(
                &mut plain,
                f.kk.as_ref().map(|k| k.as_str()),
                f.people.iter().map(|p| (p.member_no, p.nik.as_ref().map(|n| n.as_str()), p.name.as_str())),
            );
            pii::aad_into(&mut aad, f.key.year, &out.villages[village], &f.key.family_id);
            let start = bytes.len();
            self.vault.seal_into(&aad, &plain, bytes)?;
            let pii = start..bytes.len();
            let kk_hash = f.kk.as_ref().map(|k| self.vault.id_hash("kk", k.as_str()));
            let nik_start = out.niks.len();
            out.niks.extend(
                f.people
                    .iter()
                    .filter_map(|p| p.nik.map(|n| (self.vault.id_hash("nik", n.as_str()), p.member_no, p.row as u32))),
            );
            let niks = nik_start..out.niks.len();
            let start = bytes.len();
            push_id_hashes(bytes, kk_hash.as_ref(), out.niks[niks.clone()].iter().map(|n| &n.0));
            let id_hashes = start..bytes.len();
            out.families.push(PreparedFamily {
                score,
                category: m.category(score).map(|c| c.index() as i64),
                village,
                answers,
                pii,
                id_hashes,
                kk_hash,
                niks,
            });
        }
        Ok(out)
    }
}

/// What an import has written of one round so far.
struct YearState {
    methodology: Arc<Methodology>,
    /// Whether the round held families before this import (then keys, NIKs and KK numbers are checked against
    /// the stored ones).
    had_families: bool,
    /// Changes per village (old contributions out, new ones in), rolled up to every level at the end.
    village_deltas: HashMap<RegionCode, Tally>,
    /// (hash, family id, member_no, file row) of every NIK written: kept compact, a census round has millions.
    niks: Vec<([u8; 16], i64, u8, u32)>,
    /// (hash, family id) of every KK number written.
    kks: Vec<([u8; 16], i64)>,
}

/// The writing side of an import, inside its transaction.
struct Writer<'m> {
    methods: &'m Methods,
    rules: &'m WriteRules<'m>,
    years: BTreeMap<u16, YearState>,
    /// Ids of new families: after every id in use (replaced families keep theirs).
    next_id: i64,
    report: ImportReport,
    villages: BTreeSet<RegionCode>,
    now: String,
    /// What the import is (it opens and publishes the rounds it creates).
    source: String,
    /// Families expected: the index lists of a round are sized for them at once (a census round has millions).
    expected: usize,
}

impl<'m> Writer<'m> {
    fn new(
        c: &mut dyn Conn,
        methods: &'m Methods,
        rules: &'m WriteRules<'m>,
        (expected, source): (usize, &str),
    ) -> Result<Self, StoreError> {
        let next_id = c.query_opt("SELECT COALESCE(MAX(id), 0) FROM families", &[])?.map_or(Ok(0), |r| r.i(0))? + 1;
        Ok(Writer {
            methods,
            rules,
            years: BTreeMap::new(),
            next_id,
            report: ImportReport::default(),
            villages: BTreeSet::new(),
            now: crate::now(),
            source: source.to_string(),
            expected,
        })
    }

    /// The state of a round, created (with the round itself, if new) the first time one of its families comes.
    fn year(&mut self, c: &mut dyn Conn, year: u16) -> Result<&mut YearState, StoreError> {
        if !self.years.contains_key(&year) {
            let y = Val::I(year.into());
            let (mid, m) = self.methods.of(year);
            if !self.methods.by_year.contains_key(&year) {
                if self.rules.open_rounds_only {
                    return Err(StoreError::NotFound(format!("there is no round {year}: ask the province to open it")));
                }
                c.exec(
                    "INSERT INTO rounds (year, methodology_id, updated_at, opened_by, published_at, published_by) \
                     VALUES ($1, $2, $3, $4, $3, $4)",
                    &[y, Val::T(mid), Val::T(&self.now), Val::T(&self.source)],
                )?;
            }
            let had_families = c.query_opt("SELECT 1 FROM families WHERE year = $1 LIMIT 1", &[y])?.is_some();
            if had_families {
                temp_tables(c)?;
            }
            let state = YearState {
                methodology: m.clone(),
                had_families,
                village_deltas: HashMap::new(),
                // About 3.3 members a family, most with a NIK; a family has at most one KK number.
                niks: Vec::with_capacity(self.expected * 4),
                kks: Vec::with_capacity(self.expected),
            };
            self.years.insert(year, state);
        }
        Ok(self.years.get_mut(&year).expect("inserted above"))
    }

    /// Writes one batch: replaced families out (their tallies and index entries too), every family in.
    fn batch(&mut self, c: &mut dyn Conn, families: &[Family], prepared: Prepared) -> Result<(), StoreError> {
        let mut years: Vec<u16> = families.iter().map(|f| f.key.year).collect();
        years.sort_unstable();
        years.dedup();
        // Existing families with the same key, by index in the batch: (id, version).
        let mut existing: HashMap<usize, (i64, i64)> = HashMap::new();
        for year in years {
            if self.year(c, year)?.had_families {
                self.replace(c, year, families, &mut existing)?;
            }
        }
        for ((year, village), t) in &prepared.tallies {
            let state = self.years.get_mut(year).expect("created above");
            let m = &state.methodology;
            state.village_deltas.entry(*village).or_insert_with(|| Tally::new(m)).merge(t);
        }
        let n = families.len();
        let mut rows: Vec<Val<'_>> = Vec::with_capacity(n * FAMILY_COLUMNS.len());
        let now = self.now.as_str();
        let bytes = &prepared.bytes;
        for (i, (p, f)) in prepared.families.iter().zip(families).enumerate() {
            let (id, version) = match existing.get(&i) {
                Some((id, version)) => (*id, version + 1),
                None => {
                    self.next_id += 1;
                    (self.next_id - 1, 1)
                }
            };
            self.report.members += f.people.len() as u64;
            rows.extend([
                Val::I(id),
                Val::I(f.key.year.into()),
                Val::T(&prepared.villages[p.village]),
                Val::T(&f.key.family_id),
                Val::opt_i(f.rw.map(i64::from)),
                Val::opt_i(f.rt.map(i64::from)),
                Val::I(f.people.len() as i64),
                Val::B(&bytes[p.answers.clone()]),
                Val::opt_t(f.extras.as_deref()),
                Val::I(version),
                Val::I(p.score.applicable.into()),
                Val::I(p.score.met.into()),
                Val::I(p.score.fp.into()),
                Val::opt_i(p.category),
                Val::T(now),
                Val::B(&bytes[p.pii.clone()]),
                Val::B(&bytes[p.id_hashes.clone()]),
            ]);
            let state = self.years.get_mut(&f.key.year).expect("created above");
            state.niks.extend(prepared.niks[p.niks.clone()].iter().map(|(h, no, row)| (*h, id, *no, *row)));
            state.kks.extend(p.kk_hash.map(|h| (h, id)));
            self.villages.insert(f.key.village);
        }
        self.report.families += families.len() as u64;
        self.report.replaced += existing.len() as u64;
        c.bulk_insert("families", &FAMILY_COLUMNS, &rows)?;
        Ok(())
    }

    /// Finds the stored families of `year` that families of the batch replace, and deletes them with their
    /// index entries, taking their contribution out of the tallies; records (id, version) by batch index.
    fn replace(
        &mut self,
        c: &mut dyn Conn,
        year: u16,
        families: &[Family],
        existing: &mut HashMap<usize, (i64, i64)>,
    ) -> Result<(), StoreError> {
        let y = Val::I(year.into());
        // The previous batch's keys and hashes go here (and the last batch's at the end of the import): not kept
        // for the session.
        c.clear_scratch(SCRATCH)?;
        let villages: Vec<(usize, String)> = families
            .iter()
            .enumerate()
            .filter(|(_, f)| f.key.year == year)
            .map(|(i, f)| (i, f.key.village.to_string()))
            .collect();
        for chunk in villages.chunks(CHUNK) {
            let rows: Vec<Val<'_>> = chunk
                .iter()
                .flat_map(|(i, v)| [Val::I(*i as i64), Val::T(v), Val::T(&families[*i].key.family_id)])
                .collect();
            c.bulk_insert("tmp_keys", &["idx", "village", "family_id"], &rows)?;
        }
        c.analyze_scratch("tmp_keys")?;
        // Their index entries, from their id_hashes: (hash, family id, is a KK number).
        let mut old_hashes: Vec<(Vec<u8>, i64, bool)> = Vec::new();
        let mut old_scores: Vec<(usize, FamilyScore)> = Vec::new();
        // CROSS JOIN keeps SQLite from reordering: without statistics it would scan the round's families and
        // look each up among the keys, instead of looking up each key (PostgreSQL reorders it as it likes).
        c.query_each(
            "SELECT k.idx, f.id, f.version, f.applicable, f.met, f.fp, f.id_hashes FROM tmp_keys k \
             CROSS JOIN families f \
             WHERE f.year = $1 AND f.village = k.village AND f.family_id = k.family_id",
            &[y],
            &mut |r| {
                let s = FamilyScore { applicable: r.i(3)? as u32, met: r.i(4)? as u32, fp: r.i(5)? as u8 };
                let id = r.i(1)?;
                let idx = r.i(0)? as usize;
                existing.insert(idx, (id, r.i(2)?));
                old_scores.push((idx, s));
                let (kk, niks) = split_id_hashes(r.b(6)?)?;
                old_hashes.extend(kk.map(|h| (h.to_vec(), id, true)));
                old_hashes.extend(niks.map(|h| (h.to_vec(), id, false)));
                Ok(())
            },
        )?;
        if old_scores.is_empty() {
            return Ok(());
        }
        let ids: Vec<Val<'_>> = old_scores.iter().map(|(i, _)| Val::I(existing[i].0)).collect();
        c.bulk_insert("tmp_replaced", &["id"], &ids)?;
        let mut rows = Vec::with_capacity(old_hashes.len() * 3);
        for (h, id, is_kk) in &old_hashes {
            rows.extend([Val::B(h), Val::I(*id), Val::I((*is_kk).into())]);
        }
        c.bulk_insert("tmp_old_ids", &["hash", "family", "is_kk"], &rows)?;
        c.analyze_scratch("tmp_replaced")?;
        c.analyze_scratch("tmp_old_ids")?;
        c.exec(
            "DELETE FROM nik_index WHERE year = $1 AND hash IN (SELECT hash FROM tmp_old_ids WHERE is_kk = 0)",
            &[y],
        )?;
        // By (hash, family) pairs: two separate IN lists would make SQLite seek every combination.
        c.exec(
            "DELETE FROM kk_index WHERE year = $1 \
             AND (hash, family) IN (SELECT hash, family FROM tmp_old_ids WHERE is_kk = 1)",
            &[y],
        )?;
        c.exec("DELETE FROM families WHERE id IN (SELECT id FROM tmp_replaced)", &[])?;
        let state = self.years.get_mut(&year).expect("created by the caller");
        let m = &state.methodology;
        for (i, old) in old_scores {
            state.village_deltas.entry(families[i].key.village).or_insert_with(|| Tally::new(m)).add_family(m, old, -1);
        }
        Ok(())
    }

    /// After the last batch: NIK uniqueness against the rest of each round, the NIK and KK indexes (in key order:
    /// appends), the region tallies, and the import's record.
    fn finish(mut self, c: &mut dyn Conn, source: &str) -> Result<(ImportReport, BTreeSet<RegionCode>), StoreError> {
        let started = std::time::Instant::now();
        for (year, state) in &mut self.years {
            let year = *year;
            let y = Val::I(year.into());
            let m = &state.methodology;
            let mut deltas: HashMap<RegionCode, Tally> = HashMap::new();
            tally::roll_up(&mut deltas, m, &state.village_deltas);
            // The NIKs (millions) are sorted on another thread while this one writes the KK index and the tallies.
            let (niks, kks) = (&mut state.niks, &mut state.kks);
            std::thread::scope(|scope| -> Result<(), StoreError> {
                let sorter = scope.spawn(|| niks.sort_unstable_by_key(|a| a.0));
                kks.sort_unstable();
                for chunk in kks.chunks(CHUNK) {
                    let rows: Vec<Val<'_>> =
                        chunk.iter().flat_map(|(h, id)| [y, Val::B(&h[..]), Val::I(*id)]).collect();
                    c.bulk_insert("kk_index", &["year", "hash", "family"], &rows)?;
                }
                tracing::info!(ms = started.elapsed().as_millis() as u64, "KK index written");
                tally::apply(c, m, year, &deltas)?;
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    regions = deltas.len(),
                    "region figures updated"
                );
                sorter.join().map_err(|_| StoreError::Db("sorting the NIK index failed".into()))
            })?;
            let niks = &state.niks;
            if state.had_families && !niks.is_empty() {
                nik_conflicts(c, year, niks, self.rules.nik_taken)?;
            }
            for chunk in niks.chunks(CHUNK) {
                let rows: Vec<Val<'_>> = chunk
                    .iter()
                    .flat_map(|(h, id, no, _)| [y, Val::B(&h[..]), Val::I(*id), Val::I((*no).into())])
                    .collect();
                c.bulk_insert("nik_index", &["year", "hash", "family", "member_no"], &rows)?;
            }
            tracing::info!(ms = started.elapsed().as_millis() as u64, niks = niks.len(), "NIK index written");
            c.exec("UPDATE rounds SET updated_at = $1 WHERE year = $2", &[Val::T(&crate::now()), y])?;
            if state.had_families {
                c.clear_scratch(SCRATCH)?;
            }
        }
        let report = ImportReport { years: self.years.keys().copied().collect(), ..self.report };
        c.exec(
            "INSERT INTO imports (id, at, source, families, members, replaced) \
             VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM imports), $1, $2, $3, $4, $5)",
            &[
                Val::T(&crate::now()),
                Val::T(source),
                Val::I(report.families as i64),
                Val::I(report.members as i64),
                Val::I(report.replaced as i64),
            ],
        )?;
        Ok((report, self.villages))
    }
}

/// NIKs of the import (sorted by hash) that other stored families of the round already hold: every one is a
/// problem with its member row.
fn nik_conflicts(
    c: &mut dyn Conn,
    year: u16,
    niks: &[([u8; 16], i64, u8, u32)],
    nik_taken: NikTaken<'_>,
) -> Result<(), StoreError> {
    for chunk in niks.chunks(CHUNK) {
        let rows: Vec<Val<'_>> =
            chunk.iter().flat_map(|(h, _, _, row)| [Val::B(&h[..]), Val::I(i64::from(*row))]).collect();
        c.bulk_insert("tmp_nik", &["hash", "row_no"], &rows)?;
    }
    c.analyze_scratch("tmp_nik")?;
    let mut problems = Vec::new();
    c.query_each(
        "SELECT t.row_no, f.village, f.family_id FROM tmp_nik t CROSS JOIN nik_index n CROSS JOIN families f \
         WHERE n.year = $1 AND n.hash = t.hash AND f.id = n.family ORDER BY t.row_no",
        &[Val::I(year.into())],
        &mut |r| {
            problems.push(Problem {
                file: "anggota".into(),
                row: r.i(0)? as usize,
                column: "nik".into(),
                value: String::new(),
                reason: nik_taken(
                    year,
                    RegionCode::parse(r.s(1)?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    r.s(2)?,
                ),
            });
            Ok(())
        },
    )?;
    if problems.is_empty() { Ok(()) } else { Err(StoreError::Problems(problems)) }
}

/// Appends a family's own index entries: a flag byte (1 when a KK hash follows), the KK hash, then 16 bytes a
/// NIK.
fn push_id_hashes<'a>(out: &mut Vec<u8>, kk: Option<&[u8; 16]>, niks: impl Iterator<Item = &'a [u8; 16]>) {
    out.push(u8::from(kk.is_some()));
    out.extend(kk.into_iter().flatten());
    for n in niks {
        out.extend_from_slice(n);
    }
}

/// Reverses [`push_id_hashes`].
fn split_id_hashes(b: &[u8]) -> Result<(Option<&[u8]>, std::slice::ChunksExact<'_, u8>), StoreError> {
    let bad = || StoreError::Corrupt("family id_hashes".into());
    let (flag, rest) = b.split_first().ok_or_else(bad)?;
    let (kk, niks) = if *flag == 1 { (Some(rest.get(..16).ok_or_else(bad)?), &rest[16..]) } else { (None, rest) };
    if niks.len() % 16 != 0 {
        return Err(bad());
    }
    Ok((kk, niks.chunks_exact(16)))
}

/// The temporary tables of an import.
const SCRATCH: &[&str] = &["tmp_keys", "tmp_replaced", "tmp_nik", "tmp_old_ids"];

/// The scratch tables of an import, emptied. The hash columns take their type from nik_index (BLOB on SQLite,
/// BYTEA on PostgreSQL): a column declared BYTEA would have NUMERIC affinity on SQLite, and comparing it with
/// nik_index.hash could not use that table's key, turning each look-up into a scan of the round.
fn temp_tables(c: &mut dyn Conn) -> Result<(), StoreError> {
    c.batch(
        "CREATE TEMP TABLE IF NOT EXISTS tmp_keys (idx BIGINT, village TEXT, family_id TEXT);
         CREATE TEMP TABLE IF NOT EXISTS tmp_replaced (id BIGINT);
         CREATE TEMP TABLE IF NOT EXISTS tmp_nik AS SELECT hash, family AS row_no FROM nik_index WHERE 1 = 0;
         CREATE TEMP TABLE IF NOT EXISTS tmp_old_ids AS SELECT hash, family, member_no AS is_kk FROM nik_index WHERE 1 = 0;",
    )?;
    c.clear_scratch(SCRATCH)
}
