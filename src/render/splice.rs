//! Puts journey maps and drawn tables into a page after Tera has rendered
//! the page around markers. A map is some 30 KB; handed to the template it
//! was copied three times (into the context, through `| safe`, into the
//! page), and once more to take out its id-prefix placeholder. A drawn
//! table of a large portfolio is up to 90 MB, and those copies (with the
//! page's buffer doubling) were the render's memory peaks. Used only while
//! the page's templates are the built-in ones, which print each map or
//! table once, unescaped, where its marker stands.

/// Stands for a map in a rendered page. Private-use characters: escaped
/// content never produces them.
pub const MAP_MARK: &str = "\u{F8FF}journeybook-map\u{F8FF}";

/// `page` with its markers replaced, in order, by `maps`: each map's text
/// with every `placeholder` replaced by its prefix. `None` when the page
/// does not hold exactly one marker per map.
pub fn maps_into(page: &[u8], maps: &[(&str, &str)], placeholder: &str) -> Option<Vec<u8>> {
    let mark = MAP_MARK.as_bytes();
    let extra: usize = maps
        .iter()
        .map(|(map, prefix)| map.len() + prefix.len() * 64)
        .sum();
    let mut out = Vec::with_capacity(page.len() + extra);
    let mut rest = page;
    for (map, prefix) in maps {
        let at = find(rest, mark)?;
        out.extend_from_slice(&rest[..at]);
        for (i, part) in map.split(placeholder).enumerate() {
            if i > 0 {
                out.extend_from_slice(prefix.as_bytes());
            }
            out.extend_from_slice(part.as_bytes());
        }
        rest = &rest[at + mark.len()..];
    }
    if find(rest, mark).is_some() {
        return None;
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// The start of a drawn table's mark; its number and [`MARK_END`] follow.
const TABLE_MARK: &str = "\u{F8FF}journeybook-table-";
const MARK_END: char = '\u{F8FF}';

/// Stands for drawn table number `n` of a page.
pub fn table_mark(n: usize) -> String {
    format!("{TABLE_MARK}{n}{MARK_END}")
}

/// `page` with every [`table_mark`] replaced by its table (a mark of a
/// table not given stays as it is). Takes the tables to free them before
/// the caller copies the page again.
pub fn tables_into(page: &[u8], tables: Vec<String>) -> Vec<u8> {
    let mark = TABLE_MARK.as_bytes();
    let end = MARK_END.to_string();
    let size = page.len() + tables.iter().map(String::len).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    let mut rest = page;
    while let Some(at) = find(rest, mark) {
        let after = &rest[at + mark.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let table = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| tables.get(n))
            .filter(|_| after[digits..].starts_with(end.as_bytes()));
        match table {
            Some(table) => {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(table.as_bytes());
                rest = &after[digits + end.len()..];
            }
            None => {
                out.extend_from_slice(&rest[..at + mark.len()]);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The first position of `needle` (which starts with a non-ASCII byte,
/// rare in a page) in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(offset) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_each_mark_by_its_map_and_prefix() {
        let page = format!("<main>{MAP_MARK}<hr>{MAP_MARK}</main>é");
        let maps = [("<a id=\"@x\">", ""), ("<a id=\"@y\"><b id=\"@z\">", "j-")];
        let out = maps_into(page.as_bytes(), &maps, "@").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<main><a id=\"x\"><hr><a id=\"j-y\"><b id=\"j-z\"></main>é"
        );
    }

    #[test]
    fn puts_each_table_where_its_mark_stands() {
        let page = format!(
            "<main>{}<hr>{}{}</main>é",
            table_mark(1),
            table_mark(0),
            table_mark(1)
        );
        let tables = vec!["<table>0</table>".to_string(), "<p>1</p>".to_string()];
        let out = tables_into(page.as_bytes(), tables);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<main><p>1</p><hr><table>0</table><p>1</p></main>é"
        );
    }

    #[test]
    fn leaves_marks_of_tables_not_given_and_broken_marks() {
        let page = format!(
            "{}|{TABLE_MARK}|{TABLE_MARK}0|{}",
            table_mark(7),
            table_mark(0)
        );
        let out = tables_into(page.as_bytes(), vec!["T".into()]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}|{TABLE_MARK}|{TABLE_MARK}0|T", table_mark(7))
        );
        assert_eq!(tables_into(b"<p>plain</p>", Vec::new()), b"<p>plain</p>");
    }

    #[test]
    fn refuses_a_page_whose_marks_do_not_match() {
        let one = format!("<p>{MAP_MARK}</p>");
        assert!(maps_into(one.as_bytes(), &[("a", ""), ("b", "")], "@").is_none());
        assert!(maps_into(one.as_bytes(), &[], "@").is_none());
        assert!(maps_into(b"<p></p>", &[("a", "")], "@").is_none());
    }
}
