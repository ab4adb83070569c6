//! Every operation by name, with JSON arguments: the entry point of the Python and Node
//! bindings (and of scripts that hold operation names as data). Same transport, retries,
//! pagination and errors as the typed API; arguments are checked before anything is sent.

use crate::call::Call;
use crate::client::{AdminClient, ScimClient};
use crate::error::{Error, Result};
use crate::paginate::Paginator;
use atlassian_admin_raw::Operation;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

#[allow(clippy::all, unused_mut)]
#[rustfmt::skip] // generated (cargo xtask codegen); checked by `codegen --check`, not by rustfmt
#[path = "generated/dynamic.rs"]
mod generated;

/// JSON arguments of one call: parameters by their spec name (`orgId`) or in snake_case
/// (`org_id`), and the request body under `body`.
pub(crate) struct Args {
    map: Map<String, Value>,
    operation: String,
}

impl Args {
    fn new(args: Value, operation: &str) -> Result<Self> {
        let map = match args {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => return Err(Error::invalid_argument(format!("{operation}: arguments must be an object, not {other}"))),
        };
        Ok(Args { map, operation: operation.to_string() })
    }

    fn take(&mut self, name: &str, snake: &str) -> Option<Value> {
        self.map.remove(name).or_else(|| self.map.remove(snake)).filter(|v| !v.is_null())
    }

    pub(crate) fn path(&mut self, name: &str, snake: &str) -> Result<String> {
        match self.take(name, snake) {
            Some(Value::String(s)) => Ok(s),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(other) => Err(Error::invalid_argument(format!("{}: `{snake}` must be a string, not {other}", self.operation))),
            None => Err(Error::invalid_argument(format!("{}: `{snake}` is required", self.operation))),
        }
    }

    pub(crate) fn opt<T: DeserializeOwned>(&mut self, name: &str, snake: &str) -> Result<Option<T>> {
        let Some(v) = self.take(name, snake) else { return Ok(None) };
        // Query parameters typed as strings also take numbers and booleans.
        let v = match v {
            Value::Number(_) | Value::Bool(_) if serde_json::from_value::<T>(v.clone()).is_err() => Value::String(v.to_string()),
            v => v,
        };
        serde_json::from_value(v).map(Some).map_err(|e| Error::invalid_argument(format!("{}: `{snake}`: {e}", self.operation)))
    }

    pub(crate) fn body<T: DeserializeOwned>(&mut self) -> Result<T> {
        let v = self.map.remove("body").unwrap_or(Value::Null);
        if v.is_null() {
            return Err(Error::invalid_argument(format!("{}: a request body (`body`) is required", self.operation)));
        }
        serde_json::from_value(v).map_err(|e| Error::invalid_argument(format!("{}: body: {e}", self.operation)))
    }

    pub(crate) fn finish(self) -> Result<()> {
        if self.map.is_empty() {
            return Ok(());
        }
        let names: Vec<&String> = self.map.keys().collect();
        Err(Error::invalid_argument(format!("{}: unknown parameter(s) {names:?}", self.operation)))
    }
}

pub(crate) fn send<B>(call: Call<B>) -> atlassian_admin_raw::BoxFuture<'static, Result<Value>>
where
    B: Operation<'static>,
    B::Output: Serialize,
{
    call.send_value()
}

impl AdminClient {
    /// Sends any operation by family and operationId, with JSON arguments
    /// (`{"orgId": "...", "limit": 10, "body": {...}}`), and returns the JSON answer
    /// (`null` for operations without a body).
    pub async fn call_json(&self, family: &str, operation_id: &str, args: Value) -> Result<Value> {
        generated::call(&self.core, family, operation_id, Args::new(args, operation_id)?).await
    }

    /// A paginator of JSON items over any list operation.
    pub fn paginate_json(&self, family: &str, operation_id: &str, args: Value) -> Result<Paginator<Value>> {
        generated::paginate(&self.core, family, operation_id, Args::new(args, operation_id)?)
    }

