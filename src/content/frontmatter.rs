//! Front-matter: splitting a Markdown file into its `---` fenced YAML block
//! and its body, reading the YAML into a `Node` tree, and locating a node's
//! line and column on demand. This is the only module that calls the YAML
//! library, so it can be swapped here alone. Most documents are read by the
//! faster `block` reader; serde_yaml reads the rest and reports errors.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::content::node::{Node, NodePath, Segment};
use crate::diagnostic::Pos;

mod block;
mod scalar;

/// A file cut at its front-matter fences. Line numbers are 1-based lines of
/// the whole file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the fences ("" when the file has none).
    pub yaml: &'a str,
    /// The file line on which the YAML starts (2 when fenced, else 1).
    pub yaml_line: u32,
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_line: u32,
    /// Whether the file had a front-matter block at all.
    pub fenced: bool,
}

/// The opening fence had no closing fence.
#[derive(Debug, PartialEq)]
pub struct Unclosed;

/// Splits `text` (already without a BOM) at its front-matter fences.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
            fenced: false,
        });
    }
    // The closing fence is a line of `---`: each "\n---" is a candidate
    // (one substring search instead of a search per line).
    let from = first_line_end - 1;
    for found in memchr::memmem::find_iter(&text.as_bytes()[from..], b"\n---") {
        let offset = from + found + 1;
        let end = memchr::memchr(b'\n', &text.as_bytes()[offset..])
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "---" {
            let yaml = &text[first_line_end..offset];
            let yaml_lines = yaml.bytes().filter(|&b| b == b'\n').count();
            let line = 2 + u32::try_from(yaml_lines).unwrap_or(u32::MAX - 3);
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
                fenced: true,
            });
        }
    }
    Err(Unclosed)
}

/// A YAML syntax or structure error, with its position in the file.
#[derive(Debug, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub pos: Pos,
}

/// Reads the YAML of a split file into a tree. An empty block is an empty map.
pub fn parse(split: &Split<'_>) -> Result<Node, YamlError> {
    if split.yaml.trim().is_empty() {
        return Ok(Node::Map(Vec::new()));
    }
    match block::read(split.yaml) {
        Some(node) => Ok(node),
        None => library_parse(split),
    }
}

/// Reads the YAML with serde_yaml: everything the block reader leaves, and
/// every error, with its position.
fn library_parse(split: &Split<'_>) -> Result<Node, YamlError> {
    let limit = crate::content::nesting::MAX_FLOW_DEPTH;
    if let Some((line, column)) = crate::content::nesting::too_deep(split.yaml, limit) {
        return Err(YamlError {
            message: format!("malformed YAML: `[` and `{{` nested more than {limit} levels deep"),
            pos: file_pos(split, line as usize, column as usize),
        });
    }
    let deserializer = serde_yaml::Deserializer::from_str(split.yaml);
    NodeSeed.deserialize(deserializer).map_err(|error| {
        let pos = error
            .location()
            .map(|at| file_pos(split, at.line(), at.column()))
            .unwrap_or(Pos {
                line: split.yaml_line,
                column: 1,
            });
        YamlError {
            message: clean_message(&error.to_string()),
            pos,
        }
    })
}

/// The file position of the node at `path` (of its key when `key` is true).
/// Works by walking the YAML again and stopping at the target, which makes
/// the parser report the target's own position; used only for diagnostics.
pub fn locate(split: &Split<'_>, path: &NodePath, key: bool) -> Option<Pos> {
    if key {
        return locate_key(split, path);
    }
    let deserializer = serde_yaml::Deserializer::from_str(split.yaml);
    let segments = path.segments();
    let probe = Probe { rest: &segments };
    let error = probe.deserialize(deserializer).err()?;
    let at = error.location()?;
    Some(file_pos(split, at.line(), at.column()))
}

fn file_pos(split: &Split<'_>, line: usize, column: usize) -> Pos {
    Pos {
        line: split.yaml_line + u32::try_from(line.saturating_sub(1)).unwrap_or(0),
        column: u32::try_from(column.max(1)).unwrap_or(1),
    }
}

