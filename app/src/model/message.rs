//! Every message the API can answer a client with, in Simplified Chinese (the default)
//! and English, side by side so that a missing translation is a compile error.
//!
//! A message is a [`Msg`]: a stable key (`decision.date_in_future`) and its parameters.
//! The server sends the key and the parameters with each error (`rule`, `params`) and
//! renders the text in the language the request asked for (`Accept-Language`); the app
//! renders the same key in the language its user chose, from this same table. Templates
//! name parameters in braces; `{field}` is the error's field, written as the label the
//! user sees on the form ([`field_label`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The languages of the interface and of the API's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag (`<html lang>`, `Content-Language`, `Accept-Language`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language of a BCP 47 tag: English for `en…`, Chinese for `zh…`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim();
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::Zh)
        } else {
            None
        }
    }
}

/// A message's parameters by name, as sent in the JSON error's `params`.
pub type Params = BTreeMap<String, String>;

macro_rules! messages {
    ($(
        $(#[$doc:meta])*
        $variant:ident $({ $($param:ident : $ty:ty),* $(,)? })? = $key:literal:
            $zh:literal,
            $en:literal;
    )*) => {
        /// A message for a client: see the module documentation.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Msg {
            $( $(#[$doc])* $variant $({ $($param: $ty),* })?, )*
        }

        impl Msg {
            /// The stable key, sent as the error's `rule`.
            pub fn key(&self) -> &'static str {
                match self { $( Self::$variant { .. } => $key, )* }
            }

            /// The parameters the template names, sent as the error's `params`.
            pub fn params(&self) -> Params {
                match self {
                    $( Self::$variant $({ $($param),* })? => {
                        #[allow(unused_mut)]
                        let mut params = Params::new();
                        $($( params.insert(stringify!($param).to_owned(), $param.to_string()); )*)?
                        params
                    } )*
                }
            }
        }

        /// The template of `key` in `lang`.
        fn template(key: &str, lang: Lang) -> Option<&'static str> {
            match lang {
                Lang::Zh => match key { $( $key => Some($zh), )* _ => None },
                Lang::En => match key { $( $key => Some($en), )* _ => None },
            }
        }

        /// Every key, for the tests.
        #[cfg(test)]
        const KEYS: &[&str] = &[$( $key, )*];
    };
}

