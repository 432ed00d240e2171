//! Demo data: a realistic set of Guangdong enforcement departments at province, city,
//! district and township level. For demonstration only: the names follow real
//! departments, the unified social credit codes are generated (valid check characters,
//! made-up organisation codes). Also the demo accounts, the demo master catalog
//! (`data/demo-catalog.csv`) and claims in every workflow state.

mod cases;
mod inspections;
pub mod synthetic;

use std::fmt;

use app::model::{
    ClaimDetails, DepartmentKind as K, DepartmentLevel as L, ItemCode, Maintenance, RegionCode,
    Role, Uscc, Username,
};

pub use cases::{DEMO_EXAMPLE_DOCUMENT, demo_example};
pub use inspections::demo_example as demo_inspection;

use crate::{
    auth::password,
    db::{
        Db,
        audit::Actor,
        departments::{self, NewDepartment},
        users,
    },
    keys::KeyRing,
    powers::claims::{self, Step},
};

const DEMO_CATALOG: &str = include_str!("../../data/demo-catalog.csv");

/// The password of every demo account. For demonstration only: never seed a real
/// deployment with `--demo`.
pub const DEMO_PASSWORD: &str = "Anma-demo-2026";

/// Demo accounts: (username, display name, department, role).
pub const DEMO_USERS: &[(&str, &str, &str, Role)] = &[
    ("admin", "司法厅管理员", "广东省司法厅", Role::Admin),
    ("auditor", "执法监督员", "广东省司法厅", Role::Auditor),
    (
        "th.clerk",
        "天河市监经办人",
        "广州市天河区市场监督管理局",
        Role::Clerk,
    ),
    (
        "th.reviewer",
        "天河市监审核人",
        "广州市天河区市场监督管理局",
        Role::Reviewer,
    ),
    (
        "ns.clerk",
        "南山监管局经办人",
        "深圳市市场监督管理局南山监管局",
        Role::Clerk,
    ),
    (
        "ns.reviewer",
        "南山监管局审核人",
        "深圳市市场监督管理局南山监管局",
        Role::Reviewer,
    ),
];

/// What `seed --demo` did.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub departments_added: usize,
    pub departments_present: usize,
    pub users_added: usize,
    pub catalog_items_added: usize,
    pub claims_added: usize,
    pub officers_added: usize,
    pub decisions_added: usize,
    pub entities_added: usize,
    pub plans_added: usize,
    pub inspections_added: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo data: {} departments added, {} already present; {} demo users added; \
             {} catalog items and {} claims added; {} officers and {} issued decisions added; \
             {} market entities, {} spot-check plans and {} inspections added",
            self.departments_added,
            self.departments_present,
            self.users_added,
            self.catalog_items_added,
            self.claims_added,
            self.officers_added,
            self.decisions_added,
            self.entities_added,
            self.plans_added,
            self.inspections_added
        )
    }
}

/// Province-level departments: (name, kind).
const PROVINCE: &[(&str, K)] = &[
    ("广东省司法厅", K::Justice),
    ("广东省市场监督管理局", K::MarketRegulation),
    ("广东省生态环境厅", K::Ecology),
    ("广东省交通运输厅", K::Transport),
    ("广东省应急管理厅", K::Emergency),
    ("广东省住房和城乡建设厅", K::Housing),
    ("广东省自然资源厅", K::NaturalResources),
    ("广东省农业农村厅", K::Agriculture),
    ("广东省卫生健康委员会", K::Health),
    ("广东省水利厅", K::WaterResources),
    ("广东省文化和旅游厅", K::Culture),
];

/// Cities with demo departments: (region code, name).
const CITIES: &[(&str, &str)] = &[
    ("440100", "广州市"),
    ("440300", "深圳市"),
    ("440400", "珠海市"),
    ("440500", "汕头市"),
    ("440600", "佛山市"),
    ("440800", "湛江市"),
    ("441900", "东莞市"),
];

/// Departments every demo city has: (name suffix, kind).
const CITY_DEPARTMENTS: &[(&str, K)] = &[
    ("司法局", K::Justice),
    ("市场监督管理局", K::MarketRegulation),
    ("生态环境局", K::Ecology),
    ("交通运输局", K::Transport),
    ("应急管理局", K::Emergency),
    ("城市管理和综合执法局", K::UrbanManagement),
];

