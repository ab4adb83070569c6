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
    RetryPolicy::default().with_max_attempts(8).with_base_delay(Duration::from_millis(5)).with_max_delay(Duration::from_millis(50))
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

/// Log capture: one global TRACE subscriber for this test binary (installed once, so tracing
/// never recomputes its filters while tests run in parallel) writing into a buffer per thread.
/// Each `#[tokio::test]` runs its requests on its own thread, so it reads only its own lines.
pub struct Logs;
thread_local! {
    static LINES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}
impl Logs {
    pub fn start() -> (Self, ()) {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            let sub = tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(|| Writer).finish();
            tracing::subscriber::set_global_default(sub).unwrap();
        });
        LINES.with(|l| l.borrow_mut().clear());
        (Logs, ())
    }
    pub fn text(&self) -> String {
        LINES.with(|l| String::from_utf8_lossy(&l.borrow()).into_owned())
    }
    /// Answers received for `operation` (one "response" event per attempt, in its request span).
    pub fn responses(&self, operation: &str) -> usize {
        let needle = format!("operation=\"{operation}\"");
        self.text().lines().filter(|l| l.contains(&needle) && l.contains("atlassian_admin: response")).count()
    }
}
pub struct Writer;
impl std::io::Write for Writer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        LINES.with(|l| l.borrow_mut().extend_from_slice(b));
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
