//! [`check`]: a workbook's archive and parts against the [`Limits`], before anything else reads them.

use super::scan::{Event, Stop, attr, scan};
use super::{LimitError, Limits, column_letters};
use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use zip::ZipArchive;

/// Which limit a counting reader went past.
#[derive(Debug, Clone, Copy)]
enum Over {
    Part,
    Total,
}

impl std::fmt::Display for Over {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("inflated size limit")
    }
}

impl std::error::Error for Over {}

/// Inflated bytes, counted as they are read: reading fails as soon as the part's limit or the workbook's is
/// passed, whatever the part's size header says.
struct Counted<'a, R> {
    inner: R,
    read: u64,
    limit: &'a Cell<u64>,
    total: &'a Cell<u64>,
    total_limit: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.total.set(self.total.get() + n as u64);
        if self.read > self.limit.get() {
            return Err(std::io::Error::other(Over::Part));
        }
        if self.total.get() > self.total_limit {
            return Err(std::io::Error::other(Over::Total));
        }
        Ok(n)
    }
}

fn damaged(e: impl std::fmt::Display) -> LimitError {
    LimitError::Damaged(e.to_string())
}

fn u16_at(b: &[u8], i: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[i], b[i + 1]]))
}

fn u32_at(b: &[u8], i: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]))
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(x)
}

/// Checks every end-of-central-directory record in the archive's tail (and its ZIP64 record) before the ZIP
/// reader sizes anything from them: the number of entries and the directory's size.
fn end_records<R: Read + Seek>(input: &mut R, limits: &Limits) -> Result<(), LimitError> {
    let len = input.seek(SeekFrom::End(0)).map_err(damaged)?;
    if len < 22 {
        return Err(LimitError::NotZip);
    }
    let tail_len = len.min(65_535 + 22 + 20);
    input.seek(SeekFrom::Start(len - tail_len)).map_err(damaged)?;
    let mut tail = vec![0u8; tail_len as usize];
    input.read_exact(&mut tail).map_err(damaged)?;
    let mut found = false;
    for p in (0..=tail.len() - 22).rev().filter(|p| tail[*p..*p + 4] == *b"PK\x05\x06") {
        found = true;
        let (mut entries, mut size) = (u16_at(&tail, p + 10), u32_at(&tail, p + 12));
        if (entries == 0xFFFF || size == 0xFFFF_FFFF || u32_at(&tail, p + 16) == 0xFFFF_FFFF)
            && p >= 20
            && tail[p - 20..p - 16] == *b"PK\x06\x07"
        {
            let at = u64_at(&tail, p - 12);
            let mut record = [0u8; 56];
            if at.checked_add(56).is_some_and(|end| end <= len)
                && input.seek(SeekFrom::Start(at)).is_ok()
                && input.read_exact(&mut record).is_ok()
                && record[..4] == *b"PK\x06\x06"
            {
                (entries, size) = (u64_at(&record, 32), u64_at(&record, 40));
            }
        }
        if entries > limits.entries {
            return Err(LimitError::Entries { found: entries, max: limits.entries });
        }
        if size > limits.directory_bytes {
            return Err(LimitError::PartBytes { part: "(central directory)".into(), max: limits.directory_bytes });
        }
    }
    if found { Ok(()) } else { Err(LimitError::NotZip) }
}

/// A cell reference (`XFD1048576`) as its 0-based (row, column), with saturating arithmetic (a reference too long
/// to count is beyond every limit); `None` when it is not one (the reader refuses it later).
fn cell_ref(r: &[u8]) -> Option<(u64, Option<u64>)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (letters, digits) = r.split_at(letters);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = letters
        .iter()
        .fold(0u64, |acc, b| acc.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1));
    let row = digits.iter().fold(0u64, |acc, b| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')));
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

/// What the first pass learns of the workbook.
#[derive(Default)]
struct Book {
    /// Entries whose root element is a worksheet, scanned in the second pass.
    worksheets: Vec<usize>,
    /// Sheet names by relationship id (workbook.xml).
    sheets: Vec<(String, String)>,
    /// Relationship targets by id (the workbook's relationships).
    targets: HashMap<String, String>,
    /// Cells read so far, in all sheets.
    cells: u64,
}

impl Book {
    /// The sheet name of a worksheet part, for messages (the part's name if unknown).
    fn sheet_name(&self, part: &str) -> String {
        let target_of = |id: &str| {
            self.targets.get(id).map(|t| match t.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{t}"),
            })
        };
        self.sheets
            .iter()
            .find(|(_, id)| target_of(id).is_some_and(|t| t.eq_ignore_ascii_case(part)))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| part.to_string())
    }
}

