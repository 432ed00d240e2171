//! Sign-in limits, kept in the database so every server process sees the same counts.
//!
//! - **An account from one address**: 5 failures within 15 minutes lock that pair for 15
//!   minutes.
//! - **An address**: 20 failures within 15 minutes lock the address (one address may serve
//!   a whole office).
//! - **An account from strangers**: failures from addresses that never signed in to the
//!   account successfully are counted together; after 5 within 15 minutes each further
//!   one makes strangers wait longer before trying again (2, 4, 8 … seconds, at most 15
//!   minutes). The owner, signing in from an address that signed in before, is never
//!   slowed by them: nobody can lock an account for everyone.
//!
//! Addresses are keyed as every limit keys them (an IPv6 /64). Administrators list and lift
//! locks in the workspace.
use std::net::IpAddr;

use app::model::{Msg, SignInLock, SignInLockKind, Timestamp};

use crate::{
    AppError, Result,
    auth::client::address_key,
    clock::Clock,
    db::{self, Db},
};

/// Failures counted within this window...
const WINDOW_SECS: i64 = 15 * 60;
/// ...lock an account for one address after this many...
const PAIR_LIMIT: i64 = 5;
/// ...or an address after this many...
const ADDRESS_LIMIT: i64 = 20;
/// ...for this long.
const LOCK_SECS: i64 = 15 * 60;
/// Failures from strangers an account takes before they are slowed down...
const STRANGER_FREE: i64 = 5;
/// ...up to this delay.
const MAX_DELAY_SECS: i64 = 15 * 60;

/// The throttle rows one attempt touches.
struct Keys {
    pair: String,
    address: String,
    account: String,
}

fn keys(username: &str, ip: IpAddr) -> Keys {
    let address = address_key(ip);
    Keys {
        pair: format!("pair:{username}|{address}"),
        address: format!("ip:{address}"),
        account: format!("user:{username}"),
    }
}

/// What a throttle key says, for the administrators' list.
pub fn describe(key: &str) -> (SignInLockKind, Option<String>, Option<String>) {
    if let Some(rest) = key.strip_prefix("pair:") {
        let (account, address) = rest.split_once('|').unwrap_or((rest, ""));
        (
            SignInLockKind::AccountFromAddress,
            Some(account.to_owned()),
            Some(address.to_owned()),
        )
    } else if let Some(address) = key.strip_prefix("ip:") {
        (SignInLockKind::Address, None, Some(address.to_owned()))
    } else {
        let account = key.strip_prefix("user:").unwrap_or(key);
        (
            SignInLockKind::AccountFromStrangers,
            Some(account.to_owned()),
            None,
        )
    }
}

fn seconds_until(clock: &Clock, at: Timestamp) -> u64 {
    clock.now().secs_until(at).max(0) as u64
}

/// Whether `ip` has signed in to `username` successfully before.
pub async fn is_known(db: &Db, username: &str, ip: IpAddr) -> Result<bool> {
    db::throttle::is_known_address(db, username, &address_key(ip)).await
}

/// Refuses the attempt while the pair or the address is locked, or — for an address
/// that never signed in to the account — while strangers must wait.
pub async fn check(db: &Db, username: &str, ip: IpAddr, known: bool) -> Result<()> {
    let now = db.clock().now();
    let k = keys(username, ip);
    let mut watched = vec![k.pair, k.address];
    if !known {
        watched.push(k.account);
    }
    for key in watched {
        if let Some(until) = db::throttle::locked_until(db, &key).await?
            && until > now
        {
            return Err(locked(db.clock(), until));
        }
    }
    Ok(())
}

fn locked(clock: &Clock, until: Timestamp) -> AppError {
    let secs = seconds_until(clock, until).max(1);
    AppError::RateLimited {
        retry_after_secs: secs,
        msg: if secs < 60 {
            Msg::SignInLocked { seconds: secs }
        } else {
            Msg::SignInLockedUntil {
                until: until.china_minute(),
            }
        },
    }
}

/// The counted attempt, before the password is checked.
pub struct Attempt {
    /// The locks to apply if the password turns out wrong (a limit is reached).
    locks_if_wrong: Vec<String>,
    /// For a stranger past the free failures: the account row and how long strangers
    /// wait after this one fails.
    slows_if_wrong: Option<(String, i64)>,
}

/// A lock a failed attempt set, for the audit log.
pub struct NewLock {
    pub kind: SignInLockKind,
    pub until: Timestamp,
}

