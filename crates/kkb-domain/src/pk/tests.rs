//! Every rule of the PK import files (docs/pk-import.md), on small readable files.

use super::read::{StreamError, read_csv_pair, read_xlsx, stream_csv_pair};
use super::*;
use crate::region::Level;
use proptest::prelude::*;

const HEADER_K: &str = "family_id,village_code,rw,rt,pk_year,kk_number,p01,p02,p03a,p03b,p03c,p03d,p04,p05,p19,p20,p21,p22,p23,p24,p25,p26,savings,sick_treated,online_media,daily_interaction,joint_parenting,recreation,social_activity,kb_method,kb_reason_not_using";
const HEADER_A: &str = "family_id,member_no,nik,name,sex,birth_date,marital_status,birth_certificate,relation,religion,education,in_school,health_insurance";
const FAM: &str = "F1,17.01.01.2001,1,2,2021,1701010101210001,1,1,2,2,2,2,1,1,1,1,1,1,1,1,1,1,2,,1,1,1,2,1,5,";
const HEAD: &str = "F1,1,1701011708800001,Budi Santoso,1,1980-08-17,2,,1,1,5,,1";
const WIFE: &str = "F1,2,1701015203850002,Siti Aminah,2,1985-03-12,2,,2,1,5,,1";

fn is_village(c: RegionCode) -> bool {
    c.level() == Level::Village && ["17.01.01.2001", "17.01.01.2002", "11.01.01.2001"].contains(&c.to_string().as_str())
}
fn is_province(p: u8) -> bool {
    p == 17 || p == 11
}

fn ctx() -> Context<'static> {
    Context { is_village: &is_village, is_province: &is_province, today: Date::new(2026, 11, 28).unwrap() }
}

/// Reads a pair whole, and checks that streaming it hands over the same families (or lists the same problems),
/// unless the member file is out of family order.
fn read(k: &str, a: &str) -> Result<Vec<Family>, Vec<Problem>> {
    let whole = read_csv_pair(k.as_bytes(), a.as_bytes(), &ctx());
    let (streamed, emits) = stream(k, a, 1);
    match (&whole, streamed) {
        (_, Err(StreamError::Unsorted { .. })) => {}
        (Ok(fams), Ok(got)) => {
            assert_eq!(&got, fams);
            assert_eq!(emits, fams.len(), "one family a batch");
        }
        (Err(ps), Err(StreamError::Problems(got))) => assert_eq!(&got, ps),
        (whole, streamed) => panic!("whole: {whole:?}\nstreamed: {streamed:?}"),
    }
    whole
}

/// Streams a pair in batches of `batch`: the families handed over and how many batches there were.
fn stream(k: &str, a: &str, batch: usize) -> (Result<Vec<Family>, StreamError>, usize) {
    let mut got = Vec::new();
    let mut emits = 0;
    let r = stream_csv_pair(k.as_bytes(), a.as_bytes(), &ctx(), (batch, 0), &mut |b| {
        assert!(!b.is_empty() && b.len() <= batch);
        emits += 1;
        got.extend(b);
        true
    });
    (
        r.map(|n| {
            assert_eq!(n, got.len());
            got
        }),
        emits,
    )
}

fn files(fams: &[&str], members: &[&str]) -> (String, String) {
    let k = std::iter::once(HEADER_K).chain(fams.iter().copied()).collect::<Vec<_>>().join("\n") + "\n";
    let a = std::iter::once(HEADER_A).chain(members.iter().copied()).collect::<Vec<_>>().join("\n") + "\n";
    (k, a)
}

/// The single problem of a file pair that should have exactly one.
fn one_problem(fams: &[&str], members: &[&str]) -> Problem {
    let (k, a) = files(fams, members);
    let mut ps = read(&k, &a).expect_err("should be rejected");
    assert_eq!(ps.len(), 1, "{ps:#?}");
    ps.remove(0)
}

/// Replaces column `col` of a CSV line.
fn with(line: &str, header: &str, col: &str, value: &str) -> String {
    let i = header.split(',').position(|h| h == col).unwrap();
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[i] = value;
    cells.join(",")
}

