//! API access API: `/admin/api-access/v1/orgs/{orgId}/...` (tokens, keys, service accounts, OAuth clients).

use super::{empty, reply, Res};
use crate::extract::Req;
use crate::pagination as pg;
use crate::state::{ts, OAuthClient, ServiceAccount, State, User, UserToken};
use crate::App;
use axum::extract::State as S;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

pub fn routes() -> Router<App> {
    let b = "/admin/api-access/v1/orgs/{orgId}";
    Router::new()
        .route(&format!("{b}/api-tokens"), get(api_tokens).delete(revoke_all_tokens))
        .route(&format!("{b}/api-tokens/count"), get(api_token_count))
        .route(&format!("{b}/service-accounts"), get(list_sas).post(create_sa).patch(update_sa))
        .route(&format!("{b}/service-accounts/count"), post(count_sa_credentials))
        .route(&format!("{b}/service-accounts/api-tokens"), get(all_sa_tokens))
        .route(&format!("{b}/service-accounts/oauth-clients"), get(all_sa_clients))
        .route(&format!("{b}/service-accounts/{{serviceAccountId}}"), axum::routing::delete(delete_sa))
        .route(&format!("{b}/service-accounts/{{serviceAccountId}}/api-tokens"), get(sa_tokens).delete(revoke_sa_tokens))
        .route(&format!("{b}/service-accounts/{{serviceAccountId}}/oauth-clients"), get(sa_clients))
        .route(&format!("{b}/oauth-clients"), get(list_clients).post(create_client))
        .route(&format!("{b}/oauth-clients/count"), post(count_clients))
        .route(&format!("{b}/oauth-clients/{{clientId}}"), get(get_client).delete(delete_client))
        .route(&format!("{b}/api-keys"), get(api_keys))
        .route(&format!("{b}/api-keys/count"), get(api_key_count))
        .route(&format!("{b}/api-keys/revoke/{{apiKeyId}}"), axum::routing::patch(revoke_key))
}

/// Cursor paging: `links.self` / `links.next` hold bare cursors; filters are re-sent by the client.
fn page(r: &Req, items: Vec<Value>, size: usize) -> Res {
    page_of(r, &items, size, Value::clone)
}

/// [`page`] over unrendered items: only the page is rendered.
fn page_of<T>(r: &Req, items: &[T], size: usize, render: impl Fn(&T) -> Value) -> Res {
    let off = match r.q("cursor") {
        None | Some("") => 0,
        Some(c) => pg::cursor_offset(c).ok_or_else(|| r.err_code(400, "INVALID_FIELD_FORMAT", "The cursor is invalid."))?,
    };
    let (data, next) = pg::slice(items, off, size);
    let data: Vec<Value> = data.iter().map(render).collect();
    let mut links = json!({"self": pg::offset_cursor(off)});
    if off > 0 {
        links["prev"] = json!(pg::offset_cursor(off.saturating_sub(size)));
    }
    if let Some(n) = next {
        links["next"] = json!(pg::offset_cursor(n));
    }
    reply(200, json!({"data": data, "links": links}))
}

fn page_size(r: &Req, allowed: Option<&[usize]>) -> Result<usize, Response> {
    let Some(s) = r.q("pageSize") else { return Ok(20) };
    let n: usize = s.parse().map_err(|_| r.err_code(400, "INVALID_PAGE_SIZE", "'pageSize' must be an integer."))?;
    let ok = match allowed {
        Some(list) => list.contains(&n),
        None => (1..=1000).contains(&n),
    };
    if ok {
        Ok(n)
    } else {
        Err(r.err_code(400, "INVALID_PAGE_SIZE", &format!("'pageSize' {n} is not allowed.")))
    }
}

fn token_json(t: &UserToken, user: Value) -> Value {
    let mut v = json!({"id": t.id, "label": t.label, "status": if t.blocked { "BLOCKED" } else { "ALLOWED" },
        "createdAt": ts(&t.created_at), "expiresAt": ts(&t.expires_at), "user": user, "scopes": t.scopes});
    if let Some(l) = t.last_access {
        v["lastActiveAt"] = json!(ts(&l));
    }
    v
}

