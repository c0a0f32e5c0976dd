//! The theme: the default theme embedded in the binary, overridden file by
//! file from `themes/<name>/templates/` and `themes/<name>/static/` of the
//! portfolio. Templates are compiled once per build (Tera 2, chosen over
//! Tera 1 because its errors carry the template's line and column).

mod embedded;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tera::Tera;

use crate::diagnostic::{At, Diagnostic, Pos, code};

/// A theme ready to render: compiled templates and static files.
pub struct Theme {
    pub tera: Tera,
    /// Static files: path under `static/` → bytes.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Where each template came from, for error messages.
    origins: Vec<(String, PathBuf)>,
    /// A hash of every template and static file: pages rendered with a
    /// different theme are never reused.
    pub fingerprint: u64,
    /// The templates whose text is the built-in theme's.
    built_in: Vec<String>,
}

impl Theme {
    /// Whether `template` is the built-in theme's own: not overridden, or
    /// overridden by a copy of the same text.
    pub fn is_built_in(&self, template: &str) -> bool {
        self.built_in.iter().any(|name| name == template)
    }

    /// The file a template came from (the user's override or the built-in).
    pub fn origin(&self, template: &str) -> PathBuf {
        self.origins
            .iter()
            .find(|(name, _)| name == template)
            .map_or_else(|| PathBuf::from(template), |(_, path)| path.clone())
    }
}

/// Reads the theme's override files (I/O happens here, before rendering).
/// A template that does not compile is a diagnostic naming its file and line.
pub fn load(root: &Path, name: &str) -> anyhow::Result<Result<Theme, Vec<Diagnostic>>> {
    let theme_dir = root.join("themes").join(name);
    if name != "default" && !theme_dir.is_dir() {
        let diagnostic = Diagnostic::error(
            code::UNRESOLVED,
            Path::new(crate::config::CONFIG_FILE),
            At::File,
            format!("theme `{name}` not found: there is no folder themes/{name}/"),
        )
        .with_help("create the folder, or set `[build] theme = \"default\"`");
        return Ok(Err(vec![diagnostic]));
    }
    let mut templates: Vec<(String, String, PathBuf)> = embedded::TEMPLATES
        .iter()
        .map(|(file, text)| {
            (
                file.to_string(),
                text.to_string(),
                PathBuf::from(format!("(built-in theme)/templates/{file}")),
            )
        })
        .collect();
    let mut static_files: Vec<(String, Vec<u8>)> = embedded::STATIC
        .iter()
        .map(|(file, bytes)| (file.to_string(), bytes.to_vec()))
        .collect();
    if theme_dir.is_dir() {
        overlay_templates(root, &theme_dir.join("templates"), &mut templates)?;
        overlay_static(&theme_dir.join("static"), &mut static_files)?;
    }
    Ok(compile(templates, static_files))
}

fn overlay_templates(
    root: &Path,
    dir: &Path,
    templates: &mut Vec<(String, String, PathBuf)>,
) -> anyhow::Result<()> {
    for (name, path) in files_under(dir)? {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read template {}", path.display()))?;
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        templates.retain(|(existing, _, _)| *existing != name);
        templates.push((name, text, shown));
    }
    Ok(())
}

fn overlay_static(dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    for (name, path) in files_under(dir)? {
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read theme file {}", path.display()))?;
        files.retain(|(existing, _)| *existing != name);
        files.push((name, bytes));
    }
    Ok(())
}

/// Files under `dir` as (`/`-separated relative name, path); none if absent.
fn files_under(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read theme folder {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !crate::load::is_ignored_name(&name) {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            found.push((rel.to_string_lossy().replace('\\', "/"), entry.into_path()));
        }
    }
    Ok(found)
}

fn compile(
    templates: Vec<(String, String, PathBuf)>,
    static_files: Vec<(String, Vec<u8>)>,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.set_escape_fn(crate::escape::tera_escape);
    let built_in = templates
        .iter()
        .filter(|(name, text, _)| {
            embedded::TEMPLATES
                .iter()
                .any(|(file, original)| file == name && original == text)
        })
        .map(|(name, _, _)| name.clone())
        .collect();
    let origins: Vec<(String, PathBuf)> = templates
        .iter()
        .map(|(n, _, p)| (n.clone(), p.clone()))
        .collect();
    let raw: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&(&templates, &static_files), &mut hasher);
    let theme = Theme {
        tera: Tera::default(),
        fingerprint: std::hash::Hasher::finish(&hasher),
        static_files,
        origins,
        built_in,
    };
    if let Err(error) = tera.add_raw_templates(raw) {
        return Err(vec![template_diagnostic(&theme, &error)]);
    }
    Ok(Theme { tera, ..theme })
}

/// Turns a Tera error into a diagnostic at the template's file and line.
pub fn template_diagnostic(theme: &Theme, error: &tera::Error) -> Diagnostic {
    // The error with a position may be the cause of the one returned (an
    // unknown template named by an `include` in another one, say).
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(candidate) = current {
        if let Some(diagnostic) = candidate
            .downcast_ref::<tera::Error>()
            .and_then(|e| positioned_diagnostic(theme, e))
        {
            return diagnostic;
        }
        current = candidate.source();
    }
    let chain = error_chain(error);
    rendered_report_diagnostic(theme, &chain)
        .unwrap_or_else(|| Diagnostic::error(code::TEMPLATE, Path::new("themes"), At::File, chain))
}

/// Some checks of the templates as a whole (an `include` of a template
/// that does not exist) come back as report text, `error: <message>` then
/// ` --> <template>:<line>:<column>`; the first such report, as a
/// diagnostic at its template's own file.
fn rendered_report_diagnostic(theme: &Theme, text: &str) -> Option<Diagnostic> {
    let mut lines = text.lines().map(str::trim);
    let message = lines.find_map(|line| line.split_once("error: ").map(|(_, m)| m))?;
    let location = lines.next()?.strip_prefix("--> ")?;
    let mut parts = location.rsplitn(3, ':');
    let column: u32 = parts.next()?.parse().ok()?;
    let line: u32 = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    Some(Diagnostic::error(
        code::TEMPLATE,
        &theme.origin(name),
        At::Pos(Pos { line, column }),
        message.to_string(),
    ))
}

/// The diagnostic of an error that knows its template, line and column.
fn positioned_diagnostic(theme: &Theme, error: &tera::Error) -> Option<Diagnostic> {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => report,
        _ => return None,
    };
    let span = report.span();
    let at = At::Pos(Pos {
        line: span.start_line as u32,
        column: span.start_col as u32 + 1,
    });
    Some(Diagnostic::error(
        code::TEMPLATE,
        &theme.origin(report.filename()),
        at,
        report.message().to_string(),
    ))
}

fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}
