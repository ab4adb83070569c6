//! User management API: `/users/{account_id}/manage...` (managed accounts).

use super::{empty, reply, Res};
use crate::extract::Req;
use crate::state::{ts, State, User};
use crate::App;
use axum::extract::State as S;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

const PRIVILEGES: [&str; 8] =
    ["profile", "profile.write", "profile.read", "email.set", "lifecycle.enablement", "lifecycle.delete", "apiToken.read", "apiToken.delete"];

pub fn routes() -> Router<App> {
    let base = "/users/{account_id}/manage";
    Router::new()
        .route(base, get(permissions))
        .route(&format!("{base}/api-tokens"), get(tokens))
        .route(&format!("{base}/api-tokens/{{tokenId}}"), axum::routing::delete(delete_token))
        .route(&format!("{base}/email"), put(set_email))
        .route(&format!("{base}/lifecycle/cancel-delete"), post(cancel_delete))
        .route(&format!("{base}/lifecycle/delete"), post(delete))
        .route(&format!("{base}/lifecycle/disable"), post(disable))
        .route(&format!("{base}/lifecycle/enable"), post(enable))
        .route(&format!("{base}/profile"), get(profile).patch(patch_profile))
}

fn not_found(r: &Req) -> Response {
    r.err_code(404, "accountNotFound", "Account not found.")
}

fn find<'a>(st: &'a State, r: &Req) -> Result<&'a User, Response> {
    st.user(r.p("account_id")).ok_or_else(|| not_found(r))
}

/// Mutable access to a managed account; unmanaged accounts are refused with 403.
fn managed<'a>(st: &'a mut State, r: &Req) -> Result<&'a mut User, Response> {
    let u = st.user_mut(r.p("account_id")).ok_or_else(|| not_found(r))?;
    if !u.managed {
        return Err(r.err_code(403, "forbidden", "The account is not managed by this organization."));
    }
    Ok(u)
}

fn lifecycle_conflict(r: &Req, account: &str, msg: &str) -> Response {
    crate::errors::error_ctx(
        r.family,
        409,
        "conflict.lifecycleErrors",
        msg,
        json!({"accountId": account, "message": msg, "errorCodes": [{"code": "LIFECYCLE_STATE", "message": msg}]}),
    )
}

fn profile_json(u: &User) -> Value {
    json!({"account": {
        "account_id": u.account_id, "account_status": u.account_status, "account_type": "atlassian",
        "characteristics": {"not_mentionable": false}, "email": u.email, "name": u.name, "picture": u.picture(),
        "extended_profile": {"department": u.department, "job_title": u.job_title, "location": u.location, "organization": "Acme"},
        "locale": "en-US", "nickname": u.nickname, "zoneinfo": u.timezone,
    }})
}

async fn permissions(S(app): S<App>, r: Req) -> Res {
    let wanted = r.qs("privileges");
    let st = app.st();
    let u = find(&st, &r)?;
    let mut out = serde_json::Map::new();
    for p in PRIVILEGES {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == p) {
            continue;
        }
        let v = if !u.managed {
            json!({"allowed": false, "reason": {"key": "managedAccount"}})
        } else if u.synced && (p == "email.set" || p == "profile.write" || p == "lifecycle.enablement") {
            json!({"allowed": false, "reason": {"key": "externalDirectory.scim"}})
        } else {
            json!({"allowed": true})
        };
        // `profile` and `profile.write` hold one rule per profile field.
        let v = if p == "profile" || p == "profile.write" {
            json!({"name": v.clone(), "nickname": v.clone(), "job_title": v.clone(), "department": v.clone(), "zoneinfo": v})
        } else {
            v
        };
        out.insert(p.to_string(), v);
    }
    reply(200, Value::Object(out))
}

async fn tokens(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    let u = find(&st, &r)?;
    let list: Vec<Value> = u
        .tokens
        .iter()
        .map(|t| {
            let mut v = json!({"id": t.id, "label": t.label, "createdAt": ts(&t.created_at), "expiry": ts(&t.expires_at)});
            if let Some(l) = t.last_access {
                v["lastAccess"] = json!(ts(&l));
            }
            v
        })
        .collect();
    reply(200, Value::Array(list))
}

async fn delete_token(S(app): S<App>, r: Req) -> Res {
    let mut st = app.st();
    let u = managed(&mut st, &r)?;
    let before = u.tokens.len();
    u.tokens.retain(|t| t.id != r.p("tokenId"));
    if u.tokens.len() == before {
        return Err(r.err_code(404, "notFound", "API token not found."));
    }
    let id = r.p("tokenId").to_string();
    st.record("api_token_revoked", &id, "api-tokens");
    empty(204)
}

