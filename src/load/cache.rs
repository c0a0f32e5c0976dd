//! What `serve` keeps from one load to the next. A file whose size and
//! modification time are as they were, and that no watch event has named
//! since, is taken from here instead of being read again.
//!
//! Once a watcher reports every change, the folder need not be walked
//! either: the list of files the last load found is brought up to date
//! from the paths the events named, and the files no event named are taken
//! as they are, without a look at the disk. That list is only kept when it
//! can be trusted: after a walk that met no symbolic link (a change behind
//! a link is named by no event) and no unreadable folder; and it is
//! dropped, for a walk, whenever an event names a folder or a link, or
//! says events were lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Origin, ReadFile, is_ignored_path};
use crate::diagnostic::Diagnostic;

/// Every content file the last load found, with what was read of it, and
/// whether events keep that list current.
#[derive(Default)]
pub struct LoadCache {
    /// In path order (the walk's), so a folder's files are one range.
    files: BTreeMap<PathBuf, Option<Held>>,
    /// The content folder `files` lists exactly, when a watcher has named
    /// every change since a trusted walk of it.
    listing: Option<PathBuf>,
    /// Whether a watcher names every change (set once it runs).
    watched: bool,
    /// Paths named by events since the last load.
    changed: Vec<PathBuf>,
}

/// A file as read, with the stamp it had then.
#[derive(Clone)]
pub(super) struct Held {
    stamp: Stamp,
    file: ReadFile,
}

impl LoadCache {
    /// From now on a watcher names every change. The next load still walks
    /// the folder (a change made before the watcher started was named by
    /// no event); the loads after it take their files from the events.
    pub fn watch_from_now(&mut self) {
        self.watched = true;
        self.listing = None;
    }

    /// A watch event named `path`: it is read again, and the next load
    /// looks at it (and only at it, when the listing is kept).
    pub fn changed(&mut self, path: &Path) {
        self.forget(path);
        if self.watched {
            self.changed.push(path.to_path_buf());
        }
    }

    /// Events were lost: the next load walks the folder and reads every
    /// file again.
    pub fn rescan(&mut self) {
        self.files.clear();
        self.listing = None;
        self.changed.clear();
    }

    /// Lets go of what was read of `path` and everything under it, so the
    /// next load reads them.
    pub fn forget(&mut self, path: &Path) {
        for known in self.files_under(path) {
            self.files.insert(known, None);
        }
    }

    /// The files known at `path` or under it (one range: path order).
    fn files_under(&self, path: &Path) -> Vec<PathBuf> {
        let from = (std::ops::Bound::Included(path), std::ops::Bound::Unbounded);
        self.files
            .range::<Path, _>(from)
            .map(|(known, _)| known)
            .take_while(|known| known.starts_with(path))
            .cloned()
            .collect()
    }

