//! The `parse` stage: each source file → one entity of the `Portfolio`,
//! decided by its folder (personas/, journeys/, touchpoints/,
//! opportunities/, or a free page), with all problems of all files
//! collected. Pure: works on the bytes `load` read.

mod journey;
mod persona;
mod simple;
mod step;

use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::frontmatter::{self, Split};
use crate::content::markdown;
use crate::content::model::{Doc, Portfolio};
use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Fields};
use crate::diagnostic::{At, Diagnostic, Pos, code};
use crate::load::{SourceFile, Sources};

/// The kind of entity a Markdown file holds, by its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Persona,
    Journey,
    Touchpoint,
    Opportunity,
    Home,
    Page,
}

impl FileKind {
    /// Decides the kind from a content-relative path such as `journeys/x.md`.
    pub fn of(content_rel: &str) -> FileKind {
        match content_rel.split_once('/') {
            Some(("personas", _)) => FileKind::Persona,
            Some(("journeys", _)) => FileKind::Journey,
            Some(("touchpoints", _)) => FileKind::Touchpoint,
            Some(("opportunities", _)) => FileKind::Opportunity,
            None if content_rel == "index.md" => FileKind::Home,
            _ => FileKind::Page,
        }
    }

    fn takes_id(self) -> bool {
        !matches!(self, FileKind::Home | FileKind::Page)
    }
}

/// One parsed file.
#[derive(Clone)]
enum Entity {
    Persona(crate::content::model::Persona),
    Journey(crate::content::model::Journey),
    Touchpoint(crate::content::model::Touchpoint),
    Opportunity(crate::content::model::SharedOpportunity),
    Home(crate::content::model::Page),
    Page(crate::content::model::Page),
}

/// Parses every Markdown source in parallel; drafts are left out unless
/// `drafts` is set. Entities come out ordered by id (stable: a duplicate id
/// keeps its file order), so every list on the site is deterministic.
pub fn parse(sources: &Sources, config: &Config, drafts: bool) -> (Portfolio, Vec<Diagnostic>) {
    parse_with(sources, config, drafts, None)
}

/// `parse` for a single build: each file's bytes are released once parsed
/// (see `SourceFile::release`), so that the sources and the whole model
/// are never in memory together.
pub fn parse_releasing(
    sources: &mut Sources,
    config: &Config,
    drafts: bool,
) -> (Portfolio, Vec<Diagnostic>) {
    let parsed = sources
        .markdown
        .par_iter_mut()
        .map(|file| {
            let parsed = parse_file(file, config);
            file.release();
            parsed
        })
        .collect();
    assemble(sources, parsed, drafts)
}

/// What one file parsed to.
type Parsed = (Option<Entity>, Vec<Diagnostic>);

/// Parse results of earlier builds, by file, for `serve`: a file whose
/// bytes and configuration are unchanged parses to the same result, so it
/// is not parsed again. Parsing is pure, so this cannot go stale.
#[derive(Default)]
pub struct ParseCache {
    config: Option<Config>,
    files: std::collections::HashMap<String, (std::sync::Arc<[u8]>, Parsed)>,
}

/// `parse`, reusing and refreshing `cache`.
pub fn parse_cached(
    sources: &Sources,
    config: &Config,
    drafts: bool,
    cache: &mut ParseCache,
) -> (Portfolio, Vec<Diagnostic>) {
    parse_with(sources, config, drafts, Some(cache))
}

/// `parse`, with a cache for `serve` or without one for a single build
/// (which would only pay for copying every file's bytes and results).
fn parse_with(
    sources: &Sources,
    config: &Config,
    drafts: bool,
    cache: Option<&mut ParseCache>,
) -> (Portfolio, Vec<Diagnostic>) {
    let parsed = match cache {
        Some(cache) => parse_reusing(sources, config, cache),
        None => sources
            .markdown
            .par_iter()
            .map(|file| parse_file(file, config))
            .collect(),
    };
    assemble(sources, parsed, drafts)
}

fn parse_reusing(sources: &Sources, config: &Config, cache: &mut ParseCache) -> Vec<Parsed> {
    if cache.config.as_ref() != Some(config) {
        cache.files.clear();
        cache.config = Some(config.clone());
    }
    let parsed: Vec<Parsed> = sources
        .markdown
        .par_iter()
        .map(|file| match cache.files.get(&file.content_rel) {
            Some((bytes, parsed)) if same_bytes(bytes, &file.bytes) => parsed.clone(),
            _ => parse_file(file, config),
        })
        .collect();
    // Keep unchanged entries as they are; store only what was parsed anew.
    let present: std::collections::HashSet<&str> = sources
        .markdown
        .iter()
        .map(|f| f.content_rel.as_str())
        .collect();
    cache
        .files
        .retain(|path, _| present.contains(path.as_str()));
    for (file, parsed) in sources.markdown.iter().zip(&parsed) {
        let fresh = cache
            .files
            .get(&file.content_rel)
            .is_none_or(|(bytes, _)| !same_bytes(bytes, &file.bytes));
        if fresh {
            cache.files.insert(
                file.content_rel.clone(),
                (file.bytes.clone(), parsed.clone()),
            );
        }
    }
    parsed
}

