//! Where a value stands in a YAML text: the 1-based line and column of the value at a path
//! of mapping keys and sequence indices (`taxonomies[1].name`).
//!
//! serde_yaml has no spans, but it stamps an error raised while deserializing a value with
//! that value's position (that is how a bad date in front-matter gets its line). [`locate`]
//! uses exactly that: it walks the document with the real YAML parser down the path and
//! raises an error at the value it is looking for, then reads the error's position. So
//! flow style (`[a, b]`), quoting, comments and odd indentation are all handled as YAML
//! handles them; no text is scanned by hand. It parses the text once per call, so it is
//! meant for the (rare) moment an error needs its place.
//!
//! [`error_at`] walks the same way and reads the value there as a type, so each field of a
//! document can be checked on its own and every bad one reported, with serde_yaml's own
//! message and position (serde stops at the first error of a whole document).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// The value of this key of a mapping.
    Key(&'a str),
    /// The item at this index of a sequence.
    Index(usize),
}

/// The message of the error [`locate`] raises at the value it found.
const FOUND: &str = "\u{0}chancery: value found";

/// The 1-based (line, column) of the value at `path` in `yaml`, or `None` when the text
/// does not parse or holds nothing there. An empty path is the document itself.
pub(crate) fn locate(yaml: &str, path: &[Step<'_>]) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(yaml);
    let found = Probe { path }.deserialize(deserializer);
    match found {
        Ok(()) => None,
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        Err(_) => None,
    }
}

/// [`locate`]'s line and column, with `(0, 0)` (unknown) when the value is not found.
pub(crate) fn locate_or_unknown(yaml: &str, path: &[Step<'_>]) -> (usize, usize) {
    locate(yaml, path).unwrap_or((0, 0))
}

/// Walks down `path`; at its end, fails on whatever value stands there.
struct Probe<'p, 'a> {
    path: &'p [Step<'a>],
}

impl<'de> DeserializeSeed<'de> for Probe<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // `deserialize_any`, so that the parser stamps the error with the mark of the very
        // event (scalar, sequence or mapping start) the visitor is called for.
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.path.split_first() {
            None => Err(de::Error::custom(FOUND)),
            Some((Step::Index(wanted), rest)) => {
                let mut i = 0;
                loop {
                    if i == *wanted {
                        return seq.next_element_seed(Probe { path: rest }).map(|_| ());
                    }
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                    i += 1;
                }
            }
            Some((Step::Key(_), _)) => drain_seq(seq),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        match self.path.split_first() {
            None => Err(de::Error::custom(FOUND)),
            Some((Step::Key(wanted), rest)) => {
                while let Some(key) = map.next_key::<serde_yaml::Value>()? {
                    if key.as_str() == Some(*wanted) {
                        return map.next_value_seed(Probe { path: rest });
                    }
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(())
            }
            Some((Step::Index(_), _)) => {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
    }
}

impl Probe<'_, '_> {
    /// A scalar: the value looked for when the path ends here, else a dead end.
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
    }
}

/// The error of reading the value at `path` in `yaml` as a `T`, with its position in the
/// text; `None` when it reads, or when nothing is there.
pub(crate) fn error_at<T: DeserializeOwned>(yaml: &str, path: &[Step<'_>]) -> Option<serde_yaml::Error> {
    let deserializer = serde_yaml::Deserializer::from_str(yaml);
    Walk::<T> { path, read: PhantomData }.deserialize(deserializer).err()
}

/// Walks down `path`; at its end, reads the value there as a `T`.
struct Walk<'p, 'a, T> {
    path: &'p [Step<'a>],
    read: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Walk<'_, '_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.path.is_empty() { T::deserialize(deserializer).map(|_| ()) } else { deserializer.deserialize_any(self) }
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Walk<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    // A scalar where the path goes on: nothing is there.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Step::Index(wanted), rest)) = self.path.split_first() else { return drain_seq(seq) };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Walk::<T> { path: rest, read: PhantomData })?;
        drain_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let wanted = match self.path.split_first() {
            Some((Step::Key(wanted), rest)) => Some((*wanted, rest)),
            _ => None,
        };
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            match wanted {
                Some((name, rest)) if key.as_str() == Some(name) => {
                    map.next_value_seed(Walk::<T> { path: rest, read: PhantomData })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Step::{Index, Key};
    use super::*;

    const YAML: &str = "title: T\n# a comment\ntaxonomies:\n  - name: topics\n    title: Topics\n  - { name: \"actors\", title: A }\ntheme:   'dark'\nlist: [a, \"b\"]\n";

    #[test]
    fn can_locate_values_in_block_and_flow_style() {
        assert_eq!(locate(YAML, &[Key("title")]), Some((1, 8)));
        assert_eq!(locate(YAML, &[Key("taxonomies"), Index(0), Key("name")]), Some((4, 11)));
        assert_eq!(locate(YAML, &[Key("taxonomies"), Index(1), Key("name")]), Some((6, 13)));
        assert_eq!(locate(YAML, &[Key("theme")]), Some((7, 10)));
        assert_eq!(locate(YAML, &[Key("list"), Index(1)]), Some((8, 11)));
        assert_eq!(locate(YAML, &[Key("taxonomies"), Index(1)]), Some((6, 5)));
    }

    #[test]
    fn can_read_one_value_as_a_type_with_its_position() {
        let yaml = "a: [1, x, 3]\nb:\n  - 1\n  - y\n";
        assert!(error_at::<u32>(yaml, &[Key("a"), Index(0)]).is_none());
        let e = error_at::<u32>(yaml, &[Key("a"), Index(1)]).expect("not a number");
        assert_eq!(e.location().map(|l| (l.line(), l.column())), Some((1, 8)), "{e}");
        assert!(e.to_string().starts_with("a[1]: invalid type"), "{e}");
        let e = error_at::<u32>(yaml, &[Key("b"), Index(1)]).expect("not a number");
        assert_eq!(e.location().map(|l| (l.line(), l.column())), Some((4, 5)), "{e}");
        assert!(error_at::<u32>(yaml, &[Key("c")]).is_none());
    }

    #[test]
    fn can_tell_a_missing_value() {
        assert_eq!(locate(YAML, &[Key("nothing")]), None);
        assert_eq!(locate(YAML, &[Key("taxonomies"), Index(5), Key("name")]), None);
        assert_eq!(locate(YAML, &[Key("title"), Key("deeper")]), None);
        assert_eq!(locate("x: [unclosed\na: 1\n", &[Key("a")]), None);
        assert_eq!(locate_or_unknown(YAML, &[Key("nothing")]), (0, 0));
    }
}
