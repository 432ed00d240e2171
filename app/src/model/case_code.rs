//! Case codes (案码): the code printed with a QR on every enforcement decision.
//!
//! Format (see `docs/case-code.md`):
//!
//! ```text
//! 440106-2025-7KQ3M-X
//! └─┬──┘ └┬─┘ └─┬─┘ └ check character, ISO/IEC 7064 MOD 37,36
//!   │     │     └ serial: 5 base-36 characters, unique per region and year
//!   │     └ year of the decision
//!   └ GB/T 2260 region code of the deciding department
//! ```
//!
//! 19 characters, all in the QR alphanumeric set (digits, capitals, `-`). The check
//! character is computed over the 15 characters without the hyphens, so one mistyped
//! character or two swapped neighbours are caught before any request is sent.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::RegionCode;

/// Characters and their values (0-35) in ISO/IEC 7064 alphanumeric systems.
const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Where the serial starts in the compact code (after region and year).
pub(crate) const SERIAL_START: usize = 10;

/// How many serials a region has per year: 36^5.
pub const SERIALS_PER_YEAR: u64 = 60_466_176;

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// ISO/IEC 7064 MOD 37,36 (a hybrid system, M = 36): the check character for `data`
/// (characters from [`ALPHABET`]).
pub fn mod37_36_check(data: &[u8]) -> Option<char> {
    let mut p = 36u32;
    for &c in data {
        let mut s = (p + value(c)?) % 36;
        if s == 0 {
            s = 36;
        }
        p = (2 * s) % 37;
    }
    let check = (37 - p) % 36;
    Some(ALPHABET[check as usize] as char)
}

/// Whether `data` (check character last) passes ISO/IEC 7064 MOD 37,36.
pub fn mod37_36_valid(data: &[u8]) -> bool {
    match data.split_last() {
        Some((&last, body)) => mod37_36_check(body) == Some(last as char),
        None => false,
    }
}

/// A well-formed case code with a correct check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseCode(String);

/// Why a string is not a case code; each says what to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseCodeError {
    Shape,
    Region(String),
    Year(u32),
    Check,
}

impl CaseCode {
    /// Parses what people type: spaces dropped, lower case and full-width dashes accepted,
    /// hyphens optional.
    pub fn parse(input: &str) -> Result<Self, CaseCodeError> {
        read("", input).map(Self)
    }

    /// The code with `serial` (0 ≤ serial < 36⁵) of `region` in `year`. The issuer draws
    /// serials from a keyed permutation (the server's `cases::serials`), so they cannot be
    /// predicted. `None` out of range, and `None` for the few serials whose code would let a
    /// swap of two neighbours pass the check (see [`CaseCode::catches_every_swap`]): the
    /// issuer skips those and takes the next.
    pub fn issue(region: &RegionCode, year: u32, serial: u64) -> Option<Self> {
        let code = Self::candidate(region, year, serial)?;
        code.catches_every_swap().then_some(code)
    }

    /// Whether swapping two neighbouring characters of the serial or the check character
    /// (the part a person copies character by character) breaks the check. ISO/IEC 7064
    /// MOD 37,36 catches every single substitution but misses some adjacent swaps, so
    /// codes where such a swap would pass are never issued. Swaps inside the region and
    /// year cannot be steered by choosing a serial — whether one passes depends only on
    /// that prefix — so they are left to the region and year checks of [`CaseCode::parse`]
    /// and to the lookup, which finds no decision under the swapped code.
    pub fn catches_every_swap(&self) -> bool {
        swap_safe(&self.compact(), SERIAL_START)
    }

