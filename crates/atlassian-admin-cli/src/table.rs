//! The command table's types; the table itself is generated (`generated/commands.rs`).

/// Which key an operation needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// An organization admin API key (`ATLASSIAN_ADMIN_API_KEY`).
    Org,
    /// The SCIM directory's API key (`ATLASSIAN_SCIM_API_KEY`).
    Scim,
}

/// How a flag's text becomes a JSON argument (the generator emits whichever the specs need).
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Num,
    Bool,
    StrList,
    IntList,
    /// Any JSON value, given as JSON text.
    Json,
}

/// One query parameter as a `--flag`.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub flag: &'static str,
    /// The parameter's name in the spec (the by-name argument).
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// One operation as a command.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    pub family: &'static str,
    pub operation_id: &'static str,
    /// The command words before the method, each with the path parameter it binds.
    pub words: &'static [(&'static str, Option<&'static str>)],
    /// The last word.
    pub method: &'static str,
    /// Positional arguments after the method: path parameters, then `body`.
    pub args: &'static [&'static str],
    pub flags: &'static [Param],
    /// The paging style of a listing.
    pub page: Option<&'static str>,
    pub summary: &'static str,
    pub key: Key,
    pub http_method: &'static str,
    pub path: &'static str,
    pub deprecation: Option<&'static str>,
    /// A write (takes `--dry-run`).
    pub write: bool,
}

#[rustfmt::skip] // generated (cargo xtask codegen); checked by `codegen --check`
#[path = "generated/commands.rs"]
mod commands;
pub use commands::COMMANDS;

impl Command {
    /// The words a user types, e.g. `org ORG_ID directory DIRECTORY_ID users search`.
    pub fn usage(&self) -> String {
        let mut out = vec![];
        for (w, bind) in self.words {
            out.push(w.to_string());
            if let Some(b) = bind {
                out.push(value_name(b));
            }
        }
        out.push(self.method.to_string());
        out.extend(self.args.iter().filter(|a| **a != "body").map(|a| value_name(a)));
        out.join(" ")
    }
}

/// `accountId` -> `ACCOUNT_ID`.
pub fn value_name(param: &str) -> String {
    let mut out = String::new();
    for (i, c) in param.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}
