//! Demo data: a realistic set of Guangdong enforcement departments at province, city,
//! district and township level. For demonstration only: the names follow real
//! departments, the unified social credit codes are generated (valid check characters,
//! made-up organisation codes).

use std::fmt;

use app::model::{DepartmentKind as K, DepartmentLevel as L, RegionCode, Role, Uscc, Username};

use crate::{
    auth::password,
    db::{
        Db,
        departments::{self, NewDepartment},
        users,
    },
};

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
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo data: {} departments added, {} already present; {} demo users added",
            self.departments_added, self.departments_present, self.users_added
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
pub async fn demo(db: &Db) -> anyhow::Result<SeedReport> {
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
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_has_every_tier_and_unique_names() {
        let plan = plan();
        for level in L::ALL {
            assert!(
                plan.iter().any(|p| p.level == *level),
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
