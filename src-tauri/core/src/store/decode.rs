//! A record straight from its row: serde reads the columns by name, as it
//! would read the row made into a JSON object, without making the object
//! (a map of owned names and values per row, then taken apart again: most of
//! the cost of reading a record, measured).

use rusqlite::types::ValueRef;
use rusqlite::Row;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// The columns of a row but `skip`: a map from column name to value.
pub(super) struct RowFields<'a, 'r> {
    pub row: &'a Row<'r>,
    pub names: &'a [String],
    /// Column names left out (the version columns).
    pub skip: &'a [&'a str],
}

impl<'de> de::Deserializer<'de> for RowFields<'_, '_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(Columns { fields: self, next: 0 })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Columns<'a, 'r> {
    fields: RowFields<'a, 'r>,
    next: usize,
}

impl<'de> MapAccess<'de> for Columns<'_, '_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        while let Some(name) = self.fields.names.get(self.next) {
            if !self.fields.skip.contains(&name.as_str()) {
                return seed.deserialize(name.as_str().into_deserializer()).map(Some);
            }
            self.next += 1;
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let i = self.next;
        self.next += 1;
        let value = self.fields.row.get_ref(i).map_err(de::Error::custom)?;
        seed.deserialize(Cell { value, name: &self.fields.names[i] })
    }
}

/// One column's value, read as serde_json reads the same JSON value: NULL
/// is null, integers and reals are numbers, text is a string.
struct Cell<'a> {
    value: ValueRef<'a>,
    name: &'a str,
}

impl<'de> de::Deserializer<'de> for Cell<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            ValueRef::Null => visitor.visit_unit(),
            ValueRef::Integer(n) if n >= 0 => visitor.visit_u64(n as u64),
            ValueRef::Integer(n) => visitor.visit_i64(n),
            ValueRef::Real(f) => visitor.visit_f64(f),
            ValueRef::Text(t) => visitor.visit_str(&String::from_utf8_lossy(t)),
            ValueRef::Blob(_) => Err(de::Error::custom(format!("unexpected blob in {}", self.name))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            ValueRef::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            // A unit variant, by name (the only kind a column holds).
            ValueRef::Text(t) => {
                let name = String::from_utf8_lossy(t);
                visitor.visit_enum(de::value::StrDeserializer::<serde_json::Error>::new(&name))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
