use std::time::Instant;

use super::*;

fn atlas() -> &'static Atlas {
    Atlas::global()
}

fn codes_at(level: Level) -> Vec<&'static str> {
    atlas().features.iter().filter(|f| f.level == level).map(|f| &*f.code).collect()
}

fn child_codes(parent: &str) -> Vec<&'static str> {
    atlas().children[parent].iter().map(|&i| &*atlas().features[i].code).collect()
}

/// Realistic items for every child: fill, link, a tooltip naming the code, and optionally a label.
fn owned_items(parent: &str) -> Vec<(String, String, String)> {
    child_codes(parent)
        .into_iter()
        .map(|c| (c.to_string(), format!("/wilayah/{c}"), format!("{c}: Kabupaten Bengkulu Selatan 55,12")))
        .collect()
}

fn items_of(owned: &[(String, String, String)], labels: bool) -> Vec<MapItem<'_>> {
    owned
        .iter()
        .map(|(code, href, title)| MapItem {
            code,
            fill: "#1b7837",
            href: Some(href),
            title,
            label: labels.then_some("55,1"),
        })
        .collect()
}

fn opts() -> MapOptions<'static> {
    MapOptions { width: 640, aria_label: "Peta", highlight: None, no_data_label: "tidak ada data" }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The viewBox `(width, height)` of a rendered map.
fn view_box(svg: &str) -> (f64, f64) {
    let start = svg.find("viewBox=\"0 0 ").expect("viewBox") + "viewBox=\"0 0 ".len();
    let rest = &svg[start..];
    let dims: Vec<f64> = rest[..rest.find('"').unwrap()].split(' ').map(|n| n.parse().unwrap()).collect();
    (dims[0], dims[1])
}

/// Absolute points of every `d` attribute, following `M`, implicit relative `l` pairs and `z`.
fn absolute_points(svg: &str) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for chunk in svg.split(" d=\"").skip(1) {
        let d = &chunk[..chunk.find('"').unwrap()];
        for subpath in d.split('M').filter(|s| !s.is_empty()) {
            let subpath = subpath.strip_suffix('z').expect("closed subpath");
            let (start, rel) = subpath.split_once('l').unwrap_or((subpath, ""));
            let numbers = |s: &str| -> Vec<f64> {
                let s = s.replace('-', " -");
                s.split(' ').filter(|n| !n.is_empty()).map(|n| n.parse::<f64>().unwrap()).collect()
            };
            let start = numbers(start);
            assert_eq!(start.len(), 2, "M takes one point: {subpath}");
            let (mut x, mut y) = (start[0], start[1]);
            points.push((x, y));
            let deltas = numbers(rel);
            assert_eq!(deltas.len() % 2, 0, "l takes pairs");
            for pair in deltas.chunks(2) {
                assert!(pair != [0.0, 0.0], "consecutive duplicate point");
                x += pair[0];
                y += pair[1];
                points.push((x, y));
            }
        }
    }
    points
}

#[test]
fn all_features_load() {
    let atlas = atlas();
    assert_eq!(codes_at(Level::Province), ["17"]);
    assert_eq!(codes_at(Level::Regency).len(), 10);
    assert_eq!(codes_at(Level::District).len(), 129);
    assert_eq!(codes_at(Level::Village).len(), 1513);
    assert_eq!(atlas.features.len(), 1653);
    assert_eq!(atlas.features.iter().map(Feature::vertex_count).sum::<usize>(), 205 + 687 + 2_858 + 123_304);
    assert!(atlas.has("17") && atlas.has("17.01.01.2001"));
    assert!(!atlas.has("18") && !atlas.has(""));
}

#[test]
fn load_time_and_largest_map() {
    let start = Instant::now();
    let atlas = Atlas::load();
    let elapsed = start.elapsed();
    eprintln!("Atlas::load took {elapsed:?}");
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_millis() < 300, "load took {elapsed:?}");
    }
    let parents = std::iter::once("17").chain(codes_at(Level::Regency)).chain(codes_at(Level::District));
    let (size, parent) = parents
        .map(|p| {
            let owned = owned_items(p);
            let svg = atlas.map(p, &items_of(&owned, true), &opts()).unwrap();
            (svg.len(), p)
        })
        .max()
        .unwrap();
    eprintln!("largest map: {parent}, {size} bytes");
    assert!(size < 60_000, "{parent}: {size} bytes");
}

#[test]
fn every_region_has_a_path() {
    let atlas = atlas();
    for level in [Level::Province, Level::Regency, Level::District] {
        for parent in codes_at(level) {
            let children = child_codes(parent);
            let owned = owned_items(parent);
            let svg = atlas.map(parent, &items_of(&owned, false), &opts()).unwrap();
            assert_eq!(count(&svg, "<path class=\"region"), children.len(), "{parent}");
            for child in children {
                assert_eq!(count(&svg, &format!("<title>{child}: ")), 1, "{child} in {parent}");
            }
        }
    }
    let drawn: usize = codes_at(Level::Regency)
        .into_iter()
        .chain(codes_at(Level::District))
        .chain(["17"])
        .map(|p| child_codes(p).len())
        .sum();
    assert_eq!(drawn, 10 + 129 + 1513);
}

