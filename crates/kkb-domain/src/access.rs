//! Who may do what: the roles of the programme's users and the predicates that decide, from a role, a region scope
//! and an agency, what a user may see and change.
//!
//! The rules live here, apart from sessions and HTTP, so that they are tested as plain values and every caller (the
//! web application's pages and API, the phone forms, the store's account records) agrees on one list of roles. The
//! web crate's `Principal` wraps an [`Access`] with the logged-in user; it asks these predicates and nothing else.

use crate::planning::{agency_kind, agency_region};
use crate::region::{Level, RegionCode};

/// A user's role. The region scope is separate ([`Access::scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Manages users, tokens and reads the audit log; sees aggregates only.
    Admin,
    /// Provincial BKKBN / governor's office: figures and (masked) families of the province, or the country.
    Provinsi,
    /// Kabupaten/kota family-planning office or Bappeda.
    Kabupaten,
    /// Kecamatan field officer (PKB/PLKB): edits families and sees NIKs in the kecamatan.
    Kecamatan,
    /// Village cadre: finds, edits and adds families of the village and sees their NIKs.
    Kader,
    /// A sector agency's officer (health, civil registry, social affairs, …): the plan items of their agency
    /// in their region; aggregates only, no families.
    Instansi,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Provinsi, Role::Kabupaten, Role::Kecamatan, Role::Kader, Role::Instansi];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Provinsi => "provinsi",
            Role::Kabupaten => "kabupaten",
            Role::Kecamatan => "kecamatan",
            Role::Kader => "kader",
            Role::Instansi => "instansi",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The level a user of this role is scoped to (`None`: any, including the whole country).
    pub fn scope_level(self) -> Option<Level> {
        match self {
            Role::Admin | Role::Provinsi => None,
            Role::Kabupaten => Some(Level::Regency),
            Role::Kecamatan => Some(Level::District),
            Role::Kader => Some(Level::Village),
            Role::Instansi => Some(Level::Regency),
        }
    }

    fn sees_families(self) -> bool {
        !matches!(self, Role::Admin | Role::Instansi)
    }

    fn edits_families(self) -> bool {
        matches!(self, Role::Kecamatan | Role::Kader)
    }

    fn uploads(self) -> bool {
        matches!(self, Role::Kabupaten | Role::Kecamatan | Role::Kader)
    }
}

/// The stored name.
impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one asker may do: the public (no role), or a role within a region scope, with the agency the user works
/// for. [`Access::default`] is the public.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    /// The role; `None` for the public, and for an account whose record cannot be trusted (powerless, not
    /// public-plus).
    pub role: Option<Role>,
    /// The region; `None` with a role means the whole country.
    pub scope: Option<RegionCode>,
    /// The agency id (`dinkes:17.01`) as recorded, if any; read it through [`Access::agency`].
    pub agency: Option<String>,
}

impl Access {
    /// A user's access: `role` within `scope` (`None`: the whole country), working for `agency`.
    pub fn new(role: Role, scope: Option<RegionCode>, agency: Option<String>) -> Access {
        Access { role: Some(role), scope, agency }
    }

