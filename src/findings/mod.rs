//! The findings registry (`patterns/findings.toml`) and the typed code every
//! [`crate::model::Finding`] carries.
//!
//! It sits beside the pipeline, like the indicator registry: validate (and
//! the provenance step) construct findings with a [`FindingCode`], emit
//! writes the code as the finding's `rule` and `cchc check` points at
//! `cchc explain CODE`. A code is valid only when it is registered, so a
//! check cannot report a kind of finding that nobody has explained.

pub mod codes;
pub mod explain;
pub mod registry;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use registry::{Entry, Lang, Registry, Texts};

/// The code of a finding, e.g. `sum.table_column`: registered in
/// `patterns/findings.toml`. Serialized as the plain string, so the JSON
/// output contract (`"rule": "sum.table_column"`) is unchanged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FindingCode(&'static str);

/// A code that is not in the registry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code '{code}' (not in patterns/findings.toml)")]
pub struct UnknownCode {
    pub code: String,
}

impl FindingCode {
    /// The registered code spelled `code`; also accepts the bare kind of a
    /// read error (`lossy_encoding` for `read.lossy_encoding`), the way the
    /// JSON `errors[].kind` and standard error spell it.
    pub fn parse(code: &str) -> Result<FindingCode, UnknownCode> {
        let reg = Registry::builtin();
        reg.get(code)
            .or_else(|| reg.get(&format!("read.{code}")))
            .map(|e| FindingCode(e.code.as_str()))
            .ok_or_else(|| UnknownCode {
                code: code.to_string(),
            })
    }

    /// The code `cchc check` gives a read error of this kind.
    pub fn of_read_error(kind: crate::model::ErrorKind) -> FindingCode {
        FindingCode::parse(&format!("read.{}", kind.as_str()))
            .expect("every read error kind is registered (tested)")
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The registry's entry: severity, summaries, explanation.
    pub fn entry(self) -> &'static Entry {
        Registry::builtin()
            .get(self.0)
            .expect("every code constant is registered (tested)")
    }
}

// A code reads as the string it is wherever a `&str` is wanted (CSV cells,
// SQL parameters, HTML), so that emitters need no conversion.
impl std::ops::Deref for FindingCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for FindingCode {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl PartialEq<str> for FindingCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for FindingCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for FindingCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FindingCode, D::Error> {
        let s = String::deserialize(d)?;
        FindingCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for FindingCode {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<FindingCode, UnknownCode> {
        FindingCode::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_serialize_as_strings_and_reject_unknown_ones() {
        let c = FindingCode::parse("sum.table_column").unwrap();
        assert_eq!(c, codes::SUM_TABLE_COLUMN);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"sum.table_column\"");
        let back: FindingCode = serde_json::from_str("\"sum.table_column\"").unwrap();
        assert_eq!(back, c);
        let e = FindingCode::parse("sum.nothing").unwrap_err();
        assert!(e.to_string().contains("sum.nothing"), "{e}");
        assert!(serde_json::from_str::<FindingCode>("\"x\"").is_err());
        assert_eq!(
            FindingCode::parse("lossy_encoding").unwrap(),
            "read.lossy_encoding"
        );
    }

    #[test]
    fn every_read_error_kind_is_registered_with_the_severity_check_gives_it() {
        use crate::model::{ErrorKind, Severity};
        for k in ErrorKind::ALL {
            let e = FindingCode::of_read_error(k).entry();
            let want = if k.is_fatal() {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(e.severity, want, "{}", e.code);
        }
    }
}
