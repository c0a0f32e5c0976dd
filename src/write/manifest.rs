//! The output manifest, `.journeybook-manifest`: every file journeybook
//! wrote into a folder, with its size and a 64-bit hash of its bytes.
//!
//! It says which files of an output folder are journeybook's (the others
//! are foreign, see `foreign_files`), and it spares a rebuild from reading
//! the previous output: when the folder is reused as a staging folder, a
//! file whose recorded size and hash are those of the bytes about to be
//! written is left as it is without being read, unless it changed after
//! the manifest was written (its status-change time is not older than the
//! manifest's). Such a file, and any file the manifest does not describe,
//! is read and compared byte by byte. The staging folder's manifest is
//! removed before anything is written into it, so a build that stops
//! half-way leaves no manifest that could vouch for a half-written folder.
//! At 100,000 pages, reading 6 GB of previous output back was a quarter of
//! the build's time.
//!
//! Since version 3 the manifest also names the foreign files a forced build
//! kept in the folder (`kept PATH` lines, after the records), so it lists
//! every file the folder holds: the next build that reuses the folder takes
//! its stale files from the manifest instead of listing the folder, a walk
//! of 100,000 folders that took seconds on a cold cache. A folder without
//! such a manifest (an older version's, or a build that stopped half-way)
//! is listed as before.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::Hasher;
use std::path::Path;

/// The file, inside the output folder, listing every file journeybook wrote.
pub const MANIFEST: &str = ".journeybook-manifest";

/// The first line of a manifest that lists every file of its folder: records
/// (`hash size path`), then the kept foreign files (`kept path`).
const HEADER: &str = "# journeybook manifest 3: hash size path, then kept path";

/// The first line of a version 2 manifest: records only, and a folder that
/// may hold kept files it does not name. A manifest with neither header
/// (version 1) lists one path per line.
const HEADER_RECORDS_ONLY: &str = "# journeybook manifest 2: hash size path";

/// What starts the line of a kept foreign file (not a hexadecimal hash).
const KEPT: &str = "kept ";

/// What the manifest says about one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    pub hash: u64,
    pub size: u64,
}

impl Record {
    pub fn of(bytes: &[u8]) -> Record {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(bytes);
        Record {
            hash: hasher.finish(),
            size: bytes.len() as u64,
        }
    }
}

/// The manifest's text for the written `files` and the `kept` foreign
/// files, each sorted by path so that two builds of the same input write
/// the same manifest.
pub fn text(files: &mut [(String, Record)], kept: &mut [&str]) -> String {
    use std::fmt::Write;
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    kept.sort_unstable();
    let mut text = String::with_capacity(HEADER.len() + files.len() * 64);
    text.push_str(HEADER);
    text.push('\n');
    for (path, record) in files.iter() {
        let _ = writeln!(text, "{:016x} {} {path}", record.hash, record.size);
    }
    for path in kept.iter() {
        let _ = writeln!(text, "{KEPT}{path}");
    }
    text
}

/// Every path journeybook wrote, as a manifest lists them, with its record
/// when it has one (kept foreign files are not among them).
pub fn entries(text: &str) -> impl Iterator<Item = (&str, Option<Record>)> {
    let mut lines = text.lines().peekable();
    let with_records = lines
        .next_if(|line| *line == HEADER || *line == HEADER_RECORDS_ONLY)
        .is_some();
    lines.filter_map(move |line| match with_records {
        false => Some((line, None)),
        true => {
            if line.starts_with(KEPT) {
                return None;
            }
            let (hash, rest) = line.split_once(' ')?;
            let (size, path) = rest.split_once(' ')?;
            let record = Record {
                hash: u64::from_str_radix(hash, 16).ok()?,
                size: size.parse().ok()?,
            };
            Some((path, Some(record)))
        }
    })
}

/// Every file of the folder whose manifest this is (the manifest itself
/// aside), when the manifest lists them all (version 3 on).
pub fn every_file(text: &str) -> Option<impl Iterator<Item = &str>> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return None;
    }
    Some(lines.filter_map(|line| match line.strip_prefix(KEPT) {
        Some(path) => Some(path),
        None => line.splitn(3, ' ').nth(2),
    }))
}

/// The foreign files a forced build kept in the folder, as a version 3
/// manifest names them (none in older manifests).
pub fn kept_files(text: &str) -> impl Iterator<Item = &str> {
    let mut lines = text.lines().peekable();
    let listed = lines.next_if(|line| *line == HEADER).is_some();
    lines
        .filter(move |_| listed)
        .filter_map(|line| line.strip_prefix(KEPT))
}

/// The manifest of a folder about to be reused, read before it is removed.
#[derive(Default)]
pub struct Recorded {
    records: HashMap<String, Record>,
    /// When the manifest was written; files changed since are not vouched for.
    written_at: Option<ChangeTime>,
    /// Every file of the folder, when the manifest lists them all.
    files: Option<HashSet<String>>,
}

/// What the manifest knows of a file about to be written.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The file holds these bytes: it was written with them, untouched since.
    Holds,
    /// It was written with other bytes.
    Differs,
    /// The manifest cannot tell: compare the bytes.
    Unknown,
}

impl Recorded {
    /// Reads the manifest of `folder`, if it has one with records.
    pub fn read(folder: &Path) -> Recorded {
        let path = folder.join(MANIFEST);
        let written_at = fs::metadata(&path).ok().and_then(|m| change_time(&m));
        let text = fs::read_to_string(&path).unwrap_or_default();
        let records = entries(&text)
            .filter_map(|(path, record)| Some((path.to_owned(), record?)))
            .collect();
        let files = every_file(&text).map(|files| files.map(str::to_owned).collect());
        Recorded {
            records,
            written_at,
            files,
        }
    }

