//! The request contract the mock enforces: every operation's parameters and request body schema,
//! taken from `specs/<family>.json` with only the keywords a validator needs.
//!
//! Written to `crates/atlassian-admin-mock/src/generated/contract.json`. Unlike the client's
//! generation view, nothing is loosened here: required members, enums, types, bounds, formats
//! and patterns stay as the spec states them, since this is what a client must send.

use crate::json;
use anyhow::{anyhow, Result};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Schema keywords kept (all others, prose, examples and defaults, are dropped).
const KEEP: &[&str] = &[
    "$ref",
    "type",
    "nullable",
    "readOnly",
    "enum",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "discriminator",
];

/// `family/Name` for a local schema reference of `family`.
fn schema_key(family: &str, r: &str) -> Option<String> {
    r.strip_prefix("#/components/schemas/").map(|n| format!("{family}/{n}"))
}

/// A copy of `schema` with only [`KEEP`] keywords, references renamed to `family/Name`.
fn prune(family: &str, schema: &Value) -> Value {
    let Value::Object(m) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (k, v) in m {
        if !KEEP.contains(&k.as_str()) {
            continue;
        }
        let v = match k.as_str() {
            "$ref" => Value::String(v.as_str().and_then(|r| schema_key(family, r)).unwrap_or_default()),
            "properties" => Value::Object(v.as_object().map(|p| p.iter().map(|(n, s)| (n.clone(), prune(family, s))).collect()).unwrap_or_default()),
            "items" | "not" => prune(family, v),
            "additionalProperties" if v.is_object() => prune(family, v),
            "allOf" | "anyOf" | "oneOf" => Value::Array(v.as_array().map(|a| a.iter().map(|s| prune(family, s)).collect()).unwrap_or_default()),
            "discriminator" => {
                let mut d = json!({ "propertyName": v["propertyName"] });
                if let Some(map) = v.get("mapping").and_then(Value::as_object) {
                    d["mapping"] = map.iter().map(|(n, r)| (n.clone(), json!(r.as_str().and_then(|r| schema_key(family, r))))).collect::<Map<_, _>>().into();
                }
                d
            }
            _ => v.clone(),
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

/// A query parameter whose schema is an object (or an array of objects) has no defined
/// serialization; the clients send it as preformatted text, so the contract takes any string.
fn structured(spec: &Value, s: &Value) -> bool {
    let deref = |v: &'_ Value| -> Value { v.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).unwrap_or(v).clone() };
    let s = deref(s);
    let is_obj = |v: &Value| v.get("type") == Some(&json!("object")) || v.get("properties").is_some();
    is_obj(&s) || s.get("items").map(deref).is_some_and(|i| is_obj(&i))
}

/// The contract of every operation of every family, as pretty JSON.
pub fn generate(specs: &BTreeMap<String, Value>) -> Result<String> {
    let mut ops = vec![];
    let mut schemas = Map::new();
    for (family, spec) in specs {
        let server = spec.pointer("/servers/0/url").and_then(Value::as_str).unwrap_or("");
        let prefix = server.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
        let mut refs = BTreeSet::new();
        for (path, method, op) in json::operations(spec) {
            let id = op["operationId"].as_str().ok_or_else(|| anyhow!("{family}: {method} {path} has no operationId"))?;
            let item = &spec["paths"][&path];
            let mut params = vec![];
            for list in [item.get("parameters"), op.get("parameters")].into_iter().flatten() {
                for p in list.as_array().into_iter().flatten() {
                    let p = p.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).unwrap_or(p);
                    let raw = p.get("schema").cloned().unwrap_or(json!({}));
                    // A parameter typed by a named scalar schema (`AccountId`) is checked against it.
                    let schema = if structured(spec, &raw) {
                        json!({ "type": "string" })
                    } else {
                        raw.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).cloned().unwrap_or(raw)
                    };
                    json::reachable_refs(spec, &schema, &mut refs);
                    params.push(json!({
                        "name": p["name"],
                        "in": p["in"],
                        "required": p.get("required").cloned().unwrap_or(Value::Bool(false)),
                        "schema": prune(family, &schema),
                    }));
                }
            }
            let body = match op.get("requestBody") {
                None => Value::Null,
                Some(b) => {
                    let b = b.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).unwrap_or(b);
                    let content = b.get("content").and_then(Value::as_object).ok_or_else(|| anyhow!("{family}: {id}: request body without content"))?;
                    let (media, c) = content.iter().find(|(m, _)| m.contains("json")).ok_or_else(|| anyhow!("{family}: {id}: no JSON request body"))?;
                    let schema = c.get("schema").cloned().unwrap_or(json!({}));
                    json::reachable_refs(spec, &schema, &mut refs);
                    json!({
                        "required": b.get("required").cloned().unwrap_or(Value::Bool(false)),
                        "media_type": media,
                        "schema": prune(family, &schema),
                    })
                }
            };
            ops.push(json!({
                "family": family,
                "operation_id": id,
                "method": method.to_uppercase(),
                "path": format!("{prefix}{path}"),
                "parameters": params,
                "body": body,
            }));
        }
        for r in refs {
            let Some(key) = schema_key(family, &r) else { continue };
            let target = json::resolve(spec, &r).ok_or_else(|| anyhow!("{family}: dangling reference {r}"))?;
            schemas.insert(key, prune(family, target));
        }
    }
    Ok(json::to_pretty(&json!({
        "generated": "by `cargo xtask codegen` from specs/*.json (do not edit; rerun it after changing specs/)",
        "operations": ops,
        "schemas": schemas,
    })))
}

