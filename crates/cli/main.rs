//! The `dealx` command: parses arguments, runs the pipeline, maps the result
//! to an exit status. Everything else lives in the library crates.
//!
//! Exit status: 0 when every document was read, 1 when some could not be
//! (each has an error record and a message) or, for `eval`, when a figure
//! is below its floor and, for `annotate`, when a gold file was left alone;
//! 2 for bad arguments or a fatal error (unreadable path, bad gazetteer,
//! output that cannot be written).
//! `dealx gazetteer check` exits 1 when some row is bad.
//! A closed output pipe (`dealx extract … | head`) ends the run quietly
//! with status 0.
#![allow(clippy::print_stderr)]

mod flags;
mod messages;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser};
use dealx_pipeline::eval::{self, Floors, GoldSet, Report, SystemSet};
use dealx_pipeline::{Extractor, Inputs, Item, Layout, Mode, Sink, Summary};

use crate::flags::{AnnotateArgs, Args, Command, CommonArgs, EvalArgs, GazetteerCommand};

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(status) => ExitCode::from(status),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            messages::fatal(&err);
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand; `Ok` holds the exit status.
fn run(args: Args) -> anyhow::Result<u8> {
    let (mode, layout, common) = match args.command {
        Command::Extract(e) => (Mode::Extract, e.layout()?, e.common),
        Command::Sentences(c) => (Mode::Sentences, Layout::default(), c),
        Command::Schema => return schema(),
        Command::Completions { shell } => return completions(shell),
        Command::Man { dir } => return man(dir.as_deref()),
        Command::Eval(e) => return eval(&e),
        Command::Annotate(a) => return annotate(&a),
        Command::Gazetteer(GazetteerCommand::Check { dir }) => {
            return check(&dir).map(|bad| u8::from(bad > 0))
        }
    };
    let summary = execute(mode, &common, layout)?;
    if summary.errors > 0 {
        messages::summary_with_errors(&summary);
        return Ok(1);
    }
    Ok(0)
}

/// `dealx eval`: score, print, compare, check the floor. Status 1 when a
/// figure is below its floor or a document could not be read.
fn eval(args: &EvalArgs) -> anyhow::Result<u8> {
    if args.paths.is_empty() && args.system.is_none() {
        anyhow::bail!(
            "eval needs the articles to extract (PATH...) or the records of an earlier run \
             (--system FILE)"
        );
    }
    let gold = GoldSet::read_dir(&args.gold)?;
    let floors = args.floor.as_deref().map(Floors::read).transpose()?;
    let baseline = args
        .baseline
        .as_deref()
        .map(eval::read_baseline)
        .transpose()?;
    let extractor = Extractor::new(&args.config()).context("cannot load the gazetteers")?;
    let mut errors = 0u64;
    let mut on_error = |e: &dealx_pipeline::InputError| {
        errors += 1;
        messages::document_error(e);
    };
    let system = match &args.system {
        Some(file) => {
            let mut system = SystemSet::read_jsonl(file)?;
            if !args.paths.is_empty() {
                system.add_articles(&extractor, Inputs::new(&args.paths)?, &mut on_error);
            }
            system
        }
        None => SystemSet::extract(&extractor, &gold, Inputs::new(&args.paths)?, &mut on_error),
    };
    let report = Report::new(&gold, &system);
    let comparison = baseline.map(|b| eval::compare(&b, &report));
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    messages::eval_report(
        &mut out,
        &report,
        args.per_doc,
        args.json,
        comparison
            .as_ref()
            .zip(args.baseline.as_deref().map(|p| p.display().to_string())),
    )?;
    out.flush()?;
    let mut status = u8::from(errors > 0);
    if let (Some(floors), Some(path)) = (floors, &args.floor) {
        let below = floors.check(&report);
        if !below.is_empty() {
            messages::below_floor(path, &below);
            status = 1;
        }
    }
    Ok(status)
}

/// `dealx annotate`: one draft gold file per article. Status 1 when a file
/// was left alone (it exists) or a document could not be read.
fn annotate(args: &AnnotateArgs) -> anyhow::Result<u8> {
    let inputs = Inputs::new(&args.paths)?;
    let extractor = Extractor::new(&args.config()).context("cannot load the gazetteers")?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let (mut written, mut problems) = (0u64, 0u64);
    for item in inputs {
        let doc = match item {
            Item::Doc(d) => d,
            Item::Error(e) => {
                messages::document_error(&e);
                problems += 1;
                continue;
            }
        };
        if doc.id.is_empty() || doc.id.contains(['/', '\\']) || doc.id.starts_with('.') {
            messages::annotate_bad_id(&doc.id);
            problems += 1;
            continue;
        }
        let path = args.output.join(format!("{}.json", doc.id));
        if path.exists() && !args.force {
            messages::annotate_exists(&path);
            problems += 1;
            continue;
        }
        let extraction = extractor.process(&doc);
        let draft = dealx_pipeline::draft_gold(&extractor.record(&extraction));
        std::fs::write(&path, draft).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
    }
    messages::annotate_done(written, &args.output);
    Ok(u8::from(problems > 0))
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

/// `dealx schema`: the JSON Schema of an output line, pretty-printed.
fn schema() -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    serde_json::to_writer_pretty(&mut out, &dealx_core::record::json_schema())?;
    writeln!(out)?;
    out.flush()?;
    Ok(0)
}

/// `dealx completions SHELL`: the completion script on standard output.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    clap_complete::generate(shell, &mut Args::command(), "dealx", &mut out);
    out.flush()?;
    Ok(0)
}

/// `dealx man [--dir DIR]`: dealx.1 on standard output, or every page
/// (dealx.1, dealx-extract.1, …) written into DIR.
fn man(dir: Option<&std::path::Path>) -> anyhow::Result<u8> {
    let command = Args::command();
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
    }
    Ok(0)
}

fn execute(mode: Mode, args: &CommonArgs, layout: Layout) -> anyhow::Result<Summary> {
    let config = args.config();
    let inputs = Inputs::new(&args.paths)?;
    let extractor = Extractor::new(&config).context("cannot load the gazetteers")?;
    let mut on_error = |e: &dealx_pipeline::InputError| messages::document_error(e);
    match &args.output {
        None => {
            let stdout = io::stdout();
            let mut out = Sink::new(BufWriter::with_capacity(1 << 16, stdout.lock()), layout);
            let summary = dealx_pipeline::run(
                &extractor,
                inputs,
                mode,
                config.threads,
                &mut out,
                &mut on_error,
            )?;
            out.finish()?;
            Ok(summary)
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => std::path::Path::new("."),
            };
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create an output file in {}", dir.display()))?;
            let mut out = Sink::new(BufWriter::with_capacity(1 << 16, tmp), layout);
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
                .finish()
                .with_context(|| format!("cannot write {}", path.display()))?
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
