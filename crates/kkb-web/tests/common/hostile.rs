//! Hostile workbooks, built byte by byte: ZIP archives whose size headers say what the test wants, DEFLATE streams
//! that inflate a few megabytes into gigabytes, sheets that reach cell XFD1048576, thousands of sheets.
#![allow(dead_code)]

/// One archive entry: its name, its stored bytes, and what its headers declare.
pub struct Entry {
    pub name: String,
    /// The bytes as stored (raw DEFLATE when `deflated`).
    pub data: Vec<u8>,
    pub deflated: bool,
    /// The inflated size the headers declare (true or not).
    pub declared: u32,
    pub crc: u32,
}

impl Entry {
    /// A part stored as is, with true headers.
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry { name: name.into(), data: data.to_vec(), deflated: false, declared: data.len() as u32, crc: crc32(data) }
    }
}

/// CRC-32 (IEEE), bit by bit: the parts it is used for are small.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A ZIP archive of the entries, with exactly their declared sizes.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let method: u16 = if e.deflated { 8 } else { 0 };
        let mut head = Vec::new();
        head.extend_from_slice(&20u16.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        head.extend_from_slice(&method.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        head.extend_from_slice(&0x21u16.to_le_bytes());
        head.extend_from_slice(&e.crc.to_le_bytes());
        head.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        head.extend_from_slice(&e.declared.to_le_bytes());
        head.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&head);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&head);
        central.extend_from_slice(&[0u8; 6]);
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(e.name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Bits, least significant first, as DEFLATE packs them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, n: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = (0..len).fold(0, |acc, i| acc | (((code >> i) & 1) << (len - 1 - i)));
        self.put(reversed, len);
    }

    fn literal(&mut self, b: u8) {
        if b < 144 { self.code(0x30 + u32::from(b), 8) } else { self.code(0x190 + u32::from(b) - 144, 9) }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The distance code of DEFLATE's fixed table and its extra bits for a distance.
fn distance(d: u32) -> (u32, u32, u32) {
    const BASE: [u32; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ];
    let code = BASE.iter().rposition(|b| *b <= d).unwrap() as u32;
    let extra = if code < 4 { 0 } else { code / 2 - 1 };
    (code, extra, d - BASE[code as usize])
}

/// A raw DEFLATE stream (one fixed-Huffman block) that inflates to `prefix` followed by `unit` repeated until
/// `total` bytes: a few bytes a 258-byte copy, so gigabytes take megabytes.
pub fn deflate_repeat(prefix: &[u8], unit: &[u8], total: u64) -> Vec<u8> {
    assert!(!unit.is_empty() && unit.len() <= 32_768);
    let mut b = Bits::default();
    b.put(1, 1);
    b.put(1, 2);
    for &c in prefix.iter().chain(unit) {
        b.literal(c);
    }
    let mut written = (prefix.len() + unit.len()) as u64;
    let (dcode, dextra, dvalue) = distance(unit.len() as u32);
    while written + 258 <= total {
        b.code(0xC0 + 5, 8);
        b.code(dcode, 5);
        b.put(dvalue, dextra);
        written += 258;
    }
    while written < total {
        b.literal(unit[((written - prefix.len() as u64) % unit.len() as u64) as usize]);
        written += 1;
    }
    b.code(0, 7);
    b.finish()
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// The parts of a workbook with these sheet names (sheet i is `xl/worksheets/sheet{i+1}.xml`), without the sheets.
pub fn frame(sheets: &[String]) -> Vec<Entry> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, name) in sheets.iter().enumerate() {
        let n = i + 1;
        wb.push_str(&format!("<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"));
        rels.push_str(&format!("<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    vec![
        Entry::stored("_rels/.rels", ROOT_RELS.as_bytes()),
        Entry::stored("xl/workbook.xml", wb.as_bytes()),
        Entry::stored("xl/_rels/workbook.xml.rels", rels.as_bytes()),
    ]
}

/// A worksheet's XML around its rows.
pub fn sheet(dimension: Option<&str>, rows: &str) -> String {
    let dim = dimension.map(|d| format!("<dimension ref=\"{d}\"/>")).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{dim}<sheetData>{rows}</sheetData></worksheet>"
    )
}

fn inline(r: &str, text: &str) -> String {
    format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// A PK workbook (`keluarga`, `anggota`) with a header row and one cell at XFD1048576, declared by the dimension
/// too: about 1 KB.
pub fn corner_cell() -> Vec<u8> {
    let header = format!("<row r=\"1\">{}{}</row>", inline("A1", "family_id"), inline("B1", "village_code"));
    let corner = format!("{header}<row r=\"1048576\">{}</row>", inline("XFD1048576", "x"));
    let mut parts = frame(&["keluarga".into(), "anggota".into()]);
    parts.push(Entry::stored("xl/worksheets/sheet1.xml", sheet(Some("A1:XFD1048576"), &corner).as_bytes()));
    parts.push(Entry::stored("xl/worksheets/sheet2.xml", sheet(None, &header).as_bytes()));
    zip(&parts)
}

/// A workbook whose first sheet inflates to `total` bytes (of empty elements), its headers declaring `declared`.
pub fn sheet_bomb(total: u64, declared: u32) -> Vec<u8> {
    let prefix = b"<?xml version=\"1.0\"?><worksheet xmlns=\"x\"><sheetData>";
    let data = deflate_repeat(prefix, b"<x/>", total);
    let mut parts = frame(&["keluarga".into(), "anggota".into()]);
    parts.push(Entry { name: "xl/worksheets/sheet1.xml".into(), data, deflated: true, declared, crc: 0 });
    parts.push(Entry::stored("xl/worksheets/sheet2.xml", sheet(None, "").as_bytes()));
    zip(&parts)
}

/// A workbook whose shared-string table inflates to `total` bytes of one-letter strings, declaring `declared`.
pub fn strings_bomb(total: u64, declared: u32) -> Vec<u8> {
    let prefix = b"<?xml version=\"1.0\"?><sst xmlns=\"x\">";
    let data = deflate_repeat(prefix, b"<si><t>x</t></si>", total);
    let mut parts = frame(&["keluarga".into(), "anggota".into()]);
    parts.push(Entry { name: "xl/sharedStrings.xml".into(), data, deflated: true, declared, crc: 0 });
    parts.push(Entry::stored("xl/worksheets/sheet1.xml", sheet(None, "").as_bytes()));
    parts.push(Entry::stored("xl/worksheets/sheet2.xml", sheet(None, "").as_bytes()));
    zip(&parts)
}

/// A workbook of `n` empty sheets (the first two named as the PK import wants).
pub fn many_sheets(n: usize) -> Vec<u8> {
    let names: Vec<String> = (0..n)
        .map(|i| match i {
            0 => "keluarga".into(),
            1 => "anggota".into(),
            _ => format!("s{i}"),
        })
        .collect();
    let mut parts = frame(&names);
    let empty = sheet(None, "");
    for i in 0..n {
        parts.push(Entry::stored(&format!("xl/worksheets/sheet{}.xml", i + 1), empty.as_bytes()));
    }
    zip(&parts)
}

/// The same hostile sheets under the Kampung KB registry's sheet name.
pub fn registry_corner_cell() -> Vec<u8> {
    let header = format!("<row r=\"1\">{}{}</row>", inline("A1", "village_code"), inline("B1", "name"));
    let corner = format!("{header}<row r=\"1048576\">{}</row>", inline("XFD1048576", "x"));
    let mut parts = frame(&["kampung".into()]);
    parts.push(Entry::stored("xl/worksheets/sheet1.xml", sheet(None, &corner).as_bytes()));
    zip(&parts)
}
