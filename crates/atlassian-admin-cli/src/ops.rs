//! Running one operation: a single call, a listing, a dry run, or a bulk run over a file.

use crate::config::Creds;
use crate::output::{object, Format, Sink};
use crate::table::{Command, Key, Kind};
use crate::tree::{flag_value, ids, Invocation};
use crate::Failure;
use atlassian_admin::{AdminClient, Error, Paginator, Preview, ScimClient};
use futures::StreamExt;
use serde_json::{json, Map, Value};
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The client an operation goes through.
pub enum Target {
    Admin(AdminClient),
    Scim(ScimClient),
}

impl Target {
    pub fn new(c: &Command, creds: &Creds, args: &Map<String, Value>) -> Result<Target, Failure> {
        let base = creds.0.base_url.clone();
        match c.key {
            Key::Org => {
                let key = creds.0.api_key.clone().ok_or_else(|| Failure::usage("no organization API key: set ATLASSIAN_ADMIN_API_KEY or use --profile"))?;
                let mut b = AdminClient::builder().api_key(key);
                if let Some(u) = base {
                    b = b.base_url(u);
                }
                Ok(Target::Admin(b.build()?))
            }
            Key::Scim => {
                let key = creds.0.scim_api_key.clone().ok_or_else(|| Failure::usage("no SCIM API key: set ATLASSIAN_SCIM_API_KEY or use --profile"))?;
                let dir = args.get("directoryId").and_then(Value::as_str).unwrap_or_default().to_string();
                let mut b = ScimClient::builder(dir).api_key(key);
                if let Some(u) = base {
                    b = b.base_url(u);
                }
                Ok(Target::Scim(b.build()?))
            }
        }
    }

    pub async fn call(&self, c: &Command, args: Value) -> atlassian_admin::Result<Value> {
        match self {
            Target::Admin(a) => a.call_json(c.family, c.operation_id, args).await,
            Target::Scim(s) => s.call_json(c.operation_id, args).await,
        }
    }

    pub async fn preview(&self, c: &Command, args: Value) -> atlassian_admin::Result<Preview> {
        match self {
            Target::Admin(a) => a.preview_json(c.family, c.operation_id, args).await,
            Target::Scim(s) => s.preview_json(c.operation_id, args).await,
        }
    }

    pub fn paginate(&self, c: &Command, args: Value) -> atlassian_admin::Result<Paginator<Value>> {
        match self {
            Target::Admin(a) => a.paginate_json(c.family, c.operation_id, args),
            Target::Scim(s) => s.paginate_json(c.operation_id, args),
        }
    }
}

/// A dry run as printed: what would be sent, with the key shown redacted.
pub fn preview_json(p: &Preview) -> Value {
    json!({"dry_run": true, "method": p.method, "url": p.url, "headers": {"authorization": "Bearer ***"}, "body": p.body})
}

/// An error as one JSON object (for bulk outcomes).
pub fn error_json(e: &Error) -> Value {
    json!({"kind": e.kind().name(), "status": e.status(), "code": e.code(), "message": e.message(), "request_id": e.request_id()})
}

/// The request body of `--body`: JSON text, `@FILE` or `-` (standard input).
fn body_arg(text: &str) -> Result<Value, Failure> {
    let raw = if text == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| Failure::usage(format!("--body -: {e}")))?;
        s
    } else if let Some(path) = text.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| Failure::usage(format!("--body @{path}: {e}")))?
    } else {
        text.to_string()
    };
    serde_json::from_str(&raw).map_err(|e| Failure::usage(format!("--body: not JSON ({e})")))
}

/// Progress on stderr when it is a terminal.
pub fn progress(enabled: bool, total: Option<u64>, what: &'static str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec})").unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        ),
    };
    bar.set_message(what);
    bar
}

pub struct Options {
    pub format: Format,
    pub progress: bool,
}

