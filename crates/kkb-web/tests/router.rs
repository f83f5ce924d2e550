//! The web application through its router: authorization, the JSON API, forms, uploads, exports, languages.

mod common;

use axum::body::Body;
use axum::http::{StatusCode, header};
use common::{Client, TestApp, YEAR, logged_in};
use kkb_domain::pk::Family;
use kkb_domain::region::RegionCode;

const N: u64 = 3000;

fn first_family(t: &TestApp, village: RegionCode) -> &Family {
    t.families.iter().find(|f| f.key.village == village).unwrap()
}

/// Every NIK and full name of a village's families.
fn secrets(t: &TestApp, village: RegionCode) -> Vec<String> {
    let mut out = Vec::new();
    for f in t.families.iter().filter(|f| f.key.village == village) {
        for p in &f.people {
            if let Some(n) = &p.nik {
                out.push(n.as_str().to_string());
            }
            if p.name.len() > 6 {
                out.push(p.name.clone());
            }
        }
        if let Some(k) = &f.kk {
            out.push(k.as_str().to_string());
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Who {
    Public,
    Admin,
    Provinsi,
    Kabupaten,
    Kecamatan,
    Kader,
}

async fn client(t: &TestApp, who: Who) -> Client {
    match who {
        Who::Public => Client::default(),
        Who::Admin => logged_in(t, "admin").await,
        Who::Provinsi => logged_in(t, "prov").await,
        Who::Kabupaten => logged_in(t, "kab").await,
        Who::Kecamatan => logged_in(t, "kec").await,
        Who::Kader => logged_in(t, "kader").await,
    }
}

#[tokio::test]
async fn authorization_matrix_with_zero_leaks() {
    let t = common::sqlite(N);
    let all = [Who::Public, Who::Admin, Who::Provinsi, Who::Kabupaten, Who::Kecamatan, Who::Kader];
    for who in all {
        let mut c = client(&t, who).await;
        for (village, in_scope) in [(t.village, true), (t.other, false)] {
            let fam = first_family(&t, village);
            let id = &fam.key.family_id;
            // Who may see families here, edit them, and see their NIKs.
            let view = match who {
                Who::Public | Who::Admin => false,
                Who::Provinsi => true,
                _ => in_scope,
            };
            let edit = matches!(who, Who::Kecamatan | Who::Kader) && in_scope;
            let denied = if who == Who::Public { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
            let ok_or = |allowed: bool| if allowed { StatusCode::OK } else { denied };
            let cases: Vec<(String, StatusCode)> = vec![
                (format!("/wilayah/{village}"), StatusCode::OK),
                (format!("/wilayah/{}", village.parent().unwrap()), StatusCode::OK),
                (format!("/api/v1/regions/{village}/index"), StatusCode::OK),
                (format!("/wilayah/{village}/keluarga"), ok_or(view)),
                (format!("/keluarga/{YEAR}/{village}/{id}"), ok_or(view)),
                (format!("/keluarga/{YEAR}/{village}/{id}?nik=1"), ok_or(view)),
                (format!("/keluarga/{YEAR}/{village}/{id}/ubah"), ok_or(edit)),
                (format!("/wilayah/{village}/keluarga/baru"), ok_or(edit)),
                (format!("/api/v1/regions/{village}/families"), ok_or(view)),
                (format!("/api/v1/families/{YEAR}/{village}/{id}"), ok_or(view)),
                (format!("/api/v1/families/{YEAR}/{village}/{id}?reveal=true"), ok_or(edit)),
                (format!("/wilayah/{village}/ekspor/variabel.csv"), StatusCode::OK),
            ];
            let secrets = secrets(&t, village);
            for (uri, expected) in cases {
                let r = c.get(&t, &uri).await;
                assert_eq!(r.status, expected, "{who:?} GET {uri}: {}", &r.body[..r.body.len().min(300)]);
                let may_reveal =
                    edit && (uri.ends_with("nik=1") || uri.ends_with("reveal=true") || uri.ends_with("/ubah"));
                if !may_reveal {
                    for s in &secrets {
                        assert!(!r.body.contains(s.as_str()), "{who:?} GET {uri} leaks personal data");
                    }
                } else {
                    // The test can fail: the allowed view does contain the family's NIKs.
                    let nik = fam.people.iter().find_map(|p| p.nik.as_ref()).map(|n| n.as_str().to_string());
                    if let Some(n) = nik {
                        assert!(r.body.contains(&n), "{who:?} GET {uri} should show the NIK");
                    }
                }
            }
        }
        // Role-wide pages.
        let admin = if who == Who::Admin {
            StatusCode::OK
        } else if who == Who::Public {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::FORBIDDEN
        };
        for uri in ["/admin/pengguna", "/admin/token", "/admin/audit"] {
            assert_eq!(c.get(&t, uri).await.status, admin, "{who:?} GET {uri}");
        }
        let upload = match who {
            Who::Public => StatusCode::UNAUTHORIZED,
            Who::Kabupaten | Who::Kecamatan | Who::Kader => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(c.get(&t, "/unggah").await.status, upload, "{who:?} GET /unggah");
        let search = match who {
            Who::Public => StatusCode::UNAUTHORIZED,
            Who::Admin => StatusCode::FORBIDDEN,
            _ => StatusCode::OK,
        };
        assert_eq!(c.get(&t, "/cari").await.status, search, "{who:?} GET /cari");
        // Searching for another region's family finds nothing (and reveals nothing). A NIK is never taken from a
        // URL, and only the roles that may see NIKs search by one (POST).
        if matches!(who, Who::Kabupaten | Who::Kecamatan | Who::Kader) {
            let other = first_family(&t, t.other);
            let nik = other.people.iter().find_map(|p| p.nik.as_ref()).unwrap().as_str().to_string();
            let r = c.get(&t, &format!("/cari?q={nik}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{who:?}");
            assert!(!r.body.contains(&nik));
            let csrf = c.csrf(&t).await;
            let r = c.post_form(&t, "/cari", &[("csrf", &csrf), ("nik", &nik)]).await;
            let expected = if who == Who::Kabupaten { StatusCode::FORBIDDEN } else { StatusCode::OK };
            assert_eq!(r.status, expected, "{who:?} POST /cari");
            assert!(!r.body.contains(&format!("/keluarga/{YEAR}/{}/", t.other)), "{who:?} search crosses its region");
        }
    }
}

#[tokio::test]
async fn writes_outside_the_scope_or_without_csrf_are_refused() {
    let t = common::sqlite(N);
    let mut kader = logged_in(&t, "kader").await;
    let csrf = kader.csrf(&t).await;
    let other = first_family(&t, t.other).key.family_id.clone();
    let r = kader
        .post_form(
            &t,
            &format!("/keluarga/{YEAR}/{}/{other}/ubah", t.other),
            &[("csrf", &csrf), ("version", "1"), ("p01", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let own = first_family(&t, t.village).key.family_id.clone();
    let r = kader
        .post_form(&t, &format!("/keluarga/{YEAR}/{}/{own}/ubah", t.village), &[("csrf", "forged"), ("version", "1")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Formulir kedaluwarsa"), "a CSRF failure explains itself");
    let r = kader.post_form(&t, "/keluar", &[("csrf", "forged")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The login form has its own token.
    let mut anon = Client::default();
    let r = anon.post_form(&t, "/masuk", &[("username", "kader"), ("password", "password-kader"), ("csrf", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Admin forms too.
    let mut admin = logged_in(&t, "admin").await;
    let r = admin.post_form(&t, "/admin/pengguna", &[("csrf", "forged"), ("username", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cadre_corrects_an_answer_and_the_figures_change_in_the_same_request() {
    let t = common::sqlite(N);
    let mut kader = logged_in(&t, "kader").await;
    let village = t.village;
    // A family whose p04 (income) is answered yes: changing it to no lowers v07 and Kemandirian.
    let fam = t
        .families
        .iter()
        .find(|f| {
            f.key.village == village && f.answers.coded[kkb_domain::pk::columns::family_slot("p04").unwrap()] == 1
        })
        .expect("a family with income");
    let id = fam.key.family_id.clone();
    let before_v = t.app.store.region_figures(village, Some(YEAR), false).unwrap();
    let before_p = t.app.store.region_figures(RegionCode::parse("17").unwrap(), Some(YEAR), false).unwrap();
    // Warm the caches: the API and the page must not serve the old figures after the change.
    let api_before: serde_json::Value =
        serde_json::from_str(&kader.get(&t, "/api/v1/regions/17/index").await.body).unwrap();
    let page_before = kader.get(&t, "/wilayah/17").await.body;
    let form = kader.get(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah")).await;
    assert_eq!(form.status, StatusCode::OK);
    // Submit the form as shown, with p04 changed; every other value as the form holds it.
    let mut fields = form_fields(&form.body);
    set(&mut fields, "p04", "2");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = kader.post_form(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah"), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after_v = t.app.store.region_figures(village, Some(YEAR), false).unwrap();
    let after_p = t.app.store.region_figures(RegionCode::parse("17").unwrap(), Some(YEAR), false).unwrap();
    let v07 = |f: &kkb_domain::figures::Figures| f.variables.iter().find(|v| v.id == "v07").unwrap().met;
    assert_eq!(v07(&after_v), v07(&before_v) - 1);
    assert_eq!(v07(&after_p), v07(&before_p) - 1);
    assert!(after_p.ibangga < before_p.ibangga);
    assert!(t.app.store.check().unwrap().differences.is_empty());
    let api_after: serde_json::Value =
        serde_json::from_str(&kader.get(&t, "/api/v1/regions/17/index").await.body).unwrap();
    assert_eq!(
        api_after["variables"][6]["met"].as_i64().unwrap(),
        api_before["variables"][6]["met"].as_i64().unwrap() - 1
    );
    let shown = kkb_web::i18n::Lang::Id.fig(after_p.ibangga);
    assert!(page_before != kader.get(&t, "/wilayah/17").await.body || page_before.contains(&shown));
    assert!(kader.get(&t, "/wilayah/17").await.body.contains(&shown), "the page shows the new province figure");
    let page = kader.get(&t, r.location()).await;
    assert!(page.body.contains("Tersimpan"), "the family page confirms the save");
    let fam_after = t.app.store.family(YEAR, village, &id).unwrap().unwrap();
    assert_eq!(fam_after.summary.version, 2);
    // Resubmitting the old version is a conflict, and nothing changes.
    let r = kader.post_form(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah"), &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stale_id = "Keluarga ini sudah diubah orang lain sejak Anda membukanya. Buka lagi halamannya";
    assert!(r.body.contains(stale_id), "said in Indonesian by default: {}", r.body);
    kader.cookies.insert("lang".into(), "en".into());
    let r = kader.post_form(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah"), &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Someone else changed this family since you opened it"), "in English: {}", r.body);
    assert!(!r.body.contains(stale_id), "{}", r.body);
    kader.cookies.remove("lang");
    // A bad value keeps what the user typed and says what to fix; nothing is saved.
    let mut fields = form_fields(&kader.get(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah")).await.body);
    set(&mut fields, "m0_birth_date", "2199-01-01");
    set(&mut fields, "rw", "12345");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = kader.post_form(&t, &format!("/keluarga/{YEAR}/{village}/{id}/ubah"), &pairs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"12345\""), "typed values are kept");
    assert!(r.body.contains("value=\"2199-01-01\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(t.app.store.family(YEAR, village, &id).unwrap().unwrap().summary.version, 2);
    // Every view and change is in the audit log.
    let log = t
        .app
        .store
        .audit_log(&kkb_store::AuditFilter {
            region_prefix: None,
            username: Some("kader"),
            action: None,
            before_id: None,
            limit: 50,
        })
        .unwrap();
    assert!(log.iter().any(|r| r.action == "family.update" && r.target.ends_with(&id)));
    assert!(log.iter().any(|r| r.action == "family.edit_form"));
}

#[tokio::test]
async fn a_new_family_is_added_through_the_form() {
    let t = common::sqlite(N);
    let mut kader = logged_in(&t, "kader").await;
    let village = t.village;
    let csrf = kader.csrf(&t).await;
    let before = t.app.store.region_figures(village, Some(YEAR), false).unwrap().families;
    let uri = format!("/wilayah/{village}/keluarga/baru?year={YEAR}");
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", ""),
        ("family_id", "WEB-0001"),
        ("p01", "1"),
        ("p04", "1"),
        ("m0_member_no", "1"),
        ("m0_name", "Kepala Sintetis"),
        ("m0_sex", "1"),
        ("m0_birth_date", "1980-05-17"),
        ("m0_marital_status", "2"),
        ("m0_relation", "1"),
    ];
    let r = kader.post_form(&t, &uri, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.app.store.region_figures(village, Some(YEAR), false).unwrap().families, before + 1);
    // The same id again is refused with a message.
    let r = kader.post_form(&t, &uri, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("sudah dipakai di desa ini"), "{}", r.body);
    // A family without a head is refused by the import rules.
    let mut no_head = fields.to_vec();
    no_head[2] = ("family_id", "WEB-0002");
    no_head[10] = ("m0_relation", "3");
    let r = kader.post_form(&t, &uri, &no_head).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(t.app.store.family(YEAR, village, "WEB-0002").unwrap().is_none());
}

#[tokio::test]
async fn uploads_report_every_problem_and_change_nothing() {
    let t = common::sqlite(N);
    let mut kader = logged_in(&t, "kader").await;
    let csrf = kader.csrf(&t).await;
    let v = t.village.to_string();
    let fam = format!("family_id,village_code,pk_year,p01\nU1,{v},{YEAR},1\nU2,{v},{YEAR},7\n");
    let mem = "family_id,member_no,name,sex,birth_date,marital_status,relation\nU1,1,Nama Satu,1,1980-01-01,2,1\nU2,1,Nama Dua,3,1980-01-01,2,1\n";
    let before = t.app.store.region_figures(t.village, Some(YEAR), false).unwrap();
    let r = kader
        .post_multipart(
            &t,
            "/unggah",
            &[
                ("csrf", None, csrf.as_bytes()),
                ("families", Some("keluarga.csv"), fam.as_bytes()),
                ("members", Some("anggota.csv"), mem.as_bytes()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<code>p01</code>") && r.body.contains("<code>sex</code>"), "every problem is listed");
    assert!(!r.body.contains("Nama Dua"), "names are masked in the report");
    assert_eq!(t.app.store.region_figures(t.village, Some(YEAR), false).unwrap(), before);
    // The reasons are Indonesian by default, in the PK form's words (sex is 1 laki-laki, 2 perempuan), the columns
    // named by their labels; English with the language switch.
    for (lang, words) in [
        (
            None,
            [
                "Keluarga menjalankan ibadah (<code>p01</code>)",
                "Tulis salah satu kode: 1 = Ya, 2 = Tidak; atau kosongkan.",
                "Jenis kelamin (<code>sex</code>)",
                "Tulis salah satu kode: 1 = Laki-laki, 2 = Perempuan.",
            ],
        ),
        (
            Some("en"),
            [
                "The family practises worship (<code>p01</code>)",
                "Write one of the codes: 1 = Yes, 2 = No; or leave it empty.",
                "Sex (<code>sex</code>)",
                "Write one of the codes: 1 = Male, 2 = Female.",
            ],
        ),
    ] {
        let mut c = logged_in(&t, "kader").await;
        if let Some(l) = lang {
            c.cookies.insert("lang".into(), l.into());
        }
        let csrf = c.csrf(&t).await;
        let parts: [(&str, Option<&str>, &[u8]); 3] = [
            ("csrf", None, csrf.as_bytes()),
            ("families", Some("keluarga.csv"), fam.as_bytes()),
            ("members", Some("anggota.csv"), mem.as_bytes()),
        ];
        let r = c.post_multipart(&t, "/unggah", &parts).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        for w in words {
            assert!(r.body.contains(w), "{lang:?}: {w} missing in {}", r.body);
        }
        assert!(!r.body.contains("(Ya), 2 (Tidak)"), "the old, wrong rule for sex is gone");
    }
    // A family outside the cadre's village is a problem too.
    let other = t.other.to_string();
    let fam = format!("family_id,village_code,pk_year\nU1,{other},{YEAR}\n");
    let mem = "family_id,member_no,name,sex,birth_date,marital_status,relation\nU1,1,Nama Satu,1,1980-01-01,2,1\n";
    let r = kader
        .post_multipart(
            &t,
            "/unggah",
            &[
                ("csrf", None, csrf.as_bytes()),
                ("families", Some("keluarga.csv"), fam.as_bytes()),
                ("members", Some("anggota.csv"), mem.as_bytes()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Desa ini di luar wilayah Anda"), "{}", r.body);
    // A good file imports and the figures change.
    let fam = format!("family_id,village_code,pk_year,p01\nU1,{v},{YEAR},1\n");
    let r = kader
        .post_multipart(
            &t,
            "/unggah",
            &[
                ("csrf", None, csrf.as_bytes()),
                ("families", Some("keluarga.csv"), fam.as_bytes()),
                ("members", Some("anggota.csv"), mem.as_bytes()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("upload-done"));
    assert_eq!(t.app.store.region_figures(t.village, Some(YEAR), false).unwrap().families, before.families + 1);
    // Not an xlsx.
    let r = kader
        .post_multipart(&t, "/unggah", &[("csrf", None, csrf.as_bytes()), ("xlsx", Some("x.xlsx"), b"hello")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Buku kerja ini bukan berkas .xlsx."), "{}", r.body);
}

#[tokio::test]
async fn the_index_api_serves_the_contract_object() {
    let t = common::sqlite(N);
    let mut public = Client::default();
    let r = public.get(&t, "/api/v1/regions/17/index?children=true").await;
    assert_eq!(r.status, StatusCode::OK);
    let got: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let want = serde_json::to_value(t.app.store.region_figures(RegionCode::parse("17").unwrap(), None, true).unwrap())
        .unwrap();
    for (k, v) in want.as_object().unwrap() {
        assert_eq!(&got[k], v, "{k}: the province with its kabupaten/kota has no small figures to hide");
    }
    assert_eq!(got, want);
    assert_eq!(got["children"].as_array().unwrap().len(), 10);
    assert_eq!(got["variables"].as_array().unwrap().len(), 17);
    // Compact codes work; unknown regions and rounds are 404 JSON errors.
    assert_eq!(public.get(&t, "/api/v1/regions/1701/index").await.status, StatusCode::OK);
    let r = public.get(&t, "/api/v1/regions/99.99/index").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("\"code\":\"not_found\""));
    assert_eq!(public.get(&t, "/api/v1/regions/17/index?year=1999").await.status, StatusCode::NOT_FOUND);
    // A village with fewer than 5 families: hidden from the public, exact for its own users.
    let small = t
        .families
        .iter()
        .map(|f| f.key.village)
        .find(|v| {
            let n = t.families.iter().filter(|f| f.key.village == *v).count();
            (1..5).contains(&n)
        })
        .expect("a small village");
    let r: serde_json::Value =
        serde_json::from_str(&public.get(&t, &format!("/api/v1/regions/{small}/index")).await.body).unwrap();
    assert!(r["families"].is_null() && r["ibangga"].is_null());
    let mut prov = logged_in(&t, "prov").await;
    let r: serde_json::Value =
        serde_json::from_str(&prov.get(&t, &format!("/api/v1/regions/{small}/index")).await.body).unwrap();
    assert!(r["families"].as_i64().unwrap() > 0);
    // Rounds, region, ranking, OpenAPI.
    let r: serde_json::Value = serde_json::from_str(&public.get(&t, "/api/v1/rounds").await.body).unwrap();
    assert_eq!(r["rounds"][0]["year"], YEAR);
    let r: serde_json::Value = serde_json::from_str(&public.get(&t, "/api/v1/regions/17.01").await.body).unwrap();
    assert_eq!(r["parents"][0]["code"], "17");
    let r: serde_json::Value =
        serde_json::from_str(&public.get(&t, "/api/v1/regions/17/ranking?by=v10").await.body).unwrap();
    let ranked: Vec<f64> = r["villages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["ranked"] == true)
        .map(|v| v["value"].as_f64().unwrap_or(f64::MAX))
        .collect();
    assert!(ranked.windows(2).all(|w| w[0] <= w[1]), "weakest first");
    assert_eq!(public.get(&t, "/api/v1/regions/17/ranking?by=v99").await.status, StatusCode::BAD_REQUEST);
    let doc: serde_json::Value = serde_json::from_str(&public.get(&t, "/api/v1/openapi.json").await.body).unwrap();
    assert!(doc["paths"]["/api/v1/regions/{code}/index"]["get"].is_object());
    assert_eq!(public.get(&t, "/api/docs").await.status, StatusCode::OK);
}

#[tokio::test]
async fn api_tokens_work_until_revoked() {
    let t = common::sqlite(N);
    let mut admin = logged_in(&t, "admin").await;
    let csrf = admin.csrf(&t).await;
    // Each user creates their own tokens (tests/security.rs: administrators cannot mint them for others).
    let mut kec = logged_in(&t, "kec").await;
    let kec_csrf = kec.csrf(&t).await;
    let r = kec.post_form(&t, "/akun/token", &[("csrf", &kec_csrf), ("name", "ODK sync")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let token = r.body.split("id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let mut api = Client { bearer: Some(token.clone()), ..Client::default() };
    // A token needs a name, on the user's page and the administrator's alike, said in the reader's language.
    let named = "Beri token nama yang menunjukkan di mana token itu dipakai.";
    let r = kec.post_form(&t, "/akun/token", &[("csrf", &kec_csrf), ("name", "  ")]).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains(named), "{}", r.body);
    let r = admin.post_form(&t, "/admin/token", &[("csrf", &csrf), ("name", "")]).await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains(named), "{}", r.body);
    let r = api.get(&t, &format!("/api/v1/regions/{}/families", t.village)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(api.get(&t, &format!("/api/v1/regions/{}/families", t.other)).await.status, StatusCode::FORBIDDEN);
    let id = t.app.store.api_tokens().unwrap()[0].id;
    let r = admin.post_form(&t, &format!("/admin/token/{id}/cabut"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(t.app.store.api_tokens().unwrap()[0].revoked, "revoked in the store");
    let r = api.get(&t, &format!("/api/v1/regions/{}/families", t.village)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{:?} {}", api.cookies, &r.body[..r.body.len().min(200)]);
    let bad = Client { bearer: Some("kkb_nonsense".into()), ..Client::default() };
    assert_eq!(bad.clone().get(&t, "/api/v1/regions/17/index").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logins_are_throttled_audited_and_sessions_expire() {
    let t = common::sqlite(300);
    let mut c = Client::default();
    for _ in 0..5 {
        let r = c.login(&t, "kader", "wrong-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Nama pengguna atau kata sandi salah"));
        assert!(r.body.contains("value=\"kader\""), "the username is kept");
    }
    let r = c.login(&t, "kader", "password-kader").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "locked even with the right password");
    let log = t
        .app
        .store
        .audit_log(&kkb_store::AuditFilter {
            region_prefix: None,
            username: None,
            action: Some("login.failed"),
            before_id: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(log.len(), 5);
    assert!(log.iter().all(|r| !r.detail.contains("wrong-password")));
    // An expired or deleted session asks to log in again.
    let mut prov = logged_in(&t, "prov").await;
    let token = prov.cookies.get(kkb_web::SESSION_COOKIE).unwrap().clone();
    t.app.store.delete_session(&kkb_web::auth::token_hash(&token)).unwrap();
    let r = prov.get(&t, &format!("/wilayah/{}/keluarga", t.village)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Sesi Anda telah berakhir"));
    // Open redirects are refused.
    let mut c = Client::default();
    let form = c.get(&t, "/masuk").await;
    let csrf = common::hidden(&form.body, "csrf").unwrap();
    let r = c
        .post_form(
            &t,
            "/masuk",
            &[("username", "prov"), ("password", "password-prov"), ("csrf", &csrf), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with('/') && !r.location().starts_with("//"));
}

#[tokio::test]
async fn pages_render_in_both_languages_with_security_headers() {
    let t = common::sqlite(N);
    let mut c = Client::default();
    let r = c.get(&t, "/").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/wilayah/17");
    let r = c.get(&t, "/wilayah/17").await;
    assert_eq!(r.status, StatusCode::OK);
    let csp = r.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(r.headers.get("x-frame-options").unwrap(), "DENY");
    assert!(!r.body.contains("style=\""), "no inline styles under the CSP");
    assert!(!r.body.contains("<script>"), "no inline scripts");
    for text in [
        "Bengkulu",
        "Ketenteraman",
        "Nasional 2021",
        "54,01",
        "56,71",
        "Kota Bengkulu",
        "Kabupaten Kaur",
        "<svg",
        "Unduh",
    ] {
        assert!(r.body.contains(text), "province page lacks {text:?}");
    }
    let f = t.app.store.region_figures(RegionCode::parse("17").unwrap(), None, false).unwrap();
    let shown = kkb_web::i18n::Lang::Id.fig(f.ibangga);
    assert!(r.body.contains(&shown), "the province iBangga {shown} is shown");
    // English.
    let r = c.get(&t, "/bahasa/en?next=/wilayah/17").await;
    assert_eq!(r.location(), "/wilayah/17");
    let r = c.get(&t, "/wilayah/17").await;
    assert!(r.body.contains("lang=\"en\"") && r.body.contains("Tranquillity") && r.body.contains("54.01"));
    assert!(r.body.contains(&kkb_web::i18n::Lang::En.fig(f.ibangga)));
    // Sorting without JavaScript, drill-down, ranking, errors.
    let r = c.get(&t, "/wilayah/17?sort=name&dir=asc").await;
    let table = &r.body[r.body.find("data sortable").unwrap()..];
    let a = table.find(">Kabupaten Bengkulu Selatan<").unwrap();
    let b = table.find(">Kota Bengkulu<").unwrap();
    assert!(a < b);
    let r = c.get(&t, "/wilayah/17?sort=name&dir=desc").await;
    let table = &r.body[r.body.find("data sortable").unwrap()..];
    assert!(table.find(">Kota Bengkulu<").unwrap() < table.find(">Kabupaten Bengkulu Selatan<").unwrap());
    assert_eq!(c.get(&t, "/wilayah/17/peringkat?by=v13").await.status, StatusCode::OK);
    assert_eq!(c.get(&t, &format!("/wilayah/{}", t.village)).await.status, StatusCode::OK);
    let r = c.get(&t, "/wilayah/nonsense").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("panicked") && r.body.contains("<html"));
    assert_eq!(c.get(&t, "/static/app.css").await.status, StatusCode::OK);
}

/// Every figure in a CSV has at most the two decimals the pages show, with a dot as the decimal mark.
fn assert_rounded(csv: &str) {
    let mut figures = 0;
    for cell in csv.lines().skip(1).flat_map(|l| l.split(',')) {
        let Some((int, frac)) = cell.split_once('.') else { continue };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(int.trim_start_matches('-')) && digits(frac) {
            assert!(frac.len() <= 2, "{cell:?} has more decimals than the page shows:\n{csv}");
            figures += 1;
        }
    }
    assert!(figures > 0, "no figures in\n{csv}");
}

/// The print header of a page: its text, tags taken out.
fn print_head(html: &str) -> String {
    let start = html.find("<p class=\"print-head\">").expect("a print header");
    let p = &html[start..start + html[start..].find("</p>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for ch in p.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text
}

#[tokio::test]
async fn every_page_has_a_print_header_with_the_date_in_wib() {
    use kkb_web::i18n::Lang;
    let t = common::sqlite(N);
    let mut c = Client::default();
    let now = |l: Lang| l.timestamp(&kkb_domain::date::now_utc_rfc3339());
    for (path, status) in [
        ("/wilayah/17", StatusCode::OK),
        ("/wilayah/17/peringkat?by=v13", StatusCode::OK),
        ("/masuk", StatusCode::OK),
        ("/wilayah/nonsense", StatusCode::NOT_FOUND),
    ] {
        let before = now(Lang::Id);
        let r = c.get(&t, path).await;
        let after = now(Lang::Id);
        assert_eq!(r.status, status, "{path}");
        let head = print_head(&r.body);
        assert!(head.starts_with("Kampung KB"), "{path}: {head}");
        assert!(
            head.ends_with(&format!("Dicetak {before}")) || head.ends_with(&format!("Dicetak {after}")),
            "{path}: {head:?}, not printed at {before}"
        );
        assert!(head.ends_with(" WIB"), "{path}: the zone is named");
    }
    // The region page: the header sits in main, before the h1 that names the region; the round prints beside it.
    let r = c.get(&t, "/wilayah/17").await;
    let (main, head, h1) =
        (r.body.find("<main").unwrap(), r.body.find("class=\"print-head\"").unwrap(), r.body.find("<h1>").unwrap());
    assert!(main < head && head < h1);
    assert!(r.body[h1..].starts_with("<h1>Bengkulu"), "{}", &r.body[h1..h1 + 80]);
    let rounds = &r.body[h1 + r.body[h1..].find("class=\"rounds\"").expect("the round, printed")..];
    assert!(rounds[..rounds.find("</").unwrap()].contains(&YEAR.to_string()), "{}", &rounds[..120]);
    // English.
    c.get(&t, "/bahasa/en?next=/wilayah/17").await;
    let r = c.get(&t, "/wilayah/17").await;
    assert!(print_head(&r.body).contains("Printed ") && print_head(&r.body).ends_with(" WIB"));
}

#[tokio::test]
async fn exports_are_csv_and_xlsx() {
    let t = common::sqlite(N);
    let mut c = Client::default();
    let r = c.get(&t, "/wilayah/17/ekspor/wilayah.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
    assert_eq!(r.body.lines().count(), 11, "header + 10 kabupaten/kota");
    let resp = c.get(&t, "/wilayah/17/ekspor/peringkat.xlsx?by=v05").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(c.get(&t, "/wilayah/17/ekspor/nothing.csv").await.status, StatusCode::NOT_FOUND);
    // Figures are rounded as the page shows them, with a dot: no 15-digit floats.
    assert_rounded(&c.get(&t, "/wilayah/17/ekspor/wilayah.csv").await.body);
    assert_rounded(&c.get(&t, "/wilayah/17/ekspor/variabel.csv").await.body);
    // The family list exports without personal data, for those who may see it.
    assert_eq!(
        c.get(&t, &format!("/wilayah/{}/keluarga?format=csv", t.village)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut kec = logged_in(&t, "kec").await;
    let r = kec.get(&t, &format!("/wilayah/{}/keluarga?format=csv", t.village)).await;
    assert_eq!(r.status, StatusCode::OK);
    let n = t.families.iter().filter(|f| f.key.village == t.village).count();
    assert_eq!(r.body.lines().count(), n + 1, "{}", r.body);
    for s in secrets(&t, t.village) {
        assert!(!r.body.contains(&s), "the family export has no personal data");
    }
}

#[tokio::test]
async fn admins_manage_users_with_checked_scopes() {
    let t = common::sqlite(300);
    let mut admin = logged_in(&t, "admin").await;
    let csrf = admin.csrf(&t).await;
    let r = admin
        .post_form(
            &t,
            "/admin/pengguna",
            &[
                ("csrf", &csrf),
                ("username", "kader2"),
                ("display_name", "Kader Dua"),
                ("role", "kader"),
                ("scope", "17.01"),
                ("password", "long-enough-pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a kader needs a village");
    assert!(r.body.contains("value=\"kader2\""));
    let village = t.village.to_string();
    let r = admin
        .post_form(
            &t,
            "/admin/pengguna",
            &[
                ("csrf", &csrf),
                ("username", "kader2"),
                ("display_name", "Kader Dua"),
                ("role", "kader"),
                ("scope", &village),
                ("password", "long-enough-pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(Client::default().login(&t, "kader2", "long-enough-pw").await.status, StatusCode::SEE_OTHER);
    let r = admin
        .post_form(
            &t,
            "/admin/pengguna",
            &[
                ("csrf", &csrf),
                ("username", "KADER2"),
                ("display_name", "x"),
                ("role", "kader"),
                ("scope", &village),
                ("password", "long-enough-pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "usernames are unique regardless of case");
    assert!(r.body.contains("Nama pengguna kader2 sudah dipakai. Pilih nama pengguna lain."), "{}", r.body);
    admin.cookies.insert("lang".into(), "en".into());
    let taken = [
        ("csrf", csrf.as_str()),
        ("username", "KADER2"),
        ("display_name", "x"),
        ("role", "kader"),
        ("scope", &village),
        ("password", "long-enough-pw"),
    ];
    let r = admin.post_form(&t, "/admin/pengguna", &taken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The username kader2 is taken. Choose another username."), "{}", r.body);
    assert!(!r.body.contains("sudah dipakai"), "{}", r.body);
    admin.cookies.remove("lang");
    // Agency officers: the agency must exist and be an office of their region.
    t.app.store.seed_agencies(RegionCode::parse("17").unwrap()).unwrap();
    let regency = t.village.ancestor_at(kkb_domain::region::Level::Regency).unwrap().to_string();
    let other = t.other.ancestor_at(kkb_domain::region::Level::Regency).unwrap().to_string();
    for (agency, expected, message) in [
        (String::new(), StatusCode::UNPROCESSABLE_ENTITY, "Petugas instansi perlu kode instansi"),
        ("dinas_rahasia:17.01".to_string(), StatusCode::UNPROCESSABLE_ENTITY, "bukan instansi yang dikenal"),
        (format!("dinkes:{other}"), StatusCode::UNPROCESSABLE_ENTITY, "di luar wilayah pengguna ini"),
        (format!("dinkes:{regency}"), StatusCode::SEE_OTHER, ""),
    ] {
        let r = admin
            .post_form(
                &t,
                "/admin/pengguna",
                &[
                    ("csrf", &csrf),
                    ("username", "dinkes2"),
                    ("display_name", "Dinkes"),
                    ("role", "instansi"),
                    ("scope", &regency),
                    ("agency", &agency),
                    ("password", "long-enough-pw"),
                ],
            )
            .await;
        assert_eq!(r.status, expected, "{agency}: {}", r.body);
        assert!(r.body.contains(message), "{agency}: {}", r.body);
    }
}

/// A refused update of a user's row keeps that row's edits, with the problems beside it; the other rows show what
/// is stored, and nothing is saved.
async fn a_refused_user_row_keeps_its_edits(t: &TestApp) {
    let mut admin = logged_in(t, "admin").await;
    let csrf = admin.csrf(t).await;
    let users = t.app.store.users().unwrap();
    let kec = users.iter().find(|u| u.username == "kec").unwrap().clone();
    let kab = users.iter().find(|u| u.username == "kab").unwrap().clone();
    assert!(kec.active && kec.role == kkb_web::auth::Role::Kecamatan);
    let r = admin
        .post_form(
            t,
            &format!("/admin/pengguna/{}", kec.id),
            &[
                ("csrf", &csrf),
                ("display_name", "Petugas Kecamatan Baru"),
                ("role", "kabupaten"),
                ("scope", "99.99"),
                ("agency", "dinas_rahasia:99.99"),
                ("password", "long-enough-secret-pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let row = |id: i64| -> String {
        let start = r.body.find(&format!("<tr id=\"pengguna-{id}\"")).unwrap_or_else(|| panic!("row {id}: {}", r.body));
        let rest = &r.body[start..];
        rest[..rest.find("</tr>").unwrap()].to_string()
    };
    let edited = row(kec.id);
    for typed in [
        "name=\"scope\" value=\"99.99\"",
        "name=\"agency\" value=\"dinas_rahasia:99.99\"",
        "name=\"display_name\" value=\"Petugas Kecamatan Baru\"",
        "<option value=\"kabupaten\" selected>",
    ] {
        assert!(edited.contains(typed), "{typed}: {edited}");
    }
    assert!(!edited.contains("<option value=\"kecamatan\" selected>"), "{edited}");
    assert!(!edited.contains("name=\"active\" value=\"1\" checked"), "the unticked box stays unticked: {edited}");
    assert!(!edited.contains("long-enough-secret-pw"), "the password is not shown again");
    let unknown = "Kode 99.99 tidak ada dalam tabel wilayah";
    assert!(edited.contains(unknown) && edited.contains("aria-invalid=\"true\""), "{edited}");
    assert!(r.body.contains(&format!("kec: Wilayah: {unknown}")), "the list on top names the user");
    // Another row shows what is stored and no problem.
    let other = row(kab.id);
    assert!(other.contains(&format!("name=\"scope\" value=\"{}\"", kab.scope)), "{other}");
    assert!(other.contains("<option value=\"kabupaten\" selected>") && !other.contains("error-text"), "{other}");
    // Nothing saved.
    let after = t.app.store.user(kec.id).unwrap().unwrap();
    assert_eq!((after.role.as_str(), after.scope.as_str(), after.active), ("kecamatan", kec.scope.as_str(), true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_user_row_keeps_its_edits_on_both_stores() {
    a_refused_user_row_keeps_its_edits(&common::sqlite(300)).await;
    if let Some(t) = common::postgres(300) {
        a_refused_user_row_keeps_its_edits(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_edit_flow_works_on_postgresql() {
    let Some(t) = common::postgres(600) else { return };
    let mut kader = logged_in(&t, "kader").await;
    let id = first_family(&t, t.village).key.family_id.clone();
    let form = kader.get(&t, &format!("/keluarga/{YEAR}/{}/{id}/ubah", t.village)).await;
    let mut fields = form_fields(&form.body);
    set(&mut fields, "p05", "2");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = kader.post_form(&t, &format!("/keluarga/{YEAR}/{}/{id}/ubah", t.village), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(t.app.store.check().unwrap().differences.is_empty());
    let r = Client::default().get(&t, "/api/v1/regions/17/index?children=true").await;
    assert_eq!(r.status, StatusCode::OK);
}

/// The inputs and selected options of a form, as a browser would submit them.
fn form_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split('<').skip(1) {
        if let Some(rest) = part.strip_prefix("input ") {
            if let Some(name) = attr(rest, "name") {
                if rest.contains("type=\"checkbox\"") || rest.contains("type=\"submit\"") {
                    continue;
                }
                out.push((name, attr(rest, "value").unwrap_or_default()));
            }
        } else if let Some(rest) = part.strip_prefix("select ") {
            if let Some(name) = attr(rest, "name") {
                out.push((name, String::new()));
            }
        } else if let Some(rest) = part.strip_prefix("option ")
            && rest.contains(" selected")
            && let Some(last) = out.last_mut()
        {
            last.1 = attr(rest, "value").unwrap_or_default();
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.replace("&#38;", "&").replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"")))
        .collect()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let start = tag.find(&needle)? + needle.len();
    Some(tag[start..].split('"').next()?.to_string())
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields.iter_mut().find(|f| f.0 == name).unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_string();
}

#[tokio::test]
async fn the_demo_registry_shows_as_coverage_on_the_dashboards() {
    // Enough families per village for the Kampung's population figures to mean something.
    let t = common::sqlite(20_000);
    let formed = kkb_demo::demo_kampung(&t.app.store).unwrap();
    assert!((200..=kkb_demo::DEMO_KAMPUNG).contains(&formed), "{formed} Kampung KB");
    assert_eq!(kkb_demo::demo_kampung(&t.app.store).unwrap(), 0, "a second run keeps the registry");
    let province = RegionCode::parse("17").unwrap();
    let cov = t.app.store.coverage(province, None).unwrap();
    assert_eq!((cov.formed as usize, cov.villages), (formed, 1513));
    let mut c = Client::default();
    let r = c.get(&t, "/wilayah/17").await;
    let shown = format!("{} <small>/ 1.513</small>", kkb_web::i18n::Lang::Id.count(formed as i64));
    assert!(r.body.contains(&shown), "the province shows its coverage");
    assert!(r.body.contains("Peta cakupan Kampung KB"));
    // Every kabupaten/kota has some, and the children's coverage adds up.
    let children = t.app.store.coverage_children(province, None).unwrap();
    assert_eq!(children.len(), 10);
    assert!(children.iter().all(|c| c.coverage.formed > 0));
    assert_eq!(children.iter().map(|c| c.coverage.formed).sum::<i64>(), formed as i64);
    // Before the programme began nothing was formed.
    let before = kkb_domain::date::Date::new(2015, 12, 31).unwrap();
    assert_eq!(t.app.store.coverage(province, Some(before)).unwrap().formed, 0);
    // A Kampung's village page says since when.
    let k = &t.app.store.kampungs(Some(province)).unwrap()[0];
    let r = c.get(&t, &format!("/wilayah/{}", k.village)).await;
    assert!(r.body.contains("memiliki Kampung KB sejak"));
    assert!(r.body.contains(&format!("href=\"/kampung/{}\"", k.village)));
    // Every Kampung's page shows its live class; the demo has all four.
    let mut classes = std::collections::BTreeSet::new();
    for k in t.app.store.kampungs(Some(province)).unwrap() {
        let r = c.get(&t, &format!("/kampung/{}", k.village)).await;
        assert_eq!(r.status, StatusCode::OK);
        let class = r.body.split("id=\"kampung-class\">").nth(1).unwrap().split('<').next().unwrap().to_string();
        classes.insert(class);
    }
    let want: std::collections::BTreeSet<String> =
        ["Dasar", "Berkembang", "Mandiri", "Berkelanjutan"].iter().map(|s| s.to_string()).collect();
    assert_eq!(classes, want, "the demo registry has every class");
    // The class kept on each record is the live one, and the counts add up.
    let counts = t.app.store.class_counts(province).unwrap();
    assert_eq!(counts.total(), formed as i64);
    assert_eq!(counts.unclassified, 0);
    for k in t.app.store.kampungs(Some(province)).unwrap().iter().take(20) {
        let live = t.app.store.kampung_status(k.village).unwrap().unwrap().classification.class;
        assert_eq!(t.app.store.class_history(k.village).unwrap().last().unwrap().class, live.as_str());
    }
    assert_eq!(
        c.get(&t, &format!("/kampung/{}", t.village)).await.status,
        if t.app.store.kampung(t.village).unwrap().is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND }
    );
}

/// The demo says on every page that its data is synthetic, in the reader's language; a real deployment does not.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_marks_every_page_as_synthetic() {
    let t = common::sqlite(300);
    let demo = t.reconfigured(|c| c.demo = true);
    let banner = "data sintetis (buatan), bukan data sebenarnya";
    let mut public = common::Client::default();
    for uri in ["/wilayah/17", "/wilayah/17/kampung", "/masuk", "/inpres"] {
        let r = public.get(&demo, uri).await;
        assert!(r.body.contains(banner), "{uri} has no synthetic-data banner");
        assert!(!public.get(&t, uri).await.body.contains(banner), "{uri}: a real deployment is not marked");
    }
    let mut kader = common::logged_in(&demo, "kader").await;
    assert!(kader.get(&demo, &format!("/wilayah/{}/keluarga", t.village)).await.body.contains(banner));
    public.cookies.insert("lang".into(), "en".into());
    assert!(public.get(&demo, "/wilayah/17").await.body.contains("synthetic (made up), not real data"));
}

/// Every refusal says its real reason, in the reader's language: not logged in, the role may not, outside the
/// user's region, no API token, a bad API token (each with its own machine code in the API).
#[tokio::test(flavor = "multi_thread")]
async fn refusals_say_the_real_reason() {
    let t = common::sqlite(300);
    // Outside the region: a cadre at another regency's families.
    let mut kader = common::logged_in(&t, "kader").await;
    let r = kader.get(&t, &format!("/wilayah/{}/keluarga", t.other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("hanya tersedia untuk wilayah tugas Anda"), "{}", r.body);
    // The role: a kabupaten officer at the user administration; an administrator at a village's families.
    let mut kab = common::logged_in(&t, "kab").await;
    let r = kab.get(&t, "/admin/pengguna").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Peran akun Anda tidak mengizinkan"), "{}", r.body);
    assert!(!r.body.contains("wilayah tugas Anda"), "not a region refusal");
    let mut admin = common::logged_in(&t, "admin").await;
    let r = admin.get(&t, &format!("/wilayah/{}/keluarga", t.village)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Peran akun Anda tidak mengizinkan"), "{}", r.body);
    // The API without a token, then with a bad one: Indonesian by default, English when the client asks.
    let uri = format!("/api/v1/regions/{}/families", t.village);
    let mut api = common::Client::default();
    let r = api.get(&t, &uri).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let e: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(e["error"]["code"], "token_required", "{}", r.body);
    assert!(e["error"]["message"].as_str().unwrap().starts_with("Permintaan ini memerlukan token API"), "{}", r.body);
    let req = api.request("GET", &uri).header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9").body(Body::empty()).unwrap();
    let e: serde_json::Value = serde_json::from_str(&api.send(&t, req).await.body).unwrap();
    assert!(e["error"]["message"].as_str().unwrap().starts_with("This request needs an API token"), "{e}");
    let req = api.request("GET", &uri).header(header::AUTHORIZATION, "Bearer not-a-token").body(Body::empty()).unwrap();
    let e: serde_json::Value = serde_json::from_str(&api.send(&t, req).await.body).unwrap();
    assert_eq!(e["error"]["code"], "unauthorized", "{e}");
    assert!(e["error"]["message"].as_str().unwrap().contains("tidak sah atau sudah dicabut"), "{e}");
}
