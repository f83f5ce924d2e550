//! Reading the PK files: a CSV pair or one XLSX workbook, each turned into rows of text cells, then validated.

use super::validate::{MemberMsg, MemberParser, Validator};
use super::{Context, Family, Problem};
use crate::problem::Reason;
use std::io::{Read, Seek};

/// The outcome of reading a round's files: the families, or every problem found.
pub type ReadResult = Result<Vec<Family>, Vec<Problem>>;

/// Reads and validates `keluarga.csv` and `anggota.csv`. The member file is parsed on a second thread while
/// the family file is read; members are then attached to their families and the cross-row rules checked.
pub fn read_csv_pair(families: impl Read + Send, members: impl Read + Send, ctx: &Context<'_>) -> ReadResult {
    let mut v = Validator::new(ctx);
    std::thread::scope(|s| {
        let rx = parse_members(s, ctx, members, 64);
        read_csv("keluarga.csv", families, &mut FamilySink(&mut v));
        for msg in rx {
            v.receive(msg);
        }
    });
    v.finish()
}

/// Parses the member file on a thread of `scope`; its rows arrive in batches, at most `queue` batches ahead.
fn parse_members<'scope, 'env: 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    ctx: &'env Context<'env>,
    members: impl Read + Send + 'scope,
    queue: usize,
) -> std::sync::mpsc::Receiver<MemberMsg> {
    let (tx, rx) = std::sync::mpsc::sync_channel(queue);
    scope.spawn(move || {
        let mut parser = MemberParser::new(ctx, tx);
        read_csv("anggota.csv", members, &mut parser);
        parser.flush();
    });
    rx
}

/// Why [`stream_csv_pair`] handed over no complete, valid round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamError {
    /// The files break rules: every problem found, as [`read_csv_pair`] would list them.
    Problems(Vec<Problem>),
    /// A member row (this one, of the member file) belongs to a family that was already handed over because
    /// later families' members had been read: the member file is not in family order. The files are otherwise
    /// valid; read them whole with [`read_csv_pair`] instead.
    Unsorted {
        /// The member row.
        row: usize,
    },
    /// The receiver refused a batch (it stopped).
    Stopped,
}

/// Reads and validates `keluarga.csv` and `anggota.csv` like [`read_csv_pair`], but hands each family to `emit`,
/// in batches of up to `batch` families, as soon as it is complete, so that the families can be stored while
/// the rest of the files are read. A family counts as complete once a member of a later family (in family-file
/// order) has been read: true of files in family order, as PK exports and `kampungkb generate` write them.
///
/// Every rule is checked exactly as by [`read_csv_pair`], but only at the end is it known that the round is
/// valid: on `Err` the families already emitted must be discarded (the store writes them in one transaction and
/// rolls it back). `emit` returns false to stop reading. `expected` is an estimate of the number of families (0
/// if unknown), to size the validator's lists once.
pub fn stream_csv_pair(
    families: impl Read + Send,
    members: impl Read + Send,
    ctx: &Context<'_>,
    (batch, expected): (usize, usize),
    emit: &mut dyn FnMut(Vec<Family>) -> bool,
) -> Result<usize, StreamError> {
    let batch = batch.max(1);
    let mut v = Validator::new(ctx);
    v.set_streaming();
    v.reserve(expected);
    let mut emitted = 0usize;
    let mut stopped = false;
    std::thread::scope(|s| {
        let rx = parse_members(s, ctx, members, 16);
        let mut fams = RowReader::new("keluarga.csv", families);
        for msg in rx {
            // A member's family must have been read (if the family file has it) before the member is attached:
            // read family rows on demand, so that both files advance together.
            v.receive_with(msg, &mut |v, family_id| {
                while !v.knows_family(family_id) && fams.step(&mut FamilySink(v)) {}
            });
            while !stopped && let Some(ready) = v.take_ready(batch) {
                emitted += ready.len();
                stopped = !emit(ready);
            }
            // Out of order: the files will be read whole instead, which lists their problems too.
            if stopped || v.is_out_of_order() {
                break;
            }
        }
        if !stopped && !v.is_out_of_order() {
            while fams.step(&mut FamilySink(&mut v)) {}
        }
    });
    if stopped {
        return Err(StreamError::Stopped);
    }
    match v.finish_streaming() {
        Err(problems) => Err(StreamError::Problems(problems)),
        Ok(Err(row)) => Err(StreamError::Unsorted { row }),
        Ok(Ok(mut rest)) => {
            while !rest.is_empty() {
                let tail = rest.split_off(rest.len().min(batch));
                emitted += rest.len();
                if !emit(std::mem::replace(&mut rest, tail)) {
                    return Err(StreamError::Stopped);
                }
            }
            Ok(emitted)
        }
    }
}

