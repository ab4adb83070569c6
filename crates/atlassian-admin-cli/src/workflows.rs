//! The workflow commands (`offboard`, `report inactive`, `export`, `events tail`): thin shells
//! over `atlassian_admin::workflows`, mounted in the same tree as the operation commands.

use crate::config::Creds;
use crate::ops::{progress, Options};
use crate::output::Sink;
use crate::Failure;
use atlassian_admin::workflows::{self, Export, Offboard};
use atlassian_admin::{AdminClient, ScimClient};
use clap::{Arg, ArgAction, ArgMatches};
use futures::StreamExt;
use std::io::{BufRead, Write};

fn org_arg() -> Arg {
    Arg::new("org").long("org").value_name("ORG_ID").help("the organization (default: ATLASSIAN_ORG_ID or the profile's org_id)")
}

/// The workflow subcommands of the root.
pub fn commands() -> Vec<clap::Command> {
    vec![
        clap::Command::new("offboard")
            .about("Offboards leavers by e-mail: suspends them in every directory, removes their groups, revokes their API tokens, one audit record each")
            .long_about(
                "Offboards leavers by e-mail. For each address: finds the account in every directory (v2 search), deactivates a \
                 SCIM-managed user through the SCIM API when ATLASSIAN_SCIM_API_KEY and --scim-directory are given (and otherwise \
                 stops for that user, since the next sync would restore the access), suspends the user in each directory, removes \
                 the group memberships and revokes the user's API tokens. Prints one JSON audit record per user listing every step \
                 and its outcome. --dry-run sends no write. Running it again on an offboarded user changes nothing.\n\n\
                 Exit code 1 when any user was not found, blocked or failed.",
            )
            .arg(org_arg())
            .arg(Arg::new("email").long("email").value_name("ADDR").action(ArgAction::Append).help("an e-mail address (repeatable)"))
            .arg(Arg::new("from-file").long("from-file").value_name("FILE").help("e-mail addresses, one per line (a CSV with an `email` column also works)"))
            .arg(Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue).help("print the plan and send no write"))
            .arg(
                Arg::new("scim-directory")
                    .long("scim-directory")
                    .value_name("DIRECTORY_ID")
                    .help("the SCIM directory of synced users (with ATLASSIAN_SCIM_API_KEY)"),
            )
            .arg(
                Arg::new("concurrency")
                    .long("concurrency")
                    .value_name("N")
                    .value_parser(clap::value_parser!(usize))
                    .default_value("4")
                    .help("users offboarded at once"),
            ),
        clap::Command::new("report").about("Reports: `report inactive`").subcommand_required(true).subcommand(
            clap::Command::new("inactive")
                .about("Users whose latest activity in any product is older than --days (or who were never active)")
                .arg(org_arg())
                .arg(Arg::new("days").long("days").value_name("N").required(true).value_parser(clap::value_parser!(u32)))
                .arg(
                    Arg::new("concurrency")
                        .long("concurrency")
                        .value_name("N")
                        .value_parser(clap::value_parser!(usize))
                        .default_value("8")
                        .help("last-active look-ups at once"),
                ),
        ),
        clap::Command::new("export")
            .about("Every item of a listing, streamed: users, groups, api-tokens, api-keys or events")
            .arg(Arg::new("what").required(true).value_parser(Export::NAMES))
            .arg(org_arg()),
        clap::Command::new("events").about("The audit log: `events tail`").subcommand_required(true).subcommand(
            clap::Command::new("tail")
                .about("The audit log in time order, as it grows (one poll every 6 seconds, the events API's own limit)")
                .arg(org_arg())
                .arg(Arg::new("follow").long("follow").short('f').action(ArgAction::SetTrue).help("keep waiting for new events"))
                .arg(Arg::new("action").long("action").value_name("ACTION").action(ArgAction::Append).help("only events with this action (repeatable)"))
                .arg(Arg::new("from").long("from").value_name("TIME").help("start here (RFC 3339 or epoch milliseconds; default: an hour ago)")),
        ),
    ]
}

fn admin(creds: &Creds) -> Result<AdminClient, Failure> {
    let key = creds.0.api_key.clone().ok_or_else(|| Failure::usage("no organization API key: set ATLASSIAN_ADMIN_API_KEY or use --profile"))?;
    let mut b = AdminClient::builder().api_key(key);
    if let Some(u) = &creds.0.base_url {
        b = b.base_url(u.clone());
    }
    Ok(b.build()?)
}

fn org(m: &ArgMatches, creds: &Creds) -> Result<String, Failure> {
    m.get_one::<String>("org")
        .cloned()
        .or_else(|| creds.0.org_id.clone())
        .ok_or_else(|| Failure::usage("no organization: pass --org ORG_ID or set ATLASSIAN_ORG_ID"))
}

