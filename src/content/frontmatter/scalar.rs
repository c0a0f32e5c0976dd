//! What an unquoted YAML scalar means: null, a boolean, an integer, a
//! number or text. These are serde_yaml 0.9's own rules (YAML 1.2 core
//! schema: `true`/`True`/`TRUE`, `~`/`null`, `0x`/`0o`/`0b` integers, a
//! leading zero makes text, `.inf`/`.nan`), written again here so the block
//! reader gives the very tree the library would.

use std::num::ParseIntError;

use crate::content::node::Node;

/// The value of a plain scalar, or `None` when serde_yaml would hand it to
/// the tree builder as a 128-bit integer (which the builder refuses): the
/// caller then leaves the whole document to the library, error and all.
pub fn resolve(text: &str) -> Option<Node> {
    // Text starting with a letter can only be a boolean or null word: no
    // number starts with one (Rust's float parser reads `inf` and `nan`,
    // which are not finite and so stay text here too). Most scalars of a
    // portfolio are words, and this skips five failed number parses.
    if text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic())
    {
        return Some(match text {
            "null" | "Null" | "NULL" => Node::Null,
            "true" | "True" | "TRUE" => Node::Bool(true),
            "false" | "False" | "FALSE" => Node::Bool(false),
            _ => Node::Str(text.to_owned()),
        });
    }
    if text.is_empty() || matches!(text, "null" | "Null" | "NULL" | "~") {
        return Some(Node::Null);
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Node::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Node::Bool(false)),
        _ => {}
    }
    if let Some(int) = unsigned(text, u64::from_str_radix) {
        return Some(i64::try_from(int).map_or(Node::Float(int as f64), Node::Int));
    }
    if let Some(int) = negative(text, i64::from_str_radix) {
        return Some(Node::Int(int));
    }
    if unsigned(text, u128::from_str_radix).is_some()
        || negative(text, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(text)
        && let Some(float) = float(text)
    {
        return Some(Node::Float(float));
    }
    Some(Node::Str(text.to_owned()))
}

type Radix<T> = fn(&str, u32) -> Result<T, ParseIntError>;

/// The prefixed bases serde_yaml reads, with their radix.
const BASES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

fn unsigned<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in BASES {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn negative<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in BASES {
        if let Some(rest) = scalar
            .strip_prefix('-')
            .and_then(|s| s.strip_prefix(prefix))
            && let Ok(int) = from_str_radix(&format!("-{rest}"), radix)
        {
            return Some(int);
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros before digits make text in YAML 1.2 (`007`).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_core_schema() {
        assert_eq!(resolve(""), Some(Node::Null));
        assert_eq!(resolve("~"), Some(Node::Null));
        assert_eq!(resolve("True"), Some(Node::Bool(true)));
        assert_eq!(resolve("yes"), Some(Node::Str("yes".into())));
        assert_eq!(resolve("-12"), Some(Node::Int(-12)));
        assert_eq!(resolve("0x1F"), Some(Node::Int(31)));
        assert_eq!(resolve("-0b11"), Some(Node::Int(-3)));
        assert_eq!(resolve("007"), Some(Node::Str("007".into())));
        assert_eq!(resolve("1e3"), Some(Node::Float(1000.0)));
        assert_eq!(resolve("-.inf"), Some(Node::Float(f64::NEG_INFINITY)));
        assert_eq!(resolve("nan"), Some(Node::Str("nan".into())));
        assert_eq!(resolve("infinity"), Some(Node::Str("infinity".into())));
        assert_eq!(resolve("NULL"), Some(Node::Null));
        assert_eq!(resolve("e5"), Some(Node::Str("e5".into())));
        assert_eq!(resolve("2026-06-01"), Some(Node::Str("2026-06-01".into())));
        assert_eq!(
            resolve("18446744073709551615"),
            Some(Node::Float(18446744073709551615.0))
        );
        assert_eq!(resolve("99999999999999999999999"), None);
    }
}