/// A smallest body each operation accepts, keyed by (family, operationId): every required
/// member present with a placeholder of its type (for tests that build every call).
pub fn samples(contract_text: &str) -> Result<BTreeMap<(String, String), Value>> {
    let doc: Value = serde_json::from_str(contract_text)?;
    let schemas = doc["schemas"].as_object().cloned().unwrap_or_default();
    fn sample(schemas: &Map<String, Value>, s: &Value, depth: usize) -> Value {
        if depth > 16 {
            return Value::Null;
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            return schemas.get(r).map(|t| sample(schemas, t, depth + 1)).unwrap_or(Value::Null);
        }
        if let Some(first) = s.get("oneOf").or_else(|| s.get("anyOf")).and_then(Value::as_array).and_then(|a| a.first()) {
            return sample(schemas, first, depth + 1);
        }
        if let Some(v) = s.get("enum").and_then(Value::as_array).and_then(|a| a.first()) {
            return v.clone();
        }
        let mut out = Map::new();
        for part in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            if let Value::Object(m) = sample(schemas, part, depth + 1) {
                out.extend(m);
            }
        }
        match s.get("type").and_then(Value::as_str) {
            Some("string") => return json!("x".repeat(s.get("minLength").and_then(Value::as_u64).unwrap_or(1).max(1) as usize)),
            Some("integer") | Some("number") => return json!(s.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
            Some("boolean") => return json!(false),
            Some("array") => {
                let n = s.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let item = s.get("items").cloned().unwrap_or(json!({}));
                return Value::Array(
                    (0..n)
                        .map(|i| {
                            let v = sample(schemas, &item, depth + 1);
                            match v {
                                Value::String(t) => json!(format!("{t}{i}")),
                                other => other,
                            }
                        })
                        .collect(),
                );
            }
            _ => {}
        }
        let props = s.get("properties").and_then(Value::as_object);
        for name in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            let p = props.and_then(|p| p.get(name)).cloned().unwrap_or(json!({}));
            out.insert(name.to_string(), sample(schemas, &p, depth + 1));
        }
        Value::Object(out)
    }
    let mut out = BTreeMap::new();
    for op in doc["operations"].as_array().into_iter().flatten() {
        if let Some(schema) = op.pointer("/body/schema") {
            let key = (op["family"].as_str().unwrap_or_default().to_string(), op["operation_id"].as_str().unwrap_or_default().to_string());
            out.insert(key, sample(&schemas, schema, 0));
        }
    }
    Ok(out)
}
