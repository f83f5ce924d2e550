//! The Kampung KB classification (../shared/spec/classification.md, DOMAIN.md §3.3): twelve indicators scored 1 to 4
//! in three indices (input, proses, output) give the class *Dasar*, *Berkembang*, *Mandiri* or *Berkelanjutan*, and
//! [`classify`] also says which indicator raises would reach the next class.
//!
//! The thresholds are data, like the iBangga methodology: a [`RulesDefinition`] (classification/kampung-kb-v1.json,
//! id `kampung-kb-v1`) is checked and compiled into [`ClassificationRules`]. A revised national rule is a new file
//! with a new id, not a code change. What each indicator *measures* (a [`Measure`]: a count of funding sources, the
//! CPR, …) is code; the bands that turn a measurement into a score, the composition of the indices and the "high"
//! threshold are data.
//!
//! Exactness: percentages and indices are computed in integers and rounded half away from zero, so no float error
//! can move a Kampung across a band or a class.
//!
//! Terms: *Pokja* is the Kampung KB's working group; *poktan* its activity groups (BKB for families with toddlers,
//! BKR with teenagers, BKL with elderly, UPPKA the acceptors' income group, PIK-R the teenagers' counselling centre);
//! *PUS* couples of reproductive age; *CPR* the share of PUS using contraception; *MKJP* long-acting methods;
//! *unmet need* PUS who want a child later (IAT) or no more children (TIAL) but use no contraception; *PKB/PLKB*
//! the family-planning field officer.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The rules shipped with kampungkb: the national portal's rule (classification/kampung-kb-v1.json).
pub const KAMPUNG_KB_V1: &str = include_str!("../../../classification/kampung-kb-v1.json");

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/// Closed vocabularies of the inputs: private trait behind the hand-written parser's messages.
trait Item: Copy + Ord + Sized + 'static {
    /// What one item is called in messages ("source").
    const WHAT: &'static str;
    /// Every value, in order.
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn from_id(id: &str) -> Option<Self>;
}

/// The closed vocabularies are the registry's own (one definition of each id list); this names them in messages.
macro_rules! item {
    ($name:ident, $what:literal) => {
        impl Item for $name {
            const WHAT: &'static str = $what;
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

pub use crate::kampung::{DataSource, Facility, FundingSource, Operation, Program};
item!(FundingSource, "source");
item!(Program, "programme");
item!(Facility, "facility");
item!(DataSource, "data source");
item!(Operation, "operation");

/// One Kampung's classification inputs: exactly the JSON of the contract. Lists may repeat an item; a duplicate
/// counts once. A missing `report` is read as `null`.
///
/// Prefer [`Inputs::from_json`] for untrusted input: it reports every problem with its field and value, where the
/// derived `Deserialize` stops at the first with serde's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProblem {
    /// The field; empty for the document itself.
    pub field: String,
    /// What is wrong, naming the value.
    pub reason: String,
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() { f.write_str(&self.reason) } else { write!(f, "{}: {}", self.field, self.reason) }
    }
}

/// Inputs that cannot be classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// JSON, but not the contract's inputs: every problem found.
    #[error("{}", problems_text(.0))]
    Invalid(Vec<InputProblem>),
}

