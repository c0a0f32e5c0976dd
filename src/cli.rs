//! The command line (clap derive): arguments are parsed into structs and
//! passed whole to the command that runs them. Returns the exit code:
//! 0 clean or warnings only, 1 content errors, 2 any other failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config;
use crate::content::date::Date;
use crate::pipeline::{self, Checked, RunOptions};
use crate::report;

/// Build a browsable, cross-linked CX wiki from customer-journey maps
/// written in Markdown with YAML front-matter.
#[derive(Debug, Parser)]
#[command(name = "journeybook", version, about, long_about = None)]
pub struct Cli {
    /// The portfolio folder: the nearest folder at or above it that holds
    /// book.toml is the root [default: the current folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the portfolio and write the site to the output folder
    /// (`public/` unless book.toml or --output says otherwise).
    Build(BuildArgs),
    /// Run every check of the portfolio and print the problems found,
    /// without writing anything.
    Check(CheckArgs),
    /// Write a small starter portfolio (book.toml, a persona, a journey,
    /// two touchpoints) into a new or empty folder.
    Init(InitArgs),
    /// Preview the site: build it into memory and serve it over HTTP. With
    /// --watch, rebuild on every change and reload every open page.
    Serve(ServeArgs),
    /// Export the linked portfolio for other tools: the whole portfolio as
    /// JSON, one CSV row per step, or a journey as a Mermaid diagram.
    Export(ExportArgs),
    /// Print the JSON Schema of a kind of file (persona, journey,
    /// touchpoint, opportunity front-matter, book.toml) or of the JSON
    /// export, for editors' YAML/TOML language servers and other tools.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema to print
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KINDS))]
    pub kind: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The journey to export (required for mermaid; limits csv to it)
    #[arg(long, value_name = "ID", required_if_eq("format", "mermaid"))]
    pub journey: Option<String>,
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include files marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0 picks a free one)
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on; anything but loopback exposes the preview
    /// to other machines
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name (repeatable);
    /// loopback names and IP addresses are always answered, any other name
    /// is refused to defeat DNS rebinding
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Open the preview in the browser
    #[arg(long)]
    pub open: bool,
    /// Rebuild on every change to content, book.toml or the theme, and
    /// reload open pages
    #[arg(long, short)]
    pub watch: bool,
    /// Watch by polling instead of native file events (for network,
    /// container or WSL file systems); implies --watch
    #[arg(long)]
    pub poll: bool,
    /// How long a burst of file events must be quiet before rebuilding
    /// [default: 50, or 10 once every file written has been closed]
    #[arg(long, value_name = "MS")]
    pub debounce_ms: Option<u64>,
    /// Include files marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Write the site here instead of `[build] output`
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Write into an output folder that holds files journeybook did not
    /// write (they are kept, never deleted)
    #[arg(long)]
    pub force: bool,
    /// Include files marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Include files marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// How to print diagnostics: for people, or one JSON object per line
    /// (file, line, column, severity, code, message, help) for CI
    /// annotations and editor plugins
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The form diagnostics are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the portfolio in (created if missing; must be empty)
    pub dir: PathBuf,
}

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT_ERRORS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    if !matches!(cli.command, Command::Serve(_)) {
        crate::allocator::keep_freed_memory();
    }
    match cli.command {
        Command::Init(args) => {
            crate::init::init(&args.dir)?;
            eprintln!(
                "Created a starter portfolio in {}. Next: journeybook --root {} build",
                args.dir.display(),
                args.dir.display()
            );
            Ok(EXIT_OK)
        }
        Command::Check(args) => {
            let root = find_root(cli.root.as_deref(), &cwd)?;
            let options = run_options(args.drafts)?;
            let checked = pipeline::check(&root, &options)?;
            if args.format == Format::Json {
                return print_json(checked, &root, &cwd);
            }
            let code = print_diagnostics(checked, &root, &cwd)?;
            if code == EXIT_OK {
                let shown = report::shown_path(&root, &cwd);
                let shown = if shown.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    &shown
                };
                eprintln!("Checked {}: no errors.", shown.display());
            }
            Ok(code)
        }
        Command::Build(args) => build(&args, cli.root.as_deref(), &cwd),
        Command::Export(args) => export(&args, cli.root.as_deref(), &cwd),
        Command::Schema(args) => {
            let schema = crate::schema::schema(&args.kind).context("unknown schema kind")?;
            let text = serde_json::to_string_pretty(&schema).context("cannot encode the schema")?;
            writeln!(std::io::stdout().lock(), "{text}").context("cannot write to stdout")?;
            Ok(EXIT_OK)
        }
        Command::Serve(args) => {
            let options = crate::serve::ServeOptions {
                root: find_root(cli.root.as_deref(), &cwd)?,
                bind: args.bind,
                allowed_hosts: args.allowed_hosts.clone(),
                port: args.port,
                open: args.open,
                watch: args.watch || args.poll,
                poll: args.poll,
                debounce: args.debounce_ms.map(std::time::Duration::from_millis),
                run: run_options(args.drafts)?,
            };
            crate::serve::serve(&options, &cwd)
        }
    }
}

