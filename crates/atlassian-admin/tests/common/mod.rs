#![allow(dead_code)]
//! Shared test set-up: a fresh offline mock and clients pointed at it.

use atlassian_admin::{AdminClient, RetryPolicy, ScimClient};
use atlassian_admin_mock::{Config, MockServer};
use serde::de::DeserializeOwned;
use std::time::Duration;

pub async fn mock(config: Config) -> MockServer {
    MockServer::start(config).await.expect("mock starts")
}

/// Fast retries so fault tests stay short.
pub fn quick_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(8)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(50))
}

pub fn admin(m: &MockServer) -> AdminClient {
    AdminClient::builder().api_key(m.org_api_key()).base_url(m.base_url()).retry(quick_retry()).build().unwrap()
}

pub fn scim(m: &MockServer) -> ScimClient {
    ScimClient::builder(m.directory_id()).api_key(m.scim_api_key()).base_url(m.base_url()).retry(quick_retry()).build().unwrap()
}

/// A request body from JSON.
pub fn body<T: DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("body decodes")
}
