//! A scripted OpenRosa client, as ODK Collect talks to the server: Basic or Digest authentication (answering the
//! challenge, then reusing the nonce with a growing count), the form list, downloads, and multipart submissions;
//! and instances built the way ODK Collect writes them (no namespace, non-relevant questions left out).
#![allow(dead_code)]

use crate::common::{Resp, TestApp};
use axum::body::Body;
use axum::http::{Request, header};
use base64::Engine;
use http_body_util::BodyExt;
use kkb_web::openrosa::digest;
use std::net::SocketAddr;
use tower::ServiceExt;

/// How a phone logs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// No credentials.
    None,
    /// Basic.
    Basic,
    /// Digest (answers the challenge).
    Digest,
}

/// A phone set up for one account.
#[derive(Clone)]
pub struct Phone {
    pub username: String,
    pub password: String,
    pub scheme: Scheme,
    /// The client address the server sees (`None`: the in-process router's "local").
    pub peer: Option<SocketAddr>,
    pub accept_language: Option<String>,
    pub extra: Vec<(String, String)>,
    nonce: Option<String>,
    nc: u32,
}

impl Phone {
    pub fn new(username: &str, password: &str, scheme: Scheme) -> Phone {
        Phone {
            username: username.into(),
            password: password.into(),
            scheme,
            peer: None,
            accept_language: None,
            extra: Vec::new(),
            nonce: None,
            nc: 0,
        }
    }

    /// A phone of a test user (password `password-<username>`).
    pub fn of(username: &str, scheme: Scheme) -> Phone {
        Phone::new(username, &crate::common::password(username), scheme)
    }

    fn build(&mut self, method: &str, uri: &str, body: &Option<(String, Vec<u8>)>) -> Request<Body> {
        let mut b = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "kkb.test:8080")
            .header(header::DATE, "Mon, 01 Dec 2026 08:00:00 GMT");
        if !self.extra.iter().any(|(k, _)| k == "x-openrosa-version") {
            b = b.header("x-openrosa-version", "1.0");
        }
        if let Some(l) = &self.accept_language {
            b = b.header(header::ACCEPT_LANGUAGE, l);
        }
        for (k, v) in &self.extra {
            b = b.header(k.as_str(), v.as_str());
        }
        match self.scheme {
            Scheme::None => {}
            Scheme::Basic => {
                let raw = format!("{}:{}", self.username, self.password);
                b = b.header(
                    header::AUTHORIZATION,
                    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)),
                );
            }
            Scheme::Digest => {
                if let Some(nonce) = &self.nonce {
                    self.nc += 1;
                    let path = uri.to_string();
                    let a = digest::answer(&self.username, &self.password, nonce, method, &path, self.nc, "c0ffee");
                    b = b.header(header::AUTHORIZATION, a);
                }
            }
        }
        let mut req = match body {
            Some((ct, bytes)) => b.header(header::CONTENT_TYPE, ct).body(Body::from(bytes.clone())).unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        if let Some(peer) = self.peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        req
    }

    async fn once(&mut self, router: &axum::Router, method: &str, uri: &str, body: &Option<(String, Vec<u8>)>) -> Resp {
        let req = self.build(method, uri, body);
        let resp = router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).to_string() }
    }

    /// A request as ODK Collect makes it: with Digest, a 401 challenge is answered once (and a stale nonce
    /// renewed); the nonce is then reused with a growing count.
    pub async fn request_on(
        &mut self,
        router: &axum::Router,
        method: &str,
        uri: &str,
        body: Option<(String, Vec<u8>)>,
    ) -> Resp {
        let mut r = self.once(router, method, uri, &body).await;
        if self.scheme == Scheme::Digest && r.status == 401 {
            let challenge = r
                .headers
                .get_all(header::WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.starts_with("Digest "))
                .map(str::to_string);
            if let Some(c) = challenge {
                let nonce = c.split("nonce=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
                self.nonce = Some(nonce);
                self.nc = 0;
                r = self.once(router, method, uri, &body).await;
            }
        }
        r
    }

    pub async fn request(&mut self, t: &TestApp, method: &str, uri: &str, body: Option<(String, Vec<u8>)>) -> Resp {
        self.request_on(&t.router, method, uri, body).await
    }

    pub async fn get(&mut self, t: &TestApp, uri: &str) -> Resp {
        self.request(t, "GET", uri, None).await
    }

    /// Sends an instance as ODK Collect does: `xml_submission_file` and attachments.
    pub async fn submit(&mut self, t: &TestApp, xml: &str) -> Resp {
        self.submit_with(t, xml, &[]).await
    }

    pub async fn submit_with(&mut self, t: &TestApp, xml: &str, attachments: &[(&str, &[u8])]) -> Resp {
        let (ct, body) = multipart(xml, attachments);
        self.request(t, "POST", "/openrosa/submission", Some((ct, body))).await
    }
}

/// A multipart body with the instance and attachments.
pub fn multipart(xml: &str, attachments: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----odkcollectboundary7d3";
    let mut body = Vec::new();
    let mut part = |name: &str, file: &str, ct: &str, bytes: &[u8]| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {ct}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part("xml_submission_file", "submission.xml", "text/xml", xml.as_bytes());
    for (name, bytes) in attachments {
        part(name, name, "image/jpeg", bytes);
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The text of the first element `name` in an XML document.
pub fn tag<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    Some(&xml[start..start + xml[start..].find(&format!("</{name}>"))?])
}

/// Every text of elements `name`.
pub fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}>");
    xml.split(&open).skip(1).filter_map(|s| s.split(&format!("</{name}>")).next()).collect()
}