/// Districts with demo departments: (region code, full name prefix).
const DISTRICTS: &[(&str, &str)] = &[
    ("440104", "广州市越秀区"),
    ("440106", "广州市天河区"),
    ("440111", "广州市白云区"),
    ("440113", "广州市番禺区"),
    ("440304", "深圳市福田区"),
    ("440305", "深圳市南山区"),
    ("440306", "深圳市宝安区"),
    ("440402", "珠海市香洲区"),
    ("440511", "汕头市金平区"),
    ("440604", "佛山市禅城区"),
    ("440605", "佛山市南海区"),
    ("440606", "佛山市顺德区"),
    ("440802", "湛江市赤坎区"),
];

const DISTRICT_DEPARTMENTS: &[(&str, K)] = &[
    ("市场监督管理局", K::MarketRegulation),
    ("应急管理局", K::Emergency),
    ("城市管理和综合执法局", K::UrbanManagement),
];

/// Township (街道/镇) comprehensive enforcement offices: (region code, name). Dongguan
/// has no districts, so its towns sit directly under the city code.
const TOWNSHIPS: &[(&str, &str)] = &[
    ("440104", "广州市越秀区北京街道综合行政执法办公室"),
    ("440106", "广州市天河区石牌街道综合行政执法办公室"),
    ("440305", "深圳市南山区粤海街道综合行政执法办公室"),
    ("440306", "深圳市宝安区西乡街道综合行政执法办公室"),
    ("440402", "珠海市香洲区拱北街道综合行政执法办公室"),
    ("440605", "佛山市南海区狮山镇综合行政执法办公室"),
    ("440606", "佛山市顺德区北滘镇综合行政执法办公室"),
    ("441900", "东莞市虎门镇综合行政执法办公室"),
    ("441900", "东莞市长安镇综合行政执法办公室"),
];

/// A check-valid code for a government agency (registration authority 1, kind 1) in
/// `region`, with a made-up organisation code derived from `n`.
fn demo_uscc(region: &str, n: usize) -> anyhow::Result<Uscc> {
    let body = format!("11{region}{:09}", 7_000_000 + n * 37);
    Ok(Uscc::from_body(&body)?)
}

struct Planned {
    name: String,
    region: &'static str,
    level: L,
    kind: K,
    /// Name of the parent department, planned earlier in the list.
    parent: Option<String>,
}

fn plan() -> Vec<Planned> {
    let mut out = Vec::new();
    for &(name, kind) in PROVINCE {
        out.push(Planned {
            name: name.into(),
            region: "440000",
            level: L::Province,
            kind,
            parent: None,
        });
    }
    let province_of = |kind: K| {
        // Urban management is guided at province level by the housing department.
        let kind = if kind == K::UrbanManagement {
            K::Housing
        } else {
            kind
        };
        PROVINCE
            .iter()
            .find(|(_, k)| *k == kind)
            .map(|(n, _)| (*n).to_owned())
    };
    for &(region, city) in CITIES {
        for &(suffix, kind) in CITY_DEPARTMENTS {
            out.push(Planned {
                name: format!("{city}{suffix}"),
                region,
                level: L::City,
                kind,
                parent: province_of(kind),
            });
        }
    }
    for &(region, district) in DISTRICTS {
        let city = CITIES
            .iter()
            .find(|(c, _)| c[..4] == region[..4])
            .map(|(_, n)| *n)
            .unwrap_or("");
        for &(suffix, kind) in DISTRICT_DEPARTMENTS {
            // Shenzhen's districts are served by branches of the city bureau.
            let name = if kind == K::MarketRegulation && city == "深圳市" {
                format!(
                    "深圳市市场监督管理局{}监管局",
                    &district[9..district.len() - 3]
                )
            } else {
                format!("{district}{suffix}")
            };
            out.push(Planned {
                name,
                region,
                level: L::County,
                kind,
                parent: Some(format!("{city}{suffix}")),
            });
        }
    }
    for &(region, name) in TOWNSHIPS {
        let parent = DISTRICTS
            .iter()
            .find(|(d, _)| *d == region)
            .map(|(_, d)| format!("{d}城市管理和综合执法局"))
            .or_else(|| {
                CITIES
                    .iter()
                    .find(|(c, _)| *c == region)
                    .map(|(_, c)| format!("{c}城市管理和综合执法局"))
            });
        out.push(Planned {
            name: name.into(),
            region,
            level: L::Township,
            kind: K::TownshipComprehensive,
            parent,
        });
    }
    out
}

