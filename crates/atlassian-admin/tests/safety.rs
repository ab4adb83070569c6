//! Keys stay secret, paths cannot be steered, hostile answers cannot exhaust memory.

mod common;
use atlassian_admin::{AdminClient, ErrorKind, ScimClient};
use common::*;
use futures::TryStreamExt;

const KEY: &str = "super-secret-key-value-1234";

#[tokio::test]
async fn the_key_never_shows() {
    let m = mock(Default::default()).await;
    let c = AdminClient::builder().api_key(KEY).base_url(m.base_url()).build().unwrap();
    let s = ScimClient::builder(m.directory_id()).api_key(KEY).base_url(m.base_url()).build().unwrap();
    let builder = AdminClient::builder().api_key(KEY);
    let (logs, _) = Logs::start();
    let e = c.org(m.org_id()).get().await.unwrap_err(); // 401: the key is unknown to the mock
    let texts = [
        format!("{c:?}"),
        format!("{s:?}"),
        format!("{builder:?}"),
        format!("{e}"),
        format!("{e:?}"),
        format!("{:?}", atlassian_admin::ApiKey::new(KEY)),
        logs.text(),
    ];
    assert!(texts[6].contains("getOrgById"), "logging is on");
    for t in texts {
        assert!(!t.contains(KEY), "key leaked: {t}");
    }
}

#[test]
fn settings_are_checked() {
    let err = |r: atlassian_admin::Result<AdminClient>| r.unwrap_err().kind();
    assert_eq!(err(AdminClient::builder().build()), ErrorKind::InvalidArgument);
    assert_eq!(err(AdminClient::builder().api_key("k").base_url("http://api.example.com").build()), ErrorKind::InvalidArgument);
    assert_eq!(err(AdminClient::builder().api_key("k\r\nX-Evil: 1").build()), ErrorKind::InvalidArgument);
    assert_eq!(err(AdminClient::builder().api_key("k").user_agent("a\nb").build()), ErrorKind::InvalidArgument);
    assert!(AdminClient::builder().api_key("k").base_url("https://api.example.com/").build().is_ok());
    assert!(AdminClient::builder().api_key("k").base_url("http://localhost:1").build().is_ok());
    assert!(AdminClient::builder().api_key("k").base_url("http://[::1]:1").build().is_ok());
}

#[tokio::test]
async fn identifiers_cannot_change_the_path() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let dir = c.org(m.org_id()).directory(m.directory_id());
    for bad in ["..", ".", "", "a\nb"] {
        let e = dir.group(bad).get().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad:?}");
        assert_eq!(e.status(), None, "nothing was sent");
    }
    // `/`, `?`, `#` and `%` are encoded: the request still reaches getGroup, which finds no such group.
    let real = m.fixtures().group_id.clone();
    for tricky in [format!("{real}/memberships"), format!("{real}?x=1"), format!("{real}#frag"), "../../v1/orgs".to_string(), "%2e%2e".to_string()] {
        let e = dir.group(&tricky).get().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound, "{tricky}: {e}");
        let body = e.body().unwrap_or_default();
        assert!(!body.contains("No operation matches"), "{tricky} reached another route: {body}");
    }
}

#[tokio::test]
async fn response_bodies_are_capped() {
    let m = mock(Default::default()).await;
    let c = AdminClient::builder().api_key(m.org_api_key()).base_url(m.base_url()).max_response_bytes(4096).build().unwrap();
    let e = c.org(m.org_id()).users().list().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
}
