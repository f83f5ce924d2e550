//! What the upload pages (PK data, the Kampung KB registry) share: a workbook refused for going beyond what is read
//! safely, said in the reader's language; the wording of a NIK another family already holds, which names that
//! family only when the uploader may see it; file names as sent; and the audit of refused uploads (who, when and
//! from where come with every audit entry; the files, the number of problems and the kind of refusal here).

use crate::auth::Principal;
use crate::i18n::Lang;
use crate::{AppError, AppState, Ctx};
use kkb_domain::pk::Problem;
use kkb_domain::region::RegionCode;
use kkb_domain::xlsx::LimitError;

/// A workbook beyond [`kkb_domain::xlsx::LIMITS`], in the reader's language: which limit, the value, what to do.
pub fn workbook_refusal(l: Lang, e: &LimitError) -> String {
    let n = |x: u64| l.count(i64::try_from(x).unwrap_or(i64::MAX));
    match e {
        LimitError::NotZip => l.t("xlsx.not_zip").to_string(),
        LimitError::Damaged(detail) => l.tf("xlsx.damaged", &[("detail", detail)]),
        LimitError::Entries { found, max } => l.tf("xlsx.entries", &[("value", &n(*found)), ("max", &n(*max))]),
        LimitError::PartBytes { part, max } => l.tf("xlsx.part_bytes", &[("part", part), ("max", &n(*max))]),
        LimitError::TotalBytes { max } => l.tf("xlsx.total_bytes", &[("max", &n(*max))]),
        LimitError::Lying { part } => l.tf("xlsx.lying", &[("part", part)]),
        LimitError::Sheets { found, max } => l.tf("xlsx.sheets", &[("value", &n(*found)), ("max", &n(*max))]),
        LimitError::Strings { max } => l.tf("xlsx.strings", &[("max", &n(*max))]),
        LimitError::Styles { max } => l.tf("xlsx.styles", &[("max", &n(*max))]),
        LimitError::Dimension { sheet, range, rows, columns } => l.tf(
            "xlsx.dimension",
            &[("sheet", sheet), ("range", range), ("rows", &n(*rows)), ("columns", &n(*columns))],
        ),
        LimitError::CellPlace { sheet, cell, rows, columns } => {
            l.tf("xlsx.cell_place", &[("sheet", sheet), ("cell", cell), ("rows", &n(*rows)), ("columns", &n(*columns))])
        }
        LimitError::Cells { sheet, max } if sheet.is_empty() => l.tf("xlsx.cells_book", &[("max", &n(*max))]),
        LimitError::Cells { sheet, max } => l.tf("xlsx.cells", &[("sheet", sheet), ("max", &n(*max))]),
        LimitError::Token { part, max } => l.tf("xlsx.token", &[("part", part), ("max", &n(*max))]),
        LimitError::Unordered { sheet } => l.tf("xlsx.unordered", &[("sheet", sheet)]),
    }
}

/// The short name of a limit, for the audit log.
pub fn limit_kind(e: &LimitError) -> &'static str {
    match e {
        LimitError::NotZip => "not_zip",
        LimitError::Damaged(_) => "damaged",
        LimitError::Entries { .. } => "entries",
        LimitError::PartBytes { .. } => "part_bytes",
        LimitError::TotalBytes { .. } => "total_bytes",
        LimitError::Lying { .. } => "lying",
        LimitError::Sheets { .. } => "sheets",
        LimitError::Strings { .. } => "strings",
        LimitError::Styles { .. } => "styles",
        LimitError::Dimension { .. } => "dimension",
        LimitError::CellPlace { .. } => "cell_place",
        LimitError::Cells { .. } => "cells",
        LimitError::Token { .. } => "token",
        LimitError::Unordered { .. } => "unordered",
    }
}

/// A refused workbook as the one problem of its file.
pub fn workbook_problem(l: Lang, file: &str, e: &LimitError) -> Problem {
    Problem { file: file.into(), row: 0, column: String::new(), value: String::new(), reason: workbook_refusal(l, e) }
}

/// How a web write tells its user that another family of the round holds a NIK: that family and its village when
/// the user may see the families there, otherwise only that it is registered elsewhere and whom to ask (a NIK must
/// not be located through uploads).
pub fn nik_taken(l: Lang, who: &Principal) -> impl Fn(u16, RegionCode, &str) -> String + Sync + use<'_> {
    move |year, village, family| {
        let year = year.to_string();
        if who.may_view_families(village) {
            let village = village.to_string();
            l.tf("upload.nik_taken_here", &[("year", &year), ("family", family), ("village", &village)])
        } else {
            l.tf("upload.nik_taken_elsewhere", &[("year", &year)])
        }
    }
}

/// The file name of an upload, without directories (browsers may send a path) or control characters.
pub fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    base.chars().filter(|c| !c.is_control()).take(100).collect()
}

/// Records a refused upload: `action` (`import.refused`, `kampung.import_refused`), the files, the number of
/// problems and the kind of refusal (`validation`, `outside_region`, `no_round`, `nik_taken`, `workbook:<limit>`,
/// …). Never a value of the files.
pub fn audit_refusal(
    app: &AppState,
    ctx: &Ctx,
    action: &str,
    files: &str,
    problems: usize,
    kind: &str,
) -> Result<(), AppError> {
    let region = ctx.who.scope.map(|s| s.to_string()).unwrap_or_default();
    ctx.audit(app, action, files, &region, &format!("{problems} problem(s); refused: {kind}"))
}