/// Adds the demo departments the database lacks, in one transaction.
pub async fn demo(db: &Db, keys: &KeyRing) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let mut tx = db.begin().await?;
    let mut ids: Vec<(String, i64)> = Vec::new();
    for (n, p) in plan().into_iter().enumerate() {
        let uscc = demo_uscc(p.region, n)?;
        let existing = departments::find_by_uscc(&mut tx, &uscc).await?;
        let id = match existing {
            Some(id) => {
                report.departments_present += 1;
                id
            }
            None => {
                let parent_id = p.parent.as_ref().and_then(|parent| {
                    ids.iter()
                        .find(|(name, _)| name == parent)
                        .map(|(_, id)| *id)
                });
                let new = NewDepartment {
                    name: p.name.clone(),
                    uscc,
                    region_code: RegionCode::parse(p.region)?,
                    level: p.level,
                    kind: p.kind,
                    parent_id,
                };
                report.departments_added += 1;
                departments::insert(&mut tx, &new).await?
            }
        };
        ids.push((p.name, id));
    }
    // One hash for all demo accounts: hashing is slow by design.
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    for &(username, display_name, department, role) in DEMO_USERS {
        let username = Username::parse(username)?;
        let Some(&(_, department_id)) = ids.iter().find(|(name, _)| name == department) else {
            anyhow::bail!("demo user {username} names an unknown department {department}");
        };
        if users::id_by_username(&mut tx, &username).await?.is_none() {
            users::insert(
                &mut tx,
                &users::NewUser {
                    username,
                    display_name: display_name.to_owned(),
                    department_id,
                    role,
                    password_hash: hash.clone(),
                    must_change_password: false,
                },
            )
            .await?;
            report.users_added += 1;
        }
    }
    tx.commit().await?;
    if crate::db::catalog::count(db).await? == 0 {
        let (items, claims) = demo_powers(db).await?;
        report.catalog_items_added = items;
        report.claims_added = claims;
        let (officers, decisions) = cases::demo_cases(db, keys).await?;
        report.officers_added = officers;
        report.decisions_added = decisions;
    }
    let seeded = inspections::demo(db, keys).await?;
    report.entities_added = seeded.entities;
    report.plans_added = seeded.plans;
    report.inspections_added = seeded.inspections;
    Ok(report)
}

/// Demo claims of one department, by the state each is left in.
struct DemoClaims {
    department: &'static str,
    published: &'static [&'static str],
    submitted: &'static [&'static str],
    returned: &'static [&'static str],
    drafts: &'static [&'static str],
    /// Published, then an adjustment started (the published version stays public).
    adjusted: &'static [&'static str],
}

/// Claims in every state, for departments at each tier.
const DEMO_CLAIMS: &[DemoClaims] = &[
    DemoClaims {
        department: "广州市天河区市场监督管理局",
        published: &[
            "CF00001000",
            "CF00002000",
            "CF00003000",
            "CF00004000",
            "CF00011000",
            "XK00002000",
            "JC00001000",
            "QZ00001000",
        ],
        submitted: &["CF00005000"],
        returned: &["CF00014000"],
        drafts: &["CF00016000"],
        adjusted: &["CF00012000"],
    },
    DemoClaims {
        department: "深圳市市场监督管理局南山监管局",
        published: &[
            "CF00001000",
            "CF00003000",
            "CF00018000",
            "CF00023000",
            "XK00002000",
            "JC00001000",
        ],
        submitted: &["CF00024000"],
        returned: &[],
        drafts: &["CF00021000"],
        adjusted: &[],
    },
    DemoClaims {
        department: "广州市城市管理和综合执法局",
        published: &[
            "CF00045000",
            "CF00060000",
            "CF00061000",
            "XK00015000",
            "XK00016000",
            "ZS00001000",
        ],
        submitted: &[],
        returned: &[],
        drafts: &[],
        adjusted: &[],
    },
    DemoClaims {
        department: "东莞市虎门镇综合行政执法办公室",
        published: &["CF00061000", "CF00062000", "JC00009000", "XK00016000"],
        submitted: &["CF00039000"],
        returned: &[],
        drafts: &[],
        adjusted: &[],
    },
    DemoClaims {
        department: "广东省生态环境厅",
        published: &["CF00034000", "CF00040000", "XK00006000", "JC00004000"],
        submitted: &[],
        returned: &[],
        drafts: &[],
        adjusted: &[],
    },
];

