//! Open enums: every string `enum` of a member (in a component schema, a request body or a
//! response) becomes a named Rust enum with one variant per documented value and an `Unknown`
//! variant that keeps any other value as received, matched case-insensitively (the live API
//! sends new values and other casings, see SOURCES.md).
//!
//! [`hoist`] moves each inline enum into a named component schema (`ScimUserEmailType` for
//! `ScimUserEmail.type`) and records its values; codegen then tells progenitor to use our
//! generated type for each name (`with_replacement`) and writes the types with the raw crate's
//! `open_enum!` macro. Parameter enums stay strings (the client's builders take text).

use heck::ToPascalCase;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// The Rust name typify gives a schema name (its lookup key for replacements).
pub fn rust_name(schema: &str) -> String {
    schema.replace('\'', "").replace(|c: char| !c.is_alphanumeric() && c != '_', "-").to_pascal_case()
}

/// One open enum to generate: its Rust name, the member it types, and its values.
pub struct OpenEnum {
    pub name: String,
    /// `Schema.member` (or `Schema` for a named enum schema), for the doc comment.
    pub origin: String,
    pub values: Vec<String>,
}

fn string_values(s: &Value) -> Option<Vec<String>> {
    let values = s.get("enum")?.as_array()?;
    if s.get("type").is_some_and(|t| t != "string") || values.is_empty() {
        return None;
    }
    values.iter().map(|v| v.as_str().map(String::from)).collect()
}

/// `status` -> `Status`, `counts.resources` -> `CountsResources`, `RED_BOLD` -> `RedBold`.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let all_caps = part.chars().all(|c| !c.is_ascii_lowercase());
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            let rest: String = chars.collect();
            out.push_str(&if all_caps { rest.to_ascii_lowercase() } else { rest });
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// Variant names for `values`, unique within the enum (`Unknown` is taken by the catch-all).
pub fn variants(values: &[String]) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::from(["Unknown".to_string()]);
    values
        .iter()
        .map(|v| {
            let base = pascal(v);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            name
        })
        .collect()
}

struct Hoister<'a> {
    taken: BTreeSet<String>,
    /// Named enum schemas by their sorted values: an inline enum with the same values uses it.
    named: Vec<(Vec<String>, String)>,
    out: &'a mut Vec<OpenEnum>,
    new_schemas: Map<String, Value>,
    /// Member enums typed so far (hoisted, or pointed at a named enum).
    sites: usize,
}

impl Hoister<'_> {
    fn unique(&mut self, base: &str) -> String {
        let base = &rust_name(base);
        let mut name = base.to_string();
        let mut n = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Visits a schema at `name` (the Rust name prefix of this position), hoisting enums.
    fn visit(&mut self, schema: &mut Value, name: &str, origin: &str) {
        let Some(m) = schema.as_object_mut() else { return };
        if m.contains_key("oneOf") || m.contains_key("anyOf") || m.contains_key("$ref") {
            return; // unions become JSON values; references are visited where they are defined
        }
        if let Some(values) = string_values(&Value::Object(m.clone())) {
            let mut key = values.clone();
            key.sort();
            self.sites += 1;
            if let Some((_, named)) = self.named.iter().find(|(k, _)| *k == key) {
                *schema = json!({ "$ref": format!("#/components/schemas/{named}") });
                return;
            }
            let rust = self.unique(name);
            self.new_schemas.insert(rust.clone(), json!({ "type": "string", "enum": values }));
            self.out.push(OpenEnum { name: rust.clone(), origin: origin.to_string(), values });
            *schema = json!({ "$ref": format!("#/components/schemas/{rust}") });
            return;
        }
        if let Some(Value::Object(props)) = m.get_mut("properties") {
            for (prop, sub) in props.iter_mut() {
                self.visit(sub, &format!("{name}{}", pascal(prop)), &format!("{origin}.{prop}"));
            }
        }
        if let Some(items) = m.get_mut("items") {
            self.visit(items, &format!("{name}Item"), &format!("{origin}[]"));
        }
        if let Some(extra @ Value::Object(_)) = m.get_mut("additionalProperties") {
            self.visit(extra, &format!("{name}Value"), &format!("{origin}.*"));
        }
        if let Some(Value::Array(parts)) = m.get_mut("allOf") {
            for part in parts {
                self.visit(part, name, origin);
            }
        }
    }
}

