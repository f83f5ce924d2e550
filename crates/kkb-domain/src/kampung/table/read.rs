//! Reading registry files into rows of text cells: CSV (UTF-8, a BOM accepted, comma separated) and XLSX
//! workbooks (sheets `kampung` and `laporan`). Each row goes to the row parsers of the parent module; a village or
//! a (village, month) seen twice across everything read is a problem of the later row.

use super::{Cells, FileRow, RegistryRows, RegistryTable, kampung_row, report_row};
use crate::date::Date;
use crate::kampung::YearMonth;
use crate::pk::Problem;
use crate::problem::Reason;
use crate::region::RegionCode;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Reads registry files, one after another, into their rows and every problem.
///
/// ```
/// use kkb_domain::kampung::RegistryReader;
/// let today = kkb_domain::date::Date::new(2025, 3, 15).unwrap();
/// let mut r = RegistryReader::new(today);
/// r.read("laporan.csv", b"village_code,month,pus,pil\n17.71.01.1001,2025-02,-4,2\n");
/// let problems = r.finish().unwrap_err();
/// assert_eq!((problems[0].row, problems[0].column.as_str(), problems[0].value.as_str()), (2, "pus", "-4"));
/// ```
pub struct RegistryReader {
    today: Date,
    rows: RegistryRows,
    problems: Vec<Problem>,
    villages: HashMap<RegionCode, (String, usize)>,
    months: HashMap<(RegionCode, YearMonth), (String, usize)>,
    /// The names problems are filed under, in the order first seen.
    files: Vec<String>,
    /// A workbook refused whole (beyond [`crate::xlsx::LIMITS`]).
    refused: Option<crate::xlsx::LimitError>,
}

/// Where the columns of a table are.
struct Header {
    table: RegistryTable,
    index: HashMap<&'static str, usize>,
    /// Columns with an empty header cell: ignored, but a value under one is a problem.
    unnamed: Vec<usize>,
    width: usize,
}

fn whole(file: &str, reason: Reason) -> Problem {
    Problem::whole(file, reason)
}

impl RegistryReader {
    /// A reader judging dates against `today` (nothing may be dated after it).
    pub fn new(today: Date) -> RegistryReader {
        RegistryReader {
            today,
            rows: RegistryRows::default(),
            problems: Vec::new(),
            villages: HashMap::new(),
            months: HashMap::new(),
            files: Vec::new(),
            refused: None,
        }
    }

    fn seen(&mut self, file: &str) {
        if !self.files.iter().any(|f| f == file) {
            self.files.push(file.to_string());
        }
    }

    /// Reads a file of either form: a workbook when it starts as a ZIP archive does, CSV otherwise. `file` names it
    /// in the problems of a CSV file (a workbook's problems name their sheet).
    pub fn read(&mut self, file: &str, bytes: &[u8]) {
        if bytes.starts_with(b"PK\x03\x04") {
            self.read_xlsx(file, bytes);
        } else {
            self.read_csv(file, bytes);
        }
    }

    /// Adds a problem for every row read so far whose village is not a desa/kelurahan of the region table, so
    /// that they are listed with the file's other problems (the store checks it again when it writes).
    pub fn check_villages(&mut self, is_village: &dyn Fn(RegionCode) -> bool) {
        let kampungs = self.villages.iter().map(|(code, at)| (*code, at));
        let reports = self.months.iter().map(|((code, _), at)| (*code, at));
        for (code, (file, row)) in kampungs.chain(reports).filter(|(code, _)| !is_village(*code)) {
            self.problems.push(Problem {
                file: file.clone(),
                row: *row,
                column: "village_code".into(),
                value: code.to_string(),
                reason: Reason::VillageNotInTable { code: code.to_string() },
            });
        }
    }

    /// The rows, or every problem of everything read, by file (in the order read) and row.
    pub fn finish(mut self) -> Result<RegistryRows, Vec<Problem>> {
        if self.problems.is_empty() {
            return Ok(self.rows);
        }
        let order = |file: &str| self.files.iter().position(|f| f == file).unwrap_or(usize::MAX);
        let mut problems = std::mem::take(&mut self.problems);
        problems.sort_by_key(|p| (order(&p.file), p.row));
        Err(problems)
    }

