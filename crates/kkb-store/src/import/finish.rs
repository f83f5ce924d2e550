//! The end of an import, after its last batch: NIK uniqueness against the rest of each round, the NIK and KK
//! indexes (sorted, so that they are written as appends), the region tallies, and the import's record.

use super::replace::SCRATCH;
use super::writer::Writer;
use super::{CHUNK, ImportReport, NikTaken};
use crate::conn::{Conn, Val};
use crate::{StoreError, tally};
use kkb_domain::figures::Tally;
use kkb_domain::pk::Problem;
use kkb_domain::region::RegionCode;
use std::collections::{BTreeSet, HashMap};

impl Writer<'_> {
    /// After the last batch: NIK uniqueness against the rest of each round, the NIK and KK indexes (in key order:
    /// appends), the region tallies, and the import's record.
    pub(super) fn finish(
        mut self,
        c: &mut dyn Conn,
        source: &str,
    ) -> Result<(ImportReport, BTreeSet<RegionCode>), StoreError> {
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
    // PostgreSQL would hash-join the import's NIKs with the whole round's index, a read that grows with every
    // province imported (3.7 s at 5.3 M NIKs, and on); one probe of the (year, hash) key per NIK, in hash order as
    // they were written, costs the same whatever the round holds (4.5 s for 3.4 M NIKs). SQLite probes anyway.
    let sql = if c.engine() == "postgres" {
        "SELECT t.row_no, f.village, f.family_id FROM tmp_nik t \
         CROSS JOIN LATERAL (SELECT n.family FROM nik_index n WHERE n.year = $1 AND n.hash = t.hash LIMIT 1) n \
         JOIN families f ON f.id = n.family ORDER BY t.row_no"
    } else {
        "SELECT t.row_no, f.village, f.family_id FROM tmp_nik t CROSS JOIN nik_index n CROSS JOIN families f \
         WHERE n.year = $1 AND n.hash = t.hash AND f.id = n.family ORDER BY t.row_no"
    };
    let problems: Vec<Problem> = c
        .query_as::<(i64, String, String)>(sql, &[Val::I(year.into())])?
        .into_iter()
        .map(|(row, village, family_id)| {
            let village = RegionCode::parse(&village).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(Problem {
                file: "anggota".into(),
                row: row as usize,
                column: "nik".into(),
                value: String::new(),
                reason: nik_taken(year, village, &family_id),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    if problems.is_empty() { Ok(()) } else { Err(StoreError::Problems(problems)) }
}
