//! Region tallies in the database: their encoding, the read side (figures), and `recompute` / `check`.

use crate::conn::{Conn, RowExt, Val};
use crate::regions::REGION_COLUMNS;
use crate::{Store, StoreError};
use kkb_domain::figures::{Figures, RegionRef, Tally};
use kkb_domain::methodology::{FamilyScore, Methodology};
use kkb_domain::pk::FamilyAnswers;
use kkb_domain::region::{Level, Region, RegionCode};
use std::collections::HashMap;

/// Encodes a tally as comma-separated integers: families, scored, 3 categories, 5 family-planning counts, then
/// (units, n) per dimension and (applicable, met) per variable.
pub(crate) fn encode(t: &Tally) -> String {
    let mut v: Vec<i64> = vec![t.families, t.scored];
    v.extend(t.categories);
    v.extend(t.family_planning);
    v.extend(t.dimensions.iter().flatten());
    v.extend(t.variables.iter().flatten());
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Reverses [`encode`] for a methodology's shape.
pub(crate) fn decode(m: &Methodology, s: &str) -> Result<Tally, StoreError> {
    let nums: Vec<i64> =
        s.split(',').map(str::parse).collect::<Result<_, _>>().map_err(|_| StoreError::Corrupt("tally".into()))?;
    let (nd, nv) = (m.dimension_count(), m.variable_count());
    if nums.len() != 10 + 2 * nd + 2 * nv {
        return Err(StoreError::Corrupt(format!(
            "tally has {} numbers, the methodology needs {}",
            nums.len(),
            10 + 2 * nd + 2 * nv
        )));
    }
    let pairs = |from: usize, n: usize| (0..n).map(|i| [nums[from + 2 * i], nums[from + 2 * i + 1]]).collect();
    Ok(Tally {
        families: nums[0],
        scored: nums[1],
        categories: [nums[2], nums[3], nums[4]],
        family_planning: [nums[5], nums[6], nums[7], nums[8], nums[9]],
        dimensions: pairs(10, nd),
        variables: pairs(10 + 2 * nd, nv),
    })
}

/// Adds village tallies to `acc` at the village and every ancestor.
pub(crate) fn roll_up<'a>(
    acc: &mut HashMap<RegionCode, Tally>,
    m: &Methodology,
    by_village: impl IntoIterator<Item = (&'a RegionCode, &'a Tally)>,
) {
    for (village, t) in by_village {
        for code in village.lineage() {
            acc.entry(code).or_insert_with(|| Tally::new(m)).merge(t);
        }
    }
}

/// Adds deltas to the stored tallies of a round (inside the caller's transaction). Reads only the tallies of the
/// regions concerned, so that editing one family costs a few indexed reads whatever the size of the round.
pub(crate) fn apply(
    c: &mut dyn Conn,
    m: &Methodology,
    year: u16,
    deltas: &HashMap<RegionCode, Tally>,
) -> Result<(), StoreError> {
    let codes: Vec<String> = deltas.keys().map(RegionCode::to_string).collect();
    let stored = load_some(c, m, year, &codes)?;
    for (code, delta) in deltas {
        let mut t = stored.get(code).cloned().unwrap_or_else(|| Tally::new(m));
        t.merge(delta);
        upsert(c, m, year, *code, &t)?;
    }
    Ok(())
}

fn upsert(c: &mut dyn Conn, m: &Methodology, year: u16, code: RegionCode, t: &Tally) -> Result<(), StoreError> {
    c.exec(
        "INSERT INTO region_tally (year, region, methodology_id, families, scored, tally) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (year, region) DO UPDATE SET methodology_id = excluded.methodology_id, families = excluded.families, \
         scored = excluded.scored, tally = excluded.tally",
        &[Val::I(year.into()), Val::T(&code.to_string()), Val::T(m.id()), Val::I(t.families), Val::I(t.scored), Val::T(&encode(t))],
    )?;
    Ok(())
}

/// Codes per `IN (…)` list: well below both engines' limits on parameters.
const CODES_PER_QUERY: usize = 500;

