//! Every family through the ergonomic API against the offline mock: state, pagination, errors.

mod common;
use atlassian_admin::types::{dlp, organization as org, user_management as um, user_provisioning as scim_t};
use atlassian_admin::ErrorKind;
use common::*;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn organization_directory_users_and_groups() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let orgs: Vec<_> = c.orgs().list().try_collect().await.unwrap();
    assert!(orgs.iter().any(|o| o.id.as_deref() == Some(f.org_id.as_str())));

    let dir = c.org(&f.org_id).directory(&f.directory_id);
    // v2 search: cursor in the body, 20 per page by default; every user exactly once.
    let users: Vec<_> = dir.users().search(body::<org::types::MultiDirectoryUserSearchRequest>(json!({}))).try_collect().await.unwrap();
    let ids: HashSet<_> = users.iter().filter_map(|u| u.account_id.clone()).collect();
    assert_eq!(ids.len(), users.len(), "no duplicates across pages");
    assert!(users.len() >= 230, "got {}", users.len());

    // v1 listing: links.next full URLs; limit stops early.
    let first_150: Vec<_> = c.org(&f.org_id).users().list().limit(150).try_collect().await.unwrap();
    assert_eq!(first_150.len(), 150);

    // Suspend is visible to a later read.
    let user = dir.user(&f.account_id);
    user.suspend().await.unwrap();
    let details = serde_json::to_value(user.get().await.unwrap()).unwrap();
    assert!(details.to_string().to_lowercase().contains("suspend"), "{details}");

    // Groups: create, add a member, read it back, delete, then 404.
    dir.groups().create(body::<org::types::CreateGroupBody>(json!({"name": "leavers-2026", "description": "offboarding"}))).await.unwrap();
    let found: Vec<_> =
        dir.groups().search(body::<org::types::MultiDirectoryGroupSearchRequest>(json!({"groupNames": ["leavers-2026"]}))).try_collect().await.unwrap();
    assert_eq!(found.len(), 1);
    let gid = found[0].id.clone().unwrap();
    dir.group(&gid).add_member(body::<org::types::AddUserToGroupBody>(json!({"accountId": f.account_id}))).await.unwrap();
    let g = serde_json::to_value(dir.group(&gid).get().await.unwrap()).unwrap();
    assert!(g.to_string().contains("leavers-2026"));
    dir.group(&gid).delete().await.unwrap();
    let err = dir.group(&gid).get().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("getGroup"));
}

#[tokio::test]
async fn events_keep_filters_on_every_page() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let all: Vec<_> = c.org(&f.org_id).events().list().try_collect().await.unwrap();
    let action = all[0].attributes.as_ref().and_then(|a| a.action.clone()).expect("an action");
    let expected = all.iter().filter(|e| e.attributes.as_ref().and_then(|a| a.action.as_ref()) == Some(&action)).count();
    let pages: Vec<_> = c.org(&f.org_id).events().list_with(|b| b.action(action.clone()).limit(5)).pages().try_collect().await.unwrap();
    let filtered: Vec<_> = pages.iter().flat_map(|p| p.items.iter()).collect();
    assert!(pages.len() > 1 || expected <= 5, "several pages");
    assert_eq!(filtered.len(), expected);
    assert!(filtered.iter().all(|e| e.attributes.as_ref().and_then(|a| a.action.as_ref()) == Some(&action)));
}

#[tokio::test]
async fn user_management_profile_and_lifecycle() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let u = c.user(&f.account_id);
    let profile = u.profile().get().await.unwrap();
    assert!(serde_json::to_value(&profile).unwrap().to_string().contains(&f.account_id) || profile.account.is_some());
    u.disable(body::<um::types::DisableUserBody>(json!({"message": "left the company"}))).await.unwrap();
    u.enable().await.unwrap();
    let tokens = c.user(&f.token_account_id).api_tokens().list().collect_all().await.unwrap();
    assert!(!tokens.is_empty());
}

#[tokio::test]
async fn scim_users_paging_filter_conflict() {
    let m = mock(Default::default()).await;
    let s = scim(&m);
    let f = m.fixtures().clone();
    let pages: Vec<_> = s.users().list_with(|b| b.count(25)).pages().try_collect().await.unwrap();
    let total = pages[0].total.unwrap() as usize;
    let n: usize = pages.iter().map(|p| p.items.len()).sum();
    assert_eq!(n, total);
    assert!(pages.len() >= 2);
    let found: Vec<_> = s.users().list_with(|b| b.filter(format!("userName eq \"{}\"", f.scim_user_name))).try_collect().await.unwrap();
    assert_eq!(found.len(), 1);
    let dup = s
        .users()
        .create(body::<scim_t::types::ScimUser>(json!({"userName": f.scim_user_name, "emails": [{"value": "dup@example.com", "primary": true}]})))
        .await
        .unwrap_err();
    assert_eq!(dup.kind(), ErrorKind::Conflict);
    let cfg = s.service_provider_config().await.unwrap();
    assert!(serde_json::to_value(cfg).unwrap().is_object());
}

#[tokio::test]
async fn control_api_access_and_dlp() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    let o = c.org(&f.org_id);
    #[allow(deprecated)]
    let policies: Vec<_> = o.control().policies().list().try_collect().await.unwrap();
    assert!(!policies.is_empty());
    let tokens: Vec<_> = o.api_access().tokens().list().try_collect().await.unwrap();
    assert!(!tokens.is_empty());
    let keys = o.api_access().api_keys().list().take(3).collect::<Vec<_>>().await;
    assert!(keys.iter().all(|k| k.is_ok()));

    let levels = o.dlp().levels();
    let all = levels.list().collect_all().await.unwrap();
    assert!(all.len() >= 3);
    levels.publish(body::<dlp::types::PublishLevelsModel>(json!({"levelIds": [f.dlp_draft_level_id]}))).await.unwrap();
    let lvl = o.dlp().level(&f.dlp_draft_level_id).get().await.unwrap();
    let status = serde_json::to_value(&lvl).unwrap()["status"].as_str().unwrap().to_uppercase();
    assert_eq!(status, "PUBLISHED");
}
