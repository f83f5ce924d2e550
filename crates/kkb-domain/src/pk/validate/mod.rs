//! Row-by-row and cross-row validation of the PK files. Every problem is collected; nothing stops at the first.

use super::columns::*;
use super::read::{UTF8_MARKER, WIDTH_MARKER};
use super::{Context, Family, FamilyAnswers, FamilyKey, MemberAnswers, Person, Problem};
use crate::date::Date;
use crate::fxhash::FxHashMap;
use crate::nik::{self, KkNumber, Nik};
use crate::problem::{CodedColumn, Reason};
use crate::region::{Level, RegionCode};
use std::collections::HashMap;

/// At most this many problems are kept; the count of the rest is reported.
const MAX_PROBLEMS: usize = 200_000;

/// The columns of one file's header, resolved once.
#[derive(Clone)]
pub(super) struct Cols {
    names: Vec<String>,
    extras: Vec<usize>,
    /// Positions of the coded columns (the bulk of every row), resolved once.
    coded: Vec<Option<usize>>,
    /// Positions of the other contract columns ([`FAMILY_PLAIN`] or [`MEMBER_PLAIN`]), resolved once.
    plain: Vec<Option<usize>>,
}

/// The family file's contract columns that are not coded answers, in the order of [`Cols::plain`].
const FAMILY_PLAIN: [&str; 6] = ["family_id", "village_code", "pk_year", "rw", "rt", "kk_number"];
/// The member file's contract columns that are not coded answers, in the order of [`Cols::plain`].
const MEMBER_PLAIN: [&str; 5] = ["family_id", "member_no", "name", "birth_date", "nik"];

impl Cols {
    fn new(
        file: &str,
        header: &[&str],
        (required, known): (&[&str], &[&str]),
        (coded, plain): (&[&str], &[&str]),
    ) -> Result<Cols, Box<Problem>> {
        let mut index = FxHashMap::default();
        let mut extras = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim();
            if h.is_empty() {
                continue;
            }
            if index.insert(h.to_string(), i).is_some() {
                return Err(header_problem(file, h, Reason::DuplicateColumn));
            }
            if !known.contains(&h) {
                extras.push(i);
            }
        }
        let missing: Vec<&str> = required.iter().copied().filter(|c| !index.contains_key(*c)).collect();
        if !missing.is_empty() {
            let columns = missing.iter().map(|c| c.to_string()).collect();
            return Err(header_problem(file, &missing.join(", "), Reason::MissingColumns { columns }));
        }
        let coded = coded.iter().map(|c| index.get(*c).copied()).collect();
        let plain = plain.iter().map(|c| index.get(*c).copied()).collect();
        Ok(Cols { names: header.iter().map(|h| h.trim().to_string()).collect(), extras, coded, plain })
    }
}

/// A problem of the header row (boxed: it ends the file, and a problem is large next to `Ok`).
fn header_problem(file: &str, column: &str, reason: Reason) -> Box<Problem> {
    Box::new(Problem { file: file.into(), row: 1, column: column.into(), value: String::new(), reason })
}

/// Columns beyond the contract of one row.
type Extras = serde_json::Map<String, serde_json::Value>;

/// A family row and, as they are read, its members. Kept small: a census has hundreds of thousands.
struct PendingFamily {
    row: usize,
    /// Boxed: most of the round's families are handed over (streaming) while the list keeps growing.
    family: Option<Box<Family>>,
    heads: u32,
    /// Bit n: member_no n has been seen (in a valid row or not).
    seen: u128,
}

pub(super) struct Validator<'a> {
    ctx: &'a Context<'a>,
    /// Problems of the family file (and, at the end, of the whole round).
    problems: Vec<Problem>,
    /// Problems of the member file, listed after the family file's however the two files were read.
    member_problems: Vec<Problem>,
    /// Whether a member row (or member file problem) is being handled.
    in_members: bool,
    dropped: usize,
    fam: Option<(String, Cols)>,
    mem: Option<(String, Cols)>,
    families: Vec<PendingFamily>,
    by_id: FxHashMap<String, usize>,
    /// (round, NIK as a number, row) of every member with a NIK; duplicates are found by sorting at the end.
    niks: Vec<(u16, u64, u32)>,
    /// Extra member columns, by family index.
    member_extras: HashMap<usize, Extras>,
    /// Streaming (see [`super::read::stream_csv_pair`]): families are handed over once complete.
    streaming: bool,
    /// Families before this index have been handed over (or dropped, once the round had problems).
    released: usize,
    /// The highest family index any member row has referred to: the families before it are complete, as long as
    /// the member file is in family order.
    member_hw: usize,
    /// Complete families not yet handed over.
    ready: Vec<Family>,
    /// The first member row that belongs to a family already handed over.
    late_member: Option<usize>,
    /// The family the last member row belonged to (id, index): members come family by family, so most look-ups
    /// are a comparison instead of a hash.
    last_family: (String, usize),
}

