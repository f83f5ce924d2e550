//! Reading uploaded workbooks safely. An XLSX file is a ZIP archive of XML parts, and a few kilobytes can declare
//! anything: a sheet whose range reaches cell XFD1048576 (calamine's `worksheet_range` then allocates the whole
//! grid, 12 GB), a part that inflates to gigabytes (a zip bomb), thousands of sheets, a shared-string table of
//! millions of entries. So a workbook is read in two steps:
//!
//! 1. [`check`] looks at the archive before anything else reads it: the end record's entry count, then every
//!    entry's declared and actual inflated size (counted while inflating, so a lying size header cannot make it
//!    read more), and, in one streaming pass over each XML part that keeps at most one tag in memory, the number
//!    of sheets, shared strings and style records, the longest text or tag (what an XML parser buffers), and each
//!    sheet's declared dimension, number of cells and the place of every cell, all against [`LIMITS`].
//! 2. [`read_rows`] then reads a sheet as a stream of cells (calamine's cell reader), placing each cell by its own
//!    row and column and never allocating from the declared dimension; it checks the same limits again.
//!
//! Memory is then bounded by the limits (about 150 MiB for the shared strings and styles of the largest accepted
//! workbook), not by what the file claims. The limits fit the real files with room to spare; a workbook beyond
//! them is refused with a [`LimitError`] that says which limit, the value and what to do (split the file, or
//! upload the CSV files, which are read as a stream of any length).

mod guard;
mod scan;
#[cfg(test)]
mod tests;

pub use guard::check;

use calamine::{Data, Reader, Xlsx};
use std::io::{Read, Seek};

/// What a workbook may hold; see [`LIMITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries (parts) of the archive.
    pub entries: u64,
    /// Bytes of the archive's central directory.
    pub directory_bytes: u64,
    /// Inflated bytes of all parts together.
    pub total_bytes: u64,
    /// Inflated bytes of one worksheet.
    pub sheet_bytes: u64,
    /// Inflated bytes of the shared-string table.
    pub strings_bytes: u64,
    /// Inflated bytes of any other part (workbook, styles, relationships, theme, images).
    pub part_bytes: u64,
    /// Sheets of the workbook.
    pub sheets: u64,
    /// Entries of the shared-string table.
    pub strings: u64,
    /// Elements of the style sheet.
    pub styles: u64,
    /// Rows of a sheet (the last row a cell may be on, counting from 1).
    pub rows: u64,
    /// Columns of a sheet (the last column a cell may be in: 64 is column BL).
    pub columns: u64,
    /// Cells of one sheet.
    pub sheet_cells: u64,
    /// Cells of the whole workbook.
    pub cells: u64,
    /// Bytes of one tag, one run of text, or the text of one cell or shared string: what an XML parser holds at
    /// once.
    pub token_bytes: u64,
}

/// The limits every workbook is read with, in one place.
///
/// Sized from the largest real upload: one Bengkulu kabupaten's PK round, about 75,000 families (sheet `keluarga`,
/// 31 columns: 2.3 million cells) and 250,000 members (sheet `anggota`, 13 columns: 3.3 million cells). Written
/// with inline strings (openpyxl, measured on `kampungkb generate --families 75000`), its sheets inflate to 75 and
/// 134 MB of XML (21 MB compressed); with a shared-string table (Excel) the sheets are smaller and the table
/// (names, NIKs, KK numbers, family ids: about 650,000 strings) about 25 MB. A Kampung KB registry workbook is far
/// smaller. Each limit leaves two to four
/// times that room; a whole province does not fit in a workbook anyway (Excel stops at 1,048,576 rows) and goes
/// through the CSV files. The byte limits of the parts that are read whole into memory (shared strings, styles,
/// the rest) bound the memory of a read; the sheets themselves are streamed.
pub const LIMITS: Limits = Limits {
    entries: 1_000,
    directory_bytes: 1 << 20,
    total_bytes: 1 << 30,
    sheet_bytes: 512 << 20,
    strings_bytes: 64 << 20,
    part_bytes: 16 << 20,
    sheets: 32,
    strings: 1_500_000,
    styles: 100_000,
    rows: 1_000_000,
    columns: 64,
    sheet_cells: 8_000_000,
    cells: 16_000_000,
    token_bytes: 1 << 20,
};

