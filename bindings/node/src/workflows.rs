//! The core's workflows (`atlassian_admin::workflows`) for Node: offboarding, the inactive
//! users report, exports and the event tail. Steps, stop rules and records are the core's;
//! results cross as JSON text, streams as [`NativeItems`] batches.

use crate::client::NativeClient;
use crate::errors::{invalid_argument, to_napi};
use atlassian_admin::workflows::{self, Batches, Export, Offboard};
use futures::stream::BoxStream;
use futures::StreamExt;
use napi_derive::napi;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

type Items = BoxStream<'static, atlassian_admin::Result<Value>>;

/// A stream of JSON items from a workflow: `nextBatch()` until it resolves with `null`.
#[napi]
pub struct NativeItems {
    items: Arc<tokio::sync::Mutex<Batches>>,
}

fn items(s: Items) -> NativeItems {
    NativeItems { items: Arc::new(tokio::sync::Mutex::new(Batches::new(s))) }
}

#[napi]
impl NativeItems {
    /// Up to `n` items as JSON text (an array), `null` at the end (see `workflows::Batches`).
    #[napi]
    pub async fn next_batch(&self, n: Option<u32>) -> napi::Result<Option<String>> {
        let items = self.items.clone();
        let mut b = items.lock().await;
        Ok(b.next(n.unwrap_or(100) as usize).await.map_err(to_napi)?.map(|v| Value::Array(v).to_string()))
    }

    /// Ends the stream now.
    #[napi]
    pub fn close(&self) {
        if let Ok(mut g) = self.items.try_lock() {
            g.close();
        }
    }
}

/// An offboarding job (organization, dry run, SCIM client): `run(emailsJson)` per batch.
#[napi]
pub struct NativeOffboard {
    job: Offboard,
}

#[napi]
impl NativeOffboard {
    /// Offboards each e-mail of the JSON array; resolves with the audit records (JSON text).
    #[napi]
    pub async fn run(&self, emails_json: String, concurrency: Option<u32>) -> napi::Result<String> {
        let emails: Vec<String> = serde_json::from_str(&emails_json).map_err(|_| invalid_argument("offboard: emails must be an array of strings"))?;
        let records = self.job.run_all(emails, concurrency.unwrap_or(4) as usize).await.map_err(to_napi)?;
        Ok(Value::Array(records.iter().map(|r| r.to_json()).collect()).to_string())
    }
}

#[napi]
impl NativeClient {
    /// An offboarding job in `org_id`; `scim` (a SCIM client) deactivates SCIM-managed users.
    #[napi]
    pub fn offboard_job(&self, org_id: String, dry_run: bool, scim: Option<&NativeClient>) -> napi::Result<NativeOffboard> {
        let admin = self.admin_client()?;
        let mut job = Offboard::new(&admin, org_id).dry_run(dry_run);
        if let Some(s) = scim {
            job = job.scim(s.scim_client()?);
        }
        Ok(NativeOffboard { job })
    }

    /// Every item of one listing (`users`, `groups`, `api-tokens`, `api-keys`, `events`).
    #[napi]
    pub fn export(&self, org_id: String, what: String) -> napi::Result<NativeItems> {
        let admin = self.admin_client()?;
        let what = Export::from_name(&what).ok_or_else(|| invalid_argument(format!("export: `{what}` is not one of {:?}", Export::NAMES)))?;
        Ok(items(workflows::export(&admin, &org_id, what).map_err(to_napi)?))
    }

    /// Users inactive for more than `days` days (or never active).
    #[napi]
    pub fn inactive_users(&self, org_id: String, days: u32, concurrency: Option<u32>) -> napi::Result<NativeItems> {
        let admin = self.admin_client()?;
        let rows = workflows::inactive_users(&admin, &org_id, days, concurrency.unwrap_or(8) as usize).map_err(to_napi)?;
        Ok(items(
            rows.filter_map(|r| async move {
                match r {
                    Ok((Some(u), _)) => Some(Ok(serde_json::to_value(u).unwrap_or(Value::Null))),
                    Ok((None, _)) => None,
                    Err(e) => Some(Err(e)),
                }
            })
            .boxed(),
        ))
    }

    /// The audit log in time order (see `atlassian_admin::workflows::tail_events`).
    #[napi]
    pub fn tail_events(
        &self,
        org_id: String,
        from: Option<String>,
        actions: Option<Vec<String>>,
        follow: Option<bool>,
        interval_ms: Option<f64>,
    ) -> napi::Result<NativeItems> {
        let admin = self.admin_client()?;
        let every = match interval_ms {
            Some(ms) => crate::convert::millis("intervalMs", ms)?,
            None => workflows::EVENTS_POLL_INTERVAL,
        }
        .max(Duration::from_millis(10));
        Ok(items(workflows::tail_events(&admin, &org_id, from.as_deref(), actions.unwrap_or_default(), follow.unwrap_or(false), every)))
    }
}
