//! A fast reader for the YAML that front-matter is made of: block maps and
//! lists by indentation, one-line flow lists and maps (`[a, b]`,
//! `{text: x, severity: low}`), plain and quoted one-line scalars, `|` and
//! `>` block text, comments.
//!
//! serde_yaml collects every event of a document into a vector before it
//! builds anything; on a large portfolio that was a quarter of the build.
//! This reader builds the `Node` tree in one pass over the lines. It reads
//! only what it is sure of: anything else (anchors, tags, multi-line plain
//! or quoted scalars, keys that are not simple words, tabs, duplicate keys,
//! every error) makes it answer `None`, and the caller hands the document
//! to serde_yaml, which then gives the tree or the error with its position.
//! Where it answers, the tree is the one serde_yaml gives; the tests check
//! that on every portfolio we ship and on generated documents.

use crate::content::frontmatter::scalar;
use crate::content::node::Node;

#[cfg(test)]
mod tests;

/// Deeper block or flow nesting is left to the library (and its limits).
const MAX_DEPTH: usize = 48;

/// The tree of `yaml`, or `None` to leave the document to serde_yaml.
pub fn read(yaml: &str) -> Option<Node> {
    if !plain_characters(yaml) {
        return None;
    }
    // Sized once: growing it line by line showed up as page faults.
    let breaks = memchr::memchr_iter(b'\n', yaml.as_bytes());
    let mut lines = Vec::with_capacity(breaks.clone().count() + 1);
    let mut start = 0;
    for end in breaks {
        lines.push(Line::new(&yaml[start..end]));
        start = end + 1;
    }
    lines.push(Line::new(&yaml[start..]));
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
    };
    reader.skip_blank_and_comments();
    let first = reader.lines.get(reader.at)?;
    split_key(first.text)?;
    let node = reader.map(first.indent)?;
    reader.skip_blank_and_comments();
    (reader.at == reader.lines.len()).then_some(node)
}

/// Only printable characters and `\n`: no tabs, carriage returns, control
/// or non-characters, and none of the extra line breaks YAML 1.1 knows
/// (U+0085, U+2028, U+2029), whose handling is left to the library.
fn plain_characters(yaml: &str) -> bool {
    if yaml.starts_with("---") || yaml.contains("\n---") || yaml.contains("\n...") {
        return false;
    }
    if yaml.is_ascii() {
        return yaml
            .bytes()
            .all(|b| b == b'\n' || (b' '..=b'~').contains(&b));
    }
    yaml.chars().all(|c| match c {
        '\n' | ' '..='~' => true,
        '\u{a0}'..='\u{d7ff}' => !matches!(c, '\u{2028}' | '\u{2029}'),
        '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
        '\u{10000}'.. => true,
        _ => false,
    })
}