impl<'a> Validator<'a> {
    pub(super) fn new(ctx: &'a Context<'a>) -> Self {
        Validator {
            ctx,
            problems: Vec::new(),
            member_problems: Vec::new(),
            in_members: false,
            dropped: 0,
            fam: None,
            mem: None,
            families: Vec::new(),
            by_id: FxHashMap::default(),
            niks: Vec::new(),
            member_extras: HashMap::new(),
            streaming: false,
            released: 0,
            member_hw: 0,
            ready: Vec::new(),
            late_member: None,
            last_family: (String::new(), usize::MAX),
        }
    }

    /// The index of the family with this id, if it has been read.
    fn family_index(&mut self, family_id: &str) -> Option<usize> {
        if self.last_family.1 != usize::MAX && self.last_family.0 == family_id {
            return Some(self.last_family.1);
        }
        let fi = *self.by_id.get(family_id)?;
        self.last_family.0.clear();
        self.last_family.0.push_str(family_id);
        self.last_family.1 = fi;
        Some(fi)
    }

    /// Hands families over as soon as they are complete (see [`super::read::stream_csv_pair`]).
    pub(super) fn set_streaming(&mut self) {
        self.streaming = true;
    }

    /// Makes room for about this many families (and their members' NIKs) at once, instead of growing step by
    /// step through a census-size file.
    pub(super) fn reserve(&mut self, families: usize) {
        self.families.reserve(families);
        self.by_id.reserve(families);
        self.niks.reserve(families * 4);
    }

    /// Whether a family with this id has been read.
    pub(super) fn knows_family(&mut self, family_id: &str) -> bool {
        self.family_index(family_id).is_some()
    }

    /// Whether a member came after its family had been handed over (see [`Validator::finish_streaming`]).
    pub(super) fn is_out_of_order(&self) -> bool {
        self.late_member.is_some()
    }

    /// The next `n` complete families, if there are as many.
    pub(super) fn take_ready(&mut self, n: usize) -> Option<Vec<Family>> {
        if self.ready.len() < n {
            return None;
        }
        let mut rest = Vec::with_capacity(2 * n);
        rest.extend(self.ready.drain(n..));
        Some(std::mem::replace(&mut self.ready, rest))
    }

    /// Streaming: the families before the last one a member referred to are complete. They are handed over while
    /// the round has no problems; once it has, they are only dropped (nothing will be imported).
    fn release_complete(&mut self) {
        while self.released < self.member_hw {
            let fi = self.released;
            self.released += 1;
            // Kept when the round already has problems (they will be listed, nothing imported) and when it has no
            // head (a problem at the end, or the file is out of order if its head comes later).
            let pending = &mut self.families[fi];
            if self.problems.is_empty()
                && self.member_problems.is_empty()
                && self.late_member.is_none()
                && pending.heads > 0
                && let Some(family) = pending.family.take()
            {
                let family = self.complete(fi, *family);
                self.ready.push(family);
            }
        }
    }

    /// A family with its members in order and its extra member columns.
    fn complete(&mut self, fi: usize, mut family: Family) -> Family {
        if family.people.windows(2).any(|w| w[0].member_no > w[1].member_no) {
            family.people.sort_by_key(|p| p.member_no);
            family.answers.members.sort_by_key(|m| m.member_no);
        }
        if let Some(member_extras) = self.member_extras.remove(&fi) {
            let mut obj: serde_json::Map<String, serde_json::Value> =
                family.extras.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
            obj.insert("members".into(), serde_json::Value::Object(member_extras));
            family.extras = Some(serde_json::Value::Object(obj).to_string());
        }
        // Held until the whole round is read, unless streaming (then written and dropped at once).
        if !self.streaming {
            family.answers.members.shrink_to_fit();
            family.people.shrink_to_fit();
        }
        family
    }