/// Whether two files' bytes are equal: at once when `load` reused them.
fn same_bytes(a: &std::sync::Arc<[u8]>, b: &std::sync::Arc<[u8]>) -> bool {
    std::sync::Arc::ptr_eq(a, b) || a == b
}

/// The portfolio from every file's parse, in file order.
fn assemble(sources: &Sources, parsed: Vec<Parsed>, drafts: bool) -> (Portfolio, Vec<Diagnostic>) {
    let mut portfolio = Portfolio {
        assets: sources.assets.clone(),
        ..Portfolio::default()
    };
    let mut diagnostics = Vec::new();
    for (file, (entity, mut problems)) in sources.markdown.iter().zip(parsed) {
        diagnostics.append(&mut problems);
        let Some(entity) = entity else {
            portfolio.broken.push(broken_id(&file.content_rel));
            continue;
        };
        if entity_doc(&entity).draft && !drafts {
            continue;
        }
        match entity {
            Entity::Persona(p) => portfolio.personas.push(p),
            Entity::Journey(j) => portfolio.journeys.push(j),
            Entity::Touchpoint(t) => portfolio.touchpoints.push(t),
            Entity::Opportunity(o) => portfolio.opportunities.push(o),
            Entity::Home(h) => portfolio.home = Some(h),
            Entity::Page(p) => portfolio.pages.push(p),
        }
    }
    portfolio.personas.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    portfolio.journeys.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    portfolio
        .touchpoints
        .sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    portfolio
        .opportunities
        .sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    portfolio.pages.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    (portfolio, diagnostics)
}

/// The kind and id a file that failed to parse would have had.
fn broken_id(content_rel: &str) -> (&'static str, String) {
    let stem = content_rel.trim_end_matches(".md");
    let file_stem = || stem.rsplit('/').next().unwrap_or(stem).to_string();
    match FileKind::of(content_rel) {
        FileKind::Persona => ("persona", file_stem()),
        FileKind::Journey => ("journey", file_stem()),
        FileKind::Touchpoint => ("touchpoint", file_stem()),
        FileKind::Opportunity => ("opportunity", file_stem()),
        FileKind::Home | FileKind::Page => ("page", page_id(stem)),
    }
}

fn entity_doc(entity: &Entity) -> &Doc {
    match entity {
        Entity::Persona(p) => &p.doc,
        Entity::Journey(j) => &j.doc,
        Entity::Touchpoint(t) => &t.doc,
        Entity::Opportunity(o) => &o.doc,
        Entity::Home(p) | Entity::Page(p) => &p.doc,
    }
}

/// Decodes, splits and reads one file.
fn parse_file(file: &SourceFile, config: &Config) -> (Option<Entity>, Vec<Diagnostic>) {
    let text = match decode(file) {
        Ok(text) => text,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(frontmatter::Unclosed) => {
            let diagnostic = Diagnostic::error(
                code::UNCLOSED_FRONT_MATTER,
                &file.rel,
                At::Pos(Pos { line: 1, column: 1 }),
                "the front-matter opened here is never closed",
            )
            .with_help("add a line `---` after the last front-matter key");
            return (None, vec![diagnostic]);
        }
    };
    let tree = match frontmatter::parse(&split) {
        Ok(tree) => tree,
        Err(error) => {
            let line = text
                .lines()
                .nth(error.pos.line.saturating_sub(1) as usize)
                .unwrap_or("");
            let tab_indent = line
                .chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t');
            let help = tab_indent.then(|| {
                "YAML does not allow tabs for indentation; indent with spaces".to_string()
            });
            let diagnostic =
                Diagnostic::error(code::BAD_YAML, &file.rel, At::Pos(error.pos), error.message)
                    .with_optional_help(help);
            return (None, vec![diagnostic]);
        }
    };
    let mut ck = Checker::new(&file.rel);
    let entity = read_entity(&mut ck, file, &split, &tree, config);
    (entity, ck.diagnostics)
}

/// The file's text without a BOM, or a diagnostic at its first bad byte.
fn decode(file: &SourceFile) -> Result<&str, Box<Diagnostic>> {
    decode_utf8(&file.bytes, &file.rel)
}

/// A file's text without a BOM, or a diagnostic at its first bad byte.
pub fn decode_utf8<'b>(bytes: &'b [u8], rel: &Path) -> Result<&'b str, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let good = &bytes[..error.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
        Box::new(
            Diagnostic::error(
                code::NOT_UTF8,
                rel,
                At::Pos(Pos { line, column }),
                "this file is not valid UTF-8",
            )
            .with_help("save the file as UTF-8 in your editor"),
        )
    })
}

