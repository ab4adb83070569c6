//! `cargo xtask specs import`: upstream OpenAPI document -> `specs/<family>.json`.
//!
//! The importer keeps API facts (paths, parameters, schemas, enums, status codes) and drops
//! prose. Per-family corrections live in `specs/overlays/<family>.json`; generic rules live
//! here. Every rule is documented in `specs/README.md`.

use crate::json::{self, operations, rewrite_refs, walk_keyword_objects, METHODS};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct ImportOptions {
    pub from: Option<PathBuf>,
    pub family: Option<String>,
    pub check: bool,
}

/// One entry of `specs/sources.toml`.
pub struct Source {
    pub family: String,
    pub upstream: String,
    pub table: toml::Table,
}

pub fn load_sources() -> Result<Vec<Source>> {
    let path = crate::root().join("specs/sources.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let table: toml::Table = text.parse().context("parsing specs/sources.toml")?;
    let mut out = vec![];
    for (family, v) in table {
        let t = v.as_table().ok_or_else(|| anyhow!("sources.toml: [{family}] is not a table"))?.clone();
        let upstream = t.get("upstream").and_then(|u| u.as_str()).ok_or_else(|| anyhow!("sources.toml: [{family}] has no upstream"))?.to_string();
        out.push(Source { family, upstream, table: t });
    }
    Ok(out)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn fetch(url: &str) -> Result<Vec<u8>> {
    let out = std::process::Command::new("curl")
        .args(["-fsSL", "--max-time", "60", url])
        .output()
        .map_err(|e| anyhow!("could not run curl to download {url}: {e}; pass --from DIR instead"))?;
    if !out.status.success() {
        bail!(
            "could not download {url} (curl exit {}): {}; pass --from DIR with local copies instead",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

fn read_input(opts: &ImportOptions, src: &Source, suffix: &str) -> Result<Option<Vec<u8>>> {
    match &opts.from {
        Some(dir) => {
            let p = dir.join(format!("{}{suffix}", src.family));
            if p.exists() {
                Ok(Some(std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?))
            } else if suffix == ".json" {
                bail!("{} does not exist", p.display())
            } else {
                Ok(None)
            }
        }
        None if suffix == ".json" => Ok(Some(fetch(&src.upstream)?)),
        None => Ok(None),
    }
}

pub fn import(opts: &ImportOptions) -> Result<()> {
    let root = crate::root();
    let mut sources = load_sources()?;
    if let Some(f) = &opts.family {
        if !sources.iter().any(|s| &s.family == f) {
            bail!("unknown family `{f}` (see specs/sources.toml)");
        }
    }
    let mut stale = vec![];
    let mut today = None;
    for src in sources.iter_mut() {
        if opts.family.as_ref().is_some_and(|f| f != &src.family) {
            continue;
        }
        let main = read_input(opts, src, ".json")?.expect("main document");
        let additions = read_input(opts, src, ".additions.json")?;
        let upstream: Value = serde_json::from_slice(&main).with_context(|| format!("{}: upstream is not JSON", src.family))?;
        let additions: Option<Value> =
            additions.as_deref().map(serde_json::from_slice).transpose().with_context(|| format!("{}: additions are not JSON", src.family))?;
        let overlay_path = root.join(format!("specs/overlays/{}.json", src.family));
        let overlay: Value = if overlay_path.exists() {
            serde_json::from_str(&std::fs::read_to_string(&overlay_path)?).with_context(|| format!("parsing {}", overlay_path.display()))?
        } else {
            json!({})
        };
        let doc = normalize(&src.family, upstream, additions, &overlay).with_context(|| format!("normalizing {}", src.family))?;
        let text = json::to_pretty(&doc);
        let out_path = root.join(format!("specs/{}.json", src.family));
        let old = std::fs::read_to_string(&out_path).ok();
        let mut hash = sha256(&main);
        if let Some(a) = read_input(opts, src, ".additions.json")? {
            hash = format!("{hash}+{}", sha256(&a));
        }
        let recorded = src.table.get("sha256").and_then(|v| v.as_str()).unwrap_or("");
        let changed = old.as_deref() != Some(text.as_str()) || recorded != hash;
        if opts.check {
            if changed {
                stale.push(src.family.clone());
            }
            continue;
        }
        print_drift(&src.family, old.as_deref(), &json::sorted(&doc));
        if changed {
            std::fs::write(&out_path, &text)?;
            src.table.insert("sha256".into(), hash.into());
            let d = today.get_or_insert_with(today_utc).clone();
            src.table.insert("imported".into(), d.into());
        }
    }
    if opts.check {
        if stale.is_empty() {
            println!("specs are up to date");
            return Ok(());
        }
        bail!("stale specs: {} (run `cargo xtask specs import --from <dir>`)", stale.join(", "));
    }
    write_sources(&sources)
}

fn write_sources(sources: &[Source]) -> Result<()> {
    let mut out = String::from(
        "# Upstream OpenAPI documents, one per API family.\n# `upstream` and `base_url` are maintained by hand; `sha256` (of the upstream input, `+` the\n# additions file when there is one) and `imported` are written by `cargo xtask specs import`.\n",
    );
    for s in sources {
        out.push_str(&format!("\n[{}]\n", s.family));
        for key in ["upstream", "base_url", "sha256", "imported"] {
            if let Some(v) = s.table.get(key) {
                out.push_str(&format!("{key} = {v}\n"));
            }
        }
    }
    std::fs::write(crate::root().join("specs/sources.toml"), out)?;
    Ok(())
}

fn today_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let days = secs.div_euclid(86_400);
    // Civil-from-days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Operation fingerprints for the drift report: "METHOD path" -> (operationId, op + reachable components).
fn fingerprints(doc: &Value) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for (path, method, op) in operations(doc) {
        let mut refs = BTreeSet::new();
        json::reachable_refs(doc, op, &mut refs);
        let mut fp = op.to_string();
        for r in &refs {
            fp.push_str(&json::resolve(doc, r).map(|v| v.to_string()).unwrap_or_default());
        }
        let id = op.get("operationId").and_then(Value::as_str).unwrap_or("?").to_string();
        out.insert(format!("{} {path}", method.to_uppercase()), (id, fp));
    }
    out
}

fn print_drift(family: &str, old: Option<&str>, new: &Value) {
    let new_fp = fingerprints(new);
    let old_fp = old.and_then(|t| serde_json::from_str::<Value>(t).ok()).map(|d| fingerprints(&d)).unwrap_or_default();
    let added: Vec<_> = new_fp.keys().filter(|k| !old_fp.contains_key(*k)).collect();
    let removed: Vec<_> = old_fp.keys().filter(|k| !new_fp.contains_key(*k)).collect();
    let changed: Vec<_> = new_fp.iter().filter(|(k, v)| old_fp.get(*k).is_some_and(|o| o != *v)).map(|(k, _)| k).collect();
    println!("{family}: {} operations; {} added, {} removed, {} changed", new_fp.len(), added.len(), removed.len(), changed.len());
    for (sign, list) in [("+", &added), ("-", &removed), ("~", &changed)] {
        for k in list.iter() {
            let id = new_fp.get(k.as_str()).or_else(|| old_fp.get(k.as_str())).map(|v| v.0.as_str()).unwrap_or("?");
            println!("  {sign} {k} ({id})");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization
// ---------------------------------------------------------------------------------------------

/// Runs the overlay and every generic rule. Pure: same inputs, same output.
pub fn normalize(family: &str, mut doc: Value, additions: Option<Value>, overlay: &Value) -> Result<Value> {
    if let Some(add) = additions {
        merge_additions(&mut doc, add)?;
    }
    apply_overlay(&mut doc, overlay)?;
    strip_prose(&mut doc);
    keep_root_facts(&mut doc);
    normalize_server_url(&mut doc);
    one_media_type(&mut doc);
    rename_components(&mut doc);
    fix_ref_siblings(&mut doc);
    fix_path_templates(&mut doc)?;
    check_operation_ids(family, &mut doc, overlay)?;
    fix_formats(&mut doc);
    fix_array_bounds(&mut doc);
    fix_patterns(&mut doc);
    fix_required(&mut doc);
    require_bodies(&mut doc);
    no_content(&mut doc);
    bearer_security(&mut doc);
    prune_unreferenced(&mut doc);
    Ok(doc)
}

fn merge_additions(doc: &mut Value, add: Value) -> Result<()> {
    let paths = doc["paths"].as_object_mut().ok_or_else(|| anyhow!("no paths"))?;
    for (p, item) in add["paths"].as_object().cloned().unwrap_or_default() {
        let target = paths.entry(p.clone()).or_insert_with(|| json!({}));
        for (m, op) in item.as_object().cloned().unwrap_or_default() {
            if target.get(&m).is_some() {
                bail!("additions redefine {} {p}", m.to_uppercase());
            }
            target[&m] = op;
        }
    }
    if let Some(comps) = add.get("components").and_then(Value::as_object) {
        for (section, entries) in comps {
            let dst = doc["components"].as_object_mut().ok_or_else(|| anyhow!("no components"))?.entry(section.clone()).or_insert_with(|| json!({}));
            for (name, v) in entries.as_object().cloned().unwrap_or_default() {
                // Same-named components are repeated in the additions for self-containment; the main
                // document's copy wins.
                if dst.get(&name).is_none() {
                    dst[&name] = v;
                }
            }
        }
    }
    Ok(())
}

/// Overlay format (all keys optional):
/// `operationIds`: {"METHOD /path": "newId"}; `operationIdPrefix`: prefix stripped from every id;
/// `patches`: [{"op": "set"|"remove"|"merge"|"append"|"copy", "path": JSON pointer, "value": ...,
/// "from": JSON pointer (copy)}]; a `why` member explains the patch.
fn apply_overlay(doc: &mut Value, overlay: &Value) -> Result<()> {
    if let Some(ids) = overlay.get("operationIds").and_then(Value::as_object) {
        for (key, id) in ids {
            let (method, path) = key.split_once(' ').ok_or_else(|| anyhow!("bad overlay key `{key}`"))?;
            let op = doc["paths"]
                .get_mut(path)
                .and_then(|item| item.get_mut(method.to_lowercase()))
                .ok_or_else(|| anyhow!("overlay names {key}, which the document does not have"))?;
            op["operationId"] = id.clone();
        }
    }
    for patch in overlay.get("patches").and_then(Value::as_array).cloned().unwrap_or_default() {
        let op = patch["op"].as_str().unwrap_or("");
        let ptr = patch["path"].as_str().ok_or_else(|| anyhow!("patch without path"))?;
        let value = patch.get("value").cloned().unwrap_or(Value::Null);
        let (parent_ptr, last) = ptr.rsplit_once('/').ok_or_else(|| anyhow!("bad pointer {ptr}"))?;
        let last = last.replace("~1", "/").replace("~0", "~");
        let patch_source = doc.clone();
        if op == "copy" {
            let from = patch["from"].as_str().ok_or_else(|| anyhow!("copy patch {ptr} without from"))?;
            let v = snapshot_pointer(&patch_source, from).ok_or_else(|| anyhow!("overlay copy: {from} not found"))?;
            doc.pointer_mut(parent_ptr).and_then(Value::as_object_mut).ok_or_else(|| anyhow!("{parent_ptr} is not an object"))?.insert(last, v);
            continue;
        }
        let parent = doc.pointer_mut(parent_ptr).ok_or_else(|| anyhow!("overlay patch {ptr}: parent not found"))?;
        match op {
            "set" => {
                parent.as_object_mut().ok_or_else(|| anyhow!("{parent_ptr} is not an object"))?.insert(last, value);
            }
            "remove" => {
                let removed = parent.as_object_mut().and_then(|m| m.remove(&last));
                if removed.is_none() {
                    bail!("overlay patch {ptr}: nothing to remove");
                }
            }
            "merge" => {
                let target = parent.get_mut(&last).ok_or_else(|| anyhow!("overlay patch {ptr}: not found"))?;
                for (k, v) in value.as_object().cloned().unwrap_or_default() {
                    target[k] = v;
                }
            }
            "append" => {
                let arr = parent.get_mut(&last).and_then(Value::as_array_mut).ok_or_else(|| anyhow!("overlay patch {ptr}: not an array"))?;
                for v in value.as_array().cloned().unwrap_or_default() {
                    if !arr.contains(&v) {
                        arr.push(v);
                    }
                }
            }
            other => bail!("unknown overlay op `{other}`"),
        }
    }
    Ok(())
}

fn snapshot_pointer(doc: &Value, ptr: &str) -> Option<Value> {
    doc.pointer(ptr).cloned()
}

/// Rule strip-prose: descriptions, summaries, examples, titles, tags and vendor extensions go.
fn strip_prose(doc: &mut Value) {
    const PROSE: &[&str] = &["description", "summary", "example", "examples", "externalDocs", "title", "tags"];
    walk_keyword_objects(doc, &mut |m, key| {
        if key == "info" {
            return;
        }
        m.retain(|k, _| !PROSE.contains(&k.as_str()) && !k.starts_with("x-"));
    });
    // OpenAPI requires a description on every response object: an empty one is the least prose.
    let describe = |responses: Option<&mut Value>| {
        for r in responses.and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
            if r.get("$ref").is_none() {
                r["description"] = Value::String(String::new());
            }
        }
    };
    describe(doc.pointer_mut("/components/responses"));
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            for m in METHODS {
                describe(item.get_mut(*m).and_then(|op| op.get_mut("responses")));
            }
        }
    }
}

fn keep_root_facts(doc: &mut Value) {
    let m = doc.as_object_mut().unwrap();
    m.retain(|k, _| ["openapi", "info", "servers", "paths", "components", "security"].contains(&k.as_str()));
    if let Some(info) = m.get_mut("info").and_then(Value::as_object_mut) {
        info.retain(|k, _| k == "title" || k == "version");
    }
}

/// Rule server-url: one server, no trailing slash (upstream `.../` + `/path` doubles the slash).
fn normalize_server_url(doc: &mut Value) {
    if let Some(url) = doc.pointer("/servers/0/url").and_then(Value::as_str) {
        let url = url.trim_end_matches('/').to_string();
        doc["servers"] = json!([{ "url": url }]);
    }
}

/// Rule one-media-type: `application/json` only (SCIM declares every body twice).
fn one_media_type(doc: &mut Value) {
    walk_keyword_objects(doc, &mut |m, _| {
        let Some(Value::Object(content)) = m.get_mut("content") else { return };
        if content.len() <= 1 && content.keys().all(|k| k == "application/json") {
            return;
        }
        let pick = content
            .get("application/json")
            .or_else(|| content.iter().find(|(k, _)| k.ends_with("json")).map(|(_, v)| v))
            .or_else(|| content.values().next())
            .cloned();
        if let Some(v) = pick {
            content.clear();
            content.insert("application/json".into(), v);
        }
    });
}

/// `Models.Errors.BadRequest` -> `ModelsErrorsBadRequest`.
fn component_name(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        let mut cs = part.chars();
        if let Some(c) = cs.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    out
}

/// Rule component-names: component names that are not identifiers (dots) are rewritten.
fn rename_components(doc: &mut Value) {
    let mut renames = BTreeMap::new();
    if let Some(comps) = doc.get_mut("components").and_then(Value::as_object_mut) {
        for (section, entries) in comps.iter_mut() {
            let Some(entries) = entries.as_object_mut() else { continue };
            let old: Vec<String> = entries.keys().cloned().collect();
            let mut fresh = Map::new();
            for name in old {
                let v = entries.remove(&name).unwrap();
                let new = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { name.clone() } else { component_name(&name) };
                if new != name {
                    renames.insert(format!("#/components/{section}/{name}"), format!("#/components/{section}/{new}"));
                }
                fresh.insert(new, v);
            }
            *entries = fresh;
        }
    }
    rewrite_refs(doc, &|r| renames.get(r).cloned());
    // Discriminator mappings hold references too.
    walk_keyword_objects(doc, &mut |m, _| {
        if let Some(Value::Object(map)) = m.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) {
            for v in map.values_mut() {
                if let Some(n) = v.as_str().and_then(|r| renames.get(r)) {
                    *v = Value::String(n.clone());
                }
            }
        }
    });
}

/// Rule ref-siblings: a `$ref` with sibling keys keeps only the reference; `nullable` survives
/// as `allOf: [$ref]` + `nullable`.
fn fix_ref_siblings(doc: &mut Value) {
    walk_keyword_objects(doc, &mut |m, _| {
        if !m.contains_key("$ref") || m.len() == 1 {
            return;
        }
        let r = m.remove("$ref").unwrap();
        let nullable = m.get("nullable") == Some(&Value::Bool(true));
        m.clear();
        if nullable {
            m.insert("allOf".into(), json!([{ "$ref": r }]));
            m.insert("nullable".into(), Value::Bool(true));
        } else {
            m.insert("$ref".into(), r);
        }
    });
}

fn template_params(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string())).collect()
}

fn declared_path_params(doc: &Value, item: &Value, op: &Value) -> Vec<String> {
    let mut names = vec![];
    for list in [item.get("parameters"), op.get("parameters")].into_iter().flatten() {
        for p in list.as_array().into_iter().flatten() {
            let p = p.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(doc, r)).unwrap_or(p);
            if p["in"] == "path" {
                if let Some(n) = p["name"].as_str() {
                    names.push(n.to_string());
                }
            }
        }
    }
    names
}

