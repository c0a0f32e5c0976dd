//! Problems found in the user's content (all stages up to `link`): the
//! `Diagnostic` type, its codes, the "did you mean" hint, and cargo-style
//! rendering with the source line and a caret.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::content::node::NodePath;

/// How bad a diagnostic is: errors fail the build, warnings are printed only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Where in its file a diagnostic points.
#[derive(Clone, Debug, PartialEq)]
pub enum At {
    /// The whole file (no better place is known).
    File,
    /// A known line and column.
    Pos(Pos),
    /// A node of the file's front-matter (or of book.toml), resolved to a
    /// position only when printed, so later stages need not carry positions.
    Node { path: NodePath, key: bool },
}

/// One problem in the user's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Path relative to the portfolio root, e.g. `content/journeys/x.md`.
    pub file: PathBuf,
    pub at: At,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &Path, at: At, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.to_path_buf(),
            at,
            help: None,
        }
    }

    pub fn warning(code: &'static str, file: &Path, at: At, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, at, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The position after resolution, or `None` for whole-file diagnostics.
    pub fn pos(&self) -> Option<Pos> {
        match self.at {
            At::Pos(pos) => Some(pos),
            _ => None,
        }
    }
}

/// A resolved diagnostic as plain data, for JSON consumers (the live
/// preview's error overlay, editor integrations).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Record {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// The record of a diagnostic whose position is already resolved.
    pub fn record(&self) -> Record {
        let pos = self.pos();
        Record {
            file: self.file.to_string_lossy().replace('\\', "/"),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            severity: match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: self.code,
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }
}

/// Stable diagnostic codes, one per rule of FORMAT.md.
pub mod code {
    pub const NOT_UTF8: &str = "E0101";
    pub const UNCLOSED_FRONT_MATTER: &str = "E0102";
    pub const BAD_YAML: &str = "E0103";
    pub const BAD_TOML: &str = "E0104";
    pub const UNREADABLE: &str = "E0105";
    pub const MISSING_KEY: &str = "E0201";
    pub const WRONG_TYPE: &str = "E0202";
    pub const NOT_IN_LIST: &str = "E0203";
    pub const UNKNOWN_KEY: &str = "E0204";
    pub const BAD_VALUE: &str = "E0205";
    pub const UNRESOLVED: &str = "E0301";
    pub const BROKEN_LINK: &str = "E0302";
    pub const DUPLICATE_ID: &str = "E0401";
    pub const DUPLICATE_URL: &str = "E0402";
    pub const EMOTION_OFF_SCALE: &str = "E0501";
    pub const STAGE_NOT_IN_SET: &str = "E0502";
    pub const STAGE_OUT_OF_ORDER: &str = "E0503";
    pub const PARENT_CYCLE: &str = "E0601";
    pub const TEMPLATE: &str = "E0701";

    pub const EMPTY_STAGE: &str = "W0101";
    pub const CROWDED_STAGE: &str = "W0102";
    pub const BARE_STEP: &str = "W0103";
    pub const UNUSED_PERSONA: &str = "W0201";
    pub const UNUSED_TOUCHPOINT: &str = "W0202";
    pub const FUTURE_WITHOUT_COMPARES: &str = "W0301";
    pub const STALE_JOURNEY: &str = "W0302";
    pub const FOREIGN_PERSONA_EMOTION: &str = "W0401";
}

/// The candidate closest to `wanted` by edit distance, if it is close enough
/// to be a plausible misspelling.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// "did you mean `x`?" for the nearest candidate.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(wanted, candidates).map(|found| format!("did you mean `{found}`?"))
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Sorts diagnostics by file, position and message so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.pos(), a.severity, &a.message).cmp(&(&b.file, b.pos(), b.severity, &b.message))
    });
}