fn problems_text(ps: &[InputProblem]) -> String {
    match ps {
        [one] => one.to_string(),
        _ => {
            let lines: Vec<String> = ps.iter().map(|p| format!("  {p}")).collect();
            format!("{} problems:\n{}", ps.len(), lines.join("\n"))
        }
    }
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
                r.problem("", format!("the inputs must be a JSON object, found {}", describe(other)));
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
                r.problem("report", format!("expected an object or null, found {}", describe(other)));
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

/// A JSON value as named in messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => format!("the text {:?}…", s.chars().take(40).collect::<String>()),
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl Reader {
    fn problem(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.problems.push(InputProblem { field: field.into(), reason: reason.into() });
    }

    /// Reports keys outside `allowed`; returns the object.
    fn keys<'a>(&mut self, m: &'a Obj, at: &str, allowed: &[&str]) -> &'a Obj {
        for k in m.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.problem(path(at, k), format!("unknown field; expected one of {}", allowed.join(", ")));
        }
        m
    }

    /// The field `key` of `parent`, reported when missing (nothing is reported below a missing parent).
    fn field<'a>(&mut self, parent: Option<&'a Obj>, at: &str, key: &str) -> Option<&'a Value> {
        let v = parent?.get(key);
        if v.is_none() {
            self.problem(path(at, key), "missing");
        }
        v
    }

    fn object<'a>(&mut self, parent: Option<&'a Obj>, at: &str, key: &str, allowed: &[&str]) -> Option<&'a Obj> {
        match self.field(parent, at, key)? {
            Value::Object(m) => Some(self.keys(m, &path(at, key), allowed)),
            other => {
                self.problem(path(at, key), format!("expected an object, found {}", describe(other)));
                None
            }
        }
    }

    fn flag(&mut self, parent: Option<&Obj>, at: &str, key: &str) -> bool {
        match self.field(parent, at, key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.problem(path(at, key), format!("expected true or false, found {}", describe(other)));
                false
            }
        }
    }

    fn count(&mut self, parent: Option<&Obj>, at: &str, key: &str) -> u64 {
        let Some(v) = self.field(parent, at, key) else { return 0 };
        let reason = match v {
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => return u,
                (None, Some(_), _) => format!("{n} is negative; counts are whole numbers, 0 or more"),
                (None, None, Some(f)) if f.fract() != 0.0 => format!("{n} is not a whole number"),
                (None, None, Some(f)) if f < 0.0 => format!("{n} is negative; counts are whole numbers, 0 or more"),
                (None, None, Some(f)) if f >= 18_446_744_073_709_551_615.0 => {
                    format!("{n} is too large; counts go up to {}", u64::MAX)
                }
                _ => format!("{n} is not written as a whole number (no decimal point or exponent)"),
            },
            other => format!("expected a whole number, found {}", describe(other)),
        };
        self.problem(path(at, key), reason);
        0
    }

    fn list<T: Item>(&mut self, parent: Option<&Obj>, key: &str) -> Vec<T> {
        let ids = || T::ALL.iter().map(|t| t.id()).collect::<Vec<_>>().join(", ");
        match self.field(parent, "", key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str().map(T::from_id) {
                        Some(Some(t)) => out.push(t),
                        Some(None) => self.problem(
                            format!("{key}[{i}]"),
                            format!("unknown {} {item}; use one of {}", T::WHAT, ids()),
                        ),
                        None => self.problem(
                            format!("{key}[{i}]"),
                            format!("expected a {} id, found {}; use one of {}", T::WHAT, describe(item), ids()),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.problem(key, format!("expected a list of {} ids, found {}", T::WHAT, describe(other)));
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

// ---------------------------------------------------------------------------------------------------------------
// Measures

/// What an indicator measures. The bands of the definition turn the measured value into a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Pokja level: 0 no Pokja, 1 a Pokja with no members and not trained, 2 with members or trained, 3 both.
    Pokja,
    /// Distinct funding sources (0-6).
    FundingSources,
    /// Distinct programmes (0-8).
    Programs,
    /// Distinct facilities (0-2).
    Facilities,
    /// A PKB/PLKB officer assigned plus a regulation: 0, 1 or 2.
    PkbRegulation,
    /// Distinct data sources (0-5).
    DataSources,
    /// Distinct operational mechanisms (0-5).
    Operations,
    /// Cross-sector agencies (0 or more).
    CrossSectorAgencies,
    /// Mean of the five rounded poktan participation percentages, rounded (report).
    PoktanParticipation,
    /// All contraceptive users / PUS, percent (report).
    Cpr,
    /// Long-acting users (MOW, MOP, IUD, implan) / all users, percent (report).
    Mkjp,
    /// (IAT + TIAL) / PUS, percent (report).
    UnmetNeed,
}

/// How a measured value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of distinct items or agencies.
    Count,
    /// A level (Pokja, officer and regulation), see [`Measure`].
    Level,
    /// A whole percentage.
    Percent,
}

impl Measure {
    /// The largest value the measure can take, when bounded.
    pub fn max_value(self) -> Option<u64> {
        match self {
            Measure::Pokja => Some(3),
            Measure::FundingSources => Some(FundingSource::ALL.len() as u64),
            Measure::Programs => Some(Program::ALL.len() as u64),
            Measure::Facilities => Some(Facility::ALL.len() as u64),
            Measure::PkbRegulation => Some(2),
            Measure::DataSources => Some(DataSource::ALL.len() as u64),
            Measure::Operations => Some(Operation::ALL.len() as u64),
            Measure::Mkjp => Some(100),
            Measure::CrossSectorAgencies | Measure::PoktanParticipation | Measure::Cpr | Measure::UnmetNeed => None,
        }
    }

    /// Measured from the monthly report (scored `no_report` without one).
    pub fn needs_report(self) -> bool {
        matches!(self, Measure::PoktanParticipation | Measure::Cpr | Measure::Mkjp | Measure::UnmetNeed)
    }

    /// The unit of the measured value.
    pub fn unit(self) -> Unit {
        match self {
            Measure::Pokja | Measure::PkbRegulation => Unit::Level,
            m if m.needs_report() => Unit::Percent,
            _ => Unit::Count,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Measure::Pokja => "Pokja",
            Measure::FundingSources => "funding sources",
            Measure::Programs => "programmes",
            Measure::Facilities => "facilities",
            Measure::PkbRegulation => "PKB/PLKB officer and regulation",
            Measure::DataSources => "data sources",
            Measure::Operations => "operational mechanisms",
            Measure::CrossSectorAgencies => "cross-sector agencies",
            Measure::PoktanParticipation => "average poktan participation",
            Measure::Cpr => "CPR",
            Measure::Mkjp => "MKJP share",
            Measure::UnmetNeed => "unmet need",
        }
    }

    fn level_text(self, level: u64) -> &'static str {
        match (self, level) {
            (Measure::Pokja, 0) => "no Pokja",
            (Measure::Pokja, 1) => "a Pokja without members or training",
            (Measure::Pokja, 2) => "a Pokja with members or training",
            (Measure::Pokja, _) => "a Pokja with members and training",
            (_, 0) => "neither a PKB/PLKB officer nor a regulation",
            (_, 1) => "a PKB/PLKB officer or a regulation",
            _ => "both a PKB/PLKB officer and a regulation",
        }
    }

    /// The measured value now, in words.
    fn now_text(self, inputs: &Inputs, value: Option<u64>) -> String {
        let Some(v) = value else { return "no monthly report".into() };
        match self {
            Measure::Pokja if inputs.pokja.exists => format!(
                "a Pokja with {}, {}",
                match inputs.pokja.members {
                    0 => "no members".to_string(),
                    1 => "1 member".to_string(),
                    n => format!("{n} members"),
                },
                if inputs.pokja.trained { "trained" } else { "not trained" }
            ),
            Measure::PkbRegulation => match (inputs.pkb_assigned, inputs.regulation) {
                (true, false) => "a PKB/PLKB officer, no regulation".into(),
                (false, true) => "a regulation, no PKB/PLKB officer".into(),
                _ => self.level_text(v).into(),
            },
            Measure::Pokja => self.level_text(v).into(),
            _ if self.unit() == Unit::Percent => format!("{} {v}%", self.label()),
            _ => format!("{} {v}", self.label()),
        }
    }

    /// The values of a band, in words (`above 50%`, `5 or more`, `a Pokja with members and training`).
    fn band_text(self, band: &Band) -> String {
        let (lo, hi) = (band.min, band.max);
        let top = hi.is_none_or(|h| self.max_value().is_some_and(|m| h >= m));
        match self.unit() {
            Unit::Level => (lo..=hi.unwrap_or(lo)).map(|l| self.level_text(l)).collect::<Vec<_>>().join(" or "),
            Unit::Percent => match hi {
                Some(h) if lo == h => format!("{lo}%"),
                Some(h) if !top && lo == 0 => format!("below {}%", h + 1),
                Some(h) if !top => format!("{lo}-{h}%"),
                _ if lo == 0 => "any percentage".into(),
                _ => format!("above {}%", lo - 1),
            },
            Unit::Count => match hi {
                Some(h) if lo == h => lo.to_string(),
                Some(h) if !top && lo == 0 => format!("at most {h}"),
                Some(h) if !top => format!("{lo}-{h}"),
                _ => format!("{lo} or more"),
            },
        }
    }

    /// The value the band asks for, in words, as a target.
    fn needed_text(self, band: &Band, has_report: bool) -> String {
        if self.needs_report() && !has_report {
            format!("a monthly report with {} {}", self.label(), self.band_text(band))
        } else {
            self.band_text(band)
        }
    }
}

/// A measured value, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measurement {
    /// The value that was banded; `None` for a report-based measure without a report.
    pub value: Option<u64>,
    /// Its unit.
    pub unit: Unit,
    /// For a percentage of one ratio: its numerator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    /// For a percentage of one ratio: its denominator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// For poktan participation: the five rounded percentages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participation: Option<Participation>,
}