    /// Every file of the folder (the manifest aside), taken out, when the
    /// manifest lists them all; otherwise the folder must be listed.
    pub fn take_files(&mut self) -> Option<HashSet<String>> {
        self.files.take()
    }

    /// Whether the file `rel`, at `path`, already holds bytes with `record`.
    pub fn verdict(&self, path: &Path, rel: &str, record: Record) -> Verdict {
        let (Some(written_at), Some(recorded)) = (self.written_at, self.records.get(rel)) else {
            return Verdict::Unknown;
        };
        if *recorded != record {
            return Verdict::Differs;
        }
        match fs::symlink_metadata(path) {
            Ok(meta)
                if meta.is_file()
                    && meta.len() == record.size
                    && change_time(&meta).is_some_and(|at| at < written_at) =>
            {
                Verdict::Holds
            }
            _ => Verdict::Unknown,
        }
    }
}

/// A file's status-change time as (seconds, nanoseconds). On Unix this is
/// `ctime`, which every write, rename into place or `touch` moves to now and
/// no tool can set back; elsewhere the modification time.
type ChangeTime = (i64, i64);

#[cfg(unix)]
fn change_time(meta: &fs::Metadata) -> Option<ChangeTime> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.ctime(), meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn change_time(meta: &fs::Metadata) -> Option<ChangeTime> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((
        i64::try_from(since.as_secs()).ok()?,
        i64::from(since.subsec_nanos()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_lists_sorted_records_and_reads_back() {
        let mut files = vec![
            ("b/index.html".to_owned(), Record::of(b"b")),
            ("a name with spaces.png".to_owned(), Record::of(b"")),
        ];
        let text = text(&mut files, &mut []);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], HEADER);
        assert!(lines[1].ends_with(" 0 a name with spaces.png"), "{text}");
        assert_eq!(lines.len(), 3);
        let read: Vec<_> = entries(&text).collect();
        assert_eq!(
            read,
            [
                ("a name with spaces.png", Some(Record::of(b""))),
                ("b/index.html", Some(Record::of(b"b"))),
            ]
        );
        assert_eq!(Record::of(b"abc").size, 3);
        assert_ne!(Record::of(b"abc"), Record::of(b"abd"));
    }

    #[test]
    fn kept_files_are_listed_with_every_file_but_are_not_entries() {
        let mut files = vec![
            ("b/index.html".to_owned(), Record::of(b"b")),
            ("a name.html".to_owned(), Record::of(b"a")),
        ];
        let text = text(&mut files, &mut ["CNAME", "extra/with space.txt"]);
        assert!(
            text.ends_with("\nkept CNAME\nkept extra/with space.txt\n"),
            "{text}"
        );
        let written: Vec<&str> = entries(&text).map(|(path, _)| path).collect();
        assert_eq!(written, ["a name.html", "b/index.html"]);
        let every: Vec<&str> = every_file(&text).expect("a version 3 manifest").collect();
        let kept: Vec<&str> = kept_files(&text).collect();
        assert_eq!(kept, ["CNAME", "extra/with space.txt"]);
        assert_eq!(
            every,
            [
                "a name.html",
                "b/index.html",
                "CNAME",
                "extra/with space.txt"
            ]
        );
    }

    #[test]
    fn older_manifests_do_not_vouch_for_the_whole_folder() {
        let version_2 = format!("{HEADER_RECORDS_ONLY}\n{:016x} 1 a.html\n", 7);
        assert_eq!(
            entries(&version_2).collect::<Vec<_>>(),
            [("a.html", Some(Record { hash: 7, size: 1 }))]
        );
        assert!(every_file(&version_2).is_none());
        assert_eq!(
            kept_files(&format!("{HEADER_RECORDS_ONLY}\nkept x\n")).count(),
            0
        );
        assert!(every_file("index.html\n").is_none());
        assert!(every_file("").is_none());
    }

    #[test]
    fn a_manifest_of_paths_only_still_lists_them() {
        let read: Vec<_> = entries("index.html\na/index.html\n").collect();
        assert_eq!(read, [("index.html", None), ("a/index.html", None)]);
    }

    #[test]
    fn vouches_only_for_files_untouched_since_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        fs::write(folder.join("kept.html"), "kept").unwrap();
        fs::write(folder.join("edited.html"), "edit").unwrap();
        // Status-change times have a coarse clock: let it tick.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut files = vec![
            ("kept.html".to_owned(), Record::of(b"kept")),
            ("edited.html".to_owned(), Record::of(b"edit")),
        ];
        fs::write(folder.join(MANIFEST), text(&mut files, &mut [])).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        // Same size, other bytes, after the manifest: not vouched for.
        fs::write(folder.join("edited.html"), "EDIT").unwrap();
        let recorded = Recorded::read(folder);
        let verdict =
            |rel: &str, bytes: &[u8]| recorded.verdict(&folder.join(rel), rel, Record::of(bytes));
        assert_eq!(verdict("kept.html", b"kept"), Verdict::Holds);
        assert_eq!(verdict("kept.html", b"new!"), Verdict::Differs);
        assert_eq!(verdict("edited.html", b"edit"), Verdict::Unknown);
        assert_eq!(verdict("unlisted.html", b"x"), Verdict::Unknown);
        fs::remove_file(folder.join("kept.html")).unwrap();
        assert_eq!(verdict("kept.html", b"kept"), Verdict::Unknown);
        assert_eq!(
            Recorded::default().verdict(
                &folder.join("kept.html"),
                "kept.html",
                Record::of(b"kept")
            ),
            Verdict::Unknown
        );
    }
}
