//! JSON text in, JSON text out: the only data that crosses the boundary.

use atlassian_admin::{Error, Page};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
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

/// A JSON value as Python objects (dict, list, str, int, float, bool, None), built directly
/// rather than through JSON text and `json.loads`.
pub(crate) fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for i in items {
                list.append(to_py(py, i)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let dict = PyDict::new(py);
            for (k, v) in m {
                dict.set_item(PyString::new(py, k), to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// One page as `(items, next_cursor, total)`, items as Python objects.
pub(crate) fn page_tuple<'py>(py: Python<'py>, p: Page<Value>) -> PyResult<Bound<'py, PyTuple>> {
    let items = PyList::empty(py);
    for i in &p.items {
        items.append(to_py(py, i)?)?;
    }
    (items, p.next_cursor, p.total).into_pyobject(py)
}