/// The five poktan participation percentages, each rounded (participants / target group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Participation {
    /// BKB / families with balita.
    pub bkb: u64,
    /// BKR / families with remaja.
    pub bkr: u64,
    /// BKL / families with lansia.
    pub bkl: u64,
    /// UPPKA / families.
    pub uppka: u64,
    /// PIK-R / remaja.
    pub pik_r: u64,
}

/// `a / b` as a whole percentage rounded half away from zero, in integers; 0 when `b` is 0. Saturates at
/// `u64::MAX` (only absurd counts get there).
fn percent(a: u128, b: u128) -> u64 {
    if b == 0 { 0 } else { u64::try_from((200 * a + b) / (2 * b)).unwrap_or(u64::MAX) }
}

fn distinct<T: Ord>(items: &[T]) -> u64 {
    items.iter().collect::<BTreeSet<_>>().len() as u64
}

fn saturate(x: u128) -> u64 {
    u64::try_from(x).unwrap_or(u64::MAX)
}

impl Measurement {
    fn plain(value: u64, unit: Unit) -> Measurement {
        Measurement { value: Some(value), unit, numerator: None, denominator: None, participation: None }
    }

    fn ratio(a: u128, b: u128) -> Measurement {
        Measurement {
            value: Some(percent(a, b)),
            unit: Unit::Percent,
            numerator: Some(saturate(a)),
            denominator: Some(saturate(b)),
            participation: None,
        }
    }

