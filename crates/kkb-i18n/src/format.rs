//! Numbers, dates, months and times in the reader's locale: `54,01`, `620.000`, `23 Agustus 2022`,
//! `November 2026`, `4 Desember 2026 16.30 WIB` in Indonesian; `54.01`, `620,000`, `23 August 2022`,
//! `November 2026`, `4 December 2026 16:30 WIB` in English. Times are shown in WIB (Asia/Jakarta, UTC+7 all year:
//! Indonesia has no daylight saving), the zone of the programme's offices in Sumatra and Java.

use crate::Lang;
use kkb_domain::date::Date;
use kkb_domain::kampung::YearMonth;

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// WIB is UTC+7, in minutes.
const WIB_OFFSET_MINUTES: i64 = 7 * 60;

impl Lang {
    /// A number with `decimals` decimals and grouped thousands: `54,01` / `620.000` (id), `54.01` / `620,000` (en).
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{:.*}", decimals, x.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let (group, point) = self.separators();
        let mut out = String::with_capacity(s.len() + 4);
        let negative = x < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if negative {
            out.push('−');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// The thousands separator and the decimal mark.
    pub(crate) fn separators(self) -> (char, char) {
        match self {
            Lang::Id => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// A decimal number with as many decimals as it has (at most 6): `-3,7956` / `-3.7956`.
    pub fn decimal(self, x: f64) -> String {
        let plain = format!("{x}");
        let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len().min(6));
        self.num(x, decimals)
    }

    /// An optional figure with two decimals, or an em dash.
    pub fn fig(self, x: Option<f64>) -> String {
        x.map(|v| self.num(v, 2)).unwrap_or_else(|| "—".into())
    }

    /// A signed change with two decimals (`+1,25`, `−0,40`).
    pub fn delta(self, x: f64) -> String {
        let s = self.num(x, 2);
        if x >= 0.005 { format!("+{s}") } else { s }
    }

    /// A count with grouped thousands.
    pub fn count(self, n: i64) -> String {
        self.num(n as f64, 0)
    }

    fn month_name(self, month: u8) -> &'static str {
        let months = if self == Lang::Id { &MONTHS_ID } else { &MONTHS_EN };
        months[usize::from(month.clamp(1, 12)) - 1]
    }

    /// A date: `23 Agustus 2022` / `23 August 2022`.
    pub fn date(self, d: Date) -> String {
        format!("{} {} {}", d.day(), self.month_name(d.month()), d.year())
    }

    /// A month: `November 2026`.
    pub fn month(self, m: YearMonth) -> String {
        format!("{} {}", self.month_name(m.month()), m.year())
    }

    /// A span of months in words: `November 2026` for one month, `November–Desember 2026` within a year,
    /// `November 2026 – Februari 2027` across years.
    pub fn month_span(self, first: YearMonth, last: YearMonth) -> String {
        if first == last {
            self.month(first)
        } else if first.year() == last.year() {
            format!("{}–{} {}", self.month_name(first.month()), self.month_name(last.month()), last.year())
        } else {
            format!("{} – {}", self.month(first), self.month(last))
        }
    }

    /// An RFC 3339 timestamp (as the store writes them, in UTC) as a date and time in WIB:
    /// `4 Desember 2026 16.30 WIB` / `4 December 2026 16:30 WIB`. Anything else is returned as given.
    pub fn timestamp(self, rfc3339: &str) -> String {
        let Some(minutes) = utc_minutes(rfc3339) else { return rfc3339.to_string() };
        let local = minutes + WIB_OFFSET_MINUTES;
        let day = Date::from_days(local.div_euclid(1440) as i32);
        let (h, m) = (local.rem_euclid(1440) / 60, local.rem_euclid(60));
        let sep = if self == Lang::Id { '.' } else { ':' };
        format!("{} {h:02}{sep}{m:02} WIB", self.date(day))
    }
}

/// Minutes since 1970-01-01 00:00 UTC of `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`.
fn utc_minutes(s: &str) -> Option<i64> {
    let date = Date::parse_iso(s.get(..10)?)?;
    let b = s.as_bytes();
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let two = |i: usize| -> Option<i64> { s.get(i..i + 2)?.parse::<u8>().ok().map(i64::from) };
    let (h, m) = (two(11)?, two(14)?);
    if h > 23 || m > 59 {
        return None;
    }
    let rest = &s[16..];
    let zone_at = rest.find(['Z', 'z', '+', '-'])?;
    let offset = match &rest[zone_at..] {
        "Z" | "z" => 0,
        z if z.len() == 6 && z.as_bytes()[3] == b':' => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let (oh, om) = (z[1..3].parse::<i64>().ok()?, z[4..6].parse::<i64>().ok()?);
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    Some(i64::from(date.to_days()) * 1440 + h * 60 + m - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(Lang::Id.num(54.0137, 2), "54,01");
        assert_eq!(Lang::En.num(54.0137, 2), "54.01");
        assert_eq!(Lang::Id.count(620_000), "620.000");
        assert_eq!(Lang::En.count(1_234_567), "1,234,567");
        assert_eq!(Lang::Id.num(-0.004, 2), "0,00");
        assert_eq!(Lang::Id.delta(-1.25), "−1,25");
        assert_eq!(Lang::Id.delta(1.25), "+1,25");
        assert_eq!(Lang::Id.fig(None), "—");
        assert_eq!(Lang::Id.count(999), "999");
        assert_eq!(Lang::Id.decimal(-3.7956), "−3,7956");
        assert_eq!(Lang::En.decimal(95.5), "95.5");
        assert_eq!(Lang::En.decimal(120.0), "120");
    }

    #[test]
    fn dates_and_months_follow_the_locale() {
        let d = Date::new(2022, 8, 23).unwrap();
        assert_eq!(Lang::Id.date(d), "23 Agustus 2022");
        assert_eq!(Lang::En.date(d), "23 August 2022");
        let m = YearMonth::new(2026, 11).unwrap();
        assert_eq!((Lang::Id.month(m), Lang::En.month(m)), ("November 2026".into(), "November 2026".into()));
        assert_eq!(Lang::Id.month(YearMonth::new(2026, 12).unwrap()), "Desember 2026");
    }

    #[test]
    fn month_spans_are_words() {
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        assert_eq!(Lang::Id.month_span(ym(2026, 11), ym(2026, 11)), "November 2026");
        assert_eq!(Lang::Id.month_span(ym(2026, 11), ym(2026, 12)), "November–Desember 2026");
        assert_eq!(Lang::En.month_span(ym(2026, 2), ym(2026, 12)), "February–December 2026");
        assert_eq!(Lang::Id.month_span(ym(2026, 11), ym(2027, 2)), "November 2026 – Februari 2027");
    }

    #[test]
    fn times_are_shown_in_wib() {
        assert_eq!(Lang::Id.timestamp("2026-12-04T09:30:12Z"), "4 Desember 2026 16.30 WIB");
        assert_eq!(Lang::En.timestamp("2026-12-04T09:30:12.123Z"), "4 December 2026 16:30 WIB");
        // Across midnight, the month and the year.
        assert_eq!(Lang::Id.timestamp("2026-12-31T17:05:00Z"), "1 Januari 2027 00.05 WIB");
        assert_eq!(Lang::En.timestamp("2026-11-28T04:05:12+00:00"), "28 November 2026 11:05 WIB");
        assert_eq!(Lang::En.timestamp("2026-11-28T11:05:12+07:00"), "28 November 2026 11:05 WIB");
        assert_eq!(Lang::Id.timestamp("kemarin"), "kemarin");
        assert_eq!(Lang::Id.timestamp("2026-11-28T25:00:00Z"), "2026-11-28T25:00:00Z");
    }
}
