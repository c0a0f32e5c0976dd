//! A synthetic but realistic portfolio of any size, for benchmarks: N
//! journeys of 5–8 stages with 3–6 steps each, about N/10 personas and N/4
//! touchpoints over 8 channels, shared and inline opportunities, metrics,
//! pain points and free wiki pages with wiki-links. Every reference is
//! valid, every persona and touchpoint is used (so it builds with no
//! warnings), and the same seed always writes the same files.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// SplitMix64: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.between(0, items.len() - 1)]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const CHANNELS: [(&str, &str, &str); 8] = [
    ("web", "Website", "digital"),
    ("app", "Mobile app", "digital"),
    ("email", "Email", "digital"),
    ("social", "Social media", "third-party"),
    ("store", "Stores", "physical"),
    ("phone", "Contact centre", "human"),
    ("chat", "Live chat", "human"),
    ("partner", "Delivery partner", "third-party"),
];
const VERBS: [&str; 12] = [
    "Compares",
    "Searches",
    "Books",
    "Pays",
    "Waits for",
    "Asks about",
    "Reads",
    "Returns",
    "Checks",
    "Chooses",
    "Cancels",
    "Reviews",
];
const NOUNS: [&str; 12] = [
    "the price",
    "a delivery slot",
    "the order",
    "the invoice",
    "a refund",
    "the warranty",
    "the reviews",
    "the catalogue",
    "an appointment",
    "the contract",
    "the account",
    "the receipt",
];
const PAINS: [&str; 6] = [
    "Has to repeat the order number",
    "The form loses what was typed",
    "No delivery date before paying",
    "Waits more than ten minutes",
    "The status page is out of date",
    "Hidden fees appear at the end",
];
const STAGES: [&str; 8] = [
    "Discover", "Research", "Compare", "Decide", "Buy", "Receive", "Use", "Get help",
];

/// How big a portfolio to write.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub journeys: usize,
}

impl Size {
    /// A size whose build writes about `pages` pages.
    pub fn for_pages(pages: usize) -> Size {
        // journeys + personas (n/10) + touchpoints (n/4) + opportunities (n/8)
        // + free pages (n/10) + a fixed handful of list and metric pages.
        Size {
            journeys: (pages.saturating_sub(30) as f64 / 1.575).round().max(1.0) as usize,
        }
    }

    pub fn personas(self) -> usize {
        (self.journeys / 10).max(2)
    }
    pub fn touchpoints(self) -> usize {
        (self.journeys / 4).max(4)
    }
    pub fn opportunities(self) -> usize {
        (self.journeys / 8).max(2)
    }
    pub fn pages(self) -> usize {
        (self.journeys / 10).max(1)
    }
}

/// Writes the portfolio (book.toml and content/) into `root`.
pub fn write(root: &Path, size: Size, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let content = root.join("content");
    for dir in [
        "personas",
        "journeys",
        "touchpoints",
        "opportunities",
        "guides",
    ] {
        fs::create_dir_all(content.join(dir))?;
    }
    fs::write(root.join("book.toml"), book_toml())?;
    fs::write(
        content.join("index.md"),
        "---\ntitle: Synthetic CX wiki\n---\nA generated portfolio for benchmarks. Start with [[page:guides/guide-0001]].\n",
    )?;
    for p in 0..size.personas() {
        fs::write(
            content.join(format!("personas/persona-{p:04}.md")),
            persona(p, &mut rng),
        )?;
    }
    for t in 0..size.touchpoints() {
        fs::write(
            content.join(format!("touchpoints/touchpoint-{t:04}.md")),
            touchpoint(t, &mut rng),
        )?;
    }
    for o in 0..size.opportunities() {
        fs::write(
            content.join(format!("opportunities/opportunity-{o:04}.md")),
            opportunity(o, &mut rng),
        )?;
    }
    for j in 0..size.journeys {
        fs::write(
            content.join(format!("journeys/journey-{j:05}.md")),
            journey(j, size, &mut rng),
        )?;
    }
    for g in 0..size.pages() {
        fs::write(
            content.join(format!("guides/guide-{:04}.md", g + 1)),
            guide(g, size),
        )?;
    }
    Ok(())
}

fn book_toml() -> String {
    let mut toml = String::from(
        "[book]\ntitle = \"Synthetic CX wiki\"\n\n[build]\nstale-after-days = 36500\n\n[stage-sets]\nbuying = [\"Discover\", \"Research\", \"Compare\", \"Decide\", \"Buy\", \"Receive\", \"Use\", \"Get help\"]\n",
    );
    for (id, name, kind) in CHANNELS {
        let _ = write!(
            toml,
            "\n[[channels]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"{kind}\"\n"
        );
    }
    toml.push_str("\n[[metrics]]\nid = \"conversion\"\nname = \"Conversion rate\"\ncategory = \"financial\"\nunit = \"%\"\n");
    toml.push_str("\n[[metrics]]\nid = \"handle-time\"\nname = \"Average handle time\"\ncategory = \"operational\"\nunit = \"min\"\ndirection = \"down\"\n");
    toml
}

