//! The `load` stage: walks the content folder and reads every Markdown file
//! and asset into memory. The only stage that reads the content tree.
//! Unreadable files and symlink loops become diagnostics, not aborts.

mod cache;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::model::Asset;
use crate::diagnostic::{At, Diagnostic, code};

pub use self::cache::LoadCache;
use self::cache::Stamp;

/// A Markdown file as read from disk.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the portfolio root (`content/journeys/x.md`).
    pub rel: PathBuf,
    /// Path relative to the content folder, `/`-separated (`journeys/x.md`).
    pub content_rel: String,
    /// Shared: `serve` keeps unchanged files between rebuilds uncopied.
    /// Empty once released (see [`SourceFile::release`]).
    pub bytes: Arc<[u8]>,
    /// Set by [`SourceFile::release`]: the hash of the bytes let go.
    pub released: Option<u64>,
}

impl SourceFile {
    pub fn new(rel: PathBuf, content_rel: String, bytes: Arc<[u8]>) -> SourceFile {
        SourceFile {
            rel,
            content_rel,
            bytes,
            released: None,
        }
    }

    /// Lets go of the bytes once parsed. A single build needs them again
    /// only to quote a diagnostic, and held through `link` they were
    /// 0.6 GB of a 100,000-page build's peak.
    pub fn release(&mut self) {
        self.released = Some(hash_of(&self.bytes));
        self.bytes = Arc::from(Vec::new());
    }

