//! Journey front-matter → `Journey`: journey keys, participants, KPIs,
//! action plans and stages (steps are read in `step.rs`), with the checks
//! that need nothing outside the file: duplicate stage and step ids.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::model::{
    ActionPlan, Doc, JOURNEY_STATES, JOURNEY_STATUSES, Journey, PLAN_STATUSES, Participant, Stage,
    Step,
};
use crate::content::node::{Node, NodePath};
use crate::content::reader::{self, Checker, Fields};
use crate::content::slug::slugify;
use crate::diagnostic::code;

use super::simple::metric_readings;
use super::step;

pub fn read(
    ck: &mut Checker,
    fields: &mut Fields<'_>,
    doc: Doc,
    config: &Config,
) -> Option<Journey> {
    let title = fields.required(ck, "title", reader::text);
    Some(Journey {
        personas: fields.list(ck, "personas", reader::id_list),
        scenario: fields.optional(ck, "scenario", reader::text),
        state: fields
            .optional(ck, "state", |ck, n, p| {
                reader::one_of(ck, n, p, JOURNEY_STATES)
            })
            .unwrap_or_default(),
        compares: fields.optional(ck, "compares", reader::id_ref),
        parent: fields.optional(ck, "parent", reader::id_ref),
        status: fields.optional(ck, "status", |ck, n, p| {
            reader::one_of(ck, n, p, JOURNEY_STATUSES)
        }),
        owner: fields.optional(ck, "owner", reader::text),
        participants: fields.list(ck, "participants", |ck, n, p| {
            reader::list(ck, n, p, participant)
        }),
        stage_set: fields.optional(ck, "stage-set", reader::id_ref),
        kpis: fields.list(ck, "kpis", metric_readings),
        action_plans: fields.list(ck, "action-plans", |ck, n, p| {
            reader::list(ck, n, p, action_plan)
        }),
        stages: read_stages(ck, fields, config).into(),
        title: title.unwrap_or_else(|| doc.id.clone()),
        doc,
    })
}

fn participant(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<Participant> {
    let mut fields = ck.map(node, path)?;
    let role = fields.required(ck, "role", reader::text);
    let who = fields.required(ck, "who", reader::text);
    fields.finish(ck);
    Some(Participant {
        role: role?,
        who: who?,
    })
}

fn action_plan(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<ActionPlan> {
    let mut fields = ck.map(node, path)?;
    let title = fields.required(ck, "title", reader::text);
    let plan = ActionPlan {
        title: title.clone().unwrap_or_default(),
        owner: fields.optional(ck, "owner", reader::text),
        stage: fields.optional(ck, "stage", reader::id_ref),
        status: fields.optional(ck, "status", |ck, n, p| {
            reader::one_of(ck, n, p, PLAN_STATUSES)
        }),
        due: fields.optional(ck, "due", reader::date),
        metric: fields.optional(ck, "metric", reader::id_ref),
    };
    fields.finish(ck);
    title.map(|_| plan)
}

fn read_stages(ck: &mut Checker, fields: &mut Fields<'_>, config: &Config) -> Vec<Stage> {
    let Some((node, path)) = fields.raw("stages") else {
        return Vec::new();
    };
    let Node::Seq(items) = node else {
        if !matches!(node, Node::Null) {
            ck.error(
                code::WRONG_TYPE,
                &path,
                format!("`stages` must be a list, found {}", node.kind()),
                None,
            );
        }
        return Vec::new();
    };
    let stages: Vec<Stage> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| read_stage(ck, item, &path.index(i), config))
        .collect();
    report_duplicates(ck, stages.iter().map(|s| (&*s.id, &s.at)), "stage");
    report_duplicates(
        ck,
        stages
            .iter()
            .flat_map(|s| &s.steps)
            .map(|s| (&*s.id, &s.at)),
        "step",
    );
    stages
}

fn read_stage(ck: &mut Checker, node: &Node, path: &NodePath, config: &Config) -> Option<Stage> {
    let mut fields = ck.map(node, path)?;
    let name = fields.required(ck, "name", reader::text);
    let id = fields.optional(ck, "id", reader::text);
    let moment = fields.optional(ck, "moment", moment);
    let steps: Vec<Step> = match fields.raw("steps") {
        Some((node, steps_path)) => {
            reader::list(ck, node, &steps_path, step::read).unwrap_or_default()
        }
        None => Vec::new(),
    };
    fields.finish(ck);
    for step in &steps {
        step::check_scale(ck, step, &config.emotion);
    }
    let name = name?;
    Some(Stage {
        id: id.unwrap_or_else(|| slugify(&name)),
        name,
        at: path.clone(),
        moment,
        steps,
    })
}

/// A moment of truth: 0 (zero), 1 (first), 2 (second) or 3 (ultimate).
fn moment(ck: &mut Checker, node: &Node, path: &NodePath) -> Option<u8> {
    let value = reader::integer(ck, node, path)?;
    match u8::try_from(value) {
        Ok(moment @ 0..=3) => Some(moment),
        _ => {
            ck.error(
                code::NOT_IN_LIST,
                path,
                format!("`moment` must be 0, 1, 2 or 3, found {value}"),
                Some("0 = zero, 1 = first, 2 = second, 3 = ultimate moment of truth".into()),
            );
            None
        }
    }
}

/// Reports every id seen before within the journey, at its second place.
fn report_duplicates<'a>(
    ck: &mut Checker,
    items: impl Iterator<Item = (&'a str, &'a NodePath)>,
    what: &str,
) {
    let mut seen: HashMap<&str, &NodePath> = HashMap::new();
    for (id, at) in items {
        if seen.insert(id, at).is_some() {
            ck.error(
                code::DUPLICATE_ID,
                &at.key("name"),
                format!("duplicate {what} id `{id}` in this journey"),
                Some(format!("rename this {what} or give it a distinct `id:`")),
            );
        }
    }
}
