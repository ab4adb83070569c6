//! The operation table covers the manifest exactly, and each listed method sends its operation.

use atlassian_admin::{AdminClient, ScimClient, OPERATIONS};
use serde_json::Value;
use std::collections::BTreeSet;

fn manifest() -> Vec<Value> {
    let m: Value = serde_json::from_str(atlassian_admin::raw::MANIFEST_JSON).unwrap();
    m["operations"].as_array().unwrap().clone()
}

#[test]
fn table_matches_manifest() {
    let manifest = manifest();
    let want: BTreeSet<(String, String, bool)> =
        manifest.iter().map(|o| (o["family"].as_str().unwrap().into(), o["operation_id"].as_str().unwrap().into(), o["deprecated"] == true)).collect();
    let have: BTreeSet<(String, String, bool)> = OPERATIONS.iter().map(|e| (e.family.into(), e.operation_id.into(), e.deprecated)).collect();
    assert_eq!(OPERATIONS.len(), manifest.len(), "one row per operation");
    let missing: Vec<_> = want.difference(&have).collect();
    let extra: Vec<_> = have.difference(&want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
    println!("{} operations in {} families", OPERATIONS.len(), want.iter().map(|w| &w.0).collect::<BTreeSet<_>>().len());
}

#[test]
fn every_method_sends_its_operation() {
    let client = AdminClient::builder().api_key("k").base_url("http://127.0.0.1:9").build().unwrap();
    let scim = ScimClient::builder("d").api_key("k").base_url("http://127.0.0.1:9").build().unwrap();
    let sent = atlassian_admin::every_call(&client, &scim);
    assert_eq!(sent.len(), OPERATIONS.len());
    for (row, (id, family)) in OPERATIONS.iter().zip(sent) {
        assert_eq!((row.operation_id, row.family), (id, family), "{} sends {id}", row.method);
    }
}
