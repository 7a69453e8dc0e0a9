//! Everything dealx says on standard error, in one place, and the
//! evaluation report it writes on standard output.

use std::io::{self, Write};
use std::path::Path;

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

/// The closing line when some documents could not be read.
pub fn summary_with_errors(s: &Summary) {
    eprintln!(
        "dealx: {} documents written, {} could not be read (error records in the output)",
        s.documents, s.errors
    );
}

/// A fatal error: every cause in the chain, one per line.
pub fn fatal(err: &anyhow::Error) {
    eprintln!("dealx: error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
