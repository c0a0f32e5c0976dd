//! Reuse of rendered pages across `serve` rebuilds. A page's HTML is a pure
//! function of the theme, the shared site frame and its own view model, so
//! a page whose inputs hash the same as last time is not rendered again.
//! Dependent pages can never be left stale: any change to what a page
//! shows changes its inputs.

use std::collections::HashMap;
use std::io;

use serde::Serialize;

/// Each page's input hash and HTML from the previous build.
#[derive(Debug, Default)]
pub struct PageCache {
    pub(super) pages: HashMap<String, (u64, bytes::Bytes)>,
    /// How many of these pages were reused from the build before.
    pub reused: usize,
}

impl PageCache {
    /// The HTML of `path` from the previous build, if its inputs were `key`.
    pub(super) fn get(&self, path: &str, key: u64) -> Option<bytes::Bytes> {
        match self.pages.get(path) {
            Some((previous, bytes)) if *previous == key => Some(bytes.clone()),
            _ => None,
        }
    }

    /// How many pages the cache holds.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// A fast 64-bit hash (multiply-rotate over 8-byte words, as in rustc's
/// FxHash). Cache keys need speed, not resistance to crafted collisions:
/// the input is the user's own portfolio.
struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl io::Write for FastHasher {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
        self.add(bytes.len() as u64);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hashes anything serializable, starting from `seed`.
pub fn hash_of<T: Serialize + ?Sized>(seed: u64, value: &T) -> u64 {
    let mut hasher = FastHasher(seed);
    // Serializing our own view models to JSON cannot fail; if it ever did,
    // the page would simply be rendered again (the hash differs).
    if serde_json::to_writer(&mut hasher, value).is_err() {
        hasher.add(u64::MAX);
    }
    hasher.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_hash_equal_and_any_change_differs() {
        let a = hash_of(1, &("journey.html", vec!["Buy", "Pay"]));
        assert_eq!(a, hash_of(1, &("journey.html", vec!["Buy", "Pay"])));
        assert_ne!(a, hash_of(1, &("journey.html", vec!["Buy", "Pays"])));
        assert_ne!(a, hash_of(2, &("journey.html", vec!["Buy", "Pay"])));
    }

    #[test]
    fn a_page_is_reused_only_for_the_same_key() {
        let mut cache = PageCache::default();
        cache
            .pages
            .insert("a/index.html".into(), (7, b"html".as_slice().into()));
        assert_eq!(
            cache.get("a/index.html", 7).as_deref(),
            Some(b"html".as_slice())
        );
        assert_eq!(cache.get("a/index.html", 8), None);
        assert_eq!(cache.get("b/index.html", 7), None);
    }
}
