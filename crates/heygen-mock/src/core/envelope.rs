//! HeyGen's envelopes, one per wire generation, and the layer that puts every answer in one.
//!
//! Each route declares its generation once ([`Generation::stamp`]); handlers return typed
//! data wrapped by [`v1`], [`v2`] or [`v3`], or an [`ApiError`]. The outermost [`render`]
//! layer writes errors in the declared generation's envelope, and rewrites axum's own
//! plain-text rejections (405, 413, …) so that no request, however wrong, gets an answer a
//! generated client cannot read. Only a request that matched no route falls back to a guess
//! from its path.

use axum::{
    Json, Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{Next, map_response_with_state},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

use super::error::ApiError;

/// Where HeyGen's v3 error codes are documented.
const V3_DOC_URL: &str = "https://developers.heygen.com/docs/error-codes";

/// Which envelope family a route speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// `{code, data, message}`, numeric codes.
    V1,
    /// `{error, data}`, numeric codes.
    V2,
    /// `{data}` (lists add `has_more`, `next_token`); errors `{error: {code, message, …}}`
    /// with string codes.
    V3,
}

impl Generation {
    /// The generation of a path no route matched: `/v3/…` and `/v2/…` by prefix, else v1.
    pub fn guess(path: &str) -> Self {
        if path.starts_with("/v3/") {
            Generation::V3
        } else if path.starts_with("/v2/") {
            Generation::V2
        } else {
            Generation::V1
        }
    }

    /// Declares that every route of `routes` speaks this generation, so its errors (including
    /// those of the credential and limit layers inside) are written in this envelope.
    pub fn stamp<S: Clone + Send + Sync + 'static>(self, routes: Router<S>) -> Router<S> {
        routes.layer(map_response_with_state(self, stamp))
    }

    /// An error's body in this generation's envelope.
    pub fn error_body(self, error: &ApiError) -> Value {
        match self {
            Generation::V1 => json!({"code": error.code, "data": null, "message": error.message}),
            Generation::V2 => {
                json!({"error": {"code": error.code, "message": error.message}, "data": null})
            }
            Generation::V3 => {
                let mut body = json!({
                    "code": error.v3_code,
                    "message": error.message,
                    "doc_url": format!("{V3_DOC_URL}#{}", error.v3_code.replace('_', "-")),
                });
                if let Some(param) = &error.param {
                    body["param"] = json!(param);
                }
                json!({"error": body})
            }
        }
    }

    /// An error as a complete answer: status, envelope and `Retry-After`.
    pub fn render(self, error: &ApiError) -> Response {
        let mut response = (error.status, Json(self.error_body(error))).into_response();
        if let Some(secs) = error.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

async fn stamp(State(generation): State<Generation>, mut response: Response) -> Response {
    response.extensions_mut().insert(generation);
    response
}

/// The v1 success envelope as the tutorial shows it: `{code: 100, data, message: "Success"}`.
#[derive(Debug, Serialize)]
pub struct V1<T> {
    code: i64,
    data: T,
    message: &'static str,
}

/// Wraps data in the v1 success envelope.
pub fn v1<T: Serialize>(data: T) -> Json<V1<T>> {
    Json(V1 {
        code: 100,
        data,
        message: "Success",
    })
}

/// The v1 success envelope of the webhook routes: `{code: 100, data, msg: null, message: null}`.
#[derive(Debug, Serialize)]
pub struct V1Msg<T> {
    code: i64,
    data: T,
    msg: (),
    message: (),
}

/// Wraps data in the webhook routes' v1 envelope.
pub fn v1_msg<T: Serialize>(data: T) -> Json<V1Msg<T>> {
    Json(V1Msg {
        code: 100,
        data,
        msg: (),
        message: (),
    })
}

/// The v2 success envelope: `{error: null, data}`.
#[derive(Debug, Serialize)]
pub struct V2<T> {
    error: (),
    data: T,
}

/// Wraps data in the v2 success envelope.
pub fn v2<T: Serialize>(data: T) -> Json<V2<T>> {
    Json(V2 { error: (), data })
}

/// The v3 success envelope: `{data}`.
#[derive(Debug, Serialize)]
pub struct V3<T> {
    data: T,
}

/// Wraps data in the v3 success envelope.
pub fn v3<T: Serialize>(data: T) -> Json<V3<T>> {
    Json(V3 { data })
}

/// Middleware (outermost of the API): renders [`ApiError`]s in the route's generation and
/// rewrites non-JSON error answers into the envelope.
pub async fn render(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let guess = Generation::guess(&path);
    let mut response = next.run(request).await;
    let generation = response
        .extensions_mut()
        .remove::<Generation>()
        .unwrap_or(guess);
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        return generation.render(&error);
    }
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let body = std::mem::replace(response.body_mut(), Body::empty());
    let detail = to_bytes(body, 4096).await.unwrap_or_default();
    let mut error = ApiError::from_status(status, &String::from_utf8_lossy(&detail));
    if status == StatusCode::METHOD_NOT_ALLOWED {
        error.message = super::error::truncate_middle(
            &not_allowed_message(&path),
            super::error::MAX_MESSAGE_CHARS,
        );
    }
    let mut rendered = generation.render(&error);
    if let Some(allow) = allow {
        rendered.headers_mut().insert(header::ALLOW, allow);
    }
    rendered
}

/// Names the methods the spec allows on a path.
fn not_allowed_message(path: &str) -> String {
    let allowed: Vec<&str> = heygen_spec::Spec::embedded()
        .operations()
        .iter()
        .filter(|op| heygen_spec::template_matches(&op.path, path))
        .map(|op| op.method.as_str())
        .collect();
    if allowed.is_empty() {
        format!("Invalid parameters: this method is not allowed on {path}")
    } else {
        format!(
            "Invalid parameters: {path} accepts only {}",
            allowed.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_follow_the_generation() {
        let e = ApiError::not_found("video", "x");
        assert_eq!(Generation::V1.error_body(&e)["code"], 40004);
        assert_eq!(Generation::V2.error_body(&e)["error"]["code"], 40004);
        let v3 = Generation::V3.error_body(&e.clone().with_param("video_id"));
        assert_eq!(v3["error"]["code"], "not_found");
        assert_eq!(v3["error"]["param"], "video_id");
        assert!(
            Generation::V3.error_body(&e)["error"]
                .get("param")
                .is_none()
        );
    }

    #[test]
    fn unmatched_paths_are_guessed_by_prefix() {
        assert_eq!(Generation::guess("/v3/videos"), Generation::V3);
        assert_eq!(Generation::guess("/v2/avatars"), Generation::V2);
        assert_eq!(Generation::guess("/v1/video_status.get"), Generation::V1);
        assert_eq!(Generation::guess("/nowhere"), Generation::V1);
    }

    #[test]
    fn success_envelopes_serialize_as_heygen_writes_them() {
        assert_eq!(
            serde_json::to_value(v1("d").0).unwrap(),
            json!({"code": 100, "data": "d", "message": "Success"})
        );
        assert_eq!(
            serde_json::to_value(v1_msg("d").0).unwrap(),
            json!({"code": 100, "data": "d", "msg": null, "message": null})
        );
        assert_eq!(
            serde_json::to_value(v2("d").0).unwrap(),
            json!({"error": null, "data": "d"})
        );
        assert_eq!(
            serde_json::to_value(v3("d").0).unwrap(),
            json!({"data": "d"})
        );
    }
}
