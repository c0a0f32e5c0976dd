//! `[build] sanitize-html = true`: the HTML of Markdown bodies cleaned
//! with ammonia, for wikis whose writers are not all trusted. Raw HTML is
//! passed through by default, as mdBook and Zola do. What journeybook
//! itself writes into bodies survives: heading ids and anchors, the
//! classes of highlighted code, wiki-link classes and relative links.

use std::sync::OnceLock;

/// `html` with scripts, event handlers, `javascript:` links, styles and
/// any tag or attribute outside ammonia's safe lists removed.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            builder.add_generic_attributes(["class", "id"]);
            builder.add_tag_attributes("a", ["aria-hidden"]);
            builder
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_go_and_our_markup_stays() {
        let html = r##"<h2 id="a"><a class="anchor" href="#a">#</a>A</h2><script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><pre><code><span class="hl-keyword">fn</span></code></pre><a href="../journeys/buy/">Buy</a>"##;
        let clean = sanitize(html);
        for gone in ["<script", "onerror", "javascript:"] {
            assert!(!clean.contains(gone), "{clean}");
        }
        for kept in [
            r#"id="a""#,
            r#"class="anchor""#,
            r#"class="hl-keyword""#,
            r#"href="../journeys/buy/""#,
            r#"src="x.png""#,
        ] {
            assert!(clean.contains(kept), "{kept} in {clean}");
        }
    }
}
