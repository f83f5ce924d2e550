//! The classification inputs: the contract's JSON ([`Inputs`]) and its hand-written reader, which reports every
//! problem with its field and value.

use super::{DataSource, Facility, FundingSource, Operation, Program};
use crate::problem::{Reason, json_found};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Closed vocabularies of the inputs: private trait behind the hand-written parser's messages.
trait Item: Copy + Ord + Sized + 'static {
    /// Which vocabulary it is, in messages ([`Reason::UnknownId`]).
    const VOCABULARY: &'static str;
    /// Every value, in order.
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn from_id(id: &str) -> Option<Self>;
}

/// The closed vocabularies are the registry's own (one definition of each id list); this names them in messages.
macro_rules! item {
    ($name:ident, $what:literal) => {
        impl Item for $name {
            const VOCABULARY: &'static str = $what;
            const ALL: &'static [$name] = $name::ALL;
            fn id(self) -> &'static str {
                $name::id(self)
            }
            fn from_id(id: &str) -> Option<$name> {
                $name::from_id(id)
            }
        }
    };
}

item!(FundingSource, "funding_source");
item!(Program, "program");
item!(Facility, "facility");
item!(DataSource, "data_source");
item!(Operation, "operation");

/// One Kampung's classification inputs: exactly the JSON of the contract. Lists may repeat an item; a duplicate
/// counts once. A missing `report` is read as `null`.
///
/// Prefer [`Inputs::from_json`] for untrusted input: it reports every problem with its field and value, where the
/// derived `Deserialize` stops at the first with serde's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationInputs))]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// The Pokja.
    pub pokja: Pokja,
    /// Funding sources in use.
    pub funding_sources: Vec<FundingSource>,
    /// Programmes present.
    pub programs: Vec<Program>,
    /// Facilities present.
    pub facilities: Vec<Facility>,
    /// A PKB/PLKB field officer is assigned.
    pub pkb_assigned: bool,
    /// A regulation or decree for the Kampung KB exists.
    pub regulation: bool,
    /// Data sources used.
    pub data_sources: Vec<DataSource>,
    /// Operational mechanisms carried out.
    pub operations: Vec<Operation>,
    /// Distinct agencies involved, not counting BKKBN and the district family-planning office.
    pub cross_sector_agencies: u64,
    /// Population figures: the denominators of the output indicators.
    pub population: Population,
    /// The latest monthly report; `None` when there is none.
    #[serde(default)]
    pub report: Option<Report>,
}

/// The Pokja (*kelompok kerja*, the working group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationPokja))]
#[serde(deny_unknown_fields)]
pub struct Pokja {
    /// A Pokja exists.
    pub exists: bool,
    /// Number of members.
    pub members: u64,
    /// The Pokja has been trained.
    pub trained: bool,
}

/// The Kampung's population figures (from the PK round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationPopulation))]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Couples of reproductive age.
    pub pus: u64,
    /// Families.
    pub families: u64,
    /// Families with toddlers (*balita*).
    pub families_with_balita: u64,
    /// Families with teenagers (*remaja*).
    pub families_with_remaja: u64,
    /// Families with elderly (*lansia*).
    pub families_with_lansia: u64,
    /// Teenagers.
    pub remaja: u64,
}

/// The latest monthly report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationReport))]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Poktan participants.
    pub participants: Participants,
    /// Contraceptive users by method.
    pub contraceptive_users: ContraceptiveUsers,
    /// PUS not using contraception, by reason.
    pub pus_not_using: PusNotUsing,
}

/// Participants of the five poktan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationParticipants))]
#[serde(deny_unknown_fields)]
pub struct Participants {
    /// BKB.
    pub bkb: u64,
    /// BKR.
    pub bkr: u64,
    /// BKL.
    pub bkl: u64,
    /// UPPKA.
    pub uppka: u64,
    /// PIK-R.
    pub pik_r: u64,
}

/// Contraceptive users by method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationContraceptiveUsers))]
#[serde(deny_unknown_fields)]
pub struct ContraceptiveUsers {
    /// Female sterilisation (long-acting).
    pub mow: u64,
    /// Male sterilisation (long-acting).
    pub mop: u64,
    /// IUD (long-acting).
    pub iud: u64,
    /// Implant (long-acting).
    pub implan: u64,
    /// Injectable.
    pub suntik: u64,
    /// Pill.
    pub pil: u64,
    /// Condom.
    pub kondom: u64,
}

/// PUS not using contraception, by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "utoipa", schema(as = ClassificationPusNotUsing))]
#[serde(deny_unknown_fields)]
pub struct PusNotUsing {
    /// Pregnant.
    pub hamil: u64,
    /// Wants a child soon.
    pub ingin_anak_segera: u64,
    /// Wants a child later (IAT): unmet need.
    pub iat: u64,
    /// Wants no more children (TIAL): unmet need.
    pub tial: u64,
}

