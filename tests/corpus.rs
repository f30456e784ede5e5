//! Real-world markdown the project did not write: the CommonMark specification and each of
//! its examples, printed at widths 2, 40, 80 and 200 with no panic, no line too wide, no
//! control character, and nothing lost.

mod common;

use common::layout_problems;

const SPEC: &str = include_str!("corpus/commonmark-spec.txt");
const FENCE: &str = "````````````````````````````````";

/// The markdown of each example in the spec (the spec writes tabs as →).
fn examples() -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = SPEC.lines();
    while let Some(line) = lines.next() {
        if line == format!("{FENCE} example") {
            let mut md = String::new();
            for l in lines.by_ref() {
                if l == "." {
                    break;
                }
                md.push_str(&l.replace('→', "\t"));
                md.push('\n');
            }
            out.push(md);
        }
    }
    out
}

#[test]
fn every_commonmark_example_lays_out_at_every_width() {
    let examples = examples();
    assert_eq!(examples.len(), 652, "all the spec's examples were found");
    let mut failures = Vec::new();
    for (i, md) in examples.iter().enumerate() {
        for width in [2, 40, 80, 200] {
            let problems = layout_problems(md, width);
            if !problems.is_empty() {
                failures.push(format!("example {} at {width}: {problems:?}", i + 1));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_whole_specification_lays_out_at_every_width() {
    for width in [2, 40, 80, 200] {
        let problems = layout_problems(SPEC, width);
        assert!(problems.is_empty(), "width {width}: {problems:?}");
    }
}
