//! Fuzzes the one truth of large documents with the check in `tests/support/pieces_check.rs`:
//! whole and pieces (cut at every size down to a byte) must be the same document.
#![no_main]

#[path = "../../tests/support/pieces_check.rs"]
mod pieces_check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| pieces_check::pieces_check(data));