/// Rule path-templates: a template placeholder without a declared parameter is renamed to the
/// one declared path parameter that the template lacks; path items that then coincide merge.
fn fix_path_templates(doc: &mut Value) -> Result<()> {
    let snapshot = doc.clone();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let mut out = Map::new();
    for (path, item) in paths {
        let mut new_path = path.clone();
        for m in METHODS {
            let Some(op) = item.get(*m) else { continue };
            let declared = declared_path_params(&snapshot, &item, op);
            let in_template = template_params(&path);
            let undeclared: Vec<_> = in_template.iter().filter(|n| !declared.contains(n)).collect();
            let unused: Vec<_> = declared.iter().filter(|n| !in_template.contains(n)).collect();
            if let ([u], [d]) = (undeclared.as_slice(), unused.as_slice()) {
                new_path = path.replace(&format!("{{{u}}}"), &format!("{{{d}}}"));
            } else if !undeclared.is_empty() {
                bail!("{} {path}: placeholders {undeclared:?} have no parameter", m.to_uppercase());
            }
        }
        let target = out.entry(new_path.clone()).or_insert_with(|| json!({}));
        for (k, v) in item.as_object().cloned().unwrap_or_default() {
            if target.get(&k).is_some() && METHODS.contains(&k.as_str()) {
                bail!("{} {new_path} defined twice", k.to_uppercase());
            }
            target[&k] = v;
        }
    }
    doc["paths"] = Value::Object(out);
    Ok(())
}

