//! The `connection-reader` binary: parses the command line and reports errors in one line.

use clap::CommandFactory;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = connection_reader::cli::Cli::command().get_matches();
    match connection_reader::cli::start(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("connection-reader: {e:#}");
            ExitCode::FAILURE
        }
    }
}
