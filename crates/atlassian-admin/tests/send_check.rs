//! The futures of the by-name API are `Send`, so bindings can run them on any runtime thread.

fn assert_send<T: Send>(_: &T) {}

#[test]
fn by_name_futures_are_send() {
    let client = atlassian_admin::AdminClient::builder().api_key("k").build().unwrap();
    let f = client.call_json("organization", "getOrgs", serde_json::Value::Null);
    assert_send(&f);
    let g = client.page_json("organization", "getOrgs", serde_json::Value::Null, None);
    assert_send(&g);
    let h = client.bulk_json("organization", "getOrgById", vec![], 4);
    assert_send(&h);
}
