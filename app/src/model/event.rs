//! What happens to a department's decisions, in order, for the case systems that follow
//! them: the events feed (`GET …/events?after=<cursor>`) and the webhooks that push the
//! same events to a token's URL, signed.

use serde::{Deserialize, Serialize};

use super::codes::text_codes;
use super::{CaseCode, DecisionStatus, Msg, Timestamp};

/// What happened to a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Issued: it has its case code and signature.
    Issued,
    /// Published in the public listing.
    Published,
    /// Revoked (撤销).
    Revoked,
    /// Changed (变更): a later decision replaces it.
    Changed,
    /// Confirmed unlawful (确认违法).
    ConfirmedUnlawful,
    /// Confirmed void (确认无效).
    ConfirmedVoid,
    /// Its publication was withdrawn, as it ended.
    Withdrawn,
    /// Its publication deadline passed before it was published.
    PublicationOverdue,
}

text_codes!(EventKind {
    Issued => "issued",
    Published => "published",
    Revoked => "revoked",
    Changed => "changed",
    ConfirmedUnlawful => "confirmed_unlawful",
    ConfirmedVoid => "confirmed_void",
    Withdrawn => "withdrawn",
    PublicationOverdue => "publication_overdue",
});

impl EventKind {
    /// The event of a decision's recorded step (`issue`, `publish`, the ending statuses),
    /// if a case system hears of that step.
    pub fn of_step(step: &str) -> Option<Self> {
        match step {
            "issue" => Some(Self::Issued),
            "publish" => Some(Self::Published),
            "revoked" => Some(Self::Revoked),
            "changed" => Some(Self::Changed),
            "unlawful" => Some(Self::ConfirmedUnlawful),
            "void" => Some(Self::ConfirmedVoid),
            _ => None,
        }
    }

    /// Whether the step ends a decision in force (after which a publication is withdrawn).
    pub fn ends(self) -> bool {
        matches!(
            self,
            Self::Revoked | Self::Changed | Self::ConfirmedUnlawful | Self::ConfirmedVoid
        )
    }
}

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionEvent {
    /// Its place in the feed: pass the last one seen as `after` to read on.
    pub cursor: i64,
    pub kind: EventKind,
    /// When it happened (UTC).
    pub at: Timestamp,
    pub decision_id: i64,
    pub document_number: String,
    pub case_code: Option<CaseCode>,
    /// Where the decision stands now.
    pub status: DecisionStatus,
}

/// A page of the feed, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPage {
    pub items: Vec<DecisionEvent>,
    /// The cursor to send as `after` next time: the last event's, or the one given when
    /// nothing is new.
    pub cursor: i64,
    /// Whether more events follow at once.
    pub more: bool,
}

/// `GET …/events`: the events after `after` (0, or a page's `cursor`), `limit` at a time
/// (100 unless given, at most 500).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct EventQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::feed_cursor))]
    pub after: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_500))]
    pub limit: Option<i64>,
}

/// The most events one page holds.
pub const EVENT_PAGE_MAX: i64 = 500;

/// Setting a token's webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookInput {
    /// `https://…` (or `http://…`), at most 500 characters; `null` removes the webhook.
    pub url: Option<String>,
}

impl WebhookInput {
    /// The URL trimmed, or the problem with it.
    pub fn validate(&self) -> Result<Option<String>, Msg> {
        let Some(url) = self.url.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let fine = url.len() <= 500
            && host.is_some_and(|h| !h.is_empty() && !h.contains('@'))
            && url.bytes().all(|b| b.is_ascii_graphic());
        if fine {
            Ok(Some(url.to_owned()))
        } else {
            Err(Msg::WebhookUrl)
        }
    }
}

/// A token's webhook, as set: the secret that signs its deliveries is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSet {
    pub url: Option<String>,
    /// The HMAC-SHA-256 key of the `Anma-Signature` header (hex); `null` without a URL.
    pub secret: Option<String>,
}

/// Where one delivery of an event to a webhook stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; the event stays in the feed.
    Failed,
}

text_codes!(DeliveryState {
    Pending => "pending",
    Delivered => "delivered",
    Failed => "failed",
});

/// One delivery of the webhook's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: i64,
    /// The event's cursor in the feed.
    pub cursor: i64,
    pub kind: EventKind,
    pub state: DeliveryState,
    pub attempts: i64,
    /// The receiver's status code at the last attempt.
    pub last_status: Option<i64>,
    /// Why the last attempt failed, when it did.
    pub last_error: Option<String>,
    pub last_attempt_at: Option<Timestamp>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<Timestamp>,
}

/// The attempts a delivery gets before it is given up.
pub const DELIVERY_ATTEMPTS: i64 = 12;

/// The wait after the `attempt`-th failed attempt (1-based): `base` doubled each time,
/// at most an hour.
pub fn retry_after_secs(base_secs: u64, attempt: i64) -> u64 {
    let doublings = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base_secs.saturating_mul(1 << doublings).min(3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_map_to_events() {
        assert_eq!(EventKind::of_step("issue"), Some(EventKind::Issued));
        assert_eq!(
            EventKind::of_step("unlawful"),
            Some(EventKind::ConfirmedUnlawful)
        );
        assert_eq!(EventKind::of_step("save"), None);
        assert!(EventKind::Revoked.ends() && !EventKind::Published.ends());
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn webhook_urls_are_http_with_a_host() {
        let ok = |u: &str| {
            WebhookInput {
                url: Some(u.into()),
            }
            .validate()
        };
        assert_eq!(
            ok(" https://cases.example.gov.cn/anma ")
                .unwrap()
                .as_deref(),
            Some("https://cases.example.gov.cn/anma")
        );
        assert!(ok("http://127.0.0.1:9000/hook").is_ok());
        assert!(ok("ftp://x").is_err());
        assert!(ok("https://").is_err());
        assert!(ok("https://user@host/").is_err());
        assert!(ok("https://host/a b").is_err());
        assert_eq!(WebhookInput { url: None }.validate(), Ok(None));
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(retry_after_secs(30, 1), 30);
        assert_eq!(retry_after_secs(30, 2), 60);
        assert_eq!(retry_after_secs(30, 4), 240);
        assert_eq!(retry_after_secs(30, 12), 3_600);
        assert_eq!(retry_after_secs(1, 1), 1);
    }
}
