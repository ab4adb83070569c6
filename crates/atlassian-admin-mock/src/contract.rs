//! The spec, enforced: every request is checked against its operation's contract (path and query
//! parameters, request body schema) before any handler runs, as stripe-mock does.
//!
//! The contract is `generated/contract.json`, written by `cargo xtask codegen` from `specs/`:
//! the spec's own required members, enums, types, bounds, formats and patterns. A violation is
//! answered with a 400 in the family's error shape, naming the member. [`crate::Config::lenient`]
//! (`--lenient`) turns the check off, for testing what a client does with a lax server.
//!
//! OpenAPI 3.0 semantics, with two choices the spec leaves open:
//! - `readOnly` members may be sent (SCIM clients echo `id`, `meta`, `schemas`) and are never required;
//! - a `oneOf` without a discriminator passes when any branch matches (the spec's branches overlap).

use crate::errors::{self, Family};
use crate::App;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

const CONTRACT: &str = include_str!("generated/contract.json");

/// Largest request body read (the handlers read at most as much).
const BODY_LIMIT: usize = 16 << 20;

enum Seg {
    Lit(String),
    Param(String),
}

#[derive(Clone, Copy, PartialEq)]
enum In {
    Path,
    Query,
    Other,
}

struct Param {
    name: String,
    location: In,
    required: bool,
    schema: Value,
}

struct Op {
    operation_id: String,
    method: Method,
    segments: Vec<Seg>,
    params: Vec<Param>,
    /// `(required, schema)` of the JSON request body.
    body: Option<(bool, Value)>,
}

/// Every operation's request contract.
pub struct Contract {
    ops: Vec<Op>,
    schemas: Map<String, Value>,
    patterns: HashMap<String, Regex>,
}

/// A broken rule: the member it concerns (`emails[0].value`, `query parameter limit`) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where, as a member path (`""` for the whole body).
    pub member: String,
    pub detail: String,
    /// The body could not be parsed at all (SCIM `invalidSyntax` rather than `invalidValue`).
    pub syntax: bool,
}

impl Violation {
    fn new(member: &str, detail: String) -> Violation {
        Violation { member: member.to_string(), detail, syntax: false }
    }
}

/// The contract, parsed once.
pub fn contract() -> Result<&'static Contract, &'static str> {
    static C: OnceLock<Result<Contract, String>> = OnceLock::new();
    C.get_or_init(|| Contract::parse(CONTRACT)).as_ref().map_err(String::as_str)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn article(t: &str) -> &'static str {
    match t {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "an array",
        "object" => "an object",
        _ => "a value of another type",
    }
}

