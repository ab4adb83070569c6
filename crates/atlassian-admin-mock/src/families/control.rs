//! Control API: `/admin/control/v1|v2/orgs/{orgId}/...` (policies, resources, auth policies).

use super::{empty, reply, Res};
use crate::extract::Req;
use crate::pagination as pg;
use crate::state::{ts, AuthTask, Policy, PolicyResource, State};
use crate::App;
use axum::extract::State as S;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

const PAGE: usize = 20;

pub fn routes() -> Router<App> {
    let v1 = "/admin/control/v1/orgs/{orgId}";
    let v2 = "/admin/control/v2/orgs/{orgId}";
    Router::new()
        .route(&format!("{v1}/policies"), get(list_policies).post(create_policy))
        .route(&format!("{v1}/policies/{{policyId}}"), get(get_policy).put(update_policy).delete(delete_policy))
        .route(&format!("{v2}/policies"), get(list_policies).post(create_policy))
        .route(&format!("{v2}/policies/{{policyId}}"), get(get_policy).put(update_policy))
        .route(&format!("{v2}/policies/publishDraftPolicies"), post(publish_drafts))
        .route(&format!("{v1}/policies/{{policyId}}/resources"), get(resources_v1).post(create_resource).delete(delete_resources))
        .route(&format!("{v1}/policies/{{policyId}}/resources/{{resourceId}}"), axum::routing::put(update_resource).delete(delete_resource))
        .route(&format!("{v2}/policies/{{policyId}}/resources"), get(resources_v2).post(attach_detach).delete(delete_resources))
        .route(&format!("{v1}/policies/{{policyId}}/validate"), get(validate))
        .route(&format!("{v1}/auth-policy/{{policyId}}/add-users"), post(add_users))
        .route(&format!("{v1}/auth-policy/task/{{taskId}}"), get(task_status))
        .route(&format!("{v1}/users/auth-policies/bulk-fetch"), post(bulk_fetch))
}

fn policy_json(p: &Policy) -> Value {
    json!({"id": p.id, "type": "policy", "attributes": {"name": p.name, "status": p.status, "type": p.ptype}})
}

fn pidx(st: &State, r: &Req) -> Result<usize, Response> {
    st.control_policies.iter().position(|p| p.id == r.p("policyId")).ok_or_else(|| r.err(404, "Policy not found."))
}

fn offset(r: &Req) -> Result<usize, Response> {
    match r.q("cursor") {
        None | Some("") => Ok(0),
        Some(c) => pg::cursor_offset(c).ok_or_else(|| r.err(400, "The cursor is invalid.")),
    }
}

/// `meta.next` carries the cursor, `links.next` the full URL of the next page.
fn page(r: &Req, items: Vec<Value>, off: usize, extra: &str) -> Res {
    let (data, next) = pg::slice(&items, off, PAGE);
    let mut meta = json!({"page_size": PAGE});
    let mut links = json!({"self": r.url(), "page_size": PAGE.to_string()});
    if let Some(n) = next {
        let c = pg::offset_cursor(n);
        links["next"] = json!(format!("{}{}?cursor={}{}", r.base, r.path, c, extra));
        meta["next"] = json!(c);
    }
    reply(200, json!({"data": data, "meta": meta, "links": links}))
}

async fn list_policies(S(app): S<App>, r: Req) -> Res {
    let off = offset(&r)?;
    let t = r.q("type");
    let st = app.st();
    // The v2 API manages data security policies only.
    let v2_only = r.path.contains("/control/v2/").then_some("data-security");
    let items = st.control_policies.iter().filter(|p| t.is_none_or(|t| p.ptype == t) && v2_only.is_none_or(|v| p.ptype == v)).map(policy_json).collect();
    page(&r, items, off, &t.map(|t| format!("&type={t}")).unwrap_or_default())
}

fn policy_body(r: &Req, need_id: bool) -> Result<(Option<String>, Map<String, Value>), Response> {
    let b = r.json_obj()?;
    let data = b.get("data").and_then(Value::as_object).ok_or_else(|| r.bad_request("'data' is required."))?;
    let id = if need_id { Some(r.req_str(data, "id")?) } else { None };
    let attrs = data.get("attributes").and_then(Value::as_object).cloned().ok_or_else(|| r.bad_request("'data.attributes' is required."))?;
    if let Some(s) = attrs.get("status") {
        // IP allowlist and data residency policies are enabled/disabled; data security
        // policies are draft/active (and the live API also reports `deleted`).
        let allowed: &[&str] = match attrs.get("type").and_then(Value::as_str) {
            Some("data-security") => &["draft", "active"],
            Some(_) => &["enabled", "disabled"],
            None => &["enabled", "disabled", "draft", "active"],
        };
        r.check_enum("data.attributes.status", s.as_str().unwrap_or(""), allowed)?;
    }
    Ok((id, attrs))
}

