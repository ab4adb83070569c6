//! The Rust side of tests/chaos/run.py: the same mixed workload and caller rules as
//! tests/chaos/chaos.py (reads, full listings, SCIM creations checked before they are sent
//! again), through our core. `bench-rust chaos chaos INFO PARAMS` prints one JSON line.

use atlassian_admin::{AdminClient, ErrorKind, RetryPolicy, ScimClient};
use futures::TryStreamExt;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::time::{Duration, Instant};

const ROUNDS: usize = 10;

type Counts = RefCell<BTreeMap<&'static str, u64>>;

fn inc(c: &Counts, key: &'static str) {
    *c.borrow_mut().entry(key).or_default() += 1;
}

async fn again<T, F, Fut>(c: &Counts, mut op: F) -> atlassian_admin::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = atlassian_admin::Result<T>>,
{
    let mut r = 0;
    loop {
        match op().await {
            Ok(v) => return Ok(v),
            Err(e) => {
                inc(c, "typed_errors");
                r += 1;
                if r == ROUNDS {
                    inc(c, "unrecovered");
                    return Err(e);
                }
                inc(c, "caller_retries");
            }
        }
    }
}

pub async fn run(info: &Value, params: &Value) -> Result<Value, Box<dyn std::error::Error>> {
    let s = |k: &str| info[k].as_str().unwrap_or_default().to_string();
    let retry = RetryPolicy::default().with_max_attempts(8).with_base_delay(Duration::from_millis(5)).with_max_delay(Duration::from_millis(200));
    let client = AdminClient::builder().api_key(s("org_api_key")).base_url(s("base_url")).retry(retry.clone()).build()?;
    let scim = ScimClient::builder(s("directory_id")).api_key(s("scim_api_key")).base_url(s("base_url")).retry(retry).build()?;
    let org = client.org(s("org_id"));
    // Each completed listing: "distinct ids - users expected/repeated ids" -> how many listings.
    let sizes: RefCell<BTreeMap<String, u64>> = RefCell::default();
    let base = params["expected_users"].as_i64().unwrap_or(0);
    let c = Counts::default();
    for k in ["ops", "reads", "listings", "writes", "typed_errors", "caller_retries", "unrecovered", "writes_confirmed", "writes_sent_twice", "writes_lost"] {
        c.borrow_mut().insert(k, 0);
    }
    let ops = params["ops"].as_u64().unwrap_or(0);
    // `concurrency` lanes share the operations (lane k takes i = k, k + n, ...), polled together
    // on this task. A listing counts against the creations confirmed before it started; with
    // concurrent lanes, creations confirmed while it runs may or may not appear, so only missing
    // and repeated ids are faults then.
    let n = params["concurrency"].as_u64().unwrap_or(1).max(1);
    let lane = |k: u64| {
        let (c, sizes, org, scim) = (&c, &sizes, &org, &scim);
        async move {
            for i in (k..ops).step_by(n as usize) {
                inc(c, "ops");
                match i % 20 {
                    0..=15 => {
                        inc(c, "reads");
                        let _ = again(c, || async { org.get().await }).await;
                    }
                    16..=17 => {
                        inc(c, "listings");
                        let before = c.borrow()["writes_confirmed"] as i64;
                        let got = again(c, || async {
                            let users: Vec<_> = org.users().list().try_collect().await?;
                            Ok(users.into_iter().filter_map(|u| u.account_id).collect::<Vec<_>>())
                        })
                        .await;
                        if let Ok(ids) = got {
                            let distinct = ids.iter().collect::<HashSet<_>>().len();
                            *sizes.borrow_mut().entry(format!("{}/{}", distinct as i64 - (base + before), ids.len() - distinct)).or_default() += 1;
                        }
                    }
                    _ => {
                        inc(c, "writes");
                        let done = create(c, scim, i).await;
                        inc(c, if done { "writes_confirmed" } else { "writes_lost" });
                    }
                }
            }
        }
    };
    let start = Instant::now();
    futures::future::join_all((0..n).map(lane)).await;
    let mut out = serde_json::to_value(c.into_inner())?;
    out["listing_sizes"] = serde_json::to_value(sizes.into_inner())?;
    out["wall_s"] = json!(start.elapsed().as_secs_f64());
    Ok(out)
}

/// One SCIM creation with the caller's rules; whether it is known to have applied.
async fn create(c: &Counts, scim: &ScimClient, i: u64) -> bool {
    let name = format!("chaos-rust-{i}@example.com");
    let body = json!({"userName": name, "emails": [{"value": name, "primary": true}], "name": {"givenName": "Chaos", "familyName": format!("rust-{i}")}});
    for r in 0..ROUNDS {
        match scim.call_json("createScimUser", json!({ "body": body })).await {
            Ok(_) => return true,
            Err(e) if e.kind() == ErrorKind::Conflict => {
                if r == 0 {
                    inc(c, "writes_sent_twice"); // the client repeated a write that had applied
                }
                return true;
            }
            Err(e) => {
                inc(c, "typed_errors");
                if e.maybe_sent() {
                    let filter = format!("userName eq \"{name}\"");
                    let found = again(c, || {
                        let listing = scim.paginate_json("listScimUsers", json!({ "filter": filter }));
                        async move { listing?.try_collect::<Vec<_>>().await }
                    })
                    .await;
                    if found.is_ok_and(|f| !f.is_empty()) {
                        return true;
                    }
                }
                inc(c, "caller_retries");
            }
        }
    }
    false
}
