//! A linear pre-check of front-matter nesting. The YAML scanner slows down
//! with the square of the depth of `[`/`{` flow collections (100,000
//! levels took 20 s before its own recursion limit refused them), so
//! front-matter deeper than any real map would ever need is refused here,
//! before it reaches the YAML library.

/// The deepest flow nesting accepted; serde_yaml itself stops at 128.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The 1-based line and column (in characters) of the first `[` or `{`
/// nested deeper than `limit`, outside quotes and comments.
pub fn too_deep(yaml: &str, limit: usize) -> Option<(u32, u32)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut previous = '\n';
    let mut in_comment = false;
    let (mut line, mut column) = (1u32, 0u32);
    for c in yaml.chars() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            in_comment = false;
            previous = c;
            continue;
        }
        match quote {
            _ if in_comment => {}
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if !previous.is_alphanumeric() => quote = Some(c),
                '#' if previous.is_whitespace() => in_comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_front_matter_passes() {
        let yaml = "title: \"A [quoted [ bracket\"\nsteps:\n  - {name: a, touchpoints: [x, y], note: 'it''s [fine'}\n# a comment with [[[[\nbody: text with [brackets] here\n";
        assert_eq!(too_deep(yaml, 2), None);
    }

    #[test]
    fn deep_flow_nesting_is_found_where_it_passes_the_limit() {
        let yaml = format!("title: x\nextra: {}{}\n", "[".repeat(10), "]".repeat(10));
        assert_eq!(too_deep(&yaml, 4), Some((2, 12)));
        assert_eq!(too_deep(&yaml, 10), None);
    }
}