/// Counts this attempt before the password is checked, so a burst of simultaneous
/// guesses cannot all slip through one window: past a limit, the key is locked and the
/// password is not even checked.
pub async fn reserve(db: &Db, username: &str, ip: IpAddr, known: bool) -> Result<Attempt> {
    let clock = db.clock();
    let now = clock.now();
    let floor = clock.now_plus(-WINDOW_SECS);
    let k = keys(username, ip);
    let mut tx = db.begin().await?;
    let mut locks_if_wrong = Vec::new();
    let mut over = None;
    for (key, limit) in [(&k.pair, PAIR_LIMIT), (&k.address, ADDRESS_LIMIT)] {
        let count = db::throttle::count_attempt(&mut tx, key, now, floor).await?;
        if count > limit {
            let until = clock.now_plus(LOCK_SECS);
            db::throttle::lock(&mut tx, key, until, now).await?;
            over = Some(until);
        } else if count == limit {
            locks_if_wrong.push(key.clone());
        }
    }
    let mut slows_if_wrong = None;
    if !known {
        let count = db::throttle::count_attempt(&mut tx, &k.account, now, floor).await?;
        if count > STRANGER_FREE {
            let delay = 1i64
                .checked_shl((count - STRANGER_FREE).min(20) as u32)
                .unwrap_or(MAX_DELAY_SECS)
                .min(MAX_DELAY_SECS);
            slows_if_wrong = Some((k.account.clone(), delay));
        }
    }
    tx.commit().await?;
    match over {
        Some(until) => Err(locked(clock, until)),
        None => Ok(Attempt {
            locks_if_wrong,
            slows_if_wrong,
        }),
    }
}

/// The password was wrong: lock what reached its limit and slow strangers down; returns
/// the locks set (pair or address) for the audit log.
pub async fn failed(db: &Db, attempt: Attempt) -> Result<Vec<NewLock>> {
    let clock = db.clock();
    let now = clock.now();
    let until = clock.now_plus(LOCK_SECS);
    let mut tx = db.begin().await?;
    let mut set = Vec::new();
    for key in &attempt.locks_if_wrong {
        db::throttle::lock(&mut tx, key, until, now).await?;
        set.push(NewLock {
            kind: describe(key).0,
            until,
        });
    }
    if let Some((key, delay)) = &attempt.slows_if_wrong {
        // Strangers wait; the window and its count go on (the lock keeps the count).
        db::throttle::hold(&mut tx, key, clock.now_plus(*delay)).await?;
    }
    tx.commit().await?;
    Ok(set)
}

/// The password was right: this pair starts over, the address gets this attempt back
/// (its count keeps the failures, so one address cannot spray many accounts by mixing in
/// a valid one), and the address is remembered as the account's own.
pub async fn succeeded(db: &Db, username: &str, ip: IpAddr) -> Result<()> {
    let k = keys(username, ip);
    let mut tx = db.begin().await?;
    db::throttle::clear(&mut tx, &k.pair).await?;
    db::throttle::forgive_one(&mut tx, &k.address).await?;
    db::throttle::remember_address(&mut tx, username, &address_key(ip)).await?;
    tx.commit().await
}

/// Every lock in force, for administrators.
pub async fn locks(db: &Db) -> Result<Vec<SignInLock>> {
    let now = db.clock().now();
    Ok(db::throttle::locked(db, now)
        .await?
        .into_iter()
        .map(|(key, until, failures)| {
            let (kind, account, address) = describe(&key);
            SignInLock {
                key,
                kind,
                account,
                address,
                locked_until: until,
                failures,
            }
        })
        .collect())
}

/// The error for a locked account or address.
pub fn locked_error(clock: &Clock, until: Timestamp) -> AppError {
    locked(clock, until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_until_counts_forward_only() {
        let clock = Clock::system();
        let soon = clock.now_plus(120);
        let s = seconds_until(&clock, soon);
        assert!((118..=120).contains(&s), "{s}");
        assert_eq!(seconds_until(&clock, clock.now_plus(-60)), 0);
    }

    #[test]
    fn keys_say_what_they_lock() {
        let ip: IpAddr = "2001:db8:1:2::9".parse().unwrap();
        let k = keys("admin", ip);
        assert_eq!(
            describe(&k.pair),
            (
                SignInLockKind::AccountFromAddress,
                Some("admin".into()),
                Some("2001:db8:1:2::/64".into())
            )
        );
        assert_eq!(describe(&k.address).0, SignInLockKind::Address);
        assert_eq!(describe(&k.account).0, SignInLockKind::AccountFromStrangers);
    }
}
