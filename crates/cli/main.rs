//! The `dealx` command: parses arguments, runs the pipeline, maps the result
//! to an exit status. Everything else lives in the library crates.
//!
//! Exit status: 0 when every document was read, 1 when some could not be
//! (each has an error record and a message), 2 for bad arguments or a fatal
//! error (unreadable path, bad gazetteer, output that cannot be written).
//! `dealx gazetteer check` exits 1 when some row is bad.
//! A closed output pipe (`dealx extract … | head`) ends the run quietly
//! with status 0.
#![allow(clippy::print_stderr)]

mod flags;
mod messages;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use dealx_pipeline::{Extractor, Inputs, Mode, Summary};

use crate::flags::{Args, Command, CommonArgs, GazetteerCommand};

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match args.command {
        Command::Gazetteer(GazetteerCommand::Check { dir }) => check(&dir).map(|bad| {
            if bad > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }),
        Command::Extract(c) => documents(Mode::Extract, &c),
        Command::Sentences(c) => documents(Mode::Sentences, &c),
    };
    match outcome {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            messages::fatal(&err);
            ExitCode::from(2)
        }
    }
}

/// `dealx extract` and `dealx sentences`: exit status 1 when some
/// documents could not be read.
fn documents(mode: Mode, args: &CommonArgs) -> anyhow::Result<ExitCode> {
    let summary = execute(mode, args)?;
    if summary.errors > 0 {
        messages::summary_with_errors(&summary);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `dealx gazetteer check DIR`: every bad row on standard output, then a
/// summary line per file. Returns the number of bad rows.
fn check(dir: &std::path::Path) -> anyhow::Result<usize> {
    let reports = dealx_pipeline::check_gazetteer_dir(dir)
        .with_context(|| format!("cannot check {}", dir.display()))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bad = 0;
    for report in &reports {
        for error in &report.errors {
            writeln!(out, "{error}")?;
        }
        bad += report.errors.len();
    }
    for report in &reports {
        writeln!(
            out,
            "{}: {} entries, {} bad rows",
            report.path,
            report.rows,
            report.errors.len()
        )?;
    }
    out.flush()?;
    Ok(bad)
}

fn execute(mode: Mode, args: &CommonArgs) -> anyhow::Result<Summary> {
    let config = args.config();
    let inputs = Inputs::new(&args.paths)?;
    let extractor = Extractor::new(&config).context("cannot load the gazetteers")?;
    let mut on_error = |e: &dealx_pipeline::InputError| messages::document_error(e);
    match &args.output {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            let summary = dealx_pipeline::run(
                &extractor,
                inputs,
                mode,
                config.threads,
                &mut out,
                &mut on_error,
            )?;
            out.flush()?;
            Ok(summary)
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => std::path::Path::new("."),
            };
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create an output file in {}", dir.display()))?;
            let mut out = BufWriter::with_capacity(1 << 16, tmp);
            let summary = dealx_pipeline::run(
                &extractor,
                inputs,
                mode,
                config.threads,
                &mut out,
                &mut on_error,
            )
            .with_context(|| format!("cannot write {}", path.display()))?;
            let tmp = out
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(summary)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
