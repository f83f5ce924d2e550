use super::*;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dim = dimension.map(|d| format!("<dimension ref=\"{d}\"/>")).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{dim}<sheetData>{rows}</sheetData></worksheet>"
    )
}

/// A workbook of the given sheets (name, worksheet XML) and extra parts, every part deflated.
fn workbook(sheets: &[(&str, String)], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| {
        z.start_file(name, o).unwrap();
        z.write_all(bytes).unwrap();
    };
    put("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    put("_rels/.rels", ROOT_RELS.as_bytes());
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        wb.push_str(&format!("<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"));
        rels.push_str(&format!("<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    put("xl/workbook.xml", wb.as_bytes());
    put("xl/_rels/workbook.xml.rels", rels.as_bytes());
    for (i, (_, xml)) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), xml.as_bytes());
    }
    for (name, bytes) in extra {
        put(name, bytes);
    }
    z.finish().unwrap().into_inner()
}

fn inline(r: &str, text: &str) -> String {
    format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

fn small_table() -> String {
    let header = format!("<row r=\"1\">{}{}</row>", inline("A1", "village_code"), inline("B1", "name"));
    let row = format!("<row r=\"2\">{}{}</row>", inline("A2", "17.01.01.2001"), inline("B2", "Maju"));
    format!("{header}{row}")
}

fn checked(bytes: &[u8], limits: &Limits) -> Result<(), LimitError> {
    check(&mut Cursor::new(bytes), limits)
}

#[test]
fn an_ordinary_workbook_passes_and_streams_its_rows() {
    let wb = workbook(&[("kampung", sheet_xml(Some("A1:B2"), &small_table()))], &[]);
    checked(&wb, &LIMITS).unwrap();
    let mut book = check_and_open(Cursor::new(&wb)).unwrap();
    let mut rows = Vec::new();
    read_rows(&mut book, "kampung", &LIMITS, &mut |row, cells| {
        rows.push((row, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>()));
    })
    .unwrap();
    assert_eq!(
        rows,
        [(1, vec!["village_code".into(), "name".into()]), (2, vec!["17.01.01.2001".into(), "Maju".into()])]
    );
}

#[test]
fn a_corner_cell_is_refused_by_its_dimension_and_by_its_place() {
    let corner = format!("{}<row r=\"1048576\">{}</row>", small_table(), inline("XFD1048576", "x"));
    let wb = workbook(&[("keluarga", sheet_xml(Some("A1:XFD1048576"), &corner))], &[]);
    match checked(&wb, &LIMITS) {
        Err(LimitError::Dimension { sheet, range, .. }) => {
            assert_eq!((sheet.as_str(), range.as_str()), ("keluarga", "A1:XFD1048576"))
        }
        other => panic!("{other:?}"),
    }
    let wb = workbook(&[("keluarga", sheet_xml(None, &corner))], &[]);
    match checked(&wb, &LIMITS) {
        Err(LimitError::CellPlace { sheet, cell, .. }) => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("keluarga", "XFD1048576"))
        }
        other => panic!("{other:?}"),
    }
    // A cell without a reference is placed as the reader will place it: after the previous one.
    let wide: String = (0..70).map(|_| "<c t=\"inlineStr\"><is><t>x</t></is></c>").collect();
    let wb = workbook(&[("keluarga", sheet_xml(None, &format!("<row r=\"1\">{wide}</row>")))], &[]);
    assert!(matches!(checked(&wb, &LIMITS), Err(LimitError::CellPlace { cell, .. }) if cell == "BM1"));
    // The streaming reader refuses it too, whatever passed the check.
    let mut book = open(Cursor::new(&wb)).unwrap();
    let streamed = read_rows(&mut book, "keluarga", &LIMITS, &mut |_, _| {});
    assert!(matches!(streamed, Err(SheetError::Limit(LimitError::CellPlace { .. }))), "{streamed:?}");
}

