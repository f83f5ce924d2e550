//! "Where to form next": the candidate villages for a Kampung KB through the router, as a page, XLSX, CSV and JSON.

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, YEAR, logged_in};
use kkb_domain::date::Date;
use kkb_domain::kampung::{KampungRecord, ModelFlags, SelectionCriteria, rank_candidates};
use kkb_domain::region::{Level, RegionCode};
use std::collections::BTreeSet;

/// Enough families for most villages to have 5 or more.
const N: u64 = 12_000;

fn kampung(village: RegionCode, active: bool) -> KampungRecord {
    KampungRecord {
        village,
        name: format!("Kampung KB {village}"),
        launch_date: Date::new(2019, 3, 1).unwrap(),
        decree: None,
        rws: vec![],
        description: String::new(),
        location: None,
        criteria: SelectionCriteria::default(),
        active,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// The village codes of a candidates page, in order, with their `data-met` value.
fn rows(html: &str) -> Vec<(String, u8)> {
    html.split("<tr class=\"candidate\" data-code=\"")
        .skip(1)
        .map(|part| {
            let code = part.split('"').next().unwrap().to_string();
            let met = part.split("data-met=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            (code, met)
        })
        .collect()
}

/// The ranking computed directly from the store, the way the page documents it.
fn expected(t: &TestApp, scope: RegionCode, within: RegionCode) -> Vec<String> {
    let store = &t.app.store;
    let villages = store.descendant_figures(scope, Level::Village, None).unwrap();
    let formed: BTreeSet<RegionCode> =
        store.kampungs(Some(scope)).unwrap().into_iter().filter(|k| k.active).map(|k| k.village).collect();
    let m = store.methodology(&store.round(None).unwrap().methodology_id).unwrap();
    rank_candidates(&villages, &formed, &m.definition().dimensions)
        .candidates
        .iter()
        .filter(|c| c.village.is_within(within))
        .map(|c| c.village.to_string())
        .collect()
}

fn regency(t: &TestApp) -> RegionCode {
    t.village.ancestor_at(Level::Regency).unwrap()
}

#[tokio::test]
async fn the_page_lists_villages_without_a_kampung_in_the_documented_order_with_reasons() {
    let t = common::sqlite(N);
    let regency = regency(&t);
    let villages: Vec<RegionCode> =
        t.app.store.descendant_figures(regency, Level::Village, None).unwrap().iter().map(|f| f.region.code).collect();
    // Two active Kampung KB and one inactive one.
    for (v, active) in [(villages[0], true), (villages[1], true), (villages[2], false)] {
        t.app.store.upsert_kampung(&kampung(v, active)).unwrap();
    }
    let mut c = logged_in(&t, "prov").await;
    let r = c.get(&t, &format!("/wilayah/{regency}/bentuk-kampung")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let listed = rows(&r.body);
    let codes: Vec<String> = listed.iter().map(|x| x.0.clone()).collect();
    assert_eq!(listed.len(), villages.len() - 2, "every village but the two with an active Kampung");
    assert!(!codes.contains(&villages[0].to_string()) && !codes.contains(&villages[1].to_string()));
    assert!(codes.contains(&villages[2].to_string()), "an inactive Kampung does not count as formed");
    assert_eq!(codes, expected(&t, regency, regency), "the page follows the domain ranking");
    // Both criteria first, then one, then none (villages without data, last, show 0).
    let met: Vec<u8> = listed.iter().map(|x| x.1).collect();
    let with_data = met.iter().take_while(|m| **m > 0).count();
    assert!(met[..with_data].windows(2).all(|w| w[0] >= w[1]), "{met:?}");
    assert_eq!(met[0], 2, "some village meets both main criteria");
    // The first row gives its reasons in words.
    // (its reasons are on the row below it, up to the next village)
    let first = r.body.split("<tr class=\"candidate\"").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert!(first.contains("Keluarga Rentan di atas rata-rata kabupaten/kota"), "{first}");
    assert!(first.contains("Kesertaan KB (CPR) di bawah rata-rata kabupaten/kota"), "{first}");
    assert!(first.contains("Dimensi terlemah"), "{first}");
    assert!(first.contains(&format!("href=\"/wilayah/{}?year={YEAR}\"", codes[0])));
    // The method is explained, the poor-family proxy included.
    assert!(r.body.contains("iBangga Rentan"));
    assert!(r.body.contains(&format!("/wilayah/{regency}/bentuk-kampung.xlsx")));
    // In English too.
    c.cookies.insert("lang".into(), "en".into());
    let en = c.get(&t, &format!("/wilayah/{regency}/bentuk-kampung")).await;
    assert!(en.body.contains("Rentan families above the regency average"));
    assert_eq!(rows(&en.body), listed);
    // The dashboard's coverage card links here.
    let dash = c.get(&t, &format!("/wilayah/{regency}")).await;
    assert!(dash.body.contains(&format!("href=\"/wilayah/{regency}/bentuk-kampung?year={YEAR}\"")));
}

#[tokio::test]
async fn a_kecamatan_is_ranked_against_its_regency_and_a_new_kampung_leaves_the_list() {
    let t = common::sqlite(N);
    let regency = regency(&t);
    let district = t.village.ancestor_at(Level::District).unwrap();
    let mut c = logged_in(&t, "prov").await;
    let r = c.get(&t, &format!("/wilayah/{district}/bentuk-kampung")).await;
    assert_eq!(r.status, StatusCode::OK);
    let codes: Vec<String> = rows(&r.body).into_iter().map(|x| x.0).collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|v| RegionCode::parse(v).unwrap().is_within(district)));
    assert_eq!(codes, expected(&t, regency, district), "averages of the whole regency");
    // The best candidate gets a Kampung KB and leaves the list (page, API and exports alike).
    let chosen = RegionCode::parse(&codes[0]).unwrap();
    t.app.store.upsert_kampung(&kampung(chosen, true)).unwrap();
    let r = c.get(&t, &format!("/wilayah/{district}/bentuk-kampung")).await;
    let after: Vec<String> = rows(&r.body).into_iter().map(|x| x.0).collect();
    assert_eq!(after, codes[1..].to_vec());
    let api = c.get(&t, &format!("/api/v1/regions/{district}/kampung-candidates")).await;
    assert!(!api.body.contains(&format!("\"code\":\"{chosen}\"")));
    let csv = c.get(&t, &format!("/wilayah/{district}/bentuk-kampung.csv")).await;
    assert!(!csv.body.contains(&chosen.to_string()));
}

/// The cells of the first sheet of a workbook, as text (numbers as Rust prints them).
fn sheet(bytes: &[u8]) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(|r| r.to_vec()).collect()
}

#[tokio::test]
async fn the_workbook_csv_and_json_hold_the_same_rows() {
    use calamine::Data;
    let t = common::sqlite(N);
    let regency = regency(&t);
    let mut c = logged_in(&t, "prov").await;
    let page = c.get(&t, &format!("/wilayah/{regency}/bentuk-kampung")).await;
    let codes: Vec<String> = rows(&page.body).into_iter().map(|x| x.0).collect();
    let name = t.app.store.region(regency).unwrap().unwrap().name;

    let resp = c.get(&t, &format!("/wilayah/{regency}/bentuk-kampung.xlsx")).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    // The body went through a String: fetch the bytes again without the lossy conversion.
    let bytes = {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let req = axum::http::Request::builder()
            .uri(format!("/wilayah/{regency}/bentuk-kampung.xlsx"))
            .header("cookie", c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
            .body(axum::body::Body::empty())
            .unwrap();
        t.router.clone().oneshot(req).await.unwrap().into_body().collect().await.unwrap().to_bytes()
    };
    let cells = sheet(&bytes);
    let title = cells[0][0].to_string();
    assert!(title.contains(&name) && title.contains(&YEAR.to_string()), "{title}");
    let header: Vec<String> = cells[2].iter().map(ToString::to_string).collect();
    assert_eq!(header[0], "Peringkat");
    assert_eq!(header[header.len() - 2..], ["Keputusan / Decision", "Catatan / Notes"]);
    let data = &cells[3..];
    assert_eq!(data.len(), codes.len());
    assert_eq!(data.iter().map(|r| r[1].to_string()).collect::<Vec<_>>(), codes);
    assert_eq!(data[0][0], Data::Float(1.0), "ranks are numbers");
    assert!(matches!(data[0][7], Data::Float(_)), "shares are numbers: {:?}", data[0][7]);
    assert!(data.iter().all(|r| r[18] == Data::Empty && r[19] == Data::Empty), "decision and notes are blank");

    let csv = c.get(&t, &format!("/wilayah/{regency}/bentuk-kampung.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let head = reader.headers().unwrap().clone();
    assert_eq!(head.len(), header.len());
    assert_eq!(&head[0], "peringkat");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), data.len());
    for (rec, row) in records.iter().zip(data) {
        for (i, (a, b)) in rec.iter().zip(row).enumerate() {
            match b {
                // The workbook keeps full precision; the CSV rounds to the two decimals the page shows.
                Data::Float(x) => {
                    let decimals = a.split_once('.').map_or(0, |(_, f)| f.len());
                    assert!(decimals <= 2, "column {i}: {a}");
                    assert!((a.parse::<f64>().unwrap() - x).abs() <= 0.005 + 1e-9, "column {i}: {a} vs {x}");
                }
                Data::Empty => assert_eq!(a, "", "column {i}"),
                other => assert_eq!(a, other.to_string(), "column {i}"),
            }
        }
    }

    let api = c.get(&t, &format!("/api/v1/regions/{regency}/kampung-candidates")).await;
    assert_eq!(api.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["region"]["code"], regency.to_string());
    assert_eq!(v["year"], YEAR);
    let list = v["candidates"].as_array().unwrap();
    assert_eq!(list.iter().map(|c| c["code"].as_str().unwrap().to_string()).collect::<Vec<_>>(), codes);
    let first = &list[0];
    assert_eq!(first["rank"], 1);
    assert_eq!(first["kriteria_utama"], true);
    let kinds: Vec<&str> = first["reasons"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[..2], ["poor_share_above", "cpr_below"]);
    assert_eq!(v["regencies"][0]["code"], regency.to_string());
    // The OpenAPI document lists the endpoint.
    let doc = c.get(&t, "/api/v1/openapi.json").await;
    assert!(doc.body.contains("/api/v1/regions/{code}/kampung-candidates"));
}

#[tokio::test]
async fn a_village_code_is_not_found_and_the_public_sees_aggregates_only() {
    let t = common::sqlite(N);
    let mut public = Client::default();
    for path in [
        format!("/wilayah/{}/bentuk-kampung", t.village),
        format!("/wilayah/{}/bentuk-kampung.xlsx", t.village),
        format!("/wilayah/{}/bentuk-kampung.csv", t.village),
        format!("/api/v1/regions/{}/kampung-candidates", t.village),
        "/wilayah/99.99/bentuk-kampung".to_string(),
        format!("/wilayah/17/bentuk-kampung?year={}", YEAR - 5),
    ] {
        assert_eq!(public.get(&t, &path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // The province page is public and holds no personal data.
    let regency = regency(&t);
    let page = public.get(&t, "/wilayah/17/bentuk-kampung").await;
    assert_eq!(page.status, StatusCode::OK);
    let csv = public.get(&t, &format!("/wilayah/{regency}/bentuk-kampung.csv")).await;
    let api = public.get(&t, &format!("/api/v1/regions/{regency}/kampung-candidates")).await;
    // The people of the villages listed first (checking every family of the province would take minutes).
    let listed: BTreeSet<String> = rows(&page.body).into_iter().take(20).map(|x| x.0).collect();
    for f in t.families.iter().filter(|f| listed.contains(&f.key.village.to_string())) {
        for p in &f.people {
            for body in [&page.body, &csv.body, &api.body] {
                assert!(p.name.len() <= 6 || !body.contains(&p.name), "no person's name");
                if let Some(n) = &p.nik {
                    assert!(!body.contains(n.as_str()), "no NIK");
                }
            }
        }
    }
    // Villages resting on 1–4 families come after the ranked ones for the public, with figures hidden; an
    // official of the regency sees them ranked.
    let public_rows = rows(&public.get(&t, &format!("/wilayah/{regency}/bentuk-kampung")).await.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let list = v["candidates"].as_array().unwrap();
    let hidden: Vec<&serde_json::Value> = list.iter().filter(|c| c["hidden"] == true).collect();
    assert!(!hidden.is_empty(), "the small test round has villages of 1–4 families (or PUS)");
    let first_hidden = list.iter().position(|c| c["hidden"] == true || c["rank"].is_null());
    if let Some(i) = first_hidden {
        assert!(list[i..].iter().all(|c| c["rank"].is_null()), "nothing ranked after a hidden village");
    }
    for h in &hidden {
        assert!(h["families"].is_null() && h["poor_share"].is_null() && h["cpr"].is_null(), "{h}");
    }
    assert_eq!(public_rows.len(), list.len());
    let mut kab = logged_in(&t, "kab").await;
    let exact: serde_json::Value =
        serde_json::from_str(&kab.get(&t, &format!("/api/v1/regions/{regency}/kampung-candidates")).await.body)
            .unwrap();
    assert!(exact["candidates"].as_array().unwrap().iter().all(|c| c["hidden"] == false));
}
