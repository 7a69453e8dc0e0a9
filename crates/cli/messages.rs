//! Everything dealx says on standard error, in one place, and the
//! evaluation report it writes on standard output.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use dealx_pipeline::eval::{Comparison, Report};
use dealx_pipeline::{InputError, Summary};

/// The evaluation report: the table (and per-document findings, and the
/// comparison with a baseline), or with `json` the same as one JSON object.
pub fn eval_report(
    out: &mut dyn Write,
    report: &Report,
    per_doc: bool,
    json: bool,
    comparison: Option<(&Comparison, String)>,
) -> io::Result<()> {
    if json {
        let mut value = report.to_json(per_doc);
        if let Some((c, name)) = &comparison {
            let mut cmp = c.to_json();
            cmp["file"] = name.clone().into();
            value["baseline"] = cmp;
        }
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    out.write_all(report.table().as_bytes())?;
    if per_doc {
        out.write_all(report.per_doc_text().as_bytes())?;
    }
    if let Some((c, name)) = comparison {
        out.write_all(c.text(&name).as_bytes())?;
    }
    Ok(())
}

/// The fields below their quality floor.
pub fn below_floor(path: &Path, below: &[String]) {
    eprintln!("dealx: quality below the floor in {}:", path.display());
    for b in below {
        eprintln!("  {b}");
    }
}

/// A draft gold file that already exists.
pub fn annotate_exists(path: &Path) {
    eprintln!(
        "dealx: {} exists; left alone (use --force to overwrite)",
        path.display()
    );
}

/// A document whose id cannot name a file.
pub fn annotate_bad_id(id: &str) {
    eprintln!("dealx: document '{id}': its id cannot be a file name; skipped");
}

/// The closing line of `annotate`.
pub fn annotate_done(written: u64, dir: &Path) {
    eprintln!(
        "dealx: wrote {written} draft gold file(s) to {}; correct them before use",
        dir.display()
    );
}

/// A problem with one document; the batch goes on.
pub fn document_error(e: &InputError) {
    match &e.id {
        Some(id) => eprintln!("dealx: {}: {} (document '{id}')", e.location, e.message),
        None => eprintln!("dealx: {}: {}", e.location, e.message),
    }
}

/// A warning about the input; the document (if any) is still read.
pub fn document_warning(w: &InputError) {
    match &w.id {
        Some(id) => eprintln!(
            "dealx: warning: {}: {} (document '{id}')",
            w.location, w.message
        ),
        None => eprintln!("dealx: warning: {}: {}", w.location, w.message),
    }
}

/// The closing summary of a batch run: documents read, records and error
/// records written (errors by kind), warnings by kind, input bytes, time.
pub fn summary(s: &Summary, input_bytes: u64, elapsed: Duration) {
    eprintln!("dealx: {}", summary_line(s, input_bytes, elapsed));
}

/// The text of [`summary`].
pub fn summary_line(s: &Summary, input_bytes: u64, elapsed: Duration) -> String {
    let by_kind = |m: &std::collections::BTreeMap<&'static str, u64>| {
        m.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count = |n: u64, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{} read: {}, {}",
        count(s.documents(), "document"),
        count(s.records, "record"),
        count(s.errors, "error record"),
    );
    if s.errors > 0 {
        line += &format!(" ({})", by_kind(&s.errors_by_kind));
    }
    line += &format!(", {}", count(s.warnings, "warning"));
    if s.warnings > 0 {
        line += &format!(" ({})", by_kind(&s.warnings_by_kind));
    }
    let secs = elapsed.as_secs_f64();
    let mb = input_bytes as f64 / 1e6;
    line += &format!("; {mb:.1} MB in {secs:.1} s");
    if secs > 0.0 {
        line += &format!(" ({:.1} MB/s)", mb / secs);
    }
    line
}

/// The run was stopped by Ctrl-C.
pub fn interrupted(output: Option<&Path>) {
    match output {
        Some(path) => eprintln!("dealx: interrupted; {} was not written", path.display()),
        None => eprintln!("dealx: interrupted; the records above are complete"),
    }
}

/// The run stopped at its first error (`--strict`).
pub fn stopped_strict(output: Option<&Path>) {
    match output {
        Some(path) => eprintln!(
            "dealx: stopped at the first error (--strict); {} was not written",
            path.display()
        ),
        None => eprintln!("dealx: stopped at the first error (--strict)"),
    }
}

/// The progress bar on standard error: documents, megabytes, rate, and the
/// ETA when the total input size is known.
pub fn progress_bar(total_bytes: Option<u64>) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let (bar, template) = match total_bytes {
        Some(total) => (
            ProgressBar::new(total),
            "{spinner} [{elapsed_precise}] {wide_bar} {decimal_bytes}/{decimal_total_bytes} \
             {msg} ({decimal_bytes_per_sec}, ETA {eta})",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} [{elapsed_precise}] {decimal_bytes} {msg} ({decimal_bytes_per_sec})",
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message("0 documents");
    bar.enable_steady_tick(crate::PROGRESS_TICK);
    bar
}

/// A fatal error: every cause in the chain, one per line.
pub fn fatal(err: &anyhow::Error) {
    eprintln!("dealx: error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
