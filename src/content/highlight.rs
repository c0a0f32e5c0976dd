//! Code blocks highlighted with syntect, as CSS classes (prefix `hl-`) so
//! themes and dark mode style them (`static/highlight.css`). The syntax set
//! is loaded on the first code block only. Pathological input cannot hang
//! a build: large blocks and long lines stay plain text, and a block that
//! takes too long falls back to plain text.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Blocks larger than this are not highlighted.
pub const MAX_BYTES: usize = 256 * 1024;
/// Lines longer than this make a block plain (regex engines can take very
/// long on them).
pub const MAX_LINE: usize = 4_000;
/// The time one block may take before it falls back to plain text.
pub const BUDGET: Duration = Duration::from_millis(500);

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Whether a block is small and regular enough to highlight.
fn highlightable(code: &str) -> bool {
    code.len() <= MAX_BYTES && code.lines().all(|line| line.len() <= MAX_LINE)
}

/// The highlighted inner HTML of a code block, or `None` when the language
/// is unknown or the block is left plain (too big, too slow).
pub fn highlight(code: &str, language: &str) -> Option<String> {
    if language.is_empty() || !highlightable(code) {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(language)?;
    let started = Instant::now();
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
        if started.elapsed() > BUDGET {
            return None;
        }
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classed_spans() {
        let html = highlight("let answer = 42;\n", "rust").unwrap();
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("42"));
    }

    #[test]
    fn unknown_or_missing_languages_stay_plain() {
        assert_eq!(highlight("x", "no-such-language"), None);
        assert_eq!(highlight("x", ""), None);
    }

    #[test]
    fn huge_blocks_and_long_lines_stay_plain() {
        let big = "var a = 1;\n".repeat(100_000);
        assert!(big.len() > 1_000_000);
        assert_eq!(highlight(&big, "js"), None);
        let long_line = format!("var s = \"{}\";\n", "x".repeat(MAX_LINE));
        assert_eq!(highlight(&long_line, "js"), None);
    }
}
