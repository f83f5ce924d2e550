//! Setting a phone up: the server URL, ODK Collect step by step, and a QR code of ODK Collect's settings for a
//! user (its project settings as JSON, zlib-compressed, then base64: what Collect's "Configure with QR code"
//! reads), drawn by the server as SVG.
//!
//! The QR code never holds a password. It is a picture: it gets printed, photographed and forwarded, and a
//! password in it would be a password shared with whoever sees it. Accounts are managed by administrators, not
//! by the officers who set phones up, so the cadre types her own password on the phone once (Collect keeps it).

use super::may_review;
use crate::auth::Role;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use kkb_domain::region::RegionCode;
use kkb_store::User;
use serde::Deserialize;
use std::io::Write;

/// ODK Collect's settings for a user, as the QR code carries them (no password: see the module comment).
pub fn settings_json(server_url: &str, username: &str, project: &str) -> String {
    serde_json::json!({
        "general": {"server_url": server_url, "username": username},
        "admin": {},
        "project": {"name": project},
    })
    .to_string()
}

/// The QR code's text: the settings zlib-compressed, then base64.
pub fn payload(json: &str) -> String {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(json.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(z.finish().unwrap_or_default())
}

/// The QR code of a text as an inline SVG element.
pub fn qr_svg(text: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| AppError::Internal(format!("qr code: {e}")))?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(280, 280).quiet_zone(true).build();
    // Inline in the page: without the XML declaration.
    Ok(svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or(svg))
}

#[derive(Template)]
#[template(path = "capture_setup.html")]
struct SetupPage {
    c: Layout,
    l: Lang,
    server_url: String,
    users: Vec<(i64, String, bool)>,
    username: String,
    qr: String,
    https: bool,
}

/// The chosen user.
#[derive(Debug, Deserialize, Default)]
pub struct SetupQuery {
    /// A user id (default: the reader).
    pub user: Option<i64>,
}

/// Whether an account can fill forms on a phone (a role that gets forms).
fn has_forms(u: &User) -> bool {
    matches!(u.role, Role::Kader | Role::Kecamatan | Role::Kabupaten) && u.active
}

/// The users whose phones the reader may set up: themselves, and for kecamatan and kabupaten officers the
/// accounts with forms in their region.
fn users_for(app: &AppState, ctx: &Ctx) -> Result<Vec<User>, AppError> {
    let me = ctx.who.user.clone().ok_or(AppError::LoginRequired)?;
    let mut out = vec![me.clone()];
    if let Some(scope) = ctx.who.scope.filter(|s| may_review(&ctx.who, *s)) {
        for u in app.store.users()? {
            let within = RegionCode::parse(&u.scope).is_ok_and(|c| c.is_within(scope));
            if u.id != me.id && within && has_forms(&u) {
                out.push(u);
            }
        }
    }
    Ok(out)
}

/// `GET /pasang-hp[?user=ID]`: the phone set-up page.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<SetupQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        let users = users_for(app, &ctx)?;
        let chosen = match q.user {
            Some(id) => users.iter().find(|u| u.id == id).ok_or(AppError::NotFound)?,
            None => &users[0],
        };
        let base = crate::client_addr::base_url(app, &headers);
        let server_url = format!("{base}/openrosa");
        let region = match RegionCode::parse(&chosen.scope) {
            Ok(c) => app.store.region(c)?.map(|r| r.name).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let project = if region.is_empty() { "Kampung KB".to_string() } else { format!("Kampung KB {region}") };
        let qr = qr_svg(&payload(&settings_json(&server_url, &chosen.username, &project)))?;
        ctx.audit(app, "capture.setup", &chosen.username, &chosen.scope, "")?;
        let page = SetupPage {
            c: Layout::new(&ctx),
            l: ctx.lang,
            https: server_url.starts_with("https://"),
            server_url,
            users: users
                .iter()
                .map(|u| (u.id, format!("{} ({})", u.display_name, u.username), u.id == chosen.id))
                .collect(),
            username: chosen.username.clone(),
            qr,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_payload_is_collects_format() {
        let json = settings_json("https://kkb.example/openrosa", "kader", "Kampung KB Sukamaju");
        let p = payload(&json);
        let bytes = base64::engine::general_purpose::STANDARD.decode(p).unwrap();
        let mut back = String::new();
        flate2::read::ZlibDecoder::new(bytes.as_slice()).read_to_string(&mut back).unwrap();
        let v: serde_json::Value = serde_json::from_str(&back).unwrap();
        assert_eq!(v["general"]["server_url"], "https://kkb.example/openrosa");
        assert_eq!(v["general"]["username"], "kader");
        assert!(v["general"].get("password").is_none());
        assert_eq!(v["admin"], serde_json::json!({}));
        assert_eq!(v["project"]["name"], "Kampung KB Sukamaju");
        assert!(qr_svg("hello").unwrap().starts_with("<svg"));
    }
}
