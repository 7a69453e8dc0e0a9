//! `dealx extract --format/--records`, `dealx schema`, completions and the
//! manual page, through the real binary.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde_json::Value;

use crate::util::*;

fn corpus_arg() -> String {
    corpus().to_str().unwrap().to_string()
}

/// What `dealx extract corpus/ ARGS` writes, run once per `args` for all
/// the tests of this file (each run builds the gazetteer).
fn extract(args: &[&str]) -> String {
    static RUNS: Mutex<BTreeMap<Vec<String>, String>> = Mutex::new(BTreeMap::new());
    let key: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if let Some(out) = RUNS.lock().unwrap().get(&key) {
        return out.clone();
    }
    let corpus = corpus_arg();
    let mut all = vec!["extract", corpus.as_str()];
    all.extend_from_slice(args);
    let out = stdout_ok(&run(&all));
    RUNS.lock().unwrap().insert(key, out.clone());
    out
}

/// The first column name of a CSV text.
fn header_of(csv_text: &str) -> &str {
    csv_text.split([',', '\n']).next().unwrap()
}

/// The full records of the corpus as JSON values.
fn full_records() -> Vec<Value> {
    json_lines(&extract(&[]))
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_format_is_one_array_of_the_json_lines_records() {
    let out = extract(&["--format", "json"]);
    let array: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(array, full_records());
    let rows: Vec<Value> =
        serde_json::from_str(&extract(&["--format", "json", "--records", "entities"])).unwrap();
    let lines = json_lines(&extract(&["--records", "entities"]));
    assert_eq!(rows, lines);
}

#[test]
fn json_format_of_no_input_is_an_empty_array() {
    let out = run_with_stdin(&["extract", "--format", "json"], b"");
    assert_eq!(stdout_ok(&out), "[]\n");
}

#[test]
fn per_kind_rows_are_the_record_items_with_their_document() {
    let records = full_records();
    for (kind, field) in [
        ("entities", "entities"),
        ("amounts", "amounts"),
        ("dates", "dates"),
        ("deals", "deals"),
    ] {
        let rows = json_lines(&extract(&["--records", kind]));
        let expected: Vec<(&Value, &Value)> = records
            .iter()
            .flat_map(|r| {
                r[field]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |item| (r, item))
            })
            .collect();
        assert_eq!(rows.len(), expected.len(), "{kind}");
        assert!(!rows.is_empty(), "{kind}: the corpus has some");
        for (row, (record, item)) in rows.iter().zip(expected) {
            assert_eq!(row["doc_id"], record["id"], "{kind}");
            assert_eq!(row["published"], record["published"], "{kind}");
            for (key, value) in item.as_object().unwrap() {
                match (key.as_str(), value) {
                    ("amount", Value::Null) => {
                        assert!(row["amount_value"].is_null() && row["amount_currency"].is_null())
                    }
                    ("amount", v) => {
                        assert_eq!(row["amount_value"], v["value"]);
                        assert_eq!(row["amount_currency"], v["currency"]);
                        assert_eq!(row["amount_usd"], v["usd"]);
                        assert_eq!(row["amount_text"], v["text"]);
                    }
                    ("span", v) => {
                        assert_eq!(row["start"], v["start"]);
                        assert_eq!(row["end"], v["end"]);
                    }
                    // A list of entities is one list column per field.
                    ("parties" | "leaders" | "places", Value::Array(entities)) => {
                        let field = |f: &str| -> Vec<Value> {
                            entities.iter().map(|e| e[f].clone()).collect()
                        };
                        assert_eq!(row[key], Value::Array(field("name")), "{kind}.{key}");
                        if key == "parties" {
                            let ids = field("id")
                                .into_iter()
                                .map(|id| if id.is_null() { Value::from("") } else { id })
                                .collect();
                            assert_eq!(row["party_types"], Value::Array(field("type")));
                            assert_eq!(row["party_ids"], Value::Array(ids));
                        }
                    }
                    _ => assert_eq!(&row[key], value, "{kind}.{key}"),
                }
            }
        }
    }
}

