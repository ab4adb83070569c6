//! Credentials: environment variables or named profiles in a config file (mode 0600).
//!
//! With `--profile NAME` the profile's values are used; otherwise `ATLASSIAN_ADMIN_API_KEY`,
//! `ATLASSIAN_SCIM_API_KEY`, `ATLASSIAN_ORG_ID` and `ATLASSIAN_ADMIN_BASE_URL`, each falling back
//! to the `default` profile. Keys are never printed: [`Creds`]'s `Debug` hides them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One profile of the config file.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_api_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hide = |k: &Option<String>| k.as_ref().map(|_| "<redacted>");
        f.debug_struct("Profile")
            .field("api_key", &hide(&self.api_key))
            .field("scim_api_key", &hide(&self.scim_api_key))
            .field("org_id", &self.org_id)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// The config file: `[profiles.NAME]` tables.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// `ATLASSIAN_ADMIN_CONFIG`, else `$XDG_CONFIG_HOME/atlassian-admin/config.toml`, else
/// `~/.config/atlassian-admin/config.toml`.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ATLASSIAN_ADMIN_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("atlassian-admin").join("config.toml"))
}

/// Reads the config file; a missing file is an empty one.
pub fn load() -> Result<File, String> {
    let Some(p) = path() else { return Ok(File::default()) };
    match std::fs::read_to_string(&p) {
        Ok(text) => {
            warn_if_readable_by_others(&p);
            toml::from_str(&text).map_err(|e| format!("{}: {}", p.display(), e.message()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::default()),
        Err(e) => Err(format!("{}: {e}", p.display())),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(p: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(m) = std::fs::metadata(p) {
        if m.permissions().mode() & 0o077 != 0 {
            eprintln!("warning: {} holds API keys and can be read by others; run `chmod 600` on it", p.display());
        }
    }
}
#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &std::path::Path) {}

/// Writes the config file, created (or narrowed) to mode 0600 before any key is written.
pub fn save(file: &File) -> Result<PathBuf, String> {
    let p = path().ok_or("no config path: set ATLASSIAN_ADMIN_CONFIG or HOME")?;
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = toml::to_string(file).map_err(|e| e.to_string())?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(p)
}

/// The credentials a command runs with.
#[derive(Clone, Debug, Default)]
pub struct Creds(pub Profile);

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Resolves credentials for `--profile` (explicit) or the environment over the `default` profile.
pub fn creds(profile: Option<&str>, base_url_flag: Option<&str>) -> Result<Creds, String> {
    let file = load()?;
    let mut p = match profile {
        Some(name) => file
            .profiles
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no profile `{name}` in the config file (create it with `atlassian-admin configure --profile {name}`)"))?,
        None => {
            let d = file.profiles.get("default").cloned().unwrap_or_default();
            Profile {
                api_key: env("ATLASSIAN_ADMIN_API_KEY").or(d.api_key),
                scim_api_key: env("ATLASSIAN_SCIM_API_KEY").or(d.scim_api_key),
                org_id: env("ATLASSIAN_ORG_ID").or(d.org_id),
                base_url: env("ATLASSIAN_ADMIN_BASE_URL").or(d.base_url),
            }
        }
    };
    if let Some(u) = base_url_flag {
        p.base_url = Some(u.to_string());
    }
    Ok(Creds(p))
}