fn attr(a: &Map<String, Value>, k: &str) -> Option<String> {
    a.get(k).and_then(Value::as_str).map(String::from)
}

async fn create_policy(S(app): S<App>, r: Req) -> Res {
    let (_, a) = policy_body(&r, false)?;
    let mut st = app.st();
    let mut p = st.make_policy(
        &attr(&a, "type").unwrap_or_else(|| "data-security".into()),
        &attr(&a, "name").unwrap_or_else(|| "New policy".into()),
        &attr(&a, "status").unwrap_or_else(|| "enabled".into()),
        chrono::Utc::now(),
    );
    p.resources.clear();
    let v = policy_json(&p);
    let id = p.id.clone();
    st.control_policies.push(p);
    st.record("policy_created", &id, "policies");
    reply(202, json!({"data": v}))
}

async fn get_policy(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = pidx(&st, &r)?;
    reply(200, json!({"data": policy_json(&st.control_policies[i])}))
}

async fn update_policy(S(app): S<App>, r: Req) -> Res {
    let (id, a) = policy_body(&r, true)?;
    if id.as_deref() != Some(r.p("policyId")) {
        return Err(r.bad_request("'data.id' must match the policy in the path."));
    }
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let p = &mut st.control_policies[i];
    if let Some(n) = attr(&a, "name") {
        p.name = n;
    }
    if let Some(s) = attr(&a, "status") {
        p.status = s;
    }
    if let Some(t) = attr(&a, "type") {
        p.ptype = t;
    }
    let v = policy_json(p);
    let pid = p.id.clone();
    st.record("policy_updated", &pid, "policies");
    reply(202, json!({"data": v}))
}

async fn delete_policy(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let p = st.control_policies.remove(i);
    st.record("policy_deleted", &p.id, "policies");
    empty(202)
}

async fn publish_drafts(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let ops = b.get("policyOperations").and_then(Value::as_array).ok_or_else(|| r.bad_request("'policyOperations' is required."))?;
    let mut st = app.st();
    let mut messages = Vec::new();
    for op in ops {
        let o = op.as_object().ok_or_else(|| r.bad_request("'policyOperations' items must be objects."))?;
        let pid = r.req_str(o, "policyId")?;
        let action = r.req_str(o, "action")?;
        let cov = r.req_str(o, "policyCoverageLevel")?;
        let i = st.control_policies.iter().position(|p| p.id == pid).ok_or_else(|| r.err(404, "Policy not found."))?;
        if action == "DELETE" {
            st.control_policies.remove(i);
        } else {
            st.control_policies[i].status = "enabled".into();
        }
        let mid = st.new_id();
        let tid = st.new_id();
        messages.push(json!({"messageId": mid, "ticket": {"id": tid, "containerAri": format!("ari:cloud:platform::org/{}", st.org_id), "scope": cov}}));
    }
    reply(202, json!({"messages": messages}))
}

fn res_v1(x: &PolicyResource) -> Value {
    json!({"id": x.id, "applicationStatus": x.status, "meta": x.meta, "links": x.links})
}

async fn resources_v1(S(app): S<App>, r: Req) -> Res {
    let off = offset(&r)?;
    let st = app.st();
    let i = pidx(&st, &r)?;
    page(&r, st.control_policies[i].resources.iter().map(res_v1).collect(), off, "")
}

async fn resources_v2(S(app): S<App>, r: Req) -> Res {
    let off = offset(&r)?;
    let st = app.st();
    let i = pidx(&st, &r)?;
    let items = st.control_policies[i]
        .resources
        .iter()
        .map(|x| {
            json!({"parentResourceId": null, "resourceId": x.id, "resourceName": x.name, "createdAt": ts(&x.created_at), "updatedAt": ts(&x.created_at),
                   "resourceKey": x.name.to_uppercase(), "self": format!("https://{}.atlassian.net", x.name), "projectType": x.name,
                   "applicationStatus": if x.status == "validating" { "applying" } else { x.status.as_str() }, "type": "site", "resourceLogoUrls": {"default": ""}})
        })
        .collect();
    page(&r, items, off, "")
}

async fn create_resource(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let id = r.req_str(&b, "id")?;
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    if st.control_policies[i].resources.iter().any(|x| x.id == id) {
        return Err(r.err(409, "The resource is already attached to the policy."));
    }
    let res = PolicyResource {
        name: id.split(':').nth(2).unwrap_or("site").to_string(),
        id,
        status: "applying".into(),
        meta: b.get("meta").cloned().unwrap_or(json!({})),
        links: b.get("links").cloned().unwrap_or(json!({})),
        created_at: chrono::Utc::now(),
    };
    let v = res_v1(&res);
    st.control_policies[i].resources.push(res);
    reply(202, v)
}

