//! Puts journey maps and drawn tables into a page after Tera has rendered
//! the page around markers. A map is some 30 KB; handed to the template it
//! was copied three times (into the context, through `| safe`, into the
//! page), and once more to take out its id-prefix placeholder. A drawn
//! table of a large portfolio is up to 90 MB, and those copies (with the
//! page's buffer doubling) were the render's memory peaks; so a table is
//! drawn straight into the page's buffer, where its mark stands. Used only
//! while the page's templates are the built-in ones, which print each map
//! or table once, unescaped, where its marker stands.

use memchr::memmem;

/// Stands for a map in a rendered page. Private-use characters: escaped
/// content never produces them.
pub const MAP_MARK: &str = "\u{F8FF}journeybook-map\u{F8FF}";

/// `page` with its markers replaced, in order, by `maps`: each map's text
/// with every `placeholder` replaced by its prefix. `None` when the page
/// does not hold exactly one marker per map.
pub fn maps_into(page: &[u8], maps: &[(&str, &str)], placeholder: &str) -> Option<Vec<u8>> {
    let mark = MAP_MARK.as_bytes();
    let placeholders = memmem::Finder::new(placeholder);
    let extra: usize = maps
        .iter()
        .map(|(map, prefix)| map.len() + prefix.len() * 64)
        .sum();
    let mut out = Vec::with_capacity(page.len() + extra);
    let mut rest = page;
    for (map, prefix) in maps {
        let at = memmem::find(rest, mark)?;
        out.extend_from_slice(&rest[..at]);
        let map = map.as_bytes();
        let mut from = 0;
        for found in placeholders.find_iter(map) {
            out.extend_from_slice(&map[from..found]);
            out.extend_from_slice(prefix.as_bytes());
            from = found + placeholder.len();
        }
        out.extend_from_slice(&map[from..]);
        rest = &rest[at + mark.len()..];
    }
    if memmem::find(rest, mark).is_some() {
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

/// Draws one table into the page's buffer.
pub type Draw<'a> = Box<dyn FnOnce(&mut String) + 'a>;

/// A table drawn after the page around it: how many bytes it will take
/// (an estimate, for the buffer's capacity) and how to draw it.
pub struct LaterTable<'a> {
    pub size: usize,
    pub draw: Draw<'a>,
}

/// `page` with every [`table_mark`] replaced by its table, each drawn
/// straight into the buffer the output file keeps: a page of a large
/// portfolio is tens of megabytes, and a table drawn apart, then copied
/// into the page, held it twice. A mark of a table not given, or given
/// and drawn already, stays as it is.
pub fn draw_tables_into(page: Vec<u8>, tables: Vec<LaterTable<'_>>) -> bytes::Bytes {
    let page = String::from_utf8(page)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    let size: usize = tables.iter().map(|table| table.size).sum();
    let mut draws: Vec<Option<Draw<'_>>> = tables.into_iter().map(|t| Some(t.draw)).collect();
    let mut out = String::with_capacity(page.len() + size);
    for piece in pieces(&page) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Table(n, mark) => match draws.get_mut(n).and_then(Option::take) {
                Some(draw) => draw(&mut out),
                None => out.push_str(mark),
            },
        }
    }
    bytes::Bytes::from(out)
}

/// A part of a page cut at its table marks.
enum Piece<'a> {
    Text(&'a str),
    /// The mark of table `n`, and its text.
    Table(usize, &'a str),
}

/// The page cut at its marks; broken marks are text.
fn pieces(page: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = page;
    while let Some(at) = memmem::find(rest.as_bytes(), TABLE_MARK.as_bytes()) {
        let after = &rest[at + TABLE_MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = after[..digits].parse::<usize>().ok();
        match number.filter(|_| after[digits..].starts_with(MARK_END)) {
            Some(n) => {
                let end = at + TABLE_MARK.len() + digits + MARK_END.len_utf8();
                pieces.push(Piece::Text(&rest[..at]));
                pieces.push(Piece::Table(n, &rest[at..end]));
                rest = &rest[end..];
            }
            None => {
                pieces.push(Piece::Text(&rest[..at + TABLE_MARK.len()]));
                rest = after;
            }
        }
    }
    pieces.push(Piece::Text(rest));
    pieces
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

    /// Tables that draw `texts`.
    fn later(texts: &[&'static str]) -> Vec<LaterTable<'static>> {
        let draw =
            |text: &'static str| -> Draw<'static> { Box::new(move |out| out.push_str(text)) };
        texts
            .iter()
            .map(|&text| LaterTable {
                size: text.len(),
                draw: draw(text),
            })
            .collect()
    }

    fn drawn(page: &str, texts: &[&'static str]) -> String {
        let out = draw_tables_into(page.as_bytes().to_vec(), later(texts));
        String::from_utf8(out.to_vec()).unwrap()
    }

    #[test]
    fn draws_each_table_where_its_mark_stands() {
        let page = format!("<main>{}<hr>{}</main>é", table_mark(1), table_mark(0));
        assert_eq!(
            drawn(&page, &["<table>0</table>", "<p>1</p>"]),
            "<main><p>1</p><hr><table>0</table></main>é"
        );
    }

    #[test]
    fn leaves_marks_of_tables_not_given_or_drawn_and_broken_marks() {
        let page = format!(
            "{}|{TABLE_MARK}|{TABLE_MARK}0|{}{}",
            table_mark(7),
            table_mark(0),
            table_mark(0)
        );
        assert_eq!(
            drawn(&page, &["T"]),
            format!(
                "{}|{TABLE_MARK}|{TABLE_MARK}0|T{}",
                table_mark(7),
                table_mark(0)
            )
        );
        assert_eq!(drawn("<p>plain</p>", &[]), "<p>plain</p>");
    }

    #[test]
    fn refuses_a_page_whose_marks_do_not_match() {
        let one = format!("<p>{MAP_MARK}</p>");
        assert!(maps_into(one.as_bytes(), &[("a", ""), ("b", "")], "@").is_none());
        assert!(maps_into(one.as_bytes(), &[], "@").is_none());
        assert!(maps_into(b"<p></p>", &[("a", "")], "@").is_none());
    }
}
