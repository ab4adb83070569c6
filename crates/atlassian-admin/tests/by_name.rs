//! Every one of the 132 operations, called by name with JSON arguments through the full client
//! stack (transport, decoding of the generated types), against a fresh offline mock each.

mod common;
use atlassian_admin::OPERATIONS;
use atlassian_admin_mock::Fixtures;
use common::*;
use serde_json::{json, Value};

/// (family, operationId, arguments with `{fixture}` placeholders)
const ROWS: &[(&str, &str, &str)] = &[
        ("organization", "getOrgs", r#"{}"#),
        ("organization", "getOrgById", r#"{"orgId":"{orgId}"}"#),
        ("organization", "searchDirectoryUsers", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","body":{"limit":5}}"#),
        ("organization", "getDirectoryUserDetails", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","accountId":"{accountId}"}"#),
        ("organization", "getUsers", r#"{"orgId":"{orgId}"}"#),
        ("organization", "inviteUsers", r#"{"orgId":"{orgId}","body":{"emails":["new.person@acme.example.com"]}}"#),
        ("organization", "getUserRoleAssignments", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","accountId":"{accountId}"}"#),
        ("organization", "assignRole", r#"{"orgId":"{orgId}","userId":"{accountId}","body":{"role":"atlassian/admin"}}"#),
        ("organization", "revokeRole", r#"{"orgId":"{orgId}","userId":"{accountId}","body":{"role":"atlassian/admin"}}"#),
        ("organization", "suspendUser", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","accountId":"{accountId}"}"#),
        ("organization", "restoreUser", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","accountId":"{accountId}"}"#),
        ("organization", "removeUserFromDirectory", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","accountId":"{accountId}"}"#),
        ("organization", "assignUserRoleAssignment", r#"{"orgId":"{orgId}","userId":"{accountId}","body":{"role":"atlassian/org-admin"}}"#),
        ("organization", "revokeUserRoleAssignment", r#"{"orgId":"{orgId}","userId":"{accountId}","body":{"role":"atlassian/org-admin"}}"#),
        ("organization", "getDirectoryUsersCount", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "getUserStats", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "getUserLastActiveDates", r#"{"orgId":"{orgId}","accountId":"{accountId}"}"#),
        ("organization", "getDirectoryUsers", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "searchDirectoryGroups", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","body":{}}"#),
        ("organization", "getGroupRoleAssignments", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}"}"#),
        ("organization", "assignGroupRole", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}","body":{"resourceId":"ari:cloud:jira::site/x","roleId":"atlassian/admin"}}"#),
        ("organization", "revokeGroupRole", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}","body":{"resourceId":"ari:cloud:jira::site/x","roleId":"atlassian/admin"}}"#),
        ("organization", "addUserToGroup", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}","body":{"accountId":"{accountId}"}}"#),
        ("organization", "removeUserFromGroup", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}","accountId":"{memberId}"}"#),
        ("organization", "deleteGroup", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}"}"#),
        ("organization", "getGroup", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","groupId":"{groupId}"}"#),
        ("organization", "getGroupsCount", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "getGroupsStats", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "createGroup", r#"{"orgId":"{orgId}","directoryId":"{directoryId}","body":{"name":"brand-new-group"}}"#),
        ("organization", "getGroups", r#"{"orgId":"{orgId}","directoryId":"{directoryId}"}"#),
        ("organization", "getDirectoriesForOrg", r#"{"orgId":"{orgId}"}"#),
        ("organization", "getDomains", r#"{"orgId":"{orgId}"}"#),
        ("organization", "getDomainById", r#"{"orgId":"{orgId}","domainId":"{domainId}"}"#),
        ("organization", "getEvents", r#"{"orgId":"{orgId}"}"#),
        ("organization", "pollEvents", r#"{"orgId":"{orgId}"}"#),
        ("organization", "getEventById", r#"{"orgId":"{orgId}","eventId":"{eventId}"}"#),
        ("organization", "getEventActions", r#"{"orgId":"{orgId}"}"#),
        ("organization", "getPolicies", r#"{"orgId":"{orgId}"}"#),
        ("organization", "createPolicy", r#"{"orgId":"{orgId}","body":{"data":{"type":"policy","attributes":{"type":"ip-allowlist","name":"x","status":"enabled","rule":{"in":["10.0.0.0/8"]}}}}}"#),
        ("organization", "getPolicyById", r#"{"orgId":"{orgId}","policyId":"{policyId}"}"#),
        ("organization", "updatePolicy", r#"{"orgId":"{orgId}","policyId":"{policyId}","body":{"data":{"type":"policy","attributes":{"type":"ip-allowlist","name":"x","status":"enabled","rule":{"in":["10.0.0.0/8"]}}}}}"#),
        ("organization", "deletePolicy", r#"{"orgId":"{orgId}","policyId":"{policyId}"}"#),
        ("organization", "addResourceToPolicy", r#"{"orgId":"{orgId}","policyId":"{policyId}","body":{"id":"ari:cloud:jira::site/new"}}"#),
        ("organization", "updatePolicyResource", r#"{"orgId":"{orgId}","policyId":"{policyId}","resourceId":"{policyResourceId}","body":{"meta":{"scheduledDate":"2026-01-01"}}}"#),
        ("organization", "deletePolicyResource", r#"{"orgId":"{orgId}","policyId":"{policyId}","resourceId":"{policyResourceId}"}"#),
        ("organization", "validatePolicy", r#"{"orgId":"{orgId}","policyId":"{policyId}"}"#),
        ("organization", "queryWorkspacesV2", r#"{"orgId":"{orgId}","body":{"limit":10}}"#),
        ("user-management", "getUserManageability", r#"{"account_id":"{accountId}"}"#),
        ("user-management", "listUserApiTokens", r#"{"account_id":"{tokenAccountId}"}"#),
        ("user-management", "deleteUserApiToken", r#"{"account_id":"{tokenAccountId}","tokenId":"{tokenId}"}"#),
        ("user-management", "setUserEmail", r#"{"account_id":"{accountId}","body":{"email":"changed@acme.example.com"}}"#),
        ("user-management", "cancelDeleteUser", r#"{"account_id":"{accountId}"}"#),
        ("user-management", "deleteUser", r#"{"account_id":"{accountId}"}"#),
        ("user-management", "disableUser", r#"{"account_id":"{accountId}","body":{"message":"bye"}}"#),
        ("user-management", "enableUser", r#"{"account_id":"{accountId}"}"#),
        ("user-management", "getUserProfile", r#"{"account_id":"{accountId}"}"#),
        ("user-management", "updateUserProfile", r#"{"account_id":"{accountId}","body":{"nickname":"newnick"}}"#),
        ("user-provisioning", "getScimGroup", r#"{"directoryId":"{directoryId}","id":"{scimGroupId}"}"#),
        ("user-provisioning", "replaceScimGroup", r#"{"directoryId":"{directoryId}","id":"{scimGroupId}","body":{"displayName":"renamed-group","members":[]}}"#),
        ("user-provisioning", "deleteScimGroup", r#"{"directoryId":"{directoryId}","id":"{scimGroupId}"}"#),
        ("user-provisioning", "patchScimGroup", r#"{"directoryId":"{directoryId}","id":"{scimGroupId}","body":{"Operations":[{"op":"replace","path":"displayName","value":"g2"}]}}"#),
        ("user-provisioning", "listScimGroups", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "createScimGroup", r#"{"directoryId":"{directoryId}","body":{"displayName":"fresh-scim-group"}}"#),
        ("user-provisioning", "getScimSchemas", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimResourceTypes", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimUserResourceType", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimGroupResourceType", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimUserSchema", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimGroupSchema", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimEnterpriseUserSchema", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimServiceProviderConfig", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "getScimUser", r#"{"directoryId":"{directoryId}","userId":"{scimUserId}"}"#),
        ("user-provisioning", "replaceScimUser", r#"{"directoryId":"{directoryId}","userId":"{scimUserId}","body":{"userName":"put.user@acme.example.com","active":true}}"#),
        ("user-provisioning", "deleteScimUser", r#"{"directoryId":"{directoryId}","userId":"{scimUserId}"}"#),
        ("user-provisioning", "patchScimUser", r#"{"directoryId":"{directoryId}","userId":"{scimUserId}","body":{"Operations":[{"op":"replace","path":"title","value":"Boss"}]}}"#),
        ("user-provisioning", "listScimUsers", r#"{"directoryId":"{directoryId}"}"#),
        ("user-provisioning", "createScimUser", r#"{"directoryId":"{directoryId}","body":{"userName":"brand.new@acme.example.com","emails":[{"value":"brand.new@acme.example.com","primary":true}]}}"#),
        ("user-provisioning", "deleteScimUserRecordOnly", r#"{"orgId":"{orgId}","AAID":"{scimAccountId}"}"#),
        ("user-provisioning", "getScimLinks", r#"{"orgId":"{orgId}","aaId":"{scimAccountId}"}"#),
        ("user-provisioning", "getScimLinksByEmail", r#"{"orgId":"{orgId}","body":{"email":"{scimUserName}"}}"#),
        ("user-provisioning", "unlinkScimUser", r#"{"orgId":"{orgId}","scimDirectoryId":"{directoryId}","scimUserId":"{scimUserId}"}"#),
        ("control", "getPolicies", r#"{"orgId":"{orgId}"}"#),
        ("control", "createPolicy", r#"{"orgId":"{orgId}","body":{"data":{"type":"policy","attributes":{"name":"p","status":"enabled","type":"data-security"}}}}"#),
        ("control", "getPolicy", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "updatePolicy", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","body":{"data":{"id":"{controlPolicyId}","type":"policy","attributes":{"name":"p2","status":"disabled"}}}}"#),
        ("control", "deletePolicy", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "getPoliciesV2", r#"{"orgId":"{orgId}"}"#),
        ("control", "createPolicyV2", r#"{"orgId":"{orgId}","body":{"data":{"type":"policy","attributes":{"name":"p","status":"enabled","type":"data-security"}}}}"#),
        ("control", "getPolicyV2", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "updatePolicyV2", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","body":{"data":{"id":"{controlPolicyId}","type":"policy","attributes":{"name":"p2","status":"disabled"}}}}"#),
        ("control", "publishDraftPolicies", r#"{"orgId":"{orgId}","body":{"type":"data-security","ruleName":"r","policyOperations":[{"policyId":"{controlPolicyId}","action":"UPDATE","policyCoverageLevel":"ORG"}]}}"#),
        ("control", "getResources", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "createResource", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","body":{"id":"ari:cloud:confluence::site/new"}}"#),
        ("control", "deleteResources", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "updateResource", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","resourceId":"{controlResourceId}","body":{"meta":{}}}"#),
        ("control", "deleteResource", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","resourceId":"{controlResourceId}"}"#),
        ("control", "getResourcesV2", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "attachDetachResourcesV2", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","body":[{"operation":"ADD","resourceAri":"ari:cloud:jira::site/z"}]}"#),
        ("control", "deleteResourcesV2", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "validatePolicy", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}"}"#),
        ("control", "addUsersToPolicy", r#"{"orgId":"{orgId}","policyId":"{controlPolicyId}","body":{"users":["{accountId}"]}}"#),
        ("control", "getTaskStatus", r#"{"orgId":"{orgId}","taskId":"{taskId}"}"#),
        ("control", "bulkFetchAuthPolicy", r#"{"orgId":"{orgId}","body":{"accountIds":["{accountId}"]}}"#),
        ("api-access", "getAllApiTokensByOrgId", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "revokeApiTokensBulk", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "getApiTokenCountByOrgId", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "countServiceAccountApiTokens", r#"{"orgId":"{orgId}","body":["{saId}"]}"#),
        ("api-access", "listServiceAccountApiTokens", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "getServiceAccountApiToken", r#"{"orgId":"{orgId}","serviceAccountId":"{saId}"}"#),
        ("api-access", "revokeApiTokens", r#"{"orgId":"{orgId}","serviceAccountId":"{saId}"}"#),
        ("api-access", "createServiceAccount", r#"{"orgId":"{orgId}","body":{"displayName":"bot","permissionRules":[{"resource":"ari:cloud:jira::site/1","role":"atlassian/user"}]}}"#),
        ("api-access", "listServiceAccounts", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "updateServiceAccount", r#"{"orgId":"{orgId}","body":{"atlassianId":"{saAtlassianId}","displayName":"renamed"}}"#),
        ("api-access", "deleteServiceAccount", r#"{"orgId":"{orgId}","serviceAccountId":"{saId}"}"#),
        ("api-access", "listServiceAccountOAuthClients", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "listServiceAccountOAuthClientsByServiceAccountId", r#"{"orgId":"{orgId}","serviceAccountId":"{saId}"}"#),
        ("api-access", "createOAuthClient", r#"{"orgId":"{orgId}","body":{"name":"c","serviceAccountId":"{saId}"}}"#),
        ("api-access", "listOAuthClients", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "countOAuthClients", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "getOAuthClient", r#"{"orgId":"{orgId}","clientId":"{clientId}"}"#),
        ("api-access", "deleteOAuthClient", r#"{"orgId":"{orgId}","clientId":"{clientId}"}"#),
        ("api-access", "getApiKeyCountByOrgId", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "getAllApiKeysByOrgId", r#"{"orgId":"{orgId}"}"#),
        ("api-access", "revokeApiKey", r#"{"orgId":"{orgId}","apiKeyId":"{apiKeyId}"}"#),
        ("dlp", "getLevelList", r#"{"orgId":"{orgId}"}"#),
        ("dlp", "createLevel", r#"{"orgId":"{orgId}","body":{"name":"Top secret","color":"RED"}}"#),
        ("dlp", "getLevel", r#"{"orgId":"{orgId}","levelId":"{levelId}"}"#),
        ("dlp", "editLevel", r#"{"orgId":"{orgId}","levelId":"{levelId}","body":{"name":"Edited"}}"#),
        ("dlp", "publishLevel", r#"{"orgId":"{orgId}","body":{"levelIds":["{levelId}"]}}"#),
        ("dlp", "archiveLevel", r#"{"orgId":"{orgId}","body":{"levelId":"{publishedLevelId}"}}"#),
        ("dlp", "restoreLevel", r#"{"orgId":"{orgId}","body":{"levelId":"{archivedLevelId}"}}"#),
        ("dlp", "reorder", r#"{"orgId":"{orgId}","body":{"levelIds":["{archivedLevelId}","{levelId}"]}}"#),];

fn fill(t: &str, f: &Fixtures, task: &str) -> String {
    t.replace("{orgId}", &f.org_id)
        .replace("{directoryId}", &f.directory_id)
        .replace("{tokenAccountId}", &f.token_account_id)
        .replace("{accountId}", &f.account_id)
        .replace("{memberId}", &f.account_id)
        .replace("{groupId}", &f.group_id)
        .replace("{domainId}", &f.domain_id)
        .replace("{eventId}", &f.event_id)
        .replace("{policyResourceId}", &f.policy_resource_id)
        .replace("{policyId}", &f.policy_id)
        .replace("{controlPolicyId}", &f.control_policy_id)
        .replace("{controlResourceId}", &f.control_resource_id)
        .replace("{taskId}", task)
        .replace("{tokenId}", &f.user_api_token_id)
        .replace("{scimUserId}", &f.scim_user_id)
        .replace("{scimGroupId}", &f.scim_group_id)
        .replace("{scimAccountId}", &f.scim_account_id)
        .replace("{scimUserName}", &f.scim_user_name)
        .replace("{saId}", &f.service_account_id)
        .replace("{saAtlassianId}", &f.service_account_atlassian_id)
        .replace("{clientId}", &f.oauth_client_id)
        .replace("{apiKeyId}", &f.api_key_id)
        .replace("{levelId}", &f.dlp_draft_level_id)
        .replace("{publishedLevelId}", &f.dlp_published_level_id)
        .replace("{archivedLevelId}", &f.dlp_archived_level_id)
}

#[tokio::test]
async fn every_operation_succeeds_and_decodes() {
    assert_eq!(ROWS.len(), OPERATIONS.len());
    let mut failures = vec![];
    let mut listed = 0;
    for (family, op, args) in ROWS {
        let m = mock(Default::default()).await;
        let f = m.fixtures().clone();
        let (client, scim) = (admin(&m), scim(&m));
        let mut task = String::new();
        if args.contains("{taskId}") {
            let v = client
                .call_json("control", "addUsersToPolicy", json!({"orgId": f.org_id, "policyId": f.control_policy_id, "body": {"users": [f.account_id]}}))
                .await
                .unwrap();
            task = v["taskId"].as_str().unwrap().to_string();
        }
        if args.contains("{memberId}") {
            client
                .call_json("organization", "addUserToGroup", json!({"orgId": f.org_id, "directoryId": f.directory_id, "groupId": f.group_id, "body": {"accountId": f.account_id}}))
                .await
                .unwrap();
        }
        let a: Value = serde_json::from_str(&fill(args, &f, &task)).unwrap();
        let is_scim = *family == "user-provisioning" && a.get("directoryId").is_some();
        let result = if is_scim { scim.call_json(op, a.clone()).await } else { client.call_json(family, op, a.clone()).await };
        if let Err(e) = result {
            failures.push(format!("{family}/{op}: {e}"));
        }
        // List operations also page through the same arguments.
        let pager = if is_scim { scim.paginate_json(op, a) } else { client.paginate_json(family, op, a) };
        if let Ok(p) = pager {
            listed += 1;
            use futures::TryStreamExt;
            if let Err(e) = p.limit(250).try_collect::<Vec<_>>().await {
                failures.push(format!("{family}/{op} (paginated): {e}"));
            }
        }
        m.shutdown().await;
    }
    println!("{} operations called, {listed} also paginated", ROWS.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn json_arguments_are_checked_before_sending() {
    let m = mock(Default::default()).await;
    let c = admin(&m);
    let f = m.fixtures().clone();
    for (args, needle) in [
        (json!({}), "`org_id` is required"),
        (json!({"orgId": f.org_id, "nope": 1}), "unknown parameter"),
        (json!({"orgId": ".."}), "must not be"),
        (json!({"orgId": f.org_id, "limit": "ten"}), "`limit`"),
    ] {
        let e = c.call_json("organization", "getEvents", args).await.unwrap_err();
        assert_eq!(e.kind(), atlassian_admin::ErrorKind::InvalidArgument, "{e}");
        assert!(e.to_string().contains(needle), "{e} should mention {needle}");
    }
    let e = c.call_json("organization", "createGroup", json!({"orgId": f.org_id, "directoryId": f.directory_id})).await.unwrap_err();
    assert!(e.to_string().contains("body"), "{e}");
    let e = c.call_json("organization", "noSuchOperation", json!({})).await.unwrap_err();
    assert_eq!(e.kind(), atlassian_admin::ErrorKind::InvalidArgument);
}
