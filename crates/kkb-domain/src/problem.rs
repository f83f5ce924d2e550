//! Validation problems as codes with parameters, not sentences.
//!
//! Every check of the domain (PK files, the Kampung KB registry, action plans, the classification inputs) says
//! what is wrong as a [`Reason`]: a stable snake-case code (also the API's machine `code`) and the values the
//! message needs (a limit, a row, a count). The words live in the message catalogue (crate `kkb-i18n`, one
//! message per code in each language), so the domain holds no user-facing sentence and the web, the API and the
//! CLI say the same thing in the reader's language. The struct around a reason says where: [`crate::pk::Problem`]
//! (file, row, column, value), [`crate::kampung::FieldProblem`] (a form field), or
//! [`crate::classification::InputProblem`] (a JSON path).
//!
//! A reason does not repeat the value its problem already shows (the value column of an import report, the typed
//! value of a form field); it carries what the reader cannot see: the other row, the limit, the computed total.

use crate::date::Date;
use crate::kampung::YearMonth;
use crate::nik::NikError;

/// A value a [`Reason`] carries, as its message uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A whole number: written with the reader's digit grouping, and choosing plural forms.
    Int(i64),
    /// A decimal number, written with the reader's decimal mark.
    Decimal(f64),
    /// Text shown as is: a value as given, an id, a file name, or a selector word of the message.
    Text(String),
    /// A date, written out in the reader's language.
    Date(Date),
    /// A month, written out ("November 2026").
    Month(YearMonth),
    /// Ids or names, shown as a list.
    List(Vec<String>),
    /// A PK coded column: shown as its valid codes with their meanings ("1 laki-laki, 2 perempuan").
    Codes(&'static str),
}

/// Converts a reason's field into its [`Arg`].
pub trait ToArg {
    /// The argument.
    fn to_arg(&self) -> Arg;
}

macro_rules! int_arg {
    ($($t:ty),+) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                i64::try_from(*self).map(Arg::Int).unwrap_or_else(|_| Arg::Text(self.to_string()))
            }
        }
    )+};
}
int_arg!(u8, u16, u32, u64, usize, i32, i64);

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl ToArg for &'static str {
    fn to_arg(&self) -> Arg {
        Arg::Text((*self).to_string())
    }
}

/// A yes/no selector: `yes` or `no`.
impl ToArg for bool {
    fn to_arg(&self) -> Arg {
        Arg::Text(if *self { "yes" } else { "no" }.to_string())
    }
}

impl ToArg for Date {
    fn to_arg(&self) -> Arg {
        Arg::Date(*self)
    }
}

impl ToArg for YearMonth {
    fn to_arg(&self) -> Arg {
        Arg::Month(*self)
    }
}

impl ToArg for Vec<String> {
    fn to_arg(&self) -> Arg {
        Arg::List(self.clone())
    }
}

/// A decimal number in a reason (compared by its bits, so that reasons stay `Eq`).
#[derive(Debug, Clone, Copy)]
pub struct Decimal(pub f64);

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Decimal {}

impl ToArg for Decimal {
    fn to_arg(&self) -> Arg {
        Arg::Decimal(self.0)
    }
}

/// A PK coded column (`sex`, `kb_method`, …), shown in a message as its valid codes and their meanings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodedColumn(pub &'static str);

impl ToArg for CodedColumn {
    fn to_arg(&self) -> Arg {
        Arg::Codes(self.0)
    }
}

/// Defines [`Reason`]: each variant with its code; `CODES`, `code()` and `args()` follow from the one list.
macro_rules! reasons {
    ($($(#[$m:meta])* $v:ident $({ $($(#[$fm:meta])* $f:ident : $t:ty),+ $(,)? })? = $code:literal,)+) => {
        /// What is wrong, as a code and the values its message needs (see the module comment).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Reason {
            $($(#[$m])* $v $({ $($(#[$fm])* $f: $t),+ })?,)+
        }

        impl Reason {
            /// Every code, in declaration order.
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The stable snake-case code (the API's machine `code`; the catalogue's key is derived from it).
            pub fn code(&self) -> &'static str {
                match self {
                    $(Reason::$v { .. } => $code,)+
                }
            }

            /// The named values of the message.
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $(Reason::$v $({ $($f),+ })? => vec![$($((stringify!($f), ToArg::to_arg($f))),+)?],)+
                }
            }
        }
    };
}