    /// Whether `code` lies within the user's region (the public has no region).
    pub fn in_scope(&self, code: RegionCode) -> bool {
        match (self.role, self.scope) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(_), Some(s)) => code.is_within(s),
        }
    }

    /// Whether the user may see a region's aggregates unsuppressed (small counts shown): only who may see its
    /// families. Everyone else (the public, agency officers, administrators, and family-viewing roles outside
    /// their region) sees what the public sees, with small cells suppressed ([`crate::disclosure`]). The one
    /// predicate every page, export, API answer, ranking, map and candidate list asks.
    pub fn sees_exact(&self, code: RegionCode) -> bool {
        self.may_view_families(code)
    }

    /// Whether the user may list and open the families of `code`.
    pub fn may_view_families(&self, code: RegionCode) -> bool {
        self.role.is_some_and(Role::sees_families) && self.in_scope(code)
    }

    /// Whether the user may correct or add families in `village`.
    pub fn may_edit(&self, village: RegionCode) -> bool {
        self.role.is_some_and(Role::edits_families) && self.in_scope(village)
    }

    /// Whether the user may edit the Kampung KB registry of `village` (record, profiles, reports, activities,
    /// population, documents): village cadres their own village, kecamatan and kabupaten/kota officers within
    /// their region. Province, BKKBN and administrators read only.
    pub fn may_edit_kampung(&self, village: RegionCode) -> bool {
        matches!(self.role, Some(Role::Kabupaten | Role::Kecamatan | Role::Kader)) && self.in_scope(village)
    }

    /// Whether the user may verify the monthly reports of `village` and set its model-Kampung flags: the
    /// district officers (kecamatan and kabupaten/kota) within their region.
    pub fn may_verify_kampung(&self, village: RegionCode) -> bool {
        matches!(self.role, Some(Role::Kabupaten | Role::Kecamatan)) && self.in_scope(village)
    }

    /// The user's agency id (`dinkes:17.01`), if any.
    pub fn agency(&self) -> Option<&str> {
        self.agency.as_deref().filter(|a| !a.is_empty())
    }

    /// Whether the user coordinates the plans of `region` (a province or kabupaten/kota): a province or
    /// kabupaten/kota user whose agency is the region's Bappeda or family-planning office.
    pub fn coordinates(&self, region: RegionCode) -> bool {
        matches!(self.role, Some(Role::Provinsi | Role::Kabupaten))
            && self.in_scope(region)
            && self.agency().is_some_and(|a| {
                agency_region(a) == Some(region) && matches!(agency_kind(a), Some("bappeda" | "opd_kb"))
            })
    }

    /// Whether the user acts for `agency` (its items, its progress reports) in `region`'s plans.
    pub fn acts_for(&self, agency: &str, region: RegionCode) -> bool {
        self.role.is_some_and(|r| r != Role::Admin) && self.in_scope(region) && self.agency() == Some(agency)
    }

    /// Whether the user may see unmasked NIKs and names of families in `village` (each view is audited).
    pub fn may_see_nik(&self, village: RegionCode) -> bool {
        self.may_edit(village)
    }

    /// Whether the user may search families by NIK or KK number: the roles that may see NIKs (results are limited
    /// to the villages where they may, [`Access::may_see_nik`]).
    pub fn may_search_nik(&self) -> bool {
        self.role.is_some_and(Role::edits_families)
    }

    /// Whether the user opens, publishes and withdraws census rounds: province users and administrators.
    pub fn may_manage_rounds(&self) -> bool {
        matches!(self.role, Some(Role::Admin | Role::Provinsi))
    }

    /// Whether the user may upload PK files (each family must still be within the scope).
    pub fn may_upload(&self) -> bool {
        self.role.is_some_and(Role::uploads)
    }

    /// Whether the user administers users, tokens and the audit log.
    pub fn is_admin(&self) -> bool {
        self.role == Some(Role::Admin)
    }

    /// Where the user's dashboard starts.
    pub fn home(&self) -> Option<RegionCode> {
        self.scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn user(role: Role, scope: &str, agency: Option<&str>) -> Access {
        let scope = (!scope.is_empty()).then(|| code(scope));
        Access::new(role, scope, agency.map(str::to_string))
    }

    const VILLAGE: &str = "17.01.01.2001";
    const OTHER_VILLAGE: &str = "17.01.01.2002";
    const OTHER_REGENCY_VILLAGE: &str = "17.02.01.2001";

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(role.to_string(), role.as_str());
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(Role::parse("Admin"), None, "stored names are lower case");
        assert_eq!(Role::Kader.scope_level(), Some(Level::Village));
        assert_eq!(Role::Kecamatan.scope_level(), Some(Level::District));
        assert_eq!(Role::Instansi.scope_level(), Some(Level::Regency));
        assert_eq!(Role::Provinsi.scope_level(), None);
    }

    #[test]
    fn the_scope_bounds_every_role() {
        let kab = user(Role::Kabupaten, "17.01", None);
        assert!(kab.in_scope(code("17.01")) && kab.in_scope(code(VILLAGE)));
        assert!(!kab.in_scope(code("17")) && !kab.in_scope(code(OTHER_REGENCY_VILLAGE)));
        let country = user(Role::Provinsi, "", None);
        assert!(country.in_scope(code("17")) && country.in_scope(code("31.71")));
        assert!(!Access::default().in_scope(code("17")), "the public has no region");
        assert_eq!(kab.home(), Some(code("17.01")));
        assert_eq!(country.home(), None);
    }

    #[test]
    fn families_are_seen_by_the_field_roles_and_edited_by_the_nearest() {
        let kader = user(Role::Kader, VILLAGE, None);
        assert!(kader.may_edit(code(VILLAGE)) && kader.may_see_nik(code(VILLAGE)));
        assert!(!kader.may_edit(code(OTHER_VILLAGE)) && !kader.may_view_families(code(OTHER_VILLAGE)));
        assert!(kader.may_search_nik());
        let kec = user(Role::Kecamatan, "17.01.01", None);
        assert!(kec.may_edit(code(VILLAGE)) && kec.may_edit(code(OTHER_VILLAGE)) && kec.may_search_nik());
        let kab = user(Role::Kabupaten, "17.01", None);
        assert!(kab.may_view_families(code(VILLAGE)) && kab.sees_exact(code(VILLAGE)));
        assert!(!kab.may_view_families(code(OTHER_REGENCY_VILLAGE)) && !kab.sees_exact(code(OTHER_REGENCY_VILLAGE)));
        assert!(!kab.may_edit(code(VILLAGE)) && !kab.may_see_nik(code(VILLAGE)) && !kab.may_search_nik());
        let prov = user(Role::Provinsi, "17", None);
        assert!(prov.may_view_families(code(VILLAGE)) && !prov.may_edit(code(VILLAGE)));
        for aggregates_only in [user(Role::Admin, "", None), user(Role::Instansi, "17.01", Some("dinkes:17.01"))] {
            assert!(!aggregates_only.may_view_families(code(VILLAGE)), "{aggregates_only:?}");
            assert!(!aggregates_only.sees_exact(code("17.01")), "{aggregates_only:?}");
            assert!(!aggregates_only.may_search_nik(), "{aggregates_only:?}");
        }
        let public = Access::default();
        assert!(
            !public.may_view_families(code("17")) && !public.sees_exact(code("17")) && !public.may_edit(code(VILLAGE))
        );
    }

    #[test]
    fn the_kampung_registry_is_edited_in_the_field_and_verified_by_district_officers() {
        let kader = user(Role::Kader, VILLAGE, None);
        assert!(kader.may_edit_kampung(code(VILLAGE)) && !kader.may_verify_kampung(code(VILLAGE)));
        assert!(!kader.may_edit_kampung(code(OTHER_VILLAGE)));
        for officer in [user(Role::Kecamatan, "17.01.01", None), user(Role::Kabupaten, "17.01", None)] {
            assert!(officer.may_edit_kampung(code(VILLAGE)) && officer.may_verify_kampung(code(VILLAGE)));
            assert!(!officer.may_verify_kampung(code(OTHER_REGENCY_VILLAGE)));
        }
        for reader in [user(Role::Provinsi, "17", None), user(Role::Admin, "", None), Access::default()] {
            assert!(!reader.may_edit_kampung(code(VILLAGE)) && !reader.may_verify_kampung(code(VILLAGE)));
        }
    }

    #[test]
    fn plans_are_coordinated_by_planning_offices_and_worked_on_by_agencies() {
        let city = code("17.71");
        let bappeda = user(Role::Kabupaten, "17.71", Some("bappeda:17.71"));
        assert!(bappeda.coordinates(city) && !bappeda.coordinates(code("17.01")));
        let opd = user(Role::Provinsi, "17", Some("opd_kb:17"));
        assert!(
            opd.coordinates(code("17")) && !opd.coordinates(city),
            "the agency's region, not every region in scope"
        );
        let health = user(Role::Instansi, "17.71", Some("dinkes:17.71"));
        assert!(!health.coordinates(city), "only Bappeda and the family-planning office coordinate");
        assert!(health.acts_for("dinkes:17.71", city));
        assert!(!health.acts_for("dinsos:17.71", city) && !health.acts_for("dinkes:17.71", code("17.01")));
        let admin = user(Role::Admin, "", Some("dinkes:17.71"));
        assert!(!admin.acts_for("dinkes:17.71", city) && !admin.coordinates(city));
        let bappeda_as_kecamatan = user(Role::Kecamatan, "17.71.01", Some("bappeda:17.71"));
        assert!(!bappeda_as_kecamatan.coordinates(city));
        assert_eq!(user(Role::Instansi, "17.71", Some("")).agency(), None, "an empty agency is none");
        assert_eq!(health.agency(), Some("dinkes:17.71"));
    }

    #[test]
    fn rounds_uploads_and_administration_belong_to_their_roles() {
        let may = |r: Role| {
            let a = user(r, "", None);
            (a.may_manage_rounds(), a.may_upload(), a.is_admin())
        };
        assert_eq!(may(Role::Admin), (true, false, true));
        assert_eq!(may(Role::Provinsi), (true, false, false));
        assert_eq!(may(Role::Kabupaten), (false, true, false));
        assert_eq!(may(Role::Kecamatan), (false, true, false));
        assert_eq!(may(Role::Kader), (false, true, false));
        assert_eq!(may(Role::Instansi), (false, false, false));
        let public = Access::default();
        assert!(!public.may_manage_rounds() && !public.may_upload() && !public.is_admin());
    }

    #[test]
    fn an_untrusted_record_is_powerless() {
        let powerless = Access { role: None, scope: None, agency: Some("bappeda:17".into()) };
        assert!(!powerless.in_scope(code("17")) && !powerless.may_view_families(code("17")));
        assert!(!powerless.coordinates(code("17")) && !powerless.acts_for("bappeda:17", code("17")));
        assert!(!powerless.may_upload() && !powerless.may_manage_rounds() && !powerless.is_admin());
    }
}