messages! {
    // Requests in general.
    BadRequest { detail: String } = "request.malformed":
        "请求格式有误：{detail}",
        "the request is malformed: {detail}";
    JsonShape { detail: String } = "request.json_shape":
        "请求内容与接口不符：{detail}",
        "the request body does not match the API: {detail}";
    PayloadTooLarge = "request.too_large":
        "请求内容过大",
        "the request body is too large";
    UnsupportedMediaType = "request.not_json":
        "请求内容应为 JSON（Content-Type: application/json）",
        "expected a JSON body with Content-Type: application/json";
    ControlCharacter = "text.control_character":
        "{field}含有控制字符（如 NUL），请删除",
        "{field} contains a control character (such as NUL); remove it";
    Unstorable = "text.unstorable":
        "文字中含有无法检索或保存的字符",
        "the text contains characters that cannot be searched or stored";
    Internal = "server.internal":
        "服务器内部错误，已记录，请稍后重试",
        "an internal error occurred; it has been logged";
    NoRoute { path: String } = "route.not_found":
        "没有此接口：{path}",
        "no API route at {path}";

    // Common field rules.
    Required = "field.required":
        "请填写{field}",
        "{field} is required";
    TooLong { max: usize } = "field.too_long":
        "{field}最多 {max} 个字符",
        "{field}: at most {max} characters";
    LengthBetween { min: usize, max: usize } = "field.length":
        "{field}应为 {min} 至 {max} 个字符",
        "{field}: {min} to {max} characters";
    DateFormat = "field.date_format":
        "{field}应为 YYYY-MM-DD 格式的日期",
        "{field}: a date in YYYY-MM-DD form";
    NotANumber = "field.not_a_number":
        "{field}应为数字",
        "{field} is a number";
    LimitRange { max: i64 } = "field.limit_range":
        "每页条数应在 1 至 {max} 之间",
        "limit must be between 1 and {max}";
    UnknownValue { value: String, allowed: String } = "field.unknown_value":
        "{field}不支持“{value}”，可选：{allowed}",
        "{field} cannot be {value:?}; use one of: {allowed}";
    OffsetRange { max: i64 } = "field.offset_range":
        "跳过的条数应在 0 至 {max} 之间",
        "offset must be between 0 and {max}";
    YearRange = "field.year_range":
        "年份应在 2000 至 2099 之间",
        "a year from 2000 to 2099";
    AmountRange = "field.amount_range":
        "{field}应为不小于 0 的金额（元）",
        "{field}: an amount in yuan, 0 or more";
    BatchSize { max: usize } = "field.batch_size":
        "请选择 1 至 {max} 项",
        "choose 1 to {max} items";
    DuplicateInBatch = "field.duplicate_in_batch":
        "同一项选择了两次",
        "the same item is chosen twice";
    BadCursor = "field.cursor":
        "翻页参数无效，请从第一页重新开始",
        "not a cursor this listing gave";
    ImportRowsInvalid { invalid: usize, rows: usize } = "file.rows_invalid":
        "{rows} 行中有 {invalid} 行有误，未导入任何内容",
        "{invalid} of {rows} rows are invalid; nothing was imported";
    ImportLinesInvalid { invalid: usize } = "file.lines_invalid":
        "{invalid} 行有误，未导入任何内容",
        "lines with problems: {invalid}; nothing was imported";
    HeaderLacks { column: String } = "file.header_lacks":
        "表头缺少“{column}”列",
        "the header row lacks the column {column}";
    CalendarHeader = "file.calendar_header":
        "第一行应为 日期,是否上班,说明（或 date,working,note）",
        "the first line must be date,working,note (or 日期,是否上班,说明)";
    RowUnreadable { detail: String } = "file.row_unreadable":
        "无法读取此行：{detail}",
        "cannot read this line: {detail}";
    CodeTwice { code: String } = "file.code_twice":
        "{code} 在文件中出现了两次",
        "{code} appears twice in the file";
    UnknownCategoryText { value: String } = "file.category":
        "无法识别的事项类别“{value}”",
        "unknown category {value:?}";
    UnknownLevelText { value: String } = "file.level":
        "无法识别的行使层级“{value}”（省级、市级、县级、乡镇）",
        "unknown level {value:?} (省级, 市级, 县级, 乡镇)";
    YesOrNo { value: String } = "file.yes_no":
        "请填写“是”或“否”，而不是“{value}”",
        "write 是 or 否, not {value:?}";
    TooManyRows { max: usize } = "file.too_many_rows":
        "一个文件最多 {max} 行",
        "at most {max} rows in one file";
    TooManyDays { max: usize } = "file.too_many_days":
        "一个文件最多 {max} 天",
        "at most {max} days in one file";
    CalendarColumns = "file.calendar_columns":
        "每行三列：日期、是否上班、说明",
        "three columns: date, working, note";
    WorkingOrOff = "file.working":
        "请填写“是”或“否”（上班或休息）",
        "是 or 否 (working or off)";
    DateTwice = "file.date_twice":
        "此日期列出了两次",
        "this date is listed twice";
    NoDays = "file.no_days":
        "文件中没有任何日期",
        "the file lists no days";
    EmptyFile = "file.empty":
        "文件为空",
        "the file is empty";
    FileUnreadable { detail: String } = "file.unreadable":
        "无法读取文件：{detail}",
        "cannot read the file: {detail}";
    FileLine { line: usize, detail: String } = "file.line":
        "第 {line} 行：{detail}",
        "line {line}: {detail}";

    // Not found.
    NoDepartment = "not_found.department":
        "没有此部门",
        "no such department";
    NoDecision = "not_found.decision":
        "本部门没有此执法决定",
        "no such decision in this department";
    NoOfficer = "not_found.officer":
        "本部门没有此执法人员",
        "no such officer in this department";
    NoClaim = "not_found.claim":
        "本部门没有此认领事项",
        "no such claim in this department";
    NoCatalogItem = "not_found.catalog_item":
        "目录中没有此事项",
        "no such catalog item";
    NoUser = "not_found.user":
        "没有此用户",
        "no such user";
    NoRegion { code: String } = "not_found.region":
        "没有行政区划 {code}",
        "no region {code}";
    NoPublishedDecision = "not_found.published_decision":
        "没有此公示决定",
        "no such published decision";
    NoPublishedItem = "not_found.published_item":
        "没有此公布事项",
        "no such published item";
    NoCaseCode { code: String } = "not_found.case_code":
        "没有案码为 {code} 的执法决定",
        "no decision has the case code {code}";
    NoCertificate { number: String } = "not_found.certificate":
        "没有持证号为 {number} 的执法人员",
        "no officer holds certificate {number}";
    NoSignInLock = "not_found.sign_in_lock":
        "没有此登录锁定",
        "no sign-in lock with this key";

    // Access.
    SignInRequired = "auth.sign_in_required":
        "请先登录",
        "sign in to continue";
    SessionEnded = "auth.session_ended":
        "登录已失效，请重新登录",
        "your session has ended; sign in again";
    InvalidCredentials = "auth.invalid_credentials":
        "用户名或密码不正确",
        "the username or password is incorrect";
    CsrfMissing = "auth.csrf":
        "缺少或错误的 X-CSRF-Token 请求头，请刷新页面后重试",
        "missing or wrong X-CSRF-Token header; reload the page and try again";
    CrossSite = "auth.cross_site":
        "跨站请求不得修改任何内容",
        "cross-site requests may not change anything";
    PasswordChangeRequired = "auth.password_change_required":
        "请先修改密码",
        "change your password before continuing";
    NoRule = "auth.no_rule":
        "此接口没有访问规则",
        "no access rule covers this route";
    OwnDepartmentOnly = "auth.own_department":
        "只能为本部门办理",
        "you may act only for your own department";
    IdempotencyKeyReused = "request.idempotency_key_reused":
        "此 Idempotency-Key 已用于另一项请求内容不同的请求",
        "this Idempotency-Key was used for a request with another body";
    IdempotencyKeyShape = "request.idempotency_key":
        "Idempotency-Key 应为 1 至 100 个可见 ASCII 字符",
        "an Idempotency-Key is 1 to 100 visible ASCII characters";
    TokenScopeMissing = "auth.token_scope":
        "此 API 令牌的权限范围不包括该操作",
        "this API token's scopes do not include this operation";
    TokenInvalid = "auth.token":
        "API 令牌无效、已吊销或已过期",
        "the API token is unknown, revoked or expired";
    NoToken = "not_found.token":
        "本部门没有此 API 令牌",
        "no such API token in this department";
    TokenRevoked = "token.revoked":
        "此 API 令牌已吊销",
        "this API token is already revoked";
    WebhookUrl = "token.webhook_url":
        "回调地址应为 http:// 或 https:// 开头、含主机名、不超过 500 个字符的网址",
        "a webhook URL starts with http:// or https://, names a host and has at most 500 characters";
    WebhookPrivate = "token.webhook_private":
        "回调地址不能指向本机或内部网络；如需推送到政务外网等内部系统，请由运维人员在服务器配置中放行其网段",
        "a webhook cannot point at this machine or an internal network; an operator can allow an internal network (the government extranet, say) in the server's settings";
    WebhookNeedsReadScope = "token.webhook_scope":
        "只有具备 decisions:read 或 decisions:write 权限范围的令牌才能接收事件",
        "only a token with decisions:read or decisions:write receives events";
    TokenExpiry { max: i64 } = "token.expiry":
        "有效期最后一天应在今天至 {max} 天之内",
        "the last day is today or within {max} days";
    RoleNotAllowed = "auth.role":
        "您的角色无权执行此操作",
        "your role does not allow this";
    SignInLocked { seconds: u64 } = "auth.locked":
        "登录失败次数过多，请 {seconds} 秒后再试",
        "too many failed sign-ins; try again in {seconds} seconds";
    SignInLockedUntil { until: super::ChinaMinute } = "auth.locked_until":
        "登录失败次数过多，请于北京时间 {until} 后再试",
        "too many failed sign-ins; try again after {until} China time";
    CurrentPasswordWrong = "auth.current_password":
        "当前密码不正确",
        "the current password is incorrect";
    PasswordHasUsername = "auth.password_has_username":
        "密码不得包含用户名",
        "the password may not contain the username";
    UsernameLength = "auth.username_length":
        "用户名应为 3 至 32 个字符",
        "a username has 3 to 32 characters";
    UsernameChars = "auth.username_chars":
        "用户名只能包含小写字母 a-z、数字、“.”、“_”和“-”，并以字母或数字开头",
        "a username may hold only letters a-z, digits, '.', '_' and '-', and starts with a letter or digit";
    PasswordLength = "auth.password_length":
        "密码应为 10 至 128 个字符",
        "a password has 10 to 128 characters";
    PasswordTooSimple = "auth.password_simple":
        "密码须包含小写字母、大写字母、数字、其他字符中的至少三类",
        "a password mixes at least three of: lower case, upper case, digits, other characters";
    UsernameTaken = "user.username_taken":
        "此用户名已被使用",
        "this username is already taken";
    DisableSelf = "user.disable_self":
        "不能停用自己的账号",
        "you cannot disable your own account";
    Taken = "field.taken":
        "此{field}已被使用",
        "this {field} is already taken";

    // Limits.
    LookupsLimited = "limit.lookups":
        "此地址查询案码过于频繁，请一分钟后再试，或扫描决定书上的二维码",
        "too many case-code lookups from this address; wait a minute, or scan the QR code on the document";
    AddressBusy { running: usize } = "limit.address":
        "此地址已有 {running} 项检索或下载正在进行，请等待完成",
        "this address already runs {running} searches or downloads; wait for them to finish";
    DatabaseUnreachable = "ready.database":
        "数据库暂时无法访问",
        "the database cannot be reached";
    MigrationsPending { pending: i64 } = "ready.migrations":
        "还有 {pending} 项数据库迁移未完成",
        "{pending} database migrations are pending";
    ServerBusy = "limit.server":
        "服务器正在进行的检索或下载已达上限，请稍后重试",
        "the server is running as many searches or downloads as it can; try again in a moment";
    SearchBusy = "limit.searches":
        "服务器正忙于其他检索，请稍后重试",
        "the server is busy with other searches; try again in a moment";
    SignInBusy = "limit.sign_ins":
        "服务器正忙于核对其他登录，请稍后重试",
        "the server is busy checking other sign-ins; try again in a moment";

    // Codes and numbers.
    RegionLength { length: usize } = "region.length":
        "行政区划代码为 6 位数字，此处为 {length} 个字符",
        "a region code has 6 digits, got {length} characters";
    RegionDigits = "region.digits":
        "行政区划代码只能包含数字",
        "a region code has digits only";
    RegionProvince { province: String } = "region.province":
        "{province} 不是 GB/T 2260 省级代码",
        "{province} is not a GB/T 2260 province code";
    RegionShape = "region.shape":
        "地市部分为 00 的行政区划代码必须以 00 结尾",
        "a region code with city part 00 must end in 00";
    UsccLength { length: usize } = "uscc.length":
        "统一社会信用代码为 18 个字符，此处为 {length} 个",
        "a unified social credit code has 18 characters, got {length}";
    UsccChar { position: usize, found: char } = "uscc.char":
        "第 {position} 个字符（{found}）不能出现在统一社会信用代码中",
        "character {position} ('{found}') is not allowed in a unified social credit code";
    UsccCheck { expected: char, found: char } = "uscc.check":
        "统一社会信用代码校验位应为 {expected}，此处为 {found}",
        "the check character should be '{expected}', got '{found}'";
    IdLength { length: usize } = "id_number.length":
        "居民身份号码为 18 个字符，此处为 {length} 个",
        "a resident identity number has 18 characters, got {length}";
    IdChar { position: usize, found: char } = "id_number.char":
        "第 {position} 个字符（{found}）不正确：只能是数字，末位可为 X",
        "character {position} ('{found}') is not allowed here: digits, and X only last";
    IdBirthDate = "id_number.birth_date":
        "第 7 至 14 位须为真实的出生日期（YYYYMMDD）",
        "characters 7 to 14 must be a real birth date (YYYYMMDD)";
    IdCheck { expected: char, found: char } = "id_number.check":
        "居民身份号码校验位应为 {expected}，此处为 {found}",
        "the check character should be '{expected}', got '{found}'";
    IdBornInFuture = "id_number.future_birth":
        "身份号码中的出生日期晚于今天",
        "the birth date in the identity number is in the future";
    DocumentNumberShape = "document_number.shape":
        "文号由机关代字、〔年份〕和序号“号”组成，如 粤市监罚〔2024〕12号",
        "a document number is the issuer's abbreviation, the year in 〔〕 and the serial with 号, e.g. 粤市监罚〔2024〕12号";
    DocumentNumberIssuer = "document_number.issuer":
        "机关代字应为 2 至 20 个汉字、字母或数字",
        "the issuer's abbreviation must be 2 to 20 Chinese characters, letters or digits";
    DocumentNumberYear = "document_number.year":
        "文号年份应为 2000 至 2099 之间的四位数字",
        "the year must have four digits, between 2000 and 2099";
    DocumentNumberSerial = "document_number.serial":
        "序号从 1 起编，不编虚位（GB/T 9704）",
        "the serial is a number from 1 without leading zeros (GB/T 9704: 不编虚位)";
    DocumentNumberYearMismatch = "document_number.year_mismatch":
        "文号中的年份须与决定日期的年份一致",
        "the year in the document number must be the year of the decision";
    CaseCodeShape = "case_code.shape":
        "案码形如 440106-2025-7KQ3M-X（19 个字符）",
        "a case code looks like 440106-2025-7KQ3M-X (19 characters)";
    CaseCodeRegion { region: String } = "case_code.region":
        "案码的地区部分不是 GB/T 2260 代码：{region}",
        "the region part is not a GB/T 2260 code: {region}";
    CaseCodeYear { year: u32 } = "case_code.year":
        "年份 {year} 不在 2000 至 2099 之间",
        "the year {year} is outside 2000-2099";
    CaseCodeCheck = "case_code.check":
        "校验位不符：可能输错了一个字符，或颠倒了相邻两个字符",
        "the check character does not match: a character is mistyped or two are swapped";
    ItemCodeShape = "item_code.shape":
        "事项编码为 10 个字符：2 个字母、5 位数字、3 位数字",
        "an item code has 10 characters: 2 letters, 5 digits, 3 digits";
    ItemCodePrefix { prefix: String } = "item_code.prefix":
        "{prefix} 不是事项类别前缀（XK、CF、QZ、ZS、JF、JC、QR、JL、CJ、QT）",
        "{prefix} is not a category prefix (XK, CF, QZ, ZS, JF, JC, QR, JL, CJ, QT)";
    ItemCodeZeroMain = "item_code.zero_main":
        "主项编号 00000 不可使用",
        "the main item number 00000 is not used";
    CertificateShape = "officer.certificate":
        "执法证号为 6 至 24 位数字或大写字母，如 44010621000123",
        "a certificate number has 6 to 24 digits or capital letters, e.g. 44010621000123";

    // Officers.
    CertificateEndsBeforeStart = "officer.period":
        "证件有效期的截止日期须晚于起始日期",
        "the certificate must end after it starts";

    // Decisions.
    ChooseClaim = "decision.claim":
        "请选择作出决定所依据的已公布事项",
        "choose the published item the decision is made under";
    ChooseOwnClaim = "decision.own_claim":
        "请选择本部门已公布的事项",
        "choose one of this department's published items";
    KindMismatch { item: String } = "decision.kind_mismatch":
        "决定类别须与事项 {item} 的类别一致",
        "the decision's kind must match the kind of the item {item}";
    DecisionDateInFuture = "decision.date_in_future":
        "决定日期不能晚于今天",
        "the decision date cannot be in the future";
    PilotUsccShape = "decision.pilot_uscc":
        "即使接受试点代码，也须为 18 个代码字符",
        "even an accepted pilot code has 18 characters of the code alphabet";
    PilotUsccReason = "decision.pilot_uscc_reason":
        "请说明为何接受校验不通过的代码（4 至 500 个字符）",
        "say why this code is accepted although its check fails (4 to 500 characters)";
    PenaltyTypesRequired = "decision.penalty_types_required":
        "行政处罚决定至少选择一种处罚种类",
        "a penalty decision names at least one kind of penalty";
    PenaltyTypesOnlyForPenalty = "decision.penalty_types_only":
        "只有行政处罚决定才选择处罚种类",
        "only penalty decisions name kinds of penalty";
    FineNeedsAmount = "decision.fine_amount":
        "罚款须填写大于零的金额",
        "a fine needs an amount above zero";
    AmountOnlyWithFine = "decision.amount_only_with_fine":
        "只有罚款才填写金额",
        "an amount is given only with a fine";
    SimpleOnlyWarningOrFine = "decision.simple_kinds":
        "简易程序只适用于警告和罚款（《行政处罚法》第五十一条）",
        "the simple procedure allows only warnings and fines (Administrative Penalty Law art. 51)";
    SimpleFineLimit { yuan: i64 } = "decision.simple_limit":
        "简易程序对此当事人的罚款不得超过 {yuan} 元（第五十一条），请适用普通程序",
        "the simple procedure allows fines up to ¥{yuan} for this party (art. 51); use the ordinary procedure";
    OfficerTwice = "decision.officer_twice":
        "每名执法人员只列一次",
        "each officer is named once";
    TooManyOfficers { max: usize } = "decision.too_many_officers":
        "最多 {max} 名执法人员",
        "at most {max} officers";
    NotOwnOfficer = "decision.not_own_officer":
        "本部门没有此执法人员",
        "no such officer in this department";
    CertificateInvalidOn { name: String, certificate: String, date: super::Date } = "decision.certificate_invalid":
        "{name}（{certificate}）在 {date} 没有有效的执法证",
        "{name} ({certificate}) holds no valid certificate on {date}";
    TwoOfficersNeeded = "decision.two_officers":
        "行政处罚和行政强制决定至少需要两名持有效执法证的执法人员",
        "a penalty or compulsion decision needs at least two officers with valid certificates";
    WithheldReason = "decision.withheld_reason":
        "请说明涉及何种秘密或隐私（4 至 500 个字符）",
        "say which secret or privacy the decision involves (4 to 500 characters)";
    NamedPersonLength = "decision.named_person":
        "每位其他人员的姓名应为 2 至 50 个字符",
        "each further person's name has 2 to 50 characters";
    TooManyNamedPersons { max: usize } = "decision.too_many_named_persons":
        "其他人员最多 {max} 位",
        "at most {max} further persons";
    PersonNameTooLong = "decision.person_name":
        "自然人姓名最多 50 个字符",
        "a person's name: at most 50 characters";
    DecisionChanged { by: String, at: super::ChinaMinute } = "decision.stale":
        "此决定已由 {by} 于 {at} 修改，请刷新后重试",
        "this decision was changed by {by} at {at}; reload it and try again";
    OnlyDraftEdited = "decision.only_draft_edited":
        "只能修改草稿",
        "only a draft can be edited";
    ReviewOpinion = "decision.review_opinion":
        "请填写审核意见（最多 2000 个字符）",
        "write the review opinion (up to 2,000 characters)";
    OnlyDraftReviewed = "decision.only_draft_reviewed":
        "只能审核草稿",
        "only a draft is reviewed";
    OnlyMajorReviewed = "decision.only_major_reviewed":
        "只有重大执法决定需要法制审核",
        "only decisions marked major need a legal review";
    AlreadyIssued = "decision.already_issued":
        "此决定已经作出",
        "this decision is already issued";
    MajorNeedsReview = "decision.major_needs_review":
        "重大执法决定须经法制审核后方可作出",
        "a major decision needs a reviewer's legal review (法制审核) before it is issued";
    PublicReason = "decision.public_reason":
        "请填写公开的理由（4 至 1000 个字符）",
        "give the public reason (4 to 1,000 characters)";
    EndedInFuture = "decision.ended_in_future":
        "该行为的日期不能晚于今天",
        "the date of the act cannot be in the future";
    EndedBeforeDecision = "decision.ended_before_decision":
        "该行为的日期不能早于决定日期",
        "the act cannot come before the decision itself";
    RulingStatus = "decision.ruling_status":
        "请选择裁决确认的结果：确认违法或确认无效",
        "unlawful or void: what the ruling confirmed";
    NewDecisionOwnIssued = "decision.new_decision":
        "新决定须为本部门已作出的另一项决定",
        "the new decision must be another issued decision of this department";
    OnlyInForceEnded = "decision.only_in_force_ended":
        "只有有效的决定才能撤销、变更或确认违法、无效",
        "only a decision in force can be revoked, changed or confirmed unlawful or void";
    DraftHasNoCode = "decision.draft_no_code":
        "草稿尚无案码，请先作出决定",
        "a draft has no case code yet; issue it first";

    // Inspections.
    NoEntity { uscc: String } = "not_found.entity":
        "市场主体名录中没有统一社会信用代码为 {uscc} 的主体",
        "no market entity with the credit code {uscc} in the registry";
    NoPlan = "not_found.plan":
        "没有此抽查计划",
        "no such spot-check plan";
    NoInspection = "not_found.inspection":
        "没有此检查任务",
        "no such inspection";
    NoInspectionCode { code: String } = "not_found.inspection_code":
        "没有检查码为 {code} 的检查：请勿接受检查，可在本页举报",
        "no inspection has the code {code}: you may refuse it and report it on this page";
    InspectionCodeShape = "inspection_code.shape":
        "检查码形如 J440106-2026-7KQ3M-X（20 个字符，以 J 开头）",
        "an inspection code looks like J440106-2026-7KQ3M-X (20 characters, starting with J)";
    PlanItems = "plan.items":
        "请选择 1 至 20 项本部门已公布的行政检查事项",
        "choose 1 to 20 of the department's published inspection items";
    PlanItemNotInspection { item: String } = "plan.item_not_inspection":
        "{item} 不是本部门已公布的行政检查事项",
        "{item} is not one of the department's published inspection items";
    PlanPartners = "plan.partners":
        "联合抽查最多 10 个协同部门",
        "a joint plan has at most 10 partner departments";
    PlanPartnerSelf = "plan.partner_self":
        "协同部门不能是本部门",
        "a partner department cannot be the plan's own";
    PlanTargetCount { max: u32 } = "plan.target_count":
        "抽取数量应为 1 至 {max}",
        "the number of targets is 1 to {max}";
    PlanTargetShare = "plan.target_share":
        "抽取比例应为 1% 至 100%",
        "the share of targets is 1 to 100 percent";
    PlanTargetsOne = "plan.targets_one":
        "请填写抽取数量或抽取比例（二选一）",
        "give either the number of targets or the share, not both";
    PlanStartsPast = "plan.starts_past":
        "计划开始日期不能早于今天",
        "the plan cannot start before today";
    PlanPeriod { max: i64 } = "plan.period":
        "结束日期不能早于开始日期，期间最长 {max} 天",
        "the plan ends on or after its start, within {max} days";
    PlanInspectors = "plan.inspectors":
        "检查人员库应有 2 至 200 名执法人员",
        "the inspector pool holds 2 to 200 officers";
    PlanInspectorNotOwn { name: String } = "plan.inspector_not_own":
        "{name} 不是本计划所属部门的执法人员",
        "{name} is not an officer of the plan's departments";
    PlanInspectorLapses { name: String, certificate: String } = "plan.inspector_lapses":
        "{name}（{certificate}）的执法证在计划期间内并非全程有效",
        "the certificate of {name} ({certificate}) is not valid for the whole period";
    PlanNotDraft = "plan.not_draft":
        "只有草稿状态的计划可以审核通过；已通过的计划不能修改，只能说明理由后撤销",
        "only a draft plan can be approved; an approved plan cannot be changed, only cancelled with a reason";
    PlanNotApproved = "plan.not_approved":
        "只有已审核通过、尚未抽取的计划可以抽取",
        "only an approved plan that is not yet drawn can be drawn";
    PlanAlreadyCancelled = "plan.cancelled":
        "此计划已撤销",
        "this plan is already cancelled";
    PlanCancelReason = "plan.cancel_reason":
        "请说明撤销理由（4 至 500 个字）：计划通过后，理由会公开",
        "give the reason for cancelling (4 to 500 characters): once approved, it is public";
    PlanStale = "plan.stale":
        "此计划已被他人修改，请刷新后重试",
        "someone else changed this plan; reload it and try again";
    DrawTooFewEntities { asked: usize, eligible: usize } = "plan.too_few_entities":
        "计划要抽取 {asked} 个主体，但符合条件的只有 {eligible} 个",
        "the plan asks for {asked} targets but only {eligible} entities may be drawn";
    DrawNoEntities = "plan.no_entities":
        "没有符合条件的市场主体可以抽取",
        "no market entity may be drawn";
    DrawTooFewInspectors { entity: String } = "plan.too_few_inspectors":
        "主体 {entity} 可派的无利害关系检查人员不足 2 名，请扩大检查人员库",
        "fewer than two inspectors without a conflict may go to {entity}; widen the pool";
    AdHocGround = "inspection.ad_hoc_ground":
        "计划外检查的依据应为投诉举报（complaint）或转办移送（referral）",
        "an inspection outside a plan is on a complaint or a referral";
    TwoInspectors = "inspection.two_inspectors":
        "请指派 2 至 10 名本部门执法人员",
        "name 2 to 10 of the department's officers";
    WindowPast = "inspection.window_past":
        "检查时间段不能早于今天",
        "the inspection window cannot start before today";
    WindowLength { max: i64 } = "inspection.window_length":
        "检查时间段的结束日期不能早于开始日期，最长 {max} 天",
        "the window ends on or after its start, within {max} days";
    InspectorCertificateInvalid { name: String, certificate: String } = "inspection.certificate":
        "{name}（{certificate}）的执法证在检查时间段内并非全程有效",
        "the certificate of {name} ({certificate}) is not valid for the whole window";
    InspectorConflict { name: String } = "inspection.conflict":
        "{name} 与该主体存在利害关系，应当回避",
        "{name} has a recorded conflict with this entity and must stand aside";
    ResultRecorded = "inspection.result_recorded":
        "此检查的结果已登记",
        "this inspection's result is already recorded";
    InspectionCancelled = "inspection.cancelled":
        "此检查已随计划撤销",
        "this inspection was cancelled with its plan";
    RectifyByPast = "inspection.rectify_by_past":
        "整改期限不能早于今天",
        "the rectification deadline cannot be before today";
    CaseCodeOnlyForCase = "inspection.case_code_only":
        "只有“已立案”的结果可以关联案码",
        "only a result that opened a case links a case code";
    CaseLinkNeedsCase = "inspection.case_link":
        "只有结果为“已立案”的检查可以关联案码",
        "only an inspection that opened a case can be linked to a case code";
    CaseCodeNotOwn { code: String } = "inspection.case_code_not_own":
        "{code} 不是本部门已出具的执法决定",
        "{code} is not a decision issued by this department";
    ScoreRange = "rating.score":
        "评分为 1 至 5 分",
        "the score is 1 to 5";
    RatingToken = "rating.token":
        "评价码无效：请扫描检查通知书上的二维码",
        "the rating token is not valid: scan the QR code on the inspection notice";
    RatedAlready = "rating.done":
        "此检查已经评价过，每次检查只能评价一次",
        "this inspection has been rated; each can be rated once";
    RatingTooEarly = "rating.too_early":
        "检查尚未开始，开始后方可评价",
        "the inspection has not started; rate it once it has";
    ReportDate = "report.date":
        "日期应为今天或一年以内的过去日期",
        "the date is today or within the past year";
    ReportsLimited = "report.limited":
        "举报提交过于频繁，请稍后再试",
        "too many reports from this address; try again later";

    // Publication.
    OnlyInForcePublished = "publication.only_in_force":
        "只公示有效的决定",
        "only a decision in force is published";
    NotPublishedByLaw = "publication.withheld":
        "依法此决定不予公示",
        "this decision is not published by law";
    AlreadyPublished = "publication.already":
        "此决定已经公示",
        "this decision is already published";
    DecisionChangedReload = "publication.stale":
        "此决定已有变动，请刷新",
        "this decision changed; reload it";
    HolidayNote = "calendar.note":
        "请说明原因（最多 200 个字符），如 2027年春节",
        "say why (up to 200 characters), e.g. 2027年春节";

    // Power lists.
    ClaimChanged { by: String, at: super::ChinaMinute } = "claim.stale":
        "{by} 于 {at} 保存了此认领，请刷新查看（您的修改未保存）",
        "{by} saved this claim at {at} after you opened it; reload to see their changes (nothing of yours was saved)";
    ClaimWithdrawn = "claim.withdrawn":
        "此认领已撤回，如需继续请重新认领该事项",
        "this claim was withdrawn; claim the item again to start over";
    ClaimWithReviewer = "claim.with_reviewer":
        "此认领正在审核，退回后方可修改",
        "the claim is with the reviewer; it can change once returned";
    ClaimPublishedAdjust = "claim.published":
        "此认领已公布，如需修改请发起调整",
        "the claim is published; start an adjustment to change it";
    ClaimSubmitOnlyDraft = "claim.submit_draft":
        "只有草稿或被退回的认领可以提交",
        "only a draft or a returned claim can be submitted";
    ClaimItemInactive = "claim.item_inactive":
        "目录事项已不在用，请撤回此认领",
        "the catalog item is no longer active; withdraw this claim";
    ClaimItemInactiveReview = "claim.item_inactive_review":
        "目录事项已不在用，请退回或撤回此认领",
        "the catalog item is no longer active; return or withdraw this claim";
    ClaimApproveOnlySubmitted = "claim.approve_submitted":
        "只有已提交的认领可以审核通过",
        "only a submitted claim can be approved";
    ClaimReturnOnlySubmitted = "claim.return_submitted":
        "只有已提交的认领可以退回",
        "only a submitted claim can be returned";
    ClaimAdjustOnlyPublished = "claim.adjust_published":
        "只有已公布且没有待审修改的认领可以调整",
        "only a published claim without a pending change can be adjusted";
    NameImplementingBody = "claim.implementing_body":
        "提交前请填写实施主体",
        "name the implementing body before submitting";
    ListResponsibilitySteps = "claim.responsibility_steps":
        "提交前请列出责任环节",
        "list the responsibility steps before submitting";
    SayWhatToChange = "claim.return_comment":
        "请说明需要修改的内容",
        "say what needs to change";
    WithdrawReason = "claim.withdraw_reason":
        "请填写撤回理由",
        "give the reason for withdrawing";
    ClaimCount = "claim.count":
        "每次认领 1 至 200 个事项",
        "claim between 1 and 200 items at a time";
    NoSuchItem = "claim.no_item":
        "目录中没有此事项",
        "no such catalog item";
    ItemNotClaimable { code: String, status: String } = "claim.item_status":
        "{code} 状态为 {status}，不能认领",
        "{code} is {status}; it cannot be claimed";
    NotTownshipItem { code: String } = "claim.township":
        "{code} 不在乡镇（街道）指导目录中，乡镇部门不得认领",
        "{code} is not in the township guidance catalog; township departments may not claim it";
    WrongLevel { code: String, levels: String, level: String } = "claim.level":
        "{code} 仅由 {levels} 层级行使，不适用于 {level} 层级",
        "{code} is exercised at {levels} level only, not at {level} level";
    AlreadyClaimed { code: String } = "claim.already":
        "本部门已认领 {code}",
        "the department already has a live claim on {code}";
    ItemName = "catalog.name":
        "事项名称应为 1 至 200 个字符",
        "an item name has 1 to 200 characters";
    ItemLegalBasis = "catalog.legal_basis":
        "请写明权力依据的法律及条款",
        "name the law and article the power rests on";
    ItemCodeCategory { category: String, prefix: String } = "catalog.code_category":
        "{category} 类事项的编码以 {prefix} 开头",
        "a {category} item's code starts with {prefix}";
    ItemLevels = "catalog.levels":
        "请至少选择一个行使层级",
        "name at least one tier that exercises the item";
    ItemTownship = "catalog.township":
        "只有乡镇（街道）指导目录中的事项可在乡镇层级行使，且须列明该层级",
        "only items in the township guidance catalog may be exercised at township level, and they must list it";
    ChangeReason = "catalog.reason":
        "请填写调整理由",
        "give the reason for the change";
    ItemChanged { at: super::ChinaMinute, version: i64 } = "catalog.stale":
        "此事项已于 {at} 修改（当前版本 {version}），请刷新后重试",
        "the item was changed at {at} (now version {version}); reload and try again";
    ItemNotActive { code: String, status: String } = "catalog.not_active":
        "事项 {code} 状态为 {status}，不是在用状态",
        "item {code} is {status}, not active";
    ItemInCatalog { code: String } = "catalog.duplicate":
        "{code} 已在目录中",
        "{code} is already in the catalog";
    SplitTwo = "catalog.split":
        "拆分至少产生两个事项",
        "a split produces at least two items";
    MergeTwo = "catalog.merge":
        "合并至少涉及两个事项",
        "a merge joins at least two items";
}

