//! What every page's frame needs: language, the user and their links, the CSRF token for forms; and the pieces
//! of a page that several resources' pages share: breadcrumbs, sortable column headers, and the frame around a
//! body rendered (or cached) apart from it.

use crate::Ctx;
use crate::auth::{Principal, Role};
use crate::i18n::Lang;
use crate::view::urlencode;
use askama::Template;
use kkb_domain::date::now_utc_rfc3339;

/// The page frame.
pub struct Layout {
    /// The reader's language.
    pub l: Lang,
    /// Display name and role label of the user, if logged in.
    pub user: Option<(String, String)>,
    /// The session's CSRF token ("" for the public).
    pub csrf: String,
    /// The link that switches language and returns here.
    pub lang_href: String,
    /// Links for the user's role.
    pub is_admin: bool,
    /// Whether the upload link is shown.
    pub may_upload: bool,
    /// Whether the search link is shown.
    pub may_search: bool,
    /// The user's home region page.
    pub home: String,
    /// The login link (returns here).
    pub login_href: String,
    /// Whether the "my items" link (`/rencana/saya`) is shown: the user belongs to an agency.
    pub my_items: bool,
    /// Whether the census rounds link (`/admin/putaran`) is shown.
    pub may_manage_rounds: bool,
    /// The phone submissions link (the review queue for officers, "Kiriman saya" for cadres), if any.
    pub capture_href: Option<String>,
    /// The demo's synthetic-data banner is shown.
    pub demo: bool,
    /// When the page was made, in WIB with the zone named (`4 Desember 2026 16.30 WIB`): the print header's date.
    pub printed_at: String,
}

impl Layout {
    /// The frame for a request.
    pub fn new(ctx: &Ctx) -> Layout {
        let l = ctx.lang;
        let who = &ctx.who;
        let role_label = who.role.map(|r| l.t(&format!("role.{}", r.as_str()))).unwrap_or("");
        Layout {
            l,
            user: who.user.as_ref().map(|u| (u.display_name.clone(), role_label.to_string())),
            csrf: who.csrf.clone().unwrap_or_default(),
            lang_href: format!("/bahasa/{}?next={}", l.other().tag(), urlencode(&ctx.uri)),
            is_admin: who.is_admin(),
            may_upload: who.may_upload(),
            may_search: who.role.is_some() && !who.is_admin(),
            home: who.home().map(|c| format!("/wilayah/{c}")).unwrap_or_else(|| "/".into()),
            login_href: format!("/masuk?next={}", urlencode(&ctx.uri)),
            my_items: who.agency().is_some(),
            may_manage_rounds: who.may_manage_rounds(),
            capture_href: capture_href(who),
            demo: ctx.demo,
            printed_at: l.timestamp(&now_utc_rfc3339()),
        }
    }

    /// The frame for a reader we know nothing about (error pages).
    pub fn anonymous(l: Lang, uri: &str) -> Layout {
        Layout {
            l,
            user: None,
            csrf: String::new(),
            lang_href: format!("/bahasa/{}?next={}", l.other().tag(), urlencode(uri)),
            is_admin: false,
            may_upload: false,
            may_search: false,
            home: "/".into(),
            login_href: format!("/masuk?next={}", urlencode(uri)),
            my_items: false,
            may_manage_rounds: false,
            capture_href: None,
            demo: false,
            printed_at: l.timestamp(&now_utc_rfc3339()),
        }
    }
}

/// The menu's link to phone submissions: the review queue of an officer's region, a cadre's own submissions.
fn capture_href(who: &Principal) -> Option<String> {
    match (who.role, who.scope) {
        (Some(Role::Kecamatan | Role::Kabupaten), Some(s)) => Some(format!("/wilayah/{s}/kiriman")),
        (Some(Role::Kader), _) => Some("/kiriman".into()),
        _ => None,
    }
}

/// A breadcrumb.
pub struct Crumb {
    /// Link.
    pub href: String,
    /// Name.
    pub name: String,
}

/// A sortable column header.
pub struct SortLink {
    /// Label.
    pub label: String,
    /// Link that sorts by it.
    pub href: String,
    /// `ascending`/`descending`/`none` for aria-sort.
    pub aria: &'static str,
}

/// A page whose body was rendered (or cached) apart from its frame.
#[derive(Template)]
#[template(path = "frame.html")]
pub(crate) struct Frame {
    pub(crate) c: Layout,
    pub(crate) l: Lang,
    pub(crate) title: String,
    pub(crate) body: std::sync::Arc<str>,
}
