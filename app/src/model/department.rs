//! Enforcement departments: their tier and their field of enforcement.

use super::codes::text_codes;

/// The tier of government a department belongs to. Catalog items name the tiers that may
/// exercise them, and the township tier may only hold items of the township guidance
/// catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DepartmentLevel {
    Province,
    City,
    County,
    Township,
}

text_codes!(DepartmentLevel {
    Province => "province",
    City => "city",
    County => "county",
    Township => "township",
});

/// The field a department enforces in. Names follow the departments' usual titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

text_codes!(DepartmentKind {
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
