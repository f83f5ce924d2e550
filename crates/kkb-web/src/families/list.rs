//! The family list of a village, on screen or downloaded (CSV, XLSX).

use super::{class_of, village_of};
use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::methodology::{Category, Methodology};
use kkb_store::FamilySummary;
use serde::Deserialize;

/// Query of the family list.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// The round.
    pub year: Option<u16>,
    /// `rentan`, `berkembang`, `tangguh`.
    pub kategori: Option<String>,
    /// `csv` or `xlsx` to download the list.
    pub format: Option<String>,
}

/// A family row (no personal data).
pub struct FamilyRow {
    /// Link.
    pub href: String,
    /// Family id.
    pub id: String,
    /// Members.
    pub members: i64,
    /// iBangga.
    pub ibangga: String,
    /// Category label.
    pub category: &'static str,
    /// Category CSS class.
    pub class: &'static str,
    /// Version.
    pub version: i64,
}

#[derive(Template)]
#[template(path = "families.html")]
struct ListPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    year: u16,
    filters: Vec<(String, String, bool)>,
    rows: Vec<FamilyRow>,
    may_edit: bool,
}

pub(crate) fn family_row(l: Lang, m: &Methodology, f: &FamilySummary) -> FamilyRow {
    FamilyRow {
        href: format!("/keluarga/{}/{}/{}", f.year, f.village, f.family_id),
        id: f.family_id.clone(),
        members: f.members,
        ibangga: l.fig(m.ibangga(f.score)),
        category: view::category_label(l, f.category),
        class: class_of(f.category),
        version: f.version,
    }
}

/// `/wilayah/{village}/keluarga`: the families of a village, optionally one category.
pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        let code = village_of(&code)?;
        if !ctx.who.may_view_families(code) {
            return Err(ctx.who.refusal(code));
        }
        let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
        let round = app.store.round(q.year)?;
        let m = app.store.methodology(&round.methodology_id)?;
        let category = q.kategori.as_deref().and_then(|k| Category::ALL.into_iter().find(|c| c.as_str() == k));
        let families = app.store.village_families(round.year, code, category)?;
        let l = ctx.lang;
        if let Some(ext) = q.format.as_deref() {
            ctx.audit(app, "family.export", &format!("{}/{code}", round.year), &code.to_string(), ext)?;
            let def = m.definition();
            let mut headers: Vec<String> =
                ["family_id", "anggota", "versi", "ibangga", "kategori"].map(String::from).to_vec();
            headers.extend(def.dimensions.iter().map(|d| d.id.clone()));
            let rows = families
                .iter()
                .map(|f| {
                    let mut r = vec![
                        Cell::Text(f.family_id.clone()),
                        Cell::Int(f.members),
                        Cell::Int(f.version),
                        Cell::Num(m.ibangga(f.score)),
                        Cell::Text(f.category.map(|c| c.as_str().to_string()).unwrap_or_default()),
                    ];
                    r.extend((0..def.dimensions.len()).map(|i| Cell::Num(m.dimension_index(f.score, i))));
                    r
                })
                .collect();
            let table = Table { title: format!("{} {}", region.name, round.year), headers, rows };
            return table.respond(ext, &format!("keluarga-{code}-{}", round.year));
        }
        ctx.audit(
            app,
            "family.list",
            &format!("{}/{code}", round.year),
            &code.to_string(),
            q.kategori.as_deref().unwrap_or(""),
        )?;
        let mut filters = vec![(
            format!("/wilayah/{code}/keluarga?year={}", round.year),
            l.t("fam.all").to_string(),
            category.is_none(),
        )];
        filters.extend(Category::ALL.iter().map(|c| {
            (
                format!("/wilayah/{code}/keluarga?year={}&kategori={}", round.year, c.as_str()),
                view::category_label(l, Some(*c)).to_string(),
                category == Some(*c),
            )
        }));
        let page = ListPage {
            c: Layout::new(&ctx),
            l,
            code: code.to_string(),
            name: region.name,
            year: round.year,
            filters,
            rows: families.iter().map(|f| family_row(l, &m, f)).collect(),
            may_edit: ctx.who.may_edit(code),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