async fn update_resource(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj_opt()?;
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let x = st.control_policies[i].resources.iter_mut().find(|x| x.id == r.p("resourceId")).ok_or_else(|| r.err(404, "Resource not found."))?;
    if let Some(m) = b.get("meta") {
        x.meta = m.clone();
    }
    if let Some(l) = b.get("links") {
        x.links = l.clone();
    }
    reply(202, res_v1(x))
}

async fn delete_resource(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let before = st.control_policies[i].resources.len();
    st.control_policies[i].resources.retain(|x| x.id != r.p("resourceId"));
    if before == st.control_policies[i].resources.len() {
        return Err(r.err(404, "Resource not found."));
    }
    empty(204)
}

async fn delete_resources(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    st.control_policies[i].resources.clear();
    empty(204)
}

async fn attach_detach(S(app): S<App>, r: Req) -> Res {
    let ops = match r.json()? {
        Value::Array(a) => a,
        _ => return Err(r.bad_request("The body must be an array of operations.")),
    };
    let mut parsed = Vec::new();
    for op in &ops {
        let o = op.as_object().ok_or_else(|| r.bad_request("Operations must be objects."))?;
        let kind = r.req_str(o, "operation")?;
        parsed.push((kind, r.req_str(o, "resourceAri")?));
    }
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let p = &mut st.control_policies[i];
    for (kind, ari) in parsed {
        p.resources.retain(|x| x.id != ari);
        if kind == "ADD" {
            p.resources.push(PolicyResource {
                name: ari.split(':').nth(2).unwrap_or("site").to_string(),
                id: ari,
                status: "applying".into(),
                meta: json!({}),
                links: json!({}),
                created_at: chrono::Utc::now(),
            });
        }
    }
    empty(202)
}

async fn validate(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    pidx(&st, &r)?;
    empty(202)
}

async fn add_users(S(app): S<App>, r: Req) -> Res {
    let users = r.req_str_array(&r.json_obj()?, "users")?;
    if users.is_empty() {
        return Err(r.bad_request("'users' must not be empty."));
    }
    let mut st = app.st();
    let i = pidx(&st, &r)?;
    let pid = st.control_policies[i].id.clone();
    let now = chrono::Utc::now().timestamp_millis();
    let mut ok = 0;
    let mut failed = Vec::new();
    for u in users {
        let acc = st.users.iter().find(|x| x.account_id == u || x.email.eq_ignore_ascii_case(&u)).map(|x| x.account_id.clone());
        match acc {
            Some(a) => {
                st.auth_policy_members.insert(a, (pid.clone(), now));
                ok += 1;
            }
            None => failed.push(u),
        }
    }
    let tid = st.new_id();
    st.tasks.push(AuthTask { id: tid.clone(), success: ok, failed_emails: failed });
    st.record("auth_policy_users_added", &pid, "policies");
    let link = format!("{}/admin/control/v1/orgs/{}/auth-policy/task/{}", r.base, st.org_id, tid);
    reply(202, json!({"taskId": tid, "taskLink": link}))
}

async fn task_status(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let t = st.tasks.iter().find(|t| t.id == r.p("taskId")).ok_or_else(|| r.err(404, "Task not found."))?;
    let reasons: Vec<Value> = if t.failed_emails.is_empty() {
        vec![]
    } else {
        vec![json!({"emails": t.failed_emails, "details": {"status": 404, "title": "Not Found", "detail": "No managed account matches."}})]
    };
    reply(200, json!({"inProgressCount": 0, "successCount": t.success, "failureCount": t.failed_emails.len(), "failureReasons": reasons}))
}

async fn bulk_fetch(S(app): S<App>, r: Req) -> Res {
    let ids = r.req_str_array(&r.json_obj()?, "accountIds")?;
    if ids.len() > 100 {
        return Err(r.bad_request("At most 100 account IDs may be fetched at once."));
    }
    let st = app.st();
    let out: Vec<Value> = ids
        .iter()
        .filter_map(|id| st.user(id))
        .map(|u| {
            let mut v = json!({"email": u.email, "name": u.name, "accountId": u.account_id});
            if let Some((pid, at)) = st.auth_policy_members.get(&u.account_id) {
                v["authPolicyInfo"] = json!({"policyId": pid, "dateAdded": at});
            }
            v
        })
        .collect();
    reply(200, Value::Array(out))
}
