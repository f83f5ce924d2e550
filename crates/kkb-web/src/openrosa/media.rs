//! The media files a form reads, generated for each user from the store (forms/README.md gives their columns):
//! `desa.csv` (the villages the user may submit for), `putaran.csv` (the rounds that take new families),
//! `keluarga.csv` and `anggota.csv` (the families of those villages and their members, for `pk-perbarui`).
//!
//! They list only what the user's region covers. `keluarga.csv` and `anggota.csv` hold names (a cadre sees her
//! own village's names anyway) but never a NIK or a KK number; they are served with `Cache-Control: no-store`
//! and every download is audited. A generated file is kept in memory until the data changes (a kecamatan's family
//! list takes a moment to decrypt, and the manifest needs its hash just before the phone downloads it).

use super::Reply;
use super::auth::{Authed, internal};
use crate::auth::Principal;
use crate::capture::{forms, scope};
use crate::{AppError, AppState};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kkb_domain::pk::columns::{FAMILY_CODED, MEMBER_CODED};
use kkb_store::{StoreError, StoredFamily};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Generated media by (form, file, role, region), with the data version they were made from.
#[derive(Default)]
pub struct MediaCache(Mutex<HashMap<String, (i64, Arc<String>)>>);

const CACHE_MAX: usize = 256;

