//! The `journeybook` binary: parses the command line, runs it, prints any
//! failure of the machine once with its causes, and sets the exit code
//! (0 ok, 1 content errors, 2 any other failure).

use clap::Parser;

fn main() {
    let cli = journeybook::cli::Cli::parse();
    let code = match journeybook::cli::run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`| head`) is not a failure.
        Err(error) if is_broken_pipe(&error) => journeybook::cli::EXIT_OK,
        Err(error) => {
            eprintln!("error: {error:#}");
            journeybook::cli::EXIT_FAILURE
        }
    };
    std::process::exit(code);
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
