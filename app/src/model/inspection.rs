//! Inspections of market entities (涉企行政检查): the entity registry, spot-check plans
//! (双随机), inspection codes (检查码, 扫码入企), results, ratings by the inspected, and
//! reports of inspections without a code (无码不检).
//!
//! The draw itself is [`super::spot_check`]; this module holds what the API sends and
//! takes, and the rules that need no database.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::case_code::{self, CaseCodeError, SERIAL_START};
use super::codes::text_codes;
use super::signature::Canonical;
use super::{CaseCode, Date, Msg, RegionCode, Timestamp, Uscc, mask_name};

/// An inspection code (检查码), printed with a QR on the inspection notice:
/// `J440106-2026-7KQ3M-X`, a `J` then the case-code layout (region, year, an
/// unpredictable serial, an ISO/IEC 7064 MOD 37,36 check character over all of it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InspectionCode(String);

/// The letter that starts every inspection code.
pub const INSPECTION_PREFIX: &str = "J";

impl InspectionCode {
    /// Parses what people type, forgiving like [`CaseCode::parse`].
    pub fn parse(input: &str) -> Result<Self, CaseCodeError> {
        case_code::read(INSPECTION_PREFIX, input).map(Self)
    }

    /// The code with `serial` of `region` in `year`; `None` out of range or for a serial
    /// whose code a swap of neighbours could pass (the issuer takes the next).
    pub fn issue(region: &RegionCode, year: u32, serial: u64) -> Option<Self> {
        let code = case_code::compose(INSPECTION_PREFIX, region, year, serial)?;
        let compact = code.replace('-', "");
        case_code::swap_safe(&compact, SERIAL_START + 1).then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region code in it.
    pub fn region(&self) -> &str {
        &self.0[1..7]
    }
}

impl fmt::Display for InspectionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for InspectionCode {
    type Error = CaseCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<InspectionCode> for String {
    fn from(c: InspectionCode) -> Self {
        c.0
    }
}

/// The text an inspection notice's QR code carries:
/// `{BASE}/I/{CODE}/{SIGNATURE}/{RATING TOKEN}`, upper case after a plain host like the
/// decisions' (QR alphanumeric mode).
pub fn inspection_url(
    public_base: &str,
    code: &InspectionCode,
    signature: &str,
    token: &str,
) -> String {
    let base = public_base.trim_end_matches('/');
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    format!(
        "{}://{}{}/I/{}/{}/{}",
        scheme.to_ascii_uppercase(),
        host.to_ascii_uppercase(),
        path,
        code,
        signature.to_ascii_uppercase(),
        token.to_ascii_uppercase()
    )
}

/// A market entity's risk grade (信用风险分类): A lowest risk to D highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RiskGrade {
    A,
    B,
    C,
    D,
}

text_codes!(RiskGrade {
    A => "A",
    B => "B",
    C => "C",
    D => "D",
});

/// A business a department may inspect, as the workspace sees it (with the contact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entity {
    pub id: i64,
    pub uscc: Uscc,
    pub name: String,
    pub region_code: RegionCode,
    pub industry: String,
    pub risk_grade: RiskGrade,
    /// Never on a public page.
    pub contact: Option<String>,
    pub updated_at: Timestamp,
}

/// One row of an entity import, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityInput {
    pub uscc: Uscc,
    pub name: String,
    pub region_code: RegionCode,
    pub industry: String,
    pub risk_grade: RiskGrade,
    pub contact: Option<String>,
}

/// What an entity import found and did: nothing is written while a row is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityImportReport {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub encoding: String,
    pub errors: Vec<super::RowError>,
}

/// An entity's name as public pages show it. An individual business (个体工商户, a
/// credit code starting `92`) registered without a shop name goes by its owner's name,
/// which is personal data: a name of at most four characters is masked like a person's.
pub fn public_entity_name(uscc: &str, name: &str) -> String {
    if uscc.starts_with("92") && name.trim().chars().count() <= 4 {
        mask_name(name)
    } else {
        name.trim().to_owned()
    }
}

/// Where a spot-check plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    /// Being prepared; may be approved or cancelled.
    Draft,
    /// Approved: its inputs are fixed and the commitment published.
    Approved,
    /// Drawn: the seed is revealed and the tasks exist.
    Drawn,
    /// Cancelled with a reason; a cancelled draft was never public.
    Cancelled,
}

text_codes!(PlanStatus {
    Draft => "draft",
    Approved => "approved",
    Drawn => "drawn",
    Cancelled => "cancelled",
});

/// Why an inspection takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ground {
    /// Drawn in a spot-check plan (双随机).
    Plan,
    /// On a complaint or report (投诉举报).
    Complaint,
    /// Referred by another body or found in another case (转办、移送).
    Referral,
}