    /// Measures `m` on `inputs`. Lists count distinct items. A zero denominator gives 0% (so a report with
    /// PUS 0 has an unmet need of 0%, the best band: the contract's rule, followed literally).
    pub fn of(m: Measure, i: &Inputs) -> Measurement {
        let count = |n: u64| Measurement::plain(n, Unit::Count);
        let level = |n: u64| Measurement::plain(n, Unit::Level);
        if !m.needs_report() {
            return match m {
                Measure::Pokja => level(match (i.pokja.exists, i.pokja.members > 0, i.pokja.trained) {
                    (false, _, _) => 0,
                    (true, false, false) => 1,
                    (true, true, true) => 3,
                    _ => 2,
                }),
                Measure::FundingSources => count(distinct(&i.funding_sources)),
                Measure::Programs => count(distinct(&i.programs)),
                Measure::Facilities => count(distinct(&i.facilities)),
                Measure::PkbRegulation => level(u64::from(i.pkb_assigned) + u64::from(i.regulation)),
                Measure::DataSources => count(distinct(&i.data_sources)),
                Measure::Operations => count(distinct(&i.operations)),
                _ => count(i.cross_sector_agencies),
            };
        }
        let Some(r) = &i.report else { return Measurement { value: None, ..Measurement::plain(0, m.unit()) } };
        let (u, p, n) = (&r.contraceptive_users, &i.population, &r.pus_not_using);
        let wide = u128::from;
        let users = [u.mow, u.mop, u.iud, u.implan, u.suntik, u.pil, u.kondom].map(wide).iter().sum::<u128>();
        match m {
            Measure::PoktanParticipation => {
                let (q, pct) = (&r.participants, |a: u64, b: u64| percent(wide(a), wide(b)));
                let parts = Participation {
                    bkb: pct(q.bkb, p.families_with_balita),
                    bkr: pct(q.bkr, p.families_with_remaja),
                    bkl: pct(q.bkl, p.families_with_lansia),
                    uppka: pct(q.uppka, p.families),
                    pik_r: pct(q.pik_r, p.remaja),
                };
                let sum: u128 = [parts.bkb, parts.bkr, parts.bkl, parts.uppka, parts.pik_r].map(wide).iter().sum();
                // round(sum / 5), half away from zero.
                let value = saturate((2 * sum + 5) / 10);
                Measurement { participation: Some(parts), ..Measurement::plain(value, Unit::Percent) }
            }
            Measure::Cpr => Measurement::ratio(users, wide(p.pus)),
            Measure::Mkjp => Measurement::ratio([u.mow, u.mop, u.iud, u.implan].map(wide).iter().sum(), users),
            _ => Measurement::ratio(wide(n.iat) + wide(n.tial), wide(p.pus)),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

/// A classification rule set, as stored (classification/*.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesDefinition {
    /// Unique, stable id (`kampung-kb-v1`); results record it.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What it is and where it comes from.
    #[serde(default)]
    pub description: String,
    /// An index is high when its rounded value is at least this (at most two decimals, 1 to 4).
    pub high: f64,
    /// The three indices and their indicators, in output order.
    pub indices: IndexDefs,
}

/// The indicators of each index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexDefs {
    /// Input.
    pub input: Vec<IndicatorDef>,
    /// Proses.
    pub proses: Vec<IndicatorDef>,
    /// Output.
    pub output: Vec<IndicatorDef>,
}

/// One indicator: what it measures and how the measurement scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Id in the output (`output_cpr`).
    pub id: String,
    /// What it measures.
    pub measure: Measure,
    /// Score bands by measured value, ascending, covering every value from 0.
    pub bands: Vec<Band>,
    /// The score without a monthly report (report-based measures only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_report: Option<u8>,
}

