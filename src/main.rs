//! The `journeybook` binary: parses the command line, runs it, prints any
//! failure of the machine once with its causes, and sets the exit code
//! (0 ok, 1 content errors, 2 any other failure).

use clap::Parser;

fn main() {
    let cli = journeybook::cli::Cli::parse();
    let code = match journeybook::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            journeybook::cli::EXIT_FAILURE
        }
    };
    std::process::exit(code);
}
