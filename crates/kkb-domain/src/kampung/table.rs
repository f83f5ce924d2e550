//! The registry's files (docs/kampung-import.md): `kampung.csv`, one row per Kampung KB, and `laporan.csv`, one
//! row per monthly KB report, or the same tables as sheets `kampung` and `laporan` of an `.xlsx` workbook.
//!
//! Reading applies the forms' own rules ([`KampungRecord::validate`], [`MonthlyReportForm::parse`]) to every row
//! and collects every problem with its file, row (the header is row 1), column and value as given, so a file is
//! judged exactly as the same values typed into the forms would be. Writing produces exactly what reading accepts,
//! so an export re-imports unchanged. Whether a village is in the region table and whether a report's village has
//! a Kampung KB are the store's checks: they need the region table and the stored registry.

use super::{
    AreaCriterion, ContraceptiveMethod, ContraceptiveUsers, Decree, FieldProblem, KampungRecord, Location,
    MainCriterion, ModelFlags, MonthlyReport, MonthlyReportForm, NotUsingReason, Participants, Program, PusNotUsing,
    RegulationType, SelectionCriteria, SpecialCriterion, YearMonth,
};
use crate::date::Date;
use crate::pk::Problem;
use crate::problem::Reason;
use crate::region::{Level, RegionCode};
use std::collections::{BTreeSet, HashMap};

mod read;
#[cfg(test)]
mod tests;
mod write;

pub use read::RegistryReader;
pub use write::RegistrySheet;

/// One of the two registry tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryTable {
    /// `kampung.csv`: the Kampung KB records.
    Kampung,
    /// `laporan.csv`: the monthly KB reports.
    Reports,
}

/// The columns of `kampung.csv`, in the order they are written.
pub const KAMPUNG_COLUMNS: &[&str] = &[
    "village_code",
    "name",
    "launch_date",
    "decree_number",
    "decree_date",
    "regulation_type",
    "rws",
    "description",
    "lat",
    "lng",
    "criteria_utama",
    "criteria_wilayah",
    "criteria_khusus",
    "active",
    "model_kabupaten",
    "model_provinsi",
];

/// The columns of `laporan.csv`, in the order they are written.
pub const REPORT_COLUMNS: &[&str] = &[
    "village_code",
    "month",
    "pus",
    "mow",
    "mop",
    "iud",
    "implan",
    "suntik",
    "pil",
    "kondom",
    "hamil",
    "ingin_anak_segera",
    "iat",
    "tial",
    "bkb",
    "bkr",
    "bkl",
    "uppka",
    "pik_r",
];

/// The catalogue keys of the labels of the columns that are not a vocabulary value.
const COLUMN_LABELS: &[(&str, &str)] = &[
    ("village_code", "registry-column-village_code"),
    ("name", "registry-column-name"),
    ("launch_date", "registry-column-launch_date"),
    ("decree_number", "registry-column-decree_number"),
    ("decree_date", "registry-column-decree_date"),
    ("regulation_type", "registry-column-regulation_type"),
    ("rws", "registry-column-rws"),
    ("description", "registry-column-description"),
    ("lat", "registry-column-lat"),
    ("lng", "registry-column-lng"),
    ("criteria_utama", "registry-column-criteria_utama"),
    ("criteria_wilayah", "registry-column-criteria_wilayah"),
    ("criteria_khusus", "registry-column-criteria_khusus"),
    ("active", "registry-column-active"),
    ("model_kabupaten", "registry-column-model_kabupaten"),
    ("model_provinsi", "registry-column-model_provinsi"),
    ("month", "registry-column-month"),
    ("pus", "registry-column-pus"),
];

impl RegistryTable {
    /// Both tables.
    pub const ALL: [RegistryTable; 2] = [RegistryTable::Kampung, RegistryTable::Reports];