/// A score band, written `[min, max, score]`: values `min..=max` score `score`; `max` null means no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, Option<u64>, u8)", into = "(u64, Option<u64>, u8)")]
pub struct Band {
    /// Smallest value, included.
    pub min: u64,
    /// Largest value, included; `None`: no upper bound.
    pub max: Option<u64>,
    /// The score, 1 to 4.
    pub score: u8,
}

impl From<(u64, Option<u64>, u8)> for Band {
    fn from((min, max, score): (u64, Option<u64>, u8)) -> Band {
        Band { min, max, score }
    }
}

impl From<Band> for (u64, Option<u64>, u8) {
    fn from(b: Band) -> Self {
        (b.min, b.max, b.score)
    }
}

impl Band {
    fn contains(&self, v: u64) -> bool {
        v >= self.min && self.max.is_none_or(|m| v <= m)
    }

    /// How far `v` is from the band, relative to the nearer bound: (distance, scale).
    fn gap(&self, v: Option<u64>) -> (u128, u128) {
        match (v, self.max) {
            (None, _) => (1, 1),
            (Some(v), _) if v < self.min => (u128::from(self.min - v), u128::from(self.min)),
            (Some(v), Some(m)) if v > m => (u128::from(v - m), u128::from(v)),
            _ => (0, 1),
        }
    }
}

/// One of the three indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexId {
    /// Input: Pokja, funding, programmes, facilities, officer and regulation.
    Input,
    /// Proses: data use, operations, cross-sector work.
    Proses,
    /// Output: poktan participation, CPR, MKJP, unmet need.
    Output,
}

impl IndexId {
    /// The three, in order.
    pub const ALL: [IndexId; 3] = [IndexId::Input, IndexId::Proses, IndexId::Output];

    /// The JSON id.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexId::Input => "input",
            IndexId::Proses => "proses",
            IndexId::Output => "output",
        }
    }
}