/// Rule operation-ids: every operation has an identifier-like operationId (`operationIdPrefix`
/// of the overlay stripped), unique within the family.
fn check_operation_ids(family: &str, doc: &mut Value, overlay: &Value) -> Result<()> {
    let prefix = overlay.get("operationIdPrefix").and_then(Value::as_str).unwrap_or("");
    let mut seen = BTreeSet::new();
    let paths = doc["paths"].as_object_mut().unwrap();
    for (path, item) in paths.iter_mut() {
        for m in METHODS {
            let Some(op) = item.get_mut(*m) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                bail!("{family}: {} {path} has no operationId; name it in specs/overlays/{family}.json", m.to_uppercase());
            };
            let id = id.strip_prefix(prefix).unwrap_or(id).to_string();
            if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || id.is_empty() {
                bail!("{family}: {} {path}: operationId `{id}` is not an identifier; rename it in the overlay", m.to_uppercase());
            }
            if !seen.insert(id.clone()) {
                bail!("{family}: operationId `{id}` used twice");
            }
            op["operationId"] = Value::String(id);
        }
    }
    Ok(())
}

/// Rule formats: `uuid` is dropped (org and account IDs are not UUIDs on the wire), and so is
/// any format that is not a JSON Schema / OpenAPI format (`ISO 8601`, `1w 2d 3h 4m`, `int`).
fn fix_formats(doc: &mut Value) {
    const KNOWN: &[&str] = &["date-time", "date", "time", "email", "uri", "int32", "int64", "float", "double", "byte", "binary", "password"];
    walk_keyword_objects(doc, &mut |m, _| {
        if let Some(f) = m.get("format").and_then(Value::as_str) {
            if f == "int" {
                m.insert("format".into(), "int32".into());
            } else if !KNOWN.contains(&f) {
                m.remove("format");
            }
        }
    });
}

