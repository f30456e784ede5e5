//! Fuzzes the whole pipeline with the check in `tests/support/render_check.rs`.
#![no_main]

#[path = "../../tests/support/render_check.rs"]
mod render_check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| render_check::render_check(data));
