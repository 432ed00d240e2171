//! Enforcement departments: their tier and their field of enforcement.

use serde::{Deserialize, Serialize};

/// The tier of government a department belongs to. Catalog items name the tiers that may
/// exercise them, and the township tier may only hold items of the township guidance
/// catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentLevel {
    Province,
    City,
    County,
    Township,
}

/// The field a department enforces in. Names follow the departments' usual titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentKind {
    /// 司法行政: the justice department, which administers the system.
    Justice,
    /// 市场监管
    MarketRegulation,
    /// 生态环境
    Ecology,
    /// 交通运输
    Transport,
    /// 应急管理
    Emergency,
    /// 城市管理综合执法
    UrbanManagement,
    /// 自然资源
    NaturalResources,
    /// 住房城乡建设
    Housing,
    /// 农业农村
    Agriculture,
    /// 文化市场综合执法
    Culture,
    /// 卫生健康
    Health,
    /// 水利
    WaterResources,
    /// 乡镇（街道）综合行政执法
    TownshipComprehensive,
}

macro_rules! string_enum {
    ($ty:ty { $($variant:ident => $s:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];

            /// The stable code used in the API, the database and URLs.
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$variant => $s),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

string_enum!(DepartmentLevel {
    Province => "province",
    City => "city",
    County => "county",
    Township => "township",
});

string_enum!(DepartmentKind {
    Justice => "justice",
    MarketRegulation => "market_regulation",
    Ecology => "ecology",
    Transport => "transport",
    Emergency => "emergency",
    UrbanManagement => "urban_management",
    NaturalResources => "natural_resources",
    Housing => "housing",
    Agriculture => "agriculture",
    Culture => "culture",
    Health => "health",
    WaterResources => "water_resources",
    TownshipComprehensive => "township_comprehensive",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back_and_matches_serde() {
        for kind in DepartmentKind::ALL {
            assert_eq!(DepartmentKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for level in DepartmentLevel::ALL {
            assert_eq!(DepartmentLevel::parse(level.as_str()), Some(*level));
            assert_eq!(
                serde_json::to_string(level).unwrap(),
                format!("\"{}\"", level.as_str())
            );
        }
    }

    #[test]
    fn unknown_codes_are_none() {
        assert_eq!(DepartmentKind::parse("police"), None);
        assert_eq!(DepartmentLevel::parse("village"), None);
    }
}
