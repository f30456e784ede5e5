//! The `connection-reader` binary: parses the command line and reports errors in one line.

use clap::CommandFactory;
use std::process::ExitCode;

fn main() -> ExitCode {
    use connection_reader::cli::{self, Cli};
    // The usual start, a file or none, skips building the whole command-line parser.
    let started = match Cli::plain(std::env::args_os()) {
        Some(plain) => cli::start_plain(plain),
        None => cli::start(&Cli::command().get_matches()),
    };
    match started {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("connection-reader: {e:#}");
            ExitCode::FAILURE
        }
    }
}