text_codes!(Ground {
    Plan => "plan",
    Complaint => "complaint",
    Referral => "referral",
});

/// What an inspection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 未发现问题
    NoProblem,
    /// 发现问题，责令限期整改
    Rectify,
    /// 发现违法行为，已立案
    CaseOpened,
}

text_codes!(Outcome {
    NoProblem => "no_problem",
    Rectify => "rectify",
    CaseOpened => "case_opened",
});

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InspectionStatus {
    /// Coded and announced; no result yet.
    Scheduled,
    /// The result is recorded.
    Done,
    /// Called off with its plan.
    Cancelled,
}

text_codes!(InspectionStatus {
    Scheduled => "scheduled",
    Done => "done",
    Cancelled => "cancelled",
});

/// How the inspectors behaved, in the inspected company's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conduct {
    /// 文明规范
    Proper,
    /// 基本规范
    Acceptable,
    /// 不规范（态度粗暴、索要财物、干扰经营等）
    Improper,
}

text_codes!(Conduct {
    Proper => "proper",
    Acceptable => "acceptable",
    Improper => "improper",
});

/// A spot-check plan as a department drafts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    /// 4 to 100 characters.
    pub title: String,
    /// The department's published inspection items (claims of category JC) to check.
    pub claim_ids: Vec<i64>,
    /// Departments inspecting jointly (跨部门联合抽查): each task visits an entity once
    /// for all of them, and their officers may be in the pool.
    #[serde(default)]
    pub partner_department_ids: Vec<i64>,
    /// The population's region: entities in it or in its subdivisions.
    pub region_code: String,
    /// The population's industry (exact), or every industry.
    #[serde(default)]
    pub industry: Option<String>,
    /// The population's risk grades; empty for all.
    #[serde(default)]
    pub risk_grades: Vec<RiskGrade>,
    /// How many entities to draw; or give `target_share`.
    #[serde(default)]
    pub target_count: Option<u32>,
    /// What share of the eligible entities to draw, in percent (rounded up).
    #[serde(default)]
    pub target_share: Option<u32>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The inspector pool: officers of the plan's departments whose certificates are
    /// valid for the whole period.
    pub inspector_ids: Vec<i64>,
}

/// How many a plan draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    Count(u32),
    /// Percent of the eligible entities, rounded up.
    Share(u32),
}

impl Targets {
    /// How many of `eligible` entities are drawn (at most all of them for a share).
    pub fn of(self, eligible: usize) -> usize {
        match self {
            Targets::Count(n) => n as usize,
            Targets::Share(p) => (eligible * p as usize).div_ceil(100),
        }
    }
}

/// A plan input that passed [`PlanInput::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidPlan {
    pub title: String,
    pub claim_ids: Vec<i64>,
    pub partner_department_ids: Vec<i64>,
    pub region: RegionCode,
    pub industry: Option<String>,
    pub risk_grades: Vec<RiskGrade>,
    pub targets: Targets,
    pub starts_on: Date,
    pub ends_on: Date,
    pub inspector_ids: Vec<i64>,
}

/// The longest a plan's period may be.
pub const PLAN_MAX_DAYS: i64 = 366;
/// The most entities one plan draws.
pub const PLAN_MAX_TARGETS: u32 = 2_000;

