//! Persona front-matter → `Persona`.

use crate::content::model::{Demographics, Doc, Evidence, Persona, Psychographics, SEGMENTS};
use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Fields};

pub fn read(ck: &mut Checker, fields: &mut Fields<'_>, doc: Doc) -> Option<Persona> {
    let name = fields.required(ck, "name", reader::text);
    Some(Persona {
        role: fields.optional(ck, "role", reader::text),
        segment: fields.optional(ck, "segment", |ck, n, p| reader::one_of(ck, n, p, SEGMENTS)),
        quote: fields.optional(ck, "quote", reader::text),
        avatar: fields.optional(ck, "avatar", reader::id_ref),
        demographics: fields
            .optional(ck, "demographics", demographics)
            .unwrap_or_default(),
        psychographics: fields
            .optional(ck, "psychographics", psychographics)
            .unwrap_or_default(),
        goals: fields.list(ck, "goals", reader::text_list),
        needs: fields.list(ck, "needs", reader::text_list),
        frustrations: fields.list(ck, "frustrations", reader::text_list),
        channels: fields.list(ck, "channels", reader::id_list),
        evidence: fields.list(ck, "evidence", |ck, n, p| reader::list(ck, n, p, evidence)),
        name: name.unwrap_or_else(|| doc.id.clone()),
        doc,
    })
}

fn demographics(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Demographics> {
    let mut fields = ck.map(node, path)?;
    let value = Demographics {
        age: fields.optional(ck, "age", reader::text),
        gender: fields.optional(ck, "gender", reader::text),
        occupation: fields.optional(ck, "occupation", reader::text),
        education: fields.optional(ck, "education", reader::text),
        income: fields.optional(ck, "income", reader::text),
        location: fields.optional(ck, "location", reader::text),
    };
    fields.finish(ck);
    Some(value)
}

fn psychographics(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Psychographics> {
    let mut fields = ck.map(node, path)?;
    let value = Psychographics {
        attitudes: fields.list(ck, "attitudes", reader::text_list),
        values: fields.list(ck, "values", reader::text_list),
        interests: fields.list(ck, "interests", reader::text_list),
        traits: fields.list(ck, "traits", reader::text_list),
    };
    fields.finish(ck);
    Some(value)
}

fn evidence(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Evidence> {
    if let Node::Str(source) = node {
        return Some(Evidence {
            source: source.clone(),
            note: None,
        });
    }
    let mut fields = ck.map(node, path)?;
    let source = fields.required(ck, "source", reader::text);
    let note = fields.optional(ck, "note", reader::text);
    fields.finish(ck);
    Some(Evidence {
        source: source?,
        note,
    })
}
