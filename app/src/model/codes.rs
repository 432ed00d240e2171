//! One text code per enum variant, used alike in JSON, in the database and in URLs.
//!
//! An enum declares its codes once with [`text_codes!`]; that gives it `ALL`, `as_str`,
//! `parse`, `Display` and serde, all from the same table, and the [`TextEnum`] trait the
//! server's row mapping reads lists through. With the `sqlx` feature (the server's) the
//! enum also binds and decodes as its code through sqlx's `Any` driver, so a column is
//! read as the enum itself.

/// An enum stored and sent as text.
pub trait TextEnum: Sized + Copy + 'static {
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// The value's code.
    fn code(&self) -> &'static str;
    /// The value of a code.
    fn from_code(code: &str) -> Option<Self>;
}

/// Gives an enum its codes: `text_codes!(Procedure { Simple => "simple", … })`.
macro_rules! text_codes {
    ($ty:ident { $($variant:ident => $code:literal),* $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: [$ty; [$($code),*].len()] = [$($ty::$variant),*];

            /// The stable code used in JSON, the database and URLs.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($ty::$variant => $code,)*
                }
            }

            /// The value of a code.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($ty::$variant),)*
                    _ => None,
                }
            }
        }

        impl $crate::model::codes::TextEnum for $ty {
            fn all() -> &'static [Self] {
                &Self::ALL
            }
            fn code(&self) -> &'static str {
                self.as_str()
            }
            fn from_code(code: &str) -> Option<Self> {
                Self::parse(code)
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&code)
                    .ok_or_else(|| ::serde::de::Error::unknown_variant(&code, &[$($code),*]))
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $ty {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::SchemaType::Type(
                        ::utoipa::openapi::Type::String,
                    ))
                    .enum_values(Some([$($code),*]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $ty {}

        #[cfg(feature = "sqlx")]
        impl ::sqlx::Type<::sqlx::Any> for $ty {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <&str as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <&str as ::sqlx::Type<::sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q> ::sqlx::Encode<'q, ::sqlx::Any> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::Any as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&str as ::sqlx::Encode<'q, ::sqlx::Any>>::encode(self.as_str(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $ty {
            fn decode(value: ::sqlx::any::AnyValueRef<'r>) -> Result<Self, ::sqlx::error::BoxDynError> {
                let code = <&'r str as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                Self::parse(code).ok_or_else(|| {
                    format!(concat!("{:?} is not a ", stringify!($ty), " code"), code).into()
                })
            }
        }
    };
}

pub(crate) use text_codes;

#[cfg(test)]
mod tests {
    use super::TextEnum;
    use crate::model::*;

    fn round_trips<
        T: TextEnum + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
    >() {
        for value in T::all() {
            assert_eq!(T::from_code(value.code()), Some(*value));
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(json, format!("\"{}\"", value.code()));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *value);
        }
        assert!(T::from_code("no such code").is_none());
        assert!(serde_json::from_str::<T>("\"no such code\"").is_err());
    }

    #[test]
    fn every_code_parses_back_and_is_its_json() {
        round_trips::<Role>();
        round_trips::<SignInLockKind>();
        round_trips::<Category>();
        round_trips::<ItemStatus>();
        round_trips::<ClaimStatus>();
        round_trips::<Procedure>();
        round_trips::<PartyKind>();
        round_trips::<PenaltyType>();
        round_trips::<DecisionStatus>();
        round_trips::<Publication>();
        round_trips::<SignatureCheck>();
        round_trips::<OfficerStatus>();
        round_trips::<RegionLevel>();
        round_trips::<DatabaseBackend>();
        round_trips::<Duty>();
        round_trips::<DepartmentLevel>();
        round_trips::<DepartmentKind>();
    }
}