/// Organization-wide user API tokens after the request's filters, unrendered.
fn filtered_tokens<'a>(st: &'a State, r: &Req) -> Result<Vec<(&'a User, &'a UserToken)>, Response> {
    let status = r.q("status");
    if let Some(s) = status {
        if !["allowed", "blocked"].contains(&s.to_lowercase().as_str()) {
            return Err(r.err_code(400, "INVALID_API_TOKEN_SEARCH_QUERY", "'status' must be allowed or blocked."));
        }
    }
    let q = r.q("q").map(str::to_lowercase);
    let mut out = Vec::new();
    for u in &st.users {
        for t in &u.tokens {
            if status.is_some_and(|s| s.eq_ignore_ascii_case("blocked") != t.blocked) {
                continue;
            }
            if q.as_ref().is_some_and(|q| !(u.name.to_lowercase().contains(q) || u.email.contains(q) || t.label.to_lowercase().contains(q))) {
                continue;
            }
            out.push((u, t));
        }
    }
    Ok(out)
}

async fn api_tokens(S(app): S<App>, r: Req) -> Res {
    let size = page_size(&r, None)?;
    let sort = r.q("sort").unwrap_or("-createdAt");
    let allowed = ["label", "-label", "user.name", "-user.name", "createdAt", "-createdAt", "expiresAt", "-expiresAt", "lastActiveAt", "-lastActiveAt"];
    if !allowed.contains(&sort) {
        return Err(r.err_code(400, "INVALID_SORT", &format!("Unsupported sort '{sort}'.")));
    }
    let st = app.st();
    let mut items = filtered_tokens(&st, &r)?;
    match sort.trim_start_matches('-') {
        "label" => items.sort_by(|a, b| a.1.label.cmp(&b.1.label)),
        "user.name" => items.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
        _ => items.sort_by_key(|a| a.1.created_at),
    }
    if sort.starts_with('-') {
        items.reverse();
    }
    // Only the page is rendered; the sort itself still looks at every token.
    page_of(&r, &items, size, |(u, t)| token_json(t, json!({"id": u.account_id, "orgId": st.org_id, "name": u.name, "email": u.email})))
}

async fn api_token_count(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    reply(200, json!(filtered_tokens(&st, &r)?.len()))
}

async fn revoke_all_tokens(S(app): S<App>, _r: Req) -> Res {
    let mut st = app.st();
    for u in &mut st.users {
        u.tokens.clear();
    }
    let org = st.org_id.clone();
    st.record("api_token_revoked", &org, "api-tokens");
    empty(204)
}

fn sa_json(sa: &ServiceAccount, org: &str) -> Value {
    json!({"atlassianId": sa.atlassian_id, "id": sa.id, "email": sa.email, "displayName": sa.display_name, "picture": null,
           "container": format!("ari:cloud:platform::org/{org}"), "updatedAt": sa.updated_at, "status": "ACTIVE",
           "createdById": sa.created_by, "description": sa.description})
}

fn sa_idx(st: &State, r: &Req) -> Result<usize, Response> {
    let id = r.p("serviceAccountId");
    st.service_accounts.iter().position(|s| s.id == id || s.atlassian_id == id).ok_or_else(|| r.err_code(404, "GENERIC_ERROR", "Service account not found."))
}

async fn list_sas(S(app): S<App>, _r: Req) -> Res {
    let st = app.st();
    let items: Vec<Value> = st.service_accounts.iter().map(|s| sa_json(s, &st.org_id)).collect();
    reply(200, json!({"links": {"next": null, "prev": null}, "items": items, "total": st.service_accounts.len()}))
}

async fn create_sa(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let name = r.req_str(&b, "displayName")?;
    let rules = b.get("permissionRules").and_then(Value::as_array).ok_or_else(|| r.bad_request("'permissionRules' is required."))?;
    for rule in rules {
        let o = rule.as_object().ok_or_else(|| r.bad_request("'permissionRules' items must be objects."))?;
        r.req_str(o, "resource")?;
        r.req_str(o, "role")?;
    }
    let mut st = app.st();
    let id = st.new_id();
    let sa = ServiceAccount {
        atlassian_id: format!("712020:{}", st.new_id()),
        display_name: name,
        description: b.get("description").and_then(Value::as_str).map(String::from),
        email: format!("bot-{}@serviceaccount.atlassian.com", &id[..8]),
        id,
        updated_at: chrono::Utc::now().timestamp_millis(),
        created_by: st.users.first().map(|u| u.account_id.clone()).unwrap_or_default(),
        tokens: vec![],
    };
    let full = sa_json(&sa, &st.org_id);
    let v = json!({"atlassianId": full["atlassianId"], "id": full["id"], "email": full["email"], "displayName": full["displayName"],
                   "container": full["container"], "updatedAt": full["updatedAt"], "status": full["status"]});
    let sid = sa.id.clone();
    st.service_accounts.push(sa);
    st.record("service_account_created", &sid, "service-accounts");
    reply(201, v)
}