#[test]
fn province_map_has_ten_regencies_with_fills_and_links() {
    let codes = child_codes("17");
    let fills: Vec<String> = (0..codes.len()).map(|i| format!("#00{i:02}aa")).collect();
    let hrefs: Vec<String> = codes.iter().map(|c| format!("/peta/{c}?a=1&b=2")).collect();
    let items: Vec<MapItem<'_>> = codes
        .iter()
        .zip(&fills)
        .zip(&hrefs)
        .map(|((code, fill), href)| MapItem { code, fill, href: Some(href), title: code, label: None })
        .collect();
    let svg = atlas().map("17", &items, &opts()).unwrap();
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert!(svg.contains("role=\"img\" aria-label=\"Peta\"><title>Peta</title>"));
    assert!(!svg.contains(" width="), "no fixed width, only a viewBox");
    assert_eq!(count(&svg, "<path class=\"region\""), 10);
    assert_eq!(count(&svg, "<a href="), 10);
    for ((code, fill), href) in codes.iter().zip(&fills).zip(&hrefs) {
        let href = href.replace('&', "&amp;");
        let expected = format!("<a href=\"{href}\"><path class=\"region\" fill=\"{fill}\" d=\"M");
        assert!(svg.contains(&expected), "{code}: {expected}");
        assert!(svg.contains(&format!("<title>{code}</title></path></a>")));
    }
    assert!(!svg.contains("nodata"), "no pattern when every region has data");
    assert!(svg.contains("fill-rule=\"evenodd\""));
}

#[test]
fn missing_and_empty_items_are_hatched() {
    let items = [
        MapItem { code: "17.01", fill: "#1b7837", href: None, title: "Selatan", label: Some("9") },
        MapItem { code: "17.02", fill: "", href: Some("/x"), title: "", label: None },
        MapItem { code: "17.99", fill: "#000", href: Some("/nowhere"), title: "ghost", label: Some("ghost") },
        MapItem { code: "17.01.01", fill: "#000", href: Some("/grandchild"), title: "grandchild", label: None },
    ];
    let svg = atlas().map("17", &items, &opts()).unwrap();
    assert_eq!(count(&svg, "<pattern id=\"nodata\""), 1);
    assert_eq!(count(&svg, "<path class=\"region nodata\" fill=\"url(#nodata)\""), 9);
    assert_eq!(count(&svg, "<path class=\"region\" fill=\"#1b7837\""), 1);
    assert_eq!(count(&svg, "<a href="), 1, "only 17.02 has a link");
    assert!(svg.contains("<title>Kabupaten Rejang Lebong</title>"), "empty title falls back to the name");
    assert!(svg.contains("<title>Kabupaten Kaur: tidak ada data</title>"));
    assert!(!svg.contains("ghost") && !svg.contains("grandchild"));
    assert_eq!(count(&svg, "<text class=\"map-label\""), 1);
    assert!(svg.contains("\">9</text>"));
}

#[test]
fn text_is_escaped() {
    let items = [MapItem {
        code: "17.01",
        fill: "#1b7837\"><script>",
        href: Some("/a?x=1&y=<2>"),
        title: "Kab. <Kaur> & \"Seluma\" 'x'",
        label: Some("<&\">"),
    }];
    let options = MapOptions { aria_label: "Peta <&\">", ..opts() };
    let svg = atlas().map("17", &items, &options).unwrap();
    assert!(svg.contains("aria-label=\"Peta &lt;&amp;&quot;&gt;\""));
    assert!(svg.contains("<title>Peta &lt;&amp;&quot;&gt;</title>"));
    assert!(svg.contains("<title>Kab. &lt;Kaur&gt; &amp; &quot;Seluma&quot; &apos;x&apos;</title>"));
    assert!(svg.contains("href=\"/a?x=1&amp;y=&lt;2&gt;\""));
    assert!(svg.contains("fill=\"#1b7837&quot;&gt;&lt;script&gt;\""));
    assert!(svg.contains(">&lt;&amp;&quot;&gt;</text>"));
    assert!(!svg.contains("<script") && !svg.contains("<Kaur"));

    let mut out = String::new();
    svg::push_escaped(&mut out, "a\u{0}b\u{1b}c\td");
    assert_eq!(out, "abc\td");
}

#[test]
fn unknown_parent_gives_none() {
    let atlas = atlas();
    for parent in ["", "18", "17.99", "17.01.99", "17.01.01.9999", "not a code"] {
        assert!(atlas.map(parent, &[], &opts()).is_none(), "{parent:?}");
    }
}

