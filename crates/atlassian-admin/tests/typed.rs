//! Typed models: strict request builders (required members refused before anything is sent)
//! and open enums in answers.

mod common;
use atlassian_admin::types::organization::types::{
    CreateGroupBody, MembershipStatus, MultiDirectoryUserSearchRequest, MultiDirectoryUserSearchRequestExpandItem,
};
use atlassian_admin::types::user_provisioning::types::{ScimUser, ScimUserEmail};
use atlassian_admin::ErrorKind;
use common::*;
use futures::TryStreamExt;
use serde_json::json;

#[tokio::test]
async fn a_request_without_a_required_member_is_refused_before_it_is_sent() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let groups = c.org(&f.org_id).directory(&f.directory_id).groups();
    let before = m.stats().requests;
    let e = groups.create(CreateGroupBody::builder().description("no name".to_string())).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(e.to_string().contains("name"), "names the member: {e}");
    assert!(!e.maybe_sent());
    // By name (what Python, Node and the CLI use): the same rule, the same kind.
    let e =
        c.call_json("organization", "createGroup", json!({"orgId": f.org_id, "directoryId": f.directory_id, "body": {"description": "x"}})).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(e.to_string().contains("name"), "{e}");
    assert_eq!(m.stats().requests, before, "nothing reached the server");
    // With the member, the same builder goes through.
    groups.create(CreateGroupBody::builder().name("typed-group").description("d".to_string())).await.unwrap();
    assert_eq!(m.stats().requests, before + 1);
}

#[tokio::test]
async fn enums_are_typed_both_ways() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let dir = c.org(&f.org_id).directory(&f.directory_id);
    dir.user(&f.account_id).suspend().await.unwrap();
    let search = MultiDirectoryUserSearchRequest::builder().limit(100).expand(vec![MultiDirectoryUserSearchRequestExpandItem::Groups]);
    let users: Vec<_> = dir.users().search(search).try_collect().await.unwrap();
    let suspended: Vec<_> = users.iter().filter(|u| u.membership_status == Some(MembershipStatus::Suspended)).collect();
    assert!(suspended.iter().any(|u| u.account_id.as_deref() == Some(f.account_id.as_str())));
    assert!(users.iter().all(|u| u.membership_status.as_ref().is_none_or(|s| !s.is_unknown())), "the mock sends documented values");
    // SCIM: nested typed builders.
    let scim = scim(&m);
    let email = ScimUserEmail::builder().value("typed@example.com".to_string()).primary(true);
    let created = scim.users().create(ScimUser::builder().user_name("typed@example.com".to_string()).emails(vec![email.try_into().unwrap()])).await.unwrap();
    assert_eq!(created.user_name.as_deref(), Some("typed@example.com"));
}
