//! Enforcement decisions (行政执法决定): registering, issuing with a case code and a
//! signature, status changes, and what verification shows.
//!
//! The signed byte layout ([`SignedDecision::canonical_bytes`]) lives here so the server
//! that signs and the browser that checks build the same bytes from the same code.

use serde::{Deserialize, Serialize};

use super::codes::text_codes;

use super::{
    CaseCode, Category, Date, DocumentNumber, IdNumber, Msg, Timestamp, Uscc, person::mask_name,
};

/// The procedure a decision was made under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Procedure {
    /// 简易程序: decided on the spot (Administrative Penalty Law art. 51).
    Simple,
    /// 普通程序
    Ordinary,
}

text_codes!(Procedure {
    Simple => "simple",
    Ordinary => "ordinary",
});

/// Who a decision is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKind {
    /// A company or other organisation, named with its unified social credit code.
    Organisation,
    /// A natural person, named with a resident identity number that is never public.
    Person,
}

text_codes!(PartyKind {
    Organisation => "organisation",
    Person => "person",
});

/// The kinds of administrative penalty (Administrative Penalty Law 2021 art. 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PenaltyType {
    /// 警告
    Warning,
    /// 通报批评
    Criticism,
    /// 罚款
    Fine,
    /// 没收违法所得
    ConfiscateGains,
    /// 没收非法财物
    ConfiscateProperty,
    /// 暂扣许可证件
    SuspendLicence,
    /// 降低资质等级
    LowerQualification,
    /// 吊销许可证件
    RevokeLicence,
    /// 限制开展生产经营活动
    RestrictActivities,
    /// 责令停产停业
    SuspendBusiness,
    /// 责令关闭
    Close,
    /// 限制从业
    RestrictPractice,
    /// 行政拘留
    Detention,
    /// 法律、行政法规规定的其他行政处罚
    Other,
}

text_codes!(PenaltyType {
    Warning => "warning",
    Criticism => "criticism",
    Fine => "fine",
    ConfiscateGains => "confiscate_gains",
    ConfiscateProperty => "confiscate_property",
    SuspendLicence => "suspend_licence",
    LowerQualification => "lower_qualification",
    RevokeLicence => "revoke_licence",
    RestrictActivities => "restrict_activities",
    SuspendBusiness => "suspend_business",
    Close => "close",
    RestrictPractice => "restrict_practice",
    Detention => "detention",
    Other => "other",
});

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionStatus {
    /// Registered, not yet issued: editable, no case code.
    Draft,
    /// Issued with a case code and a signature: in force.
    Issued,
    /// Revoked (撤销); the reason is public.
    Revoked,
    /// Replaced by a later decision (变更); the reason and the new decision are public.
    Changed,
    /// Confirmed unlawful (确认违法) by a review body or court; the reason is public.
    Unlawful,
    /// Confirmed void (确认无效); the reason is public.
    Void,
}

text_codes!(DecisionStatus {
    Draft => "draft",
    Issued => "issued",
    Revoked => "revoked",
    Changed => "changed",
    Unlawful => "unlawful",
    Void => "void",
});

impl DecisionStatus {
    /// Whether the decision was issued and has since been ended: revoked, changed,
    /// confirmed unlawful or void (each withdraws its publication, art. 48).
    pub fn is_ended(self) -> bool {
        matches!(
            self,
            Self::Revoked | Self::Changed | Self::Unlawful | Self::Void
        )
    }
}

/// Largest fine Anma accepts, in fen (¥10 billion).
pub const MAX_AMOUNT_FEN: i64 = 1_000_000_000_000;
/// Simple (on-the-spot) procedure allows fines up to ¥200 for a person and ¥3,000 for an
/// organisation, and only warnings or fines (Administrative Penalty Law art. 51).
pub const SIMPLE_LIMIT_PERSON_FEN: i64 = 20_000;
pub const SIMPLE_LIMIT_ORGANISATION_FEN: i64 = 300_000;
/// Longest free text (facts) in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// `POST …/decisions`: a decision to register, and whether to issue it in the same
/// transaction (a case system's one call for the case code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterDecision {
    #[serde(flatten)]
    pub decision: DecisionInput,
    /// Issue it at once: the answer carries the case code, signature and QR text.
    #[serde(default)]
    pub issue: bool,
}

/// What a clerk fills in to register (or edit) a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub document_number: String,
    /// The department's published claim the decision is made under.
    pub claim_id: i64,
    pub kind: Category,
    pub procedure: Procedure,
    pub party_kind: PartyKind,
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub party_name: String,
    /// Organisations: the unified social credit code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub party_uscc: Option<String>,
    /// Set to accept a code that fails the GB 32100 check (early pilot codes); recorded.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub uscc_override_reason: Option<String>,
    /// Persons: the resident identity number. Stored, never public.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub party_id_number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 10_000))]
    pub facts: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 2_000))]
    pub legal_basis: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 2_000))]
    pub result: String,
    #[serde(default)]
    pub penalty_types: Vec<PenaltyType>,
    /// Fine in fen, when the penalty includes one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1e12))]
    pub amount_fen: Option<i64>,
    pub decision_date: Date,
    /// 重大执法决定: needs a legal review before issue.
    #[serde(default)]
    pub major: bool,
    /// Officer ids, in the order they sign.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub officer_ids: Vec<i64>,
    /// A minor's case: never published.
    #[serde(default)]
    pub minor: bool,
    /// Not published because it involves state secrets, trade secrets or personal
    /// privacy: the reason, recorded.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub withheld_reason: Option<String>,
    /// Further natural persons named in the text (witnesses, family members): their
    /// names are masked in every public text, like a person party's.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub named_persons: Vec<String>,
}

