//! Servers that misbehave on purpose: each test starts a bare TCP listener that writes
//! hand-made HTTP/1.1 answers, so it can lie about lengths, drip bytes, nest JSON without end
//! or send the client elsewhere. The client must end each case with a typed error, promptly,
//! without buffering what it was told to refuse and without leaking its key.

use atlassian_admin::{AdminClient, ErrorKind, RetryPolicy};
use futures::TryStreamExt;
use serde_json::json;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "hostile-test-key-0f9e8d7c";

/// What a test server saw: connections accepted and the request heads it read.
#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    heads: Mutex<Vec<String>>,
    /// Body bytes the handler managed to write before the peer went away (or it gave up).
    written: AtomicU64,
}

impl Seen {
    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Reads one request head (up to the blank line); `None` if the peer closed first.
async fn read_head(s: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut byte).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// Starts a server on `ip` that reads each request head and hands the connection to `answer`.
/// Every connection is counted, so a test can tell whether the client ever came.
async fn serve<F, Fut>(ip: &str, answer: F) -> (SocketAddr, Arc<Seen>)
where
    F: Fn(TcpStream, Arc<Seen>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind((ip, 0)).await.expect("bind a test port");
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let answer = Arc::new(answer);
    let s = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            s.connections.fetch_add(1, Ordering::SeqCst);
            let (s, answer) = (s.clone(), answer.clone());
            tokio::spawn(async move {
                if let Some(head) = read_head(&mut conn).await {
                    s.heads.lock().unwrap().push(head);
                    answer(conn, s).await;
                }
            });
        }
    });
    (addr, seen)
}

/// A client for `addr` that makes exactly one attempt per call, so timings are per attempt.
fn client(addr: SocketAddr, timeout: Duration, max_body: usize) -> AdminClient {
    AdminClient::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}"))
        .retry(RetryPolicy::disabled())
        .timeout(timeout)
        .max_response_bytes(max_body)
        .build()
        .unwrap()
}

fn ok_json_head(extra: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{extra}\r\n")
}

/// Writes `chunk` over and over until `goal` bytes went out or the peer stops taking them;
/// adds how many did (framing included) to the server's count.
async fn flood(conn: &mut TcpStream, seen: &Seen, chunk: &[u8], goal: u64) {
    let mut sent = 0u64;
    while sent < goal {
        if conn.write_all(chunk).await.is_err() {
            break;
        }
        sent += chunk.len() as u64;
        seen.written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
}

/// Waits until the server-side handler records no progress for a while (the peer is gone).
async fn settled(seen: &Seen) -> u64 {
    let mut last = u64::MAX;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = seen.written.load(Ordering::SeqCst);
        if now == last {
            return now;
        }
        last = now;
    }
    panic!("the server kept writing for 5 s: the client is still reading ({last} bytes so far)");
}

const CAP: usize = 64 * 1024;
const FLOOD: u64 = 1 << 30; // what the server would like to send: 1 GiB
/// Loopback socket buffers and the HTTP client's read-ahead take a few MiB before the client
/// gets a say; anything under this is "stopped early", far from the whole gigabyte.
const STOPPED_EARLY: u64 = 48 << 20;

#[tokio::test]
async fn an_oversized_body_is_refused_without_reading_it_all() {
    // A declared length over the cap: refused from the headers alone.
    let (addr, seen) = serve("127.0.0.1", |mut conn, seen| async move {
        let head = ok_json_head(&format!("content-length: {FLOOD}\r\n"));
        if conn.write_all(head.as_bytes()).await.is_ok() {
            flood(&mut conn, &seen, &[b' '; 64 * 1024], FLOOD).await;
        }
    })
    .await;
    let c = client(addr, Duration::from_secs(30), CAP);
    let start = Instant::now();
    let e = c.org("o1").get().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    assert_eq!(e.status(), Some(200), "the status the server answered is kept");
    assert!(start.elapsed() < Duration::from_secs(10), "refused promptly: {:?}", start.elapsed());
    drop(c);
    let written = settled(&seen).await;
    println!("declared length: the server got {written} body bytes out before the client hung up");
    assert!(written < STOPPED_EARLY, "the client read {written} of {FLOOD} bytes");

    // No length, chunked, streaming forever: the client stops at the cap.
    let (addr, seen) = serve("127.0.0.1", |mut conn, seen| async move {
        let head = ok_json_head("transfer-encoding: chunked\r\n");
        let mut chunk = format!("{:x}\r\n", 16 * 1024).into_bytes();
        chunk.extend_from_slice(&[b' '; 16 * 1024]);
        chunk.extend_from_slice(b"\r\n");
        if conn.write_all(head.as_bytes()).await.is_ok() {
            flood(&mut conn, &seen, &chunk, FLOOD).await;
        }
    })
    .await;
    let c = client(addr, Duration::from_secs(30), CAP);
    let e = c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    let e = c.org("o1").get().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    drop(c);
    let written = settled(&seen).await;
    println!("chunked: the server got {written} bytes out over two calls before the client hung up");
    assert!(written < 2 * STOPPED_EARLY, "two calls read {written} bytes, of {FLOOD} offered to each");
    assert_eq!(seen.connections.load(Ordering::SeqCst), 2, "one attempt per call, no retry of an oversized body");
}

