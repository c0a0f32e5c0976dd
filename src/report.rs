//! Printing diagnostics for people: resolves each diagnostic's node path to
//! a line and column from the sources, sorts them, and renders them
//! cargo-style with paths relative to the current folder, then a summary.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, toml_tree};
use crate::content::frontmatter;
use crate::diagnostic::{self, At, Diagnostic, Pos, Severity};
use crate::load::Sources;

/// The texts diagnostics point into.
pub struct SourceTexts<'a> {
    pub root: &'a Path,
    pub sources: &'a Sources,
    pub config_text: Option<&'a str>,
}

impl SourceTexts<'_> {
    fn text(&self, file: &Path) -> Option<String> {
        if file == Path::new(CONFIG_FILE) {
            return self.config_text.map(str::to_string);
        }
        let Some(source) = self.sources.file(file) else {
            // Theme templates and other files outside the content folder.
            return std::fs::read_to_string(self.root.join(file)).ok();
        };
        let parsed = source.parsed_bytes(self.root)?;
        let bytes = parsed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&parsed);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Turns every `At::Node` into a position and sorts the list.
pub fn resolve(diagnostics: &mut [Diagnostic], texts: &SourceTexts<'_>) {
    for diagnostic in diagnostics.iter_mut() {
        let At::Node { path, key } = &diagnostic.at else {
            continue;
        };
        let Some(text) = texts.text(&diagnostic.file) else {
            continue;
        };
        let pos = if diagnostic.file == Path::new(CONFIG_FILE) {
            toml_tree::locate(&text, path, *key)
        } else {
            frontmatter::split(&text).ok().and_then(|split| {
                frontmatter::locate(&split, path, *key).or(Some(Pos {
                    line: split.yaml_line,
                    column: 1,
                }))
            })
        };
        diagnostic.at = pos.map_or(At::File, At::Pos);
    }
    diagnostic::sort(diagnostics);
}

/// Resolves the positions of a check's diagnostics (sorting them) and
/// renders them cargo-style.
pub fn resolve_and_render(
    checked: &mut crate::pipeline::Checked,
    root: &Path,
    cwd: &Path,
) -> String {
    let texts = SourceTexts {
        root,
        sources: &checked.sources,
        config_text: checked.config_text.as_deref(),
    };
    resolve(&mut checked.diagnostics, &texts);
    render_all(&checked.diagnostics, &texts, root, cwd)
}

/// Renders all diagnostics; paths are shown relative to `cwd` when possible.
pub fn render_all(
    diagnostics: &[Diagnostic],
    texts: &SourceTexts<'_>,
    root: &Path,
    cwd: &Path,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let text = texts.text(&diagnostic.file);
        let shown = shown_path(&root.join(&diagnostic.file), cwd);
        out.push_str(&diagnostic::render(diagnostic, text.as_deref(), &shown));
        out.push('\n');
    }
    out
}

/// `path` relative to `cwd` when it lies below it, else as given.
pub fn shown_path(path: &Path, cwd: &Path) -> PathBuf {
    let absolute_cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let absolute_path = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .and_then(|p| path.file_name().map(|name| p.join(name)))
        .unwrap_or_else(|| path.to_path_buf());
    absolute_path
        .strip_prefix(&absolute_cwd)
        .map(Path::to_path_buf)
        .unwrap_or(absolute_path)
}

/// "2 errors, 1 warning".
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