    /// The file name of the CSV form.
    pub fn file_name(self) -> &'static str {
        match self {
            RegistryTable::Kampung => "kampung.csv",
            RegistryTable::Reports => "laporan.csv",
        }
    }

    /// The sheet name of the workbook form.
    pub fn sheet(self) -> &'static str {
        match self {
            RegistryTable::Kampung => "kampung",
            RegistryTable::Reports => "laporan",
        }
    }

    /// Every column, in the order they are written.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            RegistryTable::Kampung => KAMPUNG_COLUMNS,
            RegistryTable::Reports => REPORT_COLUMNS,
        }
    }

    /// The columns a file must have; the others may be left out (their cells count as empty).
    pub fn required(self) -> &'static [&'static str] {
        match self {
            RegistryTable::Kampung => &["village_code", "name", "launch_date", "active"],
            RegistryTable::Reports => &["village_code", "month", "pus"],
        }
    }

    /// Whether a column holds numbers (written as numbers in a workbook).
    pub fn is_number(self, column: &str) -> bool {
        match self {
            RegistryTable::Kampung => {
                matches!(column, "lat" | "lng" | "active" | "model_kabupaten" | "model_provinsi")
            }
            RegistryTable::Reports => !matches!(column, "village_code" | "month"),
        }
    }

    /// The table whose header this is: one with `month` is a report file, one with `launch_date` a registry file.
    pub fn of_header(header: &[&str]) -> Option<RegistryTable> {
        let has = |c: &str| header.iter().any(|h| h.trim() == c);
        if has("month") {
            Some(RegistryTable::Reports)
        } else if has("launch_date") {
            Some(RegistryTable::Kampung)
        } else {
            None
        }
    }

    /// The catalogue key of a column's label: the words of its vocabulary value where the column is one (`pil`,
    /// `hamil`, `bkb`), else its own; `None` for a column the table does not have.
    pub fn column_label(self, column: &str) -> Option<&'static str> {
        if !self.columns().contains(&column) {
            return None;
        }
        let value = ContraceptiveMethod::from_id(column)
            .map(ContraceptiveMethod::label)
            .or_else(|| NotUsingReason::from_id(column).map(NotUsingReason::label))
            .or_else(|| Program::from_id(column).map(Program::label));
        value.or_else(|| COLUMN_LABELS.iter().find(|(c, _)| *c == column).map(|(_, key)| *key))
    }

    /// The column of a form field (a [`FieldProblem::field`] of a record or report of this table).
    pub fn column_of(self, field: &str) -> &'static str {
        let head = field.split('.').next().unwrap_or(field);
        let tail = field.rsplit('.').next().unwrap_or(field);
        match (self, head) {
            (_, "village") => "village_code",
            (RegistryTable::Kampung, "decree") => {
                if tail == "date" {
                    "decree_date"
                } else if tail == "regulation_type" {
                    "regulation_type"
                } else {
                    "decree_number"
                }
            }
            (RegistryTable::Kampung, "location") => {
                if tail == "lng" {
                    "lng"
                } else {
                    "lat"
                }
            }
            // The totals compared with PUS have no column of their own.
            (RegistryTable::Reports, "contraceptive_users" | "pus_not_using" | "participants") if head == tail => "pus",
            _ => self.columns().iter().copied().find(|c| *c == tail || *c == head).unwrap_or("village_code"),
        }
    }
}

/// A value read from a file, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow<T> {
    /// The file (or sheet) name.
    pub file: String,
    /// The row, counting the header as row 1.
    pub row: usize,
    /// The value.
    pub value: T,
}

impl<T> FileRow<T> {
    /// A problem with this row.
    pub fn problem(&self, column: &str, value: impl Into<String>, reason: Reason) -> Problem {
        Problem { file: self.file.clone(), row: self.row, column: column.into(), value: value.into(), reason }
    }
}

/// What registry files hold once every row passed its checks: Kampung KB records and monthly reports, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryRows {
    /// The records (one per village).
    pub kampungs: Vec<FileRow<KampungRecord>>,
    /// The reports (one per village and month).
    pub reports: Vec<FileRow<MonthlyReport>>,
}

impl RegistryRows {
    /// The villages the rows touch, each once, in code order.
    pub fn villages(&self) -> Vec<RegionCode> {
        let set: BTreeSet<RegionCode> =
            self.kampungs.iter().map(|k| k.value.village).chain(self.reports.iter().map(|r| r.value.village)).collect();
        set.into_iter().collect()
    }

    /// Every problem of the rows against `today` (the rules of the forms), with file, row and column: empty for
    /// rows read by a [`RegistryReader`] with the same day.
    pub fn revalidate(&self, today: Date) -> Vec<Problem> {
        let mut out = Vec::new();
        for k in &self.kampungs {
            let column = |f: &FieldProblem| RegistryTable::Kampung.column_of(&f.field);
            out.extend(k.value.validate(today).iter().map(|f| k.problem(column(f), "", f.reason.clone())));
        }
        for r in &self.reports {
            let column = |f: &FieldProblem| RegistryTable::Reports.column_of(&f.field);
            out.extend(r.value.validate(today).iter().map(|f| r.problem(column(f), "", f.reason.clone())));
        }
        out
    }
}

/// The cells of one row, looked up by column name.
struct Cells<'a> {
    index: &'a HashMap<&'static str, usize>,
    cells: &'a [&'a str],
}

impl<'a> Cells<'a> {
    /// The cell as given (empty when the column is absent).
    fn raw(&self, column: &str) -> &'a str {
        self.index.get(column).and_then(|&i| self.cells.get(i)).copied().unwrap_or("")
    }

    /// The cell without surrounding spaces.
    fn get(&self, column: &str) -> &'a str {
        self.raw(column).trim()
    }
}

