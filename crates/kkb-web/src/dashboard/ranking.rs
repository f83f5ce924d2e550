//! The weakest villages of a region on one measure (`/wilayah/{code}/peringkat`), and the ranking the API and the
//! exports share.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::disclosure::Hidden;
use kkb_domain::figures::Figures;
use kkb_domain::region::{Level, RegionCode};
use serde::Deserialize;

/// Query of the ranking page.
#[derive(Debug, Deserialize, Default)]
pub struct RankingQuery {
    /// The round.
    pub year: Option<u16>,
    /// `ibangga`, a dimension id or a variable id.
    pub by: Option<String>,
}

/// One ranked village.
pub struct RankRow {
    /// Rank (1 = weakest).
    pub rank: usize,
    /// Link.
    pub href: String,
    /// Village name.
    pub name: String,
    /// Its kecamatan's name.
    pub district: String,
    /// Value as shown.
    pub value: String,
    /// Families the value is over.
    pub base: String,
}

#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    year: u16,
    by: String,
    by_label: String,
    options: Vec<(String, String, bool)>,
    rows: Vec<RankRow>,
    total: usize,
    unranked: usize,
}

/// A village with the measured value and the families it is over.
pub(crate) type Ranked = (Figures, Option<f64>, i64);

/// Whether a reader may not see a measure of a region: the iBangga and the dimensions rest on the scored families,
/// a variable on the families where it applies.
fn measure_hidden(h: &Hidden, f: &Figures, by: &str) -> bool {
    match f.variables.iter().position(|v| v.id == by) {
        Some(i) => h.variable(i),
        None => h.scored(),
    }
}

/// The villages under a region with one measure (by `by`): (village figures, value, base families). A village
/// whose measure the reader may not see has no value and a base of 0 (it is not ranked).
pub(crate) fn ranked(
    app: &AppState,
    who: &crate::auth::Principal,
    code: RegionCode,
    year: Option<u16>,
    by: &str,
) -> Result<(u16, Vec<Ranked>), AppError> {
    let villages = if code.level() == Level::Village {
        vec![app.store.region_figures(code, year, false)?]
    } else {
        app.store.descendant_figures(code, Level::Village, year)?
    };
    let year = villages.first().map(|f| f.year).unwrap_or_else(|| year.unwrap_or(0));
    let disclosure = crate::suppression::disclosure(app, who, code, Some(year))?;
    let unknown =
        || AppError::BadRequest(format!("unknown measure {by:?}: use ibangga, a dimension id or a variable id"));
    let mut rows = Vec::with_capacity(villages.len());
    for f in villages {
        let (v, base) = match by {
            "ibangga" => (f.ibangga, f.scored_families),
            d if f.dimensions.contains_key(d) => (view::dimension(&f, d), f.scored_families),
            v => f.variables.iter().find(|x| x.id == v).map(|x| (x.percent, x.applicable)).ok_or_else(unknown)?,
        };
        if measure_hidden(&disclosure.of(f.region.code), &f, by) {
            rows.push((f, None, 0));
        } else {
            rows.push((f, v, base));
        }
    }
    // Ranked villages (enough families in the base) first, weakest first; the rest after, by code.
    rows.sort_by(|a, b| match (a.2 >= view::MIN_FAMILIES, b.2 >= view::MIN_FAMILIES) {
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        _ => a.1.unwrap_or(f64::MAX).total_cmp(&b.1.unwrap_or(f64::MAX)).then(a.0.region.code.cmp(&b.0.region.code)),
    });
    Ok((year, rows))
}

pub(super) fn measures(app: &AppState, l: Lang) -> Result<Vec<(String, String)>, AppError> {
    let m = app.store.methodology(&app.store.round(None)?.methodology_id)?;
    let def = m.definition();
    let mut out = vec![("ibangga".to_string(), "iBangga".to_string())];
    out.extend(
        def.dimensions
            .iter()
            .map(|d| (d.id.clone(), format!("{} {}", l.t("dash.dimensions"), view::dimension_label(l, &d.id)))),
    );
    out.extend(
        def.variables.iter().map(|v| (v.id.clone(), format!("{} {}", v.id, view::variable_label(l, &v.id, &v.name)))),
    );
    Ok(out)
}

/// `/wilayah/{code}/peringkat`: the weakest villages of a region on a variable, a dimension or the iBangga.
pub async fn ranking(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RankingQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
        let l = ctx.lang;
        let options = measures(app, l)?;
        let by = q.by.filter(|b| options.iter().any(|o| &o.0 == b)).unwrap_or_else(|| "ibangga".into());
        let (year, rows) = ranked(app, &ctx.who, code, q.year, &by)?;
        let total = rows.len();
        let mut districts = std::collections::HashMap::new();
        let mut out = Vec::new();
        let mut unranked = 0;
        for (f, v, base) in &rows {
            if *base < view::MIN_FAMILIES {
                unranked += 1;
                continue;
            }
            if out.len() >= 100 {
                continue;
            }
            let parent = f.region.code.parent().unwrap_or(f.region.code);
            if let std::collections::hash_map::Entry::Vacant(e) = districts.entry(parent) {
                e.insert(app.store.region(parent)?.map(|r| r.name).unwrap_or_default());
            }
            out.push(RankRow {
                rank: out.len() + 1,
                href: format!("/wilayah/{}?year={year}", f.region.code),
                name: f.region.name.clone(),
                district: districts[&parent].clone(),
                value: l.fig(*v),
                base: l.count(*base),
            });
        }
        let by_label = options.iter().find(|o| o.0 == by).map(|o| o.1.clone()).unwrap_or_default();
        let page = RankingPage {
            c: Layout::new(&ctx),
            l,
            code: code.to_string(),
            name: region.name,
            year,
            options: options.into_iter().map(|(id, label)| (id.clone(), label, id == by)).collect(),
            by,
            by_label,
            rows: out,
            total,
            unranked,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
