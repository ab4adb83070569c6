//! `cargo xtask codegen`: `specs/<family>.json` -> generated raw client, manifest.
//!
//! progenitor runs on a *generation view* of each spec (see [`generation_view`]): the vendored
//! spec states what the API documents, the view states what the client should tolerate.

use crate::json::{self, walk_keyword_objects, METHODS};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const FAMILIES: &[&str] = &["organization", "user-management", "user-provisioning", "control", "api-access", "dlp"];

pub fn module_name(family: &str) -> String {
    family.replace('-', "_")
}

/// One file that codegen writes: path relative to the root, and its content.
struct Output {
    path: PathBuf,
    text: String,
}

pub fn run(check: bool) -> Result<()> {
    let root = crate::root();
    let mut outputs = vec![];
    let mut manifest = vec![];
    let mut facts = BTreeMap::new();
    for family in FAMILIES {
        let spec_path = root.join(format!("specs/{family}.json"));
        let text = std::fs::read_to_string(&spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
        let spec: Value = serde_json::from_str(&text)?;
        let code = generate_family(family, &spec, &text).with_context(|| format!("generating {family}"))?;
        manifest.extend(manifest_entries(family, &spec, &code)?);
        facts.insert(family.to_string(), crate::resources::facts(&code)?);
        outputs.push(Output {
            path: PathBuf::from(format!("crates/atlassian-admin-raw/src/generated/{}.rs", module_name(family))),
            text: code,
        });
    }
    outputs.push(Output {
        path: PathBuf::from("crates/atlassian-admin-raw/src/generated/manifest.json"),
        text: json::to_pretty(&json!({ "operations": manifest })),
    });
    let map_path = root.join("crates/atlassian-admin/resources.txt");
    let map = std::fs::read_to_string(&map_path).with_context(|| format!("reading {}", map_path.display()))?;
    let entries = crate::resources::parse(&map, &manifest)?;
    outputs.push(Output {
        path: PathBuf::from("crates/atlassian-admin/src/generated/resources.rs"),
        text: crate::resources::generate(&entries, &facts)?,
    });
    outputs.push(Output {
        path: PathBuf::from("crates/atlassian-admin/src/generated/resources.json"),
        text: json::to_pretty(&crate::resources::resources_json(&entries)),
    });
    outputs.push(Output {
        path: PathBuf::from("crates/atlassian-admin/src/generated/dynamic.rs"),
        text: crate::resources::generate_dynamic(&entries, &facts)?,
    });
    let mut stale = vec![];
    for out in &outputs {
        let path = root.join(&out.path);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == out.text {
            continue;
        }
        if check {
            stale.push(out.path.display().to_string());
            print_diff(&out.path.display().to_string(), &old, &out.text);
        } else {
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(&path, &out.text)?;
            println!("wrote {}", out.path.display());
        }
    }
    if check {
        if !stale.is_empty() {
            bail!("generated files are stale: {} (run `cargo xtask codegen`)", stale.join(", "));
        }
        println!("generated code is up to date");
    }
    Ok(())
}

/// A short line diff: the first differing lines of each stale file.
fn print_diff(name: &str, old: &str, new: &str) {
    println!("--- {name} (committed)\n+++ {name} (regenerated)");
    let (o, n): (Vec<_>, Vec<_>) = (old.lines().collect(), new.lines().collect());
    let mut shown = 0;
    for i in 0..o.len().max(n.len()) {
        let (a, b) = (o.get(i), n.get(i));
        if a != b {
            if let Some(a) = a {
                println!("{:>6} -{a}", i + 1);
            }
            if let Some(b) = b {
                println!("{:>6} +{b}", i + 1);
            }
            shown += 1;
            if shown >= 20 {
                println!("   ... (more differences)");
                break;
            }
        }
    }
}

/// The spec as progenitor sees it. Every rule loosens decoding, none changes a request:
/// - error responses go: every non-2xx answer reaches the caller as the raw response, so the
///   ergonomic crate can read each family's several error-body shapes itself;
/// - only 2xx responses of the first success type stay (one success type per operation);
/// - `anyOf` and `oneOf` schemas become any JSON value (real answers mix the shapes);
/// - `required`, `enum`, `format`, `pattern`, length and range bounds, `additionalProperties:
///   false` and discriminators go: members may be absent or null, enum values may be new or
///   differently cased, timestamps may have any precision, unknown members are kept in `extra`.
pub fn generation_view(spec: &Value) -> Value {
    let mut v = spec.clone();
    if let Some(Value::Object(paths)) = v.get_mut("paths") {
        for item in paths.values_mut() {
            for m in METHODS {
                let Some(responses) = item.get_mut(*m).and_then(|op| op.get_mut("responses")).and_then(Value::as_object_mut)
                else {
                    continue;
                };
                responses.retain(|code, _| code.starts_with('2'));
                let mut first: Option<Value> = None;
                responses.retain(|_, r| {
                    let body = r.get("content").cloned().unwrap_or(Value::Null);
                    match &first {
                        None => {
                            first = Some(body);
                            true
                        }
                        Some(f) => *f == body,
                    }
                });
            }
        }
    }
    walk_keyword_objects(&mut v, &mut |m, key| {
        // `anyOf`/`oneOf` (search query trees, policy rules, boolean-discriminated unions) become
        // any JSON value: typify cannot represent the recursive, nullable forms used here, and
        // real answers use shapes outside the declared alternatives.
        if m.contains_key("anyOf") || m.contains_key("oneOf") {
            m.clear();
            return;
        }
        if key == "parameters" || m.contains_key("in") {
            return; // parameter objects keep `required`
        }
        for k in ["required", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "discriminator", "readOnly", "writeOnly", "default"] {
            if k == "required" && m.get(k).is_some_and(Value::is_boolean) {
                continue; // `required: true` of a request body
            }
            m.remove(k);
        }
        if m.get("format").and_then(Value::as_str).is_some_and(|f| !["int32", "int64", "float", "double"].contains(&f)) {
            m.remove("format");
        }
        // Unknown members are kept, in each object's `extra` map.
        if m.contains_key("properties") && m.get("additionalProperties").is_none_or(|a| a == &Value::Bool(false)) {
            m.insert("additionalProperties".into(), Value::Bool(true));
        }
    });
    // Parameter schemas are loosened too (enums and formats), but keep `required`. A query
    // parameter whose schema is an object or an array of objects (deprecated `sortBy`,
    // `counts`) has no defined serialization: the client takes it as preformatted text.
    let snapshot = v.clone();
    walk_keyword_objects(&mut v, &mut |m, _| {
        if m.contains_key("in") {
            let structured = m.get("schema").is_some_and(|s| {
                let s = s.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(&snapshot, r)).unwrap_or(s);
                let items = s.get("items").map(|i| {
                    i.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(&snapshot, r)).unwrap_or(i)
                });
                s.get("type") == Some(&json!("object"))
                    || s.get("properties").is_some()
                    || items.is_some_and(|i| i.get("type") == Some(&json!("object")) || i.get("properties").is_some())
            });
            if structured {
                m.insert("schema".into(), json!({ "type": "string" }));
            } else if let Some(r) = m.get("schema").and_then(|s| s.get("$ref")).and_then(Value::as_str) {
                // A parameter typed by a named scalar schema (`AccountId`) takes plain values.
                if let Some(target) = json::resolve(&snapshot, r) {
                    m.insert("schema".into(), target.clone());
                }
            }
            if let Some(Value::Object(s)) = m.get_mut("schema") {
                for k in ["enum", "format", "pattern", "minimum", "maximum", "default"] {
                    if k == "format" && s.get(k).and_then(Value::as_str).is_some_and(|f| f.starts_with("int")) {
                        continue;
                    }
                    s.remove(k);
                }
            }
        }
    });
    v
}

