//! Kampung KB registry files through the router: uploads import everything or nothing and list every problem,
//! only users who may edit the whole region upload, downloads are public and in the import format.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Client, Resp, TestApp, logged_in};
use http_body_util::BodyExt;
use kkb_domain::kampung::YearMonth;
use kkb_domain::region::{Level, RegionCode};
use tower::ServiceExt;

const N: u64 = 500;

fn upload_uri(code: RegionCode) -> String {
    format!("/wilayah/{code}/kampung/unggah")
}

fn kampung_csv(villages: &[RegionCode]) -> String {
    let mut s = "village_code,name,launch_date,active,rws,criteria_wilayah\n".to_string();
    for v in villages {
        s.push_str(&format!("{v},Kampung KB {v},2019-08-17,1,RW 01;RW 02,kumuh\n"));
    }
    s
}

fn laporan_csv(rows: &[(RegionCode, &str, i64, i64)]) -> String {
    let mut s = "village_code,month,pus,suntik,pil,iat\n".to_string();
    for (v, month, pus, pil) in rows {
        s.push_str(&format!("{v},{month},{pus},20,{pil},4\n"));
    }
    s
}

/// Posts files (field `file`) with the session's CSRF token.
async fn post(c: &mut Client, t: &TestApp, code: RegionCode, files: &[(&str, &[u8])], replace: bool) -> Resp {
    let csrf = c.csrf(t).await;
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("csrf", None, csrf.as_bytes())];
    if replace {
        parts.push(("replace_reports", None, b"1"));
    }
    parts.extend(files.iter().map(|(name, bytes)| ("file", Some(*name), *bytes)));
    c.post_multipart(t, &upload_uri(code), &parts).await
}

/// A download's status, content type and bytes (binary-safe).
async fn download(t: &TestApp, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let resp = t.router.clone().oneshot(req).await.unwrap();
    let mime = resp.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (resp.status(), mime, resp.into_body().collect().await.unwrap().to_bytes().to_vec())
}

/// Another village of the kader's kecamatan (in the kecamatan officer's scope, not the kader's).
fn neighbour(t: &TestApp) -> RegionCode {
    let district = t.village.ancestor_at(Level::District).unwrap();
    t.app.store.children(district).unwrap().into_iter().map(|r| r.code).find(|c| *c != t.village).unwrap()
}

fn stored_reports(t: &TestApp) -> usize {
    t.app.store.reports_within(None).unwrap().len()
}

