//! Resource layer generation: `crates/atlassian-admin/resources.txt` + the manifest ->
//! `crates/atlassian-admin/src/generated/resources.rs` (handles, one method per operation,
//! the operation table).

use anyhow::{anyhow, bail, Result};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

#[derive(Clone, Debug)]
pub struct Seg {
    pub name: String,
    /// Names the bound value serves (`userId|accountId`); empty when nothing is bound.
    pub binds: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub chain: Vec<Seg>,
    pub method: String,
    pub family: String,
    pub operation_id: String,
    pub page: Option<(String, String)>,
    pub body_cursor: bool,
    pub replaced_by: Option<String>,
    /// A POST or PATCH that only reads: safe to send again (`repeat=safe`).
    pub repeat_safe: bool,
    /// Our one-line summary (`summaries.txt`).
    pub summary: String,
    /// The operation as resources.txt names it (`getOrgs`, `control:getPolicies`).
    pub key: String,
    pub op: Value,
}

impl Entry {
    /// Which key the operation needs, in words.
    pub fn key_needed(&self) -> &'static str {
        if self.family == "user-provisioning" {
            "the SCIM directory's API key"
        } else {
            "an organization admin API key"
        }
    }

    /// The deprecation note, if Atlassian deprecated the operation.
    fn deprecation(&self, all: &[Entry]) -> Result<Option<String>> {
        if self.op["deprecated"] != true {
            return Ok(None);
        }
        Ok(Some(match &self.replaced_by {
            Some(r) => {
                let rep = all.iter().find(|x| &x.operation_id == r && x.family == self.family).ok_or_else(|| anyhow!("replaced_by {r} unknown"))?;
                format!("deprecated by Atlassian; use `{}` ({r})", display_path(rep))
            }
            None => "deprecated by Atlassian, with no replacement in this API".to_string(),
        }))
    }
}

/// Sets each entry's summary from `summaries.txt` (`key  summary` lines, `#` comments): every
/// operation must have exactly one, and no line may name an unknown operation.
pub fn attach_summaries(entries: &mut [Entry], text: &str) -> Result<()> {
    let mut sums: BTreeMap<String, String> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, summary) = line.split_once(char::is_whitespace).ok_or_else(|| anyhow!("summaries.txt:{}: expected `operationId summary`", n + 1))?;
        let summary = summary.trim();
        if summary.is_empty() || summary.contains('`') || summary.contains('"') || !summary.ends_with('.') {
            bail!("summaries.txt:{}: a summary is one sentence ending in a period, without backticks or double quotes", n + 1);
        }
        if sums.insert(key.to_string(), summary.to_string()).is_some() {
            bail!("summaries.txt:{}: `{key}` summarized twice", n + 1);
        }
    }
    for e in entries.iter_mut() {
        e.summary = sums.remove(&e.key).ok_or_else(|| anyhow!("crates/atlassian-admin/summaries.txt has no summary for `{}`", e.key))?;
    }
    if let Some(k) = sums.keys().next() {
        bail!("summaries.txt: `{k}` is not an operation of resources.txt");
    }
    Ok(())
}