/// At most this many further persons per decision.
pub const MAX_NAMED_PERSONS: usize = 20;

/// A problem with a decision, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub msg: Msg,
}

fn problem(field: &'static str, msg: impl Into<Msg>) -> FieldProblem {
    FieldProblem {
        field,
        msg: msg.into(),
    }
}

fn text(field: &'static str, value: &str, max: usize) -> Result<String, FieldProblem> {
    let v = value.trim();
    if v.is_empty() {
        return Err(problem(field, Msg::Required));
    }
    if v.chars().count() > max {
        return Err(problem(field, Msg::TooLong { max }));
    }
    Ok(v.to_owned())
}

/// Who a checked decision is addressed to, with the identifier that kind of party has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidParty {
    /// An organisation whose credit code passes the GB 32100 check.
    Organisation { name: String, uscc: Uscc },
    /// An organisation with an early pilot code that fails the check but has the shape of
    /// one, accepted with the reason the clerk recorded.
    PilotOrganisation {
        name: String,
        code: String,
        reason: String,
    },
    /// A natural person with a valid resident identity number (stored, never public).
    Person { name: String, id_number: IdNumber },
}

impl ValidParty {
    pub fn kind(&self) -> PartyKind {
        match self {
            Self::Person { .. } => PartyKind::Person,
            Self::Organisation { .. } | Self::PilotOrganisation { .. } => PartyKind::Organisation,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Organisation { name, .. }
            | Self::PilotOrganisation { name, .. }
            | Self::Person { name, .. } => name,
        }
    }

    /// An organisation's credit code (checked, or a pilot code).
    pub fn uscc(&self) -> Option<&str> {
        match self {
            Self::Organisation { uscc, .. } => Some(uscc.as_str()),
            Self::PilotOrganisation { code, .. } => Some(code),
            Self::Person { .. } => None,
        }
    }

    /// Why a pilot code was accepted.
    pub fn uscc_override_reason(&self) -> Option<&str> {
        match self {
            Self::PilotOrganisation { reason, .. } => Some(reason),
            _ => None,
        }
    }

    pub fn id_number(&self) -> Option<&IdNumber> {
        match self {
            Self::Person { id_number, .. } => Some(id_number),
            _ => None,
        }
    }
}

/// A decision that passed [`DecisionInput::validate`]: trimmed, normalised and checked,
/// with the typed values the checks produced. Outside this crate only `validate` makes
/// one (`non_exhaustive`), so whatever takes a `ValidDecision` (the server's store)
/// cannot be handed unchecked input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidDecision {
    pub document_number: DocumentNumber,
    pub claim_id: i64,
    pub kind: Category,
    pub procedure: Procedure,
    pub party: ValidParty,
    pub facts: String,
    pub legal_basis: String,
    pub result: String,
    /// Sorted, each kind once; empty unless the decision is a penalty.
    pub penalty_types: Vec<PenaltyType>,
    /// Present exactly when the penalties include a fine.
    pub amount_fen: Option<i64>,
    pub decision_date: Date,
    pub major: bool,
    pub minor: bool,
    /// Distinct, in signing order.
    pub officer_ids: Vec<i64>,
    pub withheld_reason: Option<String>,
    /// Trimmed, each once.
    pub named_persons: Vec<String>,
}

impl ValidDecision {
    /// The checked decision in the form a client sends, normalised.
    pub fn into_input(self) -> DecisionInput {
        DecisionInput {
            document_number: self.document_number.as_str().to_owned(),
            claim_id: self.claim_id,
            kind: self.kind,
            procedure: self.procedure,
            party_kind: self.party.kind(),
            party_name: self.party.name().to_owned(),
            party_uscc: self.party.uscc().map(str::to_owned),
            uscc_override_reason: self.party.uscc_override_reason().map(str::to_owned),
            party_id_number: self.party.id_number().map(|id| id.as_str().to_owned()),
            facts: self.facts,
            legal_basis: self.legal_basis,
            result: self.result,
            penalty_types: self.penalty_types,
            amount_fen: self.amount_fen,
            decision_date: self.decision_date,
            major: self.major,
            officer_ids: self.officer_ids,
            minor: self.minor,
            withheld_reason: self.withheld_reason,
            named_persons: self.named_persons,
        }
    }
}