#[tokio::test]
async fn a_drip_fed_body_times_out_instead_of_hanging() {
    // Headers promptly, then one byte of a long body every 200 ms, for as long as the peer listens.
    let (addr, _seen) = serve("127.0.0.1", |mut conn, _| async move {
        let head = ok_json_head("content-length: 60000\r\n");
        if conn.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if conn.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let timeout = Duration::from_millis(800);
    let c = client(addr, timeout, CAP);
    for typed in [true, false] {
        let start = Instant::now();
        let e = if typed { c.org("o1").get().await.unwrap_err() } else { c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err() };
        let took = start.elapsed();
        assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
        assert!(e.is_retryable());
        assert!(took >= timeout - Duration::from_millis(50), "not before the timeout: {took:?}");
        assert!(took < timeout + Duration::from_secs(2), "ended near the configured timeout: {took:?}");
    }

    // A drip that never finishes the headers ends the same way.
    let (addr, _seen) = serve("127.0.0.1", |mut conn, _| async move {
        if conn.write_all(b"HTTP/1.1 200 OK\r\n").await.is_err() {
            return;
        }
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if conn.write_all(b"x").await.is_err() {
                return;
            }
        }
    })
    .await;
    let c = client(addr, timeout, CAP);
    let start = Instant::now();
    let e = c.org("o1").get().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(start.elapsed() < timeout + Duration::from_secs(2), "{:?}", start.elapsed());
}

/// A server that answers every request with `status` and `body` (a fixed length).
async fn answering(status: u16, body: Vec<u8>) -> (SocketAddr, Arc<Seen>) {
    let body = Arc::new(body);
    serve("127.0.0.1", move |mut conn, _| {
        let body = body.clone();
        async move {
            let head = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            let _ = conn.write_all(head.as_bytes()).await;
            let _ = conn.write_all(&body).await;
            let _ = conn.shutdown().await;
        }
    })
    .await
}

#[tokio::test]
async fn invalid_utf8_in_json_is_a_decode_error() {
    let bodies: [&[u8]; 3] = [
        b"{\"data\": {\"id\": \"o1\", \"attributes\": {\"name\": \"bad \xff\xfe name\"}}}",
        b"{\"data\": [{\"id\": \"\xc3\x28\"}], \"links\": {}}",
        b"{\"data\": {\"id\": \"\xed\xa0\x80\"}}", // an encoded surrogate half
    ];
    for body in bodies {
        let (addr, _seen) = answering(200, body.to_vec()).await;
        let c = client(addr, Duration::from_secs(10), CAP);
        let e = c.org("o1").get().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "typed: {e}");
        let e = c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "json: {e}");
        let e = c.orgs().list().try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "listing: {e}");
        let e = c.paginate_json("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "json listing: {e}");
    }
    // The same bytes in an error answer: still the status's kind, with the body kept lossily.
    let (addr, _seen) = answering(404, b"{\"message\": \"no \xff such org\"}".to_vec()).await;
    let e = client(addr, Duration::from_secs(10), CAP).org("o1").get().await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::NotFound, Some(404)), "{e}");
    assert!(e.body().is_some_and(|b| b.contains('\u{fffd}')), "{e:?}");
}

