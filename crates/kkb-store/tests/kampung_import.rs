//! Importing registry files (docs/kampung-import.md) in one transaction, on SQLite and PostgreSQL: everything is
//! written or nothing, every problem names its file, row and column, classes follow.

mod common;

use common::*;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{RegistryReader, RegistryRows, RegistrySheet, YearMonth};
use kkb_domain::pk::Problem;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_store::{RegistryImportSummary, Store, StoreError};

/// The first `n` villages of the first district of Kota Bengkulu.
fn villages(s: &Store, n: usize) -> Vec<RegionCode> {
    let district = s.children(code("17.71")).unwrap()[0].code;
    s.children(district).unwrap().into_iter().take(n).map(|r| r.code).collect()
}

fn rows(files: &[(&str, String)]) -> RegistryRows {
    let mut r = RegistryReader::new(today_utc());
    for (name, text) in files {
        r.read(name, text.as_bytes());
    }
    r.finish().unwrap()
}

fn kampung_csv(vs: &[RegionCode], name: &str) -> String {
    let mut s = "village_code,name,launch_date,active,criteria_utama,rws\n".to_string();
    for v in vs {
        s.push_str(&format!("{v},{name} {v},2018-03-01,1,kesertaan_kb_rendah,RW 01;RW 02\n"));
    }
    s
}

fn laporan_csv(rows: &[(RegionCode, &str, u32)]) -> String {
    let mut s = "village_code,month,pus,mow,iud,implan,suntik,pil,kondom,iat,tial,bkb\n".to_string();
    for (v, m, pus) in rows {
        s.push_str(&format!("{v},{m},{pus},1,3,4,20,10,2,4,5,12\n"));
    }
    s
}

fn all_reports(s: &Store, vs: &[RegionCode]) -> Vec<(RegionCode, String, u32)> {
    let (from, to) = (YearMonth::new(2014, 1).unwrap(), YearMonth::new(2100, 12).unwrap());
    vs.iter().flat_map(|v| s.reports(*v, from, to).unwrap()).map(|r| (r.village, r.month.to_string(), r.pus)).collect()
}

fn cells(p: &[Problem]) -> Vec<(String, usize, String)> {
    p.iter().map(|p| (p.file.clone(), p.row, p.column.clone())).collect()
}

#[test]
fn a_good_import_writes_records_and_reports_and_classes() {
    for b in backends() {
        let s = b.store();
        let vs = villages(s, 3);
        let version = s.data_version().unwrap();
        let files = [
            ("kampung.csv", kampung_csv(&vs[..2], "Kampung KB")),
            ("laporan.csv", laporan_csv(&[(vs[0], "2024-05", 100), (vs[0], "2024-06", 110), (vs[1], "2024-06", 90)])),
        ];
        let got = s.import_registry(&rows(&files), false).unwrap();
        let want = RegistryImportSummary { kampungs_new: 2, reports_new: 3, villages: 2, ..Default::default() };
        assert_eq!(got, want, "{}", b.name);
        assert!(s.data_version().unwrap() > version, "{}: the dashboards' caches see the change", b.name);
        let k = s.kampung(vs[0]).unwrap().unwrap();
        assert_eq!((k.name.as_str(), k.rws.len(), k.active), (format!("Kampung KB {}", vs[0]).as_str(), 2, true));
        assert_eq!(
            all_reports(s, &vs),
            [(vs[0], "2024-05".into(), 100), (vs[0], "2024-06".into(), 110), (vs[1], "2024-06".into(), 90)]
        );
        // Both Kampung are classified.
        assert_eq!(s.class_counts(code("17.71")).unwrap().unclassified, 0, "{}", b.name);
        assert_eq!(s.class_counts(code("17.71")).unwrap().total(), 2);
        assert_eq!(s.class_history(vs[0]).unwrap().len(), 1);

        // Importing the same records again replaces them, keeping their creation time; a report for a stored
        // Kampung needs no record row.
        let files =
            [("kampung.csv", kampung_csv(&vs[..2], "KKB")), ("laporan.csv", laporan_csv(&[(vs[1], "2024-07", 95)]))];
        let got = s.import_registry(&rows(&files), false).unwrap();
        assert_eq!((got.kampungs_new, got.kampungs_updated, got.reports_new), (0, 2, 1), "{}", b.name);
        let again = s.kampung(vs[0]).unwrap().unwrap();
        assert_eq!((again.name, again.created_at), (format!("KKB {}", vs[0]), k.created_at));
        let only_reports = [("laporan.csv", laporan_csv(&[(vs[0], "2024-07", 120)]))];
        assert_eq!(s.import_registry(&rows(&only_reports), false).unwrap().reports_new, 1);
    }
}

