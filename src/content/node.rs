//! The format-neutral tree that front-matter (YAML) and `book.toml` (TOML)
//! are both read into, and the `NodePath` that names a place in it.
//! Positions are not stored here: a path is resolved to a line and column
//! only when a diagnostic is printed (see `frontmatter::locate`).

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A parsed value, with map entries kept in source order.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The user-facing name of this value's type, for "expected X, found Y".
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing",
            Node::Bool(_) => "a boolean",
            Node::Int(_) => "an integer",
            Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a map",
        }
    }

    /// Looks a key up in a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Int(i) => serializer.serialize_i64(*i),
            Node::Float(f) => serializer.serialize_f64(*f),
            Node::Str(s) => serializer.serialize_str(s),
            Node::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// One step of a path into a tree. Keys the readers ask for are static
/// text; only keys taken from the document (unknown keys, ids) are owned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(Cow<'static, str>),
    Index(u32),
}

/// The place of a node in its document, e.g. `stages[1].steps[0].emotion`.
///
/// Every located value of the portfolio carries one, so a path is a shared
/// chain: extending it is one small allocation that points at its parent,
/// and the paths of a step's fields share the step's own. (A vector of
/// segments per path, copied at every step down, was a tenth of the
/// parse's memory.) The segments are only listed to print a diagnostic.
#[derive(Clone, Default)]
pub struct NodePath(Option<Arc<Link>>);

struct Link {
    parent: NodePath,
    segment: Segment,
    depth: u32,
}

impl NodePath {
    pub fn root() -> Self {
        NodePath(None)
    }

    /// The path of a key the reader knows by name.
    pub fn key(&self, key: &'static str) -> Self {
        self.child(Segment::Key(Cow::Borrowed(key)))
    }

    /// The path of a key written in the document.
    pub fn key_owned(&self, key: &str) -> Self {
        self.child(Segment::Key(Cow::Owned(key.to_owned())))
    }

    pub fn index(&self, index: usize) -> Self {
        self.child(Segment::Index(u32::try_from(index).unwrap_or(u32::MAX)))
    }

    fn child(&self, segment: Segment) -> Self {
        NodePath(Some(Arc::new(Link {
            parent: self.clone(),
            segment,
            depth: self.depth() + 1,
        })))
    }

    fn depth(&self) -> u32 {
        self.0.as_ref().map_or(0, |link| link.depth)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_none()
    }

    /// The segments from the root down.
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = Vec::with_capacity(self.depth() as usize);
        let mut at = &self.0;
        while let Some(link) = at {
            segments.push(link.segment.clone());
            at = &link.parent.0;
        }
        segments.reverse();
        segments
    }
}

impl PartialEq for NodePath {
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (&self.0, &other.0);
        if self.depth() != other.depth() {
            return false;
        }
        loop {
            match (a, b) {
                (None, None) => return true,
                (Some(x), Some(y)) if Arc::ptr_eq(x, y) => return true,
                (Some(x), Some(y)) if x.segment == y.segment => {
                    (a, b) = (&x.parent.0, &y.parent.0);
                }
                _ => return false,
            }
        }
    }
}

impl Eq for NodePath {}

impl Hash for NodePath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut at = &self.0;
        while let Some(link) = at {
            link.segment.hash(state);
            at = &link.parent.0;
        }
    }
}

impl fmt::Debug for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodePath({self})")
    }
}

impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments().iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_displays_like_an_accessor() {
        let path = NodePath::root()
            .key("stages")
            .index(1)
            .key("steps")
            .index(0)
            .key("emotion");
        assert_eq!(path.to_string(), "stages[1].steps[0].emotion");
    }

    #[test]
    fn paths_compare_and_hash_by_their_segments() {
        use std::collections::HashSet;
        let steps = NodePath::root().key("stages").index(1).key("steps");
        let shared = steps.index(0);
        let rebuilt = NodePath::root()
            .key("stages")
            .index(1)
            .key_owned("steps")
            .index(0);
        assert_eq!(shared, rebuilt);
        assert_ne!(shared, steps.index(1));
        assert_ne!(shared, steps);
        assert!(NodePath::root().is_root() && !steps.is_root());
        let set: HashSet<NodePath> = [shared, rebuilt, steps.clone()].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert_eq!(
            steps.segments(),
            [
                Segment::Key("stages".into()),
                Segment::Index(1),
                Segment::Key("steps".into())
            ]
        );
    }
}