fn child(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

fn shown(at: &str) -> String {
    if at.is_empty() {
        "The request body".to_string()
    } else {
        format!("`{at}`")
    }
}

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Contract {
    fn parse(text: &str) -> Result<Contract, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("contract.json: {e}"))?;
        let schemas = doc.get("schemas").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut ops = vec![];
        for o in doc.get("operations").and_then(Value::as_array).into_iter().flatten() {
            let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let method = Method::from_bytes(s("method").as_bytes()).map_err(|e| format!("contract.json: {e}"))?;
            let segments = s("path")
                .split('/')
                .filter(|p| !p.is_empty())
                .map(|p| match p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(n) => Seg::Param(n.to_string()),
                    None => Seg::Lit(p.to_string()),
                })
                .collect();
            let params = o
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| Param {
                    name: p.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
                    location: match p.get("in").and_then(Value::as_str) {
                        Some("path") => In::Path,
                        Some("query") => In::Query,
                        _ => In::Other,
                    },
                    required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                    schema: p.get("schema").cloned().unwrap_or(Value::Object(Map::new())),
                })
                .collect();
            let body = o
                .get("body")
                .filter(|b| b.is_object())
                .map(|b| (b.get("required").and_then(Value::as_bool).unwrap_or(false), b.get("schema").cloned().unwrap_or(Value::Object(Map::new()))));
            ops.push(Op { operation_id: s("operation_id"), method, segments, params, body });
        }
        let mut patterns = HashMap::new();
        let mut found = vec![];
        collect_patterns(&Value::Array(ops.iter().flat_map(|o| o.params.iter().map(|p| p.schema.clone())).collect()), &mut found);
        collect_patterns(&Value::Array(ops.iter().filter_map(|o| o.body.as_ref().map(|b| b.1.clone())).collect()), &mut found);
        collect_patterns(&Value::Object(schemas.clone()), &mut found);
        for p in found {
            let re = Regex::new(&p).map_err(|e| format!("contract.json: pattern {p:?}: {e}"))?;
            patterns.insert(p, re);
        }
        Ok(Contract { ops, schemas, patterns })
    }

    /// Number of operations in the contract.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the contract has no operations (never, for a built mock).
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The operation `method path` addresses, and its path parameters (decoded). A literal
    /// segment wins over a parameter at the same place (`/users/search` before `/users/{id}`).
    fn find(&self, method: &Method, path: &str) -> Option<(&Op, Vec<(String, String)>)> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut best: Option<(&Op, Vec<bool>)> = None;
        for op in self.ops.iter().filter(|o| o.method == *method && o.segments.len() == parts.len()) {
            let mut score = Vec::with_capacity(parts.len());
            let ok = op.segments.iter().zip(&parts).all(|(seg, part)| match seg {
                Seg::Lit(l) => {
                    score.push(true);
                    l == part
                }
                Seg::Param(_) => {
                    score.push(false);
                    true
                }
            });
            if ok && best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((op, score));
            }
        }
        let (op, _) = best?;
        let params = op
            .segments
            .iter()
            .zip(&parts)
            .filter_map(|(seg, part)| match seg {
                Seg::Param(n) => Some((n.clone(), pct_decode(part))),
                Seg::Lit(_) => None,
            })
            .collect();
        Some((op, params))
    }

    /// The operationId `method path` addresses, if any.
    pub fn operation_id(&self, method: &Method, path: &str) -> Option<&str> {
        self.find(method, path).map(|(op, _)| op.operation_id.as_str())
    }

    /// Checks one request; `Ok` when it keeps the contract or no operation matches.
    pub fn check(&self, method: &Method, path: &str, query: &[(String, String)], body: &[u8]) -> Result<(), Violation> {
        match self.find(method, path) {
            Some((op, path_params)) => self.check_op(op, &path_params, query, body),
            None => Ok(()),
        }
    }

    /// Checks one request to `op`, whose path parameters are `path_params`.
    fn check_op(&self, op: &Op, path_params: &[(String, String)], query: &[(String, String)], body: &[u8]) -> Result<(), Violation> {
        for p in op.params.iter().filter(|p| p.location == In::Path) {
            let at = format!("path parameter {}", p.name);
            match path_params.iter().find(|(n, _)| *n == p.name) {
                Some((_, v)) if !v.is_empty() => self.check_value(&p.schema, &self.coerce(&p.schema, v, &at)?, &at)?,
                _ => return Err(Violation::new(&at, format!("The path parameter `{}` must not be empty.", p.name))),
            }
        }
        let declared: Vec<&Param> = op.params.iter().filter(|p| p.location == In::Query).collect();
        for (k, _) in query {
            let name = k.strip_suffix("[]").unwrap_or(k);
            if !declared.iter().any(|p| p.name == name) {
                let known: Vec<&str> = declared.iter().map(|p| p.name.as_str()).collect();
                let hint = if known.is_empty() { "it takes none".to_string() } else { format!("it takes: {}", known.join(", ")) };
                return Err(Violation::new(&format!("query parameter {name}"), format!("`{name}` is not a query parameter of {} ({hint}).", op.operation_id)));
            }
        }
        for p in declared {
            let at = format!("query parameter {}", p.name);
            let alt = format!("{}[]", p.name);
            let values: Vec<&str> = query.iter().filter(|(k, _)| *k == p.name || *k == alt).map(|(_, v)| v.as_str()).collect();
            if values.is_empty() {
                if p.required {
                    return Err(Violation::new(&at, format!("The query parameter `{}` is required.", p.name)));
                }
                continue;
            }
            let schema = self.deref(&p.schema);
            let value = if schema.get("type").and_then(Value::as_str) == Some("array") {
                let items = schema.get("items").cloned().unwrap_or(Value::Object(Map::new()));
                let mut out = vec![];
                for (i, part) in values.iter().flat_map(|v| v.split(',')).enumerate() {
                    out.push(self.coerce(&items, part.trim(), &format!("{at}[{i}]"))?);
                }
                Value::Array(out)
            } else if values.len() > 1 {
                return Err(Violation::new(&at, format!("The query parameter `{}` takes one value, not {}.", p.name, values.len())));
            } else {
                self.coerce(&p.schema, values[0], &at)?
            };
            self.check_value(&p.schema, &value, &at)?;
        }
        let Some((required, schema)) = &op.body else { return Ok(()) };
        if body.iter().all(u8::is_ascii_whitespace) {
            if *required {
                return Err(Violation::new("", format!("{} needs a JSON request body.", op.operation_id)));
            }
            return Ok(());
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| Violation {
            member: String::new(),
            detail: format!("The request body is not valid JSON: {e}."),
            syntax: true,
        })?;
        self.check_value(schema, &value, "")
    }

    fn deref<'a>(&'a self, mut s: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str).and_then(|r| self.schemas.get(r)) {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    }

    /// A parameter's text as the JSON value its schema's type calls for.
    fn coerce(&self, schema: &Value, text: &str, at: &str) -> Result<Value, Violation> {
        let schema = self.deref(schema);
        let bad = |t: &str| Violation::new(at, format!("The {at} must be {}, not {text:?}.", article(t)));
        Ok(match schema.get("type").and_then(Value::as_str) {
            Some("integer") => text.parse::<i64>().map(Value::from).map_err(|_| bad("integer"))?,
            Some("number") => text.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::from).ok_or_else(|| bad("number"))?,
            Some("boolean") => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(bad("boolean")),
            },
            _ => Value::String(text.to_string()),
        })
    }

    /// Checks `v` against `schema`; `at` is the member path for messages.
    fn check_value(&self, schema: &Value, v: &Value, at: &str) -> Result<(), Violation> {
        let Some(s) = schema.as_object() else { return Ok(()) };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            return match self.schemas.get(r) {
                Some(t) => self.check_value(t, v, at),
                None => Ok(()),
            };
        }
        for sub in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.check_value(sub, v, at)?;
        }
        if v.is_null() {
            let nullable = s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            let typed = s.contains_key("type") || s.contains_key("properties") || s.contains_key("enum");
            if typed && !nullable {
                return Err(Violation::new(at, format!("{} must not be null.", shown(at))));
            }
            return Ok(());
        }
        for key in ["oneOf", "anyOf"] {
            let Some(branches) = s.get(key).and_then(Value::as_array) else { continue };
            if let Some(chosen) = self.discriminated(s, v) {
                self.check_value(chosen, v, at)?;
                continue;
            }
            let mut first = None;
            if !branches.iter().any(|b| match self.check_value(b, v, at) {
                Ok(()) => true,
                Err(e) => {
                    first.get_or_insert(e);
                    false
                }
            }) {
                let why = first.map(|e| format!(" (first alternative: {})", e.detail)).unwrap_or_default();
                return Err(Violation::new(at, format!("{} matches none of the allowed shapes{why}.", shown(at))));
            }
        }
        if let Some(t) = s.get("type").and_then(Value::as_str) {
            let ok = match t {
                "string" => v.is_string(),
                "boolean" => v.is_boolean(),
                "object" => v.is_object(),
                "array" => v.is_array(),
                "number" => v.is_number(),
                "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15),
                _ => true,
            };
            if !ok {
                return Err(Violation::new(at, format!("{} must be {}, not {}.", shown(at), article(t), kind(v))));
            }
        }
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            if !allowed.contains(v) {
                let list: Vec<String> = allowed.iter().map(|a| a.as_str().map(String::from).unwrap_or_else(|| a.to_string())).collect();
                let got = v.as_str().map(|x| format!("{x:?}")).unwrap_or_else(|| v.to_string());
                return Err(Violation::new(at, format!("{} must be one of {}; got {got}.", shown(at), list.join(", "))));
            }
        }
        match v {
            Value::String(text) => self.check_string(s, text, at)?,
            Value::Number(_) => check_number(s, v, at)?,
            Value::Array(items) => {
                let n = items.len() as u64;
                if let Some(min) = s.get("minItems").and_then(Value::as_u64).filter(|m| n < *m) {
                    return Err(Violation::new(at, format!("{} needs at least {min} item(s); it has {n}.", shown(at))));
                }
                if let Some(max) = s.get("maxItems").and_then(Value::as_u64).filter(|m| n > *m) {
                    return Err(Violation::new(at, format!("{} takes at most {max} item(s); it has {n}.", shown(at))));
                }
                if s.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
                    for (i, item) in items.iter().enumerate() {
                        if items[..i].contains(item) {
                            return Err(Violation::new(&format!("{at}[{i}]"), format!("`{at}[{i}]` repeats an earlier item; the items must be unique.")));
                        }
                    }
                }
                if let Some(item_schema) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check_value(item_schema, item, &format!("{at}[{i}]"))?;
                    }
                }
            }
            Value::Object(members) => {
                let props = s.get("properties").and_then(Value::as_object);
                for name in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    let read_only = props.and_then(|p| p.get(name)).is_some_and(|p| self.deref(p).get("readOnly") == Some(&Value::Bool(true)));
                    if !read_only && !members.contains_key(name) {
                        return Err(Violation::new(&child(at, name), format!("`{}` is required.", child(at, name))));
                    }
                }
                for (name, value) in members {
                    let here = child(at, name);
                    match props.and_then(|p| p.get(name)) {
                        Some(p) => self.check_value(p, value, &here)?,
                        None => match s.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                let known: Vec<&str> = props.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
                                return Err(Violation::new(&here, format!("`{here}` is not a known member (known: {}).", known.join(", "))));
                            }
                            Some(extra @ Value::Object(_)) => self.check_value(extra, value, &here)?,
                            _ => {}
                        },
                    }
                }
            }
            _ => {}
        }
        if let Some(not) = s.get("not") {
            if self.check_value(not, v, at).is_ok() {
                return Err(Violation::new(at, format!("{} has a shape that is not allowed here.", shown(at))));
            }
        }
        Ok(())
    }

    /// The branch a discriminator selects for `v`, if the schema has one and `v` names a known branch.
    fn discriminated<'a>(&'a self, s: &'a Map<String, Value>, v: &Value) -> Option<&'a Value> {
        let d = s.get("discriminator")?;
        let tag = v.get(d.get("propertyName")?.as_str()?)?.as_str()?;
        let target = d.get("mapping").and_then(|m| m.get(tag)).and_then(Value::as_str)?;
        let branches = s.get("oneOf").or_else(|| s.get("anyOf"))?.as_array()?;
        branches.iter().find(|b| b.get("$ref").and_then(Value::as_str) == Some(target))
    }

    fn check_string(&self, s: &Map<String, Value>, text: &str, at: &str) -> Result<(), Violation> {
        let n = text.chars().count() as u64;
        if let Some(min) = s.get("minLength").and_then(Value::as_u64).filter(|m| n < *m) {
            return Err(Violation::new(at, format!("{} needs at least {min} character(s); it has {n}.", shown(at))));
        }
        if let Some(max) = s.get("maxLength").and_then(Value::as_u64).filter(|m| n > *m) {
            return Err(Violation::new(at, format!("{} takes at most {max} characters; it has {n}.", shown(at))));
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            if self.patterns.get(p).is_some_and(|re| !re.is_match(text)) {
                return Err(Violation::new(at, format!("{} does not match the pattern {p}.", shown(at))));
            }
        }
        if s.get("format").and_then(Value::as_str) == Some("date-time") && chrono::DateTime::parse_from_rfc3339(text).is_err() {
            return Err(Violation::new(at, format!("{} must be an RFC 3339 date-time, not {text:?}.", shown(at))));
        }
        Ok(())
    }
}

