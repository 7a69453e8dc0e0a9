//! `dealx eval` and `dealx annotate`: agreement with the reference scorer
//! (`../shared/eval/score docs`), baselines, per-document findings, drafts.
//!
//! Helpers here are test code too: they unwrap freely, and the agreement
//! check prints a note when it has to be skipped.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::util::*;
use dealx_pipeline::eval::FIELDS;

/// The reference scorer, when it and a `python3` to run it are present
/// (they are in CI); `None`, with a note, otherwise.
fn reference_scorer() -> Option<PathBuf> {
    let score = root().join("../shared/eval/score");
    if !score.is_file() {
        eprintln!(
            "note: {} not found; the agreement check is skipped",
            score.display()
        );
        return None;
    }
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("note: python3 not found; the agreement check is skipped");
        return None;
    }
    Some(score)
}

/// `python3 score docs --gold GOLD --system SYSTEM [--json] [--per-doc]`.
fn score_docs(score: &Path, gold: &Path, system: &Path, flags: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(score)
        .args(["docs", "--gold"])
        .arg(gold)
        .arg("--system")
        .arg(system)
        .args(flags)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "score docs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Every figure of `ours` (a `dealx eval --json` run) equals the reference
/// scorer's: counts exactly, precision/recall/F1 to the fourth decimal
/// (so to the third as printed), and the per-document counts and findings
/// when both carry them.
fn assert_agree(ours: &Value, theirs: &Value, what: &str) {
    for key in [
        "documents",
        "missing_system_records",
        "system_ids_not_in_gold",
    ] {
        assert_eq!(ours[key], theirs[key], "{what}: {key}");
    }
    for field in FIELDS {
        let (o, t) = (&ours["scores"][field], &theirs["scores"][field]);
        for key in ["gold", "system", "tp"] {
            assert_eq!(o[key], t[key], "{what}: {field}.{key}");
        }
        for key in ["precision", "recall", "f1"] {
            let (a, b) = (o[key].as_f64().unwrap(), t[key].as_f64().unwrap());
            assert_eq!(
                format!("{a:.4}"),
                format!("{b:.4}"),
                "{what}: {field}.{key}: dealx eval {a}, score docs {b}"
            );
        }
    }
    assert_eq!(
        ours["info"]["published_accuracy"], theirs["info"]["published_accuracy"],
        "{what}: published_accuracy"
    );
    if let (Some(o), Some(t)) = (ours.get("per_doc"), theirs.get("per_doc")) {
        let (o, t) = (o.as_object().unwrap(), t.as_object().unwrap());
        assert_eq!(
            o.keys().collect::<Vec<_>>(),
            t.keys().collect::<Vec<_>>(),
            "{what}: per_doc ids"
        );
        for (id, doc) in o {
            for key in ["counts", "detail", "published", "missing_record"] {
                assert_eq!(doc[key], t[id][key], "{what}: per_doc {id} {key}");
            }
        }
    }
}

/// `dealx extract corpus/` into `dir/out.jsonl`.
fn extract_corpus(dir: &Path) -> PathBuf {
    let path = dir.join("out.jsonl");
    let out = run(&[
        "extract",
        corpus().to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    stdout_ok(&out);
    path
}

fn gold_dir() -> PathBuf {
    corpus().join("gold")
}

#[test]
fn eval_agrees_with_score_docs_on_the_corpus() {
    let Some(score) = reference_scorer() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let system = extract_corpus(dir.path());
    let gold = gold_dir();
    let (gold_s, corpus_s, system_s) = (gold.to_str().unwrap(), corpus(), system.to_str().unwrap());
    let corpus_s = corpus_s.to_str().unwrap();

    let theirs = json_of(&score_docs(
        &score,
        &gold,
        &system,
        &["--json", "--per-doc"],
    ));
    let extracted = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        gold_s,
        corpus_s,
        "--json",
        "--per-doc",
    ])));
    assert_agree(&extracted, &theirs, "eval PATH");
    let from_file = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        gold_s,
        "--system",
        system_s,
        "--json",
        "--per-doc",
    ])));
    assert_agree(&from_file, &theirs, "eval --system");

    // The printed table is the same, line for line.
    let table = score_docs(&score, &gold, &system, &[]);
    assert_eq!(
        stdout_ok(&run(&["eval", "--gold", gold_s, corpus_s])),
        table
    );
}