/// Where the rows of a CSV file go.
trait Sink {
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>>;
    fn row(&mut self, row: usize, cells: &[&str]);
    fn problem(&mut self, p: Problem);
    /// Whether the rows are no longer wanted.
    fn stopped(&self) -> bool {
        false
    }
}

struct FamilySink<'v, 'a>(&'v mut Validator<'a>);

impl Sink for FamilySink<'_, '_> {
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        self.0.family_header(file, header)
    }
    fn row(&mut self, row: usize, cells: &[&str]) {
        self.0.family_row(row, cells);
    }
    fn problem(&mut self, p: Problem) {
        self.0.push(p);
    }
}

impl Sink for MemberParser<'_> {
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        MemberParser::header(self, file, header)
    }
    fn row(&mut self, row: usize, cells: &[&str]) {
        MemberParser::row(self, row, cells);
    }
    fn problem(&mut self, p: Problem) {
        MemberParser::problem(self, p);
    }
    fn stopped(&self) -> bool {
        MemberParser::stopped(self)
    }
}

fn whole(file: &str, reason: Reason) -> Problem {
    Problem::whole(file, reason)
}

fn read_csv(file: &str, input: impl Read, sink: &mut impl Sink) {
    let mut rows = RowReader::new(file, input);
    while !sink.stopped() && rows.step(sink) {}
}

/// A CSV file read one record at a time into a [`Sink`]: the header first, then each row (or its marker).
struct RowReader<'f, R: Read> {
    file: &'f str,
    rdr: csv::Reader<R>,
    rec: csv::ByteRecord,
    width: usize,
    row: usize,
    done: bool,
}

impl<'f, R: Read> RowReader<'f, R> {
    fn new(file: &'f str, input: R) -> Self {
        let rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
        RowReader { file, rdr, rec: csv::ByteRecord::new(), width: 0, row: 0, done: false }
    }

    /// Reads the next record into `sink`; false once the file is finished (or cannot be read further).
    fn step(&mut self, sink: &mut impl Sink) -> bool {
        if self.done {
            return false;
        }
        let file = self.file;
        match self.rdr.read_byte_record(&mut self.rec) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                if self.row == 0 {
                    sink.problem(whole(file, Reason::FileEmpty));
                }
                return false;
            }
            Err(e) => {
                self.done = true;
                sink.problem(whole(file, Reason::FileUnreadable { row: self.row, detail: e.to_string() }));
                return false;
            }
        }
        self.row += 1;
        let mut strs: Vec<&str> = Vec::with_capacity(self.rec.len());
        let mut bad_utf8 = None;
        // The whole record is checked at once; field by field only if that fails, or if a character would
        // straddle two fields.
        let text = std::str::from_utf8(self.rec.as_slice()).ok();
        for i in 0..self.rec.len() {
            let range = self.rec.range(i).expect("a field of the record");
            match text.and_then(|w| w.get(range.clone())).map_or_else(|| std::str::from_utf8(&self.rec[i]), Ok) {
                Ok(s) => strs.push(s),
                Err(_) => {
                    bad_utf8.get_or_insert(i);
                    strs.push("");
                }
            }
        }
        if self.row == 1 {
            if let Some(first) = strs.first_mut() {
                *first = first.trim_start_matches('\u{feff}');
            }
            if bad_utf8.is_some() {
                self.done = true;
                sink.problem(whole(file, Reason::FileNotUtf8));
                return false;
            }
            self.width = strs.len();
            if let Err(p) = sink.header(file, &strs) {
                self.done = true;
                sink.problem(*p);
                return false;
            }
            return true;
        }
        let row = self.row;
        if let Some(i) = bad_utf8 {
            sink.row(row, &[UTF8_MARKER, &i.to_string()]);
        } else if strs.len() == 1 && strs[0].is_empty() && self.width > 1 {
            // A blank line.
        } else if strs.len() != self.width {
            sink.row(row, &[WIDTH_MARKER, &strs.len().to_string()]);
        } else {
            sink.row(row, &strs);
        }
        true
    }
}

/// A row whose first cell is this marker is reported as having the wrong number of fields.
pub(super) const WIDTH_MARKER: &str = "\u{0}width";
/// A row whose first cell is this marker has a cell that is not UTF-8; the second cell is its index.
pub(super) const UTF8_MARKER: &str = "\u{0}utf8";

/// Why a workbook gave no families.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    /// The workbook goes beyond what is read safely ([`crate::xlsx::LIMITS`]): nothing of it was read.
    TooLarge(crate::xlsx::LimitError),
    /// Its rows break rules: every problem found.
    Problems(Vec<Problem>),
}