fn unique(ids: &[i64]) -> Vec<i64> {
    let mut seen = Vec::with_capacity(ids.len());
    for &id in ids {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    seen
}

fn text_between(
    field: &'static str,
    s: &str,
    min: usize,
    max: usize,
) -> Result<String, (&'static str, Msg)> {
    let s = s.trim();
    let n = s.chars().count();
    if n < min || n > max {
        return Err((field, Msg::LengthBetween { min, max }));
    }
    if s.chars().any(char::is_control) {
        return Err((field, Msg::ControlCharacter));
    }
    Ok(s.to_owned())
}

impl PlanInput {
    /// Checks what needs no database; `today` is China's.
    pub fn validate(&self, today: Date) -> Result<ValidPlan, (&'static str, Msg)> {
        let title = text_between("title", &self.title, 4, 100)?;
        let claim_ids = unique(&self.claim_ids);
        if claim_ids.is_empty() || claim_ids.len() > 20 {
            return Err(("claim_ids", Msg::PlanItems));
        }
        let partner_department_ids = unique(&self.partner_department_ids);
        if partner_department_ids.len() > 10 {
            return Err(("partner_department_ids", Msg::PlanPartners));
        }
        let region = RegionCode::parse(self.region_code.trim())
            .map_err(|e| ("region_code", Msg::from(e)))?;
        let industry = match self.industry.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(text_between("industry", s, 1, 50)?),
        };
        let mut risk_grades = self.risk_grades.clone();
        risk_grades.sort();
        risk_grades.dedup();
        let targets = match (self.target_count, self.target_share) {
            (Some(n), None) if (1..=PLAN_MAX_TARGETS).contains(&n) => Targets::Count(n),
            (None, Some(p)) if (1..=100).contains(&p) => Targets::Share(p),
            (Some(_), None) => {
                return Err((
                    "target_count",
                    Msg::PlanTargetCount {
                        max: PLAN_MAX_TARGETS,
                    },
                ));
            }
            (None, Some(_)) => return Err(("target_share", Msg::PlanTargetShare)),
            _ => return Err(("target_count", Msg::PlanTargetsOne)),
        };
        if self.starts_on < today {
            return Err(("starts_on", Msg::PlanStartsPast));
        }
        if self.ends_on < self.starts_on || self.starts_on.days_until(self.ends_on) >= PLAN_MAX_DAYS
        {
            return Err(("ends_on", Msg::PlanPeriod { max: PLAN_MAX_DAYS }));
        }
        let inspector_ids = unique(&self.inspector_ids);
        if inspector_ids.len() < 2 || inspector_ids.len() > 200 {
            return Err(("inspector_ids", Msg::PlanInspectors));
        }
        Ok(ValidPlan {
            title,
            claim_ids,
            partner_department_ids,
            region,
            industry,
            risk_grades,
            targets,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            inspector_ids,
        })
    }
}

/// An inspection item as notices and public pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionItem {
    pub code: String,
    pub name: String,
    pub legal_basis: String,
}

/// An inspector as notices and public pages show them (enforcement personnel
/// publicity: name and certificate number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspector {
    pub name: String,
    pub certificate_number: String,
}

/// A department a plan or inspection belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentName {
    pub id: i64,
    pub name: String,
}

/// A spot-check plan as the public sees it once approved (and the workspace always).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: i64,
    /// The lead department, then the partners of a joint plan.
    pub departments: Vec<DepartmentName>,
    pub title: String,
    pub items: Vec<InspectionItem>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub industry: Option<String>,
    /// Empty: every grade.
    pub risk_grades: Vec<RiskGrade>,
    pub target_count: Option<u32>,
    pub target_share: Option<u32>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub inspectors: Vec<Inspector>,
    pub status: PlanStatus,
    /// SHA-256 of the seed and the inputs, hex: published at approval.
    pub commitment: Option<String>,
    pub approved_at: Option<Timestamp>,
    pub drawn_at: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub cancel_reason: Option<String>,
    /// Tasks drawn, and of them with a result.
    pub tasks: i64,
    pub tasks_done: i64,
}

/// A plan in the workspace: the public view and its workflow details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDetail {
    #[serde(flatten)]
    pub plan: Plan,
    pub claim_ids: Vec<i64>,
    pub inspector_ids: Vec<i64>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub approved_by: Option<String>,
    pub version: i64,
}

/// Approving, drawing or cancelling a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanTransition {
    /// The plan's version as the caller last saw it.
    pub version: i64,
    /// Required to cancel: public once the plan was approved.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The inputs of a draw as published (see `docs/spot-check.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrawInputRecord {
    pub plan: i64,
    pub targets: usize,
    /// Credit codes, sorted.
    pub entities: Vec<String>,
    /// Certificate numbers, sorted.
    pub inspectors: Vec<String>,
    /// (certificate number, credit code), sorted.
    pub conflicts: Vec<(String, String)>,
}

impl DrawInputRecord {
    pub fn to_input(&self) -> super::spot_check::DrawInput {
        super::spot_check::DrawInput::new(
            self.plan,
            self.entities.clone(),
            self.targets,
            self.inspectors.clone(),
            self.conflicts.clone(),
        )
    }
}

impl From<&super::spot_check::DrawInput> for DrawInputRecord {
    fn from(i: &super::spot_check::DrawInput) -> Self {
        Self {
            plan: i.plan,
            targets: i.targets,
            entities: i.entities.clone(),
            inspectors: i.inspectors.clone(),
            conflicts: i.conflicts.clone(),
        }
    }
}

/// One drawn task of the record: the entity, its two inspectors, its inspection code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrawnTaskRecord {
    pub entity: String,
    pub inspectors: [String; 2],
    pub code: InspectionCode,
}