/// Rule array-bounds: `minimum`/`maximum` on an array mean `minItems`/`maxItems`.
fn fix_array_bounds(doc: &mut Value) {
    walk_keyword_objects(doc, &mut |m, _| {
        if m.get("type").and_then(Value::as_str) == Some("array") {
            for (from, to) in [("minimum", "minItems"), ("maximum", "maxItems")] {
                if let Some(v) = m.remove(from) {
                    m.insert(to.into(), v);
                }
            }
        }
    });
}

/// Rule patterns: regular expressions lose surrounding whitespace (user-management's
/// `AccountId` pattern ends in a newline, which no real ID matches).
fn fix_patterns(doc: &mut Value) {
    walk_keyword_objects(doc, &mut |m, _| {
        if let Some(Value::String(p)) = m.get_mut("pattern") {
            let t = p.trim().to_string();
            *p = t;
        }
    });
}

/// Rule required-declared: `required` names only properties the schema declares.
fn fix_required(doc: &mut Value) {
    walk_keyword_objects(doc, &mut |m, _| {
        let Some(Value::Object(props)) = m.get("properties") else { return };
        let props: BTreeSet<String> = props.keys().cloned().collect();
        if let Some(Value::Array(req)) = m.get_mut("required") {
            req.retain(|r| r.as_str().is_some_and(|r| props.contains(r)));
            if req.is_empty() {
                m.remove("required");
            }
        }
    });
}

