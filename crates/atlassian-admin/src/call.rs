//! [`Call`]: one prepared operation, sent with `.await` (or `.send()`).

use crate::error::{from_raw, Error, Result};
use atlassian_admin_raw::{BoxFuture, Operation};
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A prepared request for one operation. `.await` it (or call [`Call::send`]) to send it;
/// [`Call::configure`] sets optional parameters on the underlying generated builder.
///
/// ```no_run
/// # async fn f(client: atlassian_admin::AdminClient) -> atlassian_admin::Result<()> {
/// let dir = client.org("ORG").directory("DIRECTORY");
/// dir.user("ACCOUNT").suspend().await?;
/// let count = dir.users().count().configure(|b| b.search_term("ada".to_string())).await?;
/// let full = dir.user("ACCOUNT").get().send_full().await?; // status and headers too
/// println!("{count:?} {}", full.status);
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<B> {
    builder: Result<B>,
}

/// The success of a [`Call::send_full`]: the decoded body plus status and headers.
#[derive(Debug)]
pub struct Response<T> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
}

/// Sends a builder and turns every failure into an [`Error`] that says how many attempts were
/// made and whether the request may have reached the server.
pub(crate) async fn send_observed<B: Operation<'static>>(b: B) -> Result<Response<B::Output>> {
    let (out, stats) = crate::transport::observed(b.send()).await;
    let annotate = |e: Error| e.with_attempts(stats.attempts(), stats.maybe_sent());
    if let Some(local) = stats.local() {
        return Err(annotate(Error::from_local(local).with_operation(B::OPERATION_ID)));
    }
    match out {
        Ok(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            Ok(Response { body: rv.into_inner(), status, headers })
        }
        Err(e) => Err(annotate(from_raw(e, B::OPERATION_ID).await)),
    }
}

/// Sends a builder for its JSON answer only, parsed once from the raw body: the generated
/// client's typed decode is skipped (see `transport::observed_raw`). `null` for an empty body.
pub(crate) async fn send_json<B: Operation<'static>>(b: B) -> Result<serde_json::Value> {
    match send_raw(b).await? {
        Some(body) if !body.iter().all(u8::is_ascii_whitespace) => serde_json::from_slice(&body).map_err(|e| {
            Error::new(crate::ErrorKind::Decode, format!("answer does not decode: {e}")).with_operation(B::OPERATION_ID).with_body(&body).with_source(e)
        }),
        _ => Ok(serde_json::Value::Null),
    }
}

/// Sends a builder for its raw answer body (`None` when the answer had none), skipping the
/// generated client's typed decode.
pub(crate) async fn send_raw<B: Operation<'static>>(b: B) -> Result<Option<bytes::Bytes>> {
    let (out, stats) = crate::transport::observed_raw(b.send()).await;
    let annotate = |e: Error| e.with_attempts(stats.attempts(), stats.maybe_sent());
    if let Some(local) = stats.local() {
        return Err(annotate(Error::from_local(local).with_operation(B::OPERATION_ID)));
    }
    let body = stats.take_body();
    match out {
        Ok(_) => {}
        // The stand-in did not fit the generated type; the real body is still ours to parse.
        Err(atlassian_admin_raw::Error::InvalidResponsePayload(..)) if body.is_some() => {}
        Err(e) => return Err(annotate(from_raw(e, B::OPERATION_ID).await)),
    }
    Ok(body)
}

impl<B: Operation<'static>> Call<B> {
    /// Wraps a builder after checking the path identifiers it will carry.
    pub(crate) fn new(builder: B, ids: &[(&'static str, &str)]) -> Self {
        let checked = ids.iter().try_for_each(|(name, v)| check_id(name, v));
        Call { builder: checked.map(|_| builder).map_err(|e| e.with_operation(B::OPERATION_ID)) }
    }

    /// The operationId this call sends (as in `specs/<family>.json`).
    pub fn operation_id(&self) -> &'static str {
        B::OPERATION_ID
    }

    /// Sets optional parameters (filters, page size, ...) on the generated request builder.
    pub fn configure(self, f: impl FnOnce(B) -> B) -> Self {
        Call { builder: self.builder.map(f) }
    }

    /// The generated request builder, for anything this crate does not wrap.
    pub fn into_raw(self) -> Result<B> {
        self.builder
    }

    /// Sends the request and decodes the answer.
    pub fn send(self) -> BoxFuture<'static, Result<B::Output>> {
        let full = self.send_full();
        Box::pin(async move { Ok(full.await?.body) })
    }

    /// Sends the request; keeps status and headers.
    pub fn send_full(self) -> BoxFuture<'static, Result<Response<B::Output>>> {
        Box::pin(async move { send_observed(self.builder?).await })
    }

    /// Sends the request and returns the answer as JSON, parsed once from the raw body.
    pub(crate) fn send_value(self) -> BoxFuture<'static, Result<serde_json::Value>> {
        Box::pin(async move { send_json(self.builder?).await })
    }
}

impl<B: Operation<'static>> IntoFuture for Call<B> {
    type Output = Result<B::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<B::Output>> + Send + 'static>>;
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// Longest identifier accepted in a path (longer ones fail before anything is sent).
pub(crate) const MAX_ID_BYTES: usize = 1024;

/// Rejects identifiers that would change the request path. `/`, `?`, `#` and `%` are
/// percent-encoded by the generated client; `.`, `..`, empty values and control characters
/// cannot be encoded away, so they never leave the process.
pub(crate) fn check_id(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_argument(format!("{name} must not be empty")));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_argument(format!("{name} must not be `{value}`")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid_argument(format!("{name} must not contain control characters")));
    }
    if value.len() > MAX_ID_BYTES {
        return Err(Error::invalid_argument(format!("{name} is {} bytes long, over the {MAX_ID_BYTES}-byte limit", value.len())));
    }
    Ok(())
}