fn unescape(b: &[u8]) -> String {
    String::from_utf8_lossy(b).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

/// Checks a workbook against `limits` without building anything from what it declares: see the module comment of
/// [`super`]. The input is left at an unspecified position.
pub fn check<R: Read + Seek>(input: &mut R, limits: &Limits) -> Result<(), LimitError> {
    end_records(input, limits)?;
    input.rewind().map_err(damaged)?;
    let mut zip = ZipArchive::new(&mut *input).map_err(|e| match e {
        zip::result::ZipError::InvalidArchive(_) => LimitError::NotZip,
        e => damaged(e),
    })?;
    if zip.len() as u64 > limits.entries {
        return Err(LimitError::Entries { found: zip.len() as u64, max: limits.entries });
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(damaged)?;
        if f.size() > limits.sheet_bytes {
            return Err(LimitError::PartBytes {
                part: f.name().map(|n| n.to_string()).unwrap_or_default(),
                max: limits.sheet_bytes,
            });
        }
        declared = declared.saturating_add(f.size());
        if declared > limits.total_bytes {
            return Err(LimitError::TotalBytes { max: limits.total_bytes });
        }
    }
    let total = Cell::new(0u64);
    let mut book = Book::default();
    for i in 0..zip.len() {
        part(&mut zip, i, limits, &total, &mut book, false)?;
    }
    let sheets = std::mem::take(&mut book.worksheets);
    for i in sheets {
        part(&mut zip, i, limits, &total, &mut book, true)?;
    }
    Ok(())
}

/// What the root element says a part is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unknown,
    Worksheet,
    Strings,
    Styles,
    Workbook,
    Relationships,
    Other,
}

/// Reads one part through a counting reader: a binary part just counted, an XML part scanned by its kind. In the
/// first pass a worksheet is only noted (its sheet name needs the workbook, read in the same pass); in the second
/// pass (`sheet`) it is scanned.
fn part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    i: usize,
    limits: &Limits,
    total: &Cell<u64>,
    book: &mut Book,
    sheet: bool,
) -> Result<(), LimitError> {
    let f = zip.by_index(i).map_err(damaged)?;
    if f.is_dir() {
        return Ok(());
    }
    let name = f.name().map(|n| n.to_string()).unwrap_or_default();
    let limit = Cell::new(limits.sheet_bytes);
    let mut counted = Counted { inner: f, read: 0, limit: &limit, total, total_limit: limits.total_bytes };
    let over = |e: std::io::Error, name: &str, limit: u64| match e.get_ref().and_then(|x| x.downcast_ref::<Over>()) {
        Some(Over::Part) => LimitError::PartBytes { part: name.to_string(), max: limit },
        Some(Over::Total) => LimitError::TotalBytes { max: limits.total_bytes },
        // The ZIP reader stops a part at its declared size itself (zip's Crc32Reader); its message is the sign.
        None if e.to_string().contains("larger than its declared") => LimitError::Lying { part: name.to_string() },
        None => damaged(e),
    };
    let mut head = Vec::with_capacity(512);
    (&mut counted).take(512).read_to_end(&mut head).map_err(|e| over(e, &name, limit.get()))?;
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let start = start.trim_ascii_start();
    let xml = start.first() == Some(&b'<') && start.get(1).is_some_and(|b| *b != 0);
    if !xml {
        // Not UTF-8 XML (an image, or XML in UTF-16): counted only, and small enough for a parser to hold whole.
        limit.set(limits.part_bytes);
        std::io::copy(&mut counted, &mut std::io::sink()).map_err(|e| over(e, &name, limit.get()))?;
        return Ok(());
    }
    let mut kind = Kind::Unknown;
    let mut failed: Option<LimitError> = None;
    let mut sheet_scan = SheetScan::new(if sheet { book.sheet_name(&name) } else { String::new() });
    let (mut count, mut text) = (0u64, 0u64);
    let workbook_rels = name.to_ascii_lowercase().ends_with("workbook.xml.rels");
    let mut on = |e: Event<'_>| -> bool {
        if kind == Kind::Unknown
            && let Event::Start { name: root, .. } = e
        {
            kind = match root {
                b"worksheet" => Kind::Worksheet,
                b"sst" => Kind::Strings,
                b"styleSheet" => Kind::Styles,
                b"workbook" => Kind::Workbook,
                b"Relationships" => Kind::Relationships,
                _ => Kind::Other,
            };
            limit.set(match kind {
                Kind::Worksheet => limits.sheet_bytes,
                Kind::Strings => limits.strings_bytes,
                _ => limits.part_bytes,
            });
            if kind == Kind::Worksheet && !sheet {
                book.worksheets.push(i);
                return false;
            }
        }
        let result = match kind {
            Kind::Worksheet => sheet_scan.event(&e, limits, &mut book.cells),
            Kind::Strings => strings(&e, limits, (&mut count, &mut text), &name),
            Kind::Styles => match e {
                Event::Start { .. } => {
                    count += 1;
                    if count > limits.styles { Err(LimitError::Styles { max: limits.styles }) } else { Ok(()) }
                }
                _ => Ok(()),
            },
            // Every sheet is counted (the message gives the number), the first ones named.
            Kind::Workbook => match e {
                Event::Start { name: b"sheet", attrs } => {
                    count += 1;
                    if count <= limits.sheets {
                        let id = attr(attrs, b"id").map(unescape).unwrap_or_default();
                        book.sheets.push((attr(attrs, b"name").map(unescape).unwrap_or_default(), id));
                    }
                    Ok(())
                }
                Event::End { name: b"workbook" } if count > limits.sheets => {
                    Err(LimitError::Sheets { found: count, max: limits.sheets })
                }
                _ => Ok(()),
            },
            Kind::Relationships => {
                if let Event::Start { name: b"Relationship", attrs } = e
                    && workbook_rels
                    && book.targets.len() < limits.entries as usize
                {
                    let id = attr(attrs, b"Id").map(unescape).unwrap_or_default();
                    book.targets.insert(id, attr(attrs, b"Target").map(unescape).unwrap_or_default());
                }
                Ok(())
            }
            Kind::Unknown | Kind::Other => Ok(()),
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    };
    let scanned = scan(std::io::Cursor::new(&head).chain(&mut counted), limits.token_bytes, &mut on);
    match scanned {
        Ok(()) => Ok(()),
        Err(Stop::Consumer) => failed.map_or(Ok(()), Err),
        Err(Stop::TooLong) => Err(LimitError::Token { part: name, max: limits.token_bytes }),
        Err(Stop::Malformed(what)) => Err(damaged(format!("{name}: {what}"))),
        Err(Stop::Io(e)) => Err(over(e, &name, limit.get())),
    }
}

