//! [`Paginator`]: every list operation, whatever its paging style, as a `Stream` of items.

use crate::config::defaults;
use crate::error::{Error, ErrorKind, Result};
use atlassian_admin_raw::{BoxFuture, Operation};
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
    /// A cursor listing that is a stream (the events poll): an empty page means "caught up", and
    /// its `next_cursor` is where to resume later.
    Poll,
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
    /// Where the next page starts; `None` on the last page (on a [`PageStyle::Poll`] listing
    /// the last page keeps the cursor to poll again from). Pass it to
    /// [`Paginator::starting_at`] to resume later.
    pub next_cursor: Option<String>,
    /// The total the service reported, when it does.
    pub total: Option<u64>,
    /// Members of this page that do not decode as `T` (raw JSON, with the reason): one odd
    /// member never fails a whole page. The item stream yields each as an `ErrorKind::Decode`.
    pub undecoded: Vec<(Value, String)>,
}

type Fetch<T> = Arc<dyn Fn(Option<String>) -> BoxFuture<'static, Result<Page<T>>> + Send + Sync>;

/// A lazy listing: nothing is sent until it is polled, and every page is requested with the
/// original filters. It is a `Stream` of items (`futures::TryStreamExt::try_collect` gathers
/// them); [`Paginator::pages`] streams pages. It owns its client (`'static` and `Send`), so it can
/// be moved into a task or held by a binding.
///
/// While the caller works on one page, the next is already being fetched (one page ahead, on
/// the current tokio runtime; see [`Paginator::prefetch`]); dropping the stream cancels that
/// fetch.
///
/// Stop rules, the same in every language:
/// - the last page (no next cursor, or a SCIM page past `totalResults`, or an empty SCIM page);
/// - a cursor the service already gave (a loop);
/// - [`Paginator::limit`] items;
/// - on a [`PageStyle::Poll`] listing, an empty page (caught up).
///
/// An empty page that carries a fresh cursor is followed, because a filtered listing can have
/// empty pages mid-way; after [`defaults::MAX_EMPTY_PAGES`](crate::config::defaults::MAX_EMPTY_PAGES)
/// of them in a row (see [`Paginator::max_empty_pages`]) the listing ends with a `Decode` error
/// rather than silently.
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
/// // A listing is 'static: it can run in its own task.
/// let users = client.org("ORG").users().list();
/// let count = tokio::spawn(async move { users.try_collect::<Vec<_>>().await.map(|v| v.len()) });
/// # Ok(()) }
/// ```
#[must_use = "a Paginator does nothing until it is polled"]
pub struct Paginator<T> {
    operation_id: &'static str,
    fetch: Fetch<T>,
    style: PageStyle,
    start: Option<String>,
    limit: Option<usize>,
    max_empty: usize,
    prefetch: bool,
    items: Option<BoxStream<'static, Result<T>>>,
}

