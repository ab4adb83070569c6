//! Retries, rate limits and faults against the offline mock: nothing lost, nothing repeated.

mod common;
use atlassian_admin::types::organization as org;
use atlassian_admin::{AdminClient, ErrorKind, RetryPolicy};
use atlassian_admin_mock::Config;
use common::*;
use futures::TryStreamExt;
use serde_json::json;
use std::collections::HashSet;
use std::time::{Duration, Instant};

#[tokio::test]
async fn bulk_suspend_under_a_server_rate_limit_loses_nothing() {
    let m = mock(Config { rate_limit: Some(40), ..Default::default() }).await;
    let c = AdminClient::builder()
        .api_key(m.org_api_key())
        .base_url(m.base_url())
        .retry(RetryPolicy::default().with_max_attempts(20).with_base_delay(Duration::from_millis(20)))
        .build()
        .unwrap();
    let f = m.fixtures().clone();
    let users: Vec<_> = c.org(&f.org_id).users().list().limit(120).try_collect().await.unwrap();
    let ids: Vec<String> = users.iter().filter_map(|u| u.account_id.clone()).collect();
    let dir = c.org(&f.org_id).directory(&f.directory_id);
    let (logs, _g) = Logs::start();
    let start = Instant::now();
    let outcomes = atlassian_admin::bulk(ids.clone(), 16, |id| {
        let dir = dir.clone();
        async move { (id.clone(), dir.user(id).suspend().await) }
    })
    .await;
    let elapsed = start.elapsed();
    assert_eq!(outcomes.len(), ids.len());
    for ((id, r), want) in outcomes.iter().zip(&ids) {
        assert_eq!(id, want, "outcomes keep input order");
        assert!(r.is_ok(), "{id}: {r:?}");
    }
    let text = logs.text();
    let rate_limited = text.lines().filter(|l| l.contains("atlassian_admin: response") && l.contains("status=429")).count();
    let sent = logs.responses("suspendUser");
    println!("{} suspensions in {elapsed:?}: {sent} requests, {rate_limited} answered 429", ids.len());
    assert!(rate_limited > 0, "the mock's limit was reached");
    assert_eq!(sent - rate_limited, ids.len(), "every suspension accepted exactly once");
}

#[tokio::test]
async fn reads_survive_503s_resets_and_truncated_bodies() {
    let m = mock(Config { error_503_rate: 0.25, reset_rate: 0.15, truncated_rate: 0.15, ..Default::default() }).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let users: Vec<_> = c.org(&f.org_id).users().list().try_collect().await.unwrap();
    let ids: HashSet<_> = users.iter().filter_map(|u| u.account_id.clone()).collect();
    assert_eq!(ids.len(), users.len());
    assert!(users.len() >= 230);
    // A read-only search POST is retried too.
    let found: Vec<_> = c
        .org(&f.org_id)
        .directory(&f.directory_id)
        .users()
        .search(body::<org::types::MultiDirectoryUserSearchRequest>(json!({"limit": 50})))
        .try_collect()
        .await
        .unwrap();
    assert!(found.len() >= 230);
}

#[tokio::test]
async fn a_write_is_not_repeated_after_a_5xx() {
    let m = mock(Config { error_503_rate: 1.0, ..Default::default() }).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let (logs, _g) = Logs::start();
    let e = c.org(&f.org_id).directory(&f.directory_id).groups().create(body::<org::types::CreateGroupBody>(json!({"name": "once"}))).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(503));
    assert_eq!(logs.responses("createGroup"), 1, "sent exactly once");
    // The same fault on a read is retried up to the policy's attempts.
    let e = c.org(&f.org_id).get().await.unwrap_err();
    assert_eq!(logs.responses("getOrgById"), 8);
    assert!(e.is_retryable());
}

#[tokio::test]
async fn a_429_on_a_write_is_retried_after_retry_after() {
    let m = mock(Config { rate_limit: Some(1), ..Default::default() }).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let g = c.org(&f.org_id).directory(&f.directory_id).groups();
    let start = Instant::now();
    for name in ["a", "b", "c"] {
        g.create(body::<org::types::CreateGroupBody>(json!({"name": format!("rl-{name}")}))).await.unwrap();
    }
    assert!(start.elapsed() >= Duration::from_millis(1500), "waited for the budget: {:?}", start.elapsed());
    let all: Vec<_> = g.search(body::<org::types::MultiDirectoryGroupSearchRequest>(json!({}))).try_collect().await.unwrap();
    let names: Vec<_> = all.iter().filter_map(|g| g.name.clone()).filter(|n| n.starts_with("rl-")).collect();
    assert_eq!(names.len(), 3, "each group created exactly once: {names:?}");
}

#[tokio::test]
async fn rate_limited_error_carries_retry_after() {
    let m = mock(Config { rate_limit: Some(1), ..Default::default() }).await;
    let c = AdminClient::builder().api_key(m.org_api_key()).base_url(m.base_url()).retry(RetryPolicy::disabled()).build().unwrap();
    let org_id = m.org_id().to_string();
    let mut last = None;
    for _ in 0..5 {
        if let Err(e) = c.org(&org_id).get().await {
            last = Some(e);
            break;
        }
    }
    let e = last.expect("a 429 within 5 quick calls");
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert!(e.retry_after().is_some());
    assert!(e.is_retryable());
}

#[tokio::test]
async fn timeouts_malformed_bodies_and_auth_errors_are_typed() {
    let slow = mock(Config { latency_ms: 400, ..Default::default() }).await;
    let c = AdminClient::builder()
        .api_key(slow.org_api_key())
        .base_url(slow.base_url())
        .timeout(Duration::from_millis(100))
        .retry(quick_retry().with_max_attempts(2))
        .build()
        .unwrap();
    let e = c.orgs().list().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.is_retryable());

    let bad = mock(Config { malformed_rate: 1.0, ..Default::default() }).await;
    let e = admin(&bad).org(bad.org_id()).get().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.body().is_some_and(|b| !b.is_empty()));

    let m = mock(Default::default()).await;
    let wrong = AdminClient::builder().api_key("nope").base_url(m.base_url()).build().unwrap();
    let e = wrong.org(m.org_id()).get().await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Unauthorized, Some(401)));
    let other = AdminClient::builder().api_key(m.other_org_api_key()).base_url(m.base_url()).build().unwrap();
    let e = other.org(m.org_id()).get().await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Forbidden, Some(403)));
    let scim_key_on_org_api = AdminClient::builder().api_key(m.scim_api_key()).base_url(m.base_url()).build().unwrap();
    assert_eq!(scim_key_on_org_api.org(m.org_id()).get().await.unwrap_err().kind(), ErrorKind::Unauthorized);
    let e = admin(&m).org(m.org_id()).domain("no-such-domain").get().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.code().is_some() && !e.message().is_empty(), "{e:?}");
    let e = admin(&m).org(m.org_id()).events().list_with(|b| b.limit(10_000)).try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BadRequest, "{e}");
}
