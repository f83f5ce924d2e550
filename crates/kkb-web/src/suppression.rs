//! Which figures a reader sees: [`crate::auth::Access::sees_exact`] (who may see a region's families) decides who
//! sees a region exactly; everyone else (the public, agency officers, administrators, and officers outside their
//! region) gets its figures with the cells [`kkb_domain::disclosure`] hides: small cells, and the cells hidden
//! with them so that no hidden figure is its parent's minus its visible siblings'. Pages, exports, the API,
//! rankings, maps and candidate lists all ask [`disclosure`], so a cell hidden in one is hidden in all.
//!
//! The disclosure of a province's whole tree is computed from its stored figures (three range reads) once per data
//! version, round and reader scope.

use crate::auth::Principal;
use crate::{AppError, AppState};
use kkb_domain::disclosure::{Bases, Disclosure};
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};
use std::sync::Arc;

/// What decides a reader's disclosure: the region they see exactly, or `none` (a reader who sees every region
/// exactly needs no disclosure at all).
pub fn reader_key(who: &Principal) -> String {
    match who.scope {
        Some(s) if who.sees_exact(s) => s.to_string(),
        _ => "none".into(),
    }
}

/// The additive counts of a region's figures (the family-planning counts back from their exact percentages).
fn bases(f: &Figures) -> Bases {
    let fp = &f.family_planning;
    let of = |percent: Option<f64>, base: i64| percent.map_or(0, |p| (p * base as f64 / 100.0).round() as i64);
    let (any, modern) = (of(fp.cpr, fp.pus), of(fp.mcpr, fp.pus));
    Bases {
        families: f.families,
        scored: f.scored_families,
        categories: Category::ALL.map(|c| crate::view::category(f, c).0),
        family_planning: [fp.pus, any, modern, of(fp.mkjp_share, modern), of(fp.unmet_need, fp.pus)],
        variables: f.variables.iter().map(|v| [v.applicable, v.met]).collect(),
    }
}

/// What a reader may see of the figures of `code`'s province in a round (`year`, or the default round).
pub fn disclosure(
    app: &AppState,
    who: &Principal,
    code: RegionCode,
    year: Option<u16>,
) -> Result<Arc<Disclosure>, AppError> {
    let province = code.ancestor_at(Level::Province).unwrap_or(code);
    if who.sees_exact(province) {
        return Ok(Arc::new(Disclosure::none()));
    }
    let version = app.store.data_version()?;
    let year = app.store.round(year)?.year;
    let key = format!("{province}|{year}|{}", reader_key(who));
    app.disclosure_cache.get_or_try_insert(version, key, || {
        let top = app.store.region_figures(province, Some(year), true)?;
        let mut tree: Vec<(RegionCode, Bases)> = vec![(province, bases(&top))];
        tree.extend(top.children.iter().flatten().map(|f| (f.region.code, bases(f))));
        for level in [Level::District, Level::Village] {
            let below = app.store.descendant_figures(province, level, Some(year))?;
            tree.extend(below.iter().map(|f| (f.region.code, bases(f))));
        }
        Ok(Arc::new(Disclosure::compute(&tree, &|c| who.sees_exact(c))))
    })
}

/// Whether a reader may see a village's figures of one variable (by id) of a round: `d` is the reader's disclosure of
/// that round.
pub fn variable_shown(d: &Disclosure, ids: &[String], village: RegionCode, variable: &str) -> bool {
    ids.iter().position(|v| v == variable).is_none_or(|i| !d.of(village).variable(i))
}

/// What a reader may see of the village figures an analysis uses (of `round`; nothing hidden without a round),
/// with the methodology's variable ids in order.
pub fn of_villages(
    app: &AppState,
    who: &Principal,
    code: RegionCode,
    round: Option<u16>,
    figures: &[Figures],
) -> Result<(Arc<Disclosure>, Vec<String>), AppError> {
    let ids = figures.first().map(|f| f.variables.iter().map(|v| v.id.clone()).collect()).unwrap_or_default();
    let d = match round {
        Some(r) => disclosure(app, who, code, Some(r))?,
        None => Arc::new(Disclosure::none()),
    };
    Ok((d, ids))
}
