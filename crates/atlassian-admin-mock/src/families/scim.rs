//! User provisioning: SCIM 2.0 under `/scim/directory/{directoryId}` and the
//! admin helpers under `/admin/user-provisioning/v1/org/{orgId}`.

use super::{empty, reply, Res};
use crate::extract::Req;
use crate::state::{ts, ScimGroup, ScimUser, State};
use crate::App;
use axum::extract::State as S;
use axum::response::Response;
use axum::routing::{delete, get, patch, post};
use axum::Router;
use serde_json::{json, Map, Value};

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ATLASSIAN_EXT: &str = "urn:scim:schemas:extension:atlassian-external:1.0";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

pub fn routes() -> Router<App> {
    let d = "/scim/directory/{directoryId}";
    let a = "/admin/user-provisioning/v1/org/{orgId}";
    Router::new()
        .route(&format!("{d}/Users"), get(list_users).post(create_user))
        .route(&format!("{d}/Users/{{userId}}"), get(get_user).put(put_user).patch(patch_user).delete(delete_user))
        .route(&format!("{d}/Groups"), get(list_groups).post(create_group))
        .route(&format!("{d}/Groups/{{id}}"), get(get_group).put(put_group).patch(patch_group).delete(delete_group))
        .route(&format!("{d}/Schemas"), get(schemas))
        .route(&format!("{d}/Schemas/{{urn}}"), get(schema))
        .route(&format!("{d}/ResourceTypes"), get(resource_types))
        .route(&format!("{d}/ResourceTypes/{{kind}}"), get(resource_type))
        .route(&format!("{d}/ServiceProviderConfig"), get(provider_config))
        .route(&format!("{a}/user/{{AAID}}/onlyDeleteUserInDB"), delete(only_delete_in_db))
        .route(&format!("{a}/user/{{aaId}}/get-scim-links"), get(links_for_account))
        .route(&format!("{a}/get-scim-links-for-email"), post(links_for_email))
        .route(&format!("{a}/scimDirectoryId/{{scimDirectoryId}}/scimUserId/{{scimUserId}}/unlink"), patch(unlink))
}

fn scim_err(r: &Req, status: u16, scim_type: &str, detail: &str) -> Response {
    r.err_code(status, scim_type, detail)
}

fn location(r: &Req, st: &State, kind: &str, id: &str) -> String {
    format!("{}/scim/directory/{}/{}/{}", r.base, st.directory_id, kind, id)
}

/// Apply `attributes` / `excludedAttributes` to a rendered resource.
fn project(r: &Req, mut v: Value) -> Value {
    let attrs = r.qs("attributes");
    let excluded = r.qs("excludedAttributes");
    if let Value::Object(m) = &mut v {
        if !attrs.is_empty() {
            m.retain(|k, _| k == "id" || k == "schemas" || attrs.iter().any(|a| a.split('.').next() == Some(k.as_str())));
        }
        m.retain(|k, _| !excluded.iter().any(|e| e == k));
    }
    v
}

fn user_json(r: &Req, st: &State, u: &ScimUser) -> Value {
    let mut v = u.doc.clone();
    v["id"] = json!(u.id);
    v["meta"] = json!({"resourceType": "User", "location": location(r, st, "Users", &u.id), "created": ts(&u.created), "lastModified": ts(&u.modified)});
    v["groups"] = st
        .scim_groups
        .iter()
        .filter(|g| g.members.contains(&u.id))
        .map(|g| json!({"type": "direct", "value": g.id, "display": g.display_name, "$ref": location(r, st, "Groups", &g.id)}))
        .collect();
    if let Some(a) = &u.account_id {
        v[ATLASSIAN_EXT] = json!({"atlassianAccountId": a});
    }
    if v.get("active").is_none() {
        v["active"] = json!(true);
    }
    v
}

