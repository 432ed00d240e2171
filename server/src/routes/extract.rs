//! Extractors whose rejections are [`AppError`], so a malformed request gets the same
//! JSON error shape as every other error.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::AppError;

/// A JSON body (request) or JSON response.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Self(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; a malformed one (say, letters for an id) is a 400 in the usual shape.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::BadRequest {
                message: rejection.body_text(),
                field: None,
            }),
        }
    }
}

/// A query string.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::Body, http::Request as HttpRequest, routing::post};
    use serde::Deserialize;
    use tower::ServiceExt;

    use super::Json;

    #[derive(Deserialize, serde::Serialize)]
    struct Echo {
        n: i64,
    }

    async fn echo(Json(body): Json<Echo>) -> Json<Echo> {
        Json(body)
    }

    async fn call(content_type: Option<&str>, body: &str) -> (u16, serde_json::Value) {
        let app = Router::new()
            .route("/", post(echo))
            .layer(axum::extract::DefaultBodyLimit::max(64));
        let mut req = HttpRequest::post("/");
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let response = app
            .oneshot(req.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn a_valid_body_passes_through() {
        let (status, body) = call(Some("application/json"), r#"{"n": 7}"#).await;
        assert_eq!((status, body["n"].as_i64()), (200, Some(7)));
    }

    #[tokio::test]
    async fn malformed_json_gets_the_error_shape() {
        let (status, body) = call(Some("application/json"), r#"{"n": "#).await;
        assert_eq!(status, 400);
        assert_eq!(body["error"]["code"], "bad_request");
    }

    #[tokio::test]
    async fn a_wrong_type_gets_the_error_shape() {
        let (status, body) = call(Some("application/json"), r#"{"n": "seven"}"#).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(body["error"]["field"], "n");
    }

    #[tokio::test]
    async fn a_missing_field_is_named() {
        let (status, body) = call(Some("application/json"), r#"{}"#).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["field"], "n");
    }

    #[tokio::test]
    async fn a_missing_content_type_is_415() {
        let (status, body) = call(None, r#"{"n": 1}"#).await;
        assert_eq!(status, 415);
        assert_eq!(body["error"]["code"], "unsupported_media_type");
    }

    #[tokio::test]
    async fn an_oversized_body_is_413() {
        let big = format!(r#"{{"n": 1, "pad": "{}"}}"#, "x".repeat(200));
        let (status, body) = call(Some("application/json"), &big).await;
        assert_eq!(status, 413);
        assert_eq!(body["error"]["code"], "payload_too_large");
    }
}