/// A rule set that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not valid JSON or wrong shape.
    #[error("classification rules are not valid: {0}")]
    Parse(String),
    /// Breaks a rule of the format.
    #[error("classification rules {id}: {reason}")]
    Invalid {
        /// Definition id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug)]
struct Indicator {
    def: IndicatorDef,
    index: IndexId,
    max_score: u8,
}

impl Indicator {
    fn score(&self, value: Option<u64>) -> u8 {
        match value {
            Some(v) => self.def.bands.iter().find(|b| b.contains(v)).map_or(1, |b| b.score),
            None => self.def.no_report.unwrap_or(1),
        }
    }

    /// The band scoring `score` nearest to `value`.
    fn band_for(&self, score: u8, value: Option<u64>) -> &Band {
        let bands = self.def.bands.iter().filter(|b| b.score == score);
        bands.min_by(|a, b| cmp_ratio(a.gap(value), b.gap(value))).expect("only scores of a band are targeted")
    }

    /// Scores above `from` that some value reaches, ascending.
    fn higher_scores(&self, from: u8) -> Vec<u8> {
        let set: BTreeSet<u8> = self.def.bands.iter().map(|b| b.score).filter(|s| *s > from).collect();
        set.into_iter().collect()
    }
}

fn cmp_ratio(a: (u128, u128), b: (u128, u128)) -> std::cmp::Ordering {
    (a.0 * b.1).cmp(&(b.0 * a.1))
}

/// A compiled, checked rule set, ready for [`classify`].
#[derive(Debug)]
pub struct ClassificationRules {
    def: RulesDefinition,
    indicators: Vec<Indicator>,
    /// The high threshold in hundredths.
    high: u64,
}

impl ClassificationRules {
    /// The shipped national rule, `kampung-kb-v1`.
    pub fn kampung_kb_v1() -> ClassificationRules {
        ClassificationRules::from_json(KAMPUNG_KB_V1).expect("the shipped classification rules are valid")
    }

    /// Parses and checks a JSON definition.
    pub fn from_json(json: &str) -> Result<ClassificationRules, RulesError> {
        let def: RulesDefinition = serde_json::from_str(json).map_err(|e| RulesError::Parse(e.to_string()))?;
        ClassificationRules::compile(def)
    }

    /// Checks a definition: ids unique, `high` between 1 and 4 with at most two decimals, every index non-empty,
    /// bands ascending from 0 without gaps or overlaps up to the measure's largest value (or open-ended), scores
    /// 1 to 4, and `no_report` given exactly for report-based measures.
    pub fn compile(def: RulesDefinition) -> Result<ClassificationRules, RulesError> {
        let invalid = |reason: String| RulesError::Invalid { id: def.id.clone(), reason };
        if def.id.is_empty() || def.id.chars().count() > 64 {
            return Err(invalid("the id must have 1 to 64 characters".into()));
        }
        let high = (def.high * 100.0).round();
        if !(100.0..=400.0).contains(&high) || (def.high * 100.0 - high).abs() > 1e-6 {
            return Err(invalid("high must be between 1 and 4 with at most two decimals".into()));
        }
        let mut indicators = Vec::new();
        for index in IndexId::ALL {
            let defs = match index {
                IndexId::Input => &def.indices.input,
                IndexId::Proses => &def.indices.proses,
                IndexId::Output => &def.indices.output,
            };
            if defs.is_empty() {
                return Err(invalid(format!("the {} index has no indicators", index.as_str())));
            }
            for d in defs {
                check_indicator(d).map_err(|r| invalid(format!("indicator {:?}: {r}", d.id)))?;
                if indicators.iter().any(|i: &Indicator| i.def.id == d.id) {
                    return Err(invalid(format!("indicator id {:?} is used twice", d.id)));
                }
                let max_score = d.bands.iter().map(|b| b.score).max().unwrap_or(1);
                indicators.push(Indicator { def: d.clone(), index, max_score });
            }
        }
        Ok(ClassificationRules { def, indicators, high: high as u64 })
    }

    /// The definition this was compiled from.
    pub fn definition(&self) -> &RulesDefinition {
        &self.def
    }

    /// The definition id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// The indicator ids, in output order.
    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.indicators.iter().map(|i| i.def.id.as_str())
    }
}

fn check_indicator(d: &IndicatorDef) -> Result<(), String> {
    if d.id.is_empty() {
        return Err("the id is empty".into());
    }
    let Some(last) = d.bands.last() else { return Err("there are no bands".into()) };
    if d.bands[0].min != 0 {
        return Err("the first band must start at 0".into());
    }
    for (i, b) in d.bands.iter().enumerate() {
        if !(1..=4).contains(&b.score) {
            return Err(format!("band {i}: the score must be 1 to 4"));
        }
        if b.max.is_some_and(|m| m < b.min) {
            return Err(format!("band {i}: max is below min"));
        }
        if let Some(next) = d.bands.get(i + 1)
            && b.max.and_then(|m| m.checked_add(1)) != Some(next.min)
        {
            return Err(format!("bands {i} and {}: they must follow each other without gap or overlap", i + 1));
        }
    }
    match (last.max, d.measure.max_value()) {
        (None, _) => {}
        (Some(m), Some(top)) if m >= top => {}
        (Some(_), _) => return Err("the last band must reach the largest value (or have max null)".into()),
    }
    match (d.measure.needs_report(), d.no_report) {
        (true, Some(1..=4)) | (false, None) => Ok(()),
        (true, _) => Err("a report-based measure needs no_report, a score 1 to 4".into()),
        (false, Some(_)) => Err("no_report is only for report-based measures".into()),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Classification

/// The class of a Kampung KB, in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Management not yet effective: no index high, or only one.
    Dasar,
    /// Input and proses high, output not.
    Berkembang,
    /// Output high and exactly one of input and proses.
    Mandiri,
    /// All three indices high.
    Berkelanjutan,
}

impl Class {
    /// All classes, in order.
    pub const ALL: [Class; 4] = [Class::Dasar, Class::Berkembang, Class::Mandiri, Class::Berkelanjutan];

    /// The class of a pattern of high indices (input, proses, output).
    pub fn of(high: [bool; 3]) -> Class {
        match high {
            [true, true, true] => Class::Berkelanjutan,
            [true, true, false] => Class::Berkembang,
            [true, false, true] | [false, true, true] => Class::Mandiri,
            _ => Class::Dasar,
        }
    }

    /// The JSON id.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Dasar => "dasar",
            Class::Berkembang => "berkembang",
            Class::Mandiri => "mandiri",
            Class::Berkelanjutan => "berkelanjutan",
        }
    }
}

