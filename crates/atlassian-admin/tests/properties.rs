//! Properties of decoding through the public API: whatever JSON (or bytes) a server answers,
//! typed calls, typed listings and the by-name JSON calls never panic, fail only with a
//! `Decode` error, hand JSON on unchanged, and keep unknown members in `extra`.
//!
//! Each test runs its cases against its own tiny HTTP server (a raw TCP listener) whose answer
//! the case sets before calling.

use atlassian_admin::types::organization::types::{Org, OrgModel};
use atlassian_admin::{AdminClient, ErrorKind, RetryPolicy};
use futures::{StreamExt, TryStreamExt};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server that answers every request with the status and body last set, and a client for it.
struct Harness {
    rt: tokio::runtime::Runtime,
    answer: Arc<Mutex<(u16, Vec<u8>)>>,
    client: AdminClient,
}

impl Harness {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let answer = Arc::new(Mutex::new((200, b"{}".to_vec())));
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = answer.clone();
        rt.spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match conn.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let (status, body) = shared.lock().unwrap().clone();
                    let head = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
                    let _ = conn.write_all(head.as_bytes()).await;
                    let _ = conn.write_all(&body).await;
                    let _ = conn.shutdown().await;
                });
            }
        });
        let client = AdminClient::builder().api_key("property-key").base_url(format!("http://{addr}")).retry(RetryPolicy::disabled()).build().unwrap();
        Harness { rt, answer, client }
    }

    fn answer(&self, status: u16, body: impl Into<Vec<u8>>) {
        *self.answer.lock().unwrap() = (status, body.into());
    }
}

thread_local! {
    // Each test runs its cases on its own thread, so each gets its own server.
    static HARNESS: Harness = Harness::new();
}

fn with<R>(f: impl FnOnce(&Harness) -> R) -> R {
    HARNESS.with(f)
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["data", "id", "type", "attributes", "name", "links", "next", "self", "relationships"]).prop_map(str::to_string),
        "\\PC{0,8}"
    ]
}

/// Any JSON value, a few levels deep, with numbers that read back exactly.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(|f| json!((f * 64.0).round() / 64.0)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Members no model declares (`x-` names), with arbitrary values.
fn unknown_members() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("[a-zA-Z0-9_]{1,8}", json_value()), 0..4).prop_map(|kv| kv.into_iter().map(|(k, v)| (format!("x-{k}"), v)).collect())
}

