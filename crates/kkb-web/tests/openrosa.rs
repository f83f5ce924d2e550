//! The OpenRosa server through a scripted ODK Collect client (docs/openrosa.md): the form list, downloads and
//! their hashes, manifests and media (scoped, no NIK), authentication (Basic, Digest, the challenges), and what
//! submissions do (applied, counted once, merged, queued with instance paths, refused). On SQLite and PostgreSQL.

mod common;
#[path = "common/openrosa.rs"]
mod phone;

use axum::http::{StatusCode, header};
use common::{TestApp, YEAR, logged_in};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::AuditFilter;
use phone::{Phone, Scheme, new_family, tag, tags};

const N: u64 = 1500;

fn audited(t: &TestApp, action: &str) -> Vec<kkb_store::AuditRecord> {
    t.app.store.audit_log(&AuditFilter { action: Some(action), limit: 1000, ..AuditFilter::default() }).unwrap()
}

fn niks_of(t: &TestApp, village: RegionCode) -> Vec<String> {
    t.families
        .iter()
        .filter(|f| f.key.village == village)
        .flat_map(|f| f.people.iter().filter_map(|p| p.nik.as_ref().map(|n| n.as_str().to_string())))
        .chain(
            t.families
                .iter()
                .filter(|f| f.key.village == village)
                .filter_map(|f| f.kk.as_ref().map(|k| k.as_str().to_string())),
        )
        .collect()
}

async fn forms_media_and_scope(t: &TestApp) {
    let mut kader = Phone::of("kader", Scheme::Basic);
    let list = kader.get(t, "/openrosa/formList").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.headers["x-openrosa-version"], "1.0");
    assert!(list.headers.contains_key(header::DATE));
    assert!(list.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/xml"));
    assert!(list.body.contains("<xforms xmlns=\"http://openrosa.org/xforms/xformsList\">"));
    // No Kampung KB in the test data: the cadre gets the two PK forms only.
    assert_eq!(tags(&list.body, "formID"), ["pk-keluarga", "pk-perbarui"]);
    for (i, url) in tags(&list.body, "downloadUrl").iter().enumerate() {
        let path = url.strip_prefix("http://kkb.test:8080").expect("absolute URL from the Host header");
        let form = kader.get(t, path).await;
        assert_eq!(form.status, StatusCode::OK);
        assert_eq!(form.headers["x-openrosa-version"], "1.0");
        let hash = format!("md5:{}", kkb_web::openrosa::digest::md5_hex(form.body.as_bytes()));
        assert_eq!(tags(&list.body, "hash")[i], hash, "the listed hash is the MD5 of the document as served");
        assert_eq!(hash, hash.to_lowercase());
        assert!(form.body.contains(&format!("version=\"{}\"", tags(&list.body, "version")[i])));
    }
    // The manifest of pk-perbarui and its media: the cadre's village only, families without NIK or KK number.
    let manifest_url = tags(&list.body, "manifestUrl")[1].strip_prefix("http://kkb.test:8080").unwrap().to_string();
    let manifest = kader.get(t, &manifest_url).await;
    assert_eq!(manifest.status, StatusCode::OK);
    assert!(manifest.body.contains("<manifest xmlns=\"http://openrosa.org/xforms/xformsManifest\">"));
    assert_eq!(tags(&manifest.body, "filename"), ["anggota.csv", "desa.csv", "keluarga.csv"]);
    let secrets = niks_of(t, t.village);
    assert!(!secrets.is_empty());
    let mut media = std::collections::HashMap::new();
    for (i, url) in tags(&manifest.body, "downloadUrl").iter().enumerate() {
        let file = kader.get(t, url.strip_prefix("http://kkb.test:8080").unwrap()).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.headers[header::CACHE_CONTROL], "no-store, private");
        let hash = format!("md5:{}", kkb_web::openrosa::digest::md5_hex(file.body.as_bytes()));
        assert_eq!(tags(&manifest.body, "hash")[i], hash);
        for s in &secrets {
            assert!(!file.body.contains(s.as_str()), "no NIK or KK number in {}", tags(&manifest.body, "filename")[i]);
        }
        media.insert(tags(&manifest.body, "filename")[i].to_string(), file.body);
    }
    let desa = &media["desa.csv"];
    assert_eq!(desa.lines().count(), 2, "{desa}");
    assert!(desa.starts_with("name,label\n") && desa.contains(&t.village.compact().to_string()));
    let keluarga = &media["keluarga.csv"];
    let in_village = t.families.iter().filter(|f| f.key.village == t.village).count();
    assert_eq!(keluarga.lines().count(), in_village + 1);
    assert!(keluarga.starts_with("name,label,version,key,village_code,pk_year,rw,rt,p01,"));
    assert!(!keluarga.contains(&t.other.compact().to_string()));
    let anggota = &media["anggota.csv"];
    assert!(anggota.starts_with("family_key,member_no,name,sex,birth_date,marital_status,birth_certificate,relation,"));
    let members: usize = t.families.iter().filter(|f| f.key.village == t.village).map(|f| f.people.len()).sum();
    assert_eq!(anggota.lines().count(), members + 1);
    assert!(!audited(t, "capture.media").is_empty(), "family lists are audited");

    // The kecamatan officer gets every village of the kecamatan; the kabupaten, province and administrator
    // accounts no PK form (they may not edit families).
    let mut kec = Phone::of("kec", Scheme::Basic);
    let list = kec.get(t, "/openrosa/formList").await;
    assert_eq!(tags(&list.body, "formID"), ["pk-keluarga", "pk-perbarui"]);
    let desa = kec.get(t, "/openrosa/forms/pk-keluarga/media/desa.csv").await;
    let district = t.village.ancestor_at(Level::District).unwrap();
    let villages = t.app.store.children(district).unwrap();
    assert_eq!(desa.body.lines().count(), villages.len() + 1);
    assert!(desa.body.contains(", Kec. "));
    for who in ["kab", "prov", "admin"] {
        let mut p = Phone::of(who, Scheme::Basic);
        let list = p.get(t, "/openrosa/formList").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(tags(&list.body, "formID").is_empty(), "{who}: {}", list.body);
        let form = p.get(t, "/openrosa/forms/pk-keluarga").await;
        assert_eq!(form.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(form.headers["x-openrosa-version"], "1.0");
    }
    // putaran.csv: the rounds that take submissions.
    let putaran = kader.get(t, "/openrosa/forms/pk-keluarga/media/putaran.csv").await;
    assert_eq!(putaran.body, format!("name,label\n{YEAR},PK {YEAR}\n"));
}

