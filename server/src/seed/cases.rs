//! Demo officers and decisions: the README's example, decisions in every state, and a
//! realistic set of published, expired and withdrawn decisions across departments and
//! cities for the public listing and its statistics.

use app::model::{
    ChangeRequest, Date, DecisionInput, LegalReviewRequest, OfficerInput, OfficerStatus, PartyKind,
    PenaltyType, Procedure, RevokeRequest, Uscc,
    publicity::{SMALL_FINE_FEN, publication_period, published_until},
};

use crate::{
    cases,
    db::{Db, audit::Actor, decisions::DecisionRow},
    keys::KeyRing,
};

/// The document number of the demo decision in force that `anma seed --demo` offers to
/// try (its case code differs per deployment: serials are keyed by the deployment secret).
pub const DEMO_EXAMPLE_DOCUMENT: &str = "穗天市监罚〔2026〕15号";

/// The demo decision to try: its case code and signature, if the demo data is loaded.
pub async fn demo_example(db: &Db) -> anyhow::Result<Option<(app::model::CaseCode, String)>> {
    Ok(crate::db::decisions::code_by_document_number(db, DEMO_EXAMPLE_DOCUMENT).await?)
}

/// Demo officers: (department, name, certificate number, field, from, until, status).
const DEMO_OFFICERS: &[(&str, &str, &str, &str, &str, &str, OfficerStatus)] = &[
    (
        "广州市天河区市场监督管理局",
        "李明",
        "44010621000101",
        "市场监管",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "广州市天河区市场监督管理局",
        "陈静",
        "44010621000102",
        "市场监管",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "广州市天河区市场监督管理局",
        "王磊",
        "44010621000103",
        "市场监管",
        "2024-06-01",
        "2029-05-31",
        OfficerStatus::Active,
    ),
    (
        "广州市天河区市场监督管理局",
        "黄丽",
        "44010621000104",
        "市场监管",
        "2021-01-01",
        "2025-12-31",
        OfficerStatus::Active,
    ),
    (
        "广州市天河区市场监督管理局",
        "周强",
        "44010621000105",
        "市场监管",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Suspended,
    ),
    (
        "深圳市市场监督管理局南山监管局",
        "林海",
        "44030521000201",
        "市场监管",
        "2023-03-01",
        "2028-02-28",
        OfficerStatus::Active,
    ),
    (
        "深圳市市场监督管理局南山监管局",
        "郑洁",
        "44030521000202",
        "市场监管",
        "2023-03-01",
        "2028-02-28",
        OfficerStatus::Active,
    ),
    (
        "深圳市市场监督管理局南山监管局",
        "吴凡",
        "44030521000203",
        "市场监管",
        "2024-01-01",
        "2029-12-31",
        OfficerStatus::Active,
    ),
    (
        "广州市城市管理和综合执法局",
        "何志远",
        "44010021000301",
        "城市管理",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "广州市城市管理和综合执法局",
        "冯敏",
        "44010021000302",
        "城市管理",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "东莞市虎门镇综合行政执法办公室",
        "钟伟",
        "44190021000401",
        "综合行政执法",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "东莞市虎门镇综合行政执法办公室",
        "罗婷",
        "44190021000402",
        "综合行政执法",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "广东省生态环境厅",
        "梁永康",
        "44000021000501",
        "生态环境",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
    (
        "广东省生态环境厅",
        "谢雨桐",
        "44000021000502",
        "生态环境",
        "2023-01-01",
        "2028-12-31",
        OfficerStatus::Active,
    ),
];

/// How a demo decision ends up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Draft,
    InForce,
    Revoked,
    /// Replaced by the next decision in the list.
    Changed,
}

struct DemoDecision {
    department: &'static str,
    item: &'static str,
    document_number: &'static str,
    party: (PartyKind, &'static str, &'static str),
    procedure: Procedure,
    penalties: &'static [PenaltyType],
    amount_yuan: Option<i64>,
    date: &'static str,
    facts: &'static str,
    result: &'static str,
    officers: &'static [&'static str],
    major: bool,
    fate: Fate,
}

