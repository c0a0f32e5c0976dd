//! Search terms: lowercase words with accents folded ("Reseña" → "resena"),
//! split on anything that is not a letter or digit, and the two-letter
//! shard a term is stored in. The browser does the same in search.js.

/// Folds the accented Latin letters of Spanish, Portuguese, French and
/// German onto their base letter.
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// The search terms of a text, in order, repeats kept.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase).map(fold) {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The shard of a term: its first two characters (one for one-letter terms).
pub fn shard_of(term: &str) -> String {
    term.chars().take(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_folded_and_split() {
        assert_eq!(
            terms("3-D Secure fails on mobile!"),
            ["3", "d", "secure", "fails", "on", "mobile"]
        );
        assert_eq!(terms("Reseña única, João"), ["resena", "unica", "joao"]);
    }

    #[test]
    fn shards_are_two_letter_prefixes() {
        assert_eq!(shard_of("delivery"), "de");
        assert_eq!(shard_of("x"), "x");
        assert_eq!(shard_of("ñu"), "ñu");
    }
}
