//! Row-by-row and cross-row validation of the PK files. Every problem is collected; nothing stops at the first.
//!
//! Here: the validator's state and what the readers call to start, feed and finish it. The family file's rows
//! are in [`family`], the member file's in [`member`], what every row shares (header columns, marker rows, cell
//! checks) in [`row`], and the checks that need other rows in [`cross`].

mod cross;
mod family;
mod member;
mod row;

pub(super) use member::{MemberMsg, MemberParser};

use super::{Context, Family, Problem};
use crate::fxhash::FxHashMap;
use row::{Cols, Extras, marker_problem};
use std::collections::HashMap;

/// At most this many problems are kept; the count of the rest is reported.
const MAX_PROBLEMS: usize = 200_000;

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

    /// Runs `f` with its problems counted as the member file's (listed after the family file's).
    fn on_member_side(&mut self, f: impl FnOnce(&mut Self)) {
        self.in_members = true;
        f(self);
        self.in_members = false;
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
}
