//! Output formats: `json`, `ndjson`, `csv` and `table`, written item by item (a listing is
//! streamed in constant memory; a table is laid out a block of rows at a time).

use serde_json::{Map, Value};
use std::io::{self, Write};

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
    Csv,
    Table,
}

impl Format {
    pub const NAMES: [&'static str; 4] = ["json", "ndjson", "csv", "table"];

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "json" => Format::Json,
            "ndjson" => Format::Ndjson,
            "csv" => Format::Csv,
            "table" => Format::Table,
            _ => return None,
        })
    }
}

const TABLE_BLOCK: usize = 100;
const CELL_MAX: usize = 48;

/// Writes a stream of items (or one value) in a [`Format`].
pub struct Sink<W: Write> {
    format: Format,
    out: W,
    items: usize,
    columns: Option<Vec<String>>,
    block: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
}

/// Top-level members of an object as columns: nested objects flattened with dots, arrays and
/// other values as compact JSON, `null` as empty.
pub fn flatten(v: &Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, x) in m {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, x, out);
                }
            }
            Value::Null => out.push((prefix.to_string(), String::new())),
            Value::String(s) => out.push((prefix.to_string(), s.clone())),
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut out = vec![];
    match v {
        Value::Object(_) => walk("", v, &mut out),
        other => walk("value", other, &mut out),
    }
    out
}

fn cell(s: &str) -> String {
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() > CELL_MAX {
        one_line.chars().take(CELL_MAX - 1).chain(['…']).collect()
    } else {
        one_line
    }
}

impl<W: Write> Sink<W> {
    pub fn new(format: Format, out: W) -> Self {
        Sink { format, out, items: 0, columns: None, block: vec![], widths: None }
    }

    /// One item of a listing (or one outcome of a bulk run).
    pub fn item(&mut self, v: &Value) -> io::Result<()> {
        self.items += 1;
        match self.format {
            Format::Json => {
                let sep = if self.items == 1 { "[\n  " } else { ",\n  " };
                write!(self.out, "{sep}{v}")
            }
            Format::Ndjson => writeln!(self.out, "{v}"),
            Format::Csv | Format::Table => {
                let flat = flatten(v);
                let columns = self.columns.get_or_insert_with(|| flat.iter().map(|(k, _)| k.clone()).collect()).clone();
                let row: Vec<String> = columns.iter().map(|c| flat.iter().find(|(k, _)| k == c).map(|(_, x)| x.clone()).unwrap_or_default()).collect();
                if self.format == Format::Csv {
                    if self.items == 1 {
                        self.csv_row(&columns)?;
                    }
                    self.csv_row(&row)
                } else {
                    self.block.push(row);
                    if self.block.len() >= TABLE_BLOCK {
                        self.flush_table()?;
                    }
                    Ok(())
                }
            }
        }
    }

    fn csv_row(&mut self, fields: &[String]) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new().from_writer(vec![]);
        w.write_record(fields).map_err(io::Error::other)?;
        let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&bytes)
    }

    fn flush_table(&mut self) -> io::Result<()> {
        let Some(columns) = self.columns.clone() else { return Ok(()) };
        let first = self.widths.is_none();
        let widths = self
            .widths
            .get_or_insert_with(|| {
                (0..columns.len())
                    .map(|i| self.block.iter().map(|r| cell(&r[i]).chars().count()).chain([cell(&columns[i]).chars().count()]).max().unwrap_or(0))
                    .collect()
            })
            .clone();
        let line = |cells: &[String]| -> String {
            cells.iter().zip(&widths).map(|(c, w)| format!("{:<w$}", cell(c), w = *w)).collect::<Vec<_>>().join("  ").trim_end().to_string()
        };
        if first {
            writeln!(self.out, "{}", line(&columns.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>()))?;
        }
        for r in std::mem::take(&mut self.block) {
            writeln!(self.out, "{}", line(&r))?;
        }
        Ok(())
    }

    /// Ends a listing: closes the JSON array, lays out the last table block.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => {
                if self.items == 0 {
                    writeln!(self.out, "[]")?;
                } else {
                    writeln!(self.out, "\n]")?;
                }
            }
            Format::Table => self.flush_table()?,
            _ => {}
        }
        self.out.flush()
    }

    /// One answer of a single call: JSON pretty-printed, NDJSON one line, CSV and table one row
    /// (or a row per element of an array).
    pub fn single(mut self, v: &Value) -> io::Result<()> {
        match (self.format, v) {
            (Format::Json, _) => {
                let text = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
                writeln!(self.out, "{text}")?;
                self.out.flush()
            }
            (Format::Ndjson, _) => {
                writeln!(self.out, "{v}")?;
                self.out.flush()
            }
            (_, Value::Array(items)) => {
                for x in items {
                    self.item(x)?;
                }
                self.finish()
            }
            (_, Value::Null) => self.out.flush(),
            _ => {
                self.item(v)?;
                self.finish()
            }
        }
    }
}

/// An object with only the given members (for summaries of outcomes).
pub fn object(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(f: Format, items: &[Value]) -> String {
        let mut buf = vec![];
        let mut s = Sink::new(f, &mut buf);
        for i in items {
            s.item(i).unwrap();
        }
        s.finish().unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn formats() {
        let items = [json!({"id": "a", "n": {"x": 1}, "tags": ["p", "q"]}), json!({"id": "b,c", "n": null, "extra": true})];
        assert_eq!(render(Format::Ndjson, &items).lines().count(), 2);
        let j: Value = serde_json::from_str(&render(Format::Json, &items)).unwrap();
        assert_eq!(j.as_array().unwrap().len(), 2);
        assert_eq!(render(Format::Json, &[]).trim(), "[]");
        let csv = render(Format::Csv, &items);
        assert_eq!(csv.lines().next().unwrap(), "id,n.x,tags");
        assert_eq!(csv.lines().nth(2).unwrap(), "\"b,c\",,", "the second row keeps the first row's columns");
        let table = render(Format::Table, &items);
        assert!(table.starts_with("ID "), "{table}");
        assert!(table.contains("[\"p\",\"q\"]"));
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(200);
        let t = render(Format::Table, &[json!({"a": long})]);
        assert!(t.lines().nth(1).unwrap().chars().count() <= CELL_MAX);
    }
}
