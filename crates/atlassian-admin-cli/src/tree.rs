//! The clap command tree, built from the generated [`COMMANDS`] table (every operation) plus the
//! hand-written commands, and the way back from parsed arguments to an operation's JSON arguments.

use crate::table::{value_name, Command, Kind, COMMANDS};
use clap::{Arg, ArgAction, ArgMatches};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Ids of the arguments the CLI itself adds to every operation (prefixed so they cannot clash
/// with a spec parameter's name).
pub mod ids {
    pub const OUTPUT: &str = "cli-output";
    pub const BASE_URL: &str = "cli-base-url";
    pub const PROFILE: &str = "cli-profile";
    pub const VERBOSE: &str = "cli-verbose";
    pub const NO_PROGRESS: &str = "cli-no-progress";
    pub const LIMIT: &str = "cli-limit";
    pub const ALL: &str = "cli-all";
    pub const DRY_RUN: &str = "cli-dry-run";
    pub const FROM_FILE: &str = "cli-from-file";
    pub const CONCURRENCY: &str = "cli-concurrency";
    pub const IGNORE_ERRORS: &str = "cli-ignore-errors";
    pub const BODY: &str = "cli-body";
}

#[derive(Default)]
struct Node {
    bind: Option<&'static str>,
    children: BTreeMap<&'static str, Node>,
    leaves: Vec<usize>,
}

fn tree() -> Node {
    let mut root = Node::default();
    for (i, c) in COMMANDS.iter().enumerate() {
        let mut n = &mut root;
        for (w, bind) in c.words {
            n = n.children.entry(w).or_default();
            n.bind = *bind;
        }
        n.leaves.push(i);
    }
    root
}

fn key_words(c: &Command) -> &'static str {
    match c.key {
        crate::table::Key::Org => "an organization admin API key (ATLASSIAN_ADMIN_API_KEY)",
        crate::table::Key::Scim => "the SCIM directory's API key (ATLASSIAN_SCIM_API_KEY)",
    }
}

fn leaf(c: &Command) -> clap::Command {
    let mut long = format!("{}\n\n{} {} ({} `{}`); needs {}.", c.summary, c.http_method, c.path, c.family, c.operation_id, key_words(c));
    if let Some(d) = c.deprecation {
        long.push_str(&format!("\n\nDeprecated: {d}."));
    }
    let mut cmd = clap::Command::new(c.method).about(c.summary).long_about(long);
    for a in c.args.iter().filter(|a| **a != "body") {
        cmd = cmd.arg(Arg::new(*a).value_name(value_name(a)).help(format!("the `{a}` path parameter (or a column of --from-file)")));
    }
    if c.args.contains(&"body") {
        cmd = cmd.arg(
            Arg::new(ids::BODY)
                .long("body")
                .value_name("JSON|@FILE|-")
                .help("the request body: JSON text, @FILE to read it from a file, or - for standard input"),
        );
    }
    for p in c.flags {
        let mut a = Arg::new(p.name).long(p.flag).value_name(value_name(p.name));
        a = match p.kind {
            Kind::StrList | Kind::IntList => {
                a.action(ArgAction::Append).value_delimiter(',').help(format!("`{}` (repeat the flag or separate with commas)", p.name))
            }
            Kind::Bool => a.value_parser(["true", "false"]).help(format!("`{}`", p.name)),
            Kind::Json => a.help(format!("`{}`, as JSON", p.name)),
            _ => a.help(format!("`{}`", p.name)),
        };
        cmd = cmd.arg(a);
    }
    if c.page.is_some() {
        cmd = cmd
            .arg(Arg::new(ids::LIMIT).long("limit").value_name("N").value_parser(clap::value_parser!(u64)).help("stop after N items (default: every item)"))
            .arg(Arg::new(ids::ALL).long("all").action(ArgAction::SetTrue).conflicts_with(ids::LIMIT).help("every item, page after page (the default)"));
    }
    if c.write {
        cmd = cmd.arg(
            Arg::new(ids::DRY_RUN).long("dry-run").action(ArgAction::SetTrue).help("print the request that would be sent (key redacted) and send nothing"),
        );
    }
    cmd.arg(
        Arg::new(ids::FROM_FILE)
            .long("from-file")
            .value_name("FILE")
            .help("run once per row of FILE (CSV with a header, or NDJSON): columns name the arguments (a path value given as - comes from each row); one NDJSON outcome per row"),
    )
    .arg(
        Arg::new(ids::CONCURRENCY)
            .long("concurrency")
            .value_name("N")
            .value_parser(clap::value_parser!(usize))
            .requires(ids::FROM_FILE)
            .help("rows in flight at once with --from-file (default 16)"),
    )
    .arg(
        Arg::new(ids::IGNORE_ERRORS)
            .long("ignore-errors")
            .action(ArgAction::SetTrue)
            .requires(ids::FROM_FILE)
            .help("with --from-file, go on after a failed row"),
    )
}

