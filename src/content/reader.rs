//! Typed reading of a `Node` tree with every problem collected: missing
//! required keys, wrong types, values outside their list and unknown keys
//! (with a "did you mean"). Used for front-matter and for `book.toml`.

use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::content::node::{Node, NodePath};
use crate::diagnostic::{At, Diagnostic, code, did_you_mean};

/// A value together with the place it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: NodePath,
}

impl<T> Located<T> {
    pub fn new(value: T, at: NodePath) -> Self {
        Located { value, at }
    }
}

/// Collects the diagnostics of one file while its tree is read.
pub struct Checker {
    file: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

/// A reading function: from a node at a path to a typed value, or `None`
/// after reporting why not.
pub type Read<T> = fn(&mut Checker, &Node, &NodePath) -> Option<T>;

impl Checker {
    pub fn new(file: &Path) -> Self {
        Checker {
            file: file.to_path_buf(),
            diagnostics: Vec::new(),
        }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Reports an error at a node's value.
    pub fn error(
        &mut self,
        code: &'static str,
        path: &NodePath,
        message: String,
        help: Option<String>,
    ) {
        let at = At::Node {
            path: path.clone(),
            key: false,
        };
        self.diagnostics
            .push(Diagnostic::error(code, &self.file, at, message).with_optional_help(help));
    }

    fn wrong_type(&mut self, node: &Node, path: &NodePath, expected: &str) {
        let what = if path.is_root() {
            "the front-matter".to_string()
        } else {
            format!("`{}`", leaf_name(path))
        };
        let message = format!("{what} must be {expected}, found {}", node.kind());
        self.error(code::WRONG_TYPE, path, message, None);
    }

    /// Opens a map for key-by-key reading; reports an error if it is not one.
    pub fn map<'n>(&mut self, node: &'n Node, path: &NodePath) -> Option<Fields<'n>> {
        match node {
            Node::Map(entries) => Some(Fields {
                entries,
                path: path.clone(),
                used: vec![false; entries.len()],
                known: Vec::new(),
            }),
            other => {
                self.wrong_type(other, path, "a map of keys");
                None
            }
        }
    }
}

