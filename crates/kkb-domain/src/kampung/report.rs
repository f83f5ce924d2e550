//! Monthly KB reports: what the Kampung reports each month, parsed from a form (where counts may be negative or
//! the month malformed) into a typed report, then checked for consistency.

use super::{EARLIEST_YEAR, FieldProblem, vocabulary};
use crate::date::Date;
use crate::problem::Reason;
use crate::region::RegionCode;
use serde::{Deserialize, Serialize};

/// A calendar month, written `YYYY-MM`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    /// A month, `None` unless `month` is 1..=12 and the year has four digits.
    pub fn new(year: i32, month: u8) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year)).then_some(YearMonth { year, month })
    }

    /// Parses `YYYY-MM` strictly.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit()) {
            return None;
        }
        YearMonth::new(s[..4].parse().ok()?, s[5..].parse().ok()?)
    }

    /// The month of a date.
    pub fn of(d: Date) -> YearMonth {
        YearMonth { year: d.year(), month: d.month() }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        YearMonth::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a month (YYYY-MM)")))
    }
}

vocabulary! {
    /// The contraceptive methods of the monthly report: the fields of [`ContraceptiveUsers`], in order.
    ContraceptiveMethod = "kb-method" {
        /// Female sterilisation.
        Mow = "mow",
        /// Male sterilisation.
        Mop = "mop",
        /// IUD.
        Iud = "iud",
        /// Implant.
        Implan = "implan",
        /// Injectable.
        Suntik = "suntik",
        /// Pill.
        Pil = "pil",
        /// Condom.
        Kondom = "kondom",
    }
}

vocabulary! {
    /// Why a PUS uses no contraception, as the monthly report counts them: the fields of [`PusNotUsing`], in order.
    NotUsingReason = "not-using" {
        /// Pregnant.
        Hamil = "hamil",
        /// Wants a child soon.
        InginAnakSegera = "ingin_anak_segera",
        /// Wants a child later (*ingin anak tunda*).
        Iat = "iat",
        /// Wants no more children (*tidak ingin anak lagi*).
        Tial = "tial",
    }
}

/// Contraceptive users by method (the national application's seven methods; it records no traditional ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ContraceptiveUsers<N = u32> {
    /// Female sterilisation.
    pub mow: N,
    /// Male sterilisation.
    pub mop: N,
    /// IUD.
    pub iud: N,
    /// Implant.
    pub implan: N,
    /// Injectable.
    pub suntik: N,
    /// Pill.
    pub pil: N,
    /// Condom.
    pub kondom: N,
}

/// PUS not using contraception, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PusNotUsing<N = u32> {
    /// Pregnant.
    pub hamil: N,
    /// Wants a child soon.
    pub ingin_anak_segera: N,
    /// Wants a child later (*ingin anak tunda*).
    pub iat: N,
    /// Wants no more children (*tidak ingin anak lagi*).
    pub tial: N,
}

/// Poktan participants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Participants<N = u32> {
    /// Bina Keluarga Balita.
    pub bkb: N,
    /// Bina Keluarga Remaja.
    pub bkr: N,
    /// Bina Keluarga Lansia.
    pub bkl: N,
    /// UPPKA.
    pub uppka: N,
    /// PIK-R.
    pub pik_r: N,
}

/// A Kampung's KB report for one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct MonthlyReport {
    /// The desa/kelurahan of the Kampung.
    pub village: RegionCode,
    /// The month reported.
    pub month: YearMonth,
    /// PUS (couples of reproductive age) in the Kampung.
    pub pus: u32,
    /// Contraceptive users by method.
    #[cfg_attr(feature = "utoipa", schema(value_type = ContraceptiveUsers<u32>))]
    pub contraceptive_users: ContraceptiveUsers,
    /// PUS not using contraception, by reason.
    #[cfg_attr(feature = "utoipa", schema(value_type = PusNotUsing<u32>))]
    pub pus_not_using: PusNotUsing,
    /// Poktan participants.
    #[cfg_attr(feature = "utoipa", schema(value_type = Participants<u32>))]
    pub participants: Participants,
}

impl ContraceptiveUsers {
    /// All users.
    pub fn total(&self) -> u64 {
        [self.mow, self.mop, self.iud, self.implan, self.suntik, self.pil, self.kondom]
            .iter()
            .map(|&n| u64::from(n))
            .sum()
    }
}

impl PusNotUsing {
    /// All PUS not using.
    pub fn total(&self) -> u64 {
        [self.hamil, self.ingin_anak_segera, self.iat, self.tial].iter().map(|&n| u64::from(n)).sum()
    }
}