macro_rules! fields {
    ($($name:literal: $zh:literal, $en:literal;)*) => {
        /// How a request field is named to the user in `lang`, for `{field}` in templates.
        pub fn field_label(field: &str, lang: Lang) -> Option<&'static str> {
            // `officer_ids[2]`, `items[0].name`: the label of the field itself.
            let base = field.rsplit('.').next().unwrap_or(field);
            let base = base.split('[').next().unwrap_or(base);
            match (base, lang) {
                $( ($name, Lang::Zh) => Some($zh), ($name, Lang::En) => Some($en), )*
                _ => None,
            }
        }
    };
}

fields! {
    "document_number": "文号", "the document number";
    "claim_id": "所依据的事项", "the item";
    "kind": "决定类别", "the kind";
    "procedure": "程序", "the procedure";
    "party_kind": "当事人类型", "the party kind";
    "party_name": "当事人名称", "the party's name";
    "party_uscc": "统一社会信用代码", "the unified social credit code";
    "uscc_override_reason": "接受代码的理由", "the reason for accepting the code";
    "party_id_number": "居民身份号码", "the identity number";
    "facts": "违法事实", "the facts";
    "legal_basis": "法律依据", "the legal basis";
    "result": "处理结果", "the result";
    "penalty_types": "处罚种类", "the kinds of penalty";
    "amount_fen": "罚款金额", "the fine";
    "decision_date": "决定日期", "the decision date";
    "officer_ids": "执法人员", "the officers";
    "withheld_reason": "不予公开的理由", "the reason for not publishing";
    "named_persons": "其他人员", "the further persons";
    "name": "名称", "the name";
    "certificate_number": "执法证号", "the certificate number";
    "certificate": "执法证号", "the certificate number";
    "field": "执法领域", "the enforcement field";
    "valid_from": "有效期起", "the first valid day";
    "valid_until": "有效期止", "the last valid day";
    "username": "用户名", "the username";
    "password": "密码", "the password";
    "new_password": "新密码", "the new password";
    "current_password": "当前密码", "the current password";
    "display_name": "显示名称", "the display name";
    "department_id": "部门", "the department";
    "reason": "理由", "the reason";
    "ended_on": "该行为的日期", "the date of the act";
    "opinion": "审核意见", "the opinion";
    "comment": "意见", "the comment";
    "date": "日期", "the date";
    "note": "说明", "the note";
    "from": "起始日期", "the first day";
    "to": "截止日期", "the last day";
    "effective_date": "生效日期", "the effective date";
    "code": "编码", "the code";
    "region": "地区", "the region";
    "category": "类别", "the category";
    "penalty": "处罚种类", "the kind of penalty";
    "min_yuan": "最低金额", "the lowest amount";
    "max_yuan": "最高金额", "the highest amount";
    "sort": "排序", "the order";
    "status": "状态", "the status";
    "q": "检索词", "the search text";
    "limit": "每页条数", "the page size";
    "year": "年份", "the year";
    "id": "编号", "the id";
    "dept": "部门", "the department";
    "file": "文件", "the file";
    "implementing_body": "实施主体", "the implementing body";
    "responsibility_steps": "责任环节", "the responsibility steps";
    "title": "计划名称", "the title";
    "claim_ids": "检查事项", "the inspection items";
    "partner_department_ids": "协同部门", "the partner departments";
    "region_code": "地区", "the region";
    "industry": "行业", "the industry";
    "risk_grades": "风险等级", "the risk grades";
    "risk_grade": "风险等级", "the risk grade";
    "target_count": "抽取数量", "the number of targets";
    "target_share": "抽取比例", "the share of targets";
    "starts_on": "开始日期", "the first day";
    "ends_on": "结束日期", "the last day";
    "inspector_ids": "检查人员库", "the inspector pool";
    "entity_uscc": "统一社会信用代码", "the credit code";
    "uscc": "统一社会信用代码", "the credit code";
    "ground": "检查依据", "the ground";
    "ground_note": "依据说明", "the ground's note";
    "window_from": "检查开始日期", "the window's first day";
    "window_until": "检查截止日期", "the window's last day";
    "outcome": "检查结果", "the outcome";
    "rectify_by": "整改期限", "the rectification deadline";
    "case_code": "案码", "the case code";
    "token": "评价码", "the rating token";
    "score": "评分", "the score";
    "conduct": "执法行为", "the conduct";
    "department_text": "检查部门", "the department";
    "entity_name": "被检查主体", "the entity";
    "happened_on": "检查日期", "the date of the inspection";
    "description": "情况描述", "the description";
    "contact": "联系方式", "the contact";
    "version": "版本", "the version";
    "offset": "跳过条数", "the offset";
    "scopes": "权限范围", "the scopes";
    "expires_on": "有效期至", "the last valid day";
}

