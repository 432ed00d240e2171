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

/// The China date of a stored UTC timestamp (a plain date stays as it is).
pub fn day(timestamp: &str) -> String {
    match crate::model::date::parse_timestamp(timestamp) {
        Some(micros) => crate::model::date::china_date(micros).to_string(),
        None => timestamp.get(..10).unwrap_or(timestamp).to_owned(),
    }
}

/// A stored UTC timestamp as China time to the minute.
#[cfg(feature = "workspace")]
pub fn china_time(timestamp: &str) -> String {
    crate::model::date::china_minute(timestamp).unwrap_or_else(|| timestamp.to_owned())
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
        assert_eq!(day("2026-03-18T09:00:00.000000Z"), "2026-03-18");
        assert_eq!(day("2026-03-18T17:00:00.000000Z"), "2026-03-19");
        assert_eq!(day("2026-03-18"), "2026-03-18");
        assert_eq!(day("bad"), "bad");
        assert_eq!(
            china_time("2026-03-18T17:05:00.000000Z"),
            "2026-03-19 01:05"
        );
    }
}