#[test]
fn a_good_family_is_read_with_members_in_order() {
    let (k, a) = files(&[FAM], &[WIFE, HEAD]);
    let fams = read(&k, &a).unwrap();
    assert_eq!(fams.len(), 1);
    let f = &fams[0];
    assert_eq!(f.key.family_id, "F1");
    assert_eq!(f.key.village.to_string(), "17.01.01.2001");
    assert_eq!((f.rw, f.rt, f.key.year), (Some(1), Some(2), 2021));
    assert_eq!(f.answers.members.iter().map(|m| m.member_no).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(f.people[0].name, "Budi Santoso");
    assert_eq!(f.people[1].row, 2, "rows count the header as row 1");
    assert_eq!(f.answers.code(columns::KB_METHOD), 5);
    assert_eq!(f.answers.code(family_slot_of("sick_treated")), 0, "empty is 0");
    assert!(f.extras.is_none());
}

fn family_slot_of(c: &str) -> usize {
    columns::family_slot(c).unwrap()
}

#[test]
fn compact_codes_bom_crlf_and_quotes_are_accepted() {
    let fam = with(FAM, HEADER_K, "village_code", "1701012001");
    let k = format!("\u{feff}{HEADER_K}\r\n{fam}\r\n");
    let a = format!("{HEADER_A}\r\n{}\r\n", HEAD.replace("Budi Santoso", "\"Santoso, Budi\""));
    let fams = read(&k, &a).unwrap();
    assert_eq!(fams[0].key.village.to_string(), "17.01.01.2001");
    assert_eq!(fams[0].people[0].name, "Santoso, Budi");
}

#[test]
fn extra_columns_are_kept() {
    let k = format!("{HEADER_K},kelompok\n{FAM},BKB\n");
    let a = format!("{HEADER_A},disabilitas\n{HEAD},1\n");
    let fams = read(&k, &a).unwrap();
    let x: serde_json::Value = serde_json::from_str(fams[0].extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["family"]["kelompok"], "BKB");
    assert_eq!(x["members"]["1"]["disabilitas"], "1");
}

#[test]
fn family_column_rules() {
    let cases: &[(&str, &str)] = &[
        ("family_id", ""),
        ("family_id", "F 1"),
        ("family_id", &"x".repeat(41)),
        ("village_code", "17.01.01.9999"),
        ("village_code", "17.01.01"),
        ("village_code", "desa"),
        ("rw", "1234"),
        ("rt", "a"),
        ("pk_year", "2014"),
        ("pk_year", "2101"),
        ("pk_year", ""),
        ("kk_number", "170101010121000"),
        ("kk_number", "9901010101210001"),
        ("p01", "3"),
        ("p02", "0"),
        ("p03a", "Ya"),
        ("p26", "1.0"),
        ("kb_method", "10"),
        ("kb_reason_not_using", "6"),
        ("social_activity", "-1"),
    ];
    for (col, value) in cases {
        let bad = with(FAM, HEADER_K, col, value);
        let fam_id_ok = *col != "family_id";
        let members: &[&str] = if fam_id_ok { &[HEAD] } else { &[] };
        let p = one_problem(&[&bad], members);
        assert_eq!((p.file.as_str(), p.row, p.column.as_str()), ("keluarga.csv", 2, *col), "{col}={value:?}: {p:?}");
        if *col == "kk_number" {
            assert!(!p.value.contains(&value[6..]), "KK number is masked: {}", p.value);
        } else {
            assert_eq!(p.value, *value);
        }
    }
}

#[test]
fn member_column_rules() {
    let cases: &[(&str, &str)] = &[
        ("member_no", "0"),
        ("member_no", "100"),
        ("name", ""),
        ("sex", "3"),
        ("sex", ""),
        ("birth_date", "1980-02-30"),
        ("birth_date", "17/08/1980"),
        ("birth_date", "2027-01-01"),
        ("birth_date", "1899-12-31"),
        ("marital_status", "5"),
        ("relation", "9"),
        ("religion", "8"),
        ("education", "0"),
        ("in_school", "3"),
        ("health_insurance", "5"),
        ("birth_certificate", "x"),
    ];
    for (col, value) in cases {
        let bad = with(HEAD, HEADER_A, col, value);
        let mut ps = {
            let (k, a) = files(&[FAM], &[&bad]);
            read(&k, &a).expect_err(col)
        };
        // A bad relation also leaves the family without a head; a bad birth date also makes the NIK unverifiable
        // (not an error) — so look for the column's own problem.
        ps.retain(|p| p.column == *col);
        assert_eq!(ps.len(), 1, "{col}={value:?}: {ps:#?}");
        assert_eq!((ps[0].file.as_str(), ps[0].row), ("anggota.csv", 2));
    }
    let long = "A".repeat(121);
    let p = one_problem(&[FAM], &[&with(HEAD, HEADER_A, "name", &long)]);
    assert_eq!(p.column, "name");
    assert!(!p.value.contains(&long), "names are masked");
}

#[test]
fn nik_rules_and_masking() {
    let cases = [
        ("170101170880000", Reason::NikLength { len: 15 }),
        ("17010117088000x1", Reason::NikNotDigits),
        ("9901011708800001", Reason::NikProvince),
        ("1701013208800001", Reason::NikBirthDate),
        ("1701015708800001", Reason::NikSex { nik_sex: 2, given_sex: 1 }),
        ("1701011808800001", Reason::NikDateMismatch),
        ("1701011708810001", Reason::NikDateMismatch),
    ];
    for (nik, reason) in cases {
        let p = one_problem(&[FAM], &[&with(HEAD, HEADER_A, "nik", nik)]);
        assert_eq!((p.row, p.column.as_str()), (2, "nik"));
        assert_eq!(p.reason, reason, "{nik}");
        assert!(!p.value.contains(&nik[6..]), "NIK masked: {}", p.value);
        assert!(!format!("{:?}", p.reason).contains(&nik[6..]));
    }
    // Empty NIK is allowed.
    let (k, a) = files(&[FAM], &[&with(HEAD, HEADER_A, "nik", "")]);
    assert!(read(&k, &a).unwrap()[0].people[0].nik.is_none());
}

#[test]
fn cross_row_rules() {
    // Duplicate family.
    let p = one_problem(&[FAM, FAM], &[HEAD]);
    assert_eq!((p.row, p.column.as_str()), (3, "family_id"));
    // Orphan member.
    let orphan = with(WIFE, HEADER_A, "family_id", "F9");
    let p = one_problem(&[FAM], &[HEAD, &orphan]);
    assert_eq!((p.file.as_str(), p.row, p.column.as_str()), ("anggota.csv", 3, "family_id"));
    // Duplicate member_no.
    let twin = with(WIFE, HEADER_A, "member_no", "1");
    let p = one_problem(&[FAM], &[HEAD, &twin]);
    assert_eq!((p.row, p.column.as_str()), (3, "member_no"));
    // Two heads.
    let second_head = with(WIFE, HEADER_A, "relation", "1");
    let p = one_problem(&[FAM], &[HEAD, &second_head]);
    assert_eq!((p.row, p.column.as_str()), (3, "relation"));
    // No head.
    let p = one_problem(&[FAM], &[WIFE]);
    assert_eq!((p.file.as_str(), p.row, p.column.as_str()), ("keluarga.csv", 2, "family_id"));
    // The same NIK twice in a round, even in another family.
    let fam2 = with(FAM, HEADER_K, "family_id", "F2");
    let head2 = with(HEAD, HEADER_A, "family_id", "F2");
    let p = one_problem(&[FAM, &fam2], &[HEAD, &head2]);
    assert_eq!((p.row, p.column.as_str()), (3, "nik"));
    assert_eq!(p.reason, Reason::NikRepeated { first_row: 2 });
    // …but in another round it is fine.
    let fam2 = with(&with(FAM, HEADER_K, "family_id", "F2"), HEADER_K, "pk_year", "2022");
    let (k, a) = files(&[FAM, &fam2], &[HEAD, &head2]);
    assert_eq!(read(&k, &a).unwrap().len(), 2);
}

#[test]
fn every_problem_of_a_file_is_listed() {
    let bad1 = with(&with(FAM, HEADER_K, "p01", "7"), HEADER_K, "rw", "x");
    let bad2 = with(&with(FAM, HEADER_K, "family_id", "F2"), HEADER_K, "village_code", "11.01.01.2999");
    let head2 = with(&with(HEAD, HEADER_A, "family_id", "F2"), HEADER_A, "nik", "");
    let (k, a) = files(&[&bad1, &bad2], &[HEAD, &head2, &with(WIFE, HEADER_A, "sex", "9")]);
    let ps = read(&k, &a).unwrap_err();
    let found: Vec<(usize, &str)> = ps.iter().map(|p| (p.row, p.column.as_str())).collect();
    for want in [(2, "p01"), (2, "rw"), (3, "village_code"), (4, "sex")] {
        assert!(found.contains(&want), "{want:?} missing from {found:?}");
    }
}

#[test]
fn a_code_outside_its_column_names_the_column_and_whether_empty_is_allowed() {
    let p = one_problem(&[FAM], &[&with(HEAD, HEADER_A, "sex", "3")]);
    assert_eq!(p.reason, Reason::CodeNotAllowed { codes: crate::problem::CodedColumn("sex"), optional: false });
    let p = one_problem(&[&with(FAM, HEADER_K, "kb_method", "10")], &[HEAD]);
    assert_eq!(p.reason, Reason::CodeNotAllowed { codes: crate::problem::CodedColumn("kb_method"), optional: true });
    let p = one_problem(&[FAM], &[&with(HEAD, HEADER_A, "sex", "")]);
    assert_eq!((p.column.as_str(), &p.reason), ("sex", &Reason::Required));
}

#[test]
fn file_level_problems() {
    // Missing required columns are named.
    let k = HEADER_K.replace(",pk_year", "") + "\n";
    let ps = read(&k, &files(&[], &[HEAD]).1).unwrap_err();
    assert!(ps.iter().any(|p| p.row == 1 && p.column.contains("pk_year")), "{ps:?}");
    let a = HEADER_A.replace(",relation", "") + "\n";
    let ps = read(&files(&[FAM], &[]).0, &a).unwrap_err();
    assert!(ps.iter().any(|p| p.file == "anggota.csv" && p.column.contains("relation")), "{ps:?}");
    // Empty file.
    let ps = read("", "").unwrap_err();
    assert!(ps.iter().any(|p| p.reason == Reason::FileEmpty));
    // Wrong number of fields.
    let (k, a) = files(&[&format!("{FAM},extra")], &[HEAD]);
    let ps = read(&k, &a).unwrap_err();
    assert!(ps.iter().any(|p| p.row == 2 && matches!(p.reason, Reason::RowWidth { .. })), "{ps:?}");
    // Not UTF-8.
    let mut k = files(&[FAM], &[]).0.into_bytes();
    let pos = k.len() - 5;
    k[pos] = 0xff;
    let ps = read_csv_pair(&k[..], files(&[], &[HEAD]).1.as_bytes(), &ctx()).unwrap_err();
    assert!(ps.iter().any(|p| p.row == 2 && p.reason == Reason::CellNotUtf8), "{ps:?}");
    // Duplicate header.
    let k = format!("{HEADER_K},p01\n");
    assert!(read(&k, &files(&[], &[]).1).unwrap_err().iter().any(|p| p.reason == Reason::DuplicateColumn));
}

fn workbook(fams: &[&str], members: &[&str], numeric_nik: bool) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, header, rows) in [("keluarga", HEADER_K, fams), ("anggota", HEADER_A, members)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, h) in header.split(',').enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        for (r, line) in rows.iter().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                let (row, col) = (r as u32 + 1, c as u16);
                let is_text = ["family_id", "village_code", "kk_number", "name", "birth_date"]
                    .contains(&header.split(',').nth(c).unwrap())
                    || (header.split(',').nth(c) == Some("nik") && !numeric_nik);
                if v.is_empty() {
                    continue;
                } else if is_text {
                    ws.write_string(row, col, v).unwrap();
                } else {
                    ws.write_number(row, col, v.parse::<f64>().unwrap()).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_workbooks_read_like_csv() {
    let (k, a) = files(&[FAM], &[HEAD, WIFE]);
    let from_csv = read(&k, &a).unwrap();
    let book = workbook(&[FAM], &[HEAD, WIFE], false);
    let from_xlsx = read_xlsx(std::io::Cursor::new(book), &ctx()).unwrap();
    let strip = |mut f: Vec<Family>| {
        for x in &mut f {
            x.row = 0;
            x.people.iter_mut().for_each(|p| p.row = 0);
        }
        f
    };
    assert_eq!(strip(from_xlsx), strip(from_csv));
    // A NIK typed as a number below 2^53 survives; the problem rows use spreadsheet row numbers.
    let bad = with(HEAD, HEADER_A, "sex", "3");
    let ps = read_xlsx(std::io::Cursor::new(workbook(&[FAM], &[&bad], true)), &ctx()).unwrap_err();
    assert_eq!((ps[0].file.as_str(), ps[0].row, ps[0].column.as_str()), ("anggota", 2, "sex"));
}

#[test]
fn xlsx_without_the_sheets_or_not_a_workbook() {
    let ps = read_xlsx(std::io::Cursor::new(b"not a zip".to_vec()), &ctx()).unwrap_err();
    assert!(matches!(ps[0].reason, Reason::WorkbookNotZip), "{ps:?}");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Sheet1").unwrap();
    let ps = read_xlsx(std::io::Cursor::new(wb.save_to_buffer().unwrap()), &ctx()).unwrap_err();
    let missing: Vec<&str> = ps
        .iter()
        .filter_map(|p| match &p.reason {
            Reason::SheetMissing { sheet, sheets } if sheets == &["Sheet1"] => Some(sheet.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(missing, ["keluarga", "anggota"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_cells_never_panic_and_problems_name_a_row(cells in proptest::collection::vec("[0-9A-Za-z .,\"-]{0,18}", 31)) {
        let fam = cells.iter().map(|c| c.replace(['"', ','], "")).collect::<Vec<_>>().join(",");
        let (k, a) = files(&[&fam], &[HEAD]);
        if let Err(ps) = read(&k, &a) {
            prop_assert!(!ps.is_empty());
            for p in ps {
                prop_assert!(p.row == 2, "{p:?}");
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(k in proptest::collection::vec(any::<u8>(), 0..400), a in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_csv_pair(&k[..], &a[..], &ctx());
    }
}

/// Families of `n` members each, F1..Fn, in village 17.01.01.2001, and their members in family order.
fn many(n: usize) -> (Vec<String>, Vec<String>) {
    let fams = (1..=n)
        .map(|i| with(FAM, HEADER_K, "family_id", &format!("F{i}")))
        .map(|l| with(&l, HEADER_K, "kk_number", ""))
        .collect();
    let members = (1..=n)
        .flat_map(|i| {
            let head = with(&with(HEAD, HEADER_A, "family_id", &format!("F{i}")), HEADER_A, "nik", "");
            let wife = with(&with(WIFE, HEADER_A, "family_id", &format!("F{i}")), HEADER_A, "nik", "");
            [head, wife]
        })
        .collect();
    (fams, members)
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn streaming_hands_families_over_while_reading() {
    let (fams, members) = many(10);
    let (k, a) = files(&refs(&fams), &refs(&members));
    let whole = read(&k, &a).unwrap();
    let (streamed, emits) = stream(&k, &a, 3);
    assert_eq!(streamed.unwrap(), whole);
    // 3 + 3 + 3 while reading, the last one at the end.
    assert_eq!(emits, 4);
    // A receiver that stops stops the reading.
    let r = stream_csv_pair(k.as_bytes(), a.as_bytes(), &ctx(), (2, 10), &mut |_| false);
    assert_eq!(r, Err(StreamError::Stopped));
}

#[test]
fn streaming_notices_a_member_file_out_of_family_order() {
    // Members are attached in batches of 8192 rows; disorder within a batch does no harm, so these files are
    // larger than a batch.
    let (fams, mut members) = many(5000);
    // F1's second member comes in the second batch: F1 had been handed over, as complete.
    let late = members.remove(1);
    members.insert(9000, late);
    let (k, a) = files(&refs(&fams), &refs(&members));
    assert_eq!(read(&k, &a).unwrap().len(), 5000, "read whole, the files are fine");
    match stream(&k, &a, 100).0 {
        Err(StreamError::Unsorted { row }) => assert_eq!(row, 9002, "the late member's row, counting the header"),
        other => panic!("{:?}", other.map(|f| f.len())),
    }
    // Families may come in any order, as long as each family's members are together and in the family file's
    // order.
    let reversed: Vec<String> = many(5000).1.chunks(2).rev().flatten().cloned().collect();
    let (k, a) = files(&refs(&fams), &refs(&reversed));
    assert!(matches!(stream(&k, &a, 100).0, Err(StreamError::Unsorted { .. })));
    let fams_reversed: Vec<String> = fams.iter().rev().cloned().collect();
    let (k, a) = files(&refs(&fams_reversed), &refs(&reversed));
    assert_eq!(stream(&k, &a, 100).0.unwrap().len(), 5000);
}
