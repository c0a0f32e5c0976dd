//! The `write` stage: `OutputFile`s → the output folder, atomically. The
//! site is written to a temporary sibling folder and swapped in only when
//! complete, so a failed or killed build leaves the previous output as it
//! was. A manifest records what journeybook wrote; a folder holding other
//! files is refused unless forced, and even then those files are kept.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::render::OutputFile;

/// The file, inside the output folder, listing every file journeybook wrote.
pub const MANIFEST: &str = ".journeybook-manifest";

/// What the write did.
#[derive(Debug, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
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

/// Writes the site into `output`, replacing what journeybook wrote there before.
pub fn write_site(output: &Path, files: &[OutputFile], force: bool) -> anyhow::Result<Written> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output
        .file_name()
        .with_context(|| format!("the output path {} has no folder name", output.display()))?
        .to_string_lossy()
        .into_owned();
    recover_interrupted_swap(&parent, &name, output)?;
    let foreign = if output.exists() {
        foreign_files(output)?
    } else {
        Vec::new()
    };
    if !foreign.is_empty() && !force {
        let shown: Vec<String> = foreign.iter().take(5).map(|f| format!("  {f}")).collect();
        bail!(
            "refusing to write into {}: it holds {} file(s) journeybook did not write:\n{}\nmove them away, choose another output folder, or pass --force to keep them and write beside them",
            output.display(),
            foreign.len(),
            shown.join("\n")
        );
    }
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.journeybook-tmp-{}", std::process::id()));
    let written = stage(&staging, output, files, &foreign).inspect_err(|_| {
        let _ = fs::remove_dir_all(&staging);
    })?;
    swap_in(&staging, output, &parent, &name)?;
    Ok(written)
}

/// Writes every file (and the kept foreign ones) into the staging folder.
fn stage(
    staging: &Path,
    output: &Path,
    files: &[OutputFile],
    foreign: &[String],
) -> anyhow::Result<Written> {
    if staging.exists() {
        fs::remove_dir_all(staging)
            .with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    let mut bytes = 0u64;
    let mut manifest = String::new();
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for file in files {
        let target = staging.join(&file.path);
        if let Some(dir) = target.parent()
            && dirs.insert(dir.to_path_buf())
        {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&target, &file.bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        bytes += file.bytes.len() as u64;
        manifest.push_str(&file.path);
        manifest.push('\n');
    }
    let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut kept = 0;
    for rel in foreign
        .iter()
        .filter(|rel| !generated.contains(rel.as_str()))
    {
        let target = staging.join(rel);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::copy(output.join(rel), &target)
            .with_context(|| format!("cannot keep {}", output.join(rel).display()))?;
        kept += 1;
    }
    fs::write(staging.join(MANIFEST), manifest).context("cannot write the output manifest")?;
    Ok(Written {
        files: files.len(),
        bytes,
        kept,
    })
}

/// Replaces `output` by `staging`: old → backup, staging → output, drop backup.
fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site to {}", output.display()));
    }
    let backup = parent.join(format!(".{name}.journeybook-old-{}", std::process::id()));
    fs::rename(output, &backup)
        .with_context(|| format!("cannot move the old site aside from {}", output.display()))?;
    if let Err(error) = fs::rename(staging, output) {
        let _ = fs::rename(&backup, output);
        return Err(error)
            .with_context(|| format!("cannot move the new site to {}", output.display()));
    }
    fs::remove_dir_all(&backup)
        .with_context(|| format!("cannot remove the old site at {}", backup.display()))
}

/// After a run killed mid-swap, puts the previous output back and removes
/// leftover staging folders (both are journeybook's own).
fn recover_interrupted_swap(parent: &Path, name: &str, output: &Path) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let backup_prefix = format!(".{name}.journeybook-old-");
    let staging_prefix = format!(".{name}.journeybook-tmp-");
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if entry_name.starts_with(&backup_prefix) {
            if output.exists() {
                fs::remove_dir_all(entry.path())
                    .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            } else {
                fs::rename(entry.path(), output)
                    .with_context(|| format!("cannot restore {}", output.display()))?;
            }
        } else if entry_name.starts_with(&staging_prefix) {
            fs::remove_dir_all(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Files in `output` that the manifest does not list.
fn foreign_files(output: &Path) -> anyhow::Result<Vec<String>> {
    if !output.is_dir() {
        bail!(
            "the output path {} exists and is not a folder",
            output.display()
        );
    }
    let manifest = fs::read_to_string(output.join(MANIFEST)).unwrap_or_default();
    let ours: HashSet<&str> = manifest.lines().collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", output.display()))?;
        if !entry.file_type().is_file() && !entry.file_type().is_symlink() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel != MANIFEST && !ours.contains(rel.as_str()) {
            foreign.push(rel);
        }
    }
    Ok(foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
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
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "index.html\n"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging or backup folder left behind"
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
        recover_interrupted_swap(dir.path(), "public", &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }
}