#[test]
fn too_many_sheets_cells_or_strings_are_refused() {
    let sheets: Vec<(String, String)> = (0..40).map(|i| (format!("s{i}"), sheet_xml(None, ""))).collect();
    let named: Vec<(&str, String)> = sheets.iter().map(|(n, x)| (n.as_str(), x.clone())).collect();
    assert!(matches!(checked(&workbook(&named, &[]), &LIMITS), Err(LimitError::Sheets { found: 40, max: 32 })));

    let declared = br#"<?xml version="1.0"?><sst xmlns="x" count="2" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
    let wb = workbook(&[("kampung", sheet_xml(None, ""))], &[("xl/sharedStrings.xml", declared)]);
    assert!(matches!(checked(&wb, &LIMITS), Err(LimitError::Strings { .. })));
    let many = format!("<sst xmlns=\"x\">{}</sst>", "<si><t>a</t></si>".repeat(20));
    let wb = workbook(&[("kampung", sheet_xml(None, ""))], &[("xl/sharedStrings.xml", many.as_bytes())]);
    let few = Limits { strings: 10, ..LIMITS };
    assert!(matches!(checked(&wb, &few), Err(LimitError::Strings { max: 10 })));

    let cells: String = (1..=30).map(|r| format!("<row r=\"{r}\">{}</row>", inline(&format!("A{r}"), "x"))).collect();
    let wb = workbook(&[("kampung", sheet_xml(None, &cells))], &[]);
    let limits = Limits { sheet_cells: 20, ..LIMITS };
    assert!(matches!(checked(&wb, &limits), Err(LimitError::Cells { sheet, max: 20 }) if sheet == "kampung"));
}

#[test]
fn a_part_that_inflates_past_its_limit_is_refused_as_it_inflates() {
    let bomb = sheet_xml(None, &"<x/>".repeat(100_000));
    let wb = workbook(&[("kampung", bomb)], &[]);
    assert!(wb.len() < 10_000, "a small file: {}", wb.len());
    let limits = Limits { sheet_bytes: 64 * 1024, ..LIMITS };
    assert!(matches!(checked(&wb, &limits), Err(LimitError::PartBytes { max: 65536, .. })));
    let limits = Limits { total_bytes: 64 * 1024, ..LIMITS };
    assert!(matches!(checked(&wb, &limits), Err(LimitError::PartBytes { .. } | LimitError::TotalBytes { .. })));
    // One long text: what a parser would hold at once.
    let long = sheet_xml(None, &format!("<row r=\"1\">{}</row>", inline("A1", &"x".repeat(2 << 20))));
    let wb = workbook(&[("kampung", long)], &[]);
    assert!(matches!(checked(&wb, &LIMITS), Err(LimitError::Token { .. })));
}

#[test]
fn the_end_record_is_checked_before_the_archive_is_read() {
    let mut wb = workbook(&[("kampung", sheet_xml(None, &small_table()))], &[]);
    let at = wb.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    wb[at + 10..at + 12].copy_from_slice(&60_000u16.to_le_bytes());
    assert!(matches!(checked(&wb, &LIMITS), Err(LimitError::Entries { found: 60_000, .. })));
    assert_eq!(checked(b"not a workbook at all, just text", &LIMITS), Err(LimitError::NotZip));
    assert!(matches!(checked(b"<?xml version=\"1.0\"?><doctype/> and more text", &LIMITS), Err(LimitError::NotZip)));
}

#[test]
fn rows_out_of_order_are_refused_by_the_reader() {
    let rows = format!("<row r=\"3\">{}</row><row r=\"2\">{}</row>", inline("A3", "a"), inline("A2", "b"));
    let wb = workbook(&[("kampung", sheet_xml(None, &rows))], &[]);
    checked(&wb, &LIMITS).unwrap();
    let mut book = open(Cursor::new(&wb)).unwrap();
    let streamed = read_rows(&mut book, "kampung", &LIMITS, &mut |_, _| {});
    assert_eq!(streamed, Err(SheetError::Limit(LimitError::Unordered { sheet: "kampung".into() })));
}

#[test]
fn column_letters_count_from_a() {
    assert_eq!([0, 25, 26, 63, 16_383].map(column_letters), ["A", "Z", "AA", "BL", "XFD"]);
}
