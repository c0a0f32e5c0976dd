//! The `write` stage: `OutputFile`s → the output folder, atomically. The
//! site is written into a sibling staging folder and swapped in only when
//! complete (one `renameat2(RENAME_EXCHANGE)` on Linux), so a failed or
//! killed build leaves the previous output as it was. The output swapped
//! out is kept beside it as the next build's staging folder: a rebuild then
//! rewrites only the files whose bytes changed and deletes nothing but
//! stale files of its own, instead of creating and deleting every file.
//! A manifest records what journeybook wrote; an output folder holding
//! other files is refused unless forced, and even then those files are kept.

mod foreign;
mod manifest;
mod staging;
mod survey;
mod swap;
mod walk;

pub use manifest::MANIFEST;
pub use staging::Staging;
pub use survey::Survey;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::render::OutputFile;

/// What the write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
    /// Files whose bytes differ from the reused staging copy (all of them
    /// on a first build).
    pub changed: usize,
    /// Files journeybook did not create, kept because of `--force`.
    pub kept: usize,
}

/// Refuses an output folder that is the root, the content folder, or a
/// folder that contains either (writing there would replace the sources).
pub fn check_output_location(output: &Path, root: &Path, content: &Path) -> anyhow::Result<()> {
    let output_abs = absolute(output)?;
    for (protected, what) in [
        (root, "the portfolio root"),
        (content, "the content folder"),
    ] {
        let protected = absolute(protected)?;
        if protected.starts_with(&output_abs) {
            bail!(
                "refusing to write the site to {}: it is {what} or contains it; choose another `--output` or `[build] output`",
                output.display()
            );
        }
    }
    let content_abs = absolute(content)?;
    if output_abs.starts_with(&content_abs) {
        bail!(
            "refusing to write the site to {}: it is inside the content folder; choose another `--output` or `[build] output`",
            output.display()
        );
    }
    Ok(())
}

/// An absolute, normalised path, even when it does not exist yet.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let mut existing = path.to_path_buf();
    let mut missing = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name() else {
            break;
        };
        missing.push(name.to_os_string());
        if !existing.pop() {
            break;
        }
    }
    let base = if existing.as_os_str().is_empty() {
        std::env::current_dir().context("cannot read the current folder")?
    } else {
        existing
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", existing.display()))?
    };
    Ok(missing
        .iter()
        .rev()
        .fold(base, |path, name| path.join(name)))
}

