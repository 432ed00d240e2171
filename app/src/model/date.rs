//! Calendar dates as the API writes them: `YYYY-MM-DD`; timestamps as stored, ISO 8601
//! UTC text with microseconds (`2026-11-29T23:30:00.000000Z`); and China Standard Time
//! (UTC+8, no daylight saving), the time of every legal date.

use super::publicity::Date;

/// China Standard Time's offset from UTC.
pub const CHINA_OFFSET_SECS: i64 = 8 * 3600;

/// Reads `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (UTC) into microseconds since the epoch.
pub fn parse_timestamp(text: &str) -> Option<i64> {
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
    if parts.next().is_some() || fraction.len() > 6 || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let sub: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<6}").parse().ok()?
    };
    Some((date.days() * 86_400 + h * 3600 + m * 60 + s) * 1_000_000 + sub)
}

/// Microseconds since the epoch as stored timestamp text.
pub fn timestamp_text(micros: i64) -> String {
    let secs = micros.div_euclid(1_000_000);
    let sub = micros.rem_euclid(1_000_000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!(
        "{}T{:02}:{:02}:{:02}.{sub:06}Z",
        Date::from_days(days),
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
    )
}

/// The China date of an instant (microseconds since the epoch).
pub fn china_date(micros: i64) -> Date {
    let secs = micros.div_euclid(1_000_000) + CHINA_OFFSET_SECS;
    Date::from_days(secs.div_euclid(86_400))
}

/// A stored UTC timestamp as China time, `YYYY-MM-DD HH:MM` (`None` when it is not one).
pub fn china_minute(timestamp: &str) -> Option<String> {
    let micros = parse_timestamp(timestamp)? + CHINA_OFFSET_SECS * 1_000_000;
    Some(timestamp_text(micros)[..16].replace('T', " "))
}

/// Whether `s` is a real Gregorian date in `YYYY-MM-DD` form between 1900 and 2999.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..3000).contains(&y) && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_in_china_time() {
        assert_eq!(
            china_minute("2026-11-29T17:30:00.000000Z").as_deref(),
            Some("2026-11-30 01:30")
        );
        let micros = parse_timestamp("2026-11-29T15:59:59.999999Z").unwrap();
        assert_eq!(china_date(micros).to_string(), "2026-11-29");
        assert_eq!(china_date(micros + 1).to_string(), "2026-11-30");
        assert_eq!(timestamp_text(micros), "2026-11-29T15:59:59.999999Z");
        assert_eq!(parse_timestamp("2026-11-29T24:00:00Z"), None);
        assert_eq!(parse_timestamp("2026-11-29 10:00:00"), None);
    }

    #[test]
    fn real_dates_pass_and_others_fail() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("2024-1-01"));
        assert!(!is_iso_date("２０２４-01-01"));
        assert!(!is_iso_date("yesterday"));
    }
}
