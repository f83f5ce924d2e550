//! Every rule the forms constrain on the phone is also refused by the server, with a matching reason: for each
//! constrained question of pk-keluarga and laporan-kampung (read from the served XForms, so that a new
//! constraint without a case here fails this test), a submission that breaks only that rule is kept for review
//! with a problem at the instance path, and the server's reason in Bahasa Indonesia shares the key words of the
//! form's constraint message. On SQLite and PostgreSQL.

mod common;
#[path = "common/openrosa.rs"]
mod phone;

use axum::http::StatusCode;
use common::{TestApp, YEAR};
use kkb_web::capture::problems::from_json;
use kkb_web::i18n::Lang;
use phone::{Instance, Phone, Scheme, member, new_family, uuid, version};

const N: u64 = 600;

/// The Indonesian constraint message of a question (`anggota/nik`) in a served form.
fn form_message(form: &str, path: &str) -> String {
    let xml = kkb_web::capture::forms::by_id(form).unwrap().xml;
    let id = format!("<text id=\"/{form}/{path}:jr:constraintMsg\">");
    let at = xml.find(&id).unwrap_or_else(|| panic!("{form}: no constraint message for {path}")) + id.len();
    let rest = &xml[at..];
    let start = rest.find("<value>").unwrap() + "<value>".len();
    rest[start..start + rest[start..].find("</value>").unwrap()].to_string()
}

/// The questions a served form constrains (paths below the root).
fn constrained(form: &str) -> Vec<String> {
    let xml = kkb_web::capture::forms::by_id(form).unwrap().xml;
    xml.split("<bind ")
        .skip(1)
        .filter(|b| b.split("/>").next().unwrap().contains(" constraint=\""))
        .map(|b| {
            let ns = b.split("nodeset=\"").nth(1).unwrap().split('"').next().unwrap();
            ns.trim_start_matches(&format!("/{form}/")).to_string()
        })
        .collect()
}

/// One broken rule: the question the form constrains, how to break it, where the server must say so, and the
/// words both reasons share.
struct Case {
    question: &'static str,
    field: String,
    words: &'static [&'static str],
    inst: Instance,
}

