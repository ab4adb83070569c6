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
pub struct Call<'a, B> {
    builder: Result<B>,
    _life: std::marker::PhantomData<&'a ()>,
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

impl<'a, B: Operation<'a>> Call<'a, B> {
    /// Wraps a builder after checking the path identifiers it will carry.
    pub(crate) fn new(builder: B, ids: &[(&'static str, &str)]) -> Self {
        let checked = ids.iter().try_for_each(|(name, v)| check_id(name, v));
        Call { builder: checked.map(|_| builder).map_err(|e| e.with_operation(B::OPERATION_ID)), _life: Default::default() }
    }

    /// The operationId this call sends (as in `specs/<family>.json`).
    pub fn operation_id(&self) -> &'static str {
        B::OPERATION_ID
    }

    /// Sets optional parameters (filters, page size, ...) on the generated request builder.
    pub fn configure(self, f: impl FnOnce(B) -> B) -> Self {
        Call { builder: self.builder.map(f), _life: Default::default() }
    }

    /// The generated request builder, for anything this crate does not wrap.
    pub fn into_raw(self) -> Result<B> {
        self.builder
    }

    /// Sends the request and decodes the answer.
    pub fn send(self) -> BoxFuture<'a, Result<B::Output>> {
        let full = self.send_full();
        Box::pin(async move { Ok(full.await?.body) })
    }

    /// Sends the request; keeps status and headers.
    // Boxed (rather than `async fn`) so the future is `Send` for callers that are generic over
    // the builder's lifetime (rustc cannot prove it through the higher-ranked bound otherwise).
    pub fn send_full(self) -> BoxFuture<'a, Result<Response<B::Output>>> {
        Box::pin(async move {
            let b = self.builder?;
            match b.send().await {
                Ok(rv) => {
                    let status = rv.status().as_u16();
                    let headers = rv.headers().clone();
                    Ok(Response { body: rv.into_inner(), status, headers })
                }
                Err(e) => Err(from_raw(e, B::OPERATION_ID).await),
            }
        })
    }
}

impl<'a, B: Operation<'a>> IntoFuture for Call<'a, B> {
    type Output = Result<B::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<B::Output>> + Send + 'a>>;
    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

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
    Ok(())
}
