//! Organization API: `/admin/v1/orgs...` and `/admin/v2/orgs...`.

use super::{empty, reply, reply_json, Res};
use crate::extract::Req;
use crate::pagination as pg;
use crate::state::{ts, Event, Group, Policy, PolicyResource, State, User, EVENT_ACTIONS};
use crate::App;
use axum::extract::State as S;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

const ROLE_IDS: [&str; 8] = [
    "atlassian/user",
    "atlassian/admin",
    "atlassian/guest",
    "atlassian/customer",
    "atlassian/user-access-admin",
    "atlassian/contributor",
    "atlassian/basic",
    "atlassian/stakeholder",
];
const ACCOUNT_STATUSES: [&str; 3] = ["active", "inactive", "closed"];

pub fn routes() -> Router<App> {
    let v1 = "/admin/v1/orgs/{orgId}";
    let dir = "/admin/v2/orgs/{orgId}/directories/{directoryId}";
    Router::new()
        .route("/admin/v1/orgs", get(get_orgs))
        .route(v1, get(get_org))
        .route(&format!("{v1}/users"), get(v1_users))
        .route(&format!("{v1}/users/{{userId}}/roles/assign"), post(role_assign))
        .route(&format!("{v1}/users/{{userId}}/roles/revoke"), post(role_revoke))
        .route(&format!("{v1}/users/{{userId}}/role-assignments/assign"), post(org_role_assign))
        .route(&format!("{v1}/users/{{userId}}/role-assignments/revoke"), post(org_role_revoke))
        .route(&format!("{v1}/directory/users/{{accountId}}/last-active-dates"), get(last_active))
        .route(&format!("{v1}/domains"), get(domains))
        .route(&format!("{v1}/domains/{{domainId}}"), get(domain))
        .route(&format!("{v1}/events"), get(events))
        .route(&format!("{v1}/events-stream"), get(events_stream))
        .route(&format!("{v1}/events/{{eventId}}"), get(event))
        .route(&format!("{v1}/event-actions"), get(event_actions))
        .route(&format!("{v1}/policies"), get(policies).post(create_policy))
        .route(&format!("{v1}/policies/{{policyId}}"), get(get_policy).put(update_policy).delete(delete_policy))
        .route(&format!("{v1}/policies/{{policyId}}/resources"), post(add_resource))
        .route(&format!("{v1}/policies/{{policyId}}/resources/{{resourceId}}"), axum::routing::put(update_resource).delete(delete_resource))
        .route(&format!("{v1}/policies/{{policyId}}/validate"), get(validate_policy))
        .route("/admin/v2/orgs/{orgId}/users/invite", post(invite))
        .route("/admin/v2/orgs/{orgId}/workspaces", post(workspaces))
        .route("/admin/v2/orgs/{orgId}/directories", get(directories))
        .route(&format!("{dir}/users"), get(v2_users))
        .route(&format!("{dir}/users/search"), post(search_users))
        .route(&format!("{dir}/users/count"), get(count_users))
        .route(&format!("{dir}/users/stats"), get(user_stats))
        .route(&format!("{dir}/users/{{userId}}"), get(get_user).delete(delete_user))
        .route(&format!("{dir}/users/{{userId}}/role-assignments"), get(user_role_assignments))
        .route(&format!("{dir}/users/{{userId}}/suspend"), post(suspend))
        .route(&format!("{dir}/users/{{userId}}/restore"), post(restore))
        .route(&format!("{dir}/groups"), get(v2_groups).post(create_group))
        .route(&format!("{dir}/groups/search"), post(search_groups))
        .route(&format!("{dir}/groups/count"), get(count_groups))
        .route(&format!("{dir}/groups/stats"), get(group_stats))
        .route(&format!("{dir}/groups/{{groupId}}"), get(get_group).delete(delete_group))
        .route(&format!("{dir}/groups/{{groupId}}/role-assignments"), get(group_role_assignments))
        .route(&format!("{dir}/groups/{{groupId}}/role-assignments/assign"), post(group_role_assign))
        .route(&format!("{dir}/groups/{{groupId}}/role-assignments/revoke"), post(group_role_revoke))
        .route(&format!("{dir}/groups/{{groupId}}/memberships"), post(add_member))
        .route(&format!("{dir}/groups/{{groupId}}/memberships/{{accountId}}"), axum::routing::delete(remove_member))
}

// ---------- shared helpers ----------

fn org_json(r: &Req, id: &str, name: &str) -> Value {
    let me = format!("{}/admin/v1/orgs/{}", r.base, id);
    json!({
        "id": id, "type": "orgs", "attributes": {"name": name},
        "relationships": {"domains": {"links": {"related": format!("{me}/domains")}}, "users": {"links": {"related": format!("{me}/users")}}},
        "links": {"self": me},
    })
}

/// v1 page: `links.next` is a full URL with only the `cursor` parameter (plus extras).
fn v1_links(r: &Req, next: Option<String>, extra: &[(&str, String)]) -> Value {
    let mut links = json!({"self": r.url()});
    if let Some(c) = next {
        let mut url = format!("{}{}?cursor={}", r.base, r.path, c);
        for (k, v) in extra {
            url.push_str(&format!("&{k}={v}"));
        }
        links["next"] = json!(url);
    }
    links
}

fn v1_offset(r: &Req) -> Result<usize, axum::response::Response> {
    match r.q("cursor") {
        None | Some("") => Ok(0),
        Some(c) => pg::cursor_offset(c).ok_or_else(|| r.err_code(400, "ADMIN-400-1", "The page cursor is invalid.")),
    }
}

fn not_found(r: &Req, what: &str) -> axum::response::Response {
    r.err_code(404, "ADMIN-404-2", &format!("{what} not found."))
}

/// Resolve a v2 directory list request: (offset, limit, filters) from either the cursor or the request.
fn v2_request(r: &Req, fresh: Value) -> Result<(usize, usize, Value), axum::response::Response> {
    let cursor = fresh.get("cursor").and_then(Value::as_str).map(String::from).or_else(|| r.q("cursor").map(String::from));
    if let Some(c) = cursor.filter(|c| !c.is_empty()) {
        let (o, q) = pg::decode_query_cursor(&c).ok_or_else(|| r.err(400, "The cursor is invalid."))?;
        let limit = q.get("limit").and_then(Value::as_u64).unwrap_or(20) as usize;
        return Ok((o, limit, q));
    }
    let limit = match fresh.get("limit") {
        None | Some(Value::Null) => 20,
        Some(v) => match v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())) {
            Some(n) if (1..=100).contains(&n) => n as usize,
            _ => return Err(r.err(400, "'limit' must be an integer between 1 and 100.")),
        },
    };
    let mut q = fresh;
    q["limit"] = json!(limit);
    Ok((0, limit, q))
}

