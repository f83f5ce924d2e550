//! Item 6: no CSV export writes a cell a spreadsheet program would run as a formula, and the Kampung KB registry
//! still round-trips (export → import → the same record).

use super::{both_engines, csv_cells, download};
use crate::common::{self, Client, TestApp, logged_in};
use axum::http::StatusCode;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::{InpresArea, YearMonth};
use kkb_domain::planning::{BudgetSource, ItemStatus, Plan, PlanItem, PlanStatus};
use kkb_domain::region::{Level, RegionCode};

const NAME: &str = "=HYPERLINK(\"http://evil.example/x\",\"klik\")";
const DECREE: &str = "@SUM(1+1)";
const DESCRIPTION: &str = "-2+3 kegiatan";
const TITLE: &str = "+cmd|' /C calc'!A0";

/// Whether a spreadsheet program would read the cell as a formula (an independent check: a cell that begins with a
/// formula character is safe only when it is a plain number).
fn runs(cell: &str) -> bool {
    let number = cell.parse::<f64>().is_ok_and(f64::is_finite) && !cell.contains(['i', 'n', 'I', 'N']);
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number
}

fn plan_item(regency: RegionCode) -> PlanItem {
    let y = today_utc().year();
    PlanItem {
        activity: None,
        title: TITLE.into(),
        area: InpresArea::LayananRujukan,
        functions: Default::default(),
        variables: Default::default(),
        responsible: format!("dinkes:{regency}"),
        supporting: Default::default(),
        villages: Default::default(),
        start: YearMonth::new(y, 2).unwrap(),
        end: YearMonth::new(y, 6).unwrap(),
        budget: 1_000_000,
        budget_source: BudgetSource::ApbdKabupaten,
        indicator: "-1 keluarga".into(),
        target: 120.0,
        unit: "keluarga".into(),
        status: ItemStatus::Planned,
    }
}

async fn upload_registry(t: &TestApp, c: &mut Client, v: RegionCode, file: &[u8]) -> common::Resp {
    let csrf = c.csrf(t).await;
    let parts: Vec<(&str, Option<&str>, &[u8])> =
        vec![("csrf", None, csrf.as_bytes()), ("file", Some("kampung.csv"), file)];
    c.post_multipart(t, &format!("/wilayah/{v}/kampung/unggah"), &parts).await
}

async fn every_csv_export_is_neutralised(t: &TestApp) {
    let v = t.village;
    let regency = v.ancestor_at(Level::Regency).unwrap();
    let mut kader = logged_in(t, "kader").await;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "village_code",
        "name",
        "launch_date",
        "decree_number",
        "decree_date",
        "regulation_type",
        "active",
        "description",
        "lat",
        "lng",
    ];
    w.write_record(header).unwrap();
    w.write_record([
        &v.to_string(),
        NAME,
        "2019-08-17",
        DECREE,
        "2019-08-01",
        "perdes",
        "1",
        DESCRIPTION,
        "-3.79",
        "102.26",
    ])
    .unwrap();
    let r = upload_registry(t, &mut kader, v, &w.into_inner().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = upload_registry(t, &mut kader, v, format!("village_code,month,pus\n{v},2024-05,100\n").as_bytes()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let stored = t.app.store.kampung(v).unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.decree.as_ref().unwrap().number.as_str()), (NAME, DECREE));

    let store = &t.app.store;
    store.seed_agencies(RegionCode::parse("17").unwrap()).unwrap();
    let plan = store
        .create_plan(&Plan {
            id: 0,
            region: regency,
            year: today_utc().year(),
            title: "=1+1 rencana".into(),
            status: PlanStatus::Draft,
            coordinator: format!("bappeda:{regency}"),
            note: String::new(),
            version: 0,
        })
        .unwrap();
    store.add_item(plan.id, &plan_item(regency), None).unwrap();

    // Every CSV the application offers, as someone who may download it.
    let prov = logged_in(t, "prov").await;
    let exports: Vec<(String, &Client)> = vec![
        (format!("/wilayah/{regency}/kampung/ekspor/kampung.csv"), &prov),
        (format!("/wilayah/{regency}/kampung/ekspor/laporan.csv"), &prov),
        (format!("/wilayah/{regency}/ekspor/wilayah.csv"), &prov),
        (format!("/wilayah/{regency}/ekspor/variabel.csv"), &prov),
        (format!("/wilayah/{regency}/ekspor/peringkat.csv"), &prov),
        (format!("/wilayah/{regency}/bentuk-kampung.csv"), &prov),
        (format!("/wilayah/{v}/keluarga?format=csv"), &kader),
        (format!("/rencana/{}/ekspor/kegiatan.csv", plan.id), &prov),
    ];
    let mut seen = Vec::new();
    for (uri, c) in &exports {
        let (status, bytes) = download(t, c, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let cells = csv_cells(&bytes);
        assert!(cells.len() > 1, "{uri} has rows");
        for cell in cells.iter().flatten() {
            assert!(!runs(cell), "{uri} writes {cell:?}, which a spreadsheet program runs");
            seen.push(cell.clone());
        }
    }
    for expected in [NAME, DECREE, DESCRIPTION, TITLE] {
        assert!(seen.contains(&format!("'{expected}")), "{expected:?} is exported with its quote");
    }
    assert!(seen.iter().any(|c| c == "-3.79"), "a negative number (the latitude) stays a number");

    // The registry round trip: the download uploads again and gives exactly the same record and file.
    let uri = format!("/wilayah/{regency}/kampung/ekspor/kampung.csv");
    let (_, first) = download(t, &prov, &uri).await;
    let r = upload_registry(t, &mut kader, v, &first).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let again = t.app.store.kampung(v).unwrap().unwrap();
    assert_eq!(again.name, NAME);
    assert_eq!(again.decree.as_ref().unwrap().number, DECREE);
    assert_eq!(again.description, DESCRIPTION);
    assert_eq!(download(t, &prov, &uri).await.1, first);
}

both_engines!(csv_exports_neutralise_formulas, every_csv_export_is_neutralised, 1500);
