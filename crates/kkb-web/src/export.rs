//! Tables as CSV and XLSX downloads. Figures read as the pages show them, with two decimals
//! ([`kkb_i18n::Lang::fig`]). In CSV, which programs read, a figure is rounded to two decimals and written with a dot
//! as the decimal mark, no thousands grouping and trailing zeros dropped (`72.22`, `55.1`, `40`; `-0` is `0`), so a
//! whole figure reads as the integer it is. In the workbook figures stay numbers at full precision under the `0.00`
//! format. Counts are integers in both.

use crate::AppError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Int(i64),
    /// A figure; `None` is an empty cell (not applicable or hidden).
    Num(Option<f64>),
}

/// A table to download.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Sheet title (also the first line of nothing: CSV has only the header and rows).
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// RFC 4180 CSV with a header row, UTF-8 with a BOM so that spreadsheet programs read it right; a text cell a
    /// spreadsheet program would run as a formula gets a leading `'` ([`kkb_domain::csv_safe`]).
    /// A row of another width than the header is a bug of the caller: refused (an internal error), never dropped.
    pub fn csv(&self) -> Result<Vec<u8>, AppError> {
        let err = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
        let mut w = kkb_domain::csv_safe::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(&self.headers).map_err(err)?;
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => s.clone(),
                    Cell::Int(n) => n.to_string(),
                    Cell::Num(Some(x)) => csv_number(*x),
                    Cell::Num(None) => String::new(),
                })
                .collect();
            w.write_record(&cells).map_err(err)?;
        }
        w.into_inner().map_err(|e| AppError::Internal(format!("csv: {e}")))
    }

    /// An XLSX workbook with one sheet, a bold frozen header and two-decimal figures.
    pub fn xlsx(&self) -> Result<Vec<u8>, AppError> {
        let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet();
        let name: String = self.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(if name.is_empty() { "data" } else { &name }).map_err(err)?;
        let bold = Format::new().set_bold();
        let fig = Format::new().set_num_format("0.00");
        for (c, h) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold).map_err(err)?;
            sheet.set_column_width(c as u16, if c == 1 { 32 } else { 14 }).map_err(err)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                    Cell::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Cell::Num(Some(x)) => sheet.write_number_with_format(r, c, *x, &fig).map(|_| ()),
                    Cell::Num(None) => Ok(()),
                }
                .map_err(err)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        wb.save_to_buffer().map_err(err)
    }

    /// The download response for `ext` (`csv` or `xlsx`).
    pub fn respond(&self, ext: &str, filename: &str) -> Result<Response, AppError> {
        let (body, mime) = match ext {
            "csv" => (self.csv()?, "text/csv; charset=utf-8"),
            "xlsx" => (self.xlsx()?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            _ => return Err(AppError::NotFound),
        };
        let disposition = format!("attachment; filename=\"{filename}.{ext}\"");
        Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
            .into_response())
    }
}

/// A figure for CSV: rounded to two decimals, a dot as the decimal mark, trailing zeros (and a bare dot) dropped.
fn csv_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            title: "Kabupaten/Kota".into(),
            headers: vec!["kode".into(), "nama".into(), "keluarga".into(), "ibangga".into()],
            rows: vec![
                vec![
                    Cell::Text("17.01".into()),
                    Cell::Text("Bengkulu, Selatan".into()),
                    Cell::Int(5),
                    Cell::Num(Some(55.123456)),
                ],
                vec![Cell::Text("17.02".into()), Cell::Text("Rejang Lebong".into()), Cell::Int(0), Cell::Num(None)],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_rounds_as_shown() {
        let csv = String::from_utf8(table().csv().unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("17.01,\"Bengkulu, Selatan\",5,55.12\n"), "{csv}");
        assert!(csv.contains("17.02,Rejang Lebong,0,\n"));
    }

    #[test]
    fn csv_numbers_have_two_decimals_at_most() {
        let cases = [
            (72.22222222222223, "72.22"),
            (55.125_000_1, "55.13"),
            (55.1, "55.1"),
            (40.0, "40"),
            (0.004, "0"),
            (-0.001, "0"),
            (-3.456, "-3.46"),
            (1234567.891, "1234567.89"),
            (99.999, "100"),
        ];
        for (x, want) in cases {
            assert_eq!(csv_number(x), want, "{x}");
        }
        let t = Table {
            headers: vec!["cpr".into(), "n".into()],
            rows: vec![vec![Cell::Num(Some(650.0 / 9.0)), Cell::Int(7)]],
            ..Table::default()
        };
        let csv = String::from_utf8(t.csv().unwrap()).unwrap();
        assert!(csv.ends_with("cpr,n\n72.22,7\n") && !csv.contains("72.2222"), "{csv:?}");
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = table().xlsx().unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
