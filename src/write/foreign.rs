//! The files of an output folder that journeybook did not write: a build
//! refuses such a folder unless forced, and then keeps them.
//!
//! Listing every folder of the output to find them cost a rebuild of
//! 5,000 pages a tenth of its CPU time, and of 100,000 pages seconds. A
//! folder's modification time moves whenever an entry is added to it,
//! removed or renamed, and the manifest is written after the build's last
//! change to the folder. So a folder older than the manifest holds what
//! the manifest says it holds, and only the folders changed since (and the
//! output folder itself, where the manifest was written) are listed. A time
//! equal to the manifest's is not older: a coarse clock may give a change
//! made just after the manifest the same time (git's "racy" rule). A
//! manifest that does not list every file of its folder (an older
//! version's) proves nothing, and the whole folder is listed.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{Context, bail};
use rayon::prelude::*;

use super::MANIFEST;
use super::manifest;
use super::walk::{self, Listing};

/// Files in `output` that its manifest does not list, sorted folder by
/// folder, by name.
pub fn foreign_files(output: &Path) -> anyhow::Result<Vec<String>> {
    Ok(survey(output)?.0)
}

/// The foreign files of `output`, and how many of its folders were listed
/// to find them (`usize::MAX` for all of them).
fn survey(output: &Path) -> anyhow::Result<(Vec<String>, usize)> {
    if !output.is_dir() {
        bail!(
            "the output path {} exists and is not a folder",
            output.display()
        );
    }
    let manifest_path = output.join(MANIFEST);
    let text = fs::read_to_string(&manifest_path).unwrap_or_default();
    let written_at = fs::metadata(&manifest_path).and_then(|meta| meta.modified());
    let (listing, folders_listed) = match (manifest::every_file(&text), written_at) {
        (Some(files), Ok(written_at)) => changed_folders(output, files, written_at, &text),
        _ => (walk::files_under(output), usize::MAX),
    };
    if let Some((path, error)) = listing.error {
        return Err(error).with_context(|| format!("cannot read {}", path.display()));
    }
    let ours: HashSet<&str> = manifest::entries(&text).map(|(path, _)| path).collect();
    let mut foreign: Vec<String> = listing
        .files
        .into_iter()
        .filter(|rel| rel != MANIFEST && !ours.contains(rel.as_str()))
        .collect();
    // Folder by folder, by name: the order a sorted walk would give, for
    // the price of sorting the (usually empty) result only.
    foreign.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    Ok((foreign, folders_listed))
}

/// The files of the folders of `output` changed since the manifest was
/// written at `written_at` (with every file under folders the manifest
/// does not know), and the kept foreign files of the others; and how many
/// folders were listed. `files` are every file the manifest lists.
fn changed_folders<'m>(
    output: &Path,
    files: impl Iterator<Item = &'m str>,
    written_at: SystemTime,
    manifest_text: &str,
) -> (Listing, usize) {
    let mut known: HashSet<&str> = HashSet::new();
    for file in files {
        known.extend(file.match_indices('/').map(|(at, _)| &file[..at]));
    }
    let states: Vec<(&str, Since)> = known
        .par_iter()
        .map(|&rel| (rel, since(&output.join(rel), written_at)))
        .collect();
    let mut changed: Vec<&str> = states
        .iter()
        .filter(|(_, state)| *state == Since::Changed)
        .map(|(rel, _)| *rel)
        .collect();
    changed.push("");
    let listing = changed
        .par_iter()
        .map(|rel| files_of_changed_folder(output, rel, &known))
        .reduce(Listing::default, Listing::merge);
    let unchanged: HashSet<&str> = states
        .iter()
        .filter(|(_, state)| *state == Since::Unchanged)
        .map(|(rel, _)| *rel)
        .collect();
    // Kept files in folders unchanged since: still there, still foreign.
    let kept = manifest::kept_files(manifest_text)
        .filter(|rel| {
            rel.rsplit_once('/')
                .is_some_and(|(folder, _)| unchanged.contains(folder))
        })
        .map(str::to_owned)
        .collect();
    let kept = Listing {
        files: kept,
        error: None,
    };
    (listing.merge(kept), changed.len())
}

/// What became of a folder since the manifest was written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Since {
    /// Last changed before: it holds what the manifest says.
    Unchanged,
    /// Changed, or it cannot be told (it is listed, and an error reported).
    Changed,
    /// Gone (its parent changed, and is listed).
    Gone,
}

fn since(path: &Path, written_at: SystemTime) -> Since {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() && meta.modified().is_ok_and(|at| at < written_at) => {
            Since::Unchanged
        }
        Ok(meta) if !meta.is_dir() => Since::Gone,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Since::Gone,
        _ => Since::Changed,
    }
}