/// One source line: its indentation and its text after it, trimmed at the
/// end. `raw` is the whole line, for block text.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
    raw: &'a str,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let text = raw.trim_start_matches(' ');
        Line {
            indent: raw.len() - text.len(),
            text: text.trim_end_matches(' '),
            raw,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    fn skip_blank_and_comments(&mut self) {
        while self
            .peek()
            .is_some_and(|line| line.is_blank() || line.text.starts_with('#'))
        {
            self.at += 1;
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// The next line of a block at column `indent`: `Some(None)` where the
    /// block ends (the end of the text, or a line further left), `None` for
    /// a line further right, which this reader leaves to the library.
    fn next_in_block(&mut self, indent: usize) -> Option<Option<Line<'a>>> {
        self.skip_blank_and_comments();
        match self.peek() {
            Some(line) if line.indent > indent => None,
            Some(line) if line.indent == indent => Some(Some(line)),
            _ => Some(None),
        }
    }

    /// A block map whose keys are at column `indent`.
    fn map(&mut self, indent: usize) -> Option<Node> {
        self.enter()?;
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(line) = self.next_in_block(indent)? {
            let (key, rest) = split_key(line.text)?;
            if entries.iter().any(|(seen, _)| seen == key) {
                return None;
            }
            let value = self.value(indent, rest, true)?;
            entries.push((key.to_owned(), value));
        }
        self.depth -= 1;
        Some(Node::Map(entries))
    }

    /// A block list whose dashes are at column `indent`.
    fn seq(&mut self, indent: usize) -> Option<Node> {
        self.enter()?;
        let mut items = Vec::new();
        while let Some(line) = self.next_in_block(indent)? {
            let Some(after_dash) = dash_rest(line.text) else {
                break;
            };
            let rest = after_dash.trim_start_matches(' ');
            let item = if split_key(rest).is_some() {
                // `- key: value` opens a map at the column of `key`.
                let column = indent + 1 + after_dash.len() - rest.len();
                self.lines[self.at] = Line {
                    indent: column,
                    text: rest,
                    raw: line.raw,
                };
                self.map(column)?
            } else if dash_rest(rest).is_some() {
                return None;
            } else {
                self.value(indent, rest, false)?
            };
            items.push(item);
        }
        self.depth -= 1;
        Some(Node::Seq(items))
    }

    /// The value written after `key:` or `-` on the current line (`rest`),
    /// or below it. `indent` is the column of the key or dash; `in_map`
    /// allows a list at the key's own column (`key:` then `- a`).
    fn value(&mut self, indent: usize, rest: &'a str, in_map: bool) -> Option<Node> {
        if rest.is_empty() || rest.starts_with('#') {
            self.at += 1;
            self.skip_blank_and_comments();
            return match self.peek() {
                Some(next) if next.indent > indent => self.nested(next),
                Some(next) if in_map && next.indent == indent && dash_rest(next.text).is_some() => {
                    self.seq(indent)
                }
                _ => Some(Node::Null),
            };
        }
        if rest.starts_with(['|', '>']) {
            self.at += 1;
            return self.block_text(indent, rest).map(Node::Str);
        }
        let node = self.inline_lines(indent, rest)?;
        // A more indented line after the value continues it in a way this
        // reader does not follow (or is an error): the library's business.
        let next = self.lines[self.at..].iter().find(|line| !line.is_blank());
        if next.is_some_and(|line| line.indent > indent) {
            return None;
        }
        Some(node)
    }

    /// A value starting at `rest` on the current line, continued on the
    /// more indented lines right below it (a long flow list, a wrapped
    /// quoted or plain string). YAML folds each of those line breaks, with
    /// the spaces around it, into one space; so does this reader, and it
    /// leaves the rarer cases (blank lines, comments) to the library.
    fn inline_lines(&mut self, indent: usize, rest: &str) -> Option<Node> {
        let start = self.at + 1;
        let mut end = start;
        while self.lines.get(end).is_some_and(|line| {
            !line.is_blank() && line.indent > indent && !line.text.starts_with('#')
        }) {
            end += 1;
        }
        let node = if end == start {
            inline(rest, self.depth)?
        } else {
            let continued = &self.lines[start..end];
            if rest.contains('#') || continued.iter().any(|line| line.text.contains('#')) {
                return None;
            }
            let mut joined = rest.to_owned();
            for line in continued {
                joined.push(' ');
                joined.push_str(line.text);
            }
            inline(&joined, self.depth)?
        };
        self.at = end;
        Some(node)
    }

    /// A block collection starting on its own line.
    fn nested(&mut self, line: Line<'a>) -> Option<Node> {
        if dash_rest(line.text).is_some() {
            self.seq(line.indent)
        } else if split_key(line.text).is_some() {
            self.map(line.indent)
        } else {
            None
        }
    }

    /// `|` (literal) or `>` (folded) text below a key or dash at column
    /// `indent`, with optional `-` chomping. Anything subtler (indentation
    /// indicators, `+`, leading blank lines, more-indented folded lines) is
    /// left to the library.
    fn block_text(&mut self, indent: usize, header: &str) -> Option<String> {
        let folded = header.starts_with('>');
        let after = &header[1..];
        let (strip, after) = match after.strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, after),
        };
        if !(after.is_empty() || (after.starts_with(' ') && after.trim_start().starts_with('#'))) {
            return None;
        }
        let first = self.peek().filter(|line| !line.is_blank())?;
        if first.indent <= indent {
            return None;
        }
        let column = first.indent;
        let mut lines: Vec<&str> = Vec::new();
        while let Some(line) = self.peek() {
            if line.is_blank() {
                if line.raw.len() > column {
                    return None;
                }
                lines.push("");
            } else if line.indent >= column {
                lines.push(&line.raw[column..]);
            } else if line.indent > indent {
                return None;
            } else {
                break;
            }
            self.at += 1;
        }
        while lines.last() == Some(&"") {
            lines.pop();
        }
        let mut text = if folded {
            fold(&lines)?
        } else {
            lines.join("\n")
        };
        if !strip {
            text.push('\n');
        }
        Some(text)
    }
}