fn group_json(r: &Req, st: &State, g: &ScimGroup) -> Value {
    let members: Vec<Value> = g
        .members
        .iter()
        .map(|m| {
            let display = st.scim_users.iter().find(|u| &u.id == m).and_then(|u| u.doc.get("displayName").cloned()).unwrap_or(Value::Null);
            json!({"type": "User", "value": m, "display": display, "$ref": location(r, st, "Users", m)})
        })
        .collect();
    let mut v = json!({"schemas": [GROUP_SCHEMA], "id": g.id, "displayName": g.display_name, "members": members,
        "meta": {"resourceType": "Group", "location": location(r, st, "Groups", &g.id), "created": ts(&g.created), "lastModified": ts(&g.modified)}});
    if let Some(e) = &g.external_id {
        v["externalId"] = json!(e);
    }
    v
}

// ---------- filters and paging ----------

/// A parsed `attr op "value"` clause.
struct Clause {
    path: String,
    op: String,
    value: String,
}

fn parse_filter(r: &Req, f: &str) -> Result<Vec<Clause>, Response> {
    let mut out = Vec::new();
    for part in f.split(" and ") {
        let part = part.trim();
        let mut it = part.splitn(3, ' ');
        let (Some(path), Some(op), Some(val)) = (it.next(), it.next(), it.next()) else {
            return Err(scim_err(r, 400, "invalidFilter", &format!("Unsupported filter: {f}")));
        };
        let op = op.to_lowercase();
        if !["eq", "ne", "co", "sw", "ew"].contains(&op.as_str()) {
            return Err(scim_err(r, 400, "invalidFilter", &format!("Unsupported filter operator '{op}'.")));
        }
        let value = val.trim().trim_matches('"').to_string();
        out.push(Clause { path: path.to_string(), op, value });
    }
    Ok(out)
}

fn lookup<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut cur = vec![v];
    for seg in path.split('.') {
        let mut next = Vec::new();
        for c in cur {
            let found = c.as_object().and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(seg)).map(|(_, v)| v));
            match found {
                Some(Value::Array(a)) => next.extend(a.iter()),
                Some(x) => next.push(x),
                None => {}
            }
        }
        cur = next;
    }
    cur
}

fn matches(v: &Value, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| {
        let vals = lookup(v, &c.path);
        let test = |x: &&Value| {
            let s = match x {
                Value::String(s) => s.to_lowercase(),
                other => other.to_string(),
            };
            let want = c.value.to_lowercase();
            match c.op.as_str() {
                "eq" => s == want,
                "ne" => s != want,
                "co" => s.contains(&want),
                "sw" => s.starts_with(&want),
                _ => s.ends_with(&want),
            }
        };
        if c.op == "ne" {
            vals.iter().all(&test)
        } else {
            vals.iter().any(test)
        }
    })
}

/// SCIM list paging: 1-based `startIndex`, `count` capped at 100.
fn list_window(r: &Req) -> Result<(usize, usize), Response> {
    let start = r.q("startIndex").and_then(|s| s.parse::<i64>().ok()).unwrap_or(1).max(1) as usize;
    let count = match r.q("count") {
        None => 100,
        Some(c) => c.parse::<i64>().map_err(|_| scim_err(r, 400, "invalidValue", "'count' must be an integer."))?.clamp(0, 100) as usize,
    };
    Ok((start, count))
}

/// A SCIM list page of `items`. Without a filter only the requested window is rendered, so a
/// page costs the same at any directory size; a filter has to look at every resource (it also
/// decides `totalResults`).
fn list_response<T>(r: &Req, items: &[T], clauses: &[Clause], render: impl Fn(&T) -> Value) -> Res {
    let (start, count) = list_window(r)?;
    let (total, page): (usize, Vec<Value>) = if clauses.is_empty() {
        (items.len(), items.iter().skip(start - 1).take(count).map(|x| project(r, render(x))).collect())
    } else {
        let all: Vec<Value> = items.iter().map(&render).filter(|v| matches(v, clauses)).collect();
        (all.len(), all.into_iter().skip(start - 1).take(count).map(|v| project(r, v)).collect())
    };
    reply(200, json!({"schemas": [LIST], "totalResults": total, "startIndex": start, "itemsPerPage": page.len(), "Resources": page}))
}