    fn candidate(region: &RegionCode, year: u32, serial: u64) -> Option<Self> {
        compose("", region, year, serial).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code without hyphens (what the check character covers).
    pub fn compact(&self) -> String {
        self.0.replace('-', "")
    }

    pub fn region(&self) -> RegionCode {
        // Checked in `parse`/`issue`.
        RegionCode::parse(&self.0[..6]).unwrap_or_else(|_| unreachable!("validated region"))
    }

    pub fn year(&self) -> u32 {
        self.0[7..11].parse().unwrap_or_default()
    }
}

impl fmt::Display for CaseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CaseCode {
    type Error = CaseCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CaseCode> for String {
    fn from(c: CaseCode) -> Self {
        c.0
    }
}

/// Reads a code of the family `{prefix}{region}-{year}-{serial}-{check}` as people type
/// it (spaces dropped, lower case and full-width dashes accepted, hyphens optional) into
/// its canonical text. Case codes have no prefix; inspection codes start with `J`.
pub(crate) fn read(prefix: &str, input: &str) -> Result<String, CaseCodeError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '－' | '—' | '–'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(rest) = compact.strip_prefix(prefix) else {
        return Err(CaseCodeError::Shape);
    };
    let b = rest.as_bytes();
    if b.len() != 16 || !b.iter().all(|c| value(*c).is_some()) {
        return Err(CaseCodeError::Shape);
    }
    if !b[..10].iter().all(u8::is_ascii_digit) {
        return Err(CaseCodeError::Shape);
    }
    let region = &rest[..6];
    RegionCode::parse(region).map_err(|_| CaseCodeError::Region(region.to_owned()))?;
    let year: u32 = rest[6..10].parse().map_err(|_| CaseCodeError::Shape)?;
    if !(2000..=2099).contains(&year) {
        return Err(CaseCodeError::Year(year));
    }
    if !mod37_36_valid(compact.as_bytes()) {
        return Err(CaseCodeError::Check);
    }
    Ok(format!(
        "{prefix}{}-{}-{}-{}",
        &rest[..6],
        &rest[6..10],
        &rest[10..15],
        &rest[15..]
    ))
}

/// The code of the family `prefix` with `serial` of `region` in `year`, weak or not;
/// `None` out of range.
pub(crate) fn compose(prefix: &str, region: &RegionCode, year: u32, serial: u64) -> Option<String> {
    if serial >= SERIALS_PER_YEAR || !(2000..=2099).contains(&year) {
        return None;
    }
    let mut serial = serial;
    let mut chars = [b'0'; 5];
    for slot in chars.iter_mut().rev() {
        *slot = ALPHABET[(serial % 36) as usize];
        serial /= 36;
    }
    let serial = std::str::from_utf8(&chars).ok()?;
    let body = format!("{prefix}{region}{year}{serial}");
    let check = mod37_36_check(body.as_bytes())?;
    Some(format!("{prefix}{region}-{year}-{serial}-{check}"))
}

/// Whether swapping two neighbours from `serial_start - 1` on (the serial and the check
/// character of the compact code) breaks the check.
pub(crate) fn swap_safe(compact: &str, serial_start: usize) -> bool {
    let compact = compact.as_bytes();
    (serial_start - 1..compact.len() - 1).all(|i| {
        if compact[i] == compact[i + 1] {
            return true;
        }
        let mut swapped = compact.to_vec();
        swapped.swap(i, i + 1);
        !mod37_36_valid(&swapped)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tianhe() -> RegionCode {
        RegionCode::parse("440106").unwrap()
    }

    #[test]
    fn iso_7064_mod_37_36_known_value() {
        // Worked by hand: P = 36; 'A' (10): S = 46 mod 36 = 10, P = 20 mod 37 = 20;
        // check c with (20 + c) mod 36 = 1 → c = 17 → 'H'.
        assert_eq!(mod37_36_check(b"A"), Some('H'));
        assert!(mod37_36_valid(b"AH"));
        assert!(!mod37_36_valid(b"AG"));
    }

    #[test]
    fn check_characters_match_an_independent_implementation() {
        // Computed with python-stdnum's `stdnum.iso7064.mod_37_36.calc_check_digit`.
        for (body, check) in [
            ("440106202500001", 'I'),
            ("4401062025000001", '1'),
            ("4403052026ZZZZZ", 'S'),
            ("4419002024A1B2C", 'I'),
        ] {
            assert_eq!(mod37_36_check(body.as_bytes()), Some(check), "{body}");
        }
    }

    /// The first code issuable at or after serial `n` (tests walk serials directly; the
    /// issuer permutes them).
    fn issue_from(year: u32, mut n: u64) -> CaseCode {
        loop {
            if let Some(code) = CaseCode::issue(&tianhe(), year, n) {
                return code;
            }
            n += 1;
        }
    }

    #[test]
    fn codes_a_swap_would_slip_through_are_not_issued() {
        // Found by the property test below: serial 27597723 gives a code in which swapping
        // the 13th and 14th characters still passes MOD 37,36.
        let weak = CaseCode::candidate(&tianhe(), 2025, 27_597_723).unwrap();
        assert!(!weak.catches_every_swap());
        assert_eq!(CaseCode::issue(&tianhe(), 2025, 27_597_723), None);
        // Few serials are skipped.
        let skipped = (1..=2000)
            .filter(|&n| CaseCode::issue(&tianhe(), 2025, n).is_none())
            .count();
        assert!(skipped < 100, "{skipped} of 2000 skipped");
    }

    #[test]
    fn issued_codes_have_the_documented_shape() {
        let code = issue_from(2025, 1);
        let s = code.as_str();
        assert_eq!(s.len(), 19);
        assert!(s.starts_with("440106-2025-"));
        assert_eq!(code.region(), tianhe());
        assert_eq!(code.year(), 2025);
        assert!(
            s.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'-')
        );
        assert_eq!(CaseCode::parse(s), Ok(code));
    }

    #[test]
    fn typing_habits_are_forgiven() {
        let code = issue_from(2025, 42);
        let sloppy = code.compact().to_lowercase();
        assert_eq!(CaseCode::parse(&format!(" {sloppy} ")), Ok(code.clone()));
        assert_eq!(CaseCode::parse(&code.as_str().replace('-', "－")), Ok(code));
    }

    #[test]
    fn malformed_codes_say_what_is_wrong() {
        assert_eq!(CaseCode::parse("440106-2025"), Err(CaseCodeError::Shape));
        assert_eq!(
            CaseCode::parse("440106-2025-7KQ3M-?"),
            Err(CaseCodeError::Shape)
        );
        assert!(matches!(
            CaseCode::parse("990106-2025-7KQ3M-X"),
            Err(CaseCodeError::Region(_))
        ));
        assert!(matches!(
            CaseCode::parse("440106-1999-7KQ3M-X"),
            Err(CaseCodeError::Year(1999))
        ));
    }

    #[test]
    fn serials_map_one_to_one_onto_codes() {
        let a = CaseCode::candidate(&tianhe(), 2025, 0).unwrap();
        let b = CaseCode::candidate(&tianhe(), 2025, SERIALS_PER_YEAR - 1).unwrap();
        assert_eq!(&a.as_str()[12..17], "00000");
        assert_eq!(&b.as_str()[12..17], "ZZZZZ");
        assert_eq!(CaseCode::issue(&tianhe(), 2025, SERIALS_PER_YEAR), None);
    }

    proptest! {
        #[test]
        fn every_issued_code_parses_back(n in 1u64..SERIALS_PER_YEAR - 1000, year in 2000u32..2100) {
            let code = issue_from(year, n);
            prop_assert_eq!(CaseCode::parse(code.as_str()), Ok(code));
        }

        #[test]
        fn a_single_substituted_character_is_rejected(n in 1u64..SERIALS_PER_YEAR - 1000, pos in 0usize..16, shift in 1u32..36) {
            let code = issue_from(2025, n).compact();
            let mut bytes = code.into_bytes();
            bytes[pos] = ALPHABET[((value(bytes[pos]).unwrap() + shift) % 36) as usize];
            prop_assert!(!mod37_36_valid(&bytes));
        }

        #[test]
        fn two_swapped_neighbours_are_rejected(n in 1u64..SERIALS_PER_YEAR - 1000, pos in 9usize..15) {
            let code = issue_from(2025, n).compact();
            let mut bytes = code.into_bytes();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            prop_assert!(!mod37_36_valid(&bytes));
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = CaseCode::parse(&s);
        }
    }
}

#[cfg(test)]
mod every_region {
    use super::*;

    /// Every Guangdong region can be issued codes in every year (the issuer skips weak
    /// serials; this shows it never runs out of strong ones).
    #[test]
    fn every_region_and_year_has_codes_to_issue() {
        let regions = include_str!("../../../server/data/regions-guangdong.csv");
        for line in regions.lines().skip(1) {
            let code = line.split(',').next().unwrap_or_default();
            let Ok(region) = RegionCode::parse(code) else {
                continue;
            };
            for year in 2024..=2030 {
                let issued = (1..=100)
                    .filter(|n| CaseCode::issue(&region, year, n * 604_661).is_some())
                    .count();
                assert!(issued > 80, "{code} {year}: {issued} of 100");
            }
        }
    }

    /// For some prefixes a swap inside the region or year passes whatever the serial:
    /// 台山市 (440781) in 2024, swapping "07" to "70". Such codes are still issued.
    #[test]
    fn prefix_swaps_do_not_block_issuing() {
        let region = RegionCode::parse("440781").unwrap();
        let code = (1..)
            .find_map(|n| CaseCode::issue(&region, 2024, n))
            .unwrap();
        let mut swapped = code.compact().into_bytes();
        let before = swapped.clone();
        let passing: Vec<usize> = (0..9)
            .filter(|&i| {
                swapped = before.clone();
                swapped[i] != swapped[i + 1] && {
                    swapped.swap(i, i + 1);
                    mod37_36_valid(&swapped)
                }
            })
            .collect();
        assert!(!passing.is_empty(), "{code}");
    }
}
