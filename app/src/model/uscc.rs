//! Unified social credit codes (统一社会信用代码), GB 32100-2015.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The 31 characters a unified social credit code is written in; a character's value is
/// its index (GB 32100-2015 table 1: digits, then capitals without I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1..=17: `3^(i-1) mod 31` (GB 32100-2015 §5.2).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// An 18-character unified social credit code whose check character (position 18) is
/// correct under GB 32100-2015.
///
/// Input is trimmed and upper-cased, since people type codes on phones.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

/// Why a string is not a valid unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    Length(usize),
    InvalidChar { position: usize, found: char },
    CheckMismatch { expected: char, found: char },
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// Normalises and checks the characters of `input`, returning the upper-cased code.
fn normalise(input: &str, expected_len: usize) -> Result<String, UsccError> {
    let s = input.trim().to_ascii_uppercase();
    let count = s.chars().count();
    if count != expected_len {
        return Err(UsccError::Length(count));
    }
    if let Some((i, c)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !c.is_ascii() || value_of(c as u8).is_none())
    {
        return Err(UsccError::InvalidChar {
            position: i + 1,
            found: c,
        });
    }
    Ok(s)
}

/// The check character for the first 17 characters, which must be from the alphabet.
fn check_char(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| value_of(c).unwrap_or(0) * w)
        .sum();
    // GB 32100-2015: C18 = 31 - (Σ Ci·Wi mod 31); a result of 31 is written 0.
    let check = (31 - sum % 31) % 31;
    ALPHABET[check as usize] as char
}

impl Uscc {
    /// Parses a code and verifies its check character.
    pub fn parse(input: &str) -> Result<Self, UsccError> {
        let s = normalise(input, 18)?;
        let expected = check_char(&s.as_bytes()[..17]);
        let found = s.as_bytes()[17] as char;
        if expected != found {
            return Err(UsccError::CheckMismatch { expected, found });
        }
        Ok(Self(s))
    }

    /// Completes the first 17 characters of a code with its check character.
    pub fn from_body(body: &str) -> Result<Self, UsccError> {
        let mut s = normalise(body, 17)?;
        s.push(check_char(s.as_bytes()));
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The GB/T 2260 region code in positions 3-8, as written (not validated).
    pub fn region_part(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Uscc {
    type Err = UsccError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Uscc {
    type Error = UsccError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Uscc> for String {
    fn from(c: Uscc) -> Self {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "91350100M000100Y43";

    #[test]
    fn the_standard_example_is_valid() {
        assert_eq!(Uscc::parse(SAMPLE).unwrap().as_str(), SAMPLE);
    }

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn lower_case_and_whitespace_are_normalised() {
        assert_eq!(
            Uscc::parse(" 91350100m000100y43 ").unwrap().as_str(),
            SAMPLE
        );
    }

    #[test]
    fn a_wrong_check_character_is_rejected_naming_the_right_one() {
        assert_eq!(
            Uscc::parse("91350100M000100Y44"),
            Err(UsccError::CheckMismatch {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn letters_outside_the_alphabet_are_rejected() {
        assert_eq!(
            Uscc::parse("91350100M0001O0Y43"),
            Err(UsccError::InvalidChar {
                position: 14,
                found: 'O'
            })
        );
    }

    #[test]
    fn a_wrong_length_is_rejected() {
        assert_eq!(Uscc::parse("91350100M000100Y4"), Err(UsccError::Length(17)));
        assert_eq!(Uscc::parse(""), Err(UsccError::Length(0)));
    }

    #[test]
    fn non_ascii_input_is_rejected_not_panicking() {
        assert!(matches!(
            Uscc::parse("9135０100M000100Y43"),
            Err(UsccError::InvalidChar { position: 5, .. })
        ));
    }

    #[test]
    fn from_body_completes_the_standard_example() {
        assert_eq!(
            Uscc::from_body("91350100M000100Y4").unwrap().as_str(),
            SAMPLE
        );
    }

    fn body() -> impl Strategy<Value = String> {
        proptest::collection::vec(0usize..31, 17)
            .prop_map(|v| v.into_iter().map(|i| ALPHABET[i] as char).collect())
    }

    proptest! {
        #[test]
        fn every_completed_body_parses(b in body()) {
            let code = Uscc::from_body(&b).unwrap();
            prop_assert_eq!(Uscc::parse(code.as_str()), Ok(code.clone()));
        }

        #[test]
        fn a_single_substituted_character_is_rejected(b in body(), pos in 0usize..18, shift in 1usize..31) {
            let code = Uscc::from_body(&b).unwrap();
            let mut bytes = code.as_str().as_bytes().to_vec();
            let v = value_of(bytes[pos]).unwrap() as usize;
            bytes[pos] = ALPHABET[(v + shift) % 31];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(Uscc::parse(&changed).is_err());
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = Uscc::parse(&s);
            let _ = Uscc::from_body(&s);
        }
    }
}