fn demo_details(department: &str, item: &str) -> ClaimDetails {
    ClaimDetails {
        implementing_body: department.to_owned(),
        local_legal_basis: "《广东省行政执法责任制条例》".into(),
        responsibility_steps: "1. 立案责任：发现涉嫌违法行为，予以审查，决定是否立案。\n\
            2. 调查取证责任：全面、客观、公正地调查，收集证据，执法人员不少于两人，出示执法证件。\n\
            3. 审理责任：审理案件事实、证据、程序、法律适用和处罚种类幅度，重大案件进行法制审核。\n\
            4. 告知责任：作出决定前书面告知当事人拟作出决定的事实、理由、依据及其依法享有的权利。\n\
            5. 决定责任：制作行政执法决定书，载明违法事实、依据、决定内容和救济途径。\n\
            6. 送达责任：依法送达行政执法决定书。\n\
            7. 执行责任：督促当事人履行决定，依法公示执法信息。"
            .into(),
        accountability: format!(
            "因不履行或者不正确履行“{item}”相关职责，有滥用职权、玩忽职守、徇私舞弊等情形的，依法追究相应责任。"
        ),
        discretion_benchmark: "依照本部门公布的行政处罚自由裁量权基准执行。".into(),
        service_info: format!(
            "办理地点：{department}政务服务窗口；咨询投诉：12345 政务服务便民热线。"
        ),
    }
}

/// Imports the demo catalog and files claims in every workflow state.
async fn demo_powers(db: &Db) -> anyhow::Result<(usize, usize)> {
    let actor = Actor {
        user_id: None,
        username: "seed".into(),
        department_id: None,
    };
    let maintenance = Maintenance {
        reason: "演示目录导入".into(),
        effective_date: demo_date("2025-01-01")?,
    };
    let report = crate::powers::files::import(
        db,
        &actor,
        DEMO_CATALOG.as_bytes(),
        &maintenance,
        false,
        app::model::Lang::En,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo catalog: {e}"))?;
    anyhow::ensure!(
        report.errors.is_empty(),
        "demo catalog rows invalid: {:?}",
        report.errors
    );
    let mut claims = 0;
    for demo in DEMO_CLAIMS {
        let department = demo.department;
        let q = app::model::DepartmentQuery {
            q: Some(department.into()),
            ..Default::default()
        };
        let (found, _) = crate::db::departments::list(db, &q, 1).await?;
        let Some(dept) = found.into_iter().next() else {
            anyhow::bail!("demo claims name an unknown department {department}");
        };
        let groups: [(&[&str], &[Step]); 5] = [
            (demo.published, &[Step::Submit, Step::Approve]),
            (demo.submitted, &[Step::Submit]),
            (
                demo.returned,
                &[
                    Step::Submit,
                    Step::Return("请补充本部门的裁量基准文号。".into()),
                ],
            ),
            (demo.drafts, &[]),
            (demo.adjusted, &[Step::Submit, Step::Approve, Step::Adjust]),
        ];
        for (codes, steps) in groups {
            for code in codes {
                let mut conn = db.pool().acquire().await?;
                let item_id = crate::db::catalog::id_by_code(&mut conn, &ItemCode::parse(code)?)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("demo claim on unknown item {code}"))?;
                drop(conn);
                let claim = claims::claim_items(db, &actor, dept.id, &[item_id])
                    .await
                    .map_err(|e| anyhow::anyhow!("demo claim {code}: {e}"))?
                    .remove(0);
                let details = demo_details(&dept.name, &claim.item.name);
                let mut current = claims::step(
                    db,
                    &actor,
                    dept.id,
                    claim.id,
                    claim.version,
                    Step::Save(details),
                )
                .await
                .map_err(|e| anyhow::anyhow!("demo claim {code}: {e}"))?;
                for step in steps {
                    current =
                        claims::step(db, &actor, dept.id, claim.id, current.version, step.clone())
                            .await
                            .map_err(|e| anyhow::anyhow!("demo claim {code}: {e}"))?;
                }
                claims += 1;
            }
        }
    }
    Ok((report.imported, claims))
}

/// A date written in the demo data.
fn demo_date(text: &str) -> anyhow::Result<app::model::Date> {
    app::model::Date::parse(text).ok_or_else(|| anyhow::anyhow!("demo data: {text} is not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_has_every_tier_and_unique_names() {
        let plan = plan();
        for level in L::ALL {
            assert!(
                plan.iter().any(|p| p.level == level),
                "no {level:?} department"
            );
        }
        let mut names: Vec<_> = plan.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), plan.len());
    }

    #[test]
    fn every_parent_is_planned_before_its_child() {
        let plan = plan();
        for (i, p) in plan.iter().enumerate() {
            if let Some(parent) = &p.parent {
                let at = plan.iter().position(|q| &q.name == parent);
                assert!(
                    matches!(at, Some(j) if j < i),
                    "{} has no earlier parent {parent}",
                    p.name
                );
            }
        }
        assert!(
            plan.iter()
                .filter(|p| p.level != L::Province)
                .all(|p| p.parent.is_some())
        );
    }

    #[test]
    fn shenzhen_district_market_regulation_is_a_city_branch() {
        assert!(
            plan()
                .iter()
                .any(|p| p.name == "深圳市市场监督管理局南山监管局")
        );
    }
}
