//! The in-memory organization the mock serves, seeded deterministically.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub const PRODUCTS: [(&str, &str); 4] =
    [("jira-software", "Jira Software"), ("confluence", "Confluence"), ("jira-service-desk", "Jira Service Management"), ("bitbucket", "Bitbucket")];

const FIRST: [&str; 24] = [
    "Ada", "Ben", "Chloe", "Dmitri", "Elena", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven",
    "Tara", "Uma", "Victor", "Wen", "Yusuf",
];
const LAST: [&str; 20] = [
    "Abbott", "Baker", "Chen", "Diaz", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor",
    "Petrov", "Rossi", "Singh", "Tanaka", "Weber",
];
const DEPARTMENTS: [&str; 5] = ["Engineering", "Sales", "Support", "Finance", "Design"];
const GROUP_NAMES: [&str; 8] =
    ["jira-software-users", "confluence-users", "site-admins", "engineering", "support-team", "finance", "design-guild", "contractors"];
pub const EVENT_ACTIONS: [(&str, &str, &str); 10] = [
    ("user_added_to_group", "User added to group", "Group management"),
    ("user_removed_from_group", "User removed from group", "Group management"),
    ("group_created", "Group created", "Group management"),
    ("group_deleted", "Group deleted", "Group management"),
    ("user_suspended", "User access suspended", "User management"),
    ("user_restored", "User access restored", "User management"),
    ("user_invited", "User invited", "User management"),
    ("api_token_created", "API token created", "API tokens"),
    ("api_token_revoked", "API token revoked", "API tokens"),
    ("policy_updated", "Policy updated", "Policies"),
];