/// `GET /api/v1/spot-checks/{id}/draw`: everything needed to check the commitment and
/// re-run the draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrawRecord {
    /// The layout version, `anma.draw.v1`.
    pub algorithm: String,
    pub plan_id: i64,
    pub commitment: String,
    pub committed_at: Timestamp,
    /// The seed, 64 hex digits: revealed at the draw.
    pub seed: Option<String>,
    pub drawn_at: Option<Timestamp>,
    pub input: DrawInputRecord,
    /// In the order drawn; empty before the draw.
    pub tasks: Vec<DrawnTaskRecord>,
}

/// A recorded result, as the public sees it (published when recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicResult {
    pub outcome: Outcome,
    /// What was found, personal data scrubbed.
    pub note: String,
    pub rectify_by: Option<Date>,
    /// The decision's case code, once a case opened on it is decided.
    pub case_code: Option<CaseCode>,
    pub recorded_on: Date,
}

/// A task of a published plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicTask {
    pub code: InspectionCode,
    pub entity_uscc: String,
    /// Masked for an individual business under its owner's name.
    pub entity_name: String,
    pub inspectors: Vec<Inspector>,
    pub status: InspectionStatus,
    pub result: Option<PublicResult>,
}

/// `GET /api/v1/spot-checks/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPlan {
    #[serde(flatten)]
    pub plan: Plan,
    pub task_list: Vec<PublicTask>,
}

/// Recording an inspection's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultInput {
    pub outcome: Outcome,
    /// What was checked and found, 2 to 1,000 characters.
    pub note: String,
    /// The rectification deadline: required for `rectify`.
    #[serde(default)]
    pub rectify_by: Option<Date>,
    /// For `case_opened`: the decision's case code once issued (may be added later).
    #[serde(default)]
    pub case_code: Option<String>,
}

/// A result that passed [`ResultInput::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidResult {
    pub outcome: Outcome,
    pub note: String,
    pub rectify_by: Option<Date>,
    pub case_code: Option<CaseCode>,
}

impl ResultInput {
    pub fn validate(&self, today: Date) -> Result<ValidResult, (&'static str, Msg)> {
        let note = text_between("note", &self.note, 2, 1_000)?;
        let rectify_by = match (self.outcome, self.rectify_by) {
            (Outcome::Rectify, None) => return Err(("rectify_by", Msg::Required)),
            (Outcome::Rectify, Some(d)) if d < today => {
                return Err(("rectify_by", Msg::RectifyByPast));
            }
            (Outcome::Rectify, d) => d,
            _ => None,
        };
        let case_code = match self.case_code.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(_) if self.outcome != Outcome::CaseOpened => {
                return Err(("case_code", Msg::CaseCodeOnlyForCase));
            }
            Some(text) => Some(CaseCode::parse(text).map_err(|e| ("case_code", Msg::from(e)))?),
        };
        Ok(ValidResult {
            outcome: self.outcome,
            note,
            rectify_by,
            case_code,
        })
    }
}

/// Opening an inspection outside a plan, on a complaint or a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdHocInput {
    /// The entity's unified social credit code (in the registry).
    pub entity_uscc: String,
    /// `complaint` or `referral`.
    pub ground: Ground,
    /// The complaint's or referral's reference and gist (internal), 4 to 500 characters.
    pub ground_note: String,
    pub claim_ids: Vec<i64>,
    /// Two or more of the department's officers.
    pub officer_ids: Vec<i64>,
    pub window_from: Date,
    pub window_until: Date,
}

/// The most days an inspection's window may span.
pub const WINDOW_MAX_DAYS: i64 = 31;

impl AdHocInput {
    /// Checks what needs no database; the registry and the officers are the server's.
    pub fn validate(&self, today: Date) -> Result<(Uscc, String), (&'static str, Msg)> {
        let uscc =
            Uscc::parse(self.entity_uscc.trim()).map_err(|e| ("entity_uscc", Msg::from(e)))?;
        if self.ground == Ground::Plan {
            return Err(("ground", Msg::AdHocGround));
        }
        let note = text_between("ground_note", &self.ground_note, 4, 500)?;
        if self.claim_ids.is_empty() || self.claim_ids.len() > 20 {
            return Err(("claim_ids", Msg::PlanItems));
        }
        if unique(&self.officer_ids).len() < 2 || self.officer_ids.len() > 10 {
            return Err(("officer_ids", Msg::TwoInspectors));
        }
        if self.window_from < today {
            return Err(("window_from", Msg::WindowPast));
        }
        if self.window_until < self.window_from
            || self.window_from.days_until(self.window_until) >= WINDOW_MAX_DAYS
        {
            return Err((
                "window_until",
                Msg::WindowLength {
                    max: WINDOW_MAX_DAYS,
                },
            ));
        }
        Ok((uscc, note))
    }
}