fn pk_cases(t: &TestApp) -> Vec<Case> {
    let v = t.village;
    let base = |serial: u16| new_family(v, YEAR, &format!("ODK-R-{serial}"), serial);
    let mut cases = Vec::new();
    let mut case = |question, field: &str, words, edit: &dyn Fn(&mut Instance), serial: u16| {
        let mut inst = base(serial);
        edit(&mut inst);
        cases.push(Case { question, field: field.to_string(), words, inst });
    };
    case(
        "pk_year",
        "pk_year",
        &["tahun dari 2015 sampai 2100"],
        &|i| {
            i.set("pk_year", "2014");
        },
        9401,
    );
    case(
        "rw",
        "rw",
        &["nomor 1 sampai 3 angka"],
        &|i| {
            i.set("rw", "1234");
        },
        9402,
    );
    case(
        "rt",
        "rt",
        &["nomor 1 sampai 3 angka"],
        &|i| {
            i.set("rt", "1a");
        },
        9403,
    );
    case(
        "kk_number",
        "kk_number",
        &["nomor kk harus 16 angka"],
        &|i| {
            i.set("kk_number", "12345");
        },
        9404,
    );
    case(
        "kk_number",
        "kk_number",
        &["nomor kk", "kode provinsi"],
        &|i| {
            i.set("kk_number", "9901019000000001");
        },
        9405,
    );
    case(
        "family_id",
        "family_id",
        &["id keluarga harus 1 sampai 40 karakter"],
        &|i| {
            i.set("family_id", "bukan id!");
        },
        9406,
    );
    case(
        "anggota/name",
        "anggota[2]/name",
        &["harus 1 sampai 120 huruf"],
        &|i| {
            i.set_member(1, "name", "");
        },
        9407,
    );
    case(
        "anggota/name",
        "anggota[2]/name",
        &["harus 1 sampai 120 huruf"],
        &|i| {
            i.set_member(1, "name", &"a".repeat(121));
        },
        9408,
    );
    case(
        "anggota/nik",
        "anggota[1]/nik",
        &["nik harus 16 angka"],
        &|i| {
            i.set_member(0, "nik", "1701011705");
        },
        9409,
    );
    case(
        "anggota/nik",
        "anggota[1]/nik",
        &["nik", "kode provinsi"],
        &|i| {
            let n = i.members[0][2].1.replacen("17", "99", 1);
            i.set_member(0, "nik", &n);
        },
        9410,
    );
    case(
        "anggota/nik",
        "anggota[1]/nik",
        &["nik", "angka ke-7 sampai ke-12", "tanggal lahir", "hhbbtt"],
        &|i| {
            let n = i.members[0][2].1.clone();
            i.set_member(0, "nik", &format!("{}32{}", &n[..6], &n[8..]));
        },
        9411,
    );
    case(
        "anggota/nik",
        "anggota[4]/nik",
        &["satu nik hanya boleh muncul sekali"],
        &|i| {
            let twin = i.members[2].clone();
            i.members.push(twin);
            i.set_member(3, "member_no", "4");
        },
        9412,
    );
    case(
        "anggota/sex",
        "anggota[1]/nik",
        &["nik", "jenis kelamin"],
        &|i| {
            i.set_member(0, "sex", "2");
        },
        9413,
    );
    case(
        "anggota/birth_date",
        "anggota[3]/birth_date",
        &["tidak boleh setelah hari ini"],
        &|i| {
            i.set_member(2, "nik", "");
            i.set_member(2, "birth_date", "2099-01-01");
        },
        9414,
    );
    case(
        "anggota/birth_date",
        "anggota[3]/birth_date",
        &["tidak boleh sebelum tahun 1900"],
        &|i| {
            i.set_member(2, "nik", "");
            i.set_member(2, "birth_date", "1899-12-31");
        },
        9415,
    );
    case(
        "anggota/birth_date",
        "anggota[1]/nik",
        &["tanggal lahir dalam nik (angka ke-7 sampai ke-12"],
        &|i| {
            i.set_member(0, "birth_date", "1980-05-18");
        },
        9416,
    );
    case(
        "anggota/relation",
        "anggota[2]/relation",
        &["setiap keluarga punya tepat satu kepala keluarga"],
        &|i| {
            i.set_member(1, "relation", "1");
        },
        9417,
    );
    case(
        "anggota/relation",
        "anggota[3]/relation",
        &["setiap keluarga punya tepat satu kepala keluarga"],
        &|i| {
            i.set_member(0, "relation", "2");
        },
        9418,
    );
    // jumlah_anggota (the repeat count, a helper) stands for member_no's 1..99 on the server.
    case(
        "jumlah_anggota",
        "anggota[100]/member_no",
        &["1 sampai 99"],
        &|i| {
            for n in 4..=100u8 {
                let mut m = member(n, "", "Anak", 1, "2005-01-01", 1, 3);
                m.retain(|(k, _)| k != "nik");
                i.members.push(m);
            }
            i.set("jumlah_anggota", "100");
        },
        9419,
    );
    cases
}

fn report(village: kkb_domain::region::RegionCode, edits: &[(&str, &str)]) -> Instance {
    let mut fields: Vec<(String, String)> = vec![
        ("village_code".into(), village.compact().to_string()),
        ("bulan".into(), "2025-05-01".into()),
        ("month".into(), "2025-05".into()),
        ("pus".into(), "50".into()),
    ];
    // Every count of the report (its columns after village, month and PUS) at 1.
    for c in &kkb_domain::kampung::REPORT_COLUMNS[3..] {
        fields.push((c.to_string(), "1".into()));
    }
    let mut inst = Instance {
        form: "laporan-kampung".into(),
        version: version("laporan-kampung"),
        fields,
        members: vec![],
        instance_id: uuid(),
        deprecated_id: None,
    };
    for (k, v) in edits {
        inst.set(k, v);
    }
    inst
}