// ---------- users ----------

fn user_idx(st: &State, r: &Req) -> Result<usize, Response> {
    st.scim_users.iter().position(|u| u.id == r.p("userId")).ok_or_else(|| scim_err(r, 404, "", "User not found."))
}

async fn list_users(S(app): S<App>, r: Req) -> Res {
    let clauses = match r.q("filter") {
        Some(f) if !f.trim().is_empty() => parse_filter(&r, f)?,
        _ => vec![],
    };
    let st = app.st();
    list_response(&r, &st.scim_users, &clauses, |u| user_json(&r, &st, u))
}

fn primary_email(doc: &Value) -> Option<String> {
    let emails = doc.get("emails").and_then(Value::as_array)?;
    emails
        .iter()
        .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
        .or_else(|| emails.first())
        .and_then(|e| e.get("value")?.as_str().map(String::from))
}

/// Check a user document and strip server-owned members.
fn clean_user_doc(r: &Req, body: Value) -> Result<Value, Response> {
    let Value::Object(mut m) = body else { return Err(scim_err(r, 400, "invalidSyntax", "A SCIM User object is required.")) };
    match m.get("userName") {
        Some(Value::String(s)) if !s.trim().is_empty() => {}
        _ => return Err(scim_err(r, 400, "invalidValue", "'userName' is required.")),
    }
    if let Some(a) = m.get("active") {
        if !a.is_boolean() {
            return Err(scim_err(r, 400, "invalidValue", "'active' must be a boolean."));
        }
    }
    for k in ["id", "meta", "groups", ATLASSIAN_EXT] {
        m.remove(k);
    }
    if !m.contains_key("schemas") {
        m.insert("schemas".into(), json!([USER_SCHEMA]));
    }
    Ok(Value::Object(m))
}

fn user_name_taken(st: &State, name: &str, except: Option<&str>) -> bool {
    st.scim_users.iter().any(|u| Some(u.id.as_str()) != except && u.user_name().eq_ignore_ascii_case(name))
}

/// Mirror SCIM attributes onto the linked Atlassian account.
fn sync_account(st: &mut State, idx: usize) {
    let u = st.scim_users[idx].clone();
    let Some(acc) = u.account_id.clone() else { return };
    let email = primary_email(&u.doc);
    let name = u.doc.get("displayName").and_then(Value::as_str).map(String::from);
    let active = u.doc.get("active").and_then(Value::as_bool).unwrap_or(true);
    let title = u.doc.get("title").and_then(Value::as_str).map(String::from);
    let dept = u.doc.get(ENTERPRISE).and_then(|e| e.get("department")).or_else(|| u.doc.get("department")).and_then(Value::as_str).map(String::from);
    if let Some(a) = st.user_mut(&acc) {
        if let Some(e) = email {
            a.email = e;
        }
        if let Some(n) = name {
            a.name = n;
        }
        if let Some(t) = title {
            a.job_title = t;
        }
        if let Some(d) = dept {
            a.department = d;
        }
        a.membership_status = if active { "active" } else { "suspended" }.into();
    }
}