/// One problem in the inputs: the field (a JSON path such as `funding_sources[2]`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The field; empty for the document itself.
    pub field: String,
    /// What is wrong, naming the value (the JSON path is all the reader has to find it).
    pub reason: Reason,
}

/// Inputs that cannot be classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// JSON, but not the contract's inputs: every problem found (their words: crate `kkb-i18n`).
    #[error("{} problem(s) in the inputs: {}", .0.len(), codes(.0))]
    Invalid(Vec<InputProblem>),
}

/// The problems in their machine form, for logs.
fn codes(ps: &[InputProblem]) -> String {
    ps.iter().map(|p| format!("{}: {}", p.field, p.reason.code())).collect::<Vec<_>>().join("; ")
}

impl Inputs {
    /// Parses the contract's JSON, reporting every problem with its field and value.
    pub fn from_json(text: &str) -> Result<Inputs, InputError> {
        let v: Value = serde_json::from_str(text).map_err(|e| InputError::Json(e.to_string()))?;
        Inputs::from_value(&v)
    }

    /// Reads an already parsed JSON value (see [`Inputs::from_json`]).
    pub fn from_value(v: &Value) -> Result<Inputs, InputError> {
        let mut r = Reader::default();
        let top = match v {
            Value::Object(m) => Some(r.keys(m, "", TOP_KEYS)),
            other => {
                let (found, shown) = json_found(other);
                r.problem("", Reason::InputsNotObject { found, shown });
                None
            }
        };
        let pokja = r.object(top, "", "pokja", &["exists", "members", "trained"]);
        let pokja = Pokja {
            exists: r.flag(pokja, "pokja", "exists"),
            members: r.count(pokja, "pokja", "members"),
            trained: r.flag(pokja, "pokja", "trained"),
        };
        let funding_sources = r.list(top, "funding_sources");
        let programs = r.list(top, "programs");
        let facilities = r.list(top, "facilities");
        let pkb_assigned = r.flag(top, "", "pkb_assigned");
        let regulation = r.flag(top, "", "regulation");
        let data_sources = r.list(top, "data_sources");
        let operations = r.list(top, "operations");
        let cross_sector_agencies = r.count(top, "", "cross_sector_agencies");
        let p = r.object(top, "", "population", POPULATION_KEYS);
        let population = Population {
            pus: r.count(p, "population", "pus"),
            families: r.count(p, "population", "families"),
            families_with_balita: r.count(p, "population", "families_with_balita"),
            families_with_remaja: r.count(p, "population", "families_with_remaja"),
            families_with_lansia: r.count(p, "population", "families_with_lansia"),
            remaja: r.count(p, "population", "remaja"),
        };
        let report = match top.and_then(|t| t.get("report")) {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(r.report(m)),
            Some(other) => {
                let (found, shown) = json_found(other);
                r.problem("report", Reason::ExpectedObjectOrNull { found, shown });
                None
            }
        };
        if !r.problems.is_empty() {
            return Err(InputError::Invalid(r.problems));
        }
        Ok(Inputs {
            pokja,
            funding_sources,
            programs,
            facilities,
            pkb_assigned,
            regulation,
            data_sources,
            operations,
            cross_sector_agencies,
            population,
            report,
        })
    }
}

const TOP_KEYS: &[&str] = &[
    "pokja",
    "funding_sources",
    "programs",
    "facilities",
    "pkb_assigned",
    "regulation",
    "data_sources",
    "operations",
    "cross_sector_agencies",
    "population",
    "report",
];
const POPULATION_KEYS: &[&str] =
    &["pus", "families", "families_with_balita", "families_with_remaja", "families_with_lansia", "remaja"];

type Obj = Map<String, Value>;

/// Walks the JSON by hand so that each problem names its field and value; collects them all.
#[derive(Default)]
struct Reader {
    problems: Vec<InputProblem>,
}

fn path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

impl Reader {
    fn problem(&mut self, field: impl Into<String>, reason: Reason) {
        self.problems.push(InputProblem { field: field.into(), reason });
    }

