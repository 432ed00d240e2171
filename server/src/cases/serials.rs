//! Unpredictable case-code serials: a keyed permutation of a region-year's 36⁵ serials.
//!
//! The n-th decision of a region and year gets serial `P_k(region, year, n - 1)`, where
//! `P_k` is a balanced Feistel network over ℤ₇₇₇₆ × ℤ₇₇₇₆ (36⁵ = 7776², so the domain is
//! exactly the serial space and no cycle-walking is needed), eight rounds, each round
//! function the first eight bytes of HMAC-SHA-256 under a key derived from the
//! deployment secret, over the region, the year, the round and the right half. Being a
//! permutation, distinct counters give distinct serials; without the secret, knowing
//! every earlier code tells nothing about the next one.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use app::model::case_code::SERIALS_PER_YEAR;

/// Half of a serial: 36⁵ = HALF².
const HALF: u64 = 7_776;
const ROUNDS: u8 = 8;

type HmacSha256 = Hmac<Sha256>;

/// The key of the permutation, derived from the deployment secret.
#[derive(Clone)]
pub struct SerialKey {
    mac: HmacSha256,
}

impl std::fmt::Debug for SerialKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SerialKey(…)")
    }
}

impl SerialKey {
    /// Derives the case-code serial key from the deployment secret.
    pub fn from_secret(secret: &[u8; 32]) -> Self {
        Self::derive(secret, b"anma case-code serials v1")
    }

    /// Derives the inspection-code serial key: another permutation, so neither family's
    /// codes tell anything about the other's.
    pub fn for_inspections(secret: &[u8; 32]) -> Self {
        Self::derive(secret, b"anma inspection-code serials v1")
    }

    fn derive(secret: &[u8; 32], label: &[u8]) -> Self {
        let mut derive = <HmacSha256 as Mac>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        derive.update(label);
        let key = derive.finalize().into_bytes();
        Self {
            mac: <HmacSha256 as Mac>::new_from_slice(&key)
                .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length")),
        }
    }

    /// The serial (0 ≤ serial < 36⁵) of the `n`-th decision (n ≥ 1) of `region` in `year`;
    /// `None` past the year's capacity.
    pub fn serial(&self, region: &str, year: u32, n: u64) -> Option<u64> {
        if n == 0 || n > SERIALS_PER_YEAR {
            return None;
        }
        let x = n - 1;
        let (mut left, mut right) = (x / HALF, x % HALF);
        for round in 0..ROUNDS {
            let f = self.round(region, year, round, right);
            (left, right) = (right, (left + f) % HALF);
        }
        Some(left * HALF + right)
    }

    fn round(&self, region: &str, year: u32, round: u8, half: u64) -> u64 {
        let mut mac = self.mac.clone();
        mac.update(region.as_bytes());
        mac.update(&year.to_be_bytes());
        mac.update(&[round]);
        mac.update(&half.to_be_bytes());
        let out = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&out[..8]);
        u64::from_be_bytes(first) % HALF
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn serials_are_distinct_and_in_range() {
        let key = SerialKey::from_secret(&[7; 32]);
        let mut seen = HashSet::new();
        for n in 1..=20_000 {
            let s = key.serial("440106", 2026, n).unwrap();
            assert!(s < SERIALS_PER_YEAR);
            assert!(seen.insert(s), "serial {s} repeated at n = {n}");
        }
        assert_eq!(key.serial("440106", 2026, 0), None);
        assert_eq!(key.serial("440106", 2026, SERIALS_PER_YEAR + 1), None);
        assert!(key.serial("440106", 2026, SERIALS_PER_YEAR).is_some());
    }

    #[test]
    fn the_permutation_is_a_bijection_on_a_full_half_row() {
        // Every output of a Feistel network over ℤ_HALF² is reached once; check a slice
        // of inputs that spans whole left halves.
        let key = SerialKey::from_secret(&[1; 32]);
        let outputs: HashSet<u64> = (1..=3 * HALF)
            .map(|n| key.serial("440300", 2025, n).unwrap())
            .collect();
        assert_eq!(outputs.len() as u64, 3 * HALF);
    }

    #[test]
    fn secrets_regions_and_years_give_different_sequences() {
        let a = SerialKey::from_secret(&[1; 32]);
        let b = SerialKey::from_secret(&[2; 32]);
        let first = |k: &SerialKey, region: &str, year: u32| -> Vec<u64> {
            (1..=5)
                .map(|n| k.serial(region, year, n).unwrap())
                .collect()
        };
        assert_ne!(first(&a, "440106", 2026), first(&b, "440106", 2026));
        assert_ne!(first(&a, "440106", 2026), first(&a, "440103", 2026));
        assert_ne!(first(&a, "440106", 2026), first(&a, "440106", 2027));
        assert_eq!(first(&a, "440106", 2026), first(&a, "440106", 2026));
    }

    #[test]
    fn consecutive_serials_are_not_a_stride() {
        let key = SerialKey::from_secret(&[9; 32]);
        let s: Vec<i64> = (1..=6)
            .map(|n| key.serial("440106", 2026, n).unwrap() as i64)
            .collect();
        let diffs: HashSet<i64> = s
            .windows(2)
            .map(|w| (w[1] - w[0]).rem_euclid(SERIALS_PER_YEAR as i64))
            .collect();
        assert!(diffs.len() > 1, "serials step by a constant: {s:?}");
    }
}