#[test]
fn village_parent_highlights_that_village_in_its_district() {
    let atlas = atlas();
    let village = "17.01.01.2001";
    let owned = owned_items("17.01.01");
    let items = items_of(&owned, false);
    let svg = atlas.map(village, &items, &opts()).unwrap();
    assert_eq!(count(&svg, "<path class=\"region"), child_codes("17.01.01").len());
    assert_eq!(count(&svg, "class=\"region highlight\""), 1);
    let highlighted = &svg[svg.find("region highlight").unwrap()..];
    let highlighted = &highlighted[..highlighted.find("</path>").unwrap()];
    assert!(highlighted.contains(&format!("<title>{village}: ")), "{highlighted}");
    // The same as the district's map with the village highlighted.
    let district = atlas.map("17.01.01", &items, &MapOptions { highlight: Some(village), ..opts() }).unwrap();
    assert_eq!(svg, district);
    // Without a highlight nothing is outlined.
    let plain = atlas.map("17.01.01", &items, &opts()).unwrap();
    assert!(!plain.contains("highlight"));
}

#[test]
fn projection_keeps_points_inside_the_view_box() {
    let atlas = atlas();
    let parents = std::iter::once("17").chain(codes_at(Level::Regency)).chain(codes_at(Level::District));
    for parent in parents {
        for width in [640, 300] {
            let owned = owned_items(parent);
            let svg = atlas.map(parent, &items_of(&owned, true), &MapOptions { width, ..opts() }).unwrap();
            let (w, h) = view_box(&svg);
            assert_eq!(w, f64::from(width));
            let points = absolute_points(&svg);
            assert!(!points.is_empty());
            let eps = 1e-6;
            let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
            for &(x, y) in &points {
                assert!((-eps..=w + eps).contains(&x) && (-eps..=h + eps).contains(&y), "{parent}: ({x}, {y})");
                (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
            }
            // The extent fills the width (less the margin) and the height follows from it.
            assert!(min_x > 0.0 && max_x < w && max_x - min_x > w * 0.9, "{parent}: {min_x}..{max_x}");
            assert!(min_y > 0.0 && h - max_y < w * 0.03, "{parent}: {min_y}..{max_y} of {h}");
        }
    }
}

#[test]
fn tenths_are_written_compactly() {
    let cases = [(0, "0"), (5, ".5"), (-5, "-.5"), (10, "1"), (12, "1.2"), (-123, "-12.3"), (6400, "640")];
    for (tenths, expected) in cases {
        let mut out = String::new();
        svg::push_tenths(&mut out, tenths);
        assert_eq!(out, expected);
    }
}

#[test]
fn width_zero_means_default() {
    let svg = atlas().map("17", &[], &MapOptions { width: 0, ..opts() }).unwrap();
    assert_eq!(view_box(&svg).0, 640.0);
    // An empty aria label falls back to the parent's name.
    let svg = atlas().map("17", &[], &MapOptions { aria_label: "", ..opts() }).unwrap();
    assert!(svg.contains("aria-label=\"Bengkulu\""));
}

#[test]
fn parser_handles_holes_multipolygons_and_whitespace() {
    let src = r#"{ "type" : "FeatureCollection", "features" : [
        { "geometry": { "coordinates": [ [ [0, 0], [4, 0], [4, 4], [0, 4], [0, 0] ], [[1,1],[2,1],[2,2],[1,1]] ],
                        "type": "Polygon" },
          "type": "Feature",
          "properties": { "code": "9", "name": "A \"q\" \u00e9", "level": "province", "parent_code": null,
                          "extra": [1, {"x": true}], "centroid_lat": 2, "centroid_lng": 2 } },
        {"type":"Feature","properties":{"code":"9.1","name":"B","level":"regency","parent_code":"9"},
         "geometry":{"type":"MultiPolygon","coordinates":[[[[0,0,7],[1e0,0],[1,-1.5E0],[0,0]]],[[[3,3],[4,3],[4,4],[3,3]]]]}}
    ]}"#;
    let features = geojson::parse_collection(src, "test").unwrap();
    assert_eq!(features.len(), 2);
    let a = &features[0];
    assert_eq!((&*a.code, &*a.name, a.level, &*a.parent_code), ("9", "A \"q\" é", Level::Province, ""));
    assert_eq!(a.centroid, Some([2.0, 2.0]));
    assert_eq!(a.bbox, [0.0, 0.0, 4.0, 4.0]);
    assert_eq!(a.rings().map(<[_]>::len).collect::<Vec<_>>(), [5, 4]);
    let b = &features[1];
    assert_eq!(b.centroid, None);
    assert_eq!(b.bbox, [0.0, -1.5, 4.0, 4.0]);
    assert_eq!(b.rings().map(<[_]>::len).collect::<Vec<_>>(), [4, 4]);

    let bad = [
        r#"{"features":[{"properties":{"code":"9","level":"province"},"geometry":{"type":"Polygon","coordinates":[[0,0],[1,1]]}}]}"#,
        r#"{"features":[{"properties":{"code":"9","level":"province"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#,
        r#"{"features":[{"properties":{"code":"","level":"province"},"geometry":{"type":"Polygon","coordinates":[[[0,0]]]}}]}"#,
        r#"{"features":[{"properties":{"code":"9","level":"province"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,x]]]}}]}"#,
        r#"{"features":[{"properties":{"code":"9","level":"province"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]"#,
        r#"{"type":"FeatureCollection"}"#,
    ];
    for src in bad {
        assert!(geojson::parse_collection(src, "test").is_err(), "{src}");
    }
}