    pub(super) fn push(&mut self, p: Problem) {
        if self.problems.len() + self.member_problems.len() >= MAX_PROBLEMS {
            self.dropped += 1;
        } else if self.in_members {
            self.member_problems.push(p);
        } else {
            self.problems.push(p);
        }
    }

    pub(super) fn family_header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        let known: Vec<&str> = FAMILY_REQUIRED.iter().chain(&FAMILY_OPTIONAL).chain(&FAMILY_CODED).copied().collect();
        self.fam = Some((
            file.to_string(),
            Cols::new(file, header, (&FAMILY_REQUIRED, &known), (&FAMILY_CODED, &FAMILY_PLAIN))?,
        ));
        Ok(())
    }

    pub(super) fn member_header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        self.mem = Some((file.to_string(), member_cols(file, header)?));
        Ok(())
    }

    /// Handles the two marker rows of the readers; true when the row was one.
    fn marker_row(&mut self, file: &str, cols: &Cols, row: usize, cells: &[&str]) -> bool {
        match marker_problem(file, cols, row, cells) {
            Some(p) => {
                self.push(p);
                true
            }
            None => false,
        }
    }

    pub(super) fn family_row(&mut self, row: usize, cells: &[&str]) {
        let Some((file, cols)) = self.fam.take() else { return };
        if !self.marker_row(&file, &cols, row, cells) {
            self.parse_family(&file, &cols, row, cells);
        }
        self.fam = Some((file, cols));
    }

    pub(super) fn member_row(&mut self, row: usize, cells: &[&str]) {
        let Some((file, cols)) = self.mem.take() else { return };
        self.on_member_side(|v| {
            if !v.marker_row(&file, &cols, row, cells) {
                let parsed = parse_member_row(&file, &cols, v.ctx, row, cells);
                v.attach_member(&file, parsed);
            }
        });
        self.mem = Some((file, cols));
    }

    /// Runs `f` with its problems counted as the member file's (listed after the family file's).
    fn on_member_side(&mut self, f: impl FnOnce(&mut Self)) {
        self.in_members = true;
        f(self);
        self.in_members = false;
    }

    /// Takes the member header parsed elsewhere (see [`MemberParser`]).
    pub(super) fn set_member_cols(&mut self, file: &str, cols: Cols) {
        self.mem = Some((file.to_string(), cols));
    }

    fn parse_family(&mut self, file: &str, cols: &Cols, row: usize, cells: &[&str]) {
        let mut problems = Vec::new();
        let ctx = self.ctx;
        let mut e = RowErrors { out: &mut problems, file, row };
        let [id_cell, village_cell, year_cell, rw_cell, rt_cell, kk_cell] =
            [0, 1, 2, 3, 4, 5].map(|i| cols.plain[i].map(|p| cells[p].trim()).unwrap_or(""));

        let family_id = e.family_id("family_id", id_cell);
        let village = match RegionCode::parse(village_cell) {
            Err(_) => e.bad("village_code", village_cell, Reason::VillageCodeShape),
            Ok(c) if c.level() != Level::Village => e.bad("village_code", village_cell, Reason::NotAVillageCode),
            Ok(c) if !(ctx.is_village)(c) => {
                e.bad("village_code", village_cell, Reason::VillageNotInTable { code: c.to_string() })
            }
            Ok(c) => Some(c),
        };
        let rw = e.small_number("rw", rw_cell);
        let rt = e.small_number("rt", rt_cell);
        let year = match year_cell.parse::<u16>() {
            Ok(y) if (2015..=2100).contains(&y) => Some(y),
            _ => e.bad("pk_year", year_cell, Reason::YearRange { min: 2015, max: 2100 }),
        };
        let kk = match kk_cell {
            "" => None,
            s => match KkNumber::parse(s, ctx.is_province) {
                Ok(k) => Some(k),
                Err(err) => {
                    e.bad::<()>("kk_number", &nik::mask(s), Reason::kk(err, s));
                    None
                }
            },
        };
        let mut coded = [0u8; 25];
        for (slot, name) in FAMILY_CODED.iter().enumerate() {
            let v = cols.coded[slot].map(|i| cells[i].trim()).unwrap_or("");
            coded[slot] = e.code(name, v, family_max_code(slot), true).unwrap_or(0);
        }
        let extras = extras_of(cols, cells);
        let ok = problems.is_empty();
        for p in problems {
            self.push(p);
        }

        let Some(id) = family_id else { return };
        if let Some(&first) = self.by_id.get(&id) {
            let first_row = self.families[first].row;
            self.push(Problem {
                file: file.into(),
                row,
                column: "family_id".into(),
                value: id,
                reason: Reason::DuplicateFamilyId { first_row },
            });
            return;
        }
        let family = match (ok, village, year) {
            (true, Some(village), Some(year)) => Some(Box::new(Family {
                row,
                key: FamilyKey { year, village, family_id: id.clone() },
                rw,
                rt,
                kk,
                answers: FamilyAnswers { coded, members: Vec::new() },
                people: Vec::new(),
                extras: extras.map(|m| serde_json::json!({ "family": m }).to_string()),
            })),
            _ => None,
        };
        self.by_id.insert(id, self.families.len());
        self.families.push(PendingFamily { row, family, heads: 0, seen: 0 });
    }

    /// Adds a parsed member row to its family, with the checks that need the other rows.
    pub(super) fn attach_member(&mut self, file: &str, m: ParsedMember) {
        let ParsedMember { row, family_id, member_no, relation, nik, valid, problems } = m;
        let ok = problems.is_empty();
        for p in problems {
            self.push(p);
        }
        let (Some(id), Some(no)) = (family_id, member_no) else { return };
        let Some(fi) = self.family_index(&id) else {
            let fam_file = self.fam.as_ref().map(|f| f.0.clone()).unwrap_or_else(|| "keluarga".into());
            self.push(Problem {
                file: file.into(),
                row,
                column: "family_id".into(),
                value: id,
                reason: Reason::UnknownFamily { file: fam_file },
            });
            return;
        };
        if self.streaming {
            if fi < self.released {
                self.late_member.get_or_insert(row);
            }
            self.member_hw = self.member_hw.max(fi);
        }
        let year = self.families[fi].family.as_ref().map(|f| f.key.year);
        if self.families[fi].seen & (1u128 << no) != 0 {
            let first = self.families[fi].family.as_ref().and_then(|f| f.people.iter().find(|p| p.member_no == no));
            let reason = Reason::MemberNoTaken { no, first_row: first.map_or(0, |p| p.row) };
            self.push(Problem { file: file.into(), row, column: "member_no".into(), value: no.to_string(), reason });
            return;
        }
        self.families[fi].seen |= 1u128 << no;
        if relation == 1 {
            self.families[fi].heads += 1;
            if self.families[fi].heads > 1 {
                self.push(Problem {
                    file: file.into(),
                    row,
                    column: "relation".into(),
                    value: "1".into(),
                    reason: Reason::SecondHead,
                });
            }
        }
        if let (Some(n), Some(y)) = (nik, year) {
            self.niks.push((y, n.as_number(), row as u32));
        }
        if let (true, Some((answers, person, extras))) = (ok, valid)
            && let Some(family) = self.families[fi].family.as_mut()
        {
            family.answers.members.push(answers);
            family.people.push(person);
            if let Some(x) = extras {
                self.member_extras.entry(fi).or_default().insert(no.to_string(), serde_json::Value::Object(x));
            }
        }
    }

    pub(super) fn finish(mut self) -> Result<Vec<Family>, Vec<Problem>> {
        self.final_checks()?;
        let mut out = Vec::with_capacity(self.families.len());
        for fi in 0..self.families.len() {
            if let Some(family) = self.families[fi].family.take() {
                let family = self.complete(fi, *family);
                out.push(family);
            }
        }
        Ok(out)
    }

    /// Streaming: after the last row, the first member row that came after its family had been handed over
    /// (`Ok(Err(row))`: the files must be read whole, which also lists their problems as usual), or the problems
    /// of the round, or the families not yet handed over.
    pub(super) fn finish_streaming(mut self) -> Result<Result<Vec<Family>, usize>, Vec<Problem>> {
        if let Some(row) = self.late_member {
            return Ok(Err(row));
        }
        self.final_checks()?;
        self.member_hw = self.families.len();
        self.release_complete();
        Ok(Ok(self.ready))
    }

    /// The checks that need every row; `Err` with every problem of the round.
    fn final_checks(&mut self) -> Result<(), Vec<Problem>> {
        let member_problems = std::mem::take(&mut self.member_problems);
        self.problems.extend(member_problems);
        self.in_members = false;
        if self.fam.is_none() && self.problems.is_empty() {
            self.push(Problem {
                file: "keluarga".into(),
                row: 0,
                column: String::new(),
                value: String::new(),
                reason: Reason::NoFamilyFile,
            });
        }
        let fam_file = self.fam.as_ref().map(|f| f.0.clone()).unwrap_or_default();
        let mem_file = self.mem.as_ref().map(|f| f.0.clone()).unwrap_or_else(|| "anggota".into());
        if self.mem.is_some() {
            let missing: Vec<Problem> = self
                .families
                .iter()
                .filter(|f| f.heads == 0)
                .map(|f| Problem {
                    file: fam_file.clone(),
                    row: f.row,
                    column: "family_id".into(),
                    value: f.family.as_ref().map(|x| x.key.family_id.clone()).unwrap_or_default(),
                    reason: Reason::NoHead { file: mem_file.clone() },
                })
                .collect();
            for p in missing {
                self.push(p);
            }
        }
        self.nik_duplicates(&mem_file);
        if !self.problems.is_empty() {
            if self.dropped > 0 {
                self.problems.push(Problem::whole("", Reason::MoreProblems { count: self.dropped }));
            }
            return Err(std::mem::take(&mut self.problems));
        }
        self.niks = Vec::new();
        self.by_id = FxHashMap::default();
        Ok(())
    }
}

