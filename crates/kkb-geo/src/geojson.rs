//! Reading the embedded GeoJSON into compact features.
//!
//! The JSON tree is only a transient step: each feature keeps its rings as one flat `Vec<[f32; 2]>` of
//! `[lng, lat]` points plus the ring boundaries, so the whole of Bengkulu (123k vertices) stays about 1 MB.
//! `f32` keeps about 1 m of precision at these longitudes, the same as the source's 1e-5° rounding.

use serde_json::Value;

/// Administrative level of a feature, from its `level` property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Province,
    Regency,
    District,
    Village,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "province" => Some(Level::Province),
            "regency" => Some(Level::Regency),
            "district" => Some(Level::District),
            "village" => Some(Level::Village),
            _ => None,
        }
    }
}

/// One region boundary.
#[derive(Debug)]
pub(crate) struct Feature {
    pub code: Box<str>,
    pub name: Box<str>,
    pub level: Level,
    pub parent_code: Box<str>,
    /// The source's label point, `[lng, lat]`.
    pub centroid: Option<[f32; 2]>,
    /// `[min_lng, min_lat, max_lng, max_lat]` over all points.
    pub bbox: [f32; 4],
    points: Vec<[f32; 2]>,
    /// End index (exclusive) in `points` of each ring, outer rings and holes alike.
    ring_ends: Vec<u32>,
}

impl Feature {
    /// Every ring of every polygon; with the even-odd fill rule, holes need no special treatment.
    pub fn rings(&self) -> impl Iterator<Item = &[[f32; 2]]> {
        let mut start = 0usize;
        self.ring_ends.iter().map(move |&end| {
            let ring = &self.points[start..end as usize];
            start = end as usize;
            ring
        })
    }

    /// Number of stored vertices.
    #[cfg(test)]
    pub fn vertex_count(&self) -> usize {
        self.points.len()
    }
}

/// Parses a GeoJSON FeatureCollection. `file` only names the source in error messages.
///
/// A generic JSON tree of the 2.9 MB village file costs over 100 ms and ten times the final memory, so a
/// small scanner walks the collection and writes coordinates straight into the flat point buffer; only the
/// small `properties` objects go through `serde_json`.
pub(crate) fn parse_collection(src: &str, file: &str) -> Result<Vec<Feature>, String> {
    let mut scan = Scanner { src, pos: 0 };
    let mut features = None;
    scan.object(|scan, key| {
        if key == "features" {
            let mut list = Vec::new();
            scan.array(|scan| {
                let feature = scan.feature().map_err(|e| format!("feature {}: {e}", list.len()))?;
                list.push(feature);
                Ok(())
            })?;
            features = Some(list);
            Ok(())
        } else {
            scan.skip_value()
        }
    })
    .map_err(|e| format!("{file}: {e}"))?;
    features.ok_or_else(|| format!("{file}: no `features` array"))
}