#[test]
fn csv_rows_read_back_as_the_json_rows() {
    for kind in ["deals", "entities", "amounts", "dates"] {
        let csv_text = extract(&["--records", kind, "--format", "csv"]);
        let json_text = extract(&["--records", kind]);
        let json_rows = json_lines(&json_text);
        let first_key = format!("{{\"{}\":", header_of(&csv_text));
        assert!(
            json_text.starts_with(&first_key),
            "{kind}: JSON keys in column order"
        );
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), json_rows.len(), "{kind}");
        for (row, json) in rows.iter().zip(&json_rows) {
            let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
            let mut columns: Vec<&String> = header.iter().collect();
            keys.sort_unstable();
            columns.sort_unstable();
            assert_eq!(columns, keys, "{kind}: same columns");
            for (name, field) in header.iter().zip(row.iter()) {
                let expected = match &json[name] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Array(items) => items
                        .iter()
                        .map(|v| match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("|"),
                    other => other.to_string(),
                };
                assert_eq!(field, expected, "{kind}.{name}");
            }
        }
    }
}

#[test]
fn csv_of_full_records_is_a_usage_error() {
    let out = run(&["extract", &corpus_arg(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--records"), "{stderr}");
}

#[test]
fn unreadable_documents_give_no_rows_but_still_fail_the_run() {
    let input = concat!(
        r#"{"id":"ok","text":"Chile and Peru signed deals worth $2 billion."}"#,
        "\n",
        r#"{"id":"bad","text":7}"#,
        "\n"
    );
    let out = run_with_stdin(
        &["extract", "--records", "deals", "--format", "csv"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        2,
        "header and the good document's deal: {stdout}"
    );
    assert!(stdout.lines().nth(1).unwrap().starts_with("ok,"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad") || stderr.contains("<stdin>:2"),
        "{stderr}"
    );

    let out = run_with_stdin(&["extract", "--format", "json"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let array: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(array.len(), 2);
    assert_eq!(array[1]["error"]["kind"], "missing_text");
}

#[test]
fn output_file_gets_the_whole_json_array() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.json");
    let out = run(&[
        "extract",
        &corpus_arg(),
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(stdout_ok(&out).is_empty());
    let array: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(array, full_records());
}

#[test]
fn schema_describes_every_key_of_every_record() {
    let schema: Value = serde_json::from_str(&stdout_ok(&run(&["schema"]))).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = &schema["$defs"];
    // Each object the output writes lists exactly its keys as required.
    fn check(defs: &Value, def: &str, value: &Value) {
        let schema = &defs[def];
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{def} has required keys"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        keys.sort_unstable();
        required.sort_unstable();
        assert_eq!(keys, required, "{def}");
        assert_eq!(schema["additionalProperties"], false, "{def}");
    }
    for record in full_records() {
        check(defs, "Record", &record);
        for (field, def) in [
            ("entities", "EntityRecord"),
            ("amounts", "AmountRecord"),
            ("dates", "DateRecord"),
            ("deals", "DealRecord"),
            ("articles", "ArticleRecord"),
        ] {
            for item in record[field].as_array().unwrap() {
                check(defs, def, item);
            }
        }
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_ok(&run(&["completions", shell]));
        assert!(script.contains("dealx"), "{shell}");
        assert!(script.contains("extract"), "{shell}");
        assert!(script.contains("--records"), "{shell}");
    }
    let out = run(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_documents_the_subcommands() {
    let page = stdout_ok(&run(&["man"]));
    assert!(
        page.starts_with(".ie") || page.contains(".TH dealx 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(".TH dealx 1"));
    assert!(page.contains("extract"));
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["man", "--dir", dir.path().to_str().unwrap()]);
    stdout_ok(&out);
    for page in [
        "dealx.1",
        "dealx-extract.1",
        "dealx-schema.1",
        "dealx-gazetteer-check.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page}");
    }
    let extract = std::fs::read_to_string(dir.path().join("dealx-extract.1")).unwrap();
    assert!(extract.contains("records"));
}
