//! Behaviour of the mock: state, paging, auth, errors, limits and faults.

use atlassian_admin_mock::{Config, MockServer};
use serde_json::{json, Value};
use std::collections::HashSet;

struct T {
    s: MockServer,
    http: reqwest::Client,
}

impl T {
    async fn new(cfg: Config) -> T {
        T { s: MockServer::start(cfg).await.unwrap(), http: reqwest::Client::new() }
    }
    fn url(&self, p: &str) -> String {
        let f = self.s.fixtures();
        format!("{}{}", self.s.base_url(), p.replace("{org}", &f.org_id).replace("{dir}", &f.directory_id))
    }
    async fn call(&self, m: &str, p: &str, key: &str, body: Option<Value>) -> (u16, Value) {
        let mut r = self.http.request(m.parse().unwrap(), self.url(p)).bearer_auth(key);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let st = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (st, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
    async fn org(&self, m: &str, p: &str, body: Option<Value>) -> (u16, Value) {
        self.call(m, p, self.s.org_api_key(), body).await
    }
    async fn scim(&self, m: &str, p: &str, body: Option<Value>) -> (u16, Value) {
        self.call(m, &format!("/scim/directory/{{dir}}{p}"), self.s.scim_api_key(), body).await
    }
}

#[tokio::test]
async fn mutations_are_visible() {
    let t = T::new(Config::default()).await;
    let f = t.s.fixtures().clone();
    let user = format!("/admin/v2/orgs/{{org}}/directories/{{dir}}/users/{}", f.account_id);
    assert_eq!(t.org("GET", &user, None).await.1["data"]["status"], "active");
    assert_eq!(t.org("POST", &format!("{user}/suspend"), None).await.0, 204);
    assert_eq!(t.org("GET", &user, None).await.1["data"]["status"], "suspended");
    assert_eq!(t.org("POST", &format!("{user}/restore"), None).await.0, 204);
    assert_eq!(t.org("GET", &user, None).await.1["data"]["membershipStatus"], "active");
    // group membership changes the count
    let group = format!("/admin/v2/orgs/{{org}}/directories/{{dir}}/groups/{}", f.group_id);
    let before = t.org("GET", &group, None).await.1["data"]["counts"]["users"].as_u64().unwrap();
    let _ = t.org("DELETE", &format!("{group}/memberships/{}", f.account_id), None).await;
    let mid = t.org("GET", &group, None).await.1["data"]["counts"]["users"].as_u64().unwrap();
    assert_eq!(t.org("POST", &format!("{group}/memberships"), Some(json!({"accountId": f.account_id}))).await.0, 204);
    let after = t.org("GET", &group, None).await.1["data"]["counts"]["users"].as_u64().unwrap();
    assert_eq!(after, mid + 1);
    assert!(after >= before);
    // delete -> 404
    assert_eq!(t.org("DELETE", &user, None).await.0, 204);
    let (st, body) = t.org("GET", &user, None).await;
    assert_eq!(st, 404);
    assert!(body["errors"][0]["code"].is_string());
    // every mutation produced an event
    let ev = t.org("GET", "/admin/v1/orgs/{org}/events?limit=1", None).await.1;
    assert_eq!(ev["data"][0]["attributes"]["action"], "user_removed_from_directory");
}

#[tokio::test]
async fn v1_users_paging_walks_every_user_once() {
    let t = T::new(Config { users: 250, ..Default::default() }).await;
    let mut url = t.url("/admin/v1/orgs/{org}/users");
    let mut seen = HashSet::new();
    let mut pages = 0;
    loop {
        let v: Value = t.http.get(&url).bearer_auth(t.s.org_api_key()).send().await.unwrap().json().await.unwrap();
        pages += 1;
        for u in v["data"].as_array().unwrap() {
            assert!(seen.insert(u["account_id"].as_str().unwrap().to_string()));
        }
        match v["links"]["next"].as_str() {
            Some(n) => {
                assert!(n.starts_with("http://127.0.0.1:") && n.contains("cursor="));
                url = n.to_string();
            }
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (250, 3));
    let ids: Vec<&String> = seen.iter().collect();
    assert!(ids.iter().any(|i| i.starts_with("557058:")) && ids.iter().any(|i| i.starts_with("712020:")) && ids.iter().any(|i| i.len() == 24));
}

#[tokio::test]
async fn v2_cursor_alone_continues_the_query() {
    let t = T::new(Config::default()).await;
    let base = "/admin/v2/orgs/{org}/directories/{dir}/users";
    let total = t.org("GET", &format!("{base}/count?status=active"), None).await.1["count"].as_u64().unwrap();
    let mut seen = HashSet::new();
    let mut next: Option<String> = None;
    loop {
        let p = match &next {
            None => format!("{base}?status=active&limit=17"),
            Some(c) => format!("{base}?cursor={c}"),
        };
        let (st, v) = t.org("GET", &p, None).await;
        assert_eq!(st, 200);
        for u in v["data"].as_array().unwrap() {
            assert_eq!(u["status"], "active");
            assert!(seen.insert(u["accountId"].as_str().unwrap().to_string()));
        }
        match v["links"]["next"].as_str() {
            Some(c) => next = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total);
    assert_eq!(t.org("GET", &format!("{base}?limit=101"), None).await.0, 400);
    assert_eq!(t.org("GET", &format!("{base}?status=bogus"), None).await.0, 400);
}

#[tokio::test]
async fn v2_prev_links_walk_back_over_the_same_pages() {
    let t = T::new(Config { users: 300, ..Default::default() }).await;
    let path = "/admin/v2/orgs/{org}/directories/{dir}/users/search";
    let mut forward: Vec<Vec<String>> = Vec::new();
    let mut selves = Vec::new();
    let mut body = json!({"limit": 23, "accountStatus": ["active"]});
    loop {
        let (st, v) = t.org("POST", path, Some(body)).await;
        assert_eq!(st, 200, "{v}");
        forward.push(v["data"].as_array().unwrap().iter().map(|u| u["accountId"].as_str().unwrap().to_string()).collect());
        assert!(v["data"].as_array().unwrap().iter().all(|u| u["accountStatus"] == "active"));
        selves.push(v["links"]["self"].as_str().unwrap().to_string());
        assert_eq!(v["links"].get("prev").is_some(), forward.len() > 1, "prev only after the first page");
        match v["links"]["next"].as_str() {
            Some(c) => body = json!({"cursor": c}),
            None => break,
        }
    }
    assert!(forward.len() > 3);
    assert!(forward[..forward.len() - 1].iter().all(|p| p.len() == 23), "full pages until the last");
    // From the last page, `prev` gives back every earlier page, item for item.
    let mut cursor = {
        let (_, v) = t.org("POST", path, Some(json!({"cursor": selves.last().unwrap()}))).await;
        v["links"]["prev"].as_str().map(String::from)
    };
    let mut back = Vec::new();
    while let Some(c) = cursor {
        let (_, v) = t.org("POST", path, Some(json!({"cursor": c}))).await;
        back.push(v["data"].as_array().unwrap().iter().map(|u| u["accountId"].as_str().unwrap().to_string()).collect::<Vec<_>>());
        cursor = v["links"]["prev"].as_str().map(String::from);
    }
    back.reverse();
    assert_eq!(back, forward[..forward.len() - 1]);
}

#[tokio::test]
async fn stats_count_requests_limits_and_applied_writes() {
    let t = T::new(Config { rate_limit: Some(5), ..Default::default() }).await;
    let stats = || async { t.http.get(t.url(atlassian_admin_mock::STATS_PATH)).send().await.unwrap().json::<Value>().await.unwrap() };
    assert_eq!(stats().await["requests"], 0);
    let f = t.s.fixtures().clone();
    let (st, _) = t.org("POST", &format!("/admin/v2/orgs/{{org}}/directories/{{dir}}/users/{}/suspend", f.account_id), None).await;
    assert_eq!(st, 204);
    let (st, _) = t.org("POST", "/admin/v2/orgs/{org}/directories/{dir}/users/no-such-user/suspend", None).await;
    assert_eq!(st, 404);
    let mut limited = 0;
    for _ in 0..10 {
        if t.org("GET", "/admin/v1/orgs/{org}", None).await.0 == 429 {
            limited += 1;
        }
    }
    assert!(limited > 0);
    let s = stats().await;
    assert_eq!(s["requests"], 12, "{s}");
    assert_eq!(s["rate_limited"], limited, "{s}");
    assert_eq!(s["writes_applied"], 1, "the refused suspend applied nothing: {s}");
    assert_eq!(t.s.stats().requests, 12, "the stats request itself is not counted");
}

#[tokio::test]
async fn events_next_link_drops_filters() {
    let t = T::new(Config::default()).await;
    let (_, all) = t.org("GET", "/admin/v1/orgs/{org}/events?limit=500", None).await;
    let action = "user_suspended";
    let expected = all["data"].as_array().unwrap().iter().filter(|e| e["attributes"]["action"] == action).count();
    let first = t.url(&format!("/admin/v1/orgs/{{org}}/events?action={action}&limit=5&from=2000-01-01T00:00:00Z"));
    let mut url = first;
    let mut seen = HashSet::new();
    loop {
        let v: Value = t.http.get(&url).bearer_auth(t.s.org_api_key()).send().await.unwrap().json().await.unwrap();
        for e in v["data"].as_array().unwrap() {
            assert_eq!(e["attributes"]["action"], action);
            assert!(seen.insert(e["id"].as_str().unwrap().to_string()));
        }
        let Some(next) = v["links"]["next"].as_str() else { break };
        assert!(!next.contains("action=") && !next.contains("from="));
        assert_eq!(v["meta"]["next"].as_str().map(|c| next.contains(c)), Some(true));
        url = format!("{next}&action={action}"); // the client re-sends its filters
    }
    assert_eq!(seen.len(), expected);
    assert!(expected > 0);
}

#[tokio::test]
async fn scim_paging_filter_and_conflict() {
    let t = T::new(Config::default()).await;
    let f = t.s.fixtures().clone();
    let total = t.scim("GET", "/Users?count=1", None).await.1["totalResults"].as_u64().unwrap();
    let mut seen = HashSet::new();
    let mut start = 1;
    loop {
        let v = t.scim("GET", &format!("/Users?startIndex={start}&count=7"), None).await.1;
        assert_eq!(v["startIndex"], start);
        let page = v["Resources"].as_array().unwrap();
        assert_eq!(v["itemsPerPage"].as_u64().unwrap() as usize, page.len());
        if page.is_empty() {
            break;
        }
        for u in page {
            assert!(seen.insert(u["id"].as_str().unwrap().to_string()));
        }
        start += page.len();
    }
    assert_eq!(seen.len() as u64, total);
    assert_eq!(t.scim("GET", "/Users?count=500", None).await.1["itemsPerPage"].as_u64().unwrap(), total.min(100));
    let q = format!("/Users?filter=userName%20eq%20%22{}%22", f.scim_user_name);
    let v = t.scim("GET", &q, None).await.1;
    assert_eq!(v["totalResults"], 1);
    assert_eq!(v["Resources"][0]["id"], f.scim_user_id.as_str());
    let v = t.scim("GET", &format!("/Groups?filter=displayName%20eq%20%22{}%22", f.scim_group_name), None).await.1;
    assert_eq!(v["totalResults"], 1);
    // duplicate userName / displayName -> 409 SCIM error
    let (st, e) = t.scim("POST", "/Users", Some(json!({"userName": f.scim_user_name}))).await;
    assert_eq!(st, 409);
    assert_eq!(e["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error");
    assert_eq!(e["status"], "409");
    assert_eq!(e["scimType"], "uniqueness");
    assert_eq!(t.scim("POST", "/Groups", Some(json!({"displayName": f.scim_group_name}))).await.0, 409);
    assert_eq!(t.scim("POST", "/Users", Some(json!({"emails": []}))).await.0, 400);
}

#[tokio::test]
async fn scim_create_provisions_account_and_patch_applies() {
    let t = T::new(Config::default()).await;
    let (st, u) = t
        .scim(
            "POST",
            "/Users",
            Some(json!({"userName": "zed@acme.example.com", "displayName": "Zed Z", "emails": [{"value": "zed@acme.example.com", "primary": true}]})),
        )
        .await;
    assert_eq!(st, 201);
    let id = u["id"].as_str().unwrap().to_string();
    let acc = u["urn:scim:schemas:extension:atlassian-external:1.0"]["atlassianAccountId"].as_str().unwrap().to_string();
    let user = format!("/admin/v2/orgs/{{org}}/directories/{{dir}}/users/{acc}");
    let (st, d) = t.org("GET", &user, None).await;
    assert_eq!(st, 200);
    assert_eq!(d["data"]["email"], "zed@acme.example.com");
    // RFC 7644 casing and the document's casing both work
    let (st, p) = t
        .scim(
            "PATCH",
            &format!("/Users/{id}"),
            Some(json!({"Operations": [{"op": "replace", "path": "active", "value": false}, {"op": "add", "path": "title", "value": "CTO"}]})),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(p["active"], false);
    assert_eq!(p["title"], "CTO");
    assert_eq!(t.org("GET", &user, None).await.1["data"]["status"], "suspended");
    let (_, p) =
        t.scim("PATCH", &format!("/Users/{id}"), Some(json!({"operations": [{"op": "replace", "value": {"displayName": "Zed Two", "active": true}}]}))).await;
    assert_eq!(p["displayName"], "Zed Two");
    assert_eq!(t.org("GET", &user, None).await.1["data"]["name"], "Zed Two");
    let (_, p) = t
        .scim(
            "PATCH",
            &format!("/Users/{id}"),
            Some(json!({"Operations": [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "zed2@acme.example.com"}]})),
        )
        .await;
    assert!(p["emails"].as_array().unwrap().iter().any(|e| e["value"] == "zed2@acme.example.com"));
    assert_eq!(t.scim("DELETE", &format!("/Users/{id}"), None).await.0, 204);
    assert_eq!(t.scim("GET", &format!("/Users/{id}"), None).await.0, 404);
}

#[tokio::test]
async fn keys_are_separated() {
    let t = T::new(Config::default()).await;
    let users = "/admin/v1/orgs/{org}/users";
    let scim = "/scim/directory/{dir}/Users";
    let (st, b) = t.call("GET", users, "nope", None).await;
    assert_eq!((st, b), (401, json!({"code": 401, "message": "Unauthorized; scope does not match"})));
    assert_eq!(t.call("GET", users, t.s.scim_api_key(), None).await.0, 401);
    assert_eq!(t.call("GET", scim, t.s.org_api_key(), None).await.0, 401);
    let (st, b) = t.call("GET", scim, "nope", None).await;
    assert_eq!(st, 401);
    assert!(b["error"].is_string());
    let (st, b) = t.call("GET", users, t.s.other_org_api_key(), None).await;
    assert_eq!(st, 403);
    assert_eq!(b["errors"][0]["status"], "403");
    assert_eq!(t.call("GET", "/admin/v1/orgs/not-our-org/users", t.s.org_api_key(), None).await.0, 404);
    assert_eq!(t.call("GET", "/admin/dlp/v1/orgs/{org}/classification-levels", t.s.other_org_api_key(), None).await.0, 403);
    let acc = t.s.fixtures().account_id.clone();
    let (st, b) = t.call("GET", &format!("/users/{acc}/manage/profile"), "nope", None).await;
    assert_eq!((st, b), (401, json!({"key": "unauthorized"})));
    assert_eq!(t.call("GET", &format!("/users/{acc}/manage/profile"), t.s.other_org_api_key(), None).await.0, 403);
    // the organization key works on the user-provisioning admin paths
    let links = format!("/admin/user-provisioning/v1/org/{{org}}/user/{}/get-scim-links", t.s.fixtures().scim_account_id);
    let (st, b) = t.org("GET", &links, None).await;
    assert_eq!(st, 200);
    assert_eq!(b["scimLinks"][0]["scimUserId"], t.s.fixtures().scim_user_id.as_str());
}

#[tokio::test]
async fn error_shapes_per_family() {
    let t = T::new(Config::default()).await;
    let (st, b) = t.org("GET", "/admin/nothing/here", None).await;
    assert_eq!(st, 404);
    assert_eq!((b["method"].as_str(), b["path"].as_str()), (Some("GET"), Some("/admin/nothing/here")));
    let (st, b) = t.org("GET", "/admin/control/v1/orgs/{org}/policies/missing", None).await;
    assert_eq!((st, b["code"].as_i64()), (404, Some(404)));
    assert!(b["message"].is_string());
    let (st, b) = t.org("GET", "/admin/dlp/v1/orgs/{org}/classification-levels/missing", None).await;
    assert_eq!(st, 404);
    assert!(b["errors"].is_array() && b["code"] == 404 && b["message"].is_string());
    let (st, b) = t.org("POST", "/admin/dlp/v1/orgs/{org}/classification-levels", Some(json!({"color": "PINK", "name": "x"}))).await;
    assert_eq!(st, 400);
    assert!(b["message"].as_str().unwrap().contains("color"));
    let (st, b) = t.org("GET", "/users/nobody/manage/profile", None).await;
    assert_eq!((st, b["key"].as_str()), (404, Some("accountNotFound")));
    let (st, b) = t.org("GET", "/admin/api-access/v1/orgs/{org}/api-tokens?pageSize=5000", None).await;
    assert_eq!((st, b["errors"][0]["code"].as_str()), (400, Some("INVALID_PAGE_SIZE")));
    // bad JSON and missing members
    let resp = t
        .http
        .post(t.url("/admin/v2/orgs/{org}/directories/{dir}/groups"))
        .bearer_auth(t.s.org_api_key())
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(t.org("POST", "/admin/v2/orgs/{org}/directories/{dir}/groups", Some(json!({"description": "no name"}))).await.0, 400);
    assert_eq!(t.org("GET", "/admin/v1/orgs/{org}/events?limit=501", None).await.0, 400);
}

#[tokio::test]
async fn api_access_cursor_paging() {
    let t = T::new(Config::default()).await;
    let total = t.org("GET", "/admin/api-access/v1/orgs/{org}/api-tokens/count", None).await.1.as_u64().unwrap();
    let mut seen = HashSet::new();
    let mut cursor = None::<String>;
    loop {
        let p = match &cursor {
            None => "/admin/api-access/v1/orgs/{org}/api-tokens?pageSize=13".to_string(),
            Some(c) => format!("/admin/api-access/v1/orgs/{{org}}/api-tokens?pageSize=13&cursor={c}"),
        };
        let v = t.org("GET", &p, None).await.1;
        for x in v["data"].as_array().unwrap() {
            assert!(seen.insert(x["id"].as_str().unwrap().to_string()));
        }
        match v["links"]["next"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total);
    assert!(total > 13);
}

#[tokio::test]
async fn dlp_lifecycle() {
    let t = T::new(Config::default()).await;
    let base = "/admin/dlp/v1/orgs/{org}/classification-levels";
    let (st, l) = t.org("POST", base, Some(json!({"name": "Secret", "color": "RED"}))).await;
    assert_eq!((st, l["status"].as_str()), (202, Some("DRAFT")));
    let id = l["levelId"].as_str().unwrap().to_string();
    let status = |v: Value| v["status"].as_str().unwrap().to_string();
    assert_eq!(t.org("POST", &format!("{base}/publish"), Some(json!({"levelIds": [id]}))).await.0, 202);
    assert_eq!(status(t.org("GET", &format!("{base}/{id}"), None).await.1), "PUBLISHED");
    assert_eq!(t.org("POST", &format!("{base}/archive"), Some(json!({"levelId": id}))).await.0, 202);
    assert_eq!(status(t.org("GET", &format!("{base}/{id}"), None).await.1), "ARCHIVED");
    assert_eq!(t.org("POST", &format!("{base}/archive"), Some(json!({"levelId": id}))).await.0, 400);
    assert_eq!(t.org("POST", &format!("{base}/restore"), Some(json!({"levelId": id}))).await.0, 202);
    assert_eq!(status(t.org("GET", &format!("{base}/{id}"), None).await.1), "PUBLISHED");
    let levels = t.org("GET", base, None).await.1;
    let states: HashSet<String> = levels["levels"].as_array().unwrap().iter().map(|l| status(l.clone())).collect();
    assert_eq!(states.len(), 3);
}

#[tokio::test]
async fn rate_limit_answers_429_with_headers() {
    let t = T::new(Config { rate_limit: Some(3), ..Default::default() }).await;
    let mut limited = None;
    for _ in 0..10 {
        let r = t.http.get(t.url("/admin/v1/orgs/{org}")).bearer_auth(t.s.org_api_key()).send().await.unwrap();
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("a 429 within 10 quick requests");
    let h = r.headers();
    assert!(h["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(h["x-ratelimit-limit"], "3");
    assert_eq!(h["x-ratelimit-remaining"], "0");
    assert!(chrono::DateTime::parse_from_rfc3339(h["x-ratelimit-reset"].to_str().unwrap()).is_ok());
    // another key has its own bucket
    let other = t.http.get(t.url("/scim/directory/{dir}/Users")).bearer_auth(t.s.scim_api_key()).send().await.unwrap();
    assert_eq!(other.status(), 200);
}

async fn statuses(cfg: Config, n: usize) -> Vec<String> {
    let t = T::new(cfg).await;
    let mut out = Vec::new();
    for _ in 0..n {
        match t.http.get(t.url("/admin/v1/orgs/{org}/domains")).bearer_auth(t.s.org_api_key()).send().await {
            Ok(r) => {
                let s = r.status().as_u16();
                match r.bytes().await {
                    Ok(b) => out.push(format!("{s}:{}", if serde_json::from_slice::<Value>(&b).is_ok() { "json" } else { "bad" })),
                    Err(_) => out.push(format!("{s}:broken")),
                }
            }
            Err(_) => out.push("conn".into()),
        }
    }
    out
}

#[tokio::test]
async fn each_fault_kind() {
    let all = |f: fn(&mut Config)| {
        let mut c = Config::default();
        f(&mut c);
        c
    };
    assert!(statuses(all(|c| c.error_500_rate = 1.0), 3).await.iter().all(|s| s == "500:json"));
    assert!(statuses(all(|c| c.malformed_rate = 1.0), 3).await.iter().all(|s| s == "200:bad"));
    assert!(statuses(all(|c| c.truncated_rate = 1.0), 3).await.iter().all(|s| s == "200:bad"));
    assert!(statuses(all(|c| c.reset_rate = 1.0), 3).await.iter().all(|s| s == "200:broken" || s == "conn"));
    let t = T::new(all(|c| c.error_503_rate = 1.0)).await;
    let r = t.http.get(t.url("/admin/v1/orgs/{org}")).bearer_auth(t.s.org_api_key()).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let t = T::new(all(|c| c.latency_ms = 150)).await;
    let start = std::time::Instant::now();
    assert_eq!(t.org("GET", "/admin/v1/orgs/{org}", None).await.0, 200);
    assert!(start.elapsed().as_millis() >= 150);
}

#[tokio::test]
async fn same_seed_same_fault_sequence() {
    let cfg = |seed| Config { seed, error_500_rate: 0.3, malformed_rate: 0.2, ..Default::default() };
    let a = statuses(cfg(7), 40).await;
    let b = statuses(cfg(7), 40).await;
    assert_eq!(a, b);
    assert!(a.iter().any(|s| s == "500:json") && a.iter().any(|s| s == "200:json"));
    let c = statuses(cfg(8), 40).await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn same_seed_same_data_and_ten_thousand_users_fast() {
    let a = MockServer::start(Config::default()).await.unwrap();
    let b = MockServer::start(Config::default()).await.unwrap();
    assert_eq!(a.fixtures().account_ids, b.fixtures().account_ids);
    assert_eq!(a.org_id(), b.org_id());
    let start = std::time::Instant::now();
    let t = T::new(Config { users: 10_000, ..Default::default() }).await;
    assert!(start.elapsed().as_secs() < 10, "seeding took {:?}", start.elapsed());
    let v = t.org("GET", "/admin/v1/orgs/{org}/users", None).await.1;
    assert_eq!(v["meta"]["total"], 10_000);
    assert_eq!(v["data"].as_array().unwrap().len(), 100);
}

#[test]
fn blocking_handle_serves_and_stops() {
    let s = MockServer::start_blocking(Config::default()).unwrap();
    let addr = s.addr();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    write!(stream, "GET /admin/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-org-api-key\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"));
    drop(s);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn binary_prints_connection_line_first() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_atlassian-admin-mock"))
        .args(["--seed", "42", "--users", "20", "--exit-on-stdin-close"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let v: Value = serde_json::from_str(&line).unwrap();
    for k in ["base_url", "org_id", "directory_id", "org_api_key", "scim_api_key"] {
        assert!(v[k].is_string(), "missing {k}");
    }
    assert!(v["base_url"].as_str().unwrap().starts_with("http://127.0.0.1:"));
    drop(child.stdin.take()); // EOF on stdin -> the process exits
    let status = child.wait().unwrap();
    assert!(status.success());
}

/// The four violations the spec forbids and the mock once accepted: each is now a 400 in the
/// family's shape naming the member; `lenient` lets them through to the handlers again.
#[tokio::test]
async fn the_spec_is_enforced_before_the_handlers() {
    let cases = |dir: &str| {
        vec![
            ("POST", format!("/scim/directory/{dir}/Users"), json!({"userName": "n@example.com", "emails": [{"value": 5}]}), "emails[0].value"),
            ("POST", format!("/scim/directory/{dir}/Users"), json!({"userName": "g@example.com", "name": {"givenName": 7}}), "name.givenName"),
            ("POST", "/admin/v2/orgs/{org}/directories/{dir}/groups".to_string(), json!({"name": "g-typed", "description": 3}), "description"),
            ("POST", "/admin/v2/orgs/{org}/directories/{dir}/users/search".to_string(), json!({"accountIds": "abc"}), "accountIds"),
        ]
    };
    let t = T::new(Config::default()).await;
    let writes = t.s.stats().writes_applied;
    let dir = t.s.fixtures().directory_id.clone();
    for (m, p, body, member) in cases(&dir) {
        let key = if p.starts_with("/scim/") { t.s.scim_api_key().to_string() } else { t.s.org_api_key().to_string() };
        let (st, b) = t.call(m, &p, &key, Some(body)).await;
        assert_eq!(st, 400, "{p}: {b}");
        if p.starts_with("/scim/") {
            assert_eq!(b["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:Error", "{b}");
            assert_eq!(b["scimType"], "invalidValue");
            assert!(b["detail"].as_str().unwrap().contains(&format!("`{member}`")), "{b}");
        } else {
            assert_eq!(b["errors"][0]["code"], "ADMIN-400-1", "{b}");
            assert!(b["errors"][0]["detail"].as_str().unwrap().contains(&format!("`{member}`")), "{b}");
        }
    }
    assert_eq!(t.s.stats().writes_applied, writes, "a refused request changed nothing");
    // user management names the member in its field violations
    let acc = t.s.fixtures().account_id.clone();
    let (st, b) = t.org("PATCH", &format!("/users/{acc}/manage/profile"), Some(json!({"nickname": 12}))).await;
    assert_eq!(st, 400, "{b}");
    assert_eq!(b["context"]["fieldViolations"][0]["field"], "nickname", "{b}");
    // query parameters: typed, bounded, declared
    let (st, b) = t.scim("GET", "/Users?count=many", None).await;
    assert!(st == 400 && b["detail"].as_str().unwrap().contains("count"), "{b}");
    let (st, b) = t.org("GET", "/admin/v1/orgs/{org}/users?curser=x", None).await;
    assert!(st == 400 && b["errors"][0]["detail"].as_str().unwrap().contains("`curser` is not a query parameter"), "{b}");

    let lax = T::new(Config { lenient: true, ..Default::default() }).await;
    let dir = lax.s.fixtures().directory_id.clone();
    for (m, p, body, _) in cases(&dir) {
        let key = if p.starts_with("/scim/") { lax.s.scim_api_key().to_string() } else { lax.s.org_api_key().to_string() };
        let (st, b) = lax.call(m, &p, &key, Some(body)).await;
        assert!(st < 300, "lenient: {p} -> {st} {b}");
    }
}