fn csv_of(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, StoreError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let io = |e: csv::Error| StoreError::Db(format!("writing a media file: {e}"));
    w.write_record(header).map_err(io)?;
    for r in rows {
        w.write_record(&r).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| StoreError::Db(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn code(c: u8) -> String {
    if c == 0 { String::new() } else { c.to_string() }
}

/// The family's `key` in the media files: `village_code/pk_year/family_id`.
pub fn family_key(f: &StoredFamily) -> String {
    format!("{}/{}/{}", f.summary.village.compact(), f.summary.year, f.summary.family_id)
}

/// A media file for a user, from the cache when the data has not changed since it was made.
pub fn generate(app: &AppState, who: &Principal, form: &str, file: &str) -> Result<Arc<String>, StoreError> {
    let version = app.store.data_version()?;
    let role = who.role.map(|r| r.as_str()).unwrap_or("-");
    let region = who.scope.map(|s| s.to_string()).unwrap_or_default();
    let key = format!("{form}|{file}|{role}|{region}");
    if let Some((v, body)) = app.openrosa.media.0.lock().unwrap_or_else(|p| p.into_inner()).get(&key)
        && *v == version
    {
        return Ok(body.clone());
    }
    let body = Arc::new(make(app, who, form, file)?);
    let mut cache = app.openrosa.media.0.lock().unwrap_or_else(|p| p.into_inner());
    if cache.len() >= CACHE_MAX {
        cache.clear();
    }
    cache.insert(key, (version, body.clone()));
    Ok(body)
}

fn make(app: &AppState, who: &Principal, form: &str, file: &str) -> Result<String, StoreError> {
    let villages = scope::villages_for(app, who, form)?;
    match file {
        "desa.csv" => {
            csv_of(&["name", "label"], villages.iter().map(|v| vec![v.code.compact().to_string(), v.label.clone()]))
        }
        "putaran.csv" => csv_of(
            &["name", "label"],
            scope::open_rounds(app)?.into_iter().map(|y| vec![y.to_string(), format!("PK {y}")]),
        ),
        "keluarga.csv" | "anggota.csv" => {
            let allowed: HashSet<_> = villages.iter().map(|v| v.code).collect();
            let families = match who.scope {
                Some(s) if !allowed.is_empty() => app.store.families_within(s, &scope::open_rounds(app)?)?,
                _ => Vec::new(),
            };
            let families: Vec<&StoredFamily> =
                families.iter().filter(|f| allowed.contains(&f.summary.village)).collect();
            if file == "keluarga.csv" { family_list(&families) } else { member_list(&families) }
        }
        other => Err(StoreError::NotFound(format!("no media file {other}"))),
    }
}

/// What a cadre recognises a family by: RT/RW and the head's name (and the round when a village has several).
fn label(f: &StoredFamily, several_rounds: bool) -> String {
    let mut parts = Vec::new();
    let rt_rw = [("RT", f.rt), ("RW", f.rw)]
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} {v:03}")))
        .collect::<Vec<_>>()
        .join("/");
    if !rt_rw.is_empty() {
        parts.push(rt_rw);
    }
    let head = f.answers.head().and_then(|h| f.people.iter().find(|p| p.0 == h.member_no)).map(|p| p.2.clone());
    parts.push(head.unwrap_or_else(|| f.summary.family_id.clone()));
    if several_rounds {
        parts.push(format!("PK {}", f.summary.year));
    }
    parts.join(" · ")
}

fn family_list(families: &[&StoredFamily]) -> Result<String, StoreError> {
    let mut header = vec!["name", "label", "version", "key", "village_code", "pk_year", "rw", "rt"];
    header.extend(FAMILY_CODED);
    let mut rounds: HashMap<_, HashSet<u16>> = HashMap::new();
    for f in families {
        rounds.entry(f.summary.village).or_default().insert(f.summary.year);
    }
    csv_of(
        &header,
        families.iter().map(|f| {
            let several = rounds.get(&f.summary.village).is_some_and(|r| r.len() > 1);
            let mut r = vec![
                f.summary.family_id.clone(),
                label(f, several),
                f.summary.version.to_string(),
                family_key(f),
                f.summary.village.compact().to_string(),
                f.summary.year.to_string(),
                f.rw.map(|x| x.to_string()).unwrap_or_default(),
                f.rt.map(|x| x.to_string()).unwrap_or_default(),
            ];
            r.extend(f.answers.coded.iter().map(|c| code(*c)));
            r
        }),
    )
}

fn member_list(families: &[&StoredFamily]) -> Result<String, StoreError> {
    let mut header = vec!["family_key", "member_no", "name", "sex", "birth_date"];
    header.extend(MEMBER_CODED.iter().skip(1).map(|c| c.0));
    // The column order of forms/README.md: sex, birth_date, then the other coded columns.
    let rows = families.iter().flat_map(|f| {
        let key = family_key(f);
        f.answers.members.iter().map(move |m| {
            let name = f.people.iter().find(|p| p.0 == m.member_no).map(|p| p.2.clone()).unwrap_or_default();
            let mut r = vec![key.clone(), m.member_no.to_string(), name, code(m.coded[0]), m.birth.to_string()];
            r.extend(m.coded.iter().skip(1).map(|c| code(*c)));
            r
        })
    });
    csv_of(&header, rows)
}

/// `GET /openrosa/forms/{form}/media/{file}`.
pub async fn download(State(app): State<AppState>, a: Authed, Path((form, file)): Path<(String, String)>) -> Response {
    app.db(move |app| Ok::<_, AppError>(download_reply(app, a, (form, file))))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn download_reply(app: &AppState, a: Authed, (form, file): (String, String)) -> Response {
    let not_found = || Reply::error(StatusCode::NOT_FOUND, a.lang.t("or.not_found")).into_response();
    let Some(f) = forms::by_id(&form).filter(|f| f.media.contains(&file)) else { return not_found() };
    let body = match scope::villages_for(app, &a.who, f.id) {
        Ok(v) if v.is_empty() => return not_found(),
        Ok(_) => match generate(app, &a.who, f.id, &file) {
            Ok(b) => b,
            Err(e) => return internal(a.lang, &e.to_string()),
        },
        Err(e) => return internal(a.lang, &e.to_string()),
    };
    if file == "keluarga.csv" || file == "anggota.csv" {
        let region = a.who.scope.map(|s| s.to_string()).unwrap_or_default();
        if let Err(r) = a.audit(app, "capture.media", &format!("{form}/{file}"), &region, "") {
            return r.into_response();
        }
    }
    (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CACHE_CONTROL, "no-store, private")],
        body.as_str().to_string(),
    )
        .into_response()
}
