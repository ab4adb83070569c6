//! Every operation, sent by the Rust client to Prism serving our normalized `specs/`: Prism
//! validates each request against the spec (a violation is answered with 422, or with the
//! operation's documented 400) and answers with a response generated from the spec, which the
//! client must decode. (`--errors` is not used: it also fails requests when Prism's own
//! generated response misses the spec, which happens with the control family's `oneOf` models.)
//!
//! Needs Prism: run `bash tests/contract/run.sh` (installs it from npm, sets PRISM_BIN).

use atlassian_admin::{AdminClient, RetryPolicy, ScimClient, FAMILIES};
use serde_json::Value;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Prism(Vec<Child>);
impl Drop for Prism {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn fill(args: &str) -> String {
    // Any identifier will do for Prism; bodies keep their shape.
    let mut out = String::new();
    let mut rest = args;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tail.find('}') {
            Some(j) if tail[1..j].chars().all(|c| c.is_ascii_alphanumeric()) && j > 1 => {
                out.push_str(&format!("{}-1", &tail[1..j]));
                rest = &tail[j + 1..];
            }
            _ => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Prism: bash tests/contract/run.sh"]
async fn every_operation_against_prism() {
    let prism = std::env::var("PRISM_BIN").expect("PRISM_BIN (run tests/contract/run.sh)");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let base_port = 4310;
    let mut children = vec![];
    for (i, family) in FAMILIES.iter().enumerate() {
        let spec = root.join(format!("specs/{family}.json"));
        let child = Command::new(&prism)
            .args(["mock", spec.to_str().unwrap(), "-h", "127.0.0.1", "-p", &(base_port + i).to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts");
        children.push(child);
    }
    let _guard = Prism(children);
    let deadline = Instant::now() + Duration::from_secs(120);
    for i in 0..FAMILIES.len() {
        while TcpStream::connect(("127.0.0.1", (base_port + i) as u16)).is_err() {
            assert!(Instant::now() < deadline, "Prism did not start");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    let mut admin = AdminClient::builder().api_key("contract-test-key").base_url("http://127.0.0.1:9").retry(RetryPolicy::disabled());
    let mut scim = ScimClient::builder("directoryId-1").api_key("contract-test-key").base_url("http://127.0.0.1:9").retry(RetryPolicy::disabled());
    for (i, family) in FAMILIES.iter().enumerate() {
        let url = format!("http://127.0.0.1:{}", base_port + i);
        admin = admin.family_base_url(family, &url);
        scim = scim.family_base_url(family, &url);
    }
    let (admin, scim) = (admin.build().unwrap(), scim.build().unwrap());
    let calls: Vec<Value> = serde_json::from_str(include_str!("../../../crates/atlassian-admin/tests/data/calls.json")).unwrap();
    let mut failures = vec![];
    for c in &calls {
        let family = c["family"].as_str().unwrap();
        let op = c["operation_id"].as_str().unwrap();
        let args: Value = serde_json::from_str(&fill(&c["args"].to_string())).unwrap();
        let result = if family == "user-provisioning" && args.get("directoryId").is_some() {
            scim.call_json(op, args).await
        } else {
            admin.call_json(family, op, args).await
        };
        if let Err(e) = result {
            failures.push(format!("{family}/{op}: {e}\n    {}", e.body().unwrap_or_default()));
        }
    }
    println!("contract: {} operations sent to Prism, {} failed", calls.len(), failures.len());
    assert!(failures.is_empty(), "{} operations violate the spec or do not decode:\n{}", failures.len(), failures.join("\n"));
}