/// Gold and system records that exercise every rule: accents, case,
/// punctuation and a leading "the"; aliases and surface texts; repeated
/// amounts, tolerance, currency case, values as strings; dates as numbers
/// and nulls; deal parties through aliases and as objects; a missing
/// record, a record with no gold, a duplicate, one with no id; empty
/// categories on both sides.
fn awkward_case(dir: &Path) -> (PathBuf, PathBuf) {
    let gold = dir.join("gold");
    std::fs::create_dir(&gold).unwrap();
    let golds = [
        json!({"id": "a", "published": "2021-07-04",
        "entities": [
            {"type": "leader", "name": "José Ramos-Horta", "aliases": ["Ramos-Horta"]},
            {"type": "organization", "name": "The Asian Infrastructure Investment Bank", "aliases": ["AIIB"]},
            {"type": "company", "name": "Øresund Shipping A/S", "aliases": []},
            {"type": "place", "subtype": "country", "name": "Timor-Leste", "aliases": ["East Timor", "Timorese"]},
            {"type": "place", "subtype": "city", "name": "Dili", "aliases": []},
            {"type": "place", "subtype": "city", "name": "Dili", "aliases": []}
        ],
        "amounts": [
            {"text": "$300 million", "value": 300000000, "currency": "USD"},
            {"text": "$300 million", "value": 300000000, "currency": "USD"},
            {"text": "€0", "value": 0, "currency": "EUR"},
            {"text": "2 bn", "value": 2000000000, "currency": null}
        ],
        "dates": [{"text": "July 4", "value": "2021-07-04"}, {"text": "2030", "value": "2030"}],
        "deals": [
            {"kind": "financing", "parties": ["AIIB", "Timor-Leste"],
             "amount": {"value": 300000000, "currency": "USD"}, "date": null, "summary": "loan"},
            {"kind": "agreement", "parties": ["Øresund Shipping A/S"], "amount": null, "date": null, "summary": "port"}
        ]}),
        json!({"id": "b", "published": null, "entities": [], "amounts": [], "dates": [], "deals": []}),
        json!({"id": "c", "published": "2020-01-01",
            "entities": [{"type": "place", "subtype": "country", "name": "Chile", "aliases": ["Chilean"]}],
            "amounts": [{"text": "CLP 5,000", "value": 5000, "currency": "CLP"}],
            "dates": [], "deals": []}),
    ];
    for g in &golds {
        let id = g["id"].as_str().unwrap();
        std::fs::write(gold.join(format!("{id}.json")), g.to_string()).unwrap();
    }
    let records = [
        json!({"id": "a", "published": "2021-07-04",
        "entities": [
            {"type": "leader", "name": "Jose Ramos Horta", "text": "Ramos-Horta"},
            {"type": "leader", "name": "Xanana Gusmão", "text": "Gusmão"},
            {"type": "organization", "name": "Asian Infrastructure Investment Bank", "text": "the AIIB"},
            {"type": "organization", "name": "AIIB", "text": "AIIB"},
            {"type": "company", "name": "ORESUND SHIPPING A/S", "text": "Oresund"},
            {"type": "place", "name": "East Timor", "text": "Timorese"},
            {"type": "place", "name": "Dili", "text": "Dili"},
            {"type": "place", "name": "Dili", "text": "DILI"}
        ],
        "amounts": [
            {"text": "$301m", "value": 301000000, "currency": "usd"},
            {"text": "$300m", "value": "300,000,000", "currency": "USD"},
            {"text": "$300m", "value": 300000000, "currency": "USD"},
            {"text": "€0", "value": 0, "currency": "EUR"},
            {"text": "2 bn", "value": 2000000000, "currency": "JPY"}
        ],
        "dates": [{"text": "July 4", "value": "2021-07-04"}, {"text": "2030", "value": 2030},
                  {"text": "soon", "value": null}],
        "deals": [
            {"kind": "other", "parties": [{"name": "the Asian Infrastructure Investment Bank"}],
             "amount": {"value": 299000000, "currency": "USD"}},
            {"kind": "agreement", "parties": ["Oresund Shipping A/S", "Dili"], "amount": {"value": null}},
            {"kind": "trade", "parties": ["Timor-Leste"], "amount": null}
        ]}),
        json!({"id": "d", "entities": [], "amounts": [], "dates": [], "deals": []}),
        json!({"id": "a", "entities": [{"type": "place", "name": "Nowhere", "text": "Nowhere"}]}),
        json!({"entities": []}),
        json!({"id": "c", "published": "", "entities": [], "amounts": [
            {"text": "CLP 5,000", "value": 5000, "currency": "CLP"},
            {"text": "CLP 5,000", "value": 5000, "currency": "CLP"}]}),
    ];
    let system = dir.join("system.jsonl");
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(&system, lines.join("\n") + "\n").unwrap();
    (gold, system)
}

