//! CSV written for people to open in a spreadsheet program: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is read there as a formula and run (CSV injection, CWE-1236). Every CSV the application writes
//! goes through [`Writer`], which prefixes such a text cell with a single quote (OWASP's advice), so the program
//! shows it as text; numbers (`-3`, `-1.5`, `+2e3`) are left as they are, since they are not formulas and must stay
//! numbers.
//!
//! The prefix is reversible: [`restore`] removes exactly the quote [`neutralise`] added, so a file written by the
//! application and read back (the Kampung KB registry's export → edit → import) gives the same text. A cell that
//! already begins with quotes followed by a dangerous character gets one more quote, so that a text such as `'=x`
//! also comes back unchanged.

use std::borrow::Cow;
use std::io::Write;

/// Whether a character at the start of a cell makes a spreadsheet program read the cell as a formula.
fn dangerous(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether the cell is a plain decimal number (optional sign, digits with an optional fraction, an optional
/// exponent): such a cell is not a formula, and stays a number.
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    i += int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// The cell as it must be written to a CSV file: with a `'` in front when a spreadsheet program would otherwise run
/// it as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number), or when it
/// begins with quotes followed by such a character (so that [`restore`] is exact).
///
/// ```
/// use kkb_domain::csv_safe::{neutralise, restore};
/// assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(neutralise("-1.5"), "-1.5");
/// assert_eq!(neutralise("Kampung Maju"), "Kampung Maju");
/// assert_eq!(restore(&neutralise("+cmd")), "+cmd");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let rest = cell.trim_start_matches('\'');
    let quoted = rest.len() != cell.len();
    match rest.chars().next() {
        Some(c) if dangerous(c) && (quoted || !is_number(cell)) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Reverses [`neutralise`]: a cell of quotes followed by a dangerous character loses its first quote; any other
/// cell is unchanged.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').chars().next().is_some_and(dangerous) => rest,
        _ => cell,
    }
}

/// A CSV writer whose every cell passes through [`neutralise`]: the only way the application writes CSV.
pub struct Writer<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    /// A writer of RFC 4180 CSV (comma separated, quoted where needed) into `w`.
    pub fn from_writer(w: W) -> Writer<W> {
        Writer { inner: csv::Writer::from_writer(w) }
    }

    /// Writes one record.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for cell in record {
            self.inner.write_field(neutralise(cell.as_ref()).as_bytes())?;
        }
        // An empty record ends the one whose fields were just written.
        self.inner.write_record(std::iter::empty::<&[u8]>())
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, flushed.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

impl Writer<std::fs::File> {
    /// A writer into a new file at `path`.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> csv::Result<Writer<std::fs::File>> {
        Ok(Writer { inner: csv::Writer::from_path(path)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_get_a_quote_numbers_do_not() {
        for s in ["=1+1", "+cmd|' /C calc'!A0", "-x", "@SUM(A1)", "\tx", "\rx", "-", "+", "=", "-inf", "-NaN", "+-1"] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
        for s in ["-3", "-1.5", "+2", "1e5", "-2.5E-3", "-.5", "42", "", "Kampung", "'quoted", "17.01"] {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
        assert_eq!(neutralise("'=x"), "''=x");
        assert_eq!(neutralise("'-3"), "''-3");
    }

    #[test]
    fn the_writer_neutralises_every_cell() {
        let mut w = Writer::from_writer(Vec::new());
        w.write_record(["=HYPERLINK(\"http://evil\",\"x\")", "-3", "+cmd"]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-3,'+cmd\n");
    }

    proptest! {
        #[test]
        fn restore_reverses_neutralise(s in "['=+@\\-\t\ra-z0-9.]{0,8}") {
            let written = neutralise(&s);
            prop_assert_eq!(restore(&written), s.as_str());
        }

        #[test]
        fn a_written_cell_never_starts_a_formula(s in "\\PC{0,12}") {
            let n = neutralise(&s);
            prop_assert!(!n.starts_with(dangerous) || is_number(&n));
        }
    }
}