/// The problems of one row.
struct RowProblems<'a> {
    file: &'a str,
    row: usize,
    list: Vec<Problem>,
}

impl RowProblems<'_> {
    fn push(&mut self, column: &str, value: &str, reason: Reason) {
        self.list.push(Problem {
            file: self.file.into(),
            row: self.row,
            column: column.into(),
            value: value.into(),
            reason,
        });
    }

    fn has(&self, column: &str) -> bool {
        self.list.iter().any(|p| p.column == column)
    }
}

/// A stand-in village for rows whose village code is bad, so that their other cells are still checked.
fn placeholder_village() -> RegionCode {
    RegionCode::from_compact(Level::Village, 1_101_012_001).expect("a ten-digit code")
}

fn village(p: &mut RowProblems<'_>, c: &Cells<'_>) -> Option<RegionCode> {
    let raw = c.raw("village_code");
    if c.get("village_code").is_empty() {
        p.push("village_code", raw, Reason::Required);
        return None;
    }
    match RegionCode::parse(raw) {
        Ok(code) if code.level() == Level::Village => Some(code),
        Ok(_) => {
            p.push("village_code", raw, Reason::NotAVillageCode);
            None
        }
        Err(_) => {
            p.push("village_code", raw, Reason::VillageCodeShape);
            None
        }
    }
}

fn date(p: &mut RowProblems<'_>, c: &Cells<'_>, column: &str) -> Option<Date> {
    let v = c.get(column);
    if v.is_empty() {
        return None;
    }
    let d = Date::parse_iso(v);
    if d.is_none() {
        p.push(column, c.raw(column), Reason::NotADate);
    }
    d
}

fn bit(p: &mut RowProblems<'_>, c: &Cells<'_>, column: &str, required: bool) -> Option<bool> {
    match c.get(column) {
        "1" => Some(true),
        "0" => Some(false),
        "" if !required => Some(false),
        "" => {
            p.push(column, "", Reason::BitRequired);
            None
        }
        _ => {
            p.push(column, c.raw(column), Reason::NotABit);
            None
        }
    }
}

fn id_set<T: Ord + Copy>(
    p: &mut RowProblems<'_>,
    c: &Cells<'_>,
    column: &str,
    from_id: fn(&str) -> Option<T>,
    all: &[T],
    id: fn(T) -> &'static str,
) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for part in c.get(column).split(';').map(str::trim).filter(|s| !s.is_empty()) {
        match from_id(part) {
            Some(v) => {
                set.insert(v);
            }
            None => {
                let choices = all.iter().map(|v| id(*v).to_string()).collect();
                p.push(column, c.raw(column), Reason::NotOneOf { given: part.to_string(), choices });
            }
        }
    }
    set
}

fn coordinate(p: &mut RowProblems<'_>, c: &Cells<'_>, column: &str) -> Option<f64> {
    let v = c.get(column);
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            let reason = if v.contains(',') { Reason::DecimalComma } else { Reason::NotDegrees };
            p.push(column, c.raw(column), reason);
            None
        }
    }
}

/// A judged row: its key when the key cells parsed (for the duplicate checks), and the value or its problems.
type Judged<K, T> = (Option<K>, Result<T, Vec<Problem>>);