/// The shared-string table: its declared counts (calamine reserves room for them), its entries, the text of each.
fn strings(e: &Event<'_>, limits: &Limits, (count, text): (&mut u64, &mut u64), part: &str) -> Result<(), LimitError> {
    let too_many = Err(LimitError::Strings { max: limits.strings });
    match e {
        Event::Start { name: b"sst", attrs } => {
            for key in [&b"count"[..], b"uniqueCount"] {
                let declared = attr(attrs, key).and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok());
                if declared.is_some_and(|n| n > limits.strings) {
                    return too_many;
                }
            }
        }
        Event::Start { name: b"si", .. } => {
            *count += 1;
            *text = 0;
            if *count > limits.strings {
                return too_many;
            }
        }
        Event::Text(n) => {
            *text += n;
            if *text > limits.token_bytes {
                return Err(LimitError::Token { part: part.to_string(), max: limits.token_bytes });
            }
        }
        _ => {}
    }
    Ok(())
}

/// A worksheet as calamine's cell reader will walk it: the declared dimension, and each cell's place (its `r`, or
/// the running row and column when it has none), the number of cells and the text inside each.
struct SheetScan {
    sheet: String,
    row: u64,
    col: u64,
    cells: u64,
    in_cell: bool,
    text: u64,
}

impl SheetScan {
    fn new(sheet: String) -> SheetScan {
        SheetScan { sheet, row: 0, col: 0, cells: 0, in_cell: false, text: 0 }
    }

    fn outside(&self, limits: &Limits, row: u64, col: u64) -> bool {
        row >= limits.rows || col >= limits.columns
    }

    fn event(&mut self, e: &Event<'_>, limits: &Limits, book_cells: &mut u64) -> Result<(), LimitError> {
        match e {
            Event::Start { name: b"dimension", attrs } => {
                let range = attr(attrs, b"ref").unwrap_or_default();
                let last = range.split(|b| *b == b':').next_back().unwrap_or_default();
                if let Some((row, col)) = cell_ref(last)
                    && self.outside(limits, row, col.unwrap_or(0))
                {
                    return Err(LimitError::Dimension {
                        sheet: self.sheet.clone(),
                        range: unescape(range),
                        rows: limits.rows,
                        columns: limits.columns,
                    });
                }
            }
            Event::Start { name: b"row", attrs } => {
                if let Some((row, _)) = attr(attrs, b"r").and_then(cell_ref) {
                    self.row = row;
                }
            }
            Event::End { name: b"row" } => {
                self.row = self.row.saturating_add(1);
                self.col = 0;
            }
            Event::Start { name: b"c", attrs } => {
                let (row, col) = match attr(attrs, b"r").and_then(cell_ref) {
                    Some((row, Some(col))) => {
                        self.col = col;
                        (row, col)
                    }
                    _ => (self.row, self.col),
                };
                if self.outside(limits, row, col) {
                    return Err(LimitError::CellPlace {
                        sheet: self.sheet.clone(),
                        cell: format!("{}{}", column_letters(col.min(1 << 40)), row.saturating_add(1)),
                        rows: limits.rows,
                        columns: limits.columns,
                    });
                }
                self.cells += 1;
                *book_cells += 1;
                if self.cells > limits.sheet_cells {
                    return Err(LimitError::Cells { sheet: self.sheet.clone(), max: limits.sheet_cells });
                }
                if *book_cells > limits.cells {
                    return Err(LimitError::Cells { sheet: String::new(), max: limits.cells });
                }
                self.col = self.col.saturating_add(1);
                self.in_cell = true;
                self.text = 0;
            }
            Event::End { name: b"c" } => self.in_cell = false,
            Event::Text(n) if self.in_cell => {
                self.text += n;
                if self.text > limits.token_bytes {
                    return Err(LimitError::Token { part: self.sheet.clone(), max: limits.token_bytes });
                }
            }
            _ => {}
        }
        Ok(())
    }
}
