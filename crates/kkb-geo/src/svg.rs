//! SVG output: projection, compact path data and XML escaping.
//!
//! Coordinates are rounded to integer tenths of a viewBox unit before anything is written, and path data is
//! built from differences of those integers. Relative `l` commands therefore never accumulate rounding drift,
//! consecutive duplicates are exact to detect, and a district's villages stay well under 60 KB.

use std::collections::HashMap;

use crate::geojson::Feature;
use crate::{MapItem, MapOptions};

/// viewBox width used when `MapOptions::width` is 0.
const DEFAULT_WIDTH: u32 = 640;

/// Equirectangular projection of a lon/lat extent into a viewBox `width` wide.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Projection {
    min_lng: f64,
    max_lat: f64,
    /// cos(mean latitude of the extent): shrinks longitudes to roughly equal-area.
    kx: f64,
    scale: f64,
    margin: f64,
    /// viewBox width.
    pub width: u32,
    /// viewBox height, derived from the extent's aspect ratio.
    pub height: u32,
}

impl Projection {
    /// Fits the `[min_lng, min_lat, max_lng, max_lat]` extent into `width` with a small margin.
    pub fn fit(bbox: [f32; 4], width: u32) -> Projection {
        let width = if width == 0 { DEFAULT_WIDTH } else { width };
        let [min_lng, min_lat, max_lng, max_lat] = bbox.map(f64::from);
        let kx = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let margin = (f64::from(width) / 100.0).max(2.0);
        let inner = (f64::from(width) - 2.0 * margin).max(1.0);
        let (w, h) = ((max_lng - min_lng) * kx, max_lat - min_lat);
        let scale = if w > 0.0 {
            inner / w
        } else if h > 0.0 {
            inner / h
        } else {
            1.0
        };
        let height = (h * scale + 2.0 * margin).ceil() as u32;
        Projection { min_lng, max_lat, kx, scale, margin, width, height }
    }

    /// Projects `[lng, lat]` to viewBox coordinates in integer tenths.
    pub fn tenths(&self, p: [f32; 2]) -> [i32; 2] {
        let x = self.margin + (f64::from(p[0]) - self.min_lng) * self.kx * self.scale;
        let y = self.margin + (self.max_lat - f64::from(p[1])) * self.scale;
        [(x * 10.0).round() as i32, (y * 10.0).round() as i32]
    }

    /// Like [`Projection::tenths`] but clamped into the viewBox (for label points).
    fn tenths_clamped(&self, p: [f32; 2]) -> [i32; 2] {
        let [x, y] = self.tenths(p);
        [x.clamp(0, self.width as i32 * 10), y.clamp(0, self.height as i32 * 10)]
    }
}

/// One child region to draw.
pub(crate) struct Region<'f> {
    pub feature: &'f Feature,
    pub highlight: bool,
}