/// One row of `kampung.csv` as a record, or its problems.
fn kampung_row(file: &str, row: usize, c: &Cells<'_>, today: Date) -> Judged<RegionCode, KampungRecord> {
    let mut p = RowProblems { file, row, list: Vec::new() };
    let code = village(&mut p, c);
    let launch = date(&mut p, c, "launch_date");
    if c.get("launch_date").is_empty() {
        p.push("launch_date", "", Reason::RequiredAs { example: "2019-08-17" });
    }
    let decree_cells = ["decree_number", "decree_date", "regulation_type"];
    let decree_date = date(&mut p, c, "decree_date");
    let regulation = match c.get("regulation_type") {
        "" => None,
        v => {
            let r = RegulationType::from_id(v);
            if r.is_none() {
                let choices = RegulationType::ALL.iter().map(|t| t.id().to_string()).collect();
                p.push("regulation_type", c.raw("regulation_type"), Reason::NotOneOf { given: v.to_string(), choices });
            }
            r
        }
    };
    let decree = if decree_cells.iter().all(|col| c.get(col).is_empty()) {
        None
    } else {
        for col in decree_cells.iter().filter(|col| c.get(col).is_empty()) {
            p.push(col, "", Reason::DecreeIncomplete);
        }
        match (decree_date, regulation) {
            (Some(date), Some(regulation_type)) => {
                Some(Decree { number: c.get("decree_number").to_string(), date, regulation_type })
            }
            _ => None,
        }
    };
    let location = match (c.get("lat").is_empty(), c.get("lng").is_empty()) {
        (true, true) => None,
        (false, false) => match (coordinate(&mut p, c, "lat"), coordinate(&mut p, c, "lng")) {
            (Some(lat), Some(lng)) => Some(Location { lat, lng }),
            _ => None,
        },
        (lat_empty, _) => {
            let (given, missing) = if lat_empty { ("lng", "lat") } else { ("lat", "lng") };
            p.push(missing, "", Reason::CoordinateHalf { given });
            None
        }
    };
    let criteria = SelectionCriteria {
        utama: id_set(&mut p, c, "criteria_utama", MainCriterion::from_id, MainCriterion::ALL, MainCriterion::id),
        wilayah: id_set(&mut p, c, "criteria_wilayah", AreaCriterion::from_id, AreaCriterion::ALL, AreaCriterion::id),
        khusus: id_set(
            &mut p,
            c,
            "criteria_khusus",
            SpecialCriterion::from_id,
            SpecialCriterion::ALL,
            SpecialCriterion::id,
        ),
    };
    let active = bit(&mut p, c, "active", true);
    let model = ModelFlags {
        kabupaten: bit(&mut p, c, "model_kabupaten", false).unwrap_or(false),
        provinsi: bit(&mut p, c, "model_provinsi", false).unwrap_or(false),
    };
    let record = KampungRecord {
        village: code.unwrap_or_else(placeholder_village),
        name: c.get("name").to_string(),
        launch_date: launch.unwrap_or(today),
        decree,
        rws: c.get("rws").split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
        description: c.get("description").to_string(),
        location,
        criteria,
        active: active.unwrap_or(false),
        model,
        created_at: String::new(),
        updated_at: String::new(),
    };
    for f in record.validate(today) {
        let column = RegistryTable::Kampung.column_of(&f.field);
        // Cells already reported (or stood in for) are not reported twice.
        if !p.has(column) {
            p.push(column, c.raw(column), f.reason);
        }
    }
    if p.list.is_empty() { (code, Ok(record)) } else { (code, Err(p.list)) }
}

/// The count columns of a report, in the order the form takes them: every column of `laporan.csv` after
/// `village_code`, `month` and `pus`.
const COUNTS: &[&str] = REPORT_COLUMNS.split_at(3).1;

/// One row of `laporan.csv` as a report, or its problems.
fn report_row(file: &str, row: usize, c: &Cells<'_>, today: Date) -> Judged<(RegionCode, YearMonth), MonthlyReport> {
    let mut p = RowProblems { file, row, list: Vec::new() };
    let code = village(&mut p, c);
    let mut unreadable = false;
    let mut int = |p: &mut RowProblems<'_>, column: &str| -> i64 {
        let v = c.get(column);
        if v.is_empty() {
            if column == "pus" {
                p.push("pus", "", Reason::Required);
                unreadable = true;
            }
            return 0;
        }
        v.parse::<i64>().unwrap_or_else(|_| {
            p.push(column, c.raw(column), Reason::NotWholeNumber);
            unreadable = true;
            0
        })
    };
    let pus = int(&mut p, "pus");
    let n: Vec<i64> = COUNTS.iter().map(|col| int(&mut p, col)).collect();
    let form = MonthlyReportForm {
        month: c.get("month").to_string(),
        pus,
        contraceptive_users: ContraceptiveUsers {
            mow: n[0],
            mop: n[1],
            iud: n[2],
            implan: n[3],
            suntik: n[4],
            pil: n[5],
            kondom: n[6],
        },
        pus_not_using: PusNotUsing { hamil: n[7], ingin_anak_segera: n[8], iat: n[9], tial: n[10] },
        participants: Participants { bkb: n[11], bkr: n[12], bkl: n[13], uppka: n[14], pik_r: n[15] },
    };
    if c.get("month").is_empty() {
        p.push("month", "", Reason::RequiredAs { example: "2024-05" });
    }
    let result = form.parse(code.unwrap_or_else(placeholder_village), today);
    let month = YearMonth::parse(c.get("month"));
    let key = code.zip(month);
    let form_problems = match result {
        Ok(report) if p.list.is_empty() => return (key, Ok(report)),
        Ok(_) => Vec::new(),
        Err(f) => f,
    };
    for f in form_problems {
        // With an unreadable count the totals compared with PUS would mislead: keep only the problems of single
        // cells and of the month.
        let pus_shape = f.field == "pus" && !(0..=i64::from(u32::MAX)).contains(&pus);
        if unreadable && !(f.field == "month" || f.field.contains('.') || pus_shape) {
            continue;
        }
        if f.field == "month" && p.has("month") {
            continue;
        }
        let column = RegistryTable::Reports.column_of(&f.field);
        p.push(column, c.raw(column), f.reason);
    }
    (key, Err(p.list))
}