fn persona(p: usize, rng: &mut Rng) -> String {
    let channels: Vec<&str> = (0..2).map(|_| CHANNELS[rng.between(0, 7)].0).collect();
    format!(
        "---\nname: Persona {p}\nrole: Customer segment {p}\nsegment: primary\nquote: \"I want it to just work.\"\ngoals: [Buy without mistakes, Save time]\nneeds: [A clear price]\nfrustrations: [Long forms]\nchannels: [{}]\nupdated: 2026-06-01\n---\nPersona {p} shops mostly in the evening and compares several shops first.\n",
        channels.join(", ")
    )
}

fn touchpoint(t: usize, rng: &mut Rng) -> String {
    let channel = CHANNELS[t % CHANNELS.len()].0;
    let metric = if rng.chance(30) {
        format!(
            "metrics: [{{metric: ces, current: {}.{}, target: 3.5}}]\n",
            rng.between(2, 6),
            rng.between(0, 9)
        )
    } else {
        String::new()
    };
    format!(
        "---\nname: Touchpoint {t}\nchannel: {channel}\nownership: owned\nowner: Team {}\n{metric}---\nWhere customers meet us in channel {channel}.\n",
        t % 17
    )
}

fn opportunity(o: usize, rng: &mut Rng) -> String {
    let levels = ["low", "medium", "high"];
    format!(
        "---\ntitle: Opportunity {o}\nimpact: {}\neffort: {}\nstatus: idea\nowner: Team {}\n---\nAn improvement several journeys would gain from.\n",
        rng.pick(&levels),
        rng.pick(&levels),
        o % 11
    )
}

fn journey(j: usize, size: Size, rng: &mut Rng) -> String {
    let stage_count = rng.between(5, 8);
    let first_stage = rng.between(0, STAGES.len() - stage_count);
    let primary = j % size.personas();
    let mut yaml = format!(
        "---\ntitle: Journey {j}\npersonas: [persona-{primary:04}]\nscenario: Customers in segment {primary} going through case {j}\nstate: current\nstatus: live\nowner: Team {}\nupdated: 2026-06-01\nstage-set: buying\nkpis:\n  - {{metric: nps, current: {}, target: 40, as-of: 2026-Q2}}\naction-plans:\n  - {{title: Fix the worst step, owner: Team {}, stage: {}, status: planned, due: 2026-12-31, metric: csat}}\nstages:\n",
        j % 13,
        rng.between(5, 60),
        j % 7,
        STAGES[first_stage].to_lowercase().replace(' ', "-")
    );
    let mut step_number = 0;
    for stage in &STAGES[first_stage..first_stage + stage_count] {
        let _ = writeln!(yaml, "  - name: {stage}\n    steps:");
        for _ in 0..rng.between(3, 6) {
            step_number += 1;
            let touchpoint = (j * 7 + step_number) % size.touchpoints();
            let _ = writeln!(
                yaml,
                "      - name: {} {} {step_number}\n        actions: [Opens the page, Fills in the details]\n        thoughts: [\"Is this the right place?\"]\n        touchpoints: [touchpoint-{touchpoint:04}]\n        emotion: {}",
                rng.pick(&VERBS),
                rng.pick(&NOUNS),
                rng.between(0, 4) as i64 - 2
            );
            if rng.chance(40) {
                let _ = writeln!(
                    yaml,
                    "        pain-points: [{{text: {}, severity: {}}}]",
                    rng.pick(&PAINS),
                    rng.pick(&["low", "medium", "high"])
                );
            }
            if rng.chance(25) {
                let _ = writeln!(
                    yaml,
                    "        opportunities: [opportunity-{:04}]",
                    rng.between(0, size.opportunities() - 1)
                );
            } else if rng.chance(15) {
                let _ = writeln!(
                    yaml,
                    "        opportunities: [{{text: Remove this step, impact: medium, effort: low}}]"
                );
            }
            if rng.chance(15) {
                let _ = writeln!(
                    yaml,
                    "        metrics: [{{metric: csat, current: {}.{}, target: 4.2}}]",
                    rng.between(2, 4),
                    rng.between(0, 9)
                );
            }
        }
    }
    let _ = write!(
        yaml,
        "---\n## What we learned\n\nCustomers like [[persona:persona-{primary:04}]] struggle most at [[touchpoint:touchpoint-{:04}]].\nSee the [guide](../guides/guide-0001.md) for how this map was made.\n",
        (j * 7 + 1) % size.touchpoints()
    );
    yaml
}

fn guide(g: usize, size: Size) -> String {
    let journey = (g * 10) % size.journeys;
    format!(
        "---\ntitle: Guide {}\n---\n# Guide {}\n\nThis guide explains [[journey:journey-{journey:05}]] and the people in it.\n\n| Term | Meaning |\n| --- | --- |\n| CES | Customer effort score |\n",
        g + 1,
        g + 1
    )
}