/// Renders one diagnostic cargo-style. `source` is the file's whole text
/// (for the quoted line); `shown_path` is the path as the user should see it.
pub fn render(diagnostic: &Diagnostic, source: Option<&str>, shown_path: &Path) -> String {
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("{kind}[{}]: {}\n", diagnostic.code, diagnostic.message);
    let shown = shown_path.display();
    let quoted = diagnostic.pos().and_then(|pos| {
        source
            .and_then(|text| text.lines().nth((pos.line as usize).checked_sub(1)?))
            .map(|line| (pos, line))
    });
    let gutter = quoted.map_or(1, |(pos, _)| pos.line.to_string().len());
    let pad = " ".repeat(gutter);
    match diagnostic.pos() {
        Some(pos) => {
            let _ = writeln!(out, "{pad}--> {shown}:{}:{}", pos.line, pos.column);
        }
        None => {
            let _ = writeln!(out, "{pad}--> {shown}");
        }
    }
    if let Some((pos, line)) = quoted {
        let line = line.trim_end_matches('\r');
        let column = pos.column as usize;
        let (shown_line, skipped) = quoted_window(line, column);
        let caret_at: String = shown_line
            .chars()
            .take(column.saturating_sub(1 + skipped) + usize::from(skipped > 0))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let room = shown_line
            .chars()
            .count()
            .saturating_sub(caret_at.chars().count());
        let width = token_width(line, column).min(room.max(1));
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {shown_line}", pos.line);
        let _ = writeln!(out, "{pad} | {caret_at}{}", "^".repeat(width));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    out
}

/// The most characters of a source line a diagnostic quotes.
const QUOTED_CHARS: usize = 120;

/// The part of `line` a diagnostic quotes: all of it when short, else a
/// window around `column` with `…` where it was cut; and how many
/// characters were cut from the start.
fn quoted_window(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= QUOTED_CHARS {
        return (line.to_string(), 0);
    }
    let start = column
        .saturating_sub(1 + QUOTED_CHARS / 3)
        .min(length - QUOTED_CHARS);
    let end = start + QUOTED_CHARS;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(QUOTED_CHARS));
    if end < length {
        shown.push('…');
    }
    (shown, start)
}

/// The width in characters of the token starting at 1-based `column`:
/// a quoted string, or a plain run up to a YAML/TOML delimiter.
fn token_width(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let width = match rest.first() {
        Some(&quote @ ('"' | '\'')) => rest[1..]
            .iter()
            .position(|&c| c == quote)
            .map_or(rest.len(), |end| end + 2),
        Some(_) => {
            let key_end =
                |i: usize| rest[i] == ':' && rest.get(i + 1).is_none_or(|c| c.is_whitespace());
            let comment = |i: usize| rest[i] == '#' && i > 0 && rest[i - 1].is_whitespace();
            let end = (0..rest.len())
                .find(|&i| {
                    matches!(rest[i], ',' | ']' | '}' | '=' | '|') || key_end(i) || comment(i)
                })
                .unwrap_or(rest.len());
            let token: String = rest[..end].iter().collect();
            token.trim_end().chars().count()
        }
        None => 1,
    };
    width.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("ana", "ana"), 0);
        assert_eq!(edit_distance("anna", "ana"), 1);
        assert_eq!(edit_distance("web-chekout", "web-checkout"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn nearest_ignores_far_candidates() {
        assert_eq!(nearest("titel", ["title", "owner"]), Some("title"));
        assert_eq!(nearest("zzzzzz", ["title", "owner"]), None);
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("extra: {}x{}", "[".repeat(5000), "]".repeat(5000));
        let diagnostic = Diagnostic::error(
            "E0103",
            Path::new("x.md"),
            At::Pos(Pos {
                line: 1,
                column: 5008,
            }),
            "malformed YAML",
        );
        let text = render(&diagnostic, Some(&line), Path::new("x.md"));
        let quoted: Vec<&str> = text.lines().filter(|l| l.contains(" | ")).collect();
        assert!(quoted.iter().all(|l| l.chars().count() < 140), "{text}");
        let (source, caret) = (quoted[0], quoted[1]);
        let x_at = source.chars().position(|c| c == 'x').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x_at), "{text}");
        assert!(
            source.contains("…[[[") && source.ends_with("]]]…"),
            "{text}"
        );
    }

    #[test]
    fn renders_cargo_style_with_caret_under_token() {
        let d = Diagnostic::error(
            code::UNRESOLVED,
            Path::new("content/journeys/x.md"),
            At::Pos(Pos {
                line: 2,
                column: 12,
            }),
            "unknown persona `anna`",
        )
        .with_help("did you mean `ana`?");
        let text = render(
            &d,
            Some("---\npersonas: [anna, bob]\n---\n"),
            Path::new("content/journeys/x.md"),
        );
        assert_eq!(
            text,
            "error[E0301]: unknown persona `anna`\n --> content/journeys/x.md:2:12\n  |\n2 | personas: [anna, bob]\n  |            ^^^^\n  = help: did you mean `ana`?\n"
        );
    }

    #[test]
    fn token_width_spans_quoted_strings_and_keys() {
        assert_eq!(token_width("a: \"x y\" # c", 4), 5);
        assert_eq!(token_width("titel: Buy", 1), 5);
        assert_eq!(token_width("links-to: [j#see, x]", 12), 5);
        assert_eq!(token_width("state: futur # soon", 8), 5);
    }
}