impl DecisionInput {
    /// Checks everything that needs no database, returning the input normalised
    /// (trimmed text, standard document number, upper-case codes), or the first problem
    /// in the order of the form's fields. `today` is the deciding department's date in
    /// China.
    pub fn validate(&self, today: Date) -> Result<ValidDecision, FieldProblem> {
        // `check` reports at least one problem whenever it fails.
        self.check(today).map_err(|all| {
            all.into_iter()
                .next()
                .unwrap_or(problem("decision", Msg::Required))
        })
    }

    /// Every problem, in the order of the form's fields (the first is the one
    /// [`validate`](Self::validate) reports): what the workspace shows beside each field.
    pub fn problems(&self, today: Date) -> Vec<FieldProblem> {
        self.check(today).err().unwrap_or_default()
    }

    /// The problem of one field, if it has one.
    pub fn problem_of(&self, today: Date, field: &str) -> Option<FieldProblem> {
        self.problems(today).into_iter().find(|p| p.field == field)
    }

    fn check(&self, today: Date) -> Result<ValidDecision, Vec<FieldProblem>> {
        let mut p = Problems(Vec::new());
        let document_number = p.take(
            DocumentNumber::parse(&self.document_number).map_err(|e| problem("document_number", e)),
        );
        if self.claim_id <= 0 {
            p.add("claim_id", Msg::ChooseClaim);
        }
        if self.decision_date > today {
            p.add("decision_date", Msg::DecisionDateInFuture);
        }
        if let Some(n) = &document_number
            && i64::from(n.year()) != self.decision_date.year()
        {
            p.add("document_number", Msg::DocumentNumberYearMismatch);
        }
        let party_name = p.take(text("party_name", &self.party_name, 100));
        let party = match self.party_kind {
            PartyKind::Organisation => {
                let typed = self
                    .party_uscc
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_uppercase();
                let reason = self
                    .uscc_override_reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty());
                match (Uscc::parse(&typed), reason) {
                    (Ok(uscc), _) => party_name
                        .clone()
                        .map(|name| ValidParty::Organisation { name, uscc }),
                    (Err(e), None) => {
                        p.add("party_uscc", e);
                        None
                    }
                    (Err(_), Some(reason)) => {
                        // A pilot code still has the shape of one.
                        let shaped = typed.len() == 18
                            && typed
                                .bytes()
                                .all(|b| b"0123456789ABCDEFGHJKLMNPQRTUWXY".contains(&b));
                        if !shaped {
                            p.add("party_uscc", Msg::PilotUsccShape);
                        }
                        let explained = (4..=500).contains(&reason.chars().count());
                        if !explained {
                            p.add("uscc_override_reason", Msg::PilotUsccReason);
                        }
                        party_name
                            .clone()
                            .filter(|_| shaped && explained)
                            .map(|name| ValidParty::PilotOrganisation {
                                name,
                                code: typed,
                                reason: reason.to_owned(),
                            })
                    }
                }
            }
            PartyKind::Person => {
                let id_number = p.take(
                    IdNumber::parse(self.party_id_number.as_deref().unwrap_or(""))
                        .map_err(|e| problem("party_id_number", e)),
                );
                let born = id_number
                    .as_ref()
                    .is_some_and(|id| id.birth_date() <= today);
                if id_number.is_some() && !born {
                    p.add("party_id_number", Msg::IdBornInFuture);
                }
                let short = party_name.as_ref().is_some_and(|n| n.chars().count() <= 50);
                if party_name.is_some() && !short {
                    p.add("party_name", Msg::PersonNameTooLong);
                }
                match (party_name.clone(), id_number) {
                    (Some(name), Some(id_number)) if born && short => {
                        Some(ValidParty::Person { name, id_number })
                    }
                    _ => None,
                }
            }
        };
        let facts = p.take(text("facts", &self.facts, MAX_TEXT_CHARS));
        let legal_basis = p.take(text("legal_basis", &self.legal_basis, 2_000));
        let result = p.take(text("result", &self.result, 2_000));

