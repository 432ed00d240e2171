//! Time as types: a calendar [`Date`] and an instant, [`Timestamp`]. These are the only
//! date and time types of the model; every date field is one or the other, parsed at the
//! edges (JSON, URLs, database rows, forms) and compared as values.
//!
//! - A [`Date`] is written `YYYY-MM-DD` everywhere: JSON, query strings, CSV and the
//!   database (a `TEXT` column on both backends). Legal dates (decision, publication,
//!   withdrawal, deadlines, validity) are dates in China Standard Time.
//! - A [`Timestamp`] is microseconds since 1970-01-01 UTC, written as ISO 8601 UTC text
//!   with six fraction digits (`2026-11-29T23:30:00.000000Z`) in JSON and in the database,
//!   so stored timestamps also sort correctly as text. People see it in China time
//!   ([`Timestamp::china_minute`]).
//!
//! China Standard Time is UTC+8 with no daylight saving.
//!
//! With the `sqlx` feature (the server's), both types bind and decode as text through
//! sqlx's `Any` driver.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// China Standard Time's offset from UTC.
pub const CHINA_OFFSET_SECS: i64 = 8 * 3600;

const MICROS_PER_DAY: i64 = 86_400 * 1_000_000;

/// A calendar date, as days since 1970-01-01. Years 1900–2999 only: [`Date::parse`]
/// refuses others, so a stored or typed date is always one a person could mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// `YYYY-MM-DD` (ASCII digits), a real Gregorian date between 1900 and 2999.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            s.get(r)
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|t| t.parse::<u32>().ok())
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let y = i64::from(y);
        ((1900..3000).contains(&y) && (1..=days_in_month(y, m)).contains(&d))
            .then(|| Self::from_ymd(y, m, d))
    }

    /// Howard Hinnant's days-from-civil: the one date algorithm of the project.
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Self {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = i64::from((m + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Self(era * 146_097 + doe - 719_468)
    }

    /// Year, month (1–12) and day (1–31): civil-from-days, the inverse of
    /// [`Date::from_ymd`].
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    /// 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.0 + 3).rem_euclid(7) + 1) as u32
    }

    pub fn plus_days(self, n: i64) -> Self {
        Self(self.0 + n)
    }

    /// The same day `n` months later (the month's last day when it is shorter).
    pub fn plus_months(self, n: u32) -> Self {
        self.shift_months(i64::from(n))
    }

    /// The same day `n` months earlier (the month's last day when it is shorter).
    pub fn minus_months(self, n: u32) -> Self {
        self.shift_months(-i64::from(n))
    }

    fn shift_months(self, n: i64) -> Self {
        let (y, m, d) = self.ymd();
        let months = y * 12 + i64::from(m - 1) + n;
        let (y, m) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u32);
        Self::from_ymd(y, m, d.min(days_in_month(y, m)))
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        Self(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.0
    }

    pub fn year(self) -> i64 {
        self.ymd().0
    }

    /// `YYYY-MM`, the month a statistic counts it in.
    pub fn month_text(self) -> String {
        let (y, m, _) = self.ymd();
        format!("{y:04}-{m:02}")
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.0 - self.0
    }

    /// The first instant of this date in China.
    pub fn china_start(self) -> Timestamp {
        Timestamp(self.0 * MICROS_PER_DAY - CHINA_OFFSET_SECS * 1_000_000)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// What [`Date`] and [`Timestamp`] refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("expected a date YYYY-MM-DD")]
    Date,
    #[error("expected a UTC timestamp YYYY-MM-DDTHH:MM:SS[.ffffff]Z")]
    Timestamp,
}

/// Gives a time type its one text form, for `str::parse`, JSON and (with the `sqlx`
/// feature) the database: `Display` writes it, `parse` reads it, `$error` says why not.
macro_rules! text_form {
    ($ty:ty, $error:expr) => {
        impl FromStr for $ty {
            type Err = TimeError;
            fn from_str(s: &str) -> Result<Self, TimeError> {
                Self::parse(s).ok_or($error)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

text_form!(Date, TimeError::Date);
text_form!(Timestamp, TimeError::Timestamp);

/// For optional dates in a query string, where an empty field (`from=`) means none:
/// `#[serde(default, deserialize_with = "blank_is_none")]`.
pub fn blank_is_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// An instant: microseconds since 1970-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// Microseconds since 1970-01-01 UTC.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.f…f]Z` (UTC, up to six fraction digits).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_suffix('Z')?;
        let (date, time) = text.split_once('T')?;
        let date = Date::parse(date)?;
        let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
        let mut parts = hms.split(':');
        let mut field = |max: i64| -> Option<i64> {
            let p = parts.next()?;
            if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok().filter(|v| *v <= max)
        };
        let (h, m, s) = (field(23)?, field(59)?, field(59)?);
        if parts.next().is_some()
            || fraction.len() > 6
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let sub = fraction
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(6)
            .fold(0, |n, b| n * 10 + i64::from(b - b'0'));
        Some(Self(
            (date.days() * 86_400 + h * 3600 + m * 60 + s) * 1_000_000 + sub,
        ))
    }

    /// `secs` seconds later (earlier when negative).
    pub fn plus_secs(self, secs: i64) -> Self {
        Self(self.0 + secs * 1_000_000)
    }

    /// Whole seconds from `self` to `later` (negative when `later` is earlier).
    pub fn secs_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(1_000_000)
    }

    /// The UTC date of this instant.
    fn utc_date(self) -> Date {
        Date::from_days(self.0.div_euclid(MICROS_PER_DAY))
    }

    /// The China date of this instant: the date of every legal deadline.
    pub fn china_date(self) -> Date {
        self.plus_secs(CHINA_OFFSET_SECS).utc_date()
    }

    /// This instant in China time to the minute, as people read it: a value whose
    /// `Display` is `YYYY-MM-DD HH:MM`.
    pub fn china_minute(self) -> ChinaMinute {
        ChinaMinute(self)
    }
}

impl fmt::Display for Timestamp {
    /// The stored form: `2026-11-29T23:30:00.000000Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rem = self.0.rem_euclid(MICROS_PER_DAY);
        let (secs, sub) = (rem / 1_000_000, rem % 1_000_000);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}.{sub:06}Z",
            self.utc_date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
        )
    }
}