impl WorkbookError {
    /// The problems, a refused workbook being one problem of the whole file.
    pub fn into_problems(self) -> Vec<Problem> {
        match self {
            WorkbookError::TooLarge(e) => vec![whole("workbook", Reason::from(&e))],
            WorkbookError::Problems(p) => p,
        }
    }
}

/// Reads and validates a workbook with sheets `keluarga` and `anggota` (see [`read_workbook`]).
pub fn read_xlsx(input: impl Read + Seek, ctx: &Context<'_>) -> ReadResult {
    read_workbook(input, ctx).map_err(WorkbookError::into_problems)
}

/// Reads and validates a workbook with sheets `keluarga` and `anggota`: first checked against
/// [`crate::xlsx::LIMITS`], then each sheet read as a stream of cells (never as a grid of its declared range).
pub fn read_workbook(input: impl Read + Seek, ctx: &Context<'_>) -> Result<Vec<Family>, WorkbookError> {
    use crate::xlsx::{LIMITS, SheetError};
    use calamine::Reader;
    let mut book = crate::xlsx::check_and_open(input).map_err(WorkbookError::TooLarge)?;
    let mut v = Validator::new(ctx);
    for sheet in ["keluarga", "anggota"] {
        if !book.sheet_names().iter().any(|n| n == sheet) {
            let sheets = book.sheet_names();
            v.push(whole(sheet, Reason::SheetMissing { sheet: sheet.to_string(), sheets }));
            continue;
        }
        let is_families = sheet == "keluarga";
        // The header: the first row with a value; its width is every row's (cells beyond it are ignored).
        let mut header: Option<Result<usize, ()>> = None;
        let (mut texts, mut names): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        let streamed = crate::xlsx::read_rows(&mut book, sheet, &LIMITS, &mut |row, cells| {
            let width = match header {
                Some(Ok(width)) => width,
                Some(Err(())) => return,
                None => {
                    names = cells.iter().map(|c| cell_text(c).unwrap_or_default().trim().to_string()).collect();
                    let hdr: Vec<&str> = names.iter().map(String::as_str).collect();
                    let ok = if is_families { v.family_header(sheet, &hdr) } else { v.member_header(sheet, &hdr) };
                    header = Some(match ok {
                        Ok(()) => Ok(hdr.len()),
                        Err(p) => {
                            v.push(*p);
                            Err(())
                        }
                    });
                    return;
                }
            };
            texts.clear();
            let mut bad = None;
            for (ci, c) in cells.iter().take(width).enumerate() {
                match cell_text(c) {
                    Ok(s) => texts.push(s),
                    Err(reason) => {
                        bad.get_or_insert((ci, reason));
                        texts.push(String::new());
                    }
                }
            }
            texts.resize(width, String::new());
            if let Some((ci, reason)) = bad {
                let column = names.get(ci).cloned().unwrap_or_default();
                v.push(Problem { file: sheet.into(), row, column, value: String::new(), reason });
                return;
            }
            if texts.iter().all(|t| t.is_empty()) {
                return;
            }
            let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
            if is_families {
                v.family_row(row, &cells);
            } else {
                v.member_row(row, &cells);
            }
        });
        match streamed {
            Ok(()) if header.is_none() => v.push(whole(sheet, Reason::SheetEmpty)),
            Ok(()) => {}
            Err(SheetError::Limit(e)) => return Err(WorkbookError::TooLarge(e)),
            Err(SheetError::Unreadable(detail)) => v.push(whole(sheet, Reason::SheetUnreadable { detail })),
        }
    }
    v.finish().map_err(WorkbookError::Problems)
}

/// The text of a cell as a CSV would have it.
fn cell_text(c: &calamine::Data) -> Result<String, Reason> {
    use calamine::Data;
    Ok(match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => (if *b { "1" } else { "2" }).to_string(),
        Data::Float(f) => {
            if f.fract() != 0.0 {
                f.to_string()
            } else if f.abs() >= 9_007_199_254_740_992.0 {
                return Err(Reason::NumberTooLong);
            } else {
                format!("{}", *f as i64)
            }
        }
        Data::DateTime(d) => {
            let serial = d.as_f64();
            if !(1.0..=2_958_465.0).contains(&serial) {
                return Err(Reason::CellNotADate);
            }
            // Excel's day 0 is 1899-12-30 (after its 1900 leap-year bug); 25569 is 1970-01-01.
            crate::date::Date::from_days(serial.floor() as i32 - 25_569).to_string()
        }
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(Reason::CellError { detail: format!("{e:?}") }),
    })
}