        let mut penalty_types = self.penalty_types.clone();
        penalty_types.sort();
        penalty_types.dedup();
        let fine = penalty_types.contains(&PenaltyType::Fine);
        if self.kind == Category::Penalty {
            if penalty_types.is_empty() {
                p.add("penalty_types", Msg::PenaltyTypesRequired);
            }
        } else if !penalty_types.is_empty() {
            p.add("penalty_types", Msg::PenaltyTypesOnlyForPenalty);
        }
        let amount_fen = match (fine, self.amount_fen) {
            (true, Some(a)) if (1..=MAX_AMOUNT_FEN).contains(&a) => Some(a),
            (true, _) => {
                p.add("amount_fen", Msg::FineNeedsAmount);
                None
            }
            (false, Some(_)) => {
                p.add("amount_fen", Msg::AmountOnlyWithFine);
                None
            }
            (false, None) => None,
        };
        if self.kind == Category::Penalty && self.procedure == Procedure::Simple {
            let limit = match self.party_kind {
                PartyKind::Person => SIMPLE_LIMIT_PERSON_FEN,
                PartyKind::Organisation => SIMPLE_LIMIT_ORGANISATION_FEN,
            };
            if penalty_types
                .iter()
                .any(|p| !matches!(p, PenaltyType::Warning | PenaltyType::Fine))
            {
                p.add("procedure", Msg::SimpleOnlyWarningOrFine);
            } else if amount_fen.is_some_and(|a| a > limit) {
                p.add("procedure", Msg::SimpleFineLimit { yuan: limit / 100 });
            }
        }
        let officer_ids = self.officer_ids.clone();
        let mut distinct = officer_ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != officer_ids.len() {
            p.add("officer_ids", Msg::OfficerTwice);
        } else if officer_ids.len() > 10 {
            p.add("officer_ids", Msg::TooManyOfficers { max: 10 });
        }
        let withheld_reason = match self.withheld_reason.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(r) if (4..=500).contains(&r.chars().count()) => Some(r.to_owned()),
            Some(_) => {
                p.add("withheld_reason", Msg::WithheldReason);
                None
            }
        };
        let mut named_persons: Vec<String> = Vec::new();
        let mut named_ok = true;
        for name in self
            .named_persons
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            if !(2..=50).contains(&name.chars().count()) {
                p.add("named_persons", Msg::NamedPersonLength);
                named_ok = false;
                break;
            }
            if !named_persons.iter().any(|n| n == name) {
                named_persons.push(name.to_owned());
            }
        }
        if named_ok && named_persons.len() > MAX_NAMED_PERSONS {
            p.add(
                "named_persons",
                Msg::TooManyNamedPersons {
                    max: MAX_NAMED_PERSONS,
                },
            );
        }
        match (document_number, party, facts, legal_basis, result) {
            (Some(document_number), Some(party), Some(facts), Some(legal_basis), Some(result))
                if p.0.is_empty() =>
            {
                Ok(ValidDecision {
                    document_number,
                    claim_id: self.claim_id,
                    kind: self.kind,
                    procedure: self.procedure,
                    party,
                    facts,
                    legal_basis,
                    result,
                    penalty_types,
                    amount_fen,
                    decision_date: self.decision_date,
                    major: self.major,
                    minor: self.minor,
                    officer_ids,
                    withheld_reason,
                    named_persons,
                })
            }
            // Every way to miss a value above recorded its problem.
            _ => Err(p.0),
        }
    }
}

/// The problems of one check, collected in the order they are found.
struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: &'static str, msg: impl Into<Msg>) {
        self.0.push(problem(field, msg));
    }

    fn take<T>(&mut self, result: Result<T, FieldProblem>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }
}

/// An officer as a decision names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionOfficer {
    pub id: i64,
    pub name: String,
    pub certificate_number: String,
}

/// A reviewer's legal review (法制审核) of a major decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalReview {
    pub reviewer: String,
    pub at: Timestamp,
    pub opinion: String,
}

/// A decision's publication record (公示): by when it must be published, when it was and
/// until when it is listed, and when it was withdrawn, with the China dates of both acts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Listing {
    pub publish_by: Option<Date>,
    pub published_at: Option<Timestamp>,
    pub published_until: Option<Date>,
    pub withdrawn_at: Option<Timestamp>,
    pub published_on: Option<Date>,
    pub withdrawn_on: Option<Date>,
}

/// A decision as its department keeps it: what the clerk registered, where it stands,
/// and its history. The server's stored row and the API's view both hold one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRecord {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub claim_id: i64,
    pub item_code: String,
    pub item_name: String,
    pub document_number: String,
    pub kind: Category,
    pub procedure: Procedure,
    pub party_kind: PartyKind,
    pub party_name: String,
    pub party_uscc: Option<String>,
    pub uscc_override_reason: Option<String>,
    pub party_id_number: Option<String>,
    pub facts: String,
    pub legal_basis: String,
    pub result: String,
    pub penalty_types: Vec<PenaltyType>,
    pub amount_fen: Option<i64>,
    pub decision_date: Date,
    pub major: bool,
    pub minor: bool,
    pub withheld_reason: Option<String>,
    /// Further natural persons named in the text, masked in public.
    pub named_persons: Vec<String>,
    /// In signing order.
    pub officers: Vec<DecisionOfficer>,
    pub status: DecisionStatus,
    pub legal_review: Option<LegalReview>,
    /// A reviewer's reason for not approving the legal review.
    pub review_comment: Option<String>,
    pub status_reason: Option<String>,
    pub status_at: Option<Timestamp>,
    pub replaced_by: Option<CaseCode>,
    /// The date of the act that ended the decision (art. 48's 3 days run from it).
    pub ended_on: Option<Date>,
    #[serde(flatten)]
    pub listing: Listing,
    pub version: i64,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

impl DecisionRecord {
    /// Whether the law publishes this decision at all.
    pub fn published_by_law(&self) -> bool {
        super::publicity::eligibility(
            self.procedure,
            &self.penalty_types,
            self.minor,
            self.withheld_reason.as_deref(),
        )
        .is_ok()
    }

    /// Where it stands in the public listing on `today` (`None` for a draft).
    pub fn publication(&self, today: Date) -> Option<Publication> {
        super::publicity::publication(self.status, self.published_by_law(), &self.listing, today)
    }

