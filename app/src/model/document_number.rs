//! Document numbers (发文字号 / 文书编号) in the form of GB/T 9704-2012 §7.2.5: the issuer's
//! abbreviation, the year in hexagonal brackets 〔〕, and the serial with no zero padding,
//! followed by 号 — for example `粤市监罚〔2024〕12号`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A document number in the standard form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentNumber {
    text: String,
    year: u32,
    serial: u32,
}

/// Why a string is not a document number in the standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentNumberError {
    Shape,
    Issuer,
    Year,
    Serial,
}

/// Brackets people type for 〔〕; they are read as 〔〕.
const OPENING: [char; 5] = ['〔', '[', '［', '【', '（'];
const CLOSING: [char; 5] = ['〕', ']', '］', '】', '）'];

impl DocumentNumber {
    /// Parses a number, accepting the brackets people commonly type for 〔〕 and
    /// writing them as 〔〕.
    pub fn parse(input: &str) -> Result<Self, DocumentNumberError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let open = s.find(OPENING).ok_or(DocumentNumberError::Shape)?;
        let close = s.find(CLOSING).ok_or(DocumentNumberError::Shape)?;
        if close < open {
            return Err(DocumentNumberError::Shape);
        }
        let issuer = &s[..open];
        let year = &s[open + s[open..].chars().next().map_or(0, char::len_utf8)..close];
        let after = &s[close + s[close..].chars().next().map_or(0, char::len_utf8)..];
        let serial = after.strip_suffix('号').ok_or(DocumentNumberError::Shape)?;

        let issuer_len = issuer.chars().count();
        if !(2..=20).contains(&issuer_len)
            || !issuer
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || is_han(c))
            || !issuer.chars().any(is_han)
        {
            return Err(DocumentNumberError::Issuer);
        }
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DocumentNumberError::Year);
        }
        let year: u32 = year.parse().map_err(|_| DocumentNumberError::Year)?;
        if !(2000..=2099).contains(&year) {
            return Err(DocumentNumberError::Year);
        }
        if serial.is_empty()
            || serial.len() > 7
            || serial.starts_with('0')
            || !serial.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DocumentNumberError::Serial);
        }
        let serial: u32 = serial.parse().map_err(|_| DocumentNumberError::Serial)?;
        Ok(Self {
            text: format!("{issuer}〔{year}〕{serial}号"),
            year,
            serial,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn year(&self) -> u32 {
        self.year
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for DocumentNumber {
    type Error = DocumentNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DocumentNumber> for String {
    fn from(n: DocumentNumber) -> String {
        n.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_form_parses() {
        let n = DocumentNumber::parse("粤市监罚〔2024〕12号").unwrap();
        assert_eq!(n.as_str(), "粤市监罚〔2024〕12号");
        assert_eq!((n.year(), n.serial()), (2024, 12));
        assert!(DocumentNumber::parse("穗天环罚〔2025〕1号").is_ok());
        assert!(DocumentNumber::parse("深市监（福田）罚〔2025〕3号").is_err());
    }

    #[test]
    fn common_brackets_are_written_as_hexagonal_ones() {
        for typed in [
            "粤市监罚[2024]12号",
            "粤市监罚【2024】12号",
            "粤市监罚［2024］12号",
            " 粤市监罚 〔2024〕 12号",
        ] {
            assert_eq!(
                DocumentNumber::parse(typed).unwrap().as_str(),
                "粤市监罚〔2024〕12号",
                "{typed}"
            );
        }
    }

    #[test]
    fn each_mistake_is_named() {
        use DocumentNumberError::*;
        assert_eq!(DocumentNumber::parse("粤市监罚2024-12"), Err(Shape));
        assert_eq!(DocumentNumber::parse("粤市监罚〔2024〕12"), Err(Shape));
        assert_eq!(DocumentNumber::parse("〔2024〕12号"), Err(Issuer));
        assert_eq!(DocumentNumber::parse("AB〔2024〕12号"), Err(Issuer));
        assert_eq!(DocumentNumber::parse("粤市监罚〔24〕12号"), Err(Year));
        assert_eq!(DocumentNumber::parse("粤市监罚〔1999〕12号"), Err(Year));
        assert_eq!(DocumentNumber::parse("粤市监罚〔2024〕012号"), Err(Serial));
        assert_eq!(DocumentNumber::parse("粤市监罚〔2024〕0号"), Err(Serial));
        assert_eq!(DocumentNumber::parse("粤市监罚〔2024〕号"), Err(Serial));
    }
}
