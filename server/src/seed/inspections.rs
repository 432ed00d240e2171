//! Demo inspections: a few thousand market entities across the demo regions, an officer's
//! recorded conflict, a spot-check plan of 天河区市场监督管理局 approved and drawn with
//! tasks in every state (scheduled, done with each outcome, rated), a plan drawn and then
//! cancelled, a draft, an inspection on a complaint, and a report of an inspection
//! without a code.

use app::model::{
    AdHocInput, Conduct, EntityInput, Ground, InspectionCode, Outcome, PlanInput, RatingInput,
    RegionCode, ReportInput, ResultInput, RiskGrade, Uscc,
};

use crate::{
    db::{self, Db, audit::Actor},
    inspections::{plans, visits},
    keys::KeyRing,
};

const TIANHE: &str = "广州市天河区市场监督管理局";

/// Regions with demo entities and how many each gets.
const REGIONS: &[(&str, &str, usize)] = &[
    ("440106", "天河", 900),
    ("440103", "荔湾", 300),
    ("440104", "越秀", 300),
    ("440305", "南山", 700),
    ("440306", "宝安", 300),
    ("440402", "香洲", 150),
    ("440605", "南海", 150),
    ("441900", "东莞", 200),
];

const INDUSTRIES: &[(&str, &[&str])] = &[
    (
        "餐饮服务",
        &["餐饮管理有限公司", "酒家", "茶餐厅有限公司", "美食店"],
    ),
    (
        "食品销售",
        &["食品贸易有限公司", "便利店有限公司", "副食商行"],
    ),
    ("药品零售", &["大药房有限公司", "医药连锁有限公司"]),
    ("商场超市", &["商业广场有限公司", "超市有限公司"]),
    (
        "生产制造",
        &["电子科技有限公司", "五金制品厂", "包装材料有限公司"],
    ),
];

const TRADE_NAMES: &[&str] = &[
    "华盛", "粤海", "金穗", "南方", "嘉禾", "恒丰", "鸿运", "新景", "汇德", "富力", "翠林", "悦来",
    "明珠", "福满", "长青", "润丰", "佳美", "永安", "利群", "祥和",
];

const OWNERS: &[&str] = &["陈小梅", "李建国", "黄志强", "张丽", "刘伟", "吴芳"];

/// The demo registry: deterministic, every credit code check-valid (made-up
/// organisation codes).
pub fn demo_entities() -> anyhow::Result<Vec<EntityInput>> {
    let mut out = Vec::new();
    let mut n = 0usize;
    for &(region, place, count) in REGIONS {
        for k in 0..count {
            n += 1;
            let (industry, suffixes) = INDUSTRIES[(n * 7 + k) % INDUSTRIES.len()];
            let grade = match (n * 31 + k * 17) % 20 {
                0..=5 => RiskGrade::A,
                6..=13 => RiskGrade::B,
                14..=17 => RiskGrade::C,
                _ => RiskGrade::D,
            };
            // One in twelve is an individual business (个体工商户), some under the
            // owner's own name.
            let individual = n.is_multiple_of(12);
            let (body, name) = if individual {
                let owner = OWNERS[n % OWNERS.len()];
                let name = if n.is_multiple_of(24) {
                    owner.to_owned()
                } else {
                    let surname = owner.chars().next().unwrap_or('王');
                    format!("{place}{surname}记{}", suffixes.last().unwrap_or(&"店"))
                };
                (format!("92{region}MA{:07}", 1_000_000 + n), name)
            } else {
                let trade = TRADE_NAMES[(n * 13 + k) % TRADE_NAMES.len()];
                let suffix = suffixes[k % suffixes.len()];
                (
                    format!("91{region}MA{:07}", 2_000_000 + n),
                    format!("广东{place}{trade}{suffix}（第{n}号）"),
                )
            };
            out.push(EntityInput {
                uscc: Uscc::from_body(&body)?,
                name,
                region_code: RegionCode::parse(region)?,
                industry: industry.to_owned(),
                risk_grade: grade,
                contact: Some(format!("020-8{:07}", 3_000_000 + n)),
            });
        }
    }
    Ok(out)
}