async fn create_user(S(app): S<App>, r: Req) -> Res {
    let doc = clean_user_doc(&r, r.json()?)?;
    let name = doc["userName"].as_str().unwrap_or_default().to_string();
    let mut st = app.st();
    if user_name_taken(&st, &name, None) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A user with userName '{name}' already exists in this directory.")));
    }
    let email = primary_email(&doc).unwrap_or_else(|| name.clone());
    let display = doc.get("displayName").and_then(Value::as_str).map(String::from).unwrap_or_else(|| name.clone());
    let account = match st.users.iter().find(|u| u.email.eq_ignore_ascii_case(&email)) {
        Some(u) => u.account_id.clone(),
        None => {
            let u = st.new_account(&email, &display, true);
            let id = u.account_id.clone();
            st.add_user(u);
            id
        }
    };
    let now = chrono::Utc::now();
    let id = st.new_id();
    st.scim_users.push(ScimUser { id: id.clone(), doc, account_id: Some(account), created: now, modified: now });
    let idx = st.scim_users.len() - 1;
    sync_account(&mut st, idx);
    st.record("scim_user_created", &id, "users");
    let v = project(&r, user_json(&r, &st, &st.scim_users[idx]));
    let mut resp = super::reply(201, v)?;
    if let Ok(h) = axum::http::HeaderValue::from_str(&location(&r, &st, "Users", &id)) {
        resp.headers_mut().insert("location", h);
    }
    Ok(resp)
}

async fn get_user(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = user_idx(&st, &r)?;
    reply(200, project(&r, user_json(&r, &st, &st.scim_users[i])))
}

async fn put_user(S(app): S<App>, r: Req) -> Res {
    let doc = clean_user_doc(&r, r.json()?)?;
    let mut st = app.st();
    let i = user_idx(&st, &r)?;
    let name = doc["userName"].as_str().unwrap_or_default().to_string();
    if user_name_taken(&st, &name, Some(r.p("userId"))) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A user with userName '{name}' already exists in this directory.")));
    }
    st.scim_users[i].doc = doc;
    st.scim_users[i].modified = chrono::Utc::now();
    sync_account(&mut st, i);
    let id = st.scim_users[i].id.clone();
    st.record("scim_user_updated", &id, "users");
    reply(200, project(&r, user_json(&r, &st, &st.scim_users[i])))
}

/// The `Operations` (RFC 7644) or `operations` (upstream document) array of a PATCH body.
fn patch_ops(r: &Req) -> Result<Vec<(String, Option<String>, Value)>, Response> {
    let b = r.json_obj()?;
    let ops = b
        .get("Operations")
        .or_else(|| b.get("operations"))
        .and_then(Value::as_array)
        .ok_or_else(|| scim_err(r, 400, "invalidSyntax", "'Operations' is required."))?;
    let mut out = Vec::new();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).map(str::to_lowercase).unwrap_or_default();
        if !["add", "replace", "remove"].contains(&kind.as_str()) {
            return Err(scim_err(r, 400, "invalidSyntax", &format!("Unsupported patch op '{kind}'.")));
        }
        let path = op.get("path").and_then(Value::as_str).map(String::from);
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        if kind != "remove" && value.is_null() {
            return Err(scim_err(r, 400, "invalidValue", "'value' is required for add and replace."));
        }
        if kind == "remove" && path.is_none() {
            return Err(scim_err(r, 400, "noTarget", "'path' is required for remove."));
        }
        out.push((kind, path, value));
    }
    Ok(out)
}

/// Split `a[b eq "c"].d` into (attr, Some((b, c)), Some(d)); handles extension URN prefixes.
fn split_path(path: &str) -> (String, Option<(String, String)>, Option<String>) {
    let (urn, rest) = match path.rfind(':') {
        Some(i) if path.starts_with("urn:") => (Some(&path[..i]), &path[i + 1..]),
        _ => (None, path),
    };
    let (attr, filter, sub) = if let Some(open) = rest.find('[') {
        let close = rest.find(']').unwrap_or(rest.len());
        let inner = &rest[open + 1..close];
        let mut it = inner.splitn(3, ' ');
        let f = match (it.next(), it.next(), it.next()) {
            (Some(a), Some(_), Some(v)) => Some((a.to_string(), v.trim_matches('"').to_string())),
            _ => None,
        };
        let sub = rest.get(close + 1..).and_then(|s| s.strip_prefix('.')).map(String::from);
        (rest[..open].to_string(), f, sub)
    } else if let Some((a, s)) = rest.split_once('.') {
        (a.to_string(), None, Some(s.to_string()))
    } else {
        (rest.to_string(), None, None)
    };
    match urn {
        Some(u) => (format!("{u}\u{0}{attr}"), filter, sub),
        None => (attr, filter, sub),
    }
}