/// The files of the changed folder `rel`, and every file under its
/// subfolders that the manifest does not know (those it knows are checked
/// on their own).
fn files_of_changed_folder(output: &Path, rel: &str, known: &HashSet<&str>) -> Listing {
    let (listing, folders) = walk::entries_of(&output.join(rel), rel);
    folders
        .into_par_iter()
        .filter(|(_, rel)| !known.contains(rel.as_str()))
        .map(|(folder, rel)| walk::files_below(&folder, &rel))
        .reduce(Listing::default, Listing::merge)
        .merge(listing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;
    use crate::write::write_site;
    use std::time::Duration;

    fn site() -> Vec<OutputFile> {
        [
            "index.html",
            "a/index.html",
            "a/b/index.html",
            "c/index.html",
        ]
        .into_iter()
        .map(|path| OutputFile {
            path: path.into(),
            bytes: bytes::Bytes::from_static(b"page"),
        })
        .collect()
    }

    /// Sets the modification time of the folder `rel` of `out`.
    fn set_folder_time(out: &Path, rel: &str, time: SystemTime) {
        let folder = fs::File::open(out.join(rel)).expect("open the folder");
        folder.set_modified(time).expect("set its time");
    }

    /// The output of a build whose folders were all written an hour
    /// before its manifest.
    fn built_an_hour_ago(out: &Path, force: bool) {
        write_site(out, &site(), force).expect("build");
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for rel in ["a", "a/b", "c"] {
            set_folder_time(out, rel, an_hour_ago);
        }
    }

    /// A temporary folder, and its output folder built an hour ago.
    fn output_built_an_hour_ago() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        built_an_hour_ago(&out, false);
        (dir, out)
    }

    #[test]
    fn an_unchanged_output_lists_only_its_own_folder() {
        let (_dir, out) = output_built_an_hour_ago();
        let (foreign, folders_listed) = survey(&out).unwrap();
        assert!(foreign.is_empty(), "{:?}", foreign);
        assert_eq!(folders_listed, 1);
    }

    #[test]
    fn files_added_since_are_found_in_known_and_unknown_folders() {
        let (_dir, out) = output_built_an_hour_ago();
        fs::write(out.join("CNAME"), "x").unwrap();
        fs::write(out.join("a/b/notes.txt"), "x").unwrap();
        fs::create_dir_all(out.join("c/new/deeper")).unwrap();
        fs::write(out.join("c/new/deeper/x.txt"), "x").unwrap();
        let (foreign, folders_listed) = survey(&out).unwrap();
        assert_eq!(foreign, ["CNAME", "a/b/notes.txt", "c/new/deeper/x.txt"]);
        assert_eq!(folders_listed, 3, "the root, a/b and c");
    }

    #[test]
    fn a_folder_as_new_as_the_manifest_is_listed() {
        let (_dir, out) = output_built_an_hour_ago();
        fs::write(out.join("a/extra.txt"), "x").unwrap();
        // As a coarse clock gives a change right after the manifest.
        let written_at = fs::metadata(out.join(MANIFEST))
            .unwrap()
            .modified()
            .unwrap();
        set_folder_time(&out, "a", written_at);
        assert_eq!(foreign_files(&out).unwrap(), ["a/extra.txt"]);
    }

    #[test]
    fn kept_files_in_unchanged_folders_are_still_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/kept.txt"), "x").unwrap();
        built_an_hour_ago(&out, true);
        let (foreign, folders_listed) = survey(&out).unwrap();
        assert_eq!(foreign, ["a/kept.txt"]);
        assert_eq!(folders_listed, 1);
        // Removed by the user: the folder changed, and it is gone.
        fs::remove_file(out.join("a/kept.txt")).unwrap();
        assert!(foreign_files(&out).unwrap().is_empty());
    }

    #[test]
    fn without_a_manifest_listing_every_file_the_whole_folder_is_listed() {
        let (_dir, out) = output_built_an_hour_ago();
        fs::write(out.join("a/b/notes.txt"), "x").unwrap();
        set_folder_time(&out, "a/b", SystemTime::now() - Duration::from_secs(3600));
        // Unchanged, as far as the folder's time tells: not looked at.
        assert!(foreign_files(&out).unwrap().is_empty());
        let version_3 = fs::read_to_string(out.join(MANIFEST)).unwrap();
        let (_, records) = version_3.split_once('\n').unwrap();
        let version_2 = format!("# journeybook manifest 2: hash size path\n{records}");
        fs::write(out.join(MANIFEST), version_2).unwrap();
        let (foreign, folders_listed) = survey(&out).unwrap();
        assert_eq!(foreign, ["a/b/notes.txt"]);
        assert_eq!(folders_listed, usize::MAX);
    }

    #[test]
    fn a_folder_replaced_by_a_file_is_found() {
        let (_dir, out) = output_built_an_hour_ago();
        fs::remove_dir_all(out.join("c")).unwrap();
        fs::write(out.join("c"), "x").unwrap();
        assert_eq!(foreign_files(&out).unwrap(), ["c"]);
    }
}