/// Writes `files` as the whole site into `output` (for callers that have
/// every file in memory; `build` streams them through [`Staging`]).
pub fn write_site(output: &Path, files: &[OutputFile], force: bool) -> anyhow::Result<Written> {
    let staging = Staging::begin(output, force)?;
    staging.write(files)?;
    staging.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes::Bytes::copy_from_slice(text.as_bytes()),
        }
    }

    /// The paths the manifest of `out` lists.
    fn listed(out: &Path) -> Vec<String> {
        let text = fs::read_to_string(out.join(MANIFEST)).unwrap();
        manifest::entries(&text)
            .map(|(p, _)| p.to_owned())
            .collect()
    }

    #[test]
    fn replaces_previous_output_and_records_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("index.html", "one"), file("a/index.html", "a")],
            false,
        )
        .unwrap();
        write_site(&out, &[file("index.html", "two")], false).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("a/index.html").exists());
        assert_eq!(listed(&out), ["index.html"]);
        let mut beside: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.journeybook-prev", "public"],
            "only the previous output is kept beside the output"
        );
    }

    #[test]
    fn refuses_foreign_files_unless_forced_and_then_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("CNAME"), "cx.example.com").unwrap();
        let error = write_site(&out, &[file("index.html", "x")], false).unwrap_err();
        assert!(error.to_string().contains("CNAME"), "{error}");
        let written = write_site(&out, &[file("index.html", "x")], true).unwrap();
        assert_eq!(written.kept, 1);
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "cx.example.com"
        );
    }

    #[test]
    fn refuses_root_content_and_their_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        let content = root.join("content");
        fs::create_dir_all(&content).unwrap();
        assert!(check_output_location(&root, &root, &content).is_err());
        assert!(check_output_location(&content, &root, &content).is_err());
        assert!(check_output_location(dir.path(), &root, &content).is_err());
        assert!(check_output_location(&content.join("out"), &root, &content).is_err());
        assert!(check_output_location(&root.join("public"), &root, &content).is_ok());
    }

    #[test]
    fn restores_output_moved_aside_by_a_killed_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let backup = dir.path().join(".public.journeybook-old-1");
        fs::create_dir_all(&backup).unwrap();
        fs::write(backup.join("index.html"), "old").unwrap();
        fs::write(backup.join(MANIFEST), "index.html\n").unwrap();
        write_site(&out, &[file("index.html", "new")], false).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!backup.exists());
    }

    #[test]
    fn a_rebuild_rewrites_only_changed_files_and_drops_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = |a: &str| {
            vec![
                file("index.html", "home"),
                file("a/index.html", a),
                file("b/c/index.html", "c"),
            ]
        };
        // The second build fills a fresh staging folder; from the third on,
        // the staging folder is the output from two builds before.
        for (a, changed) in [("a1", 3), ("a1", 3), ("a1", 0), ("a2", 1), ("a2", 1)] {
            let written = write_site(&out, &site(a), false).unwrap();
            assert_eq!(written.changed, changed, "building with {a}");
            assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), a);
        }
        write_site(&out, &[file("index.html", "home")], false).unwrap();
        let written = write_site(&out, &[file("index.html", "home")], false).unwrap();
        assert_eq!(written.changed, 0);
        assert!(!out.join("a").exists(), "stale files and folders go");
        assert!(!out.join("b").exists());
        assert_eq!(listed(&out), ["index.html"]);
    }

    #[test]
    fn the_previous_manifest_decides_unless_a_file_changed_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let previous = dir.path().join(".public.journeybook-prev");
        let site = [file("index.html", "home"), file("a.html", "aaaa")];
        write_site(&out, &site, false).unwrap();
        write_site(&out, &site, false).unwrap();
        // A record that disagrees with the file: rewritten without reading.
        let text = fs::read_to_string(previous.join(MANIFEST)).unwrap();
        let lied: String = text
            .lines()
            .map(|line| match line.strip_suffix(" 4 a.html") {
                Some(_) => "0000000000000000 4 a.html\n".to_owned(),
                None => format!("{line}\n"),
            })
            .collect();
        assert_ne!(lied, text);
        fs::write(previous.join(MANIFEST), lied).unwrap();
        assert_eq!(write_site(&out, &site, false).unwrap().changed, 1);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "aaaa");
        // A file changed after its manifest, to bytes of the same size and
        // a record that still matches: compared, and put right.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(previous.join("index.html"), "HOME").unwrap();
        assert_eq!(write_site(&out, &site, false).unwrap().changed, 1);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        assert_eq!(write_site(&out, &site, false).unwrap().changed, 0);
        // A staging folder left without its manifest is compared too.
        fs::remove_file(previous.join(MANIFEST)).unwrap();
        assert_eq!(write_site(&out, &site, false).unwrap().changed, 0);
    }

    #[test]
    fn a_kept_file_removed_from_the_output_does_not_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("extra")).unwrap();
        fs::write(out.join("CNAME"), "cx.example.com").unwrap();
        fs::write(out.join("extra/notes.txt"), "notes").unwrap();
        let site = [file("index.html", "home")];
        // Kept through a full turn of the output and its previous folder.
        for _ in 0..3 {
            assert_eq!(write_site(&out, &site, true).unwrap().kept, 2);
        }
        fs::remove_file(out.join("CNAME")).unwrap();
        for _ in 0..3 {
            assert_eq!(write_site(&out, &site, true).unwrap().kept, 1);
            assert!(!out.join("CNAME").exists(), "the removed file is back");
            assert!(out.join("extra/notes.txt").exists());
        }
        fs::remove_dir_all(out.join("extra")).unwrap();
        for _ in 0..3 {
            let written = write_site(&out, &site, false).expect("no foreign file left");
            assert_eq!((written.kept, written.changed), (0, 0));
        }
    }

    #[test]
    fn a_previous_folder_without_its_manifest_is_listed_for_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let previous = dir.path().join(".public.journeybook-prev");
        let site = [file("index.html", "home")];
        write_site(&out, &site, false).unwrap();
        write_site(&out, &site, false).unwrap();
        // As a build stopped half-way leaves it: no manifest, a stray page.
        fs::remove_file(previous.join(MANIFEST)).unwrap();
        fs::create_dir_all(previous.join("half")).unwrap();
        fs::write(previous.join("half/index.html"), "half").unwrap();
        write_site(&out, &site, false).unwrap();
        assert!(!out.join("half").exists(), "the stray page is stale");
        for _ in 0..2 {
            write_site(&out, &site, false).expect("no foreign file");
        }
    }

    #[test]
    fn a_file_may_take_the_place_of_a_folder_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for _ in 0..2 {
            write_site(&out, &[file("x/index.html", "folder")], false).unwrap();
            write_site(&out, &[file("x", "file")], false).unwrap();
        }
        write_site(&out, &[file("x/index.html", "folder")], false).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("x/index.html")).unwrap(),
            "folder"
        );
    }
}
