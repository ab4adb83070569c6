//! One request extractor shared by every handler.

use crate::auth::KeyKind;
use crate::errors::{self, Family};
use axum::extract::{FromRequest, FromRequestParts, Query, RawPathParams, Request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Path parameters, query pairs, body and context of one request.
pub struct Req {
    pub params: HashMap<String, String>,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
    /// `http://host:port` as the client addressed us.
    pub base: String,
    /// Path and query as received.
    pub uri: String,
    pub path: String,
    pub family: Family,
    pub key: KeyKind,
}

impl<S: Send + Sync> FromRequest<S> for Req {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let raw = RawPathParams::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let params = raw.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let query = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
        let host = parts.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_string();
        let path = parts.uri.path().to_string();
        let family = Family::of(&path).unwrap_or(Family::Organization);
        let body = axum::body::to_bytes(body, 16 << 20).await.map_err(|_| errors::err(family, 400, "The request body could not be read."))?;
        Ok(Req {
            params,
            query,
            body,
            base: format!("http://{host}"),
            uri: parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default(),
            path,
            family,
            key: parts.extensions.get::<KeyKind>().copied().unwrap_or(KeyKind::Org),
        })
    }
}

impl Req {
    /// A path parameter ("" when absent).
    pub fn p(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }
    /// First value of a query parameter.
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// All values of a (possibly repeated or comma-separated) query parameter.
    pub fn qs(&self, name: &str) -> Vec<String> {
        let alt = format!("{name}[]");
        self.query
            .iter()
            .filter(|(k, _)| k == name || *k == alt)
            .flat_map(|(_, v)| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
            .collect()
    }
    /// Full URL of this request.
    pub fn url(&self) -> String {
        format!("{}{}", self.base, self.uri)
    }
    /// Error in this request's family shape with the default code.
    pub fn err(&self, status: u16, detail: &str) -> Response {
        errors::err(self.family, status, detail)
    }
    /// Error with an explicit code.
    pub fn err_code(&self, status: u16, code: &str, detail: &str) -> Response {
        errors::error(self.family, status, code, detail)
    }
    /// Body parsed as JSON; an empty body gives `Null`; invalid JSON is a 400.
    pub fn json(&self) -> Result<Value, Response> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|e| self.bad_request(&format!("Request body is not valid JSON: {e}")))
    }
    /// Body that must be a JSON object.
    pub fn json_obj(&self) -> Result<Map<String, Value>, Response> {
        match self.json()? {
            Value::Object(m) => Ok(m),
            Value::Null => Err(self.bad_request("A JSON request body is required.")),
            _ => Err(self.bad_request("The request body must be a JSON object.")),
        }
    }
    /// Body that may be absent (treated as an empty object).
    pub fn json_obj_opt(&self) -> Result<Map<String, Value>, Response> {
        match self.json()? {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(Map::new()),
            _ => Err(self.bad_request("The request body must be a JSON object.")),
        }
    }
    /// 400 in the family's shape.
    pub fn bad_request(&self, detail: &str) -> Response {
        errors::bad_request(self.family, "body", detail, "invalidSyntax")
    }
    /// Required string member of a JSON object (400 when missing or not a string).
    pub fn req_str(&self, obj: &Map<String, Value>, name: &str) -> Result<String, Response> {
        match obj.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::String(_)) => Err(self.bad_request(&format!("'{name}' must not be empty."))),
            Some(_) => Err(self.bad_request(&format!("'{name}' must be a string."))),
            None => Err(self.bad_request(&format!("'{name}' is required."))),
        }
    }
    /// Required array-of-strings member.
    pub fn req_str_array(&self, obj: &Map<String, Value>, name: &str) -> Result<Vec<String>, Response> {
        match obj.get(name) {
            Some(Value::Array(a)) => {
                a.iter().map(|v| v.as_str().map(String::from).ok_or_else(|| self.bad_request(&format!("'{name}' must hold strings.")))).collect()
            }
            Some(_) => Err(self.bad_request(&format!("'{name}' must be an array."))),
            None => Err(self.bad_request(&format!("'{name}' is required."))),
        }
    }
    /// Check a value against an enum; 400 naming the allowed values.
    pub fn check_enum(&self, name: &str, value: &str, allowed: &[&str]) -> Result<(), Response> {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(self.bad_request(&format!("Invalid value '{value}' for '{name}'; expected one of: {}.", allowed.join(", "))))
        }
    }
    /// Integer query parameter within [min, max] (400 otherwise), or `default`.
    pub fn q_int(&self, name: &str, default: usize, min: usize, max: usize) -> Result<usize, Response> {
        match self.q(name) {
            None => Ok(default),
            Some(s) => match s.parse::<usize>() {
                Ok(n) if n >= min && n <= max => Ok(n),
                _ => Err(self.bad_request(&format!("'{name}' must be an integer between {min} and {max}."))),
            },
        }
    }
}