    /// The bytes that were parsed: those held, or the file read again if
    /// it still holds the bytes released; `None` if it changed since.
    pub fn parsed_bytes(&self, root: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
        let Some(hash) = self.released else {
            return Some(std::borrow::Cow::Borrowed(&self.bytes));
        };
        let bytes = std::fs::read(root.join(&self.rel)).ok()?;
        (hash_of(&bytes) == hash).then_some(std::borrow::Cow::Owned(bytes))
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
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

    /// Drops every file but those `diagnostics` point into (the only ones
    /// quoted again), and the assets (the portfolio has its own copy): a
    /// build needs no more, and at 100,000 pages the rest is about 0.8 GB.
    pub fn keep_quoted(&mut self, diagnostics: &[crate::diagnostic::Diagnostic]) {
        let quoted: std::collections::HashSet<&Path> =
            diagnostics.iter().map(|d| d.file.as_path()).collect();
        self.markdown
            .retain(|file| quoted.contains(file.rel.as_path()));
        self.assets = Vec::new();
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

/// Whether the walk leaves out `rel` (a path under the content folder):
/// its name or the name of a folder it is in is an editor's or the OS's.
pub fn is_ignored_path(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Reads the content folder `content` (relative to `root`).
pub fn load(root: &Path, content: &Path) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    load_with(root, content, None)
}

/// `load`, taking unchanged files from `cache` and refreshing it.
pub fn load_reusing(
    root: &Path,
    content: &Path,
    cache: &mut LoadCache,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    load_with(root, content, Some(cache))
}

fn load_with(
    root: &Path,
    content: &Path,
    cache: Option<&mut LoadCache>,
) -> anyhow::Result<(Sources, Vec<Diagnostic>)> {
    let content_dir = root.join(content);
    if !content_dir.is_dir() {
        bail!(
            "the content folder `{}` does not exist (set `[build] content` in book.toml)",
            content_dir.display()
        );
    }
    let mut cache = cache;
    let from_events = cache
        .as_deref_mut()
        .is_some_and(|cache| cache.update_listing(&content_dir));
    let (read, mut diagnostics) = match cache {
        // Only the files events named are read: no walk, no look at the rest.
        Some(cache) if from_events => (
            cache.load_listed(|path| read_fresh(root, &content_dir, path, Stamp::of(path))),
            Vec::new(),
        ),
        cache => {
            let walked = walk(root, &content_dir);
            let known = cache.as_deref();
            // Reading waits on the disk: on the readers' pool, not the cores'.
            let read: Vec<Result<(ReadFile, Origin), Box<Diagnostic>>> =
                crate::readers::with_readers(|| {
                    walked
                        .paths
                        .par_iter()
                        .map(|path| read_one(root, &content_dir, path, known))
                        .collect()
                });
            let read = match cache {
                Some(cache) => cache.keep_walk(&content_dir, walked.paths, read, walked.trusted),
                None => read
                    .into_iter()
                    .map(|item| item.map(|(file, _)| file))
                    .collect(),
            };
            (read, walked.diagnostics)
        }
    };
    let mut sources = Sources::default();
    for item in read {
        match item {
            Ok(ReadFile {
                rel,
                content_rel,
                bytes,
                ..
            }) if content_rel.ends_with(".md") => {
                sources
                    .markdown
                    .push(SourceFile::new(rel, content_rel, bytes));
            }
            Ok(ReadFile {
                content_rel, bytes, ..
            }) => sources.assets.push(Asset {
                rel: content_rel,
                bytes: bytes.to_vec(),
            }),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    Ok((sources, diagnostics))
}

/// The files a walk of the content folder found, in a stable order.
struct Walked {
    paths: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the walk met no link and no unreadable folder: then watch
    /// events name every later change to the list (see `LoadCache`).
    trusted: bool,
}

fn walk(root: &Path, content_dir: &Path) -> Walked {
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    let content_real = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut looping_links = Vec::new();
    let mut escaping_links = Vec::new();
    let mut links = 0;
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            links += usize::from(entry.path_is_symlink());
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
        link_problem(
            root,
            link,
            "symbolic link loop: this link points to a folder that holds the content folder",
            "remove the link or point it outside the portfolio",
        )
    }));
    diagnostics.extend(escaping_links.iter().map(|link| {
        link_problem(
            root,
            link,
            "this symbolic link leads outside the portfolio; its target is not read",
            "copy the file into the portfolio: a link out could publish any file of the machine that builds the site",
        )
    }));
    Walked {
        trusted: links == 0 && diagnostics.is_empty(),
        paths,
        diagnostics,
    }
}

/// A file read from the content folder (or taken from the cache).
#[derive(Clone)]
struct ReadFile {
    /// Root-relative path.
    rel: PathBuf,
    /// Content-relative path, `/`-separated.
    content_rel: String,
    bytes: Arc<[u8]>,
}

/// Where a file's bytes came from on this load.
#[derive(Clone, Copy)]
enum Origin {
    /// The cache: unchanged since it was read.
    Cache,
    /// The disk, with the stamp taken before reading (none when the file
    /// system gives no modification time: never reused).
    Disk(Option<Stamp>),
}

/// Reads `path`, or takes it from `cache` when its stamp is unchanged.
fn read_one(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    cache: Option<&LoadCache>,
) -> Result<(ReadFile, Origin), Box<Diagnostic>> {
    // Without a cache (one-shot builds) no stamp is taken.
    let Some(cache) = cache else {
        return read_fresh(root, content_dir, path, None);
    };
    let stamp = Stamp::of(path);
    match cache.get(path, stamp) {
        Some(held) => Ok((held.clone(), Origin::Cache)),
        None => read_fresh(root, content_dir, path, stamp),
    }
}

/// Reads `path` from the disk; `stamp` is its size and time taken before
/// the bytes, when a cache will keep them.
fn read_fresh(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    stamp: Option<Stamp>,
) -> Result<(ReadFile, Origin), Box<Diagnostic>> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let content_rel = path
        .strip_prefix(content_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let bytes = read_bytes(path, &rel)?.into();
    let file = ReadFile {
        rel,
        content_rel,
        bytes,
    };
    Ok((file, Origin::Disk(stamp)))
}

fn read_bytes(path: &Path, rel: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    std::fs::read(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(|error| {
            Box::new(
                Diagnostic::error(code::UNREADABLE, rel, At::File, format!("{error:#}"))
                    .with_help("check the file's permissions"),
            )
        })
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

/// A symbolic link the walk would not follow, reported at the link.
fn link_problem(root: &Path, link: &Path, message: &str, help: &str) -> Diagnostic {
    let rel = link.strip_prefix(root).unwrap_or(link);
    Diagnostic::error(code::UNREADABLE, rel, At::File, message).with_help(help)
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

    fn texts(sources: &Sources) -> Vec<(String, String)> {
        sources
            .markdown
            .iter()
            .map(|f| {
                (
                    f.content_rel.clone(),
                    String::from_utf8_lossy(&f.bytes).into(),
                )
            })
            .collect()
    }

    #[test]
    fn a_reload_sees_every_change_the_cache_could_hide() {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        let write = |name: &str, text: &str| {
            std::fs::write(content.join(name), text).expect("write");
        };
        std::fs::create_dir_all(&content).expect("content");
        write("a.md", "aaaa");
        write("b.md", "bbbb");
        let mut cache = LoadCache::default();
        let reload = |cache: &mut LoadCache| {
            let (cached, _) = load_reusing(dir.path(), Path::new("content"), cache).expect("load");
            let (fresh, _) = load(dir.path(), Path::new("content")).expect("load");
            assert_eq!(texts(&cached), texts(&fresh));
            texts(&cached)
        };
        reload(&mut cache);
        // A new size.
        write("a.md", "a longer text");
        assert_eq!(reload(&mut cache)[0].1, "a longer text");
        // The same size and, as on a coarse clock, the same time: a watch
        // event names the file, and it is read again.
        let a = content.join("a.md");
        let modified = std::fs::metadata(&a)
            .and_then(|m| m.modified())
            .expect("mtime");
        write("a.md", "A LONGER TEXT");
        std::fs::File::options()
            .write(true)
            .open(&a)
            .and_then(|f| f.set_modified(modified))
            .expect("set mtime");
        cache.forget(&a);
        assert_eq!(reload(&mut cache)[0].1, "A LONGER TEXT");
        // A file removed, and one added.
        std::fs::remove_file(content.join("b.md")).expect("remove");
        write("c.md", "cccc");
        let names: Vec<String> = reload(&mut cache)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["a.md", "c.md"]);
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [".x.md.swp", "x.md~", "#x.md#", ".DS_Store", "4913"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("buy-a-sofa.md"));
    }

    #[test]
    fn released_bytes_are_read_again_only_while_the_file_holds_them() {
        let dir = tempfile::tempdir().expect("temp folder");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).expect("content folder");
        let text = b"---\ntitle: A\n---\nBody\n";
        std::fs::write(root.join("content/a.md"), text).expect("write");
        let (mut sources, _) = load(root, Path::new("content")).expect("loads");
        let file = &mut sources.markdown[0];
        file.release();
        assert!(file.bytes.is_empty());
        assert_eq!(file.parsed_bytes(root).as_deref(), Some(&text[..]));
        // Same length, other bytes: not the text that was parsed.
        std::fs::write(root.join("content/a.md"), b"---\ntitle: B\n---\nBody\n").expect("write");
        assert_eq!(file.parsed_bytes(root), None);
        std::fs::remove_file(root.join("content/a.md")).expect("remove");
        assert_eq!(file.parsed_bytes(root), None);
    }

    #[test]
    fn held_bytes_are_given_without_reading() {
        let file = SourceFile::new("content/a.md".into(), "a.md".into(), Arc::from(&b"x"[..]));
        let nowhere = Path::new("/nonexistent-journeybook-root");
        assert_eq!(file.parsed_bytes(nowhere).as_deref(), Some(&b"x"[..]));
    }
}
