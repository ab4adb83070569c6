//! Shared paging helpers: opaque cursors and page slicing.
//!
//! Cursors are URL-safe base64 of a small JSON document. Each family decides
//! what goes into it: a plain offset (filters re-sent by the client), a
//! keyset position (audit events), or offset plus the original query
//! (v2 directory lists, where the cursor alone continues the search).

use serde_json::{json, Value};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 4 / 3 + 3);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let mut vals = Vec::with_capacity(s.len());
    for c in s.bytes() {
        vals.push(ALPHABET.iter().position(|&a| a == c)? as u32);
    }
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// Encode an arbitrary JSON value as an opaque cursor.
pub fn encode(v: &Value) -> String {
    b64_encode(v.to_string().as_bytes())
}

/// Decode a cursor made by [`encode`]; `None` when it is not one of ours.
pub fn decode(s: &str) -> Option<Value> {
    let bytes = b64_decode(s.trim_end_matches('='))?;
    serde_json::from_slice(&bytes).ok()
}

/// Cursor holding only an offset.
pub fn offset_cursor(offset: usize) -> String {
    encode(&json!({ "o": offset }))
}

/// Offset stored in a cursor (`None` = invalid cursor).
pub fn cursor_offset(s: &str) -> Option<usize> {
    decode(s)?.get("o")?.as_u64().map(|o| o as usize)
}

/// Cursor holding an offset and the query that produced the list.
pub fn query_cursor(offset: usize, query: &Value) -> String {
    encode(&json!({ "o": offset, "q": query }))
}

/// Decode a [`query_cursor`].
pub fn decode_query_cursor(s: &str) -> Option<(usize, Value)> {
    let v = decode(s)?;
    let o = v.get("o")?.as_u64()? as usize;
    Some((o, v.get("q").cloned().unwrap_or(Value::Null)))
}

/// One page of `items` starting at `offset`, with the offset of the next page if any.
pub fn slice<T>(items: &[T], offset: usize, limit: usize) -> (&[T], Option<usize>) {
    let start = offset.min(items.len());
    let end = (start + limit).min(items.len());
    let next = if end < items.len() { Some(end) } else { None };
    (&items[start..end], next)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn roundtrip() {
        for s in ["", "a", "ab", "abc", "abcd", "{\"o\":12}"] {
            assert_eq!(b64_decode(&b64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(cursor_offset(&offset_cursor(250)), Some(250));
        assert_eq!(cursor_offset("!!"), None);
    }
}
