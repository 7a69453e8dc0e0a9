//! Table-driven date cases: every `tests/data/*.toml` file holds `[[case]]`
//! tables with a `text`, an optional `published` date and the expected
//! `dates` as `[surface text, value]` pairs in text order (an empty list for
//! text that holds no date). Optional `source` names the expected publication
//! date and its source (`["2025-02-25", "stamp"]`) for published-date cases.

use std::path::Path;

use dealx_core::Date;
use dealx_dates::DateExtractor;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    dates: Option<Vec<(String, String)>>,
    #[serde(default)]
    detected: Option<Vec<String>>,
}

#[test]
fn data_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let extractor = DateExtractor::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in &files {
        let raw = std::fs::read_to_string(path).expect("readable case file");
        let file: File = toml::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            total += 1;
            let published: Option<Date> = case
                .published
                .as_deref()
                .map(|p| p.parse().expect("valid published"));
            if let Some(expected) = &case.dates {
                let got: Vec<(String, String)> = extractor
                    .find_iter(&case.text, published)
                    .map(|m| (case.text[m.span].to_string(), m.value.to_string()))
                    .collect();
                if &got != expected {
                    failures.push(format!(
                        "{}: {:?} (published {:?})\n   expected {:?}\n   got      {:?}",
                        path.file_name().unwrap().to_string_lossy(),
                        case.text,
                        case.published,
                        expected,
                        got
                    ));
                }
            }
            if let Some(expected) = &case.detected {
                let got = extractor
                    .published(&case.text, &Default::default())
                    .map(|(d, s)| vec![d.to_string(), s.as_str().to_string()])
                    .unwrap_or_default();
                if &got != expected {
                    failures.push(format!(
                        "{}: published of {:?}\n   expected {:?}\n   got      {:?}",
                        path.file_name().unwrap().to_string_lossy(),
                        case.text,
                        expected,
                        got
                    ));
                }
            }
        }
    }
    assert!(total >= 60, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