/// Exactly what an inspection code's signature covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedInspection {
    pub key_id: String,
    pub code: InspectionCode,
    pub departments: Vec<String>,
    pub ground: Ground,
    pub plan_id: Option<i64>,
    pub entity_uscc: String,
    pub entity_name: String,
    /// Item codes.
    pub items: Vec<String>,
    /// Certificate numbers, in order.
    pub inspectors: Vec<String>,
    pub window_from: Date,
    pub window_until: Date,
    pub issued_at: Timestamp,
}

/// Marks the layout version of an inspection's signed bytes.
pub const INSPECTION_CONTEXT: &str = "anma.inspection.v1";

impl SignedInspection {
    /// The signed bytes: the context, then each field in the order of the struct as a
    /// text (4-byte big-endian length, UTF-8), a list as its count then its texts, an
    /// absent plan as an empty text.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Canonical::default();
        out.text(INSPECTION_CONTEXT);
        out.text(&self.key_id);
        out.text(self.code.as_str());
        out.list(&self.departments);
        out.text(self.ground.as_str());
        out.text(&self.plan_id.map(|p| p.to_string()).unwrap_or_default());
        out.text(&self.entity_uscc);
        out.text(&self.entity_name);
        out.list(&self.items);
        out.list(&self.inspectors);
        out.text(&self.window_from.to_string());
        out.text(&self.window_until.to_string());
        out.text(&self.issued_at.to_string());
        out.into_bytes()
    }
}

/// An inspector on a notice, checked today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectorOnDuty {
    pub name: String,
    pub certificate_number: String,
    /// Whether the certificate allows enforcement today (China time).
    pub valid_today: bool,
    pub valid_until: Date,
}

/// `GET /api/v1/inspections/{code}?sig=`: is this inspection genuine, and who may come?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionVerification {
    pub code: InspectionCode,
    pub status: InspectionStatus,
    pub signature: super::SignatureCheck,
    pub departments: Vec<String>,
    pub ground: Ground,
    /// The plan of a drawn inspection.
    pub plan_id: Option<i64>,
    pub plan_title: Option<String>,
    pub items: Vec<InspectionItem>,
    pub inspectors: Vec<InspectorOnDuty>,
    pub window_from: Date,
    pub window_until: Date,
    /// Whether today (China time) is inside the window.
    pub in_window: bool,
    /// The inspected entity: to the notice's holder, or for a published plan's task.
    pub entity_name: Option<String>,
    pub result: Option<PublicResult>,
    /// Whether the inspected company has rated it (told to the notice's holder).
    pub rated: Option<bool>,
    /// The signed summary, with a valid signature.
    pub signed: Option<SignedInspection>,
}

/// The inspected company's rating, through the token printed on the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingInput {
    /// The rating token from the notice's QR code.
    pub token: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: u8,
    pub conduct: Conduct,
    /// Whether the inspectors showed their enforcement certificates (亮证).
    pub showed_certificates: bool,
    /// Up to 500 characters.
    #[serde(default)]
    pub comment: String,
}

impl RatingInput {
    pub fn validate(&self) -> Result<String, (&'static str, Msg)> {
        if !(1..=5).contains(&self.score) {
            return Err(("score", Msg::ScoreRange));
        }
        let comment = self.comment.trim();
        if comment.chars().count() > 500 {
            return Err(("comment", Msg::TooLong { max: 500 }));
        }
        if comment.chars().any(|c| c.is_control() && c != '\n') {
            return Err(("comment", Msg::ControlCharacter));
        }
        Ok(comment.to_owned())
    }
}

/// A rating as supervisors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub inspection_id: i64,
    pub code: InspectionCode,
    pub department_name: String,
    pub entity_name: String,
    pub score: u8,
    pub conduct: Conduct,
    pub showed_certificates: bool,
    pub comment: String,
    pub rated_at: Timestamp,
}

/// A report of an inspection without a valid code (无码检查), from the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportInput {
    /// The department the inspectors said they came from, if it is in the list.
    #[serde(default)]
    pub department_id: Option<i64>,
    /// Or its name as they gave it.
    #[serde(default)]
    pub department_text: String,
    /// The code they showed, if any (unknown or not valid).
    #[serde(default)]
    pub code: String,
    pub entity_name: String,
    pub happened_on: Date,
    /// What happened, 10 to 1,000 characters.
    pub description: String,
    /// How to reach the reporter (optional; only supervisors see it).
    #[serde(default)]
    pub contact: String,
}

/// A report that passed [`ReportInput::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidReport {
    pub department_id: Option<i64>,
    pub department_text: String,
    pub code: Option<String>,
    pub entity_name: String,
    pub happened_on: Date,
    pub description: String,
    pub contact: Option<String>,
}