/// Rule body-required: every request body the API defines is required.
fn require_bodies(doc: &mut Value) {
    let mut fix = |body: &mut Value| {
        if body.get("$ref").is_none() && body.get("content").is_some() {
            body["required"] = Value::Bool(true);
        }
    };
    if let Some(Value::Object(bodies)) = doc.pointer_mut("/components/requestBodies") {
        bodies.values_mut().for_each(&mut fix);
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            for m in METHODS {
                if let Some(b) = item.get_mut(*m).and_then(|op| op.get_mut("requestBody")) {
                    fix(b);
                }
            }
        }
    }
}

/// Rule no-content: a 204 answer has no body, whatever the document declares.
fn no_content(doc: &mut Value) {
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            for m in METHODS {
                if let Some(r) = item.get_mut(*m).and_then(|op| op.pointer_mut("/responses/204")).and_then(Value::as_object_mut) {
                    r.remove("content");
                }
            }
        }
    }
}

/// Rule bearer-security: one `bearerAuth` scheme, used by every operation; explicit
/// `Authorization` header parameters go (the client sends the key itself).
fn bearer_security(doc: &mut Value) {
    let comps = doc.as_object_mut().unwrap().entry("components").or_insert_with(|| json!({}));
    comps["securitySchemes"] = json!({ "bearerAuth": { "type": "http", "scheme": "bearer" } });
    doc["security"] = json!([{ "bearerAuth": [] }]);
    let snapshot = doc.clone();
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            for m in METHODS {
                let Some(op) = item.get_mut(*m).and_then(Value::as_object_mut) else { continue };
                op.remove("security");
                if let Some(Value::Array(params)) = op.get_mut("parameters") {
                    params.retain(|p| {
                        let p = p.get("$ref").and_then(Value::as_str).and_then(|r| json::resolve(&snapshot, r)).unwrap_or(p);
                        !(p["in"] == "header" && p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("authorization")))
                    });
                    if params.is_empty() {
                        op.remove("parameters");
                    }
                }
            }
        }
    }
}

/// Rule prune-unreferenced: components nothing refers to are dropped.
fn prune_unreferenced(doc: &mut Value) {
    loop {
        let mut roots = doc.clone();
        if let Some(c) = roots.get_mut("components").and_then(Value::as_object_mut) {
            c.clear();
        }
        let mut used = BTreeSet::new();
        json::reachable_refs(doc, &roots, &mut used);
        let mut removed = false;
        if let Some(comps) = doc.get_mut("components").and_then(Value::as_object_mut) {
            for (section, entries) in comps.iter_mut() {
                if section == "securitySchemes" {
                    continue;
                }
                if let Some(entries) = entries.as_object_mut() {
                    let before = entries.len();
                    entries.retain(|name, _| used.contains(&format!("#/components/{section}/{name}")));
                    removed |= entries.len() != before;
                }
            }
            comps.retain(|_, v| v.as_object().is_none_or(|m| !m.is_empty()));
        }
        if !removed {
            break;
        }
    }
}

#[allow(dead_code)]
pub fn family_file(family: &str) -> PathBuf {
    Path::new("specs").join(format!("{family}.json"))
}
