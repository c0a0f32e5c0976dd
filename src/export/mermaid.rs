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

/// Appends text safe inside a Mermaid journey line: no `:` (its
/// separator), `;` or `#`, no line breaks (so no leading `%%`, a comment),
/// whitespace collapsed to single spaces; with `in_list`, no `,` either
/// (it separates actor names).
fn push_clean(out: &mut String, text: &str, in_list: bool) {
    let is_separator =
        |c: char| matches!(c, ':' | ';' | '#') || (in_list && c == ',') || c.is_whitespace();
    let mut words = text.split(is_separator).filter(|word| !word.is_empty());
    if let Some(first) = words.next() {
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
}

/// The diagram of one journey, written straight into one string (a
/// string per line, name and actor list was most of its cost).
pub fn document(site: &Site, journey: &Journey) -> String {
    let scale = &site.config.emotion;
    let mut actors = String::new();
    for (i, persona) in journey.personas.iter().enumerate() {
        actors.push_str(if i == 0 { ": " } else { ", " });
        let name = site
            .lookups
            .personas
            .get(&persona.value)
            .map_or(persona.value.as_str(), |&i| {
                site.portfolio.personas[i].name.as_str()
            });
        push_clean(&mut actors, name, true);
    }
    let mut out = String::with_capacity(1024);
    out.push_str("journey\n    title ");
    push_clean(&mut out, &journey.title, false);
    out.push('\n');
    for stage in journey.stages.iter() {
        out.push_str("    section ");
        push_clean(&mut out, &stage.name, false);
        out.push('\n');
        for step in &stage.steps {
            let (score, note) = match &step.emotion {
                Some(emotion) => (mermaid_score(emotion.score.value, scale), ""),
                None => (3, " (no emotion recorded)"),
            };
            out.push_str("      ");
            push_clean(&mut out, &step.name, false);
            out.push_str(note);
            out.push_str(": ");
            out.push(char::from(b'0' + score as u8));
            out.push_str(&actors);
            out.push('\n');
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

    fn clean(text: &str, in_list: bool) -> String {
        let mut out = String::new();
        push_clean(&mut out, text, in_list);
        out
    }

    #[test]
    fn separators_are_removed_from_text() {
        assert_eq!(clean("Pay: step 1;\n now", false), "Pay step 1 now");
        assert_eq!(clean("  %% #tag\r\n\tend  ", false), "%% tag end");
        assert_eq!(clean("Ana, Bob", false), "Ana, Bob");
        assert_eq!(clean("Ana, Bob", true), "Ana Bob");
        assert_eq!(clean(" ; : ", false), "");
    }
}
