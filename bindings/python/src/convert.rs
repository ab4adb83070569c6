//! JSON text in, JSON text out: the only data that crosses the boundary.

use atlassian_admin::{Error, Page};
use serde_json::Value;

/// Parses the arguments object of one call (`"{}"`, `"null"` or an object).
pub(crate) fn parse_args(text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::invalid_argument(format!("arguments are not valid JSON: {e}")))
}

/// Parses the argument objects of a bulk run (a JSON array).
pub(crate) fn parse_items(text: &str) -> Result<Vec<Value>, Error> {
    match parse_args(text)? {
        Value::Array(items) => Ok(items),
        other => Err(Error::invalid_argument(format!("bulk items must be a list, not {other}"))),
    }
}

/// Serializes an answer (`null` for operations without a body).
pub(crate) fn to_text(v: &Value) -> String {
    // Serializing a `Value` cannot fail: its map keys are strings.
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// One page as (items as a JSON array, next cursor, total).
pub(crate) type PageTuple = (String, Option<String>, Option<u64>);

pub(crate) fn page_tuple(p: Page<Value>) -> PageTuple {
    let items = serde_json::to_string(&p.items).unwrap_or_else(|_| "[]".into());
    (items, p.next_cursor, p.total)
}
