//! The quality floor: `corpus/quality.toml` holds the minimum F1 per field
//! on the corpus gold set; extraction must not fall below it. Raise a floor
//! in the same commit that raises the figure.

use crate::util::*;

/// Runs `dealx eval --gold corpus/gold corpus/ --floor FLOOR`.
fn eval_with_floor(floor: &std::path::Path) -> std::process::Output {
    let gold = corpus().join("gold");
    run(&[
        "eval",
        "--gold",
        gold.to_str().expect("UTF-8 path"),
        corpus().to_str().expect("UTF-8 path"),
        "--floor",
        floor.to_str().expect("UTF-8 path"),
    ])
}

#[test]
fn corpus_stays_above_the_floor() {
    let out = eval_with_floor(&corpus().join("quality.toml"));
    assert!(
        out.status.success(),
        "extraction quality fell below corpus/quality.toml:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn floor_file_names_every_field() {
    let text = std::fs::read_to_string(corpus().join("quality.toml")).unwrap();
    for field in dealx_pipeline::eval::FIELDS {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{field} = "))),
            "quality.toml has no floor for {field}"
        );
    }
}

#[test]
fn a_figure_below_its_floor_fails_naming_the_field_and_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let floor = dir.path().join("quality.toml");
    // No extraction reaches F1 1.0 on deals here; a perfect organization
    // score is not asked for.
    std::fs::write(&floor, "[f1]\ndeals = 1.0\norganization = 0\n").unwrap();
    let out = eval_with_floor(&floor);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.trim_start().starts_with("deals F1 "))
        .unwrap_or_else(|| panic!("no deals line: {err}"));
    assert!(line.trim_end().ends_with(" < floor 1"), "{line}");
    assert!(!err.contains("organization"), "{err}");
}

#[test]
fn a_bad_floor_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let floor = dir.path().join("quality.toml");
    std::fs::write(&floor, "[f1]\nmoney = 0.5\n").unwrap();
    let out = eval_with_floor(&floor);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field f1.money"));
}
