//! Kampung KB coverage on a region dashboard: now, at each year end, and per sub-region on a map.

use crate::charts::{self, Bar};
use crate::i18n::Lang;
use crate::view;
use crate::{AppError, AppState};
use kkb_domain::region::{Level, RegionCode};

/// Kampung KB coverage of the region.
pub struct CoverageView {
    /// Formed (active, launched).
    pub formed: String,
    /// Villages.
    pub villages: String,
    /// Share as shown.
    pub percent: String,
    /// For a village: its launch date, if it has a Kampung KB.
    pub since: Option<String>,
    /// Coverage at each year end since the programme began (bar chart).
    pub timeline: String,
    /// Coverage map of the sub-regions.
    pub map: Option<String>,
}

/// The first year of the programme (Kampung KB launched 14 January 2016).
const FIRST_YEAR: i32 = 2016;

fn share(c: kkb_store::Coverage) -> Option<f64> {
    (c.villages > 0).then(|| 100.0 * c.formed as f64 / c.villages as f64)
}

/// Kampung KB coverage of a region: now, at each year end, and per sub-region on a map.
pub(super) fn coverage(app: &AppState, l: Lang, code: RegionCode) -> Result<CoverageView, AppError> {
    let now = app.store.coverage(code, None)?;
    let since = if code.level() == Level::Village {
        app.store.kampung(code)?.filter(|k| k.active).map(|k| l.date(k.launch_date))
    } else {
        None
    };
    let this_year = kkb_domain::date::today_utc().year();
    let mut bars = Vec::new();
    for y in FIRST_YEAR..=this_year {
        let end = kkb_domain::date::Date::new(y, 12, 31).ok_or_else(|| AppError::Internal("date".into()))?;
        let c = app.store.coverage(code, Some(end))?;
        let p = share(c);
        bars.push(Bar {
            label: y.to_string(),
            value: p,
            text: format!("{} ({}%)", l.count(c.formed), l.fig(p)),
            colour: p.map(view::coverage_colour).unwrap_or("#cccccc"),
            href: None,
        });
    }
    let timeline = charts::bars(l.t("cov.timeline"), &bars, None);
    let map = if code.level() == Level::Village {
        None
    } else {
        let children = app.store.coverage_children(code, None)?;
        let rows: Vec<(String, &'static str, String, String)> = children
            .iter()
            .map(|c| {
                let p = share(c.coverage);
                (
                    c.region.code.to_string(),
                    p.map(view::coverage_colour).unwrap_or(""),
                    format!("/wilayah/{}", c.region.code),
                    format!(
                        "{}: {} / {} ({}%)",
                        c.region.name,
                        l.count(c.coverage.formed),
                        l.count(c.coverage.villages),
                        l.fig(p)
                    ),
                )
            })
            .collect();
        let items: Vec<kkb_geo::MapItem<'_>> = rows
            .iter()
            .map(|(code, fill, href, title)| kkb_geo::MapItem { code, fill, href: Some(href), title, label: None })
            .collect();
        let opts = kkb_geo::MapOptions {
            width: 640,
            aria_label: l.t("cov.map"),
            highlight: None,
            no_data_label: l.t("dash.no_data"),
        };
        kkb_geo::Atlas::global().map(&code.to_string(), &items, &opts)
    };
    Ok(CoverageView {
        formed: l.count(now.formed),
        villages: l.count(now.villages),
        percent: l.fig(share(now)),
        since,
        timeline,
        map,
    })
}
