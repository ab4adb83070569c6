//! `open_enum!`: the shape of every generated enum (see `xtask/src/enums.rs`).
//!
//! One variant per documented value plus `Unknown(String)`, which keeps any other value as
//! received: a value the API added later, or one of another shape (a number, an object: its
//! JSON text). Known values are recognised ignoring ASCII case and are sent in the spec's
//! spelling; an `Unknown` value is sent back exactly as it came.

macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value not in the spec, kept as received.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The values the spec documents, in its order and spelling.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(s) => s.as_str(),
                }
            }

            /// Whether this is a value the spec does not document.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $(if s.eq_ignore_ascii_case($value) {
                    return Self::$variant;
                })*
                Self::Unknown(s.to_string())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match Self::from(s.as_str()) {
                    Self::Unknown(_) => Self::Unknown(s),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                Ok(match <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)? {
                    ::serde_json::Value::String(s) => Self::from(s),
                    other => Self::Unknown(other.to_string()),
                })
            }
        }
    };
}

/// `open_union!`: a `oneOf` whose alternatives a tag tells apart (see `xtask/src/unions.rs`).
/// The tag picks the alternative; another tag value, or JSON that alternative does not decode,
/// is `Other` with the value as received. Sent as the alternative's own JSON.
macro_rules! open_union {
    ($(#[$doc:meta])* $name:ident [$($tag:literal),+] { $($(#[$vdoc:meta])* $variant:ident($ty:ty) = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant($ty),)*
            /// Another shape (a new tag value, or one its alternative does not decode), as received.
            Other(::serde_json::Value),
        }

        impl $name {
            /// The tag of a JSON value (its text), if it has one.
            fn tag_of(v: &::serde_json::Value) -> ::std::option::Option<::std::string::String> {
                let cur = v;
                $(let cur = cur.get($tag)?;)+
                Some(match cur {
                    ::serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            }
        }

        $(impl ::std::convert::From<$ty> for $name {
            fn from(v: $ty) -> Self {
                Self::$variant(v)
            }
        })*

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(v) => ::serde::Serialize::serialize(v, serializer),)*
                    Self::Other(v) => ::serde::Serialize::serialize(v, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let v = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = Self::tag_of(&v);
                $(if tag.as_deref().is_some_and(|t| t.eq_ignore_ascii_case($value)) {
                    return Ok(match ::serde_json::from_value::<$ty>(v.clone()) {
                        Ok(x) => Self::$variant(x),
                        Err(_) => Self::Other(v),
                    });
                })*
                Ok(Self::Other(v))
            }
        }
    };
}