fn read_entity(
    ck: &mut Checker,
    file: &SourceFile,
    split: &Split<'_>,
    tree: &Node,
    config: &Config,
) -> Option<Entity> {
    let kind = FileKind::of(&file.content_rel);
    let mut fields = ck.map(tree, &NodePath::root())?;
    let doc = read_doc(ck, &mut fields, file, split, kind);
    let entity = match kind {
        FileKind::Persona => persona::read(ck, &mut fields, doc).map(Entity::Persona),
        FileKind::Journey => journey::read(ck, &mut fields, doc, config).map(Entity::Journey),
        FileKind::Touchpoint => simple::touchpoint(ck, &mut fields, doc).map(Entity::Touchpoint),
        FileKind::Opportunity => simple::opportunity(ck, &mut fields, doc).map(Entity::Opportunity),
        FileKind::Home => Some(Entity::Home(simple::page(ck, &mut fields, doc))),
        FileKind::Page => Some(Entity::Page(simple::page(ck, &mut fields, doc))),
    };
    fields.finish(ck);
    entity
}

/// Reads the keys every file shares and builds its `Doc`.
fn read_doc(
    ck: &mut Checker,
    fields: &mut Fields<'_>,
    file: &SourceFile,
    split: &Split<'_>,
    kind: FileKind,
) -> Doc {
    let stem = file.content_rel.trim_end_matches(".md");
    let default_id = match kind {
        FileKind::Page | FileKind::Home => page_id(stem),
        _ => Path::new(stem)
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
    };
    let (id, id_at) = match kind
        .takes_id()
        .then(|| fields.optional(ck, "id", reader::id_ref))
        .flatten()
    {
        Some(given) => (given.value, Some(given.at)),
        None => (default_id, None),
    };
    let draft = fields
        .optional(ck, "draft", reader::boolean)
        .unwrap_or(false);
    let extra = fields.raw("extra").map(|(node, _)| node.clone());
    let updated = fields.optional(ck, "updated", reader::date);
    let dir = Path::new(&file.content_rel)
        .parent()
        .map_or_else(String::new, |p| p.to_string_lossy().replace('\\', "/"));
    Doc {
        file: file.rel.clone(),
        content_rel: file.content_rel.clone(),
        id,
        id_at,
        body: split.body.to_string(),
        body_line: split.body_line,
        links: markdown::extract_links(split.body, split.body_line, &dir),
        draft,
        extra,
        updated,
    }
}

/// A free page's id: its content path without `.md`, and without a
/// trailing `index` (`guides/index.md` → `guides`).
pub fn page_id(stem: &str) -> String {
    let stem = stem.trim_end_matches("/index");
    if stem == "index" {
        String::new()
    } else {
        stem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_first_folder() {
        assert_eq!(FileKind::of("journeys/buy.md"), FileKind::Journey);
        assert_eq!(FileKind::of("personas/deep/ana.md"), FileKind::Persona);
        assert_eq!(FileKind::of("index.md"), FileKind::Home);
        assert_eq!(FileKind::of("guides/index.md"), FileKind::Page);
        assert_eq!(FileKind::of("journeys.md"), FileKind::Page);
    }

    #[test]
    fn page_ids_drop_index() {
        assert_eq!(page_id("guides/index"), "guides");
        assert_eq!(page_id("guides/glossary"), "guides/glossary");
        assert_eq!(page_id("index"), "");
    }

    fn journey_steps(text: &str) -> Vec<crate::content::model::Step> {
        let file = SourceFile::new(
            "content/journeys/j.md".into(),
            "journeys/j.md".into(),
            text.as_bytes().into(),
        );
        let (config, _) = crate::config::read(std::path::Path::new("."), None);
        let (entity, problems) = parse_file(&file, &config);
        assert!(problems.is_empty(), "{problems:?}");
        let Some(Entity::Journey(journey)) = entity else {
            panic!("a journey")
        };
        journey
            .stages
            .iter()
            .flat_map(|s| s.steps.clone())
            .collect()
    }

    #[test]
    fn a_steps_notes_are_kept_apart_only_when_written() {
        let steps = journey_steps(
            "---\ntitle: J\nstages:\n  - name: S\n    steps:\n      - name: A\n        gap: G\n        owner: O\n      - name: B\n        change: C\n      - name: D\n---\n",
        );
        let notes: Vec<_> = steps
            .iter()
            .map(|s| (s.gap(), s.change(), s.owner()))
            .collect();
        assert_eq!(
            notes,
            [
                (Some("G"), None, Some("O")),
                (None, Some("C"), None),
                (None, None, None)
            ]
        );
        assert!(steps[2].notes.is_none());
        // Millions of steps in a large portfolio: keep the record small.
        assert!(std::mem::size_of::<crate::content::model::Step>() <= 216);
    }
}
