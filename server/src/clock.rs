//! The one clock. Every timestamp the server writes and every legal date it judges by
//! (publication, withdrawal, deadlines, validity, statistics) comes from here.
//!
//! Timestamps are stored as ISO 8601 UTC text with microseconds (`2026-11-29T13:05:00.000000Z`),
//! which sorts correctly as text on both backends. Legal dates are dates in China Standard
//! Time (UTC+8, no daylight saving): a decision published at 17:30 UTC is published on the
//! next China date.
//!
//! The clock reads the system time plus an offset, zero unless a test sets it, so the
//! suite can run the server at 23:30 UTC or 00:30 China time whatever the hour.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use app::model::{Date, Timestamp};

/// The server's clock. Cheap to clone; clones share the setting.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Microseconds added to the system time (zero in production).
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// Moves the clock so that it now reads `at` (it keeps running from there). For tests.
    pub fn set(&self, at: Timestamp) {
        let offset = at.micros() - micros_since_epoch(SystemTime::now());
        self.offset_micros.store(offset, Ordering::Relaxed);
    }

    /// Moves the clock to the UTC timestamp `at` (`2026-11-29T23:30:00Z`). For tests.
    pub fn set_utc(&self, at: &str) -> Result<(), String> {
        let at = Timestamp::parse(at).ok_or_else(|| format!("{at:?} is not a UTC timestamp"))?;
        self.set(at);
        Ok(())
    }

    /// Now.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_micros(
            micros_since_epoch(SystemTime::now()) + self.offset_micros.load(Ordering::Relaxed),
        )
    }

    /// The time `offset_secs` from now (negative: in the past).
    pub fn now_plus(&self, offset_secs: i64) -> Timestamp {
        self.now().plus_secs(offset_secs)
    }

    /// Today's date in China.
    pub fn today(&self) -> Date {
        self.now().china_date()
    }
}

fn micros_since_epoch(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_micros() as i64,
        Err(e) => -(e.duration().as_micros() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn china_date_of(text: &str) -> String {
        Timestamp::parse(text).unwrap().china_date().to_string()
    }

    #[test]
    fn the_china_date_turns_at_16_00_utc() {
        assert_eq!(china_date_of("2026-11-29T15:59:59.999999Z"), "2026-11-29");
        assert_eq!(china_date_of("2026-11-29T16:00:00Z"), "2026-11-30");
        assert_eq!(china_date_of("2026-12-31T17:30:00Z"), "2027-01-01");
    }

    #[test]
    fn a_set_clock_reads_the_set_time_and_keeps_running() {
        let clock = Clock::system();
        let other = clock.clone();
        clock.set_utc("2026-11-29T23:30:00Z").unwrap();
        let now = other.now().to_string();
        assert!(now.starts_with("2026-11-29T23:30:0"), "{now}");
        assert_eq!(other.today().to_string(), "2026-11-30");
        clock.set_utc("2026-11-29T16:30:00Z").unwrap();
        assert_eq!(other.today().to_string(), "2026-11-30");
        assert!(
            other
                .now_plus(-3600)
                .to_string()
                .starts_with("2026-11-29T15:30")
        );
    }

    #[test]
    fn the_system_clock_writes_utc_text() {
        let now = Clock::system().now().to_string();
        assert_eq!(now.len(), 27);
        assert!(now.ends_with('Z'));
        assert_eq!(&now[10..11], "T");
    }
}