#[test]
fn eval_agrees_with_score_docs_on_awkward_cases() {
    let Some(score) = reference_scorer() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (gold, system) = awkward_case(dir.path());
    let (g, s) = (gold.to_str().unwrap(), system.to_str().unwrap());
    let theirs = json_of(&score_docs(
        &score,
        &gold,
        &system,
        &["--json", "--per-doc"],
    ));
    let ours = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        g,
        "--system",
        s,
        "--json",
        "--per-doc",
    ])));
    assert_agree(&ours, &theirs, "awkward cases");
    assert_eq!(ours["notes"], theirs["notes"]);
    // The --per-doc text too, once the context lines dealx adds under each
    // finding ("in: <sentence>") are set aside.
    let table = score_docs(&score, &gold, &system, &["--per-doc"]);
    let ours = stdout_ok(&run(&["eval", "--gold", g, "--system", s, "--per-doc"]));
    let ours: Vec<&str> = ours
        .lines()
        .filter(|l| !l.trim_start().starts_with("in: "))
        .collect();
    assert_eq!(ours, table.lines().collect::<Vec<_>>());
}

#[test]
fn eval_scores_awkward_cases_as_gold_md_says() {
    // The same data without the reference scorer: the figures a reader
    // works out by hand from the rules in GOLD.md.
    let dir = tempfile::tempdir().unwrap();
    let (gold, system) = awkward_case(dir.path());
    let ours = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--system",
        system.to_str().unwrap(),
        "--json",
    ])));
    let counts = |field: &str| {
        let c = &ours["scores"][field];
        (
            c["tp"].as_u64().unwrap(),
            c["system"].as_u64().unwrap(),
            c["gold"].as_u64().unwrap(),
        )
    };
    // Ramos-Horta matches; Gusmão does not.
    assert_eq!(counts("leader"), (1, 2, 1));
    // "Asian Infrastructure Investment Bank" and "AIIB" are two system
    // groups; only one can take the one gold bank.
    assert_eq!(counts("organization"), (1, 2, 1));
    // "Ø" has no decomposition, so it is not an accented "O": "Øresund"
    // and "Oresund" stay different names.
    assert_eq!(counts("company"), (0, 1, 1));
    // East Timor (via surface "Timorese") and one Dili group for two gold Dilis.
    assert_eq!(counts("place"), (2, 2, 4));
    // Three system sums within 0.5% of $300m ($301m, a string with commas,
    // and $300m) for two gold ones: two match; €0 exactly; 2 bn has no gold
    // currency, so JPY is fine. Document c: one CLP 5,000 of two.
    assert_eq!(counts("amounts"), (5, 7, 5));
    // 2030 as a number equals "2030"; the null value matches nothing.
    assert_eq!(counts("dates"), (2, 3, 2));
    // The AIIB deal matches through the object party and the gold alias,
    // $299m within 0.5%. The Oresund deal shares no party (see company).
    // The Timor-Leste deal has no amount where the gold deal has one.
    assert_eq!(counts("deals"), (1, 3, 2));
    assert_eq!(ours["missing_system_records"], json!(["b"]));
    assert_eq!(ours["system_ids_not_in_gold"], 1);
    // a right, b (null, missing) right, c ("" vs 2020-01-01) wrong.
    assert_eq!(ours["info"]["published_correct"], 2);
}

#[test]
fn eval_needs_articles_or_a_system_file() {
    let gold = gold_dir();
    let out = run(&["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--system FILE"), "{err}");
}

