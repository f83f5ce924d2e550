//! The region's own figures on its dashboard: headline counts, the iBangga with its category and the dimension
//! and category charts, the variables (the weakest first) and family planning, the published references, and the
//! change since the last round.

use super::{BodyInputs, RegionPage, category_class};
use crate::charts::{self, Bar, Segment};
use crate::i18n::Lang;
use crate::view;
use crate::{AppError, AppState};
use kkb_domain::disclosure::Hidden;
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};

/// A labelled value.
pub struct Stat {
    /// Label.
    pub label: String,
    /// Value as shown.
    pub value: String,
    /// A CSS class (e.g. `up`/`down`).
    pub class: &'static str,
}

/// A variable row.
pub struct VarRow {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Dimension label.
    pub dimension: String,
    /// Families where it applies.
    pub applicable: String,
    /// Families meeting it.
    pub met: String,
    /// Percent as shown.
    pub percent: String,
    /// Percent for sorting and charts.
    pub value: Option<f64>,
}

fn var_rows(l: Lang, f: &Figures, names: &[(String, String)], h: &Hidden) -> Vec<VarRow> {
    f.variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let show = !h.variable(i);
            let fallback = names.iter().find(|n| n.0 == v.id).map(|n| n.1.as_str()).unwrap_or(&v.id);
            VarRow {
                id: v.id.clone(),
                label: view::variable_label(l, &v.id, fallback),
                dimension: view::dimension_label(l, &v.dimension),
                applicable: if show { l.count(v.applicable) } else { "—".into() },
                met: if show { l.count(v.met) } else { "—".into() },
                percent: if show { l.fig(v.percent) } else { "—".into() },
                value: if show { v.percent } else { None },
            }
        })
        .collect()
}

/// The headline counts, the iBangga with its category, and the dimension and category charts.
pub(super) fn scores(
    page: &mut RegionPage,
    l: Lang,
    f: &Figures,
    h: &Hidden,
    dim_ids: &[String],
    national: Option<f64>,
) {
    let year = page.year;
    if !page.hidden {
        page.headline = vec![
            Stat { label: l.t("dash.families").into(), value: l.count(f.families), class: "" },
            Stat {
                label: l.t("dash.scored").into(),
                value: if h.scored() { "—".into() } else { l.count(f.scored_families) },
                class: "",
            },
        ];
    }
    if !h.scored() {
        page.ibangga = l.fig(f.ibangga);
        page.category = if f.ibangga.is_some() { view::category_label(l, f.category) } else { "" };
        page.category_class = category_class(f.category);
        // Dimensions chart with the national line.
        let mut bars: Vec<Bar> = dim_ids
            .iter()
            .map(|d| {
                let v = view::dimension(f, d);
                Bar { label: view::dimension_label(l, d), value: v, text: l.fig(v), colour: "#5e8cb8", href: None }
            })
            .collect();
        bars.push(Bar {
            label: "iBangga".into(),
            value: f.ibangga,
            text: l.fig(f.ibangga),
            colour: "#253494",
            href: None,
        });
        let reference = national.map(|n| (n, format!("{} {year}: {}", l.t("dash.national"), l.num(n, 2))));
        page.dims_chart =
            charts::bars(l.t("dash.dimensions"), &bars, reference.as_ref().map(|(v, s)| (*v, s.as_str())));
        // Categories.
        if f.scored_families > 0 {
            let segs: Vec<Segment> = Category::ALL
                .iter()
                .map(|c| {
                    let (n, p) = view::category(f, *c);
                    Segment {
                        label: view::category_label(l, Some(*c)).into(),
                        percent: p.unwrap_or(0.0),
                        text: format!("{}% ({})", l.fig(p), l.count(n)),
                        colour: view::category_colour(*c),
                        ink: if *c == Category::Berkembang { "#000" } else { "#fff" },
                    }
                })
                .collect();
            page.cats_chart = charts::stacked(l.t("dash.categories"), &segs);
        }
    }
}

/// The variables, the five weakest, and family planning.
pub(super) fn variables(page: &mut RegionPage, l: Lang, f: &Figures, names: &[(String, String)], h: &Hidden) {
    if !page.hidden {
        page.variables = var_rows(l, f, names, h);
        let mut weakest: Vec<VarRow> = var_rows(l, f, names, h).into_iter().filter(|v| v.value.is_some()).collect();
        weakest.sort_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
        weakest.truncate(5);
        page.weakest = weakest;
        let fp = &f.family_planning;
        if !h.family_planning() {
            page.fp = vec![
                Stat { label: l.t("dash.pus").into(), value: l.count(fp.pus), class: "" },
                Stat { label: l.t("dash.cpr").into(), value: l.fig(fp.cpr), class: "" },
                Stat { label: l.t("dash.mcpr").into(), value: l.fig(fp.mcpr), class: "" },
                Stat { label: l.t("dash.mkjp").into(), value: l.fig(fp.mkjp_share), class: "" },
                Stat { label: l.t("dash.unmet").into(), value: l.fig(fp.unmet_need), class: "" },
            ];
        }
    }
}

/// The published references: national and provincial.
pub(super) fn references(
    page: &mut RegionPage,
    app: &AppState,
    l: Lang,
    code: RegionCode,
    national: Option<f64>,
) -> Result<(), AppError> {
    let year = page.year;
    if let Some(n) = national {
        page.refs.push(Stat { label: format!("{} {year}", l.t("dash.national")), value: l.num(n, 2), class: "" });
    }
    if let Some(p) = view::provincial(code.province_number(), year) {
        let pname =
            app.store.region(code.ancestor_at(Level::Province).unwrap_or(code))?.map(|r| r.name).unwrap_or_default();
        page.refs.push(Stat {
            label: format!("{} {pname} {year}", l.t("dash.provincial_ref")),
            value: l.num(p, 2),
            class: "",
        });
    }
    Ok(())
}

/// The change since the last published round, if the reader may see both.
pub(super) fn changes(
    page: &mut RegionPage,
    i: BodyInputs<'_>,
    rounds: &[kkb_store::Round],
    f: &Figures,
    h: &Hidden,
    dim_ids: &[String],
) -> Result<(), AppError> {
    let BodyInputs { app, l, code, who, .. } = i;
    let year = page.year;
    // Round-over-round change.
    if let Some(prev) = rounds.iter().find(|r| r.year < year && r.published.is_some()) {
        page.prev_year = Some(prev.year);
        let p = app.store.region_figures(code, Some(prev.year), false)?;
        let before = crate::suppression::disclosure(app, who, code, Some(prev.year))?;
        if !h.scored() && !before.of(code).scored() {
            let mut pairs = vec![("iBangga".to_string(), f.ibangga, p.ibangga)];
            for d in dim_ids {
                pairs.push((view::dimension_label(l, d), view::dimension(f, d), view::dimension(&p, d)));
            }
            page.changes = pairs
                .into_iter()
                .map(|(label, now, before)| match (now, before) {
                    (Some(a), Some(b)) => Stat {
                        label,
                        value: l.delta(a - b),
                        class: if a - b >= 0.005 {
                            "up"
                        } else if a - b <= -0.005 {
                            "down"
                        } else {
                            ""
                        },
                    },
                    _ => Stat { label, value: "—".into(), class: "" },
                })
                .collect();
        }
    }
    Ok(())
}
