//! Region boundaries for kampungkb, drawn as server-side SVG choropleth maps.
//!
//! The maps need no JavaScript and no tile server: users' offices are often offline or on slow links, and
//! the maps must print. The Bengkulu boundaries (province, 10 regencies, 129 districts, 1,513 villages) are
//! embedded in the binary, parsed once into compact rings ([`Atlas::global`]), and each map is a plain
//! `<svg>` string whose regions are links for drill-down. The page around it sets the width (`width: 100%`);
//! the SVG only has a viewBox, so it scales to a phone.
//!
//! Boundary lineage is unverified upstream (see the data README); the maps are for visualisation only.

mod geojson;
mod svg;

pub use svg::push_escaped;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use geojson::{Feature, Level};

const PROVINCE: &str = include_str!("../assets/bengkulu-province.geojson");
const REGENCIES: &str = include_str!("../assets/bengkulu-regencies.geojson");
const DISTRICTS: &str = include_str!("../assets/bengkulu-districts.geojson");
const VILLAGES: &str = include_str!("../assets/bengkulu-villages.geojson");

/// All boundaries, parsed once from the embedded GeoJSON, indexed by code and by parent.
pub struct Atlas {
    features: Vec<Feature>,
    by_code: HashMap<Box<str>, usize>,
    /// Children of each parent code, in code order.
    children: HashMap<Box<str>, Vec<usize>>,
}

/// One region's data on a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapItem<'a> {
    /// Dotted Kemendagri code of the region, e.g. `"17.01"`.
    pub code: &'a str,
    /// CSS colour such as `"#1b7837"`, or `""` when the region has no data (drawn hatched).
    pub fill: &'a str,
    /// Link target for drill-down; `None` draws the region without a link.
    pub href: Option<&'a str>,
    /// Tooltip text, e.g. `"Kab. Kaur: 55,12"`; when empty, the region's name is used.
    pub title: &'a str,
    /// Short text drawn at the region's label point.
    pub label: Option<&'a str>,
}

/// How to draw a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapOptions<'a> {
    /// viewBox width (e.g. 640); the height follows from the drawn area's aspect ratio. 0 means 640.
    pub width: u32,
    /// Accessible name of the map (`aria-label` and `<title>`); when empty, the parent region's name.
    pub aria_label: &'a str,
    /// Code of a child region to outline more thickly (drawn last, so its outline is on top).
    pub highlight: Option<&'a str>,
    /// Appended to the tooltip of regions absent from the items, e.g. `"tidak ada data"`.
    pub no_data_label: &'a str,
}

impl Default for MapOptions<'_> {
    fn default() -> Self {
        MapOptions { width: 640, aria_label: "", highlight: None, no_data_label: "" }
    }
}

impl Atlas {
    /// Parses the four embedded GeoJSON files.
    ///
    /// # Panics
    /// If the embedded data is malformed; the unit tests load it, so that cannot reach a release.
    pub fn load() -> Atlas {
        let mut features = Vec::new();
        for (src, file) in [
            (PROVINCE, "bengkulu-province.geojson"),
            (REGENCIES, "bengkulu-regencies.geojson"),
            (DISTRICTS, "bengkulu-districts.geojson"),
            (VILLAGES, "bengkulu-villages.geojson"),
        ] {
            features.extend(geojson::parse_collection(src, file).unwrap_or_else(|e| panic!("embedded GeoJSON: {e}")));
        }
        features.sort_by(|a, b| a.code.cmp(&b.code));
        let by_code = features.iter().enumerate().map(|(i, f)| (f.code.clone(), i)).collect();
        let mut children: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for (i, f) in features.iter().enumerate() {
            if !f.parent_code.is_empty() {
                children.entry(f.parent_code.clone()).or_default().push(i);
            }
        }
        Atlas { features, by_code, children }
    }

    /// The process-wide atlas, loaded on first use.
    pub fn global() -> &'static Atlas {
        static ATLAS: OnceLock<Atlas> = OnceLock::new();
        ATLAS.get_or_init(Atlas::load)
    }

    /// Whether there is a boundary for `code`.
    pub fn has(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// A map of the direct sub-regions of `parent` (province → regencies, regency → districts, district →
    /// villages), filled from `items`.
    ///
    /// For a village `parent`, draws the villages of its district with that village highlighted. Items
    /// without a boundary (or not children of `parent`) are ignored; children without an item are drawn
    /// as no data. Returns `None` when there is no boundary for `parent` or for any of its children.
    pub fn map(&self, parent: &str, items: &[MapItem<'_>], opts: &MapOptions<'_>) -> Option<String> {
        let mut parent = self.feature(parent)?;
        let mut highlight = opts.highlight;
        if parent.level == Level::Village {
            highlight = Some(&*parent.code);
            parent = self.feature(&parent.parent_code)?;
        }
        let children = self.children.get(&*parent.code)?;
        let mut regions: Vec<svg::Region<'_>> = children
            .iter()
            .map(|&i| {
                let feature = &self.features[i];
                svg::Region { feature, highlight: highlight == Some(&*feature.code) }
            })
            .collect();
        if regions.is_empty() {
            return None;
        }
        // Stable: the highlighted region moves last, the rest keep code order.
        regions.sort_by_key(|r| r.highlight);
        let mut by_code = HashMap::with_capacity(items.len());
        for item in items {
            by_code.entry(item.code).or_insert(item);
        }
        Some(svg::render(&regions, &by_code, opts, &parent.name))
    }

    fn feature(&self, code: &str) -> Option<&Feature> {
        self.by_code.get(code.trim()).map(|&i| &self.features[i])
    }
}

impl fmt::Debug for Atlas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Atlas").field("features", &self.features.len()).finish_non_exhaustive()
    }
}
