//! One error type for every operation of every family.

use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// What went wrong, coarsely: match on this, not on messages.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An argument was rejected before anything was sent.
    InvalidArgument,
    /// 400: the service rejected the request.
    BadRequest,
    /// 401: missing, wrong or expired key.
    Unauthorized,
    /// 402 or 403: the key may not do this (or the plan does not include it).
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 409: the request conflicts with the resource's state (duplicate SCIM name, ...).
    Conflict,
    /// 429 after every retry the policy allowed.
    RateLimited,
    /// 5xx after every retry the policy allowed (or a non-idempotent request that got a 5xx).
    Server,
    /// Any other unexpected status.
    UnexpectedStatus,
    /// The connection failed or broke off.
    Transport,
    /// The request timed out.
    Timeout,
    /// The response body was not what the operation returns.
    Decode,
    /// The response body exceeded the client's size limit.
    ResponseTooLarge,
}

impl ErrorKind {
    /// Every kind, in declaration order: what the bindings map to their error classes.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::InvalidArgument,
        ErrorKind::BadRequest,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::UnexpectedStatus,
        ErrorKind::Transport,
        ErrorKind::Timeout,
        ErrorKind::Decode,
        ErrorKind::ResponseTooLarge,
    ];

    /// The kind's stable name (`"NotFound"`), the same in every language; never changes once
    /// released.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "InvalidArgument",
            ErrorKind::BadRequest => "BadRequest",
            ErrorKind::Unauthorized => "Unauthorized",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::Conflict => "Conflict",
            ErrorKind::RateLimited => "RateLimited",
            ErrorKind::Server => "Server",
            ErrorKind::UnexpectedStatus => "UnexpectedStatus",
            ErrorKind::Transport => "Transport",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Decode => "Decode",
            ErrorKind::ResponseTooLarge => "ResponseTooLarge",
        }
    }

    /// The kind of a stable name.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error from any operation: the kind, and whatever the service said about it.
///
/// ```no_run
/// # async fn f(client: atlassian_admin::AdminClient) {
/// use atlassian_admin::ErrorKind;
/// match client.org("ORG").domain("DOMAIN").get().await {
///     Ok(domain) => println!("{domain:?}"),
///     Err(e) if e.kind() == ErrorKind::NotFound => println!("no such domain"),
///     Err(e) if e.is_retryable() => println!("try later (after {:?}): {e}", e.retry_after()),
///     Err(e) => println!("{e} (request {:?}, code {:?})", e.request_id(), e.code()),
/// }
/// # }
/// ```
pub struct Error(Box<ErrorFields>);

/// The fields of an [`Error`], boxed so that a `Result` stays one pointer wide on its error
/// side; read them through `Error`'s methods.
#[doc(hidden)]
pub struct ErrorFields {
    pub(crate) kind: ErrorKind,
    pub(crate) status: Option<u16>,
    pub(crate) code: Option<String>,
    pub(crate) message: String,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Option<String>,
    pub(crate) operation: Option<&'static str>,
    pub(crate) attempts: u32,
    pub(crate) maybe_sent: bool,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// Longest body excerpt kept in an error.
const EXCERPT: usize = 2048;

impl std::ops::Deref for Error {
    type Target = ErrorFields;
    fn deref(&self) -> &ErrorFields {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorFields {
        &mut self.0
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorFields {
            kind,
            status: None,
            code: None,
            message: message.into(),
            request_id: None,
            retry_after: None,
            body: None,
            operation: None,
            attempts: 0,
            maybe_sent: false,
            source: None,
        }))
    }

    pub(crate) fn with_attempts(mut self, attempts: u32, maybe_sent: bool) -> Self {
        self.attempts = attempts;
        self.maybe_sent = maybe_sent;
        self
    }

    /// The error for a failure the transport decided locally.
    pub(crate) fn from_local(local: crate::transport::Local) -> Self {
        match local {
            crate::transport::Local::TooLarge { status, limit } => {
                let mut e = Error::new(ErrorKind::ResponseTooLarge, format!("response body larger than the {limit}-byte limit"));
                e.status = Some(status);
                e
            }
            crate::transport::Local::Invalid(why) => Error::invalid_argument(why),
        }
    }

