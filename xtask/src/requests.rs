//! Strict request types: what the client sends keeps the spec's `required` members, so a
//! request body without one cannot be built (the generated builder names the member) and its
//! struct field is not an `Option`.
//!
//! The generation view loosens every schema for decoding; this module puts `required` back
//! where a schema is only ever sent. A component that serves both a request body and a 2xx
//! response and requires members is split first: requests use a copy named `<Name>Input`,
//! responses keep the tolerant original.

use crate::json;
use serde_json::Value;
use std::collections::BTreeSet;

/// Components reachable from `roots` (through `$ref`, transitively).
fn closure(spec: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for r in roots {
        json::reachable_refs(spec, r, &mut seen);
    }
    seen.into_iter().filter_map(|r| r.strip_prefix("#/components/schemas/").map(String::from)).collect()
}

/// JSON pointers of every request body schema (inline or under `components/requestBodies`).
fn body_pointers(spec: &Value) -> Vec<String> {
    let esc = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let mut out = vec![];
    for (path, method, op) in json::operations(spec) {
        if let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) {
            for media in content.keys() {
                out.push(format!("/paths/{}/{method}/requestBody/content/{}/schema", esc(&path), esc(media)));
            }
        }
    }
    if let Some(bodies) = spec.pointer("/components/requestBodies").and_then(Value::as_object) {
        for (name, b) in bodies {
            for media in b.get("content").and_then(Value::as_object).into_iter().flatten().map(|c| c.0) {
                out.push(format!("/components/requestBodies/{}/content/{}/schema", esc(name), esc(media)));
            }
        }
    }
    out
}

fn responses(spec: &Value) -> Vec<Value> {
    json::operations(spec)
        .into_iter()
        .flat_map(|(_, _, op)| {
            op.get("responses").and_then(Value::as_object).into_iter().flatten().filter(|(c, _)| c.starts_with('2')).map(|(_, r)| r.clone()).collect::<Vec<_>>()
        })
        .collect()
}

/// Required members of an object schema that a client sends (readOnly ones are the server's).
fn sent_required(spec: &Value, m: &serde_json::Map<String, Value>) -> Vec<String> {
    let props = m.get("properties").and_then(Value::as_object);
    m.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|n| {
            let p = props.and_then(|p| p.get(*n));
            let p = p.map(|p| p.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).unwrap_or(p));
            p.is_some() && p.and_then(|p| p.get("readOnly")) != Some(&Value::Bool(true))
        })
        .map(String::from)
        .collect()
}

/// Splits shared components (see the module docs) and returns the pointers of every schema
/// that is only sent: request bodies and the components only they reach.
pub fn split(spec: &mut Value) -> Vec<String> {
    let bodies = body_pointers(spec);
    let roots: Vec<Value> = bodies.iter().filter_map(|p| spec.pointer(p).cloned()).collect();
    let sent = closure(spec, &roots.iter().collect::<Vec<_>>());
    let resp = responses(spec);
    let received = closure(spec, &resp.iter().collect::<Vec<_>>());
    let shared: Vec<String> = sent
        .intersection(&received)
        .filter(|n| spec.pointer(&format!("/components/schemas/{n}")).and_then(Value::as_object).is_some_and(|m| !sent_required(spec, m).is_empty()))
        .cloned()
        .collect();
    let mut only_sent: Vec<String> = sent.difference(&received).cloned().collect();
    for n in &shared {
        let copy = format!("{n}Input");
        let schema = spec.pointer(&format!("/components/schemas/{n}")).cloned().unwrap_or_default();
        if let Some(Value::Object(schemas)) = spec.pointer_mut("/components/schemas") {
            schemas.insert(copy.clone(), schema);
        }
        only_sent.push(copy);
    }
    let mut pointers: Vec<String> = bodies;
    pointers.extend(only_sent.iter().map(|n| format!("/components/schemas/{n}")));
    if !shared.is_empty() {
        for p in &pointers {
            if let Some(v) = spec.pointer_mut(p) {
                json::rewrite_refs(v, &|r| {
                    let n = r.strip_prefix("#/components/schemas/")?;
                    shared.iter().any(|s| s == n).then(|| format!("#/components/schemas/{n}Input"))
                });
            }
        }
    }
    pointers
}

