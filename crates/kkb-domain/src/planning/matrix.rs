//! The Inpres 3/2022 matrix as reference data (`planning/inpres-3-2022.json`): programme area → programme →
//! activity → responsible national agencies, and the iBangga variables each activity moves; the national
//! agencies with the kinds of regional office that carry their work; and the regional agencies of a
//! province or kabupaten/kota derived from those kinds.

use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The shipped matrix.
pub const INPRES_3_2022: &str = include_str!("../../../../planning/inpres-3-2022.json");

/// A national ministry or agency of the Inpres.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct NationalAgency {
    /// Id (`kemenkes`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short: String,
    /// The kinds of regional office that carry its work (`dinkes`).
    pub kinds: Vec<String>,
}

/// A kind of regional office (*organisasi perangkat daerah*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct RegionalKind {
    /// Kind id (`dinkes`).
    pub kind: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short: String,
    /// Whether its users coordinate planning (Bappeda, the family-planning office).
    #[serde(default)]
    pub coordinator: bool,
}

/// One activity of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct MatrixActivity {
    /// Id (`2.2.1`).
    pub id: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Responsible national agencies.
    pub responsible: Vec<String>,
    /// iBangga variables it moves (`v08`).
    #[serde(default)]
    pub variables: Vec<String>,
    /// Not in the Inpres matrix: added so that every variable has an owner.
    #[serde(default)]
    pub extension: bool,
}

/// One programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = MatrixProgramme))]
pub struct Programme {
    /// Id (`2.2`).
    pub id: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Its activities.
    pub activities: Vec<MatrixActivity>,
}

/// One programme area (*sasaran*) of the Inpres, 1..=4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = MatrixArea))]
pub struct Area {
    /// 1..=4.
    pub number: u8,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Its programmes.
    pub programmes: Vec<Programme>,
}

/// The whole matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Matrix {
    /// Id.
    pub id: String,
    /// Title.
    pub name: String,
    /// Where it comes from.
    pub source: String,
    /// The national agencies.
    pub agencies: Vec<NationalAgency>,
    /// The kinds of regional office.
    pub regional_kinds: Vec<RegionalKind>,
    /// The four areas.
    pub areas: Vec<Area>,
}

/// An agency that can own or support a plan item: national, or a regional office of a province or
/// kabupaten/kota (id `kind:region`, e.g. `dinkes:17.01`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Id.
    pub id: String,
    /// Full name (with the region's name for regional offices).
    pub name: String,
    /// Short name.
    pub short: String,
    /// The region of a regional office.
    pub region: Option<RegionCode>,
    /// The kind of a regional office.
    pub kind: Option<String>,
    /// The national agency whose work it carries (itself for national agencies).
    pub national: Vec<String>,
    /// Whether it coordinates planning in its region.
    pub coordinator: bool,
}

impl Matrix {
    /// The shipped matrix, parsed once.
    pub fn inpres() -> &'static Matrix {
        static M: OnceLock<Matrix> = OnceLock::new();
        M.get_or_init(|| Matrix::from_json(INPRES_3_2022).expect("the shipped Inpres matrix is valid"))
    }

    /// Parses and checks a matrix: ids unique, areas 1..=4, every responsible agency known, every kind known.
    pub fn from_json(text: &str) -> Result<Matrix, String> {
        let m: Matrix = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut ids = std::collections::BTreeSet::new();
        for a in &m.areas {
            if !(1..=4).contains(&a.number) {
                return Err(format!("area {} is not 1..4", a.number));
            }
            for p in &a.programmes {
                for x in &p.activities {
                    if !ids.insert(x.id.clone()) {
                        return Err(format!("activity {} appears twice", x.id));
                    }
                    for r in &x.responsible {
                        if !m.agencies.iter().any(|g| &g.id == r) {
                            return Err(format!("activity {}: unknown agency {r}", x.id));
                        }
                    }
                }
            }
        }
        for g in &m.agencies {
            for k in &g.kinds {
                if !m.regional_kinds.iter().any(|r| &r.kind == k) {
                    return Err(format!("agency {}: unknown kind {k}", g.id));
                }
            }
        }
        Ok(m)
    }

    /// Every activity with its area number and programme.
    pub fn activities(&self) -> impl Iterator<Item = (u8, &Programme, &MatrixActivity)> {
        self.areas
            .iter()
            .flat_map(|a| a.programmes.iter().flat_map(move |p| p.activities.iter().map(move |x| (a.number, p, x))))
    }

    /// An activity by id, with its area number.
    pub fn activity(&self, id: &str) -> Option<(u8, &MatrixActivity)> {
        self.activities().find(|(_, _, x)| x.id == id).map(|(n, _, x)| (n, x))
    }

    /// The national agencies as [`Agency`] values.
    pub fn national_agencies(&self) -> Vec<Agency> {
        self.agencies
            .iter()
            .map(|g| Agency {
                id: g.id.clone(),
                name: g.name.clone(),
                short: g.short.clone(),
                region: None,
                kind: None,
                national: vec![g.id.clone()],
                coordinator: false,
            })
            .collect()
    }

    /// The regional offices of a province or kabupaten/kota (`region_name` goes into their names).
    pub fn regional_agencies(&self, region: RegionCode, region_name: &str) -> Vec<Agency> {
        if !matches!(region.level(), Level::Province | Level::Regency) {
            return Vec::new();
        }
        self.regional_kinds
            .iter()
            .map(|k| Agency {
                id: format!("{}:{region}", k.kind),
                name: format!("{} {region_name}", k.name),
                short: k.short.clone(),
                region: Some(region),
                kind: Some(k.kind.clone()),
                national: self.agencies.iter().filter(|g| g.kinds.contains(&k.kind)).map(|g| g.id.clone()).collect(),
                coordinator: k.coordinator,
            })
            .collect()
    }

    /// The agencies responsible for moving an iBangga variable, per the matrix: the national agencies of the
    /// activities that target it, in matrix order, each once.
    pub fn responsible_for(&self, variable: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, _, x) in self.activities() {
            if x.variables.iter().any(|v| v == variable) {
                for r in &x.responsible {
                    if !out.contains(&r.as_str()) {
                        out.push(r);
                    }
                }
            }
        }
        out
    }

    /// The activities that target a variable.
    pub fn activities_for(&self, variable: &str) -> Vec<&MatrixActivity> {
        self.activities().filter(|(_, _, x)| x.variables.iter().any(|v| v == variable)).map(|(_, _, x)| x).collect()
    }

    /// The kinds of regional office that carry a national agency's work.
    pub fn kinds_of(&self, national: &str) -> &[String] {
        self.agencies.iter().find(|g| g.id == national).map(|g| g.kinds.as_slice()).unwrap_or(&[])
    }
}

/// The region of a regional agency id (`dinkes:17.01` → 17.01), `None` for national ids.
pub fn agency_region(id: &str) -> Option<RegionCode> {
    id.split_once(':').and_then(|(_, r)| RegionCode::parse(r).ok())
}

/// The kind of a regional agency id (`dinkes:17.01` → `dinkes`).
pub fn agency_kind(id: &str) -> Option<&str> {
    id.split_once(':').map(|(k, _)| k)
}
