//! Every one of the 132 operations answers 2xx with fixture IDs and the right key, and every
//! answer validates against the operation's response schema in `specs/<family>.json` (a JSON
//! Schema validator, with OpenAPI 3.0's `nullable` translated).

use atlassian_admin_mock::{Config, Fixtures, MockServer};
use serde_json::{json, Value};

/// (family spec, method, full path template, operation) of every operation in specs/.
struct SpecOp {
    spec: std::sync::Arc<Value>,
    method: String,
    segments: Vec<String>,
    op: Value,
}

fn spec_ops() -> Vec<SpecOp> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut out = vec![];
    // Every family is one normalized spec in specs/: read them all, list none by hand.
    let mut families: Vec<String> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_string)).collect();
    families.sort();
    assert!(!families.is_empty(), "no specs in {}", dir.display());
    for family in &families {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{family}.json"))).unwrap()).unwrap();
        let server = spec["servers"][0]["url"].as_str().unwrap().to_string();
        let prefix = server.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
        let spec = std::sync::Arc::new(spec);
        for (path, item) in spec["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                out.push(SpecOp {
                    spec: spec.clone(),
                    method: method.to_uppercase(),
                    segments: format!("{prefix}{path}").split('/').map(str::to_string).collect(),
                    op: op.clone(),
                });
            }
        }
    }
    out
}

fn find<'a>(ops: &'a [SpecOp], method: &str, path: &str) -> Option<&'a SpecOp> {
    let segs: Vec<&str> = path.split('?').next().unwrap().split('/').collect();
    // Literal segments beat placeholders (`/users/count` is not `/users/{id}`).
    ops.iter()
        .filter(|o| o.method == method && o.segments.len() == segs.len())
        .filter(|o| o.segments.iter().zip(&segs).all(|(t, s)| t.starts_with('{') || t == s))
        .max_by_key(|o| o.segments.iter().filter(|t| !t.starts_with('{')).count())
}

