//! OpenAPI schemas of the model's text types (the `openapi` feature, the server's).
//!
//! Most types derive `utoipa::ToSchema` next to their serde derives. The types with their
//! own text form (dates, codes, identifiers) are declared here once, each with the
//! pattern of what its parser accepts, so the API document the server generates says
//! exactly what a field takes. A check character (case codes, credit codes, identity
//! numbers) cannot be said in a pattern: the document names it in the description.

use utoipa::openapi::{
    KnownFormat, ObjectBuilder, Ref, RefOr, Schema, SchemaFormat, Type,
    schema::{OneOfBuilder, SchemaType},
};

use super::{
    CaseCode, Date, DocumentNumber, IdNumber, InspectionCode, ItemCode, NewPassword, RegionCode,
    Timestamp, Uscc, Username,
};

/// A string schema with a pattern, a format and a description.
pub fn text(pattern: Option<&str>, format: Option<KnownFormat>, description: &str) -> Schema {
    let pattern = pattern.map(str::to_owned);
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .pattern(pattern)
        .format(format.map(SchemaFormat::KnownFormat))
        .description(Some(description))
        .into()
}

/// Text without control characters (C0, DEL, C1), which the server refuses anywhere in a
/// path or query string.
pub const NO_CONTROL: &str = r"^[^\u0000-\u001f\u007f-\u009f]*$";

/// The years, months and days [`Date::parse`] takes, as a pattern (the format says the
/// day is in its month).
pub const DATE_PATTERN: &str =
    r"^(?:19|2[0-9])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$";

/// A date, or nothing: a query filter where an empty value means none.
pub fn optional_date() -> Schema {
    OneOfBuilder::new()
        .item(<Date as utoipa::PartialSchema>::schema())
        .item(
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::String))
                .max_length(Some(0)),
        )
        .into()
}

/// `{"items": [T…], "total": n}`, named `TList`.
impl<T: utoipa::ToSchema> utoipa::PartialSchema for super::ListResponse<T> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .property(
                "items",
                utoipa::openapi::ArrayBuilder::new().items(Ref::from_schema_name(T::name())),
            )
            .property(
                "total",
                ObjectBuilder::new()
                    .schema_type(SchemaType::Type(Type::Integer))
                    .minimum(Some(0))
                    .description(Some("How many match, which may be more than are listed.")),
            )
            .required("items")
            .required("total")
            .into()
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for super::ListResponse<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        format!("{}List", T::name()).into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(schemas);
    }
}

macro_rules! text_schema {
    ($ty:ty, $pattern:expr, $format:expr, $description:literal) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                RefOr::T(text($pattern, $format, $description))
            }
        }

        impl utoipa::ToSchema for $ty {}
    };
}

text_schema!(
    Date,
    Some(DATE_PATTERN),
    Some(KnownFormat::Date),
    "A calendar date, `YYYY-MM-DD`, between 1900 and 2999. Legal dates are China dates."
);
text_schema!(
    Timestamp,
    Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$"),
    Some(KnownFormat::DateTime),
    "An instant in UTC with microseconds."
);
text_schema!(
    CaseCode,
    Some(r"^[0-9]{6}-[0-9]{4}-[0-9A-Z]{5}-[0-9A-Z]$"),
    None,
    "A case code (案码): region, year, serial and an ISO/IEC 7064 MOD 37,36 check character."
);
text_schema!(
    InspectionCode,
    Some(r"^J[0-9]{6}-[0-9]{4}-[0-9A-Z]{5}-[0-9A-Z]$"),
    None,
    "An inspection code (检查码): `J`, region, year, serial and an ISO/IEC 7064 MOD 37,36 check character."
);
/// A region code: a GB/T 2260 province, then `0000` (the province) or a city (not `00`)
/// and its county — the rules of [`RegionCode::parse`], from its list of provinces.
impl utoipa::PartialSchema for RegionCode {
    fn schema() -> RefOr<Schema> {
        let pattern = format!(
            "^(?:{})(?:0000|(?:0[1-9]|[1-9][0-9])[0-9]{{2}})$",
            super::region::PROVINCES.join("|")
        );
        RefOr::T(text(
            Some(&pattern),
            None,
            "A six-digit administrative division code (GB/T 2260).",
        ))
    }
}

impl utoipa::ToSchema for RegionCode {}