#[test]
fn eval_without_gold_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "eval",
        "--gold",
        dir.path().to_str().unwrap(),
        corpus().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no *.json gold files"), "{err}");
}

#[test]
fn eval_extracts_only_articles_with_gold() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold");
    std::fs::create_dir(&gold).unwrap();
    let first = &corpus_files()[0];
    let id = stem(first);
    std::fs::copy(
        gold_dir().join(format!("{id}.json")),
        gold.join(format!("{id}.json")),
    )
    .unwrap();
    let report = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        corpus().to_str().unwrap(),
        "--json",
    ])));
    assert_eq!(report["documents"], 1);
    assert_eq!(report["system_ids_not_in_gold"], corpus_files().len() - 1);
}

#[test]
fn eval_per_doc_lists_findings_with_their_sentences() {
    let gold = gold_dir();
    let text = stdout_ok(&run(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        corpus().to_str().unwrap(),
        "--per-doc",
    ]));
    for path in corpus_files() {
        assert!(text.contains(&format!("\n== {}\n", stem(&path))), "{text}");
    }
    // Every finding line is followed by the sentence it comes from, which
    // is text of the article.
    let lines: Vec<&str> = text.lines().collect();
    let findings = lines
        .iter()
        .filter(|l| l.contains(" MISS ") || l.contains(" FP "))
        .count();
    let contexts: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.trim_start().strip_prefix("in: "))
        .collect();
    assert!(findings > 0);
    assert_eq!(contexts.len(), findings, "{text}");
    let corpus_text: String = corpus_files()
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let in_text = contexts
        .iter()
        .filter(|c| !c.starts_with("summary: ") && !c.ends_with('…'))
        .all(|c| corpus_text.contains(*c));
    assert!(in_text, "{contexts:#?}");
}

/// The corpus records with `field` emptied in every record.
fn without(system: &Path, field: &str, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(system).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let mut v = json_of(l);
            v[field] = json!([]);
            v.to_string()
        })
        .collect();
    let path = dir.join(format!("without-{field}.jsonl"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn eval_baseline_says_what_got_better_and_what_got_worse() {
    let dir = tempfile::tempdir().unwrap();
    let system = extract_corpus(dir.path());
    let gold = gold_dir();
    let g = gold.to_str().unwrap();
    // Baseline: a run that found no amounts.
    let before = without(&system, "amounts", dir.path());
    let baseline = dir.path().join("before.json");
    let json = stdout_ok(&run(&[
        "eval",
        "--gold",
        g,
        "--system",
        before.to_str().unwrap(),
        "--json",
        "--per-doc",
    ]));
    std::fs::write(&baseline, json).unwrap();
    // Now: amounts back, dates lost.
    let after = without(&system, "dates", dir.path());
    let text = stdout_ok(&run(&[
        "eval",
        "--gold",
        g,
        "--system",
        after.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
    ]));
    let better = text.split("\nbetter:\n").nth(1).expect("a better section");
    assert!(better.starts_with("  amounts        F1 0.000 → "), "{text}");
    let worse = text.split("\nworse:\n").nth(1).expect("a worse section");
    assert!(worse.starts_with("  dates          F1 "), "{text}");
    assert!(
        text.contains("unchanged: leader, company, organization, place, entities, deals"),
        "{text}"
    );
    assert!(text.contains(" amounts      now FOUND  \"$"), "{text}");
    assert!(text.contains(" dates        now MISSED "), "{text}");
    // The same comparison for machines.
    let json = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        g,
        "--system",
        after.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
        "--json",
    ])));
    let amounts = &json["baseline"]["fields"]["amounts"];
    assert_eq!(amounts["old"]["f1"], 0.0);
    assert!(amounts["f1_delta"].as_f64().unwrap() > 0.0);
    assert!(
        json["baseline"]["fields"]["dates"]["f1_delta"]
            .as_f64()
            .unwrap()
            < 0.0
    );
}

#[test]
fn eval_rejects_a_baseline_that_is_not_an_eval_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"figures\": {}}").unwrap();
    let out = run(&[
        "eval",
        "--gold",
        gold_dir().to_str().unwrap(),
        corpus().to_str().unwrap(),
        "--baseline",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no \"scores\" object"));
}