async fn authentication(t: &TestApp) {
    // No credentials: 401 with both challenges and the protocol header.
    let mut anon = Phone::of("kader", Scheme::None);
    let r = anon.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers["x-openrosa-version"], "1.0");
    let challenges: Vec<&str> =
        r.headers.get_all(header::WWW_AUTHENTICATE).iter().map(|v| v.to_str().unwrap()).collect();
    assert!(challenges[0].starts_with("Digest realm=\"kampungkb\", qop=\"auth\""), "{challenges:?}");
    assert!(challenges.iter().any(|c| c.starts_with("Basic realm=\"kampungkb\"")), "{challenges:?}");
    assert!(r.body.contains("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"));
    let head = anon.request(t, "HEAD", "/openrosa/submission", None).await;
    assert_eq!(head.status, StatusCode::UNAUTHORIZED, "HEAD needs the account too");

    // A wrong password: 401 with a challenge, audited, counted by the login throttle.
    let before = audited(t, "login.failed").len();
    let mut wrong = Phone::new("kader", "salah-sekali", Scheme::Basic);
    let r = wrong.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.headers.contains_key(header::WWW_AUTHENTICATE));
    assert!(r.body.contains("kata sandi salah"), "{}", r.body);
    wrong.accept_language = Some("en-US,en;q=0.9".into());
    let r = wrong.get(t, "/openrosa/formList").await;
    assert!(r.body.contains("Wrong username or password"), "{}", r.body);
    assert_eq!(audited(t, "login.failed").len(), before + 2);

    // Digest needs the secret made when the password was last known: a web log-in makes it.
    let mut digest = Phone::of("kec", Scheme::Digest);
    let r = digest.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no Digest secret before the password was used");
    assert!(r.body.contains("Digest"), "{}", r.body);
    logged_in(t, "kec").await;
    let r = digest.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The nonce is reused with growing counts, for GET and POST alike.
    let r = digest.request(t, "HEAD", "/openrosa/submission", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.headers["x-openrosa-accept-content-length"], kkb_web::openrosa::MAX_SUBMISSION_BYTES.to_string());
    assert_eq!(r.headers["x-openrosa-version"], "1.0");
    // Digest signs the username as typed: the secret covers it as created and in lower case (the web's log-in
    // ignores case); another spelling cannot be checked.
    let mut upper = Phone::new("KEC", &common::password("kec"), Scheme::Digest);
    assert_eq!(upper.get(t, "/openrosa/formList").await.status, StatusCode::UNAUTHORIZED);
    // A successful Basic log-in also makes the Digest secret.
    let mut basic = Phone::of("kader", Scheme::Basic);
    assert_eq!(basic.get(t, "/openrosa/formList").await.status, StatusCode::OK);
    let mut digest = Phone::of("kader", Scheme::Digest);
    assert_eq!(digest.get(t, "/openrosa/formList").await.status, StatusCode::OK);
    let before = audited(t, "login.failed").len();
    let mut wrong_digest = Phone::new("kader", "salah-sekali", Scheme::Digest);
    let r = wrong_digest.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("kata sandi salah"), "{}", r.body);
    assert_eq!(audited(t, "login.failed").len(), before + 1, "a wrong Digest response counts as a failed log-in");

    // Basic over plain HTTP from another machine is refused (Digest only is offered); through a trusted proxy
    // that says HTTPS it is accepted.
    let mut remote = Phone::of("kader", Scheme::Basic);
    remote.peer = Some("203.0.113.9:50000".parse().unwrap());
    let r = remote.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("HTTPS"), "{}", r.body);
    let challenges: Vec<&str> =
        r.headers.get_all(header::WWW_AUTHENTICATE).iter().map(|v| v.to_str().unwrap()).collect();
    assert!(challenges.iter().all(|c| c.starts_with("Digest")), "{challenges:?}");
    let proxied = kkb_web::App::new(
        t.app.store.clone(),
        kkb_web::Config {
            passwords: kkb_web::auth::Passwords::for_tests(),
            trusted_proto_header: Some("x-forwarded-proto".into()),
            public_url: Some("https://kkb.example.go.id/".into()),
            ..kkb_web::Config::default()
        },
    );
    let router = kkb_web::router(proxied);
    remote.extra = vec![("x-forwarded-proto".into(), "https".into())];
    let r = remote.request_on(&router, "GET", "/openrosa/formList", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(tag(&r.body, "downloadUrl").unwrap().starts_with("https://kkb.example.go.id/openrosa/forms/"));
    remote.extra = vec![("x-forwarded-proto".into(), "http".into())];
    assert_eq!(remote.request_on(&router, "GET", "/openrosa/formList", None).await.status, StatusCode::UNAUTHORIZED);
    // An OpenRosa version the server does not speak.
    let mut future = Phone::of("kader", Scheme::Basic);
    future.extra = vec![("x-openrosa-version".into(), "2.0".into())];
    let r = future.get(t, "/openrosa/formList").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.headers["x-openrosa-version"], "1.0");
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_manifests_and_media_follow_the_scope() {
    forms_media_and_scope(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        forms_media_and_scope(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_log_in_with_digest_or_basic() {
    authentication(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        authentication(&t).await;
    }
}

async fn a_new_family_counted_once(t: &TestApp) {
    let v = t.village;
    let before = t.app.store.region_figures(v, Some(YEAR), false).unwrap().families;
    let district_before =
        t.app.store.region_figures(v.ancestor_at(Level::District).unwrap(), Some(YEAR), false).unwrap().families;
    let mut kader = Phone::of("kader", Scheme::Basic);
    let inst = new_family(v, YEAR, "ODK-T-001", 9001);
    let r = kader.submit(t, &inst.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["x-openrosa-version"], "1.0");
    assert!(r.body.contains("<message nature=\"submit_success\">"), "{}", r.body);
    assert!(r.body.contains("ODK-T-001"), "{}", r.body);
    let stored = t.app.store.family(YEAR, v, "ODK-T-001").unwrap().expect("the family is stored");
    assert_eq!(stored.people.len(), 3);
    assert_eq!(stored.kk.as_deref(), Some(inst.get("kk_number")));
    assert_eq!(t.app.store.region_figures(v, Some(YEAR), false).unwrap().families, before + 1);
    let district = t.app.store.region_figures(v.ancestor_at(Level::District).unwrap(), Some(YEAR), false).unwrap();
    assert_eq!(district.families, district_before + 1, "the region figures changed in the same request");
    let applied = audited(t, "capture.applied");
    assert!(applied.iter().any(|a| a.target == format!("{YEAR}/{v}/ODK-T-001") && a.username == "kader"));
    assert!(
        audited(t, "capture.received")
            .iter()
            .any(|a| a.target == inst.instance_id && a.detail.contains("device date Mon, 01 Dec 2026 08:00:00 GMT"))
    );
    // No NIK or name in the audit log.
    for a in t.app.store.audit_log(&AuditFilter { limit: 10_000, ..AuditFilter::default() }).unwrap() {
        let line = format!("{} {} {}", a.target, a.detail, a.region);
        assert!(!line.contains(&inst.members[0][2].1) && !line.contains("Budi Uji"), "{line}");
    }

    // Sent twice (the answer was lost): 201 again, nothing changes.
    let r = kader.submit(t, &inst.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.contains("sudah diterima"), "{}", r.body);
    assert_eq!(t.app.store.region_figures(v, Some(YEAR), false).unwrap().families, before + 1);
    assert_eq!(t.app.store.family(YEAR, v, "ODK-T-001").unwrap().unwrap().summary.version, stored.summary.version);
    let subs = t.app.store.submissions(&kkb_store::SubmissionFilter { limit: 100, ..Default::default() }).unwrap();
    assert_eq!(subs.iter().filter(|s| s.instance_id == inst.instance_id).count(), 1);

    // The instance is kept sealed: the stored bytes are not the XML, and open to it.
    let sub = t.app.store.submission_by_instance(&inst.instance_id).unwrap().unwrap();
    assert_eq!(sub.status, "applied");
    assert_eq!(String::from_utf8(t.app.store.submission_instance(sub.id).unwrap()).unwrap(), inst.xml());

    // An empty family_id: the server gives one and says which.
    let mut anon = new_family(v, YEAR, "", 9002);
    anon.instance_id = "uuid:1a2b3c4d-0000-4000-8000-000000000001".into();
    let r = kader.submit(t, &anon.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.contains("ODK-1A2B3C4D"), "{}", r.body);
    assert!(t.app.store.family(YEAR, v, "ODK-1A2B3C4D").unwrap().is_some());

    // English when the phone prefers it.
    kader.accept_language = Some("en".into());
    let r = kader.submit(t, &new_family(v, YEAR, "ODK-T-002", 9003).xml()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(r.body.contains("Thank you"), "{}", r.body);
    assert_eq!(r.headers[header::CONTENT_LANGUAGE], "en");

    // Attachments are kept with the submission, sealed.
    let inst = new_family(v, YEAR, "ODK-T-003", 9004);
    let r = kader.submit_with(t, &inst.xml(), &[("foto.jpg", b"\xff\xd8\xff-not-really-a-jpeg")]).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let sub = t.app.store.submission_by_instance(&inst.instance_id).unwrap().unwrap();
    let att = t.app.store.submission_attachments(sub.id).unwrap();
    assert_eq!((att[0].name.as_str(), att[0].bytes.as_slice()), ("foto.jpg", &b"\xff\xd8\xff-not-really-a-jpeg"[..]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_family_is_stored_scored_and_counted_once() {
    a_new_family_counted_once(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        a_new_family_counted_once(&t).await;
    }
}

async fn refusals(t: &TestApp) {
    let mut kader = Phone::of("kader", Scheme::Basic);
    // Another village: 403 with the reason, audited, nothing stored.
    let inst = new_family(t.other, YEAR, "ODK-X-001", 9100);
    let r = kader.submit(t, &inst.xml()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("di luar wilayah Anda") && r.body.contains("<OpenRosaResponse"), "{}", r.body);
    assert!(t.app.store.submission_by_instance(&inst.instance_id).unwrap().is_none());
    assert!(audited(t, "capture.refused").iter().any(|a| a.target == inst.instance_id));
    let mut kab = Phone::of("kab", Scheme::Basic);
    let r = kab.submit(t, &new_family(t.village, YEAR, "ODK-X-002", 9101).xml()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the kabupaten office may not add families: {}", r.body);

    // Malformed: 400 with a message a cadre can act on, nothing stored but an audit line.
    let count =
        || t.app.store.submissions(&kkb_store::SubmissionFilter { limit: 10_000, ..Default::default() }).unwrap().len();
    let stored = count();
    let refused = audited(t, "capture.refused").len();
    let good = new_family(t.village, YEAR, "ODK-X-003", 9102);
    let wrong_root = good.xml().replace("<pk-keluarga id=\"pk-keluarga\"", "<pk-keluarga id=\"pk-perbarui\"");
    let unknown_form = good.xml().replace("pk-keluarga", "pk-lain");
    let unknown_version = good.xml().replace(&good.version, "0123456789");
    let no_id = good.xml().replace(&format!("<orx:instanceID>{}</orx:instanceID>", good.instance_id), "");
    for (xml, says) in [
        ("this is not xml".to_string(), "bukan XML"),
        ("<pk-keluarga id=\"pk-keluarga\"><rw>".to_string(), "bukan XML"),
        (wrong_root, "tidak cocok"),
        (unknown_form, "tidak dikenal"),
        (unknown_version, "Versi formulir ini tidak dikenal"),
        (no_id, "instanceID"),
    ] {
        let r = kader.submit(t, &xml).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{xml}: {}", r.body);
        assert!(r.body.contains(says), "{says}: {}", r.body);
        assert_eq!(r.headers["x-openrosa-version"], "1.0");
    }
    let (ct, body) = (
        "multipart/form-data; boundary=x".to_string(),
        b"--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhello\r\n--x--\r\n".to_vec(),
    );
    let r = kader.request(t, "POST", "/openrosa/submission", Some((ct, body))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(count(), stored, "nothing stored");
    assert_eq!(audited(t, "capture.refused").len(), refused + 7);

    // Every answer under /openrosa speaks the protocol, unknown paths and methods included.
    for (method, path, status) in [("GET", "/openrosa/submission", 405), ("GET", "/openrosa/nothing", 404)] {
        let r = kader.request(t, method, path, None).await;
        assert_eq!(r.status.as_u16(), status, "{method} {path}");
        assert_eq!(r.headers["x-openrosa-version"], "1.0", "{method} {path}");
    }

    // Larger than advertised: 413.
    let big = vec![b'x'; kkb_web::openrosa::MAX_SUBMISSION_BYTES + 1];
    let r = kader.submit_with(t, &good.xml(), &[("big.jpg", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.headers["x-openrosa-version"], "1.0");
    assert!(r.body.contains("terlalu besar"));
    assert_eq!(count(), stored);
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_are_explained_and_audited() {
    refusals(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        refusals(&t).await;
    }
}

/// One HTTP/1.1 exchange over a real socket: (status, headers lower-cased, body).
fn http(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Vec<(String, String)>, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_lowercase(), v.to_string())).collect();
    (status, headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_talks_to_a_real_port_with_digest() {
    let t = common::sqlite(300);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.app.clone();
    tokio::spawn(async move { kkb_web::serve(app, listener).await.unwrap() });
    logged_in(&t, "kader").await; // makes the Digest secret
    let village = t.village;
    let done = tokio::task::spawn_blocking(move || {
        let get = |auth: &str| {
            format!(
                "GET /openrosa/formList HTTP/1.1\r\nHost: {addr}\r\nX-OpenRosa-Version: 1.0\r\n{auth}Connection: close\r\n\r\n"
            )
        };
        let (status, headers, _) = http(addr, get("").as_bytes());
        assert_eq!(status, 401);
        assert_eq!(header(&headers, "x-openrosa-version"), ["1.0"]);
        assert_eq!(header(&headers, "date").len(), 1, "a Date on every answer");
        let digest = header(&headers, "www-authenticate").into_iter().find(|c| c.starts_with("Digest")).unwrap();
        let nonce = digest.split("nonce=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let pw = common::password("kader");
        let auth = kkb_web::openrosa::digest::answer("kader", &pw, &nonce, "GET", "/openrosa/formList", 1, "abcd");
        let (status, headers, body) = http(addr, get(&format!("Authorization: {auth}\r\n")).as_bytes());
        assert_eq!(status, 200, "{body}");
        assert_eq!(header(&headers, "x-openrosa-version"), ["1.0"]);
        assert!(
            body.contains(&format!("<downloadUrl>http://{addr}/openrosa/forms/pk-keluarga</downloadUrl>")),
            "{body}"
        );
        // A submission on the same nonce, next count.
        let inst = new_family(village, YEAR, "ODK-PORT-1", 9201);
        let (ct, payload) = phone::multipart(&inst.xml(), &[]);
        let auth = kkb_web::openrosa::digest::answer("kader", &pw, &nonce, "POST", "/openrosa/submission", 2, "abcd");
        let mut req = format!(
            "POST /openrosa/submission HTTP/1.1\r\nHost: {addr}\r\nX-OpenRosa-Version: 1.0\r\nAuthorization: {auth}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        req.extend_from_slice(&payload);
        let (status, headers, body) = http(addr, &req);
        assert_eq!(status, 201, "{body}");
        assert_eq!(header(&headers, "x-openrosa-version"), ["1.0"]);
        assert!(body.contains("ODK-PORT-1"));
    });
    done.await.unwrap();
    assert!(t.app.store.family(YEAR, t.village, "ODK-PORT-1").unwrap().is_some());
}