pub fn snake(name: &str) -> String {
    let mut out = String::new();
    let cs: Vec<char> = name.chars().collect();
    for (i, c) in cs.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && (cs[i - 1].is_ascii_lowercase() || cs[i - 1].is_ascii_digit());
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

fn camel(name: &str) -> String {
    name.split('_')
        .map(|p| {
            let mut c = p.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

pub fn parse(text: &str, manifest: &[Value]) -> Result<Vec<Entry>> {
    let mut out = vec![];
    let mut seen = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        let [chain, method, opref, opts @ ..] = cols.as_slice() else { bail!("resources.txt:{}: expected `chain method operationId [options]`", n + 1) };
        let chain: Vec<Seg> = chain
            .split('.')
            .map(|s| match s.split_once('(') {
                Some((name, rest)) => Seg { name: name.to_string(), binds: rest.trim_end_matches(')').split('|').map(str::to_string).collect() },
                None => Seg { name: s.to_string(), binds: vec![] },
            })
            .collect();
        let (fam, id) = match opref.split_once(':') {
            Some((f, i)) => (Some(f), i),
            None => (None, *opref),
        };
        let matches: Vec<&Value> = manifest.iter().filter(|m| m["operation_id"] == id && fam.is_none_or(|f| m["family"] == f)).collect();
        let op = match matches.as_slice() {
            [one] => (*one).clone(),
            [] => bail!("resources.txt:{}: no operation `{opref}` in the manifest", n + 1),
            _ => bail!("resources.txt:{}: `{id}` is ambiguous; write `family:{id}`", n + 1),
        };
        let family = op["family"].as_str().unwrap().to_string();
        if !seen.insert((family.clone(), id.to_string())) {
            bail!("resources.txt:{}: `{opref}` mapped twice", n + 1);
        }
        let mut e = Entry {
            chain,
            method: method.to_string(),
            family,
            operation_id: id.to_string(),
            page: None,
            body_cursor: false,
            replaced_by: None,
            repeat_safe: false,
            summary: String::new(),
            key: opref.to_string(),
            op,
        };
        for o in opts {
            match o.split_once('=') {
                Some(("page", v)) => {
                    let (style, key) = v.split_once(':').ok_or_else(|| anyhow!("page=STYLE:ITEMS"))?;
                    e.page = Some((style.to_string(), key.to_string()));
                }
                Some(("cursor", "body")) => e.body_cursor = true,
                Some(("cursor", "query")) => {}
                Some(("replaced_by", v)) => e.replaced_by = Some(v.to_string()),
                Some(("repeat", "safe")) => e.repeat_safe = true,
                _ => bail!("resources.txt:{}: unknown option `{o}`", n + 1),
            }
        }
        out.push(e);
    }
    for m in manifest {
        let key = (m["family"].as_str().unwrap().to_string(), m["operation_id"].as_str().unwrap().to_string());
        if !seen.contains(&key) {
            bail!("operation {}:{} is not in crates/atlassian-admin/resources.txt", key.0, key.1);
        }
    }
    Ok(out)
}

fn handle_name(chain: &[Seg]) -> String {
    chain.iter().map(|s| camel(&s.name)).collect::<String>()
}

/// The Rust expression of a public call path, e.g. `client.org(org_id).users().list()`.
pub fn display_path(e: &Entry) -> String {
    let root = if e.chain[0].name == "scim" { "scim" } else { "client" };
    let mut s = root.to_string();
    for seg in &e.chain {
        if seg.name == "scim" {
            continue;
        }
        match seg.binds.first() {
            Some(b) => write!(s, ".{}({})", seg.name, snake(b)).unwrap(),
            None => write!(s, ".{}()", seg.name).unwrap(),
        }
    }
    let args = method_args(e).iter().map(|(n, _)| n.clone()).collect::<Vec<_>>().join(", ");
    write!(s, ".{}({args})", e.method).unwrap();
    s
}

fn path_params(e: &Entry) -> Vec<String> {
    let path = e.op["path"].as_str().unwrap();
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string())).collect()
}

fn bound(e: &Entry, param: &str) -> Option<String> {
    if e.chain[0].name == "scim" && param == "directoryId" {
        return Some("directory_id".into());
    }
    e.chain.iter().find(|s| s.binds.iter().any(|b| b == param)).map(|s| snake(&s.binds[0]))
}

/// Arguments of the method: (name, path param or "body").
fn method_args(e: &Entry) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = path_params(e).into_iter().filter(|p| bound(e, p).is_none()).map(|p| (snake(&p), p)).collect();
    if e.op["body"] == true {
        out.push(("body".into(), "body".into()));
    }
    out
}

/// Type facts read from the generated family code.
pub struct Facts {
    /// builder name -> body type path (`types::X`)
    body: BTreeMap<String, String>,
    /// builder name -> Output type tokens
    output: BTreeMap<String, String>,
    /// type name -> field ident -> field type tokens (types and request builders)
    fields: BTreeMap<String, BTreeMap<String, String>>,
    /// request builder -> fields in declaration order
    builder_fields: BTreeMap<String, Vec<(String, String)>>,
}