/// OpenAPI 3.0 schema -> JSON Schema draft 4: `nullable` becomes a `null` alternative.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out: serde_json::Map<String, Value> = m.iter().map(|(k, v)| (k.clone(), to_json_schema(v))).collect();
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = out.get_mut("enum") {
                        e.push(Value::Null);
                    }
                } else {
                    return json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// Validates `body` against the response schema of `op` for `status`; `Err` lists violations.
fn validate(o: &SpecOp, status: u16, body: &str) -> Result<(), String> {
    let resp = o.op["responses"].get(status.to_string()).or_else(|| o.op["responses"].get("default"));
    let Some(mut resp) = resp else { return Err(format!("status {status} is not documented")) };
    if let Some(r) = resp.get("$ref").and_then(Value::as_str) {
        resp = o.spec.pointer(r.trim_start_matches('#')).ok_or_else(|| format!("dangling {r}"))?;
    }
    let Some(schema) = resp.pointer("/content/application~1json/schema") else {
        return if body.trim().is_empty() { Ok(()) } else { Err(format!("documented without a body, answered {} bytes", body.len())) };
    };
    let instance: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let root = json!({
        "definitions": { "answer": to_json_schema(schema) },
        "components": to_json_schema(&o.spec["components"]),
        "$ref": "#/definitions/answer",
    });
    let validator = jsonschema::draft4::new(&root).map_err(|e| format!("schema does not compile: {e}"))?;
    let errors: Vec<String> = validator.iter_errors(&instance).take(3).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

const O1: &str = "/admin/v1/orgs/{orgId}";
const D2: &str = "/admin/v2/orgs/{orgId}/directories/{directoryId}";

/// (method, path template, JSON body, uses SCIM key)
fn table() -> Vec<(&'static str, String, Option<&'static str>, bool)> {
    let o = |m: &'static str, p: &str, b: Option<&'static str>| (m, p.to_string(), b, false);
    let s = |m: &'static str, p: &str, b: Option<&'static str>| (m, format!("/scim/directory/{{directoryId}}{p}"), b, true);
    let um = |m: &'static str, p: &str, b: Option<&'static str>| (m, format!("/users/{{accountId}}/manage{p}"), b, false);
    let c1 = "/admin/control/v1/orgs/{orgId}";
    let c2 = "/admin/control/v2/orgs/{orgId}";
    let aa = "/admin/api-access/v1/orgs/{orgId}";
    let dl = "/admin/dlp/v1/orgs/{orgId}/classification-levels";
    let up = "/admin/user-provisioning/v1/org/{orgId}";
    let cpol = r#"{"data":{"type":"policy","attributes":{"name":"p","status":"draft","type":"data-security"}}}"#;
    let cpol_put = r#"{"data":{"id":"{controlPolicyId}","type":"policy","attributes":{"name":"p2","status":"active","type":"data-security"}}}"#;
    let opol = r#"{"data":{"type":"policy","attributes":{"type":"ip-allowlist","name":"x","status":"enabled","rule":{"in":["10.0.0.0/8"]}}}}"#;
    vec![
        // organization (47)
        o("GET", "/admin/v1/orgs", None),
        o("GET", O1, None),
        o("POST", &format!("{D2}/users/search"), Some(r#"{"limit":5}"#)),
        o("GET", &format!("{D2}/users/{{accountId}}"), None),
        o("GET", &format!("{O1}/users"), None),
        o("POST", "/admin/v2/orgs/{orgId}/users/invite", Some(r#"{"emails":["new.person@acme.example.com"]}"#)),
        o("GET", &format!("{D2}/users/{{accountId}}/role-assignments"), None),
        o("POST", &format!("{O1}/users/{{accountId}}/roles/assign"), Some(r#"{"role":"atlassian/admin"}"#)),
        o("POST", &format!("{O1}/users/{{accountId}}/roles/revoke"), Some(r#"{"role":"atlassian/admin"}"#)),
        o("POST", &format!("{D2}/users/{{accountId}}/suspend"), None),
        o("POST", &format!("{D2}/users/{{accountId}}/restore"), None),
        o("DELETE", &format!("{D2}/users/{{accountId}}"), None),
        o("POST", &format!("{O1}/users/{{accountId}}/role-assignments/assign"), Some(r#"{"role":"atlassian/org-admin"}"#)),
        o("POST", &format!("{O1}/users/{{accountId}}/role-assignments/revoke"), Some(r#"{"role":"atlassian/org-admin"}"#)),
        o("GET", &format!("{D2}/users/count"), None),
        o("GET", &format!("{D2}/users/stats"), None),
        o("GET", &format!("{O1}/directory/users/{{accountId}}/last-active-dates"), None),
        o("GET", &format!("{D2}/users"), None),
        o("POST", &format!("{D2}/groups/search"), Some("{}")),
        o("GET", &format!("{D2}/groups/{{groupId}}/role-assignments"), None),
        o("POST", &format!("{D2}/groups/{{groupId}}/role-assignments/assign"), Some(r#"{"resourceId":"ari:cloud:jira::site/x","roleId":"atlassian/admin"}"#)),
        o("POST", &format!("{D2}/groups/{{groupId}}/role-assignments/revoke"), Some(r#"{"resourceId":"ari:cloud:jira::site/x","roleId":"atlassian/admin"}"#)),
        o("POST", &format!("{D2}/groups/{{groupId}}/memberships"), Some(r#"{"accountId":"{accountId}"}"#)),
        o("DELETE", &format!("{D2}/groups/{{groupId}}/memberships/{{memberId}}"), None),
        o("DELETE", &format!("{D2}/groups/{{groupId}}"), None),
        o("GET", &format!("{D2}/groups/{{groupId}}"), None),
        o("GET", &format!("{D2}/groups/count"), None),
        o("GET", &format!("{D2}/groups/stats"), None),
        o("POST", &format!("{D2}/groups"), Some(r#"{"name":"brand-new-group"}"#)),
        o("GET", &format!("{D2}/groups"), None),
        o("GET", "/admin/v2/orgs/{orgId}/directories", None),
        o("GET", &format!("{O1}/domains"), None),
        o("GET", &format!("{O1}/domains/{{domainId}}"), None),
        o("GET", &format!("{O1}/events"), None),
        o("GET", &format!("{O1}/events-stream"), None),
        o("GET", &format!("{O1}/events/{{eventId}}"), None),
        o("GET", &format!("{O1}/event-actions"), None),
        o("GET", &format!("{O1}/policies"), None),
        o("POST", &format!("{O1}/policies"), Some(opol)),
        o("GET", &format!("{O1}/policies/{{policyId}}"), None),
        o("PUT", &format!("{O1}/policies/{{policyId}}"), Some(opol)),
        o("DELETE", &format!("{O1}/policies/{{policyId}}"), None),
        o("POST", &format!("{O1}/policies/{{policyId}}/resources"), Some(r#"{"id":"ari:cloud:jira::site/new"}"#)),
        o("PUT", &format!("{O1}/policies/{{policyId}}/resources/{{policyResourceId}}"), Some(r#"{"meta":{"scheduledDate":"2026-01-01"}}"#)),
        o("DELETE", &format!("{O1}/policies/{{policyId}}/resources/{{policyResourceId}}"), None),
        o("GET", &format!("{O1}/policies/{{policyId}}/validate"), None),
        o("POST", "/admin/v2/orgs/{orgId}/workspaces", Some(r#"{"limit":10}"#)),
        // user management (10)
        um("GET", "", None),
        (("GET"), "/users/{tokenAccountId}/manage/api-tokens".to_string(), None, false),
        (("DELETE"), "/users/{tokenAccountId}/manage/api-tokens/{tokenId}".to_string(), None, false),
        um("PUT", "/email", Some(r#"{"email":"changed@acme.example.com"}"#)),
        um("POST", "/lifecycle/cancel-delete", None),
        um("POST", "/lifecycle/delete", None),
        um("POST", "/lifecycle/disable", Some(r#"{"message":"bye"}"#)),
        um("POST", "/lifecycle/enable", None),
        um("GET", "/profile", None),
        um("PATCH", "/profile", Some(r#"{"nickname":"newnick"}"#)),
        // user provisioning (24)
        s("GET", "/Groups/{scimGroupId}", None),
        s("PUT", "/Groups/{scimGroupId}", Some(r#"{"displayName":"renamed-group","members":[]}"#)),
        s("DELETE", "/Groups/{scimGroupId}", None),
        s("PATCH", "/Groups/{scimGroupId}", Some(r#"{"Operations":[{"op":"replace","path":"displayName","value":"g2"}]}"#)),
        s("GET", "/Groups", None),
        s("POST", "/Groups", Some(r#"{"displayName":"fresh-scim-group"}"#)),
        s("GET", "/Schemas", None),
        s("GET", "/ResourceTypes", None),
        s("GET", "/ResourceTypes/User", None),
        s("GET", "/ResourceTypes/Group", None),
        s("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", None),
        s("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", None),
        s("GET", "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", None),
        s("GET", "/ServiceProviderConfig", None),
        s("GET", "/Users/{scimUserId}", None),
        s("PUT", "/Users/{scimUserId}", Some(r#"{"userName":"put.user@acme.example.com","active":true}"#)),
        s("DELETE", "/Users/{scimUserId}", None),
        s("PATCH", "/Users/{scimUserId}", Some(r#"{"operations":[{"op":"replace","path":"title","value":"Boss"}]}"#)),
        s("GET", "/Users", None),
        s("POST", "/Users", Some(r#"{"userName":"brand.new@acme.example.com","emails":[{"value":"brand.new@acme.example.com","primary":true}]}"#)),
        o("DELETE", &format!("{up}/user/{{scimAccountId}}/onlyDeleteUserInDB"), None),
        o("GET", &format!("{up}/user/{{scimAccountId}}/get-scim-links"), None),
        o("POST", &format!("{up}/get-scim-links-for-email"), Some(r#"{"email":"{scimUserName}"}"#)),
        o("PATCH", &format!("{up}/scimDirectoryId/{{directoryId}}/scimUserId/{{scimUserId}}/unlink"), None),
        // control (22)
        o("GET", &format!("{c1}/policies"), None),
        o("POST", &format!("{c1}/policies"), Some(cpol)),
        o("GET", &format!("{c1}/policies/{{controlPolicyId}}"), None),
        o("PUT", &format!("{c1}/policies/{{controlPolicyId}}"), Some(cpol_put)),
        o("DELETE", &format!("{c1}/policies/{{controlPolicyId}}"), None),
        o("GET", &format!("{c2}/policies"), None),
        o("POST", &format!("{c2}/policies"), Some(cpol)),
        o("GET", &format!("{c2}/policies/{{controlPolicyId}}"), None),
        o("PUT", &format!("{c2}/policies/{{controlPolicyId}}"), Some(cpol_put)),
        o(
            "POST",
            &format!("{c2}/policies/publishDraftPolicies"),
            Some(
                r#"{"type":"data-security","ruleName":"r","policyOperations":[{"policyId":"{controlPolicyId}","action":"UPDATE","policyCoverageLevel":"ORG"}]}"#,
            ),
        ),
        o("GET", &format!("{c1}/policies/{{controlPolicyId}}/resources"), None),
        o("POST", &format!("{c1}/policies/{{controlPolicyId}}/resources"), Some(r#"{"id":"ari:cloud:confluence::site/new"}"#)),
        o("DELETE", &format!("{c1}/policies/{{controlPolicyId}}/resources"), None),
        o("PUT", &format!("{c1}/policies/{{controlPolicyId}}/resources/{{controlResourceId}}"), Some(r#"{"meta":{}}"#)),
        o("DELETE", &format!("{c1}/policies/{{controlPolicyId}}/resources/{{controlResourceId}}"), None),
        o("GET", &format!("{c2}/policies/{{controlPolicyId}}/resources"), None),
        o("POST", &format!("{c2}/policies/{{controlPolicyId}}/resources"), Some(r#"[{"operation":"ADD","resourceAri":"ari:cloud:jira::site/z"}]"#)),
        o("DELETE", &format!("{c2}/policies/{{controlPolicyId}}/resources"), None),
        o("GET", &format!("{c1}/policies/{{controlPolicyId}}/validate"), None),
        o("POST", &format!("{c1}/auth-policy/{{controlPolicyId}}/add-users"), Some(r#"{"users":["{accountId}"]}"#)),
        o("GET", &format!("{c1}/auth-policy/task/{{taskId}}"), None),
        o("POST", &format!("{c1}/users/auth-policies/bulk-fetch"), Some(r#"{"accountIds":["{accountId}"]}"#)),
        // api access (21)
        o("GET", &format!("{aa}/api-tokens"), None),
        o("DELETE", &format!("{aa}/api-tokens"), None),
        o("GET", &format!("{aa}/api-tokens/count"), None),
        o("POST", &format!("{aa}/service-accounts/count"), Some(r#"["{saId}"]"#)),
        o("GET", &format!("{aa}/service-accounts/api-tokens"), None),
        o("GET", &format!("{aa}/service-accounts/{{saId}}/api-tokens"), None),
        o("DELETE", &format!("{aa}/service-accounts/{{saId}}/api-tokens"), None),
        o(
            "POST",
            &format!("{aa}/service-accounts"),
            Some(r#"{"displayName":"release-bot","permissionRules":[{"resource":"ari:cloud:jira::site/1","role":"atlassian/user"}]}"#),
        ),
        o("GET", &format!("{aa}/service-accounts"), None),
        o("PATCH", &format!("{aa}/service-accounts"), Some(r#"{"atlassianId":"{saAtlassianId}","displayName":"renamed"}"#)),
        o("DELETE", &format!("{aa}/service-accounts/{{saId}}"), None),
        o("GET", &format!("{aa}/service-accounts/oauth-clients"), None),
        o("GET", &format!("{aa}/service-accounts/{{saId}}/oauth-clients"), None),
        o("POST", &format!("{aa}/oauth-clients"), Some(r#"{"name":"c","serviceAccountId":"{saId}"}"#)),
        o("GET", &format!("{aa}/oauth-clients"), None),
        o("POST", &format!("{aa}/oauth-clients/count"), None),
        o("GET", &format!("{aa}/oauth-clients/{{clientId}}"), None),
        o("DELETE", &format!("{aa}/oauth-clients/{{clientId}}"), None),
        o("GET", &format!("{aa}/api-keys/count"), None),
        o("GET", &format!("{aa}/api-keys"), None),
        o("PATCH", &format!("{aa}/api-keys/revoke/{{apiKeyId}}"), None),
        // dlp (8)
        o("GET", dl, None),
        o("POST", dl, Some(r#"{"name":"Top secret","color":"RED"}"#)),
        o("GET", &format!("{dl}/{{levelId}}"), None),
        o("PUT", &format!("{dl}/{{levelId}}"), Some(r#"{"name":"Edited"}"#)),
        o("POST", &format!("{dl}/publish"), Some(r#"{"levelIds":["{levelId}"]}"#)),
        o("POST", &format!("{dl}/archive"), Some(r#"{"levelId":"{publishedLevelId}"}"#)),
        o("POST", &format!("{dl}/restore"), Some(r#"{"levelId":"{archivedLevelId}"}"#)),
        o("POST", &format!("{dl}/reorder"), Some(r#"{"levelIds":["{archivedLevelId}","{levelId}"]}"#)),
    ]
}

/// Fixture IDs into a URL template: resource IDs are ARIs, so their `/` is percent-encoded.
fn fill(t: &str, f: &Fixtures, task: &str) -> String {
    let t = t
        .replace("{taskId}", task)
        .replace("{policyResourceId}", &f.policy_resource_id.replace('/', "%2F"))
        .replace("{controlResourceId}", &f.control_resource_id.replace('/', "%2F"));
    f.fill(&t)
}

#[tokio::test]
async fn all_132_operations_answer_2xx() {
    let rows = table();
    assert_eq!(rows.len(), 132);
    let mut unique: Vec<(String, String)> = rows.iter().map(|r| (r.0.to_string(), r.1.clone())).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 132, "duplicate rows in the table");
    let http = reqwest::Client::new();
    let ops = spec_ops();
    assert_eq!(ops.len(), 132);
    let mut failures = Vec::new();
    let mut validated = 0;
    for (method, tmpl, body, scim) in rows {
        // A fresh server per operation, so destructive calls never disturb later rows.
        let server = MockServer::start(Config::default()).await.unwrap();
        let f = server.fixtures().clone();
        let key = if scim { server.scim_api_key().to_string() } else { server.org_api_key().to_string() };
        let mut task = String::new();
        if tmpl.contains("{taskId}") {
            let url = format!("{}/admin/control/v1/orgs/{}/auth-policy/{}/add-users", server.base_url(), f.org_id, f.control_policy_id);
            let v: serde_json::Value =
                http.post(url).bearer_auth(&key).json(&serde_json::json!({"users": [f.account_id]})).send().await.unwrap().json().await.unwrap();
            task = v["taskId"].as_str().unwrap().to_string();
        }
        let mut path = fill(&tmpl, &f, &task);
        if tmpl.contains("{memberId}") {
            // a current member of the first group
            let url = format!("{}/admin/v2/orgs/{}/directories/{}/groups/{}", server.base_url(), f.org_id, f.directory_id, f.group_id);
            let _ = http.get(url).bearer_auth(&key).send().await.unwrap();
            let add = format!("{}/admin/v2/orgs/{}/directories/{}/groups/{}/memberships", server.base_url(), f.org_id, f.directory_id, f.group_id);
            let _ = http.post(add).bearer_auth(&key).json(&serde_json::json!({"accountId": f.account_id})).send().await.unwrap();
            path = path.replace("{memberId}", &f.account_id);
        }
        let url = format!("{}{}", server.base_url(), path);
        let mut req = http.request(method.parse().unwrap(), &url).bearer_auth(&key);
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(fill(b, &f, &task));
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        if !status.is_success() {
            failures.push(format!("{method} {tmpl} -> {status}: {}", &text[..text.len().min(200)]));
        }
        match find(&ops, method, &path) {
            None => failures.push(format!("{method} {tmpl}: no operation in specs/")),
            Some(o) => match validate(o, status.as_u16(), &text) {
                Ok(()) => validated += 1,
                Err(e) => failures.push(format!("{method} {tmpl} ({}): {e}", o.op["operationId"])),
            },
        }
        server.shutdown().await;
    }
    println!("{validated} of 132 answers validate against specs/");
    assert!(failures.is_empty(), "{} failing operations:\n{}", failures.len(), failures.join("\n"));
}