reasons! {
    // ------------------------------------------------------------------ files, sheets and rows
    /// The file has no header row.
    FileEmpty = "file_empty",
    /// The sheet has no header row.
    SheetEmpty = "sheet_empty",
    /// The file is not UTF-8 text.
    FileNotUtf8 = "file_not_utf8",
    /// The file is not UTF-8 text from this byte on.
    FileNotUtf8At { bytes: usize } = "file_not_utf8_at",
    /// A cell of the row is not UTF-8 text.
    CellNotUtf8 = "cell_not_utf8",
    /// The CSV cannot be read past a row.
    FileUnreadable { row: usize, detail: String } = "file_unreadable",
    /// A PK workbook lacks a sheet.
    SheetMissing { sheet: String, sheets: Vec<String> } = "sheet_missing",
    /// A registry workbook has neither sheet.
    RegistrySheetsMissing { sheets: Vec<String> } = "registry_sheets_missing",
    /// A sheet cannot be read.
    SheetUnreadable { detail: String } = "sheet_unreadable",
    /// The header is separated by semicolons.
    SemicolonHeader = "semicolon_header",
    /// A CSV that is neither registry file.
    UnknownRegistryFile = "unknown_registry_file",
    /// A column appears twice in the header.
    DuplicateColumn = "duplicate_column",
    /// Required columns missing from the header (listed).
    MissingColumns { columns: Vec<String> } = "missing_columns",
    /// This required column is missing from the header.
    MissingColumn = "missing_column",
    /// A column the file does not have.
    UnknownColumn { file: String, columns: Vec<String> } = "unknown_column",
    /// A value under a column with no name.
    ValueWithoutColumn = "value_without_column",
    /// The row has another number of cells than the header.
    RowWidth { cells: usize, header: usize } = "row_width",
    /// A spreadsheet number too long to be exact (a NIK typed as a number).
    NumberTooLong = "number_too_long",
    /// A spreadsheet date cell out of range.
    CellNotADate = "cell_not_a_date",
    /// A spreadsheet error cell (#N/A, …).
    CellError { detail: String } = "cell_error",
    /// A workbook refused before reading: not a ZIP archive.
    WorkbookNotZip = "workbook_not_zip",
    /// A workbook refused before reading: damaged, or using what a workbook never does.
    WorkbookDamaged { detail: String } = "workbook_damaged",
    /// A workbook refused before reading: too many parts.
    WorkbookEntries { value: u64, max: u64 } = "workbook_entries",
    /// A workbook refused before reading: one part inflates beyond its limit.
    WorkbookPartBytes { part: String, max: u64 } = "workbook_part_bytes",
    /// A workbook refused before reading: a part larger than its header declares.
    WorkbookLying { part: String } = "workbook_lying",
    /// A workbook refused before reading: all parts together inflate beyond the limit.
    WorkbookTotalBytes { max: u64 } = "workbook_total_bytes",
    /// A workbook refused before reading: too many sheets.
    WorkbookSheets { value: u64, max: u64 } = "workbook_sheets",
    /// A workbook refused before reading: too many different texts.
    WorkbookStrings { max: u64 } = "workbook_strings",
    /// A workbook refused before reading: too many formatting records.
    WorkbookStyles { max: u64 } = "workbook_styles",
    /// A sheet declares a range beyond the rows or columns read.
    WorkbookDimension { sheet: String, range: String, rows: u64, columns: u64 } = "workbook_dimension",
    /// A cell lies beyond the rows or columns read.
    WorkbookCellPlace { sheet: String, cell: String, rows: u64, columns: u64 } = "workbook_cell_place",
    /// Too many cells in one sheet.
    WorkbookCells { sheet: String, max: u64 } = "workbook_cells",
    /// Too many cells in the workbook.
    WorkbookCellsBook { max: u64 } = "workbook_cells_book",
    /// A text or tag longer than the limit.
    WorkbookToken { part: String, max: u64 } = "workbook_token",
    /// A sheet's rows out of order.
    WorkbookUnordered { sheet: String } = "workbook_unordered",
    /// More problems than are listed.
    MoreProblems { count: usize } = "more_problems",

    // ------------------------------------------------------------------ values
    /// Nothing was given where something is required.
    Required = "required",
    /// Required, written like the example.
    RequiredAs { example: &'static str } = "required_as",
    /// Not a date (YYYY-MM-DD).
    NotADate = "not_a_date",
    /// Not a month (YYYY-MM).
    NotAMonth = "not_a_month",
    /// Not a whole number.
    NotWholeNumber = "not_a_whole_number",
    /// Not a whole number within the bounds.
    WholeNumberRange { min: i64, max: i64 } = "whole_number_range",
    /// Not a number.
    NotANumber = "not_a_number",
    /// A count below 0.
    Negative = "negative",
    /// A count too large to keep.
    TooLarge = "too_large",
    /// Not 1 to 3 digits (RW, RT).
    SmallNumber = "small_number",
    /// Text too short or too long.
    TextLength { min: usize, max: usize } = "text_length",
    /// A year outside the bounds.
    YearRange { min: i32, max: i32 } = "year_range",
    /// A date after today.
    DateInFuture { date: Date, today: Date } = "date_in_future",
    /// A date before the earliest year.
    DateTooEarly { date: Date, year: i32 } = "date_too_early",
    /// A month not yet begun.
    MonthInFuture { month: YearMonth } = "month_in_future",
    /// A month before the earliest year.
    MonthTooEarly { month: YearMonth, year: i32 } = "month_too_early",
    /// None of the choices was chosen.
    ChooseOne = "choose_one",
    /// At least one of the choices is needed.
    ChooseAtLeastOne = "choose_at_least_one",
    /// A value that is not one of the form's choices.
    UnknownChoice { given: String } = "unknown_choice",
    /// An id that is not one of the file format's ids (listed).
    NotOneOf { given: String, choices: Vec<String> } = "not_one_of",
    /// The n-th entry of a list is empty.
    EmptyItem { n: usize } = "empty_item",
    /// Not 1 (yes) or 0 (no).
    NotABit = "not_a_bit",
    /// Required: 1 (yes) or 0 (no).
    BitRequired = "bit_required",
    /// Not a number in decimal degrees.
    NotDegrees = "not_degrees",
    /// Degrees written with a decimal comma.
    DecimalComma = "decimal_comma",
    /// One coordinate given (`lat` or `lng`) without the other.
    CoordinateHalf { given: &'static str } = "coordinate_half",
    /// A coordinate outside ±limit degrees (`axis` is `lat` or `lng`).
    CoordinateRange { axis: &'static str, value: Decimal, limit: i64 } = "coordinate_range",

    // ------------------------------------------------------------------ PK: families and members
    /// A family id of the wrong shape.
    FamilyIdShape = "family_id_shape",
    /// Not a village code.
    VillageCodeShape = "village_code_shape",
    /// A region code, but not of a desa/kelurahan.
    NotAVillageCode = "not_a_village_code",
    /// A village code not in the region table.
    VillageNotInTable { code: String } = "village_not_in_table",
    /// Not one of the column's codes (`optional`: empty is allowed too).
    CodeNotAllowed { codes: CodedColumn, optional: bool } = "code_not_allowed",
    /// A NIK of digits, but not 16 of them.
    NikLength { len: usize } = "nik_length",
    /// A NIK with something other than digits.
    NikNotDigits = "nik_not_digits",
    /// NIK digits 1-2 are not a province.
    NikProvince = "nik_province",
    /// NIK digits 7-12 are not a birth date.
    NikBirthDate = "nik_birth_date",
    /// The NIK's sex (1 laki-laki, 2 perempuan) is not the member's.
    NikSex { nik_sex: u8, given_sex: u8 } = "nik_sex",
    /// The NIK's birth date is not the member's.
    NikDateMismatch = "nik_date_mismatch",
    /// A KK number of digits, but not 16 of them.
    KkLength { len: usize } = "kk_length",
    /// A KK number with something other than digits.
    KkNotDigits = "kk_not_digits",
    /// KK number digits 1-2 are not a province.
    KkProvince = "kk_province",
    /// The NIK is already on an earlier row of the round.
    NikRepeated { first_row: usize } = "nik_repeated",
    /// The NIK is already stored for another family of the round.
    NikRegistered { year: u16, family: String, village: String } = "nik_registered",
    /// The NIK is held by another family of the round, outside what the writer may see (named no further).
    NikRegisteredElsewhere { year: u16 } = "nik_registered_elsewhere",
    /// A web write into a year that has no open round.
    RoundNotOpen { year: u16 } = "round_not_open",
    /// The family id is already on an earlier row.
    DuplicateFamilyId { first_row: usize } = "duplicate_family_id",
    /// A member of a family not in the family file.
    UnknownFamily { file: String } = "unknown_family",
    /// The member number is already used in the family (`first_row` 0: the earlier row is not known).
    MemberNoTaken { no: u8, first_row: usize } = "member_no_taken",
    /// A second head of the family.
    SecondHead = "second_head",
    /// A family without a head in the member file.
    NoHead { file: String } = "no_head",
    /// No family file was read.
    NoFamilyFile = "no_family_file",
    /// A family of a village outside the uploader's region.
    VillageOutsideYourRegion = "village_outside_your_region",
    /// Both CSV files and a workbook were uploaded.
    UploadBoth = "upload_both",
    /// The workbook is not an .xlsx file.
    NotXlsx = "not_xlsx",
    /// Not both CSV files nor a workbook.
    UploadChoosePk = "upload_choose_pk",

    // ------------------------------------------------------------------ the Kampung KB registry
    /// A decree needs its number, date and regulation type.
    DecreeIncomplete = "decree_incomplete",
    /// The village's Kampung KB is already on an earlier row.
    KampungRepeated { file: String, row: usize } = "kampung_repeated",
    /// The village's report of the month is already on an earlier row.
    ReportRepeated { month: YearMonth, file: String, row: usize } = "report_repeated",
    /// A report of a village without a Kampung KB.
    NoKampung { village: String } = "no_kampung",
    /// The month is already reported (import without replacing).
    MonthAlreadyReported { month: YearMonth } = "month_already_reported",
    /// The village already has a Kampung KB.
    KampungExists = "kampung_exists",
    /// A village outside the page's region.
    VillageOutsidePageRegion { region: String, code: String } = "village_outside_page_region",
    /// No registry file was uploaded.
    UploadChooseRegistry = "upload_choose_registry",
    /// Pokja details without a Pokja.
    WithoutPokja = "without_pokja",
    /// More contraceptive users than PUS.
    MoreUsersThanPus { users: u64, pus: u64 } = "more_users_than_pus",
    /// More PUS not using contraception than PUS.
    MoreNotUsingThanPus { not_using: u64, pus: u64 } = "more_not_using_than_pus",
    /// Users and PUS not using together exceed the PUS.
    UsersAndNotUsingOverPus { users: u64, not_using: u64, total: u64, pus: u64 } = "users_and_not_using_over_pus",
    /// A count of families above the number of families.
    MoreThanFamilies { count: u32, families: u32 } = "more_than_families",
    /// Fewer remaja than families with remaja.
    RemajaFewerThanFamilies { remaja: u32, families: u32 } = "remaja_fewer_than_families",
    /// Remaja, but no family with remaja.
    RemajaWithoutFamilies = "remaja_without_families",
    /// An uploaded document without a name.
    DocumentNoName = "document_no_name",
    /// An empty uploaded document.
    DocumentEmpty = "document_empty",
    /// A document over the size limit.
    DocumentTooLarge { bytes: usize, max: usize } = "document_too_large",
    /// Not a PNG, JPEG or PDF.
    DocumentType = "document_type",
    /// The declared type is not the content's.
    DocumentTypeMismatch { declared: String, actual: String } = "document_type_mismatch",
    /// An action-plan item that does not reach this village.
    PlanItemNotHere = "plan_item_not_here",

    // ------------------------------------------------------------------ action plans
    /// A plan's region is not a province or kabupaten/kota.
    NotProvinceOrRegency = "not_province_or_regency",
    /// The coordinator is not an office of the plan's region.
    CoordinatorOutsideRegion = "coordinator_outside_region",
    /// Not an activity of the Inpres matrix.
    UnknownMatrixActivity { activity: String } = "unknown_matrix_activity",
    /// The matrix activity belongs to another programme area.
    ActivityAreaMismatch { activity: String, area: u8, given: u8 } = "activity_area_mismatch",
    /// Not an iBangga variable.
    UnknownVariable { variable: String } = "unknown_variable",
    /// Not a known agency.
    UnknownAgency { agency: String } = "unknown_agency",
    /// An office of another region.
    AgencyOfOtherRegion { agency: String } = "agency_of_other_region",
    /// The responsible agency listed as supporting too.
    ResponsibleAlsoSupporting = "responsible_also_supporting",
    /// Not a region code.
    NotARegionCode { value: String } = "not_a_region_code",
    /// A target village outside the plan's region.
    VillageOutsidePlanRegion { village: String, region: String } = "village_outside_plan_region",
    /// The start month outside the plan's year.
    StartOutsidePlanYear { start: YearMonth, year: i32 } = "start_outside_plan_year",
    /// The end month before the start month.
    EndBeforeStart { end: YearMonth, start: YearMonth } = "end_before_start",
    /// The end month more than a year after the plan's year.
    EndTooLate { end: YearMonth, year: i32 } = "end_too_late",
    /// An amount of money below 0.
    NegativeAmount = "negative_amount",
    /// Not an amount in rupiah.
    NotRupiah = "not_rupiah",
    /// Not an amount in whole rupiah.
    NotWholeRupiah = "not_whole_rupiah",
    /// No budget was written.
    BudgetRequired = "budget_required",
    /// A target below 0 or not a number.
    TargetNotNonNegative = "target_not_non_negative",
    /// A progress report dated before the item starts.
    BeforeItemStart { date: Date, start: YearMonth } = "before_item_start",
    /// More than 100 %.
    PercentOver100 = "percent_over_100",
    /// More spent than budgeted.
    SpentOverBudget { spent: i64, budget: i64 } = "spent_over_budget",
    /// A finished item below 100 %.
    DoneNotFull = "done_not_full",

    // ------------------------------------------------------------------ JSON: the classification inputs and the API
    /// The inputs are not a JSON object (`found`/`shown`: what was there, see [`json_found`]).
    InputsNotObject { found: &'static str, shown: String } = "inputs_not_object",
    /// A field the object does not have (the allowed ones listed).
    UnknownField { allowed: Vec<String> } = "unknown_field",
    /// A field is missing.
    MissingField = "missing_field",
    /// Not a JSON object.
    ExpectedObject { found: &'static str, shown: String } = "expected_object",
    /// Neither a JSON object nor null.
    ExpectedObjectOrNull { found: &'static str, shown: String } = "expected_object_or_null",
    /// Not true or false.
    ExpectedBool { found: &'static str, shown: String } = "expected_bool",
    /// Not a whole number.
    ExpectedWholeNumber { found: &'static str, shown: String } = "expected_whole_number",
    /// A negative count.
    JsonNegative { value: String } = "json_negative",
    /// A count with a fraction.
    JsonNotWhole { value: String } = "json_not_whole",
    /// A count beyond the largest one kept.
    JsonTooLarge { value: String, max: String } = "json_too_large",
    /// A whole count written with a decimal point or exponent.
    JsonNotPlainWhole { value: String } = "json_not_plain_whole",
    /// An unknown id of a vocabulary (`vocabulary`: `funding_source`, `program`, `facility`, `data_source`,
    /// `operation`).
    UnknownId { vocabulary: &'static str, given: String, choices: Vec<String> } = "unknown_id",
    /// Not an id of a vocabulary.
    ExpectedId { vocabulary: &'static str, found: &'static str, shown: String, choices: Vec<String> } = "expected_id",
    /// Not a list of ids.
    ExpectedIdList { vocabulary: &'static str, found: &'static str, shown: String } = "expected_id_list",
    /// An API body that is not a JSON object.
    BodyNotObject = "body_not_object",
    /// An API body that is not JSON.
    BodyNotJson { detail: String } = "body_not_json",
    /// An API body that is not the expected value (serde's own words).
    BodyInvalid { detail: String } = "body_invalid",
    /// A body value that differs from the URL's.
    NotTheUrls { url: String } = "not_the_urls",
    /// The model-Kampung flags are kept for kecamatan and kabupaten/kota officers.
    ModelFlagsRole = "model_flags_role",

    // ------------------------------------------------------------------ refusals of the store (conflicts)
    /// The family id is already used in this village and round (a new family).
    FamilyExists { family: String } = "family_exists",
    /// The family was saved by someone else since the form was opened.
    FamilyChanged = "family_changed",
    /// The family was deleted since the form was opened.
    FamilyGone = "family_gone",
    /// A form sent without the version it was opened at (an old or damaged page).
    FormVersionMissing = "form_version_missing",
    /// The plan was changed by someone else since the page was opened.
    PlanChanged = "plan_changed",
    /// The region already has a plan for the year.
    PlanExists { region: String, year: i32 } = "plan_exists",
    /// A plan without items cannot be submitted.
    PlanWithoutItems = "plan_without_items",
    /// The plan's items cannot change: it is submitted or approved (`approved`: `yes`, reopened by the
    /// coordinator; `no`, returned by the coordinator).
    PlanNotEditable { approved: bool } = "plan_not_editable",
    /// Progress is reported on approved plans only.
    PlanNotApproved = "plan_not_approved",
    /// An item with progress reports cannot be removed.
    ItemHasProgress = "item_has_progress",
    /// The Kampung KB already has a profile valid from this date (profiles are kept as history).
    ProfileExists { from: Date } = "profile_exists",
    /// The Kampung KB already has a report of the month (the web form does not replace it silently).
    ReportExists { month: YearMonth } = "report_exists",
    /// The username is taken by another account.
    UsernameTaken { username: String } = "username_taken",
    /// A refusal of the store, in its own words (its conflicts are not typed yet).
    Conflict { message: String } = "conflict",
}

/// What a JSON value is, for the messages of the JSON readers: its kind (`null`, `bool`, `number`, `text`, `list`,
/// `object`) and how to show it (the value for scalars, at most 40 characters of a text, empty otherwise).
pub fn json_found(v: &serde_json::Value) -> (&'static str, String) {
    use serde_json::Value;
    match v {
        Value::Null => ("null", String::new()),
        Value::Bool(b) => ("bool", b.to_string()),
        Value::Number(n) => ("number", n.to_string()),
        Value::String(s) if s.chars().count() > 40 => ("text", format!("{}…", s.chars().take(40).collect::<String>())),
        Value::String(s) => ("text", s.clone()),
        Value::Array(_) => ("list", String::new()),
        Value::Object(_) => ("object", String::new()),
    }
}

impl Reason {
    /// The reason a NIK as given (`raw`) was rejected for.
    pub fn nik(err: NikError, raw: &str) -> Reason {
        match err {
            NikError::Shape if raw.bytes().all(|b| b.is_ascii_digit()) => Reason::NikLength { len: raw.len() },
            NikError::Shape => Reason::NikNotDigits,
            NikError::Province => Reason::NikProvince,
            NikError::BirthDate => Reason::NikBirthDate,
            NikError::Sex { nik, given } => Reason::NikSex { nik_sex: nik, given_sex: given },
            NikError::DateMismatch => Reason::NikDateMismatch,
        }
    }

    /// The reason a KK number as given (`raw`) was rejected for.
    pub fn kk(err: NikError, raw: &str) -> Reason {
        match err {
            NikError::Shape if raw.bytes().all(|b| b.is_ascii_digit()) => Reason::KkLength { len: raw.len() },
            NikError::Shape => Reason::KkNotDigits,
            // A KK number is checked for its shape and province only.
            _ => Reason::KkProvince,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut codes = Reason::CODES.to_vec();
        assert!(codes.iter().all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')));
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code is used twice");
    }

    #[test]
    fn args_name_the_fields() {
        let r = Reason::MoreUsersThanPus { users: 20, pus: 10 };
        assert_eq!(r.code(), "more_users_than_pus");
        assert_eq!(r.args(), vec![("users", Arg::Int(20)), ("pus", Arg::Int(10))]);
        assert!(Reason::Required.args().is_empty());
    }

    #[test]
    fn nik_reasons_tell_length_from_other_characters() {
        assert_eq!(Reason::nik(NikError::Shape, "170101170845000"), Reason::NikLength { len: 15 });
        assert_eq!(Reason::nik(NikError::Shape, "1701011708450a01"), Reason::NikNotDigits);
        assert_eq!(Reason::kk(NikError::Shape, "17"), Reason::KkLength { len: 2 });
        assert_eq!(Reason::kk(NikError::Province, "0101011708450001"), Reason::KkProvince);
    }
}
