//! The paginator's stop rules, prefetch and the errors' attempt reports, against the mock.
//! The Python and Node suites check the same rules through their bridges (`test_paging.py`,
//! `paging.test.js`), over the same core paginator.

mod common;
use atlassian_admin::{AdminClient, ErrorKind, RateLimit, RetryPolicy};
use atlassian_admin_mock::Config;
use common::{admin, mock, quick_retry};
use futures::{StreamExt, TryStreamExt};
use std::collections::HashSet;
use std::time::Duration;

#[tokio::test]
async fn empty_pages_mid_listing_are_followed_and_a_repeated_cursor_ends_it() {
    let m = mock(Config { paging_quirks: true, ..Default::default() }).await;
    let c = admin(&m);
    let pages: Vec<_> = c.org(m.org_id()).users().list().pages().try_collect().await.unwrap();
    // 230 users: three pages of users, an empty page after each of the first two, and a last
    // page whose cursor repeats one already given.
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [100, 0, 100, 0, 30]);
    let users: Vec<_> = c.org(m.org_id()).users().list().try_collect().await.unwrap();
    let ids: HashSet<_> = users.iter().filter_map(|u| u.account_id.clone()).collect();
    assert_eq!((users.len(), ids.len()), (230, 230), "every user once");
    // The bound on consecutive empty pages: one in a row is allowed here, zero is raised to one.
    let again: Vec<_> = c.org(m.org_id()).users().list().max_empty_pages(0).try_collect().await.unwrap();
    assert_eq!(again.len(), 230);
}

#[tokio::test]
async fn limits_stop_fetching_and_starting_at_resumes() {
    let m = mock(Config { paging_quirks: true, ..Default::default() }).await;
    let c = admin(&m);
    let first: Vec<_> = c.org(m.org_id()).users().list().limit(150).try_collect().await.unwrap();
    assert_eq!(first.len(), 150);
    let mut pages = c.org(m.org_id()).users().list().pages();
    let p1 = pages.next().await.unwrap().unwrap();
    drop(pages); // the prefetched second page is cancelled with the stream
    let rest: Vec<_> = c.org(m.org_id()).users().list().starting_at(p1.next_cursor.unwrap()).try_collect().await.unwrap();
    assert_eq!(p1.items.len() + rest.len(), 230);
}

#[tokio::test]
async fn a_poll_listing_ends_when_caught_up_and_keeps_the_cursor() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let pages: Vec<_> = c.org(m.org_id()).events().poll().pages().try_collect().await.unwrap();
    let last = pages.last().unwrap();
    let total: usize = pages.iter().map(|p| p.items.len()).sum();
    assert!(total > 0);
    let resume = last.next_cursor.clone().expect("the caught-up page keeps where to poll from");
    let newer: Vec<_> = c.org(m.org_id()).events().poll().starting_at(resume).try_collect().await.unwrap();
    assert!(newer.is_empty(), "nothing new since");
}

#[tokio::test]
async fn prefetch_and_on_demand_fetching_yield_the_same_items() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let a: Vec<_> = c.org(m.org_id()).users().list().try_collect().await.unwrap();
    let b: Vec<_> = c.org(m.org_id()).users().list().prefetch(false).try_collect().await.unwrap();
    assert_eq!(a, b);
}

#[tokio::test]
async fn errors_say_how_many_attempts_and_whether_the_request_may_have_arrived() {
    let m = mock(Config { error_503_rate: 1.0, ..Default::default() }).await;
    let c = admin(&m);
    let e = c.org(m.org_id()).get().await.unwrap_err();
    assert_eq!((e.kind(), e.attempts(), e.maybe_sent()), (ErrorKind::Server, 8, true), "{e:?}");
    // Refused before sending: an id too long for a URL, a query parameter too long.
    let huge = "x".repeat(1 << 20);
    let e = c.org(&huge).get().await.unwrap_err();
    assert_eq!((e.kind(), e.attempts(), e.maybe_sent()), (ErrorKind::InvalidArgument, 0, false), "{e}");
    assert!(e.message().contains("orgId"), "{e}");
    let e = c.org(m.org_id()).events().list_with(|b| b.q("y".repeat(20_000))).try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!((e.kind(), e.attempts(), e.maybe_sent()), (ErrorKind::InvalidArgument, 0, false), "{e}");
    // Nothing listens: every attempt failed to connect, so it never arrived.
    let dead = AdminClient::builder().api_key("k").base_url("http://127.0.0.1:9").retry(quick_retry().with_max_attempts(3)).build().unwrap();
    let e = dead.org("o").get().await.unwrap_err();
    assert_eq!((e.kind(), e.attempts(), e.maybe_sent()), (ErrorKind::Transport, 3, false), "{e:?}");
    // Too large is a local failure with the server's status, not a made-up one.
    let ok = mock(Default::default()).await;
    let small_ok = AdminClient::builder().api_key(ok.org_api_key()).base_url(ok.base_url()).max_response_bytes(64).build().unwrap();
    let e = small_ok.org(ok.org_id()).users().list().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!((e.kind(), e.status(), e.attempts()), (ErrorKind::ResponseTooLarge, Some(200), 1), "{e:?}");
}

#[test]
fn absurd_settings_fail_when_the_client_is_built() {
    let build = |f: fn(atlassian_admin::AdminClientBuilder) -> atlassian_admin::AdminClientBuilder| {
        f(AdminClient::builder().api_key("k")).build().map(|_| ()).map_err(|e| e.kind())
    };
    assert_eq!(build(|b| b.rate_limit(RateLimit::per_second(0))), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.rate_limit(RateLimit::per_second(5).with_burst(0))), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.rate_limit(RateLimit::new(5, Duration::ZERO))), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.retry(RetryPolicy::default().with_max_attempts(0))), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.timeout(Duration::ZERO)), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.max_response_bytes(0)), Err(ErrorKind::InvalidArgument));
    assert_eq!(build(|b| b.rate_limit(RateLimit::per_minute(30))), Ok(()));
}

#[tokio::test]
async fn bulk_concurrency_is_checked() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let e = c.bulk_json("organization", "getOrgById", vec![], 0).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}
