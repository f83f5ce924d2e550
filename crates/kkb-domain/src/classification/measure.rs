//! What an indicator measures ([`Measure`]) and the measured value ([`Measurement`]): counts and levels in
//! integers, percentages rounded as the definition says ([`PercentRounding`]).

use super::classify::{Range, Value, Wanted};
use super::{Band, DataSource, Facility, FundingSource, Inputs, Operation, PercentRounding, Program};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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

    /// The measured value now, as the advice states it.
    pub(super) fn value_now(self, inputs: &Inputs, value: Option<u64>) -> Value {
        let Some(v) = value else { return Value::NoReport };
        match self {
            Measure::Pokja if inputs.pokja.exists => {
                Value::Pokja { members: inputs.pokja.members, trained: inputs.pokja.trained }
            }
            Measure::Pokja => Value::NoPokja,
            Measure::PkbRegulation => Value::Officer { pkb: inputs.pkb_assigned, regulation: inputs.regulation },
            _ if self.unit() == Unit::Percent => Value::Percent(v),
            _ => Value::Count(v),
        }
    }

    /// The values of a band, as a target (`above 50%`, `5 or more`, `a Pokja with members and training`).
    pub(super) fn wanted(self, band: &Band, has_report: bool) -> Wanted {
        let (lo, hi) = (band.min, band.max);
        let top = hi.is_none_or(|h| self.max_value().is_some_and(|m| h >= m));
        let unit = self.unit();
        let range = match (unit, hi) {
            (Unit::Level, _) => Range::Levels(lo, hi.unwrap_or(lo)),
            (_, Some(h)) if lo == h => Range::Exactly(lo),
            (_, Some(h)) if !top && lo == 0 => Range::AtMost(h),
            (_, Some(h)) if !top => Range::Between(lo, h),
            (Unit::Percent, _) if lo == 0 => Range::Any,
            _ => Range::AtLeast(lo),
        };
        Wanted { unit, report_missing: self.needs_report() && !has_report, range }
    }
}

/// A measured value, with what it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
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

impl PercentRounding {
    /// `a / b` as a whole percentage; 0 when `b` is 0. Saturates at `u64::MAX` (only absurd counts get there).
    pub fn percent(self, a: u128, b: u128) -> u64 {
        match self {
            _ if b == 0 => 0,
            PercentRounding::HalfAwayFromZero => saturate((200 * a + b) / (2 * b)),
            // The portal's `ROUND((n / d::float) * 100)`; `as` rounds to the nearest double and saturates.
            PercentRounding::FloatTiesEven => (a as f64 / b as f64 * 100.0).round_ties_even() as u64,
        }
    }

    /// The mean of `n` whole percentages summing to `sum`, rounded the same way (`n` > 0). The mean of five whole
    /// numbers is never a tie, so both ways give the same value; it is computed as the definition says all the same.
    pub fn mean(self, sum: u128, n: u128) -> u64 {
        match self {
            PercentRounding::HalfAwayFromZero => saturate((2 * sum + n) / (2 * n)),
            PercentRounding::FloatTiesEven => (sum as f64 / n as f64).round_ties_even() as u64,
        }
    }
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

    fn ratio(a: u128, b: u128, rounding: PercentRounding) -> Measurement {
        Measurement {
            value: Some(rounding.percent(a, b)),
            unit: Unit::Percent,
            numerator: Some(saturate(a)),
            denominator: Some(saturate(b)),
            participation: None,
        }
    }

    /// Measures `m` on `inputs`, percentages rounded by `rounding`. Lists count distinct items. A zero denominator
    /// gives 0% (so a report with PUS 0 has an unmet need of 0%, the best band: the contract's rule, followed
    /// literally).
    pub fn of(m: Measure, i: &Inputs, rounding: PercentRounding) -> Measurement {
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
                let (q, pct) = (&r.participants, |a: u64, b: u64| rounding.percent(wide(a), wide(b)));
                let parts = Participation {
                    bkb: pct(q.bkb, p.families_with_balita),
                    bkr: pct(q.bkr, p.families_with_remaja),
                    bkl: pct(q.bkl, p.families_with_lansia),
                    uppka: pct(q.uppka, p.families),
                    pik_r: pct(q.pik_r, p.remaja),
                };
                let sum: u128 = [parts.bkb, parts.bkr, parts.bkl, parts.uppka, parts.pik_r].map(wide).iter().sum();
                let value = rounding.mean(sum, 5);
                Measurement { participation: Some(parts), ..Measurement::plain(value, Unit::Percent) }
            }
            Measure::Cpr => Measurement::ratio(users, wide(p.pus), rounding),
            Measure::Mkjp => {
                Measurement::ratio([u.mow, u.mop, u.iud, u.implan].map(wide).iter().sum(), users, rounding)
            }
            _ => Measurement::ratio(wide(n.iat) + wide(n.tial), wide(p.pus), rounding),
        }
    }
}
