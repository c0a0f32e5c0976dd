//! `NodePath`, the place of a node in its document
//! (`stages[1].steps[0].emotion`), kept by every located value of the
//! portfolio so that a diagnostic can point at it.
//!
//! A path is a value, not an allocation: up to [`INLINE`] segments made of
//! keys the readers know by name and indices below 32,768 are packed into
//! 16 bits each. Anything else (a key written by the user, a deeper path,
//! a huge index) continues as a shared chain of links. A step holds about
//! ten paths; as heap chains they were a quarter of the parsed model's
//! memory at 100,000 pages, and their allocations a good part of its time.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One step of a path into a tree. Keys the readers ask for are static
/// text; only keys taken from the document (unknown keys, ids) are owned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(Cow<'static, str>),
    Index(u32),
}

/// How many segments a path packs before it continues as a chain.
const INLINE: usize = 7;

/// A packed segment with this bit set is a key (the rest is its place in
/// [`KNOWN_KEYS`]); without it, an index.
const KEY_BIT: u16 = 0x8000;

/// The keys of the format (FORMAT.md) and of `book.toml`, sorted, so a
/// segment can name one in 15 bits.
const KNOWN_KEYS: &[&str] = &[
    "action-plans",
    "actions",
    "age",
    "as-of",
    "attitudes",
    "avatar",
    "backstage",
    "base-url",
    "book",
    "build",
    "by-persona",
    "category",
    "change",
    "channel",
    "channels",
    "company-actions",
    "compares",
    "content",
    "current",
    "demographics",
    "description",
    "direction",
    "draft",
    "drafts",
    "due",
    "edit-url",
    "education",
    "effort",
    "emotion",
    "enabled",
    "evidence",
    "expectations",
    "extra",
    "frustrations",
    "gap",
    "gender",
    "goals",
    "id",
    "impact",
    "income",
    "interests",
    "kind",
    "kpis",
    "labels",
    "language",
    "links-to",
    "location",
    "max",
    "metric",
    "metrics",
    "min",
    "moment",
    "moment-of-truth",
    "name",
    "needs",
    "note",
    "occupation",
    "opportunities",
    "output",
    "owner",
    "ownership",
    "pain-points",
    "paper",
    "parent",
    "participants",
    "personas",
    "print",
    "psychographics",
    "quote",
    "resources",
    "role",
    "sanitize-html",
    "satisfiers",
    "scenario",
    "score",
    "search",
    "segment",
    "severity",
    "source",
    "stage",
    "stage-set",
    "stage-sets",
    "stages",
    "stale-after-days",
    "state",
    "status",
    "steps",
    "target",
    "text",
    "theme",
    "thoughts",
    "title",
    "touchpoints",
    "traits",
    "unit",
    "updated",
    "url",
    "values",
    "who",
];

/// The place of a node in its document, e.g. `stages[1].steps[0].emotion`.
/// Paths compare and hash by their segments, however they are stored.
#[derive(Clone)]
pub struct NodePath(Repr);

#[derive(Clone)]
enum Repr {
    /// The first `len` packed segments are the path; the rest are zero.
    Packed { len: u8, segments: [u16; INLINE] },
    /// A path that cannot be packed: its last segment and its parent.
    Chain(Arc<Link>),
}

struct Link {
    parent: NodePath,
    segment: Segment,
    depth: u32,
}

impl Default for NodePath {
    fn default() -> Self {
        NodePath::root()
    }
}

impl NodePath {
    pub fn root() -> Self {
        NodePath(Repr::Packed {
            len: 0,
            segments: [0; INLINE],
        })
    }

    /// The path of a key the reader knows by name.
    pub fn key(&self, key: &'static str) -> Self {
        match known_key(key) {
            Some(id) => self.packed_child(KEY_BIT | id, || Segment::Key(Cow::Borrowed(key))),
            None => self.chain_child(Segment::Key(Cow::Borrowed(key))),
        }
    }

    /// The path of a key written in the document.
    pub fn key_owned(&self, key: &str) -> Self {
        match known_key(key) {
            Some(id) => self.packed_child(KEY_BIT | id, || {
                Segment::Key(Cow::Borrowed(KNOWN_KEYS[usize::from(id)]))
            }),
            None => self.chain_child(Segment::Key(Cow::Owned(key.to_owned()))),
        }
    }

    pub fn index(&self, index: usize) -> Self {
        let segment = || Segment::Index(u32::try_from(index).unwrap_or(u32::MAX));
        match u16::try_from(index) {
            Ok(packed) if packed & KEY_BIT == 0 => self.packed_child(packed, segment),
            _ => self.chain_child(segment()),
        }
    }

    /// The child `packed` when this path has room for it, else a link.
    fn packed_child(&self, packed: u16, segment: impl FnOnce() -> Segment) -> Self {
        match &self.0 {
            Repr::Packed { len, segments } if usize::from(*len) < INLINE => {
                let mut segments = *segments;
                segments[usize::from(*len)] = packed;
                NodePath(Repr::Packed {
                    len: len + 1,
                    segments,
                })
            }
            _ => self.chain_child(segment()),
        }
    }