/// The problem of a row the reader could not split (wrong width, not UTF-8: see the markers in `read`), or
/// `None` for an ordinary row.
fn marker_problem(file: &str, cols: &Cols, row: usize, cells: &[&str]) -> Option<Problem> {
    let (column, reason) = match cells.first() {
        Some(&WIDTH_MARKER) => {
            (String::new(), Reason::RowWidth { cells: cells[1].parse().unwrap_or_default(), header: cols.names.len() })
        }
        Some(&UTF8_MARKER) => (
            cells[1].parse::<usize>().ok().and_then(|i| cols.names.get(i).cloned()).unwrap_or_default(),
            Reason::CellNotUtf8,
        ),
        _ => return None,
    };
    Some(Problem { file: file.into(), row, column, value: String::new(), reason })
}

/// The columns of a member file.
pub(super) fn member_cols(file: &str, header: &[&str]) -> Result<Cols, Box<Problem>> {
    let required: Vec<&str> =
        MEMBER_REQUIRED.iter().copied().chain(MEMBER_CODED.iter().filter(|c| c.2).map(|c| c.0)).collect();
    let known: Vec<&str> =
        required.iter().copied().chain(MEMBER_OPTIONAL).chain(MEMBER_CODED.iter().map(|c| c.0)).collect();
    Cols::new(file, header, (&required, &known), (&MEMBER_CODED.map(|c| c.0), &MEMBER_PLAIN))
}

