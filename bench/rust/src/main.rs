//! The Rust side of `bench/run.py`: one scenario, one client, one JSON line of results.
//!
//! `bench-rust CLIENT SCENARIO INFO [PARAMS]`, where CLIENT is `ours` (the `atlassian-admin`
//! core) or `raw` (a plain reqwest loop, the floor), SCENARIO is `list-v2`, `list-v1`, `latency`
//! or `bulk`, INFO is the mock's first output line and PARAMS a JSON object (`n` calls for
//! latency, `ids_file` for bulk, `concurrency`). Wall and CPU time cover the measured part only.

use atlassian_admin::{AdminClient, RetryPolicy};
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

mod chaos;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// User plus system CPU time of this process, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

struct Ctx {
    base: String,
    org: String,
    dir: String,
    key: String,
    params: Value,
}

/// Light per-item work, the same in every language: read two members.
fn touch(id: Option<&str>, email: Option<&str>) -> usize {
    id.map_or(0, str::len) + email.map_or(0, str::len)
}

async fn ours(c: &Ctx, scenario: &str) -> Res<Value> {
    let client = AdminClient::builder()
        .api_key(c.key.clone())
        .base_url(c.base.clone())
        .retry(RetryPolicy::default().with_max_attempts(50).with_max_elapsed(Duration::from_secs(600)))
        .build()?;
    let org = client.org(c.org.clone());
    Ok(match scenario {
        "list-v2" => {
            let body = serde_json::from_value::<atlassian_admin::types::organization::types::MultiDirectoryUserSearchRequest>(json!({"limit": 100}))?;
            let mut s = org.directory(c.dir.clone()).users().search(body);
            let (mut n, mut t) = (0usize, 0usize);
            while let Some(u) = s.try_next().await? {
                n += 1;
                t += touch(u.account_id.as_deref(), u.email.as_deref());
            }
            json!({"items": n, "touched": t})
        }
        "list-v1" => {
            let mut s = org.users().list();
            let (mut n, mut t) = (0usize, 0usize);
            while let Some(u) = s.try_next().await? {
                n += 1;
                t += touch(u.account_id.as_deref(), u.email.as_deref());
            }
            json!({"items": n, "touched": t})
        }
        "latency" => latencies(c, || async { org.get().await.map(|_| ()).map_err(Into::into) }).await?,
        "bulk" => {
            let ids = ids(c)?;
            let conc = c.params["concurrency"].as_u64().unwrap_or(16) as usize;
            let d = org.directory(c.dir.clone());
            let out = atlassian_admin::bulk(ids, conc, |id| {
                let d = d.clone();
                async move { d.user(id).suspend().await }
            })
            .await;
            let ok = out.iter().filter(|r| r.is_ok()).count();
            json!({"items": out.len(), "ok": ok, "failed": out.len() - ok})
        }
        other => return Err(format!("unknown scenario {other}").into()),
    })
}