impl Msg {
    /// `value` is none of `allowed`.
    pub fn unknown<'a>(value: &str, allowed: impl IntoIterator<Item = &'a str>) -> Msg {
        Msg::UnknownValue {
            value: value.to_owned(),
            allowed: allowed.into_iter().collect::<Vec<_>>().join(", "),
        }
    }

    /// The text in `lang`; `field` fills `{field}`.
    pub fn text(&self, field: Option<&str>, lang: Lang) -> String {
        render(self.key(), &self.params(), field, lang).unwrap_or_else(|| self.key().to_owned())
    }
}

/// What a report's row carries of `msg` about `field`: the text in `lang`, the rule and
/// its values, so that a client can write it in another language ([`text_of`]).
pub fn explained(msg: &Msg, field: &str, lang: Lang) -> (String, Option<String>, Params) {
    (
        msg.text(Some(field), lang),
        Some(msg.key().to_owned()),
        msg.params(),
    )
}

/// A problem with one field of a file's line, as a report carries it: the message in the
/// language the request asked for, with its key and values to write it in another.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblemText {
    pub field: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, String>))]
    pub params: Params,
}

impl FieldProblemText {
    pub fn new(field: &str, msg: &Msg, lang: Lang) -> Self {
        let (message, rule, params) = explained(msg, field, lang);
        Self {
            field: field.to_owned(),
            message,
            rule,
            params,
        }
    }

