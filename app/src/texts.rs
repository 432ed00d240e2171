//! Every user-visible string, in Simplified Chinese (the default) and English.
//!
//! Each key lists both languages side by side, so a missing translation is a compile
//! error. Views read strings through `use_i18n`: `move || i18n.t().home_title()`. The
//! module has no UI in it, so the server writes the same words where it renders a page
//! itself (the verify page's first response).

use crate::model::{
    Category, ClaimStatus, DecisionStage, DecisionStatus, DepartmentKind, DepartmentLevel,
    OfficerStatus, PartyKind, PenaltyType, Procedure, Publication, Role,
};

pub use crate::model::Lang;

use crate::model::Verdict;

/// The cookie that carries the visitor's language choice, so a page the server writes
/// (the verify page's first response) speaks the language the app was set to.
pub const LANG_COOKIE: &str = "anma_lang";

/// The strings of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

macro_rules! texts {
    ($($key:ident: $zh:expr, $en:expr;)*) => {
        /// The strings of one language. Each string is a method rather than a field, so a
        /// bundle carries only the strings its pages show: a field of a constant would keep
        /// every string of both languages in every bundle.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Texts { pub lang: Lang }
        pub const ZH: Texts = Texts { lang: Lang::Zh };
        pub const EN: Texts = Texts { lang: Lang::En };
        impl Texts {
            $(
                pub fn $key(&self) -> &'static str {
                    match self.lang {
                        Lang::Zh => $zh,
                        Lang::En => $en,
                    }
                }
            )*
        }
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
    date_format_problem: "日期应为 YYYY-MM-DD 格式，如 2026-03-01。", "Enter the date as YYYY-MM-DD, e.g. 2026-03-01.";
    error_invalid: "输入有误：", "Invalid input: ";

    home_title: "扫码或输入案码，核验执法决定", "Scan or type a case code to verify a decision";
    home_lead: "每份行政执法决定书都附有唯一的案码和二维码。输入案码，即可查看决定是否真实、是否仍然有效。", "Every administrative enforcement decision carries a unique case code and QR code. Enter the code to see whether the decision is genuine and still in force.";
    case_code_label: "案码", "Case code";
    case_code_hint: "印在决定书二维码下方，由大写字母、数字和“-”组成", "Printed under the QR code: capital letters, digits and “-”";
    case_code_placeholder: "例如 440106-2025-00001-I", "e.g. 440106-2025-00001-I";
    verify_button: "核验", "Verify";
    case_code_empty: "请输入案码。", "Please enter a case code.";
    case_code_bad_shape: "案码格式应为 6 位地区码-4 位年份-5 位序号-1 位校验位，如 440106-2025-00001-I。", "A case code looks like 440106-2025-00001-I: region, year, serial, check character.";
    case_code_bad_parts: "案码中的地区码或年份不正确，请核对决定书上的案码。", "The region or year in this code is not valid. Check the code on the document.";
    case_code_bad_check: "校验位不符：可能输错了一个字符，或颠倒了相邻两个字符。请核对后重新输入。", "The check character does not match: a character may be mistyped or two neighbours swapped. Please check and try again.";
    home_departments_title: "执法部门", "Enforcement departments";
    home_departments_lead: "全省已登记的执法部门及其权责清单。", "The province's registered enforcement departments and their power lists.";
    home_departments_count: "个执法部门", "enforcement departments";
    home_departments_link: "浏览各部门权责清单", "Browse the departments' power lists";

    verify_title: "案码核验", "Case code verification";
    verify_code: "案码", "Case code";
    verify_not_found_title: "未找到该案码", "No decision has this case code";
    verify_not_found_body: "登记库中没有使用此案码的执法决定。请核对决定书上的案码；如怀疑文书系伪造，请向作出决定的机关或司法行政部门反映。", "The register holds no enforcement decision with this code. Check the code on the document; if you suspect a forgery, report it to the deciding authority or the justice department.";
    verify_again: "核验其他案码", "Verify another code";
    verdict_in_force_title: "真实有效", "Genuine and in force";
    verdict_in_force_body: "该执法决定由登记机关作出，目前仍然有效。", "This enforcement decision was issued by the authority named below and is in force.";
    verdict_revoked_title: "已撤销", "Revoked";
    verdict_revoked_body: "该执法决定真实，但已被撤销，不再具有效力。", "This decision is genuine but has been revoked and no longer has effect.";
    verdict_changed_title: "已变更", "Changed";
    verdict_changed_body: "该执法决定真实，但已被新的决定变更。请以新决定为准。", "This decision is genuine but has been replaced by a new decision, which now applies.";
    verdict_unlawful_title: "已被确认违法", "Confirmed unlawful";
    verdict_unlawful_body: "该执法决定真实，但已被依法确认违法。", "This decision is genuine but has been confirmed unlawful.";
    verdict_void_title: "已被确认无效", "Confirmed void";
    verdict_void_body: "该执法决定真实，但已被依法确认无效，自始不发生效力。", "This decision is genuine but has been confirmed void and never had effect.";
    verdict_mismatch_title: "签名不符：可能是伪造的文书", "Signature does not match: possibly forged";
    verdict_mismatch_body: "二维码中的数字签名与登记记录不符。该文书或二维码可能被伪造或篡改，请勿据此办理任何事项，并向作出决定的机关或司法行政部门核实。", "The digital signature in the QR code does not match the register. The document or its QR code may be forged or altered: do not act on it, and check with the deciding authority or the justice department.";
    verdict_change_date: "变更/撤销日期", "Date";
    verdict_change_reason: "原因", "Reason";
    verdict_new_decision: "新决定", "New decision";
    signature_browser: "数字签名已在您的浏览器中独立核验，与登记记录一致。", "The digital signature was checked in your browser and matches the register.";
    signature_server_only: "数字签名由服务器核验一致；您的浏览器不支持独立核验（Ed25519）。", "The server found the signature valid; your browser cannot check Ed25519 signatures itself.";
    signature_checking: "正在您的浏览器中独立核验数字签名…", "Your browser is checking the digital signature…";
    signature_not_given: "您输入的是案码，仅显示公开信息。扫描决定书上的二维码可查看决定摘要并核验数字签名。", "You typed the code, so only the public facts are shown. Scan the QR code on the document to see the decision summary and check its signature.";
    fact_department: "作出决定机关", "Deciding authority";
    fact_document_number: "决定书文号", "Document number";
    fact_date: "决定日期", "Decision date";
    fact_kind: "决定类别", "Kind";
    fact_item: "执法事项", "Item";
    fact_party: "当事人", "Party";
    fact_officers: "执法人员证号", "Officers' certificates";
    fact_publication: "公示状态", "Publication";
    fact_procedure: "程序", "Procedure";
    fact_uscc: "统一社会信用代码", "Unified social credit code";
    fact_facts: "违法事实/事由", "Facts";
    fact_legal_basis: "法律依据", "Legal basis";
    fact_result: "决定内容", "Result";
    fact_penalties: "处罚种类", "Penalties";
    fact_amount: "罚没金额", "Amount";
    fact_issued_at: "签发时间", "Issued";
    fact_key: "签名密钥", "Signing key";
    summary_title: "决定摘要（持有文书者可见）", "Decision summary (for the document's holder)";
    publication_published: "依法公示中", "Published";
    publication_pending: "待公示", "To be published";
    publication_expired: "公示期满（仍可凭案码核验）", "Publication period over (still verifiable)";
    publication_not_disclosed: "依法不予公示", "Not published by law";
    publication_withdrawn: "已撤下公示", "Withdrawn from publication";
    procedure_simple: "简易程序", "Simple procedure";
    procedure_ordinary: "普通程序", "Ordinary procedure";
    party_organisation: "法人或其他组织", "Organisation";
    party_person: "自然人", "Natural person";
    decision_draft: "草稿", "Draft";
    decision_issued: "已签发（有效）", "Issued (in force)";
    decision_revoked: "已撤销", "Revoked";
    decision_changed: "已变更", "Changed";
    decision_unlawful: "已确认违法", "Confirmed unlawful";
    decision_void: "已确认无效", "Confirmed void";
    pen_warning: "警告", "Warning";
    pen_criticism: "通报批评", "Public criticism";
    pen_fine: "罚款", "Fine";
    pen_confiscate_gains: "没收违法所得", "Confiscation of illegal gains";
    pen_confiscate_property: "没收非法财物", "Confiscation of illegal property";
    pen_suspend_licence: "暂扣许可证件", "Licence suspended";
    pen_lower_qualification: "降低资质等级", "Qualification lowered";
    pen_revoke_licence: "吊销许可证件", "Licence revoked";
    pen_restrict_activities: "限制开展生产经营活动", "Business activities restricted";
    pen_suspend_business: "责令停产停业", "Ordered to suspend business";
    pen_close: "责令关闭", "Ordered to close";
    pen_restrict_practice: "限制从业", "Barred from practice";
    pen_detention: "行政拘留", "Administrative detention";
    pen_other: "其他行政处罚", "Other penalty";
    nav_scan: "扫码", "Scan";
    scan_title: "扫描决定书二维码", "Scan the decision's QR code";
    scan_lead: "将决定书上的二维码对准取景框。画面只在您的设备上处理，不会上传。", "Point the camera at the QR code on the document. The picture is processed on your device and never uploaded.";
    scan_start: "打开相机", "Open the camera";
    scan_stop: "关闭相机", "Stop the camera";
    scan_looking: "正在识别二维码…", "Looking for a QR code…";
    scan_no_camera: "无法使用相机（未授权或设备没有相机）。您可以直接输入案码。", "The camera is not available (no permission or no camera). You can type the case code instead.";
    scan_foreign: "此二维码指向其他网站，不是本系统签发的官方案码，请勿打开：", "This QR code points to another website. It is not an official case code; do not open it:";
    scan_not_case: "识别到的二维码不是案码。", "This QR code is not a case code.";
    scan_or_type: "或输入案码", "Or type the case code";
    officers_title: "执法人员公示", "Enforcement officers";
    officers_lead: "输入行政执法证号，查询持证人员姓名、所属部门和证件是否有效。", "Enter an enforcement certificate number to see the holder's name, department and whether the certificate is valid.";
    officer_certificate: "执法证号", "Certificate number";
    officer_lookup: "查询", "Look up";
    officer_name: "姓名", "Name";
    officer_department: "所属部门", "Department";
    officer_field: "执法领域", "Field";
    officer_valid_period: "有效期", "Valid";
    officer_status_heading: "状态", "Status";
    officer_valid_today: "证件有效", "Certificate valid";
    officer_invalid_today: "证件无效或已过期", "Certificate not valid";
    officer_active: "正常", "Active";
    officer_suspended: "暂扣", "Suspended";
    officer_revoked: "注销", "Revoked";
    officer_not_found: "未找到该执法证号。", "No officer holds this certificate.";
    officer_certificate_shape: "执法证号为 6 至 24 位数字或大写字母，如 44010621000123", "A certificate number has 6 to 24 digits or capital letters, e.g. 44010621000123";

    disclosures_title: "执法决定公示", "Published enforcement decisions";
    disclosures_lead: "依法公开的行政处罚、行政许可等执法决定。自然人姓名依法脱敏，身份证号、住址、电话等个人信息不予公开。", "Administrative penalty, licensing and other decisions published as the law requires. Natural persons' names are masked; identity numbers, addresses and phone numbers are never published.";
    disclosures_empty: "没有符合条件的公示决定。", "No published decision matches.";
    disclosures_search: "搜索当事人、文号或违法事实", "Search party, document number or facts";
    disclosures_penalty: "处罚种类", "Penalty";
    disclosures_from: "决定日期自", "Decided from";
    disclosures_to: "至", "to";
    disclosures_min: "金额不低于（元）", "Amount from (yuan)";
    disclosures_max: "金额不高于（元）", "Amount up to (yuan)";
    disclosures_sort: "排序", "Sort";
    sort_newest: "决定日期（新→旧）", "Newest first";
    sort_oldest: "决定日期（旧→新）", "Oldest first";
    sort_amount: "金额（高→低）", "Largest amount first";
    disclosures_export: "下载当前结果：", "Download these results: ";
    disclosures_export_csv: "CSV（Excel 可直接打开）", "CSV (opens in Excel)";
    disclosures_export_json: "JSON", "JSON";
    disclosures_withdrawn: "撤销公示的决定", "Withdrawn from publication";
    disclosures_withdrawn_lead: "以下决定被撤销或变更后已撤下公示（《行政处罚法》第四十八条），原因如下。", "These decisions were withdrawn from publication after a revocation or change (Administrative Penalty Law art. 48), for the reasons given.";
    disclosures_published_on: "公示日期", "Published";
    disclosures_until: "公示截止", "Listed until";
    disclosures_verify_link: "核验此决定", "Verify this decision";
    disclosures_annual_link: "该部门年度执法数据", "The department's annual data";
    disclosures_shown: "条（已加载）", "shown";
    nav_stats: "统计", "Statistics";
    nav_spot_checks: "双随机抽查", "Spot checks";
    yes: "是", "Yes";
    no: "否", "No";

    insp_title: "检查码核验", "Inspection code check";
    insp_code: "检查码", "Inspection code";
    insp_code_invalid: "检查码格式不对或校验位不符。检查码以 J 开头，形如 J440106-2026-7KQ3M-X，请核对检查通知书。", "This is not a valid inspection code. Inspection codes start with J, like J440106-2026-7KQ3M-X; check the notice.";
    insp_not_found_title: "没有这个检查码：可以拒绝检查", "No inspection has this code: you may refuse it";
    insp_not_found_body: "登记库中没有使用此检查码的行政检查。无码不检：执法人员应出示有效的检查码。您可以在下方举报。", "The register holds no inspection with this code. No code, no inspection: inspectors must present a valid code. You can report it below.";
    insp_go_title: "真实有效：可以接受检查", "Genuine: you may accept the inspection";
    insp_go_body: "该检查已登记，今天在检查时间段内，执法人员的执法证今天有效。请核对到场人员与下列名单一致，并要求出示执法证。", "This inspection is registered, today is within its window and the inspectors' certificates are valid today. Check that those present are the inspectors below and ask to see their certificates.";
    insp_done_title: "真实：检查已完成", "Genuine: the inspection is done";
    insp_done_body: "该检查已登记，结果已记录。", "This inspection is registered and its result recorded.";
    insp_window_title: "真实，但今天不在检查时间段内", "Genuine, but today is outside its window";
    insp_window_body: "该检查已登记，但不在今天进行。您可以要求执法人员在规定的时间段内再来。", "This inspection is registered but not for today. You may ask the inspectors to come within its window.";
    insp_cert_title: "执法证今天无效：请勿接受", "A certificate is not valid today: do not accept";
    insp_cert_body: "至少一名执法人员的执法证今天无效，不得实施检查。您可以在下方举报。", "At least one inspector's certificate is not valid today, so they may not inspect. You can report it below.";
    insp_cancelled_title: "该检查已取消", "This inspection was cancelled";
    insp_cancelled_body: "该检查已随抽查计划撤销，不应再实施。", "This inspection was cancelled with its plan and must not take place.";
    insp_mismatch_title: "签名不符：可能是伪造的检查通知", "Signature does not match: possibly a forged notice";
    insp_mismatch_body: "二维码中的数字签名与登记记录不符。请勿接受检查，并在下方举报。", "The digital signature in the QR code does not match the register. Do not accept the inspection; report it below.";
    insp_departments: "检查部门", "Inspecting department";
    insp_ground: "检查依据", "Ground";
    insp_plan: "抽查计划", "Spot-check plan";
    insp_entity: "被检查主体", "Inspected entity";
    insp_window: "检查时间段", "Window";
    insp_items: "检查事项", "Inspection items";
    insp_inspectors: "执法人员", "Inspectors";
    insp_cert_valid: "执法证今天有效", "certificate valid today";
    insp_cert_not_valid: "执法证今天无效", "certificate NOT valid today";
    insp_result: "检查结果", "Result";
    insp_result_note: "结果说明", "What was found";
    insp_rectify_by: "整改期限", "Rectify by";
    insp_case: "案码", "Case code";
    insp_scan_note: "您输入的是检查码，仅显示公开信息。扫描检查通知书上的二维码可核验数字签名并评价本次检查。", "You typed the code, so only the public facts are shown. Scan the QR code on the notice to check its signature and rate the inspection.";
    insp_rated: "本次检查已评价，感谢您的反馈。", "This inspection has been rated. Thank you.";
    insp_rate_title: "评价本次检查", "Rate this inspection";
    insp_rate_score: "满意度", "Satisfaction";
    insp_rate_conduct: "执法行为", "Conduct";
    insp_rate_certificates: "执法人员是否出示了执法证？", "Did the inspectors show their certificates?";
    insp_rate_comment: "意见（可选，最多 500 字）", "Comment (optional, up to 500 characters)";
    insp_rate_submit: "提交评价", "Submit rating";
    insp_rate_incomplete: "请选择满意度、执法行为和是否出示执法证。", "Choose a score, the conduct and whether certificates were shown.";
    report_title: "举报无码检查", "Report an inspection without a code";
    report_lead: "执法人员未出示检查码、检查码无效或与到场人员不符的，可在此举报。举报由司法行政部门和被举报部门的监督人员处理，不会公开。", "If inspectors came without a code, with an invalid code, or are not those it names, report it here. Reports go to the justice department and the department's supervisors and are never published.";
    report_department: "自称的执法部门", "The department they named";
    report_entity: "被检查的企业或门店", "The business inspected";
    report_date: "检查日期", "Date";
    report_contact: "联系方式（可选）", "Contact (optional)";
    report_description: "经过（不少于 10 个字）", "What happened (at least 10 characters)";
    report_submit: "提交举报", "Submit report";
    report_sent: "举报已提交，监督部门将核查处理。", "Your report was sent to the supervisors.";

    sc_title: "双随机、一公开", "Spot checks (双随机、一公开)";
    sc_lead: "随机抽取检查对象、随机选派执法检查人员，抽查情况和结果及时公开。每次抽取都可以用公开的记录重新验算。", "Inspection targets and inspectors are drawn at random, and the results are published. Every draw can be re-run from its public record.";
    sc_search: "检索", "Search";
    sc_year: "年份", "Year";
    sc_search_button: "查询", "Search";
    sc_none: "没有符合条件的抽查计划。", "No spot-check plan matches.";
    sc_count: "个抽查计划", "plans";
    sc_pages: "翻页", "Pages";
    sc_previous: "上一页", "Previous";
    sc_next: "下一页", "Next";
    sc_tasks: "项检查", "inspections";
    sc_done: "项已有结果", "with results";
    sc_back: "返回抽查计划列表", "Back to the plans";
    sc_departments: "实施部门", "Departments";
    sc_status: "状态", "Status";
    sc_period: "检查期间", "Period";
    sc_population: "抽查对象范围", "Population";
    sc_all_industries: "全部行业", "every industry";
    sc_all_grades: "全部", "all";
    sc_grades: "风险等级", "risk grades";
    sc_targets: "抽取数量", "Targets";
    sc_pool: "检查人员库", "Inspector pool";
    sc_commitment: "抽取承诺值（SHA-256）", "Commitment (SHA-256)";
    sc_approved: "审核通过", "Approved";
    sc_drawn: "抽取日期", "Drawn";
    sc_cancel_reason: "撤销理由", "Reason for cancelling";
    sc_task_list: "检查任务与结果", "Inspections and results";
    sc_csv: "下载 CSV", "Download CSV";
    sc_json: "下载 JSON", "Download JSON";
    sc_draw_title: "抽取记录与验算", "The draw and its check";
    sc_draw_lead: "计划审核通过时公布承诺值，抽取时公布随机种子。按 docs/spot-check.md 的算法，任何人都可以用公开的种子和输入重新抽取，得到相同的检查对象和检查人员。", "The commitment is published when the plan is approved and the seed at the draw. With the algorithm of docs/spot-check.md anyone can re-run the draw from the public seed and inputs and get the same targets and inspectors.";
    sc_draw_record: "下载抽取记录（JSON）", "Download the draw record (JSON)";
    sc_rerun: "在本浏览器中重新验算", "Re-run the draw in this browser";
    sc_reproduced: "验算一致：承诺值相符，重新抽取得到相同的检查任务，共", "Reproduced: the commitment holds and the re-run gives the same tasks:";
    sc_not_drawn: "尚未抽取：目前只公开承诺值，抽取后公布种子。", "Not drawn yet: only the commitment is public until the draw reveals the seed.";
    sc_commitment_broken: "验算不一致：种子和输入与公布的承诺值不符。", "Check failed: the seed and inputs do not give the published commitment.";
    sc_differs: "验算不一致：重新抽取的结果与公布的检查任务不同。", "Check failed: the re-run gives other tasks than those published.";

    wsc_title: "抽查计划", "Spot-check plans";
    wsc_lead: "经办人拟定计划，审核人审核通过后公布承诺值；抽取后每项检查生成检查码。通过后的计划不能修改，只能说明理由撤销。", "Clerks draft plans; a reviewer's approval publishes the commitment; the draw gives each inspection its code. An approved plan cannot be changed, only cancelled with a reason.";
    wsc_new: "拟定抽查计划", "Draft a plan";
    wsc_field_title: "计划名称", "Title";
    wsc_field_region: "行政区划代码", "Region code";
    wsc_field_industry: "行业（可选）", "Industry (optional)";
    wsc_field_starts: "开始日期", "First day";
    wsc_field_ends: "结束日期", "Last day";
    wsc_create: "保存草稿", "Save draft";
    wsc_approve: "审核通过并公布承诺值", "Approve and publish the commitment";
    wsc_draw: "抽取", "Draw";
    wsc_cancel: "撤销计划", "Cancel the plan";
    wsc_no_tasks: "尚无检查任务。", "No inspections yet.";
    wsc_public_page: "公开页面", "Public page";
    wsi_title: "行政检查", "Inspections";
    wsi_notice: "打印检查通知书", "Print the notice";
    wsi_record: "登记结果", "Record the result";
    tok_title: "API 令牌", "API tokens";
    tok_lead: "本部门办案系统调用案码 API 的令牌：只能操作本部门、只能做权限范围内的事；令牌只在创建时显示一次，Anma 只保存其哈希。", "Tokens for the department's case-handling systems to call Anma's API: only this department, only within their scopes; a token is shown once, at creation, and Anma keeps only its hash.";
    tok_none: "本部门还没有 API 令牌。", "The department has no API token yet.";
    tok_new: "创建令牌", "Create a token";
    tok_name: "系统名称", "System name";
    tok_scopes: "权限范围", "Scopes";
    tok_until: "有效期至", "Valid until";
    tok_create: "创建", "Create";
    tok_shown_once: "请立即复制并保存到办案系统：此令牌不会再次显示。", "Copy it into the system now: this token is not shown again.";
    tok_revoke: "吊销", "Revoke";
    tok_revoked: "已吊销", "revoked";
    tok_last_used: "最近使用", "last used";
    tok_never_used: "从未使用", "never used";
    tok_webhook: "事件回调地址（Webhook）", "Webhook for events";
    tok_webhook_hint: "本部门执法决定的签发、公示、撤销、变更等事件将以 HMAC-SHA-256 签名推送到此地址，失败自动重试。", "The department's decision events (issued, published, revoked, changed…) are pushed here signed with HMAC-SHA-256, retried on failure.";
    tok_webhook_set: "保存回调地址", "Save the webhook";
    tok_webhook_remove: "停止推送", "Stop pushing";
    tok_webhook_secret: "签名密钥（只显示这一次，请保存到接收端）：", "Signing secret (shown this once; keep it at the receiver):";
    tok_deliveries: "最近推送记录", "Recent deliveries";
    tok_no_deliveries: "尚无推送。", "Nothing delivered yet.";
    tok_attempts: "次尝试", "attempts";
    delivery_pending: "待重试", "pending";
    delivery_delivered: "已送达", "delivered";
    delivery_failed: "已放弃", "given up";
    dec_import_title: "批量导入执法决定（XLSX 或 CSV）", "Import decisions (XLSX or CSV)";
    dec_import_lead: "每行一项决定，最多 1,000 行；列名见“集成文档”（docs/integration.md），执法人员可填执法证号、事项可填事项编码。每行按与单项登记相同的规则校验。", "One decision per row, at most 1,000; the columns are those of docs/integration.md (officers by certificate number, the claim by item code). Each row is checked with the rules of a single decision.";
    dec_import_issue: "导入后立即签发（生成案码）", "Issue each row at once (case codes)";
    dec_import_all: "任一行有误则全部不导入", "Keep nothing if any row is wrong";
    dec_import_running: "正在导入", "Importing";
    dec_import_kept: "已导入：", "Kept: ";
    dec_import_nothing: "有错误且选择了“全部不导入”：未导入任何内容。", "A row was wrong and all or nothing was chosen: nothing was kept.";
    wsi_link_case: "关联执法决定的案码", "Link the decision's case code";
    wsi_open: "登记计划外检查（投诉举报、转办移送）", "Open an inspection on a complaint or referral";
    wsi_uscc: "统一社会信用代码", "Credit code";
    wsi_ground_note: "依据说明（投诉编号、转办文号等）", "Ground (complaint or referral reference)";
    wsi_from: "检查开始日期", "Window's first day";
    wsi_until: "检查截止日期", "Window's last day";
    wsi_notice_title: "行政检查通知书", "Inspection notice";
    wsi_notice_instruction: "请扫描二维码核验本次检查是否真实、执法人员证件是否有效，并在检查后评价。无码不检：没有有效检查码的检查，可以拒绝并举报。", "Scan the QR code to check that this inspection is genuine and the certificates valid, and rate it afterwards. No code, no inspection: you may refuse and report an inspection without a valid code.";
    ent_title: "市场主体名录", "Market entities";
    ent_count: "个市场主体", "entities";
    ent_import: "导入市场主体（CSV 或 XLSX）", "Import entities (CSV or XLSX)";
    ent_import_columns: "列：统一社会信用代码、名称、行政区划代码、行业、风险等级（A–D）、联系方式（可选）。有任何一行有误时不导入。", "Columns: 统一社会信用代码, 名称, 行政区划代码, 行业, 风险等级 (A–D), 联系方式 (optional). Nothing is imported while a row is wrong.";
    ent_added: "新增", "Added";
    ent_updated: "更新", "Updated";
    sup_title: "涉企检查监督", "Inspection supervision";
    sup_departments: "各部门检查情况", "Inspections by department";
    sup_inspections: "检查次数", "Inspections";
    sup_on_plan: "双随机", "Drawn";
    sup_reports: "无码检查举报", "Code-less reports";
    sup_coded_share: "亮码率", "With a code";
    sup_overdue: "结果逾期", "Results overdue";
    sup_score: "平均评分（评价数）", "Average score (ratings)";
    sup_over_limit: "年度检查次数超过上限的主体", "Entities inspected more than the yearly limit";
    sup_none_over: "没有超过上限的主体。", "None above the limit.";
    sup_report_list: "无码检查举报", "Reports of code-less inspections";
    sup_rating_list: "企业评价", "Ratings by the inspected";

    stats_title: "执法数据统计", "Enforcement statistics";
    stats_lead: "已作出的行政执法决定数量和罚没金额，按类别、月份、地区和部门统计，以及按期公示率。", "Decisions made and amounts, by category, month, region and department, and the on-time publication rate.";
    stats_year: "年度", "Year";
    stats_all_years: "全部年度", "All years";
    stats_total: "决定总数", "Decisions";
    stats_amount: "罚没金额", "Amounts";
    stats_revoked: "已撤销", "Revoked";
    stats_changed: "已变更", "Changed";
    stats_on_time: "按期公示率", "Published on time";
    stats_on_time_detail: "应公示 {due} 件，按期 {on_time} 件", "{on_time} of {due} due publications on time";
    stats_by_category: "按类别", "By category";
    stats_by_month: "按月份", "By month";
    stats_by_region: "按地市", "By city";
    stats_by_department: "按部门（前 20）", "By department (top 20)";
    stats_table: "数据表", "Data table";
    stats_count: "件数", "Decisions";
    stats_label: "项目", "Item";
    stats_annual: "年度行政执法数据", "Annual enforcement data";
    stats_department: "部门", "Department";
    stats_none: "所选范围内没有执法决定。", "No decisions in this range.";
    stats_public_only: "统计只包括进入公示的执法决定；依法不公开的决定不计入各项数字。", "The figures count only decisions that entered the public listing; decisions the law keeps unpublished are not counted.";
    stats_withheld_detail: "本年度另有 {n} 件决定依法不予公开，未计入上述数字。", "{n} further decisions this year are not published by law and are not counted above.";
    verify_details_withheld: "该决定真实有效，但依照法律规定，其具体内容不予公开。持有决定书的当事人扫描文书上的二维码可查看完整摘要。", "This decision is genuine, but the law does not allow its details to be published. The holder of the document can scan its QR code to see the full summary.";
    duty_withdraw: "撤回公示", "Withdraw";
    duty_withdraw_late: "撤回公示超过法定 3 日期限（行政处罚法第四十八条），晚了 {n} 天", "Withdrawn {n} days after the 3-day limit (Administrative Penalty Law art. 48)";
    duty_provisional: "暂定：该年度的国务院节假日安排尚未导入，按周一至周五计算", "Provisional: that year's official holiday notice is not loaded; counted on weekdays";
    calendar_missing: "尚未导入 {years} 年的国务院节假日安排：这些年度的公示期限按周一至周五暂定计算。请在“公示任务”页导入。", "The State Council holiday notice for {years} is not loaded: deadlines in those years are provisional (weekdays only). Import it on the publication duties page.";
    calendar_import_title: "导入年度节假日安排", "Import a year's holiday notice";
    calendar_import_help: "CSV 文件，首行为“日期,是否上班,说明”，每行一个节假日或调休上班日，如“2027-01-01,否,元旦”。", "A CSV file with the header date,working,note and one line per holiday or adjusted working day, e.g. 2027-01-01,否,New Year.";
    calendar_import_file: "日历文件（CSV）", "Calendar file (CSV)";
    calendar_import_submit: "导入", "Import";
    calendar_import_done: "已导入 {years} 年，共 {rows} 天。", "Loaded {years}: {rows} days.";
    calendar_import_line: "第 {line} 行", "Line {line}";
    calendar_loaded_years: "已导入的年度", "Loaded years";
    locks_title: "登录锁定", "Sign-in locks";
    locks_none: "目前没有被锁定的账号或地址。", "No account or address is locked.";
    locks_pair: "账号在该地址被锁定", "Account locked from this address";
    locks_address: "地址被锁定", "Address locked";
    locks_strangers: "陌生地址登录被延缓", "Unknown addresses slowed down";
    locks_until: "至（北京时间）", "until (China time)";
    locks_lift: "解除", "Lift";
    dec_ended_on: "撤销、变更或确认的作出日期（撤回公示的 3 日期限自该日起算）", "Date of the revocation, change or ruling (the 3 days to withdraw run from it)";
    dec_confirm_unlawful: "登记确认违法", "Record: confirmed unlawful";
    dec_confirm_void: "登记确认无效", "Record: confirmed void";
    decision_named_persons: "文书中提及的其他自然人（证人、家属等，公示时隐去姓名）", "Other natural persons named in the text (witnesses, family; masked in public)";
    ws_publication: "公示", "Publication";
    pub_title: "公示任务", "Publication duties";
    pub_lead: "已签发、依法应当公示但尚未公示的决定。行政许可、行政处罚决定应在作出之日起 7 个工作日内公示，其他决定 20 个工作日内（按法定节假日和调休计算）。", "Issued decisions the law says are published that are not yet. Licences and penalties are published within 7 working days of the decision, others within 20 (official holidays and adjusted working days counted).";
    pub_none: "没有待公示的决定。", "Nothing to publish.";
    pub_deadline: "公示期限", "Publish by";
    pub_overdue: "已逾期", "Overdue";
    pub_days_left: "剩余工作日：", "Working days left: ";
    pub_publish: "公示", "Publish";
    pub_status: "公示状态", "Publication";
    cal_title: "工作日历调整", "Working calendar";
    cal_lead: "系统内置 2024—2026 年法定节假日和调休安排。国务院公布新的安排后，管理员在此补充。", "The official holidays and adjusted working days of 2024-2026 are built in. Administrators add later years here once the State Council publishes them.";
    cal_date: "日期", "Date";
    cal_working: "上班（调休）", "Working day (adjusted)";
    cal_off: "放假", "Day off";
    cal_note: "说明", "Note";
    cal_add: "保存", "Save";

    items_title: "权责清单", "Power lists";
    items_public_lead: "各执法部门公示的权责事项：设定依据、实施主体、责任事项和办理方式。", "The powers each enforcement department has published: legal basis, implementing body, responsibilities and how to apply or complain.";
    departments_title: "执法部门", "Enforcement departments";
    department_items_link: "查看该部门的权责清单", "See this department's power list";
    browse_departments: "按部门浏览", "Browse by department";
    filter_category: "事项类别", "Category";
    filter_department: "部门", "Department";
    all_departments: "显示全部部门", "Show all departments";
    items_count: "项事项", "items";
    no_items: "没有符合条件的事项。", "No item matches these filters.";
    load_more: "加载更多", "Load more";
    item_code: "事项编码", "Item code";
    item_legal_basis: "设定依据", "Legal basis";
    item_body: "实施主体", "Implementing body";
    item_local_basis: "地方设定依据", "Local legal basis";
    item_steps: "责任事项", "Responsibilities";
    item_accountability: "追责情形", "Accountability";
    item_discretion: "裁量基准", "Discretion benchmark";
    item_service: "办理与投诉", "Applying and complaints";
    item_published: "公布时间", "Published";
    back_to_items: "返回权责清单", "Back to the power lists";
    home_newest_items: "最新公示的权责事项", "Newest published powers";
    home_all_items: "浏览全部权责清单", "Browse all power lists";
    cat_licence: "行政许可", "Licence";
    cat_penalty: "行政处罚", "Penalty";
    cat_compulsion: "行政强制", "Compulsion";
    cat_levy: "行政征收", "Levy";
    cat_benefit: "行政给付", "Benefit";
    cat_inspection: "行政检查", "Inspection";
    cat_confirmation: "行政确认", "Confirmation";
    cat_reward: "行政奖励", "Reward";
    cat_adjudication: "行政裁决", "Adjudication";
    cat_other: "其他", "Other";
    items_lead: "各执法部门依法公示其行使的执法事项、设定依据和实施主体。选择部门查看其清单。", "Each enforcement department publishes the powers it exercises, their legal basis and implementing body. Choose a department to see its list.";
    filter_region: "地区", "Region";
    filter_region_all: "全省", "Whole province";
    filter_district: "区县", "District";
    filter_level: "层级", "Level";
    filter_kind: "执法领域", "Field";
    filter_all: "全部", "All";
    filter_search: "搜索部门名称或统一社会信用代码", "Search by name or unified social credit code";
    filter_search_items: "搜索事项名称或编码", "Search by item name or code";
    filter_submit: "搜索", "Search";
    filter_reset: "清除筛选", "Clear filters";
    filter_apply: "应用筛选", "Apply filters";
    results_count: "个部门", "departments";
    no_results: "没有符合条件的部门。", "No department matches these filters.";
    col_uscc: "统一社会信用代码", "Unified social credit code";

    workspace_title: "执法工作台", "Enforcement workspace";

    saving: "正在保存…", "Saving…";

    login_title: "工作人员登录", "Staff sign-in";
    login_lead: "执法部门工作人员使用单位分配的账号登录执法工作台。", "Enforcement staff sign in to the workspace with the account their department issued.";
    login_username: "用户名", "Username";
    login_password: "密码", "Password";
    login_submit: "登录", "Sign in";
    login_signing_in: "正在登录…", "Signing in…";
    login_invalid: "用户名或密码错误。", "The username or password is incorrect.";
    login_ended: "您的登录已结束（长时间未操作或已到期）。请重新登录，登录后将返回原页面。", "Your session has ended (inactivity or time limit). Sign in again to return to where you were.";
    login_required: "请先登录，登录后将打开您要访问的页面。", "Please sign in; you will then be taken to the page you asked for.";
    session_expired: "登录已结束，请重新登录。", "Your session has ended. Please sign in again.";

    ws_nav_label: "工作台导航", "Workspace navigation";
    ws_overview: "概览", "Overview";
    ws_department: "本部门人员", "My department";
    ws_users: "用户管理", "Accounts";
    ws_audit: "审计日志", "Audit log";
    ws_password: "修改密码", "Change password";
    ws_logout: "退出登录", "Sign out";
    ws_welcome: "您好，", "Hello, ";
    ws_role: "角色", "Role";
    ws_department_label: "所属部门", "Department";
    ws_session_until: "本次登录最晚有效至（北京时间）", "This session ends at the latest (China time)";
    ws_idle_note: "分钟无操作将自动退出。", "minutes without activity sign you out.";
    ws_must_change: "管理员已重置您的密码。请先设置新密码，然后才能继续使用工作台。", "An administrator reset your password. Set a new one before you continue.";
    ws_can_admin: "您可以管理全省的账号，并查阅审计日志。", "You manage the province's accounts and read the audit log.";
    ws_can_auditor: "您可以只读查阅全省的账号和审计日志。", "You read the province's accounts and audit log, without changing anything.";
    ws_can_department: "您可以认领本部门的权责事项，登记、审核、签发和公示执法决定，并维护执法人员。", "You claim your department's power-list items, register, review, issue and publish its decisions, and keep its officers.";
    todo_title: "待办事项", "To do";
    todo_province: "（全省）", " (province-wide)";
    todo_drafts: "未签发的草稿", "Drafts not yet issued";
    todo_awaiting_review: "待法制审核", "Awaiting legal review";
    todo_returned: "审核退回", "Sent back by the reviewer";
    todo_ready: "可签发", "Ready to issue";
    todo_due_soon: "2 个工作日内应公示", "To publish within 2 working days";
    todo_departments: "各部门公示期限（逾期多者在前）", "Publication deadlines by department (most overdue first)";
    todo_overdue: "逾期未公示", "Publication overdue";
    todo_flagged: "因目录变更待处理的认领", "Claims flagged by catalog changes";
    todo_expiring: "30 日内到期的执法证", "Certificates ending within 30 days";
    role_clerk: "经办人", "Clerk";
    role_reviewer: "审核人", "Reviewer";
    role_admin: "管理员（司法行政）", "Administrator (justice)";
    role_auditor: "监督员（只读）", "Auditor (read-only)";

    ws_catalog: "通用目录", "Master catalog";
    ws_claims: "本部门清单", "Our power list";
    ws_review: "待审核", "Review queue";
    ws_decisions: "执法决定", "Decisions";
    ws_officers: "执法人员", "Officers";
    dec_title: "执法决定", "Enforcement decisions";
    dec_new: "登记决定", "Register a decision";
    dec_none: "本部门尚未登记执法决定。", "No decisions registered yet.";
    dec_count: "项决定", "decisions";
    dec_save: "保存草稿", "Save draft";
    dec_register: "登记", "Register";
    dec_issue: "签发并生成案码", "Issue and assign the case code";
    dec_issue_hint: "签发后将分配案码并加盖数字签名，决定内容不可再修改。", "Issuing assigns the case code and signs the decision; it can no longer be edited.";
    dec_review_needed: "本决定为重大执法决定，须经法制审核后方可签发。", "This is a major decision: it needs a legal review before it can be issued.";
    dec_review_opinion: "审核意见", "Review opinion";
    dec_review_approve: "审核通过", "Approve";
    dec_review_return: "退回修改", "Send back";
    dec_reviewed_by: "法制审核：", "Legal review: ";
    dec_returned: "审核退回：", "Sent back: ";
    dec_revoke: "撤销决定", "Revoke";
    dec_change: "变更决定", "Change";
    dec_reason: "原因（将向社会公开）", "Reason (made public)";
    dec_new_code: "新决定的案码", "Case code of the new decision";
    dec_done: "已完成：", "Done: ";
    dec_qr_title: "案码与二维码", "Case code and QR code";
    dec_qr_version: "二维码版本", "QR version";
    dec_download_svg: "下载 SVG", "Download SVG";
    dec_download_png: "下载 PNG", "Download PNG";
    dec_print: "打印附页", "Print the attachment";
    dec_print_instruction: "请使用手机扫描二维码，或在“案码”网站输入案码，核验本决定的真伪和效力。", "Scan the QR code with a phone, or enter the case code on the Anma site, to check that this decision is genuine and in force.";
    dec_print_button: "打印", "Print";
    dec_document_number: "决定书文号", "Document number";
    dec_document_number_hint: "如 穗天市监罚〔2026〕15号（年份用六角括号，序号不编虚位）", "e.g. 穗天市监罚〔2026〕15号 (year in 〔〕, serial without leading zeros)";
    dec_claim: "执法事项（本部门已公布的清单事项）", "Item (one of the department's published items)";
    dec_choose: "请选择", "Choose";
    dec_party_name: "当事人名称或姓名", "Party's name";
    dec_uscc: "统一社会信用代码", "Unified social credit code";
    dec_override: "校验未通过的试点代码：登记原因", "Pilot code that fails the check: reason";
    dec_override_hint: "仅用于早期试点代码，须说明核实情况，将记录在案。", "Only for early pilot codes; say how it was verified. The reason is recorded.";
    dec_id_number: "公民身份号码（不公开）", "Resident identity number (never public)";
    dec_amount: "罚款金额（元）", "Fine (yuan)";
    dec_major: "重大执法决定（须法制审核）", "Major decision (needs a legal review)";
    dec_minor: "未成年人案件（不予公示）", "A minor's case (never published)";
    dec_withheld: "不予公开的理由（涉及国家秘密、商业秘密或个人隐私时填写）", "Reason not to publish (state secrets, trade secrets or personal privacy)";
    dec_officers: "执法人员（处罚决定至少两名持有效证件人员）", "Officers (at least two with valid certificates for a penalty)";
    dec_officer_invalid: "（该日期证件无效）", " (certificate not valid on that date)";
    dec_section_document: "文书", "Document";
    dec_section_party: "当事人", "Party";
    dec_section_facts: "事实与依据", "Facts and legal basis";
    dec_section_result: "处理结果", "Result";
    dec_section_officers: "执法人员", "Officers";
    dec_section_publication: "公示", "Publication";
    dec_unsaved: "有尚未保存的修改，离开本页将丢失。", "There are unsaved changes; leaving this page loses them.";
    dec_unsaved_leave: "有尚未保存的修改。确定离开本页并放弃这些修改吗？", "There are unsaved changes. Leave this page and lose them?";
    tbl_search: "搜索文号、当事人或案码", "Search document number, party or case code";
    tbl_status: "状态", "Status";
    tbl_stage: "待办", "To do";
    tbl_kind: "类别", "Kind";
    tbl_from: "决定日期自", "Decided from";
    tbl_to: "决定日期至", "Decided until";
    tbl_all: "全部", "All";
    tbl_filters: "筛选", "Filters";
    tbl_filters_on: "项筛选", "on";
    tbl_apply: "查询", "Search";
    tbl_clear: "清除筛选", "Clear filters";
    tbl_shown: "已显示", "Shown";
    tbl_of: "共", "of";
    tbl_select_all: "选择本页全部决定", "Select every decision on this page";
    tbl_select: "选择", "Select";
    tbl_empty: "没有符合条件的决定。", "No decisions match.";
    tbl_sorted_asc: "（升序）", " (ascending)";
    tbl_sorted_desc: "（降序）", " (descending)";
    col_item_code: "事项编码", "Item code";
    col_item_name: "事项名称", "Item";
    col_flags: "提示", "Notes";
    claims_search: "搜索事项编码或名称", "Search item code or name";
    tbl_select_all_claims: "选择显示的全部事项", "Select every item shown";
    batch_submit_claims: "提交所选送审", "Submit selected for review";
    users_search: "搜索姓名、用户名或部门", "Search name, username or department";
    users_actions: "操作", "Actions";
    users_disabled_only: "仅显示已停用的账号", "Only disabled accounts";
    col_document_number: "文号", "Document number";
    col_party: "当事人", "Party";
    col_kind: "类别", "Kind";
    col_date: "决定日期", "Decided";
    col_status: "状态", "Status";
    col_publication: "公示", "Publication";
    col_case_code: "案码", "Case code";
    col_updated: "最近修改", "Last changed";
    stage_awaiting_review: "待法制审核", "Awaiting legal review";
    stage_returned: "审核退回", "Sent back";
    stage_ready: "可签发", "Ready to issue";
    stage_unpublished: "待公示", "To publish";
    batch_selected: "已选择", "Selected";
    batch_issue: "签发所选", "Issue selected";
    batch_publish: "公示所选", "Publish selected";
    batch_print: "打印所选附页", "Print attachments of selected";
    batch_clear: "取消选择", "Clear selection";
    batch_running: "正在逐项处理…", "Working through them…";
    batch_report: "处理结果：", "Result: ";
    batch_done: "项成功", "done";
    batch_failed: "项未处理", "not done";
    batch_failed_lead: "以下决定未作改动：", "These decisions were left unchanged:";
    print_many_title: "打印二维码附页", "Print the QR attachments";
    print_many_count: "份附页，每份一页", "attachments, one per page";
    print_skipped: "以下决定尚未签发，没有附页：", "Not issued yet, so no attachment:";
    print_none: "所选决定均未签发，没有可打印的附页。", "None of the chosen decisions is issued: there is nothing to print.";
    print_too_many: "一次最多打印 100 份附页。", "At most 100 attachments print at once.";
    off_title: "执法人员", "Enforcement officers";
    off_add: "登记执法人员", "Register an officer";
    off_from: "有效期自", "Valid from";
    off_until: "有效期至", "Valid until";
    off_saved: "已保存。", "Saved.";
    off_none: "尚未登记执法人员。", "No officers registered yet.";
    off_public_link: "公开查询页", "Public page";
    off_search: "搜索姓名或执法证号", "Search name or certificate number";
    off_expiring_only: "仅显示 30 日内到期的证件", "Only certificates ending within 30 days";
    off_expiring: "即将到期", "Ending soon";
    off_count: "名执法人员", "officers";
    ws_flagged: "目录变更待处理", "Flagged by catalog changes";
    catalog_title: "权责事项通用目录", "Master catalog of powers";
    catalog_lead: "全省通用目录。经办人可选择本部门可行使的事项进行认领；管理员维护目录。", "The province's master catalog. Clerks claim the items their department exercises; administrators maintain the catalog.";
    catalog_claim_selected: "认领所选事项", "Claim the selected items";
    catalog_claimed: "已认领事项数：", "Items claimed: ";
    catalog_select: "选择", "Select";
    catalog_township: "乡镇指导目录", "Township catalog";
    catalog_retire: "取消事项", "Retire item";
    catalog_reason: "理由", "Reason";
    catalog_effective: "生效日期", "Effective date";
    catalog_retire_submit: "确认取消", "Confirm retirement";
    catalog_versions: "版本记录", "Versions";
    catalog_version_line: "版本", "Version";
    op_add: "新增", "Added";
    op_adjust: "调整", "Adjusted";
    op_split: "拆分", "Split";
    op_merge: "合并", "Merged";
    op_retire: "取消", "Retired";
    op_import: "导入", "Imported";
    export_xlsx: "下载 XLSX", "Download XLSX";
    export_csv: "下载 CSV", "Download CSV";
    import_title: "导入目录（XLSX 或 CSV）", "Import catalog (XLSX or CSV)";
    import_file: "XLSX 或 CSV 文件（CSV 为 UTF-8 或 GBK，首行为表头）", "XLSX or CSV file (CSV in UTF-8 or GBK, header row first)";
    import_valid_only: "仅导入有效行，跳过有错误的行", "Import only the valid rows, skipping the rest";
    import_submit: "导入", "Import";
    importing: "正在上传并校验…", "Uploading and checking…";
    import_result: "已导入事项数：", "Items imported: ";
    import_errors_title: "以下行有错误：", "Rows with errors:";
    import_nothing: "有错误时不导入任何内容。请修正后重新导入，或勾选“仅导入有效行”。", "Nothing is imported while any row has an error. Fix the file, or choose to import only the valid rows.";
    import_row: "第", "Line ";
    claims_title: "本部门权责清单", "Our power list";
    claims_empty: "暂无符合条件的认领事项。", "No claims match.";
    review_empty: "暂无待审核的事项。", "Nothing is waiting for review.";
    flagged_empty: "没有因目录变更需要处理的认领。", "No claim is flagged by a catalog change.";
    claim_status_heading: "状态", "Status";
    status_draft: "草稿", "Draft";
    status_submitted: "待审核", "Submitted";
    status_returned: "已退回", "Returned";
    status_published: "已公布", "Published";
    status_withdrawn: "已撤回", "Withdrawn";
    claim_flag: "目录已变更，需处理", "Catalog changed: action needed";
    claim_pending: "调整中（公布版本仍对外公示）", "Change pending (the published version stays public)";
    claim_flagged_only: "只看目录变更待处理", "Only those flagged by catalog changes";
    claim_save: "保存草稿", "Save draft";
    claim_submit: "提交审核", "Submit for review";
    claim_approve: "审核通过并公布", "Approve and publish";
    claim_return: "退回修改", "Return for changes";
    claim_comment: "意见或理由", "Comment or reason";
    claim_adjust: "调整（基于公布版本新建草稿）", "Adjust (new draft from the published version)";
    claim_withdraw: "撤回认领", "Withdraw claim";
    claim_history: "变更记录", "History";
    claim_review_comment: "审核意见：", "Reviewer's comment: ";
    claim_published_version: "当前公布版本", "Published version";
    claim_working_version: "工作版本", "Working version";
    claim_done: "已完成：", "Done: ";
    hist_create: "认领", "Claimed";
    hist_save: "保存", "Saved";
    hist_submit: "提交审核", "Submitted";
    hist_approve: "审核通过并公布", "Approved and published";
    hist_return: "退回", "Returned";
    hist_adjust: "开始调整", "Adjustment started";
    hist_withdraw: "撤回", "Withdrawn";
    hist_flag: "目录变更标记", "Flagged by catalog change";

    pw_title: "修改密码", "Change password";
    pw_current: "当前密码", "Current password";
    pw_new: "新密码", "New password";
    pw_repeat: "再次输入新密码", "Repeat the new password";
    pw_hint: "10 至 128 个字符，至少包含小写字母、大写字母、数字、其他字符中的三类，且不含用户名。", "10 to 128 characters, mixing at least three of lower case, upper case, digits and other characters, without your username.";
    pw_mismatch: "两次输入的新密码不一致。", "The two new passwords differ.";
    pw_submit: "保存新密码", "Save the new password";
    pw_done: "密码已更新。其他设备上的登录已结束。", "Password changed. Sessions on other devices have ended.";

    users_title: "用户管理", "Accounts";
    users_readonly: "您拥有只读权限。", "You have read-only access.";
    users_create: "新建账号", "New account";
    users_create_submit: "创建账号", "Create account";
    users_created: "账号已创建，用户首次登录时须修改初始密码。", "Account created; the user must change the initial password at first sign-in.";
    user_username: "用户名", "Username";
    user_username_hint: "3 至 32 个字符：小写字母、数字、“.”“_”“-”。", "3 to 32 characters: lower-case letters, digits, '.', '_', '-'.";
    user_display_name: "姓名", "Name";
    user_department: "所属部门", "Department";
    user_role: "角色", "Role";
    user_initial_password: "初始密码", "Initial password";
    users_active: "正常", "Active";
    users_disabled: "已停用", "Disabled";
    users_must_change: "待修改密码", "Must change password";
    users_disable: "停用", "Disable";
    users_enable: "启用", "Enable";
    users_reset: "重置密码", "Reset password";
    users_reset_label: "临时密码", "Temporary password";
    users_reset_submit: "确认重置", "Confirm reset";
    users_reset_done: "密码已重置，用户下次登录时须修改。", "Password reset; the user must change it at next sign-in.";
    users_count: "个账号", "accounts";

    audit_title: "审计日志", "Audit log";
    audit_lead: "工作台中的每一次写操作都记录在只可追加的哈希链中，任何修改、删除或插入都会被校验发现。", "Every workspace write is recorded in an append-only hash chain; any change, deletion or insertion is detected by verification.";
    audit_user: "操作人用户名", "Username";
    audit_action: "操作", "Action";
    audit_department: "部门编号", "Department id";
    audit_from: "起始日期", "From";
    audit_to: "截止日期", "To";
    audit_apply: "筛选", "Filter";
    audit_verify: "校验哈希链", "Verify the chain";
    audit_chain_ok: "哈希链完整，已校验记录数：", "The chain is intact. Entries verified: ";
    audit_chain_bad: "哈希链被破坏：", "The chain is broken: ";
    audit_time: "时间（北京时间）", "Time (China)";
    audit_object: "对象", "Object";
    audit_detail: "详情", "Detail";
    audit_more: "加载更早的记录", "Load earlier entries";
    audit_more_later: "加载更晚的记录", "Load later entries";
    audit_empty: "没有符合条件的记录。", "No entries match.";
    action_login: "登录", "Sign-in";
    action_logout: "退出", "Sign-out";
    action_lockout: "登录锁定", "Lockout";
    action_user_create: "新建账号", "Account created";
    action_user_disable: "停用账号", "Account disabled";
    action_user_enable: "启用账号", "Account enabled";
    action_password_reset: "重置密码", "Password reset";
    action_password_change: "修改密码", "Password changed";
    action_department_create: "新建部门", "Department created";
    action_catalog: "通用目录", "Catalog";
    action_claim: "认领事项", "Claim";
    colon: "：", ": ";

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
    /// The verdict's title and explanation.
    pub fn verdict(&self, v: Verdict) -> (&'static str, &'static str) {
        match v {
            Verdict::InForce => (self.verdict_in_force_title(), self.verdict_in_force_body()),
            Verdict::Revoked => (self.verdict_revoked_title(), self.verdict_revoked_body()),
            Verdict::Changed => (self.verdict_changed_title(), self.verdict_changed_body()),
            Verdict::Unlawful => (self.verdict_unlawful_title(), self.verdict_unlawful_body()),
            Verdict::Void => (self.verdict_void_title(), self.verdict_void_body()),
            Verdict::Mismatch => (self.verdict_mismatch_title(), self.verdict_mismatch_body()),
        }
    }

    pub fn ground(&self, g: crate::model::Ground) -> &'static str {
        use crate::model::Ground;
        match (g, self.lang) {
            (Ground::Plan, Lang::Zh) => "双随机抽查",
            (Ground::Plan, Lang::En) => "random spot check",
            (Ground::Complaint, Lang::Zh) => "投诉举报",
            (Ground::Complaint, Lang::En) => "complaint",
            (Ground::Referral, Lang::Zh) => "转办移送",
            (Ground::Referral, Lang::En) => "referral",
        }
    }

    pub fn outcome(&self, o: crate::model::Outcome) -> &'static str {
        use crate::model::Outcome;
        match (o, self.lang) {
            (Outcome::NoProblem, Lang::Zh) => "未发现问题",
            (Outcome::NoProblem, Lang::En) => "no problem found",
            (Outcome::Rectify, Lang::Zh) => "发现问题，责令限期整改",
            (Outcome::Rectify, Lang::En) => "problems found, ordered to rectify",
            (Outcome::CaseOpened, Lang::Zh) => "发现违法行为，已立案",
            (Outcome::CaseOpened, Lang::En) => "violation found, case opened",
        }
    }

    pub fn conduct(&self, c: crate::model::Conduct) -> &'static str {
        use crate::model::Conduct;
        match (c, self.lang) {
            (Conduct::Proper, Lang::Zh) => "文明规范",
            (Conduct::Proper, Lang::En) => "proper",
            (Conduct::Acceptable, Lang::Zh) => "基本规范",
            (Conduct::Acceptable, Lang::En) => "acceptable",
            (Conduct::Improper, Lang::Zh) => "不规范",
            (Conduct::Improper, Lang::En) => "improper",
        }
    }

    /// A score of 1 to 5 in words.
    pub fn score(&self, n: u8) -> &'static str {
        const ZH_SCORES: [&str; 5] = ["1 非常不满意", "2 不满意", "3 一般", "4 满意", "5 非常满意"];
        const EN_SCORES: [&str; 5] = [
            "1 very dissatisfied",
            "2 dissatisfied",
            "3 neutral",
            "4 satisfied",
            "5 very satisfied",
        ];
        let i = usize::from(n.clamp(1, 5) - 1);
        match self.lang {
            Lang::Zh => ZH_SCORES[i],
            Lang::En => EN_SCORES[i],
        }
    }

    pub fn plan_status(&self, s: crate::model::PlanStatus) -> &'static str {
        use crate::model::PlanStatus;
        match (s, self.lang) {
            (PlanStatus::Draft, Lang::Zh) => "草稿",
            (PlanStatus::Draft, Lang::En) => "draft",
            (PlanStatus::Approved, Lang::Zh) => "已审核，待抽取",
            (PlanStatus::Approved, Lang::En) => "approved, to be drawn",
            (PlanStatus::Drawn, Lang::Zh) => "已抽取",
            (PlanStatus::Drawn, Lang::En) => "drawn",
            (PlanStatus::Cancelled, Lang::Zh) => "已撤销",
            (PlanStatus::Cancelled, Lang::En) => "cancelled",
        }
    }

    pub fn inspection_status(&self, s: crate::model::InspectionStatus) -> &'static str {
        use crate::model::InspectionStatus;
        match (s, self.lang) {
            (InspectionStatus::Scheduled, Lang::Zh) => "待检查",
            (InspectionStatus::Scheduled, Lang::En) => "scheduled",
            (InspectionStatus::Done, Lang::Zh) => "已完成",
            (InspectionStatus::Done, Lang::En) => "done",
            (InspectionStatus::Cancelled, Lang::Zh) => "已取消",
            (InspectionStatus::Cancelled, Lang::En) => "cancelled",
        }
    }
    pub fn level(&self, level: DepartmentLevel) -> &'static str {
        match level {
            DepartmentLevel::Province => self.level_province(),
            DepartmentLevel::City => self.level_city(),
            DepartmentLevel::County => self.level_county(),
            DepartmentLevel::Township => self.level_township(),
        }
    }

    pub fn category(&self, c: Category) -> &'static str {
        match c {
            Category::Licence => self.cat_licence(),
            Category::Penalty => self.cat_penalty(),
            Category::Compulsion => self.cat_compulsion(),
            Category::Levy => self.cat_levy(),
            Category::Benefit => self.cat_benefit(),
            Category::Inspection => self.cat_inspection(),
            Category::Confirmation => self.cat_confirmation(),
            Category::Reward => self.cat_reward(),
            Category::Adjudication => self.cat_adjudication(),
            Category::Other => self.cat_other(),
        }
    }

    pub fn penalty(&self, p: PenaltyType) -> &'static str {
        match p {
            PenaltyType::Warning => self.pen_warning(),
            PenaltyType::Criticism => self.pen_criticism(),
            PenaltyType::Fine => self.pen_fine(),
            PenaltyType::ConfiscateGains => self.pen_confiscate_gains(),
            PenaltyType::ConfiscateProperty => self.pen_confiscate_property(),
            PenaltyType::SuspendLicence => self.pen_suspend_licence(),
            PenaltyType::LowerQualification => self.pen_lower_qualification(),
            PenaltyType::RevokeLicence => self.pen_revoke_licence(),
            PenaltyType::RestrictActivities => self.pen_restrict_activities(),
            PenaltyType::SuspendBusiness => self.pen_suspend_business(),
            PenaltyType::Close => self.pen_close(),
            PenaltyType::RestrictPractice => self.pen_restrict_practice(),
            PenaltyType::Detention => self.pen_detention(),
            PenaltyType::Other => self.pen_other(),
        }
    }

    pub fn procedure(&self, p: Procedure) -> &'static str {
        match p {
            Procedure::Simple => self.procedure_simple(),
            Procedure::Ordinary => self.procedure_ordinary(),
        }
    }

    pub fn party_kind(&self, p: PartyKind) -> &'static str {
        match p {
            PartyKind::Organisation => self.party_organisation(),
            PartyKind::Person => self.party_person(),
        }
    }

    pub fn decision_status(&self, s: DecisionStatus) -> &'static str {
        match s {
            DecisionStatus::Draft => self.decision_draft(),
            DecisionStatus::Issued => self.decision_issued(),
            DecisionStatus::Revoked => self.decision_revoked(),
            DecisionStatus::Changed => self.decision_changed(),
            DecisionStatus::Unlawful => self.decision_unlawful(),
            DecisionStatus::Void => self.decision_void(),
        }
    }

    pub fn stage(&self, s: DecisionStage) -> &'static str {
        match s {
            DecisionStage::AwaitingReview => self.stage_awaiting_review(),
            DecisionStage::Returned => self.stage_returned(),
            DecisionStage::Ready => self.stage_ready(),
            DecisionStage::Unpublished => self.stage_unpublished(),
        }
    }

    pub fn publication(&self, p: Publication) -> &'static str {
        match p {
            Publication::Pending => self.publication_pending(),
            Publication::Expired => self.publication_expired(),
            Publication::Published => self.publication_published(),
            Publication::NotDisclosed => self.publication_not_disclosed(),
            Publication::Withdrawn => self.publication_withdrawn(),
        }
    }

    pub fn officer_status(&self, s: OfficerStatus) -> &'static str {
        match s {
            OfficerStatus::Active => self.officer_active(),
            OfficerStatus::Suspended => self.officer_suspended(),
            OfficerStatus::Revoked => self.officer_revoked(),
        }
    }

    pub fn claim_status(&self, s: ClaimStatus) -> &'static str {
        match s {
            ClaimStatus::Draft => self.status_draft(),
            ClaimStatus::Submitted => self.status_submitted(),
            ClaimStatus::Returned => self.status_returned(),
            ClaimStatus::Published => self.status_published(),
            ClaimStatus::Withdrawn => self.status_withdrawn(),
        }
    }

    /// Catalog maintenance operations by their code.
    pub fn operation(&self, code: &str) -> String {
        match code {
            "add" => self.op_add(),
            "adjust" => self.op_adjust(),
            "split" => self.op_split(),
            "merge" => self.op_merge(),
            "retire" => self.op_retire(),
            "import" => self.op_import(),
            other => return other.to_owned(),
        }
        .to_owned()
    }

    /// Claim history actions by their code.
    pub fn claim_action(&self, code: &str) -> String {
        match code {
            "create" => self.hist_create(),
            "save" => self.hist_save(),
            "submit" => self.hist_submit(),
            "approve" => self.hist_approve(),
            "return" => self.hist_return(),
            "adjust" => self.hist_adjust(),
            "withdraw" => self.hist_withdraw(),
            "flag" => self.hist_flag(),
            other => return other.to_owned(),
        }
        .to_owned()
    }

    /// Labels of a claim's detail fields, by their API name.
    pub fn detail_field(&self, field: &str) -> &'static str {
        match field {
            "implementing_body" => self.item_body(),
            "local_legal_basis" => self.item_local_basis(),
            "responsibility_steps" => self.item_steps(),
            "accountability" => self.item_accountability(),
            "discretion_benchmark" => self.item_discretion(),
            _ => self.item_service(),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Clerk => self.role_clerk(),
            Role::Reviewer => self.role_reviewer(),
            Role::Admin => self.role_admin(),
            Role::Auditor => self.role_auditor(),
        }
    }

    /// Audit actions by their code; unknown codes are shown as they are.
    pub fn action(&self, code: &str) -> String {
        match code {
            "auth.login" => self.action_login(),
            "auth.logout" => self.action_logout(),
            "auth.lockout" => self.action_lockout(),
            "user.create" => self.action_user_create(),
            "user.disable" => self.action_user_disable(),
            "user.enable" => self.action_user_enable(),
            "user.password_reset" => self.action_password_reset(),
            "user.password_change" => self.action_password_change(),
            "department.create" => self.action_department_create(),
            other => {
                // catalog.add, claim.approve, …: the area, then the step.
                return match other.split_once('.') {
                    Some(("catalog", op)) => {
                        format!(
                            "{}{}{}",
                            self.action_catalog(),
                            self.colon(),
                            self.operation(op)
                        )
                    }
                    Some(("claim", step)) => {
                        format!(
                            "{}{}{}",
                            self.action_claim(),
                            self.colon(),
                            self.claim_action(step)
                        )
                    }
                    _ => other.to_owned(),
                };
            }
        }
        .to_owned()
    }

    pub fn kind(&self, kind: DepartmentKind) -> &'static str {
        match kind {
            DepartmentKind::Justice => self.kind_justice(),
            DepartmentKind::MarketRegulation => self.kind_market_regulation(),
            DepartmentKind::Ecology => self.kind_ecology(),
            DepartmentKind::Transport => self.kind_transport(),
            DepartmentKind::Emergency => self.kind_emergency(),
            DepartmentKind::UrbanManagement => self.kind_urban_management(),
            DepartmentKind::NaturalResources => self.kind_natural_resources(),
            DepartmentKind::Housing => self.kind_housing(),
            DepartmentKind::Agriculture => self.kind_agriculture(),
            DepartmentKind::Culture => self.kind_culture(),
            DepartmentKind::Health => self.kind_health(),
            DepartmentKind::WaterResources => self.kind_water_resources(),
            DepartmentKind::TownshipComprehensive => self.kind_township_comprehensive(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_actions_read_as_area_and_step() {
        assert_eq!(ZH.action("auth.login"), "登录");
        assert_eq!(ZH.action("claim.approve"), "认领事项：审核通过并公布");
        assert_eq!(EN.action("catalog.retire"), "Catalog: Retired");
        assert_eq!(ZH.action("something.new"), "something.new");
    }
}
