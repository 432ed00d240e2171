//! Sign-in rate limits: per account and per client address, shared by every server
//! process through the database.

use std::net::IpAddr;

use crate::{
    AppError, Result,
    clock::{CHINA_OFFSET_SECS, Clock, parse_timestamp, timestamp_text},
    db::{self, Db},
};

/// Failures counted within this window...
const WINDOW_SECS: i64 = 15 * 60;
/// ...lock an account after this many...
const ACCOUNT_LIMIT: i64 = 5;
/// ...or an address after this many (one address may serve a whole office)...
const ADDRESS_LIMIT: i64 = 20;
/// ...for this long.
const LOCK_SECS: i64 = 15 * 60;

fn keys(username: &str, ip: IpAddr) -> [(String, i64); 2] {
    [
        (format!("user:{username}"), ACCOUNT_LIMIT),
        (format!("ip:{ip}"), ADDRESS_LIMIT),
    ]
}

fn seconds_until(clock: &Clock, at: &str) -> u64 {
    match parse_timestamp(at) {
        Some(a) => ((a - clock.now_micros()).max(0) / 1_000_000) as u64,
        None => 0,
    }
}

/// Refuses the attempt while the account or the address is locked.
pub async fn check(db: &Db, username: &str, ip: IpAddr) -> Result<()> {
    let now = db.clock().now_text();
    for (key, _) in keys(username, ip) {
        if let Some(until) = db::throttle::locked_until(db, &key).await?
            && until > now
        {
            return Err(locked(db.clock(), &until));
        }
    }
    Ok(())
}

fn locked(clock: &Clock, until: &str) -> AppError {
    let secs = seconds_until(clock, until).max(1);
    let china = parse_timestamp(until)
        .map(|micros| timestamp_text(micros + CHINA_OFFSET_SECS * 1_000_000))
        .unwrap_or_default();
    AppError::RateLimited {
        retry_after_secs: secs,
        message: format!(
            "too many failed sign-ins; try again after {} China time (in {} minutes)",
            china.get(..16).unwrap_or_default().replace('T', " "),
            secs.div_ceil(60)
        ),
    }
}

/// The counted attempt, before the password is checked.
pub struct Attempt {
    /// The lock to apply if the password turns out wrong (the limit is reached).
    locks_if_wrong: Vec<String>,
}

/// Counts this attempt for the account and the address before the password is checked,
/// so a burst of simultaneous guesses cannot all slip through one window: past the limit,
/// the key is locked and the password is not even checked.
pub async fn reserve(db: &Db, username: &str, ip: IpAddr) -> Result<Attempt> {
    let now = db.clock().now_text();
    let floor = db.clock().now_plus(-WINDOW_SECS);
    let mut tx = db.begin().await?;
    let mut locks_if_wrong = Vec::new();
    let mut over = None;
    for (key, limit) in keys(username, ip) {
        let count = db::throttle::count_attempt(&mut tx, &key, &now, &floor).await?;
        if count > limit {
            let until = db.clock().now_plus(LOCK_SECS);
            db::throttle::lock(&mut tx, &key, &until, &now).await?;
            over = Some(until);
        } else if count == limit {
            locks_if_wrong.push(key);
        }
    }
    tx.commit().await?;
    match over {
        Some(until) => Err(locked(db.clock(), &until)),
        None => Ok(Attempt { locks_if_wrong }),
    }
}

/// The password was wrong: lock what reached its limit; returns until when.
pub async fn failed(db: &Db, attempt: Attempt) -> Result<Option<String>> {
    if attempt.locks_if_wrong.is_empty() {
        return Ok(None);
    }
    let now = db.clock().now_text();
    let until = db.clock().now_plus(LOCK_SECS);
    let mut tx = db.begin().await?;
    for key in &attempt.locks_if_wrong {
        db::throttle::lock(&mut tx, key, &until, &now).await?;
    }
    tx.commit().await?;
    Ok(Some(until))
}

/// The password was right: the account's count starts over, and the address gets this
/// attempt back (its count keeps the failures, so one address cannot spray many accounts
/// by mixing in a valid one).
pub async fn succeeded(db: &Db, username: &str, ip: IpAddr) -> Result<()> {
    let mut tx = db.begin().await?;
    db::throttle::clear(&mut tx, &format!("user:{username}")).await?;
    db::throttle::forgive_one(&mut tx, &format!("ip:{ip}")).await?;
    tx.commit().await
}

/// The error for a locked account or address.
pub fn locked_error(clock: &Clock, until: &str) -> AppError {
    locked(clock, until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_until_counts_forward_only() {
        let clock = Clock::system();
        let soon = clock.now_plus(120);
        let s = seconds_until(&clock, &soon);
        assert!((118..=120).contains(&s), "{s}");
        assert_eq!(seconds_until(&clock, &clock.now_plus(-60)), 0);
    }
}
