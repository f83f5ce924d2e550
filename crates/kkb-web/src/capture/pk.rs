//! A PK submission (`pk-keluarga`, `pk-perbarui`) applied through the importer's validation and the store's one
//! write path, exactly as a web edit: the instance becomes a [`TypedFamily`], `pk-perbarui` keeps the stored NIKs
//! and KK number the phone never had (the merge rule of forms/README.md), then
//! [`kkb_domain::pk::form::read_typed`] and [`kkb_store::Store::save_family`] (score, region figures, Kampung
//! classes and data version in the same transaction).

use super::apply::{Base, Done, Fate};
use super::instance::Node;
use super::problems::{CaptureProblem, Reason, pk_problems};
use super::scope;
use crate::AppState;
use kkb_domain::pk::columns::{FAMILY_CODED, FAMILY_OPTIONAL, FAMILY_REQUIRED};
use kkb_domain::pk::form::{MEMBER_COLUMNS, TypedFamily, read_typed};
use kkb_domain::pk::{Context, Family};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{StoreError, StoredFamily};

/// Where the store's write of a family comes from, in its import log.
const SOURCE: &str = "openrosa";

/// The family and its members as the instance holds them (a missing element is an empty value).
pub fn typed_of(node: &Node) -> TypedFamily {
    let mut t = TypedFamily::default();
    for c in FAMILY_REQUIRED.iter().chain(FAMILY_OPTIONAL.iter()).chain(FAMILY_CODED.iter()) {
        t.set(c, node.text_at(c));
    }
    t.members = node
        .all("anggota")
        .map(|m| MEMBER_COLUMNS.iter().map(|c| (c.to_string(), m.text_at(c).to_string())).collect())
        .collect();
    t
}

/// The village an instance names, if it is a village code.
pub fn village_of(node: &Node) -> Option<RegionCode> {
    RegionCode::parse(node.text_at("village_code")).ok().filter(|c| c.level() == Level::Village)
}

/// The merge rule of `pk-perbarui`: an empty `kk_number` keeps the stored one, an empty `nik` of a stored
/// member keeps that member's stored NIK.
pub fn merge(typed: &mut TypedFamily, stored: &StoredFamily) {
    if typed.get("kk_number").is_empty()
        && let Some(kk) = &stored.kk
    {
        typed.set("kk_number", kk.clone());
    }
    for m in &mut typed.members {
        let empty = m.get("nik").is_none_or(|n| n.trim().is_empty());
        let no = m.get("member_no").and_then(|n| n.trim().parse::<u8>().ok());
        if empty && let Some(nik) = no.and_then(|no| stored.people.iter().find(|p| p.0 == no)).and_then(|p| p.1.clone())
        {
            m.insert("nik".into(), nik);
        }
    }
}

/// Runs `f` with the validation context (the region table, today).
pub fn with_context<T>(app: &AppState, f: impl FnOnce(&Context<'_>) -> T) -> Result<T, StoreError> {
    let regions = app.store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    Ok(f(&Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() }))
}

/// A family id the server gives a new family: `ODK-` and the first 8 hex digits of the instanceID (so the phone's
/// form and the family can be matched), with `-2`, `-3`, … if that is taken in the village and round.
pub fn assign_id(app: &AppState, instance_id: &str, year: u16, village: RegionCode) -> Result<String, StoreError> {
    let hex: String = instance_id.trim_start_matches("uuid:").chars().filter(char::is_ascii_hexdigit).take(8).collect();
    let base = format!("ODK-{}", hex.to_uppercase());
    for n in 1..100 {
        let id = if n == 1 { base.clone() } else { format!("{base}-{n}") };
        if app.store.family_version(year, village, &id)?.is_none() {
            return Ok(id);
        }
    }
    Err(StoreError::Conflict("no free family id".into()))
}

/// Validates and writes a PK submission. `Err` only for a failure of ours (the caller queues the submission).
pub fn apply(app: &AppState, node: &Node, form: &str, instance_id: &str, base: &Base) -> Result<Fate, StoreError> {
    let mut typed = typed_of(node);
    let members = typed.members.len();
    let mut problems = Vec::new();
    let village = village_of(node);
    let year = typed.get("pk_year").parse::<u16>().ok();
    if let Some(y) = year
        && (2015..=2100).contains(&y)
        && !scope::open_rounds(app)?.contains(&y)
    {
        problems.push(CaptureProblem::at("pk_year", Reason::RoundClosed { year: y.to_string() }));
    }
    let update = form == "pk-perbarui" || matches!(base, Base::Resend { .. });
    if let Base::Resend { family_id, .. } = base
        && typed.get("family_id").is_empty()
    {
        typed.set("family_id", family_id.clone());
    }
    let mut assigned = false;
    let mut expected = None;
    if let (Some(v), Some(y)) = (village, year) {
        if update {
            let Some(stored) = app.store.family(y, v, typed.get("family_id"))? else {
                problems.push(CaptureProblem::at("family_id", Reason::FamilyMissing));
                return Ok(Fate::Review(problems));
            };
            let sent = match base {
                Base::Resend { version, .. } => Some(*version),
                _ => node.text_at("family_version").parse::<i64>().ok(),
            };
            if !matches!(base, Base::Officer) && sent != Some(stored.summary.version) {
                let field = if form == "pk-perbarui" { "family_version" } else { "family_id" };
                problems.push(CaptureProblem::at(field, Reason::StaleVersion { sent, stored: stored.summary.version }));
                return Ok(Fate::Review(problems));
            }
            if form == "pk-perbarui" {
                merge(&mut typed, &stored);
            }
            expected = Some(stored.summary.version);
        } else if typed.get("family_id").is_empty() {
            typed.set("family_id", assign_id(app, instance_id, y, v)?);
            assigned = true;
        }
    }
    let family = match with_context(app, |ctx| read_typed(&typed, ctx))? {
        Ok(f) if problems.is_empty() => f,
        Ok(_) => return Ok(Fate::Review(problems)),
        Err(p) => {
            problems.extend(pk_problems(&p, members));
            return Ok(Fate::Review(problems));
        }
    };
    save(app, &family, expected, assigned, members)
}

fn save(
    app: &AppState,
    family: &Family,
    expected: Option<i64>,
    assigned: bool,
    members: usize,
) -> Result<Fate, StoreError> {
    let key = &family.key;
    match app.store.save_family(family, expected, SOURCE) {
        Ok(_) => Ok(Fate::Applied(Done {
            family_id: key.family_id.clone(),
            assigned,
            version: app.store.family_version(key.year, key.village, &key.family_id)?,
            target: format!("{}/{}/{}", key.year, key.village, key.family_id),
            village: key.village,
            month: None,
        })),
        Err(StoreError::Problems(p)) => Ok(Fate::Review(pk_problems(&p, members))),
        Err(StoreError::Conflict(_) | StoreError::Refused(_)) => {
            let problem = match (expected, app.store.family_version(key.year, key.village, &key.family_id)?) {
                (None, _) => CaptureProblem::at("family_id", Reason::FamilyExists),
                (Some(_), None) => CaptureProblem::at("family_id", Reason::FamilyMissing),
                (Some(sent), Some(stored)) => {
                    CaptureProblem::at("family_version", Reason::StaleVersion { sent: Some(sent), stored })
                }
            };
            Ok(Fate::Review(vec![problem]))
        }
        Err(e) => Err(e),
    }
}
