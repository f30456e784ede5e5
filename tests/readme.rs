//! The README tells the truth: its key table is the reader's key table.

use connection_reader::keys::BINDINGS;

const README: &str = include_str!("../README.md");

#[test]
fn readme_key_table_matches_the_key_bindings() {
    let rows: Vec<&str> = README
        .lines()
        .skip_while(|l| !l.starts_with("| Keys |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), BINDINGS.len(), "one README row per binding");
    for (row, binding) in rows.iter().zip(BINDINGS) {
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
fn readme_names_the_two_setup_commands() {
    assert!(README.contains("cargo run --release"));
    assert!(README.contains("cargo test"));
    let ci = include_str!("../.ci/run");
    assert!(
        ci.contains("cargo test"),
        "CI runs the README's test command"
    );
}
