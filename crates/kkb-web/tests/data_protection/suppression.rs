//! Item 7: agency users see what the public sees, and no suppressed figure follows from its parent's minus its
//! visible siblings' (family counts, category counts, the index numerator), in the API and in `wilayah.csv`.

use super::{both_engines, csv_cells, download};
use crate::common::{Client, TestApp, YEAR, logged_in, password};
use axum::http::StatusCode;
use kkb_domain::figures::Figures;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::NewUser;
use serde_json::Value;

/// The counts a reader could subtract: (name, the count in the JSON or null, the true count).
fn counts(v: &Value, f: &Figures) -> Vec<(String, Option<f64>, f64)> {
    let num = |x: &Value| x.as_f64();
    let mut out = vec![("families".to_string(), num(&v["families"]), f.families as f64)];
    for c in ["rentan", "berkembang", "tangguh"] {
        let truth = f.categories[c]["families"].as_f64().unwrap_or(0.0);
        out.push((format!("{c} families"), num(&v["categories"][c]["families"]), truth));
    }
    // The index numerator: the iBangga times the scored families.
    let shown = num(&v["ibangga"]).zip(num(&v["scored_families"])).map(|(i, n)| i * n);
    out.push(("index numerator".into(), shown, f.ibangga.unwrap_or(0.0) * f.scored_families as f64));
    out
}

/// The regions with sub-regions: the province, its kabupaten/kota and kecamatan.
fn parents(t: &TestApp) -> Vec<RegionCode> {
    let province = RegionCode::parse("17").unwrap();
    let mut out = vec![province];
    for level in [Level::Regency, Level::District] {
        out.extend(t.app.store.descendant_figures(province, level, Some(YEAR)).unwrap().iter().map(|f| f.region.code));
    }
    out
}

async fn index(t: &TestApp, c: &Client, code: RegionCode) -> Value {
    let (status, body) = download(t, c, &format!("/api/v1/regions/{code}/index?children=true")).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_slice(&body).unwrap()
}

async fn suppression_survives_differencing(t: &TestApp) {
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    t.app
        .store
        .create_user(&NewUser {
            username: "dinkes",
            display_name: "Dinas Kesehatan",
            role: kkb_web::auth::Role::Instansi,
            scope: &regency.to_string(),
            agency: Some(&format!("dinkes:{regency}")),
            password_hash: &kkb_web::auth::Passwords::for_tests().hash(&password("dinkes")),
        })
        .unwrap();
    let readers = [("public", Client::default()), ("instansi", logged_in(t, "dinkes").await)];
    let (mut checked, mut hidden_seen) = (0, 0);
    for (who, c) in &readers {
        for code in parents(t) {
            let truth = t.app.store.region_figures(code, Some(YEAR), true).unwrap();
            let shown = index(t, c, code).await;
            let kids = truth.children.as_ref().unwrap();
            let shown_kids = shown["children"].as_array().unwrap();
            for (i, (name, parent, _)) in counts(&shown, &truth).into_iter().enumerate() {
                let Some(parent) = parent else { continue };
                let mut visible_sum = 0.0;
                let mut hidden = Vec::new();
                for (k, sk) in kids.iter().zip(shown_kids) {
                    let (_, value, real) = counts(sk, k).swap_remove(i);
                    match value {
                        Some(x) => visible_sum += x,
                        None if real != 0.0 => hidden.push((k.region.code, real)),
                        None => {}
                    }
                    if name == "families" && k.families > 0 && k.families < 5 {
                        assert!(value.is_none(), "{who}: {} has {} families, shown", k.region.code, k.families);
                    }
                }
                checked += 1;
                hidden_seen += hidden.len();
                assert_ne!(hidden.len(), 1, "{who}: {name} of {:?} is {code}'s minus its visible siblings'", hidden);
                if let [(_, only)] = hidden[..] {
                    assert!((parent - visible_sum - only).abs() > 1e-6);
                }
            }
        }
    }
    assert!(checked > 100 && hidden_seen > 20, "the test sees suppression at work ({checked}, {hidden_seen})");

    // wilayah.csv as the agency officer: the same cells are empty, and no empty count is one subtraction away.
    let (_, instansi) = &readers[1];
    for code in parents(t).into_iter().filter(|c| c.level() != Level::Province) {
        let (status, body) = download(t, instansi, &format!("/wilayah/{code}/ekspor/wilayah.csv")).await;
        assert_eq!(status, StatusCode::OK);
        let truth = t.app.store.region_figures(code, Some(YEAR), true).unwrap();
        let rows = csv_cells(&body);
        for column in [2, 3] {
            let hidden = rows[1..]
                .iter()
                .zip(truth.children.as_ref().unwrap())
                .filter(|(r, k)| r[column].is_empty() && if column == 2 { k.families } else { k.scored_families } > 0)
                .count();
            assert_ne!(hidden, 1, "wilayah.csv of {code}, column {}", rows[0][column]);
        }
    }

    // A village of 1-4 families: hidden from the agency officer on its page, shown to its kabupaten officer.
    let small = t
        .app
        .store
        .descendant_figures(regency, Level::Village, Some(YEAR))
        .unwrap()
        .into_iter()
        .find(|f| f.families > 0 && f.families < 5)
        .expect("a small village in the regency");
    let (_, page) = download(t, instansi, &format!("/wilayah/{}", small.region.code)).await;
    assert!(String::from_utf8_lossy(&page).contains("disembunyikan (perlindungan data)"));
    let kab = logged_in(t, "kab").await;
    let own = index(t, &kab, small.region.code).await;
    assert_eq!(own["families"], small.families, "exact for who may see the village's families");
}

both_engines!(suppression_is_safe_against_differencing, suppression_survives_differencing, 3000);
