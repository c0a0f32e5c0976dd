//! A journey as a Mermaid `journey` diagram (`export --format mermaid`):
//! stages become sections, steps become tasks, emotions are mapped onto
//! Mermaid's 1..5 scale and personas become actors, so a map can be
//! embedded in any Markdown that renders Mermaid.

use crate::config::EmotionScale;
use crate::content::model::Journey;
use crate::link::Site;

/// Maps a score of the portfolio's scale onto Mermaid's 1 (worst) to 5.
pub fn mermaid_score(score: i64, scale: &EmotionScale) -> i64 {
    let span = (scale.max - scale.min).max(1) as f64;
    (1.0 + (score - scale.min) as f64 * 4.0 / span)
        .round()
        .clamp(1.0, 5.0) as i64
}

/// Text safe inside a Mermaid journey line: no `:` (its separator), no
/// `,` in actor names, no line breaks, no leading `%%` (a comment).
fn clean(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            ':' | ';' | '#' => ' ',
            '\n' | '\r' => ' ',
            other => other,
        })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The diagram of one journey.
pub fn document(site: &Site, journey: &Journey) -> String {
    let scale = &site.config.emotion;
    let actors: Vec<String> = journey
        .personas
        .iter()
        .map(|p| {
            let name = site
                .lookups
                .personas
                .get(&p.value)
                .map_or(p.value.as_str(), |&i| {
                    site.portfolio.personas[i].name.as_str()
                });
            clean(&name.replace(',', " "))
        })
        .collect();
    let mut out = format!("journey\n    title {}\n", clean(&journey.title));
    for stage in journey.stages.iter() {
        out.push_str(&format!("    section {}\n", clean(&stage.name)));
        for step in &stage.steps {
            let (score, note) = match &step.emotion {
                Some(emotion) => (mermaid_score(emotion.score.value, scale), ""),
                None => (3, " (no emotion recorded)"),
            };
            let actors = if actors.is_empty() {
                String::new()
            } else {
                format!(": {}", actors.join(", "))
            };
            out.push_str(&format!(
                "      {}{note}: {score}{actors}\n",
                clean(&step.name)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_map_onto_one_to_five() {
        let scale = EmotionScale::default();
        assert_eq!(
            [-2, -1, 0, 1, 2].map(|s| mermaid_score(s, &scale)),
            [1, 2, 3, 4, 5]
        );
        let wide = EmotionScale {
            min: 0,
            max: 10,
            labels: (0..=10).map(|i| i.to_string()).collect(),
        };
        assert_eq!([0, 5, 10].map(|s| mermaid_score(s, &wide)), [1, 3, 5]);
    }

    #[test]
    fn separators_are_removed_from_text() {
        assert_eq!(clean("Pay: step 1;\n now"), "Pay step 1 now");
    }
}