/// An instant shown in China time to the minute (`2026-11-30 07:30`):
/// [`Timestamp::china_minute`]. A message parameter, or text on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChinaMinute(Timestamp);

impl fmt::Display for ChinaMinute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.0.plus_secs(CHINA_OFFSET_SECS);
        let minutes = local.0.rem_euclid(MICROS_PER_DAY) / 60_000_000;
        write!(
            f,
            "{} {:02}:{:02}",
            local.utc_date(),
            minutes / 60,
            minutes % 60
        )
    }
}

#[cfg(feature = "sqlx")]
mod sql {
    //! Both types are text in the database (`TEXT` columns on SQLite and PostgreSQL).

    use sqlx::{
        Any, Database, Decode, Encode, Type,
        any::{AnyTypeInfo, AnyValueRef},
        encode::IsNull,
        error::BoxDynError,
    };

    use super::{Date, Timestamp};

    macro_rules! as_text {
        ($ty:ty) => {
            impl Type<Any> for $ty {
                fn type_info() -> AnyTypeInfo {
                    <String as Type<Any>>::type_info()
                }
                fn compatible(ty: &AnyTypeInfo) -> bool {
                    <String as Type<Any>>::compatible(ty)
                }
            }

            impl<'q> Encode<'q, Any> for $ty {
                fn encode_by_ref(
                    &self,
                    buf: &mut <Any as Database>::ArgumentBuffer<'q>,
                ) -> Result<IsNull, BoxDynError> {
                    <String as Encode<'q, Any>>::encode(self.to_string(), buf)
                }
            }

            impl<'r> Decode<'r, Any> for $ty {
                fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                    let text = <&'r str as Decode<'r, Any>>::decode(value)?;
                    Ok(text.parse::<$ty>()?)
                }
            }
        };
    }

    as_text!(Date);
    as_text!(Timestamp);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn real_dates_pass_and_others_fail() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("２０２４-01-01").is_none());
        assert!(Date::parse("1899-12-31").is_none());
        assert!(Date::parse("yesterday").is_none());
    }

    #[test]
    fn months_back_keep_the_day_or_take_the_month_end() {
        assert_eq!(d("2026-12-10").minus_months(6), d("2026-06-10"));
        assert_eq!(d("2026-03-31").minus_months(1), d("2026-02-28"));
        assert_eq!(d("2026-01-15").minus_months(13), d("2024-12-15"));
        assert_eq!(d("2026-05-01").minus_months(0), d("2026-05-01"));
    }

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        assert_eq!(d("2026-11-27").to_string(), "2026-11-27");
        assert_eq!(d("2026-11-27").weekday(), 5, "a Friday");
        assert_eq!(d("1970-01-01").days(), 0);
        assert_eq!(d("2024-02-29").plus_days(1).to_string(), "2024-03-01");
        assert_eq!(d("2025-11-30").plus_months(3).to_string(), "2026-02-28");
        assert_eq!(d("2024-01-31").plus_months(1).to_string(), "2024-02-29");
        assert_eq!(d("2026-03-18").plus_months(36).to_string(), "2029-03-18");
        assert_eq!(d("2026-03-18").month_text(), "2026-03");
        assert!(d("2026-12-31") < d("2027-01-01"));
    }

    #[test]
    fn every_day_of_the_range_round_trips() {
        let (first, last) = (d("1900-01-01"), d("2999-12-31"));
        for days in first.days()..=last.days() {
            let date = Date::from_days(days);
            assert_eq!(Date::parse(&date.to_string()), Some(date));
        }
    }

    #[test]
    fn timestamps_read_in_china_time() {
        let ts = t("2026-11-29T17:30:00.000000Z");
        assert_eq!(ts.china_minute().to_string(), "2026-11-30 01:30");
        let edge = t("2026-11-29T15:59:59.999999Z");
        assert_eq!(edge.china_date().to_string(), "2026-11-29");
        assert_eq!(
            Timestamp::from_micros(edge.micros() + 1)
                .china_date()
                .to_string(),
            "2026-11-30"
        );
        assert_eq!(edge.to_string(), "2026-11-29T15:59:59.999999Z");
        assert_eq!(t("2026-11-29T10:00:00Z"), t("2026-11-29T10:00:00.000000Z"));
        assert_eq!(t("2026-11-29T10:00:00.5Z").micros() % 1_000_000, 500_000);
        assert_eq!(Timestamp::parse("2026-11-29T24:00:00Z"), None);
        assert_eq!(Timestamp::parse("2026-11-29 10:00:00"), None);
        assert_eq!(d("2026-11-30").china_start(), t("2026-11-29T16:00:00Z"));
    }

    #[test]
    fn json_is_the_text_form() {
        let json = serde_json::to_string(&(d("2026-11-30"), t("2026-11-29T17:30:00Z"))).unwrap();
        assert_eq!(json, r#"["2026-11-30","2026-11-29T17:30:00.000000Z"]"#);
        let back: (Date, Timestamp) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (d("2026-11-30"), t("2026-11-29T17:30:00Z")));
        assert!(serde_json::from_str::<Date>(r#""2026-02-30""#).is_err());
        assert!(serde_json::from_str::<Timestamp>(r#""2026-11-29""#).is_err());
    }
}
