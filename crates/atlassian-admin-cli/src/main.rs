//! `atlassian-admin`: every Atlassian Cloud admin API operation as a command, bulk runs over a
//! CSV or NDJSON file, and the admin workflows (offboarding, inactive-user reports, exports, the
//! audit log as it grows).
//!
//! Exit codes: 0 success, 1 a call (or some rows of a bulk run) failed, 2 a usage error.

mod config;
mod ops;
mod output;
mod table;
mod tree;
mod workflows;

use clap::{Arg, ArgAction, ArgMatches};
use output::Format;
use std::process::ExitCode;
use tree::ids;

/// Why a command did not succeed.
pub enum Failure {
    /// Bad command line or input: exit 2.
    Usage(String),
    /// A call failed: exit 1.
    Api(atlassian_admin::Error),
    /// Failures already printed (bulk rows): exit 1.
    Reported,
    /// Writing the output failed (a closed pipe ends quietly).
    Io(std::io::Error),
}

impl Failure {
    pub fn usage(msg: impl Into<String>) -> Failure {
        Failure::Usage(msg.into())
    }
    pub fn io(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<atlassian_admin::Error> for Failure {
    fn from(e: atlassian_admin::Error) -> Failure {
        if e.kind() == atlassian_admin::ErrorKind::InvalidArgument {
            Failure::Usage(e.to_string())
        } else {
            Failure::Api(e)
        }
    }
}

/// Every family and the command words its operations start with (from the command table).
fn families_help() -> String {
    let mut out = String::from("API families (every operation of each is a command under these words):\n");
    let mut families: Vec<&str> = vec![];
    for c in table::COMMANDS {
        if !families.contains(&c.family) {
            families.push(c.family);
        }
    }
    for f in families {
        let mut starts: Vec<String> = vec![];
        for c in table::COMMANDS.iter().filter(|c| c.family == f) {
            let mut words = vec![];
            for (i, (w, bind)) in c.words.iter().enumerate() {
                words.push(w.to_string());
                if let Some(b) = bind {
                    words.push(table::value_name(b));
                }
                // Stop after the word that names the family's part of the tree.
                if i == 1 || (bind.is_none() && i == 0) || c.words.len() == 1 {
                    break;
                }
            }
            let w = words.join(" ");
            if !starts.contains(&w) {
                starts.push(w);
            }
        }
        let shown: Vec<&str> = starts.iter().take(6).map(String::as_str).collect();
        let more = if starts.len() > 6 { format!(", ... ({} in all)", starts.len()) } else { String::new() };
        out.push_str(&format!("  {f:<19} {}{more}\n", shown.join(", ")));
    }
    out.push_str("\nWorkflows: offboard, report inactive, export, events tail. Profiles: configure.");
    out
}

fn cli() -> clap::Command {
    clap::Command::new("atlassian-admin")
        .after_help(families_help())
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every Atlassian Cloud admin API operation, bulk runs and admin workflows.")
        .long_about(
            "Every Atlassian Cloud admin API operation, bulk runs and admin workflows.\n\n\
             Credentials: ATLASSIAN_ADMIN_API_KEY (organization key), ATLASSIAN_SCIM_API_KEY (SCIM directory key), \
             ATLASSIAN_ORG_ID, or --profile NAME (see `configure`). ATLASSIAN_ADMIN_BASE_URL or --base-url points the \
             command at another host, such as the offline mock. Keys are never printed.\n\n\
             Example: atlassian-admin org ORG_ID directory DIRECTORY_ID users search --body '{\"limit\": 50}' --limit 200",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new(ids::OUTPUT)
                .long("output")
                .short('o')
                .global(true)
                .value_name("FORMAT")
                .value_parser(Format::NAMES)
                .help("json, ndjson, csv or table (default: a table on a terminal, NDJSON otherwise)"),
        )
        .arg(
            Arg::new(ids::BASE_URL)
                .long("base-url")
                .global(true)
                .value_name("URL")
                .help("the API host (default https://api.atlassian.com, or ATLASSIAN_ADMIN_BASE_URL)"),
        )
        .arg(Arg::new(ids::PROFILE).long("profile").global(true).value_name("NAME").help("use a named profile of the config file"))
        .arg(
            Arg::new(ids::VERBOSE)
                .long("verbose")
                .short('v')
                .global(true)
                .action(ArgAction::Count)
                .help("log requests to stderr (-vv for more); keys are never logged"),
        )
        .arg(Arg::new(ids::NO_PROGRESS).long("no-progress").global(true).action(ArgAction::SetTrue).help("no progress bar on stderr"))
        .subcommands(tree::operation_commands())
        .subcommands(workflows::commands())
        .subcommand(
            clap::Command::new("configure")
                .about("Saves a named profile (keys read from standard input or the environment) to the config file, mode 0600")
                .arg(Arg::new("name").long("name").value_name("PROFILE").default_value("default").help("the profile to write"))
                .arg(Arg::new("org-id").long("org-id").value_name("ORG_ID"))
                .arg(Arg::new("profile-base-url").long("profile-base-url").value_name("URL").help("the profile's API host"))
                .arg(
                    Arg::new("api-key-stdin")
                        .long("api-key-stdin")
                        .action(ArgAction::SetTrue)
                        .help("read the organization API key from the first line of standard input"),
                )
                .arg(
                    Arg::new("scim-api-key-stdin")
                        .long("scim-api-key-stdin")
                        .action(ArgAction::SetTrue)
                        .help("read the SCIM key from the next line of standard input"),
                )
                .arg(
                    Arg::new("from-env")
                        .long("from-env")
                        .action(ArgAction::SetTrue)
                        .help("take the keys from ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_SCIM_API_KEY"),
                ),
        )
}

fn configure(m: &ArgMatches) -> Result<(), Failure> {
    let name = m.get_one::<String>("name").cloned().unwrap_or_else(|| "default".into());
    let mut file = config::load().map_err(Failure::usage)?;
    let mut p = file.profiles.get(&name).cloned().unwrap_or_default();
    let mut lines = std::io::stdin().lines();
    let mut next_line = |what: &str| -> Result<String, Failure> {
        match lines.next() {
            Some(Ok(l)) if !l.trim().is_empty() => Ok(l.trim().to_string()),
            _ => Err(Failure::usage(format!("expected the {what} on standard input"))),
        }
    };
    if m.get_flag("api-key-stdin") {
        p.api_key = Some(next_line("organization API key")?);
    }
    if m.get_flag("scim-api-key-stdin") {
        p.scim_api_key = Some(next_line("SCIM API key")?);
    }
    if m.get_flag("from-env") {
        let env = |n: &str| std::env::var(n).ok().filter(|v| !v.trim().is_empty());
        p.api_key = env("ATLASSIAN_ADMIN_API_KEY").or(p.api_key);
        p.scim_api_key = env("ATLASSIAN_SCIM_API_KEY").or(p.scim_api_key);
    }
    if let Some(o) = m.get_one::<String>("org-id") {
        p.org_id = Some(o.clone());
    }
    if let Some(u) = m.get_one::<String>("profile-base-url") {
        p.base_url = Some(u.clone());
    }
    file.profiles.insert(name.clone(), p);
    let path = config::save(&file).map_err(Failure::usage)?;
    eprintln!("saved profile `{name}` to {} (mode 0600)", path.display());
    Ok(())
}

/// `-v` logs each request and attempt, `-vv` also the HTTP stack; without either,
/// `ATLASSIAN_ADMIN_LOG` decides (as in the Python and Node packages).
fn init_logging(verbose: u8) {
    match verbose {
        0 => atlassian_admin::logging::init_from_env(),
        1 => atlassian_admin::logging::init("atlassian_admin=debug"),
        _ => atlassian_admin::logging::init("trace"),
    };
}

async fn run(m: ArgMatches) -> Result<(), Failure> {
    use std::io::IsTerminal;
    init_logging(m.get_count(ids::VERBOSE));
    let format = match m.get_one::<String>(ids::OUTPUT) {
        Some(f) => Format::parse(f).ok_or_else(|| Failure::usage(format!("unknown output format {f}")))?,
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Ndjson,
    };
    let opts = ops::Options { format, progress: !m.get_flag(ids::NO_PROGRESS) };
    if let Some(("configure", sub)) = m.subcommand() {
        return configure(sub);
    }
    let creds =
        config::creds(m.get_one::<String>(ids::PROFILE).map(String::as_str), m.get_one::<String>(ids::BASE_URL).map(String::as_str)).map_err(Failure::usage)?;
    if let Some(inv) = tree::invocation(&m).map_err(Failure::usage)? {
        return ops::run(inv, &creds, &opts).await;
    }
    workflows::run(&m, &creds, &opts).await
}

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Api(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error: writing the output: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_family() {
        let help = cli().render_long_help().to_string();
        for f in atlassian_admin::FAMILIES {
            assert!(help.contains(&format!("  {f} ")), "{f} is not in --help:\n{help}");
        }
    }

    #[test]
    fn the_tree_is_consistent() {
        // clap's own checks: no duplicate names or conflicting flags anywhere in the tree.
        cli().debug_assert();
    }

    #[test]
    fn every_operation_is_a_command() {
        for op in atlassian_admin::OPERATIONS {
            let c = table::COMMANDS.iter().find(|c| c.family == op.family && c.operation_id == op.operation_id);
            let c = c.unwrap_or_else(|| panic!("no command for {}/{}", op.family, op.operation_id));
            // The command parses with placeholder values and comes back to the same operation.
            let mut argv = vec!["atlassian-admin".to_string()];
            argv.extend(c.usage().split(' ').map(|w| if w.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_') { "x".into() } else { w.to_string() }));
            let m = cli().try_get_matches_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
            let inv = tree::invocation(&m).unwrap().unwrap_or_else(|| panic!("{argv:?} found no operation"));
            assert_eq!((inv.command.family, inv.command.operation_id), (op.family, op.operation_id), "{argv:?}");
            assert_eq!(op.summary, c.summary);
        }
        assert_eq!(table::COMMANDS.len(), atlassian_admin::OPERATIONS.len());
    }
}
