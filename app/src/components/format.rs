//! How numbers and dates read on the page.

/// Fen as yuan with thousands separators: `5000000` → `¥50,000.00`.
pub fn yuan(fen: i64) -> String {
    let (sign, fen) = if fen < 0 { ("-", -fen) } else { ("", fen) };
    let whole = (fen / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", fen % 100)
}

use crate::model::{Date, Timestamp};

/// Today in China (UTC+8), as the server judges legal dates.
pub fn china_today() -> Date {
    Timestamp::from_micros((js_sys::Date::now() * 1000.0) as i64).china_date()
}

/// The China date of an instant.
pub fn day(at: Timestamp) -> String {
    at.china_date().to_string()
}

/// An instant as China time to the minute.
#[cfg(feature = "workspace")]
pub fn china_time(at: Timestamp) -> String {
    at.china_minute().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_yuan() {
        assert_eq!(yuan(5_000_000), "¥50,000.00");
        assert_eq!(yuan(123_456_789), "¥1,234,567.89");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(100_000), "¥1,000.00");
    }

    #[test]
    fn days_come_from_timestamps() {
        let at = |t: &str| Timestamp::parse(t).unwrap();
        assert_eq!(day(at("2026-03-18T09:00:00.000000Z")), "2026-03-18");
        assert_eq!(day(at("2026-03-18T17:00:00.000000Z")), "2026-03-19");
        #[cfg(feature = "workspace")]
        assert_eq!(
            china_time(at("2026-03-18T17:05:00.000000Z")),
            "2026-03-19 01:05"
        );
    }
}
