//! The README tells the truth: its key tables are the reader's key tables.

use connection_reader::keys::{
    BINDINGS, Binding, CONTENTS_KEYS, LINK_KEYS, MARK_KEYS, PROMPT_KEYS,
};

const README: &str = include_str!("../README.md");

/// The README's table headed `| {title} |` is `table`, row for row.
fn check_table<A>(title: &str, table: &[Binding<A>]) {
    let head = format!("| {title} |");
    let rows: Vec<&str> = README
        .lines()
        .skip_while(|l| !l.starts_with(&head))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(
        rows.len(),
        table.len(),
        "{title}: one README row per binding"
    );
    for (row, binding) in rows.iter().zip(table) {
        let keys: Vec<String> = binding
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label()))
            .collect();
        let expected = format!("| {} | {} |", keys.join(" "), binding.help);
        assert_eq!(*row, expected);
    }
}

#[test]
fn readme_key_tables_match_the_key_bindings() {
    check_table("Keys", BINDINGS);
    check_table("While typing a search", PROMPT_KEYS);
    check_table("In the contents", CONTENTS_KEYS);
    check_table("After m or '", MARK_KEYS);
    check_table("Links (else as contents)", LINK_KEYS);
}

#[test]
fn readme_names_the_two_setup_commands_and_ci_runs_the_test_command_exactly() {
    // The set-up block: the first `sh` block, a command a line with a comment after it.
    let block: Vec<&str> = README
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a set-up block")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    assert_eq!(block, ["cargo run --release", "cargo test"]);
    // CI runs that command as a line of its own, nothing added.
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == block[1]),
        "CI runs the README's test command: {ci}"
    );
}
