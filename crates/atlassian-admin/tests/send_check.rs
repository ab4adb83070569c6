//! Calls, paginators and handles own their client: they are `'static` and `Send`, so they can be
//! moved into tasks and held by bindings. These are compile-time checks; the test runs one too.

use futures::TryStreamExt;

fn assert_static_send<T: Send + 'static>(_: &T) {}

#[test]
fn by_name_futures_are_send() {
    let client = atlassian_admin::AdminClient::builder().api_key("k").build().unwrap();
    let c = client.clone();
    assert_static_send(&async move { c.call_json("organization", "getOrgs", serde_json::Value::Null).await });
    let c = client.clone();
    assert_static_send(&async move { c.bulk_json("organization", "getOrgById", vec![], 4).await });
    let p = client.paginate_json("organization", "getOrgs", serde_json::Value::Null).unwrap();
    assert_static_send(&p);
}

#[test]
fn handles_calls_and_paginators_outlive_the_client_value() {
    let client = atlassian_admin::AdminClient::builder().api_key("k").build().unwrap();
    let users = client.org("o").directory("d").users();
    let call = client.org("o").get();
    let pager = client.org("o").users().list();
    drop(client);
    assert_static_send(&users);
    assert_static_send(&call);
    assert_static_send(&pager);
}

#[tokio::test]
async fn a_paginator_moves_into_tokio_spawn() {
    let mock = atlassian_admin_mock::MockServer::start(Default::default()).await.unwrap();
    let client = atlassian_admin::AdminClient::builder().api_key(mock.org_api_key()).base_url(mock.base_url()).build().unwrap();
    let pager = client.org(mock.org_id()).users().list();
    drop(client);
    let users = tokio::spawn(async move { pager.try_collect::<Vec<_>>().await }).await.unwrap().unwrap();
    assert!(!users.is_empty());
}
