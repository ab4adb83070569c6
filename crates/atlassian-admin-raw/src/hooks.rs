//! The one seam between generated clients and the transport policy of `atlassian-admin`.

use futures::future::BoxFuture;
use std::sync::Arc;

/// Sends one operation's request. `atlassian-admin` implements this with authentication,
/// retries, rate limiting and logging; without one, requests go out once, as built.
pub trait Executor: Send + Sync + 'static {
    /// Executes `request` for the operation `operation_id` of API `family` on `client`.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        family: &'static str,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// Inner state of every generated `Client`: the optional [`Executor`].
#[derive(Clone, Default)]
pub struct Hooks {
    executor: Option<Arc<dyn Executor>>,
}

impl Hooks {
    /// Hooks that route every request through `executor`.
    pub fn new(executor: Arc<dyn Executor>) -> Self {
        Self { executor: Some(executor) }
    }

    /// The executor, if one was installed.
    pub fn executor(&self) -> Option<&Arc<dyn Executor>> {
        self.executor.as_ref()
    }
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks").field("executor", &self.executor.is_some()).finish()
    }
}
