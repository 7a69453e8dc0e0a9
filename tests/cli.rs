//! The real binary: inputs, outputs, order, exit status and messages.

use crate::util::*;
use dealx_testkit::check_record;

#[test]
fn extract_directory_writes_one_record_per_article_in_sorted_order() {
    let out = run(&["extract", corpus().to_str().unwrap()]);
    let records = records(&stdout_ok(&out));
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let expected: Vec<String> = corpus_files().iter().map(|p| stem(p)).collect();
    assert_eq!(ids, expected);
    assert_eq!(ids.len(), 5);
}

#[test]
fn every_span_slices_the_text_to_its_text_field() {
    let dir = corpus();
    let extract = records(&stdout_ok(&run(&["extract", dir.to_str().unwrap()])));
    let sentences = sentence_records(&stdout_ok(&run(&["sentences", dir.to_str().unwrap()])));
    assert_eq!(extract.len(), sentences.len());
    for ((record, sents), path) in extract.iter().zip(&sentences).zip(corpus_files()) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(record.id, sents.id);
        let problems = check_record(&text, record, &sents.sentences);
        assert!(problems.is_empty(), "{}: {problems:#?}", record.id);
    }
}

#[test]
fn extract_reads_json_lines_from_stdin() {
    let input = concat!(
        r#"{"id":"x1","text":"Chile and Peru signed deals worth $2 billion on May 23.","published":"2024-06-12"}"#,
        "\n\n",
        r#"{"id":"x2","text":"Nothing here."}"#,
        "\n"
    );
    for args in [&["extract"][..], &["extract", "-"][..]] {
        let out = run_with_stdin(args, input.as_bytes());
        let records = records(&stdout_ok(&out));
        assert_eq!(records.len(), 2);
        let r = &records[0];
        assert_eq!(r.published.as_deref(), Some("2024-06-12"));
        assert_eq!(r.published_source.as_deref(), Some("input"));
        assert_eq!(r.amounts[0].text, "$2 billion");
        assert_eq!(r.dates[0].value, "2024-05-23");
        let parties: Vec<&str> = r.deals[0].parties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(parties, ["Chile", "Peru"]);
        assert!(records[1].entities.is_empty());
    }
}

#[test]
fn extract_mixes_files_and_stdin_in_the_order_given() {
    let files = corpus_files();
    let a = files[1].to_str().unwrap();
    let b = files[0].to_str().unwrap();
    let out = run_with_stdin(
        &["extract", a, "-", b],
        b"{\"id\":\"from-stdin\",\"text\":\"Hello.\"}\n",
    );
    let ids: Vec<String> = records(&stdout_ok(&out))
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        ids,
        [stem(&files[1]), "from-stdin".to_string(), stem(&files[0])]
    );
}