#[derive(Clone, Debug)]
pub struct ProductAccess {
    pub key: String,
    pub name: String,
    pub id: String,
    pub last_active: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct UserToken {
    pub id: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_access: Option<DateTime<Utc>>,
    pub blocked: bool,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct User {
    pub account_id: String,
    pub name: String,
    pub nickname: String,
    pub email: String,
    /// active | inactive | closed
    pub account_status: String,
    /// active | suspended | no_membership
    pub membership_status: String,
    pub for_deletion: bool,
    pub added_to_org: DateTime<Utc>,
    pub last_active: DateTime<Utc>,
    pub mfa_enabled: bool,
    pub managed: bool,
    pub synced: bool,
    pub job_title: String,
    pub department: String,
    pub location: String,
    pub timezone: String,
    pub product_access: Vec<ProductAccess>,
    pub platform_roles: BTreeSet<String>,
    /// (resource ARI, role id)
    pub roles: BTreeSet<(String, String)>,
    pub tokens: Vec<UserToken>,
}

impl User {
    /// The composite status of the v2 directory API.
    pub fn status(&self) -> &'static str {
        if self.for_deletion {
            "for_deletion"
        } else if self.account_status != "active" {
            "deactivated"
        } else {
            match self.membership_status.as_str() {
                "suspended" => "suspended",
                "no_membership" => "not_invited",
                _ => "active",
            }
        }
    }
    pub fn picture(&self) -> String {
        format!("https://avatar-management.services.atlassian.com/default/{}.png", &self.account_id.replace(':', "-"))
    }
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Account ids; looked up for every user a directory listing renders, never iterated.
    pub members: HashSet<String>,
    /// (resource ARI, role id)
    pub roles: BTreeSet<(String, String)>,
    pub synced: bool,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub seq: u64,
    pub id: String,
    pub time: DateTime<Utc>,
    pub action: String,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_email: String,
    pub ip: String,
    pub product: String,
    pub location: String,
    pub context_id: String,
    pub context_type: String,
}

#[derive(Clone, Debug)]
pub struct PolicyResource {
    pub id: String,
    pub status: String,
    pub meta: Value,
    pub links: Value,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Policy {
    pub id: String,
    pub ptype: String,
    pub name: String,
    pub status: String,
    pub rule: Vec<String>,
    pub resources: Vec<PolicyResource>,
}

#[derive(Clone, Debug)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub type_key: String,
    pub host_url: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_active_at: DateTime<Utc>,
    pub created_by: String,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ServiceAccount {
    pub id: String,
    pub atlassian_id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub email: String,
    pub updated_at: i64,
    pub created_by: String,
    pub tokens: Vec<UserToken>,
}

#[derive(Clone, Debug)]
pub struct OAuthClient {
    pub client_id: String,
    pub name: String,
    pub service_account_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status: String,
    pub scopes: Vec<String>,
    pub created_by: String,
}

#[derive(Clone, Debug)]
pub struct AuthTask {
    pub id: String,
    pub success: usize,
    pub failed_emails: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub definition: String,
    pub guideline: String,
    pub color: String,
    pub sensitivity: i64,
    pub status: String,
    pub created_by: String,
    pub created_on: DateTime<Utc>,
    pub changed_by: String,
    pub changed_on: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct ScimUser {
    pub id: String,
    /// The stored SCIM document, without `id`, `meta` and `groups`.
    pub doc: Value,
    pub account_id: Option<String>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

impl ScimUser {
    pub fn user_name(&self) -> &str {
        self.doc.get("userName").and_then(Value::as_str).unwrap_or("")
    }
}

#[derive(Clone, Debug)]
pub struct ScimGroup {
    pub id: String,
    pub display_name: String,
    pub external_id: Option<String>,
    /// SCIM user ids
    pub members: Vec<String>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

/// Everything the mock knows. Lives behind one mutex.
pub struct State {
    pub rng: StdRng,
    pub org_id: String,
    pub org_name: String,
    pub other_org_id: String,
    pub directory_id: String,
    pub directory_name: String,
    /// (id, name, claim type, status)
    pub domains: Vec<(String, String, String, String)>,
    pub users: Vec<User>,
    pub user_index: HashMap<String, usize>,
    pub groups: Vec<Group>,
    pub events: Vec<Event>,
    pub next_seq: u64,
    pub policies: Vec<Policy>,
    pub workspaces: Vec<Workspace>,
    pub resources: Vec<String>,
    pub api_keys: Vec<ApiKey>,
    pub service_accounts: Vec<ServiceAccount>,
    pub oauth_clients: Vec<OAuthClient>,
    pub control_policies: Vec<Policy>,
    pub auth_policy_members: BTreeMap<String, (String, i64)>,
    pub tasks: Vec<AuthTask>,
    pub levels: Vec<Level>,
    pub scim_users: Vec<ScimUser>,
    pub scim_groups: Vec<ScimGroup>,
    /// account id -> user-management "closed/pending delete" flag
    pub pending_delete: BTreeSet<String>,
}

/// A UUID drawn from the seeded RNG.
pub fn uuid_from(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid().to_string()
}

fn hex24(rng: &mut StdRng) -> String {
    (0..12).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

/// Fixed reference time for seeded data, so the same seed gives the same data.
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
}

/// Timestamp rendering used in bodies (millisecond precision, `Z` suffix).
pub fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl State {
    /// Build the seeded organization.
    pub fn seed(seed: u64, n_users: usize, n_groups: usize) -> State {
        let mut rng = StdRng::seed_from_u64(seed);
        let org_id = uuid_from(&mut rng);
        let other_org_id = uuid_from(&mut rng);
        let directory_id = uuid_from(&mut rng);
        let base = epoch();
        let domain_names = ["acme.example.com", "eng.acme.example.com", "acme-labs.example.net"];
        let domains: Vec<_> = domain_names
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let id = uuid_from(&mut rng);
                let claim = if i == 1 { "http" } else { "dns" };
                let status = if i == 2 { "unverified" } else { "verified" };
                (id, d.to_string(), claim.to_string(), status.to_string())
            })
            .collect();
        let resources: Vec<String> = vec![
            format!("ari:cloud:jira::site/{}", uuid_from(&mut rng)),
            format!("ari:cloud:confluence::site/{}", uuid_from(&mut rng)),
            format!("ari:cloud:jira-servicedesk::site/{}", uuid_from(&mut rng)),
            format!("ari:cloud:bitbucket::workspace/{}", uuid_from(&mut rng)),
        ];
        let roles = ["atlassian/user", "atlassian/admin", "atlassian/guest", "atlassian/basic"];
        let mut users = Vec::with_capacity(n_users);
        for i in 0..n_users {
            let account_id = match i % 3 {
                0 => hex24(&mut rng),
                1 => format!("557058:{}", uuid_from(&mut rng)),
                _ => format!("712020:{}", uuid_from(&mut rng)),
            };
            let first = FIRST[rng.random_range(0..FIRST.len())];
            let last = LAST[rng.random_range(0..LAST.len())];
            let domain = domain_names[if i % 5 == 4 { 1 } else { 0 }];
            let email = format!("{}.{}{}@{}", first.to_lowercase(), last.to_lowercase(), i, domain);
            let account_status = if i % 41 == 40 {
                "closed"
            } else if i % 23 == 22 {
                "inactive"
            } else {
                "active"
            };
            let membership_status = if i % 17 == 16 {
                "suspended"
            } else if i % 29 == 28 {
                "no_membership"
            } else {
                "active"
            };
            let added = base - Duration::days(rng.random_range(30..1500));
            let last_active = base - Duration::minutes(rng.random_range(10..60 * 24 * 200));
            let mut product_access = Vec::new();
            for (k, (key, name)) in PRODUCTS.iter().enumerate() {
                if k == 0 || rng.random_bool(0.4) {
                    product_access.push(ProductAccess {
                        key: key.to_string(),
                        name: name.to_string(),
                        id: resources[k].rsplit('/').next().unwrap().to_string(),
                        last_active: last_active - Duration::hours(rng.random_range(0..500)),
                    });
                }
            }
            let mut user_roles = BTreeSet::new();
            for pa in &product_access {
                let idx = PRODUCTS.iter().position(|p| p.0 == pa.key).unwrap();
                user_roles.insert((resources[idx].clone(), roles[rng.random_range(0..roles.len())].to_string()));
            }
            let mut platform_roles = BTreeSet::new();
            if i % 50 == 0 {
                platform_roles.insert("atlassian/org-admin".to_string());
            }
            let n_tokens = rng.random_range(0..3);
            let tokens = (0..n_tokens)
                .map(|t| {
                    let created = added + Duration::days(rng.random_range(1..300));
                    UserToken {
                        id: uuid_from(&mut rng),
                        label: format!("{} token {}", first.to_lowercase(), t + 1),
                        created_at: created,
                        expires_at: created + Duration::days(365),
                        last_access: if rng.random_bool(0.7) { Some(created + Duration::days(3)) } else { None },
                        blocked: rng.random_bool(0.1),
                        scopes: vec!["read:jira-work".into()],
                    }
                })
                .collect();
            users.push(User {
                account_id,
                name: format!("{first} {last}"),
                nickname: format!("{}{}", first.to_lowercase(), i),
                email,
                account_status: account_status.into(),
                membership_status: membership_status.into(),
                for_deletion: false,
                added_to_org: added,
                last_active,
                mfa_enabled: rng.random_bool(0.6),
                managed: domain != domain_names[2],
                synced: i % 4 == 0,
                job_title: ["Engineer", "Manager", "Analyst", "Designer"][rng.random_range(0..4)].into(),
                department: DEPARTMENTS[rng.random_range(0..DEPARTMENTS.len())].into(),
                location: ["Sydney", "Austin", "Amsterdam", "Bengaluru"][rng.random_range(0..4)].into(),
                timezone: ["Australia/Sydney", "America/Chicago", "Europe/Amsterdam", "Asia/Kolkata"][rng.random_range(0..4)].into(),
                product_access,
                platform_roles,
                roles: user_roles,
                tokens,
            });
        }
        let user_index = users.iter().enumerate().map(|(i, u)| (u.account_id.clone(), i)).collect();
        let mut groups = Vec::new();
        for g in 0..n_groups {
            let name = if g < GROUP_NAMES.len() { GROUP_NAMES[g].to_string() } else { format!("team-{g:03}") };
            let members: HashSet<String> = users.iter().filter(|_| rng.random_bool(if g == 0 { 0.6 } else { 0.15 })).map(|u| u.account_id.clone()).collect();
            let mut groles = BTreeSet::new();
            groles.insert((resources[g % resources.len()].clone(), "atlassian/user".to_string()));
            groups.push(Group { id: uuid_from(&mut rng), description: format!("Seeded group {name}"), name, members, roles: groles, synced: g % 3 == 2 });
        }
        let mut st = State {
            rng,
            org_id,
            org_name: "Acme Mock Org".into(),
            other_org_id,
            directory_id,
            directory_name: "Acme Directory".into(),
            domains,
            users,
            user_index,
            groups,
            events: Vec::new(),
            next_seq: 1,
            policies: Vec::new(),
            workspaces: Vec::new(),
            resources,
            api_keys: Vec::new(),
            service_accounts: Vec::new(),
            oauth_clients: Vec::new(),
            control_policies: Vec::new(),
            auth_policy_members: BTreeMap::new(),
            tasks: Vec::new(),
            levels: Vec::new(),
            scim_users: Vec::new(),
            scim_groups: Vec::new(),
            pending_delete: BTreeSet::new(),
        };
        st.seed_events(base);
        st.seed_policies(base);
        st.seed_api_access(base);
        st.seed_levels(base);
        st.seed_scim(base);
        st
    }

    fn seed_events(&mut self, base: DateTime<Utc>) {
        let n = 300;
        let products = ["jira", "confluence", "bitbucket", "loom"];
        let locs = [("Sydney", "AU"), ("Austin", "US"), ("Amsterdam", "NL")];
        let mut t = base - Duration::hours(2 * n as i64 + 5);
        for _ in 0..n {
            t += Duration::minutes(self.rng.random_range(30..210));
            let action = EVENT_ACTIONS[self.rng.random_range(0..EVENT_ACTIONS.len())].0;
            let actor = if self.users.is_empty() { None } else { Some(self.rng.random_range(0..self.users.len())) };
            let product = products[self.rng.random_range(0..products.len())];
            let loc = locs[self.rng.random_range(0..locs.len())];
            let ip = format!("203.0.113.{}", self.rng.random_range(1..255));
            let ctx = uuid_from(&mut self.rng);
            self.push_event_at(t, action, actor, &ip, product, &format!("{}, {}", loc.0, loc.1), &ctx, "groups");
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_event_at(
        &mut self,
        time: DateTime<Utc>,
        action: &str,
        actor: Option<usize>,
        ip: &str,
        product: &str,
        location: &str,
        context_id: &str,
        context_type: &str,
    ) {
        let (actor_id, actor_name, actor_email) = match actor {
            Some(i) => (self.users[i].account_id.clone(), self.users[i].name.clone(), self.users[i].email.clone()),
            None => ("system".to_string(), "Atlassian".to_string(), String::new()),
        };
        let id = uuid_from(&mut self.rng);
        self.events.push(Event {
            seq: self.next_seq,
            id,
            time,
            action: action.into(),
            actor_id,
            actor_name,
            actor_email,
            ip: ip.into(),
            product: product.into(),
            location: location.into(),
            context_id: context_id.into(),
            context_type: context_type.into(),
        });
        self.next_seq += 1;
    }

    /// Record an audit event for a mutation made through the API.
    pub fn record(&mut self, action: &str, context_id: &str, context_type: &str) {
        let actor = if self.users.is_empty() { None } else { Some(0) };
        let now = Utc::now().max(self.events.last().map(|e| e.time).unwrap_or_else(epoch));
        self.push_event_at(now, action, actor, "198.51.100.7", "jira", "Sydney, AU", context_id, context_type);
    }

    fn seed_policies(&mut self, base: DateTime<Utc>) {
        let specs = [("ip-allowlist", "Office networks"), ("ip-allowlist", "VPN only"), ("data-residency", "EU residency"), ("data-residency", "US residency")];
        for (i, (t, name)) in specs.iter().enumerate() {
            let pol = self.make_policy(t, name, if i == 1 { "disabled" } else { "enabled" }, base);
            self.policies.push(pol);
        }
        // Data security policies are draft/active; the others enabled/disabled.
        let cspecs = [
            ("data-security", "Block public links", "active"),
            ("data-residency", "Residency EU", "enabled"),
            ("ip-allowlist", "Corporate IPs", "enabled"),
            ("data-security", "Restrict exports", "draft"),
            ("ip-allowlist", "Contractor IPs", "disabled"),
        ];
        for (t, name, status) in cspecs.iter() {
            let pol = self.make_policy(t, name, status, base);
            self.control_policies.push(pol);
        }
        for (i, r) in self.resources.clone().iter().enumerate() {
            let kind = r.split(':').nth(2).unwrap_or("jira").to_string();
            self.workspaces.push(Workspace {
                id: r.rsplit('/').next().unwrap().to_string(),
                name: format!("acme-{kind}"),
                type_key: kind.clone(),
                host_url: format!("https://acme-{i}.atlassian.net"),
                status: "online".into(),
                created_at: base - Duration::days(400 + i as i64),
            });
        }
        for i in 0..6.min(self.users.len()) {
            let acc = self.users[i * 7 % self.users.len()].account_id.clone();
            let pid = self.control_policies[1].id.clone();
            self.auth_policy_members.insert(acc, (pid, (base - Duration::days(i as i64)).timestamp_millis()));
        }
    }

    /// New policy with one resource (used by seeding and creation).
    pub fn make_policy(&mut self, ptype: &str, name: &str, status: &str, base: DateTime<Utc>) -> Policy {
        let res = self.resources[self.rng.random_range(0..self.resources.len())].clone();
        Policy {
            id: uuid_from(&mut self.rng),
            ptype: ptype.into(),
            name: name.into(),
            status: status.into(),
            rule: if ptype == "ip-allowlist" { vec!["203.0.113.0/24".into(), "198.51.100.0/24".into()] } else { vec![] },
            resources: vec![PolicyResource {
                id: res.clone(),
                status: "applied".into(),
                meta: json!({}),
                links: json!({}),
                name: res.split(':').nth(2).unwrap_or("site").to_string(),
                created_at: base,
            }],
        }
    }

    fn seed_api_access(&mut self, base: DateTime<Utc>) {
        for i in 0..8 {
            let created_by = self.users.get(i * 3).map(|u| u.account_id.clone()).unwrap_or_default();
            self.api_keys.push(ApiKey {
                id: uuid_from(&mut self.rng),
                label: format!("automation key {}", i + 1),
                created_at: base - Duration::days(100 + i as i64),
                expires_at: base + Duration::days(200 - i as i64 * 10),
                last_active_at: base - Duration::hours(i as i64 * 5),
                created_by,
                scopes: vec!["read:directories:admin".into(), "read:events:admin".into()],
            });
        }
        for i in 0..3 {
            let id = uuid_from(&mut self.rng);
            let atlassian_id = format!("712020:{}", uuid_from(&mut self.rng));
            let tokens = (0..(i + 1))
                .map(|t| UserToken {
                    id: uuid_from(&mut self.rng),
                    label: format!("sa{} token {}", i + 1, t + 1),
                    created_at: base - Duration::days(20 + t as i64),
                    expires_at: base + Duration::days(300),
                    last_access: Some(base - Duration::hours(3)),
                    blocked: false,
                    scopes: vec!["read:jira-work".into()],
                })
                .collect();
            self.service_accounts.push(ServiceAccount {
                atlassian_id,
                display_name: format!("Integration bot {}", i + 1),
                description: Some("Seeded service account".into()),
                email: format!("bot-{}@serviceaccount.atlassian.com", &id[..8]),
                id,
                updated_at: (base - Duration::days(i as i64)).timestamp_millis(),
                created_by: self.users.first().map(|u| u.account_id.clone()).unwrap_or_default(),
                tokens,
            });
        }
        for i in 0..4 {
            let sa = self.service_accounts[i % 3].id.clone();
            self.oauth_clients.push(OAuthClient {
                client_id: hex24(&mut self.rng),
                name: format!("oauth client {}", i + 1),
                service_account_id: sa,
                created_at: base - Duration::days(50 + i as i64),
                updated_at: base - Duration::days(i as i64),
                status: "ACTIVE".into(),
                scopes: vec!["read:jira-work".into()],
                created_by: self.users.first().map(|u| u.account_id.clone()).unwrap_or_default(),
            });
        }
    }

    fn seed_levels(&mut self, base: DateTime<Utc>) {
        let specs = [
            ("Public", "GREEN", "PUBLISHED"),
            ("Internal", "BLUE", "PUBLISHED"),
            ("Confidential", "ORANGE", "DRAFT"),
            ("Restricted", "RED", "DRAFT"),
            ("Legacy secret", "NAVY", "ARCHIVED"),
        ];
        let by = self.users.first().map(|u| u.account_id.clone()).unwrap_or_default();
        for (i, (name, color, status)) in specs.iter().enumerate() {
            self.levels.push(Level {
                id: uuid_from(&mut self.rng),
                name: name.to_string(),
                definition: format!("{name} information"),
                guideline: format!("Handle {} data with care", name.to_lowercase()),
                color: color.to_string(),
                sensitivity: i as i64 + 1,
                status: status.to_string(),
                created_by: by.clone(),
                created_on: base - Duration::days(60 - i as i64),
                changed_by: by.clone(),
                changed_on: base - Duration::days(10 - i as i64),
            });
        }
    }

    fn seed_scim(&mut self, base: DateTime<Utc>) {
        let synced: Vec<usize> = (0..self.users.len()).filter(|i| self.users[*i].synced).collect();
        for i in &synced {
            let u = self.users[*i].clone();
            let id = uuid_from(&mut self.rng);
            let (given, family) = u.name.split_once(' ').unwrap_or((&u.name, ""));
            self.scim_users.push(ScimUser {
                id,
                doc: json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": u.email,
                    "emails": [{"value": u.email, "type": "work", "primary": true}],
                    "externalId": format!("ext-{}", u.nickname),
                    "name": {"givenName": given, "familyName": family, "formatted": u.name},
                    "displayName": u.name,
                    "title": u.job_title,
                    "department": u.department,
                    "timezone": u.timezone,
                    "active": u.account_status == "active" && u.membership_status != "suspended",
                }),
                account_id: Some(u.account_id.clone()),
                created: u.added_to_org,
                modified: base,
            });
        }
        let n = self.scim_users.len();
        for (g, name) in ["scim-engineering", "scim-sales", "scim-all"].iter().enumerate() {
            let members = self.scim_users.iter().enumerate().filter(|(i, _)| g == 2 || i % 3 == g).map(|(_, s)| s.id.clone()).take(n).collect();
            self.scim_groups.push(ScimGroup {
                id: uuid_from(&mut self.rng),
                display_name: name.to_string(),
                external_id: Some(format!("ext-group-{g}")),
                members,
                created: base - Duration::days(90),
                modified: base,
            });
        }
    }

    pub fn user(&self, account_id: &str) -> Option<&User> {
        self.user_index.get(account_id).map(|i| &self.users[*i])
    }
    pub fn user_mut(&mut self, account_id: &str) -> Option<&mut User> {
        match self.user_index.get(account_id) {
            Some(i) => Some(&mut self.users[*i]),
            None => None,
        }
    }
    /// Remove a user from the organization (directory delete).
    pub fn remove_user(&mut self, account_id: &str) -> bool {
        let Some(idx) = self.user_index.get(account_id).copied() else { return false };
        self.users.remove(idx);
        self.user_index = self.users.iter().enumerate().map(|(i, u)| (u.account_id.clone(), i)).collect();
        for g in &mut self.groups {
            g.members.remove(account_id);
        }
        true
    }
    /// Add a user and index it.
    pub fn add_user(&mut self, u: User) {
        self.user_index.insert(u.account_id.clone(), self.users.len());
        self.users.push(u);
    }
    /// A fresh account with default attributes (SCIM provisioning, invites).
    pub fn new_account(&mut self, email: &str, name: &str, synced: bool) -> User {
        let account_id = format!("712020:{}", uuid_from(&mut self.rng));
        let now = Utc::now();
        User {
            account_id,
            name: name.to_string(),
            nickname: email.split('@').next().unwrap_or(email).to_string(),
            email: email.to_string(),
            account_status: "active".into(),
            membership_status: "active".into(),
            for_deletion: false,
            added_to_org: now,
            last_active: now,
            mfa_enabled: false,
            managed: true,
            synced,
            job_title: String::new(),
            department: String::new(),
            location: String::new(),
            timezone: "UTC".into(),
            product_access: vec![],
            platform_roles: BTreeSet::new(),
            roles: BTreeSet::new(),
            tokens: vec![],
        }
    }
    pub fn new_id(&mut self) -> String {
        uuid_from(&mut self.rng)
    }
    pub fn group_idx(&self, id: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.id == id)
    }
}