/// Puts `required` (and the members' own `nullable`) back into the view at `pointers`, from
/// `spec`, for every object schema under them (through properties, items and allOf). Returns
/// how many required members the request types now enforce.
pub fn restore(spec: &Value, view: &mut Value, pointers: &[String]) -> usize {
    fn go(orig: &Value, view: &mut Value, sent: &dyn Fn(&serde_json::Map<String, Value>) -> Vec<String>, n: &mut usize) {
        let (Some(o), Some(v)) = (orig.as_object(), view.as_object_mut()) else { return };
        if o.contains_key("oneOf") || o.contains_key("anyOf") {
            return; // unions are JSON values in the view
        }
        let required = sent(o);
        if !required.is_empty() && v.contains_key("properties") {
            for name in &required {
                let was = o.get("properties").and_then(|p| p.get(name)).and_then(|p| p.get("nullable")).cloned();
                if let Some(Value::Object(p)) = v.get_mut("properties").and_then(|p| p.get_mut(name)) {
                    match was {
                        Some(n) => p.insert("nullable".into(), n),
                        None => p.remove("nullable"),
                    };
                }
            }
            *n += required.len();
            v.insert("required".into(), required.into_iter().map(Value::String).collect());
        }
        if let (Some(op), Some(Value::Object(vp))) = (o.get("properties").and_then(Value::as_object), v.get_mut("properties")) {
            for (name, sub) in op {
                if let Some(vs) = vp.get_mut(name) {
                    go(sub, vs, sent, n);
                }
            }
        }
        if let (Some(oi), Some(vi)) = (o.get("items"), v.get_mut("items")) {
            go(oi, vi, sent, n);
        }
        if let (Some(Value::Array(oa)), Some(Value::Array(va))) = (o.get("allOf"), v.get_mut("allOf")) {
            for (a, b) in oa.iter().zip(va.iter_mut()) {
                go(a, b, sent, n);
            }
        }
    }
    let sent = |m: &serde_json::Map<String, Value>| sent_required(spec, m);
    let mut n = 0;
    for p in pointers {
        if let (Some(orig), Some(v)) = (spec.pointer(p), view.pointer_mut(p)) {
            go(orig, v, &sent, &mut n);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shared_components_split_and_sent_ones_keep_required() {
        let mut spec = json!({
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"properties": {"rule": {"$ref": "#/components/schemas/Rule"}, "name": {"type": "string"}}, "required": ["name"]}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rule"}}}}}
            }}},
            "components": {"schemas": {"Rule": {"properties": {"in": {"type": "array", "items": {"type": "string"}}, "id": {"type": "string", "readOnly": true}}, "required": ["in", "id"]}}}
        });
        let pointers = split(&mut spec);
        assert!(pointers.contains(&"/components/schemas/RuleInput".to_string()));
        let body = "/paths/~1x/post/requestBody/content/application~1json/schema";
        assert_eq!(spec.pointer(&format!("{body}/properties/rule/$ref")).unwrap(), "#/components/schemas/RuleInput");
        assert_eq!(spec.pointer("/paths/~1x/post/responses/200/content/application~1json/schema/$ref").unwrap(), "#/components/schemas/Rule");
        let mut view = crate::codegen::generation_view(&spec);
        assert!(view.pointer("/components/schemas/RuleInput/required").is_none(), "the view loosens everything");
        assert_eq!(restore(&spec, &mut view, &pointers), 2);
        assert_eq!(view.pointer("/components/schemas/RuleInput/required").unwrap(), &json!(["in"]), "readOnly members are not sent");
        assert!(view.pointer("/components/schemas/RuleInput/properties/in/nullable").is_none());
        assert!(view.pointer("/components/schemas/Rule/required").is_none(), "the response type stays tolerant");
        assert_eq!(view.pointer(&format!("{body}/required")).unwrap(), &json!(["name"]));
    }
}
