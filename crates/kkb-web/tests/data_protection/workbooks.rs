//! Item 1: hostile workbooks are refused before they are read, with a message that says which limit, the value
//! and what to do, in the user's language; nothing is written and the refusal is audited.

use super::both_engines;
use super::hostile;
use crate::common::{Client, TestApp, logged_in};
use axum::http::StatusCode;
use kkb_store::AuditFilter;

async fn upload_xlsx(t: &TestApp, c: &mut Client, name: &str, bytes: &[u8]) -> crate::common::Resp {
    let csrf = c.csrf(t).await;
    c.post_multipart(t, "/unggah", &[("csrf", None, csrf.as_bytes()), ("xlsx", Some(name), bytes)]).await
}

fn refusals(t: &TestApp, action: &str) -> Vec<kkb_store::AuditRecord> {
    t.app.store.audit_log(&AuditFilter { action: Some(action), limit: 100, ..AuditFilter::default() }).unwrap()
}

async fn hostile_workbooks_are_refused(t: &TestApp) {
    let mut kader = logged_in(t, "kader").await;
    let families = t.app.store.round(None).unwrap().families;
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "pojok.xlsx",
            hostile::corner_cell(),
            "Lembar keluarga menyatakan rentang A1:XFD1048576, melebihi 1.000.000 baris dan 64 kolom",
            "workbook:dimension",
        ),
        (
            "bom.xlsx",
            hostile::sheet_bomb(1 << 30, 1 << 30),
            "mengembang melebihi 536.870.912 byte saat dibuka",
            "workbook:part_bytes",
        ),
        (
            "bom-bohong.xlsx",
            hostile::sheet_bomb(700 << 20, 900),
            "Bagian xl/worksheets/sheet1.xml buku kerja ini lebih besar daripada ukuran yang dinyatakannya",
            "workbook:lying",
        ),
        (
            "teks.xlsx",
            hostile::strings_bomb(512 << 20, 512 << 20),
            "berisi lebih dari 1.500.000 teks berbeda",
            "workbook:strings",
        ),
        (
            "lembar.xlsx",
            hostile::many_sheets(300),
            "memiliki 300 lembar; paling banyak 32 yang dibaca",
            "workbook:sheets",
        ),
    ];
    for (name, bytes, message, kind) in &cases {
        assert!(bytes.len() < 8 << 20, "{name} is a small file: {} bytes", bytes.len());
        let started = std::time::Instant::now();
        let r = upload_xlsx(t, &mut kader, name, bytes).await;
        eprintln!("{name}: {} bytes refused in {:?}", bytes.len(), started.elapsed());
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", r.body);
        assert!(r.body.contains(message), "{name}: expected {message:?} in {}", r.body);
        assert!(r.body.contains("unggah CSV"), "{name}: says what to do");
        let audited = &refusals(t, "import.refused")[0];
        assert_eq!((audited.username.as_str(), audited.target.as_str()), ("kader", *name));
        assert!(audited.detail.contains(&format!("1 problem(s); refused: {kind}")), "{name}: {}", audited.detail);
    }
    assert_eq!(t.app.store.round(None).unwrap().families, families, "nothing written");

    // In English for an English reader.
    kader.cookies.insert("lang".into(), "en".into());
    let r = upload_xlsx(t, &mut kader, "corner.xlsx", &hostile::corner_cell()).await;
    assert!(r.body.contains("Sheet keluarga declares the range A1:XFD1048576, beyond 1,000,000 rows and 64 columns"));

    // The Kampung KB registry upload reads workbooks the same way.
    let csrf = kader.csrf(t).await;
    let uri = format!("/wilayah/{}/kampung/unggah", t.village);
    let bytes = hostile::registry_corner_cell();
    let r = kader.post_multipart(t, &uri, &[("csrf", None, csrf.as_bytes()), ("file", Some("k.xlsx"), &bytes)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Sheet kampung has a cell at XFD1048576, beyond 1,000,000 rows and 64 columns"),
        "{}",
        r.body
    );
    assert!(refusals(t, "kampung.import_refused")[0].detail.contains("refused: workbook:cell_place"));
    assert!(t.app.store.kampung(t.village).unwrap().is_none());
}

both_engines!(hostile_workbooks, hostile_workbooks_are_refused, 400);