/// A v2 page: its rendered members and its links (serialized as it is, with no `Value` tree).
#[derive(serde::Serialize)]
struct V2Page<R> {
    data: Vec<R>,
    links: Value,
}

fn v2_page(items: Vec<Value>, offset: usize, limit: usize, q: &Value) -> V2Page<Value> {
    v2_page_of(&items, offset, limit, q, Value::clone)
}

/// A v2 page of `items`, rendering only the members on the page.
fn v2_page_of<'a, T, R>(items: &'a [T], offset: usize, limit: usize, q: &Value, render: impl Fn(&'a T) -> R) -> V2Page<R> {
    let (page, next) = pg::slice(items, offset, limit);
    let page: Vec<R> = page.iter().map(render).collect();
    let mut links = json!({"self": pg::query_cursor(offset, q)});
    if offset > 0 {
        links["prev"] = json!(pg::query_cursor(offset.saturating_sub(limit), q));
    }
    if let Some(n) = next {
        links["next"] = json!(pg::query_cursor(n, q));
    }
    V2Page { data: page, links }
}

/// A v2 page over `items` in stored order, for listings that are not sorted. The cursor's
/// position is an index into `items` (not into the filtered list), so a page costs the scan
/// from there to the page's last match plus one look-ahead, whatever the directory size; the
/// `prev` link scans back as far.
fn v2_scan<'a, T, R>(items: &'a [T], pos: usize, limit: usize, q: &Value, keep: impl Fn(&T) -> bool, render: impl Fn(&'a T) -> R) -> V2Page<R> {
    let pos = pos.min(items.len());
    let mut page = Vec::with_capacity(limit);
    let mut next = None;
    for (i, x) in items.iter().enumerate().skip(pos) {
        if keep(x) {
            if page.len() == limit {
                next = Some(i);
                break;
            }
            page.push(render(x));
        }
    }
    let mut links = json!({"self": pg::query_cursor(pos, q)});
    let mut back = items[..pos].iter().enumerate().rev().filter(|(_, x)| keep(x)).take(limit);
    if let Some(first) = back.by_ref().last().map(|(i, _)| i) {
        links["prev"] = json!(pg::query_cursor(first, q));
    }
    if let Some(n) = next {
        links["next"] = json!(pg::query_cursor(n, q));
    }
    V2Page { data: page, links }
}

/// Collect the directory filters from the query string into a JSON object.
fn query_filters(r: &Req, arrays: &[&str], scalars: &[&str]) -> Value {
    let mut m = Map::new();
    for a in arrays {
        let v = r.qs(a);
        if !v.is_empty() {
            m.insert(a.to_string(), json!(v));
        }
    }
    for s in scalars {
        if let Some(v) = r.q(s) {
            m.insert(s.to_string(), json!(v));
        }
    }
    if let Some(l) = r.q("limit") {
        m.insert("limit".into(), json!(l));
    }
    Value::Object(m)
}