impl<T> std::fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("operation_id", &self.operation_id)
            .field("style", &self.style)
            .field("limit", &self.limit)
            .field("prefetch", &self.prefetch)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Paginator<T> {
    /// A paginator over `builder`'s operation. `set_cursor` puts a cursor into a fresh copy of the
    /// builder; `items_key` names the member holding the items (`""`: the body is the array).
    pub(crate) fn new<B>(builder: Result<B>, style: PageStyle, items_key: &'static str, set_cursor: fn(B, String) -> B) -> Self
    where
        B: Operation<'static> + Clone + Sync,
        B::Output: Serialize,
        T: DeserializeOwned,
    {
        let fetch: Fetch<T> = Arc::new(move |cursor: Option<String>| {
            let b = builder.as_ref().map(|b| match &cursor {
                Some(c) => set_cursor(b.clone(), c.clone()),
                None => b.clone(),
            });
            let b = match b {
                Ok(b) => b,
                Err(e) => return Box::pin(futures::future::ready(Err(clone_err(e)))),
            };
            Box::pin(async move {
                let body = crate::call::send_raw(b).await?.unwrap_or_default();
                split_page_bytes(&body, style, items_key).map_err(|e| decode(B::OPERATION_ID, e))
            })
        });
        Paginator { operation_id: B::OPERATION_ID, fetch, style, start: None, limit: None, max_empty: defaults::MAX_EMPTY_PAGES, prefetch: true, items: None }
    }

    /// The operationId each page request sends.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// How this listing pages.
    pub fn style(&self) -> PageStyle {
        self.style
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

    /// Consecutive empty pages with fresh cursors to follow before failing (default
    /// [`defaults::MAX_EMPTY_PAGES`](crate::config::defaults::MAX_EMPTY_PAGES); at least 1).
    pub fn max_empty_pages(mut self, n: usize) -> Self {
        self.max_empty = n.max(1);
        self
    }

    /// Whether to fetch the next page while the current one is consumed (default on; it needs a
    /// tokio runtime, and without one pages are fetched on demand).
    pub fn prefetch(mut self, on: bool) -> Self {
        self.prefetch = on;
        self
    }

    fn settings(&self) -> Paginator<T> {
        Paginator {
            operation_id: self.operation_id,
            fetch: self.fetch.clone(),
            style: self.style,
            start: self.start.clone(),
            limit: self.limit,
            max_empty: self.max_empty,
            prefetch: self.prefetch,
            items: None,
        }
    }

    /// The pages, one request each, following the stop rules above. The stream ends after an
    /// error.
    pub fn pages(self) -> BoxStream<'static, Result<Page<T>>> {
        let st = PageState {
            fetch: self.fetch,
            next: Some(Next::Lazy(self.start)),
            seen: HashSet::new(),
            remaining: self.limit,
            empty_run: 0,
            max_empty: self.max_empty,
            style: self.style,
            prefetch: self.prefetch,
            op: self.operation_id,
        };
        stream::unfold(st, |mut st| async move {
            if st.remaining == Some(0) {
                return None;
            }
            let fetched = match st.next.take()? {
                Next::Lazy(cursor) => (st.fetch)(cursor).await,
                Next::Spawned(task) => task.await,
                Next::Fail(e) => Err(e),
            };
            let mut page = match fetched {
                Ok(p) => p,
                Err(e) => return Some((Err(e), st)), // st.next is None: the stream ends after the error
            };
            if let Some(r) = st.remaining.as_mut() {
                page.items.truncate(*r);
                *r -= page.items.len();
            }
            if let Some(c) = st.follow(&page) {
                st.next = Some(st.start(c));
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

/// What the page stream does next.
enum Next<T> {
    /// Fetch this cursor when polled.
    Lazy(Option<String>),
    /// A fetch already running (prefetch).
    Spawned(Prefetch<Page<T>>),
    /// End with this error.
    Fail(Error),
}

struct PageState<T> {
    fetch: Fetch<T>,
    next: Option<Next<T>>,
    seen: HashSet<String>,
    remaining: Option<usize>,
    empty_run: usize,
    max_empty: usize,
    style: PageStyle,
    prefetch: bool,
    op: &'static str,
}

impl<T: Send + 'static> PageState<T> {
    /// The cursor to follow after `page`, if the stop rules allow one.
    fn follow(&mut self, page: &Page<T>) -> Option<String> {
        if self.remaining == Some(0) {
            return None;
        }
        let c = page.next_cursor.as_ref()?;
        if !self.seen.insert(c.clone()) {
            tracing::debug!(target: "atlassian_admin", operation = self.op, "the service repeated a cursor; the listing ends");
            return None;
        }
        let empty = page.items.is_empty() && page.undecoded.is_empty();
        if !empty {
            self.empty_run = 0;
            return Some(c.clone());
        }
        if self.style == PageStyle::Poll {
            return None; // caught up
        }
        self.empty_run += 1;
        if self.empty_run > self.max_empty {
            let msg =
                format!("{} empty pages in a row, each with a new cursor; stopping (resume with starting_at({c:?}) or raise max_empty_pages)", self.empty_run);
            self.next = Some(Next::Fail(Error::new(ErrorKind::Decode, msg).with_operation(self.op)));
            return None;
        }
        Some(c.clone())
    }

    /// Starts fetching `cursor`: now on the runtime (prefetch), or when polled.
    fn start(&self, cursor: String) -> Next<T> {
        if self.prefetch {
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                return Next::Spawned(Prefetch(rt.spawn((self.fetch)(Some(cursor)))));
            }
        }
        Next::Lazy(Some(cursor))
    }
}

/// A spawned page fetch, cancelled when dropped.
struct Prefetch<T>(tokio::task::JoinHandle<Result<T>>);

impl<T> Drop for Prefetch<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> std::future::Future for Prefetch<T> {
    type Output = Result<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|r| match r {
            Ok(out) => out,
            Err(e) => Err(Error::new(ErrorKind::Transport, format!("the page fetch did not finish: {e}"))),
        })
    }
}

impl<T: Send + 'static> Stream for Paginator<T> {
    type Item = Result<T>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.items.is_none() {
            let op = self.operation_id;
            let items = self
                .settings()
                .pages()
                .flat_map(move |page| match page {
                    Ok(p) => {
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
        match self.items.as_mut() {
            Some(items) => items.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

fn clone_err(e: &Error) -> Error {
    let mut out = Error::new(e.kind, e.message.clone());
    out.operation = e.operation;
    out.status = e.status;
    out.code = e.code.clone();
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

/// One member as `T`: moved as it is when `T` is `Value` (the JSON listings of the bindings),
/// printed when it is raw JSON text, decoded otherwise; a member that does not decode comes
/// back with the reason.
fn member<T: DeserializeOwned + 'static>(m: Value) -> std::result::Result<T, (Value, String)> {
    let mut slot = Some(m);
    if let Some(same) = (&mut slot as &mut dyn std::any::Any).downcast_mut::<Option<T>>() {
        if let Some(t) = same.take() {
            return Ok(t);
        }
    }
    let m = slot.unwrap_or_default();
    // Raw JSON text of a member already parsed (the bindings' raw listings).
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<Box<serde_json::value::RawValue>>() {
        if let Ok(raw) = serde_json::value::to_raw_value(&m) {
            let mut slot = Some(raw);
            if let Some(t) = (&mut slot as &mut dyn std::any::Any).downcast_mut::<Option<T>>().and_then(Option::take) {
                return Ok(t);
            }
        }
    }
    T::deserialize(&m).map_err(|e| (m, e.to_string()))
}

/// Splits a page body into items, next cursor and total.
fn split_page<T: DeserializeOwned + 'static>(mut v: Value, style: PageStyle, key: &str) -> serde_json::Result<Page<T>> {
    let raw_items = if key.is_empty() { v.take() } else { v.get_mut(key).map(Value::take).unwrap_or(Value::Null) };
    let mut items = vec![];
    let mut undecoded = vec![];
    match raw_items {
        Value::Null => {}
        Value::Array(members) => {
            for m in members {
                match member::<T>(m) {
                    Ok(t) => items.push(t),
                    Err(bad) => undecoded.push(bad),
                }
            }
        }
        other => items.push(serde_json::from_value(other)?),
    }
    let (next_cursor, total) = page_info(&v, style, items.len() + undecoded.len());
    Ok(Page { items, next_cursor, total, undecoded })
}

/// [`split_page`] straight from the raw body: each member is decoded from its own bytes into
/// `T` (no intermediate JSON tree for a typed `T`), and only the small envelope (`links`,
/// `meta`, totals) is parsed as JSON. A body of another shape takes the general path.
fn split_page_bytes<T: DeserializeOwned + 'static>(body: &[u8], style: PageStyle, key: &str) -> serde_json::Result<Page<T>> {
    use serde_json::value::RawValue;
    if body.iter().all(u8::is_ascii_whitespace) {
        return split_page(Value::Null, style, key);
    }
    fn members<T: DeserializeOwned + 'static>(raw: &RawValue, items: &mut Vec<T>, undecoded: &mut Vec<(Value, String)>) -> serde_json::Result<()> {
        let list: Vec<&RawValue> = serde_json::from_str(raw.get())?;
        items.reserve(list.len());
        // Raw members go to the bindings' JSON parsers unparsed; nesting deeper than serde_json
        // itself accepts (and Python's `json` survives) is refused here, as a typed decode would.
        let raw_text = std::any::TypeId::of::<T>() == std::any::TypeId::of::<Box<RawValue>>();
        for m in list {
            if raw_text && nesting_exceeds(m.get().as_bytes(), MAX_NESTING) {
                undecoded.push((Value::String(m.get().to_string()), format!("nested deeper than {MAX_NESTING} levels")));
                continue;
            }
            match serde_json::from_str::<T>(m.get()) {
                Ok(t) => items.push(t),
                Err(e) => undecoded.push((serde_json::from_str(m.get()).unwrap_or_else(|_| Value::String(m.get().to_string())), e.to_string())),
            }
        }
        Ok(())
    }
    let (mut items, mut undecoded) = (vec![], vec![]);
    let envelope = if key.is_empty() {
        match serde_json::from_slice::<&RawValue>(body) {
            Ok(raw) if raw.get().starts_with('[') => {
                members(raw, &mut items, &mut undecoded)?;
                Value::Null
            }
            _ => return split_page(serde_json::from_slice(body)?, style, key),
        }
    } else {
        let top: std::collections::HashMap<String, &RawValue> = match serde_json::from_slice(body) {
            Ok(top) => top,
            Err(_) => return split_page(serde_json::from_slice(body)?, style, key),
        };
        let mut env = serde_json::Map::new();
        for (k, raw) in top {
            if k != key {
                env.insert(k, serde_json::from_str(raw.get())?);
            } else if raw.get().starts_with('[') {
                members(raw, &mut items, &mut undecoded)?;
            } else if raw.get() != "null" {
                items.push(serde_json::from_str(raw.get())?);
            }
        }
        Value::Object(env)
    };
    let (next_cursor, total) = page_info(&envelope, style, items.len() + undecoded.len());
    Ok(Page { items, next_cursor, total, undecoded })
}

/// The deepest nesting of arrays and objects a raw member may have (serde_json's own limit).
const MAX_NESTING: usize = 128;

/// Whether the JSON text `b` nests arrays and objects more than `limit` deep (brackets inside
/// strings do not count).
fn nesting_exceeds(b: &[u8], limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &c in b {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The next cursor and the total of a page, from its envelope; `decoded` is how many members it had.
fn page_info(v: &Value, style: PageStyle, decoded: usize) -> (Option<String>, Option<u64>) {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let n = |p: &str| v.pointer(p).and_then(Value::as_u64);
    match style {
        PageStyle::Single => (None, n("/total")),
        PageStyle::Cursor | PageStyle::Poll => {
            let next = s("/meta/next").and_then(|m| cursor_of(&m)).or_else(|| s("/links/next").and_then(|l| cursor_of(&l)));
            (next, n("/meta/total").or_else(|| n("/total")))
        }
        PageStyle::Scim => {
            let start = n("/startIndex").unwrap_or(1);
            let per = n("/itemsPerPage").filter(|p| *p > 0).unwrap_or(decoded as u64);
            let total = n("/totalResults");
            // A start index near u64::MAX has no page after it (and must not overflow).
            let next = start.checked_add(per).filter(|next| decoded > 0 && total.is_some_and(|t| *next <= t));
            (next.map(|n| n.to_string()), total)
        }
    }
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
        let p: Page<Value> = split_page(json!({"data": [], "meta": {"next": "tok"}, "links": {"next": "/x?cursor=other"}}), PageStyle::Cursor, "data").unwrap();
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
        let p: Page<Named> =
            split_page(json!({"data": [{"name": "a"}, {"name": 42}, {"name": null}], "links": {"next": "/x?cursor=n"}}), PageStyle::Cursor, "data").unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.items[0].name.as_deref(), Some("a"));
        assert_eq!(p.undecoded.len(), 1);
        assert_eq!(p.undecoded[0].0, json!({"name": 42}), "the raw member stays reachable");
        assert_eq!(p.next_cursor.as_deref(), Some("n"));
    }

    #[test]
    fn scim_start_index() {
        let p: Page<Value> =
            split_page(json!({"Resources": [1, 2], "startIndex": 1, "itemsPerPage": 2, "totalResults": 3}), PageStyle::Scim, "Resources").unwrap();
        assert_eq!(p.next_cursor.as_deref(), Some("3"));
        let p: Page<Value> =
            split_page(json!({"Resources": [3], "startIndex": 3, "itemsPerPage": 1, "totalResults": 3}), PageStyle::Scim, "Resources").unwrap();
        assert_eq!(p.next_cursor, None);
        assert_eq!(p.total, Some(3));
        // A start index at the very end of the number range: no next page, no overflow (found by
        // a property test).
        let p: Page<Value> =
            split_page(json!({"Resources": [1], "startIndex": u64::MAX, "itemsPerPage": 1, "totalResults": u64::MAX}), PageStyle::Scim, "Resources").unwrap();
        assert_eq!(p.next_cursor, None);
    }

    #[test]
    fn the_byte_path_agrees_with_the_json_path() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Named {
            name: String,
        }
        let bodies = [
            (r#"{"data": [{"name": "a"}, {"name": 42}, {"name": "c"}], "links": {"next": "/x?cursor=n2"}, "meta": {"total": 3}}"#, PageStyle::Cursor, "data"),
            (r#"{"links": {"next": "tok"}, "data": []}"#, PageStyle::Cursor, "data"),
            (r#"{"data": null}"#, PageStyle::Cursor, "data"),
            (r#"{"meta": {"next": "t"}}"#, PageStyle::Poll, "data"),
            (r#"[{"name": "x"}, {"nom": "y"}]"#, PageStyle::Single, ""),
            (r#"{"Resources": [{"name": "s"}], "startIndex": 1, "itemsPerPage": 1, "totalResults": 2}"#, PageStyle::Scim, "Resources"),
            (r#"{"data": {"name": "lonely"}}"#, PageStyle::Single, "data"),
            (r#"  "#, PageStyle::Cursor, "data"),
        ];
        for (body, style, key) in bodies {
            let a: Page<Named> = split_page_bytes(body.as_bytes(), style, key).unwrap();
            let v: Value = if body.trim().is_empty() { Value::Null } else { serde_json::from_str(body).unwrap() };
            let b: Page<Named> = split_page(v, style, key).unwrap();
            assert_eq!((&a.items, &a.next_cursor, a.total), (&b.items, &b.next_cursor, b.total), "{body}");
            assert_eq!(a.undecoded.iter().map(|x| &x.0).collect::<Vec<_>>(), b.undecoded.iter().map(|x| &x.0).collect::<Vec<_>>(), "{body}");
            let av: Page<Value> = split_page_bytes(body.as_bytes(), style, key).unwrap();
            assert_eq!(av.items.len() + av.undecoded.len(), a.items.len() + a.undecoded.len());
            let raw: Page<Box<serde_json::value::RawValue>> = split_page_bytes(body.as_bytes(), style, key).unwrap();
            let reparsed: Vec<Value> = raw.items.iter().map(|r| serde_json::from_str(r.get()).unwrap()).collect();
            assert_eq!(reparsed, av.items, "{body}");
        }
        assert!(split_page_bytes::<Value>(b"<html>", PageStyle::Cursor, "data").is_err(), "not JSON");
        // The general path gives raw items too (a body that is one object where a list was expected).
        let one: Page<Box<serde_json::value::RawValue>> = split_page_bytes(br#"{"a": 1}"#, PageStyle::Single, "").unwrap();
        assert_eq!(one.items.iter().map(|r| r.get().replace(' ', "")).collect::<Vec<_>>(), [r#"{"a":1}"#]);
    }
}

/// Property tests of page splitting and cursor extraction.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::error::properties::json;
    use proptest::prelude::*;
    use serde_json::json;

    fn style() -> impl Strategy<Value = PageStyle> {
        prop::sample::select(vec![PageStyle::Cursor, PageStyle::Poll, PageStyle::Scim, PageStyle::Single])
    }

    fn items_key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["data", "Resources", ""])
    }

    /// A page-like object: the usual members, each present or not, with arbitrary values.
    fn page() -> impl Strategy<Value = Value> {
        let member = |name: &'static str| prop::option::of(json()).prop_map(move |v| v.map(|v| (name.to_string(), v)));
        (
            member("data"),
            member("links"),
            member("meta"),
            member("Resources"),
            member("startIndex"),
            member("totalResults"),
            prop::collection::vec((crate::error::properties::key(), json()), 0..3),
        )
            .prop_map(|(a, b, c, d, e, f, rest)| Value::Object([a, b, c, d, e, f].into_iter().flatten().chain(rest).collect()))
    }

    /// A cursor as the service may mint it: any text, URL-unsafe characters included.
    fn cursor() -> impl Strategy<Value = String> {
        prop_oneof!["[A-Za-z0-9_-]{1,40}", "\\PC{1,24}", "[=+/&?#% ]{1,8}"]
    }

    fn with_cursor(cursor: &str) -> String {
        url::form_urlencoded::Serializer::new(String::new()).append_pair("limit", "10").append_pair("cursor", cursor).finish()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), style in style(), key in items_key()) {
            let _ = split_page_bytes::<Value>(&body, style, key);
            let _ = split_page_bytes::<Box<serde_json::value::RawValue>>(&body, style, key);
            let _ = split_page_bytes::<crate::types::organization::types::OrgModel>(&body, style, key);
        }

        #[test]
        fn any_page_splits_the_same_from_bytes_and_from_json(v in prop_oneof![page(), json()], style in style(), key in items_key()) {
            let body = v.to_string();
            let from_bytes = split_page_bytes::<Value>(body.as_bytes(), style, key);
            let from_json = split_page::<Value>(v.clone(), style, key);
            match (from_bytes, from_json) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!((&a.items, &a.next_cursor, a.total), (&b.items, &b.next_cursor, b.total), "{}", body);
                    // Every member of the items array is accounted for, as an item or as undecoded.
                    let members = if key.is_empty() { Some(&v) } else { v.get(key) };
                    if let Some(Value::Array(m)) = members {
                        prop_assert_eq!(&a.items, m);
                    }
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "the paths disagree on {}: bytes {:?}, json {:?}", body, a.map(|p| p.items), b.map(|p| p.items)),
            }
        }

        #[test]
        fn a_cursor_in_links_next_comes_back_exactly(
            c in cursor(),
            items in prop::collection::vec(json(), 0..4),
            absolute in any::<bool>(),
            poll in any::<bool>(),
            extra in prop::collection::vec(("[a-z]{1,6}", json()), 0..3),
        ) {
            let path = format!("/admin/v1/orgs/o1/users?{}", with_cursor(&c));
            let next = if absolute { format!("https://api.atlassian.com{path}") } else { path };
            let mut page = json!({"data": items, "links": {"self": "https://api.atlassian.com/x", "next": next}});
            for (k, v) in extra {
                page[format!("x-{k}")] = v;
            }
            let style = if poll { PageStyle::Poll } else { PageStyle::Cursor };
            let p: Page<Value> = split_page_bytes(page.to_string().as_bytes(), style, "data").unwrap();
            prop_assert_eq!(p.next_cursor.as_deref(), Some(c.as_str()), "{}", page);
            prop_assert_eq!(p.items, items);
        }

        #[test]
        fn a_token_in_meta_next_comes_back_exactly_and_wins(t in "[A-Za-z0-9=_-][A-Za-z0-9=_+:. -]{0,40}", other in cursor()) {
            let page = json!({"data": [], "meta": {"next": t}, "links": {"next": format!("/x?{}", with_cursor(&other))}});
            let p: Page<Value> = split_page_bytes(page.to_string().as_bytes(), PageStyle::Cursor, "data").unwrap();
            prop_assert_eq!(p.next_cursor.as_deref(), Some(t.as_str()));
        }

        #[test]
        fn scim_pages_continue_after_the_last_index_they_hold(
            start in prop_oneof![1u64..1000, Just(u64::MAX), (u64::MAX - 1000)..u64::MAX],
            per in prop_oneof![0u64..200, Just(u64::MAX)],
            total in prop_oneof![0u64..2000, Just(u64::MAX)],
            held in 0usize..5,
        ) {
            let page = json!({"Resources": vec![json!({}); held], "startIndex": start, "itemsPerPage": per, "totalResults": total});
            let p: Page<Value> = split_page_bytes(page.to_string().as_bytes(), PageStyle::Scim, "Resources").unwrap();
            let step = if per > 0 { per } else { held as u64 };
            let want = match start.checked_add(step) {
                Some(next) if held > 0 && next <= total => Some(next.to_string()),
                _ => None,
            };
            prop_assert_eq!(p.next_cursor, want);
            prop_assert_eq!(p.total, Some(total));
        }
    }
}
