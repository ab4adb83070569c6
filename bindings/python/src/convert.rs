//! JSON text in, JSON text out: the only data that crosses the boundary.

use atlassian_admin::{Error, Page};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
use serde_json::value::RawValue;
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

/// One page as `(items, next_cursor, total)`, each item built as Python objects straight from
/// the service's JSON text (no intermediate tree).
pub(crate) fn page_tuple<'py>(py: Python<'py>, p: Page<Box<RawValue>>) -> PyResult<Bound<'py, PyTuple>> {
    let items = PyList::empty(py);
    for i in &p.items {
        items.append(raw_to_py(py, i)?)?;
    }
    (items, p.next_cursor, p.total).into_pyobject(py)
}

/// JSON text as Python objects, parsed by serde_json into them directly (its nesting limit
/// applies: deep documents are an error, not a stack overflow).
pub(crate) fn raw_to_py<'py>(py: Python<'py>, raw: &RawValue) -> PyResult<Bound<'py, PyAny>> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(raw.get());
    PySeed(py).deserialize(&mut de).map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("a list member does not decode: {e}")))
}

/// Builds one Python object from whatever a serde deserializer holds.
#[derive(Clone, Copy)]
struct PySeed<'py>(Python<'py>);

impl<'de, 'py> serde::de::DeserializeSeed<'de> for PySeed<'py> {
    type Value = Bound<'py, PyAny>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn py_err<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'py> serde::de::Visitor<'de> for PySeed<'py> {
    type Value = Bound<'py, PyAny>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.0, b).to_owned().into_any())
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        let Ok(o) = n.into_pyobject(self.0);
        Ok(o.into_any())
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        let Ok(o) = n.into_pyobject(self.0);
        Ok(o.into_any())
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        let Ok(o) = n.into_pyobject(self.0);
        Ok(o.into_any())
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.0, s).into_any())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.0);
        while let Some(key) = map.next_key_seed(PyKey(self.0))? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

/// An object key as a Python `str`.
struct PyKey<'py>(Python<'py>);

impl<'de, 'py> serde::de::DeserializeSeed<'de> for PyKey<'py> {
    type Value = Bound<'py, PyString>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V<'py>(Python<'py>);
        impl<'de, 'py> serde::de::Visitor<'de> for V<'py> {
            type Value = Bound<'py, PyString>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(PyString::new(self.0, s))
            }
        }
        d.deserialize_str(V(self.0))
    }
}
