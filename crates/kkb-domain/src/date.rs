//! A minimal civil date: enough for birth dates, reference dates and ages, with no time zone and no I/O.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, `None` when the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (-9999..=9999).contains(&year);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` strictly.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        Date::new(num(0..4)? as i32, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = self.year - i32::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i32::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i32::from(month <= 2);
        Date { year, month, day }
    }

    /// Completed years from `self` (a birth date) to `on`; 0 when `on` is before `self`.
    pub fn age_on(self, on: Date) -> u32 {
        if on < self {
            return 0;
        }
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age.max(0) as u32
    }
}

/// Seconds since 1970-01-01 UTC by the system clock (0 if the clock is before 1970).
fn unix_seconds() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Today's date in UTC, by the system clock.
pub fn today_utc() -> Date {
    Date::from_days((unix_seconds() / 86_400) as i32)
}

/// The current UTC time as RFC 3339 to the second (`2026-11-28T03:05:38Z`).
pub fn now_utc_rfc3339() -> String {
    let secs = unix_seconds();
    let s = secs % 86_400;
    format!("{}T{:02}:{:02}:{:02}Z", Date::from_days((secs / 86_400) as i32), s / 3600, s / 60 % 60, s % 60)
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ages_count_completed_years() {
        let born = Date::new(2003, 6, 30).unwrap();
        assert_eq!(born.age_on(Date::new(2021, 6, 30).unwrap()), 18);
        assert_eq!(born.age_on(Date::new(2021, 6, 29).unwrap()), 17);
        assert_eq!(born.age_on(Date::new(2000, 1, 1).unwrap()), 0);
        let leap = Date::new(2004, 2, 29).unwrap();
        assert_eq!(leap.age_on(Date::new(2021, 2, 28).unwrap()), 16);
        assert_eq!(leap.age_on(Date::new(2021, 3, 1).unwrap()), 17);
    }

    #[test]
    fn parses_strictly() {
        assert_eq!(Date::parse_iso("2021-02-28").unwrap().to_string(), "2021-02-28");
        for s in ["2021-02-29", "2021-13-01", "2021-1-01", "21-01-01", "2021/01/01", "2021-00-10", "２０２１-01-01"]
        {
            assert!(Date::parse_iso(s).is_none(), "{s}");
        }
        assert!(Date::parse_iso("2020-02-29").is_some());
    }

    proptest! {
        #[test]
        fn days_round_trip(d in -800_000i32..800_000) {
            let date = Date::from_days(d);
            prop_assert_eq!(date.to_days(), d);
            prop_assert_eq!(Date::parse_iso(&date.to_string()).filter(|_| date.year() >= 0), (date.year() >= 0 && date.year() <= 9999).then_some(date));
        }
    }
}
