//! `import_round`: validated families into the store, atomically, with their region tallies.
//!
//! One transaction per call. Families that already exist (same year, village and family_id) are replaced: their
//! old contribution is subtracted from the tallies, their id is kept and their version grows by one. NIKs must
//! be unique within a round; a NIK already held by another stored family is a problem with its row, and then
//! nothing is written. Bulk work goes through [`Conn::bulk_insert`] (prepared statements or COPY) and temporary
//! tables, so a re-import costs no per-family round trips on PostgreSQL.

use crate::conn::{Conn, RowExt, Val};
use crate::{Store, StoreError, pii, tally};
use kkb_domain::figures::Tally;
use kkb_domain::methodology::{FamilyScore, Methodology};
use kkb_domain::pk::{Family, Problem};
use kkb_domain::region::RegionCode;
use std::collections::HashMap;

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

/// A family ready to write.
struct Prepared {
    id: i64,
    version: i64,
    score: FamilyScore,
    category: Option<i64>,
    village: String,
    answers: Vec<u8>,
    pii: Vec<u8>,
    kk_hash: Option<[u8; 16]>,
    niks: Vec<([u8; 16], u8, usize)>,
    id_hashes: Vec<u8>,
}

const CHUNK: usize = 32_768;

/// Imports of at least this many families use the engine's bulk mode (see [`Conn::set_bulk`]).
const BULK: usize = 50_000;

impl Store {
    /// Imports validated families (from [`kkb_domain::pk::read`]) in one transaction; then recomputes the
    /// classes of the Kampung KB of the villages they live in (their population comes from the families).
    #[tracing::instrument(skip_all, fields(families = families.len()))]
    pub fn import_round(&self, families: &[Family], source: &str) -> Result<ImportReport, StoreError> {
        let r = self.write_families(families, source, |_| Ok(()));
        self.version.invalidate();
        let report = r?;
        self.refresh_classes_among(families.iter().map(|f| f.key.village))?;
        Ok(report)
    }

    /// Validated family from a form: replaces the stored one (same year/village/family_id) or adds it, in one
    /// transaction with its tallies, exactly as an import of that one family would.
    ///
    /// `expected_version`: `Some(v)` = the caller edited version `v`; if the stored version differs (or the family
    /// vanished) → [`StoreError::Conflict`] and nothing changes. `None` = the family must be new: if it exists →
    /// [`StoreError::Conflict`]. The check is made inside the write transaction, so two editors cannot both win.
    #[tracing::instrument(skip_all, fields(year = family.key.year, expected_version = ?expected_version))]
    pub fn save_family(
        &self,
        family: &Family,
        expected_version: Option<i64>,
        source: &str,
    ) -> Result<ImportReport, StoreError> {
        let key = &family.key;
        let village = key.village.to_string();
        let r = self.write_families(std::slice::from_ref(family), source, |c| {
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
        });
        self.version.invalidate();
        let report = r?;
        self.refresh_classes_among([key.village])?;
        Ok(report)
    }

    /// Writes families in one transaction, after `precondition` has passed inside it.
    fn write_families(
        &self,
        families: &[Family],
        source: &str,
        precondition: impl FnOnce(&mut dyn Conn) -> Result<(), StoreError>,
    ) -> Result<ImportReport, StoreError> {
        let mut by_year: HashMap<u16, Vec<&Family>> = HashMap::new();
        for f in families {
            by_year.entry(f.key.year).or_default().push(f);
        }
        let mut years: Vec<u16> = by_year.keys().copied().collect();
        years.sort();
        // Resolve each round's methodology before taking the connection (the cache may need it).
        let default_id = kkb_domain::methodology::Methodology::default_pk21().id().to_string();
        let known: HashMap<u16, String> = self
            .conn()
            .as_mut()
            .query("SELECT year, methodology_id FROM rounds", &[])?
            .iter()
            .map(|r| Ok((r.i(0)? as u16, r.t(1)?)))
            .collect::<Result<_, StoreError>>()?;
        let mut methods = HashMap::new();
        for y in &years {
            let id = known.get(y).unwrap_or(&default_id);
            methods.insert(*y, (id.clone(), self.methodology(id)?));
        }
        let mut report = ImportReport { years: years.clone(), ..ImportReport::default() };
        let mut c = self.conn();
        let bulk = families.len() >= BULK;
        if bulk {
            c.set_bulk(true)?;
        }
        let written = c.as_mut().write(|c| {
            precondition(c)?;
            crate::lookup::bump_data_version(c)?;
            for year in &years {
                let (mid, m) = &methods[year];
                if !known.contains_key(year) {
                    c.exec(
                        "INSERT INTO rounds (year, methodology_id, updated_at) VALUES ($1, $2, $3)",
                        &[Val::I((*year).into()), Val::T(mid), Val::T(&crate::now())],
                    )?;
                }
                let (n, replaced, members) = self.import_year(c, m, *year, &by_year[year])?;
                report.families += n;
                report.replaced += replaced;
                report.members += members;
                c.exec(
                    "UPDATE rounds SET updated_at = $1 WHERE year = $2",
                    &[Val::T(&crate::now()), Val::I((*year).into())],
                )?;
            }
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
            Ok(())
        });
        if bulk {
            let t = std::time::Instant::now();
            c.set_bulk(false)?;
            tracing::debug!(ms = t.elapsed().as_millis() as u64, "bulk mode ended");
        }
        written?;
        tracing::info!(families = report.families, replaced = report.replaced, members = report.members, "imported");
        Ok(report)
    }

