//! Error bodies in the shape each API family uses.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// The API family a request path belongs to; decides auth rules and error shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Organization,
    UserManagement,
    /// SCIM paths under `/scim/directory/...` (SCIM key).
    Scim,
    /// `/admin/user-provisioning/v1/...` (organization key, SCIM error shapes).
    ScimAdmin,
    Control,
    ApiAccess,
    Dlp,
}

impl Family {
    /// Classify a request path; `None` for paths outside every family.
    pub fn of(path: &str) -> Option<Family> {
        if path.starts_with("/scim/directory/") {
            Some(Family::Scim)
        } else if path.starts_with("/admin/user-provisioning/") {
            Some(Family::ScimAdmin)
        } else if path.starts_with("/users/") {
            Some(Family::UserManagement)
        } else if path.starts_with("/admin/control/") {
            Some(Family::Control)
        } else if path.starts_with("/admin/api-access/") {
            Some(Family::ApiAccess)
        } else if path.starts_with("/admin/dlp/") {
            Some(Family::Dlp)
        } else if path.starts_with("/admin/v1/") || path.starts_with("/admin/v2/") || path == "/admin/v1/orgs" {
            Some(Family::Organization)
        } else {
            None
        }
    }
}

pub const SCIM_ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

fn title(status: u16) -> &'static str {
    StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error")
}

fn errors_array(status: u16, code: &str, detail: &str) -> Value {
    json!({"errors": [{
        "id": uuid::Uuid::new_v4().to_string(),
        "status": status.to_string(),
        "code": code,
        "title": title(status),
        "detail": detail,
    }]})
}

/// Body for a rejected gateway-level request (missing key, rate limit).
pub fn gateway_body(status: u16, message: &str) -> Value {
    json!({"code": status, "message": message})
}

/// Build the JSON error body for `family`. `code` is the family's machine code
/// (e.g. `ADMIN-404-2`, `GENERIC_ERROR`, `notFound`, SCIM `scimType`).
pub fn body(family: Family, status: u16, code: &str, detail: &str, context: Option<Value>) -> Value {
    match family {
        Family::Organization | Family::ApiAccess => {
            if status == 401 || status == 429 {
                gateway_body(status, detail)
            } else {
                errors_array(status, code, detail)
            }
        }
        Family::Control => match status {
            401 | 429 => gateway_body(status, detail),
            400 | 500 | 503 => errors_array(status, code, detail),
            _ => json!({"code": status, "message": detail}),
        },
        Family::Dlp => {
            if status == 401 || status == 429 {
                return gateway_body(status, detail);
            }
            let mut v = errors_array(status, code, detail);
            v["code"] = json!(status);
            v["message"] = json!(detail);
            v
        }
        Family::UserManagement => {
            let mut v = json!({"key": code});
            if let Some(c) = context {
                v["context"] = c;
            }
            v
        }
        Family::Scim | Family::ScimAdmin => {
            if status == 401 || status == 403 {
                json!({"error": detail, "traceId": uuid::Uuid::new_v4().simple().to_string()})
            } else {
                let mut v = json!({"schemas": [SCIM_ERROR_SCHEMA], "status": status.to_string(), "detail": detail});
                if !code.is_empty() {
                    v["scimType"] = json!(code);
                }
                v
            }
        }
    }
}

/// A JSON response with the given status.
pub fn json_response(status: u16, body: &Value) -> Response {
    let mut resp = (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), axum::Json(body)).into_response();
    if body.get("schemas").is_some() {
        resp.headers_mut().insert("content-type", HeaderValue::from_static("application/scim+json"));
    }
    resp
}

/// Error response in the family's shape.
pub fn error(family: Family, status: u16, code: &str, detail: &str) -> Response {
    json_response(status, &body(family, status, code, detail, None))
}

/// Error response with a user-management style `context` member.
pub fn error_ctx(family: Family, status: u16, code: &str, detail: &str, context: Value) -> Response {
    json_response(status, &body(family, status, code, detail, Some(context)))
}

/// 400 for a malformed request, in the family's shape: user management names the `field` in
/// `context.fieldViolations`; SCIM carries `scim_type` (`invalidSyntax`, `invalidValue`).
pub fn bad_request(family: Family, field: &str, detail: &str, scim_type: &str) -> Response {
    match family {
        Family::UserManagement => error_ctx(
            family,
            400,
            "badRequest.body",
            detail,
            json!({"fieldViolations": [{"field": field, "violations": [{"key": "invalid", "message": detail}]}]}),
        ),
        Family::Scim | Family::ScimAdmin => error(family, 400, scim_type, detail),
        _ => err(family, 400, detail),
    }
}

/// Default machine code per family and status, used when a handler has no more specific one.
pub fn default_code(family: Family, status: u16) -> &'static str {
    match (family, status) {
        (Family::Organization, 400) => "ADMIN-400-1",
        (Family::Organization, 403) => "ADMIN-403-1",
        (Family::Organization, 404) => "ADMIN-404-2",
        (Family::Organization, 409) => "ADMIN-409-1",
        (Family::Organization, _) => "ADMIN-500-1",
        (Family::ApiAccess, 400) => "INVALID_FIELD_FORMAT",
        (Family::ApiAccess, 403) => "FEATURE_NOT_ENABLED",
        (Family::ApiAccess, _) => "GENERIC_ERROR",
        (Family::Control | Family::Dlp, 400) => "BAD_REQUEST",
        (Family::Control | Family::Dlp, 403) => "FORBIDDEN",
        (Family::Control | Family::Dlp, 404) => "NOT_FOUND",
        (Family::Control | Family::Dlp, _) => "INTERNAL_SERVER_ERROR",
        (Family::UserManagement, 400) => "badRequest",
        (Family::UserManagement, 401) => "unauthorized",
        (Family::UserManagement, 403) => "forbidden",
        (Family::UserManagement, 404) => "notFound",
        (Family::UserManagement, 409) => "conflict.lifecycleErrors",
        (Family::UserManagement, _) => "internalServerError",
        (Family::Scim | Family::ScimAdmin, 400) => "invalidValue",
        (Family::Scim | Family::ScimAdmin, 409) => "uniqueness",
        (Family::Scim | Family::ScimAdmin, _) => "",
    }
}

/// Error with the family's default code for the status.
pub fn err(family: Family, status: u16, detail: &str) -> Response {
    error(family, status, default_code(family, status), detail)
}
