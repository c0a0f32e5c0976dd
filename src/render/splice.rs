//! Puts journey maps and drawn tables into a page after Tera has rendered
//! the page around markers. A map is some 30 KB; handed to the template it
//! was copied three times (into the context, through `| safe`, into the
//! page), and once more to take out its id-prefix placeholder. A drawn
//! table of a large portfolio is up to 90 MB, and those copies (with the
//! page's buffer doubling) were the render's memory peaks. Used only while
//! the page's templates are the built-in ones, which print each map or
//! table once, unescaped, where its marker stands.

use std::sync::Arc;

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
/// table not given stays as it is), written straight into the shared
/// buffer an output file holds: a page of a large portfolio is tens of
/// megabytes, and a `Vec` copied into an `Arc` held it twice.
pub fn tables_into(page: &[u8], tables: &[String]) -> Arc<[u8]> {
    let pieces = pieces(page, tables);
    let size = pieces.iter().map(|piece| piece.len()).sum();
    let mut shared = Arc::<[u8]>::new_uninit_slice(size);
    let Some(slots) = Arc::get_mut(&mut shared) else {
        // A new Arc has no other owner; never taken.
        return Arc::from(pieces.concat());
    };
    let mut at = 0;
    for piece in &pieces {
        for (slot, &byte) in slots[at..at + piece.len()].iter_mut().zip(*piece) {
            slot.write(byte);
        }
        at += piece.len();
    }
    debug_assert_eq!(at, size);
    // SAFETY: `pieces` cover `size` bytes and were written at 0..size, one
    // after another, so every byte of the slice is initialised.
    unsafe { shared.assume_init() }
}

/// The page cut at its marks, with each known table between the cuts.
fn pieces<'a>(page: &'a [u8], tables: &'a [String]) -> Vec<&'a [u8]> {
    let mark = TABLE_MARK.as_bytes();
    let end = MARK_END.to_string();
    let mut pieces = Vec::new();
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
                pieces.push(&rest[..at]);
                pieces.push(table.as_bytes());
                rest = &after[digits + end.len()..];
            }
            None => {
                pieces.push(&rest[..at + mark.len()]);
                rest = after;
            }
        }
    }
    pieces.push(rest);
    pieces
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
        let out = tables_into(page.as_bytes(), &tables);
        assert_eq!(
            String::from_utf8(out.to_vec()).unwrap(),
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
        let out = tables_into(page.as_bytes(), &["T".into()]);
        assert_eq!(
            String::from_utf8(out.to_vec()).unwrap(),
            format!("{}|{TABLE_MARK}|{TABLE_MARK}0|T", table_mark(7))
        );
        assert_eq!(&tables_into(b"<p>plain</p>", &[])[..], b"<p>plain</p>");
    }

    #[test]
    fn refuses_a_page_whose_marks_do_not_match() {
        let one = format!("<p>{MAP_MARK}</p>");
        assert!(maps_into(one.as_bytes(), &[("a", ""), ("b", "")], "@").is_none());
        assert!(maps_into(one.as_bytes(), &[], "@").is_none());
        assert!(maps_into(b"<p></p>", &[("a", "")], "@").is_none());
    }
}