fn build(args: &BuildArgs, root: Option<&Path>, cwd: &Path) -> anyhow::Result<i32> {
    let started = Instant::now();
    let root = find_root(root, cwd)?;
    let built = pipeline::build(
        &root,
        &run_options(args.drafts)?,
        args.output.as_deref(),
        args.force,
    )?;
    let (pages, written, output) = (built.pages, built.written, built.output);
    let code = print_diagnostics(built.checked, &root, cwd)?;
    if let Some(written) = written {
        let kept = if written.kept > 0 {
            format!(", kept {} file(s) it did not write", written.kept)
        } else {
            String::new()
        };
        eprintln!(
            "Built {} pages ({} files, {} KiB, {} changed) into {} in {} ms{kept}",
            pages,
            written.files,
            written.bytes / 1024,
            written.changed,
            report::shown_path(&output, cwd).display(),
            started.elapsed().as_millis()
        );
    }
    Ok(code)
}

fn export(args: &ExportArgs, root: Option<&Path>, cwd: &Path) -> anyhow::Result<i32> {
    use crate::export::{csv, json, mermaid};
    let root = find_root(root, cwd)?;
    let checked = pipeline::check(&root, &run_options(args.drafts)?)?;
    let Some(site) = checked.site.as_ref().filter(|_| !checked.has_errors()) else {
        let code = print_diagnostics(checked, &root, cwd)?;
        return Ok(code.max(EXIT_CONTENT_ERRORS));
    };
    let journey = match &args.journey {
        Some(id) => match site.journey(id) {
            Some(journey) => Some(journey),
            None => {
                let hint = crate::diagnostic::did_you_mean(
                    id,
                    site.lookups.journeys.keys().map(String::as_str),
                )
                .map_or_else(String::new, |h| format!("; {h}"));
                anyhow::bail!("there is no journey `{id}`{hint}");
            }
        },
        None => None,
    };
    let text = match (args.format, journey) {
        (ExportFormat::Json, _) => {
            let mut text = serde_json::to_string_pretty(&json::document(site))
                .context("cannot encode the export")?;
            text.push('\n');
            text
        }
        (ExportFormat::Csv, only) => csv::document(site, only),
        (ExportFormat::Mermaid, Some(journey)) => mermaid::document(site, journey),
        (ExportFormat::Mermaid, None) => anyhow::bail!("--format mermaid needs --journey <ID>"),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("cannot write to stdout")?,
    }
    Ok(EXIT_OK)
}

fn run_options(drafts: bool) -> anyhow::Result<RunOptions> {
    Ok(RunOptions {
        drafts,
        today: build_date()?,
    })
}

/// The date staleness and overdue plans are measured against: today, or
/// the day of `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when
/// set, so a build can be repeated byte for byte later.
fn build_date() -> anyhow::Result<Date> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(seconds) => {
            let seconds: i64 = seconds.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH must be a number of seconds, found `{seconds}`")
            })?;
            Ok(Date::from_days_since_epoch(seconds.div_euclid(86_400)))
        }
        Err(_) => Ok(Date::today()),
    }
}

/// The portfolio root: the nearest folder with book.toml at or above the
/// given folder, or the folder itself when none has one.
fn find_root(given: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    let start = given.map_or_else(|| cwd.to_path_buf(), |dir| cwd.join(dir));
    if !start.is_dir() {
        anyhow::bail!("the portfolio folder {} does not exist", start.display());
    }
    let start = start
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", start.display()))?;
    Ok(config::find_root(&start).unwrap_or(start))
}

/// Prints each diagnostic as one JSON object per line on stdout.
fn print_json(mut checked: Checked, root: &Path, cwd: &Path) -> anyhow::Result<i32> {
    report::resolve_and_render(&mut checked, root, cwd);
    let mut stdout = std::io::stdout().lock();
    for diagnostic in &checked.diagnostics {
        let line =
            serde_json::to_string(&diagnostic.record()).context("cannot encode a diagnostic")?;
        writeln!(stdout, "{line}").context("cannot write to stdout")?;
    }
    let (errors, _) = report::counts(&checked.diagnostics);
    Ok(if errors > 0 {
        EXIT_CONTENT_ERRORS
    } else {
        EXIT_OK
    })
}

/// Prints the diagnostics and a summary; returns the exit code they mean.
fn print_diagnostics(mut checked: Checked, root: &Path, cwd: &Path) -> anyhow::Result<i32> {
    let rendered = report::resolve_and_render(&mut checked, root, cwd);
    let mut stderr = std::io::stderr().lock();
    stderr
        .write_all(rendered.as_bytes())
        .context("cannot write to stderr")?;
    let (errors, warnings) = report::counts(&checked.diagnostics);
    if errors > 0 {
        writeln!(
            stderr,
            "error: found {} and {}; nothing was written",
            report::plural(errors, "error"),
            report::plural(warnings, "warning")
        )?;
        return Ok(EXIT_CONTENT_ERRORS);
    }
    if warnings > 0 {
        writeln!(stderr, "warning: {}", report::plural(warnings, "warning"))?;
    }
    // The process ends right after: freeing the portfolio piece by piece
    // (a tenth of a second at 5,000 pages) would only delay the exit.
    std::mem::forget(checked);
    Ok(EXIT_OK)
}