    /// Checks a header row; `None` when the rows cannot be read by it (a required column missing or a column
    /// twice). Unknown columns are problems, but the rows are still read so that all their problems are listed.
    fn header(&mut self, file: &str, table: RegistryTable, cells: &[&str]) -> Option<Header> {
        let mut h = Header { table, index: HashMap::new(), unnamed: Vec::new(), width: cells.len() };
        let mut fatal = false;
        let problem = |column: &str, reason: Reason| Problem {
            file: file.into(),
            row: 1,
            column: column.into(),
            value: String::new(),
            reason,
        };
        for (i, name) in cells.iter().map(|c| c.trim()).enumerate() {
            if name.is_empty() {
                h.unnamed.push(i);
                continue;
            }
            match table.columns().iter().find(|c| **c == name) {
                Some(&c) => {
                    if h.index.insert(c, i).is_some() {
                        self.problems.push(problem(c, Reason::DuplicateColumn));
                        fatal = true;
                    }
                }
                None => self.problems.push(problem(
                    name,
                    Reason::UnknownColumn {
                        file: table.file_name().to_string(),
                        columns: table.columns().iter().map(|c| c.to_string()).collect(),
                    },
                )),
            }
        }
        for c in table.required().iter().filter(|c| !h.index.contains_key(**c)) {
            self.problems.push(problem(c, Reason::MissingColumn));
            fatal = true;
        }
        (!fatal).then_some(h)
    }

    /// Judges one data row.
    fn row(&mut self, file: &str, row: usize, h: &Header, cells: &[&str]) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        // Columns with no name: empty header cells, and (in a workbook) cells after the header's last one.
        for i in h.unnamed.iter().copied().chain(h.width..cells.len()) {
            if let Some(v) = cells.get(i).filter(|v| !v.trim().is_empty()) {
                self.problems.push(Problem {
                    file: file.into(),
                    row,
                    column: format!("(column {})", i + 1),
                    value: v.to_string(),
                    reason: Reason::ValueWithoutColumn,
                });
            }
        }
        let c = Cells { index: &h.index, cells };
        let origin = (file.to_string(), row);
        match h.table {
            RegistryTable::Kampung => {
                let judged = kampung_row(file, row, &c, self.today);
                let column = ("village_code", c.raw("village_code"));
                let repeated = |_, (f, r): &(String, usize)| Reason::KampungRepeated { file: f.clone(), row: *r };
                match first(&mut self.villages, judged, origin, column, repeated) {
                    Ok(value) => self.rows.kampungs.push(FileRow { file: file.into(), row, value }),
                    Err(p) => self.problems.extend(p),
                }
            }
            RegistryTable::Reports => {
                let judged = report_row(file, row, &c, self.today);
                let column = ("month", c.raw("month"));
                let repeated = |(_, month): (RegionCode, YearMonth), (f, r): &(String, usize)| Reason::ReportRepeated {
                    month,
                    file: f.clone(),
                    row: *r,
                };
                match first(&mut self.months, judged, origin, column, repeated) {
                    Ok(value) => self.rows.reports.push(FileRow { file: file.into(), row, value }),
                    Err(p) => self.problems.extend(p),
                }
            }
        }
    }

    /// Reads a CSV file; its header tells which table it holds (one with `month` is `laporan.csv`, one with
    /// `launch_date` is `kampung.csv`).
    pub fn read_csv(&mut self, file: &str, bytes: &[u8]) {
        self.seen(file);
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return self.problems.push(whole(file, Reason::FileNotUtf8At { bytes: e.valid_up_to() }));
            }
        };
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut header: Option<Header> = None;
        let mut rec = csv::StringRecord::new();
        let mut row = 0usize;
        loop {
            match rdr.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    return self.problems.push(whole(file, Reason::FileUnreadable { row, detail: e.to_string() }));
                }
            }
            row += 1;
            // A cell the export quoted against spreadsheet formulas comes back as it was typed.
            let cells: Vec<&str> = rec.iter().map(crate::csv_safe::restore).collect();
            let Some(h) = header.as_ref() else {
                if cells.len() == 1 && cells[0].contains(';') {
                    return self.problems.push(whole(file, Reason::SemicolonHeader));
                }
                let Some(table) = RegistryTable::of_header(&cells) else {
                    return self.problems.push(whole(file, Reason::UnknownRegistryFile));
                };
                header = self.header(file, table, &cells);
                if header.is_none() {
                    return;
                }
                continue;
            };
            if cells.len() != h.width && !cells.iter().all(|c| c.trim().is_empty()) {
                self.problems.push(Problem {
                    file: file.into(),
                    row,
                    column: String::new(),
                    value: String::new(),
                    reason: Reason::RowWidth { cells: cells.len(), header: h.width },
                });
                continue;
            }
            self.row(file, row, h, &cells);
        }
        if row == 0 {
            self.problems.push(whole(file, Reason::FileEmpty));
        }
    }

    /// Reads the sheets `kampung` and `laporan` of a workbook (either or both); problems name the sheet. The
    /// workbook is first checked against [`crate::xlsx::LIMITS`] (a workbook beyond them is one problem, kept as
    /// [`RegistryReader::refused_workbook`] too), then each sheet is read as a stream of cells.
    pub fn read_xlsx(&mut self, file: &str, bytes: &[u8]) {
        use crate::xlsx::{LIMITS, SheetError};
        use calamine::Reader;
        self.seen(file);
        let mut book = match crate::xlsx::check_and_open(std::io::Cursor::new(bytes)) {
            Ok(b) => b,
            Err(e) => return self.refuse(file, e),
        };
        let names = book.sheet_names();
        let tables: Vec<RegistryTable> =
            RegistryTable::ALL.into_iter().filter(|t| names.iter().any(|n| n == t.sheet())).collect();
        if tables.is_empty() {
            return self.problems.push(whole(file, Reason::RegistrySheetsMissing { sheets: names }));
        }
        for table in tables {
            let sheet = table.sheet();
            self.seen(sheet);
            let mut header: Option<Option<(Header, Vec<String>)>> = None;
            let streamed = crate::xlsx::read_rows(&mut book, sheet, &LIMITS, &mut |row, cells| {
                let Some(h) = &header else {
                    let names: Vec<String> = cells.iter().map(|c| cell_text(c, false).unwrap_or_default()).collect();
                    let cells: Vec<&str> = names.iter().map(String::as_str).collect();
                    header = Some(self.header(sheet, table, &cells).map(|h| (h, names)));
                    return;
                };
                let Some((h, names)) = h else { return };
                let month_column = h.index.get("month").copied();
                let mut texts = Vec::with_capacity(cells.len().max(h.width));
                let mut bad = false;
                for (ci, c) in cells.iter().enumerate() {
                    match cell_text(c, Some(ci) == month_column) {
                        Ok(s) => texts.push(s),
                        Err(reason) => {
                            let column = names.get(ci).cloned().unwrap_or_default();
                            self.problems.push(Problem {
                                file: sheet.into(),
                                row,
                                column,
                                value: String::new(),
                                reason,
                            });
                            bad = true;
                            texts.push(String::new());
                        }
                    }
                }
                texts.resize(texts.len().max(h.width), String::new());
                if !bad {
                    let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
                    self.row(sheet, row, h, &cells);
                }
            });
            match streamed {
                Ok(()) if header.is_none() => self.problems.push(whole(sheet, Reason::SheetEmpty)),
                Ok(()) => {}
                Err(SheetError::Limit(e)) => return self.refuse(file, e),
                Err(SheetError::Unreadable(detail)) => {
                    self.problems.push(whole(sheet, Reason::SheetUnreadable { detail }));
                }
            }
        }
    }

    /// A workbook refused whole: one problem of the file, and the reason kept for [`RegistryReader::refused_workbook`].
    fn refuse(&mut self, file: &str, e: crate::xlsx::LimitError) {
        self.problems.push(whole(file, Reason::from(&e)));
        self.refused.get_or_insert(e);
    }

    /// The limit a workbook read went beyond, if one did (its problem is among the others too).
    pub fn refused_workbook(&self) -> Option<&crate::xlsx::LimitError> {
        self.refused.as_ref()
    }
}