/// Apply one RFC 7644 operation to a JSON document.
fn apply_op(doc: &mut Map<String, Value>, kind: &str, path: Option<&str>, value: &Value) {
    let Some(path) = path else {
        if let Value::Object(m) = value {
            for (k, v) in m {
                if let (Some(Value::Object(cur)), Value::Object(new)) = (doc.get_mut(k), v) {
                    for (k2, v2) in new {
                        cur.insert(k2.clone(), v2.clone());
                    }
                } else {
                    doc.insert(k.clone(), v.clone());
                }
            }
        }
        return;
    };
    let (attr, filter, sub) = split_path(path);
    let container: &mut Map<String, Value> = if let Some((urn, a)) = attr.split_once('\u{0}') {
        let ext = doc.entry(urn.to_string()).or_insert_with(|| json!({}));
        if !ext.is_object() {
            *ext = json!({});
        }
        let m = ext.as_object_mut().unwrap();
        return apply_simple(m, kind, a, filter, sub.as_deref(), value);
    } else {
        doc
    };
    apply_simple(container, kind, &attr, filter, sub.as_deref(), value);
}

fn apply_simple(m: &mut Map<String, Value>, kind: &str, attr: &str, filter: Option<(String, String)>, sub: Option<&str>, value: &Value) {
    let key = m.keys().find(|k| k.eq_ignore_ascii_case(attr)).cloned().unwrap_or_else(|| attr.to_string());
    match (filter, sub) {
        (Some((fa, fv)), sub) => {
            let arr = m.entry(key).or_insert_with(|| json!([]));
            let Value::Array(items) = arr else { return };
            let hit = |x: &Value| x.get(&fa).map(|v| v.as_str().map(|s| s.eq_ignore_ascii_case(&fv)).unwrap_or(false)).unwrap_or(false);
            match (kind, sub) {
                ("remove", None) => items.retain(|x| !hit(x)),
                (_, Some(s)) => {
                    let mut found = false;
                    for x in items.iter_mut().filter(|x| hit(x)) {
                        found = true;
                        if let Value::Object(o) = x {
                            if kind == "remove" {
                                o.remove(s);
                            } else {
                                o.insert(s.to_string(), value.clone());
                            }
                        }
                    }
                    if !found && kind != "remove" {
                        items.push(json!({ fa: fv, s: value }));
                    }
                }
                (_, None) => {
                    for x in items.iter_mut().filter(|x| hit(x)) {
                        *x = value.clone();
                    }
                }
            }
        }
        (None, Some(s)) => {
            if kind == "remove" {
                if let Some(Value::Object(o)) = m.get_mut(&key) {
                    o.remove(s);
                }
            } else {
                let o = m.entry(key).or_insert_with(|| json!({}));
                if !o.is_object() {
                    *o = json!({});
                }
                o.as_object_mut().unwrap().insert(s.to_string(), value.clone());
            }
        }
        (None, None) => match kind {
            "remove" => {
                m.remove(&key);
            }
            "add" => match (m.get_mut(&key), value) {
                (Some(Value::Array(cur)), Value::Array(new)) => {
                    for v in new {
                        if !cur.contains(v) {
                            cur.push(v.clone());
                        }
                    }
                }
                _ => {
                    m.insert(key, value.clone());
                }
            },
            _ => {
                m.insert(key, value.clone());
            }
        },
    }
}

