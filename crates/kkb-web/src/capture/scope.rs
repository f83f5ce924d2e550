//! Which forms a user may fill, and for which villages: the web application's rules, unchanged.
//!
//! - `pk-keluarga` and `pk-perbarui` add and change families: the roles that may edit families there
//!   ([`crate::auth::Access::may_edit`]: village cadres in their village, kecamatan officers in their
//!   kecamatan).
//! - `laporan-kampung` fills a Kampung KB's monthly report: the roles that may edit the registry there
//!   ([`crate::auth::Access::may_edit_kampung`]: cadres, kecamatan and kabupaten/kota officers), for the
//!   villages that have a Kampung KB.
//! - Province, administrator and sector-agency accounts get no forms: the province and the administrators read
//!   (the web application lets them change no family and no report), and agency officers see aggregates only.

use crate::AppState;
use crate::auth::Principal;
use kkb_domain::region::{Level, Region, RegionCode};
use kkb_store::StoreError;

/// The PK forms (a family is added or changed).
pub const PK_FORMS: [&str; 2] = ["pk-keluarga", "pk-perbarui"];
/// The Kampung KB monthly report form.
pub const REPORT_FORM: &str = "laporan-kampung";

/// Whether `who` may submit `form` for `village` (its role and region; whether the village has a Kampung KB is
/// a rule of the submission, checked when it is applied).
pub fn may_submit(who: &Principal, form: &str, village: RegionCode) -> bool {
    match form {
        f if PK_FORMS.contains(&f) => who.may_edit(village),
        REPORT_FORM => who.may_edit_kampung(village),
        _ => false,
    }
}

/// A village a form may be filled for, with the label a cadre recognises (`Sukamaju, Kec. Manna`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Village {
    /// The code.
    pub code: RegionCode,
    /// `Name, Kec. District`.
    pub label: String,
}

/// The villages within the user's region (none for a user without a region or role).
pub fn villages_in_scope(app: &AppState, who: &Principal) -> Result<Vec<Village>, StoreError> {
    let Some(scope) = who.scope.filter(|_| who.role.is_some()) else { return Ok(Vec::new()) };
    let districts: Vec<Region> = match scope.level() {
        Level::Village | Level::District => {
            let d = scope.ancestor_at(Level::District).unwrap_or(scope);
            app.store.region(d)?.into_iter().collect()
        }
        Level::Regency => app.store.children(scope)?,
        // Province-wide accounts get no forms (see the module comment).
        Level::Province => Vec::new(),
    };
    let mut out = Vec::new();
    for d in districts {
        for v in app.store.children(d.code)? {
            if v.code.is_within(scope) {
                out.push(Village { label: format!("{}, Kec. {}", v.name, d.name), code: v.code });
            }
        }
    }
    Ok(out)
}

/// The villages the user may submit `form` for: those in scope where the role allows it; for the monthly report
/// only those with an active Kampung KB.
pub fn villages_for(app: &AppState, who: &Principal, form: &str) -> Result<Vec<Village>, StoreError> {
    let mut villages = villages_in_scope(app, who)?;
    villages.retain(|v| may_submit(who, form, v.code));
    if form == REPORT_FORM && !villages.is_empty() {
        let kampung: std::collections::HashSet<RegionCode> =
            app.store.kampungs(who.scope)?.into_iter().filter(|k| k.active).map(|k| k.village).collect();
        villages.retain(|v| kampung.contains(&v.code));
    }
    Ok(villages)
}

/// The PK rounds that take submissions: new families go into them, families of them may be updated.
///
/// Every round the province has opened (`/admin/putaran`), published or not, as for web uploads and family forms.
pub fn open_rounds(app: &AppState) -> Result<Vec<u16>, StoreError> {
    Ok(app.store.rounds()?.into_iter().map(|r| r.year).collect())
}
