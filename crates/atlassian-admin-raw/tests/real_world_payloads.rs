//! One payload per class of deviation that real answers show from the documents (end of
//! SOURCES.md), each decoded through the generated types. The payloads are our own.

use atlassian_admin_raw::{control, dlp, organization as org, user_management as um, user_provisioning as scim};
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("does not decode: {e}"))
}

#[test]
fn enum_values_outside_the_enum_and_other_casing() {
    use dlp::types::{LevelColor, LevelStatus};
    use org::types::AccountStatus;
    let l: dlp::types::Level = decode(json!({"levelId": "ari:cloud:platform::classification-tag/1", "status": "Published", "color": "NEON_PINK"}));
    // Another casing of a known value is that value; it is sent back in the spec's spelling.
    assert_eq!(l.status, Some(LevelStatus::Published));
    assert_eq!(serde_json::to_value(&l).unwrap()["status"], "PUBLISHED");
    // A value the spec does not list arrives in the catch-all, kept as received both ways.
    assert_eq!(l.color, Some(LevelColor::Unknown("NEON_PINK".into())));
    assert!(l.color.as_ref().unwrap().is_unknown());
    assert_eq!(serde_json::to_value(&l).unwrap()["color"], "NEON_PINK");
    let u: org::types::User = decode(json!({"account_id": "x", "account_type": "customer", "account_status": "ACTIVE"}));
    assert_eq!(u.account_status, Some(AccountStatus::Active));
    assert_eq!(u.account_status.as_ref().map(AccountStatus::as_str), Some("active"));
    // Another shape (a number, an object) still decodes, as its JSON text.
    let odd: dlp::types::Level = decode(json!({"levelId": "l", "status": 3, "color": {"hex": "#f00"}}));
    assert_eq!(odd.status, Some(LevelStatus::Unknown("3".into())));
    assert_eq!(odd.color.map(|c| c.to_string()), Some(r##"{"hex":"#f00"}"##.to_string()));
    // Every known value round-trips through its variant.
    for v in LevelColor::VALUES {
        let c = LevelColor::from(*v);
        assert!(!c.is_unknown() && c.as_str() == *v, "{v}");
        assert_eq!(LevelColor::from(v.to_ascii_lowercase().as_str()), c);
    }
}

#[test]
fn nulls_where_the_document_says_non_nullable() {
    let p: org::types::OrgPage = decode(json!({"data": null, "links": {"self": null, "next": null}}));
    assert!(p.data.unwrap_or_default().is_empty());
    let e: org::types::EventPage = decode(json!({"data": [], "meta": null, "links": null}));
    assert!(e.meta.is_none() && e.links.is_none());
    let s: scim::types::ScimUser = decode(json!({"userName": "a@b.c", "active": null, "emails": null, "name": null}));
    assert!(s.active.is_none());
}

#[test]
fn undeclared_members_are_kept() {
    let l: dlp::types::Level = decode(json!({"name": "Secret", "newField": {"nested": [1, 2]}}));
    assert_eq!(l.extra["newField"], json!({"nested": [1, 2]}));
    let again = serde_json::to_value(&l).unwrap();
    assert_eq!(again["newField"]["nested"][1], 2, "re-serialized with the unknown member");
}

#[test]
fn a_field_in_another_shape() {
    // Control policy rules arrive as an object or as an array: oneOf models are raw JSON.
    let one: control::types::ModelsPolicyResponseV2 = decode(json!({"data": {"id": "p", "attributes": {"rule": {"in": ["10.0.0.0/8"]}}}}));
    let two: control::types::ModelsPolicyResponseV2 = decode(json!({"data": {"id": "p", "attributes": {"rule": [{"in": ["10.0.0.0/8"]}]}}}));
    assert!(one.data.unwrap()["attributes"]["rule"].is_object());
    assert!(two.data.unwrap()["attributes"]["rule"].is_array());
}

#[test]
fn identifiers_that_are_not_uuids() {
    let p: org::types::OrgPage = decode(json!({"data": [
        {"id": "8g6z3a1c-0b1c-4d2e-9f3a-xyzxyzxyzxyz", "type": "orgs"},
        {"id": "5b10ac8d82e05b22cc7d4ef5", "type": "orgs"}
    ]}));
    assert_eq!(p.data.unwrap().len(), 2);
    let u: org::types::User = decode(json!({"account_id": "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"}));
    assert!(u.account_id.unwrap().starts_with("557058:"));
}

#[test]
fn timestamps_of_any_precision_or_date_only() {
    for ts in ["2023-01-19", "2023-01-19T10:11:12Z", "2023-01-19T10:11:12.123456", "2023-01-19T10:11:12.1+05:30"] {
        let l: dlp::types::Level = decode(json!({"createdOn": ts}));
        assert_eq!(l.created_on.as_deref(), Some(ts));
    }
}

#[test]
fn scim_discovery_objects() {
    let v: serde_json::Map<String, serde_json::Value> =
        decode(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], "patch": {"supported": true}}));
    assert_eq!(v["patch"]["supported"], true);
}

#[test]
fn user_management_profile_with_unknown_and_null_members() {
    let p: um::types::GetUserProfileResponse = decode(json!({"account": {"account_id": "a", "name": "N", "email_verified": null, "surprise": 1}}));
    let v = serde_json::to_value(p).unwrap();
    assert_eq!(v["account"]["surprise"], 1);
}

#[test]
fn unions_told_apart_by_a_tag() {
    use control::types::Policy;
    // The tag (`attributes.type`) picks the alternative, matched ignoring case.
    let p: Policy = decode(json!({"id": "p1", "type": "policy", "attributes": {"type": "IP-allowlist", "name": "office", "rule": {"in": ["10.0.0.0/8"]}}}));
    match &p {
        Policy::IpAllowlist(ip) => assert_eq!(ip.id.as_deref(), Some("p1")),
        other => panic!("not an IP allowlist: {other:?}"),
    }
    // A new kind of policy, and a known kind in a shape its type does not decode, are kept whole.
    let new = json!({"id": "p2", "attributes": {"type": "ai-guardrail", "rule": {"x": 1}}});
    assert_eq!(decode::<Policy>(new.clone()), Policy::Other(new.clone()));
    assert_eq!(serde_json::to_value(Policy::Other(new.clone())).unwrap(), new, "sent back as received");
    let odd = json!({"id": "p3", "attributes": {"type": "data-security", "status": 5, "rule": [{"in": ["a"]}]}});
    let d: Policy = decode(odd.clone());
    assert!(matches!(d, Policy::DataSecurity(_) | Policy::Other(_)), "{d:?}");
    // No tag at all still decodes.
    assert!(matches!(decode::<Policy>(json!("text")), Policy::Other(_)));
    // A boolean discriminator (user management's manageability rules).
    let rule: um::types::ManageabilityRuleSimple = decode(json!({"allowed": false, "reason": {"key": "x"}}));
    assert!(matches!(rule, um::types::ManageabilityRuleSimple::ManageabilityUnallowed(_)), "{rule:?}");
}
