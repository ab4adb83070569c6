//! Every one of the 132 operations, called by name with JSON arguments through the full client
//! stack (transport, decoding of the generated types), against a fresh offline mock each.

mod common;
use atlassian_admin::OPERATIONS;
use common::*;
use serde_json::{json, Value};

/// One call per operation: (family, operationId, arguments with `{fixture}` placeholders).
/// Shared with the Prism contract test (tests/contract).
fn rows() -> Vec<(String, String, String)> {
    let v: Vec<Value> = serde_json::from_str(include_str!("data/calls.json")).unwrap();
    v.iter().map(|r| (r["family"].as_str().unwrap().into(), r["operation_id"].as_str().unwrap().into(), r["args"].to_string())).collect()
}

#[tokio::test]
async fn every_operation_succeeds_and_decodes() {
    let rows = rows();
    assert_eq!(rows.len(), OPERATIONS.len());
    let mut failures = vec![];
    let mut listed = 0;
    for (family, op, args) in &rows {
        let m = mock(Default::default()).await;
        let f = m.fixtures().clone();
        let (client, scim) = (admin(&m), scim(&m));
        let mut task = String::new();
        if args.contains("{taskId}") {
            let v = client
                .call_json("control", "addUsersToPolicy", json!({"orgId": f.org_id, "policyId": f.control_policy_id, "body": {"users": [f.account_id]}}))
                .await
                .unwrap();
            task = v["taskId"].as_str().unwrap().to_string();
        }
        if args.contains("{memberId}") {
            client
                .call_json(
                    "organization",
                    "addUserToGroup",
                    json!({"orgId": f.org_id, "directoryId": f.directory_id, "groupId": f.group_id, "body": {"accountId": f.account_id}}),
                )
                .await
                .unwrap();
        }
        let a: Value = serde_json::from_str(&f.fill(&args.replace("{taskId}", &task))).unwrap();
        let (family, op) = (family.as_str(), op.as_str());
        let is_scim = family == "user-provisioning" && a.get("directoryId").is_some();
        let result = if is_scim { scim.call_json(op, a.clone()).await } else { client.call_json(family, op, a.clone()).await };
        if let Err(e) = result {
            failures.push(format!("{family}/{op}: {e}"));
        }
        // List operations also page through the same arguments.
        let pager = if is_scim { scim.paginate_json(op, a) } else { client.paginate_json(family, op, a) };
        if let Ok(p) = pager {
            listed += 1;
            use futures::TryStreamExt;
            if let Err(e) = p.limit(250).try_collect::<Vec<_>>().await {
                failures.push(format!("{family}/{op} (paginated): {e}"));
            }
        }
        m.shutdown().await;
    }
    println!("{} operations called, {listed} also paginated", rows.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn json_arguments_are_checked_before_sending() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    for (args, needle) in [
        (json!({}), "`org_id` is required"),
        (json!({"orgId": f.org_id, "nope": 1}), "unknown parameter"),
        (json!({"orgId": ".."}), "must not be"),
        (json!({"orgId": f.org_id, "limit": "ten"}), "`limit`"),
    ] {
        let e = c.call_json("organization", "getEvents", args).await.unwrap_err();
        assert_eq!(e.kind(), atlassian_admin::ErrorKind::InvalidArgument, "{e}");
        assert!(e.to_string().contains(needle), "{e} should mention {needle}");
    }
    let e = c.call_json("organization", "createGroup", json!({"orgId": f.org_id, "directoryId": f.directory_id})).await.unwrap_err();
    assert!(e.to_string().contains("body"), "{e}");
    let e = c.call_json("organization", "noSuchOperation", json!({})).await.unwrap_err();
    assert_eq!(e.kind(), atlassian_admin::ErrorKind::InvalidArgument);
}