/// Runs a parsed operation command.
pub async fn run(inv: Invocation<'_>, creds: &Creds, opts: &Options) -> Result<(), Failure> {
    let Invocation { command: c, mut args, leaf } = inv;
    if let Some(b) = leaf.opt::<String>(ids::BODY) {
        args.insert("body".into(), body_arg(b)?);
    }
    let dry = leaf.get_flag_opt(ids::DRY_RUN);
    if let Some(file) = leaf.opt::<String>(ids::FROM_FILE) {
        let concurrency = leaf.opt::<usize>(ids::CONCURRENCY).copied().unwrap_or(atlassian_admin::defaults::BULK_CONCURRENCY);
        atlassian_admin::check_concurrency(concurrency)?;
        return bulk(c, creds, args, file, concurrency, leaf.get_flag_opt(ids::IGNORE_ERRORS), dry, opts).await;
    }
    for a in c.args {
        if !args.contains_key(*a) {
            let what = if *a == "body" { "--body".to_string() } else { crate::table::value_name(a) };
            return Err(Failure::usage(format!("{} needs {what}", c.usage())));
        }
    }
    for p in c.flags.iter().filter(|p| p.required) {
        if !args.contains_key(p.name) {
            return Err(Failure::usage(format!("{} needs --{}", c.usage(), p.flag)));
        }
    }
    let target = Target::new(c, creds, &args)?;
    let out = std::io::stdout().lock();
    if dry {
        let p = target.preview(c, Value::Object(args)).await?;
        return Sink::new(opts.format, out).single(&preview_json(&p)).map_err(Failure::io);
    }
    if c.page.is_some() {
        let limit = leaf.opt::<u64>(ids::LIMIT).copied();
        let mut pages = target.paginate(c, Value::Object(args))?;
        if let Some(n) = limit {
            pages = pages.limit(n as usize);
        }
        let bar = progress(opts.progress, None, "items");
        let mut sink = Sink::new(opts.format, out);
        while let Some(item) = pages.next().await {
            let item = item?;
            sink.item(&item).map_err(Failure::io)?;
            bar.inc(1);
        }
        bar.finish_and_clear();
        return sink.finish().map_err(Failure::io);
    }
    let v = target.call(c, Value::Object(args)).await?;
    Sink::new(opts.format, out).single(&v).map_err(Failure::io)
}

/// Reading arguments that only some commands define (clap's `get_*` panic on the others).
pub trait Opt {
    fn get_flag_opt(&self, id: &str) -> bool;
    fn opt<T: std::any::Any + Clone + Send + Sync + 'static>(&self, id: &str) -> Option<&T>;
}
impl Opt for clap::ArgMatches {
    fn get_flag_opt(&self, id: &str) -> bool {
        matches!(self.try_get_one::<bool>(id), Ok(Some(true)))
    }
    fn opt<T: std::any::Any + Clone + Send + Sync + 'static>(&self, id: &str) -> Option<&T> {
        self.try_get_one::<T>(id).ok().flatten()
    }
}

/// Normalizes a column name: `account-id`, `account_id` and `accountId` are the same argument.
fn norm(s: &str) -> String {
    s.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}

/// One row of a bulk file as JSON arguments of `c`.
fn row_args(c: &Command, row: Map<String, Value>) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    for (col, v) in row {
        if v.is_null() || v.as_str() == Some("") {
            continue;
        }
        let n = norm(&col);
        if n == "body" {
            let body = match v {
                Value::String(s) => serde_json::from_str(&s).map_err(|e| format!("column body: not JSON ({e})"))?,
                other => other,
            };
            out.insert("body".into(), body);
        } else if let Some(a) = c.args.iter().chain(c.words.iter().filter_map(|(_, b)| b.as_ref())).find(|a| norm(a) == n) {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(a.to_string(), Value::String(text));
        } else if let Some(p) = c.flags.iter().find(|p| norm(p.name) == n || norm(p.flag) == n) {
            let v = match v {
                Value::String(s) if p.kind != Kind::Str => {
                    let parts: Vec<String> =
                        if matches!(p.kind, Kind::StrList | Kind::IntList) { s.split(',').map(|x| x.trim().to_string()).collect() } else { vec![s] };
                    flag_value(p.kind, p.flag, &parts.iter().collect::<Vec<_>>())?
                }
                other => other,
            };
            out.insert(p.name.to_string(), v);
        } else {
            return Err(format!("column `{col}` is not an argument of {}", c.usage()));
        }
    }
    Ok(out)
}

/// Rows of a CSV (with a header) or NDJSON file, read lazily.
/// Rows of a bulk file, each the row's arguments or why it cannot be read.
type Rows = Box<dyn Iterator<Item = Result<Map<String, Value>, String>> + Send>;