#[test]
fn any_problem_refuses_everything_and_names_row_and_column() {
    for b in backends() {
        let s = b.store();
        let vs = villages(s, 4);
        let seed = [
            ("kampung.csv", kampung_csv(&vs[..1], "Kampung KB")),
            ("laporan.csv", laporan_csv(&[(vs[0], "2024-05", 100)])),
        ];
        s.import_registry(&rows(&seed), false).unwrap();
        let before = (s.kampungs(None).unwrap(), all_reports(s, &vs), s.data_version().unwrap());
        // A code of the right shape that is not in the region table.
        let missing = RegionCode::parse("17.71.01.9999").unwrap();
        let files = [
            ("kampung.csv", kampung_csv(&[vs[1], missing], "Baru")),
            (
                "laporan.csv",
                laporan_csv(&[
                    (vs[1], "2024-05", 100),   // row 2: fine (its Kampung is in the file)
                    (vs[0], "2024-05", 100),   // row 3: already reported
                    (vs[2], "2024-05", 100),   // row 4: no Kampung KB
                    (missing, "2024-06", 100), // row 5: in the file, but not a village of the table
                ]),
            ),
        ];
        let problems = match s.import_registry(&rows(&files), false) {
            Err(StoreError::Problems(p)) => p,
            other => panic!("{}: {other:?}", b.name),
        };
        assert_eq!(
            cells(&problems),
            [
                ("kampung.csv".into(), 3, "village_code".into()),
                ("laporan.csv".into(), 3, "month".into()),
                ("laporan.csv".into(), 4, "village_code".into()),
                ("laporan.csv".into(), 5, "village_code".into()),
            ],
            "{}",
            b.name
        );
        assert_eq!(problems[0].reason, Reason::VillageNotInTable { code: missing.to_string() });
        assert_eq!(problems[1].reason, Reason::MonthAlreadyReported { month: YearMonth::new(2024, 5).unwrap() });
        assert_eq!(problems[2].reason, Reason::NoKampung { village: vs[2].to_string() });
        assert_eq!(problems[2].value, vs[2].to_string());
        let after = (s.kampungs(None).unwrap(), all_reports(s, &vs), s.data_version().unwrap());
        assert_eq!(after, before, "{}: nothing half saved", b.name);
    }
}

#[test]
fn replacing_reports_is_explicit_and_clears_verification() {
    for b in backends() {
        let s = b.store();
        let vs = villages(s, 1);
        let v = vs[0];
        let first = [
            ("kampung.csv", kampung_csv(&vs, "Kampung KB")),
            ("laporan.csv", laporan_csv(&[(v, "2024-05", 100), (v, "2024-06", 100)])),
        ];
        s.import_registry(&rows(&first), false).unwrap();
        let may = YearMonth::parse("2024-05").unwrap();
        s.verify_report(v, may, "kab").unwrap();
        let second = [("laporan.csv", laporan_csv(&[(v, "2024-05", 130), (v, "2024-07", 100)]))];
        assert!(matches!(s.import_registry(&rows(&second), false), Err(StoreError::Problems(p)) if p.len() == 1));
        let got = s.import_registry(&rows(&second), true).unwrap();
        assert_eq!((got.reports_new, got.reports_replaced), (1, 1), "{}", b.name);
        assert_eq!(s.report(v, may).unwrap().unwrap().pus, 130);
        assert_eq!(s.report_verification(v, may).unwrap(), None, "{}: a replaced report is verified again", b.name);
    }
}

#[test]
fn an_export_imports_back_into_another_database_unchanged() {
    let (from, to) = (YearMonth::new(2014, 1).unwrap(), YearMonth::new(2100, 12).unwrap());
    for b in backends() {
        let s = b.store();
        let vs = villages(s, 2);
        let files = [
            ("kampung.csv", kampung_csv(&vs, "Kampung KB")),
            ("laporan.csv", laporan_csv(&[(vs[0], "2024-05", 100), (vs[1], "2024-06", 90)])),
        ];
        s.import_registry(&rows(&files), false).unwrap();
        let records = s.kampungs(Some(code("17.71"))).unwrap();
        let reports = s.reports_within(Some(code("17.71"))).unwrap();
        assert_eq!(reports, vs.iter().flat_map(|v| s.reports(*v, from, to).unwrap()).collect::<Vec<_>>());
        assert!(s.reports_within(Some(code("17.01"))).unwrap().is_empty());
        let k = String::from_utf8(RegistrySheet::kampungs(&records).to_csv()).unwrap();
        let l = String::from_utf8(RegistrySheet::reports(&reports).to_csv()).unwrap();
        let other = sqlite();
        let o = other.store();
        o.import_registry(&rows(&[("kampung.csv", k), ("laporan.csv", l)]), false).unwrap();
        let strip = |mut r: kkb_domain::kampung::KampungRecord| {
            r.created_at.clear();
            r.updated_at.clear();
            r
        };
        let got: Vec<_> = o.kampungs(None).unwrap().into_iter().map(strip).collect();
        assert_eq!(got, records.into_iter().map(strip).collect::<Vec<_>>(), "{}", b.name);
        assert_eq!(o.reports_within(None).unwrap(), reports);
    }
}
