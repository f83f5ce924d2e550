//! Item 5: the registry upload sets the model-Kampung flags only where the uploader may (as on the form and in
//! the API); otherwise it keeps the stored flags, a new Kampung KB gets none, and the report says so.

use super::both_engines;
use crate::common::{Client, TestApp, logged_in};
use axum::http::StatusCode;
use kkb_domain::kampung::ModelFlags;
use kkb_store::AuditFilter;

fn kampung_csv(t: &TestApp, kabupaten: u8, provinsi: u8) -> String {
    format!(
        "village_code,name,launch_date,active,model_kabupaten,model_provinsi\n{},Kampung KB Maju,2019-08-17,1,{kabupaten},{provinsi}\n",
        t.village
    )
}

async fn upload(t: &TestApp, c: &mut Client, csv: &str) -> crate::common::Resp {
    let csrf = c.csrf(t).await;
    let parts: Vec<(&str, Option<&str>, &[u8])> =
        vec![("csrf", None, csrf.as_bytes()), ("file", Some("kampung.csv"), csv.as_bytes())];
    c.post_multipart(t, &format!("/wilayah/{}/kampung/unggah", t.village), &parts).await
}

fn stored(t: &TestApp) -> ModelFlags {
    t.app.store.kampung(t.village).unwrap().unwrap().model
}

const KEPT: &str =
    "Penanda Kampung KB percontohan (model_kabupaten, model_provinsi) di berkas tidak dipakai untuk 1 Kampung KB";

async fn only_officers_set_model_flags(t: &TestApp) {
    let (none, both) = (ModelFlags::default(), ModelFlags { kabupaten: true, provinsi: true });
    // A cadre forms a Kampung through the file, flags and all: it is formed, without the flags.
    let mut kader = logged_in(t, "kader").await;
    let r = upload(t, &mut kader, &kampung_csv(t, 1, 1)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(KEPT), "the report says so: {}", r.body);
    assert_eq!(stored(t), none);
    let log = t.app.store.audit_log(&AuditFilter { action: Some("kampung.import"), limit: 1, ..Default::default() });
    assert!(log.unwrap()[0].detail.contains("model flags of 1 kept as stored"));
    // A kecamatan officer may set them.
    let mut kec = logged_in(t, "kec").await;
    let r = upload(t, &mut kec, &kampung_csv(t, 1, 1)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains(KEPT));
    assert_eq!(stored(t), both);
    // The cadre can neither clear them nor change anything else about them; a file that agrees says nothing.
    let r = upload(t, &mut kader, &kampung_csv(t, 0, 0)).await;
    assert!(r.body.contains(KEPT));
    assert_eq!(stored(t), both);
    let r = upload(t, &mut kader, &kampung_csv(t, 1, 1).replace("Maju", "Sejahtera")).await;
    assert!(!r.body.contains(KEPT));
    assert_eq!(
        (stored(t), t.app.store.kampung(t.village).unwrap().unwrap().name.as_str()),
        (both, "Kampung KB Sejahtera")
    );
}

both_engines!(model_flags_through_the_registry_upload, only_officers_set_model_flags, 300);
