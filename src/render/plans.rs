//! The action-plans page: every action of every journey with its owner,
//! status, due date, stage and metric; open actions past their due date
//! are marked overdue. The table is drawn here, as `action-plans.html`
//! draws it, while that template is the built-in one (see `drawn`).

use serde::Serialize;

use crate::content::model::{PLAN_STATUSES, PlanStatus, name_in};
use crate::link::{Site, urls};

use super::markup::Html;
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
    /// `plans` as `action-plans.html` draws them, made by built-in code.
    pub plans_html: Option<String>,
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
        plans_html: None,
    }
}

/// The table of every action, from `<div class="table-scroll">` to its
/// `</div>`, as `action-plans.html` draws it.
pub fn table(site: &Site, plans: &[PlanRow], out: &mut String) {
    let t = site.labels();
    let html = &mut Html::new(out);
    html.raw("<div class=\"table-scroll\"><table class=\"plans listing sortable\">\n<thead><tr>");
    for field in [
        "action", "journey", "stage", "owner", "status", "due", "moves",
    ] {
        html.column(t.get("field", field));
    }
    html.raw("</tr></thead>\n<tbody>");
    let link = |html: &mut Html<'_>, link: &Link| {
        html.raw("<a href=\"").text(&link.url).raw("\">");
        html.text(&link.title).raw("</a>");
    };
    for plan in plans {
        html.raw(match plan.overdue {
            true => "<tr class=\"overdue\"><th scope=\"row\">",
            false => "<tr><th scope=\"row\">",
        });
        html.text(&plan.title).raw("</th><td>");
        link(html, &plan.journey);
        html.raw("</td><td>");
        if let Some(stage) = &plan.stage {
            link(html, stage);
        }
        html.raw("</td><td>")
            .text(plan.owner.as_deref().unwrap_or(""))
            .raw("</td><td>");
        if let Some(status) = plan.status {
            html.raw("<span class=\"badge plan-")
                .text(status)
                .raw("\">");
            html.text(t.get("plan_status", status)).raw("</span>");
        }
        html.raw("</td><td data-sort=\"")
            .text(plan.due.as_deref().unwrap_or("9999"))
            .raw("\">");
        if let Some(due) = plan.due.as_deref().filter(|due| !due.is_empty()) {
            html.raw("<time datetime=\"").text(due).raw("\">");
            html.text(plan.due_text.as_deref().unwrap_or(""))
                .raw("</time>");
        }
        if plan.overdue {
            html.raw(" <span class=\"badge overdue\">")
                .text(t.get("plans", "overdue"))
                .raw("</span>");
        }
        html.raw("</td><td>");
        if let Some(metric) = &plan.metric {
            link(html, metric);
        }
        html.raw("</td></tr>");
    }
    html.raw("</tbody>\n</table></div>");
}

#[cfg(test)]
mod tests {
    use super::super::drawn::Tables;
    use super::super::{Renderer, Session};
    use super::*;
    use crate::test_support::{example_site, for_each_portfolio};

    /// The page templated, drawn, and drawn with the plans left in: the
    /// same bytes each time.
    fn assert_same_page(renderer: &Renderer<'_>, view: &PlansView, label: &str) {
        let page = |view: &PlansView| renderer.templated("action-plans.html", view);
        let templated = page(view);
        let mut drawn = view.clone();
        renderer.draw_plans_table(&mut drawn, &mut Tables::now());
        assert_eq!(
            drawn.plans_html.is_some(),
            !view.plans.is_empty(),
            "{label}"
        );
        assert!(drawn.plans.is_empty(), "{label}");
        assert_eq!(page(&drawn), templated, "{label}");
        let mut kept = view.clone();
        kept.plans_html = drawn.plans_html;
        assert_eq!(page(&kept), templated, "{label} with its plans");
    }

    #[test]
    fn the_drawn_table_is_the_template_byte_for_byte() {
        for_each_portfolio(|site, theme| {
            let session = Session::new(site, theme, None);
            let view = view(site);
            assert!(!view.plans.is_empty(), "{}", site.config.title);
            assert_same_page(&session.renderer(), &view, &site.config.title);
        });
    }

    #[test]
    fn rows_of_every_shape_are_drawn_as_templated() {
        let (site, theme) = example_site();
        let session = Session::new(&site, &theme, None);
        let mut view = view(&site);
        let link = |n: usize| Link {
            url: format!("/x/{n}/?a=1&b=\"2\""),
            title: format!("<Plan {n}> & 'more'"),
        };
        let statuses = PLAN_STATUSES.iter().map(|&(s, _)| Some(s));
        let statuses: Vec<Option<&str>> = statuses.chain([None]).collect();
        view.plans = (0..64)
            .map(|shape: usize| {
                let has = |bit: usize| shape & (1 << bit) != 0;
                PlanRow {
                    title: format!("Do <{shape}> & \"that\""),
                    journey: link(shape),
                    owner: has(0).then(|| "Team <A> & 'B'".to_owned()),
                    stage: has(1).then(|| link(shape + 100)),
                    status: statuses[shape % statuses.len()],
                    due: has(2).then(|| "2026-01-02".to_owned()),
                    due_text: has(2).then(|| "2 Jan 2026 & <co>".to_owned()),
                    overdue: has(3),
                    metric: has(4).then(|| link(shape + 200)),
                }
            })
            .collect();
        assert_same_page(&session.renderer(), &view, "every shape");
        view.plans.clear();
        assert_same_page(&session.renderer(), &view, "no plans");
    }
}