async fn update_sa(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let aid = r.req_str(&b, "atlassianId")?;
    let mut st = app.st();
    let org = st.org_id.clone();
    let sa = st
        .service_accounts
        .iter_mut()
        .find(|s| s.atlassian_id == aid || s.id == aid)
        .ok_or_else(|| r.err_code(404, "GENERIC_ERROR", "Service account not found."))?;
    if let Some(n) = b.get("displayName").and_then(Value::as_str) {
        sa.display_name = n.into();
    }
    if let Some(d) = b.get("description").and_then(Value::as_str) {
        sa.description = Some(d.into());
    }
    sa.updated_at = chrono::Utc::now().timestamp_millis();
    reply(200, sa_json(sa, &org))
}

async fn delete_sa(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = sa_idx(&st, &r)?;
    let sa = st.service_accounts.remove(i);
    st.oauth_clients.retain(|c| c.service_account_id != sa.id);
    st.record("service_account_deleted", &sa.id, "service-accounts");
    empty(204)
}

async fn count_sa_credentials(S(app): S<App>, r: Req) -> Res {
    let ids: Vec<String> = match r.json()? {
        Value::Array(a) => {
            a.into_iter().map(|v| v.as_str().map(String::from).ok_or_else(|| r.bad_request("IDs must be strings."))).collect::<Result<_, _>>()?
        }
        _ => return Err(r.bad_request("The body must be an array of service account IDs.")),
    };
    let st = app.st();
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    for id in ids {
        match st.service_accounts.iter().find(|s| s.id == id || s.atlassian_id == id) {
            Some(sa) => {
                let clients = st.oauth_clients.iter().filter(|c| c.service_account_id == sa.id).count();
                valid.push(json!({"serviceAccountId": id, "credentialsCount": sa.tokens.len() + clients}));
            }
            None => invalid.push(id),
        }
    }
    reply(200, json!({"validServiceAccountIds": valid, "invalidServiceAccountIds": invalid}))
}

fn sa_token_list(r: &Req, sas: &[&ServiceAccount], org: &str) -> Vec<Value> {
    let label = r.q("tokenLabel").map(str::to_lowercase);
    sas.iter()
        .flat_map(|sa| {
            sa.tokens
                .iter()
                .filter(|t| label.as_ref().is_none_or(|l| t.label.to_lowercase().contains(l.as_str())))
                .map(move |t| token_json(t, json!({"id": sa.atlassian_id, "orgId": org, "name": sa.display_name, "email": sa.email})))
        })
        .collect()
}

async fn all_sa_tokens(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let all: Vec<&ServiceAccount> = st.service_accounts.iter().collect();
    reply(200, Value::Array(sa_token_list(&r, &all, &st.org_id)))
}

async fn sa_tokens(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = sa_idx(&st, &r)?;
    reply(200, Value::Array(sa_token_list(&r, &[&st.service_accounts[i]], &st.org_id)))
}

async fn revoke_sa_tokens(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = sa_idx(&st, &r)?;
    st.service_accounts[i].tokens.clear();
    empty(204)
}

fn client_summary(c: &OAuthClient) -> Value {
    json!({"clientId": c.client_id, "name": c.name, "createdAt": c.created_at.timestamp_millis(), "updatedAt": c.updated_at.timestamp_millis(), "status": c.status})
}

fn client_detail(st: &State, c: &OAuthClient) -> Value {
    let sa = st.service_accounts.iter().find(|s| s.id == c.service_account_id);
    let creator = st.user(&c.created_by);
    json!({
        "clientId": c.client_id, "clientName": c.name,
        "serviceAccount": {"id": sa.map(|s| s.atlassian_id.clone()).unwrap_or_default(), "name": sa.map(|s| s.display_name.clone()).unwrap_or_default(),
                           "email": sa.map(|s| s.email.clone()), "appType": "SERVICE", "orgId": st.org_id, "userStatus": "ACTIVE"},
        "expiresAt": null, "createdAt": ts(&c.created_at),
        "createdBy": {"id": c.created_by, "name": creator.map(|u| u.name.clone()).unwrap_or_default(), "email": creator.map(|u| u.email.clone()),
                      "appType": null, "orgId": st.org_id, "userStatus": "ACTIVE"},
        "clientRevokerId": null, "clientRevocationTime": null, "scopes": c.scopes,
    })
}

fn client_list(st: &State, r: &Req, sa: Option<&str>) -> Vec<Value> {
    let name = r.q("clientName").map(str::to_lowercase);
    st.oauth_clients
        .iter()
        .filter(|c| sa.is_none_or(|s| c.service_account_id == s))
        .filter(|c| name.as_ref().is_none_or(|n| c.name.to_lowercase().contains(n.as_str())))
        .map(|c| client_detail(st, c))
        .collect()
}

