//! The `connection-reader` binary: parses the command line and reports errors in one line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = connection_reader::cli::Cli::parse();
    match connection_reader::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("connection-reader: {e:#}");
            ExitCode::FAILURE
        }
    }
}