fn strs(f: &Value, name: &str) -> Vec<String> {
    match f.get(name) {
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

fn validate_user_filters(r: &Req, f: &Value) -> Result<(), axum::response::Response> {
    if f.get("searchTerm").is_some() && f.get("emails").is_some() {
        return Err(r.err(400, "'searchTerm' and 'emails' cannot be combined."));
    }
    Ok(())
}

fn flag(f: &Value, name: &str) -> Option<bool> {
    match f.get(name)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The filters of a user listing, read from the request once rather than for every user.
struct UserFilter {
    account_ids: Vec<String>,
    status: Vec<String>,
    account_status: Vec<String>,
    membership_status: Vec<String>,
    role_ids: Vec<String>,
    resource_ids: Vec<String>,
    /// Each domain as `@domain`.
    email_domains: Vec<String>,
    emails: Vec<String>,
    group_ids: Vec<String>,
    mfa_enabled: Option<bool>,
    /// `claimStatus`: whether the user must be managed.
    managed: Option<bool>,
    /// `searchTerm`, lower-cased.
    search: Option<String>,
}

impl UserFilter {
    fn new(f: &Value) -> Self {
        UserFilter {
            account_ids: strs(f, "accountIds"),
            status: strs(f, "status"),
            account_status: strs(f, "accountStatus"),
            membership_status: strs(f, "membershipStatus"),
            role_ids: strs(f, "roleIds"),
            resource_ids: strs(f, "resourceIds"),
            email_domains: strs(f, "emailDomains").into_iter().map(|d| format!("@{d}")).collect(),
            emails: strs(f, "emails"),
            group_ids: strs(f, "groupIds"),
            mfa_enabled: flag(f, "mfaEnabled"),
            managed: f.get("claimStatus").and_then(Value::as_str).map(|c| c == "managed"),
            search: f.get("searchTerm").and_then(Value::as_str).map(str::to_lowercase),
        }
    }

    fn matches(&self, st: &State, u: &User) -> bool {
        fn any(v: &[String], pred: impl Fn(&str) -> bool) -> bool {
            v.is_empty() || v.iter().any(|x| pred(x))
        }
        any(&self.account_ids, |a| a == u.account_id)
            && any(&self.status, |s| s == u.status())
            && any(&self.account_status, |s| s == u.account_status)
            && any(&self.membership_status, |s| s == u.membership_status)
            && any(&self.role_ids, |role| u.roles.iter().any(|(_, r)| r == role))
            && any(&self.resource_ids, |res| u.roles.iter().any(|(x, _)| x == res))
            && any(&self.email_domains, |d| u.email.ends_with(d))
            && any(&self.emails, |e| e.eq_ignore_ascii_case(&u.email))
            && any(&self.group_ids, |g| st.groups.iter().any(|gr| gr.id == g && gr.members.contains(&u.account_id)))
            && self.mfa_enabled.is_none_or(|m| m == u.mfa_enabled)
            && self.managed.is_none_or(|m| m == u.managed)
            && self
                .search
                .as_deref()
                .is_none_or(|t| u.nickname.to_lowercase().contains(t) || u.email.to_lowercase().contains(t) || u.name.to_lowercase().contains(t))
    }
}

/// A v2 directory user as the API shows it, serialized straight from the state: a listing
/// renders a page of these per request, and building a `Value` for each (an allocation per key
/// and per string) was most of the mock's time per page.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct V2User<'a> {
    account_id: &'a str,
    account_type: &'static str,
    status: &'static str,
    account_status: &'a str,
    membership_status: &'a str,
    added_to_org: String,
    name: &'a str,
    nickname: &'a str,
    email: &'a str,
    email_verified: bool,
    claim_status: &'static str,
    platform_roles: &'a std::collections::BTreeSet<String>,
    picture: String,
    avatar: String,
    management_source: &'static str,
    mfa_enabled: bool,
    job_title: &'a str,
    department: &'a str,
    organization: &'a str,
    location: &'a str,
    time_zone: &'a str,
    counts: V2UserCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    product_access: Option<Vec<V2ProductAccess<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<V2GroupRef<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<SelfLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deactivated_on: Option<String>,
}

#[derive(serde::Serialize)]
struct V2UserCounts {
    resources: usize,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct V2ProductAccess<'a> {
    key: &'a str,
    id: &'a str,
    last_active_timestamp: String,
}

#[derive(serde::Serialize)]
struct V2GroupRef<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
}

#[derive(serde::Serialize)]
struct SelfLink {
    #[serde(rename = "self")]
    self_: String,
}

/// `u` as the v2 directory API shows it; the list form adds product access, groups and its link.
fn v2_user_of<'a>(st: &'a State, u: &'a User, r: &Req, list: bool) -> V2User<'a> {
    let picture = u.picture();
    let mut resources: Vec<&String> = u.roles.iter().map(|(res, _)| res).collect();
    resources.dedup(); // sorted by resource: equal resources are adjacent
    V2User {
        account_id: &u.account_id,
        account_type: "atlassian",
        status: u.status(),
        account_status: &u.account_status,
        membership_status: &u.membership_status,
        added_to_org: ts(&u.added_to_org),
        name: &u.name,
        nickname: &u.nickname,
        email: &u.email,
        email_verified: true,
        claim_status: if u.managed { "managed" } else { "unmanaged" },
        platform_roles: &u.platform_roles,
        avatar: picture.clone(),
        picture,
        management_source: if u.synced { "synced" } else { "invited" },
        mfa_enabled: u.mfa_enabled,
        job_title: &u.job_title,
        department: &u.department,
        organization: &st.org_name,
        location: &u.location,
        time_zone: &u.timezone,
        counts: V2UserCounts { resources: resources.len() },
        product_access: list
            .then(|| u.product_access.iter().map(|p| V2ProductAccess { key: &p.key, id: &p.id, last_active_timestamp: ts(&p.last_active) }).collect()),
        groups: list.then(|| {
            st.groups
                .iter()
                .filter(|g| g.members.contains(&u.account_id))
                .map(|g| V2GroupRef { id: &g.id, name: &g.name, description: &g.description })
                .collect()
        }),
        links: list.then(|| SelfLink { self_: format!("{}/admin/v2/orgs/{}/directories/{}/users/{}", r.base, st.org_id, st.directory_id, u.account_id) }),
        deactivated_on: (!list && u.account_status != "active").then(|| ts(&u.last_active)),
    }
}

fn group_json(st: &State, g: &Group, r: &Req) -> Value {
    json!({
        "id": g.id, "name": g.name, "description": g.description, "directoryId": st.directory_id,
        "managementAccess": {"deletable": !g.synced, "modifiable": !g.synced, "readable": true},
        "externalSynced": g.synced, "managedBy": if g.synced { "EXTERNAL" } else { "ADMINS" },
        "counts": {"users": g.members.len(), "resources": g.roles.iter().map(|(x, _)| x).collect::<std::collections::BTreeSet<_>>().len()},
        "links": {"self": format!("{}/admin/v2/orgs/{}/directories/{}/groups/{}", r.base, st.org_id, st.directory_id, g.id)},
    })
}

fn group_matches(g: &Group, f: &Value) -> bool {
    let any = |name: &str, pred: &dyn Fn(&str) -> bool| {
        let v = strs(f, name);
        v.is_empty() || v.iter().any(|x| pred(x))
    };
    any("groupIds", &|x| x == g.id)
        && any("groupNames", &|x| x == g.name)
        && any("accountIds", &|a| g.members.contains(a))
        && any("roleIds", &|role| g.roles.iter().any(|(_, r)| r == role))
        && any("resourceIds", &|res| g.roles.iter().any(|(x, _)| x == res))
        && f.get("searchTerm").and_then(Value::as_str).is_none_or(|t| g.name.to_lowercase().contains(&t.to_lowercase()))
}

const USER_ARRAYS: [&str; 9] =
    ["accountIds", "directoryIds", "resourceIds", "groupIds", "status", "accountStatus", "membershipStatus", "roleIds", "emailDomains"];
const USER_SCALARS: [&str; 3] = ["mfaEnabled", "claimStatus", "searchTerm"];
const GROUP_ARRAYS: [&str; 6] = ["directoryIds", "accountIds", "groupIds", "resourceOwners", "resourceIds", "roleIds"];

// ---------- orgs, domains ----------

async fn get_orgs(S(app): S<App>, r: Req) -> Res {
    v1_offset(&r)?;
    let st = app.st();
    let (id, name) = match r.key {
        crate::auth::KeyKind::OtherOrg => (st.other_org_id.clone(), "Other Mock Org".to_string()),
        _ => (st.org_id.clone(), st.org_name.clone()),
    };
    reply(200, json!({"data": [org_json(&r, &id, &name)], "links": {"self": r.url()}}))
}

async fn get_org(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    reply(200, json!({"data": org_json(&r, &st.org_id, &st.org_name)}))
}

fn domain_json(r: &Req, org: &str, d: &(String, String, String, String)) -> Value {
    json!({"id": d.0, "type": "domains", "attributes": {"name": d.1, "claim": {"type": d.2, "status": d.3}},
           "links": {"self": format!("{}/admin/v1/orgs/{}/domains/{}", r.base, org, d.0)}})
}

async fn domains(S(app): S<App>, r: Req) -> Res {
    let off = v1_offset(&r)?;
    let st = app.st();
    let all: Vec<Value> = st.domains.iter().map(|d| domain_json(&r, &st.org_id, d)).collect();
    let (page, next) = pg::slice(&all, off, 100);
    reply(200, json!({"data": page, "links": v1_links(&r, next.map(pg::offset_cursor), &[])}))
}

async fn domain(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let d = st.domains.iter().find(|d| d.0 == r.p("domainId")).ok_or_else(|| r.err_code(404, "ADMIN-404-3", "Domain not found."))?;
    reply(200, json!({"data": domain_json(&r, &st.org_id, d)}))
}

// ---------- v1 users ----------

/// A user of the v1 organization listing, serialized straight from the state (see [`V2User`]).
#[derive(serde::Serialize)]
struct V1User<'a> {
    account_id: &'a str,
    account_type: &'static str,
    account_status: &'a str,
    name: &'a str,
    picture: String,
    email: &'a str,
    access_billable: bool,
    last_active: String,
    product_access: Vec<V1ProductAccess<'a>>,
    links: SelfLink,
}

