//! Open unions: a named `oneOf`/`anyOf` schema whose alternatives (all references) can be told
//! apart by a tag becomes a Rust enum with one variant per alternative and `Other(Value)`.
//!
//! The tag is the spec's `discriminator`, or else a member that every alternative pins to a
//! single, different value (control policies: `attributes.type` is `ip-allowlist`,
//! `data-residency` or `data-security`). Decoding reads the tag and decodes that alternative; a
//! new tag value, or an answer the alternative does not decode (the live API sends some members
//! in other shapes), is `Other` with the JSON as received, so nothing fails and nothing is lost.
//! Unions that cannot be told apart stay JSON values.

use crate::enums::{pascal, rust_name};
use serde_json::Value;
use std::collections::BTreeMap;

pub struct OpenUnion {
    pub name: String,
    /// Members to follow to the tag (`["attributes", "type"]`).
    pub tag: Vec<String>,
    /// (variant, Rust type name of the alternative, tag value as text).
    pub variants: Vec<(String, String, String)>,
}

fn deref<'a>(spec: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match s.get("$ref").and_then(Value::as_str).and_then(|r| crate::json::resolve(spec, r)) {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

/// Every member path (up to 3 deep, through references and `allOf`) pinned to one value.
fn pinned(spec: &Value, s: &Value, at: &[String], out: &mut BTreeMap<Vec<String>, String>) {
    let s = deref(spec, s);
    if at.len() > 3 {
        return;
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array).filter(|v| v.len() == 1) {
        out.insert(at.to_vec(), values[0].as_str().map(String::from).unwrap_or_else(|| values[0].to_string()));
        return;
    }
    for part in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        pinned(spec, part, at, out);
    }
    for (name, p) in s.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let mut next = at.to_vec();
        next.push(name.clone());
        pinned(spec, p, &next, out);
    }
}

/// The named unions of `spec` that a tag tells apart.
pub fn find(spec: &Value) -> Vec<OpenUnion> {
    let mut out = vec![];
    let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) else { return out };
    for (name, s) in schemas {
        let Some(branches) = s.get("oneOf").or_else(|| s.get("anyOf")).and_then(Value::as_array).filter(|b| b.len() > 1) else { continue };
        let refs: Option<Vec<&str>> = branches.iter().map(|b| b.get("$ref").and_then(Value::as_str)).collect();
        let Some(refs) = refs else { continue };
        let names: Vec<String> = refs.iter().map(|r| r.rsplit('/').next().unwrap_or_default().to_string()).collect();
        let found = if let Some(d) = s.get("discriminator") {
            let prop = d.get("propertyName").and_then(Value::as_str).unwrap_or_default().to_string();
            let map = d.get("mapping").and_then(Value::as_object);
            let values: Option<Vec<String>> =
                refs.iter().map(|r| map.and_then(|m| m.iter().find(|(_, t)| t.as_str() == Some(*r)).map(|(k, _)| k.clone()))).collect();
            values.map(|v| (vec![prop], v, false))
        } else {
            let maps: Vec<BTreeMap<Vec<String>, String>> = refs
                .iter()
                .map(|r| {
                    let mut m = BTreeMap::new();
                    pinned(spec, &serde_json::json!({ "$ref": r }), &[], &mut m);
                    m
                })
                .collect();
            // The shortest path that every alternative pins, to values that all differ.
            let mut paths: Vec<&Vec<String>> = maps[0].keys().filter(|p| maps.iter().all(|m| m.contains_key(*p))).collect();
            paths.sort_by_key(|p| p.len());
            paths.into_iter().find_map(|p| {
                let values: Vec<String> = maps.iter().map(|m| m[p].clone()).collect();
                let mut uniq = values.clone();
                uniq.sort();
                uniq.dedup();
                (uniq.len() == values.len()).then(|| (p.clone(), values, true))
            })
        };
        let Some((tag, values, by_value)) = found else { continue };
        let mut variants = vec![];
        for (n, v) in names.iter().zip(values) {
            let variant = if by_value { pascal(&v) } else { rust_name(n) };
            variants.push((variant, rust_name(n), v));
        }
        out.push(OpenUnion { name: rust_name(name), tag, variants });
    }
    out
}

/// The `open_union!` invocations for `unions`, to go inside a family's `types` module.
pub fn render(family: &str, module: &str, unions: &[OpenUnion]) -> String {
    let mut s = String::new();
    for u in unions {
        let tag = u.tag.join(".");
        let list = u.variants.iter().map(|(_, t, v)| format!("`{v}`: [`{t}`]")).collect::<Vec<_>>().join(", ");
        s.push_str(&format!(
            "open_union! {{\n    /// One of several shapes ({family}), told apart by `{tag}`: {list}.\n    ///\n    /// Another tag value, or an answer its shape does not decode, is `Other` with the JSON as received.\n    {} [{}] {{\n",
            u.name,
            u.tag.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ")
        ));
        for (variant, ty, value) in &u.variants {
            s.push_str(&format!("        /// `{tag}` = `{value}`\n        {variant}(crate::{module}::types::{ty}) = {value:?},\n"));
        }
        s.push_str("    }\n}\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tells_alternatives_apart_by_a_pinned_member_or_the_discriminator() {
        let spec = json!({"components": {"schemas": {
            "Policy": {"oneOf": [{"$ref": "#/components/schemas/Ip"}, {"$ref": "#/components/schemas/Dr"}]},
            "Ip": {"properties": {"type": {"enum": ["policy"]}, "attributes": {"properties": {"type": {"enum": ["ip-allowlist"]}}}}},
            "Dr": {"allOf": [{"properties": {"type": {"enum": ["policy"]}, "attributes": {"properties": {"type": {"enum": ["data-residency"]}}}}}]},
            "Rule": {"discriminator": {"propertyName": "allowed", "mapping": {"true": "#/components/schemas/Yes", "false": "#/components/schemas/No"}},
                     "oneOf": [{"$ref": "#/components/schemas/Yes"}, {"$ref": "#/components/schemas/No"}]},
            "Yes": {"properties": {"allowed": {"enum": [true]}}}, "No": {"properties": {"allowed": {"enum": [false]}}},
            "Loose": {"anyOf": [{"$ref": "#/components/schemas/Yes"}, {"properties": {}}]},
        }}});
        let u = find(&spec);
        assert_eq!(u.len(), 2, "Loose has an inline alternative");
        let p = u.iter().find(|u| u.name == "Policy").unwrap();
        assert_eq!(p.tag, ["attributes", "type"]);
        assert_eq!(p.variants[0], ("IpAllowlist".to_string(), "Ip".to_string(), "ip-allowlist".to_string()));
        let r = u.iter().find(|u| u.name == "Rule").unwrap();
        assert_eq!(r.tag, ["allowed"]);
        assert_eq!(r.variants[1].2, "false");
    }
}
