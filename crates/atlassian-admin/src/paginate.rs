//! [`Paginator`]: every list operation, whatever its paging style, as a `Stream` of items.

use crate::error::{from_raw, Error, ErrorKind, Result};
use atlassian_admin_raw::Operation;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// How an operation pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `links.next` (a full URL whose `cursor` parameter continues) or `meta.next` (a token).
    Cursor,
    /// SCIM: 1-based `startIndex` and `count`, `totalResults`.
    Scim,
    /// One page only (the operation has no paging parameter).
    Single,
}

/// One page of results.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page. Pass it to [`Paginator::starting_at`]
    /// to resume later.
    pub next_cursor: Option<String>,
    /// The total the service reported, when it does.
    pub total: Option<u64>,
    /// Members of this page that do not decode as `T` (raw JSON, with the reason): one odd
    /// member never fails a whole page. The item stream yields each as an `ErrorKind::Decode`.
    pub undecoded: Vec<(Value, String)>,
}

type Fetch<'a, T> = Arc<dyn Fn(Option<String>) -> BoxStream<'a, Result<Page<T>>> + Send + Sync + 'a>;

/// A lazy listing: nothing is sent until it is polled, one page is held at a time, and every
/// page is requested with the original filters. It is a `Stream` of items
/// (`futures::TryStreamExt::try_collect` gathers them); [`Paginator::pages`] streams pages.
///
/// ```no_run
/// # async fn f(client: atlassian_admin::AdminClient) -> atlassian_admin::Result<()> {
/// use futures::{StreamExt, TryStreamExt};
/// let events = client.org("ORG").events();
/// // Items, filtered on the server; the filter is re-sent with every page.
/// let removed: Vec<_> = events.list_with(|b| b.action("user_removed_from_org".to_string())).try_collect().await?;
/// // Pages, resumable later from `next_cursor`.
/// let mut pages = client.org("ORG").users().list().pages();
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     println!("{} users, next: {:?}", page.items.len(), page.next_cursor);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a Paginator does nothing until it is polled"]
pub struct Paginator<'a, T> {
    operation_id: &'static str,
    fetch: Fetch<'a, T>,
    start: Option<String>,
    limit: Option<usize>,
    items: Option<BoxStream<'a, Result<T>>>,
}

impl<'a, T: Send + 'a> Paginator<'a, T> {
    /// A paginator over `builder`'s operation. `set_cursor` puts a cursor into a fresh copy of the
    /// builder; `items_key` names the member holding the items (`""`: the body is the array).
    pub(crate) fn new<B>(
        builder: Result<B>,
        style: PageStyle,
        items_key: &'static str,
        set_cursor: fn(B, String) -> B,
    ) -> Self
    where
        B: Operation<'a> + Clone + Sync,
        B::Output: Serialize,
        T: DeserializeOwned,
    {
        let fetch: Fetch<'a, T> = Arc::new(move |cursor: Option<String>| {
            let b = builder.as_ref().map(|b| match &cursor {
                Some(c) => set_cursor(b.clone(), c.clone()),
                None => b.clone(),
            });
            let b = match b {
                Ok(b) => b,
                Err(e) => return stream::once(futures::future::ready(Err(clone_err(e)))).boxed(),
            };
            stream::once(async move {
                let out = b.send().await.map_err(|e| (e, B::OPERATION_ID));
                let out = match out {
                    Ok(o) => o.into_inner(),
                    Err((e, op)) => return Err(from_raw(e, op).await),
                };
                let v = serde_json::to_value(out).map_err(|e| decode(B::OPERATION_ID, e))?;
                split_page(v, style, items_key).map_err(|e| decode(B::OPERATION_ID, e))
            })
            .boxed()
        });
        Paginator { operation_id: B::OPERATION_ID, fetch, start: None, limit: None, items: None }
    }

    /// The operationId each page request sends.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Stops after `n` items (pages are not fetched beyond the one that holds the n-th).
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = Some(n);
        self
    }

    /// Resumes from a cursor taken from [`Page::next_cursor`].
    pub fn starting_at(mut self, cursor: impl Into<String>) -> Self {
        self.start = Some(cursor.into());
        self
    }

    /// The pages, one request each. Stops at the last page, or if the service repeats a cursor.
    pub fn pages(self) -> BoxStream<'a, Result<Page<T>>> {
        let fetch = self.fetch.clone();
        let limit = self.limit;
        struct St<'a, T> {
            next: Option<Option<String>>,
            seen: HashSet<String>,
            fetch: Fetch<'a, T>,
            remaining: Option<usize>,
        }
        let st = St { next: Some(self.start), seen: HashSet::new(), fetch, remaining: limit };
        stream::unfold(st, |mut st| async move {
            let cursor = st.next.take()?;
            if st.remaining == Some(0) {
                return None;
            }
            let mut page = match (st.fetch)(cursor).next().await? {
                Ok(p) => p,
                Err(e) => return Some((Err(e), st)), // st.next is None: the stream ends after the error
            };
            if let Some(r) = st.remaining.as_mut() {
                page.items.truncate(*r);
                *r -= page.items.len();
            }
            if let Some(c) = &page.next_cursor {
                if st.seen.insert(c.clone()) && !(page.items.is_empty() && page.undecoded.is_empty()) {
                    st.next = Some(Some(c.clone()));
                }
            }
            Some((Ok(page), st))
        })
        .boxed()
    }

    /// Collects every item (`futures::TryStreamExt::try_collect` does the same).
    pub async fn collect_all(self) -> Result<Vec<T>> {
        use futures::TryStreamExt;
        self.try_collect().await
    }
}

