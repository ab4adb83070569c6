//! A tour of atlassian-admin.
//!
//! With `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set, it reads from the real API
//! (read-only: nothing is changed). Otherwise it starts the offline mock in-process and also
//! shows the write paths: suspend, groups, SCIM provisioning, DLP lifecycle, bulk, errors.
//!
//! `cargo run -p atlassian-admin --example quickstart` (or `bash scripts/tour.sh`).

use atlassian_admin::types::dlp::types::PublishLevelsModel;
use atlassian_admin::types::organization::types::{
    CreateGroupBody, MembershipStatus, MultiDirectoryGroupSearchRequest, MultiDirectoryUserSearchRequest, MultiDirectoryUserSearchRequestExpandItem as Expand,
};
use atlassian_admin::types::user_provisioning::types::{ScimUser, ScimUserEmail};
use atlassian_admin::{AdminClient, ErrorKind, RateLimit, RetryPolicy, ScimClient};
use futures::TryStreamExt;
use serde_json::json;
use std::time::Duration;

/// An optional text member, or `-`.
fn or_dash(v: Option<impl ToString>) -> String {
    v.map(|s| s.to_string()).unwrap_or_else(|| "-".into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match (std::env::var("ATLASSIAN_ADMIN_API_KEY"), std::env::var("ATLASSIAN_ORG_ID")) {
        (Ok(key), Ok(org_id)) => real_api(&key, &org_id).await,
        _ => offline().await,
    }
}

/// Read-only tour of a real organization.
async fn real_api(key: &str, org_id: &str) -> Result<(), Box<dyn std::error::Error>> {
    println!("Real API, organization {org_id} (read-only)");
    let client = AdminClient::builder().api_key(key).rate_limit(RateLimit::per_second(5)).build()?;
    let o = client.org(org_id);
    for d in o.domains().list().limit(5).try_collect::<Vec<_>>().await? {
        println!("  domain {} ({})", or_dash(d.attributes.as_ref().and_then(|a| a.name.clone())), or_dash(d.id));
    }
    let dirs: Vec<_> = o.directories().list().try_collect().await?;
    println!("  {} directories", dirs.len());
    if let Some(dir) = dirs.first().and_then(|d| d.directory_id.clone()) {
        let users: Vec<_> = o.directory(&dir).users().search(MultiDirectoryUserSearchRequest::builder().limit(10)).limit(10).try_collect().await?;
        println!("  first {} users of directory {dir}", users.len());
    }
    let events: Vec<_> = o.events().list().limit(5).try_collect().await?;
    println!("  {} recent audit events", events.len());
    Ok(())
}

/// The full tour against the embedded offline mock.
async fn offline() -> Result<(), Box<dyn std::error::Error>> {
    let mock = atlassian_admin_mock::MockServer::start(Default::default()).await?;
    let f = mock.fixtures().clone();
    println!("Offline mock at {} (set ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_ORG_ID for the real API)\n", mock.base_url());

    let client = AdminClient::builder()
        .api_key(mock.org_api_key())
        .base_url(mock.base_url())
        .retry(RetryPolicy::default().with_max_attempts(6))
        .timeout(Duration::from_secs(10))
        .build()?;
    println!("client: {client:?}");

    // Organizations and domains.
    for o in client.orgs().list().try_collect::<Vec<_>>().await? {
        println!("organization {} {}", or_dash(o.id), or_dash(o.attributes.and_then(|a| a.name)));
    }
    let o = client.org(&f.org_id);
    let domains: Vec<_> = o.domains().list().try_collect().await?;
    println!("{} domains", domains.len());

    // Directory users: a lazy stream, one page in memory at a time.
    let dir = o.directory(&f.directory_id);
    // Request bodies are typed builders; enums are typed (an unknown value arrives as `Unknown`).
    let users = dir.users().search(MultiDirectoryUserSearchRequest::builder().limit(50).expand(vec![Expand::Groups]));
    let all: Vec<_> = users.try_collect().await?;
    let suspended = all.iter().filter(|u| u.membership_status == Some(MembershipStatus::Suspended)).count();
    println!("{} directory users (search, cursor in the body), {suspended} suspended", all.len());
    let count = dir.users().count().await?;
    println!("count endpoint: {}", serde_json::to_value(count)?);

    // Offboarding: suspend a user, then read it back.
    let leaver = dir.user(&f.account_id);
    leaver.suspend().await?;
    let status = leaver.get().await?.data.and_then(|d| d.membership_status);
    println!("suspended {}: membership {}", f.account_id, or_dash(status));
    leaver.restore().await?;

    // Bulk: many users, bounded concurrency, one outcome each, in order.
    let ids: Vec<String> = all.iter().filter_map(|u| u.account_id.clone()).take(20).collect();
    let outcomes = atlassian_admin::bulk(ids.clone(), 8, |id| {
        let dir = dir.clone();
        async move { dir.user(id).suspend().await }
    })
    .await;
    println!("bulk suspend: {} of {} succeeded", outcomes.iter().filter(|r| r.is_ok()).count(), ids.len());

    // Audit events, filtered; the filter is re-sent with every page.
    let first = o.events().list().limit(1).try_collect::<Vec<_>>().await?;
    if let Some(action) = first.first().and_then(|e| e.attributes.as_ref()).and_then(|a| a.action.clone()) {
        let n = o.events().list_with(|b| b.action(action.clone()).limit(10)).try_collect::<Vec<_>>().await?.len();
        println!("{n} events with action {action}");
    }

    // Groups.
    let groups = dir.groups();
    groups.create(CreateGroupBody::builder().name("offboarding-2026").description("leavers being offboarded".to_string())).await?;
    // A required member left out is refused before anything is sent, naming the member.
    if let Err(e) = groups.create(CreateGroupBody::builder().description("no name".to_string())).await {
        println!("group without a name: {:?}: {e}", e.kind());
    }
    let found: Vec<_> = groups.search(MultiDirectoryGroupSearchRequest::builder().group_names(vec!["offboarding-2026".to_string()])).try_collect().await?;
    println!("created group {}", or_dash(found.first().and_then(|g| g.id.clone())));

    // User management.
    let profile = client.user(&f.account_id).profile().get().await?;
    println!("profile of {}: {}", f.account_id, serde_json::to_value(profile)?["account"]["name"]);

    // SCIM, with the directory's own key.
    let scim = ScimClient::builder(mock.directory_id()).api_key(mock.scim_api_key()).base_url(mock.base_url()).build()?;
    let hire = "new.hire@acme.example.com";
    let email = ScimUserEmail::builder().value(hire.to_string()).primary(true);
    let created = scim.users().create(ScimUser::builder().user_name(hire.to_string()).emails(vec![email.try_into()?])).await?;
    println!("SCIM user created: {}", or_dash(created.id));
    let dup = scim.users().create(ScimUser::builder().user_name(hire.to_string())).await;
    if let Err(e) = dup {
        println!("creating it again: {:?} ({e})", e.kind());
    }
    let n = scim.users().list().try_collect::<Vec<_>>().await?.len();
    println!("{n} SCIM users (startIndex/count paging)");

    // Admin control, API access, DLP.
    #[allow(deprecated)]
    let policies: Vec<_> = o.control().policies().list().try_collect().await?;
    println!("{} control policies", policies.len());
    let tokens: Vec<_> = o.api_access().tokens().list().try_collect().await?;
    println!("{} API tokens in the organization", tokens.len());
    let levels = o.dlp().levels();
    levels.publish(PublishLevelsModel::builder().level_ids(vec![f.dlp_draft_level_id.clone()])).await?;
    println!(
        "DLP levels: {}",
        levels.list().collect_all().await?.iter().map(|l| format!("{}={}", or_dash(l.name.clone()), or_dash(l.status.clone()))).collect::<Vec<_>>().join(", ")
    );

    // Errors are typed.
    match o.domain("no-such-domain").get().await {
        Err(e) if e.kind() == ErrorKind::NotFound => println!("missing domain: {e}"),
        other => println!("unexpected: {other:?}"),
    }
    // Any operation by name, with JSON arguments (what the Python and Node packages use).
    let v = client.call_json("organization", "getOrgById", json!({"orgId": f.org_id})).await?;
    println!("by name: getOrgById -> {}", v["data"]["attributes"]["name"]);
    println!("\n{} operations available; see atlassian_admin::OPERATIONS", atlassian_admin::OPERATIONS.len());
    mock.shutdown().await;
    Ok(())
}