    /// Whether the last load found a file at `path`.
    pub fn was_loaded(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// The bytes held for `path` if its stamp is still `stamp`.
    pub(super) fn get(&self, path: &Path, stamp: Option<Stamp>) -> Option<&ReadFile> {
        match (self.files.get(path), stamp) {
            (Some(Some(held)), Some(stamp)) if held.stamp == stamp => Some(&held.file),
            _ => None,
        }
    }

    /// Brings the list of `content_dir`'s files up to date from the paths
    /// events named since the last load; whether it now lists them
    /// exactly. When not (no trusted listing, another content folder, or an
    /// event on a folder or a link), the load walks the folder.
    pub(super) fn update_listing(&mut self, content_dir: &Path) -> bool {
        let mut changed = std::mem::take(&mut self.changed);
        if self.listing.as_deref() != Some(content_dir) {
            return false;
        }
        changed.sort_unstable();
        changed.dedup();
        for path in &changed {
            let Ok(rel) = path.strip_prefix(content_dir) else {
                continue;
            };
            if is_ignored_path(rel) {
                continue;
            }
            match std::fs::symlink_metadata(path) {
                Ok(metadata) if metadata.is_file() => {
                    self.files.entry(path.clone()).or_insert(None);
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    for gone in self.files_under(path) {
                        self.files.remove(&gone);
                    }
                }
                // A folder, a link, or a path that cannot be looked at.
                _ => {
                    self.listing = None;
                    return false;
                }
            }
        }
        true
    }

    /// A load from the listing: the files no event named as they were
    /// read, the others read now with `read` (and kept).
    pub(super) fn load_listed(
        &mut self,
        read: impl Fn(&Path) -> Result<(ReadFile, Origin), Box<Diagnostic>>,
    ) -> Vec<Result<ReadFile, Box<Diagnostic>>> {
        self.files
            .iter_mut()
            .map(|(path, held)| match held {
                Some(held) => Ok(held.file.clone()),
                None => read(path).map(|(file, origin)| {
                    if let Origin::Disk(Some(stamp)) = origin {
                        *held = Some(Held {
                            stamp,
                            file: file.clone(),
                        });
                    }
                    file
                }),
            })
            .collect()
    }

    /// Keeps what a walk of `content_dir` found and read for the next
    /// load (a file read now with its stamp, a file reused as it was held),
    /// and gives the files read.
    /// The list is trusted for later loads when a watcher names every
    /// change and `trusted` says the walk met no surprise.
    pub(super) fn keep_walk(
        &mut self,
        content_dir: &Path,
        paths: Vec<PathBuf>,
        read: Vec<Result<(ReadFile, Origin), Box<Diagnostic>>>,
        trusted: bool,
    ) -> Vec<Result<ReadFile, Box<Diagnostic>>> {
        let mut before = std::mem::take(&mut self.files);
        let mut files = Vec::with_capacity(read.len());
        for (path, item) in paths.into_iter().zip(read) {
            let held = match &item {
                Ok((file, Origin::Disk(Some(stamp)))) => Some(Held {
                    stamp: *stamp,
                    file: file.clone(),
                }),
                Ok((_, Origin::Cache)) => before.remove(&path).flatten(),
                Ok((_, Origin::Disk(None))) | Err(_) => None,
            };
            self.files.insert(path, held);
            files.push(item.map(|(file, _)| file));
        }
        self.listing = (self.watched && trusted).then(|| content_dir.to_path_buf());
        files
    }

    /// Whether the next load takes its files from events.
    #[cfg(test)]
    fn is_listed(&self) -> bool {
        self.listing.is_some()
    }
}

/// A file's size and modification time, as read before its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_reusing;

    /// A content folder, and a cache watched from the start.
    struct Folder {
        dir: tempfile::TempDir,
        cache: LoadCache,
    }

    impl Folder {
        fn new(files: &[(&str, &str)]) -> Folder {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut folder = Folder {
                dir,
                cache: LoadCache::default(),
            };
            for (name, text) in files {
                folder.write(name, text);
            }
            folder.cache.watch_from_now();
            folder
        }

        fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join("content").join(name)
        }

        fn write(&self, name: &str, text: &str) {
            let path = self.path(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("write");
        }

        /// Content paths and texts, as a load with the cache gives them.
        fn load(&mut self) -> Vec<(String, String)> {
            let (sources, diagnostics) =
                load_reusing(self.dir.path(), Path::new("content"), &mut self.cache).expect("load");
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            sources
                .markdown
                .iter()
                .map(|f| {
                    let text = String::from_utf8_lossy(&f.bytes).into_owned();
                    (f.content_rel.clone(), text)
                })
                .collect()
        }

        fn names(&mut self) -> Vec<String> {
            self.load().into_iter().map(|(name, _)| name).collect()
        }
    }