#[derive(serde::Serialize)]
struct V1ProductAccess<'a> {
    key: &'a str,
    name: &'a str,
    url: String,
    last_active: String,
}

/// A v1 page: `data`, `meta` and `links`, in that order.
#[derive(serde::Serialize)]
struct V1Page<R> {
    data: Vec<R>,
    meta: Value,
    links: Value,
}

async fn v1_users(S(app): S<App>, r: Req) -> Res {
    let quirks = app.config().paging_quirks;
    // With paging quirks, a cursor `{"o": n, "e": 1}` asks for the empty page before offset n.
    let empty_before = quirks && r.q("cursor").and_then(pg::decode).is_some_and(|c| c.get("e").is_some());
    let off = v1_offset(&r)?;
    let st = app.st();
    if empty_before {
        let next = pg::offset_cursor(off);
        return reply(200, json!({"data": [], "meta": {"total": st.users.len()}, "links": v1_links(&r, Some(next), &[])}));
    }
    let (page, next) = pg::slice(&st.users, off, 100);
    let next = match next {
        Some(n) if quirks => Some(pg::encode(&json!({"o": n, "e": 1}))),
        Some(n) => Some(pg::offset_cursor(n)),
        // The last page repeats the cursor of the first empty page.
        None if quirks && off > 0 => Some(pg::encode(&json!({"o": 100, "e": 1}))),
        None => None,
    };
    let data: Vec<V1User<'_>> = page
        .iter()
        .map(|u| V1User {
            account_id: &u.account_id,
            account_type: "atlassian",
            account_status: &u.account_status,
            name: &u.name,
            picture: u.picture(),
            email: &u.email,
            access_billable: u.account_status == "active",
            last_active: ts(&u.last_active),
            product_access: u
                .product_access
                .iter()
                .map(|p| V1ProductAccess { key: &p.key, name: &p.name, url: format!("https://acme.atlassian.net/{}", p.key), last_active: ts(&p.last_active) })
                .collect(),
            links: SelfLink { self_: format!("{}/users/{}/manage/profile", r.base, u.account_id) },
        })
        .collect();
    reply_json(200, &V1Page { data, meta: json!({"total": st.users.len()}), links: v1_links(&r, next, &[]) })
}

fn body_role(r: &Req) -> Result<(String, Option<String>), axum::response::Response> {
    let b = r.json_obj()?;
    let role = r.req_str(&b, "role")?;
    Ok((role, b.get("resource").and_then(Value::as_str).map(String::from)))
}

async fn role_change(app: App, r: Req, add: bool) -> Res {
    let (role, resource) = body_role(&r)?;
    let mut st = app.st();
    let default_res = st.resources[0].clone();
    let uid = r.p("userId").to_string();
    let u = st.user_mut(&uid).ok_or_else(|| not_found(&r, "User"))?;
    let key = (resource.unwrap_or(default_res), role);
    if add {
        u.roles.insert(key);
    } else {
        u.roles.remove(&key);
    }
    st.record(if add { "user_granted_role" } else { "user_revoked_role" }, &uid, "users");
    empty(204)
}
async fn role_assign(S(app): S<App>, r: Req) -> Res {
    role_change(app, r, true).await
}
async fn role_revoke(S(app): S<App>, r: Req) -> Res {
    role_change(app, r, false).await
}

async fn org_role_change(app: App, r: Req, add: bool) -> Res {
    let (role, _) = body_role(&r)?;
    let mut st = app.st();
    let uid = r.p("userId").to_string();
    let u = st.user_mut(&uid).ok_or_else(|| not_found(&r, "User"))?;
    if add {
        u.platform_roles.insert(role);
    } else {
        u.platform_roles.remove(&role);
    }
    st.record(if add { "org_admin_granted" } else { "org_admin_revoked" }, &uid, "users");
    empty(204)
}
async fn org_role_assign(S(app): S<App>, r: Req) -> Res {
    org_role_change(app, r, true).await
}
async fn org_role_revoke(S(app): S<App>, r: Req) -> Res {
    org_role_change(app, r, false).await
}

async fn last_active(S(app): S<App>, r: Req) -> Res {
    v1_offset(&r)?;
    let st = app.st();
    let u = st.user(r.p("accountId")).ok_or_else(|| not_found(&r, "User"))?;
    let pa: Vec<Value> = u
        .product_access
        .iter()
        .map(|p| json!({"id": p.id, "key": p.key, "last_active": p.last_active.format("%Y-%m-%d").to_string(), "last_active_timestamp": ts(&p.last_active)}))
        .collect();
    reply(
        200,
        json!({"data": {"product_access": pa, "added_to_org": u.added_to_org.format("%Y-%m-%d").to_string(), "added_to_org_timestamp": ts(&u.added_to_org)}, "links": {}}),
    )
}

// ---------- v2 directory users ----------

fn list_users(app: &App, r: &Req, fresh: Value) -> Res {
    let (off, limit, q) = v2_request(r, fresh)?;
    validate_user_filters(r, &q)?;
    let st = app.st();
    let filter = UserFilter::new(&q);
    let Some(sort) = q.get("sortBy").and_then(|s| s.get(0)).or_else(|| q.get("sortBy").filter(|s| s.is_object())) else {
        return reply_json(200, &v2_scan(&st.users, off, limit, &q, |u| filter.matches(&st, u), |u| v2_user_of(&st, u, r, true)));
    };
    // A sorted listing pages by offset into the sorted matches.
    let mut users: Vec<&User> = st.users.iter().filter(|u| filter.matches(&st, u)).collect();
    users.sort_by(|a, b| a.nickname.cmp(&b.nickname));
    if sort.get("direction").and_then(Value::as_str) == Some("desc") {
        users.reverse();
    }
    reply_json(200, &v2_page_of(&users, off, limit, &q, |u| v2_user_of(&st, u, r, true)))
}

async fn v2_users(S(app): S<App>, r: Req) -> Res {
    let mut f = query_filters(&r, &USER_ARRAYS, &USER_SCALARS);
    if let Some(s) = r.q("sortBy") {
        f["sortBy"] = serde_json::from_str(s).unwrap_or_else(|_| json!([{"field": "nick_name", "direction": if s.contains("desc") { "desc" } else { "asc" }}]));
    }
    list_users(&app, &r, f)
}