text_schema!(
    ItemCode,
    Some(r"^[A-Z]{2}[0-9]{8}$"),
    None,
    "A power-list item code: a two-letter category prefix and eight digits."
);
text_schema!(
    Uscc,
    Some(r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
    None,
    "A unified social credit code (GB 32100), with its check character."
);
text_schema!(
    IdNumber,
    Some(r"^[0-9]{17}[0-9X]$"),
    None,
    "A resident identity number (GB 11643), with its check character. Never public."
);
text_schema!(
    DocumentNumber,
    None,
    None,
    "A document number (文号) in the standard form, e.g. `穗天市监罚〔2025〕7号`."
);
text_schema!(
    Username,
    Some(r"^[a-z0-9][a-z0-9._-]{2,31}$"),
    None,
    "A username: 3 to 32 lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit."
);
text_schema!(
    NewPassword,
    None,
    None,
    "A new password: 10 to 128 characters with at least three of lower case, upper case, digits and other characters."
);

/// Query parameters: each says exactly what the server takes, so that a request the
/// document allows is one the server accepts (`IntoParams`' `schema_with`).
pub mod query {
    use utoipa::openapi::{KnownFormat, schema::OneOfBuilder};
    use utoipa::openapi::{ObjectBuilder, Schema, SchemaFormat, Type, schema::SchemaType};

    use crate::model::{
        Category, DepartmentKind, DepartmentLevel, MAX_AMOUNT_FEN, PenaltyType, codes::TextEnum,
    };

    fn integer(min: i64, max: i64) -> ObjectBuilder {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(min as f64))
            .maximum(Some(max as f64))
    }

    fn words(values: impl IntoIterator<Item = String>) -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .enum_values(Some(values))
            .into()
    }

    fn codes<T: TextEnum>() -> impl Iterator<Item = String> {
        T::all().iter().map(|v| v.code().to_owned())
    }

    /// Any 64-bit integer (an id that may match nothing).
    pub fn id() -> Schema {
        integer(i64::MIN, i64::MAX).into()
    }

    /// A feed's position: 0 (the start) or a `cursor` a page returned.
    pub fn feed_cursor() -> Schema {
        integer(0, i64::MAX).into()
    }

    /// A page size of 1 to 100.
    pub fn limit_100() -> Schema {
        integer(1, 100).into()
    }

    /// How many rows a page skips: 0 to 10,000.
    pub fn offset() -> Schema {
        integer(0, 10_000).into()
    }

    /// A page size of 1 to 500.
    pub fn limit_500() -> Schema {
        integer(1, 500).into()
    }

    /// A year of the statistics, 2000 to 2099.
    pub fn year() -> Schema {
        integer(2000, 2099).into()
    }

    /// An amount in yuan, from 0 to the largest fine Anma takes.
    pub fn yuan() -> Schema {
        integer(0, MAX_AMOUNT_FEN / 100).into()
    }

    /// Search words: up to 100 characters, no control characters.
    pub fn words_100() -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .max_length(Some(100))
            .pattern(Some(super::NO_CONTROL))
            .into()
    }

    /// Free text without control characters.
    pub fn text() -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .pattern(Some(super::NO_CONTROL))
            .into()
    }

    /// A region code: the region and everything in it.
    pub fn region() -> Schema {
        match <crate::model::RegionCode as utoipa::PartialSchema>::schema() {
            utoipa::openapi::RefOr::T(schema) => schema,
            utoipa::openapi::RefOr::Ref(_) => Schema::default(),
        }
    }

    /// A region code (the region and everything in it), or empty for none.
    pub fn region_or_blank() -> Schema {
        OneOfBuilder::new()
            .item(<crate::model::RegionCode as utoipa::PartialSchema>::schema())
            .item(words([String::new()]))
            .into()
    }

    /// A category by its code, its Chinese name or its item-code prefix, or empty.
    pub fn category_or_blank() -> Schema {
        let mut values = vec![String::new()];
        for c in Category::ALL {
            values.extend([
                c.as_str().to_owned(),
                c.name_zh().to_owned(),
                c.prefix().to_owned(),
            ]);
        }
        words(values)
    }

    /// A penalty type, or empty.
    pub fn penalty_or_blank() -> Schema {
        words(std::iter::once(String::new()).chain(codes::<PenaltyType>()))
    }

    /// A code of `T`, or empty for any.
    pub fn code_or_blank<T: TextEnum>() -> Schema {
        words(std::iter::once(String::new()).chain(codes::<T>()))
    }

    /// How disclosures are ordered.
    pub fn disclosure_sort() -> Schema {
        words(["", "newest", "oldest", "amount"].map(String::from))
    }

    /// The audit log's order.
    pub fn audit_order() -> Schema {
        words(["", "newest", "oldest"].map(String::from))
    }

    /// How a department's decisions are ordered.
    pub fn decision_sort() -> Schema {
        words(std::iter::once(String::new()).chain(crate::model::DecisionSort::codes()))
    }

    /// The `next` cursor of the previous page, or empty.
    pub fn cursor() -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .pattern(Some(r"^$|^[^\u0000-\u001f\u007f-\u009f]*~[0-9]{1,18}$"))
            .into()
    }

    /// Items are ordered by department and code, or `newest` first.
    pub fn item_sort() -> Schema {
        words(["newest".to_owned()])
    }

    /// Catalog items of one status, or `all`.
    pub fn item_status() -> Schema {
        words(codes::<crate::model::ItemStatus>().chain(["all".to_owned()]))
    }

    pub fn category() -> Schema {
        words(codes::<Category>())
    }

    pub fn level() -> Schema {
        words(codes::<DepartmentLevel>())
    }

    pub fn kind() -> Schema {
        words(codes::<DepartmentKind>())
    }

    pub fn boolean() -> Schema {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Boolean))
            .into()
    }

    /// A date, or empty for none.
    pub fn date_or_blank() -> Schema {
        super::optional_date()
    }
}