/// A member row checked on its own: what the cross-row checks need, the member when the row is valid, and the
/// row's problems.
pub(super) struct ParsedMember {
    row: usize,
    family_id: Option<String>,
    member_no: Option<u8>,
    relation: u8,
    nik: Option<Nik>,
    valid: Option<(MemberAnswers, Person, Option<Extras>)>,
    problems: Vec<Problem>,
}

/// Checks one member row on its own (no other row needed, so rows can be parsed on another thread).
pub(super) fn parse_member_row(file: &str, cols: &Cols, ctx: &Context<'_>, row: usize, cells: &[&str]) -> ParsedMember {
    let mut problems = Vec::new();
    let mut e = RowErrors { out: &mut problems, file, row };
    let [id_cell, no_cell, name_cell, birth_cell, nik_cell] =
        [0, 1, 2, 3, 4].map(|i| cols.plain[i].map(|p| cells[p].trim()).unwrap_or(""));

    let family_id = e.family_id("family_id", id_cell);
    let member_no = match no_cell.parse::<u8>() {
        Ok(n) if (1..=99).contains(&n) => Some(n),
        _ => e.bad("member_no", no_cell, Reason::WholeNumberRange { min: 1, max: 99 }),
    };
    let mut coded = [0u8; 8];
    for (slot, (name, max, required)) in MEMBER_CODED.iter().enumerate() {
        let v = cols.coded[slot].map(|i| cells[i].trim()).unwrap_or("");
        if *required && v.is_empty() {
            e.bad::<()>(name, v, Reason::Required);
        } else {
            coded[slot] = e.code(name, v, *max, !*required).unwrap_or(0);
        }
    }
    let birth = match Date::parse_iso(birth_cell) {
        None => e.bad("birth_date", birth_cell, Reason::NotADate),
        Some(d) if d > ctx.today => e.bad("birth_date", birth_cell, Reason::DateInFuture { date: d, today: ctx.today }),
        Some(d) if d.year() < 1900 => e.bad("birth_date", birth_cell, Reason::DateTooEarly { date: d, year: 1900 }),
        Some(d) => Some(d),
    };
    let raw_name = name_cell;
    let name_len = raw_name.chars().count();
    if name_len == 0 || name_len > 120 {
        e.bad::<()>("name", &nik::mask_name(raw_name), Reason::TextLength { min: 1, max: 120 });
    }
    let nik = match nik_cell {
        "" => None,
        s => match Nik::parse(s, ctx.is_province) {
            Err(err) => e.bad("nik", &nik::mask(s), Reason::nik(err, s)),
            Ok(n) => match (coded[M_SEX], birth) {
                (sex @ 1..=2, Some(b)) => match n.check_member(sex, b) {
                    Ok(()) => Some(n),
                    Err(err) => e.bad("nik", &n.masked(), Reason::nik(err, s)),
                },
                _ => Some(n),
            },
        },
    };
    let valid = match (problems.is_empty(), member_no, birth) {
        (true, Some(no), Some(birth)) => Some((
            MemberAnswers { member_no: no, coded, birth },
            Person { row, member_no: no, nik, name: raw_name.to_string() },
            extras_of(cols, cells),
        )),
        _ => None,
    };
    ParsedMember { row, family_id, member_no, relation: coded[M_RELATION], nik, valid, problems }
}