impl MonthlyReport {
    /// Every consistency problem, with the field named: users ≤ PUS, not-using ≤ PUS, users + not-using ≤ PUS,
    /// month neither in the future (after `today`'s month) nor before 2014.
    pub fn validate(&self, today: Date) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        if self.month > YearMonth::of(today) {
            p.push(FieldProblem::new("month", Reason::MonthInFuture { month: self.month }));
        } else if self.month.year() < EARLIEST_YEAR {
            p.push(FieldProblem::new("month", Reason::MonthTooEarly { month: self.month, year: EARLIEST_YEAR }));
        }
        let pus = u64::from(self.pus);
        let users = self.contraceptive_users.total();
        let not_using = self.pus_not_using.total();
        if users > pus {
            p.push(FieldProblem::new("contraceptive_users", Reason::MoreUsersThanPus { users, pus }));
        }
        if not_using > pus {
            p.push(FieldProblem::new("pus_not_using", Reason::MoreNotUsingThanPus { not_using, pus }));
        }
        if users <= pus && not_using <= pus && users + not_using > pus {
            let total = users + not_using;
            p.push(FieldProblem::new("pus", Reason::UsersAndNotUsingOverPus { users, not_using, total, pus }));
        }
        p
    }
}

/// A monthly report as entered (form, JSON, CSV row): counts may be negative or too large and the month
/// malformed, so that every such mistake is reported with its field instead of failing deserialisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct MonthlyReportForm {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// PUS.
    pub pus: i64,
    /// Contraceptive users by method.
    #[serde(default)]
    pub contraceptive_users: ContraceptiveUsers<i64>,
    /// PUS not using, by reason.
    #[serde(default)]
    pub pus_not_using: PusNotUsing<i64>,
    /// Poktan participants.
    #[serde(default)]
    pub participants: Participants<i64>,
}

fn count(p: &mut Vec<FieldProblem>, field: &str, n: i64) -> u32 {
    if n < 0 {
        p.push(FieldProblem::new(field, Reason::Negative));
        0
    } else {
        u32::try_from(n).unwrap_or_else(|_| {
            p.push(FieldProblem::new(field, Reason::TooLarge));
            0
        })
    }
}

impl MonthlyReportForm {
    /// The report of `village`, or every problem of the form (shape and consistency) with its field named.
    pub fn parse(&self, village: RegionCode, today: Date) -> Result<MonthlyReport, Vec<FieldProblem>> {
        let mut p = Vec::new();
        let month = YearMonth::parse(self.month.trim());
        if month.is_none() {
            p.push(FieldProblem::new("month", Reason::NotAMonth));
        }
        let (u, n, q) = (&self.contraceptive_users, &self.pus_not_using, &self.participants);
        let pus = count(&mut p, "pus", self.pus);
        let contraceptive_users = ContraceptiveUsers {
            mow: count(&mut p, "contraceptive_users.mow", u.mow),
            mop: count(&mut p, "contraceptive_users.mop", u.mop),
            iud: count(&mut p, "contraceptive_users.iud", u.iud),
            implan: count(&mut p, "contraceptive_users.implan", u.implan),
            suntik: count(&mut p, "contraceptive_users.suntik", u.suntik),
            pil: count(&mut p, "contraceptive_users.pil", u.pil),
            kondom: count(&mut p, "contraceptive_users.kondom", u.kondom),
        };
        let pus_not_using = PusNotUsing {
            hamil: count(&mut p, "pus_not_using.hamil", n.hamil),
            ingin_anak_segera: count(&mut p, "pus_not_using.ingin_anak_segera", n.ingin_anak_segera),
            iat: count(&mut p, "pus_not_using.iat", n.iat),
            tial: count(&mut p, "pus_not_using.tial", n.tial),
        };
        let participants = Participants {
            bkb: count(&mut p, "participants.bkb", q.bkb),
            bkr: count(&mut p, "participants.bkr", q.bkr),
            bkl: count(&mut p, "participants.bkl", q.bkl),
            uppka: count(&mut p, "participants.uppka", q.uppka),
            pik_r: count(&mut p, "participants.pik_r", q.pik_r),
        };
        let Some(month) = month else { return Err(p) };
        let report = MonthlyReport { village, month, pus, contraceptive_users, pus_not_using, participants };
        // Consistency of zeroed counts would mislead: with count problems, only the month is checked further.
        let shape_ok = p.is_empty();
        p.extend(report.validate(today).into_iter().filter(|q| shape_ok || q.field == "month"));
        if p.is_empty() { Ok(report) } else { Err(p) }
    }
}