fn check_number(s: &Map<String, Value>, v: &Value, at: &str) -> Result<(), Violation> {
    let x = v.as_f64().unwrap_or(0.0);
    let (lo, hi) = match s.get("format").and_then(Value::as_str) {
        Some("int32") => (i32::MIN as f64, i32::MAX as f64),
        Some("int64") => (i64::MIN as f64, i64::MAX as f64),
        _ => (f64::NEG_INFINITY, f64::INFINITY),
    };
    if x < lo || x > hi {
        return Err(Violation::new(at, format!("{} is out of range for {}.", shown(at), s["format"].as_str().unwrap_or("its format"))));
    }
    let excl = |k: &str| s.get(k).and_then(Value::as_bool).unwrap_or(false);
    if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
        if x < min || (excl("exclusiveMinimum") && x == min) {
            return Err(Violation::new(
                at,
                format!("{} must be at least {min}{}; got {v}.", shown(at), if excl("exclusiveMinimum") { " (exclusive)" } else { "" }),
            ));
        }
    }
    if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
        if x > max || (excl("exclusiveMaximum") && x == max) {
            return Err(Violation::new(
                at,
                format!("{} must be at most {max}{}; got {v}.", shown(at), if excl("exclusiveMaximum") { " (exclusive)" } else { "" }),
            ));
        }
    }
    Ok(())
}

