//! Output safety under faults: a build killed with SIGKILL at any moment
//! leaves the output folder exactly as the last finished build wrote it
//! (the new site is staged beside it and swapped in whole), and the next
//! build recovers what the killed one left behind.

#![cfg(unix)]

mod common;

#[path = "../benches/support/portfolio.rs"]
mod portfolio;

use std::process::Command;
use std::time::Instant;

use common::{Fixture, site_files};

fn build(fixture: &Fixture) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_journeybook"));
    command
        .arg("build")
        .current_dir(fixture.path())
        .env("SOURCE_DATE_EPOCH", common::FIXED_DATE_EPOCH)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    portfolio::write(dir.path(), portfolio::Size::for_pages(400), 3).unwrap();
    let fixture = Fixture::from_dir(dir.path(), "faults");
    let output = fixture.path().join("public");
    // Two versions of the portfolio whose every page differs (the site
    // title is on every page), and the complete site of each.
    let toml = fixture.read("book.toml");
    let versions = [
        toml.clone(),
        toml.replace("Synthetic CX wiki", "Renamed CX wiki"),
    ];
    let mut sites = Vec::new();
    for version in &versions {
        fixture.write("book.toml", version);
        assert!(build(&fixture).status().unwrap().success());
        sites.push(site_files(&output));
    }
    // The kills are spread over a build as long as the ones they stop. The
    // first builds are no measure: the second writes every file (it has no
    // previous output to take files from), the later ones only what changed.
    let mut durations = Vec::new();
    for version in versions.iter().cycle().take(4) {
        fixture.write("book.toml", version);
        let started = Instant::now();
        assert!(build(&fixture).status().unwrap().success());
        durations.push(started.elapsed());
    }
    durations.sort();
    let duration = durations[durations.len() / 2];
    assert!(sites[0].len() > 500, "{} files", sites[0].len());
    assert!(sites[0] != sites[1]);

    let mut current = 1;
    let mut seed: u64 = 0x5eed;
    let mut killed_mid_build = 0;
    for _ in 0..12 {
        let next = 1 - current;
        fixture.write("book.toml", &versions[next]);
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = duration.mul_f64(fraction);
        let mut child = build(&fixture).spawn().unwrap();
        std::thread::sleep(delay);
        let exited = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        let after = site_files(&output);
        if after == sites[next] {
            current = next;
        } else {
            assert!(
                after == sites[current],
                "killed after {delay:?}: the output is neither the old site nor the new one"
            );
            assert!(!exited, "a finished build left the old site");
            killed_mid_build += 1;
        }
    }
    assert!(
        killed_mid_build >= 4,
        "only {killed_mid_build} kills landed mid-build"
    );

    // The next build finishes, equals a build from scratch, and leaves
    // nothing but the output and its previous copy beside it.
    assert!(build(&fixture).status().unwrap().success());
    let fresh = Fixture::from_dir(fixture.path(), "fresh");
    for entry in std::fs::read_dir(fresh.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with(".public.") {
            std::fs::remove_dir_all(fresh.path().join(name)).unwrap();
        }
    }
    assert!(build(&fresh).status().unwrap().success());
    assert!(site_files(&output) == site_files(&fresh.path().join("public")));
    let mut beside: Vec<String> = std::fs::read_dir(fixture.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') || name == "public")
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.journeybook-prev", "public"]);
}
