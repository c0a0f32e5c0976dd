//! Lists the files of an output folder, reading its folders side by side.
//!
//! A site of 100,000 pages has 100,000 folders (one per page), and a
//! rebuild lists two such trees: the output (for files journeybook did not
//! write) and the previous output (for stale files). When the directory
//! cache is cold, each folder is a wait on the disk, and one thread
//! reading them in turn spent over ten seconds waiting. The folders are
//! read side by side, on the disk-reading pool (`crate::readers`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The files under a folder, as `/`-separated paths relative to it.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files and symlinks (never followed), in no particular order.
    pub files: Vec<String>,
    /// The first folder that could not be read, if any: its files are
    /// missing from `files`.
    pub error: Option<(PathBuf, io::Error)>,
}

impl Listing {
    /// Both listings as one. The shorter is copied into the longer: a
    /// rebuild's merges of 100,000 folders copied the growing list.
    pub fn merge(mut self, mut other: Listing) -> Listing {
        if other.files.len() > self.files.len() {
            std::mem::swap(&mut self.files, &mut other.files);
        }
        self.files.extend(other.files);
        self.error = self.error.or(other.error);
        self
    }
}

/// Every file under `root`, its folders read side by side on the current
/// pool (see `crate::readers::with_readers`).
pub fn files_under(root: &Path) -> Listing {
    files_below(root, "")
}

/// Every file under `dir` (at `rel` under the root, `""` for the root
/// itself), as paths relative to the root.
pub fn files_below(dir: &Path, rel: &str) -> Listing {
    let (listing, folders) = entries_of(dir, rel);
    folders
        .into_par_iter()
        .map(|(folder, rel)| files_below(&folder, &rel))
        .reduce(Listing::default, Listing::merge)
        .merge(listing)
}

/// The files of `dir` (at `rel` under the root), and its subfolders as
/// (path, path relative to the root), without reading them.
pub fn entries_of(dir: &Path, rel: &str) -> (Listing, Vec<(PathBuf, String)>) {
    let mut listing = Listing::default();
    let mut folders = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            listing.error = Some((dir.to_path_buf(), error));
            return (listing, folders);
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                listing.error = listing.error.or(Some((dir.to_path_buf(), error)));
                continue;
            }
        };
        let name = entry.file_name();
        let path = match rel {
            "" => name.to_string_lossy().into_owned(),
            _ => format!("{rel}/{}", name.to_string_lossy()),
        };
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => folders.push((entry.path(), path)),
            Ok(_) => listing.files.push(path),
            Err(error) => {
                listing.error = listing.error.or(Some((entry.path(), error)));
            }
        }
    }
    (listing, folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_at_every_depth_and_no_folder() {
        let dir = tempfile::tempdir().expect("temp folder");
        let root = dir.path();
        for rel in ["a.html", "x/index.html", "x/y/z/deep.csv", "x/y/other.mmd"] {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            fs::write(path, "x").expect("write");
        }
        fs::create_dir_all(root.join("empty/inner")).expect("empty folders");
        let mut listing = crate::readers::with_readers(|| files_under(root));
        listing.files.sort();
        assert_eq!(
            listing.files,
            ["a.html", "x/index.html", "x/y/other.mmd", "x/y/z/deep.csv"]
        );
        assert!(listing.error.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_listed_not_followed() {
        let dir = tempfile::tempdir().expect("temp folder");
        let root = dir.path();
        let outside = tempfile::tempdir().expect("temp folder");
        fs::write(outside.path().join("secret.html"), "x").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.join("linked")).expect("link");
        let listing = files_under(root);
        assert_eq!(listing.files, ["linked"]);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp folder");
        let listing = files_under(&dir.path().join("absent"));
        assert!(listing.files.is_empty());
        let (path, error) = listing.error.expect("an error");
        assert!(path.ends_with("absent"));
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }
}
