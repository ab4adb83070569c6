//! Bearer-key checks, done before routing to handlers.

use crate::errors::{self, Family};
use crate::App;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Which configured key a request carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Org,
    Scim,
    OtherOrg,
}

/// The bearer token of a request, if any.
pub fn bearer(req: &Request) -> Option<String> {
    let h = req.headers().get("authorization")?.to_str().ok()?;
    let (scheme, token) = h.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

fn unauthorized(family: Family) -> Response {
    match family {
        Family::UserManagement => errors::error(family, 401, "unauthorized", "Unauthorized"),
        Family::Scim | Family::ScimAdmin => errors::error(family, 401, "", "Unauthorized"),
        _ => errors::json_response(401, &errors::gateway_body(401, "Unauthorized; scope does not match")),
    }
}

fn segment_after<'a>(segs: &[&'a str], name: &str) -> Option<&'a str> {
    segs.iter().position(|s| *s == name).and_then(|i| segs.get(i + 1)).copied()
}

/// Enforce key kind, organization and directory of the path.
pub async fn middleware(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let Some(family) = Family::of(&path) else { return next.run(req).await };
    let cfg = app.config();
    let kind = match bearer(&req) {
        Some(k) if k == cfg.org_api_key => KeyKind::Org,
        Some(k) if k == cfg.scim_api_key => KeyKind::Scim,
        Some(k) if k == cfg.other_org_api_key => KeyKind::OtherOrg,
        _ => return unauthorized(family),
    };
    let segs: Vec<&str> = path.split('/').collect();
    let (org_id, dir_id) = {
        let st = app.st();
        (st.org_id.clone(), st.directory_id.clone())
    };
    if family == Family::Scim {
        if kind != KeyKind::Scim {
            return unauthorized(family);
        }
        if segs.get(3).copied() != Some(dir_id.as_str()) {
            return errors::error(family, 404, "", "Directory not found.");
        }
    } else {
        match kind {
            KeyKind::Scim => return unauthorized(family),
            KeyKind::OtherOrg => {
                // Listing organizations is allowed: it shows the caller's own organization.
                let listing = path.trim_end_matches('/') == "/admin/v1/orgs";
                if !listing {
                    return errors::error(family, 403, errors::default_code(family, 403), "The API key does not grant access to this organization.");
                }
            }
            KeyKind::Org => {
                let org_seg = segment_after(&segs, "orgs").or_else(|| segment_after(&segs, "org"));
                if let Some(o) = org_seg {
                    if !o.is_empty() && o != org_id {
                        let status = match family {
                            Family::ApiAccess | Family::Dlp => 403,
                            _ => 404,
                        };
                        return errors::error(family, status, errors::default_code(family, status), "Organization not found.");
                    }
                }
                if family == Family::Organization {
                    if let Some(d) = segment_after(&segs, "directories") {
                        if !d.is_empty() && d != "-" && d != dir_id {
                            return errors::err(family, 404, "Directory not found.");
                        }
                    }
                }
            }
        }
    }
    req.extensions_mut().insert(kind);
    next.run(req).await
}