impl<'a, T: Send + 'a> Stream for Paginator<'a, T> {
    type Item = Result<T>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.items.is_none() {
            let self_op = self.operation_id;
            let pager = Paginator { operation_id: self.operation_id, fetch: self.fetch.clone(), start: self.start.clone(), limit: self.limit, items: None };
            let items = pager
                .pages()
                .flat_map(move |page| match page {
                    Ok(p) => {
                        let op = self_op;
                        let odd = p.undecoded.into_iter().map(move |(raw, why)| {
                            Err(Error::new(ErrorKind::Decode, format!("list member does not decode: {why}"))
                                .with_operation(op)
                                .with_body(raw.to_string().as_bytes()))
                        });
                        stream::iter(p.items.into_iter().map(Ok).chain(odd)).boxed()
                    }
                    Err(e) => stream::once(futures::future::ready(Err(e))).boxed(),
                })
                .boxed();
            self.items = Some(items);
        }
        self.items.as_mut().unwrap().poll_next_unpin(cx)
    }
}

fn clone_err(e: &Error) -> Error {
    let mut out = Error::new(e.kind, e.message.clone());
    out.operation = e.operation;
    out
}

fn decode(op: &'static str, e: serde_json::Error) -> Error {
    Error::new(ErrorKind::Decode, format!("page does not decode: {e}")).with_operation(op).with_source(e)
}

/// The `cursor` of a `links.next` URL, or the value itself when it is a bare token.
fn cursor_of(next: &str) -> Option<String> {
    if next.contains("://") || next.starts_with('/') {
        let base = url::Url::parse("http://localhost/").ok()?;
        let u = base.join(next).ok()?;
        let c = u.query_pairs().find(|(k, _)| k == "cursor").map(|(_, v)| v.into_owned());
        c
    } else if next.is_empty() {
        None
    } else {
        Some(next.to_string())
    }
}

/// Splits a page body into items, next cursor and total.
fn split_page<T: DeserializeOwned>(mut v: Value, style: PageStyle, key: &str) -> serde_json::Result<Page<T>> {
    let raw_items = if key.is_empty() { v.take() } else { v.get_mut(key).map(Value::take).unwrap_or(Value::Null) };
    let mut items = vec![];
    let mut undecoded = vec![];
    match raw_items {
        Value::Null => {}
        Value::Array(members) => {
            for m in members {
                match T::deserialize(&m) {
                    Ok(t) => items.push(t),
                    Err(e) => undecoded.push((m, e.to_string())),
                }
            }
        }
        other => items.push(serde_json::from_value(other)?),
    }
    let decoded = items.len() + undecoded.len();
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let n = |p: &str| v.pointer(p).and_then(Value::as_u64);
    let (next_cursor, total) = match style {
        PageStyle::Single => (None, n("/total")),
        PageStyle::Cursor => {
            let next = s("/meta/next").and_then(|m| cursor_of(&m)).or_else(|| s("/links/next").and_then(|l| cursor_of(&l)));
            (next, n("/meta/total").or_else(|| n("/total")))
        }
        PageStyle::Scim => {
            let start = n("/startIndex").unwrap_or(1);
            let per = n("/itemsPerPage").filter(|p| *p > 0).unwrap_or(decoded as u64);
            let total = n("/totalResults");
            let next = start + per;
            let more = decoded > 0 && total.is_some_and(|t| next <= t);
            (more.then(|| next.to_string()), total)
        }
    };
    Ok(Page { items, next_cursor, total, undecoded })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cursors_from_links_and_meta() {
        let p: Page<Value> = split_page(
            json!({"data": [1, 2], "links": {"next": "https://api.atlassian.com/admin/v1/orgs/o/users?cursor=abc%3D&x=1"}}),
            PageStyle::Cursor,
            "data",
        )
        .unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.next_cursor.as_deref(), Some("abc="));
        let p: Page<Value> =
            split_page(json!({"data": [], "meta": {"next": "tok"}, "links": {"next": "/x?cursor=other"}}), PageStyle::Cursor, "data")
                .unwrap();
        assert_eq!(p.next_cursor.as_deref(), Some("tok"));
        let p: Page<Value> = split_page(json!({"data": null, "links": {"next": null}}), PageStyle::Cursor, "data").unwrap();
        assert!(p.items.is_empty() && p.next_cursor.is_none());
    }

    #[derive(serde::Deserialize, Debug)]
    struct Named {
        name: Option<String>,
    }

    #[test]
    fn one_odd_member_does_not_fail_the_page() {
        let p: Page<Named> = split_page(
            json!({"data": [{"name": "a"}, {"name": 42}, {"name": null}], "links": {"next": "/x?cursor=n"}}),
            PageStyle::Cursor,
            "data",
        )
        .unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.items[0].name.as_deref(), Some("a"));
        assert_eq!(p.undecoded.len(), 1);
        assert_eq!(p.undecoded[0].0, json!({"name": 42}), "the raw member stays reachable");
        assert_eq!(p.next_cursor.as_deref(), Some("n"));
    }

    #[test]
    fn scim_start_index() {
        let p: Page<Value> = split_page(
            json!({"Resources": [1, 2], "startIndex": 1, "itemsPerPage": 2, "totalResults": 3}),
            PageStyle::Scim,
            "Resources",
        )
        .unwrap();
        assert_eq!(p.next_cursor.as_deref(), Some("3"));
        let p: Page<Value> = split_page(
            json!({"Resources": [3], "startIndex": 3, "itemsPerPage": 1, "totalResults": 3}),
            PageStyle::Scim,
            "Resources",
        )
        .unwrap();
        assert_eq!(p.next_cursor, None);
        assert_eq!(p.total, Some(3));
    }
}