/// Drops serde_yaml's " at line X column Y" suffix and path prefix: the
/// diagnostic shows the position itself.
fn clean_message(raw: &str) -> String {
    let message = raw.find(" at line ").map_or(raw, |i| &raw[..i]);
    let message = match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') && !prefix.is_empty() => rest,
        _ => message,
    };
    format!("malformed YAML: {message}")
}

/// Builds a `Node` from any YAML value.
struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        NodeSeed.deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed { seen: &entries })? {
            let value = map.next_value_seed(NodeSeed)?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<Node, A::Error> {
        Err(de::Error::custom(
            "YAML tags such as `!name` are not supported",
        ))
    }
}

/// Reads a map key as text and refuses a key seen before in the same map.
struct KeySeed<'s> {
    seen: &'s [(String, Node)],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl KeySeed<'_> {
    fn accept<E: de::Error>(&self, key: String) -> Result<String, E> {
        if self.seen.iter().any(|(k, _)| *k == key) {
            return Err(E::custom(format!("duplicate key `{key}`")));
        }
        Ok(key)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.accept(v.to_owned())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.accept(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom("a key must not be empty"))
    }
}

/// Walks to the node at `rest` and fails there, so the parser's error carries
/// that node's position.
struct Probe<'p> {
    rest: &'p [Segment],
}

const FOUND: &str = "found";

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Probe<'_> {
    fn arrived<E: de::Error>(&self) -> Result<(), E> {
        if self.rest.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.arrived()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.arrived()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.arrived()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.arrived()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.arrived()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.arrived()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let target = match self.rest.first() {
            None => return Err(de::Error::custom(FOUND)),
            Some(Segment::Index(index)) => *index,
            Some(Segment::Key(_)) => return Ok(()),
        };
        for _ in 0..target {
            if seq.next_element::<de::IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Probe {
            rest: &self.rest[1..],
        })
        .map(|_| ())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let target = match self.rest.first() {
            None => return Err(de::Error::custom(FOUND)),
            Some(Segment::Key(key)) => key,
            Some(Segment::Index(_)) => return Ok(()),
        };
        while let Some(found) = map.next_key_seed(KeyMatch { target })? {
            if found {
                return map.next_value_seed(Probe {
                    rest: &self.rest[1..],
                });
            }
            map.next_value::<de::IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads a key and tells whether it is the target.
struct KeyMatch<'t> {
    target: &'t str,
}

impl<'de> DeserializeSeed<'de> for KeyMatch<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        let key = NodeSeed.deserialize(deserializer)?;
        let text = match key {
            Node::Str(s) => s,
            Node::Int(i) => i.to_string(),
            Node::Float(f) => f.to_string(),
            Node::Bool(b) => b.to_string(),
            _ => return Ok(false),
        };
        Ok(text == self.target)
    }
}

/// The position of the last key of `path` (the key text itself).
fn locate_key(split: &Split<'_>, path: &NodePath) -> Option<Pos> {
    let deserializer = serde_yaml::Deserializer::from_str(split.yaml);
    let segments = path.segments();
    let probe = KeyTargetProbe { rest: &segments };
    let error = probe.deserialize(deserializer).err()?;
    let at = error.location()?;
    Some(file_pos(split, at.line(), at.column()))
}

/// Like `Probe`, but fails while reading the final key, not its value.
struct KeyTargetProbe<'p> {
    rest: &'p [Segment],
}