/// The stored tallies of some regions of a round.
fn load_some(
    c: &mut dyn Conn,
    m: &Methodology,
    year: u16,
    codes: &[String],
) -> Result<HashMap<RegionCode, Tally>, StoreError> {
    let mut out = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(CODES_PER_QUERY) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("SELECT region, tally FROM region_tally WHERE year = $1 AND region IN ({})", list.join(", "));
        let mut params = Vec::with_capacity(chunk.len() + 1);
        params.push(Val::I(year.into()));
        params.extend(chunk.iter().map(|code| Val::T(code)));
        c.query_each(&sql, &params, &mut |r| {
            let code = RegionCode::parse(r.s(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            out.insert(code, decode(m, r.s(1)?)?);
            Ok(())
        })?;
    }
    Ok(out)
}

fn load_all(c: &mut dyn Conn, m: &Methodology, year: u16) -> Result<HashMap<RegionCode, Tally>, StoreError> {
    let mut out = HashMap::new();
    c.query_each("SELECT region, tally FROM region_tally WHERE year = $1", &[Val::I(year.into())], &mut |r| {
        let code = RegionCode::parse(&r.t(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        out.insert(code, decode(m, &r.t(1)?)?);
        Ok(())
    })?;
    Ok(out)
}

/// What `recompute` did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecomputeReport {
    /// Rounds recomputed.
    pub rounds: Vec<u16>,
    /// Families scored.
    pub families: u64,
    /// Families whose stored score changed.
    pub rescored: u64,
    /// Region tallies written.
    pub regions: u64,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckReport {
    /// Families checked.
    pub families: u64,
    /// Regions compared.
    pub regions: u64,
    /// Each difference, readable.
    pub differences: Vec<String>,
}

/// A fresh computation of one round from the stored answers.
struct Fresh {
    tallies: HashMap<RegionCode, Tally>,
    changed: Vec<(i64, FamilyScore, Option<i64>)>,
    families: u64,
}

const BATCH: usize = 65_536;

/// Rows of the families table on their way to the scoring thread: one buffer for all the answers of a batch.
#[derive(Default)]
struct Batch {
    ids: Vec<i64>,
    villages: Vec<RegionCode>,
    stored: Vec<(FamilyScore, Option<i64>)>,
    answers: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Scores every stored family of a round: this thread reads rows, another decodes and scores them.
fn compute(c: &mut dyn Conn, m: &Methodology, year: u16) -> Result<Fresh, StoreError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || -> Result<Fresh, StoreError> {
            let mut by_village: HashMap<RegionCode, Tally> = HashMap::new();
            let mut changed = Vec::new();
            let mut families = 0u64;
            let mut answers = FamilyAnswers { coded: [0; 25], members: Vec::new() };
            let mut current: Option<(RegionCode, Tally)> = None;
            for batch in rx {
                let mut start = 0;
                for i in 0..batch.len() {
                    let bytes = &batch.answers[start..batch.ends[i]];
                    start = batch.ends[i];
                    answers
                        .decode_from(bytes)
                        .map_err(|e| StoreError::Corrupt(format!("family {}: {e}", batch.ids[i])))?;
                    let s = m.score(year, &answers);
                    let cat = m.category(s).map(|c| c.index() as i64);
                    if (s, cat) != batch.stored[i] {
                        changed.push((batch.ids[i], s, cat));
                    }
                    // Families come grouped by village more often than not: keep the current village's tally at
                    // hand and file it away when the village changes.
                    let village = batch.villages[i];
                    match current.as_mut() {
                        Some((v, t)) if *v == village => t.add_family(m, s, 1),
                        _ => {
                            if let Some((v, t)) = current.take() {
                                by_village.entry(v).or_insert_with(|| Tally::new(m)).merge(&t);
                            }
                            let mut t = Tally::new(m);
                            t.add_family(m, s, 1);
                            current = Some((village, t));
                        }
                    }
                    families += 1;
                }
            }
            if let Some((v, t)) = current {
                by_village.entry(v).or_insert_with(|| Tally::new(m)).merge(&t);
            }
            let mut tallies: HashMap<RegionCode, Tally> = HashMap::new();
            roll_up(&mut tallies, m, &by_village);
            Ok(Fresh { tallies, changed, families })
        });
        let mut batch = Batch::default();
        let mut last: Option<(String, RegionCode)> = None;
        let read = c.query_each(
            "SELECT id, village, answers, applicable, met, fp, category FROM families WHERE year = $1",
            &[Val::I(year.into())],
            &mut |r| {
                let v = r.s(1)?;
                let village = match &last {
                    Some((name, code)) if name == v => *code,
                    _ => {
                        let code = RegionCode::parse(v).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        last = Some((v.to_string(), code));
                        code
                    }
                };
                let stored = FamilyScore { applicable: r.i(3)? as u32, met: r.i(4)? as u32, fp: r.i(5)? as u8 };
                batch.ids.push(r.i(0)?);
                batch.villages.push(village);
                batch.stored.push((stored, r.oi(6)?));
                batch.answers.extend_from_slice(r.b(2)?);
                batch.ends.push(batch.answers.len());
                if batch.len() == BATCH {
                    tx.send(std::mem::take(&mut batch)).map_err(|_| StoreError::Corrupt("scoring stopped".into()))?;
                }
                Ok(())
            },
        );
        if read.is_ok() && batch.len() > 0 {
            let _ = tx.send(batch);
        }
        drop(tx);
        let fresh = worker.join().map_err(|_| StoreError::Corrupt("scoring thread panicked".into()))?;
        read?;
        fresh
    })
}

