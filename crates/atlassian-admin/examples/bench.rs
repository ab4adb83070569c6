//! Throughput numbers, against the offline mock in the same process (so they measure the client
//! and the mock together, on loopback). Run in release:
//! `cargo run --release -p atlassian-admin --example bench -- [USERS]`.

use atlassian_admin::types::organization as org;
use atlassian_admin::{AdminClient, RetryPolicy};
use atlassian_admin_mock::{Config, MockServer};
use futures::TryStreamExt;
use serde_json::json;
use std::time::{Duration, Instant};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0)))
        .unwrap_or(0.0)
        / 1024.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let users: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let t = Instant::now();
    let mock = MockServer::start(Config { users, ..Default::default() }).await?;
    println!("mock: {users} users seeded and serving in {:.2?}", t.elapsed());
    let client = AdminClient::builder().api_key(mock.org_api_key()).base_url(mock.base_url()).build()?;
    let o = client.org(mock.org_id());

    let t = Instant::now();
    let n = o.users().list().try_fold(0usize, |n, _| async move { Ok(n + 1) }).await?;
    let s = t.elapsed().as_secs_f64();
    println!("v1 users list (links.next, 100/page): {n} users in {s:.2}s = {:.0} users/s", n as f64 / s);

    let t = Instant::now();
    let dir = o.directory(mock.directory_id());
    let n = dir
        .users()
        .search(serde_json::from_value::<org::types::MultiDirectoryUserSearchRequest>(json!({"limit": 100}))?)
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await?;
    let s = t.elapsed().as_secs_f64();
    println!("v2 users search (body cursor, 100/page): {n} users in {s:.2}s = {:.0} users/s", n as f64 / s);

    // Bulk under a server-side limit: how close to the limit does the client get?
    let limit = 100u32;
    let rl = MockServer::start(Config { users: 2_000, rate_limit: Some(limit), ..Default::default() }).await?;
    let c = AdminClient::builder()
        .api_key(rl.org_api_key())
        .base_url(rl.base_url())
        .retry(RetryPolicy::default().with_max_attempts(30).with_max_elapsed(Duration::from_secs(300)))
        .build()?;
    let ids: Vec<String> = c.org(rl.org_id()).users().list().map_ok(|u| u.account_id.unwrap_or_default()).try_collect().await?;
    let d = c.org(rl.org_id()).directory(rl.directory_id());
    let t = Instant::now();
    let outcomes = atlassian_admin::bulk(ids.clone(), 16, |id| {
        let d = d.clone();
        async move { d.user(id).suspend().await }
    })
    .await;
    let s = t.elapsed().as_secs_f64();
    let ok = outcomes.iter().filter(|r| r.is_ok()).count();
    println!(
        "bulk suspend of {} users, concurrency 16, server limit {limit}/s: {ok} ok in {s:.1}s = {:.0}/s ({:.0}% of the limit)",
        ids.len(),
        ok as f64 / s,
        100.0 * ok as f64 / s / limit as f64
    );
    println!("peak RSS (client + mock, one process): {:.0} MiB", peak_rss_mib());
    Ok(())
}