    /// The problem in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        text_of(
            &self.message,
            self.rule.as_deref(),
            &self.params,
            Some(&self.field),
            lang,
        )
    }
}

/// A message as a client shows it in `lang`: written from its rule when this build knows
/// it, else the text that came with it.
pub fn text_of(
    message: &str,
    rule: Option<&str>,
    params: &Params,
    field: Option<&str>,
    lang: Lang,
) -> String {
    rule.and_then(|rule| render(rule, params, field, lang))
        .unwrap_or_else(|| message.to_owned())
}

/// The text of the message `key` with `params` in `lang`, or `None` for a key this
/// build does not know (a newer server): the caller then shows the server's text.
pub fn render(key: &str, params: &Params, field: Option<&str>, lang: Lang) -> Option<String> {
    let template = template(key, lang)?;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let (name, debug) = match after[..close].strip_suffix(":?") {
            Some(name) => (name, true),
            None => (&after[..close], false),
        };
        if name == "field" {
            let label = field.map(|f| field_label(f, lang).unwrap_or(f));
            out.push_str(label.unwrap_or(match lang {
                Lang::Zh => "此项",
                Lang::En => "this field",
            }));
        } else if let Some(value) = params.get(name) {
            if debug {
                out.push_str(&format!("{value:?}"));
            } else {
                out.push_str(value);
            }
        } else {
            out.push_str(&rest[open..open + close + 2]);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    // A template that starts with the field's English label starts a sentence.
    if lang == Lang::En && template.starts_with("{field}") {
        let mut chars = out.chars();
        if let Some(first) = chars.next() {
            return Some(first.to_uppercase().chain(chars).collect());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_template_names_only_its_parameters() {
        let mut keys = KEYS.to_vec();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is used twice");
        for key in KEYS {
            for lang in [Lang::Zh, Lang::En] {
                let text = template(key, lang).unwrap();
                assert!(!text.is_empty(), "{key}");
            }
            // Both languages name the same parameters.
            let names = |lang| {
                let mut names: Vec<String> = template(key, lang)
                    .unwrap()
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}'))
                    .map(|(n, _)| n.trim_end_matches(":?").to_owned())
                    .collect();
                names.sort();
                names.dedup();
                names
            };
            assert_eq!(names(Lang::Zh), names(Lang::En), "{key}");
        }
    }

    #[test]
    fn renders_parameters_and_field_labels_in_either_language() {
        let msg = Msg::TooLong { max: 100 };
        assert_eq!(msg.key(), "field.too_long");
        assert_eq!(msg.params().get("max").map(String::as_str), Some("100"));
        assert_eq!(
            msg.text(Some("party_name"), Lang::Zh),
            "当事人名称最多 100 个字符"
        );
        assert_eq!(
            msg.text(Some("party_name"), Lang::En),
            "The party's name: at most 100 characters"
        );
        // Indexed and nested fields take the label of the field itself.
        assert_eq!(
            Msg::Required.text(Some("items[0].facts"), Lang::Zh),
            "请填写违法事实"
        );
        // An unknown field is named as sent; no field at all reads naturally.
        assert_eq!(Msg::Required.text(Some("xyz"), Lang::En), "Xyz is required");
        assert_eq!(Msg::Required.text(None, Lang::Zh), "请填写此项");
        // An unknown key renders as nothing: the caller shows the server's text.
        assert_eq!(render("no.such_key", &Params::new(), None, Lang::Zh), None);
    }

    #[test]
    fn languages_come_from_tags() {
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}

/// The model's parse errors are messages: each displays as its English text and turns
/// into a [`Msg`] for the API.
macro_rules! error_messages {
    ($($error:ty => |$e:ident| $body:expr;)*) => {$(
        impl From<&$error> for Msg {
            fn from($e: &$error) -> Msg {
                $body
            }
        }
        impl From<$error> for Msg {
            fn from(e: $error) -> Msg {
                Msg::from(&e)
            }
        }
        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // In the browser the app writes a problem from the message table in the
                // user's language, and Display only names the rule: a bundle without forms
                // (the verify page) then carries no table.
                #[cfg(target_arch = "wasm32")]
                return f.write_str(Msg::from(self).key());
                #[cfg(not(target_arch = "wasm32"))]
                f.write_str(&Msg::from(self).text(None, Lang::En))
            }
        }
        impl std::error::Error for $error {}
    )*};
}

use super::{
    CaseCodeError, DocumentNumberError, IdNumberError, RegionCodeError, UsccError,
    auth::{PasswordError, UsernameError},
    catalog::ItemCodeError,
};

error_messages! {
    RegionCodeError => |e| match e {
        RegionCodeError::Length(length) => Msg::RegionLength { length: *length },
        RegionCodeError::NotDigits => Msg::RegionDigits,
        RegionCodeError::UnknownProvince(province) => Msg::RegionProvince { province: province.clone() },
        RegionCodeError::Malformed => Msg::RegionShape,
    };
    UsernameError => |e| match e {
        UsernameError::Length => Msg::UsernameLength,
        UsernameError::Chars => Msg::UsernameChars,
    };
    PasswordError => |e| match e {
        PasswordError::Length => Msg::PasswordLength,
        PasswordError::TooSimple => Msg::PasswordTooSimple,
    };
    ItemCodeError => |e| match e {
        ItemCodeError::Shape => Msg::ItemCodeShape,
        ItemCodeError::UnknownPrefix(prefix) => Msg::ItemCodePrefix { prefix: prefix.clone() },
        ItemCodeError::ZeroMain => Msg::ItemCodeZeroMain,
    };
    DocumentNumberError => |e| match e {
        DocumentNumberError::Shape => Msg::DocumentNumberShape,
        DocumentNumberError::Issuer => Msg::DocumentNumberIssuer,
        DocumentNumberError::Year => Msg::DocumentNumberYear,
        DocumentNumberError::Serial => Msg::DocumentNumberSerial,
    };
    CaseCodeError => |e| match e {
        CaseCodeError::Shape => Msg::CaseCodeShape,
        CaseCodeError::Region(region) => Msg::CaseCodeRegion { region: region.clone() },
        CaseCodeError::Year(year) => Msg::CaseCodeYear { year: *year },
        CaseCodeError::Check => Msg::CaseCodeCheck,
    };
    UsccError => |e| match e {
        UsccError::Length(length) => Msg::UsccLength { length: *length },
        UsccError::InvalidChar { position, found } => Msg::UsccChar { position: *position, found: *found },
        UsccError::CheckMismatch { expected, found } => Msg::UsccCheck { expected: *expected, found: *found },
    };
    IdNumberError => |e| match e {
        IdNumberError::Length(length) => Msg::IdLength { length: *length },
        IdNumberError::InvalidChar { position, found } => Msg::IdChar { position: *position, found: *found },
        IdNumberError::BirthDate => Msg::IdBirthDate,
        IdNumberError::CheckMismatch { expected, found } => Msg::IdCheck { expected: *expected, found: *found },
    };
}