/// The text of a workbook cell as a CSV file would have it; a date in the `month` column is its `YYYY-MM`.
fn cell_text(c: &calamine::Data, month: bool) -> Result<String, Reason> {
    use calamine::Data;
    Ok(match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            if !(1.0..=2_958_465.0).contains(&serial) {
                return Err(Reason::CellNotADate);
            }
            // Excel's day 0 is 1899-12-30 (after its 1900 leap-year bug); 25569 is 1970-01-01.
            let date = Date::from_days(serial.floor() as i32 - 25_569);
            if month { format!("{:04}-{:02}", date.year(), date.month()) } else { date.to_string() }
        }
        Data::DateTimeIso(s) => s.chars().take(if month { 7 } else { 10 }).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(Reason::CellError { detail: format!("{e:?}") }),
    })
}

/// A judged row, refused as well when its key repeats one seen before in any file: `seen` keeps where each key
/// first stood (file, row); a repeat is a problem at `column` (its name and the raw value), worded by `repeated`.
fn first<K: Copy + Eq + std::hash::Hash, T>(
    seen: &mut HashMap<K, (String, usize)>,
    (key, result): (Option<K>, Result<T, Vec<Problem>>),
    (file, row): (String, usize),
    (column, value): (&str, &str),
    repeated: impl FnOnce(K, &(String, usize)) -> Reason,
) -> Result<T, Vec<Problem>> {
    let dup = key.and_then(|key| match seen.entry(key) {
        Entry::Occupied(e) => Some(Problem {
            file: file.clone(),
            row,
            column: column.into(),
            value: value.into(),
            reason: repeated(key, e.get()),
        }),
        Entry::Vacant(e) => {
            e.insert((file, row));
            None
        }
    });
    match (result, dup) {
        (Ok(value), None) => Ok(value),
        (result, dup) => {
            let mut problems = result.err().unwrap_or_default();
            problems.extend(dup);
            Err(problems)
        }
    }
}
