//! Fuzzes the front-matter splitter and the YAML reader (the node tree and
//! the nesting pre-check): no input may panic or hang.
#![no_main]

use journeybook::content::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = frontmatter::split(text.trim_start_matches('\u{feff}')) {
        let _ = frontmatter::parse(&split);
    }
});