fn rows(path: &str) -> Result<Rows, Failure> {
    let f = std::fs::File::open(path).map_err(|e| Failure::usage(format!("--from-file {path}: {e}")))?;
    let mut r = std::io::BufReader::new(f);
    let first = {
        let buf = r.fill_buf().map_err(|e| Failure::usage(format!("--from-file {path}: {e}")))?;
        buf.iter().find(|b| !b.is_ascii_whitespace()).copied()
    };
    let ndjson = path.ends_with(".ndjson") || path.ends_with(".jsonl") || first == Some(b'{');
    if ndjson {
        let lines = r.lines().filter(|l| !matches!(l, Ok(s) if s.trim().is_empty()));
        return Ok(Box::new(lines.map(|l| {
            let l = l.map_err(|e| e.to_string())?;
            match serde_json::from_str::<Value>(&l) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(_) => Err("an NDJSON row must be a JSON object".to_string()),
                Err(e) => Err(format!("not JSON ({e})")),
            }
        })));
    }
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(r);
    let header: Vec<String> = csv.headers().map_err(|e| Failure::usage(format!("--from-file {path}: {e}")))?.iter().map(str::to_string).collect();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(Failure::usage(format!("--from-file {path}: the CSV file needs a header row naming the arguments")));
    }
    Ok(Box::new(csv.into_records().map(move |rec| {
        let rec = rec.map_err(|e| e.to_string())?;
        Ok(header.iter().cloned().zip(rec.iter().map(|s| Value::String(s.to_string()))).collect())
    })))
}

#[allow(clippy::too_many_arguments)]
async fn bulk(
    c: &'static Command,
    creds: &Creds,
    fixed: Map<String, Value>,
    file: &str,
    concurrency: usize,
    ignore: bool,
    dry: bool,
    opts: &Options,
) -> Result<(), Failure> {
    // `-` in place of a path value means "from each row".
    let mut fixed = fixed;
    fixed.retain(|_, v| v.as_str() != Some("-"));
    let target = Arc::new(Target::new(c, creds, &fixed)?);
    let rows = rows(file)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stop_in = stop.clone();
    let items = rows.enumerate().take_while(move |_| !stop_in.load(Ordering::Relaxed));
    let bar = progress(opts.progress, None, "rows");
    let outcomes = atlassian_admin::bulk_stream(items, concurrency, |(i, row)| {
        let target = target.clone();
        let fixed = fixed.clone();
        async move {
            let args = match row.and_then(|r| row_args(c, r)) {
                Ok(r) => {
                    let mut a = fixed;
                    a.extend(r);
                    a
                }
                Err(why) => return (i, Err(json!({"kind": "InvalidArgument", "message": why}))),
            };
            let bound = c.words.iter().filter_map(|(_, b)| b.as_ref());
            if let Some(missing) = c.args.iter().chain(bound).find(|a| !args.contains_key(**a)) {
                return (i, Err(json!({"kind": "InvalidArgument", "message": format!("the row has no `{missing}`")})));
            }
            let r = if dry { target.preview(c, Value::Object(args)).await.map(|p| preview_json(&p)) } else { target.call(c, Value::Object(args)).await };
            (i, r.map_err(|e| error_json(&e)))
        }
    });
    futures::pin_mut!(outcomes);
    let mut out = std::io::stdout().lock();
    let (mut ok, mut failed) = (0usize, 0usize);
    while let Some((i, r)) = outcomes.next().await {
        let line = match r {
            Ok(v) => {
                ok += 1;
                object([("row", json!(i + 1)), ("ok", json!(true)), ("value", v)])
            }
            Err(e) => {
                failed += 1;
                if !ignore {
                    stop.store(true, Ordering::Relaxed);
                }
                object([("row", json!(i + 1)), ("ok", json!(false)), ("error", e)])
            }
        };
        writeln!(out, "{line}").map_err(Failure::io)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    eprintln!("{ok} succeeded, {failed} failed{}", if failed > 0 && !ignore { " (stopped at the first failure; --ignore-errors goes on)" } else { "" });
    if failed > 0 {
        return Err(Failure::Reported);
    }
    let _ = opts.format;
    Ok(())
}