    /// An argument error (nothing was sent).
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn with_source(mut self, e: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(e));
        self
    }

    pub(crate) fn with_operation(mut self, op: &'static str) -> Self {
        self.operation = Some(op);
        self
    }

    pub(crate) fn with_body(mut self, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let mut cut = text.len().min(EXCERPT);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.body = Some(text[..cut].to_string());
        self
    }

    /// Builds the error for a non-2xx answer from its status, headers and body.
    pub(crate) fn from_response(status: u16, headers: &http::HeaderMap, body: &[u8]) -> Self {
        let kind = match status {
            400 | 422 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            402 | 403 => ErrorKind::Forbidden,
            404 | 410 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        };
        let parsed = serde_json::from_slice::<Value>(body).ok();
        let (code, message) = parsed.as_ref().map(describe_body).unwrap_or((None, None));
        let mut e = Error::new(kind, message.unwrap_or_else(|| format!("HTTP {status}")));
        e.status = Some(status);
        e.code = code;
        e.request_id = request_id(headers);
        e.retry_after = crate::transport::retry_hint(headers);
        if !body.is_empty() {
            e = e.with_body(body);
        }
        e
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// Atlassian's error code (`ADMIN-404-1`, a user-management `key`, a SCIM `scimType`, ...).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The request or trace ID the service returned, for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// How long the service asked us to wait (429, 503).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
    /// The start of the response body (at most 2 KiB).
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
    /// The operationId that failed.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }
    /// How many times the request was sent (0: it never left the process).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
    /// Whether the request may have reached the server (so a write may have been applied).
    /// `false` means it surely did not: it was refused locally or no connection was made.
    pub fn maybe_sent(&self) -> bool {
        self.maybe_sent
    }
    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self.kind, ErrorKind::RateLimited | ErrorKind::Transport | ErrorKind::Timeout) || matches!(self.status, Some(502..=504))
    }
}

/// Finds a code and a message in any of the error-body shapes the admin APIs use:
/// `{"errors":[{code,title,detail}]}`, `{code,message}`, `{key,...}`, SCIM `{status,scimType,detail}`.
fn describe_body(v: &Value) -> (Option<String>, Option<String>) {
    if let Some(first) = v.get("errors").and_then(Value::as_array).and_then(|a| a.first()) {
        let (c, m) = describe_body(first);
        if c.is_some() || m.is_some() {
            return (c, m);
        }
    }
    let text = |k: &str| match v.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let code = ["code", "key", "scimType", "errorCode", "error"].iter().find_map(|k| text(k));
    let message = ["message", "detail", "title", "error_description", "errorMessage", "errorKey"]
        .iter()
        .find_map(|k| text(k))
        .or_else(|| v.get("context").and_then(|c| c.get("message")).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string));
    (code, message)
}

fn request_id(headers: &http::HeaderMap) -> Option<String> {
    ["x-trace-id", "atl-traceid", "x-request-id", "x-b3-traceid"].iter().find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()).map(str::to_string))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        write!(f, "{}", self.kind)?;
        match (self.status, &self.code) {
            (Some(s), Some(c)) => write!(f, " (HTTP {s}, {c})")?,
            (Some(s), None) => write!(f, " (HTTP {s})")?,
            (None, Some(c)) => write!(f, " ({c})")?,
            _ => {}
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("retry_after", &self.retry_after)
            .field("operation", &self.operation)
            .field("attempts", &self.attempts)
            .field("maybe_sent", &self.maybe_sent)
            .field("body", &self.body)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a raw client error into ours.
pub(crate) async fn from_raw(e: atlassian_admin_raw::Error<()>, op: &'static str) -> Error {
    use atlassian_admin_raw::Error as R;
    let err = match e {
        R::InvalidRequest(m) => Error::invalid_argument(m),
        R::CommunicationError(e) | R::ResponseBodyError(e) => transport_error(e),
        R::InvalidUpgrade(e) => transport_error(e),
        R::InvalidResponsePayload(bytes, e) => Error::new(ErrorKind::Decode, format!("response body does not decode: {e}")).with_body(&bytes).with_source(e),
        R::UnexpectedResponse(resp) => {
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            match resp.bytes().await {
                Ok(body) => Error::from_response(status, &headers, &body),
                Err(e) => transport_error(e),
            }
        }
        R::ErrorResponse(rv) => Error::from_response(rv.status().as_u16(), rv.headers(), b""),
        R::Custom(m) => Error::new(ErrorKind::Transport, m),
    };
    err.with_operation(op)
}

pub(crate) fn transport_error(e: reqwest::Error) -> Error {
    // reqwest's Display includes the URL; paths carry IDs, never keys.
    let kind = if e.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Transport };
    Error::new(kind, e.to_string()).with_source(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_error_body_shape() {
        let cases = [
            (
                json!({"errors": [{"id": "1", "status": "404", "code": "ADMIN-404-1", "title": "Not Found", "detail": "No such org"}]}),
                "ADMIN-404-1",
                "No such org",
            ),
            (json!({"code": 401, "message": "Unauthorized; scope does not match"}), "401", "Unauthorized; scope does not match"),
            (json!({"key": "blocked.exportControl", "context": {"message": "blocked"}}), "blocked.exportControl", "blocked"),
            (
                json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness", "detail": "exists"}),
                "uniqueness",
                "exists",
            ),
            (json!({"code": "INVALID", "message": "bad", "errors": []}), "INVALID", "bad"),
            (json!({"errors": [{"code": "X", "title": "T"}]}), "X", "T"),
        ];
        for (body, code, message) in cases {
            let e = Error::from_response(400, &http::HeaderMap::new(), body.to_string().as_bytes());
            assert_eq!(e.code(), Some(code), "{body}");
            assert_eq!(e.message(), message, "{body}");
            assert_eq!(e.body(), Some(body.to_string().as_str()));
        }
        // An empty message under `context` says nothing either (found by a property test).
        let e = Error::from_response(400, &http::HeaderMap::new(), br#"{"key": "k", "context": {"message": ""}}"#);
        assert_eq!((e.code(), e.message()), (Some("k"), "HTTP 400"));
        // No body, or not JSON: the status speaks.
        let e = Error::from_response(429, &http::HeaderMap::new(), b"");
        assert_eq!((e.kind(), e.message()), (ErrorKind::RateLimited, "HTTP 429"));
        let mut h = http::HeaderMap::new();
        h.insert("atl-traceid", http::HeaderValue::from_static("abc123"));
        let e = Error::from_response(503, &h, b"<html>busy</html>");
        assert_eq!((e.kind(), e.request_id()), (ErrorKind::Server, Some("abc123")));
        assert!(e.is_retryable());
    }

    #[test]
    fn kinds_have_stable_distinct_names() {
        let names: std::collections::HashSet<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_name(k.name()), Some(*k));
            assert_eq!(format!("{k:?}"), k.name(), "the name is the variant's");
        }
    }

    #[test]
    fn body_excerpts_are_bounded() {
        let big = "é".repeat(5000);
        let e = Error::from_response(500, &http::HeaderMap::new(), big.as_bytes());
        assert!(e.body().unwrap().len() <= 2048);
    }
}