/// Parses member rows away from the validator and hands them over in batches.
pub(super) struct MemberParser<'a> {
    ctx: &'a Context<'a>,
    file: String,
    cols: Option<Cols>,
    batch: Vec<ParsedMember>,
    out: std::sync::mpsc::SyncSender<MemberMsg>,
    /// The receiver has gone: the rest of the file is not wanted.
    closed: bool,
}

/// What the member parser sends to the validator.
pub(super) enum MemberMsg {
    /// The file name and its usable header (an unusable one arrives as a problem).
    Header(String, Cols),
    /// Parsed rows, in file order.
    Rows(Vec<ParsedMember>),
    /// A problem outside any row.
    Problem(Problem),
}

const MEMBER_BATCH: usize = 8192;

impl<'a> MemberParser<'a> {
    pub(super) fn new(ctx: &'a Context<'a>, out: std::sync::mpsc::SyncSender<MemberMsg>) -> Self {
        MemberParser {
            ctx,
            file: String::new(),
            cols: None,
            batch: Vec::with_capacity(MEMBER_BATCH),
            out,
            closed: false,
        }
    }

    pub(super) fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        self.file = file.to_string();
        let cols = member_cols(file, header)?;
        // The validator needs its own copy for marker rows and messages.
        self.send(MemberMsg::Header(file.to_string(), cols.clone()));
        self.cols = Some(cols);
        Ok(())
    }

    pub(super) fn row(&mut self, row: usize, cells: &[&str]) {
        let Some(cols) = &self.cols else { return };
        let parsed = if let Some(p) = marker_problem(&self.file, cols, row, cells) {
            ParsedMember {
                row,
                family_id: None,
                member_no: None,
                relation: 0,
                nik: None,
                valid: None,
                problems: vec![p],
            }
        } else {
            parse_member_row(&self.file, cols, self.ctx, row, cells)
        };
        self.batch.push(parsed);
        if self.batch.len() == MEMBER_BATCH {
            self.flush();
        }
    }

    pub(super) fn problem(&mut self, p: Problem) {
        self.flush();
        self.send(MemberMsg::Problem(p));
    }

    fn send(&mut self, msg: MemberMsg) {
        self.closed |= self.out.send(msg).is_err();
    }

    /// Whether the receiver has gone.
    pub(super) fn stopped(&self) -> bool {
        self.closed
    }

    pub(super) fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(MEMBER_BATCH));
            self.send(MemberMsg::Rows(batch));
        }
    }
}

