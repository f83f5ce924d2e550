//! Reading the PK files: a CSV pair or one XLSX workbook, each turned into rows of text cells, then validated.

use super::validate::{MemberParser, Validator};
use super::{Context, Family, Problem};
use std::io::{Read, Seek};

/// The outcome of reading a round's files: the families, or every problem found.
pub type ReadResult = Result<Vec<Family>, Vec<Problem>>;

/// Reads and validates `keluarga.csv` and `anggota.csv`. The member file is parsed on a second thread while
/// the family file is read; members are then attached to their families and the cross-row rules checked.
pub fn read_csv_pair(families: impl Read + Send, members: impl Read + Send, ctx: &Context<'_>) -> ReadResult {
    let mut v = Validator::new(ctx);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(64);
        s.spawn(move || {
            let mut parser = MemberParser::new(ctx, tx);
            read_csv("anggota.csv", members, &mut parser);
            parser.flush();
        });
        read_csv("keluarga.csv", families, &mut FamilySink(&mut v));
        for msg in rx {
            v.receive(msg);
        }
    });
    v.finish()
}

/// Where the rows of a CSV file go.
trait Sink {
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Problem>;
    fn row(&mut self, row: usize, cells: &[&str]);
    fn problem(&mut self, p: Problem);
}

struct FamilySink<'v, 'a>(&'v mut Validator<'a>);

impl Sink for FamilySink<'_, '_> {
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Problem> {
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
    fn header(&mut self, file: &str, header: &[&str]) -> Result<(), Problem> {
        MemberParser::header(self, file, header)
    }
    fn row(&mut self, row: usize, cells: &[&str]) {
        MemberParser::row(self, row, cells);
    }
    fn problem(&mut self, p: Problem) {
        MemberParser::problem(self, p);
    }
}

fn whole(file: &str, reason: String) -> Problem {
    Problem { file: file.into(), row: 0, column: String::new(), value: String::new(), reason }
}

fn read_csv(file: &str, input: impl Read, sink: &mut impl Sink) {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut rec = csv::ByteRecord::new();
    let mut width = 0;
    let mut row = 0usize;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return sink.problem(whole(file, format!("cannot read the file past row {row}: {e}"))),
        }
        row += 1;
        let mut strs: Vec<&str> = Vec::with_capacity(rec.len());
        let mut bad_utf8 = None;
        for (i, f) in rec.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(s) => strs.push(s),
                Err(_) => {
                    bad_utf8.get_or_insert(i);
                    strs.push("");
                }
            }
        }
        if row == 1 {
            if let Some(first) = strs.first_mut() {
                *first = first.trim_start_matches('\u{feff}');
            }
            if bad_utf8.is_some() {
                return sink.problem(whole(file, "the file is not UTF-8 text: save it as \"CSV UTF-8\"".into()));
            }
            width = strs.len();
            if let Err(p) = sink.header(file, &strs) {
                return sink.problem(p);
            }
            continue;
        }
        if let Some(i) = bad_utf8 {
            sink.row(row, &[UTF8_MARKER, &i.to_string()]);
        } else if strs.len() == 1 && strs[0].is_empty() && width > 1 {
            // A blank line.
        } else if strs.len() != width {
            sink.row(row, &[WIDTH_MARKER, &strs.len().to_string()]);
        } else {
            sink.row(row, &strs);
        }
    }
    if row == 0 {
        sink.problem(whole(file, "the file is empty: it needs a header row".into()));
    }
}

/// A row whose first cell is this marker is reported as having the wrong number of fields.
pub(super) const WIDTH_MARKER: &str = "\u{0}width";
/// A row whose first cell is this marker has a cell that is not UTF-8; the second cell is its index.
pub(super) const UTF8_MARKER: &str = "\u{0}utf8";

/// Reads and validates a workbook with sheets `keluarga` and `anggota`.
pub fn read_xlsx(input: impl Read + Seek, ctx: &Context<'_>) -> ReadResult {
    use calamine::{Reader, Xlsx};
    let mut v = Validator::new(ctx);
    let mut book: Xlsx<_> = match Xlsx::new(input) {
        Ok(b) => b,
        Err(e) => return Err(vec![whole("workbook", format!("not a readable .xlsx workbook: {e}"))]),
    };
    for sheet in ["keluarga", "anggota"] {
        let range = match book.worksheet_range(sheet) {
            Ok(r) => r,
            Err(_) => {
                let names = book.sheet_names().join(", ");
                v.push(whole(sheet, format!("the workbook has no sheet named {sheet:?} (it has: {names})")));
                continue;
            }
        };
        let first_row = range.start().map(|(r, _)| r as usize + 1).unwrap_or(1);
        let mut rows = range.rows();
        let Some(header) = rows.next() else {
            v.push(whole(sheet, "the sheet is empty: it needs a header row".into()));
            continue;
        };
        let header: Vec<String> = header.iter().map(|c| cell_text(c).unwrap_or_default()).collect();
        let hdr: Vec<&str> = header.iter().map(|s| s.trim()).collect();
        let is_families = sheet == "keluarga";
        let header_ok = if is_families { v.family_header(sheet, &hdr) } else { v.member_header(sheet, &hdr) };
        if let Err(p) = header_ok {
            v.push(p);
            continue;
        }
        let mut texts: Vec<String> = Vec::new();
        for (i, r) in rows.enumerate() {
            let row = first_row + i + 1;
            texts.clear();
            let mut bad = None;
            for (ci, c) in r.iter().enumerate() {
                match cell_text(c) {
                    Ok(s) => texts.push(s),
                    Err(reason) => {
                        bad.get_or_insert((ci, reason));
                        texts.push(String::new());
                    }
                }
            }
            if let Some((ci, reason)) = bad {
                let column = hdr.get(ci).copied().unwrap_or_default().to_string();
                v.push(Problem { file: sheet.into(), row, column, value: String::new(), reason });
                continue;
            }
            if texts.iter().all(|t| t.is_empty()) {
                continue;
            }
            let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
            if is_families {
                v.family_row(row, &cells);
            } else {
                v.member_row(row, &cells);
            }
        }
    }
    v.finish()
}

/// The text of a cell as a CSV would have it.
fn cell_text(c: &calamine::Data) -> Result<String, String> {
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
                return Err("this number is too long to be kept exactly as a number: format the column as Text and enter it again".into());
            } else {
                format!("{}", *f as i64)
            }
        }
        Data::DateTime(d) => {
            let serial = d.as_f64();
            if !(1.0..=2_958_465.0).contains(&serial) {
                return Err("not a valid date".into());
            }
            // Excel's day 0 is 1899-12-30 (after its 1900 leap-year bug); 25569 is 1970-01-01.
            crate::date::Date::from_days(serial.floor() as i32 - 25_569).to_string()
        }
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e:?})")),
    })
}