#[test]
fn output_flag_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl");
    let out = run(&[
        "extract",
        corpus().to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(stdout_ok(&out).is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(records(&written).len(), 5);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// `-o` on something that is not a regular file (here a FIFO, as
/// `/dev/null` or a terminal would be) writes into it: replacing it with
/// a renamed temporary file, as for a regular file, would swap the device
/// for a plain file.
#[cfg(unix)]
#[test]
fn output_flag_writes_into_a_fifo_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("records.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(&[
        "extract",
        corpus().to_str().unwrap(),
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert!(stdout_ok(&out).is_empty());
    // Checked first: a replaced FIFO never gets a writer, and its reader
    // would wait for ever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    assert_eq!(records(&reader.join().unwrap()).len(), 5);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// `-o` through a symbolic link replaces the file it points to and keeps
/// the link.
#[cfg(unix)]
#[test]
fn output_flag_follows_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.jsonl");
    let link = dir.path().join("link.jsonl");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(&[
        "extract",
        corpus().to_str().unwrap(),
        "-o",
        link.to_str().unwrap(),
    ]);
    assert!(stdout_ok(&out).is_empty());
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(records(&std::fs::read_to_string(&target).unwrap()).len(), 5);
}

#[test]
fn output_is_identical_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    // 600 articles: more than two chunks, so chunk boundaries are crossed.
    std::fs::write(&dump, corpus_jsonl(120)).unwrap();
    let one = run(&["extract", "--threads", "1", dump.to_str().unwrap()]);
    let two = run(&["extract", "--threads", "2", dump.to_str().unwrap()]);
    let one = stdout_ok(&one);
    assert_eq!(one, stdout_ok(&two));
    assert_eq!(one.lines().count(), 600);
}

#[test]
fn bad_json_line_gets_an_error_record_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("bad.jsonl");
    std::fs::write(
        &dump,
        "{\"id\":\"a\",\"text\":\"Chile.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"Peru.\"}\n",
    )
    .unwrap();
    let out = run(&["extract", dump.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["error"]["kind"], "malformed_json");
    let source = lines[1]["error"]["source"].as_str().unwrap();
    assert!(source.ends_with("bad.jsonl:2"), "{source}");
    assert_eq!(lines[2]["id"], "c");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("bad.jsonl:2: not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 documents read: 2 records, 1 error record (malformed_json 1)"),
        "{stderr}"
    );
}

#[test]
fn missing_path_is_a_usage_error() {
    let out = run(&["extract", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no/such/dir"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_published_flag_is_a_usage_error() {
    let out = run(&["extract", "--published", "12/06/2024"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn published_flag_anchors_dates_without_a_year() {
    let out = run_with_stdin(
        &["extract", "--published", "2024-06-12"],
        b"{\"id\":\"a\",\"text\":\"Talks on May 23 in Chile.\"}\n",
    );
    let r = &records(&stdout_ok(&out))[0];
    assert_eq!(r.published_source.as_deref(), Some("default"));
    assert_eq!(r.dates[0].value, "2024-05-23");
    assert_eq!(r.dates[0].anchor.as_deref(), Some("published"));
}

#[test]
fn sentences_writes_spans_and_text() {
    let out = run_with_stdin(
        &["sentences"],
        b"{\"id\":\"s\",\"text\":\"Mr. Lee came. He met U.S. officials.\\nThe talks went on for two days.\"}\n",
    );
    let recs = sentence_records(&stdout_ok(&out));
    let texts: Vec<&str> = recs[0].sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Mr. Lee came.",
            "He met U.S. officials.",
            "The talks went on for two days."
        ]
    );
    assert_eq!(
        (recs[0].sentences[1].start, recs[0].sentences[1].end),
        (14, 36)
    );
}

#[test]
fn help_explains_subcommands_with_examples() {
    let out = run(&["extract", "--help"]);
    let help = stdout_ok(&out);
    for needle in [
        "--threads",
        "--published",
        "--output",
        "Examples:",
        "dealx extract corpus/",
    ] {
        assert!(help.contains(needle), "extract --help lacks {needle}");
    }
    let top = stdout_ok(&run(&["--help"]));
    assert!(top.contains("extract") && top.contains("sentences"));
}

#[test]
fn closed_output_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    std::fs::write(&dump, corpus_jsonl(200)).unwrap();
    let mut child = dealx(&["extract", "--threads", "1", dump.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn gazetteer_check_passes_the_built_in_files() {
    let dir = root().join("gazetteers");
    let out = run(&["gazetteer", "check", dir.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("places.tsv: "), "{stdout}");
    assert!(
        stdout.lines().all(|l| l.ends_with(", 0 bad rows")),
        "{stdout}"
    );
}

#[test]
fn gazetteer_check_reports_every_bad_row_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let header = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n";
    std::fs::write(
        dir.path().join("companies.tsv"),
        format!(
            "{header}co:a\tAlpha\t\tcompany\t\tKZ\t\tcurated\nco:b\tBeta\t\tcompany\t\tkz\t\tcurated\n\
             co:a\tGamma\t\tcompany\t\t\t\tcurated\nco:d\tDelta\n"
        ),
    )
    .unwrap();
    let out = run(&["gazetteer", "check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0]
        .ends_with("companies.tsv:3: country must be an ISO 3166-1 alpha-2 code, found 'kz'"));
    assert!(lines[1].ends_with("companies.tsv:4: duplicate id 'co:a'"));
    assert!(lines[2].ends_with("companies.tsv:5: expected 8 tab-separated fields, found 2"));
    assert!(lines[3].ends_with("companies.tsv: 1 entries, 3 bad rows"));
}

#[test]
fn gazetteer_check_of_a_missing_directory_is_a_fatal_error() {
    let out = run(&["gazetteer", "check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
}