    /// The registered decision as a client sends it, to check it again (before issue) or
    /// to edit it.
    pub fn input(&self) -> DecisionInput {
        DecisionInput {
            document_number: self.document_number.clone(),
            claim_id: self.claim_id,
            kind: self.kind,
            procedure: self.procedure,
            party_kind: self.party_kind,
            party_name: self.party_name.clone(),
            party_uscc: self.party_uscc.clone(),
            uscc_override_reason: self.uscc_override_reason.clone(),
            party_id_number: self.party_id_number.clone(),
            facts: self.facts.clone(),
            legal_basis: self.legal_basis.clone(),
            result: self.result.clone(),
            penalty_types: self.penalty_types.clone(),
            amount_fen: self.amount_fen,
            decision_date: self.decision_date,
            major: self.major,
            officer_ids: self.officers.iter().map(|o| o.id).collect(),
            minor: self.minor,
            withheld_reason: self.withheld_reason.clone(),
            named_persons: self.named_persons.clone(),
        }
    }
}

/// A decision as its department's workspace sees it (identity number included): the
/// API's view, which the server builds in one step from the stored row and what it
/// computes of it (where it stands in the listing, the QR text). In JSON the record's
/// fields stand beside these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    #[serde(flatten)]
    pub record: DecisionRecord,
    pub case_code: Option<CaseCode>,
    pub key_id: Option<String>,
    /// Base32 (RFC 4648, no padding) of the Ed25519 signature.
    pub signature: Option<String>,
    pub issued_at: Option<Timestamp>,
    /// The text the QR code carries: the verify page's URL with the signature.
    pub verify_url: Option<String>,
    /// The QR version (1-40) of that text at error correction M.
    pub qr_version: Option<i16>,
    /// Where it stands in the public listing today (`None` for a draft).
    pub publication: Option<Publication>,
}

/// Saving a draft: the input and the version it was based on (409 if stale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDecisionRequest {
    pub decision: DecisionInput,
    pub expected_version: i64,
}

/// A reviewer's legal review: approve, or send back with the opinion as the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegalReviewRequest {
    pub approve: bool,
    pub opinion: String,
}

/// Revoking (撤销) an issued decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    pub reason: String,
    /// The date of the revocation decision (default: today, China time). Art. 48's 3 days
    /// to withdraw the publication run from it.
    #[serde(default)]
    pub ended_on: Option<Date>,
}

/// Recording that a review body or court confirmed an issued decision unlawful
/// (确认违法) or void (确认无效).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmRequest {
    /// `unlawful` or `void`.
    pub status: DecisionStatus,
    /// The public reason, e.g. the ruling that confirmed it.
    pub reason: String,
    /// The date of the ruling (default: today, China time).
    #[serde(default)]
    pub ended_on: Option<Date>,
}

/// Changing (变更) an issued decision: it is replaced by another issued decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequest {
    pub reason: String,
    /// The case code of the new decision, already issued by the same department.
    pub new_case_code: String,
    /// The date of the act that changed the decision (default: today, China time).
    #[serde(default)]
    pub ended_on: Option<Date>,
}

/// Exactly what is signed at issuance. The browser rebuilds [`Self::canonical_bytes`]
/// from a verification response and checks the signature itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedDecision {
    pub key_id: String,
    pub case_code: String,
    pub document_number: String,
    pub department_name: String,
    pub decision_date: Date,
    pub kind: Category,
    pub procedure: Procedure,
    pub item_code: String,
    pub item_name: String,
    pub party_kind: PartyKind,
    /// As shown publicly: an organisation's name, or a person's masked name.
    pub party_name: String,
    pub party_uscc: Option<String>,
    pub facts: String,
    pub legal_basis: String,
    pub result: String,
    pub penalty_types: Vec<PenaltyType>,
    pub amount_fen: Option<i64>,
    /// Officers' certificate numbers, in signing order.
    pub officers: Vec<String>,
    pub issued_at: Timestamp,
}

/// Marks the layout version of the signed bytes.
pub const SIGNATURE_CONTEXT: &str = "anma.decision.v1";

impl SignedDecision {
    /// The bytes the signature covers (docs/case-code.md, "Signature"): the context
    /// string then each field in the order of the struct, each as a 4-byte big-endian
    /// length followed by its UTF-8 bytes. Lists are joined with `,`; an absent value is
    /// empty; the amount is decimal fen; enums are their API names.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let penalties: Vec<&str> = self.penalty_types.iter().map(|p| p.as_str()).collect();
        let amount = self.amount_fen.map(|a| a.to_string()).unwrap_or_default();
        let fields: [&str; 20] = [
            SIGNATURE_CONTEXT,
            &self.key_id,
            &self.case_code,
            &self.document_number,
            &self.department_name,
            &self.decision_date.to_string(),
            self.kind.as_str(),
            match self.procedure {
                Procedure::Simple => "simple",
                Procedure::Ordinary => "ordinary",
            },
            &self.item_code,
            &self.item_name,
            match self.party_kind {
                PartyKind::Organisation => "organisation",
                PartyKind::Person => "person",
            },
            &self.party_name,
            self.party_uscc.as_deref().unwrap_or(""),
            &self.facts,
            &self.legal_basis,
            &self.result,
            &penalties.join(","),
            &amount,
            &self.officers.join(","),
            &self.issued_at.to_string(),
        ];
        let mut out = super::signature::Canonical::default();
        for field in fields {
            out.text(field);
        }
        out.into_bytes()
    }
}