    #[test]
    fn after_one_walk_only_the_files_events_name_are_looked_at() {
        let mut folder = Folder::new(&[("a.md", "a"), ("b.md", "b")]);
        assert_eq!(folder.names(), ["a.md", "b.md"]);
        assert!(folder.cache.is_listed(), "the walk's list is kept");
        // A change no event names is not seen: nothing looked at the disk.
        folder.write("b.md", "a change behind the watcher's back");
        assert_eq!(folder.load()[1].1, "b");
        folder.cache.changed(&folder.path("b.md"));
        assert_eq!(folder.load()[1].1, "a change behind the watcher's back");
    }

    #[test]
    fn files_added_and_removed_keep_the_walks_order() {
        let mut folder = Folder::new(&[("b.md", "b"), ("journeys/x.md", "x")]);
        folder.load();
        for name in ["a.md", "journeys/w.md", "journeys.md", "journeys/z/y.md"] {
            folder.write(name, name);
            folder.cache.changed(&folder.path(name));
        }
        // `journeys/z/` is a new folder, but its file is named by an event.
        let listed = folder.names();
        let (walked, _) = crate::load::load(folder.dir.path(), Path::new("content")).expect("load");
        let walked: Vec<&str> = walked
            .markdown
            .iter()
            .map(|f| f.content_rel.as_str())
            .collect();
        assert_eq!(listed, walked);
        assert_eq!(
            listed,
            [
                "a.md",
                "b.md",
                "journeys/w.md",
                "journeys/x.md",
                "journeys/z/y.md",
                "journeys.md"
            ]
        );
        std::fs::remove_dir_all(folder.path("journeys")).expect("remove");
        folder.cache.changed(&folder.path("journeys"));
        assert_eq!(folder.names(), ["a.md", "b.md", "journeys.md"]);
    }

    #[test]
    fn editor_leftovers_named_by_events_stay_out() {
        let mut folder = Folder::new(&[("a.md", "a")]);
        folder.load();
        for name in [".a.md.swp", "a.md~", ".git/index.md"] {
            folder.write(name, "x");
            folder.cache.changed(&folder.path(name));
        }
        assert_eq!(folder.names(), ["a.md"]);
        assert!(folder.cache.is_listed());
    }

    #[test]
    fn a_folder_named_by_an_event_means_a_walk() {
        let mut folder = Folder::new(&[("a.md", "a")]);
        folder.load();
        // A folder moved in: its files had no events of their own.
        let outside = folder.dir.path().join("elsewhere");
        std::fs::create_dir_all(&outside).expect("folder");
        std::fs::write(outside.join("c.md"), "c").expect("write");
        std::fs::rename(&outside, folder.path("moved")).expect("move");
        folder.cache.changed(&folder.path("moved"));
        assert_eq!(folder.names(), ["a.md", "moved/c.md"]);
    }

    #[test]
    fn lost_events_mean_a_walk_and_a_read_of_every_file() {
        let mut folder = Folder::new(&[("a.md", "a")]);
        folder.load();
        folder.write("a.md", "changed");
        folder.write("b.md", "new");
        folder.cache.rescan();
        assert_eq!(
            folder.load(),
            [
                ("a.md".into(), "changed".into()),
                ("b.md".into(), "new".into())
            ]
        );
    }

    #[test]
    fn no_listing_is_kept_before_watching_or_across_a_link() {
        let mut unwatched = Folder::new(&[("a.md", "a")]);
        unwatched.cache = LoadCache::default();
        unwatched.load();
        assert!(!unwatched.cache.is_listed());

        #[cfg(unix)]
        {
            let mut linked = Folder::new(&[("a.md", "a")]);
            let shared = linked.dir.path().join("shared");
            std::fs::create_dir_all(&shared).expect("folder");
            std::fs::write(shared.join("s.md"), "s").expect("write");
            std::os::unix::fs::symlink(&shared, linked.path("shared")).expect("link");
            assert_eq!(linked.names(), ["a.md", "shared/s.md"]);
            assert!(
                !linked.cache.is_listed(),
                "a change behind a link has no event"
            );
        }
    }
}
