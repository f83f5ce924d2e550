//! The words of the domain's problems: a [`Reason`] is the catalogue's message `problem-` + its code (hyphens
//! for underscores) with the reason's values as arguments; a [`Problem`] of an import file is said with its file,
//! row, column (by its label, the column's name in parentheses: the user needs it to find the column) and value.

use crate::Lang;
use kkb_domain::kampung::RegistryTable;
use kkb_domain::pk::{Problem, vocab};
use kkb_domain::problem::{Arg, Reason};

/// The catalogue key of a reason's code (`nik_length` → `problem-nik-length`).
pub fn message_key(code: &str) -> String {
    format!("problem-{}", code.replace('_', "-"))
}

/// The PK files' names (CSV files and workbook sheets); other files are the registry's.
const PK_FILES: [&str; 4] = ["keluarga.csv", "anggota.csv", "keluarga", "anggota"];

impl Lang {
    /// What is wrong, in words.
    pub fn reason(self, r: &Reason) -> String {
        self.tr(&message_key(r.code()), &r.args())
    }

    /// The label of a column of an import file (PK or registry, told apart by the file's name), if it has one.
    pub fn column_label(self, file: &str, column: &str) -> Option<&'static str> {
        let pk = || vocab::column(column).map(|c| c.label);
        let registry = || RegistryTable::ALL.into_iter().find_map(|t| t.column_label(column));
        let key = if PK_FILES.contains(&file) { pk().or_else(registry) } else { registry().or_else(pk) };
        key.map(|k| self.t(k))
    }

    /// A problem of an import file as one line: `anggota.csv baris 3, kolom Jenis kelamin (sex), nilai "3": …`.
    pub fn problem(self, p: &Problem) -> String {
        let mut place = Vec::new();
        match (p.file.is_empty(), p.row) {
            (true, _) => {}
            (false, 0) => place.push(p.file.clone()),
            (false, row) => {
                place.push(format!("{} {}", p.file, self.tr("problem-at-row", &[("row", Arg::Int(row as i64))])))
            }
        }
        if !p.column.is_empty() {
            let column = match self.column_label(&p.file, &p.column) {
                Some(label) => format!("{label} ({})", p.column),
                None => p.column.clone(),
            };
            place.push(self.tr("problem-at-column", &[("column", Arg::Text(column))]));
        }
        if !p.value.is_empty() {
            place.push(self.tr("problem-at-value", &[("value", Arg::Text(p.value.clone()))]));
        }
        if place.is_empty() {
            self.reason(&p.reason)
        } else {
            format!("{}: {}", place.join(", "), self.reason(&p.reason))
        }
    }
}

#[cfg(test)]
mod examples;
#[cfg(test)]
mod tests;
