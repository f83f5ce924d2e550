//! Writing an import's batches inside its transaction: the round created when new, the families a batch replaces
//! taken out (see `replace`), every family written with one bulk insert, the tally changes kept per village.

use super::prepare::Prepared;
use super::{ImportReport, Methods, WriteRules};
use crate::StoreError;
use crate::conn::{Conn, Val};
use kkb_domain::figures::Tally;
use kkb_domain::methodology::Methodology;
use kkb_domain::pk::Family;
use kkb_domain::region::RegionCode;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

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

/// What an import has written of one round so far.
pub(super) struct YearState {
    pub(super) methodology: Arc<Methodology>,
    /// Whether the round held families before this import (then keys, NIKs and KK numbers are checked against
    /// the stored ones).
    pub(super) had_families: bool,
    /// Changes per village (old contributions out, new ones in), rolled up to every level at the end.
    pub(super) village_deltas: HashMap<RegionCode, Tally>,
    /// (hash, family id, member_no, file row) of every NIK written: kept compact, a census round has millions.
    pub(super) niks: Vec<([u8; 16], i64, u8, u32)>,
    /// (hash, family id) of every KK number written.
    pub(super) kks: Vec<([u8; 16], i64)>,
}

/// The writing side of an import, inside its transaction.
pub(super) struct Writer<'m> {
    pub(super) methods: &'m Methods,
    pub(super) rules: &'m WriteRules<'m>,
    pub(super) years: BTreeMap<u16, YearState>,
    /// Ids of new families: after every id in use (replaced families keep theirs).
    pub(super) next_id: i64,
    pub(super) report: ImportReport,
    pub(super) villages: BTreeSet<RegionCode>,
    pub(super) now: String,
    /// What the import is (it opens and publishes the rounds it creates).
    pub(super) source: String,
    /// Families expected: the index lists of a round are sized for them at once (a census round has millions).
    pub(super) expected: usize,
}

impl<'m> Writer<'m> {
    pub(super) fn new(
        c: &mut dyn Conn,
        methods: &'m Methods,
        rules: &'m WriteRules<'m>,
        (expected, source): (usize, &str),
    ) -> Result<Self, StoreError> {
        let next_id = c.query_one_as::<i64>("SELECT COALESCE(MAX(id), 0) FROM families", &[])? + 1;
        Ok(Writer {
            methods,
            rules,
            source: source.to_string(),
            years: BTreeMap::new(),
            next_id,
            report: ImportReport::default(),
            villages: BTreeSet::new(),
            now: crate::now(),
            expected,
        })
    }

    /// The state of a round, created (with the round itself, if new) the first time one of its families comes.
    pub(super) fn year(&mut self, c: &mut dyn Conn, year: u16) -> Result<&mut YearState, StoreError> {
        if !self.years.contains_key(&year) {
            let y = Val::I(year.into());
            let (mid, m) = self.methods.of(year);
            if !self.methods.by_year.contains_key(&year) {
                if self.rules.open_rounds_only {
                    return Err(StoreError::NotFound(format!("there is no round {year}: ask the province to open it")));
                }
                // New when the import began; another write may have created it since (this one waited for it). The
                // operator's import opens and publishes it.
                c.exec(
                    "INSERT INTO rounds (year, methodology_id, updated_at, opened_by, published_at, published_by) \
                     VALUES ($1, $2, $3, $4, $3, $4) ON CONFLICT (year) DO NOTHING",
                    &[y, Val::T(mid), Val::T(&self.now), Val::T(&self.source)],
                )?;
                let stored = c.query_one_as::<String>("SELECT methodology_id FROM rounds WHERE year = $1", &[y])?;
                if stored != *mid {
                    return Err(StoreError::Conflict(format!(
                        "round {year} was created meanwhile with methodology {stored}: import again"
                    )));
                }
            }
            let had_families = c.query_opt("SELECT 1 FROM families WHERE year = $1 LIMIT 1", &[y])?.is_some();
            if had_families {
                super::replace::temp_tables(c)?;
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
    pub(super) fn batch(
        &mut self,
        c: &mut dyn Conn,
        families: &[Family],
        prepared: Prepared,
    ) -> Result<(), StoreError> {
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
}