    fn chain_child(&self, segment: Segment) -> Self {
        NodePath(Repr::Chain(Arc::new(Link {
            parent: self.clone(),
            segment,
            depth: self.depth() + 1,
        })))
    }

    fn depth(&self) -> u32 {
        match &self.0 {
            Repr::Packed { len, .. } => u32::from(*len),
            Repr::Chain(link) => link.depth,
        }
    }

    pub fn is_root(&self) -> bool {
        self.depth() == 0
    }

    /// The segments from the root down.
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = Vec::with_capacity(self.depth() as usize);
        self.push_segments(&mut segments);
        segments
    }

    fn push_segments(&self, out: &mut Vec<Segment>) {
        match &self.0 {
            Repr::Packed { len, segments } => {
                out.extend(segments[..usize::from(*len)].iter().map(|&s| unpack(s)));
            }
            Repr::Chain(link) => {
                link.parent.push_segments(out);
                out.push(link.segment.clone());
            }
        }
    }
}

/// The place of `key` in [`KNOWN_KEYS`]. Every key a reader asks for is
/// looked up: a binary search of the list, each step a string comparison,
/// was 2% of a build's instructions; one hash and one comparison are not.
fn known_key(key: &str) -> Option<u16> {
    static PLACES: std::sync::LazyLock<rustc_hash::FxHashMap<&str, u16>> =
        std::sync::LazyLock::new(|| {
            (0u16..)
                .zip(KNOWN_KEYS)
                .map(|(place, &key)| (key, place))
                .collect()
        });
    PLACES.get(key).copied()
}

fn unpack(packed: u16) -> Segment {
    match packed & KEY_BIT {
        0 => Segment::Index(u32::from(packed)),
        _ => Segment::Key(Cow::Borrowed(KNOWN_KEYS[usize::from(packed & !KEY_BIT)])),
    }
}

impl PartialEq for NodePath {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            // A path packs whenever it can, so packed paths are equal
            // exactly when their packed segments are.
            (
                Repr::Packed {
                    len: a,
                    segments: x,
                },
                Repr::Packed {
                    len: b,
                    segments: y,
                },
            ) => a == b && x == y,
            (Repr::Chain(x), Repr::Chain(y)) if Arc::ptr_eq(x, y) => true,
            _ => self.depth() == other.depth() && self.segments() == other.segments(),
        }
    }
}

impl Eq for NodePath {}

impl Hash for NodePath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.segments().hash(state);
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
    fn known_keys_are_sorted_and_fit_the_packing() {
        assert!(KNOWN_KEYS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(KNOWN_KEYS.len() < usize::from(KEY_BIT));
        for (place, key) in KNOWN_KEYS.iter().enumerate() {
            assert_eq!(known_key(key).map(usize::from), Some(place), "{key}");
        }
        assert_eq!(known_key("not-a-key"), None);
        assert_eq!(std::mem::size_of::<NodePath>(), 16);
    }

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

    /// Builds the same segments one by one, as a reader would.
    fn build(segments: &[Segment]) -> NodePath {
        segments
            .iter()
            .fold(NodePath::root(), |path, segment| match segment {
                Segment::Key(key) => path.key_owned(key),
                Segment::Index(index) => path.index(*index as usize),
            })
    }

    #[test]
    fn paths_that_cannot_pack_keep_every_segment() {
        let user_key = Segment::Key("bob".into());
        let deep: Vec<Segment> = (0..12)
            .map(|i| match i % 2 {
                0 => Segment::Key("steps".into()),
                _ => Segment::Index(i),
            })
            .collect();
        let cases = [
            vec![Segment::Key("stages".into()), Segment::Index(70_000)],
            vec![
                Segment::Key("emotion".into()),
                user_key.clone(),
                Segment::Index(2),
            ],
            vec![Segment::Index(32_767), Segment::Index(32_768)],
            deep,
        ];
        for segments in cases {
            let path = build(&segments);
            assert_eq!(path.segments(), segments);
            assert_eq!(path.depth() as usize, segments.len());
            assert_eq!(path, build(&segments));
        }
        let packed = NodePath::root().key("emotion");
        assert!(matches!(packed.0, Repr::Packed { len: 1, .. }));
        assert!(matches!(packed.key_owned("bob").0, Repr::Chain(_)));
        assert!(matches!(packed.index(32_768).0, Repr::Chain(_)));
        // The eighth segment continues as a link, equal to itself rebuilt.
        let eight: Vec<Segment> = (0..8).map(Segment::Index).collect();
        assert!(matches!(build(&eight).0, Repr::Chain(_)));
        assert_ne!(build(&eight), build(&eight[..7]));
        assert_eq!(build(&eight).to_string(), "[0][1][2][3][4][5][6][7]",);
    }

    #[test]
    fn a_key_outside_the_table_is_kept_by_name() {
        let path = NodePath::root().key("not-a-format-key").index(0);
        assert_eq!(path.to_string(), "not-a-format-key[0]");
        assert_eq!(
            path,
            NodePath::root().key_owned("not-a-format-key").index(0)
        );
    }
}