/// A party's name as public pages show it.
pub fn public_party_name(kind: PartyKind, name: &str) -> String {
    match kind {
        PartyKind::Organisation => name.to_owned(),
        PartyKind::Person => mask_name(name),
    }
}

/// Where a decision stands in the public listing (公示).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    /// To be published by the department (deadline in working days).
    Pending,
    /// In the public listing.
    Published,
    /// Its publication period is over: out of the listing, still verifiable by code.
    Expired,
    /// Not published by law (simple procedure, warning only, a minor, secrets or privacy).
    NotDisclosed,
    /// Taken out of the listing after a revocation or change (art. 48), with the reason.
    Withdrawn,
}

text_codes!(Publication {
    Pending => "pending",
    Published => "published",
    Expired => "expired",
    NotDisclosed => "not_disclosed",
    Withdrawn => "withdrawn",
});

/// What a lookup of an issued decision shows. Anyone holding a code learns the verdict,
/// the department, the document number and the date; the rest only for a decision in the
/// public listing, or for the holder of the document (a valid signature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDecisionFacts {
    pub department_name: String,
    pub document_number: String,
    pub decision_date: Date,
    pub publication: Publication,
    /// The public details: `None` for a decision the law keeps off the listing (which
    /// ground applies is not said), before publication and after the period.
    pub listed: Option<ListedFacts>,
}

/// The details of a decision in the public listing, masked as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedFacts {
    pub kind: Category,
    pub item_code: String,
    pub item_name: String,
    pub party_kind: PartyKind,
    /// Masked for a person.
    pub party_name: String,
    pub officers: Vec<String>,
}

/// A revocation or change, as verification shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: DecisionStatus,
    pub at: Timestamp,
    /// The public reason: given when the withdrawal notice is public (art. 48) or to the
    /// document's holder; scrubbed like the facts.
    pub reason: Option<String>,
    /// For a change: the new decision's case code.
    pub new_case_code: Option<CaseCode>,
}

/// What the signature in the URL turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Only the code was given (typed in).
    NotGiven,
    /// The signature matches the record under a published key.
    Valid,
    /// It does not: a forged code, or a record changed after issuance.
    Mismatch,
}

text_codes!(SignatureCheck {
    NotGiven => "not_given",
    Valid => "valid",
    Mismatch => "mismatch",
});

/// `GET /api/v1/verify/{code}?sig=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    pub code: CaseCode,
    pub status: DecisionStatus,
    pub facts: PublicDecisionFacts,
    pub status_change: Option<StatusChange>,
    pub signature: SignatureCheck,
    /// The full signed summary, only with a valid signature (the document's holder).
    pub signed: Option<SignedDecision>,
}

/// The verdict a verification shows in large type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    InForce,
    Revoked,
    Changed,
    Unlawful,
    Void,
    /// The signature does not match the record: possibly forged or tampered with.
    Mismatch,
}

impl Verdict {
    /// The verdict from the server's answer and the browser's own check: a signature
    /// that either side finds wrong makes the decision "not authentic", whatever its
    /// status.
    pub fn of(v: &Verification, browser_failed: bool) -> Verdict {
        if v.signature == SignatureCheck::Mismatch || browser_failed {
            return Verdict::Mismatch;
        }
        match v.status {
            DecisionStatus::Revoked => Verdict::Revoked,
            DecisionStatus::Changed => Verdict::Changed,
            DecisionStatus::Unlawful => Verdict::Unlawful,
            DecisionStatus::Void => Verdict::Void,
            DecisionStatus::Issued | DecisionStatus::Draft => Verdict::InForce,
        }
    }

    /// The stable name pages and tests know the verdict by (`data-verdict`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::InForce => "in_force",
            Verdict::Revoked => "revoked",
            Verdict::Changed => "changed",
            Verdict::Unlawful => "unlawful",
            Verdict::Void => "void",
            Verdict::Mismatch => "mismatch",
        }
    }

    /// The style class of the verdict's box.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::InForce => "verdict-ok",
            Verdict::Revoked | Verdict::Changed | Verdict::Unlawful | Verdict::Void => {
                "verdict-warn"
            }
            Verdict::Mismatch => "verdict-bad",
        }
    }
}

/// What the verify page's first response carries for the app to take over: the
/// verification and the public keys the browser checks the signature with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstResponse {
    pub verification: Verification,
    pub keys: super::ListResponse<super::signature::PublicKey>,
}

/// RFC 4648 base32 (upper case, no padding): only QR alphanumeric characters.
pub mod base32 {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for &b in bytes {
            buffer = (buffer << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
            }
        }
        if bits > 0 {
            out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
        }
        out
    }

    /// Decodes either case; `None` for other characters or non-zero trailing bits.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 5 / 8);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for c in text.bytes() {
            let v = ALPHABET.iter().position(|&a| a == c.to_ascii_uppercase())? as u32;
            buffer = (buffer << 5) | v;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        (bits < 5 && buffer == 0).then_some(out)
    }
}