fn collect_patterns(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(p)) = m.get("pattern") {
                out.push(p.clone());
            }
            m.values().for_each(|c| collect_patterns(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_patterns(c, out)),
        _ => {}
    }
}

/// The 400 for a violation, in the family's shape.
fn rejection(family: Family, v: &Violation) -> Response {
    let field = if v.member.is_empty() { "body" } else { v.member.as_str() };
    // The live API access family has a code of its own for a page size out of bounds.
    if family == Family::ApiAccess && field == "query parameter pageSize" {
        return errors::error(family, 400, "INVALID_PAGE_SIZE", &v.detail);
    }
    errors::bad_request(family, field, &v.detail, if v.syntax { "invalidSyntax" } else { "invalidValue" })
}

/// Checks each request against the contract before the handler runs (route layer).
pub(crate) async fn middleware(State(app): State<App>, req: Request, next: Next) -> Response {
    if app.config().lenient {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let family = Family::of(&path).unwrap_or(Family::Organization);
    let Ok(contract) = contract() else { return errors::err(family, 500, "The mock's request contract could not be loaded.") };
    let Some((op, path_params)) = contract.find(req.method(), &path) else { return next.run(req).await };
    let query = match Query::<Vec<(String, String)>>::try_from_uri(req.uri()) {
        Ok(q) => q.0,
        Err(_) => return rejection(family, &Violation::new("query", "The query string is malformed.".into())),
    };
    if op.body.is_none() {
        if let Err(v) = contract.check_op(op, &path_params, &query, b"") {
            return rejection(family, &v);
        }
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => return errors::bad_request(family, "body", "The request body could not be read.", "invalidSyntax"),
    };
    if let Err(v) = contract.check_op(op, &path_params, &query, &bytes) {
        return rejection(family, &v);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c() -> &'static Contract {
        contract().expect("contract loads")
    }

    fn post(path: &str, body: Value) -> Result<(), Violation> {
        c().check(&Method::POST, path, &[], body.to_string().as_bytes())
    }

    #[test]
    fn every_operation_is_in_the_contract_and_found_by_its_own_path() {
        let c = c();
        assert_eq!(c.len(), 132);
        for op in &c.ops {
            let path: String = op
                .segments
                .iter()
                .map(|s| match s {
                    Seg::Lit(l) => format!("/{l}"),
                    Seg::Param(_) => "/x-1".to_string(),
                })
                .collect();
            let found = c.operation_id(&op.method, &path);
            // A parameter position shadowed by a literal of another operation finds that one.
            assert!(found.is_some(), "{} {path}", op.operation_id);
        }
        assert_eq!(c.operation_id(&Method::GET, "/scim/directory/d/Users/u"), Some("getScimUser"));
    }

    #[test]
    fn scim_member_types_are_enforced() {
        let p = "/scim/directory/d1/Users";
        let e = post(p, json!({"userName": "a", "emails": [{"value": 5}]})).unwrap_err();
        assert_eq!(e.member, "emails[0].value");
        assert!(e.detail.contains("must be a string, not an integer"), "{}", e.detail);
        let e = post(p, json!({"userName": "a", "name": {"givenName": 7}})).unwrap_err();
        assert_eq!(e.member, "name.givenName");
        assert!(post(p, json!({"userName": "a", "emails": [{"value": "a@b.c", "primary": true}], "id": "echoed", "schemas": []})).is_ok());
        let e = post(p, json!({"userName": "a", "emails": [{"value": "a@b.c"}, {"value": "a@b.c"}]})).unwrap_err();
        assert_eq!(e.member, "emails[1]");
    }

    #[test]
    fn bodies_json_and_presence() {
        let c = c();
        let e = c.check(&Method::POST, "/scim/directory/d1/Users", &[], b"{not json").unwrap_err();
        assert!(e.syntax && e.detail.contains("not valid JSON"));
        let e = c.check(&Method::POST, "/scim/directory/d1/Users", &[], b"  ").unwrap_err();
        assert!(e.detail.contains("needs a JSON request body"), "{}", e.detail);
        let e = post("/scim/directory/d1/Users", json!([1])).unwrap_err();
        assert_eq!(e.member, "");
        assert!(e.detail.starts_with("The request body must be an object, not an array"), "{}", e.detail);
    }

    #[test]
    fn query_parameters_are_typed_bounded_and_declared() {
        let c = c();
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let path = "/scim/directory/d1/Users";
        assert!(c.check(&Method::GET, path, &q(&[("startIndex", "1"), ("count", "10")]), b"").is_ok());
        let e = c.check(&Method::GET, path, &q(&[("count", "ten")]), b"").unwrap_err();
        assert_eq!(e.member, "query parameter count");
        let e = c.check(&Method::GET, path, &q(&[("cuont", "1")]), b"").unwrap_err();
        assert!(e.detail.contains("`cuont` is not a query parameter of listScimUsers"), "{}", e.detail);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(pct_decode("a%2Fb%20c"), "a/b c");
        assert_eq!(pct_decode("100%"), "100%");
        assert_eq!(pct_decode("%zz%4"), "%zz%4");
        assert_eq!(pct_decode("é%C3%A9%"), "éé%");
    }
}