fn generate_family(family: &str, spec: &Value, spec_text: &str) -> Result<String> {
    let view = generation_view(spec);
    let api: openapiv3::OpenAPI = serde_json::from_value(view).context("generation view is not OpenAPI 3.0")?;
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_inner_type(quote::quote! { crate::Hooks })
        .with_hooks(progenitor::HooksMode::Expected)
        .with_derive("PartialEq");
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(&api).map_err(|e| anyhow!("progenitor: {e}"))?;
    let mut file: syn::File = syn::parse2(tokens).context("progenitor output does not parse")?;
    let ids: BTreeMap<String, String> = json::operations(spec)
        .into_iter()
        .map(|(_, _, op)| {
            let id = op["operationId"].as_str().unwrap_or_default().to_string();
            (pascal(&id), id)
        })
        .collect();
    let (impls, hook_ids) = operation_impls(&file, &ids)?;
    file.items.extend(impls);
    // progenitor reports its own (snake_case) name to hooks; this maps it back to the spec's id.
    let pairs = hook_ids.iter().map(|(hook, id)| quote::quote! { (#hook, #id) });
    file.items.push(syn::parse_quote! {
        /// (progenitor method name, operationId) of every operation of this family.
        pub const OPERATION_IDS: &[(&str, &str)] = &[#(#pairs),*];
    });
    let body = prettyplease::unparse(&file);
    let sha: String = Sha256::digest(spec_text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "// Generated by `cargo xtask codegen` from specs/{family}.json (sha-256 {sha}).\n// Do not edit: change the spec or its overlay, then run `cargo xtask codegen`.\n\n{body}"
    ))
}

/// Reads the generated client's methods ("Sends a `GET` request to `/path`") to map each
/// operation to its Rust method name.
fn rust_methods(code: &str) -> Result<BTreeMap<(String, String), (String, String)>> {
    let file = syn::parse_file(code)?;
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(tp) = &*imp.self_ty else { continue };
        if imp.trait_.is_some() || tp.path.segments.last().is_none_or(|s| s.ident != "Client") {
            continue;
        }
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            for attr in &f.attrs {
                let syn::Meta::NameValue(nv) = &attr.meta else { continue };
                let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value else { continue };
                let doc = s.value();
                if let Some(rest) = doc.trim().strip_prefix("Sends a `") {
                    let (method, rest) = rest.split_once('`').unwrap_or_default();
                    let path = rest.split('`').nth(1).unwrap_or_default();
                    let builder = match &f.sig.output {
                        syn::ReturnType::Type(_, t) => match &**t {
                            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
                            _ => String::new(),
                        },
                        _ => String::new(),
                    };
                    out.insert((method.to_lowercase(), path.to_string()), (f.sig.ident.to_string(), builder));
                }
            }
        }
    }
    Ok(out)
}

fn manifest_entries(family: &str, spec: &Value, code: &str) -> Result<Vec<Value>> {
    let methods = rust_methods(code)?;
    let server = spec.pointer("/servers/0/url").and_then(Value::as_str).unwrap_or("");
    let prefix = server.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
    let mut out = vec![];
    for (path, method, op) in json::operations(spec) {
        let id = op["operationId"].as_str().unwrap_or_default();
        let (rust, builder) = methods
            .get(&(method.clone(), path.clone()))
            .ok_or_else(|| anyhow!("{family}: no generated method for {} {path}", method.to_uppercase()))?;
        let item = &spec["paths"][&path];
        let mut params = vec![];
        for list in [item.get("parameters"), op.get("parameters")].into_iter().flatten() {
            for p in list.as_array().into_iter().flatten() {
                let p = p.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(spec, r)).unwrap_or(p);
                params.push(json!({
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required").cloned().unwrap_or(Value::Bool(false)),
                }));
            }
        }
        let success: Vec<&String> = op["responses"].as_object().map(|r| r.keys().filter(|k| k.starts_with('2')).collect()).unwrap_or_default();
        out.push(json!({
            "family": family,
            "operation_id": id,
            "rust_method": rust,
            "rust_builder": builder,
            "method": method.to_uppercase(),
            "path": path,
            "full_path": format!("{prefix}{path}"),
            "deprecated": op.get("deprecated").cloned().unwrap_or(Value::Bool(false)),
            "parameters": params,
            "body": op.get("requestBody").is_some(),
            "success": success,
        }));
    }
    Ok(out)
}