    /// Reports keys outside `allowed`; returns the object.
    fn keys<'a>(&mut self, m: &'a Obj, at: &str, allowed: &[&str]) -> &'a Obj {
        for k in m.keys().filter(|k| !allowed.contains(&k.as_str())) {
            let allowed = allowed.iter().map(|a| a.to_string()).collect();
            self.problem(path(at, k), Reason::UnknownField { allowed });
        }
        m
    }

    /// The field `key` of `parent`, reported when missing (nothing is reported below a missing parent).
    fn field<'a>(&mut self, parent: Option<&'a Obj>, at: &str, key: &str) -> Option<&'a Value> {
        let v = parent?.get(key);
        if v.is_none() {
            self.problem(path(at, key), Reason::MissingField);
        }
        v
    }

    fn object<'a>(&mut self, parent: Option<&'a Obj>, at: &str, key: &str, allowed: &[&str]) -> Option<&'a Obj> {
        match self.field(parent, at, key)? {
            Value::Object(m) => Some(self.keys(m, &path(at, key), allowed)),
            other => {
                let (found, shown) = json_found(other);
                self.problem(path(at, key), Reason::ExpectedObject { found, shown });
                None
            }
        }
    }

    fn flag(&mut self, parent: Option<&Obj>, at: &str, key: &str) -> bool {
        match self.field(parent, at, key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let (found, shown) = json_found(other);
                self.problem(path(at, key), Reason::ExpectedBool { found, shown });
                false
            }
        }
    }

    fn count(&mut self, parent: Option<&Obj>, at: &str, key: &str) -> u64 {
        let Some(v) = self.field(parent, at, key) else { return 0 };
        let reason = match v {
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => return u,
                (None, Some(_), _) => Reason::JsonNegative { value: n.to_string() },
                (None, None, Some(f)) if f.fract() != 0.0 => Reason::JsonNotWhole { value: n.to_string() },
                (None, None, Some(f)) if f < 0.0 => Reason::JsonNegative { value: n.to_string() },
                (None, None, Some(f)) if f >= 18_446_744_073_709_551_615.0 => {
                    Reason::JsonTooLarge { value: n.to_string(), max: u64::MAX.to_string() }
                }
                _ => Reason::JsonNotPlainWhole { value: n.to_string() },
            },
            other => {
                let (found, shown) = json_found(other);
                Reason::ExpectedWholeNumber { found, shown }
            }
        };
        self.problem(path(at, key), reason);
        0
    }

    fn list<T: Item>(&mut self, parent: Option<&Obj>, key: &str) -> Vec<T> {
        let ids = || T::ALL.iter().map(|t| t.id().to_string()).collect::<Vec<_>>();
        let vocabulary = T::VOCABULARY;
        match self.field(parent, "", key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str().map(T::from_id) {
                        Some(Some(t)) => out.push(t),
                        Some(None) => {
                            let given = item.as_str().unwrap_or_default().to_string();
                            self.problem(format!("{key}[{i}]"), Reason::UnknownId { vocabulary, given, choices: ids() })
                        }
                        None => {
                            let (found, shown) = json_found(item);
                            let reason = Reason::ExpectedId { vocabulary, found, shown, choices: ids() };
                            self.problem(format!("{key}[{i}]"), reason)
                        }
                    }
                }
                out
            }
            Some(other) => {
                let (found, shown) = json_found(other);
                self.problem(key, Reason::ExpectedIdList { vocabulary, found, shown });
                Vec::new()
            }
        }
    }

    fn report(&mut self, m: &Obj) -> Report {
        let m = Some(self.keys(m, "report", &["participants", "contraceptive_users", "pus_not_using"]));
        let at = "report.participants";
        let p = self.object(m, "report", "participants", &["bkb", "bkr", "bkl", "uppka", "pik_r"]);
        let participants = Participants {
            bkb: self.count(p, at, "bkb"),
            bkr: self.count(p, at, "bkr"),
            bkl: self.count(p, at, "bkl"),
            uppka: self.count(p, at, "uppka"),
            pik_r: self.count(p, at, "pik_r"),
        };
        let at = "report.contraceptive_users";
        let methods = ["mow", "mop", "iud", "implan", "suntik", "pil", "kondom"];
        let u = self.object(m, "report", "contraceptive_users", &methods);
        let contraceptive_users = ContraceptiveUsers {
            mow: self.count(u, at, "mow"),
            mop: self.count(u, at, "mop"),
            iud: self.count(u, at, "iud"),
            implan: self.count(u, at, "implan"),
            suntik: self.count(u, at, "suntik"),
            pil: self.count(u, at, "pil"),
            kondom: self.count(u, at, "kondom"),
        };
        let at = "report.pus_not_using";
        let n = self.object(m, "report", "pus_not_using", &["hamil", "ingin_anak_segera", "iat", "tial"]);
        let pus_not_using = PusNotUsing {
            hamil: self.count(n, at, "hamil"),
            ingin_anak_segera: self.count(n, at, "ingin_anak_segera"),
            iat: self.count(n, at, "iat"),
            tial: self.count(n, at, "tial"),
        };
        Report { participants, contraceptive_users, pus_not_using }
    }
}