/// Why a workbook is not read: a limit of [`Limits`] it goes beyond, or an archive that cannot be a workbook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Not a ZIP archive (an .xlsx file is one).
    #[error("not a readable .xlsx workbook (not a ZIP archive): save it as \"Excel Workbook (.xlsx)\" or upload CSV")]
    NotZip,
    /// The archive is damaged or uses what a workbook never does (encryption, another compression, UTF-16 XML, a
    /// document type declaration).
    #[error(
        "not a readable .xlsx workbook ({0}): open it in a spreadsheet program and save it again as .xlsx, or upload CSV"
    )]
    Damaged(String),
    /// Too many entries in the archive.
    #[error("the workbook has {found} parts; at most {max} are read: save it again as a plain .xlsx or upload CSV")]
    Entries {
        /// Entries declared.
        found: u64,
        /// [`Limits::entries`].
        max: u64,
    },
    /// One part inflates to more than its limit.
    #[error("part {part} of the workbook inflates to more than {max} bytes: split the file or upload CSV")]
    PartBytes {
        /// The part's name in the archive.
        part: String,
        /// Its limit.
        max: u64,
    },
    /// A part inflates to more than its header declares: a damaged file, or one made to mislead a reader that
    /// sizes its buffers from the header.
    #[error(
        "part {part} of the workbook is larger than its header declares: save the file again from a spreadsheet program, or upload CSV"
    )]
    Lying {
        /// The part's name in the archive.
        part: String,
    },
    /// All parts together inflate to more than [`Limits::total_bytes`].
    #[error("the workbook inflates to more than {max} bytes: split the file or upload CSV")]
    TotalBytes {
        /// [`Limits::total_bytes`].
        max: u64,
    },
    /// Too many sheets.
    #[error("the workbook has {found} sheets; at most {max} are read: delete the sheets not needed or upload CSV")]
    Sheets {
        /// Sheets found.
        found: u64,
        /// [`Limits::sheets`].
        max: u64,
    },
    /// Too many shared strings.
    #[error("the workbook has more than {max} different texts: split the file or upload CSV")]
    Strings {
        /// [`Limits::strings`].
        max: u64,
    },
    /// Too many style records.
    #[error("the workbook has more than {max} formatting records: copy the data into a new workbook or upload CSV")]
    Styles {
        /// [`Limits::styles`].
        max: u64,
    },
    /// A sheet declares a range beyond the rows or columns read.
    #[error(
        "sheet {sheet} declares the range {range}, beyond {rows} rows and {columns} columns: delete the empty rows and columns after the data, split the file, or upload CSV"
    )]
    Dimension {
        /// The sheet.
        sheet: String,
        /// The declared range (`A1:XFD1048576`).
        range: String,
        /// [`Limits::rows`].
        rows: u64,
        /// [`Limits::columns`].
        columns: u64,
    },
    /// A cell lies beyond the rows or columns read.
    #[error(
        "sheet {sheet} has a cell at {cell}, beyond {rows} rows and {columns} columns: delete what is after the data, split the file, or upload CSV"
    )]
    CellPlace {
        /// The sheet.
        sheet: String,
        /// The cell (`XFD1048576`).
        cell: String,
        /// [`Limits::rows`].
        rows: u64,
        /// [`Limits::columns`].
        columns: u64,
    },
    /// Too many cells in one sheet or in the workbook.
    #[error("sheet {sheet} has more than {max} cells: split the file or upload CSV")]
    Cells {
        /// The sheet (empty: the whole workbook).
        sheet: String,
        /// The limit.
        max: u64,
    },
    /// One tag, text or cell is longer than [`Limits::token_bytes`].
    #[error("part {part} of the workbook holds a text or tag longer than {max} bytes: shorten it or upload CSV")]
    Token {
        /// The part's name in the archive.
        part: String,
        /// [`Limits::token_bytes`].
        max: u64,
    },
    /// A sheet's rows are not in order (every spreadsheet program writes them in order).
    #[error(
        "sheet {sheet} lists its rows out of order: open it in a spreadsheet program and save it again, or upload CSV"
    )]
    Unordered {
        /// The sheet.
        sheet: String,
    },
}