/// Hoists every member enum of `spec` into a named schema and returns all open enums to
/// generate (named enum schemas included), in a stable order, and how many of the spec's
/// `enum` keywords they type.
pub fn hoist(spec: &mut Value) -> (Vec<OpenEnum>, usize) {
    let mut out = vec![];
    let names: Vec<String> = spec.pointer("/components/schemas").and_then(Value::as_object).map(|s| s.keys().cloned().collect()).unwrap_or_default();
    let named = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| {
            s.iter()
                .filter_map(|(n, schema)| {
                    let mut key = string_values(schema)?;
                    key.sort();
                    Some((key, n.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut h = Hoister { taken: names.iter().map(|n| rust_name(n)).collect(), named, out: &mut out, new_schemas: Map::new(), sites: 0 };
    if let Some(Value::Object(schemas)) = spec.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            if let Some(values) = string_values(schema) {
                h.sites += 1;
                h.out.push(OpenEnum { name: rust_name(name), origin: name.clone(), values });
            } else {
                h.visit(schema, name, name);
            }
        }
    }
    if let Some(Value::Object(paths)) = spec.get_mut("paths") {
        for item in paths.values_mut() {
            for m in crate::json::METHODS {
                let Some(op) = item.get_mut(*m) else { continue };
                let id = op.get("operationId").and_then(Value::as_str).map(pascal).unwrap_or_default();
                if let Some(Value::Object(content)) = op.pointer_mut("/requestBody/content") {
                    for media in content.values_mut() {
                        if let Some(s) = media.get_mut("schema") {
                            h.visit(s, &format!("{id}Body"), &format!("{id} body"));
                        }
                    }
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    for (code, r) in responses.iter_mut().filter(|(c, _)| c.starts_with('2')) {
                        let origin = format!("{id} {code} response");
                        if let Some(Value::Object(content)) = r.get_mut("content") {
                            for media in content.values_mut() {
                                if let Some(s) = media.get_mut("schema") {
                                    h.visit(s, &format!("{id}Response"), &origin);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let new = std::mem::take(&mut h.new_schemas);
    let sites = h.sites;
    if let Some(Value::Object(schemas)) = spec.pointer_mut("/components/schemas") {
        schemas.extend(new);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    (out, sites)
}

/// Number of `enum` keywords anywhere in `spec`.
pub fn count_all(v: &Value) -> usize {
    match v {
        Value::Object(m) => usize::from(m.get("enum").is_some_and(Value::is_array)) + m.values().map(count_all).sum::<usize>(),
        Value::Array(a) => a.iter().map(count_all).sum(),
        _ => 0,
    }
}

/// The `open_enum!` invocations for `enums`, to go inside a family's `types` module.
pub fn render(family: &str, enums: &[OpenEnum]) -> String {
    let mut s = String::new();
    for e in enums {
        let list = e.values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
        s.push_str(&format!(
            "open_enum! {{\n    /// The values of `{}` ({family}): {list}.\n    ///\n    /// Any other value (a new one, or an unexpected shape) arrives as `Unknown` with its text;\n    /// known values are matched ignoring ASCII case.\n    {} {{\n",
            e.origin, e.name
        ));
        for (v, variant) in e.values.iter().zip(variants(&e.values)) {
            s.push_str(&format!("        /// `{v}`\n        {variant} = {v:?},\n"));
        }
        s.push_str("    }\n}\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("data-residency"), "DataResidency");
        assert_eq!(pascal("RED_BOLD"), "RedBold");
        assert_eq!(pascal("counts.resources"), "CountsResources");
        assert_eq!(pascal("atlassian/org-admin"), "AtlassianOrgAdmin");
        assert_eq!(pascal("platformRoles"), "PlatformRoles");
        assert_eq!(pascal("2fa"), "V2fa");
        assert_eq!(rust_name("ModelsIPAllowListPolicyType"), "ModelsIpAllowListPolicyType", "as typify names it");
        assert_eq!(variants(&["label".into(), "-label".into(), "unknown".into()]), vec!["Label", "Label2", "Unknown2"]);
    }

    #[test]
    fn hoists_members_and_keeps_named_enums() {
        let mut spec = json!({"components": {"schemas": {
            "Color": {"type": "string", "enum": ["RED"]},
            "User": {"properties": {"status": {"type": "string", "enum": ["active"]}, "tags": {"type": "array", "items": {"enum": ["a"]}}, "hue": {"enum": ["RED"]}}},
        }}, "paths": {}});
        let (e, sites) = hoist(&mut spec);
        assert_eq!(sites, 4);
        let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Color", "UserStatus", "UserTagsItem"]);
        assert_eq!(spec["components"]["schemas"]["User"]["properties"]["status"]["$ref"], "#/components/schemas/UserStatus");
        assert_eq!(spec["components"]["schemas"]["UserTagsItem"]["enum"][0], "a");
        assert_eq!(spec["components"]["schemas"]["User"]["properties"]["hue"]["$ref"], "#/components/schemas/Color", "same values: the named enum");
    }
}
