//! A cadre fills pk-keluarga in the ODK Web Forms engine (`@getodk/xforms-engine`, in headless Chromium) against a
//! running kampungkb: the form, manifest and media come from /openrosa, the engine's submission goes to
//! /openrosa/submission, and the family is stored. Runs `forms/test/web/submit.mjs` (Node; `npm ci && npm run
//! bundle` in forms/test/web first, as .ci/run does); skipped loudly outside CI when Node, the harness or
//! Chromium is missing, required under CI=true.

mod common;
#[path = "common/openrosa.rs"]
mod phone;

use common::YEAR;
use std::path::PathBuf;

fn harness() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../forms/test/web");
    let node = std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!dir.join("node_modules/playwright-core").exists()).then_some("forms/test/web/node_modules (npm ci)"),
        (!dir.join("bundle.js").exists()).then_some("forms/test/web/bundle.js (npm run bundle)"),
        (!std::path::Path::new("/usr/bin/chromium").exists()).then_some("/usr/bin/chromium"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the ODK Web Forms test needs {missing:?} under CI (see .ci/run)");
    }
    eprintln!("SKIPPED the ODK Web Forms test: missing {missing:?}");
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cadre_fills_pk_keluarga_in_odk_web_forms_and_the_family_is_stored() {
    let Some(dir) = harness() else { return };
    let t = common::sqlite(300);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.app.clone();
    tokio::spawn(async move { kkb_web::serve(app, listener).await.unwrap() });
    let v = t.village;
    let n = |birth: &str, female: bool| phone::nik(v, birth, female, 9501);
    let mut answers = serde_json::json!({
        "village_code": v.compact().to_string(), "pk_year": YEAR.to_string(), "rw": "3", "rt": "7",
        "kk_number": format!("{}7000009501", &v.compact().to_string()[..6]), "family_id": "", "jumlah_anggota": "2",
    });
    let members = [
        ("Budi Peramban", n("1979-04-10", false), "1", "1979-04-10", "1"),
        ("Sari Peramban", n("1986-08-23", true), "2", "1986-08-23", "2"),
    ];
    for (i, (name, nik, sex, birth, relation)) in members.iter().enumerate() {
        let m = format!("anggota[{}]/", i + 1);
        for (k, val) in [
            ("name", *name),
            ("nik", nik.as_str()),
            ("sex", *sex),
            ("birth_date", *birth),
            ("marital_status", "2"),
            ("birth_certificate", "1"),
            ("relation", *relation),
            ("religion", "1"),
            ("education", "5"),
            ("health_insurance", "2"),
        ] {
            answers[format!("{m}{k}")] = serde_json::Value::String(val.to_string());
        }
    }
    for (k, val) in [("pakai_kb", "1"), ("kb_method", "3"), ("p01", "1"), ("p02", "1"), ("p03a", "2"), ("p03b", "2")] {
        answers[k] = val.into();
    }
    for k in ["p03c", "p03d", "ada_sakit"] {
        answers[k] = "2".into();
    }
    for k in ["p04", "p05", "savings", "online_media", "daily_interaction", "recreation", "social_activity"] {
        answers[k] = "1".into();
    }
    for p in 19..=26 {
        answers[format!("p{p}")] = "1".into();
    }
    let base = format!("http://{addr}");
    let answers = answers.to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("timeout")
            .arg("180")
            .arg("node")
            .arg(dir.join("submit.mjs"))
            .args([base.as_str(), "kader", &common::password("kader"), "pk-keluarga", &answers])
            .current_dir(&dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "submit.mjs failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let result: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(result["refusals"], serde_json::json!([]), "{result}");
    assert_eq!(result["engine"], "ready", "{result}");
    assert_eq!(result["status"], 201, "{result}");
    let message = result["message"].as_str().unwrap();
    let id = message.split_whitespace().find(|w| w.starts_with("ODK-")).unwrap().trim_end_matches([':', '.']);
    let stored = t.app.store.family(YEAR, v, id).unwrap().expect("the family from Web Forms is stored");
    assert_eq!(stored.people.len(), 2);
    assert_eq!(stored.people[1].1.as_deref(), Some(members[1].1.as_str()));
}
