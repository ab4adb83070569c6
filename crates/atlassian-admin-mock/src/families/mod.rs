//! Route tables and handlers, one module per API family.

pub mod api_access;
pub mod control;
pub mod dlp;
pub mod organization;
pub mod scim;
pub mod user_management;

use crate::errors;
use crate::App;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

/// Handler result: both arms are complete responses, so `?` works on validation helpers.
pub type Res = Result<Response, Response>;

/// JSON response with a status.
pub fn reply(status: u16, v: Value) -> Res {
    Ok(errors::json_response(status, &v))
}

/// JSON response of any serializable body: a listing page serialized as it is, without first
/// building a `Value` tree of it.
pub fn reply_json<T: serde::Serialize>(status: u16, body: &T) -> Res {
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(body)).into_response())
}

/// Empty response with a status.
pub fn empty(status: u16) -> Res {
    Ok(StatusCode::from_u16(status).unwrap_or(StatusCode::NO_CONTENT).into_response())
}

/// All 132 operations.
pub fn routes() -> Router<App> {
    Router::new()
        .merge(organization::routes())
        .merge(user_management::routes())
        .merge(scim::routes())
        .merge(control::routes())
        .merge(api_access::routes())
        .merge(dlp::routes())
}

/// Answer for paths (or methods) no operation matches.
pub async fn not_found(method: Method, uri: Uri) -> Response {
    let detail = format!("No operation matches {} {}", method, uri.path());
    errors::json_response(
        404,
        &json!({
            "errors": [{"id": uuid::Uuid::new_v4().to_string(), "status": "404", "code": "NOT_FOUND", "title": "Not Found", "detail": detail}],
            "method": method.as_str(),
            "path": uri.path(),
        }),
    )
}