impl From<&LimitError> for crate::problem::Reason {
    fn from(e: &LimitError) -> crate::problem::Reason {
        use crate::problem::Reason as R;
        match e.clone() {
            LimitError::NotZip => R::WorkbookNotZip,
            LimitError::Damaged(detail) => R::WorkbookDamaged { detail },
            LimitError::Entries { found, max } => R::WorkbookEntries { value: found, max },
            LimitError::PartBytes { part, max } => R::WorkbookPartBytes { part, max },
            LimitError::Lying { part } => R::WorkbookLying { part },
            LimitError::TotalBytes { max } => R::WorkbookTotalBytes { max },
            LimitError::Sheets { found, max } => R::WorkbookSheets { value: found, max },
            LimitError::Strings { max } => R::WorkbookStrings { max },
            LimitError::Styles { max } => R::WorkbookStyles { max },
            LimitError::Dimension { sheet, range, rows, columns } => {
                R::WorkbookDimension { sheet, range, rows, columns }
            }
            LimitError::CellPlace { sheet, cell, rows, columns } => R::WorkbookCellPlace { sheet, cell, rows, columns },
            LimitError::Cells { sheet, max } if sheet.is_empty() => R::WorkbookCellsBook { max },
            LimitError::Cells { sheet, max } => R::WorkbookCells { sheet, max },
            LimitError::Token { part, max } => R::WorkbookToken { part, max },
            LimitError::Unordered { sheet } => R::WorkbookUnordered { sheet },
        }
    }
}

/// Why a sheet could not be streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// Beyond a limit.
    Limit(LimitError),
    /// The sheet's XML cannot be read (calamine's message).
    Unreadable(String),
}

/// A column number (0 = A) as its letters.
pub fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the rows of a sheet of a workbook that [`check`] has passed: `each` gets the 1-based number of every
/// row holding a non-empty cell and its cells by column (A = index 0; a row is as long as its last cell reaches).
/// Cells are placed by their own row and column; rows must come in order.
pub fn read_rows<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    sheet: &str,
    limits: &Limits,
    each: &mut dyn FnMut(usize, &[Data]),
) -> Result<(), SheetError> {
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let place = |row: u64, col: u64| LimitError::CellPlace {
        sheet: sheet.to_string(),
        cell: format!("{}{}", column_letters(col), row + 1),
        rows: limits.rows,
        columns: limits.columns,
    };
    let mut cells: Vec<Data> = Vec::new();
    let mut current: Option<u32> = None;
    let mut count = 0u64;
    let flush = |row: u32, cells: &[Data], each: &mut dyn FnMut(usize, &[Data])| {
        if cells.iter().any(|c| *c != Data::Empty) {
            each(row as usize + 1, cells);
        }
    };
    while let Some(cell) = reader.next_cell().map_err(|e| SheetError::Unreadable(e.to_string()))? {
        let (row, col) = cell.get_position();
        count += 1;
        if count > limits.sheet_cells {
            return Err(SheetError::Limit(LimitError::Cells { sheet: sheet.to_string(), max: limits.sheet_cells }));
        }
        if u64::from(row) >= limits.rows || u64::from(col) >= limits.columns {
            return Err(SheetError::Limit(place(row.into(), col.into())));
        }
        match current {
            Some(r) if row < r => {
                return Err(SheetError::Limit(LimitError::Unordered { sheet: sheet.to_string() }));
            }
            Some(r) if row > r => {
                flush(r, &cells, each);
                cells.clear();
                current = Some(row);
            }
            Some(_) => {}
            None => current = Some(row),
        }
        let col = col as usize;
        if col >= cells.len() {
            cells.resize(col + 1, Data::Empty);
        }
        cells[col] = Data::from(cell.get_value().clone());
    }
    if let Some(r) = current {
        flush(r, &cells, each);
    }
    Ok(())
}

/// Opens a workbook [`check`] has passed (rewinding the input first).
pub fn open<RS: Read + Seek>(mut input: RS) -> Result<Xlsx<RS>, LimitError> {
    input.rewind().map_err(|e| LimitError::Damaged(e.to_string()))?;
    Xlsx::new(input).map_err(|e| LimitError::Damaged(e.to_string()))
}

/// Checks a workbook against [`LIMITS`] and opens it.
pub fn check_and_open<RS: Read + Seek>(mut input: RS) -> Result<Xlsx<RS>, LimitError> {
    check(&mut input, &LIMITS)?;
    let book = open(input)?;
    let sheets = book.sheet_names().len() as u64;
    if sheets > LIMITS.sheets {
        return Err(LimitError::Sheets { found: sheets, max: LIMITS.sheets });
    }
    Ok(book)
}
