//! Sign-in rate limits: per account and per client address, shared by every server
//! process through the database.

use std::net::IpAddr;

use crate::{
    AppError, Result,
    db::{self, Db, throttle::Throttle},
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

fn seconds_until(at: &str) -> u64 {
    // Both sides are our fixed-width UTC text; compare via the epoch seconds they encode.
    let parse = |t: &str| -> Option<i64> {
        let y: i64 = t.get(0..4)?.parse().ok()?;
        let mo: i64 = t.get(5..7)?.parse().ok()?;
        let d: i64 = t.get(8..10)?.parse().ok()?;
        let h: i64 = t.get(11..13)?.parse().ok()?;
        let mi: i64 = t.get(14..16)?.parse().ok()?;
        let s: i64 = t.get(17..19)?.parse().ok()?;
        // Days from civil (Howard Hinnant), the inverse of db::civil_from_days.
        let (y, mo) = if mo <= 2 {
            (y - 1, mo + 9)
        } else {
            (y, mo - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * mo + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some((era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + mi * 60 + s)
    };
    match (parse(at), parse(&db::now_text())) {
        (Some(a), Some(n)) if a > n => (a - n) as u64,
        _ => 0,
    }
}

/// Refuses the attempt while the account or the address is locked.
pub async fn check(db: &Db, username: &str, ip: IpAddr) -> Result<()> {
    let now = db::now_text();
    for (key, _) in keys(username, ip) {
        if let Some(t) = db::throttle::get(db, &key).await?
            && let Some(until) = t.locked_until
            && until > now
        {
            return Err(locked(&until));
        }
    }
    Ok(())
}

fn locked(until: &str) -> AppError {
    let secs = seconds_until(until).max(1);
    AppError::RateLimited {
        retry_after_secs: secs,
        message: format!(
            "too many failed sign-ins; try again after {} UTC (in {} minutes)",
            &until[..16].replace('T', " "),
            secs.div_ceil(60)
        ),
    }
}

/// Counts a failure; returns the lock it caused, if any.
pub async fn record_failure(db: &Db, username: &str, ip: IpAddr) -> Result<Option<String>> {
    let now = db::now_text();
    let window_floor = db::now_plus(-WINDOW_SECS);
    let mut lock = None;
    for (key, limit) in keys(username, ip) {
        let mut t = match db::throttle::get(db, &key).await? {
            Some(t) if t.window_start >= window_floor => t,
            _ => Throttle {
                failures: 0,
                window_start: now.clone(),
                locked_until: None,
            },
        };
        t.failures += 1;
        if t.failures >= limit {
            let until = db::now_plus(LOCK_SECS);
            t.locked_until = Some(until.clone());
            t.failures = 0;
            t.window_start = now.clone();
            lock = Some(until);
        }
        db::throttle::put(db, &key, &t).await?;
    }
    Ok(lock)
}

/// Forgets an account's failures after a successful sign-in. The address keeps its
/// count, so one address cannot spray many accounts by mixing in a valid one.
pub async fn record_success(db: &Db, username: &str) -> Result<()> {
    db::throttle::clear(db, &format!("user:{username}")).await
}

/// The error for a locked account or address (also used right after locking).
pub fn locked_error(until: &str) -> AppError {
    locked(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_until_counts_forward_only() {
        let soon = db::now_plus(120);
        let s = seconds_until(&soon);
        assert!((118..=120).contains(&s), "{s}");
        assert_eq!(seconds_until(&db::now_plus(-60)), 0);
    }
}
