//! The block reader against serde_yaml: wherever the reader answers, its
//! tree must be the library's, on every portfolio we ship, on hand-written
//! edge cases and on generated documents; and it must answer for the
//! everyday forms, or it would be a slower path to the same place.

use std::path::Path;

use super::read;
use crate::content::frontmatter::{Split, library_parse, split};
use crate::content::node::Node;

fn library(yaml: &str) -> Option<Node> {
    let split = Split {
        yaml,
        yaml_line: 2,
        body: "",
        body_line: 1,
        fenced: true,
    };
    library_parse(&split).ok()
}

/// Reads `yaml` both ways; panics when the reader's answer differs.
/// Returns whether the reader answered.
fn agrees(yaml: &str) -> bool {
    let Some(ours) = read(yaml) else {
        return false;
    };
    assert_eq!(Some(&ours), library(yaml).as_ref(), "for {yaml:?}");
    true
}

#[test]
fn reads_the_everyday_forms_as_the_library_does() {
    let everyday = [
        "title: Journey 0\npersonas: [persona-0000]\nupdated: 2026-06-01\n",
        "kpis:\n  - {metric: nps, current: 41, target: 40.5, as-of: 2026-Q2}\n",
        "stages:\n  - name: Compare\n    steps:\n      - name: Reviews\n        emotion: -1\n        thoughts: [\"Is this the right place?\"]\n",
        "a:\n- x\n- y\nb: 1\n",
        "list:\n- a:\n  - x\n  b: ~\n",
        "quote: 'It''s late' # said twice\nnote: \"tab\\there \\u00e9\"\n",
        "text: |\n  line one\n\n  line two\n\nnext: 1\n",
        "text: >-\n  folded\n  lines\n\n  paragraph\n",
        "url: https://example.com/a#b\ntime: 12:30\nmixed: a, b [c]\n",
        "demographics: {age: 30-39, gender: female,\n               location: \"Madrid, ES\"}\n",
        "scenario: \"A long sentence\n  that wraps\"\nplain: wraps\n  too\n",
        "empty:\nlist: []\nmap: {}\n# comment\nflag: TRUE\nnot: yes\ncode: 007\nhex: 0x1F\n",
        "  indented: document\n  second: 2\n",
        "nested:\n  -\n    - 1\n",
    ];
    for yaml in everyday {
        assert!(agrees(yaml), "the reader declined {yaml:?}");
    }
}

#[test]
fn leaves_the_rest_to_the_library() {
    let declined = [
        "a: &anchor 1\nb: *anchor\n",
        "a: !tag x\n",
        "a: 1\na: 2\n",
        "\"quoted key\": 1\n",
        "a:\tb\n",
        "a: b\r\n",
        "a: b: c\n",
        "a: |+\n  keep\n\n",
        "a: |2\n   indented\n",
        "a: [1, 2\n",
        "a: 99999999999999999999999\n",
        "- top level list\n",
        "a: 1\n---\nb: 2\n",
        "a: \"bad \\q escape\"\n",
        "a: >\n  text\n    more indented\n",
        "a: b\n  # comment\n  c\n",
        "? complex\n: key\n",
    ];
    for yaml in declined {
        assert!(read(yaml).is_none(), "the reader took {yaml:?}");
    }
}

#[test]
fn agrees_on_every_portfolio_we_ship() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut files, mut read_here) = (0, 0);
    for folder in ["content", "tests/fixtures", "src/init/starter"] {
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Ok(cut) = split(text.trim_start_matches('\u{feff}')) else {
                continue;
            };
            if cut.yaml.trim().is_empty() {
                continue;
            }
            files += 1;
            read_here += usize::from(agrees(cut.yaml));
        }
    }
    assert!(files > 100, "only {files} files found");
    // Fixtures hold deliberate errors; everything valid is read here.
    assert!(read_here * 10 > files * 8, "read {read_here} of {files}");
}

const EVERYDAY: &[&str] = &[
    "",
    "plain text",
    "1",
    "-2",
    "1e3",
    "2026-06-01",
    "'s''q'",
    "\"d\\\"q\\n\"",
    "[a, b]",
    "{k: v, n: 1}",
    "[{t: x}]",
    "[]",
    "http://x.y/z",
    "a, b",
    "x #c",
    "|",
    ">-",
];
const TRICKY: &[&str] = &[
    "0x1F",
    "007",
    ".inf",
    "~",
    "null",
    "True",
    "yes",
    "a: b",
    "a:b",
    "x#c",
    "\"\\u00e9\"",
    "[a, [b, c]]",
    "{k: [1, 2]}",
    "{}",
    "[a,",
    "{k: v",
    "|",
    "|-",
    ">",
    "|+",
    "- x",
    "-",
    "-1",
    "&a x",
    "*a",
    "!t x",
    "? x",
    ": x",
    "@x",
    "`x",
    "%x",
    "# c",
    "[a, b] # c",
    "'x' y",
    "[a, ]",
    "{k: }",
    "[a: b]",
    "\"a\" : b",
    "é ü",
];

/// Random documents from pieces that mix the everyday with the tricky.
#[test]
fn agrees_on_generated_documents() {
    const KEYS: &[&str] = &["a", "b", "name", "x-y", "true", "1", "a b", "\"q\""];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut next = |n: usize| rng.below(n);
    let (mut answered, total) = (0, 50_000);
    for _ in 0..total {
        let mut yaml = String::new();
        let mut depth: usize = 0;
        for _ in 0..1 + next(8) {
            // Mostly well-formed nesting, sometimes an odd column.
            depth = match next(8) {
                0..=2 => depth,
                3 | 4 => depth + 2,
                5 => depth.saturating_sub(2),
                6 => 0,
                _ => depth + 1,
            };
            let indent = " ".repeat(depth);
            let line = match next(10) {
                0..=4 => format!("{}: {}", KEYS[next(3)], value(&mut next)),
                5 => format!("{}: {}", KEYS[next(KEYS.len())], value(&mut next)),
                6 => format!("- {}", value(&mut next)),
                7 => format!("- {}: {}", KEYS[next(4)], value(&mut next)),
                8 => ["", "# note", "text line", "  more text"][next(4)].to_owned(),
                _ => format!("{}:", KEYS[next(4)]),
            };
            yaml.push_str(&indent);
            yaml.push_str(line.trim_end());
            yaml.push('\n');
        }
        answered += usize::from(agrees(&yaml));
    }
    assert!(answered * 10 > total, "answered only {answered} of {total}");
}

/// A xorshift generator: the same documents on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// An everyday value, or one time in four a tricky one.
fn value(next: &mut impl FnMut(usize) -> usize) -> &'static str {
    match next(4) {
        0 => TRICKY[next(TRICKY.len())],
        _ => EVERYDAY[next(EVERYDAY.len())],
    }
}