/// progenitor's builder name for an operationId (`getOrgs` -> `GetOrgs`).
fn pascal(id: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    let mut prev_lower = false;
    for c in id.chars() {
        if c == '_' || c == '-' || c == ' ' {
            upper = true;
            continue;
        }
        if upper || (c.is_ascii_uppercase() && prev_lower) {
            out.push(c.to_ascii_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        upper = false;
    }
    out
}

/// One `impl crate::Operation` per request builder, so the ergonomic crate can send any
/// builder generically. The output type is read from the builder's `send` signature.
fn operation_impls(file: &syn::File, ids: &BTreeMap<String, String>) -> Result<(Vec<syn::Item>, Vec<(String, String)>)> {
    let mut out = vec![];
    let mut hook_ids = vec![];
    let builder_mod = file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|c| &c.1),
        _ => None,
    });
    for item in builder_mod.into_iter().flatten() {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(tp) = &*imp.self_ty else { continue };
        let name = tp.path.segments.last().unwrap().ident.clone();
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            if f.sig.ident != "send" {
                continue;
            }
            let syn::ReturnType::Type(_, ret) = &f.sig.output else { continue };
            // Result<ResponseValue<T>, Error<E>>
            let ok = first_generic(ret).and_then(first_generic).ok_or_else(|| anyhow!("{name}: unexpected send() type"))?;
            let id = ids
                .iter()
                .find(|(p, _)| p.to_lowercase() == name.to_string().to_lowercase())
                .map(|(_, id)| id.clone())
                .ok_or_else(|| anyhow!("no operationId for builder {name}"))?;
            let body = quote::ToTokens::to_token_stream(&f.block).to_string();
            let hook = body
                .split("operation_id :")
                .nth(1)
                .and_then(|r| r.split('"').nth(1))
                .ok_or_else(|| anyhow!("{name}: no OperationInfo in send()"))?;
            hook_ids.push((hook.to_string(), id.clone()));
            out.push(syn::parse_quote! {
                impl<'a> crate::Operation<'a> for builder::#name<'a> {
                    type Output = #ok;
                    const OPERATION_ID: &'static str = #id;
                    fn send(self) -> crate::BoxFuture<'a, ::std::result::Result<ResponseValue<Self::Output>, Error<()>>> {
                        ::std::boxed::Box::pin(builder::#name::send(self))
                    }
                }
            });
        }
    }
    Ok((out, hook_ids))
}

fn first_generic(t: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = t else { return None };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}