fn emails(m: &ArgMatches) -> Result<Vec<String>, Failure> {
    let mut out: Vec<String> = m.get_many::<String>("email").map(|v| v.cloned().collect()).unwrap_or_default();
    if let Some(path) = m.get_one::<String>("from-file") {
        let f = std::fs::File::open(path).map_err(|e| Failure::usage(format!("--from-file {path}: {e}")))?;
        let mut column = None;
        for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| Failure::usage(format!("--from-file {path}: {e}")))?;
            let cells: Vec<&str> = line.split(',').map(|c| c.trim().trim_matches('"')).collect();
            if i == 0 && cells.iter().any(|c| c.eq_ignore_ascii_case("email")) {
                column = cells.iter().position(|c| c.eq_ignore_ascii_case("email"));
                continue;
            }
            if let Some(e) = cells.get(column.unwrap_or(0)).filter(|e| !e.is_empty()) {
                out.push(e.to_string());
            }
        }
    }
    if out.is_empty() {
        return Err(Failure::usage("offboard needs --email ADDR or --from-file FILE"));
    }
    Ok(out)
}

/// Runs a workflow command (the root's matches).
pub async fn run(m: &ArgMatches, creds: &Creds, opts: &Options) -> Result<(), Failure> {
    let out = std::io::stdout().lock();
    match m.subcommand() {
        Some(("offboard", sub)) => {
            let org = org(sub, creds)?;
            let list = emails(sub)?;
            let mut job = Offboard::new(&admin(creds)?, org).dry_run(sub.get_flag("dry-run"));
            if let Some(dir) = sub.get_one::<String>("scim-directory") {
                let key = creds
                    .0
                    .scim_api_key
                    .clone()
                    .ok_or_else(|| Failure::usage("--scim-directory needs ATLASSIAN_SCIM_API_KEY (or a profile's scim_api_key)"))?;
                let mut b = ScimClient::builder(dir.clone()).api_key(key);
                if let Some(u) = &creds.0.base_url {
                    b = b.base_url(u.clone());
                }
                job = job.scim(b.build()?);
            }
            let bar = progress(opts.progress, Some(list.len() as u64), "users");
            let mut sink = Sink::new(opts.format, out);
            let mut failed = 0;
            let mut records = job.run_stream(list, sub.get_one::<usize>("concurrency").copied().unwrap_or(4))?;
            while let Some(r) = records.next().await {
                if !r.succeeded() {
                    failed += 1;
                }
                sink.item(&r.to_json()).map_err(Failure::io)?;
                bar.inc(1);
            }
            bar.finish_and_clear();
            sink.finish().map_err(Failure::io)?;
            if failed > 0 {
                eprintln!("{failed} user(s) not offboarded (see their records)");
                return Err(Failure::Reported);
            }
            Ok(())
        }
        Some(("report", r)) => {
            let Some(("inactive", sub)) = r.subcommand() else { return Err(Failure::usage("report what? (inactive)")) };
            let org = org(sub, creds)?;
            let days = sub.get_one::<u32>("days").copied().unwrap_or(90);
            let conc = sub.get_one::<usize>("concurrency").copied().unwrap_or(8);
            let mut rows = workflows::inactive_users(&admin(creds)?, &org, days, conc)?;
            let bar = progress(opts.progress, None, "users checked");
            let mut sink = Sink::new(opts.format, out);
            while let Some(row) = rows.next().await {
                let (user, seen) = row?;
                bar.set_position(seen);
                if let Some(u) = user {
                    sink.item(&serde_json::to_value(&u).unwrap_or_default()).map_err(Failure::io)?;
                }
            }
            bar.finish_and_clear();
            sink.finish().map_err(Failure::io)
        }
        Some(("export", sub)) => {
            let org = org(sub, creds)?;
            let what = sub.get_one::<String>("what").and_then(|w| Export::from_name(w)).ok_or_else(|| Failure::usage("export what?"))?;
            let mut items = workflows::export(&admin(creds)?, &org, what)?;
            let bar = progress(opts.progress, None, "items");
            let mut sink = Sink::new(opts.format, out);
            while let Some(item) = items.next().await {
                sink.item(&item?).map_err(Failure::io)?;
                bar.inc(1);
            }
            bar.finish_and_clear();
            sink.finish().map_err(Failure::io)
        }
        Some(("events", e)) => {
            let Some(("tail", sub)) = e.subcommand() else { return Err(Failure::usage("events what? (tail)")) };
            let org = org(sub, creds)?;
            let actions: Vec<String> = sub.get_many::<String>("action").map(|v| v.cloned().collect()).unwrap_or_default();
            let interval = std::env::var("ATLASSIAN_ADMIN_EVENTS_POLL_MS")
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .map(std::time::Duration::from_millis)
                .unwrap_or(workflows::EVENTS_POLL_INTERVAL)
                .max(std::time::Duration::from_millis(10));
            let mut events =
                workflows::tail_events(&admin(creds)?, &org, sub.get_one::<String>("from").map(String::as_str), actions, sub.get_flag("follow"), interval);
            let mut out = out;
            while let Some(ev) = events.next().await {
                writeln!(out, "{}", ev?).map_err(Failure::io)?;
                out.flush().map_err(Failure::io)?;
            }
            Ok(())
        }
        _ => Err(Failure::usage("unknown command (see --help)")),
    }
}