async fn search_users(S(app): S<App>, r: Req) -> Res {
    let b = Value::Object(r.json_obj_opt()?);
    list_users(&app, &r, b)
}

async fn count_users(S(app): S<App>, r: Req) -> Res {
    let f = query_filters(&r, &USER_ARRAYS, &USER_SCALARS);
    validate_user_filters(&r, &f)?;
    let st = app.st();
    let filter = UserFilter::new(&f);
    reply(200, json!({"count": st.users.iter().filter(|u| filter.matches(&st, u)).count()}))
}

async fn user_stats(S(app): S<App>, _r: Req) -> Res {
    let st = app.st();
    let roles: Vec<Value> = ROLE_IDS
        .iter()
        .map(|role| json!({"roleId": role, "count": st.users.iter().filter(|u| u.roles.iter().any(|(_, x)| x == role)).count()}))
        .filter(|v| v["count"].as_u64() != Some(0))
        .collect();
    let acct: Vec<Value> = ACCOUNT_STATUSES.iter().map(|s| json!({"status": s, "count": st.users.iter().filter(|u| u.account_status == *s).count()})).collect();
    reply(200, json!({"roles": roles, "accountStatus": acct}))
}

async fn get_user(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let u = st.user(r.p("userId")).ok_or_else(|| not_found(&r, "User"))?;
    reply(200, json!({"data": v2_user_of(&st, u, &r, false)}))
}

async fn delete_user(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let id = r.p("userId").to_string();
    if !st.remove_user(&id) {
        return Err(not_found(&r, "User"));
    }
    st.record("user_removed_from_directory", &id, "users");
    empty(204)
}

async fn set_membership(app: App, r: Req, status: &str, action: &str) -> Res {
    let mut st = app.st();
    let id = r.p("userId").to_string();
    let u = st.user_mut(&id).ok_or_else(|| not_found(&r, "User"))?;
    u.membership_status = status.into();
    st.record(action, &id, "users");
    empty(204)
}
async fn suspend(S(app): S<App>, r: Req) -> Res {
    set_membership(app, r, "suspended", "user_suspended").await
}
async fn restore(S(app): S<App>, r: Req) -> Res {
    set_membership(app, r, "active", "user_restored").await
}

fn role_assignment_request(r: &Req) -> Result<(usize, usize, Value), axum::response::Response> {
    let f = query_filters(r, &["directoryIds", "resourceOwners", "resourceIds", "roleIds"], &[]);
    v2_request(r, f)
}

fn owner_of(res: &str) -> String {
    res.split(':').nth(2).unwrap_or("jira").to_string()
}

async fn user_role_assignments(S(app): S<App>, r: Req) -> Res {
    let (off, limit, q) = role_assignment_request(&r)?;
    let st = app.st();
    let u = st.user(r.p("userId")).ok_or_else(|| not_found(&r, "User"))?;
    let mut by_res: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (res, role) in &u.roles {
        by_res.entry(res).or_default().push(role);
    }
    let roles_f = strs(&q, "roleIds");
    let res_f = strs(&q, "resourceIds");
    let items: Vec<Value> = by_res
        .into_iter()
        .filter(|(res, roles)| {
            (res_f.is_empty() || res_f.iter().any(|x| x == res)) && (roles_f.is_empty() || roles.iter().any(|x| roles_f.iter().any(|y| y == x)))
        })
        .map(|(res, roles)| {
            json!({"resourceId": res, "resourceOwner": owner_of(res), "roles": roles,
                   "roleAssignments": roles.iter().map(|x| json!({"role": x, "roleAssignmentMethods": ["direct"]})).collect::<Vec<_>>(),
                   "directoryId": st.directory_id, "userDirectoryStatus": u.membership_status})
        })
        .collect();
    reply_json(200, &v2_page(items, off, limit, &q))
}

// ---------- v2 groups ----------

fn list_groups(app: &App, r: &Req, fresh: Value) -> Res {
    let (off, limit, q) = v2_request(r, fresh)?;
    let st = app.st();
    let Some(sort) = q.get("sortBy").and_then(|s| s.get(0)) else {
        return reply_json(200, &v2_scan(&st.groups, off, limit, &q, |g| group_matches(g, &q), |g| group_json(&st, g, r)));
    };
    let mut groups: Vec<&Group> = st.groups.iter().filter(|g| group_matches(g, &q)).collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    if sort.get("direction").and_then(Value::as_str) == Some("desc") {
        groups.reverse();
    }
    reply_json(200, &v2_page_of(&groups, off, limit, &q, |g| group_json(&st, g, r)))
}

async fn v2_groups(S(app): S<App>, r: Req) -> Res {
    let mut f = query_filters(&r, &GROUP_ARRAYS, &["searchTerm"]);
    if let Some(s) = r.q("sortBy") {
        f["sortBy"] = serde_json::from_str(s).unwrap_or_else(|_| json!([{"field": "name", "direction": if s.contains("desc") { "desc" } else { "asc" }}]));
    }
    list_groups(&app, &r, f)
}

async fn search_groups(S(app): S<App>, r: Req) -> Res {
    let b = Value::Object(r.json_obj_opt()?);
    list_groups(&app, &r, b)
}

async fn count_groups(S(app): S<App>, r: Req) -> Res {
    let f = query_filters(&r, &GROUP_ARRAYS, &["searchTerm"]);
    let st = app.st();
    reply(200, json!({"count": st.groups.iter().filter(|g| group_matches(g, &f)).count()}))
}

async fn group_stats(S(app): S<App>, _r: Req) -> Res {
    let st = app.st();
    let synced = st.groups.iter().filter(|g| g.synced).count();
    reply(200, json!({"types": [{"type": "GROUP", "count": st.groups.len()}], "totals": {"all": st.groups.len(), "synced": synced, "managed": synced}}))
}

