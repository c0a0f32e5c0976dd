//! HTML escaping, one scanner for every writer of pages: the built-in
//! drawing code (`push_escaped`), Markdown and SVG helpers (`escape_html`)
//! and Tera's autoescape (`tera_escape`, set on the theme's Tera). All give
//! the same bytes: `&`, `<`, `>`, `"` and `'` become entities, so a value
//! is safe in text and in attributes quoted either way.

use std::io;

/// Calls `emit` with `text` in order: runs that need no escaping and the
/// entity of each byte that does. Scans bytes, not chars: the five are
/// ASCII, which never occurs inside a multi-byte character.
fn for_each_part(text: &str, mut emit: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let at = next_special(bytes, start);
        let Some(entity) = bytes.get(at).copied().and_then(entity) else {
            break;
        };
        // The special bytes are ASCII: `start` and `at` fall between chars.
        if start < at {
            emit(&text[start..at]);
        }
        emit(entity);
        start = at + 1;
    }
    if start < text.len() {
        emit(&text[start..]);
    }
}

/// The index of the first byte from `at` on that needs escaping, or the
/// length of `bytes`. Most text has nothing to escape: sixteen bytes are
/// checked at a time (SSE2), then eight (in a `u64`), then one.
fn next_special(bytes: &[u8], mut at: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes
        .get(at..at + 16)
        .and_then(|b| <&[u8; 16]>::try_from(b).ok())
    {
        let found = sse2::special_bytes(chunk);
        if found != 0 {
            return at + found.trailing_zeros() as usize;
        }
        at += 16;
    }
    while let Some(word) = bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        if may_need_escaping(u64::from_ne_bytes(word)) {
            break;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|&b| entity(b).is_none()) {
        at += 1;
    }
    at
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// A bit for each of the sixteen bytes that is `&`, `<`, `>`, `"` or
    /// `'` (bit 0 for the first byte). SSE2 is part of every x86_64 CPU.
    pub fn special_bytes(chunk: &[u8; 16]) -> u32 {
        // SAFETY: SSE2 is part of the x86_64 baseline, so these
        // instructions exist on every CPU this code is built for; the load
        // reads exactly the sixteen bytes of `chunk`, and `loadu` needs no
        // alignment.
        unsafe {
            let bytes = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let is = |special: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(special as i8));
            let found = _mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(is(b'&'), is(b'<')),
                    _mm_or_si128(is(b'>'), is(b'"')),
                ),
                is(b'\''),
            );
            _mm_movemask_epi8(found) as u32
        }
    }
}

/// The entity that replaces `byte`, if it is one of the five.
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Whether any of the eight bytes of `word` is `&`, `<`, `>`, `"` or `'`.
fn may_need_escaping(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    // `&` (0x26) and `'` (0x27) differ in the lowest bit, `<` (0x3c) and
    // `>` (0x3e) in the second: setting it makes each pair one byte.
    has_zero_byte(word ^ (ONES * 0x22))
        || has_zero_byte((word | ONES) ^ (ONES * 0x27))
        || has_zero_byte((word | (ONES * 2)) ^ (ONES * 0x3e))
}

/// Appends `text` HTML-escaped.
pub fn push_escaped(out: &mut String, text: &str) {
    for_each_part(text, |part| out.push_str(part));
}

/// `text` HTML-escaped, as a new string.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// Tera's autoescape, with the same output as Tera's own `escape_html`
/// (which writes each byte to the page separately through `dyn Write`:
/// 6% of a build's instructions).
pub fn tera_escape(text: &str, out: &mut dyn io::Write) -> io::Result<()> {
    let mut result = Ok(());
    for_each_part(text, |part| {
        if result.is_ok() {
            result = out.write_all(part.as_bytes());
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byte_by_byte(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '"' => "&quot;".to_owned(),
                '\'' => "&#39;".to_owned(),
                other => other.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        /// Escaping eight bytes at a time gives what escaping each char
        /// gives, into a String and into Tera's writer alike.
        #[test]
        fn escapes_as_byte_by_byte(text in "[a-z&<>\"'=;/ é€\u{F8FF}]{0,70}") {
            let slow = byte_by_byte(&text);
            proptest::prop_assert_eq!(&escape_html(&text), &slow);
            let mut written = Vec::new();
            tera_escape(&text, &mut written).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), slow);
        }
    }

    #[test]
    fn finds_each_special_byte_at_every_place_of_a_word() {
        for special in ['&', '<', '>', '"', '\''] {
            for place in 0..8 {
                let mut word = *b"abcdefgh";
                word[place] = special as u8;
                assert!(may_need_escaping(u64::from_ne_bytes(word)));
            }
        }
        for plain in [
            "abcdefgh",
            "%$#!?()=",
            "=?;:.,/*",
            "\u{e9}\u{e9}\u{e9}\u{e9}",
        ] {
            let word: [u8; 8] = plain.as_bytes()[..8].try_into().unwrap();
            assert!(!may_need_escaping(u64::from_ne_bytes(word)), "{plain}");
        }
    }

    #[test]
    fn finds_each_special_byte_at_every_place_of_a_long_text() {
        let plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
        for special in ['&', '<', '>', '"', '\''] {
            for place in 0..plain.len() {
                let mut text = plain.to_string();
                text.replace_range(place..=place, &special.to_string());
                assert_eq!(escape_html(&text), byte_by_byte(&text), "{text}");
            }
        }
        assert_eq!(escape_html(plain), plain);
    }

    #[test]
    fn values_are_escaped_as_tera_escapes_them() {
        let text = r#"a&b<c>d"e'f—é and a longer run of plain text"#;
        let mut ours = Vec::new();
        tera_escape(text, &mut ours).unwrap();
        let mut teras = Vec::new();
        tera::escape_html(text, &mut teras).unwrap();
        assert_eq!(ours, teras);
        assert_eq!(
            escape_html(text),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f—é and a longer run of plain text"
        );
    }

    #[test]
    fn a_failing_writer_fails_the_escape() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        assert!(tera_escape("a<b", &mut Full).is_err());
        assert!(tera_escape("", &mut Full).is_ok());
    }
}