const TH: &str = "广州市天河区市场监督管理局";
const NS: &str = "深圳市市场监督管理局南山监管局";

/// Decisions in every state. The first is the README's example.
const DEMO_DECISIONS: &[DemoDecision] = &[
    DemoDecision {
        department: TH,
        item: "CF00003000",
        document_number: DEMO_EXAMPLE_DOCUMENT,
        party: (
            PartyKind::Organisation,
            "广州市天河区禾味餐饮管理有限公司",
            "91440106MA5D8K2X7L",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine, PenaltyType::ConfiscateGains],
        amount_yuan: Some(50_000),
        date: "2026-03-18",
        facts: "2026年1月9日，执法人员检查发现当事人经营的门店销售超过保质期的预包装食品（酸奶）23盒，违法所得人民币1,380元。",
        result: "没收违法所得人民币1,380元，并处罚款人民币50,000元。",
        officers: &["44010621000101", "44010621000102"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: TH,
        item: "CF00001000",
        document_number: "穗天市监罚〔2026〕21号",
        party: (PartyKind::Person, "张三丰", "440106198503120015"),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine],
        amount_yuan: Some(20_000),
        date: "2026-05-06",
        facts: "当事人未取得食品经营许可，在天河区某街道租用铺面从事熟食制售经营活动，货值金额人民币4,200元。",
        result: "罚款人民币20,000元。",
        officers: &["44010621000102", "44010621000103"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: TH,
        item: "CF00011000",
        document_number: "穗天市监罚〔2026〕8号",
        party: (
            PartyKind::Organisation,
            "广州某电器贸易有限公司",
            "91440106MA59XK3L2R",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine, PenaltyType::ConfiscateProperty],
        amount_yuan: Some(300_000),
        date: "2026-02-10",
        facts: "当事人销售不符合国家标准的电热水壶共计410台，经检验温控器项目不合格。",
        result: "没收不合格产品410台，并处罚款人民币300,000元。",
        officers: &["44010621000101", "44010621000103"],
        major: true,
        fate: Fate::Revoked,
    },
    DemoDecision {
        department: TH,
        item: "CF00002000",
        document_number: "穗天市监罚〔2026〕11号",
        party: (
            PartyKind::Organisation,
            "广州天河鲜果汇商行有限公司",
            "91440106MA5CQ1TG01",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine],
        amount_yuan: Some(100_000),
        date: "2026-02-27",
        facts: "当事人经营腐败变质的水果制品，货值金额人民币6,500元。",
        result: "罚款人民币100,000元。",
        officers: &["44010621000101", "44010621000102"],
        major: false,
        fate: Fate::Changed,
    },
    DemoDecision {
        department: TH,
        item: "CF00002000",
        document_number: "穗天市监罚〔2026〕30号",
        party: (
            PartyKind::Organisation,
            "广州天河鲜果汇商行有限公司",
            "91440106MA5CQ1TG01",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine],
        amount_yuan: Some(80_000),
        date: "2026-06-15",
        facts: "当事人经营腐败变质的水果制品，货值金额人民币6,500元。经行政复议，认定当事人主动召回并销毁问题产品，依法从轻处罚。",
        result: "罚款人民币80,000元。",
        officers: &["44010621000101", "44010621000102"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: TH,
        item: "XK00002000",
        document_number: "穗天市监许〔2026〕102号",
        party: (
            PartyKind::Organisation,
            "广州市天河区禾味餐饮管理有限公司",
            "91440106MA5D8K2X7L",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[],
        amount_yuan: None,
        date: "2026-04-02",
        facts: "申请人申请食品经营许可（餐饮服务），经审查符合法定条件。",
        result: "准予食品经营许可，许可证有效期五年。",
        officers: &["44010621000103"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: TH,
        item: "CF00004000",
        document_number: "穗天市监罚〔2026〕33号",
        party: (PartyKind::Person, "李四", "440106199001010013"),
        procedure: Procedure::Simple,
        penalties: &[PenaltyType::Warning],
        amount_yuan: None,
        date: "2026-07-01",
        facts: "当事人现场销售的散装食品未按规定标明生产日期，当场改正。",
        result: "警告。",
        officers: &["44010621000102", "44010621000103"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: TH,
        item: "CF00003000",
        document_number: "穗天市监罚〔2026〕41号",
        party: (
            PartyKind::Organisation,
            "广州某连锁超市有限公司",
            "91440106MA5AB2C34X",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine],
        amount_yuan: Some(500_000),
        date: "2026-09-20",
        facts: "当事人多家门店销售标签不符合食品安全标准的预包装食品，涉及货值人民币48,000元。",
        result: "罚款人民币500,000元。",
        officers: &["44010621000101", "44010621000103"],
        major: true,
        fate: Fate::Draft,
    },
    DemoDecision {
        department: NS,
        item: "CF00018000",
        document_number: "深市监南罚〔2026〕5号",
        party: (
            PartyKind::Organisation,
            "深圳市南山区某科技有限公司",
            "91440300MA5FXY8K1L",
        ),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine],
        amount_yuan: Some(200_000),
        date: "2026-04-22",
        facts: "当事人在其网店发布含有“国家级”“最佳”等用语的广告，且宣传的产品功效无事实依据。",
        result: "责令停止发布违法广告，在相应范围内消除影响，并处罚款人民币200,000元。",
        officers: &["44030521000201", "44030521000202"],
        major: false,
        fate: Fate::InForce,
    },
    DemoDecision {
        department: NS,
        item: "CF00001000",
        document_number: "深市监南罚〔2026〕9号",
        party: (PartyKind::Person, "欧阳娜娜", "440305199208150026"),
        procedure: Procedure::Ordinary,
        penalties: &[PenaltyType::Fine, PenaltyType::ConfiscateGains],
        amount_yuan: Some(10_000),
        date: "2026-08-03",
        facts: "当事人未取得食品经营许可，通过社交平台销售自制烘焙食品，违法所得人民币2,100元。",
        result: "没收违法所得人民币2,100元，并处罚款人民币10,000元。",
        officers: &["44030521000202", "44030521000203"],
        major: false,
        fate: Fate::InForce,
    },
];

pub(super) async fn department_named(db: &Db, name: &str) -> anyhow::Result<i64> {
    let q = app::model::DepartmentQuery {
        q: Some(name.into()),
        ..Default::default()
    };
    let (found, _) = crate::db::departments::list(db, &q, 1).await?;
    found
        .into_iter()
        .next()
        .map(|d| d.id)
        .ok_or_else(|| anyhow::anyhow!("demo data names an unknown department {name}"))
}

/// Registers the demo officers and decisions, issuing, revoking and changing them.
pub(super) async fn demo_cases(db: &Db, keys: &KeyRing) -> anyhow::Result<(usize, usize)> {
    let actor = Actor {
        user_id: None,
        username: "seed".into(),
        department_id: None,
    };
    let fail = |what: &str, e: crate::AppError| anyhow::anyhow!("demo {what}: {e}");
    let mut officers: Vec<(String, i64)> = Vec::new();
    for &(department, name, number, field, from, until, status) in DEMO_OFFICERS {
        let dept = department_named(db, department).await?;
        let input = OfficerInput {
            name: name.into(),
            certificate_number: number.into(),
            field: field.into(),
            valid_from: super::demo_date(from)?,
            valid_until: super::demo_date(until)?,
            status: Some(status),
        };
        let officer = cases::officers::add(db, &actor, dept, &input)
            .await
            .map_err(|e| fail("officer", e))?;
        officers.push((number.to_owned(), officer.id));
    }
    let mut issued = 0;
    let mut previous: Option<(i64, i64, i64)> = None;
    for d in DEMO_DECISIONS {
        let dept = department_named(db, d.department).await?;
        let (claims, _) = crate::db::claims::list(db, Some(dept), None, false, None).await?;
        let claim = claims
            .iter()
            .find(|c| c.item.code.as_str() == d.item && c.published.is_some())
            .ok_or_else(|| anyhow::anyhow!("demo decision on an unpublished item {}", d.item))?;
        let (party_kind, party_name, party_code) = d.party;
        let input = DecisionInput {
            document_number: d.document_number.into(),
            claim_id: claim.id,
            kind: claim.item.category,
            procedure: d.procedure,
            party_kind,
            party_name: party_name.into(),
            party_uscc: (party_kind == PartyKind::Organisation).then(|| party_code.into()),
            uscc_override_reason: None,
            party_id_number: (party_kind == PartyKind::Person).then(|| party_code.into()),
            facts: d.facts.into(),
            legal_basis: claim.item.legal_basis.clone(),
            result: d.result.into(),
            penalty_types: d.penalties.to_vec(),
            amount_fen: d.amount_yuan.map(|y| y * 100),
            decision_date: super::demo_date(d.date)?,
            major: d.major,
            minor: false,
            withheld_reason: None,
            named_persons: vec![],
            officer_ids: d
                .officers
                .iter()
                .filter_map(|n| officers.iter().find(|(o, _)| o == n).map(|(_, id)| *id))
                .collect(),
        };
        let what = d.document_number;
        let mut decision = cases::decisions::register(db, &actor, dept, &input)
            .await
            .map_err(|e| fail(what, e))?;
        if d.fate == Fate::Draft {
            continue;
        }
        if d.major {
            let review = LegalReviewRequest {
                approve: true,
                opinion: "主要事实清楚，证据确凿，适用依据正确，程序合法，同意作出决定。".into(),
            };
            decision = cases::decisions::review(
                db,
                &actor,
                dept,
                decision.record.id,
                decision.record.version,
                &review,
            )
            .await
            .map_err(|e| fail(what, e))?;
        }
        decision = cases::decisions::issue(
            db,
            keys,
            &actor,
            dept,
            decision.record.id,
            decision.record.version,
        )
        .await
        .map_err(|e| fail(what, e))?;
        issued += 1;
        decision = publish_backdated(db, &actor, dept, decision, 3).await?;
        if d.fate == Fate::Revoked {
            cases::decisions::revoke(
                db,
                &actor,
                dept,
                decision.record.id,
                decision.record.version,
                &RevokeRequest {
                    reason:
                        "经复核，认定违法事实的检验报告存在程序瑕疵，本机关决定撤销该行政处罚决定。"
                            .into(),
                    ended_on: None,
                },
            )
            .await
            .map_err(|e| fail(what, e))?;
        }
        if let Some((old_dept, old_id, old_version)) = previous.take() {
            let change = ChangeRequest {
                reason: "经行政复议，依法变更处罚决定，罚款数额由人民币100,000元变更为80,000元。"
                    .into(),
                new_case_code: decision
                    .case_code()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                ended_on: None,
            };
            cases::decisions::change(db, &actor, old_dept, old_id, old_version, &change)
                .await
                .map_err(|e| fail(what, e))?;
        }
        if d.fate == Fate::Changed {
            previous = Some((dept, decision.record.id, decision.record.version));
        }
    }
    issued += demo_disclosures(db, keys, &actor, &officers).await?;
    Ok((officers.len(), issued))
}

/// Publishes an issued decision the law says is published, dated `days` after the
/// decision as a department would have (the demo's history is in the past).
async fn publish_backdated(
    db: &Db,
    actor: &Actor,
    dept: i64,
    decision: DecisionRow,
    days: i64,
) -> anyhow::Result<DecisionRow> {
    if !decision.record.published_by_law() {
        return Ok(decision);
    }
    let what = decision.record.document_number.clone();
    let published = cases::disclosure::publish(
        db,
        actor,
        dept,
        decision.record.id,
        decision.record.version,
        SMALL_FINE_FEN,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo {what}: {e}"))?;
    let on = decision.record.decision_date.plus_days(days);
    let until = published_until(
        on,
        publication_period(
            &decision.record.penalty_types,
            decision.record.amount_fen,
            SMALL_FINE_FEN,
        ),
    );
    let mut conn = db.pool().acquire().await?;
    crate::db::decisions::set_publication_dates(
        &mut conn,
        decision.record.id,
        on.china_start().plus_secs(10 * 3600),
        until,
    )
    .await?;
    drop(conn);
    let mut conn = db.pool().acquire().await?;
    Ok(
        crate::db::decisions::find(&mut conn, dept, published.record.id)
            .await?
            .unwrap_or(published),
    )
}

/// Departments of the generated set: name, document-number prefix, items, and the
/// certificates of the two officers who sign.
const GENERATED: &[(&str, &str, &[&str], [&str; 2])] = &[
    (
        TH,
        "穗天市监罚",
        &[
            "CF00001000",
            "CF00002000",
            "CF00003000",
            "CF00004000",
            "CF00011000",
        ],
        ["44010621000101", "44010621000102"],
    ),
    (
        NS,
        "深市监南罚",
        &["CF00001000", "CF00003000", "CF00018000", "CF00023000"],
        ["44030521000201", "44030521000202"],
    ),
    (
        "广州市城市管理和综合执法局",
        "穗城管罚",
        &["CF00045000", "CF00060000", "CF00061000"],
        ["44010021000301", "44010021000302"],
    ),
    (
        "东莞市虎门镇综合行政执法办公室",
        "虎综执罚",
        &["CF00061000", "CF00062000"],
        ["44190021000401", "44190021000402"],
    ),
    (
        "广东省生态环境厅",
        "粤环罚",
        &["CF00034000", "CF00040000"],
        ["44000021000501", "44000021000502"],
    ),
];

const COMPANY_WORDS: [&str; 12] = [
    "鲜味", "恒通", "嘉禾", "顺达", "美厨", "华信", "优品", "金穗", "南粤", "新创", "百佳", "福满",
];
const TRADES: [&str; 6] = [
    "餐饮管理",
    "食品贸易",
    "商贸",
    "科技",
    "建筑工程",
    "环保科技",
];
const PEOPLE: [&str; 10] = [
    "陈志强",
    "林晓燕",
    "黄国平",
    "吴丽娟",
    "刘建华",
    "郑小梅",
    "王海涛",
    "杨静怡",
    "周文斌",
    "何佩仪",
];
const FINES: [i64; 8] = [
    3_000, 8_000, 15_000, 20_000, 50_000, 120_000, 300_000, 5_000,
];

/// What the item's name says was done: 对未取得…的行政处罚 → 未取得….
fn conduct(item_name: &str) -> String {
    item_name
        .trim_start_matches('对')
        .trim_end_matches("的行政处罚")
        .trim_end_matches('等')
        .to_owned()
}

/// A realistic spread of published, expired and withdrawn decisions, 2024 to now.
async fn demo_disclosures(
    db: &Db,
    keys: &KeyRing,
    actor: &Actor,
    officers: &[(String, i64)],
) -> anyhow::Result<usize> {
    let today = db.clock().today();
    let start = Date::from_ymd(2024, 1, 8);
    let span = start.days_until(today).max(1);
    let mut issued = 0;
    let mut n: usize = 0;
    for &(department, prefix, items, signers) in GENERATED {
        let dept = department_named(db, department).await?;
        let (claims, _) = crate::db::claims::list(db, Some(dept), None, false, None).await?;
        let officer_ids: Vec<i64> = signers
            .iter()
            .filter_map(|c| officers.iter().find(|(o, _)| o == c).map(|(_, id)| *id))
            .collect();
        for k in 0..8 {
            n += 1;
            let item = items[k % items.len()];
            let claim = claims
                .iter()
                .find(|c| c.item.code.as_str() == item && c.published.is_some())
                .ok_or_else(|| anyhow::anyhow!("demo decision on an unpublished item {item}"))?;
            // Spread over the period, oldest first, never on a weekend.
            let mut date = start.plus_days((n as i64 * 7919) % span);
            while date.weekday() > 5 {
                date = date.plus_days(1);
            }
            if date > today {
                date = today;
            }
            let (y, _, _) = date.ymd();
            let person = n.is_multiple_of(3);
            let (party_name, party_uscc, party_id) = if person {
                let name = PEOPLE[n % PEOPLE.len()];
                let body = format!(
                    "440106{}{:02}{:02}{:03}",
                    1970 + n % 30,
                    1 + n % 12,
                    1 + n % 28,
                    100 + n
                );
                let id = app::model::IdNumber::from_body(&body)?.as_str().to_owned();
                (name.to_owned(), None, Some(id))
            } else {
                let name = format!(
                    "{}{}{}有限公司",
                    &department[..department
                        .find('市')
                        .map(|i| i + 3)
                        .unwrap_or(6)
                        .min(department.len())],
                    COMPANY_WORDS[n % COMPANY_WORDS.len()],
                    TRADES[(n / 2) % TRADES.len()]
                );
                let body = format!("91440{:03}MA{:07}", 100 + n % 800, 5_000_000 + n * 7919);
                (
                    name,
                    Some(Uscc::from_body(&body)?.as_str().to_owned()),
                    None,
                )
            };
            let yuan = FINES[n % FINES.len()];
            let criticism = n.is_multiple_of(11);
            let penalties = if criticism {
                vec![PenaltyType::Criticism]
            } else if n.is_multiple_of(4) {
                vec![PenaltyType::Fine, PenaltyType::ConfiscateGains]
            } else {
                vec![PenaltyType::Fine]
            };
            let amount = (!criticism).then_some(yuan * 100);
            let what = conduct(&claim.item.name);
            let facts = if person {
                format!(
                    "经查，当事人{party_name}（住址：广州市天河区某街{}号，联系电话139{:08}）{what}，执法人员现场检查并制作笔录，违法事实清楚。",
                    n % 90 + 1,
                    n * 7919 % 100_000_000
                )
            } else {
                format!(
                    "经查，当事人{party_name}{what}，涉及货值人民币{}元，执法人员依法调查取证，违法事实清楚。",
                    yuan / 5 + 300
                )
            };
            let result = match amount {
                Some(a) => format!(
                    "{}罚款人民币{}元。",
                    if penalties.len() > 1 {
                        "没收违法所得，并处"
                    } else {
                        ""
                    },
                    a / 100
                ),
                None => "通报批评。".to_owned(),
            };
            let input = DecisionInput {
                document_number: format!("{prefix}〔{y}〕{}号", 100 + n),
                claim_id: claim.id,
                kind: claim.item.category,
                procedure: Procedure::Ordinary,
                party_kind: if person {
                    PartyKind::Person
                } else {
                    PartyKind::Organisation
                },
                party_name,
                party_uscc,
                uscc_override_reason: None,
                party_id_number: party_id,
                facts,
                legal_basis: claim.item.legal_basis.clone(),
                result,
                penalty_types: penalties,
                amount_fen: amount,
                decision_date: date,
                major: false,
                officer_ids: officer_ids.clone(),
                minor: false,
                withheld_reason: None,
                named_persons: vec![],
            };
            let label = input.document_number.clone();
            let fail = |e: crate::AppError| anyhow::anyhow!("demo {label}: {e}");
            let d = cases::decisions::register(db, actor, dept, &input)
                .await
                .map_err(fail)?;
            let d = cases::decisions::issue(db, keys, actor, dept, d.record.id, d.record.version)
                .await
                .map_err(fail)?;
            issued += 1;
            // Most are published within days; every seventh late.
            let delay = if n.is_multiple_of(7) {
                16
            } else {
                1 + (n as i64 % 4)
            };
            let d = publish_backdated(db, actor, dept, d, delay).await?;
            if n % 13 == 5 {
                cases::decisions::revoke(
                    db,
                    actor,
                    dept,
                    d.record.id,
                    d.record.version,
                    &RevokeRequest {
                        reason: "经行政复议，原决定认定事实不清，本机关依法撤销原行政处罚决定，撤下公示。"
                            .into(),
                        ended_on: None,
                    },
                )
                .await
                .map_err(fail)?;
            }
        }
    }
    Ok(issued)
}
