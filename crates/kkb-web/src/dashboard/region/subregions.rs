//! The sub-regions on a region dashboard: the sortable table, the bar chart and the choropleth map (for a
//! village, the map of its siblings).

use super::{BodyInputs, RegionPage, SortLink, category_class};
use crate::AppError;
use crate::charts::{self, Bar};
use crate::i18n::Lang;
use crate::view;
use kkb_domain::disclosure::{Disclosure, Hidden};
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};

/// A sub-region row.
pub struct ChildRow {
    /// Link.
    pub href: String,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Families.
    pub families: String,
    /// iBangga.
    pub ibangga: String,
    /// Dimension indices in methodology order.
    pub dims: Vec<String>,
    /// Share of Rentan families.
    pub rentan: String,
    /// Category label.
    pub category: &'static str,
    /// Category CSS class.
    pub class: &'static str,
    /// Kampung KB formed / villages.
    pub coverage: String,
    /// Active Kampung KB per class, compact (D / B / M / B).
    pub classes: String,
}

/// A sub-region's row; what its reader may not see is a dash (a hidden count is not always a small one: see
/// [`kkb_domain::disclosure`]).
fn child_row(l: Lang, f: &Figures, dims: &[String], year: u16, h: &Hidden) -> ChildRow {
    let show = !h.scored();
    let (_, rentan) = view::category(f, Category::Rentan);
    ChildRow {
        href: format!("/wilayah/{}?year={year}", f.region.code),
        code: f.region.code.to_string(),
        name: f.region.name.clone(),
        families: if h.all() { "—".into() } else { l.count(f.families) },
        ibangga: if show { l.fig(f.ibangga) } else { "—".into() },
        dims: dims.iter().map(|d| if show { l.fig(view::dimension(f, d)) } else { "—".into() }).collect(),
        rentan: if show { l.fig(rentan) } else { "—".into() },
        category: if show && f.ibangga.is_some() { view::category_label(l, f.category) } else { "—" },
        class: if show { category_class(f.category) } else { "cat-none" },
        coverage: String::new(),
        classes: String::new(),
    }
}

fn sort_children(children: &mut [Figures], key: &str, desc: bool, d: &Disclosure) {
    let val = |f: &Figures| -> Option<f64> {
        let h = d.of(f.region.code);
        match key {
            _ if h.all() => None,
            "families" => Some(f.families as f64),
            _ if h.scored() => None,
            "ibangga" => f.ibangga,
            "rentan" => view::category(f, Category::Rentan).1,
            d => view::dimension(f, d),
        }
    };
    if key == "name" {
        children.sort_by(|a, b| a.region.name.cmp(&b.region.name));
        if desc {
            children.reverse();
        }
        return;
    }
    children.sort_by(|a, b| {
        let (x, y) = (val(a), val(b));
        // Missing values last in either direction.
        match (x, y) {
            (None, None) => a.region.code.cmp(&b.region.code),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if desc { o.reverse() } else { o }
            }
        }
    });
}

