//! Families: the list behind a village's numbers, one family with its members, scores and the reasons for them,
//! and the correction and new-family forms (which apply exactly the import rules, by running the importer's
//! validator on the submitted values, and save into existing rounds only). Search is in [`crate::search`], PK
//! file upload in [`crate::pk_upload`].
//!
//! A reader who may see the families of a village but not their NIKs (province and kabupaten/kota officers, and
//! anyone who has not asked to unmask) sees each member's NIK masked to its province digits, the first letter of
//! the name, and the birth year and age instead of the birth date ([`kkb_domain::nik::mask`] says why).
//!
//! Here: what the three use cases share (loading a family within the reader's scope, the words of columns and
//! codes). The list and its downloads are in [`list`], one family's page in [`page`], the entry forms in [`form`];
//! the same reads in the JSON API in [`api`].

pub mod api;
mod form;
mod list;
mod page;

pub use form::{Field, MemberRow, YearQuery, create, edit_form, new_form, update};
pub(crate) use form::{FormMeta, FormPage, form_page, member_rows, validate_form};
pub(crate) use list::family_row;
pub use list::{FamilyRow, ListQuery, list};
pub use page::{MemberView, ScoreView, ShowQuery, show};

use crate::i18n::Lang;
use crate::view;
use crate::{AppError, AppState, Ctx};
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::StoredFamily;

/// What a column asks, in the PK form's words (`kkb_domain::pk::vocab`, words from `kkb_i18n`); the birth date
/// with the format it is typed in.
pub(crate) fn column_label(l: Lang, column: &str) -> String {
    let label = l.pk_column(column).unwrap_or(column);
    match column {
        "birth_date" => format!("{label} ({})", if l == Lang::Id { "TTTT-BB-HH" } else { "YYYY-MM-DD" }),
        _ => label.to_string(),
    }
}

/// What a code means (`Perempuan`), or the empty answer; a code without a meaning shows as itself.
pub(crate) fn code_text(l: Lang, column: &str, code: u8) -> String {
    if code == 0 {
        return l.t("form.empty").into();
    }
    match l.pk_code(column, code) {
        Some(words) => words.to_string(),
        None => code.to_string(),
    }
}

/// A code with its meaning, as the PK form prints its choices (`2 Perempuan`): for the entry forms' selects.
pub(crate) fn code_choice(l: Lang, column: &str, code: u8) -> String {
    match l.pk_code(column, code) {
        Some(words) => format!("{code} {words}"),
        None => code.to_string(),
    }
}

fn village_of(s: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(s)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    Ok(code)
}

/// Resolves the round of a request: the asked year or the latest.
fn round_year(app: &AppState, year: Option<u16>) -> Result<u16, AppError> {
    Ok(app.store.round(year)?.year)
}

/// The CSS class of a category.
fn class_of(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Rentan) => "cat-rentan",
        Some(Category::Berkembang) => "cat-berkembang",
        Some(Category::Tangguh) => "cat-tangguh",
        None => "cat-none",
    }
}

/// The stored family of a request, once the reader may see the village's families.
fn load(app: &AppState, ctx: &Ctx, year: u16, village: &str, id: &str) -> Result<(RegionCode, StoredFamily), AppError> {
    ctx.require_user()?;
    let village = village_of(village)?;
    if !ctx.who.may_view_families(village) {
        return Err(ctx.who.refusal(village));
    }
    let f = app.store.family(year, village, id)?.ok_or(AppError::NotFound)?;
    Ok((village, f))
}
