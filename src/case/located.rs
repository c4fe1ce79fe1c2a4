//! A YAML value together with the line and column it was read from, so
//! that validation errors can point at it.

use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diagnostic::Loc;

/// A deserialised value and where it stood in the YAML file.
///
/// Serialises as the bare value, so templates never see the location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where the value starts in the YAML file (`None` for values built in code).
    pub loc: Option<Loc>,
}

impl<T> Located<T> {
    /// Wraps a value that has no source location (built in code or tests).
    pub fn bare(value: T) -> Self {
        Self { value, loc: None }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let loc = Loc {
            line: u32::try_from(spanned.referenced.line()).unwrap_or(u32::MAX),
            col: u32::try_from(spanned.referenced.column()).unwrap_or(u32::MAX),
        };
        // Line 0 marks a value that did not come from the parser.
        let loc = (loc.line > 0).then_some(loc);
        Ok(Self {
            value: spanned.value,
            loc,
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A text value from the YAML file.
pub type Text = Located<String>;

impl<T: schemars::JsonSchema> schemars::JsonSchema for Located<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// The schema of a date as case files write it: `2026-06-15` or
/// `15.06.2026` (the loader also checks that the day exists).
pub(crate) struct DateText;

impl schemars::JsonSchema for DateText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}\\.[0-9]{2}\\.[0-9]{4})$",
            "description": "A date: YYYY-MM-DD (2026-06-15) or DD.MM.YYYY (15.06.2026)."
        })
    }
}

/// Implements `JsonSchema` for a [`Choice`](super::check::Choice): a string
/// that is one of its names.
macro_rules! choice_schema {
    ($ty:ty, $description:expr) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let names: Vec<&str> =
                    <$ty as $crate::case::check::Choice>::NAMES.iter().map(|(n, _)| *n).collect();
                schemars::json_schema!({
                    "type": "string",
                    "enum": names,
                    "description": $description
                })
            }
        }
    };
}
pub(crate) use choice_schema;
