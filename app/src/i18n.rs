//! Every user-visible string, in Simplified Chinese (the default) and English.
//!
//! Each key lists both languages side by side, so a missing translation is a compile
//! error. Views read strings through [`use_i18n`]: `move || i18n.t().home_title`.

use leptos::prelude::*;

use crate::model::{DepartmentKind, DepartmentLevel};

/// The interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

macro_rules! texts {
    ($($key:ident: $zh:expr, $en:expr;)*) => {
        /// The strings of one language.
        pub struct Texts { $(pub $key: &'static str,)* }
        pub const ZH: Texts = Texts { $($key: $zh,)* };
        pub const EN: Texts = Texts { $($key: $en,)* };
    };
}

texts! {
    brand: "案码", "Anma";
    brand_tagline: "行政执法 一案一码", "One case, one code";
    skip_to_content: "跳到正文", "Skip to content";
    nav_label: "主导航", "Main navigation";
    nav_verify: "核验", "Verify";
    nav_disclosures: "执法公示", "Disclosures";
    nav_items: "权责清单", "Power lists";
    nav_workspace: "工作台", "Workspace";
    switch_language: "English", "中文";
    switch_language_label: "Switch to English", "切换到中文";
    footer_note: "案码：行政执法决定真伪核验与执法公示。个人信息依法脱敏。", "Anma verifies administrative enforcement decisions and publishes them. Personal data is masked as the law requires.";
    loading: "正在加载…", "Loading…";
    retry: "重试", "Retry";
    error_network: "无法连接服务器，请检查网络后重试。", "Cannot reach the server. Check your connection and try again.";
    error_server: "服务器暂时无法处理请求，请稍后重试。", "The server could not handle the request. Please try again later.";
    error_not_found: "未找到。", "Not found.";
    error_invalid: "输入有误：", "Invalid input: ";

    home_title: "扫码或输入案码，核验执法决定", "Scan or type a case code to verify a decision";
    home_lead: "每份行政执法决定书都附有唯一的案码和二维码。输入案码，即可查看决定是否真实、是否仍然有效。", "Every administrative enforcement decision carries a unique case code and QR code. Enter the code to see whether the decision is genuine and still in force.";
    case_code_label: "案码", "Case code";
    case_code_hint: "印在决定书二维码下方，由大写字母、数字和“-”组成", "Printed under the QR code: capital letters, digits and “-”";
    case_code_placeholder: "例如 440106-2025-…", "e.g. 440106-2025-…";
    verify_button: "核验", "Verify";
    case_code_empty: "请输入案码。", "Please enter a case code.";
    case_code_bad_chars: "案码只含大写字母、数字和“-”，请检查输入。", "A case code has only capital letters, digits and “-”. Please check what you typed.";
    home_departments_title: "执法部门", "Enforcement departments";
    home_departments_lead: "全省已登记的执法部门及其权责清单。", "The province's registered enforcement departments and their power lists.";
    home_departments_count: "个执法部门", "enforcement departments";
    home_departments_link: "浏览各部门权责清单", "Browse the departments' power lists";

    verify_title: "案码核验", "Case code verification";
    verify_code: "案码", "Case code";
    verify_not_found_title: "未找到该案码", "No decision has this case code";
    verify_not_found_body: "登记库中没有使用此案码的执法决定。请核对决定书上的案码；如怀疑文书系伪造，请向作出决定的机关或司法行政部门反映。", "The register holds no enforcement decision with this code. Check the code on the document; if you suspect a forgery, report it to the deciding authority or the justice department.";
    verify_again: "核验其他案码", "Verify another code";

    disclosures_title: "执法决定公示", "Published enforcement decisions";
    disclosures_lead: "依法公开的行政处罚、行政许可等执法决定。自然人姓名依法脱敏，身份证号、住址、电话等个人信息不予公开。", "Administrative penalty, licensing and other decisions published as the law requires. Natural persons' names are masked; identity numbers, addresses and phone numbers are never published.";
    disclosures_empty: "暂无公示的执法决定。", "No decisions have been published yet.";

    items_title: "权责清单", "Power lists";
    items_lead: "各执法部门依法公示其行使的执法事项、设定依据和实施主体。选择部门查看其清单。", "Each enforcement department publishes the powers it exercises, their legal basis and implementing body. Choose a department to see its list.";
    filter_region: "地区", "Region";
    filter_region_all: "全省", "Whole province";
    filter_district: "区县", "District";
    filter_level: "层级", "Level";
    filter_kind: "执法领域", "Field";
    filter_all: "全部", "All";
    filter_search: "搜索部门名称或统一社会信用代码", "Search by name or unified social credit code";
    filter_submit: "搜索", "Search";
    filter_reset: "清除筛选", "Clear filters";
    results_count: "个部门", "departments";
    no_results: "没有符合条件的部门。", "No department matches these filters.";
    col_uscc: "统一社会信用代码", "Unified social credit code";

    workspace_title: "执法工作台", "Enforcement workspace";
    workspace_lead: "供执法部门工作人员认领权责事项、登记执法决定、打印案码。需使用单位分配的账号登录。", "For enforcement staff: claim power-list items, register decisions, print case codes. Sign in with the account your department issued.";
    workspace_login_pending: "账号登录将在身份与权限模块上线后开放。", "Sign-in opens when the identity and access module is released.";

    not_found_title: "页面不存在", "Page not found";
    not_found_body: "您访问的页面不存在或已移动。", "The page you asked for does not exist or has moved.";
    back_home: "返回首页", "Back to the home page";

    level_province: "省级", "Province";
    level_city: "市级", "City";
    level_county: "县级", "County";
    level_township: "乡镇（街道）", "Township";
    kind_justice: "司法行政", "Justice";
    kind_market_regulation: "市场监管", "Market regulation";
    kind_ecology: "生态环境", "Ecology and environment";
    kind_transport: "交通运输", "Transport";
    kind_emergency: "应急管理", "Emergency management";
    kind_urban_management: "城市管理综合执法", "Urban management";
    kind_natural_resources: "自然资源", "Natural resources";
    kind_housing: "住房城乡建设", "Housing and construction";
    kind_agriculture: "农业农村", "Agriculture";
    kind_culture: "文化市场综合执法", "Culture market";
    kind_health: "卫生健康", "Health";
    kind_water_resources: "水利", "Water resources";
    kind_township_comprehensive: "乡镇综合行政执法", "Township comprehensive enforcement";
}

impl Texts {
    pub fn level(&self, level: DepartmentLevel) -> &'static str {
        match level {
            DepartmentLevel::Province => self.level_province,
            DepartmentLevel::City => self.level_city,
            DepartmentLevel::County => self.level_county,
            DepartmentLevel::Township => self.level_township,
        }
    }

    pub fn kind(&self, kind: DepartmentKind) -> &'static str {
        match kind {
            DepartmentKind::Justice => self.kind_justice,
            DepartmentKind::MarketRegulation => self.kind_market_regulation,
            DepartmentKind::Ecology => self.kind_ecology,
            DepartmentKind::Transport => self.kind_transport,
            DepartmentKind::Emergency => self.kind_emergency,
            DepartmentKind::UrbanManagement => self.kind_urban_management,
            DepartmentKind::NaturalResources => self.kind_natural_resources,
            DepartmentKind::Housing => self.kind_housing,
            DepartmentKind::Agriculture => self.kind_agriculture,
            DepartmentKind::Culture => self.kind_culture,
            DepartmentKind::Health => self.kind_health,
            DepartmentKind::WaterResources => self.kind_water_resources,
            DepartmentKind::TownshipComprehensive => self.kind_township_comprehensive,
        }
    }
}

const STORAGE_KEY: &str = "anma.lang";

/// The current language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The strings of the current language (tracks the language signal).
    pub fn t(&self) -> &'static Texts {
        match self.lang.get() {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn toggle(&self) {
        self.lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Provides the language context: the stored choice, else Chinese. Every change is stored
/// and reflected in `<html lang>`.
pub fn provide_i18n() -> I18n {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = RwSignal::new(if stored.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Zh
    });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, if lang == Lang::En { "en" } else { "zh" });
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let i18n = I18n { lang };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::Zh),
    })
}