/// Renders the whole `<svg>` element for `regions` (already ordered; the highlighted one last).
pub(crate) fn render(
    regions: &[Region<'_>],
    items: &HashMap<&str, &MapItem<'_>>,
    opts: &MapOptions<'_>,
    fallback_label: &str,
) -> String {
    let bbox = regions.iter().fold([f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY], |b, r| {
        let f = r.feature.bbox;
        [b[0].min(f[0]), b[1].min(f[1]), b[2].max(f[2]), b[3].max(f[3])]
    });
    let proj = Projection::fit(bbox, opts.width);
    let w = f64::from(proj.width);
    // Presentation attributes give sane print defaults; the web CSS overrides them through the classes.
    let thin = tenths_of(w / 800.0).max(3);
    let thick = tenths_of(w / 250.0).max(15);
    let font = tenths_of(w / 55.0).max(60);
    let hatch = (proj.width / 100).max(4);

    let any_nodata = regions.iter().any(|r| fill_of(items, r.feature).is_none());
    let aria = if opts.aria_label.trim().is_empty() { fallback_label } else { opts.aria_label };

    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kkb-map\" viewBox=\"0 0 ");
    push_u32(&mut out, proj.width);
    out.push(' ');
    push_u32(&mut out, proj.height);
    out.push_str("\" role=\"img\" aria-label=\"");
    push_escaped(&mut out, aria);
    out.push_str("\"><title>");
    push_escaped(&mut out, aria);
    out.push_str("</title>");
    if any_nodata {
        out.push_str(
            "<defs><pattern id=\"nodata\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\" width=\"",
        );
        push_u32(&mut out, hatch);
        out.push_str("\" height=\"");
        push_u32(&mut out, hatch);
        out.push_str("\"><rect width=\"");
        push_u32(&mut out, hatch);
        out.push_str("\" height=\"");
        push_u32(&mut out, hatch);
        out.push_str("\" fill=\"#f2f2f2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"");
        push_u32(&mut out, hatch);
        out.push_str("\" stroke=\"#999\" stroke-width=\"");
        push_u32(&mut out, hatch.div_ceil(3));
        out.push_str("\"/></pattern></defs>");
    }

    out.push_str(
        "<g class=\"regions\" fill-rule=\"evenodd\" stroke=\"#fff\" stroke-linejoin=\"round\" stroke-width=\"",
    );
    push_tenths(&mut out, thin);
    out.push_str("\">");
    let mut scratch = Vec::new();
    for region in regions {
        let f = region.feature;
        let item = items.get(&*f.code);
        let href = item.and_then(|i| i.href).filter(|h| !h.trim().is_empty());
        if let Some(href) = href {
            out.push_str("<a href=\"");
            push_escaped(&mut out, href);
            out.push_str("\">");
        }
        let fill = fill_of(items, f);
        out.push_str("<path class=\"region");
        if fill.is_none() {
            out.push_str(" nodata");
        }
        if region.highlight {
            out.push_str(" highlight\" stroke=\"#1a1a1a\" stroke-width=\"");
            push_tenths(&mut out, thick);
        }
        out.push_str("\" fill=\"");
        match fill {
            Some(fill) => push_escaped(&mut out, fill),
            None => out.push_str("url(#nodata)"),
        }
        out.push_str("\" d=\"");
        push_path_data(&mut out, f, &proj, &mut scratch);
        out.push_str("\"><title>");
        match item.map(|i| i.title.trim()).filter(|t| !t.is_empty()) {
            Some(title) => push_escaped(&mut out, title),
            None => {
                push_escaped(&mut out, &f.name);
                if item.is_none() && !opts.no_data_label.trim().is_empty() {
                    out.push_str(": ");
                    push_escaped(&mut out, opts.no_data_label.trim());
                }
            }
        }
        out.push_str("</title></path>");
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");

    let labels: Vec<_> = regions
        .iter()
        .filter_map(|r| {
            let label = items.get(&*r.feature.code)?.label?.trim();
            (!label.is_empty()).then_some((r.feature, label))
        })
        .collect();
    if !labels.is_empty() {
        // Labels come after every path so no region covers them; they must not swallow clicks on the links.
        out.push_str("<g class=\"map-labels\" font-family=\"sans-serif\" text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#fff\" paint-order=\"stroke\" pointer-events=\"none\" font-size=\"");
        push_tenths(&mut out, font);
        out.push_str("\" stroke-width=\"");
        push_tenths(&mut out, (font / 4).max(5));
        out.push_str("\">");
        for (f, label) in labels {
            let centre = f.centroid.unwrap_or([(f.bbox[0] + f.bbox[2]) / 2.0, (f.bbox[1] + f.bbox[3]) / 2.0]);
            let [x, y] = proj.tenths_clamped(centre);
            out.push_str("<text class=\"map-label\" dy=\".35em\" x=\"");
            push_tenths(&mut out, x);
            out.push_str("\" y=\"");
            push_tenths(&mut out, y);
            out.push_str("\">");
            push_escaped(&mut out, label);
            out.push_str("</text>");
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// The item's fill, or `None` when the region has no data (no item, or an empty fill).
fn fill_of<'a>(items: &HashMap<&str, &'a MapItem<'a>>, f: &Feature) -> Option<&'a str> {
    items.get(&*f.code).map(|i| i.fill.trim()).filter(|fill| !fill.is_empty())
}

fn tenths_of(v: f64) -> i32 {
    (v * 10.0).round() as i32
}

/// Appends one subpath per ring: `M x y l dx dy dx dy … z`, in rounded tenths, without consecutive duplicates.
/// Rings that collapse below three distinct points are left out, unless that would leave the region empty.
pub(crate) fn push_path_data(out: &mut String, f: &Feature, proj: &Projection, scratch: &mut Vec<[i32; 2]>) {
    let mut written = false;
    for pass in [3, 1] {
        for ring in f.rings() {
            scratch.clear();
            for &p in ring {
                let t = proj.tenths(p);
                if scratch.last() != Some(&t) {
                    scratch.push(t);
                }
            }
            if scratch.len() > 1 && scratch.first() == scratch.last() {
                scratch.pop();
            }
            if scratch.len() < pass {
                continue;
            }
            out.push('M');
            push_tenths(out, scratch[0][0]);
            out.push(' ');
            push_tenths(out, scratch[0][1]);
            if scratch.len() > 1 {
                out.push('l');
                let mut first = true;
                for pair in scratch.windows(2) {
                    for delta in [pair[1][0] - pair[0][0], pair[1][1] - pair[0][1]] {
                        if !first && delta >= 0 {
                            out.push(' ');
                        }
                        push_tenths(out, delta);
                        first = false;
                    }
                }
            }
            out.push('z');
            written = true;
        }
        if written {
            return;
        }
    }
}

/// Writes an integer count of tenths as the shortest decimal: `12` → `1.2`, `-5` → `-.5`, `30` → `3`.
pub(crate) fn push_tenths(out: &mut String, tenths: i32) {
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    let (int, frac) = (abs / 10, abs % 10);
    if int != 0 || frac == 0 {
        push_u32(out, int);
    }
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + frac as u8));
    }
}

fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// Appends `s` escaped for XML text and attribute values. Characters XML 1.0 forbids are dropped, so a
/// stray control character in a name cannot make a saved SVG unreadable.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}