async fn patch_user(S(app): S<App>, r: Req) -> Res {
    let ops = patch_ops(&r)?;
    let mut st = app.st();
    let i = user_idx(&st, &r)?;
    let mut doc = st.scim_users[i].doc.as_object().cloned().unwrap_or_default();
    for (kind, path, value) in &ops {
        apply_op(&mut doc, kind, path.as_deref(), value);
    }
    // "active" given as a string by some clients
    if let Some(Value::String(s)) = doc.get("active") {
        let b = s.eq_ignore_ascii_case("true");
        doc.insert("active".into(), json!(b));
    }
    let doc = clean_user_doc(&r, Value::Object(doc))?;
    let name = doc["userName"].as_str().unwrap_or_default().to_string();
    if user_name_taken(&st, &name, Some(r.p("userId"))) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A user with userName '{name}' already exists in this directory.")));
    }
    st.scim_users[i].doc = doc;
    st.scim_users[i].modified = chrono::Utc::now();
    sync_account(&mut st, i);
    let id = st.scim_users[i].id.clone();
    st.record("scim_user_updated", &id, "users");
    reply(200, project(&r, user_json(&r, &st, &st.scim_users[i])))
}

async fn delete_user(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = user_idx(&st, &r)?;
    let u = st.scim_users.remove(i);
    for g in &mut st.scim_groups {
        g.members.retain(|m| m != &u.id);
    }
    if let Some(a) = u.account_id.as_deref() {
        if let Some(acc) = st.user_mut(a) {
            acc.account_status = "inactive".into();
        }
    }
    st.record("scim_user_deleted", &u.id, "users");
    empty(204)
}

// ---------- groups ----------

fn group_idx(st: &State, r: &Req) -> Result<usize, Response> {
    st.scim_groups.iter().position(|g| g.id == r.p("id")).ok_or_else(|| scim_err(r, 404, "", "Group not found."))
}

async fn list_groups(S(app): S<App>, r: Req) -> Res {
    let clauses = match r.q("filter") {
        Some(f) if !f.trim().is_empty() => parse_filter(&r, f)?,
        _ => vec![],
    };
    let st = app.st();
    list_response(&r, &st.scim_groups, &clauses, |g| group_json(&r, &st, g))
}

fn member_ids(st: &State, r: &Req, v: &Value) -> Result<Vec<String>, Response> {
    let Some(arr) = v.as_array() else { return Ok(vec![]) };
    let mut out = Vec::new();
    for m in arr {
        let id = m.get("value").and_then(Value::as_str).ok_or_else(|| scim_err(r, 400, "invalidValue", "Members need a 'value'."))?;
        if !st.scim_users.iter().any(|u| u.id == id) {
            return Err(scim_err(r, 400, "invalidValue", &format!("Unknown member '{id}'.")));
        }
        if !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

fn group_body(r: &Req) -> Result<(String, Option<String>, Value), Response> {
    let b = r.json_obj()?;
    let name = match b.get("displayName") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(scim_err(r, 400, "invalidValue", "'displayName' is required.")),
    };
    Ok((name, b.get("externalId").and_then(Value::as_str).map(String::from), b.get("members").cloned().unwrap_or(Value::Null)))
}

fn group_name_taken(st: &State, name: &str, except: Option<&str>) -> bool {
    st.scim_groups.iter().any(|g| Some(g.id.as_str()) != except && g.display_name.eq_ignore_ascii_case(name))
}

async fn create_group(S(app): S<App>, r: Req) -> Res {
    let (name, ext, members) = group_body(&r)?;
    let mut st = app.st();
    if group_name_taken(&st, &name, None) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A group named '{name}' already exists in this directory.")));
    }
    let members = member_ids(&st, &r, &members)?;
    let now = chrono::Utc::now();
    let g = ScimGroup { id: st.new_id(), display_name: name, external_id: ext, members, created: now, modified: now };
    let v = group_json(&r, &st, &g);
    let id = g.id.clone();
    st.scim_groups.push(g);
    st.record("scim_group_created", &id, "groups");
    reply(201, v)
}

async fn get_group(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = group_idx(&st, &r)?;
    reply(200, project(&r, group_json(&r, &st, &st.scim_groups[i])))
}