async fn set_email(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    let email = r.req_str(&b, "email")?;
    let Some((_, domain)) = email.split_once('@') else {
        return Err(r.bad_request("'email' is not a valid address."));
    };
    let mut st = app.st();
    let verified = st.domains.iter().any(|d| d.1.eq_ignore_ascii_case(domain) && d.3 == "verified");
    let u = managed(&mut st, &r)?;
    if !verified {
        return Err(crate::errors::error_ctx(r.family, 403, "forbidden.unclaimedDomain", "Domain not claimed.", json!({"domain": domain})));
    }
    u.email = email;
    let id = u.account_id.clone();
    st.record("user_email_changed", &id, "users");
    empty(204)
}

async fn lifecycle(app: App, r: Req, op: &str) -> Res {
    if op == "disable" {
        r.json_obj_opt()?;
    }
    let mut st = app.st();
    let u = managed(&mut st, &r)?;
    let id = u.account_id.clone();
    let result = match op {
        "delete" if u.for_deletion || u.account_status == "closed" => Err("The account is already scheduled for deletion."),
        "delete" => {
            u.for_deletion = true;
            Ok(Some("The account will be deleted in 14 days."))
        }
        "cancel-delete" => {
            u.for_deletion = false;
            Ok(Some("The scheduled deletion was cancelled."))
        }
        "disable" if u.account_status == "closed" => Err("A closed account cannot be deactivated."),
        "disable" => {
            u.account_status = "inactive".into();
            Ok(None)
        }
        _ if u.account_status == "closed" => Err("A closed account cannot be activated."),
        _ => {
            u.account_status = "active".into();
            Ok(None)
        }
    };
    match result {
        Err(msg) => Err(lifecycle_conflict(&r, &id, msg)),
        Ok(msg) => {
            st.record(&format!("user_lifecycle_{}", op.replace('-', "_")), &id, "users");
            match msg {
                Some(m) => reply(200, json!({"message": m})),
                None => empty(204),
            }
        }
    }
}
async fn cancel_delete(S(app): S<App>, r: Req) -> Res {
    lifecycle(app, r, "cancel-delete").await
}
async fn delete(S(app): S<App>, r: Req) -> Res {
    lifecycle(app, r, "delete").await
}
async fn disable(S(app): S<App>, r: Req) -> Res {
    lifecycle(app, r, "disable").await
}
async fn enable(S(app): S<App>, r: Req) -> Res {
    lifecycle(app, r, "enable").await
}

async fn profile(S(app): S<App>, r: Req) -> Res {
    let st = app.st();
    reply(200, profile_json(find(&st, &r)?))
}

async fn patch_profile(S(app): S<App>, r: Req) -> Res {
    let b = r.json_obj()?;
    for locked in ["account_id", "account_type", "email", "picture", "account_status"] {
        if let Some(v) = b.get(locked) {
            let st = app.st();
            let u = find(&st, &r)?;
            let current = profile_json(u)["account"][locked].clone();
            if *v != current {
                return Err(crate::errors::error_ctx(r.family, 403, "forbidden.fieldMutation", "Field cannot be changed here.", json!({"field": locked})));
            }
        }
    }
    let text = |name: &str| -> Result<Option<String>, Response> {
        match b.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(r.bad_request(&format!("'{name}' must be a string."))),
        }
    };
    let name = text("name")?;
    let nickname = text("nickname")?;
    let zone = text("zoneinfo")?;
    let ext = b.get("extended_profile").cloned().unwrap_or(Value::Null);
    let mut st = app.st();
    let u = managed(&mut st, &r)?;
    if let Some(n) = name {
        u.name = n;
    }
    if let Some(n) = nickname {
        u.nickname = n;
    }
    if let Some(z) = zone {
        u.timezone = z;
    }
    if let Some(s) = ext.get("job_title").and_then(Value::as_str) {
        u.job_title = s.into();
    }
    if let Some(s) = ext.get("department").and_then(Value::as_str) {
        u.department = s.into();
    }
    if let Some(s) = ext.get("location").and_then(Value::as_str) {
        u.location = s.into();
    }
    let v = profile_json(u);
    let id = u.account_id.clone();
    st.record("user_profile_updated", &id, "users");
    reply(200, v)
}
