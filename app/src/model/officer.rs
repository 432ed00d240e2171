//! Enforcement officers (执法人员) and their certificates (行政执法证).
//!
//! Each department keeps a registry of its officers. Penalty decisions name at least two
//! officers whose certificates are valid on the decision date, and anyone can look an
//! officer up by certificate number (enforcement personnel publicity, 执法人员公示).

use serde::{Deserialize, Serialize};

use super::codes::text_codes;

use super::{Date, Msg, Timestamp};

/// A certificate's standing, apart from its validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfficerStatus {
    Active,
    /// Temporarily not allowed to enforce (暂扣).
    Suspended,
    /// Withdrawn for good (注销/吊销).
    Revoked,
}

text_codes!(OfficerStatus {
    Active => "active",
    Suspended => "suspended",
    Revoked => "revoked",
});

/// An officer as the department's workspace sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Officer {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub name: String,
    pub certificate_number: String,
    /// 执法领域, e.g. 市场监管.
    pub field: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub status: OfficerStatus,
    pub updated_at: Timestamp,
}

impl Officer {
    /// Whether the certificate allows enforcement on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        certificate_valid_on(self.status, self.valid_from, self.valid_until, date)
    }
}

/// Whether a certificate with this status and period allows enforcement on `date`.
pub fn certificate_valid_on(status: OfficerStatus, from: Date, until: Date, date: Date) -> bool {
    status == OfficerStatus::Active && from <= date && date <= until
}

/// Registering or updating an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub certificate_number: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub field: String,
    pub valid_from: Date,
    pub valid_until: Date,
    /// `active` when left out.
    #[serde(default)]
    pub status: Option<OfficerStatus>,
}

impl OfficerInput {
    /// Checks every field; returns the first problem as `(field, message)`.
    pub fn validate(&self) -> Result<OfficerInput, (&'static str, Msg)> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(("name", Msg::LengthBetween { min: 1, max: 50 }));
        }
        let certificate_number = normalise_certificate(&self.certificate_number)
            .ok_or(("certificate_number", Msg::CertificateShape))?;
        let field = self.field.trim();
        if field.is_empty() || field.chars().count() > 50 {
            return Err(("field", Msg::LengthBetween { min: 1, max: 50 }));
        }
        if self.valid_until < self.valid_from {
            return Err(("valid_until", Msg::CertificateEndsBeforeStart));
        }
        Ok(OfficerInput {
            name: name.into(),
            certificate_number,
            field: field.into(),
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            status: Some(self.status.unwrap_or(OfficerStatus::Active)),
        })
    }
}

/// A certificate number, upper-cased with spaces removed; `None` if it is not 6 to 24
/// digits or letters.
pub fn normalise_certificate(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    ((6..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(s)
}

/// What anyone sees when looking up a certificate, `GET /api/v1/officers/{number}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicOfficer {
    pub certificate_number: String,
    pub name: String,
    pub department_name: String,
    pub field: String,
    pub valid_from: Date,
    pub valid_until: Date,
    pub status: OfficerStatus,
    /// Whether the certificate allows enforcement today.
    pub valid_today: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn input() -> OfficerInput {
        OfficerInput {
            name: " 李明 ".into(),
            certificate_number: "4401 0621 000123".into(),
            field: "市场监管".into(),
            valid_from: day("2024-01-01"),
            valid_until: day("2028-12-31"),
            status: None,
        }
    }

    #[test]
    fn input_is_normalised() {
        let v = input().validate().unwrap();
        assert_eq!(v.name, "李明");
        assert_eq!(v.certificate_number, "44010621000123");
        assert_eq!(v.status, Some(OfficerStatus::Active));
    }

    #[test]
    fn bad_input_names_its_field() {
        let mut i = input();
        i.certificate_number = "44-01".into();
        assert_eq!(i.validate().unwrap_err().0, "certificate_number");
        let mut i = input();
        i.valid_until = day("2023-12-31");
        assert_eq!(i.validate().unwrap_err().0, "valid_until");
    }

    #[test]
    fn validity_needs_an_active_status_and_the_period() {
        use OfficerStatus::*;
        assert!(certificate_valid_on(
            Active,
            day("2024-01-01"),
            day("2024-12-31"),
            day("2024-12-31")
        ));
        assert!(!certificate_valid_on(
            Active,
            day("2024-01-01"),
            day("2024-12-31"),
            day("2025-01-01")
        ));
        assert!(!certificate_valid_on(
            Active,
            day("2024-01-01"),
            day("2024-12-31"),
            day("2023-12-31")
        ));
        assert!(!certificate_valid_on(
            Suspended,
            day("2024-01-01"),
            day("2024-12-31"),
            day("2024-06-01")
        ));
    }
}
