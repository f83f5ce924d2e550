//! Replacing stored families: an import that brings a family already stored (same round, village and family_id)
//! takes the old one out first, with its index entries and its contribution to the tallies. The keys and hashes
//! go through temporary tables, so that a re-import costs a few bulk statements, not a round trip a family.

use super::writer::Writer;
use super::{CHUNK, prepare::split_id_hashes};
use crate::StoreError;
use crate::conn::{Conn, RowExt, Val};
use kkb_domain::figures::Tally;
use kkb_domain::methodology::FamilyScore;
use kkb_domain::pk::Family;
use std::collections::HashMap;

impl Writer<'_> {
    /// Finds the stored families of `year` that families of the batch replace, and deletes them with their
    /// index entries, taking their contribution out of the tallies; records (id, version) by batch index.
    pub(super) fn replace(
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
        // Each key is looked up through the families' (year, village, family_id) index. CROSS JOIN keeps SQLite
        // from reordering (without statistics it would scan the round's families and look each up among the
        // keys). PostgreSQL reorders a join as its statistics say, and those of a table that imports keep growing
        // are stale: it read every family of the round for each batch (1.1 s per batch of 20,000 at 1.6 M
        // families, more at each import); a LATERAL lookup with LIMIT 1 is one index probe per key whatever the
        // statistics (90 ms for the same batch).
        let sql = if c.engine() == "postgres" {
            "SELECT k.idx, f.id, f.version, f.applicable, f.met, f.fp, f.id_hashes FROM tmp_keys k \
             CROSS JOIN LATERAL (SELECT f.id, f.version, f.applicable, f.met, f.fp, f.id_hashes FROM families f \
             WHERE f.year = $1 AND f.village = k.village AND f.family_id = k.family_id LIMIT 1) f"
        } else {
            "SELECT k.idx, f.id, f.version, f.applicable, f.met, f.fp, f.id_hashes FROM tmp_keys k \
             CROSS JOIN families f \
             WHERE f.year = $1 AND f.village = k.village AND f.family_id = k.family_id"
        };
        c.query_each(sql, &[y], &mut |r| {
            let s = FamilyScore { applicable: r.i(3)? as u32, met: r.i(4)? as u32, fp: r.i(5)? as u8 };
            let id = r.i(1)?;
            let idx = r.i(0)? as usize;
            existing.insert(idx, (id, r.i(2)?));
            old_scores.push((idx, s));
            let (kk, niks) = split_id_hashes(r.b(6)?)?;
            old_hashes.extend(kk.map(|h| (h.to_vec(), id, true)));
            old_hashes.extend(niks.map(|h| (h.to_vec(), id, false)));
            Ok(())
        })?;
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
}

/// The temporary tables of an import.
pub(super) const SCRATCH: &[&str] = &["tmp_keys", "tmp_replaced", "tmp_nik", "tmp_old_ids"];

/// The scratch tables of an import, emptied. The hash columns take their type from nik_index (BLOB on SQLite,
/// BYTEA on PostgreSQL): a column declared BYTEA would have NUMERIC affinity on SQLite, and comparing it with
/// nik_index.hash could not use that table's key, turning each look-up into a scan of the round.
pub(super) fn temp_tables(c: &mut dyn Conn) -> Result<(), StoreError> {
    c.batch(
        "CREATE TEMP TABLE IF NOT EXISTS tmp_keys (idx BIGINT, village TEXT, family_id TEXT);
         CREATE TEMP TABLE IF NOT EXISTS tmp_replaced (id BIGINT);
         CREATE TEMP TABLE IF NOT EXISTS tmp_nik AS SELECT hash, family AS row_no FROM nik_index WHERE 1 = 0;
         CREATE TEMP TABLE IF NOT EXISTS tmp_old_ids AS SELECT hash, family, member_no AS is_kk FROM nik_index WHERE 1 = 0;",
    )?;
    c.clear_scratch(SCRATCH)
}
