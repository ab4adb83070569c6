//! Running one operation over many items.

use futures::stream::{self, Stream, StreamExt};
use std::future::Future;

/// Runs `op` on every item with at most `concurrency` in flight and returns one outcome per
/// item, in input order: none lost, none duplicated. Retries and rate limits are the client's.
///
/// ```no_run
/// # async fn f(client: atlassian_admin::AdminClient, leavers: Vec<String>) {
/// let dir = client.org("ORG").directory("DIR");
/// let outcomes = atlassian_admin::bulk(leavers, 16, |id| {
///     let dir = dir.clone();
///     async move { dir.user(id).suspend().await }
/// }).await;
/// # }
/// ```
pub async fn bulk<I, T, F, Fut, R>(items: I, concurrency: usize, op: F) -> Vec<R>
where
    I: IntoIterator<Item = T>,
    F: FnMut(T) -> Fut,
    Fut: Future<Output = R>,
{
    bulk_stream(items, concurrency, op).collect().await
}

/// [`bulk`] as a stream: outcomes arrive in input order as they complete, with at most
/// `concurrency` calls in flight and nothing buffered beyond them, so a run over a file of any
/// size holds constant memory. Stops fetching items when dropped.
pub fn bulk_stream<I, T, F, Fut, R>(items: I, concurrency: usize, op: F) -> impl Stream<Item = R>
where
    I: IntoIterator<Item = T>,
    F: FnMut(T) -> Fut,
    Fut: Future<Output = R>,
{
    stream::iter(items).map(op).buffered(concurrency.max(1))
}