/// One indicator's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorResult {
    /// The indicator id.
    pub id: String,
    /// Its index.
    pub index: IndexId,
    /// The score.
    pub score: u8,
    /// The best score it can have.
    pub max_score: u8,
    /// What was measured.
    pub measured: Measurement,
}

/// The three indices, rounded to two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indices {
    /// Input.
    pub input: f64,
    /// Proses.
    pub proses: f64,
    /// Output.
    pub output: f64,
}

/// One indicator raise of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Raise {
    /// The indicator id.
    pub indicator: String,
    /// Score now.
    pub from: u8,
    /// Score needed.
    pub to: u8,
}

/// The nearest better class and what reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Next {
    /// The class.
    pub class: Class,
    /// For each index that must become high, in words: the index now and after, and the raises with the measured
    /// values now and needed.
    pub needs: Vec<String>,
    /// The same raises, as data.
    pub raises: Vec<Raise>,
}

/// The result of [`classify`]. Serializes as the contract's object (`indicators`, `indices`, `class`, `next`)
/// plus `high` (which indices are high), `values` (the measurements) and `rules` (the definition id).
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The rules' id.
    pub rules: String,
    /// The indicators, in the definition's order.
    pub indicators: Vec<IndicatorResult>,
    /// The indices.
    pub indices: Indices,
    /// Which indices are high (input, proses, output).
    pub high: [bool; 3],
    /// The class.
    pub class: Class,
    /// The nearest better class raising scores can reach; `None` for Berkelanjutan.
    pub next: Option<Next>,
}

impl Classification {
    /// The score of an indicator.
    pub fn score(&self, id: &str) -> Option<u8> {
        self.indicators.iter().find(|i| i.id == id).map(|i| i.score)
    }
}

impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Scores<'a>(&'a [IndicatorResult]);
        impl Serialize for Scores<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|i| (&i.id, i.score)))
            }
        }
        struct Values<'a>(&'a [IndicatorResult]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|i| (&i.id, &i.measured)))
            }
        }
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("indicators", &Scores(&self.indicators))?;
        m.serialize_entry("indices", &self.indices)?;
        m.serialize_entry("class", &self.class)?;
        m.serialize_entry("next", &self.next)?;
        let [input, proses, output] = self.high;
        m.serialize_entry("high", &serde_json::json!({"input": input, "proses": proses, "output": output}))?;
        m.serialize_entry("values", &Values(&self.indicators))?;
        m.serialize_entry("rules", &self.rules)?;
        m.end()
    }
}

/// An index in hundredths: round(100 * sum / n), half away from zero, in integers.
fn hundredths(sum: u64, n: u64) -> u64 {
    (200 * sum + n) / (2 * n)
}

/// Hundredths as the index is written: `3.0`, `2.5`, `3.67`.
fn index_text(h: u64) -> String {
    if h.is_multiple_of(10) { format!("{}.{}", h / 100, h % 100 / 10) } else { format!("{}.{:02}", h / 100, h % 100) }
}

/// Classifies one Kampung KB.
pub fn classify(rules: &ClassificationRules, inputs: &Inputs) -> Classification {
    let indicators: Vec<IndicatorResult> = rules
        .indicators
        .iter()
        .map(|ind| {
            let measured = Measurement::of(ind.def.measure, inputs);
            let score = ind.score(measured.value);
            IndicatorResult { id: ind.def.id.clone(), index: ind.index, score, max_score: ind.max_score, measured }
        })
        .collect();
    let h = IndexId::ALL.map(|x| index_of(&indicators, x, &[]));
    let high = h.map(|h| h >= rules.high);
    let class = Class::of(high);
    let next = next_class(rules, inputs, &indicators, high);
    let f = |h: u64| h as f64 / 100.0;
    let indices = Indices { input: f(h[0]), proses: f(h[1]), output: f(h[2]) };
    Classification { rules: rules.id().to_string(), indicators, indices, high, class, next }
}

