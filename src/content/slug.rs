//! Slugs: the ids derived from names ("Purchase decision" → `purchase-decision`)
//! for stages, steps and heading anchors.

/// Lowercases ASCII letters and digits, keeps other letters as they are
/// (so "Reseña" stays readable), and joins words with single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn joins_words_with_single_hyphens() {
        assert_eq!(slugify("Purchase decision"), "purchase-decision");
        assert_eq!(slugify("  3-D Secure fails!  "), "3-d-secure-fails");
        assert_eq!(slugify("Out of market"), "out-of-market");
        assert_eq!(
            slugify("Sees an ad on Instagram"),
            "sees-an-ad-on-instagram"
        );
    }

    #[test]
    fn keeps_non_ascii_letters_lowercased() {
        assert_eq!(slugify("Reseña Única"), "reseña-única");
        assert_eq!(slugify("???"), "");
    }
}