/// Folded text: lines joined by spaces, each run of empty lines kept as
/// that many line breaks. More-indented lines are left to the library.
fn fold(lines: &[&str]) -> Option<String> {
    let mut text = String::new();
    let mut empty_run = 0;
    for line in lines {
        if line.is_empty() {
            empty_run += 1;
            continue;
        }
        if line.starts_with(' ') {
            return None;
        }
        if !text.is_empty() {
            if empty_run == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', empty_run));
            }
        }
        empty_run = 0;
        text.push_str(line);
    }
    Some(text)
}

/// What follows a block list's dash (`- x` or a lone `-`).
fn dash_rest(text: &str) -> Option<&str> {
    match text.strip_prefix('-')? {
        "" => Some(""),
        rest if rest.starts_with(' ') => Some(rest),
        _ => None,
    }
}

/// `key: rest` with a simple key (a word of letters, digits, `-` and `_`
/// starting with a letter or `_`, and not a boolean or null).
fn split_key(text: &str) -> Option<(&str, &str)> {
    // The key's characters, then the colon: one pass over the key instead
    // of a search for the colon and a second look at what came before it.
    let colon = key_length(text);
    if colon == 0 || text.as_bytes().get(colon) != Some(&b':') {
        return None;
    }
    let (key, after) = (&text[..colon], &text[colon + 1..]);
    if !(after.is_empty() || after.starts_with(' ')) || reserved_word(key) {
        return None;
    }
    Some((key, after.trim_start_matches(' ')))
}

fn simple_key(key: &str) -> bool {
    !key.is_empty() && key_length(key) == key.len() && !reserved_word(key)
}

/// The length of the key at the start of `text`: a letter or `_`, then
/// letters, digits, `-` and `_` (0 when `text` does not start with one).
fn key_length(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
    {
        return 0;
    }
    bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(bytes.len())
}

/// Words YAML reads as booleans or null rather than as keys.
fn reserved_word(key: &str) -> bool {
    matches!(
        key,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
    )
}

/// A value on one line after `key:` or `-`: a flow collection, a quoted
/// string or a plain scalar, followed by nothing but a comment.
fn inline(rest: &str, depth: usize) -> Option<Node> {
    let (node, after) = match rest.as_bytes()[0] {
        b'[' | b'{' | b'"' | b'\'' => flow(rest, depth)?,
        _ => {
            let (end, key_like) = plain_extent(rest, false);
            let text = rest[..end].trim_end_matches(' ');
            if key_like || !plain_start(text) {
                return None;
            }
            (scalar::resolve(text)?, &rest[end..])
        }
    };
    only_comment(after).then_some(node)
}