    /// [`paginate_json`](Self::paginate_json) with each item as its raw JSON text, as the
    /// service sent it (checked to be JSON, never re-encoded): for callers that hand items on
    /// as text, such as a binding whose language parses JSON itself.
    pub fn paginate_raw(&self, family: &str, operation_id: &str, args: Value) -> Result<Paginator<Box<RawValue>>> {
        generated::paginate(&self.core, family, operation_id, Args::new(args, operation_id)?)
    }

    /// The request [`call_json`](Self::call_json) would send, checked the same way and not
    /// sent (a dry run). Bad arguments are the same [`Error`] the call would return.
    pub async fn preview_json(&self, family: &str, operation_id: &str, args: Value) -> Result<crate::Preview> {
        preview(self.call_json(family, operation_id, args)).await
    }
}

/// Runs a call in dry-run mode and returns what it would have sent.
async fn preview(call: impl std::future::Future<Output = Result<Value>>) -> Result<crate::Preview> {
    match crate::transport::dry_run(call).await {
        (_, Some(p)) => Ok(p),
        (Err(e), None) => Err(e),
        (Ok(_), None) => Err(Error::invalid_argument("the call made no request to preview")),
    }
}

impl AdminClient {
    /// Runs one operation over many argument objects with at most `concurrency` in flight
    /// (1 to 10,000; [`defaults::BULK_CONCURRENCY`](crate::config::defaults::BULK_CONCURRENCY)
    /// is 16): one outcome per item, in input order (see [`crate::bulk`]).
    pub async fn bulk_json(&self, family: &str, operation_id: &str, items: Vec<Value>, concurrency: usize) -> Result<Vec<Result<Value>>> {
        let n = crate::config::check_concurrency(concurrency)?;
        Ok(crate::bulk(items, n, |args| self.call_json(family, operation_id, args)).await)
    }
}

impl ScimClient {
    /// [`AdminClient::bulk_json`] for the SCIM family.
    pub async fn bulk_json(&self, operation_id: &str, items: Vec<Value>, concurrency: usize) -> Result<Vec<Result<Value>>> {
        let n = crate::config::check_concurrency(concurrency)?;
        Ok(crate::bulk(items, n, |args| self.call_json(operation_id, args)).await)
    }

    fn with_directory(&self, args: Value) -> Value {
        match args {
            Value::Object(mut m) => {
                if !m.contains_key("directoryId") && !m.contains_key("directory_id") {
                    m.insert("directoryId".into(), Value::String(self.directory_id.to_string()));
                }
                Value::Object(m)
            }
            Value::Null => serde_json::json!({ "directoryId": &*self.directory_id }),
            other => other,
        }
    }

    /// [`AdminClient::call_json`] for the SCIM family; `directoryId` defaults to this client's.
    pub async fn call_json(&self, operation_id: &str, args: Value) -> Result<Value> {
        let args = Args::new(self.with_directory(args), operation_id)?;
        generated::call(&self.core, "user-provisioning", operation_id, args).await
    }

    /// [`AdminClient::preview_json`] for the SCIM family.
    pub async fn preview_json(&self, operation_id: &str, args: Value) -> Result<crate::Preview> {
        preview(self.call_json(operation_id, args)).await
    }

    /// [`AdminClient::paginate_json`] for the SCIM family.
    pub fn paginate_json(&self, operation_id: &str, args: Value) -> Result<Paginator<Value>> {
        let args = Args::new(self.with_directory(args), operation_id)?;
        generated::paginate(&self.core, "user-provisioning", operation_id, args)
    }

    /// [`AdminClient::paginate_raw`] for the SCIM family.
    pub fn paginate_raw(&self, operation_id: &str, args: Value) -> Result<Paginator<Box<RawValue>>> {
        let args = Args::new(self.with_directory(args), operation_id)?;
        generated::paginate(&self.core, "user-provisioning", operation_id, args)
    }
}