/// A NIK for a member of a family in `village`: its district, the birth date (day + 40 for women), a serial
/// above what the synthetic data uses.
pub fn nik(village: kkb_domain::region::RegionCode, birth: &str, female: bool, serial: u16) -> String {
    let d = village.compact().to_string();
    let (y, m, day) = (&birth[2..4], &birth[5..7], birth[8..10].parse::<u8>().unwrap());
    format!("{}{:02}{m}{y}{serial:04}", &d[..6], day + if female { 40 } else { 0 })
}

/// A member: (column, value).
pub type Member = Vec<(String, String)>;

/// A member with the given basic answers.
pub fn member(no: u8, nik: &str, name: &str, sex: u8, birth: &str, marital: u8, relation: u8) -> Member {
    [
        ("member_no", no.to_string()),
        ("name", name.to_string()),
        ("nik", nik.to_string()),
        ("sex", sex.to_string()),
        ("birth_date", birth.to_string()),
        ("marital_status", marital.to_string()),
        ("birth_certificate", "1".into()),
        ("relation", relation.to_string()),
        ("religion", "1".into()),
        ("education", "5".into()),
        ("health_insurance", "2".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// An instance as ODK Collect writes it.
#[derive(Clone)]
pub struct Instance {
    pub form: String,
    pub version: String,
    pub fields: Vec<(String, String)>,
    pub members: Vec<Member>,
    pub instance_id: String,
    pub deprecated_id: Option<String>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

impl Instance {
    pub fn set(&mut self, k: &str, v: &str) -> &mut Self {
        match self.fields.iter_mut().find(|(x, _)| x == k) {
            Some(f) => f.1 = v.to_string(),
            None => self.fields.push((k.to_string(), v.to_string())),
        }
        self
    }

    pub fn remove(&mut self, k: &str) -> &mut Self {
        self.fields.retain(|(x, _)| x != k);
        self
    }

    pub fn get(&self, k: &str) -> &str {
        self.fields.iter().find(|(x, _)| x == k).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn set_member(&mut self, i: usize, k: &str, v: &str) -> &mut Self {
        let m = &mut self.members[i];
        match m.iter_mut().find(|(x, _)| x == k) {
            Some(f) => f.1 = v.to_string(),
            None => m.push((k.to_string(), v.to_string())),
        }
        self
    }

    pub fn xml(&self) -> String {
        let mut s = format!(
            "<?xml version='1.0' ?><{f} id=\"{f}\" version=\"{v}\" xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\">",
            f = self.form,
            v = self.version
        );
        let (head, tail) = self.fields.split_at(self.fields.len().min(6));
        for (k, v) in head {
            s.push_str(&if v.is_empty() { format!("<{k}/>") } else { format!("<{k}>{}</{k}>", esc(v)) });
        }
        for m in &self.members {
            s.push_str("<anggota>");
            for (k, v) in m {
                s.push_str(&if v.is_empty() { format!("<{k}/>") } else { format!("<{k}>{}</{k}>", esc(v)) });
            }
            s.push_str("</anggota>");
        }
        for (k, v) in tail {
            s.push_str(&if v.is_empty() { format!("<{k}/>") } else { format!("<{k}>{}</{k}>", esc(v)) });
        }
        s.push_str(&format!("<orx:meta><orx:instanceID>{}</orx:instanceID>", self.instance_id));
        if let Some(d) = &self.deprecated_id {
            s.push_str(&format!("<orx:deprecatedID>{d}</orx:deprecatedID>"));
        }
        s.push_str(&format!("<orx:instanceName>Keluarga baru</orx:instanceName></orx:meta></{}>", self.form));
        s
    }
}

/// A fresh `uuid:` instance id.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).unwrap();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("uuid:{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The current version of a form.
pub fn version(form: &str) -> String {
    kkb_web::capture::forms::by_id(form).unwrap().version.clone()
}

/// A complete, valid new family of `village` in `year`: a married couple and a school child.
pub fn new_family(village: kkb_domain::region::RegionCode, year: u16, family_id: &str, serial: u16) -> Instance {
    let mut fields: Vec<(String, String)> = vec![
        ("village_code".into(), village.compact().to_string()),
        ("pk_year".into(), year.to_string()),
        ("rw".into(), "2".into()),
        ("rt".into(), "5".into()),
        (
            "kk_number".into(),
            format!("{}{:010}", &village.compact().to_string()[..6], 9_000_000_000u64 + u64::from(serial)),
        ),
        ("family_id".into(), family_id.into()),
        ("jumlah_anggota".into(), "3".into()),
        ("ada_pus".into(), "1".into()),
        ("pakai_kb".into(), "1".into()),
        ("kb_method".into(), "5".into()),
    ];
    for c in ["p01", "p02", "p03a", "p03b", "p03c", "p03d", "p04", "p05", "savings"] {
        fields.push((c.into(), if c.starts_with("p03") { "2" } else { "1" }.into()));
    }
    fields.push(("ada_sakit".into(), "2".into()));
    for c in ["online_media", "daily_interaction", "joint_parenting", "recreation", "social_activity"] {
        fields.push((c.into(), "1".into()));
    }
    for p in 19..=26 {
        fields.push((format!("p{p}"), "1".into()));
    }
    let mut child = member(3, &nik(village, "2014-03-09", true, serial), "Anak Uji", 2, "2014-03-09", 1, 3);
    child.push(("in_school".into(), "1".into()));
    Instance {
        form: "pk-keluarga".into(),
        version: version("pk-keluarga"),
        fields,
        members: vec![
            member(1, &nik(village, "1980-05-17", false, serial), "Budi Uji", 1, "1980-05-17", 2, 1),
            member(2, &nik(village, "1988-11-02", true, serial), "Rina Uji", 2, "1988-11-02", 2, 2),
            child,
        ],
        instance_id: uuid(),
        deprecated_id: None,
    }
}
