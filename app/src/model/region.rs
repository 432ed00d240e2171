//! GB/T 2260 administrative division codes.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::text_codes;

/// A six-digit GB/T 2260 administrative division code, e.g. `440103` (Liwan district,
/// Guangzhou).
///
/// The code is structured as `PP CC DD`: province, prefecture-level city, county-level
/// division. `PP0000` is a province, `PPCC00` a city, anything else a county-level
/// division. Whether a code is *current* is a question for the regions table; this type
/// only guarantees the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode([u8; 6]);

/// Why a string is not a GB/T 2260 region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionCodeError {
    Length(usize),
    NotDigits,
    UnknownProvince(String),
    Malformed,
}

/// The tier a region code denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionLevel {
    Province,
    City,
    County,
}

text_codes!(RegionLevel {
    Province => "province",
    City => "city",
    County => "county",
});

/// GB/T 2260 province-level codes (first two digits).
pub(crate) const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

impl RegionCode {
    /// Parses a code, ignoring surrounding whitespace.
    pub fn parse(input: &str) -> Result<Self, RegionCodeError> {
        let s = input.trim();
        let count = s.chars().count();
        if count != 6 {
            return Err(RegionCodeError::Length(count));
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionCodeError::NotDigits);
        }
        if !PROVINCES.contains(&&s[0..2]) {
            return Err(RegionCodeError::UnknownProvince(s[0..2].to_owned()));
        }
        if &s[2..4] == "00" && &s[4..6] != "00" {
            return Err(RegionCodeError::Malformed);
        }
        let mut digits = [0u8; 6];
        digits.copy_from_slice(s.as_bytes());
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        // The array only ever holds ASCII digits (checked in `parse`).
        std::str::from_utf8(&self.0).unwrap_or("000000")
    }

    pub fn level(&self) -> RegionLevel {
        match (&self.0[2..4], &self.0[4..6]) {
            (b"00", _) => RegionLevel::Province,
            (_, b"00") => RegionLevel::City,
            _ => RegionLevel::County,
        }
    }

    /// The province this code belongs to (`PP0000`).
    pub fn province(&self) -> Self {
        let mut d = self.0;
        d[2..].copy_from_slice(b"0000");
        Self(d)
    }

    /// The prefecture-level city this code belongs to (`PPCC00`), or `None` for a
    /// province code.
    pub fn city(&self) -> Option<Self> {
        if self.level() == RegionLevel::Province {
            return None;
        }
        let mut d = self.0;
        d[4..].copy_from_slice(b"00");
        Some(Self(d))
    }

    /// The code one tier up, or `None` for a province.
    pub fn parent(&self) -> Option<Self> {
        match self.level() {
            RegionLevel::Province => None,
            RegionLevel::City => Some(self.province()),
            RegionLevel::County => self.city(),
        }
    }

    /// Whether `self` is `other` or lies within it.
    pub fn is_within(&self, other: &Self) -> bool {
        match other.level() {
            RegionLevel::Province => self.0[..2] == other.0[..2],
            RegionLevel::City => self.0[..4] == other.0[..4],
            RegionLevel::County => self == other,
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RegionCode {
    type Err = RegionCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> Self {
        c.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn guangdong_codes_parse_at_each_level() {
        assert_eq!(
            RegionCode::parse("440000").unwrap().level(),
            RegionLevel::Province
        );
        assert_eq!(
            RegionCode::parse("440100").unwrap().level(),
            RegionLevel::City
        );
        assert_eq!(
            RegionCode::parse("440103").unwrap().level(),
            RegionLevel::County
        );
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(RegionCode::parse(" 440300\n").unwrap().as_str(), "440300");
    }

    #[test]
    fn a_wrong_length_is_rejected() {
        assert_eq!(RegionCode::parse("4401"), Err(RegionCodeError::Length(4)));
        assert_eq!(
            RegionCode::parse("4401030"),
            Err(RegionCodeError::Length(7))
        );
        assert_eq!(
            RegionCode::parse("广东省广州市"),
            Err(RegionCodeError::NotDigits)
        );
    }

    #[test]
    fn letters_are_rejected() {
        assert_eq!(RegionCode::parse("44010A"), Err(RegionCodeError::NotDigits));
    }

    #[test]
    fn an_unknown_province_is_rejected() {
        assert_eq!(
            RegionCode::parse("990100"),
            Err(RegionCodeError::UnknownProvince("99".into()))
        );
        assert!(RegionCode::parse("000000").is_err());
    }

    #[test]
    fn a_county_part_without_a_city_part_is_rejected() {
        assert_eq!(RegionCode::parse("440003"), Err(RegionCodeError::Malformed));
    }

    #[test]
    fn parents_climb_one_tier_at_a_time() {
        let liwan = RegionCode::parse("440103").unwrap();
        let gz = liwan.parent().unwrap();
        assert_eq!(gz.as_str(), "440100");
        assert_eq!(gz.parent().unwrap().as_str(), "440000");
        assert_eq!(gz.parent().unwrap().parent(), None);
        assert!(liwan.is_within(&gz));
        assert!(!liwan.is_within(&RegionCode::parse("440300").unwrap()));
    }

    #[test]
    fn serde_validates_on_the_way_in() {
        let ok: RegionCode = serde_json::from_str("\"440305\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"440305\"");
        assert!(serde_json::from_str::<RegionCode>("\"44030\"").is_err());
    }

    proptest! {
        #[test]
        fn every_parsed_code_round_trips(s in "[0-9]{6}") {
            if let Ok(code) = RegionCode::parse(&s) {
                prop_assert_eq!(code.as_str(), s.as_str());
                prop_assert_eq!(RegionCode::parse(code.as_str()), Ok(code));
            }
        }

        #[test]
        fn a_code_lies_within_all_its_ancestors(p in 0usize..34, c in 1u8..=99, d in 0u8..=99) {
            let s = format!("{}{c:02}{d:02}", PROVINCES[p]);
            let code = RegionCode::parse(&s).unwrap();
            let mut up = code.parent();
            while let Some(a) = up {
                prop_assert!(code.is_within(&a));
                up = a.parent();
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = RegionCode::parse(&s);
        }
    }
}
