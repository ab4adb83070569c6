//! Small helpers for editing OpenAPI documents as JSON values.

use serde_json::{Map, Value};

/// Keys whose object value is a map from user-chosen names (not OpenAPI keywords) to objects.
pub const NAME_MAPS: &[&str] = &[
    "properties",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "paths",
    "content",
    "mapping",
    "variables",
    "examples",
    "links",
    "callbacks",
    "scopes",
    "patternProperties",
];

/// Returns `v` with every object's keys sorted, recursively (stable output).
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted(&m[k]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Pretty JSON with sorted keys and a trailing newline.
pub fn to_pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(&sorted(v)).expect("serializable");
    s.push('\n');
    s
}

/// Visits every schema-keyword object (skipping name maps themselves), depth first.
/// `f` gets the object and the key under which it was found.
pub fn walk_keyword_objects(v: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    fn go(v: &mut Value, key: &str, in_map: bool, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
        match v {
            Value::Object(m) => {
                if !in_map {
                    f(m, key);
                }
                for (k, child) in m.iter_mut() {
                    let child_in_map = !in_map && NAME_MAPS.contains(&k.as_str());
                    go(child, k, child_in_map, f);
                }
            }
            Value::Array(a) => {
                for child in a {
                    go(child, key, false, f);
                }
            }
            _ => {}
        }
    }
    go(v, "", false, f)
}

/// Rewrites every `$ref` string (only in keyword position) with `f`.
pub fn rewrite_refs(v: &mut Value, f: &dyn Fn(&str) -> Option<String>) {
    walk_keyword_objects(v, &mut |m, _| {
        if let Some(Value::String(r)) = m.get("$ref") {
            if let Some(n) = f(r) {
                m.insert("$ref".into(), Value::String(n));
            }
        }
    });
}

/// The operations of a document: (path, method, operation object).
pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

pub fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = vec![];
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (p, item) in paths {
            for m in METHODS {
                if let Some(op) = item.get(*m) {
                    out.push((p.clone(), m.to_string(), op));
                }
            }
        }
    }
    out
}

/// Resolves a local `#/components/...` reference.
pub fn resolve<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    doc.pointer(r.strip_prefix('#')?)
}

/// Collects the `$ref` targets reachable from `v` (transitively, through `doc`).
pub fn reachable_refs(doc: &Value, v: &Value, seen: &mut std::collections::BTreeSet<String>) {
    let mut stack = vec![v.clone()];
    while let Some(mut cur) = stack.pop() {
        let mut found = vec![];
        walk_keyword_objects(&mut cur, &mut |m, _| {
            if let Some(Value::String(r)) = m.get("$ref") {
                found.push(r.clone());
            }
        });
        for r in found {
            if seen.insert(r.clone()) {
                if let Some(t) = resolve(doc, &r) {
                    stack.push(t.clone());
                }
            }
        }
    }
}