impl Validator<'_> {
    /// Takes what a [`MemberParser`] sent, first calling `before` with the family id of each member whose family
    /// has not been read yet (to read it); then hands over the families that are complete, when streaming.
    pub(super) fn receive_with(&mut self, msg: MemberMsg, before: &mut dyn FnMut(&mut Self, &str)) {
        match msg {
            MemberMsg::Rows(rows) => {
                let file = self.mem.as_ref().map(|m| m.0.clone()).unwrap_or_default();
                for m in rows {
                    if let Some(id) = &m.family_id
                        && !self.knows_family(id)
                    {
                        before(self, id);
                    }
                    self.on_member_side(|v| v.attach_member(&file, m));
                }
                self.release_complete();
            }
            MemberMsg::Header(file, cols) => self.set_member_cols(&file, cols),
            MemberMsg::Problem(p) => self.on_member_side(|v| v.push(p)),
        }
    }

    /// Takes what a [`MemberParser`] sent, when the family file has been read whole.
    pub(super) fn receive(&mut self, msg: MemberMsg) {
        self.receive_with(msg, &mut |_, _| {});
    }
}

impl Validator<'_> {
    /// A NIK may appear once in a round: every later use is a problem naming the first row.
    fn nik_duplicates(&mut self, file: &str) {
        let mut niks = std::mem::take(&mut self.niks);
        niks.sort_unstable();
        let mut dups = Vec::new();
        for w in niks.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            for later in &w[1..] {
                dups.push((later.2, w[0].2, later.1));
            }
        }
        dups.sort_unstable();
        for (row, first, nik) in dups {
            self.push(Problem {
                file: file.into(),
                row: row as usize,
                column: "nik".into(),
                value: nik::mask(&format!("{nik:016}")),
                reason: Reason::NikRepeated { first_row: first as usize },
            });
        }
        self.niks = niks;
    }
}

fn extras_of(cols: &Cols, cells: &[&str]) -> Option<Extras> {
    let map: Extras = cols
        .extras
        .iter()
        .filter(|&&i| !cells[i].trim().is_empty())
        .map(|&i| (cols.names[i].clone(), serde_json::Value::String(cells[i].trim().to_string())))
        .collect();
    (!map.is_empty()).then_some(map)
}

/// Collects the problems of one row.
struct RowErrors<'v> {
    out: &'v mut Vec<Problem>,
    file: &'v str,
    row: usize,
}

impl RowErrors<'_> {
    fn bad<T>(&mut self, column: &str, value: &str, reason: Reason) -> Option<T> {
        let p = Problem { file: self.file.into(), row: self.row, column: column.into(), value: value.into(), reason };
        self.out.push(p);
        None
    }

    fn family_id(&mut self, column: &str, s: &str) -> Option<String> {
        let ok = (1..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if ok { Some(s.to_string()) } else { self.bad(column, s, Reason::FamilyIdShape) }
    }

    fn small_number(&mut self, column: &str, s: &str) -> Option<u16> {
        if s.is_empty() {
            return None;
        }
        if (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            self.bad(column, s, Reason::SmallNumber)
        }
    }

    /// A code of a coded column (a name of [`FAMILY_CODED`] or [`MEMBER_CODED`]); empty is 0.
    fn code(&mut self, column: &'static str, s: &str, max: u8, optional: bool) -> Option<u8> {
        if s.is_empty() {
            return Some(0);
        }
        match s.parse::<u8>() {
            Ok(c) if (1..=max).contains(&c) => Some(c),
            _ => self.bad(column, s, Reason::CodeNotAllowed { codes: CodedColumn(column), optional }),
        }
    }
}