/// The sub-region table with its sort links, the bar chart of the sub-regions, and the map.
pub(super) fn subregions(
    page: &mut RegionPage,
    i: BodyInputs<'_>,
    f: &mut Figures,
    dim_ids: &[String],
    disclosure: &Disclosure,
    national: Option<f64>,
) -> Result<(), AppError> {
    let BodyInputs { app, l, code, q, .. } = i;
    let year = page.year;
    // Sub-regions: for a village, its siblings give the map.
    let mut children = f.children.take().unwrap_or_default();
    if let Some(first) = children.first() {
        page.child_level = view::level_label(l, first.region.level).into();
    }
    let (sort, desc) = (q.sort.clone().unwrap_or_else(|| "ibangga".into()), q.dir.as_deref() != Some("asc"));
    let valid_sort = ["name", "families", "ibangga", "rentan"].contains(&sort.as_str()) || dim_ids.contains(&sort);
    let sort = if valid_sort { sort } else { "ibangga".into() };
    sort_children(&mut children, &sort, desc, disclosure);
    let mut keys: Vec<(String, String)> = vec![
        ("name".into(), l.t("dash.name").into()),
        ("families".into(), l.t("dash.families").into()),
        ("ibangga".into(), "iBangga".into()),
    ];
    keys.extend(dim_ids.iter().map(|d| (d.clone(), view::dimension_label(l, d))));
    keys.push(("rentan".into(), format!("% {}", l.t("cat.rentan"))));
    page.sort_links = keys
        .into_iter()
        .map(|(k, label)| {
            let active = k == sort;
            let next_dir = if active && desc {
                "asc"
            } else if active {
                "desc"
            } else if k == "name" {
                "asc"
            } else {
                "desc"
            };
            SortLink {
                href: format!("/wilayah/{code}?year={year}&sort={k}&dir={next_dir}#sub"),
                aria: if !active {
                    "none"
                } else if desc {
                    "descending"
                } else {
                    "ascending"
                },
                label,
            }
        })
        .collect();
    let child_coverage: std::collections::HashMap<RegionCode, kkb_store::Coverage> = if code.level() == Level::Village {
        Default::default()
    } else {
        app.store.coverage_children(code, None)?.into_iter().map(|c| (c.region.code, c.coverage)).collect()
    };
    let child_classes: std::collections::HashMap<RegionCode, kkb_store::ClassCounts> = if code.level() == Level::Village
    {
        Default::default()
    } else {
        app.store.class_counts_children(code)?.into_iter().map(|c| (c.region.code, c.counts)).collect()
    };
    page.children = children
        .iter()
        .map(|c| {
            let mut row = child_row(l, c, dim_ids, year, &disclosure.of(c.region.code));
            if let Some(cv) = child_coverage.get(&c.region.code) {
                row.coverage = format!("{} / {}", l.count(cv.formed), l.count(cv.villages));
            }
            if let Some(k) = child_classes.get(&c.region.code) {
                row.classes = crate::registry::compact(l, k);
            }
            row
        })
        .collect();
    let mut ranked: Vec<&Figures> = children.iter().collect();
    ranked.sort_by(|a, b| {
        let v = |f: &Figures| if disclosure.of(f.region.code).scored() { -1.0 } else { f.ibangga.unwrap_or(-1.0) };
        v(b).total_cmp(&v(a))
    });
    if !ranked.is_empty() {
        let bars: Vec<Bar> = ranked
            .iter()
            .map(|c| {
                let show = !disclosure.of(c.region.code).scored();
                let v = if show { c.ibangga } else { None };
                Bar {
                    label: c.region.name.clone(),
                    value: v,
                    text: if show { l.fig(v) } else { l.t("dash.hidden").into() },
                    colour: v.map(view::map_colour).unwrap_or("#cccccc"),
                    href: Some(format!("/wilayah/{}?year={year}", c.region.code)),
                }
            })
            .collect();
        let reference = national.map(|n| (n, format!("{} {}", l.t("dash.national"), l.num(n, 2))));
        page.children_chart =
            charts::bars(l.t("dash.chart_children"), &bars, reference.as_ref().map(|(v, s)| (*v, s.as_str())));
    }
    // The map: children of the region, or the village among its siblings.
    let siblings;
    let drawn: &[Figures] = if code.level() == Level::Village {
        let parent = code.parent().ok_or(AppError::NotFound)?;
        siblings = app.store.region_figures(parent, Some(year), true)?.children.unwrap_or_default();
        &siblings
    } else {
        &children
    };
    page.map = map_svg(l, code, drawn, year, disclosure);
    Ok(())
}

fn map_svg(l: Lang, code: RegionCode, regions: &[Figures], year: u16, d: &Disclosure) -> Option<String> {
    let rows: Vec<(String, &'static str, String, String)> = regions
        .iter()
        .map(|c| {
            let show = !d.of(c.region.code).scored();
            let v = if show { c.ibangga } else { None };
            let title = format!("{}: {}", c.region.name, if show { l.fig(v) } else { l.t("dash.hidden").into() });
            (
                c.region.code.to_string(),
                v.map(view::map_colour).unwrap_or(""),
                format!("/wilayah/{}?year={year}", c.region.code),
                title,
            )
        })
        .collect();
    let items: Vec<kkb_geo::MapItem<'_>> = rows
        .iter()
        .map(|(code, fill, href, title)| kkb_geo::MapItem { code, fill, href: Some(href), title, label: None })
        .collect();
    let code_s = code.to_string();
    let opts = kkb_geo::MapOptions {
        width: 640,
        aria_label: l.t("dash.map"),
        highlight: (code.level() == Level::Village).then_some(code_s.as_str()),
        no_data_label: l.t("dash.no_data"),
    };
    kkb_geo::Atlas::global().map(&code_s, &items, &opts)
}