pub fn facts(code: &str) -> Result<Facts> {
    use quote::ToTokens;
    let file = syn::parse_file(code)?;
    let mut f = Facts { body: BTreeMap::new(), output: BTreeMap::new(), fields: BTreeMap::new(), builder_fields: BTreeMap::new() };
    let ts = |t: &dyn ToTokens| t.to_token_stream().to_string().replace(' ', "");
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "builder" || m.ident == "types" => {
                for it in m.content.iter().flat_map(|c| c.1.iter()) {
                    match it {
                        syn::Item::Impl(imp) => {
                            let name = ts(&*imp.self_ty);
                            let name = name.split('<').next().unwrap().to_string();
                            for ii in &imp.items {
                                let syn::ImplItem::Fn(func) = ii else { continue };
                                if func.sig.ident == "body" {
                                    if let Some(wc) = &func.sig.generics.where_clause {
                                        if let Some(syn::WherePredicate::Type(pt)) = wc.predicates.first() {
                                            let b = ts(&pt.bounds);
                                            if let Some(inner) = b.strip_prefix("std::convert::TryInto<") {
                                                f.body.insert(name.clone(), inner.strip_suffix('>').unwrap_or(inner).to_string());
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        syn::Item::Struct(s) if m.ident == "builder" => {
                            let fields = s
                                .fields
                                .iter()
                                .filter_map(|fld| fld.ident.as_ref().map(|id| (id.to_string(), ts(&fld.ty))))
                                .filter(|(n, _)| n != "client")
                                .collect();
                            f.builder_fields.insert(s.ident.to_string(), fields);
                        }
                        syn::Item::Struct(s) if m.ident == "types" => {
                            let mut fields = BTreeMap::new();
                            for fld in &s.fields {
                                if let Some(id) = &fld.ident {
                                    fields.insert(id.to_string(), ts(&fld.ty));
                                }
                            }
                            f.fields.insert(s.ident.to_string(), fields);
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Impl(imp) if imp.trait_.as_ref().is_some_and(|t| ts(&t.1).contains("Operation")) => {
                let name = ts(&*imp.self_ty).trim_start_matches("builder::").split('<').next().unwrap().to_string();
                for ii in &imp.items {
                    if let syn::ImplItem::Type(t) = ii {
                        f.output.insert(name.clone(), ts(&t.ty));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(f)
}

/// `::std::option::Option<::std::vec::Vec<types::X>>` or `Vec<types::X>` -> `types::X`.
fn vec_item(ty: &str) -> Option<String> {
    let ty = &ty.replace(",>", ">");
    let start = ty.find("Vec<")? + 4;
    let end = ty.rfind('>')?;
    let inner = &ty[start..end];
    Some(inner.strip_suffix('>').unwrap_or(inner).to_string())
}

fn body_type(e: &Entry, facts: &BTreeMap<String, Facts>) -> Result<String> {
    let module = e.family.replace('-', "_");
    let builder = e.op["rust_builder"].as_str().unwrap();
    let bt = facts[&e.family].body.get(builder).ok_or_else(|| anyhow!("{builder}: no body type"))?;
    Ok(if bt.starts_with("types::") { format!("raw::{module}::{bt}") } else { bt.clone() })
}

pub fn generate(entries: &[Entry], facts: &BTreeMap<String, Facts>, samples: &BTreeMap<(String, String), Value>) -> Result<String> {
    let mut handles: BTreeMap<String, Vec<Seg>> = BTreeMap::new();
    for e in entries {
        for i in 1..=e.chain.len() {
            let prefix = e.chain[..i].to_vec();
            if prefix.len() == 1 && prefix[0].name == "scim" {
                continue;
            }
            handles.entry(handle_name(&prefix)).or_insert(prefix);
        }
    }
    let mut s = String::new();
    s.push_str(
        "// Generated by `cargo xtask codegen` from crates/atlassian-admin/resources.txt and specs/.\n// Do not edit: change resources.txt, then run `cargo xtask codegen`.\n\n",
    );
    s.push_str("use crate::call::Call;\nuse crate::client::{AdminClient, Core, ScimClient};\nuse crate::paginate::{PageStyle, Paginator};\nuse atlassian_admin_raw as raw;\nuse std::borrow::Cow;\nuse std::sync::Arc;\n\n");
    // Handle structs.
    for (name, chain) in &handles {
        let fields = bound_fields(chain);
        writeln!(s, "/// `{}`: see the methods for the operations it reaches.", chain_expr(chain)).unwrap();
        writeln!(s, "#[derive(Clone, Debug)]\npub struct {name} {{\n    c: Arc<Core>,").unwrap();
        for f in &fields {
            writeln!(s, "    {f}: String,").unwrap();
        }
        s.push_str("}\n\n");
    }
    // Children of each parent (root = "" for AdminClient, "Scim" for ScimClient).
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, chain) in &handles {
        let parent = if chain.len() == 1 {
            "".to_string()
        } else if chain.len() == 2 && chain[0].name == "scim" {
            "Scim".to_string()
        } else {
            handle_name(&chain[..chain.len() - 1])
        };
        children.entry(parent).or_default().insert(name.clone());
    }
    let mut methods: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        let owner = if e.chain.len() == 1 && e.chain[0].name == "scim" { "Scim".to_string() } else { handle_name(&e.chain) };
        methods.entry(owner).or_default().push(e);
    }
    let owners: BTreeSet<String> = children.keys().chain(methods.keys()).cloned().collect();
    for owner in owners {
        let (impl_head, self_fields, c_expr): (String, Vec<String>, &str) = match owner.as_str() {
            "" => ("impl AdminClient".into(), vec![], "self.core"),
            "Scim" => ("impl ScimClient".into(), vec!["directory_id".into()], "self.core"),
            h => (format!("impl {h}"), bound_fields(&handles[h]), "self.c"),
        };
        writeln!(s, "{impl_head} {{").unwrap();
        for child in children.get(&owner).into_iter().flatten() {
            let chain = &handles[child];
            let seg = chain.last().unwrap();
            let mut inits: Vec<String> =
                self_fields.iter().map(|f| if owner == "Scim" { format!("{f}: self.{f}.to_string()") } else { format!("{f}: self.{f}.clone()") }).collect();
            let arg = seg.binds.first().map(|b| snake(b));
            if let Some(a) = &arg {
                inits.push(format!("{a}: {a}.into()"));
            }
            writeln!(s, "    /// `{}`", chain_expr(chain)).unwrap();
            match &arg {
                Some(a) => writeln!(s, "    pub fn {}(&self, {a}: impl Into<String>) -> {child} {{", seg.name).unwrap(),
                None => writeln!(s, "    pub fn {}(&self) -> {child} {{", seg.name).unwrap(),
            }
            writeln!(s, "        {child} {{ c: {c_expr}.clone(), {} }}\n    }}", inits.join(", ")).unwrap();
        }
        for e in methods.get(&owner).into_iter().flatten() {
            write_method(&mut s, e, facts, entries, c_expr)?;
        }
        s.push_str("}\n\n");
    }
    // The families and their path prefixes, in manifest order.
    let mut families: Vec<(String, String)> = vec![];
    for e in entries {
        if !families.iter().any(|(f, _)| f == &e.family) {
            let (full, path) = (e.op["full_path"].as_str().unwrap(), e.op["path"].as_str().unwrap());
            let prefix = full.strip_suffix(path).ok_or_else(|| anyhow!("{}: full path does not end in the path", e.operation_id))?;
            families.push((e.family.clone(), prefix.to_string()));
        }
    }
    families.sort_by_key(|(f, _)| crate::codegen::FAMILIES.iter().position(|x| x == f));
    writeln!(
        s,
        "/// The API families, as named in `specs/` and in errors.\npub const FAMILIES: &[&str] = &[{}];\n",
        families.iter().map(|(f, _)| format!("{f:?}")).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    writeln!(
        s,
        "/// Each family's path prefix on the host (the `servers` URL of its spec).\npub(crate) const FAMILY_PREFIXES: &[(&str, &str)] = &[{}];\n",
        families.iter().map(|(f, p)| format!("({f:?}, {p:?})")).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    // Writes that only read (`repeat=safe`): the transport may send them again.
    writeln!(s, "/// (family, operationId) of the POSTs and PATCHes that only read (`repeat=safe` in resources.txt).\npub(crate) const READ_ONLY_WRITES: &[(&str, &str)] = &[{}];\n", entries.iter().filter(|e| e.repeat_safe).map(|e| format!("({:?}, {:?})", e.family, e.operation_id)).collect::<Vec<_>>().join(", ")).unwrap();
    for e in entries.iter().filter(|e| e.repeat_safe) {
        if !["POST", "PATCH"].contains(&e.op["method"].as_str().unwrap()) {
            bail!("{}: repeat=safe is only for POST or PATCH operations", e.operation_id);
        }
    }
    // The operation table.
    s.push_str("/// Every operation of every family and the method that sends it.\npub const OPERATIONS: &[crate::operations::OperationEntry] = &[\n");
    for e in entries {
        writeln!(
            s,
            "    crate::operations::OperationEntry {{ family: {:?}, operation_id: {:?}, method: {:?}, deprecated: {}, summary: {:?}, http_method: {:?}, path: {:?} }},",
            e.family,
            e.operation_id,
            display_path(e),
            e.op["deprecated"] == true,
            e.summary,
            e.op["method"].as_str().unwrap(),
            e.op["full_path"].as_str().unwrap(),
        )
        .unwrap();
    }
    s.push_str("];\n\n");
    // A constructor of every call, for the operation-table test.
    s.push_str("/// Builds every operation's call (nothing is sent) and returns its operationId and family.\n#[doc(hidden)]\n#[allow(deprecated)]\npub fn every_call(client: &AdminClient, scim: &ScimClient) -> Vec<(&'static str, &'static str)> {\n    let x = \"x\";\n    let _ = (client, scim);\n    vec![\n");
    for e in entries {
        let mut expr = display_path(e).replace("(org_id)", "(x)");
        for seg in &e.chain {
            if let Some(b) = seg.binds.first() {
                expr = expr.replace(&format!("({})", snake(b)), "(x)");
            }
        }
        let args = method_args(e);
        let mut arglist = vec![];
        for (_, p) in &args {
            arglist.push(if p == "body" {
                {
                    let t = body_type(e, facts)?;
                    let sample = samples.get(&(e.family.clone(), e.operation_id.clone())).cloned().unwrap_or(Value::Null);
                    format!("serde_json::from_value::<{t}>(serde_json::json!({sample})).expect(\"sample body\")")
                }
            } else {
                "x".to_string()
            });
        }
        let call = format!("{}({})", expr.rsplit_once('(').unwrap().0, arglist.join(", "));
        writeln!(s, "        ({call}.operation_id(), {:?}),", e.family).unwrap();
    }
    s.push_str("    ]\n}\n");
    format_generated(&s, "resources.rs")
}

fn bound_fields(chain: &[Seg]) -> Vec<String> {
    let mut f = vec![];
    if chain[0].name == "scim" {
        f.push("directory_id".to_string());
    }
    for seg in chain {
        if let Some(b) = seg.binds.first() {
            f.push(snake(b));
        }
    }
    f
}

fn chain_expr(chain: &[Seg]) -> String {
    chain
        .iter()
        .map(|s| match s.binds.first() {
            Some(b) => format!("{}({})", s.name, snake(b)),
            None if s.name == "scim" => "scim".into(),
            None => format!("{}()", s.name),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn write_method(s: &mut String, e: &Entry, facts: &BTreeMap<String, Facts>, all: &[Entry], c: &str) -> Result<()> {
    let module = e.family.replace('-', "_");
    let f = &facts[&e.family];
    let builder = e.op["rust_builder"].as_str().unwrap();
    let rust = e.op["rust_method"].as_str().unwrap();
    let bty = format!("raw::{module}::builder::{builder}<'static>");
    let args = method_args(e);
    let mut sig = vec!["&self".to_string()];
    let mut generics = String::new();
    let mut where_ = String::new();
    let _ = rust;
    let mut chain = format!("raw::{module}::builder::{builder}::from_client(Cow::Owned({c}.raw.{module}.clone()))");
    let mut ids = vec![];
    for p in path_params(e) {
        let setter = snake(&p);
        let value = match bound(e, &p) {
            Some(field) => format!("&*self.{field}"),
            None => snake(&p),
        };
        write!(chain, ".{setter}({value})").unwrap();
        ids.push(format!("({p:?}, {value})"));
    }
    for (name, p) in &args {
        if p == "body" {
            let bt = body_type(e, facts)?;
            generics = "<V>".into();
            where_ = format!(" where V: TryInto<{bt}>, <V as TryInto<{bt}>>::Error: std::fmt::Display");
            sig.push("body: V".into());
            write!(chain, ".body(body)").unwrap();
        } else {
            sig.push(format!("{name}: &str"));
        }
    }
    let deprecated = e.op["deprecated"] == true;
    writeln!(s, "    /// {}\n    ///", e.summary).unwrap();
    writeln!(
        s,
        "    /// `{} {}` ({}: `{}`); needs {}.",
        e.op["method"].as_str().unwrap(),
        e.op["full_path"].as_str().unwrap(),
        e.family,
        e.operation_id,
        e.key_needed()
    )
    .unwrap();
    if let Some(note) = e.deprecation(all)? {
        writeln!(s, "    #[deprecated(note = {note:?})]").unwrap();
    }
    let ids = ids.join(", ");
    match &e.page {
        None => {
            writeln!(s, "    pub fn {}{generics}({}) -> Call<{bty}>{where_} {{", e.method, sig.join(", ")).unwrap();
            writeln!(s, "        Call::new({chain}, &[{ids}])\n    }}").unwrap();
        }
        Some((style, key)) => {
            let out = f.output.get(builder).ok_or_else(|| anyhow!("{builder}: no output type"))?;
            let item = if key.is_empty() {
                vec_item(out)
            } else {
                let tname = out.trim_start_matches("types::");
                f.fields.get(tname).and_then(|fl| fl.get(&snake(key)).or_else(|| fl.get(&key.to_lowercase()))).and_then(|t| vec_item(t))
            }
            .ok_or_else(|| anyhow!("{builder}: cannot find the item type of `{key}` in {out}"))?;
            let item = if item.starts_with("types::") {
                format!("raw::{module}::{item}")
            } else if let Some(rest) = item.strip_prefix("crate::") {
                format!("raw::{rest}") // an open enum or union, named from the raw crate's root
            } else if item.starts_with("::") {
                item
            } else {
                format!("raw::{module}::types::{item}")
            };
            let (pstyle, set) = page_style(style, e.body_cursor)?;
            writeln!(s, "    pub fn {}{generics}({}) -> Paginator<{item}>{where_} {{", e.method, sig.join(", ")).unwrap();
            writeln!(s, "        self.{}_with({}|b| b)\n    }}", e.method, args.iter().map(|(n, _)| format!("{n}, ")).collect::<String>()).unwrap();
            writeln!(s, "    /// Like [`Self::{}`], with optional parameters set on the request builder; they are re-sent with every page.", e.method).unwrap();
            if deprecated {
                writeln!(s, "    #[deprecated(note = \"see the method without `_with`\")]").unwrap();
            }
            let g2 = if generics.is_empty() { "<F>".to_string() } else { "<V, F>".to_string() };
            let w2 = if where_.is_empty() { format!(" where F: FnOnce({bty}) -> {bty}") } else { format!("{where_}, F: FnOnce({bty}) -> {bty}") };
            writeln!(s, "    pub fn {}_with{g2}({}, configure: F) -> Paginator<{item}>{w2} {{", e.method, sig.join(", ")).unwrap();
            writeln!(s, "        Paginator::new(Call::new({chain}, &[{ids}]).configure(configure).into_raw(), PageStyle::{pstyle}, {key:?}, {set})\n    }}")
                .unwrap();
        }
    }
    Ok(())
}

/// `Result<Option<T>,String>` / `Result<T,String>` -> (T, optional).
fn setter_type(ty: &str) -> (String, bool) {
    let ty = &ty.replace(",>", ">");
    let inner = ty.strip_prefix("Result<").and_then(|t| t.strip_suffix(",String>")).unwrap_or(ty);
    match inner.strip_prefix("Option<").or_else(|| inner.strip_prefix("::std::option::Option<")) {
        Some(t) => (t.strip_suffix('>').unwrap_or(t).to_string(), true),
        None => (inner.to_string(), false),
    }
}

/// `generated/dynamic.rs`: every operation by name with JSON arguments (the bindings' entry point).
pub fn generate_dynamic(entries: &[Entry], facts: &BTreeMap<String, Facts>) -> Result<String> {
    let mut s = String::new();
    s.push_str("// Generated by `cargo xtask codegen` from crates/atlassian-admin/resources.txt and specs/.\n// Do not edit: change resources.txt, then run `cargo xtask codegen`.\n\n");
    s.push_str("use crate::call::Call;\nuse crate::client::Core;\nuse crate::dynamic::{send, Args};\nuse crate::error::{Error, Result};\nuse crate::paginate::{PageStyle, Paginator};\nuse atlassian_admin_raw as raw;\nuse serde_json::Value;\nuse std::borrow::Cow;\n\n");
    let mut call = String::from("/// Sends `family`/`operation_id` with JSON arguments.\npub(crate) async fn call(core: &Core, family: &str, operation_id: &str, mut a: Args) -> Result<Value> {\n    match (family, operation_id) {\n");
    let mut page = String::from("/// A paginator over a list operation with JSON arguments.\npub(crate) fn paginate<T: serde::de::DeserializeOwned + Send + 'static>(core: &Core, family: &str, operation_id: &str, mut a: Args) -> Result<Paginator<T>> {\n    match (family, operation_id) {\n");
    for e in entries {
        let module = e.family.replace('-', "_");
        let builder = e.op["rust_builder"].as_str().unwrap();
        let rust = e.op["rust_method"].as_str().unwrap();
        let f = &facts[&e.family];
        let fields = f.builder_fields.get(builder).ok_or_else(|| anyhow!("no fields for {builder}"))?;
        let _ = rust;
        let mut body = format!("let mut b = raw::{module}::builder::{builder}::from_client(Cow::Owned(core.raw.{module}.clone()));\n");
        let paths = path_params(e);
        let mut ids = vec![];
        for (i, p) in paths.iter().enumerate() {
            body.push_str(&format!("let p{i}: String = a.path({p:?}, {:?})?;\n", snake(p)));
            ids.push(format!("({p:?}, p{i}.as_str())"));
        }
        for prm in e.op["parameters"].as_array().unwrap() {
            let name = prm["name"].as_str().unwrap();
            let field = snake(name);
            let Some((_, ty)) = fields.iter().find(|(n, _)| *n == field) else { continue };
            if prm["in"] == "path" {
                let i = paths.iter().position(|p| p == name).unwrap();
                body.push_str(&format!("b = b.{field}(p{i}.as_str());\n"));
            } else {
                let (t, _) = setter_type(ty);
                let t = if t.starts_with("types::") { format!("raw::{module}::{t}") } else { t };
                body.push_str(&format!("if let Some(v) = a.opt::<{t}>({name:?}, {field:?})? {{ b = b.{field}(v); }}\n"));
            }
        }
        if e.op["body"] == true {
            let bt = body_type(e, facts)?;
            body.push_str(&format!("b = b.body(a.body::<{bt}>()?);\n"));
        }
        body.push_str("a.finish()?;\n");
        let ids = ids.join(", ");
        let key = format!("({:?}, {:?})", e.family, e.operation_id);
        writeln!(call, "        {key} => {{\n{body}send(Call::new(b, &[{ids}])).await\n        }}").unwrap();
        if let Some((style, items)) = &e.page {
            let (pstyle, set) = page_style(style, e.body_cursor)?;
            writeln!(
                page,
                "        {key} => {{\n{body}Ok(Paginator::new(Call::new(b, &[{ids}]).into_raw(), PageStyle::{pstyle}, {items:?}, {set}))\n        }}"
            )
            .unwrap();
        }
    }
    call.push_str("        _ => Err(Error::invalid_argument(format!(\"unknown operation {family}/{operation_id}\"))),\n    }\n}\n\n");
    page.push_str("        _ => Err(Error::invalid_argument(format!(\"{family}/{operation_id} is not a list operation\"))),\n    }\n}\n");
    s.push_str(&call);
    s.push_str(&page);
    format_generated(&s, "dynamic.rs")
}

/// `generated/resources.json`: the resolved resource map, for the Python and Node bindings'
/// resource layers (same handles, names and arguments as the Rust crate).
pub fn resources_json(entries: &[Entry]) -> Result<Value> {
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            let deprecation = e.deprecation(entries)?;
            let args: Vec<Value> = method_args(e).into_iter().map(|(name, p)| serde_json::json!({ "name": name, "param": p })).collect();
            let query: Vec<Value> = e.op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| serde_json::json!({ "name": snake(p["name"].as_str().unwrap()), "param": p["name"] }))
                .collect();
            let chain: Vec<Value> = e
                .chain
                .iter()
                .map(|s| serde_json::json!({ "name": s.name, "binds": s.binds.first().map(|b| serde_json::json!({"name": snake(b), "params": s.binds})) }))
                .collect();
            Ok(serde_json::json!({
                "family": e.family,
                "operation_id": e.operation_id,
                "chain": chain,
                "method": e.method,
                "call": display_path(e),
                "args": args,
                "query": query,
                "page": e.page.as_ref().map(|(style, items)| serde_json::json!({ "style": style, "items": items })),
                "summary": e.summary,
                "key": if e.family == "user-provisioning" { "scim" } else { "organization" },
                "key_needed": e.key_needed(),
                "deprecated": e.op["deprecated"],
                "deprecation": deprecation,
                "replaced_by": e.replaced_by,
                "repeat_safe": e.repeat_safe || !["POST", "PATCH"].contains(&e.op["method"].as_str().unwrap()),
                "http_method": e.op["method"],
                "path": e.op["full_path"],
            }))
        })
        .collect::<Result<_>>()?;
    Ok(serde_json::json!({ "operations": rows }))
}

/// The `PageStyle` variant and the cursor setter (a closure over the request builder) of a
/// `page=STYLE` option.
fn page_style(style: &str, body_cursor: bool) -> Result<(&'static str, &'static str)> {
    Ok(match (style, body_cursor) {
        ("cursor", false) => ("Cursor", "|b, c| b.cursor(c)"),
        ("cursor", true) => ("Cursor", "|b, c| b.body_map(|body| body.cursor(c))"),
        ("poll", false) => ("Poll", "|b, c| b.cursor(c)"),
        ("scim", _) => ("Scim", "|b, c| b.start_index(c.parse::<i64>().unwrap_or(1))"),
        ("single", _) => ("Single", "|b, _| b"),
        (o, _) => bail!("unknown page style {o}"),
    })
}

/// Parses generated source and pretty-prints it under its 3-line header. A draft that does not
/// parse is left in $TMPDIR for inspection.
fn format_generated(s: &str, name: &str) -> Result<String> {
    let file = match syn::parse_file(s) {
        Ok(f) => f,
        Err(e) => {
            let _ = std::fs::write(std::env::temp_dir().join(name), s);
            bail!("generated {name} does not parse ({e}); draft in $TMPDIR/{name}");
        }
    };
    let header: String = s.lines().take(3).map(|l| format!("{l}\n")).collect();
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}