async fn put_group(S(app): S<App>, r: Req) -> Res {
    let (name, ext, members) = group_body(&r)?;
    let mut st = app.st();
    let i = group_idx(&st, &r)?;
    if group_name_taken(&st, &name, Some(r.p("id"))) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A group named '{name}' already exists in this directory.")));
    }
    let members = member_ids(&st, &r, &members)?;
    let g = &mut st.scim_groups[i];
    g.display_name = name;
    g.external_id = ext;
    g.members = members;
    g.modified = chrono::Utc::now();
    reply(200, group_json(&r, &st, &st.scim_groups[i]))
}

async fn patch_group(S(app): S<App>, r: Req) -> Res {
    let ops = patch_ops(&r)?;
    let mut st = app.st();
    let i = group_idx(&st, &r)?;
    let g = st.scim_groups[i].clone();
    let mut doc = json!({"displayName": g.display_name, "externalId": g.external_id,
        "members": g.members.iter().map(|m| json!({"value": m})).collect::<Vec<_>>()});
    let m = doc.as_object_mut().unwrap();
    for (kind, path, value) in &ops {
        apply_op(m, kind, path.as_deref(), value);
    }
    let name = m.get("displayName").and_then(Value::as_str).unwrap_or("").to_string();
    if name.trim().is_empty() {
        return Err(scim_err(&r, 400, "invalidValue", "'displayName' must not be empty."));
    }
    if group_name_taken(&st, &name, Some(&g.id)) {
        return Err(scim_err(&r, 409, "uniqueness", &format!("A group named '{name}' already exists in this directory.")));
    }
    let members = member_ids(&st, &r, m.get("members").unwrap_or(&Value::Null))?;
    let ext = m.get("externalId").and_then(Value::as_str).map(String::from);
    let g = &mut st.scim_groups[i];
    g.display_name = name;
    g.external_id = ext;
    g.members = members;
    g.modified = chrono::Utc::now();
    let id = g.id.clone();
    st.record("scim_group_updated", &id, "groups");
    reply(200, project(&r, group_json(&r, &st, &st.scim_groups[i])))
}

async fn delete_group(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = group_idx(&st, &r)?;
    let g = st.scim_groups.remove(i);
    st.record("scim_group_deleted", &g.id, "groups");
    empty(204)
}

// ---------- discovery ----------

fn schema_doc(urn: &str) -> Option<Value> {
    let attr = |name: &str, t: &str, multi: bool| json!({"name": name, "type": t, "multiValued": multi, "required": name == "userName" || name == "displayName", "mutability": "readWrite", "returned": "default", "uniqueness": if name == "userName" { "server" } else { "none" }});
    let (name, attrs) = match urn {
        USER_SCHEMA => (
            "User",
            vec![
                attr("userName", "string", false),
                attr("name", "complex", false),
                attr("displayName", "string", false),
                attr("emails", "complex", true),
                attr("active", "boolean", false),
                attr("title", "string", false),
            ],
        ),
        GROUP_SCHEMA => ("Group", vec![attr("displayName", "string", false), attr("members", "complex", true)]),
        ENTERPRISE => ("EnterpriseUser", vec![attr("organization", "string", false), attr("department", "string", false)]),
        _ => return None,
    };
    Some(
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": urn, "name": name, "description": format!("{name} schema"), "attributes": attrs,
                "meta": {"resourceType": "Schema", "location": format!("/Schemas/{urn}")}}),
    )
}

async fn schemas(S(_app): S<App>, _r: Req) -> Res {
    let all: Vec<Value> = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE].iter().filter_map(|u| schema_doc(u)).collect();
    reply(200, json!({"schemas": [LIST], "totalResults": all.len(), "itemsPerPage": all.len(), "startIndex": 1, "Resources": all}))
}