async fn raw(c: &Ctx, scenario: &str) -> Res<Value> {
    let http = reqwest::Client::new();
    let auth = format!("Bearer {}", c.key);
    Ok(match scenario {
        "list-v2" => {
            let url = format!("{}/admin/v2/orgs/{}/directories/{}/users/search", c.base, c.org, c.dir);
            let (mut n, mut t) = (0usize, 0usize);
            let mut body = json!({"limit": 100});
            loop {
                let page: Value = http.post(&url).header("authorization", &auth).json(&body).send().await?.error_for_status()?.json().await?;
                for u in page["data"].as_array().into_iter().flatten() {
                    n += 1;
                    t += touch(u["accountId"].as_str(), u["email"].as_str());
                }
                match page["links"]["next"].as_str() {
                    Some(next) if !next.is_empty() => body = json!({"cursor": next}),
                    _ => break,
                }
            }
            json!({"items": n, "touched": t})
        }
        "list-v1" => {
            let url = format!("{}/admin/v1/orgs/{}/users", c.base, c.org);
            let (mut n, mut t) = (0usize, 0usize);
            let mut cursor: Option<String> = None;
            loop {
                let mut req = http.get(&url).header("authorization", &auth);
                if let Some(cur) = &cursor {
                    req = req.query(&[("cursor", cur)]);
                }
                let page: Value = req.send().await?.error_for_status()?.json().await?;
                for u in page["data"].as_array().into_iter().flatten() {
                    n += 1;
                    t += touch(u["account_id"].as_str(), u["email"].as_str());
                }
                // links.next is a full URL; its cursor parameter continues the listing.
                let next = page["links"]["next"].as_str().and_then(|n| reqwest::Url::parse(n).ok());
                match next.and_then(|u| u.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned())) {
                    Some(cur) => cursor = Some(cur),
                    None => break,
                }
            }
            json!({"items": n, "touched": t})
        }
        "latency" => {
            let url = format!("{}/admin/v1/orgs/{}", c.base, c.org);
            latencies(c, || async {
                let _: Value = http.get(&url).header("authorization", &auth).send().await?.error_for_status()?.json().await?;
                Ok(())
            })
            .await?
        }
        "bulk" => {
            let ids = ids(c)?;
            let conc = c.params["concurrency"].as_u64().unwrap_or(16) as usize;
            let out: Vec<bool> = futures::stream::iter(ids)
                .map(|id| {
                    let url = format!("{}/admin/v2/orgs/{}/directories/{}/users/{}/suspend", c.base, c.org, c.dir, id);
                    let (http, auth) = (&http, &auth);
                    async move { matches!(http.post(url).header("authorization", auth).send().await, Ok(r) if r.status().is_success()) }
                })
                .buffered(conc)
                .collect()
                .await;
            let ok = out.iter().filter(|x| **x).count();
            json!({"items": out.len(), "ok": ok, "failed": out.len() - ok})
        }
        other => return Err(format!("unknown scenario {other}").into()),
    })
}

fn ids(c: &Ctx) -> Res<Vec<String>> {
    let path = c.params["ids_file"].as_str().ok_or("bulk needs ids_file")?;
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

/// `n` sequential calls after 20 warm-up calls; p50 and p99 in milliseconds.
async fn latencies<F, Fut>(c: &Ctx, mut call: F) -> Res<Value>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Res<()>>,
{
    let n = c.params["n"].as_u64().unwrap_or(500) as usize;
    for _ in 0..20 {
        call().await?;
    }
    let mut xs = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        call().await?;
        xs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    xs.sort_by(f64::total_cmp);
    Ok(json!({"items": n, "p50_ms": xs[n / 2], "p99_ms": xs[(n * 99 / 100).min(n - 1)]}))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: bench-rust ours|raw SCENARIO INFO_JSON [PARAMS_JSON]");
        std::process::exit(2);
    }
    let run = async {
        let info: Value = serde_json::from_str(&args[3])?;
        if args[1] == "chaos" {
            return chaos::run(&info, &args.get(4).map(|p| serde_json::from_str(p)).transpose()?.unwrap_or(json!({}))).await;
        }
        let s = |k: &str| info[k].as_str().map(String::from).ok_or(format!("INFO lacks {k}"));
        let ctx = Ctx {
            base: s("base_url")?,
            org: s("org_id")?,
            dir: s("directory_id")?,
            key: s("org_api_key")?,
            params: args.get(4).map(|p| serde_json::from_str(p)).transpose()?.unwrap_or(json!({})),
        };
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let mut out = match args[1].as_str() {
            "ours" => ours(&ctx, &args[2]).await?,
            "raw" => raw(&ctx, &args[2]).await?,
            other => return Err(format!("unknown client {other}").into()),
        };
        out["wall_s"] = json!(t.elapsed().as_secs_f64());
        out["cpu_s"] = json!(cpu_seconds() - cpu);
        Res::Ok(out)
    };
    match run.await {
        Ok(v) => println!("{v}"),
        Err(e) => {
            eprintln!("bench-rust: {e}");
            std::process::exit(1);
        }
    }
}