#[tokio::test]
async fn ten_thousand_levels_of_nesting_are_an_error_not_a_crash() {
    const DEPTH: usize = 10_000;
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let objects = format!("{}1{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    // The whole body nested: every path that parses it fails, including the raw listing.
    for body in [&arrays, &objects] {
        let what = &body[..8];
        let (addr, _seen) = answering(200, body.clone().into_bytes()).await;
        let c = client(addr, Duration::from_secs(10), 1 << 20);
        let e = c.org("o1").get().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "typed call, {what}: {e}");
        let e = c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "json call, {what}: {e}");
        assert!(e.body().is_some_and(|b| b.len() <= 2048), "the excerpt stays bounded");
        let e = c.orgs().list().try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "typed listing, {what}: {e}");
        let e = c.paginate_json("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "json listing, {what}: {e}");
        let e = c.paginate_raw("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "raw listing, {what}: {e}");
    }
    // The nesting inside one member, where a typed decode reaches it through `extra`.
    let member = format!("{{\"id\": \"o1\", \"deep\": {objects}}}");
    let page = format!("{{\"data\": [{member}], \"links\": {{}}}}");
    let (addr, _seen) = answering(200, format!("{{\"data\": {member}}}").into_bytes()).await;
    let c = client(addr, Duration::from_secs(10), 1 << 20);
    assert_eq!(c.org("o1").get().await.unwrap_err().kind(), ErrorKind::Decode, "typed call");
    assert_eq!(c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err().kind(), ErrorKind::Decode, "json call");
    let (addr, _seen) = answering(200, page.into_bytes()).await;
    let c = client(addr, Duration::from_secs(10), 1 << 20);
    let e = c.orgs().list().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "typed listing: {e}");
    let e = c.paginate_json("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "json listing: {e}");
    // The raw listing hands members on unparsed, to the bindings' JSON parsers, which have
    // depth limits of their own (Python's `json` raises RecursionError): it refuses the member.
    let e = c.paginate_raw("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "raw listing: {e}");
    assert!(e.message().contains("nested deeper than 128"), "{e}");
    // Nesting within the limit, and brackets inside strings, still pass byte for byte.
    let fine = format!("{{\"id\": \"o1\", \"deep\": {}{}, \"text\": \"{}\"}}", "[".repeat(100), "]".repeat(100), "[".repeat(500));
    let (addr, _seen) = answering(200, format!("{{\"data\": [{fine}], \"links\": {{}}}}").into_bytes()).await;
    let c = client(addr, Duration::from_secs(10), 1 << 20);
    let raw = c.paginate_raw("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await.unwrap();
    assert_eq!(raw.iter().map(|r| r.get()).collect::<Vec<_>>(), [fine.as_str()]);

    // In an error answer the nesting is only not described: the status still decides the kind.
    let (addr, _seen) = answering(400, objects.into_bytes()).await;
    let e = client(addr, Duration::from_secs(10), 1 << 20).org("o1").get().await.unwrap_err();
    assert_eq!((e.kind(), e.message()), (ErrorKind::BadRequest, "HTTP 400"), "{e}");
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    // The place a redirect points to: it counts connections and would serve tempting content.
    let elsewhere = |ip: &'static str| {
        serve(ip, |mut conn, _| async move {
            let body = r#"{"data": {"id": "redirected", "attributes": {"name": "redirected content"}}}"#;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
            let _ = conn.write_all(format!("{head}{body}").as_bytes()).await;
        })
    };
    // 127.0.0.2 is another host on Linux loopback; another port on 127.0.0.1 is another origin too.
    let mut targets = vec![elsewhere("127.0.0.1").await];
    if TcpListener::bind(("127.0.0.2", 0)).await.is_ok() {
        targets.push(elsewhere("127.0.0.2").await);
    }
    for (target, target_seen) in &targets {
        for status in [301, 302, 303, 307, 308] {
            let location = format!("http://{target}/admin/v1/orgs/o1");
            let (addr, seen) = serve("127.0.0.1", move |mut conn, _| {
                let location = location.clone();
                async move {
                    let head = format!("HTTP/1.1 {status} Moved\r\nlocation: {location}\r\ncontent-length: 0\r\n\r\n");
                    let _ = conn.write_all(head.as_bytes()).await;
                }
            })
            .await;
            let c = client(addr, Duration::from_secs(10), CAP);
            let e = c.org("o1").get().await.expect_err("a redirect is an error, not the content it points to");
            assert_eq!((e.kind(), e.status()), (ErrorKind::UnexpectedStatus, Some(status)), "{e}");
            let e = c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.expect_err("the same for a call by name");
            assert_eq!((e.kind(), e.status()), (ErrorKind::UnexpectedStatus, Some(status)), "{e}");
            assert!(!format!("{e:?}").contains("redirected"), "{e:?}");
            let heads = seen.heads();
            assert_eq!(heads.len(), 2);
            assert!(
                heads.iter().all(|h| h.to_ascii_lowercase().contains(&format!("authorization: bearer {}", KEY.to_ascii_lowercase()))),
                "the key went to the real server"
            );
        }
        assert_eq!(target_seen.connections.load(Ordering::SeqCst), 0, "{target} was never contacted");
        assert!(target_seen.heads().iter().all(|h| !h.contains(KEY)));
    }
}

#[tokio::test]
async fn a_megabyte_header_is_refused_promptly() {
    for (name, value) in [("x-padding", "a".repeat(1 << 20)), ("retry-after", "9".repeat(1 << 20))] {
        let (addr, seen) = serve("127.0.0.1", move |mut conn, _| {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{name}: {value}\r\ncontent-length: 2\r\n\r\n{{}}");
            async move {
                let _ = conn.write_all(head.as_bytes()).await;
            }
        })
        .await;
        let c = client(addr, Duration::from_secs(20), CAP);
        let start = Instant::now();
        let e = c.org("o1").get().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Transport, "{name}: {e}");
        assert!(start.elapsed() < Duration::from_secs(5), "{name}: refused promptly, not at the timeout: {:?}", start.elapsed());
        let e = c.call_json("organization", "getOrgById", json!({"orgId": "o1"})).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Transport, "{name}: {e}");
        assert_eq!(seen.connections.load(Ordering::SeqCst), 2);
    }
}