fn node_command(name: &'static str, n: &Node) -> clap::Command {
    let mut cmd = clap::Command::new(name).subcommand_required(true).arg_required_else_help(true);
    if let Some(b) = n.bind {
        cmd = cmd.arg(Arg::new(b).value_name(value_name(b)).required(true).help(format!("the `{b}` path parameter")));
    }
    let mut about: Vec<&str> = n.children.keys().copied().collect();
    about.extend(n.leaves.iter().map(|i| COMMANDS[*i].method));
    cmd = cmd.about(format!("{}: {}", name, about.join(", ")));
    for (w, child) in &n.children {
        cmd = cmd.subcommand(node_command(w, child));
    }
    for i in &n.leaves {
        cmd = cmd.subcommand(leaf(&COMMANDS[*i]));
    }
    cmd
}

/// The operation commands: the subcommands of the root, one tree per first word.
pub fn operation_commands() -> Vec<clap::Command> {
    let root = tree();
    root.children.iter().map(|(w, n)| node_command(w, n)).collect()
}

/// A parsed operation command: which operation, its JSON arguments from the command line, and
/// the matches of the leaf (for the CLI's own flags).
pub struct Invocation<'m> {
    pub command: &'static Command,
    pub args: Map<String, Value>,
    pub leaf: &'m ArgMatches,
}

/// Finds the operation a parse chose, if it chose one, and converts its values to JSON.
pub fn invocation(m: &ArgMatches) -> Result<Option<Invocation<'_>>, String> {
    let mut words = vec![];
    let mut binds = Map::new();
    let mut cur = m;
    while let Some((name, sub)) = cur.subcommand() {
        words.push(name);
        cur = sub;
        // A bound path parameter of this word.
        if let Some(c) = COMMANDS.iter().find(|c| c.words.len() >= words.len() && c.words.iter().zip(&words).all(|((w, _), x)| w == x)) {
            if let Some((_, Some(b))) = c.words.get(words.len() - 1) {
                if let Ok(Some(v)) = sub.try_get_one::<String>(b) {
                    binds.insert(b.to_string(), Value::String(v.clone()));
                }
            }
        }
    }
    let Some((method, prefix)) = words.split_last() else { return Ok(None) };
    let Some(command) = COMMANDS.iter().find(|c| c.method == *method && c.words.len() == prefix.len() && c.words.iter().zip(prefix).all(|((w, _), x)| w == x))
    else {
        return Ok(None);
    };
    let mut args = binds;
    for a in command.args.iter().filter(|a| **a != "body") {
        if let Ok(Some(v)) = cur.try_get_one::<String>(a) {
            args.insert(a.to_string(), Value::String(v.clone()));
        }
    }
    for p in command.flags {
        let vals: Vec<&String> = match cur.try_get_many::<String>(p.name) {
            Ok(Some(v)) => v.collect(),
            _ => continue,
        };
        args.insert(p.name.to_string(), flag_value(p.kind, p.flag, &vals)?);
    }
    Ok(Some(Invocation { command, args, leaf: cur }))
}

/// A flag's text as the JSON its schema wants.
pub fn flag_value(kind: Kind, flag: &str, vals: &[&String]) -> Result<Value, String> {
    let one = || vals.last().map(|s| s.as_str()).unwrap_or("");
    let int = |s: &str| s.trim().parse::<i64>().map(Value::from).map_err(|_| format!("--{flag}: '{s}' is not an integer"));
    Ok(match kind {
        Kind::Str => Value::String(one().to_string()),
        Kind::Int => int(one())?,
        Kind::Num => one()
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            .ok_or_else(|| format!("--{flag}: '{}' is not a number", one()))?,
        Kind::Bool => Value::Bool(one() == "true"),
        Kind::StrList => Value::Array(vals.iter().map(|s| Value::String(s.to_string())).collect()),
        Kind::IntList => Value::Array(vals.iter().map(|s| int(s)).collect::<Result<_, _>>()?),
        Kind::Json => serde_json::from_str(one()).map_err(|e| format!("--{flag}: not JSON ({e})"))?,
    })
}
