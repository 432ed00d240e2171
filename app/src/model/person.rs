//! Natural persons: resident identity numbers (GB 11643) and how a person's name is shown
//! in public.
//!
//! An identity number is stored for the department's file and shown to its staff; no
//! public response carries one. A person's name is shown masked (`张**`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// Weights of positions 1..=17: `2^(18-i) mod 11` (GB 11643-1999 §7.2, ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each value of `Σ a_i·W_i mod 11`.
const CHECK: &[u8; 11] = b"10X98765432";

/// An 18-character resident identity number with a valid birth date and check character.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

/// Why a string is not a valid resident identity number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdNumberError {
    Length(usize),
    InvalidChar { position: usize, found: char },
    BirthDate,
    CheckMismatch { expected: char, found: char },
}

impl IdNumber {
    /// Parses a number, trimming it and reading a lower-case `x` as `X`.
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let s = input.trim().to_ascii_uppercase();
        let count = s.chars().count();
        if count != 18 {
            return Err(IdNumberError::Length(count));
        }
        if let Some((i, c)) = s
            .chars()
            .enumerate()
            .find(|&(i, c)| !(c.is_ascii_digit() || (i == 17 && c == 'X')))
        {
            return Err(IdNumberError::InvalidChar {
                position: i + 1,
                found: c,
            });
        }
        let b = s.as_bytes();
        let birth = format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14]);
        if Date::parse(&birth).is_none() {
            return Err(IdNumberError::BirthDate);
        }
        let expected = check_char(&b[..17]);
        let found = b[17] as char;
        if expected != found {
            return Err(IdNumberError::CheckMismatch { expected, found });
        }
        Ok(Self(s))
    }

    /// Completes the first 17 digits of a number with its check character.
    pub fn from_body(body: &str) -> Result<Self, IdNumberError> {
        let digits = body.trim();
        if digits.len() != 17 {
            return Err(IdNumberError::Length(digits.chars().count() + 1));
        }
        if let Some((i, c)) = digits
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(IdNumberError::InvalidChar {
                position: i + 1,
                found: c,
            });
        }
        Self::parse(&format!("{digits}{}", check_char(digits.as_bytes())))
    }

    /// The birth date the number encodes (checked by [`IdNumber::parse`]).
    pub fn birth_date(&self) -> Date {
        let digits = |r: std::ops::Range<usize>| self.0[r].parse().unwrap_or(1);
        Date::from_ymd(digits(6..10).into(), digits(10..12), digits(12..14))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check character for 17 digits.
fn check_char(body: &[u8]) -> char {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] as char
}

/// Never printed whole, even in logs.
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({}…)", &self.0[..6])
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(n: IdNumber) -> String {
        n.0
    }
}

/// A natural person's name as public pages show it: the first character, then one `*`
/// for each further character (`张三丰` → `张**`). A single-character name becomes `*`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            if rest == 0 {
                "*".into()
            } else {
                let mut out = String::from(first);
                out.extend(std::iter::repeat_n('*', rest));
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_completed_with_its_check_character() {
        let id = IdNumber::from_body("11010519491231002").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert!(IdNumber::from_body("1101051949123100").is_err());
        assert!(IdNumber::from_body("1101051949123100A").is_err());
        // The birth date is still checked.
        assert_eq!(
            IdNumber::from_body("11010519491331002"),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn valid_numbers_parse() {
        // GB 11643-1999's own example, and one with an X check character.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("44010619900307001X").is_ok());
        assert!(IdNumber::parse(" 11010519491231002x ").is_ok());
    }

    #[test]
    fn each_kind_of_mistake_is_named() {
        assert_eq!(
            IdNumber::parse("1101051949123100"),
            Err(IdNumberError::Length(16))
        );
        assert_eq!(
            IdNumber::parse("11010519491231X02X"),
            Err(IdNumberError::InvalidChar {
                position: 15,
                found: 'X'
            })
        );
        assert_eq!(
            IdNumber::parse("110105194902300024"),
            Err(IdNumberError::BirthDate)
        );
        assert_eq!(
            IdNumber::parse("110105194912310021"),
            Err(IdNumberError::CheckMismatch {
                expected: 'X',
                found: '1'
            })
        );
    }

    #[test]
    fn debug_output_hides_the_number() {
        let n = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(format!("{n:?}"), "IdNumber(110105…)");
    }

    #[test]
    fn names_are_masked_after_the_first_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("王"), "*");
        assert_eq!(mask_name(""), "");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_single_digit_change_is_caught(
            body in "[1-6][0-9]{5}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
            pos in 0usize..17,
            delta in 1u8..10,
        ) {
            let check = check_char(body.as_bytes());
            let good = format!("{body}{check}");
            prop_assert!(IdNumber::parse(&good).is_ok());
            let mut bytes = good.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(IdNumber::parse(&typo).is_err());
        }

        #[test]
        fn a_masked_name_keeps_only_its_first_character(name in "\\p{Han}{2,4}") {
            let masked = mask_name(&name);
            prop_assert_eq!(masked.chars().count(), name.chars().count());
            prop_assert!(masked.chars().skip(1).all(|c| c == '*'));
        }
    }
}
