//! Server-rendered SVG charts: readable without JavaScript, printable, labelled with their values (colour is never
//! the only cue), and sized by their viewBox so they fit a phone screen.

use std::fmt::Write;

/// Escapes text for XML (the maps' escaping: one rule for every SVG the application draws).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    kkb_geo::push_escaped(&mut out, s);
    out
}

/// One bar.
pub struct Bar {
    /// Label at the left.
    pub label: String,
    /// Value (0..=100); `None` draws no bar and shows the `text` only.
    pub value: Option<f64>,
    /// The value as shown (locale formatted).
    pub text: String,
    /// Fill colour.
    pub colour: &'static str,
    /// Link (drill-down), if any.
    pub href: Option<String>,
}

/// A horizontal bar chart on a 0–100 scale with an optional labelled reference line (e.g. the national figure).
pub fn bars(title: &str, bars: &[Bar], reference: Option<(f64, &str)>) -> String {
    let label_w = 210.0;
    let plot_w = 330.0;
    let value_w = 70.0;
    let row_h = 24.0;
    let top = if reference.is_some() { 22.0 } else { 6.0 };
    let height = top + row_h * bars.len() as f64 + 22.0;
    let width = label_w + plot_w + value_w;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    // Grid at 0, 25, 50, 75, 100.
    for i in 0..=4 {
        let x = label_w + plot_w * f64::from(i) / 4.0;
        let _ = write!(
            s,
            r#"<line class="grid" x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{y2:.1}"/><text class="axis" x="{x:.1}" y="{ty:.1}" text-anchor="middle">{v}</text>"#,
            y2 = height - 18.0,
            ty = height - 5.0,
            v = i * 25
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let label = esc(&truncate(&b.label, 30));
        let w = b.value.map(|v| plot_w * v.clamp(0.0, 100.0) / 100.0).unwrap_or(0.0);
        let open = b.href.as_ref().map(|h| format!(r#"<a href="{}">"#, esc(h))).unwrap_or_default();
        let close = if b.href.is_some() { "</a>" } else { "" };
        let _ = write!(
            s,
            r##"{open}<g class="bar"><title>{full}: {text}</title><text class="label" x="{lx}" y="{ty:.1}" text-anchor="end">{label}</text><rect x="{label_w}" y="{ry:.1}" width="{w:.1}" height="{rh}" fill="{c}" stroke="#333" stroke-width="0.5"/><text class="value" x="{vx:.1}" y="{ty:.1}">{text}</text></g>{close}"##,
            full = esc(&b.label),
            text = esc(&b.text),
            lx = label_w - 6.0,
            ty = y + row_h * 0.68,
            ry = y + 3.0,
            rh = row_h - 6.0,
            c = b.colour,
            vx = label_w + w + 4.0,
        );
    }
    if let Some((v, label)) = reference {
        let x = label_w + plot_w * v.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            s,
            r##"<line class="reference" x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y2:.1}" stroke="#000" stroke-width="1.5" stroke-dasharray="4 3"/><text class="reference-label" x="{x:.1}" y="14" text-anchor="middle">{l}</text>"##,
            y1 = top - 4.0,
            y2 = height - 18.0,
            l = esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

/// One segment of a stacked bar.
pub struct Segment {
    /// Label (shown in the legend with the value).
    pub label: String,
    /// Share in percent.
    pub percent: f64,
    /// The share as shown.
    pub text: String,
    /// Fill colour.
    pub colour: &'static str,
    /// Text colour with enough contrast on the fill.
    pub ink: &'static str,
}

/// A 100% stacked bar with the shares written inside the segments wide enough to hold them, and a legend.
pub fn stacked(title: &str, segments: &[Segment]) -> String {
    let width = 600.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {width} {h}" role="img" aria-label="{t}"><title>{t}</title>"#,
        h = 48 + 18 * segments.len(),
        t = esc(title)
    );
    let mut x = 0.0;
    for seg in segments {
        let w = width * seg.percent.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="4" width="{w:.1}" height="34" fill="{c}" stroke="#333" stroke-width="0.5"><title>{l}: {t}</title></rect>"##,
            c = seg.colour,
            l = esc(&seg.label),
            t = esc(&seg.text)
        );
        // Inside the segment its share alone ("18,56%"), and only where it fits whole (about 8 units a
        // character at the segment's bold 13 px); the counts are in the legend.
        let share = seg.text.split(" (").next().unwrap_or_default();
        if w > 8.0 * share.chars().count() as f64 + 8.0 {
            let _ = write!(
                s,
                r#"<text x="{cx:.1}" y="26" text-anchor="middle" fill="{ink}" class="segment">{t}</text>"#,
                cx = x + w / 2.0,
                ink = seg.ink,
                t = esc(share)
            );
        }
        x += w;
    }
    // The legend, one line a segment, so that long counts never run into each other.
    for (i, seg) in segments.iter().enumerate() {
        let y = 48 + 18 * i;
        let _ = write!(
            s,
            r##"<rect x="0" y="{y}" width="14" height="14" fill="{c}" stroke="#333" stroke-width="0.5"/><text x="19" y="{ty}" class="legend">{l} {t}</text>"##,
            c = seg.colour,
            ty = y + 11,
            l = esc(&seg.label),
            t = esc(&seg.text)
        );
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_labelled_and_escaped() {
        let svg = bars(
            "iBangga",
            &[Bar {
                label: "Kota <Bengkulu>".into(),
                value: Some(55.5),
                text: "55,50".into(),
                colour: "#123456",
                href: Some("/wilayah/17.71".into()),
            }],
            Some((54.01, "Nasional 54,01")),
        );
        assert!(svg.contains("Kota &lt;Bengkulu&gt;"));
        assert!(svg.contains("55,50"));
        assert!(svg.contains(r#"href="/wilayah/17.71""#));
        assert!(svg.contains("Nasional 54,01"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
    }

    #[test]
    fn stacked_segments_sum_to_the_width() {
        let seg = |p: f64| Segment { label: "x".into(), percent: p, text: format!("{p}"), colour: "#000", ink: "#fff" };
        let svg = stacked("t", &[seg(25.0), seg(75.0)]);
        assert!(svg.contains(r#"x="150.0" y="4" width="450.0""#));
    }

    /// A segment too narrow for its share shows none (never a clipped "8,56%" for 18,56%); the legend has every
    /// share with its count, one line each, so long counts never overlap.
    #[test]
    fn shares_are_whole_or_absent_and_the_legend_does_not_overlap() {
        let seg = |p: f64, text: &str| Segment {
            label: "x".into(),
            percent: p,
            text: text.into(),
            colour: "#000",
            ink: "#fff",
        };
        let texts = ["5,00% (31.000)", "18,56% (114.699)", "76,44% (473.824)"];
        let svg = stacked("t", &[seg(5.0, texts[0]), seg(18.56, texts[1]), seg(76.44, texts[2])]);
        assert!(!svg.contains(r#"class="segment">5,00%"#), "30 units cannot hold it: {svg}");
        assert!(svg.contains(r#"class="segment">18,56%</text>"#), "{svg}");
        assert!(svg.contains(r#"class="segment">76,44%</text>"#), "{svg}");
        assert!(!svg.contains(r#"class="segment">18,56% ("#), "counts stay in the legend");
        for (i, text) in texts.iter().enumerate() {
            assert!(svg.contains(&format!(r#"y="{}" class="legend">x {text}</text>"#, 59 + 18 * i)), "{svg}");
        }
    }
}