/// Index `x` in hundredths, with `raises` applied.
fn index_of(results: &[IndicatorResult], x: IndexId, raises: &[Raise]) -> u64 {
    let members = results.iter().filter(|r| r.index == x);
    let score = |r: &IndicatorResult| raises.iter().find(|a| a.indicator == r.id).map_or(r.score, |a| a.to);
    let (sum, n) = members.fold((0, 0), |(s, n), r| (s + u64::from(score(r)), n + 1));
    hundredths(sum, n)
}

/// What makes one index high: the raises and the sentence.
struct IndexPlan {
    raises: Vec<Raise>,
    points: u64,
    text: String,
}

/// The nearest better class that raising scores (never lowering) reaches: for each better class in order, each
/// pattern of high indices that keeps today's high ones and gives that class, the cheapest plan (fewest raises,
/// then fewest points, then input before proses).
fn next_class(
    rules: &ClassificationRules,
    inputs: &Inputs,
    results: &[IndicatorResult],
    high: [bool; 3],
) -> Option<Next> {
    let current = Class::of(high);
    for target in Class::ALL.into_iter().filter(|c| *c > current) {
        let mut best: Option<((usize, u64), Vec<IndexPlan>)> = None;
        for pattern in 0..8u8 {
            let want = [0, 1, 2].map(|b| pattern & (1 << b) != 0);
            if Class::of(want) != target || (0..3).any(|x| high[x] && !want[x]) {
                continue;
            }
            let plans: Option<Vec<IndexPlan>> =
                (0..3).filter(|x| want[*x] && !high[*x]).map(|x| plan_index(rules, inputs, results, x)).collect();
            let Some(plans) = plans else { continue };
            let cost = (plans.iter().map(|p| p.raises.len()).sum(), plans.iter().map(|p| p.points).sum());
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, plans));
            }
        }
        if let Some((_, plans)) = best {
            let needs = plans.iter().map(|p| p.text.clone()).collect();
            let raises = plans.into_iter().flat_map(|p| p.raises).collect();
            return Some(Next { class: target, needs, raises });
        }
    }
    None
}

/// The smallest set of raises that makes index `x` high: the indicators with the most headroom first (ties: the
/// one whose measured value is relatively nearest the band it needs), each raised only as far as needed.
fn plan_index(
    rules: &ClassificationRules,
    inputs: &Inputs,
    results: &[IndicatorResult],
    x: usize,
) -> Option<IndexPlan> {
    let index = IndexId::ALL[x];
    let members: Vec<(&Indicator, &IndicatorResult)> =
        rules.indicators.iter().zip(results).filter(|(_, r)| r.index == index).collect();
    let n = members.len() as u64;
    let sum: u64 = members.iter().map(|(_, r)| u64::from(r.score)).sum();
    let best: u64 = members.iter().map(|(i, _)| u64::from(i.max_score)).sum();
    let needed = (sum..=best).find(|s| hundredths(*s, n) >= rules.high)?;
    let mut missing = needed - sum;
    let target = |ind: &Indicator, r: &IndicatorResult, missing: u64| {
        let ups = ind.higher_scores(r.score);
        let want = u64::from(r.score) + missing;
        ups.iter().copied().find(|s| u64::from(*s) >= want).or(ups.last().copied())
    };
    let mut order: Vec<_> = members
        .iter()
        .filter_map(|(ind, r)| {
            let to = target(ind, r, missing)?;
            Some((ind.max_score - r.score, ind.band_for(to, r.measured.value).gap(r.measured.value), *ind, *r))
        })
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(cmp_ratio(a.1, b.1)));
    let (mut raises, mut words) = (Vec::new(), Vec::new());
    for (_, _, ind, r) in order {
        if missing == 0 {
            break;
        }
        let Some(to) = target(ind, r, missing) else { continue };
        missing = missing.saturating_sub(u64::from(to - r.score));
        let m = ind.def.measure;
        let needed_value = m.needed_text(ind.band_for(to, r.measured.value), inputs.report.is_some());
        let now_value = m.now_text(inputs, r.measured.value);
        words.push(format!("{} {} → {to} ({now_value} → {needed_value})", r.id, r.score));
        raises.push(Raise { indicator: r.id.clone(), from: r.score, to });
    }
    let points = raises.iter().map(|r| u64::from(r.to - r.from)).sum();
    let (now, after) = (index_of(results, index, &[]), index_of(results, index, &raises));
    let text =
        format!("{} index {} → {}: e.g. {}", index.as_str(), index_text(now), index_text(after), words.join(" and "));
    Some(IndexPlan { raises, points, text })
}

#[cfg(test)]
mod tests;