/// Reads any scalar as text (numbers and booleans are written as the user
/// typed them, so `name: 2025` is the text "2025").
pub fn text(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<String> {
    match node {
        Node::Str(s) => Some(s.clone()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(f) => Some(f.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        other => {
            ck.wrong_type(other, path, "text");
            None
        }
    }
}

/// Reads an address that becomes a link (`href`): a web or mail address, or
/// a path. Any other scheme is refused, above all `javascript:`, `data:`
/// and `vbscript:`, which would run script in the reader's browser. As
/// browsers do, tabs, newlines and controls are ignored when finding the
/// scheme, so `java\tscript:` is caught too.
pub fn link_url(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<String> {
    let raw = text(ck, node, path)?;
    let squeezed: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let scheme = squeezed
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase())
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    match scheme.as_deref() {
        None | Some("http" | "https" | "mailto") => Some(raw),
        Some(scheme) => {
            let message = format!(
                "`{}` must be a web address (http, https or mailto), not a `{scheme}:` link",
                leaf_name(path)
            );
            let help = "write the full address, e.g. https://example.com/checkout".to_string();
            ck.error(code::BAD_VALUE, path, message, Some(help));
            None
        }
    }
}

/// Reads an identifier (a reference to another entity), keeping its place.
pub fn id_ref(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Located<String>> {
    text(ck, node, path).map(|id| Located::new(id, path.clone()))
}

pub fn integer(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<i64> {
    match node {
        Node::Int(i) => Some(*i),
        other => {
            ck.wrong_type(other, path, "an integer");
            None
        }
    }
}

pub fn located_integer(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Located<i64>> {
    integer(ck, node, path).map(|i| Located::new(i, path.clone()))
}

pub fn number(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<f64> {
    match node {
        Node::Int(i) => Some(*i as f64),
        Node::Float(f) => Some(*f),
        other => {
            ck.wrong_type(other, path, "a number");
            None
        }
    }
}

pub fn boolean(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        other => {
            ck.wrong_type(other, path, "`true` or `false`");
            None
        }
    }
}

pub fn date(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Date> {
    let raw = text(ck, node, path)?;
    match Date::parse(&raw) {
        Some(date) => Some(date),
        None => {
            let message = format!(
                "`{}` must be a date written YYYY-MM-DD, found `{raw}`",
                leaf_name(path)
            );
            ck.error(
                code::BAD_VALUE,
                path,
                message,
                Some("write dates like 2025-07-01".into()),
            );
            None
        }
    }
}

/// Reads a list whose items are read by `item`; items that fail are skipped.
pub fn list<T, L: Sequence<T>>(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
    item: Read<T>,
) -> Option<L> {
    match node {
        Node::Seq(items) => {
            // Sized to the list: collecting a filtered iterator grows the
            // vector by doubling, which left up to half of every list of
            // steps unused (and was a tenth of the build's page faults).
            let mut read = L::with_capacity(items.len());
            read.extend(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, node)| item(ck, node, &path.index(i))),
            );
            Some(read)
        }
        Node::Null => Some(L::default()),
        other => {
            ck.wrong_type(other, path, "a list");
            None
        }
    }
}

/// A list of texts, each a `String` or (in a step, to be smaller) a
/// `Box<str>`.
pub fn text_list<T: From<String>, L: Sequence<T>>(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
) -> Option<L> {
    list(ck, node, path, |ck, node, path| {
        text(ck, node, path).map(T::from)
    })
}

pub fn id_list<L: Sequence<Located<String>>>(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
) -> Option<L> {
    list(ck, node, path, id_ref)
}

/// What a list is read into: a `Vec`, or the model's thin `List` (the
/// lists of a step, of which there are millions in a large portfolio).
pub trait Sequence<T>: Default + Extend<T> {
    fn with_capacity(capacity: usize) -> Self;
}

impl<T> Sequence<T> for Vec<T> {
    fn with_capacity(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
}

impl<T> Sequence<T> for thin_vec::ThinVec<T> {
    fn with_capacity(capacity: usize) -> Self {
        thin_vec::ThinVec::with_capacity(capacity)
    }
}

/// Reads a value that must be one of `allowed`.
pub fn one_of<T: Copy>(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
    allowed: &[(&str, T)],
) -> Option<T> {
    let raw = text(ck, node, path)?;
    if let Some((_, value)) = allowed.iter().find(|(name, _)| *name == raw) {
        return Some(*value);
    }
    let names: Vec<&str> = allowed.iter().map(|(name, _)| *name).collect();
    let message = format!(
        "`{raw}` is not a valid `{}`; expected one of: {}",
        leaf_name(path),
        names.join(", ")
    );
    let help = did_you_mean(&raw, names.iter().copied());
    ck.error(code::NOT_IN_LIST, path, message, help);
    None
}

/// The last key of a path, for messages.
fn leaf_name(path: &NodePath) -> String {
    use crate::content::node::Segment;
    path.segments()
        .iter()
        .rev()
        .find_map(|segment| match segment {
            Segment::Key(key) => Some(key.to_string()),
            Segment::Index(_) => None,
        })
        .unwrap_or_else(|| "value".into())
}

/// A map being read key by key; `finish` reports every key nobody asked for.
pub struct Fields<'n> {
    entries: &'n [(String, Node)],
    path: NodePath,
    used: Vec<bool>,
    known: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// The raw node under `key`, marking the key as known and used.
    pub fn raw(&mut self, key: &'static str) -> Option<(&'n Node, NodePath)> {
        self.known.push(key);
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        self.used[index] = true;
        Some((&self.entries[index].1, self.path.key(key)))
    }

    /// Reads an optional key. `null` counts as absent.
    pub fn optional<T>(&mut self, ck: &mut Checker, key: &'static str, read: Read<T>) -> Option<T> {
        match self.raw(key) {
            Some((Node::Null, _)) | None => None,
            Some((node, path)) => read(ck, node, &path),
        }
    }

    /// Reads an optional list, empty when absent.
    pub fn list<L: Default>(&mut self, ck: &mut Checker, key: &'static str, read: Read<L>) -> L {
        self.optional(ck, key, read).unwrap_or_default()
    }

    /// Reads a key that must be present.
    pub fn required<T>(&mut self, ck: &mut Checker, key: &'static str, read: Read<T>) -> Option<T> {
        match self.raw(key) {
            Some((Node::Null, _)) | None => {
                let message = format!("missing required key `{key}`");
                let help = Some(format!("add `{key}:` to {}", self.describe()));
                ck.error(code::MISSING_KEY, &self.path, message, help);
                None
            }
            Some((node, path)) => read(ck, node, &path),
        }
    }

    /// The path of this map itself.
    pub fn path(&self) -> &NodePath {
        &self.path
    }

    fn describe(&self) -> String {
        if self.path.is_root() {
            "the front-matter".into()
        } else {
            format!("`{}`", self.path)
        }
    }

    /// Reports keys that were present but never asked for.
    pub fn finish(self, ck: &mut Checker) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let known = self.known.iter().copied();
            let help = did_you_mean(key, known).or_else(|| {
                Some(format!(
                    "known keys here: {}; put free data under `extra:`",
                    self.known.join(", ")
                ))
            });
            let at = At::Node {
                path: self.path.key_owned(key),
                key: true,
            };
            let message = format!("unknown key `{key}`");
            ck.diagnostics.push(
                Diagnostic::error(code::UNKNOWN_KEY, ck.file(), at, message)
                    .with_optional_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Node)]) -> Node {
        Node::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reports_missing_unknown_and_mistyped_keys_together() {
        let node = map(&[
            ("titel", Node::Str("x".into())),
            ("draft", Node::Str("no".into())),
        ]);
        let mut ck = Checker::new(Path::new("a.md"));
        let mut fields = ck.map(&node, &NodePath::root()).unwrap();
        assert_eq!(fields.required(&mut ck, "title", text), None);
        assert_eq!(fields.optional(&mut ck, "draft", boolean), None);
        fields.finish(&mut ck);
        let codes: Vec<&str> = ck.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [code::MISSING_KEY, code::WRONG_TYPE, code::UNKNOWN_KEY]
        );
        assert_eq!(
            ck.diagnostics[2].help.as_deref(),
            Some("did you mean `title`?")
        );
    }

    #[test]
    fn one_of_suggests_the_nearest_value() {
        let mut ck = Checker::new(Path::new("a.md"));
        let path = NodePath::root().key("state");
        let got = one_of(
            &mut ck,
            &Node::Str("futur".into()),
            &path,
            &[("current", 0), ("future", 1)],
        );
        assert_eq!(got, None);
        assert_eq!(
            ck.diagnostics[0].help.as_deref(),
            Some("did you mean `future`?")
        );
    }
}