impl ReportInput {
    pub fn validate(&self, today: Date) -> Result<ValidReport, (&'static str, Msg)> {
        let optional = |field: &'static str,
                        s: &str,
                        max: usize|
         -> Result<Option<String>, (&'static str, Msg)> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                text_between(field, s, 1, max).map(Some)
            }
        };
        let department_text =
            optional("department_text", &self.department_text, 100)?.unwrap_or_default();
        if self.department_id.is_none() && department_text.is_empty() {
            return Err(("department_text", Msg::Required));
        }
        let entity_name = text_between("entity_name", &self.entity_name, 2, 100)?;
        if self.happened_on > today || self.happened_on < today.plus_days(-365) {
            return Err(("happened_on", Msg::ReportDate));
        }
        let description = text_between(
            "description",
            &self.description.replace('\n', " "),
            10,
            1_000,
        )?;
        Ok(ValidReport {
            department_id: self.department_id,
            department_text,
            code: optional("code", &self.code, 40)?,
            entity_name,
            happened_on: self.happened_on,
            description,
            contact: optional("contact", &self.contact, 100)?,
        })
    }
}

/// A report as supervisors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: i64,
    pub department_id: Option<i64>,
    pub department_name: String,
    pub code: Option<String>,
    pub entity_name: String,
    pub happened_on: Date,
    pub description: String,
    pub contact: Option<String>,
    pub reported_at: Timestamp,
}

/// An inspection in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    pub id: i64,
    pub code: InspectionCode,
    pub department_id: i64,
    pub departments: Vec<String>,
    pub plan_id: Option<i64>,
    pub ground: Ground,
    /// The complaint's or referral's note (internal).
    pub ground_note: Option<String>,
    pub entity_uscc: String,
    pub entity_name: String,
    pub items: Vec<InspectionItem>,
    pub inspectors: Vec<Inspector>,
    pub window_from: Date,
    pub window_until: Date,
    pub status: InspectionStatus,
    pub result: Option<PublicResult>,
    pub issued_at: Timestamp,
    /// What the notice's QR code holds: the verify address with signature and rating
    /// token.
    pub qr_text: String,
}

/// `GET /api/v1/workspace/supervision/inspections`: one department's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisionRow {
    pub department_id: i64,
    pub department_name: String,
    pub region_code: RegionCode,
    pub inspections: i64,
    pub on_plan: i64,
    /// Reports of inspections without a code naming the department.
    pub reports: i64,
    /// Coded inspections as a share of coded ones and reports, percent (100 with none).
    pub coded_share: f64,
    /// Window over, no result.
    pub overdue_results: i64,
    pub ratings: i64,
    pub average_score: Option<f64>,
}

/// An entity inspected more often than the yearly limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverInspected {
    pub uscc: String,
    pub name: String,
    pub inspections: i64,
}

/// The supervision of business inspections (涉企行政检查监督) for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supervision {
    pub year: i64,
    /// Inspections an entity may have a year before it is flagged.
    pub yearly_limit: i64,
    /// Departments with inspections or reports, those with overdue results and reports
    /// first.
    pub departments: Vec<SupervisionRow>,
    pub over_inspected: Vec<OverInspected>,
}

/// The most rows a paged listing skips.
pub const MAX_OFFSET: i64 = 10_000;

/// A page of a listing: `limit` rows (1 to 100, default 20) after skipping `offset`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PageQuery {
    /// In the name, the title or a department's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::words_100))]
    pub q: Option<String>,
    /// In this region or below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::region_or_blank))]
    pub region: Option<String>,
    /// Starting in this year (plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::year))]
    pub year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_100))]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::offset))]
    pub offset: Option<i64>,
    /// Only this plan's tasks (inspections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub plan: Option<i64>,
}

impl PageQuery {
    /// The query string of the set fields (no leading `?`), values percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut out = Vec::new();
        let encode = |v: &str| -> String {
            v.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        };
        if let Some(q) = self.q.as_deref().filter(|q| !q.is_empty()) {
            out.push(format!("q={}", encode(q)));
        }
        if let Some(r) = self.region.as_deref().filter(|r| !r.is_empty()) {
            out.push(format!("region={}", encode(r)));
        }
        for (k, v) in [
            ("year", self.year),
            ("limit", self.limit),
            ("offset", self.offset),
            ("plan", self.plan),
        ] {
            if let Some(v) = v {
                out.push(format!("{k}={v}"));
            }
        }
        out.join("&")
    }
}

/// What the inspected said: their ratings and their reports of inspections without a
/// code, for the department's supervisors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionFeedback {
    pub ratings: Vec<Rating>,
    pub reports: Vec<Report>,
}