/// An organization as the API documents it (every declared member well typed, each may be
/// missing or null), plus unknown members; returns the JSON and the unknown members.
fn org_model() -> impl Strategy<Value = (Value, Map<String, Value>, Map<String, Value>)> {
    let text = || prop_oneof![Just(Value::Null), "\\PC{0,12}".prop_map(Value::String)];
    (prop::option::of(text()), prop::option::of(text()), prop::option::of(text()), unknown_members(), unknown_members()).prop_map(
        |(id, ty, name, extra, attr_extra)| {
            let mut m = extra.clone();
            if let Some(id) = id {
                m.insert("id".into(), id);
            }
            if let Some(ty) = ty {
                m.insert("type".into(), ty);
            }
            let mut attributes = attr_extra.clone();
            if let Some(name) = name {
                attributes.insert("name".into(), name);
            }
            m.insert("attributes".into(), Value::Object(attributes));
            (Value::Object(m), extra, attr_extra)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_typed_call_decodes_or_fails_with_decode(body in json_value(), wrap in any::<bool>()) {
        // Half the time the arbitrary value sits where the organization belongs.
        let body = if wrap { json!({"data": body}) } else { body };
        let result = with(|h| {
            h.answer(200, body.to_string());
            h.rt.block_on(h.client.org("o1").get().send())
        });
        let decodes = serde_json::from_value::<Org>(body.clone()).is_ok();
        match result {
            Ok(_) => prop_assert!(decodes, "accepted what the model refuses: {}", body),
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::Decode, "{}: {}", body, e);
                prop_assert!(!decodes, "refused what the model accepts: {}", body);
            }
        }
    }

    #[test]
    fn unknown_members_are_kept_in_extra((model, extra, attr_extra) in org_model(), top in unknown_members()) {
        let mut body = top.clone();
        body.insert("data".into(), model.clone());
        let body = Value::Object(body);
        let org = with(|h| {
            h.answer(200, body.to_string());
            h.rt.block_on(h.client.org("o1").get().send())
        });
        let org = org.map_err(|e| TestCaseError::fail(format!("{body}: {e}")))?;
        prop_assert_eq!(&org.extra, &top);
        let data = org.data.expect("data decoded");
        prop_assert_eq!(&data.extra, &extra);
        prop_assert_eq!(&data.attributes.expect("attributes decoded").extra, &attr_extra);
        // The same member in a listing page keeps its unknown members too.
        let page = json!({"data": [model.clone(), model], "links": {"self": "/admin/v1/orgs"}});
        let items: Vec<OrgModel> = with(|h| {
            h.answer(200, page.to_string());
            h.rt.block_on(h.client.orgs().list().try_collect())
        })
        .map_err(|e| TestCaseError::fail(format!("{page}: {e}")))?;
        prop_assert_eq!(items.len(), 2);
        prop_assert!(items.iter().all(|i| i.extra == extra), "{}", page);
    }

    #[test]
    fn a_listing_accounts_for_every_member(members in prop::collection::vec(json_value(), 0..6), links in prop::option::of(unknown_members())) {
        let mut page = json!({"data": members});
        if let Some(l) = links {
            page["links"] = Value::Object(l); // no `next`: one page
        }
        let body = page.to_string();
        let (typed, as_json, raw) = with(|h| {
            h.answer(200, body.clone());
            h.rt.block_on(async {
                let typed: Vec<_> = h.client.orgs().list().collect().await;
                let as_json = h.client.paginate_json("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await;
                let raw = h.client.paginate_raw("organization", "getOrgs", json!({})).unwrap().try_collect::<Vec<_>>().await;
                (typed, as_json, raw)
            })
        });
        // Typed: one outcome per member; the ones the model refuses are Decode errors, after the rest.
        let decodable: Vec<OrgModel> = members.iter().filter_map(|m| serde_json::from_value(m.clone()).ok()).collect();
        prop_assert_eq!(typed.len(), members.len(), "{}", body);
        let (ok, err): (Vec<_>, Vec<_>) = typed.into_iter().partition(Result::is_ok);
        let ok: Vec<OrgModel> = ok.into_iter().map(Result::unwrap).collect();
        prop_assert_eq!(ok, decodable);
        prop_assert!(err.iter().all(|e| e.as_ref().unwrap_err().kind() == ErrorKind::Decode));
        // By name: the members exactly, as values and as their own text.
        prop_assert_eq!(as_json.map_err(|e| TestCaseError::fail(e.to_string()))?, members.clone());
        let raw = raw.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let reparsed: Vec<Value> = raw.iter().map(|r| serde_json::from_str(r.get()).unwrap()).collect();
        prop_assert_eq!(reparsed, members);
    }

    #[test]
    fn a_call_by_name_hands_json_on_unchanged(body in json_value(), status in prop_oneof![Just(200u16), 400u16..600]) {
        let result = with(|h| {
            h.answer(status, body.to_string());
            h.rt.block_on(h.client.call_json("organization", "getOrgById", json!({"orgId": "o1"})))
        });
        // 200 is the operation's documented answer (another 2xx is an unexpected status).
        if status == 200 {
            prop_assert_eq!(result.map_err(|e| TestCaseError::fail(format!("{body}: {e}")))?, body);
        } else {
            let e = result.expect_err("an error status");
            prop_assert_eq!(e.status(), Some(status));
            prop_assert_ne!(e.kind(), ErrorKind::Decode);
            prop_assert!(e.body().is_some_and(|b| body.to_string().starts_with(b)));
        }
    }

    #[test]
    fn any_bytes_from_a_call_by_name_are_json_or_a_decode_error(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let result = with(|h| {
            h.answer(200, body.clone());
            h.rt.block_on(h.client.call_json("organization", "getOrgById", json!({"orgId": "o1"})))
        });
        let blank = body.iter().all(u8::is_ascii_whitespace);
        match serde_json::from_slice::<Value>(&body) {
            _ if blank => prop_assert_eq!(result.ok(), Some(Value::Null)),
            Ok(v) => prop_assert_eq!(result.ok(), Some(v)),
            Err(_) => prop_assert_eq!(result.map_err(|e| e.kind()).err(), Some(ErrorKind::Decode)),
        }
    }
}