async fn everything_or_nothing(t: &TestApp) {
    let v = t.village;
    let mut kader = logged_in(t, "kader").await;
    let r = kader.get(t, &upload_uri(v)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("name=\"file\"") && r.body.contains("name=\"replace_reports\""));

    // A good pair imports.
    let k = kampung_csv(&[v]);
    let l = laporan_csv(&[(v, "2024-05", 100, 10), (v, "2024-06", 100, 12)]);
    let r = post(&mut kader, t, v, &[("kampung.csv", k.as_bytes()), ("laporan.csv", l.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("upload-done"));
    assert_eq!(t.app.store.kampung(v).unwrap().unwrap().rws, ["RW 01", "RW 02"]);
    assert_eq!(stored_reports(t), 2);
    assert!(t.app.store.kampung_status(v).unwrap().is_some());

    // Bad rows: every problem is listed with its row and column, and nothing changes.
    let before = (t.app.store.kampungs(None).unwrap(), t.app.store.reports_within(None).unwrap());
    let l = laporan_csv(&[(v, "2024-07", 100, -2), (v, "2024-08", 10, 12), (v, "2099-01", 100, 1)]);
    let k = kampung_csv(&[v]).replace("2019-08-17", "2019-02-30");
    let r = post(&mut kader, t, v, &[("kampung.csv", k.as_bytes()), ("laporan.csv", l.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for cell in [
        "<td>kampung.csv</td><td class=\"num\">2</td><td>Tanggal pencanangan (<code>launch_date</code>)",
        "<td>laporan.csv</td><td class=\"num\">2</td><td>Pil (<code>pil</code>)",
        "<td>laporan.csv</td><td class=\"num\">3</td><td>PUS (<code>pus</code>)",
        "<td>laporan.csv</td><td class=\"num\">4</td><td>Bulan (<code>month</code>)",
    ] {
        assert!(r.body.contains(cell), "missing {cell} in {}", r.body);
    }
    // A month already reported, and a good file with one village outside the cadre's: refused whole.
    let l = laporan_csv(&[(v, "2024-06", 100, 13), (v, "2024-09", 100, 13)]);
    let r = post(&mut kader, t, v, &[("laporan.csv", l.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Laporan bulan Juni 2024 sudah ada"), "{}", r.body);
    let n = neighbour(t);
    let k = kampung_csv(&[v, n]);
    let r = post(&mut kader, t, v, &[("kampung.csv", k.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("<td class=\"mono\">{n}</td>")) && r.body.contains("di luar"), "{}", r.body);
    let after = (t.app.store.kampungs(None).unwrap(), t.app.store.reports_within(None).unwrap());
    assert_eq!(after, before, "nothing half saved");

    // Replacing is explicit.
    let r = post(&mut kader, t, v, &[("laporan.csv", l.as_bytes())], true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        t.app.store.report(v, YearMonth::parse("2024-06").unwrap()).unwrap().unwrap().contraceptive_users.pil,
        13
    );
    assert_eq!(stored_reports(t), 3);

    // Without a file, or without the CSRF token.
    let r = post(&mut kader, t, v, &[], false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = kader.post_multipart(t, &upload_uri(v), &[("file", Some("laporan.csv"), l.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_import_everything_or_nothing() {
    everything_or_nothing(&common::sqlite(N)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_import_everything_or_nothing_on_postgresql() {
    let Some(t) = common::postgres(N) else { return };
    everything_or_nothing(&t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_users_who_may_edit_the_whole_region_upload() {
    let t = common::sqlite(N);
    let (v, other) = (t.village, t.other);
    let district = v.ancestor_at(Level::District).unwrap();
    let regency = v.ancestor_at(Level::Regency).unwrap();
    assert_eq!(Client::default().get(&t, &upload_uri(v)).await.status, StatusCode::UNAUTHORIZED);
    for (user, code, want) in [
        ("admin", v, StatusCode::FORBIDDEN),
        ("prov", v, StatusCode::FORBIDDEN),
        ("kab", regency, StatusCode::OK),
        ("kab", other, StatusCode::FORBIDDEN),
        ("kec", district, StatusCode::OK),
        ("kec", regency, StatusCode::FORBIDDEN),
        ("kader", v, StatusCode::OK),
        ("kader", district, StatusCode::FORBIDDEN),
        ("kader", other, StatusCode::FORBIDDEN),
    ] {
        let mut c = logged_in(&t, user).await;
        assert_eq!(c.get(&t, &upload_uri(code)).await.status, want, "{user} GET {code}");
    }
    // Posting outside the scope is refused before anything is read.
    let mut kader = logged_in(&t, "kader").await;
    let k = kampung_csv(&[other]);
    let r = post(&mut kader, &t, other, &[("kampung.csv", k.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A kabupaten officer uploads for the regency, but not a village of another one.
    let mut kab = logged_in(&t, "kab").await;
    let r = post(&mut kab, &t, regency, &[("kampung.csv", k.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Desa ini di luar"), "{}", r.body);
    let k = kampung_csv(&[v, neighbour(&t)]);
    let r = post(&mut kab, &t, regency, &[("kampung.csv", k.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(t.app.store.kampungs(None).unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_download_in_the_import_format_and_upload_again() {
    let t = common::sqlite(N);
    let v = t.village;
    let mut kader = logged_in(&t, "kader").await;
    let k = kampung_csv(&[v]);
    let l = laporan_csv(&[(v, "2024-05", 100, 10), (v, "2024-06", 110, 11)]);
    let r = post(&mut kader, &t, v, &[("kampung.csv", k.as_bytes()), ("laporan.csv", l.as_bytes())], false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Public downloads, for any region containing the Kampung.
    let regency = v.ancestor_at(Level::Regency).unwrap();
    let (status, mime, csv) = download(&t, &format!("/wilayah/{regency}/kampung/ekspor/kampung.csv")).await;
    assert_eq!((status, mime.as_str()), (StatusCode::OK, "text/csv; charset=utf-8"));
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with("\u{feff}village_code,name,launch_date,decree_number,"));
    assert!(text.contains(&format!("{v},Kampung KB {v},2019-08-17,,,,RW 01;RW 02,,,,,kumuh,,1,0,0")), "{text}");
    let (_, _, reports) = download(&t, "/wilayah/17/kampung/ekspor/laporan.csv").await;
    assert_eq!(String::from_utf8(reports.clone()).unwrap().lines().count(), 3);
    let (status, mime, xlsx) = download(&t, "/wilayah/17/kampung/ekspor/laporan.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.contains("spreadsheetml") && xlsx.starts_with(b"PK"));
    let (_, _, kxlsx) = download(&t, "/wilayah/17/kampung/ekspor/kampung.xlsx").await;
    let (_, _, empty) = download(&t, &format!("/wilayah/{}/kampung/ekspor/kampung.csv", t.other)).await;
    assert_eq!(String::from_utf8(empty).unwrap().lines().count(), 1, "only the region's own");
    for bad in ["/wilayah/17/kampung/ekspor/kampung.json", "/wilayah/99/kampung/ekspor/kampung.csv"] {
        assert_eq!(download(&t, bad).await.0, StatusCode::NOT_FOUND, "{bad}");
    }

    // The downloads upload again unchanged (the workbooks too), replacing the reports.
    let r = post(&mut kader, &t, v, &[("kampung.xlsx", &kxlsx), ("laporan.xlsx", &xlsx)], true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = post(&mut kader, &t, v, &[("k.csv", &csv), ("l.csv", &reports)], true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(download(&t, &format!("/wilayah/{regency}/kampung/ekspor/kampung.csv")).await.2, csv);
    assert_eq!(download(&t, "/wilayah/17/kampung/ekspor/laporan.csv").await.2, reports);
}