/// A cursor over JSON text that is trusted to be well formed but is still checked enough to fail cleanly.
struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.src.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", char::from(byte), self.pos))
        }
    }

    /// Calls `each` for every member of an object with the key still escaped (GeoJSON keys never are).
    fn object(&mut self, mut each: impl FnMut(&mut Self, &'a str) -> Result<(), String>) -> Result<(), String> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            let key = self.raw_string()?;
            self.expect(b':')?;
            each(self, key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected `,` or `}}` at byte {}", self.pos)),
            }
        }
    }

    fn array(&mut self, mut each: impl FnMut(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.expect(b'[')?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            each(self)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected `,` or `]` at byte {}", self.pos)),
            }
        }
    }

    /// A string's contents, escapes left as they are.
    fn raw_string(&mut self) -> Result<&'a str, String> {
        self.expect(b'"')?;
        let bytes = self.src.as_bytes();
        let start = self.pos;
        loop {
            match bytes.get(self.pos) {
                Some(b'"') => break,
                Some(b'\\') => self.pos += 2,
                Some(_) => self.pos += 1,
                None => return Err("unterminated string".into()),
            }
        }
        self.pos += 1;
        self.src.get(start..self.pos - 1).ok_or_else(|| "bad string".into())
    }

    fn number(&mut self) -> Result<f64, String> {
        self.peek();
        let bytes = self.src.as_bytes();
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = bytes.get(self.pos) {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        text.parse().map_err(|_| format!("bad number {text:?} at byte {start}"))
    }

    /// Skips any value.
    fn skip_value(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(b'{') => self.object(|scan, _| scan.skip_value()),
            Some(b'[') => self.array(Self::skip_value),
            Some(b'"') => self.raw_string().map(drop),
            Some(b't' | b'f' | b'n') => {
                let bytes = self.src.as_bytes();
                while bytes.get(self.pos).is_some_and(u8::is_ascii_alphabetic) {
                    self.pos += 1;
                }
                Ok(())
            }
            _ => self.number().map(drop),
        }
    }

    fn feature(&mut self) -> Result<Feature, String> {
        let mut props = None;
        let mut geometry_type = None;
        let mut depth = None;
        let mut geometry = Geometry::default();
        self.object(|scan, key| match key {
            "properties" => {
                let start = scan.pos;
                scan.skip_value()?;
                let value: Value = serde_json::from_str(&scan.src[start..scan.pos]).map_err(|e| e.to_string())?;
                props = Some(value);
                Ok(())
            }
            "geometry" => scan.object(|scan, key| match key {
                "type" => {
                    geometry_type = Some(scan.raw_string()?);
                    Ok(())
                }
                "coordinates" => {
                    depth = Some(scan.coordinates(&mut geometry)?);
                    Ok(())
                }
                _ => scan.skip_value(),
            }),
            _ => scan.skip_value(),
        })?;
        let props = props.ok_or("no properties")?;
        let code = text(&props, "code");
        if code.is_empty() {
            return Err("no `code` property".into());
        }
        let expected_depth = match geometry_type {
            Some("Polygon") => 2,
            Some("MultiPolygon") => 3,
            other => return Err(format!("{code}: unsupported geometry type {other:?}")),
        };
        if depth != Some(expected_depth) {
            return Err(format!("{code}: coordinates do not match the geometry type"));
        }
        if geometry.points.is_empty() {
            return Err(format!("{code}: empty geometry"));
        }
        let level = Level::parse(text(&props, "level")).ok_or_else(|| format!("{code}: unknown `level`"))?;
        let number = |key: &str| props.get(key).and_then(Value::as_f64);
        let centroid = match (number("centroid_lng"), number("centroid_lat")) {
            (Some(lng), Some(lat)) => Some([lng as f32, lat as f32]),
            _ => None,
        };
        let Geometry { mut points, mut ring_ends } = geometry;
        points.shrink_to_fit();
        ring_ends.shrink_to_fit();
        let bbox = points.iter().fold([f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY], |b, p| {
            [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
        });
        Ok(Feature {
            code: code.into(),
            name: text(&props, "name").into(),
            level,
            parent_code: text(&props, "parent_code").into(),
            centroid,
            bbox,
            points,
            ring_ends,
        })
    }

    /// Reads nested coordinate arrays into `out` and returns their depth: 0 for a position, 1 for a ring,
    /// 2 for a polygon, 3 for a multipolygon.
    fn coordinates(&mut self, out: &mut Geometry) -> Result<u8, String> {
        self.peek();
        let open = self.pos;
        self.expect(b'[')?;
        if matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            let lng = self.number()?;
            self.expect(b',')?;
            let lat = self.number()?;
            while self.peek() == Some(b',') {
                self.pos += 1;
                self.number()?; // altitude, unused
            }
            self.expect(b']')?;
            out.points.push([lng as f32, lat as f32]);
            return Ok(0);
        }
        self.pos = open;
        let mut depth = None;
        self.array(|scan| {
            let inner = scan.coordinates(out)?;
            if *depth.get_or_insert(inner) != inner {
                return Err("mixed nesting in coordinates".into());
            }
            Ok(())
        })?;
        let depth = depth.unwrap_or(0);
        if depth == 0 {
            let end = u32::try_from(out.points.len()).map_err(|_| "too many points")?;
            if out.ring_ends.last() != Some(&end) {
                out.ring_ends.push(end);
            }
        }
        Ok(depth + 1)
    }
}

#[derive(Default)]
struct Geometry {
    points: Vec<[f32; 2]>,
    ring_ends: Vec<u32>,
}

fn text<'v>(props: &'v Value, key: &str) -> &'v str {
    props.get(key).and_then(Value::as_str).unwrap_or("").trim()
}