fn report_cases(t: &TestApp) -> Vec<Case> {
    let v = t.village;
    let mut cases = vec![
        Case {
            question: "bulan",
            field: "month".into(),
            words: &["tidak boleh setelah bulan ini"],
            inst: report(v, &[("month", "2099-01"), ("bulan", "2099-01-01")]),
        },
        Case {
            question: "bulan",
            field: "month".into(),
            words: &["tidak boleh sebelum tahun 2014"],
            inst: report(v, &[("month", "2013-12"), ("bulan", "2013-12-01")]),
        },
        Case {
            question: "pus",
            field: "pus".into(),
            words: &["tidak boleh kurang dari 0"],
            inst: report(v, &[("pus", "-1")]),
        },
        Case {
            question: "pus",
            field: "pus".into(),
            words: &["ditambah pus bukan peserta kb"],
            inst: report(v, &[("pus", "10")]),
        },
    ];
    for c in ["mow", "mop", "iud", "implan", "suntik", "pil", "kondom"] {
        cases.push(Case {
            question: c,
            field: c.into(),
            words: &["tidak boleh kurang dari 0"],
            inst: report(v, &[(c, "-2")]),
        });
        cases.push(Case {
            question: c,
            field: "pus".into(),
            words: &["peserta kb semua metode tidak boleh lebih dari pus"],
            inst: report(v, &[(c, "60")]),
        });
    }
    for c in ["hamil", "ingin_anak_segera", "iat", "tial"] {
        cases.push(Case {
            question: c,
            field: c.into(),
            words: &["tidak boleh kurang dari 0"],
            inst: report(v, &[(c, "-2")]),
        });
        cases.push(Case {
            question: c,
            field: "pus".into(),
            words: &["pus bukan peserta kb tidak boleh lebih dari pus"],
            inst: report(v, &[(c, "60")]),
        });
    }
    for c in ["bkb", "bkr", "bkl", "uppka", "pik_r"] {
        cases.push(Case {
            question: c,
            field: c.into(),
            words: &["tidak boleh kurang dari 0: jumlah dimulai dari 0"],
            inst: report(v, &[(c, "-3")]),
        });
    }
    cases
}

async fn every_rule(t: &TestApp) {
    let record: kkb_domain::kampung::KampungRecord = serde_json::from_value(serde_json::json!({
        "village": t.village.to_string(), "name": "Kampung KB Aturan", "launch_date": "2024-01-15", "active": true
    }))
    .unwrap();
    t.app.store.upsert_kampung(&record).unwrap();
    let mut kader = Phone::of("kader", Scheme::Basic);
    let mut missing = Vec::new();
    for (form, cases) in [("pk-keluarga", pk_cases(t)), ("laporan-kampung", report_cases(t))] {
        let covered: std::collections::HashSet<&str> = cases.iter().map(|c| c.question).collect();
        let questions = constrained(form);
        assert!(questions.len() >= if form == "pk-keluarga" { 11 } else { 17 }, "{form}: {questions:?}");
        for q in questions {
            assert!(covered.contains(q.as_str()), "{form}: the form constrains {q} but no case here breaks it");
        }
        for c in &cases {
            let r = kader.submit(t, &c.inst.xml()).await;
            assert_eq!(r.status, StatusCode::ACCEPTED, "{form} {}: {}", c.question, r.body);
            let sub = t.app.store.submission_by_instance(&c.inst.instance_id).unwrap().unwrap();
            let problems = from_json(&sub.problems);
            let on_phone = form_message(form, c.question).to_lowercase();
            let at_field: Vec<String> =
                problems.iter().filter(|p| p.field == c.field).map(|p| p.text(Lang::Id).to_lowercase()).collect();
            assert!(!at_field.is_empty(), "{form} {}: no problem at {} in {problems:?}", c.question, c.field);
            for w in c.words {
                if !on_phone.contains(w) {
                    missing.push(format!("{form} {}: the form's message lacks {w:?}: {on_phone}", c.question));
                }
                if !at_field.iter().any(|s| s.contains(w)) {
                    missing.push(format!("{form} {}: the server's reason lacks {w:?}: {at_field:?}", c.question));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{} rule(s) worded apart:\n{}", missing.len(), missing.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_rule_the_forms_constrain_is_refused_by_the_server_with_the_same_reason() {
    every_rule(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        every_rule(&t).await;
    }
}