/// The figures of a region from the tallies read (zeros and nulls when it has none), without children.
fn figures_of(r: &Region, year: u16, m: &Methodology, tallies: &HashMap<RegionCode, Tally>) -> Figures {
    let t = tallies.get(&r.code).cloned().unwrap_or_else(|| Tally::new(m));
    Figures::from_tally(RegionRef { code: r.code, name: r.name.clone(), level: r.code.level() }, year, m, &t)
}

impl Store {
    /// The figures of a region in a round (latest when `year` is `None`), with its direct sub-regions when
    /// `children` is set. Reads only the region tallies: the time does not depend on the number of families.
    #[tracing::instrument(skip(self))]
    pub fn region_figures(&self, code: RegionCode, year: Option<u16>, children: bool) -> Result<Figures, StoreError> {
        let region = self.region(code)?.ok_or_else(|| StoreError::NotFound(format!("no region with code {code}")))?;
        let round = self.round(year)?;
        let m = self.methodology(&round.methodology_id)?;
        let mut codes = vec![code];
        let kids = if children { self.children(code)? } else { Vec::new() };
        codes.extend(kids.iter().map(|k| k.code));
        let mut tallies: HashMap<RegionCode, Tally> = HashMap::new();
        // One snapshot: the region and its children from the same committed state.
        self.reader()?.snapshot(|c| {
            if children {
                // The region and its children in two indexed reads: each child's tally by key (a join let
                // PostgreSQL hash the round's every tally, 8.5 ms at 10 M families against 0.3 ms).
                for sql in [
                    "SELECT region, tally FROM region_tally WHERE year = $1 AND region = $2",
                    "SELECT x.region, x.tally FROM (SELECT r.code AS region, (SELECT t.tally FROM region_tally t \
                     WHERE t.year = $1 AND t.region = r.code) AS tally FROM regions r WHERE r.parent = $2) x \
                     WHERE x.tally IS NOT NULL",
                ] {
                    c.query_each(sql, &[Val::I(round.year.into()), Val::T(&code.to_string())], &mut |r| {
                        let rc = RegionCode::parse(r.s(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        tallies.insert(rc, decode(&m, r.s(1)?)?);
                        Ok(())
                    })?;
                }
            } else if let Some(t) = c.query_opt_as::<String>(
                "SELECT tally FROM region_tally WHERE year = $1 AND region = $2",
                &[Val::I(round.year.into()), Val::T(&code.to_string())],
            )? {
                tallies.insert(code, decode(&m, &t)?);
            }
            Ok(())
        })?;
        let mut out = figures_of(&region, round.year, &m, &tallies);
        if children {
            out.children = Some(kids.iter().map(|k| figures_of(k, round.year, &m, &tallies)).collect());
        }
        Ok(out)
    }

    /// The figures of every region of `level` strictly under `code` (per the region table), in code order, for
    /// rankings and maps: e.g. all villages of a kecamatan, or all kecamatan of a regency. Regions without
    /// families have zeros and nulls; `children` is `None`. Empty when `level` is not below `code`'s level.
    /// Two range reads (the regions and their tallies), whatever the number of regions.
    #[tracing::instrument(skip(self))]
    pub fn descendant_figures(
        &self,
        code: RegionCode,
        level: Level,
        year: Option<u16>,
    ) -> Result<Vec<Figures>, StoreError> {
        if self.region(code)?.is_none() {
            return Err(StoreError::NotFound(format!("no region with code {code}")));
        }
        let round = self.round(year)?;
        let m = self.methodology(&round.methodology_id)?;
        if level <= code.level() {
            return Ok(Vec::new());
        }
        // Every code under 17.01 starts with "17.01.", and '/' follows '.': the codes under it are the strings
        // strictly between these two bounds.
        let (low, high) = (format!("{code}."), format!("{code}/"));
        let code_length = match level {
            Level::Province => 2,
            Level::Regency => 5,
            Level::District => 8,
            Level::Village => 13,
        };
        let mut tallies: HashMap<RegionCode, Tally> = HashMap::new();
        let regions = self.reader()?.snapshot(|c| {
            let regions: Vec<Region> = c.query_as(
                &format!(
                    "SELECT {REGION_COLUMNS} FROM regions WHERE code > $1 AND code < $2 AND level = $3 ORDER BY code"
                ),
                &[Val::T(&low), Val::T(&high), Val::T(level.as_str())],
            )?;
            c.query_each(
                &format!(
                    "SELECT region, tally FROM region_tally WHERE year = $1 AND region > $2 AND region < $3 \
                     AND LENGTH(region) = {code_length}"
                ),
                &[Val::I(round.year.into()), Val::T(&low), Val::T(&high)],
                &mut |r| {
                    let code = RegionCode::parse(r.s(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    tallies.insert(code, decode(&m, r.s(1)?)?);
                    Ok(())
                },
            )?;
            Ok(regions)
        })?;
        Ok(regions.iter().map(|r| figures_of(r, round.year, &m, &tallies)).collect())
    }

    /// Rescores every family of a round (all rounds when `None`) from its stored answers and rebuilds the
    /// round's region tallies, in one transaction per round.
    #[tracing::instrument(skip(self))]
    pub fn recompute(&self, year: Option<u16>) -> Result<RecomputeReport, StoreError> {
        let r = self.recompute_rounds(year);
        self.version.invalidate();
        r
    }

    fn recompute_rounds(&self, year: Option<u16>) -> Result<RecomputeReport, StoreError> {
        let rounds: Vec<_> = match year {
            Some(y) => vec![self.round(Some(y))?],
            None => self.rounds()?,
        };
        let mut report = RecomputeReport::default();
        for round in rounds {
            let m = self.methodology(&round.methodology_id)?;
            self.writer()?.write(|c| {
                crate::lookup::bump_data_version(c)?;
                let fresh = compute(c, &m, round.year)?;
                for (id, s, cat) in &fresh.changed {
                    c.exec(
                        "UPDATE families SET applicable = $1, met = $2, fp = $3, category = $4 WHERE id = $5",
                        &[
                            Val::I(s.applicable.into()),
                            Val::I(s.met.into()),
                            Val::I(s.fp.into()),
                            Val::opt_i(*cat),
                            Val::I(*id),
                        ],
                    )?;
                }
                c.exec("DELETE FROM region_tally WHERE year = $1", &[Val::I(round.year.into())])?;
                let codes: Vec<String> = fresh.tallies.keys().map(|k| k.to_string()).collect();
                let encoded: Vec<String> = fresh.tallies.values().map(encode).collect();
                let mut rows: Vec<Val<'_>> = Vec::with_capacity(codes.len() * 6);
                for ((code, enc), t) in codes.iter().zip(&encoded).zip(fresh.tallies.values()) {
                    rows.extend([
                        Val::I(round.year.into()),
                        Val::T(code),
                        Val::T(m.id()),
                        Val::I(t.families),
                        Val::I(t.scored),
                        Val::T(enc),
                    ]);
                }
                c.bulk_insert(
                    "region_tally",
                    &["year", "region", "methodology_id", "families", "scored", "tally"],
                    &rows,
                )?;
                report.rounds.push(round.year);
                report.families += fresh.families;
                report.rescored += fresh.changed.len() as u64;
                report.regions += codes.len() as u64;
                Ok(())
            })?;
        }
        Ok(report)
    }

    /// Proves that the stored family scores and region tallies equal a fresh computation from the stored
    /// answers; lists every difference.
    #[tracing::instrument(skip(self))]
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let mut report = CheckReport::default();
        for round in self.rounds()? {
            let m = self.methodology(&round.methodology_id)?;
            // One snapshot: the families and the tallies from the same committed state, whatever is written meanwhile.
            let (fresh, stored) =
                self.reader()?.snapshot(|c| Ok((compute(c, &m, round.year)?, load_all(c, &m, round.year)?)))?;
            report.families += fresh.families;
            for (id, _, _) in fresh.changed.iter().take(20) {
                report.differences.push(format!(
                    "round {}: family #{id} has a stored score that differs from its answers",
                    round.year
                ));
            }
            if fresh.changed.len() > 20 {
                report.differences.push(format!("round {}: … {} families in all", round.year, fresh.changed.len()));
            }
            let mut codes: Vec<RegionCode> = fresh.tallies.keys().chain(stored.keys()).copied().collect();
            codes.sort();
            codes.dedup();
            let zero = Tally::new(&m);
            for code in codes {
                report.regions += 1;
                let a = stored.get(&code).unwrap_or(&zero);
                let b = fresh.tallies.get(&code).unwrap_or(&zero);
                if a != b {
                    report.differences.push(format!(
                        "round {} region {code}: stored [{}] but the families give [{}]",
                        round.year,
                        encode(a),
                        encode(b)
                    ));
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_encoding_round_trips() {
        let m = Methodology::default_pk21();
        let mut t = Tally::new(&m);
        t.add_family(&m, FamilyScore { applicable: 0b1011, met: 0b0011, fp: 3 }, 1);
        t.add_family(&m, FamilyScore { applicable: 0x1ffff, met: 0x10101, fp: 0 }, 1);
        assert_eq!(decode(&m, &encode(&t)).unwrap(), t);
        assert!(decode(&m, "1,2,3").is_err());
    }
}