async fn schema(S(_app): S<App>, r: Req) -> Res {
    schema_doc(r.p("urn")).map(|v| reply(200, v)).unwrap_or_else(|| Err(scim_err(&r, 404, "", "Schema not found.")))
}

fn resource_type_doc(kind: &str) -> Option<Value> {
    let (schema, ext) = match kind {
        "User" => (USER_SCHEMA, json!([{"schema": ENTERPRISE, "required": false}])),
        "Group" => (GROUP_SCHEMA, json!([])),
        _ => return None,
    };
    Some(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": kind, "name": kind, "endpoint": format!("/{kind}s"),
                "schema": schema, "schemaExtensions": ext, "meta": {"resourceType": "ResourceType", "location": format!("/ResourceTypes/{kind}")}}))
}

async fn resource_types(S(_app): S<App>, _r: Req) -> Res {
    let all: Vec<Value> = ["User", "Group"].iter().filter_map(|k| resource_type_doc(k)).collect();
    reply(200, json!({"schemas": [LIST], "totalResults": 2, "itemsPerPage": 2, "startIndex": 1, "Resources": all}))
}

async fn resource_type(S(_app): S<App>, r: Req) -> Res {
    resource_type_doc(r.p("kind")).map(|v| reply(200, v)).unwrap_or_else(|| Err(scim_err(&r, 404, "", "Resource type not found.")))
}

async fn provider_config(S(_app): S<App>, _r: Req) -> Res {
    reply(
        200,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://support.atlassian.com/provisioning-users/",
            "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": 100}, "changePassword": {"supported": false},
            "sort": {"supported": false}, "etag": {"supported": false},
            "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "Directory API key sent as a bearer token"}],
            "meta": {"resourceType": "ServiceProviderConfig", "location": "/ServiceProviderConfig"},
        }),
    )
}

// ---------- admin helpers ----------

fn link_json(st: &State, u: &ScimUser) -> Value {
    json!({"scimUserId": u.id, "atlassianAccountId": u.account_id, "orgId": st.org_id, "directoryId": st.directory_id})
}

async fn only_delete_in_db(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let aaid = r.p("AAID").to_string();
    let before = st.scim_users.len();
    st.scim_users.retain(|u| u.account_id.as_deref() != Some(aaid.as_str()));
    if before == st.scim_users.len() {
        return Err(scim_err(&r, 404, "", "No SCIM user is linked to this account."));
    }
    let live: Vec<String> = st.scim_users.iter().map(|u| u.id.clone()).collect();
    for g in &mut st.scim_groups {
        g.members.retain(|m| live.contains(m));
    }
    empty(204)
}

async fn links_for_account(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    if st.user(r.p("aaId")).is_none() {
        return Err(scim_err(&r, 404, "", "Account not found."));
    }
    let links: Vec<Value> = st.scim_users.iter().filter(|u| u.account_id.as_deref() == Some(r.p("aaId"))).map(|u| link_json(&st, u)).collect();
    reply(200, json!({"scimLinks": links}))
}

async fn links_for_email(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let email = match b.get("email") {
        Some(Value::String(s)) if s.contains('@') => s.to_lowercase(),
        _ => return Err(scim_err(&r, 400, "invalidValue", "'email' is required.")),
    };
    let st = app.st();
    let links: Vec<Value> = st
        .scim_users
        .iter()
        .filter(|u| u.user_name().eq_ignore_ascii_case(&email) || primary_email(&u.doc).is_some_and(|e| e.eq_ignore_ascii_case(&email)))
        .map(|u| link_json(&st, u))
        .collect();
    reply(200, json!({"scimLinks": links}))
}

async fn unlink(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    if r.p("scimDirectoryId") != st.directory_id {
        return Err(scim_err(&r, 404, "", "Directory not found."));
    }
    let u = st.scim_users.iter_mut().find(|u| u.id == r.p("scimUserId")).ok_or_else(|| scim_err(&r, 404, "", "SCIM user not found."))?;
    u.account_id = None;
    empty(204)
}