async fn get_group(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let g = st.groups.iter().find(|g| g.id == r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    reply(200, json!({"data": group_json(&st, g, &r)}))
}

async fn create_group(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let name = r.req_str(&b, "name")?;
    let mut st = app.st();
    if st.groups.iter().any(|g| g.name.eq_ignore_ascii_case(&name)) {
        return Err(r.err_code(409, "ADMIN-409-1", &format!("A group named '{name}' already exists.")));
    }
    let id = st.new_id();
    st.groups.push(Group {
        id: id.clone(),
        name,
        description: b.get("description").and_then(Value::as_str).unwrap_or("").to_string(),
        members: Default::default(),
        roles: Default::default(),
        synced: false,
    });
    st.record("group_created", &id, "groups");
    empty(201)
}

async fn delete_group(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let idx = st.group_idx(r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    let g = st.groups.remove(idx);
    st.record("group_deleted", &g.id, "groups");
    empty(204)
}

async fn add_member(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let acc = r.req_str(&b, "accountId")?;
    let mut st = app.st();
    let idx = st.group_idx(r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    if st.user(&acc).is_none() {
        return Err(not_found(&r, "User"));
    }
    st.groups[idx].members.insert(acc);
    let gid = st.groups[idx].id.clone();
    st.record("user_added_to_group", &gid, "groups");
    empty(204)
}

async fn remove_member(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let idx = st.group_idx(r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    if !st.groups[idx].members.remove(r.p("accountId")) {
        return Err(not_found(&r, "Group membership"));
    }
    let gid = st.groups[idx].id.clone();
    st.record("user_removed_from_group", &gid, "groups");
    empty(204)
}

async fn group_role_assignments(S(app): S<App>, r: Req) -> Res {
    let (off, limit, q) = role_assignment_request(&r)?;
    let st = app.st();
    let g = st.groups.iter().find(|g| g.id == r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    let mut by_res: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (res, role) in &g.roles {
        by_res.entry(res).or_default().push(role);
    }
    let items: Vec<Value> = by_res
        .into_iter()
        .map(|(res, roles)| json!({"resourceId": res, "resourceOwner": owner_of(res), "defaultRole": roles.first(), "roles": roles}))
        .collect();
    reply_json(200, &v2_page(items, off, limit, &q))
}

async fn group_role_change(app: App, r: Req, add: bool) -> Res {
    let b = r.json_obj()?;
    let res = r.req_str(&b, "resourceId")?;
    let role = r.req_str(&b, "roleId")?;
    let mut st = app.st();
    let idx = st.group_idx(r.p("groupId")).ok_or_else(|| not_found(&r, "Group"))?;
    let g = &mut st.groups[idx];
    if add {
        if !g.roles.insert((res, role)) {
            return Err(r.err_code(409, "ADMIN-409-1", "The role is already assigned to the group."));
        }
    } else {
        g.roles.remove(&(res, role));
    }
    let gid = g.id.clone();
    st.record(if add { "group_role_assigned" } else { "group_role_revoked" }, &gid, "groups");
    empty(if add { 200 } else { 204 })
}
async fn group_role_assign(S(app): S<App>, r: Req) -> Res {
    group_role_change(app, r, true).await
}
async fn group_role_revoke(S(app): S<App>, r: Req) -> Res {
    group_role_change(app, r, false).await
}

async fn directories(S(app): S<App>, r: Req) -> Res {
    let f = query_filters(&r, &["directoryIds"], &["accountId", "searchTerm"]);
    let (off, limit, q) = v2_request(&r, f)?;
    let st = app.st();
    let ids = strs(&q, "directoryIds");
    let ok = (ids.is_empty() || ids.contains(&st.directory_id))
        && q.get("searchTerm").and_then(Value::as_str).is_none_or(|t| st.directory_name.to_lowercase().contains(&t.to_lowercase()))
        && q.get("accountId").and_then(Value::as_str).is_none_or(|a| st.user(a).is_some());
    let items = if ok {
        vec![json!({"directoryId": st.directory_id, "name": st.directory_name, "icon": "https://admin.atlassian.com/icons/directory.svg"})]
    } else {
        vec![]
    };
    reply_json(200, &v2_page(items, off, limit, &q))
}

async fn invite(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let emails = r.req_str_array(&b, "emails")?;
    if emails.is_empty() || emails.len() > 10 {
        return Err(r.err(400, "'emails' must hold between 1 and 10 addresses."));
    }
    let rules: Vec<(String, String)> = b
        .get("permissionRules")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| Some((x.get("resource")?.as_str()?.to_string(), x.get("role")?.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    let groups: Vec<String> =
        b.get("additionalGroups").and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default();
    let mut st = app.st();
    let mut data = Vec::new();
    let mut partial = false;
    for email in emails {
        if !email.contains('@') {
            partial = true;
            data.push(json!({"email": email, "results": [{"roleAssignmentResult": [], "groupAssignmentResult": []}]}));
            continue;
        }
        let id = match st.users.iter().find(|u| u.email.eq_ignore_ascii_case(&email)) {
            Some(u) => u.account_id.clone(),
            None => {
                let u = st.new_account(&email, email.split('@').next().unwrap_or(&email), false);
                let id = u.account_id.clone();
                st.add_user(u);
                id
            }
        };
        let mut role_results = Vec::new();
        for (res, role) in &rules {
            st.user_mut(&id).unwrap().roles.insert((res.clone(), role.clone()));
            role_results.push(json!({"resource": res, "role": role, "status": "INVITED", "statusReason": null}));
        }
        let mut group_results = Vec::new();
        for g in &groups {
            match st.group_idx(g) {
                Some(i) => {
                    st.groups[i].members.insert(id.clone());
                    group_results.push(json!({"group": g, "status": "INVITED", "statusReason": null}));
                }
                None => {
                    partial = true;
                    group_results.push(json!({"group": g, "status": "ERROR", "statusReason": "Group not found"}));
                }
            }
        }
        st.record("user_invited", &id, "users");
        data.push(json!({"id": id, "email": email, "results": [{"roleAssignmentResult": role_results, "groupAssignmentResult": group_results}]}));
    }
    reply(if partial { 206 } else { 200 }, json!({"data": data}))
}

async fn workspaces(S(app): S<App>, r: Req) -> Res {
    let b = Value::Object(r.json_obj_opt()?);
    let limit = match b.get("limit") {
        None | Some(Value::Null) => 20,
        Some(v) => match v.as_u64() {
            Some(n) if (1..=100).contains(&n) => n as usize,
            _ => return Err(r.err(400, "'limit' must be an integer between 1 and 100.")),
        },
    };
    let off = match b.get("cursor").and_then(Value::as_str) {
        Some(c) if !c.is_empty() => pg::cursor_offset(c).ok_or_else(|| r.err(400, "The cursor is invalid."))?,
        _ => 0,
    };
    let st = app.st();
    let items: Vec<Value> = st
        .workspaces
        .iter()
        .map(|w| {
            json!({"id": w.id, "type": "workspace", "attributes": {
                "name": w.name, "typeKey": w.type_key, "type": w.type_key, "owner": st.org_id, "status": w.status,
                "statusDetails": [], "icons": {}, "avatars": {}, "labels": [], "sandbox": {"type": "NONE"},
                "usage": null, "capacity": null, "createdAt": ts(&w.created_at), "createdBy": null, "updatedAt": ts(&w.created_at),
                "hostUrl": w.host_url, "realm": "us", "regions": ["us-east-1"]},
                "links": {"self": format!("{}/admin/v2/orgs/{}/workspaces/{}", r.base, st.org_id, w.id)}, "relationships": {}})
        })
        .collect();
    let (page, next) = pg::slice(&items, off, limit);
    let mut links = json!({"self": pg::offset_cursor(off)});
    if let Some(n) = next {
        links["next"] = json!(pg::offset_cursor(n));
    }
    let end = if page.is_empty() { Value::Null } else { json!(off + page.len() - 1) };
    reply(200, json!({"data": page, "links": links, "meta": {"pageSize": limit, "startIndex": off, "endIndex": end, "total": items.len()}}))
}

// ---------- events ----------

fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Ok(n) = s.parse::<i64>() {
        return chrono::DateTime::from_timestamp_millis(n);
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.to_utc())
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_hms_opt(0, 0, 0).unwrap().and_utc()))
}

fn event_json(r: &Req, org: &str, e: &Event, stream: bool) -> Value {
    let (city, country) = e.location.split_once(", ").unwrap_or((&e.location, ""));
    let mut v = json!({
        "id": e.id, "type": "events",
        "attributes": {
            "time": ts(&e.time), "action": e.action,
            "actor": {"id": e.actor_id, "name": e.actor_name, "email": e.actor_email, "links": {"self": format!("{}/users/{}/manage/profile", r.base, e.actor_id)}},
            "context": [{"id": e.context_id, "type": e.context_type, "attributes": {}, "links": {"alt": format!("https://admin.atlassian.com/o/{org}/{}/{}", e.context_type, e.context_id)}}],
            "container": [{"id": org, "type": "organizations", "attributes": {}, "links": {"alt": format!("https://admin.atlassian.com/o/{org}")}}],
            "location": {"ip": e.ip, "geo": "", "countryName": country, "regionName": "", "city": city},
        },
        "links": {"self": format!("{}/admin/v1/orgs/{}/events/{}", r.base, org, e.id)},
        "message": {"content": format!("{} performed {}", e.actor_name, e.action), "format": "simple"},
    });
    if stream {
        v["attributes"]["processedAt"] = json!(ts(&e.time));
    }
    v
}

fn event_filter(r: &Req) -> Result<impl Fn(&Event) -> bool, axum::response::Response> {
    let bad = |n: &str| r.bad_request(&format!("'{n}' is not a valid timestamp."));
    let from = match r.q("from") {
        Some(s) => Some(parse_time(s).ok_or_else(|| bad("from"))?),
        None => None,
    };
    let to = match r.q("to") {
        Some(s) => Some(parse_time(s).ok_or_else(|| bad("to"))?),
        None => None,
    };
    let action = r.q("action").map(String::from);
    let text = r.q("q").map(str::to_lowercase);
    let actors = r.qs("actor");
    let ips = r.qs("ip");
    let products = r.qs("product");
    let location = r.q("location").map(str::to_lowercase);
    Ok(move |e: &Event| {
        from.is_none_or(|f| e.time >= f)
            && to.is_none_or(|t| e.time <= t)
            && action.as_ref().is_none_or(|a| a.split(',').any(|x| x == e.action))
            && text
                .as_ref()
                .is_none_or(|t| e.action.contains(t.as_str()) || e.actor_name.to_lowercase().contains(t.as_str()) || e.actor_email.contains(t.as_str()))
            && (actors.is_empty() || actors.contains(&e.actor_id))
            && (ips.is_empty() || ips.contains(&e.ip))
            && (products.is_empty() || products.contains(&e.product))
            && location.as_ref().is_none_or(|l| e.location.to_lowercase().contains(l.as_str()))
    })
}

/// Keyset page over events ordered by sequence number.
fn event_page(r: &Req, st: &State, desc: bool, limit: usize, stream: bool) -> Res {
    let pos = match r.q("cursor") {
        Some(c) if !c.is_empty() => {
            Some(pg::decode(c).and_then(|v| v.get("s").and_then(Value::as_u64)).ok_or_else(|| r.err_code(400, "ADMIN-400-1", "The page cursor is invalid."))?)
        }
        _ => None,
    };
    let keep = event_filter(r)?;
    // Events are stored in sequence order, so the cursor's position is found by bisection.
    let iter: Box<dyn Iterator<Item = &Event>> = match (desc, pos) {
        (true, Some(p)) => Box::new(st.events[..st.events.partition_point(|e| e.seq < p)].iter().rev()),
        (true, None) => Box::new(st.events.iter().rev()),
        (false, Some(p)) => Box::new(st.events[st.events.partition_point(|e| e.seq <= p)..].iter()),
        (false, None) => Box::new(st.events.iter()),
    };
    let mut matched = iter.filter(|e| keep(e));
    let page: Vec<&Event> = matched.by_ref().take(limit).collect();
    let more = matched.next().is_some();
    let data: Vec<Value> = page.iter().map(|e| event_json(r, &st.org_id, e, stream)).collect();
    let mut meta = json!({"page_size": limit});
    let mut links = json!({"self": r.url()});
    // The stream (poll) always gives a cursor, as the service does: where to poll again from.
    if more || stream {
        let last = page.last().map(|e| e.seq).or(pos).unwrap_or(if desc { u64::MAX } else { 0 });
        let c = pg::encode(&json!({"s": last}));
        meta["next"] = json!(c);
        let mut extra = vec![("limit", limit.to_string())];
        if stream {
            extra.push(("sortOrder", if desc { "desc".into() } else { "asc".into() }));
        }
        links["next"] = v1_links(r, Some(c), &extra)["next"].clone();
    }
    reply(200, json!({"data": data, "meta": meta, "links": links}))
}

async fn events(S(app): S<App>, r: Req) -> Res {
    let limit = r.q_int("limit", 30, 1, 500)?;
    let st = app.st();
    event_page(&r, &st, true, limit, false)
}

async fn events_stream(S(app): S<App>, r: Req) -> Res {
    let limit = r.q_int("limit", 200, 1, 500)?;
    let order = r.q("sortOrder").unwrap_or("asc");
    let st = app.st();
    event_page(&r, &st, order == "desc", limit, true)
}

async fn event(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let e = st.events.iter().find(|e| e.id == r.p("eventId")).ok_or_else(|| r.err_code(404, "ADMIN-404-4", "Event not found."))?;
    reply(200, json!({"data": event_json(&r, &st.org_id, e, false)}))
}

async fn event_actions(S(_app): S<App>, _r: Req) -> Res {
    let data: Vec<Value> =
        EVENT_ACTIONS.iter().map(|(id, d, g)| json!({"id": id, "type": "event-actions", "attributes": {"displayName": d, "groupDisplayName": g}})).collect();
    reply(200, json!({"data": data}))
}

// ---------- policies ----------

fn resource_json(res: &PolicyResource) -> Value {
    json!({"id": res.id, "applicationStatus": res.status, "meta": res.meta, "links": res.links})
}

fn policy_json(p: &Policy) -> Value {
    let mut attrs = json!({"type": p.ptype, "name": p.name, "status": p.status, "resources": p.resources.iter().map(resource_json).collect::<Vec<_>>()});
    if p.ptype == "ip-allowlist" {
        attrs["rule"] = json!({"in": p.rule});
    }
    json!({"id": p.id, "type": "policy", "attributes": attrs})
}

async fn policies(S(app): S<App>, r: Req) -> Res {
    let off = v1_offset(&r)?;
    let st = app.st();
    let t = r.q("type");
    let items: Vec<Value> = st.policies.iter().filter(|p| t.is_none_or(|t| p.ptype == t)).map(policy_json).collect();
    let (page, next) = pg::slice(&items, off, 20);
    let c = next.map(pg::offset_cursor);
    let extra: Vec<(&str, String)> = t.map(|t| vec![("type", t.to_string())]).unwrap_or_default();
    reply(200, json!({"data": page, "meta": {"next": c, "page_size": 20}, "links": v1_links(&r, c.clone(), &extra)}))
}

/// A policy body's fields: type, name, status, the allowed IP ranges and the resource ids.
type PolicyFields = (String, Option<String>, Option<String>, Option<Vec<String>>, Option<Vec<String>>);

fn policy_input(r: &Req, b: &Map<String, Value>) -> Result<PolicyFields, axum::response::Response> {
    let data = b.get("data").and_then(Value::as_object).ok_or_else(|| r.bad_request("'data' is required."))?;
    let attrs = data.get("attributes").and_then(Value::as_object).ok_or_else(|| r.bad_request("'data.attributes' is required."))?;
    let ptype = r.req_str(attrs, "type")?;
    let status = attrs.get("status").and_then(Value::as_str).map(String::from);
    let rule = attrs.get("rule").and_then(|x| x.get("in")).and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect());
    let resources =
        attrs.get("resources").and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.get("id").and_then(Value::as_str).map(String::from)).collect());
    Ok((ptype, attrs.get("name").and_then(Value::as_str).map(String::from), status, rule, resources))
}

fn new_resource(id: String) -> PolicyResource {
    PolicyResource {
        name: id.split(':').nth(2).unwrap_or("site").to_string(),
        id,
        status: "applying".into(),
        meta: json!({}),
        links: json!({}),
        created_at: chrono::Utc::now(),
    }
}

async fn create_policy(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let (ptype, name, status, rule, resources) = policy_input(&r, &b)?;
    let mut st = app.st();
    let id = st.new_id();
    let p = Policy {
        id: id.clone(),
        ptype,
        name: name.unwrap_or_else(|| "Untitled policy".into()),
        status: status.unwrap_or_else(|| "enabled".into()),
        rule: rule.unwrap_or_default(),
        resources: resources.unwrap_or_default().into_iter().map(new_resource).collect(),
    };
    let v = policy_json(&p);
    st.policies.push(p);
    st.record("policy_created", &id, "policies");
    reply(202, json!({"data": v}))
}

fn policy_idx(st: &State, r: &Req) -> Result<usize, axum::response::Response> {
    st.policies.iter().position(|p| p.id == r.p("policyId")).ok_or_else(|| r.err_code(404, "ADMIN-404-5", "Policy not found."))
}

async fn get_policy(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let i = policy_idx(&st, &r)?;
    reply(200, json!({"data": policy_json(&st.policies[i])}))
}

async fn update_policy(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let (ptype, name, status, rule, resources) = policy_input(&r, &b)?;
    let mut st = app.st();
    let i = policy_idx(&st, &r)?;
    let p = &mut st.policies[i];
    p.ptype = ptype;
    if let Some(n) = name {
        p.name = n;
    }
    if let Some(s) = status {
        p.status = s;
    }
    if let Some(rule) = rule {
        p.rule = rule;
    }
    if let Some(res) = resources {
        p.resources = res.into_iter().map(new_resource).collect();
    }
    let v = policy_json(p);
    let id = p.id.clone();
    st.record("policy_updated", &id, "policies");
    reply(202, json!({"data": v}))
}

async fn delete_policy(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = policy_idx(&st, &r)?;
    let p = st.policies.remove(i);
    st.record("policy_deleted", &p.id, "policies");
    empty(202)
}

async fn add_resource(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let id = r.req_str(&b, "id")?;
    let mut st = app.st();
    let i = policy_idx(&st, &r)?;
    let mut res = new_resource(id);
    res.meta = b.get("meta").cloned().unwrap_or(json!({}));
    res.links = b.get("links").cloned().unwrap_or(json!({}));
    st.policies[i].resources.push(res);
    let v = policy_json(&st.policies[i]);
    let pid = st.policies[i].id.clone();
    st.record("policy_updated", &pid, "policies");
    reply(202, json!({"data": v}))
}

async fn update_resource(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj_opt()?;
    let mut st = app.st();
    let i = policy_idx(&st, &r)?;
    let res = st.policies[i].resources.iter_mut().find(|x| x.id == r.p("resourceId")).ok_or_else(|| r.err_code(404, "ADMIN-404-6", "Resource not found."))?;
    if let Some(m) = b.get("meta") {
        res.meta = m.clone();
    }
    if let Some(l) = b.get("links") {
        res.links = l.clone();
    }
    let v = policy_json(&st.policies[i]);
    reply(202, json!({"data": v}))
}

async fn delete_resource(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let i = policy_idx(&st, &r)?;
    let before = st.policies[i].resources.len();
    st.policies[i].resources.retain(|x| x.id != r.p("resourceId"));
    if st.policies[i].resources.len() == before {
        return Err(r.err_code(404, "ADMIN-404-6", "Resource not found."));
    }
    empty(204)
}

async fn validate_policy(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    policy_idx(&st, &r).map_err(|_| r.err_code(400, "ADMIN-400-4", "Policy not found."))?;
    empty(202)
}
