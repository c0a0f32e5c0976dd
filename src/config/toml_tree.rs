//! `book.toml` as a `Node` tree, and TOML positions for diagnostics. The only
//! module that calls the TOML parser.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::content::node::{Node, NodePath, Segment};
use crate::diagnostic::Pos;

/// A TOML syntax error with its position.
#[derive(Debug)]
pub struct TomlError {
    pub message: String,
    pub pos: Pos,
}

/// Parses TOML text into a tree.
pub fn parse(text: &str) -> Result<Node, TomlError> {
    match DeTable::parse(text) {
        Ok(table) => Ok(table_node(table.get_ref())),
        Err(error) => Err(TomlError {
            message: format!("malformed TOML: {}", error.message().trim_end()),
            pos: error
                .span()
                .map_or(Pos { line: 1, column: 1 }, |span| pos_at(text, span.start)),
        }),
    }
}

fn table_node(table: &DeTable<'_>) -> Node {
    Node::Map(
        table
            .iter()
            .map(|(key, value)| (key.get_ref().to_string(), value_node(value.get_ref())))
            .collect(),
    )
}

fn value_node(value: &DeValue<'_>) -> Node {
    match value {
        DeValue::String(s) => Node::Str(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .map_or_else(|_| Node::Str(i.as_str().to_string()), Node::Int),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse()
            .map_or(Node::Null, Node::Float),
        DeValue::Boolean(b) => Node::Bool(*b),
        DeValue::Datetime(d) => Node::Str(d.to_string()),
        DeValue::Array(items) => Node::Seq(
            items
                .iter()
                .map(|item| value_node(item.get_ref()))
                .collect(),
        ),
        DeValue::Table(table) => table_node(table),
    }
}

/// The position of the node (or its key) at `path` in TOML `text`.
pub fn locate(text: &str, path: &NodePath, key: bool) -> Option<Pos> {
    let table = DeTable::parse(text).ok()?;
    let mut current: &Spanned<DeValue<'_>>;
    let segments = path.segments();
    let (first, rest) = segments.split_first()?;
    let Segment::Key(first_key) = first else {
        return None;
    };
    let (first_key_span, first_value) = find_key(table.get_ref(), first_key)?;
    if rest.is_empty() && key {
        return Some(pos_at(text, first_key_span));
    }
    current = first_value;
    for (i, segment) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        match (segment, current.get_ref()) {
            (Segment::Index(index), DeValue::Array(items)) => {
                current = items.get(*index as usize)?
            }
            (Segment::Key(name), DeValue::Table(table)) => {
                let (key_start, value) = find_key(table, name)?;
                if last && key {
                    return Some(pos_at(text, key_start));
                }
                current = value;
            }
            _ => return None,
        }
    }
    Some(pos_at(text, current.span().start))
}

fn find_key<'t, 'i>(
    table: &'t DeTable<'i>,
    name: &str,
) -> Option<(usize, &'t Spanned<DeValue<'i>>)> {
    table
        .iter()
        .find(|(key, _)| key.get_ref() == name)
        .map(|(key, value)| (key.span().start, value))
}

/// The 1-based line and column of a byte offset.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    Pos { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str =
        "[book]\ntitle = \"Acme\"\n\n[[channels]]\nid = \"web\"\nkind = \"digitl\"\n";

    #[test]
    fn converts_tables_and_arrays_of_tables() {
        let node = parse(BOOK).unwrap();
        assert_eq!(
            node.get("book").and_then(|b| b.get("title")),
            Some(&Node::Str("Acme".into()))
        );
        let Some(Node::Seq(channels)) = node.get("channels") else {
            panic!("channels is not a list");
        };
        assert_eq!(channels[0].get("id"), Some(&Node::Str("web".into())));
    }

    #[test]
    fn locates_values_and_keys() {
        let path = NodePath::root().key("channels").index(0).key("kind");
        assert_eq!(locate(BOOK, &path, false), Some(Pos { line: 6, column: 8 }));
        assert_eq!(locate(BOOK, &path, true), Some(Pos { line: 6, column: 1 }));
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let Err(error) = parse("[book\ntitle = 1\n") else {
            panic!("accepted broken TOML");
        };
        assert_eq!(error.pos.line, 1);
    }
}
