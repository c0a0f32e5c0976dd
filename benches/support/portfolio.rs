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

/// Whether the generated book.toml turns the search index on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    On,
    Off,
}

/// Writes the portfolio (book.toml and content/) into `root`, search on.
pub fn write(root: &Path, size: Size, seed: u64) -> io::Result<()> {
    write_with(root, size, seed, Search::On)
}

/// Writes the portfolio (book.toml and content/) into `root`.
pub fn write_with(root: &Path, size: Size, seed: u64, search: Search) -> io::Result<()> {
    fs::create_dir_all(root)?;
    fs::write(root.join("book.toml"), book_toml(search))?;
    write_files(&root.join("content"), &content_files(size, seed))
}

/// Writes a Hugo site of the same Markdown files (front-matter and bodies)
/// into `root`, with minimal templates, padded with plain pages so that
/// Hugo renders `pages` pages in all: the same count journeybook reports,
/// for a side-by-side benchmark. Returns how many pages Hugo will render.
pub fn write_hugo(root: &Path, size: Size, seed: u64, pages: usize) -> io::Result<usize> {
    let mut files = content_files(size, seed);
    for (path, _) in &mut files {
        if path == "index.md" {
            *path = "_index.md".into();
        }
    }
    let sections = files
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(dir, _)| dir))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    // Hugo renders every content file, the home page and one list per section.
    let natural = files.len() + sections;
    let padding = pages.saturating_sub(natural + 1);
    let body = "Filler page: the same Markdown as a guide, so both tools render the same number of pages.\n\n| Term | Meaning |\n| --- | --- |\n| CES | Customer effort score |\n";
    for n in 0..padding {
        files.push((
            format!("extra/extra-{n:05}.md"),
            format!("---\ntitle: Extra {n}\n---\n{body}"),
        ));
    }
    fs::create_dir_all(root.join("layouts/_default"))?;
    fs::write(
        root.join("hugo.toml"),
        "baseURL = \"http://localhost/\"\ntitle = \"Synthetic CX wiki\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    )?;
    let frame = |inner: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}}</title></head><body><main><h1>{{{{ .Title }}}}</h1>{{{{ .Content }}}}{inner}</main></body></html>\n"
        )
    };
    fs::write(root.join("layouts/_default/single.html"), frame(""))?;
    fs::write(
        root.join("layouts/_default/list.html"),
        frame(
            "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>",
        ),
    )?;
    write_files(&root.join("content"), &files)?;
    Ok(natural + padding + usize::from(padding > 0))
}

fn write_files(content: &Path, files: &[(String, String)]) -> io::Result<()> {
    for (path, text) in files {
        let target = content.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(target, text)?;
    }
    Ok(())
}

/// Every Markdown file of the portfolio: (path under content/, text).
fn content_files(size: Size, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let mut files = vec![(
        "index.md".to_string(),
        "---\ntitle: Synthetic CX wiki\n---\nA generated portfolio for benchmarks. Start with [[page:guides/guide-0001]].\n".to_string(),
    )];
    for p in 0..size.personas() {
        files.push((format!("personas/persona-{p:04}.md"), persona(p, &mut rng)));
    }
    for t in 0..size.touchpoints() {
        files.push((
            format!("touchpoints/touchpoint-{t:04}.md"),
            touchpoint(t, &mut rng),
        ));
    }
    for o in 0..size.opportunities() {
        files.push((
            format!("opportunities/opportunity-{o:04}.md"),
            opportunity(o, &mut rng),
        ));
    }
    for j in 0..size.journeys {
        files.push((
            format!("journeys/journey-{j:05}.md"),
            journey(j, size, &mut rng),
        ));
    }
    for g in 0..size.pages() {
        files.push((format!("guides/guide-{:04}.md", g + 1), guide(g, size)));
    }
    files
}

fn book_toml(search: Search) -> String {
    let mut toml = String::from(
        "[book]\ntitle = \"Synthetic CX wiki\"\n\n[build]\nstale-after-days = 36500\n\n[stage-sets]\nbuying = [\"Discover\", \"Research\", \"Compare\", \"Decide\", \"Buy\", \"Receive\", \"Use\", \"Get help\"]\n",
    );
    for (id, name, kind) in CHANNELS {
        let _ = write!(
            toml,
            "\n[[channels]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"{kind}\"\n"
        );
    }
    if search == Search::Off {
        toml.push_str("\n[search]\nenabled = false\n");
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