    fn import_year(
        &self,
        c: &mut dyn Conn,
        m: &Methodology,
        year: u16,
        families: &[&Family],
    ) -> Result<(u64, u64, u64), StoreError> {
        let y = Val::I(year.into());
        let has_families = c.query_opt("SELECT 1 FROM families WHERE year = $1 LIMIT 1", &[y])?.is_some();
        // Taken before replaced families are deleted: they keep their ids, new ones come after every id in use.
        let mut next_id = c.query_opt("SELECT COALESCE(MAX(id), 0) FROM families", &[])?.map_or(Ok(0), |r| r.i(0))? + 1;
        // Changes per village (old contributions out, new ones in), rolled up to every level at the end.
        let mut village_deltas: HashMap<RegionCode, Tally> = HashMap::new();
        // Existing families with the same key: (id, version, old score).
        let mut existing: HashMap<usize, (i64, i64, FamilyScore)> = HashMap::new();
        // Their index entries, from their id_hashes: (hash, family id, is a KK number).
        let mut old_hashes: Vec<(Vec<u8>, i64, bool)> = Vec::new();
        if has_families {
            temp_tables(c)?;
            let villages: Vec<String> = families.iter().map(|f| f.key.village.to_string()).collect();
            for (n, chunk) in families.chunks(CHUNK).enumerate() {
                let rows: Vec<Val<'_>> = chunk
                    .iter()
                    .enumerate()
                    .flat_map(|(j, f)| {
                        let i = n * CHUNK + j;
                        [Val::I(i as i64), Val::T(&villages[i]), Val::T(&f.key.family_id)]
                    })
                    .collect();
                c.bulk_insert("tmp_keys", &["idx", "village", "family_id"], &rows)?;
            }
            c.analyze_scratch("tmp_keys")?;
            // CROSS JOIN keeps SQLite from reordering: without statistics it would scan the round's families and
            // look each up among the keys, instead of looking up each key (PostgreSQL reorders it as it likes).
            c.query_each(
                "SELECT k.idx, f.id, f.version, f.applicable, f.met, f.fp, p.id_hashes FROM tmp_keys k \
                 CROSS JOIN families f CROSS JOIN family_pii p \
                 WHERE f.year = $1 AND f.village = k.village AND f.family_id = k.family_id AND p.family = f.id",
                &[y],
                &mut |r| {
                    let s = FamilyScore { applicable: r.i(3)? as u32, met: r.i(4)? as u32, fp: r.i(5)? as u8 };
                    let id = r.i(1)?;
                    existing.insert(r.i(0)? as usize, (id, r.i(2)?, s));
                    let (kk, niks) = split_id_hashes(r.b(6)?)?;
                    old_hashes.extend(kk.map(|h| (h.to_vec(), id, true)));
                    old_hashes.extend(niks.map(|h| (h.to_vec(), id, false)));
                    Ok(())
                },
            )?;
            if !existing.is_empty() {
                let ids: Vec<Val<'_>> = existing.values().map(|(id, _, _)| Val::I(*id)).collect();
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
                c.exec("DELETE FROM family_pii WHERE family IN (SELECT id FROM tmp_replaced)", &[])?;
                c.exec("DELETE FROM families WHERE id IN (SELECT id FROM tmp_replaced)", &[])?;
                for (i, (_, _, old)) in &existing {
                    village_deltas
                        .entry(families[*i].key.village)
                        .or_insert_with(|| Tally::new(m))
                        .add_family(m, *old, -1);
                }
            }
        }
        let ids: Vec<(i64, i64)> = (0..families.len())
            .map(|i| match existing.get(&i) {
                Some((id, version, _)) => (*id, version + 1),
                None => {
                    next_id += 1;
                    (next_id - 1, 1)
                }
            })
            .collect();

        let now = crate::now();
        let started = std::time::Instant::now();
        // (hash, family id, member_no, file row): kept compact, a census round has millions.
        let mut all_niks: Vec<([u8; 16], i64, u8, u32)> = Vec::new();
        let mut all_kks: Vec<([u8; 16], i64)> = Vec::new();
        let mut members = 0u64;
        // Pipelined: one thread scores, encodes and encrypts the next chunk while this one writes the current one.
        std::thread::scope(|scope| -> Result<(), StoreError> {
            type Chunk = (Vec<Prepared>, HashMap<RegionCode, Tally>);
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Chunk, StoreError>>(2);
            let ids = &ids;
            scope.spawn(move || {
                for (chunk_no, chunk) in families.chunks(CHUNK).enumerate() {
                    let base = chunk_no * CHUNK;
                    let prepared: Result<Chunk, StoreError> = chunk
                        .iter()
                        .zip(&ids[base..base + chunk.len()])
                        .map(|(f, (id, v))| self.prepare_one(m, f, *id, *v))
                        .collect::<Result<Vec<_>, _>>()
                        .map(|prepared| {
                            let mut by_village: HashMap<RegionCode, Tally> = HashMap::new();
                            for (p, f) in prepared.iter().zip(chunk) {
                                by_village
                                    .entry(f.key.village)
                                    .or_insert_with(|| Tally::new(m))
                                    .add_family(m, p.score, 1);
                            }
                            (prepared, by_village)
                        });
                    let failed = prepared.is_err();
                    if tx.send(prepared).is_err() || failed {
                        break;
                    }
                }
            });
            let mut waited = std::time::Duration::ZERO;
            let mut chunks = families.chunks(CHUNK);
            loop {
                let t = std::time::Instant::now();
                let Ok(prepared) = rx.recv() else { break };
                waited += t.elapsed();
                let Some(chunk) = chunks.next() else { break };
                let (prepared, by_village) = prepared?;
                for (village, t) in by_village {
                    village_deltas.entry(village).or_insert_with(|| Tally::new(m)).merge(&t);
                }
                let mut rows: Vec<Val<'_>> = Vec::with_capacity(prepared.len() * 15);
                let mut pii_rows: Vec<Val<'_>> = Vec::with_capacity(prepared.len() * 3);
                for (p, f) in prepared.iter().zip(chunk) {
                    members += f.people.len() as u64;
                    rows.extend([
                        Val::I(p.id),
                        y,
                        Val::T(&p.village),
                        Val::T(&f.key.family_id),
                        Val::opt_i(f.rw.map(i64::from)),
                        Val::opt_i(f.rt.map(i64::from)),
                        Val::I(f.people.len() as i64),
                        Val::B(&p.answers),
                        Val::opt_t(f.extras.as_deref()),
                        Val::I(p.version),
                        Val::I(p.score.applicable.into()),
                        Val::I(p.score.met.into()),
                        Val::I(p.score.fp.into()),
                        Val::opt_i(p.category),
                        Val::T(&now),
                    ]);
                    all_niks.extend(p.niks.iter().map(|(h, no, row)| (*h, p.id, *no, *row as u32)));
                    all_kks.extend(p.kk_hash.map(|h| (h, p.id)));
                    pii_rows.extend([Val::I(p.id), Val::B(&p.pii), Val::B(&p.id_hashes)]);
                }
                c.bulk_insert(
                    "families",
                    &[
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
                    ],
                    &rows,
                )?;
                c.bulk_insert("family_pii", &["family", "pii", "id_hashes"], &pii_rows)?;
            }
            tracing::debug!(waited_ms = waited.as_millis() as u64, "waited for prepared families");
            Ok(())
        })?;
        let mut deltas: HashMap<RegionCode, Tally> = HashMap::new();
        tally::roll_up(&mut deltas, m, &village_deltas);

        tracing::info!(ms = started.elapsed().as_millis() as u64, "families written");
        // NIK uniqueness against the other families of the round, then the index (in key order: appends).
        all_niks.sort_unstable_by_key(|a| a.0);
        if has_families && !all_niks.is_empty() {
            for chunk in all_niks.chunks(CHUNK) {
                let rows: Vec<Val<'_>> =
                    chunk.iter().flat_map(|(h, _, _, row)| [Val::B(&h[..]), Val::I(i64::from(*row))]).collect();
                c.bulk_insert("tmp_nik", &["hash", "row_no"], &rows)?;
            }
            c.analyze_scratch("tmp_nik")?;
            let mut problems = Vec::new();
            c.query_each(
                "SELECT t.row_no, f.village, f.family_id FROM tmp_nik t CROSS JOIN nik_index n CROSS JOIN families f \
                 WHERE n.year = $1 AND n.hash = t.hash AND f.id = n.family ORDER BY t.row_no",
                &[y],
                &mut |r| {
                    problems.push(Problem {
                        file: "anggota".into(),
                        row: r.i(0)? as usize,
                        column: "nik".into(),
                        value: String::new(),
                        reason: format!(
                            "this NIK is already registered in round {year} for family {} of village {}: a NIK may appear only once in a round",
                            r.t(2)?,
                            r.t(1)?
                        ),
                    });
                    Ok(())
                },
            )?;
            if !problems.is_empty() {
                return Err(StoreError::Problems(problems));
            }
        }
        for chunk in all_niks.chunks(CHUNK) {
            let rows: Vec<Val<'_>> = chunk
                .iter()
                .flat_map(|(h, id, no, _)| [y, Val::B(&h[..]), Val::I(*id), Val::I((*no).into())])
                .collect();
            c.bulk_insert("nik_index", &["year", "hash", "family", "member_no"], &rows)?;
        }
        tracing::info!(ms = started.elapsed().as_millis() as u64, niks = all_niks.len(), "NIK index written");
        all_kks.sort_unstable();
        for chunk in all_kks.chunks(CHUNK) {
            let rows: Vec<Val<'_>> = chunk.iter().flat_map(|(h, id)| [y, Val::B(&h[..]), Val::I(*id)]).collect();
            c.bulk_insert("kk_index", &["year", "hash", "family"], &rows)?;
        }
        tracing::info!(ms = started.elapsed().as_millis() as u64, "KK index written");
        tally::apply(c, m, year, &deltas)?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, regions = deltas.len(), "region figures updated");
        if has_families {
            // Not kept until the next import: a big one would hold its keys and hashes for the session.
            c.clear_scratch(SCRATCH)?;
        }
        Ok((families.len() as u64, existing.len() as u64, members))
    }

    /// Scores, encodes and encrypts one family.
    fn prepare_one(&self, m: &Methodology, f: &Family, id: i64, version: i64) -> Result<Prepared, StoreError> {
        let score = m.score(f.key.year, &f.answers);
        let village = f.key.village.to_string();
        let plain = pii::encode(
            f.kk.as_ref().map(|k| k.as_str()),
            f.people.iter().map(|p| (p.member_no, p.nik.map(|n| n.as_str().to_string()), p.name.clone())),
        );
        let sealed = self.vault.seal(&pii::aad(f.key.year, &village, &f.key.family_id), &plain)?;
        let kk_hash = f.kk.as_ref().map(|k| self.vault.id_hash("kk", k.as_str()));
        let niks: Vec<([u8; 16], u8, usize)> = f
            .people
            .iter()
            .filter_map(|p| p.nik.map(|n| (self.vault.id_hash("nik", n.as_str()), p.member_no, p.row)))
            .collect();
        let id_hashes = id_hashes(kk_hash.as_ref(), niks.iter().map(|n| &n.0));
        Ok(Prepared {
            id,
            version,
            score,
            category: m.category(score).map(|c| c.index() as i64),
            village,
            answers: f.answers.encode(),
            pii: sealed,
            kk_hash,
            niks,
            id_hashes,
        })
    }
}

/// A family's own index entries: a flag byte (1 when a KK hash follows), the KK hash, then 16 bytes a NIK.
fn id_hashes<'a>(kk: Option<&[u8; 16]>, niks: impl Iterator<Item = &'a [u8; 16]>) -> Vec<u8> {
    let mut out = vec![u8::from(kk.is_some())];
    out.extend(kk.into_iter().flatten());
    for n in niks {
        out.extend_from_slice(n);
    }
    out
}

/// Reverses [`id_hashes`].
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
