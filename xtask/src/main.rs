//! Maintainer tasks for atlassian-admin.
//!
//! `cargo xtask specs import [--from DIR] [--family NAME] [--check]` refreshes `specs/`;
//! `cargo xtask codegen [--check]` regenerates everything derived from `specs/`.

mod cli;
mod codegen;
mod contract;
mod enums;
mod json;
mod requests;
mod resources;
mod specs;
mod unions;

use anyhow::{bail, Result};
use std::path::PathBuf;

fn usage() -> ! {
    eprintln!("usage:\n  cargo xtask specs import [--from DIR] [--family NAME] [--check]\n  cargo xtask codegen [--check]");
    std::process::exit(2)
}

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter().map(String::as_str);
    match (it.next(), it.clone().next()) {
        (Some("specs"), Some("import")) => {
            it.next();
            let mut opts = specs::ImportOptions::default();
            while let Some(a) = it.next() {
                match a {
                    "--from" => opts.from = Some(PathBuf::from(it.next().unwrap_or_else(|| usage()))),
                    "--family" => opts.family = Some(it.next().unwrap_or_else(|| usage()).to_string()),
                    "--check" => opts.check = true,
                    _ => usage(),
                }
            }
            specs::import(&opts)
        }
        (Some("codegen"), _) => {
            let mut check = false;
            for a in it {
                match a {
                    "--check" => check = true,
                    _ => usage(),
                }
            }
            codegen::run(check)
        }
        (Some("help") | Some("--help") | None, _) => usage(),
        (Some(other), _) => bail!("unknown task `{other}`"),
    }
}