impl<'de> DeserializeSeed<'de> for KeyTargetProbe<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.rest {
            [] => Ok(()),
            [Segment::Key(_)] => deserializer.deserialize_map(self),
            _ => deserializer.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for KeyTargetProbe<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(Segment::Index(target)) = self.rest.first() else {
            return Ok(());
        };
        for _ in 0..*target {
            if seq.next_element::<de::IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(KeyTargetProbe {
            rest: &self.rest[1..],
        })
        .map(|_| ())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(Segment::Key(target)) = self.rest.first() else {
            return Ok(());
        };
        let last = self.rest.len() == 1;
        while let Some(found) = map.next_key_seed(KeyStop { target, last })? {
            if found {
                return map.next_value_seed(KeyTargetProbe {
                    rest: &self.rest[1..],
                });
            }
            map.next_value::<de::IgnoredAny>()?;
        }
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

/// A key reader that fails on the target key when it is the last segment.
struct KeyStop<'t> {
    target: &'t str,
    last: bool,
}

impl<'de> DeserializeSeed<'de> for KeyStop<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl KeyStop<'_> {
    fn check<E: de::Error>(&self, key: &str) -> Result<bool, E> {
        match (key == self.target, self.last) {
            (true, true) => Err(E::custom(FOUND)),
            (matched, _) => Ok(matched),
        }
    }
}

impl<'de> Visitor<'de> for KeyStop<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.check(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOURNEY: &str = "---\ntitle: Buy\nstages:\n  - name: Trigger\n    steps:\n      - name: Sees\n        touchpoints: [insta, web]\n        emotoin: 1\n---\nBody\n";

    #[test]
    fn split_finds_fences_and_line_offsets() {
        let split = split(JOURNEY).unwrap();
        assert!(split.yaml.starts_with("title: Buy\n"));
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 10);
    }

    #[test]
    fn split_accepts_crlf_and_no_front_matter() {
        let split_crlf = split("---\r\ntitle: x\r\n---\r\nhi").unwrap();
        assert_eq!(split_crlf.yaml, "title: x\r\n");
        assert_eq!(split_crlf.body, "hi");
        let plain = split("# Title\n").unwrap();
        assert!(!plain.fenced);
        assert_eq!(plain.body_line, 1);
    }

    #[test]
    fn split_reports_unclosed_front_matter() {
        assert_eq!(split("---\ntitle: x\n"), Err(Unclosed));
        assert_eq!(split("---"), Err(Unclosed));
        assert_eq!(split("---\n----\n--- x\n"), Err(Unclosed));
    }

    #[test]
    fn split_skips_lines_that_only_start_like_a_fence() {
        let text = "---\na: |\n----\n--- not a fence\n  ---\n---  \nbody\n---\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "a: |\n----\n--- not a fence\n  ---\n");
        assert_eq!(split.body, "body\n---\n");
        assert_eq!(split.body_line, 7);
        let empty = super::split("---\n---\nbody").unwrap();
        assert_eq!((empty.yaml, empty.body, empty.body_line), ("", "body", 3));
    }

    #[test]
    fn locates_values_and_keys_with_the_fence_offset() {
        let split = split(JOURNEY).unwrap();
        let steps = NodePath::root()
            .key("stages")
            .index(0)
            .key("steps")
            .index(0);
        let web = steps.key("touchpoints").index(1);
        assert_eq!(
            locate(&split, &web, false),
            Some(Pos {
                line: 7,
                column: 30
            })
        );
        let typo = steps.key("emotoin");
        assert_eq!(
            locate(&split, &typo, true),
            Some(Pos { line: 8, column: 9 })
        );
    }

    #[test]
    fn parse_reports_syntax_errors_at_file_lines() {
        let text = "---\ntitle: [unclosed\n---\n";
        let error = parse(&split(text).unwrap()).unwrap_err();
        assert!(
            error.message.starts_with("malformed YAML"),
            "{}",
            error.message
        );
        assert!(error.pos.line >= 2);
    }

    #[test]
    fn parse_refuses_duplicate_keys_at_the_second_key() {
        let text = "---\ntitle: a\ntitle: b\n---\n";
        let error = parse(&split(text).unwrap()).unwrap_err();
        assert!(
            error.message.contains("duplicate key `title`"),
            "{}",
            error.message
        );
        assert_eq!(error.pos.line, 3);
    }
}