async fn all_sa_clients(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    reply(200, Value::Array(client_list(&st, &r, None)))
}

async fn sa_clients(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = sa_idx(&st, &r)?;
    reply(200, Value::Array(client_list(&st, &r, Some(&st.service_accounts[i].id))))
}

async fn list_clients(S(app): S<App>, r: Req) -> Res {
    let size = page_size(&r, None)?;
    let st = app.st();
    page(&r, st.oauth_clients.iter().map(client_summary).collect(), size)
}

async fn create_client(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let name = r.req_str(&b, "name")?;
    let said = r.req_str(&b, "serviceAccountId")?;
    let mut st = app.st();
    let sa = st
        .service_accounts
        .iter()
        .find(|s| s.id == said || s.atlassian_id == said)
        .map(|s| s.id.clone())
        .ok_or_else(|| r.err_code(400, "INVALID_FIELD_FORMAT", "Unknown service account."))?;
    let now = chrono::Utc::now();
    let c = OAuthClient {
        client_id: st.new_id().replace('-', ""),
        name,
        service_account_id: sa,
        created_at: now,
        updated_at: now,
        status: "ACTIVE".into(),
        scopes: vec![],
        created_by: st.users.first().map(|u| u.account_id.clone()).unwrap_or_default(),
    };
    let v = client_summary(&c);
    st.oauth_clients.push(c);
    reply(201, v)
}

async fn count_clients(S(app): S<App>, _r: Req) -> Res {
    reply(200, json!({"total": app.st().oauth_clients.len()}))
}

async fn get_client(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let c = st.oauth_clients.iter().find(|c| c.client_id == r.p("clientId")).ok_or_else(|| r.err(404, "OAuth client not found."))?;
    reply(200, client_summary(c))
}

async fn delete_client(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let before = st.oauth_clients.len();
    st.oauth_clients.retain(|c| c.client_id != r.p("clientId"));
    if before == st.oauth_clients.len() {
        return Err(r.err(404, "OAuth client not found."));
    }
    empty(204)
}

fn filtered_keys(st: &State, r: &Req) -> Result<Vec<Value>, Response> {
    if let Some(t) = r.q("keyType") {
        if t != "CLOUD_ADMIN" {
            return Err(r.err_code(400, "INVALID_API_TOKEN_SEARCH_QUERY", "'keyType' must be CLOUD_ADMIN."));
        }
    }
    let q = r.q("q").map(str::to_lowercase);
    Ok(st
        .api_keys
        .iter()
        .filter(|k| q.as_ref().is_none_or(|q| k.label.to_lowercase().contains(q.as_str())))
        .map(|k| {
            let by = st.user(&k.created_by);
            json!({"id": k.id, "label": k.label, "createdAt": ts(&k.created_at), "expiresAt": ts(&k.expires_at), "lastActiveAt": ts(&k.last_active_at),
                   "systemAccountId": format!("712020:{}", k.id), "resource": format!("ari:cloud:platform::org/{}", st.org_id), "orgId": st.org_id,
                   "createdBy": {"id": k.created_by, "name": by.map(|u| u.name.clone()).unwrap_or_default(), "email": by.map(|u| u.email.clone()).unwrap_or_default()},
                   "scopes": k.scopes})
        })
        .collect())
}

async fn api_keys(S(app): S<App>, r: Req) -> Res {
    let size = page_size(&r, Some(&[5, 10, 20, 25, 40, 50, 60, 75]))?;
    if let Some(s) = r.q("sort") {
        let allowed = ["label", "-label", "createdBy.name", "-createdBy.name", "expiresAt", "-expiresAt", "lastActiveAt", "-lastActiveAt"];
        if !allowed.contains(&s) {
            return Err(r.err_code(400, "INVALID_SORT", &format!("Unsupported sort '{s}'.")));
        }
    }
    let st = app.st();
    page(&r, filtered_keys(&st, &r)?, size)
}

async fn api_key_count(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    reply(200, json!(filtered_keys(&st, &r)?.len()))
}

async fn revoke_key(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let before = st.api_keys.len();
    st.api_keys.retain(|k| k.id != r.p("apiKeyId"));
    if before == st.api_keys.len() {
        return Err(r.err_code(400, "GENERIC_ERROR", "Unknown API key."));
    }
    let id = r.p("apiKeyId").to_string();
    st.record("api_key_revoked", &id, "api-keys");
    empty(204)
}
