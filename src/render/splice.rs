//! Puts journey maps into a page after Tera has rendered the page around
//! a marker. A map is some 30 KB; handed to the template it was copied
//! three times (into the context, through `| safe`, into the page), and
//! once more to take out its id-prefix placeholder. Used only while the
//! page's templates are the built-in ones, which print each map once,
//! unescaped, where the marker stands.

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
    fn refuses_a_page_whose_marks_do_not_match() {
        let one = format!("<p>{MAP_MARK}</p>");
        assert!(maps_into(one.as_bytes(), &[("a", ""), ("b", "")], "@").is_none());
        assert!(maps_into(one.as_bytes(), &[], "@").is_none());
        assert!(maps_into(b"<p></p>", &[("a", "")], "@").is_none());
    }
}
