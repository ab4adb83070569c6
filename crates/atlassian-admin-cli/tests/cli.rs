//! The `atlassian-admin` binary against the offline mock: output formats, dry runs that send
//! nothing, bulk runs from files with their exit codes, profiles, secrets, and the workflows.

use atlassian_admin_mock::{BlockingMockServer, Config, MockServer};
use serde_json::Value;
use std::process::{Command, Output};

fn mock(cfg: Config) -> BlockingMockServer {
    MockServer::start_blocking(cfg).expect("mock")
}

struct Cli<'a> {
    m: &'a BlockingMockServer,
    env: Vec<(String, String)>,
}

impl<'a> Cli<'a> {
    fn new(m: &'a BlockingMockServer) -> Self {
        Cli {
            m,
            env: vec![
                ("ATLASSIAN_ADMIN_API_KEY".into(), m.org_api_key().into()),
                ("ATLASSIAN_SCIM_API_KEY".into(), m.scim_api_key().into()),
                ("ATLASSIAN_ADMIN_BASE_URL".into(), m.base_url()),
                ("ATLASSIAN_ORG_ID".into(), m.org_id().into()),
                // No profile file from the machine running the tests.
                ("ATLASSIAN_ADMIN_CONFIG".into(), std::env::temp_dir().join(format!("aa-cli-none-{}.toml", std::process::id())).display().to_string()),
            ],
        }
    }
    fn run(&self, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_atlassian-admin"));
        c.args(args);
        for k in [
            "ATLASSIAN_ADMIN_PROFILE",
            "ATLASSIAN_ADMIN_API_KEY",
            "ATLASSIAN_SCIM_API_KEY",
            "ATLASSIAN_ADMIN_BASE_URL",
            "ATLASSIAN_ORG_ID",
            "ATLASSIAN_ADMIN_CONFIG",
        ] {
            c.env_remove(k);
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c.output().expect("run the binary")
    }
    fn org(&self) -> String {
        self.m.org_id().to_string()
    }
    fn dir(&self) -> String {
        self.m.directory_id().to_string()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
fn lines(o: &Output) -> Vec<Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

#[test]
fn listings_page_and_stream_in_every_format() {
    let m = mock(Config { users: 250, ..Default::default() });
    let cli = Cli::new(&m);
    let (org, dir) = (cli.org(), cli.dir());
    let all = cli.run(&["org", &org, "users", "list"]);
    assert!(all.status.success(), "{}", stderr(&all));
    assert_eq!(lines(&all).len(), 250, "NDJSON when piped, every page");
    let some = cli.run(&["org", &org, "directory", &dir, "users", "search", "--body", r#"{"limit": 7}"#, "--limit", "10", "-o", "json"]);
    let arr: Value = serde_json::from_str(&stdout(&some)).unwrap();
    assert_eq!(arr.as_array().unwrap().len(), 10);
    let csv = cli.run(&["org", &org, "users", "list", "--limit", "3", "-o", "csv"]);
    let text = stdout(&csv);
    assert!(text.lines().next().unwrap().starts_with("account_id,"), "{text}");
    assert_eq!(text.lines().count(), 4);
    let table = cli.run(&["org", &org, "users", "list", "--limit", "3", "-o", "table"]);
    assert!(stdout(&table).starts_with("ACCOUNT_ID"));
    // A single call.
    let one = cli.run(&["org", &org, "get"]);
    assert_eq!(lines(&one)[0]["data"]["id"], Value::String(org.clone()));
}

#[test]
fn dry_runs_send_nothing_and_redact_the_key() {
    let m = mock(Config::default());
    let cli = Cli::new(&m);
    let (org, dir) = (cli.org(), cli.dir());
    let before = m.stats();
    let acc = m.fixtures().account_id.clone();
    let o = cli.run(&["org", &org, "directory", &dir, "user", &acc, "suspend", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let p = &lines(&o)[0];
    assert_eq!(p["method"], "POST");
    assert!(p["url"].as_str().unwrap().ends_with(&format!("/users/{acc}/suspend")));
    assert_eq!(p["headers"]["authorization"], "Bearer ***");
    let body = cli.run(&["org", &org, "directory", &dir, "groups", "create", "--body", r#"{"name": "new-group"}"#, "--dry-run"]);
    assert_eq!(lines(&body)[0]["body"]["name"], "new-group");
    assert_eq!(m.stats().requests, before.requests, "a dry run sends no request at all");
    for out in [&o, &body] {
        assert!(!stdout(out).contains(m.org_api_key()) && !stderr(out).contains(m.org_api_key()));
    }
}

#[test]
fn bulk_from_files_reports_every_row_and_sets_the_exit_code() {
    let m = mock(Config::default());
    let cli = Cli::new(&m);
    let (org, dir) = (cli.org(), cli.dir());
    let ids = &m.fixtures().account_ids;
    let tmp = std::env::temp_dir().join(format!("aa-cli-bulk-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let csv = tmp.join("rows.csv");
    std::fs::write(&csv, format!("accountId\n{}\nno-such-account\n{}\n", ids[0], ids[1])).unwrap();
    let base = ["org", &org, "directory", &dir, "user"];
    // `user ACCOUNT_ID suspend` takes its id from the file: the chain's own value is a placeholder.
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["-", "suspend", "--from-file", csv.to_str().unwrap(), "--ignore-errors", "--concurrency", "2"]);
    let o = cli.run(&args);
    assert_eq!(o.status.code(), Some(1), "some rows failed: {}", stderr(&o));
    let rows = lines(&o);
    assert_eq!(rows.len(), 3, "one outcome per row");
    assert_eq!(rows.iter().map(|r| r["ok"].as_bool().unwrap()).collect::<Vec<_>>(), [true, false, true]);
    assert_eq!(rows[1]["error"]["kind"], "NotFound");
    assert_eq!(rows.iter().map(|r| r["row"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    // Without --ignore-errors the run stops starting rows after the first failure.
    let stop = tmp.join("stop.ndjson");
    std::fs::write(&stop, format!("{{\"accountId\": \"bad-one\"}}\n{{\"accountId\": \"{}\"}}\n{{\"accountId\": \"{}\"}}\n", ids[0], ids[1])).unwrap();
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["-", "restore", "--from-file", stop.to_str().unwrap(), "--concurrency", "1"]);
    let o = cli.run(&args);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(lines(&o).len(), 1, "{}", stdout(&o));
    // All rows succeed: exit 0.
    let good = tmp.join("good.csv");
    std::fs::write(&good, format!("account_id\n{}\n{}\n", ids[0], ids[1])).unwrap();
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["-", "restore", "--from-file", good.to_str().unwrap()]);
    let o = cli.run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Usage errors: exit 2, nothing sent.
    let before = m.stats().requests;
    let bad_col = tmp.join("bad.csv");
    std::fs::write(&bad_col, "nonsense\nx\n").unwrap();
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["-", "restore", "--from-file", bad_col.to_str().unwrap()]);
    let o = cli.run(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("is not an argument"), "{}", stdout(&o));
    assert_eq!(cli.run(&["org", &org, "nonsense"]).status.code(), Some(2));
    assert_eq!(cli.run(&["org", &org, "directory", &dir, "users", "search"]).status.code(), Some(2), "a required body");
    assert_eq!(cli.run(&["org", &org, "events", "list", "--limit", "x"]).status.code(), Some(2));
    assert_eq!(m.stats().requests, before, "bad input sends nothing");
}

#[test]
fn profiles_are_private_and_keys_never_printed() {
    let m = mock(Config::default());
    let mut cli = Cli::new(&m);
    let path = std::env::temp_dir().join(format!("aa-cli-profile-{}/config.toml", std::process::id()));
    let _ = std::fs::remove_file(&path);
    cli.env.retain(|(k, _)| !k.starts_with("ATLASSIAN"));
    cli.env.push(("ATLASSIAN_ADMIN_CONFIG".into(), path.display().to_string()));
    let mut c = Command::new(env!("CARGO_BIN_EXE_atlassian-admin"));
    c.args(["configure", "--name", "mock", "--org-id", m.org_id(), "--profile-base-url", &m.base_url(), "--api-key-stdin"]);
    for (k, v) in &cli.env {
        c.env(k, v);
    }
    c.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("{}\n", m.org_api_key()).as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Without the profile there is no key; with it the call works, verbose logging included.
    assert_eq!(cli.run(&["org", m.org_id(), "get"]).status.code(), Some(2));
    let o = cli.run(&["--profile", "mock", "-vv", "org", m.org_id(), "get"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).is_empty(), "-vv logs the requests");
    for text in [stdout(&o), stderr(&o)] {
        assert!(!text.contains(m.org_api_key()), "the key leaked: {text}");
    }
    let failing = cli.run(&["--profile", "mock", "-vv", "org", m.org_id(), "domain", "nope", "get"]);
    assert_eq!(failing.status.code(), Some(1));
    assert!(!stderr(&failing).contains(m.org_api_key()));
    assert_eq!(cli.run(&["--profile", "nobody", "org", m.org_id(), "get"]).status.code(), Some(2));
}

fn record(o: &Output) -> Value {
    lines(o).into_iter().next().unwrap_or_else(|| panic!("no record: {}", stderr(o)))
}

#[test]
fn offboarding_plans_acts_once_and_is_idempotent() {
    let m = mock(Config::default());
    let cli = Cli::new(&m);
    let org = cli.org();
    // A user who is not SCIM-managed, is active and has an API token.
    let users: Vec<Value> = lines(&cli.run(&["org", &org, "directory", &cli.dir(), "users", "search", "--body", "{}"]));
    let candidate = users
        .iter()
        .filter(|u| u["managementSource"] != "synced" && u["membershipStatus"] == "active")
        .find(|u| !lines(&cli.run(&["user", u["accountId"].as_str().unwrap(), "api-tokens", "list"])).is_empty())
        .expect("an active, unsynced user with an API token");
    let email = candidate["email"].as_str().unwrap().to_string();
    let before = m.stats();
    let plan = cli.run(&["offboard", "--email", &email, "--dry-run"]);
    let r = record(&plan);
    assert_eq!(r["outcome"], "planned", "{r}");
    assert!(r["steps"].as_array().unwrap().iter().any(|s| s["step"] == "suspend" && s["outcome"] == "planned"));
    assert!(r["steps"].as_array().unwrap().iter().any(|s| s["step"] == "revoke_token" && s["outcome"] == "planned"));
    assert_eq!(m.stats().writes_applied, before.writes_applied, "a dry run sends no write");
    let done = record(&cli.run(&["offboard", "--email", &email]));
    assert_eq!(done["outcome"], "done", "{done}");
    assert!(done["steps"].as_array().unwrap().iter().all(|s| s["outcome"] != "failed"), "{done}");
    let writes = m.stats().writes_applied;
    assert!(writes > before.writes_applied);
    let again = cli.run(&["offboard", "--email", &email]);
    assert!(again.status.success());
    assert_eq!(record(&again)["outcome"], "unchanged", "{}", stdout(&again));
    assert_eq!(m.stats().writes_applied, writes, "a second run changes nothing");
    let missing = cli.run(&["offboard", "--email", "nobody@nowhere.example"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(record(&missing)["outcome"], "not_found");
}

#[test]
fn scim_managed_users_need_the_scim_key() {
    let m = mock(Config::default());
    let cli = Cli::new(&m);
    let org = cli.org();
    let users: Vec<Value> = lines(&cli.run(&["org", &org, "directory", &cli.dir(), "users", "search", "--body", "{}"]));
    let synced = users.iter().find(|u| u["managementSource"] == "synced" && u["membershipStatus"] == "active").expect("a synced user");
    let email = synced["email"].as_str().unwrap().to_string();
    let before = m.stats().writes_applied;
    let blocked = cli.run(&["offboard", "--email", &email]);
    assert_eq!(blocked.status.code(), Some(1));
    let r = record(&blocked);
    assert_eq!(r["outcome"], "blocked");
    assert!(r["steps"].to_string().contains("next sync would restore"));
    assert_eq!(m.stats().writes_applied, before, "nothing changed for a blocked user");
    let done = cli.run(&["offboard", "--email", &email, "--scim-directory", &cli.dir()]);
    let r = record(&done);
    assert!(r["steps"].as_array().unwrap().iter().any(|s| s["step"] == "scim_deactivate" && s["outcome"] == "done"), "{r}");
    assert_eq!(r["outcome"], "done", "{r}");
}

#[test]
fn exports_reports_and_the_event_tail() {
    let m = mock(Config { users: 120, ..Default::default() });
    let cli = Cli::new(&m);
    assert_eq!(lines(&cli.run(&["export", "users"])).len(), 120);
    let groups = cli.run(&["export", "groups", "-o", "csv"]);
    assert!(groups.status.success(), "{}", stderr(&groups));
    assert!(stdout(&groups).lines().count() > 1);
    let tokens = lines(&cli.run(&["export", "api-tokens"]));
    assert!(!tokens.is_empty());
    let inactive = lines(&cli.run(&["report", "inactive", "--days", "30"]));
    assert!(inactive.iter().all(|u| u["days_inactive"].is_null() || u["days_inactive"].as_i64().unwrap() > 30));
    let none = lines(&cli.run(&["report", "inactive", "--days", "100000"]));
    assert!(none.iter().all(|u| u["last_active"].is_null()), "only never-active users are that old");
    assert!(inactive.len() > none.len());
    let mut c = Command::new(env!("CARGO_BIN_EXE_atlassian-admin"));
    c.args(["events", "tail", "--from", "0"]);
    for (k, v) in &cli.env {
        c.env(k, v);
    }
    let o = c.env("ATLASSIAN_ADMIN_EVENTS_POLL_MS", "20").output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let events = lines(&o);
    assert!(!events.is_empty());
    let times: Vec<&str> = events.iter().map(|e| e["attributes"]["time"].as_str().unwrap_or("")).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
}