/// A [`PageQuery`] that passed [`PageQuery::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub plan: Option<i64>,
    pub q: Option<String>,
    pub region: Option<RegionCode>,
    pub year: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

impl PageQuery {
    pub fn validate(&self) -> Result<Page, (&'static str, Msg)> {
        let q = match self.q.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(q) if q.chars().count() > 100 => return Err(("q", Msg::TooLong { max: 100 })),
            Some(q) => Some(q.to_owned()),
        };
        let region = match self.region.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(r) => Some(RegionCode::parse(r).map_err(|e| ("region", Msg::from(e)))?),
        };
        if let Some(y) = self.year
            && !(2000..=2099).contains(&y)
        {
            return Err(("year", Msg::YearRange));
        }
        let limit = self.limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(("limit", Msg::LimitRange { max: 100 }));
        }
        let offset = self.offset.unwrap_or(0);
        if !(0..=MAX_OFFSET).contains(&offset) {
            return Err(("offset", Msg::OffsetRange { max: MAX_OFFSET }));
        }
        Ok(Page {
            plan: self.plan,
            q,
            region,
            year: self.year,
            limit,
            offset,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tianhe() -> RegionCode {
        RegionCode::parse("440106").unwrap()
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn inspection_codes_parse_back_and_are_not_case_codes() {
        let code = (0..)
            .find_map(|n| InspectionCode::issue(&tianhe(), 2026, n * 7_919))
            .unwrap();
        let s = code.as_str();
        assert_eq!(s.len(), 20);
        assert!(s.starts_with("J440106-2026-"));
        assert_eq!(code.region(), "440106");
        assert_eq!(InspectionCode::parse(&s.to_lowercase()), Ok(code.clone()));
        assert_eq!(
            InspectionCode::parse(&s.replace('-', " ")),
            Ok(code.clone())
        );
        assert!(CaseCode::parse(s).is_err());
        // A case code is not an inspection code, and one changed character is caught.
        assert_eq!(InspectionCode::parse(&s[1..]), Err(CaseCodeError::Shape));
        let mut typo = s.as_bytes().to_vec();
        typo[14] = if typo[14] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            InspectionCode::parse(std::str::from_utf8(&typo).unwrap()),
            Err(CaseCodeError::Check)
        );
    }

    #[test]
    fn issued_inspection_codes_catch_neighbour_swaps() {
        let mut issued = 0;
        for n in 0..3_000u64 {
            let Some(code) = InspectionCode::issue(&tianhe(), 2026, n * 20_011) else {
                continue;
            };
            issued += 1;
            let compact = code.as_str().replace('-', "").into_bytes();
            for i in SERIAL_START..compact.len() - 1 {
                if compact[i] != compact[i + 1] {
                    let mut swapped = compact.clone();
                    swapped.swap(i, i + 1);
                    assert!(!case_code::mod37_36_valid(&swapped), "{code} at {i}");
                }
            }
        }
        assert!(issued > 2_800, "{issued}");
    }

    #[test]
    fn the_notice_url_is_in_qr_alphanumeric_mode() {
        let code = (0..)
            .find_map(|n| InspectionCode::issue(&tianhe(), 2026, n))
            .unwrap();
        let url = inspection_url("https://anma.example/", &code, "ABC234", "xyz");
        assert_eq!(url, format!("HTTPS://ANMA.EXAMPLE/I/{code}/ABC234/XYZ"));
    }

    #[test]
    fn owner_named_individual_businesses_are_masked() {
        assert_eq!(public_entity_name("92440106MA00000000", "张三丰"), "张**");
        assert_eq!(
            public_entity_name("92440106MA00000000", "天河区张记粥店"),
            "天河区张记粥店"
        );
        assert_eq!(public_entity_name("91440106MA00000000", "李四"), "李四");
    }

    fn plan() -> PlanInput {
        PlanInput {
            title: "2026年食品经营者双随机抽查".into(),
            claim_ids: vec![3, 3, 4],
            partner_department_ids: vec![],
            region_code: "440106".into(),
            industry: Some(" 餐饮服务 ".into()),
            risk_grades: vec![RiskGrade::C, RiskGrade::A, RiskGrade::C],
            target_count: Some(5),
            target_share: None,
            starts_on: day("2026-12-10"),
            ends_on: day("2026-12-31"),
            inspector_ids: vec![1, 2, 2],
        }
    }

    #[test]
    fn plans_are_checked_and_normalised() {
        let today = day("2026-12-02");
        let v = plan().validate(today).unwrap();
        assert_eq!(v.claim_ids, vec![3, 4]);
        assert_eq!(v.inspector_ids, vec![1, 2]);
        assert_eq!(v.industry.as_deref(), Some("餐饮服务"));
        assert_eq!(v.risk_grades, vec![RiskGrade::A, RiskGrade::C]);
        assert_eq!(v.targets, Targets::Count(5));

        let mut p = plan();
        p.target_share = Some(10);
        assert_eq!(p.validate(today).unwrap_err().1, Msg::PlanTargetsOne);
        p.target_count = None;
        assert_eq!(p.validate(today).unwrap().targets, Targets::Share(10));
        let mut p = plan();
        p.inspector_ids = vec![1, 1];
        assert_eq!(p.validate(today).unwrap_err().0, "inspector_ids");
        let mut p = plan();
        p.starts_on = day("2026-12-01");
        assert_eq!(p.validate(today).unwrap_err().0, "starts_on");
        let mut p = plan();
        p.ends_on = day("2027-12-31");
        assert_eq!(p.validate(today).unwrap_err().0, "ends_on");
        let mut p = plan();
        p.region_code = "99".into();
        assert_eq!(p.validate(today).unwrap_err().0, "region_code");
    }

    #[test]
    fn a_share_rounds_up() {
        assert_eq!(Targets::Share(10).of(95), 10);
        assert_eq!(Targets::Share(10).of(0), 0);
        assert_eq!(Targets::Share(100).of(7), 7);
        assert_eq!(Targets::Count(3).of(1), 3);
    }

    #[test]
    fn results_need_what_their_outcome_needs() {
        let today = day("2026-12-02");
        let r = |outcome, rectify_by, case_code: Option<&str>| ResultInput {
            outcome,
            note: "检查了进货查验记录".into(),
            rectify_by,
            case_code: case_code.map(Into::into),
        };
        assert!(r(Outcome::NoProblem, None, None).validate(today).is_ok());
        assert_eq!(
            r(Outcome::Rectify, None, None)
                .validate(today)
                .unwrap_err()
                .0,
            "rectify_by"
        );
        assert_eq!(
            r(Outcome::Rectify, Some(day("2026-12-01")), None)
                .validate(today)
                .unwrap_err()
                .1,
            Msg::RectifyByPast
        );
        assert_eq!(
            r(Outcome::NoProblem, None, Some("440106-2025-00001-I"))
                .validate(today)
                .unwrap_err()
                .1,
            Msg::CaseCodeOnlyForCase
        );
        assert_eq!(
            r(Outcome::CaseOpened, None, Some("nope"))
                .validate(today)
                .unwrap_err()
                .0,
            "case_code"
        );
    }

    #[test]
    fn the_signed_bytes_change_with_every_field() {
        let code = (0..)
            .find_map(|n| InspectionCode::issue(&tianhe(), 2026, n))
            .unwrap();
        let signed = SignedInspection {
            key_id: "k".into(),
            code,
            departments: vec!["甲".into(), "乙".into()],
            ground: Ground::Plan,
            plan_id: Some(3),
            entity_uscc: "91440106MA00000000".into(),
            entity_name: "某公司".into(),
            items: vec!["JC00001000".into()],
            inspectors: vec!["A1".into(), "A2".into()],
            window_from: day("2026-12-10"),
            window_until: day("2026-12-31"),
            issued_at: Timestamp::from_micros(0),
        };
        let bytes = signed.canonical_bytes();
        assert!(bytes.starts_with(&[0, 0, 0, 18]));
        let mut joined = signed.clone();
        joined.departments = vec!["甲乙".into()];
        assert_ne!(joined.canonical_bytes(), bytes);
        let mut other = signed.clone();
        other.plan_id = None;
        assert_ne!(other.canonical_bytes(), bytes);
    }

    #[test]
    fn ratings_and_reports_are_bounded() {
        let rating = RatingInput {
            token: "T".into(),
            score: 6,
            conduct: Conduct::Proper,
            showed_certificates: true,
            comment: String::new(),
        };
        assert_eq!(rating.validate().unwrap_err().0, "score");
        let today = day("2026-12-02");
        let report = ReportInput {
            department_id: None,
            department_text: String::new(),
            code: String::new(),
            entity_name: "某公司".into(),
            happened_on: today,
            description: "两名自称市场监管的人员未出示检查码即进店检查".into(),
            contact: String::new(),
        };
        assert_eq!(report.validate(today).unwrap_err().0, "department_text");
        let named = ReportInput {
            department_text: "天河区市场监管局".into(),
            ..report.clone()
        };
        assert!(named.validate(today).is_ok());
        let later = ReportInput {
            happened_on: day("2026-12-03"),
            ..named
        };
        assert_eq!(later.validate(today).unwrap_err().0, "happened_on");
    }
}
