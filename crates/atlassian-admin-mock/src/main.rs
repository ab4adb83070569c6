//! `atlassian-admin-mock` binary: serve the mock until killed.
//!
//! Prints one JSON line with the connection details first, so test fixtures
//! in other languages can spawn it and read where to connect.

use atlassian_admin_mock::{Config, MockServer};
use std::io::Write;

const USAGE: &str = "usage: atlassian-admin-mock [--port N] [--seed N] [--users N] [--groups N] \
[--org-api-key K] [--scim-api-key K] [--rate-limit N] [--error-500 F] [--error-503 F] [--reset F] \
[--malformed F] [--truncated F] [--latency-ms N] [--paging-quirks] [--lenient] [--exit-on-stdin-close]";

fn parse_args() -> Result<(Config, bool), String> {
    let mut cfg = Config::default();
    let mut exit_on_stdin = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--exit-on-stdin-close" {
            exit_on_stdin = true;
            continue;
        }
        if flag == "--lenient" {
            cfg.lenient = true;
            continue;
        }
        if flag == "--paging-quirks" {
            cfg.paging_quirks = true;
            continue;
        }
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (flag.clone(), None),
        };
        let value = match inline {
            Some(v) => v,
            None => args.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        let num = |v: &str| v.parse::<f64>().map_err(|_| format!("{name}: '{v}' is not a number"));
        match name.as_str() {
            "--port" => cfg.port = num(&value)? as u16,
            "--seed" => cfg.seed = value.parse().map_err(|_| format!("{name}: bad integer"))?,
            "--users" => cfg.users = num(&value)? as usize,
            "--groups" => cfg.groups = num(&value)? as usize,
            "--org-api-key" => cfg.org_api_key = value,
            "--scim-api-key" => cfg.scim_api_key = value,
            "--other-org-api-key" => cfg.other_org_api_key = value,
            "--rate-limit" => cfg.rate_limit = Some(num(&value)? as u32).filter(|n| *n > 0),
            "--error-500" => cfg.error_500_rate = num(&value)?,
            "--error-503" => cfg.error_503_rate = num(&value)?,
            "--reset" => cfg.reset_rate = num(&value)?,
            "--malformed" => cfg.malformed_rate = num(&value)?,
            "--truncated" => cfg.truncated_rate = num(&value)?,
            "--latency-ms" => cfg.latency_ms = num(&value)? as u64,
            other => return Err(format!("unknown flag {other}\n{USAGE}")),
        }
    }
    Ok((cfg, exit_on_stdin))
}

#[tokio::main]
async fn main() {
    let (cfg, exit_on_stdin) = match parse_args() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let server = match MockServer::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("failed to start: {e}");
            std::process::exit(1);
        }
    };
    let line = serde_json::json!({
        "base_url": server.base_url(),
        "org_id": server.org_id(),
        "directory_id": server.directory_id(),
        "org_api_key": server.org_api_key(),
        "scim_api_key": server.scim_api_key(),
    });
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    let stdin_closed = async move {
        if exit_on_stdin {
            // Read stdin on a plain thread until EOF.
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            std::thread::spawn(move || {
                let mut buf = [0u8; 1024];
                let mut stdin = std::io::stdin();
                while matches!(std::io::Read::read(&mut stdin, &mut buf), Ok(n) if n > 0) {}
                let _ = tx.send(());
            });
            let _ = rx.await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
        _ = stdin_closed => {}
    }
    server.shutdown().await;
}
