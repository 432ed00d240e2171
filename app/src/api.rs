//! Typed calls to the JSON API, one function per endpoint. Each returns `Result` with an
//! [`ApiError`] the views can show.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

use crate::i18n::Texts;
use crate::model::{Department, DepartmentQuery, ErrorBody, ListResponse, Region};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, DNS, connection refused.
    Network,
    /// The server answered with an error body.
    Api {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
    },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network => None,
            Self::Api { status, .. } => Some(*status),
        }
    }

    /// A message for people, in the current language where the code is known.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            Self::Network => t.error_network.to_owned(),
            Self::Api { code, .. } if code == "not_found" => t.error_not_found.to_owned(),
            Self::Api { code, message, .. } if code == "validation" || code == "bad_request" => {
                format!("{}{message}", t.error_invalid)
            }
            Self::Api { .. } => t.error_server.to_owned(),
        }
    }
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Api {
            status,
            code: "internal".into(),
            message: "unreadable response".into(),
            field: None,
        });
    }
    Err(match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Api {
            status,
            code: body.error.code,
            message: body.error.message,
            field: body.error.field,
        },
        Err(_) => ApiError::Api {
            status,
            code: "internal".into(),
            message: String::new(),
            field: None,
        },
    })
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn regions() -> Result<ListResponse<Region>, ApiError> {
    get_json("/api/v1/regions").await
}

pub async fn departments(query: &DepartmentQuery) -> Result<ListResponse<Department>, ApiError> {
    let mut params = Vec::new();
    if let Some(region) = &query.region {
        params.push(format!("region={region}"));
    }
    if let Some(level) = query.level {
        params.push(format!("level={}", level.as_str()));
    }
    if let Some(kind) = query.kind {
        params.push(format!("kind={}", kind.as_str()));
    }
    if let Some(q) = &query.q {
        params.push(format!("q={}", encode(q)));
    }
    if let Some(limit) = query.limit {
        params.push(format!("limit={limit}"));
    }
    get_json(&format!("/api/v1/departments?{}", params.join("&"))).await
}

/// Looks up a case code. Until the decision register holds the code this is a 404.
pub async fn verify(code: &str) -> Result<serde::de::IgnoredAny, ApiError> {
    get_json(&format!("/api/v1/verify/{}", encode(code))).await
}
