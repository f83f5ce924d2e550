//! What the upload pages (PK data, the Kampung KB registry) share: a workbook refused for going beyond what is read
//! safely, said in the reader's language; the wording of a NIK another family already holds, which names that
//! family only when the uploader may see it; file names as sent; and the audit of refused uploads (who, when and
//! from where come with every audit entry; the files, the number of problems and the kind of refusal here).

use crate::auth::Principal;
use crate::i18n::Lang;
use crate::{AppError, AppState, Ctx};
use kkb_domain::pk::Problem;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_domain::xlsx::LimitError;

/// A workbook beyond [`kkb_domain::xlsx::LIMITS`], in the reader's language: which limit, the value, what to do.
pub fn workbook_refusal(l: Lang, e: &LimitError) -> String {
    l.reason(&Reason::from(e))
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
pub fn workbook_problem(file: &str, e: &LimitError) -> Problem {
    Problem::whole(file, Reason::from(e))
}

/// How a web write tells its user that another family of the round holds a NIK: that family and its village when
/// the user may see the families there, otherwise only that it is registered elsewhere and whom to ask (a NIK must
/// not be located through uploads).
pub fn nik_taken(who: &Principal) -> impl Fn(u16, RegionCode, &str) -> Reason + Sync + use<'_> {
    move |year, village, family| {
        if who.may_view_families(village) {
            Reason::NikRegistered { year, family: family.to_string(), village: village.to_string() }
        } else {
            Reason::NikRegisteredElsewhere { year }
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