/// What the inspections seed added.
#[derive(Debug, Default)]
pub struct Seeded {
    pub entities: usize,
    pub plans: usize,
    pub inspections: usize,
}

/// Seeds the registry and the demo plans; nothing when the registry holds entities.
pub async fn demo(db: &Db, keys: &KeyRing) -> anyhow::Result<Seeded> {
    let mut seeded = Seeded::default();
    if db::entities::count(db).await? > 0 {
        return Ok(seeded);
    }
    let fail = |what: &str, e: crate::AppError| anyhow::anyhow!("demo {what}: {e}");
    let mut tx = db.begin().await?;
    seeded.entities = db::entities::upsert_many(&mut tx, &demo_entities()?)
        .await?
        .0;
    tx.commit().await?;

    let tianhe = super::cases::department_named(db, TIANHE).await?;
    let clerk = Actor {
        user_id: None,
        username: "th.clerk".into(),
        department_id: Some(tianhe),
    };
    let reviewer = Actor {
        username: "th.reviewer".into(),
        ..clerk.clone()
    };
    let (claims, _) = db::claims::list(db, Some(tianhe), None, false, None).await?;
    let claim = claims
        .iter()
        .find(|c| c.item.code.as_str() == "JC00001000" && c.published.is_some())
        .ok_or_else(|| anyhow::anyhow!("demo: 天河 has no published inspection item"))?
        .id;
    let today = db.clock().today();
    let officers: Vec<_> = db::officers::list(db, tianhe)
        .await?
        .into_iter()
        .filter(|o| crate::inspections::valid_throughout(o, today, today.plus_days(60)))
        .collect();
    let pool: Vec<i64> = officers.iter().map(|o| o.id).collect();

    // 李明 once worked for one of the restaurants: he never inspects it.
    let registry = demo_entities()?;
    let restaurant = registry
        .iter()
        .find(|e| e.region_code.as_str() == "440106" && e.industry == "餐饮服务")
        .ok_or_else(|| anyhow::anyhow!("demo: no restaurant in 天河"))?;
    if let Some(li) = officers.iter().find(|o| o.name == "李明") {
        crate::inspections::entities::add_conflict(
            db,
            &clerk,
            tianhe,
            li.id,
            restaurant.uscc.as_str(),
            "曾在该单位任职，依法回避",
        )
        .await
        .map_err(|e| fail("conflict", e))?;
    }

    let plan = |title: &str, industry: &str, count: u32, days: i64| PlanInput {
        title: title.into(),
        claim_ids: vec![claim],
        partner_department_ids: vec![],
        region_code: "440106".into(),
        industry: Some(industry.into()),
        risk_grades: vec![],
        target_count: Some(count),
        target_share: None,
        starts_on: today,
        ends_on: today.plus_days(days),
        inspector_ids: pool.clone(),
    };
    let year = today.year();

    // The main plan: approved, drawn, its tasks in every state.
    let main = plans::create(
        db,
        &clerk,
        tianhe,
        &plan(
            &format!("{year}年天河区餐饮服务单位“双随机、一公开”抽查"),
            "餐饮服务",
            8,
            45,
        ),
    )
    .await
    .map_err(|e| fail("plan", e))?;
    let main = plans::approve(
        db,
        &reviewer,
        &Default::default(),
        tianhe,
        main.id,
        main.version,
    )
    .await
    .map_err(|e| fail("plan approval", e))?;
    let main = plans::draw(db, keys, &reviewer, tianhe, main.id, main.version)
        .await
        .map_err(|e| fail("draw", e))?;
    seeded.plans += 1;
    let mut conn = db.pool().acquire().await?;
    let tasks = db::inspections::of_plan(&mut conn, main.id).await?;
    drop(conn);
    seeded.inspections += tasks.len();
    let results = [
        (
            Outcome::NoProblem,
            "检查了许可证照、从业人员健康证明和进货查验记录，未发现问题",
            None,
        ),
        (
            Outcome::Rectify,
            "后厨防蝇设施破损，责令限期整改",
            Some(today.plus_days(15)),
        ),
        (
            Outcome::CaseOpened,
            "发现使用超过保质期的食品原料，已立案调查",
            None,
        ),
        (Outcome::NoProblem, "现场检查未发现问题", None),
    ];
    for (task, (outcome, note, rectify_by)) in tasks.iter().zip(results) {
        let input = ResultInput {
            outcome,
            note: note.into(),
            rectify_by,
            case_code: None,
        };
        visits::record_result(db, &clerk, tianhe, task.id, &input)
            .await
            .map_err(|e| fail("result", e))?;
    }
    for (task, (score, conduct, comment)) in tasks.iter().zip([
        (5, Conduct::Proper, "检查人员主动亮证，讲解清楚"),
        (4, Conduct::Acceptable, ""),
    ]) {
        let rating = RatingInput {
            token: keys.rating_token(task.code.as_str()),
            score,
            conduct,
            showed_certificates: true,
            comment: comment.into(),
        };
        if visits::rate(db, keys, &task.code, &rating).await.is_err() {
            anyhow::bail!("demo: the rating of {} was refused", task.code);
        }
    }

    // A plan drawn and then called off: its tasks are cancelled.
    let called_off = plans::create(
        db,
        &clerk,
        tianhe,
        &plan(
            &format!("{year}年天河区药品零售企业专项抽查"),
            "药品零售",
            2,
            30,
        ),
    )
    .await
    .map_err(|e| fail("plan", e))?;
    let called_off = plans::approve(
        db,
        &reviewer,
        &Default::default(),
        tianhe,
        called_off.id,
        called_off.version,
    )
    .await
    .map_err(|e| fail("plan approval", e))?;
    let called_off = plans::draw(
        db,
        keys,
        &reviewer,
        tianhe,
        called_off.id,
        called_off.version,
    )
    .await
    .map_err(|e| fail("draw", e))?;
    seeded.inspections += called_off.tasks as usize;
    plans::cancel(
        db,
        &reviewer,
        tianhe,
        called_off.id,
        called_off.version,
        Some("上级部门部署同类专项检查，本计划并入统一安排，避免重复检查"),
    )
    .await
    .map_err(|e| fail("plan cancellation", e))?;
    seeded.plans += 1;

    // A draft, not yet public.
    plans::create(
        db,
        &clerk,
        tianhe,
        &plan(
            &format!("{year}年天河区商场超市抽查（草拟）"),
            "商场超市",
            5,
            60,
        ),
    )
    .await
    .map_err(|e| fail("plan", e))?;
    seeded.plans += 1;

    // An inspection on a complaint, outside any plan.
    let shop = registry
        .iter()
        .find(|e| e.region_code.as_str() == "440106" && e.industry == "食品销售")
        .ok_or_else(|| anyhow::anyhow!("demo: no food shop in 天河"))?;
    let complaint = AdHocInput {
        entity_uscc: shop.uscc.to_string(),
        ground: Ground::Complaint,
        ground_note: "12315 投诉：消费者反映购买到过期食品".into(),
        claim_ids: vec![claim],
        officer_ids: pool.iter().copied().take(2).collect(),
        window_from: today,
        window_until: today.plus_days(7),
    };
    visits::open(db, keys, &clerk, tianhe, &complaint)
        .await
        .map_err(|e| fail("inspection", e))?;
    seeded.inspections += 1;

    visits::report(
        db,
        &ReportInput {
            department_id: Some(tianhe),
            department_text: String::new(),
            code: String::new(),
            entity_name: "广东天河翠林餐饮管理有限公司".into(),
            happened_on: today,
            description: "两名自称市场监管部门的人员进店检查，未出示检查码和执法证件".into(),
            contact: String::new(),
        },
    )
    .await
    .map_err(|e| fail("report", e))?;
    Ok(seeded)
}

/// A demo inspection for the seed's output: its code, signature and rating token.
pub async fn demo_example(
    db: &Db,
    keys: &KeyRing,
) -> anyhow::Result<Option<(InspectionCode, String, String)>> {
    let Some(code) = db::inspections::first_scheduled_on_plan(db).await? else {
        return Ok(None);
    };
    let Some(found) = db::inspections::find_by_code(db, &code).await? else {
        return Ok(None);
    };
    let token = keys.rating_token(code.as_str());
    Ok(Some((code, found.signature, token)))
}
