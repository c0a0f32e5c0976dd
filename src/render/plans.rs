//! The action-plans page: every action of every journey with its owner,
//! status, due date, stage and metric; open actions past their due date
//! are marked overdue.

use serde::Serialize;

use crate::content::model::{PLAN_STATUSES, PlanStatus, name_in};
use crate::link::{Site, urls};

use super::view::{Link, Linker, dates};

#[derive(Clone, Debug, Serialize)]
pub struct PlanRow {
    pub title: String,
    pub journey: Link,
    pub owner: Option<String>,
    pub stage: Option<Link>,
    pub status: Option<&'static str>,
    /// `YYYY-MM-DD`, and as shown in the site's language.
    pub due: Option<String>,
    pub due_text: Option<String>,
    pub overdue: bool,
    pub metric: Option<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlansView {
    pub plans: Vec<PlanRow>,
    pub overdue: usize,
    pub by_status: Vec<StatusCount>,
}

/// Whether an action is still to be done (not done, not dropped).
pub fn is_open(status: Option<PlanStatus>) -> bool {
    !matches!(status, Some(PlanStatus::Done | PlanStatus::Dropped))
}

pub fn view(site: &Site) -> PlansView {
    let linker = Linker::new(site);
    let mut plans = Vec::new();
    for (index, journey) in site.portfolio.journeys.iter().enumerate() {
        let journey_link = linker.journey(index);
        for plan in &journey.action_plans {
            let (due, due_text) = dates(plan.due, site.labels());
            let stage = plan
                .stage
                .as_ref()
                .and_then(|id| journey.stages.iter().find(|s| s.id == id.value));
            plans.push(PlanRow {
                title: plan.title.clone(),
                owner: plan.owner.clone(),
                stage: stage.map(|s| Link {
                    url: format!("{}#{}", journey_link.url, urls::stage_anchor(&s.id)),
                    title: s.name.clone(),
                }),
                status: plan.status.map(|s| name_in(PLAN_STATUSES, s)),
                due,
                due_text,
                overdue: is_open(plan.status) && plan.due.is_some_and(|due| due < site.today),
                metric: plan
                    .metric
                    .as_ref()
                    .and_then(|m| linker.metric_id(&m.value)),
                journey: journey_link.clone(),
            });
        }
    }
    plans.sort_by(|a, b| {
        (!a.overdue, &a.due.is_none(), &a.due).cmp(&(!b.overdue, &b.due.is_none(), &b.due))
    });
    PlansView {
        overdue: plans.iter().filter(|p| p.overdue).count(),
        by_status: PLAN_STATUSES
            .iter()
            .map(|&(status, _)| StatusCount {
                status,
                count: plans.iter().filter(|p| p.status == Some(status)).count(),
            })
            .filter(|c| c.count > 0)
            .collect(),
        plans,
    }
}
