//! Touchpoint, shared opportunity and free page front-matter, and the
//! metric readings several kinds share.

use crate::content::model::{
    Doc, LEVELS, MetricReading, OPPORTUNITY_STATUSES, OWNERSHIP, Page, SharedOpportunity,
    Touchpoint,
};
use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Fields, Sequence};

pub fn touchpoint(ck: &mut Checker, fields: &mut Fields<'_>, doc: Doc) -> Option<Touchpoint> {
    let name = fields.required(ck, "name", reader::text);
    let channel = fields.required(ck, "channel", reader::id_ref);
    Some(Touchpoint {
        ownership: fields.optional(ck, "ownership", |ck, n, p| {
            reader::one_of(ck, n, p, OWNERSHIP)
        }),
        owner: fields.optional(ck, "owner", reader::text),
        resources: fields.list(ck, "resources", reader::text_list),
        url: fields.optional(ck, "url", reader::link_url),
        metrics: fields.list(ck, "metrics", metric_readings),
        name: name.unwrap_or_else(|| doc.id.clone()),
        channel,
        doc,
    })
}

pub fn opportunity(
    ck: &mut Checker,
    fields: &mut Fields<'_>,
    doc: Doc,
) -> Option<SharedOpportunity> {
    let title = fields.required(ck, "title", reader::text);
    Some(SharedOpportunity {
        title: title.unwrap_or_else(|| doc.id.clone()),
        impact: fields.optional(ck, "impact", level),
        effort: fields.optional(ck, "effort", level),
        status: fields.optional(ck, "status", |ck, n, p| {
            reader::one_of(ck, n, p, OPPORTUNITY_STATUSES)
        }),
        owner: fields.optional(ck, "owner", reader::text),
        doc,
    })
}

/// A free page; its title falls back to the body's first heading, then to
/// the file name.
pub fn page(ck: &mut Checker, fields: &mut Fields<'_>, doc: Doc) -> Page {
    let title = fields.optional(ck, "title", reader::text);
    let description = fields.optional(ck, "description", reader::text);
    let title = title
        .or_else(|| first_heading(&doc.body))
        .unwrap_or_else(|| file_title(&doc.id));
    Page {
        doc,
        title,
        description,
    }
}

fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|line| !line.trim().is_empty())?;
    let title = line.strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// `guides/how-we-map` → "How we map".
fn file_title(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    let words = last.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".into(),
    }
}

pub fn level(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
) -> Option<crate::content::model::Level> {
    reader::one_of(ck, node, path, LEVELS)
}

pub fn metric_readings<L: Sequence<MetricReading>>(
    ck: &mut Checker,
    node: &Node,
    path: &NodePath,
) -> Option<L> {
    reader::list(ck, node, path, metric_reading)
}

fn metric_reading(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<MetricReading> {
    let mut fields = ck.map(node, path)?;
    let metric = fields.required(ck, "metric", reader::id_ref);
    let current = fields.optional(ck, "current", reader::number);
    let target = fields.optional(ck, "target", reader::number);
    let as_of = fields.optional(ck, "as-of", reader::text);
    fields.finish(ck);
    Some(MetricReading {
        metric: metric?,
        current,
        target,
        as_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_titles_fall_back_to_heading_then_file_name() {
        assert_eq!(
            first_heading("\n# Glossary\n\ntext"),
            Some("Glossary".into())
        );
        assert_eq!(first_heading("text\n# Later"), None);
        assert_eq!(file_title("guides/how-we-map"), "How we map");
    }
}
