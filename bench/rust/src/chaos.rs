//! The Rust side of tests/chaos/run.py: the same mixed workload and caller rules as
//! tests/chaos/chaos.py (reads, full listings, SCIM creations checked before they are sent
//! again), through our core. `bench-rust chaos chaos INFO PARAMS` prints one JSON line.

use atlassian_admin::{AdminClient, ErrorKind, RetryPolicy, ScimClient};
use futures::TryStreamExt;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::time::{Duration, Instant};

const ROUNDS: usize = 10;

type Counts = BTreeMap<&'static str, u64>;

async fn again<T, F, Fut>(c: &mut Counts, mut op: F) -> atlassian_admin::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = atlassian_admin::Result<T>>,
{
    let mut r = 0;
    loop {
        match op().await {
            Ok(v) => return Ok(v),
            Err(e) => {
                *c.entry("typed_errors").or_default() += 1;
                r += 1;
                if r == ROUNDS {
                    *c.entry("unrecovered").or_default() += 1;
                    return Err(e);
                }
                *c.entry("caller_retries").or_default() += 1;
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
    let mut sizes: BTreeMap<String, u64> = BTreeMap::new();
    let base = params["expected_users"].as_i64().unwrap_or(0);
    let mut c = Counts::new();
    for k in ["ops", "reads", "listings", "writes", "typed_errors", "caller_retries", "unrecovered", "writes_confirmed", "writes_sent_twice", "writes_lost"] {
        c.insert(k, 0);
    }
    let start = Instant::now();
    for i in 0..params["ops"].as_u64().unwrap_or(0) {
        *c.entry("ops").or_default() += 1;
        match i % 20 {
            0..=15 => {
                *c.entry("reads").or_default() += 1;
                let _ = again(&mut c, || async { org.get().await }).await;
            }
            16..=17 => {
                *c.entry("listings").or_default() += 1;
                let got = again(&mut c, || async {
                    let users: Vec<_> = org.users().list().try_collect().await?;
                    Ok(users.into_iter().filter_map(|u| u.account_id).collect::<Vec<_>>())
                })
                .await;
                if let Ok(ids) = got {
                    let distinct = ids.iter().collect::<HashSet<_>>().len();
                    let expected = base + c["writes_confirmed"] as i64;
                    *sizes.entry(format!("{}/{}", distinct as i64 - expected, ids.len() - distinct)).or_default() += 1;
                }
            }
            _ => {
                *c.entry("writes").or_default() += 1;
                let name = format!("chaos-rust-{i}@example.com");
                let body =
                    json!({"userName": name, "emails": [{"value": name, "primary": true}], "name": {"givenName": "Chaos", "familyName": format!("rust-{i}")}});
                let mut done = false;
                for r in 0..ROUNDS {
                    match scim.call_json("createScimUser", json!({ "body": body })).await {
                        Ok(_) => done = true,
                        Err(e) if e.kind() == ErrorKind::Conflict => {
                            if r == 0 {
                                *c.entry("writes_sent_twice").or_default() += 1;
                                // the client repeated a write that had applied
                            }
                            done = true;
                        }
                        Err(e) => {
                            *c.entry("typed_errors").or_default() += 1;
                            if e.maybe_sent() {
                                let filter = format!("userName eq \"{name}\"");
                                let found = again(&mut c, || {
                                    let listing = scim.paginate_json("listScimUsers", json!({ "filter": filter }));
                                    async move { listing?.try_collect::<Vec<_>>().await }
                                })
                                .await;
                                done = found.is_ok_and(|f| !f.is_empty());
                            }
                            if !done {
                                *c.entry("caller_retries").or_default() += 1;
                            }
                        }
                    }
                    if done {
                        break;
                    }
                }
                *c.entry(if done { "writes_confirmed" } else { "writes_lost" }).or_default() += 1;
            }
        }
    }
    let mut out = serde_json::to_value(&c)?;
    out["listing_sizes"] = serde_json::to_value(&sizes)?;
    out["wall_s"] = json!(start.elapsed().as_secs_f64());
    Ok(out)
}
