//! The member file: its header and each member row checked on its own, possibly on another thread
//! ([`MemberParser`]), then handed to the validator.

use super::Validator;
use super::row::{Cols, Extras, MEMBER_PLAIN, RowErrors, extras_of, marker_problem};
use crate::date::Date;
use crate::nik::{self, Nik};
use crate::pk::columns::{M_RELATION, M_SEX, MEMBER_CODED, MEMBER_OPTIONAL, MEMBER_REQUIRED};
use crate::pk::{Context, MemberAnswers, Person, Problem};
use crate::problem::Reason;

impl Validator<'_> {
    pub(in crate::pk) fn member_header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        self.mem = Some((file.to_string(), member_cols(file, header)?));
        Ok(())
    }

    pub(in crate::pk) fn member_row(&mut self, row: usize, cells: &[&str]) {
        let Some((file, cols)) = self.mem.take() else { return };
        self.on_member_side(|v| {
            if !v.marker_row(&file, &cols, row, cells) {
                let parsed = parse_member_row(&file, &cols, v.ctx, row, cells);
                v.attach_member(&file, parsed);
            }
        });
        self.mem = Some((file, cols));
    }

    /// Takes the member header parsed elsewhere (see [`MemberParser`]).
    pub(in crate::pk) fn set_member_cols(&mut self, file: &str, cols: Cols) {
        self.mem = Some((file.to_string(), cols));
    }
}

/// The columns of a member file.
pub(in crate::pk) fn member_cols(file: &str, header: &[&str]) -> Result<Cols, Box<Problem>> {
    let required: Vec<&str> =
        MEMBER_REQUIRED.iter().copied().chain(MEMBER_CODED.iter().filter(|c| c.2).map(|c| c.0)).collect();
    let known: Vec<&str> =
        required.iter().copied().chain(MEMBER_OPTIONAL).chain(MEMBER_CODED.iter().map(|c| c.0)).collect();
    Cols::new(file, header, (&required, &known), (&MEMBER_CODED.map(|c| c.0), &MEMBER_PLAIN))
}

/// A member row checked on its own: what the cross-row checks need, the member when the row is valid, and the
/// row's problems.
pub(in crate::pk) struct ParsedMember {
    pub(super) row: usize,
    pub(super) family_id: Option<String>,
    pub(super) member_no: Option<u8>,
    pub(super) relation: u8,
    pub(super) nik: Option<Nik>,
    pub(super) valid: Option<(MemberAnswers, Person, Option<Extras>)>,
    pub(super) problems: Vec<Problem>,
}

/// Checks one member row on its own (no other row needed, so rows can be parsed on another thread).
pub(in crate::pk) fn parse_member_row(
    file: &str,
    cols: &Cols,
    ctx: &Context<'_>,
    row: usize,
    cells: &[&str],
) -> ParsedMember {
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
pub(in crate::pk) struct MemberParser<'a> {
    ctx: &'a Context<'a>,
    file: String,
    cols: Option<Cols>,
    batch: Vec<ParsedMember>,
    out: std::sync::mpsc::SyncSender<MemberMsg>,
    /// The receiver has gone: the rest of the file is not wanted.
    closed: bool,
}

/// What the member parser sends to the validator.
pub(in crate::pk) enum MemberMsg {
    /// The file name and its usable header (an unusable one arrives as a problem).
    Header(String, Cols),
    /// Parsed rows, in file order.
    Rows(Vec<ParsedMember>),
    /// A problem outside any row.
    Problem(Problem),
}

const MEMBER_BATCH: usize = 8192;

impl<'a> MemberParser<'a> {
    pub(in crate::pk) fn new(ctx: &'a Context<'a>, out: std::sync::mpsc::SyncSender<MemberMsg>) -> Self {
        MemberParser {
            ctx,
            file: String::new(),
            cols: None,
            batch: Vec::with_capacity(MEMBER_BATCH),
            out,
            closed: false,
        }
    }

    pub(in crate::pk) fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        self.file = file.to_string();
        let cols = member_cols(file, header)?;
        // The validator needs its own copy for marker rows and messages.
        self.send(MemberMsg::Header(file.to_string(), cols.clone()));
        self.cols = Some(cols);
        Ok(())
    }

    pub(in crate::pk) fn row(&mut self, row: usize, cells: &[&str]) {
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

    pub(in crate::pk) fn problem(&mut self, p: Problem) {
        self.flush();
        self.send(MemberMsg::Problem(p));
    }

    fn send(&mut self, msg: MemberMsg) {
        self.closed |= self.out.send(msg).is_err();
    }

    /// Whether the receiver has gone.
    pub(in crate::pk) fn stopped(&self) -> bool {
        self.closed
    }

    pub(in crate::pk) fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(MEMBER_BATCH));
            self.send(MemberMsg::Rows(batch));
        }
    }
}

impl Validator<'_> {
    /// Takes what a [`MemberParser`] sent, first calling `before` with the family id of each member whose family
    /// has not been read yet (to read it); then hands over the families that are complete, when streaming.
    pub(in crate::pk) fn receive_with(&mut self, msg: MemberMsg, before: &mut dyn FnMut(&mut Self, &str)) {
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
    pub(in crate::pk) fn receive(&mut self, msg: MemberMsg) {
        self.receive_with(msg, &mut |_, _| {});
    }
}
