//! Every input the fuzzer found a fault with (`tests/fuzz-regressions/`), and the seeds it
//! starts from, run through the fuzz target's check.

#[path = "support/render_check.rs"]
mod render_check;

#[path = "support/pieces_check.rs"]
mod pieces_check;

use pieces_check::pieces_check;
use render_check::render_check;

#[test]
fn inputs_the_fuzzer_found_stay_fixed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut ran = 0;
    for entry in std::fs::read_dir(dir).expect("the regressions folder") {
        let path = entry.expect("an entry").path();
        let data = std::fs::read(&path).expect("read");
        // Each input through both targets' checks: any text must pass both.
        render_check(&data);
        pieces_check(&data);
        ran += 1;
    }
    assert!(ran > 0, "no regression inputs found in {dir}");
}

#[test]
fn the_essay_and_a_hostile_sample_pass_the_check() {
    let mut essay = vec![80, 24, 60, 0];
    essay.extend_from_slice(connection_reader::source::ESSAY.as_bytes());
    render_check(&essay);
    let mut hostile = vec![40, 12, 30, 0];
    hostile.extend_from_slice(
        b"# T \x1b]0;x\x07\n\n- a\0\n  - b\n\n> q &#27;\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    render_check(&hostile);
}
