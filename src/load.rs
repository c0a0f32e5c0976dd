//! The `load` stage: walks the content folder and reads every Markdown file
//! and asset into memory. The only stage that reads the content tree.
//! Unreadable files and symlink loops become diagnostics, not aborts.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::model::Asset;
use crate::diagnostic::{At, Diagnostic, code};

/// A Markdown file as read from disk.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the portfolio root (`content/journeys/x.md`).
    pub rel: PathBuf,
    /// Path relative to the content folder, `/`-separated (`journeys/x.md`).
    pub content_rel: String,
    pub bytes: Vec<u8>,
}

/// Everything read from the content folder.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub markdown: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

impl Sources {
    pub fn file(&self, rel: &Path) -> Option<&SourceFile> {
        self.markdown.iter().find(|f| f.rel == rel)
    }
}

/// Files an editor or OS leaves beside real content: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

/// Reads the content folder `content` (relative to `root`).
pub fn load(root: &Path, content: &Path) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    let content_dir = root.join(content);
    if !content_dir.is_dir() {
        bail!(
            "the content folder `{}` does not exist (set `[build] content` in book.toml)",
            content_dir.display()
        );
    }
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    let content_real = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.clone());
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut looping_links = Vec::new();
    let mut escaping_links = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if links_to_a_folder_around(entry, &content_real) {
                looping_links.push(entry.path().to_path_buf());
                return false;
            }
            if links_outside(entry, &root_real) {
                escaping_links.push(entry.path().to_path_buf());
                return false;
            }
            !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => paths.push(entry.into_path()),
            Ok(_) => {}
            Err(error) => diagnostics.push(walk_problem(root, &error)),
        }
    }
    diagnostics.extend(looping_links.iter().map(|link| {
        let rel = link.strip_prefix(root).unwrap_or(link);
        Diagnostic::error(
            code::UNREADABLE,
            rel,
            At::File,
            "symbolic link loop: this link points to a folder that holds the content folder",
        )
        .with_help("remove the link or point it outside the portfolio")
    }));
    diagnostics.extend(escaping_links.iter().map(|link| {
        let rel = link.strip_prefix(root).unwrap_or(link);
        Diagnostic::error(
            code::UNREADABLE,
            rel,
            At::File,
            "this symbolic link leads outside the portfolio; its target is not read",
        )
        .with_help(
            "copy the file into the portfolio: a link out could publish any file of the machine that builds the site",
        )
    }));
    let read: Vec<Result<ReadFile, Box<Diagnostic>>> = paths
        .par_iter()
        .map(|path| read_one(root, &content_dir, path))
        .collect();
    let mut sources = Sources::default();
    for item in read {
        match item {
            Ok((rel, content_rel, bytes)) if content_rel.ends_with(".md") => {
                sources.markdown.push(SourceFile {
                    rel,
                    content_rel,
                    bytes,
                })
            }
            Ok((_, content_rel, bytes)) => sources.assets.push(Asset {
                rel: content_rel,
                bytes,
            }),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    Ok((sources, diagnostics))
}

/// A file read from the content folder: root-relative path, content-relative
/// path, bytes.
type ReadFile = (PathBuf, String, Vec<u8>);

fn read_one(root: &Path, content_dir: &Path, path: &Path) -> Result<ReadFile, Box<Diagnostic>> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let content_rel = path
        .strip_prefix(content_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(|error| {
            Box::new(
                Diagnostic::error(code::UNREADABLE, &rel, At::File, format!("{error:#}"))
                    .with_help("check the file's permissions"),
            )
        })?;
    Ok((rel, content_rel, bytes))
}

/// Whether `entry` is a link to the content folder or a folder holding it:
/// walking it would read the portfolio again under another name before the
/// walker saw the loop.
fn links_to_a_folder_around(entry: &walkdir::DirEntry, content_real: &Path) -> bool {
    entry.path_is_symlink()
        && entry.file_type().is_dir()
        && entry
            .path()
            .canonicalize()
            .is_ok_and(|target| content_real.starts_with(target))
}

/// Whether `entry` is a link whose target lies outside the portfolio root
/// (a file or folder of the machine, which a build would publish).
fn links_outside(entry: &walkdir::DirEntry, root_real: &Path) -> bool {
    entry.path_is_symlink()
        && entry
            .path()
            .canonicalize()
            .is_ok_and(|target| !target.starts_with(root_real))
}

fn walk_problem(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error.path().unwrap_or(root);
    let rel = path.strip_prefix(root).unwrap_or(path);
    match error.loop_ancestor() {
        Some(ancestor) => Diagnostic::error(
            code::UNREADABLE,
            rel,
            At::File,
            format!(
                "symbolic link loop: this link points back to `{}`",
                ancestor.strip_prefix(root).unwrap_or(ancestor).display()
            ),
        )
        .with_help("remove the link or point it outside its own folder"),
        None => Diagnostic::error(
            code::UNREADABLE,
            rel,
            At::File,
            format!("cannot read: {error}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".x.md.swp", "x.md~", "#x.md#", ".DS_Store", "4913"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("buy-a-sofa.md"));
    }
}