/// Scans a plain scalar in one pass: where it ends (before a ` #`
/// comment; in a flow, also before `,[]{}`), and whether this reader must
/// leave it to the library: a `:` that YAML could read as a key (`: ` or a
/// final `:` in a block, any `:` in a flow), or a comment inside a flow.
fn plain_extent(text: &str, in_flow: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut refused = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => return (i - 1, refused || in_flow),
            b':' if in_flow || bytes.get(i + 1).is_none_or(|&next| next == b' ') => {
                refused = true;
            }
            b',' | b'[' | b']' | b'{' | b'}' if in_flow => return (i, refused),
            _ => {}
        }
    }
    (bytes.len(), refused)
}

/// Whether nothing but spaces and a comment follows a value.
fn only_comment(after: &str) -> bool {
    let trimmed = after.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())
}

/// Whether a plain scalar may start this way: not with an indicator, not
/// with `- `, `? ` or `: `.
fn plain_start(text: &str) -> bool {
    let Some(first) = text.bytes().next() else {
        return false;
    };
    if b"[]{},#&*!|>'\"%@`".contains(&first) {
        return false;
    }
    if matches!(first, b'-' | b'?' | b':') {
        return text.len() > 1 && text.as_bytes()[1] != b' ';
    }
    true
}

/// A flow value at the start of `text` and what follows it on the line.
fn flow(text: &str, depth: usize) -> Option<(Node, &str)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = text.trim_start_matches(' ');
    match text.as_bytes().first()? {
        b'[' => {
            let mut items = Vec::new();
            let mut rest = text[1..].trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix(']') {
                return Some((Node::Seq(items), after));
            }
            loop {
                let (item, after) = flow(rest, depth + 1)?;
                items.push(item);
                let after = after.trim_start_matches(' ');
                match after.as_bytes().first()? {
                    b',' => rest = after[1..].trim_start_matches(' '),
                    b']' => return Some((Node::Seq(items), &after[1..])),
                    _ => return None,
                }
            }
        }
        b'{' => {
            let mut entries: Vec<(String, Node)> = Vec::new();
            let mut rest = text[1..].trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix('}') {
                return Some((Node::Map(entries), after));
            }
            loop {
                let colon = rest.find(": ")?;
                let key = &rest[..colon];
                if !simple_key(key) || entries.iter().any(|(seen, _)| seen == key) {
                    return None;
                }
                let (value, after) = flow(&rest[colon + 2..], depth + 1)?;
                entries.push((key.to_owned(), value));
                let after = after.trim_start_matches(' ');
                match after.as_bytes().first()? {
                    b',' => rest = after[1..].trim_start_matches(' '),
                    b'}' => return Some((Node::Map(entries), &after[1..])),
                    _ => return None,
                }
            }
        }
        b'"' => double_quoted(&text[1..]),
        b'\'' => single_quoted(&text[1..]),
        _ => {
            let (end, refused) = plain_extent(text, true);
            let plain = text[..end].trim_end_matches(' ');
            if refused || !plain_start(plain) {
                return None;
            }
            Some((scalar::resolve(plain)?, &text[end..]))
        }
    }
}

/// A one-line `"..."` string (after its opening quote) with the common
/// escapes; others are left to the library.
fn double_quoted(text: &str) -> Option<(Node, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Node::Str(value), &text[i + 1..])),
            '\\' => {
                let (_, escape) = chars.next()?;
                value.push(match escape {
                    '\\' | '"' | '/' => escape,
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'u' => {
                        let hex: String = (0..4)
                            .map(|_| chars.next().map(|(_, h)| h))
                            .collect::<Option<_>>()?;
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    _ => return None,
                });
            }
            _ => value.push(c),
        }
    }
    None
}

/// A one-line `'...'` string (after its opening quote), `''` being a quote.
fn single_quoted(text: &str) -> Option<(Node, &str)> {
    let mut value = String::new();
    let mut rest = text;
    loop {
        let quote = rest.find('\'')?;
        value.push_str(&rest[..quote]);
        rest = &rest[quote + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                value.push('\'');
                rest = after;
            }
            None => return Some((Node::Str(value), rest)),
        }
    }
}