/// Property tests of the error-body parser, and the JSON generator the other modules' property
/// tests share.
#[cfg(test)]
pub(crate) mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// Member names: the ones the parsers look for (so random values often hit a real shape),
    /// and arbitrary text.
    pub(crate) fn key() -> impl Strategy<Value = String> {
        const NAMES: &str = "errors code key scimType errorCode error message detail title error_description errorMessage errorKey context status \
                             data links meta next cursor total startIndex itemsPerPage totalResults Resources";
        prop_oneof![prop::sample::select(NAMES.split_whitespace().collect::<Vec<_>>()).prop_map(str::to_string), "\\PC{0,10}"]
    }

    /// Any JSON value, up to a few levels deep.
    pub(crate) fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            // Finite numbers whose text reads back the same (serde_json's default float parser is
            // not exact to the last bit, which is not what these tests are about).
            any::<f64>().prop_filter_map("a number that reads back", |f| {
                let n = serde_json::Number::from_f64(f)?;
                (serde_json::from_str::<f64>(&n.to_string()).ok()? == f).then_some(Value::Number(n))
            }),
            "\\PC{0,16}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    /// The kind every status maps to, written out again independently.
    fn kind_of(status: u16) -> ErrorKind {
        match status {
            400 | 422 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            402 | 403 => ErrorKind::Forbidden,
            404 | 410 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimited,
            s if (500..600).contains(&s) => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        }
    }

    /// Adds members the parser does not look at (`x-` names) to an object.
    fn with_noise(mut shape: Value, noise: Vec<(String, Value)>) -> Value {
        if let Value::Object(m) = &mut shape {
            for (k, v) in noise {
                m.insert(format!("x-{k}"), v);
            }
        }
        shape
    }

    fn non_empty() -> impl Strategy<Value = String> {
        "\\PC{1,24}"
    }

    const CODE_KEYS: [&str; 5] = ["code", "key", "scimType", "errorCode", "error"];
    const MESSAGE_KEYS: [&str; 6] = ["message", "detail", "title", "error_description", "errorMessage", "errorKey"];

    /// A value for one recognised member: usable text, a number, or something to skip.
    fn field() -> impl Strategy<Value = Value> {
        prop_oneof![
            non_empty().prop_map(Value::String),
            Just(Value::String(String::new())),
            any::<i32>().prop_map(Value::from),
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            Just(json!({"nested": "no"})),
        ]
    }

    /// What the documented precedence says an object describes: the first usable code and
    /// message member in order, then `context.message`; text must be non-empty.
    fn expected(v: &Value, status: u16) -> (Option<String>, String) {
        let usable = |x: Option<&Value>| match x {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let code = CODE_KEYS.iter().find_map(|k| usable(v.get(k)));
        let message = MESSAGE_KEYS.iter().find_map(|k| usable(v.get(k))).or_else(|| match v.pointer("/context/message") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        });
        (code, message.unwrap_or_else(|| format!("HTTP {status}")))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn members_are_read_in_their_documented_order(
            codes in prop::collection::vec(prop::option::of(field()), CODE_KEYS.len()),
            messages in prop::collection::vec(prop::option::of(field()), MESSAGE_KEYS.len()),
            context in prop::option::of(field()),
            under_errors in any::<bool>(),
        ) {
            let mut m = serde_json::Map::new();
            for (k, v) in CODE_KEYS.iter().zip(codes).chain(MESSAGE_KEYS.iter().zip(messages)) {
                if let Some(v) = v {
                    m.insert(k.to_string(), v);
                }
            }
            if let Some(c) = context {
                m.insert("context".into(), json!({"message": c}));
            }
            let v = Value::Object(m);
            let want = expected(&v, 409);
            let body = if under_errors { json!({"errors": [v]}) } else { v };
            let e = Error::from_response(409, &http::HeaderMap::new(), body.to_string().as_bytes());
            prop_assert_eq!((e.code().map(str::to_string), e.message().to_string()), want, "{}", body);
        }

        #[test]
        fn any_bytes_make_an_error_of_the_status_kind(status in 100u16..1000, body in prop::collection::vec(any::<u8>(), 0..4096)) {
            let e = Error::from_response(status, &http::HeaderMap::new(), &body);
            prop_assert_eq!(e.kind(), kind_of(status));
            prop_assert_eq!(e.status(), Some(status));
            prop_assert!(!e.message().is_empty());
            let lossy = String::from_utf8_lossy(&body);
            match e.body() {
                None => prop_assert!(body.is_empty()),
                Some(b) => prop_assert!(b.len() <= EXCERPT && lossy.starts_with(b) && (b.len() == lossy.len() || b.len() + 4 > EXCERPT), "{:?}", b),
            }
            let _ = (e.to_string(), format!("{e:?}"));
        }

        #[test]
        fn any_json_body_gives_a_message_and_never_panics(status in 400u16..600, v in json()) {
            let text = v.to_string();
            let e = Error::from_response(status, &http::HeaderMap::new(), text.as_bytes());
            prop_assert_eq!(e.kind(), kind_of(status));
            prop_assert!(!e.message().is_empty(), "empty message for {}", text);
            prop_assert!(e.code().is_none_or(|c| !c.is_empty()), "empty code for {}", text);
            // The same value under `errors`, as the first entry: it is described the same way
            // when it describes anything.
            let wrapped = Error::from_response(status, &http::HeaderMap::new(), json!({"errors": [v]}).to_string().as_bytes());
            let described = e.code().is_some() || e.message() != format!("HTTP {status}");
            if described && v.get("errors").is_none() {
                prop_assert_eq!((wrapped.code(), wrapped.message()), (e.code(), e.message()));
            }
        }

        #[test]
        fn every_family_shape_yields_its_code_and_message(
            shape in 0usize..7,
            code in non_empty(),
            number in any::<u32>(),
            message in non_empty(),
            noise in prop::collection::vec(("\\PC{0,8}", json()), 0..4),
            rest in prop::collection::vec(json(), 0..3),
        ) {
            let (body, want_code) = match shape {
                // the organization family (JSON:API errors), with later entries ignored
                0 => {
                    let mut errors = vec![json!({"id": "1", "status": "404", "code": code, "title": "Not Found", "detail": message})];
                    errors.extend(rest);
                    (json!({"errors": errors}), code.clone())
                }
                1 => (json!({"code": code, "message": message}), code.clone()),
                // a numeric code, as the gateway sends
                2 => (json!({"code": number, "message": message}), number.to_string()),
                // user management: a key, the message under context
                3 => (json!({"key": code, "context": {"message": message}}), code.clone()),
                // SCIM
                4 => (json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": code, "detail": message}), code.clone()),
                // OAuth style
                5 => (json!({"error": code, "error_description": message}), code.clone()),
                _ => (json!({"errorCode": code, "errorMessage": message}), code.clone()),
            };
            let body = with_noise(body, noise).to_string();
            let e = Error::from_response(400, &http::HeaderMap::new(), body.as_bytes());
            prop_assert_eq!(e.code(), Some(want_code.as_str()), "{}", body);
            prop_assert_eq!(e.message(), message.as_str(), "{}", body);
        }
    }
}