/// The text a decision's QR code carries: `{BASE}/V/{CODE}/{SIGNATURE}`, with the
/// scheme and host upper-cased (they are case-insensitive) so that everything after a
/// plain host is in QR alphanumeric mode.
pub fn verify_url(public_base: &str, code: &CaseCode, signature: &[u8]) -> String {
    let base = public_base.trim_end_matches('/');
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    format!(
        "{}://{}{}/V/{}/{}",
        scheme.to_ascii_uppercase(),
        host.to_ascii_uppercase(),
        path,
        code,
        base32::encode(signature)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn input() -> DecisionInput {
        DecisionInput {
            document_number: "穗天市监罚[2025]7号".into(),
            claim_id: 3,
            kind: Category::Penalty,
            procedure: Procedure::Ordinary,
            party_kind: PartyKind::Organisation,
            party_name: " 广州某某食品有限公司 ".into(),
            party_uscc: Some("91350100m000100y43".into()),
            uscc_override_reason: None,
            party_id_number: None,
            facts: "销售过期食品".into(),
            legal_basis: "《中华人民共和国食品安全法》第一百二十四条".into(),
            result: "罚款人民币五万元".into(),
            penalty_types: vec![PenaltyType::Fine, PenaltyType::Warning, PenaltyType::Fine],
            amount_fen: Some(5_000_000),
            decision_date: day("2025-03-04"),
            major: false,
            officer_ids: vec![4, 2],
            minor: false,
            withheld_reason: None,
            named_persons: vec![],
        }
    }

    #[test]
    fn valid_input_is_normalised() {
        let v = input().validate(day("2025-12-31")).unwrap();
        assert_eq!(v.document_number.as_str(), "穗天市监罚〔2025〕7号");
        assert_eq!(v.party.name(), "广州某某食品有限公司");
        assert_eq!(v.party.uscc(), Some("91350100M000100Y43"));
        assert_eq!(
            v.penalty_types,
            vec![PenaltyType::Warning, PenaltyType::Fine]
        );
        assert_eq!(v.officer_ids, vec![4, 2]);
    }

    #[test]
    fn every_problem_is_listed_in_the_order_of_the_fields() {
        let today = day("2025-12-31");
        let mut i = input();
        i.party_name = " ".into();
        i.facts = String::new();
        i.amount_fen = None;
        i.officer_ids = vec![2, 2];
        let fields: Vec<_> = i.problems(today).iter().map(|p| p.field).collect();
        assert_eq!(fields, ["party_name", "facts", "amount_fen", "officer_ids"]);
        // The first is the one `validate` reports.
        assert_eq!(i.validate(today).unwrap_err().field, "party_name");
        assert_eq!(i.problem_of(today, "facts").unwrap().msg, Msg::Required);
        assert!(i.problem_of(today, "result").is_none());
        assert!(input().problems(today).is_empty());
    }

    fn field_of(f: impl FnOnce(&mut DecisionInput)) -> &'static str {
        let mut i = input();
        f(&mut i);
        i.validate(day("2025-12-31")).unwrap_err().field
    }

    #[test]
    fn each_rule_names_its_field() {
        assert_eq!(
            field_of(|i| i.document_number = "7号".into()),
            "document_number"
        );
        assert_eq!(
            field_of(|i| i.decision_date = day("2026-01-01")),
            "decision_date"
        );
        assert_eq!(
            field_of(|i| i.decision_date = day("2024-03-04")),
            "document_number"
        );
        assert_eq!(
            field_of(|i| i.party_uscc = Some("91350100M000100Y44".into())),
            "party_uscc"
        );
        assert_eq!(field_of(|i| i.amount_fen = None), "amount_fen");
        assert_eq!(field_of(|i| i.amount_fen = Some(0)), "amount_fen");
        assert_eq!(field_of(|i| i.penalty_types = vec![]), "penalty_types");
        assert_eq!(field_of(|i| i.officer_ids = vec![2, 4, 2]), "officer_ids");
        assert_eq!(field_of(|i| i.facts = "  ".into()), "facts");
        assert_eq!(
            field_of(|i| {
                i.kind = Category::Licence;
            }),
            "penalty_types"
        );
        assert_eq!(
            field_of(|i| {
                i.party_kind = PartyKind::Person;
                i.party_id_number = Some("110105194912310021".into());
            }),
            "party_id_number"
        );
    }

    #[test]
    fn a_failing_credit_code_needs_a_recorded_reason() {
        let mut i = input();
        i.party_uscc = Some("91350100M000100Y44".into());
        i.uscc_override_reason = Some("早期试点代码，经登记机关核实".into());
        let v = i.validate(day("2025-12-31")).unwrap();
        assert_eq!(v.party.uscc(), Some("91350100M000100Y44"));
        assert!(v.party.uscc_override_reason().is_some());
        // A valid code needs no reason, and none is kept.
        let mut i = input();
        i.uscc_override_reason = Some("not needed".into());
        assert_eq!(
            i.validate(day("2025-12-31"))
                .unwrap()
                .party
                .uscc_override_reason(),
            None
        );
    }

    #[test]
    fn the_simple_procedure_has_its_limits() {
        let mut i = input();
        i.procedure = Procedure::Simple;
        i.amount_fen = Some(300_000);
        assert!(i.validate(day("2025-12-31")).is_ok());
        i.amount_fen = Some(300_001);
        assert_eq!(
            i.validate(day("2025-12-31")).unwrap_err().field,
            "procedure"
        );
        i.party_kind = PartyKind::Person;
        i.party_name = "张三".into();
        i.party_id_number = Some("11010519491231002X".into());
        i.amount_fen = Some(20_000);
        assert!(i.validate(day("2025-12-31")).is_ok());
        i.penalty_types = vec![PenaltyType::SuspendLicence];
        i.amount_fen = None;
        assert_eq!(
            i.validate(day("2025-12-31")).unwrap_err().field,
            "procedure"
        );
    }

    #[test]
    fn an_identity_number_born_in_the_future_is_refused() {
        let mut i = input();
        i.party_kind = PartyKind::Person;
        i.party_name = "张三".into();
        i.party_uscc = None;
        i.party_id_number = Some("11010520300101001X".into());
        let problem = i.validate(day("2026-11-30")).unwrap_err();
        assert_eq!(problem.field, "party_id_number");
        assert_eq!(problem.msg, Msg::IdBornInFuture);
        i.party_id_number = Some("11010519491231002X".into());
        assert!(i.validate(day("2026-11-30")).is_ok());
    }

    #[test]
    fn further_persons_are_trimmed_deduplicated_and_bounded() {
        let mut i = input();
        i.named_persons = vec![" 李四 ".into(), "".into(), "李四".into(), "王五".into()];
        assert_eq!(
            i.validate(day("2025-12-31")).unwrap().named_persons,
            ["李四", "王五"]
        );
        i.named_persons = vec!["李".into()];
        assert_eq!(
            i.validate(day("2025-12-31")).unwrap_err().field,
            "named_persons"
        );
        i.named_persons = (0..=MAX_NAMED_PERSONS)
            .map(|k| format!("证人{k}"))
            .collect();
        assert_eq!(
            i.validate(day("2025-12-31")).unwrap_err().field,
            "named_persons"
        );
    }

    #[test]
    fn base32_matches_rfc_4648() {
        // RFC 4648 §10, without padding.
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32::encode(plain.as_bytes()), encoded);
            assert_eq!(base32::decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base32::decode("mzxw6ytboi").unwrap(), b"foobar");
        assert!(base32::decode("MZ1").is_none());
        assert!(base32::decode("MZ").is_none(), "non-zero trailing bits");
        assert_eq!(base32::encode(&[0xff; 64]).len(), 103);
    }

    #[test]
    fn the_verify_url_is_upper_case_after_the_host() {
        let code = CaseCode::parse("440106-2025-00001-I").unwrap();
        let url = verify_url("https://anma.example/", &code, &[0; 64]);
        assert!(url.starts_with("HTTPS://ANMA.EXAMPLE/V/440106-2025-00001-I/AAAA"));
        let url = verify_url("http://127.0.0.1:3000/base", &code, &[0; 2]);
        assert_eq!(url, "HTTP://127.0.0.1:3000/base/V/440106-2025-00001-I/AAAA");
    }

    #[test]
    fn canonical_bytes_are_length_prefixed() {
        let signed = SignedDecision {
            key_id: "k".into(),
            case_code: "C".into(),
            document_number: String::new(),
            department_name: String::new(),
            decision_date: day("2026-01-01"),
            kind: Category::Penalty,
            procedure: Procedure::Ordinary,
            item_code: String::new(),
            item_name: String::new(),
            party_kind: PartyKind::Person,
            party_name: "张*".into(),
            party_uscc: None,
            facts: String::new(),
            legal_basis: String::new(),
            result: String::new(),
            penalty_types: vec![PenaltyType::Warning, PenaltyType::Fine],
            amount_fen: Some(100),
            officers: vec!["A1".into(), "B2".into()],
            issued_at: Timestamp::from_micros(0),
        };
        let bytes = signed.canonical_bytes();
        assert!(bytes.starts_with(b"\0\0\0\x10anma.decision.v1\0\0\0\x01k\0\0\0\x01C"));
        assert!(
            bytes
                .windows(b"\0\0\0\x0cwarning,fine\0\0\0\x03100\0\0\0\x05A1,B2".len())
                .any(|w| w == b"\0\0\0\x0cwarning,fine\0\0\0\x03100\0\0\0\x05A1,B2")
        );
        // Moving text from one field into the next changes the bytes.
        let mut moved = signed.clone();
        moved.officers = vec!["A1,B2".into()];
        assert_eq!(moved.canonical_bytes(), bytes, "same joined text");
        moved.facts = "x".into();
        assert_ne!(moved.canonical_bytes(), bytes);
    }
}