#[test]
fn annotate_drafts_gold_files_that_score_perfectly_against_their_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let out = run(&[
        "annotate",
        corpus().to_str().unwrap(),
        "-o",
        drafts.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for path in corpus_files() {
        let draft = std::fs::read_to_string(drafts.join(format!("{}.json", stem(&path)))).unwrap();
        let v = json_of(&draft);
        assert_eq!(v["id"], stem(&path));
        for key in ["entities", "amounts", "dates", "deals"] {
            assert!(v[key].is_array(), "{key}");
        }
        for deal in v["deals"].as_array().unwrap() {
            assert!(deal["summary"].as_str().unwrap().starts_with("TODO"));
        }
        // One entity per line: easy to review and correct by hand.
        for e in v["entities"].as_array().unwrap() {
            let name = e["name"].as_str().unwrap();
            assert!(draft
                .lines()
                .any(|l| l.trim_start().starts_with("{\"type\": ") && l.contains(name)));
        }
    }
    let report = json_of(&stdout_ok(&run(&[
        "eval",
        "--gold",
        drafts.to_str().unwrap(),
        corpus().to_str().unwrap(),
        "--json",
    ])));
    for field in FIELDS {
        assert_eq!(report["scores"][field]["f1"], 1.0, "{field}: {report:#}");
    }
}

#[test]
fn annotate_leaves_existing_gold_files_alone_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let first = &corpus_files()[0];
    let target = dir.path().join(format!("{}.json", stem(first)));
    std::fs::write(&target, "{\"corrected\": true}").unwrap();
    let out = run(&[
        "annotate",
        first.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use --force"));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "{\"corrected\": true}"
    );
    let out = run(&[
        "annotate",
        first.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
        "--force",
    ]);
    assert!(out.status.success());
    assert_eq!(
        json_of(&std::fs::read_to_string(&target).unwrap())["id"],
        stem(first)
    );
}

#[test]
fn norm_name_agrees_with_the_reference_scorer_on_tricky_names() {
    let Some(score) = reference_scorer() else {
        return;
    };
    let names = [
        "Straße",
        "GROSSE STRASSE",
        "ΣΊΣΥΦΟΣ",
        "İstanbul",
        "ǅemal Bijedić",
        "Ｔｏｋｙｏ Ｇａｓ",
        "ﬁrst Capital",
        "Ⅻ Corps",
        "Łódź",
        "Øresund",
        "Đà Nẵng",
        "ᏣᎳᎩ ᏣᎳᎩ",
        "ꭰꭱꭲ",
        "कंपनी लिमिटेड",
        "١٢٣ Holdings",
        "½ Share",
        "O’Neill & Sons",
        "\u{1c}The Hague",
        "  the   Bank",
        "The",
        "Theta Capital",
        "ᲀᲁ",
        "Ⓐgency",
        "x²",
        "Ελληνικά",
        "",
    ];
    let script = "import importlib.machinery, importlib.util, json, sys\n\
        loader = importlib.machinery.SourceFileLoader('score', sys.argv[1])\n\
        spec = importlib.util.spec_from_loader('score', loader)\n\
        m = importlib.util.module_from_spec(spec)\n\
        loader.exec_module(m)\n\
        print(json.dumps([m.norm_name(s) for s in json.load(sys.stdin)]))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(&score)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!(names).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for (name, want) in names.iter().zip(&theirs) {
        assert_eq!(
            &dealx_pipeline::eval::norm_name(name),
            want,
            "norm_name({name:?})"
        );
    }
}

#[test]
fn eval_and_annotate_have_help_with_examples() {
    let help = stdout_ok(&run(&["eval", "--help"]));
    for needle in [
        "--gold",
        "--system",
        "--per-doc",
        "--json",
        "--baseline",
        "--floor",
        "dealx eval --gold corpus/gold corpus/",
    ] {
        assert!(help.contains(needle), "eval --help lacks {needle}");
    }
    let help = stdout_ok(&run(&["annotate", "--help"]));
    assert!(help.contains("--force") && help.contains("--output"));
    let top = stdout_ok(&run(&["--help"]));
    assert!(top.contains("eval") && top.contains("annotate"));
}
