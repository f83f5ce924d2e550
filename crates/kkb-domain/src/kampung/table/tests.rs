//! Reading and writing the registry files: every problem with its row, column and value; export → import
//! gives back the same values.

use super::*;
use crate::kampung::RegistryReader;
use proptest::prelude::*;

fn today() -> Date {
    Date::new(2025, 3, 15).unwrap()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn full_record() -> KampungRecord {
    KampungRecord {
        village: code("17.71.01.1001"),
        name: "Kampung KB \"Maju\", Pasar".into(),
        launch_date: Date::new(2018, 3, 1).unwrap(),
        decree: Some(Decree {
            number: "140/05/2018".into(),
            date: Date::new(2018, 2, 20).unwrap(),
            regulation_type: RegulationType::SkKepalaDesa,
        }),
        rws: vec!["RW 01".into(), "Dusun II".into()],
        description: "Kampung nelayan,\ndi pesisir".into(),
        location: Some(Location { lat: -3.795_612_3, lng: 102.265_1 }),
        criteria: SelectionCriteria {
            utama: [MainCriterion::KesertaanKbRendah, MainCriterion::KeluargaMiskinTinggi].into(),
            wilayah: [AreaCriterion::PesisirNelayan].into(),
            khusus: [SpecialCriterion::KbMkjpRendah].into(),
        },
        active: true,
        model: ModelFlags { kabupaten: true, provinsi: false },
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn bare_record() -> KampungRecord {
    KampungRecord {
        village: code("1701012001"),
        name: "Kampung KB Sukamaju".into(),
        launch_date: Date::new(2016, 1, 14).unwrap(),
        decree: None,
        rws: vec![],
        description: String::new(),
        location: None,
        criteria: SelectionCriteria::default(),
        active: false,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn report(village: &str, month: &str) -> MonthlyReport {
    MonthlyReport {
        village: code(village),
        month: YearMonth::parse(month).unwrap(),
        pus: 120,
        contraceptive_users: ContraceptiveUsers { mow: 1, mop: 0, iud: 4, implan: 5, suntik: 20, pil: 10, kondom: 2 },
        pus_not_using: PusNotUsing { hamil: 3, ingin_anak_segera: 2, iat: 4, tial: 5 },
        participants: Participants { bkb: 10, bkr: 8, bkl: 6, uppka: 4, pik_r: 2 },
    }
}

fn read(files: &[(&str, &[u8])]) -> Result<RegistryRows, Vec<Problem>> {
    let mut r = RegistryReader::new(today());
    for (name, bytes) in files {
        r.read(name, bytes);
    }
    r.finish()
}

fn problems(file: &str, text: &str) -> Vec<(usize, String, String)> {
    read(&[(file, text.as_bytes())])
        .expect_err("the file has problems")
        .into_iter()
        .map(|p| (p.row, p.column, p.value))
        .collect()
}

const REPORT_HEADER: &str = "village_code,month,pus,mow,mop,iud,implan,suntik,pil,kondom,hamil,ingin_anak_segera,iat,tial,bkb,bkr,bkl,uppka,pik_r";

#[test]
fn csv_export_imports_back_unchanged() {
    let records = vec![full_record(), bare_record()];
    let reports = vec![report("17.71.01.1001", "2025-02"), report("17.71.01.1001", "2024-12")];
    let k = RegistrySheet::kampungs(&records).to_csv();
    let l = RegistrySheet::reports(&reports).to_csv();
    assert!(k.starts_with(b"\xEF\xBB\xBFvillage_code,name,launch_date,"));
    let rows = read(&[("kampung.csv", &k), ("laporan.csv", &l)]).unwrap();
    // Written in village order, read with their rows.
    let got: Vec<_> = rows.kampungs.iter().map(|r| (r.file.as_str(), r.row, r.value.clone())).collect();
    assert_eq!(got, vec![("kampung.csv", 2, bare_record()), ("kampung.csv", 3, full_record())]);
    let got: Vec<_> = rows.reports.iter().map(|r| r.value.clone()).collect();
    assert_eq!(got, vec![reports[1].clone(), reports[0].clone()]);
    assert_eq!(rows.villages(), vec![code("17.01.01.2001"), code("17.71.01.1001")]);
    assert!(rows.revalidate(today()).is_empty());
    // The written cells.
    let text = String::from_utf8(k).unwrap();
    assert!(text.contains(
        "17.71.01.1001,\"Kampung KB \"\"Maju\"\", Pasar\",2018-03-01,140/05/2018,2018-02-20,sk_kepala_desa,RW 01;Dusun II,"
    ));
    assert!(text.contains(
        "-3.7956123,102.2651,keluarga_miskin_tinggi;kesertaan_kb_rendah,pesisir_nelayan,kb_mkjp_rendah,1,1,0"
    ));
    assert!(text.contains("17.01.01.2001,Kampung KB Sukamaju,2016-01-14,,,,,,,,,,,0,0,0"));
}

#[test]
fn a_minimal_file_with_compact_codes_and_no_bom_reads() {
    let rows = read(&[
        ("a.csv", b"name,village_code,active,launch_date\nKampung KB X,1701012001,1,2019-08-17\n"),
        ("b.csv", b"village_code,month,pus\r\n1701012001,2025-03,0\r\n\r\n,,\r\n"),
    ])
    .unwrap();
    assert_eq!(rows.kampungs[0].value.village, code("17.01.01.2001"));
    assert!(rows.kampungs[0].value.active);
    assert_eq!(rows.reports.len(), 1);
    assert_eq!(rows.reports[0].value.contraceptive_users.total(), 0, "absent count columns are 0");
}

#[test]
fn every_report_problem_names_its_row_column_and_value() {
    let row = |cells: &[(&str, &str)]| {
        let mut v: Vec<String> = REPORT_COLUMNS.iter().map(|_| "1".to_string()).collect();
        v[0] = "17.71.01.1001".into();
        v[1] = "2025-01".into();
        v[2] = "100".into();
        for (col, val) in cells {
            v[REPORT_COLUMNS.iter().position(|c| c == col).unwrap()] = val.to_string();
        }
        v.join(",")
    };
    let text = [
        REPORT_HEADER.to_string(),
        row(&[]),                                                   // 2: fine
        row(&[("pil", "-3"), ("month", "2024-03")]),                // 3: negative
        row(&[("month", "2025-02"), ("pus", "5")]),                 // 4: users above PUS
        row(&[("month", "2025-04")]),                               // 5: future month
        row(&[("village_code", "17.71.01"), ("month", "2025-03")]), // 6: not a village
        row(&[("month", "Jan 2025")]),                              // 7: not a month
        row(&[("iat", "dua"), ("pus", ""), ("month", "2024-08")]),  // 8: not a number, PUS missing
        row(&[]),                                                   // 9: duplicate of row 2
        row(&[("village_code", "17.71.01.1002"), ("month", "")]),   // 10: month missing
    ]
    .join("\n");
    let got = problems("laporan.csv", &text);
    let want = [
        (3, "pil", "-3"),
        (4, "pus", "5"),
        (5, "month", "2025-04"),
        (6, "village_code", "17.71.01"),
        (7, "month", "Jan 2025"),
        (8, "pus", ""),
        (8, "iat", "dua"),
        (9, "month", "2025-01"),
        (10, "month", ""),
    ];
    let got_short: Vec<(usize, &str, &str)> = got.iter().map(|(r, c, v)| (*r, c.as_str(), v.as_str())).collect();
    assert_eq!(got_short, want);
}

#[test]
fn report_reasons_are_the_forms() {
    let text = format!("{REPORT_HEADER}\n17.71.01.1001,2025-02,5,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0\n");
    let p = read(&[("laporan.csv", text.as_bytes())]).unwrap_err();
    assert_eq!(p[0].reason, Reason::MoreUsersThanPus { users: 7, pus: 5 });
    assert_eq!(
        (p[0].file.as_str(), p[0].row, p[0].column.as_str(), p[0].value.as_str()),
        ("laporan.csv", 2, "pus", "5")
    );
}

#[test]
fn every_registry_problem_names_its_row_column_and_value() {
    let h = KAMPUNG_COLUMNS.join(",");
    let text = [
        h.as_str(),
        "17.71.01.1001,Kampung KB A,2018-03-01,,,,,,,,,,,1,0,0", // 2: fine
        "17.71.01.1002, ,2030-01-01,,,,,,,,,,,1,0,0",            // 3: no name, future
        "17.71.01.1003,Kampung KB C,01/03/2018,5/2018,,,,,-3.8,,,,,2,0,ya", // 4
        "17.71.01.1004,Kampung KB D,2018-03-01,,,bupati,,,-95,200,miskin,kumuh;laut,,1,0,0", // 5
        "17.71.01.1001,Kampung KB A,2018-03-01,,,,,,,,,,,1,0,0", // 6: duplicate
        "17.71.01.1005,Kampung KB E,2013-01-01,,,,,,\"-3,8\",102,,,,,0,0", // 7
    ]
    .join("\n");
    let got = problems("kampung.csv", &text);
    let got: Vec<(usize, &str, &str)> = got.iter().map(|(r, c, v)| (*r, c.as_str(), v.as_str())).collect();
    assert_eq!(
        got,
        [
            (3, "name", " "),
            (3, "launch_date", "2030-01-01"),
            (4, "launch_date", "01/03/2018"),
            (4, "decree_date", ""),
            (4, "regulation_type", ""),
            (4, "lng", ""),
            (4, "active", "2"),
            (4, "model_provinsi", "ya"),
            (5, "regulation_type", "bupati"),
            (5, "decree_number", ""),
            (5, "decree_date", ""),
            (5, "criteria_utama", "miskin"),
            (5, "criteria_wilayah", "kumuh;laut"),
            (5, "lat", "-95"),
            (5, "lng", "200"),
            (6, "village_code", "17.71.01.1001"),
            (7, "lat", "-3,8"),
            (7, "active", ""),
            (7, "launch_date", "2013-01-01"),
        ]
    );
}

#[test]
fn headers_are_exact() {
    // Unknown columns are refused (the rows are still read); a missing required column or a column twice stops
    // the file at its header.
    let p = problems("laporan.csv", "village_code,month,pus,Pil,catatan\n17.71.01.1001,2025-01,-1,2,x\n");
    assert_eq!(p, [(1, "Pil".into(), "".into()), (1, "catatan".into(), "".into()), (2, "pus".into(), "-1".into())]);
    let p = problems("laporan.csv", "village_code,month,pil,pil\n17.71.01.1001,2025-01,2,2\n");
    assert_eq!(p, [(1, "pil".into(), "".into()), (1, "pus".into(), "".into())]);
    let e = read(&[("x.csv", b"village_code;month;pus\n")]).unwrap_err();
    assert_eq!(e[0].reason, Reason::SemicolonHeader, "{e:?}");
    let e = read(&[("keluarga.csv", b"family_id,village_code,pk_year\n")]).unwrap_err();
    assert_eq!(e[0].reason, Reason::UnknownRegistryFile, "{e:?}");
    let e = read(&[("x.csv", b"")]).unwrap_err();
    assert_eq!(e[0].reason, Reason::FileEmpty);
    let e = read(&[("x.csv", b"village_code,month,pus\n17.71.01.1001,2025-01,\xff\n")]).unwrap_err();
    assert_eq!(e[0].reason, Reason::FileNotUtf8At { bytes: 45 });
    let e = read(&[("x.csv", b"village_code,month,pus\n17.71.01.1001,2025-01\n")]).unwrap_err();
    assert_eq!((e[0].row, &e[0].reason), (2, &Reason::RowWidth { cells: 2, header: 3 }));
    let e = read(&[("x.csv", b"village_code,month,pus,\n17.71.01.1001,2025-01,1,oops\n")]).unwrap_err();
    assert_eq!((e[0].row, e[0].column.as_str()), (2, "(column 4)"));
}

#[test]
fn duplicates_across_files_name_the_first() {
    let k = "village_code,name,launch_date,active\n17.71.01.1001,A,2018-01-01,1\n";
    let e = read(&[("a.csv", k.as_bytes()), ("b.csv", k.as_bytes())]).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].file.as_str(), e[0].row), ("b.csv", 2));
    assert_eq!(e[0].reason, Reason::KampungRepeated { file: "a.csv".into(), row: 2 });
}

#[test]
fn column_of_maps_form_fields() {
    let k = RegistryTable::Kampung;
    assert_eq!(k.column_of("village"), "village_code");
    assert_eq!(k.column_of("decree.number"), "decree_number");
    assert_eq!(k.column_of("decree.date"), "decree_date");
    assert_eq!(k.column_of("location.lng"), "lng");
    assert_eq!(k.column_of("rws.3"), "rws");
    let r = RegistryTable::Reports;
    assert_eq!(r.column_of("contraceptive_users.pil"), "pil");
    assert_eq!(r.column_of("pus_not_using.ingin_anak_segera"), "ingin_anak_segera");
    assert_eq!(r.column_of("participants.pik_r"), "pik_r");
    assert_eq!(r.column_of("contraceptive_users"), "pus");
    assert_eq!(r.column_of("month"), "month");
}

/// A workbook like a spreadsheet program writes one: numbers as numbers, a month typed as a date.
fn workbook(reports_rows: &[[f64; 3]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("kampung").unwrap();
    for (c, h) in ["village_code", "name", "launch_date", "active", "lat", "lng"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_number(1, 0, 1_771_011_001.0).unwrap();
    s.write_string(1, 1, "Kampung KB Pasar").unwrap();
    s.write_string(1, 2, "2019-08-17").unwrap();
    s.write_boolean(1, 3, true).unwrap();
    s.write_number(1, 4, -3.795_612_3).unwrap();
    s.write_number(1, 5, 102.265_1).unwrap();
    let s = wb.add_worksheet();
    s.set_name("laporan").unwrap();
    for (c, h) in ["village_code", "month", "pus", "pil"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm");
    for (i, [serial, pus, pil]) in reports_rows.iter().enumerate() {
        let r = i as u32 + 1;
        s.write_string(r, 0, "17.71.01.1001").unwrap();
        s.write_number_with_format(r, 1, *serial, &fmt).unwrap();
        s.write_number(r, 2, *pus).unwrap();
        s.write_number(r, 3, *pil).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn workbooks_read_numbers_and_month_dates() {
    // 45658 is 2025-01-01.
    let rows = read(&[("book.xlsx", &workbook(&[[45_658.0, 50.0, 10.0]]))]).unwrap();
    let k = &rows.kampungs[0];
    assert_eq!((k.file.as_str(), k.row), ("kampung", 2));
    assert_eq!(k.value.village, code("17.71.01.1001"));
    assert_eq!(k.value.location, Some(Location { lat: -3.795_612_3, lng: 102.265_1 }));
    assert!(k.value.active);
    assert_eq!(rows.reports[0].value.month, YearMonth::new(2025, 1).unwrap());
    assert_eq!(rows.reports[0].value.contraceptive_users.pil, 10);
    let e = read(&[("book.xlsx", &workbook(&[[45_658.0, 5.0, 10.0], [45_689.0, -1.0, 0.0]]))]).unwrap_err();
    let got: Vec<(&str, usize, &str, &str)> =
        e.iter().map(|p| (p.file.as_str(), p.row, p.column.as_str(), p.value.as_str())).collect();
    assert_eq!(got, [("laporan", 2, "pus", "5"), ("laporan", 3, "pus", "-1")]);
    let e = read(&[("book.xlsx", b"PK\x03\x04 not really")]).unwrap_err();
    assert!(matches!(e[0].reason, Reason::WorkbookNotZip | Reason::WorkbookDamaged { .. }), "{e:?}");
}

#[test]
fn written_workbook_columns_say_which_hold_numbers() {
    assert!(RegistryTable::Reports.is_number("pil") && !RegistryTable::Reports.is_number("month"));
    assert!(RegistryTable::Kampung.is_number("lat") && !RegistryTable::Kampung.is_number("decree_number"));
}

fn arb_report() -> impl Strategy<Value = MonthlyReport> {
    (1u16..=9999, 2014i32..=2025, 1u8..=12, 0u32..2000, prop::array::uniform16(0u32..200)).prop_map(
        |(v, year, month, extra, n)| {
            let users = ContraceptiveUsers {
                mow: n[0],
                mop: n[1],
                iud: n[2],
                implan: n[3],
                suntik: n[4],
                pil: n[5],
                kondom: n[6],
            };
            let not_using = PusNotUsing { hamil: n[7], ingin_anak_segera: n[8], iat: n[9], tial: n[10] };
            let pus = (users.total() + not_using.total()) as u32 + extra;
            let month = YearMonth::new(year, if year == 2025 { month.min(3) } else { month }).unwrap();
            MonthlyReport {
                village: RegionCode::from_compact(Level::Village, 1_771_010_000 + u64::from(v)).unwrap(),
                month,
                pus,
                contraceptive_users: users,
                pus_not_using: not_using,
                participants: Participants { bkb: n[11], bkr: n[12], bkl: n[13], uppka: n[14], pik_r: n[15] },
            }
        },
    )
}

proptest! {
    #[test]
    fn any_valid_reports_round_trip(reports in prop::collection::vec(arb_report(), 0..20)) {
        let mut seen = std::collections::HashSet::new();
        let reports: Vec<MonthlyReport> = reports.into_iter().filter(|r| seen.insert((r.village, r.month))).collect();
        let csv = RegistrySheet::reports(&reports).to_csv();
        let mut got: Vec<MonthlyReport> =
            read(&[("laporan.csv", &csv)]).unwrap().reports.into_iter().map(|r| r.value).collect();
        let mut want = reports;
        want.sort_by_key(|r| (r.village, r.month));
        got.sort_by_key(|r| (r.village, r.month));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn any_text_in_names_and_descriptions_round_trips(name in "[^\u{0}]{1,40}", description in "[^\u{0}]{0,80}") {
        prop_assume!(!name.trim().is_empty());
        let record = KampungRecord {
            name: name.trim().to_string(),
            description: description.trim().to_string(),
            ..full_record()
        };
        let csv = RegistrySheet::kampungs(std::slice::from_ref(&record)).to_csv();
        let rows = read(&[("kampung.csv", &csv)]).unwrap();
        prop_assert_eq!(&rows.kampungs[0].value, &record);
    }
}

#[test]
fn unknown_villages_are_listed_with_the_other_problems_in_file_and_row_order() {
    let mut r = RegistryReader::new(today());
    r.read("laporan.csv", b"village_code,month,pus,pil\n17.71.01.1001,2025-01,-1,0\n17.71.01.9999,2025-01,10,1\n");
    r.read("kampung.csv", b"village_code,name,launch_date,active\n17.71.01.9998,X,2018-01-01,1\n");
    let known = |c: RegionCode| c.compact() % 10_000 < 9000;
    r.check_villages(&known);
    let got: Vec<(String, usize, String)> =
        r.finish().unwrap_err().into_iter().map(|p| (p.file, p.row, p.column)).collect();
    let want = [("laporan.csv", 2, "pus"), ("laporan.csv", 3, "village_code"), ("kampung.csv", 2, "village_code")];
    assert_eq!(got, want.map(|(f, r, c)| (f.to_string(), r, c.to_string())));
}

#[test]
fn every_column_has_a_label_and_the_report_columns_are_the_vocabularies() {
    for table in RegistryTable::ALL {
        for c in table.columns() {
            assert!(table.column_label(c).is_some(), "{c}");
        }
        assert_eq!(table.column_label("nope"), None);
    }
    let ids = |v: Vec<&'static str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    let counts: Vec<String> = REPORT_COLUMNS[3..].iter().map(|c| c.to_string()).collect();
    let mut vocab = ids(ContraceptiveMethod::ALL.iter().map(|m| m.id()).collect());
    vocab.extend(ids(NotUsingReason::ALL.iter().map(|m| m.id()).collect()));
    vocab.extend(ids(["bkb", "bkr", "bkl", "uppka", "pik_r"]
        .into_iter()
        .filter(|p| Program::from_id(p).is_some())
        .collect()));
    assert_eq!(vocab, counts);
    assert_eq!(RegistryTable::Reports.column_label("pil"), Some("kb-method-pil"));
    assert_eq!(RegistryTable::Reports.column_label("bkb"), Some("program-bkb"));
}
