//! The `dealx` command: parses arguments, runs the pipeline, maps the result
//! to an exit status. Everything else lives in the library crates.
//!
//! Exit status: 0 when every document was read, 1 when some could not be
//! (each has an error record and a message; with `--strict` the run stops
//! at the first) or, for `eval`, when a figure
//! is below its floor and, for `annotate`, when a gold file was left alone;
//! 2 for bad arguments or a fatal error (unreadable path, bad gazetteer,
//! output that cannot be written); 130 when stopped by Ctrl-C (after the
//! chunk in hand is written; `-o FILE` is then not created).
//! `dealx gazetteer check` exits 1 when some row is bad.
//! A closed output pipe (`dealx extract … | head`) ends the run quietly
//! with status 0.
#![allow(clippy::print_stderr)]

mod flags;
mod messages;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{CommandFactory, Parser};
use dealx_pipeline::eval::{self, Floors, GoldSet, Report, SystemSet};
use dealx_pipeline::{Events, Extractor, InputError, Inputs, Item, Layout, Mode, Sink, Summary};

use crate::flags::{AnnotateArgs, Args, Command, CommonArgs, EvalArgs, GazetteerCommand};

/// jemalloc rather than the system allocator: the stages allocate and free
/// many small vectors per document, and a document's text is allocated by
/// the reading thread and freed by a worker. On the 100 MB benchmark
/// corpus, one thread, five alternating runs: 2.04 s median against
/// 2.13 s with glibc's malloc, peak RSS 135 MB against 140 MB; on the
/// 1 GB dump, two threads: 9.2-9.4 s against 9.9 s, 168-172 MB against
/// 181 MB. (mimalloc, tried in session 6, cost more system time and
/// memory than it saved.)
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    execute(mode, &common, layout)
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
            Item::Warning(w) => {
                messages::document_warning(&w);
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

/// `extract` and `sentences`: the batch run, its summary and its exit
/// status.
fn execute(mode: Mode, args: &CommonArgs, layout: Layout) -> anyhow::Result<u8> {
    let started = Instant::now();
    let config = args.config();
    let inputs = Inputs::new(&args.paths)?.max_doc_bytes(args.max_doc_bytes);
    let extractor = Extractor::new(&config).context("cannot load the gazetteers")?;
    let interrupted = Arc::new(AtomicBool::new(false));
    // The temporary output file, removed by a second Ctrl-C.
    let unfinished: Arc<Mutex<Option<PathBuf>>> = Arc::default();
    let (flag, litter) = (Arc::clone(&interrupted), Arc::clone(&unfinished));
    // A first Ctrl-C stops after the chunk in hand; a second one at once.
    // Without a handler (one already set) Ctrl-C keeps its default.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            if let Some(path) = litter.lock().ok().and_then(|mut p| p.take()) {
                let _ = std::fs::remove_file(path);
            }
            std::process::exit(130);
        }
    });
    let bytes_read = inputs.bytes_read();
    let bar = (!args.quiet && io::stderr().is_terminal())
        .then(|| messages::progress_bar(inputs.total_bytes()));
    let mut reporter = Reporter {
        quiet: args.quiet,
        strict: args.strict,
        failed: false,
        interrupted: Arc::clone(&interrupted),
        bar,
        bytes_read: Arc::clone(&bytes_read),
    };
    // The whole batch into `file`, flushed at the end.
    let run_into = |file: &mut dyn Write, reporter: &mut Reporter| -> io::Result<Summary> {
        let mut out = Sink::new(BufWriter::with_capacity(1 << 16, file), layout);
        let summary =
            dealx_pipeline::run(&extractor, inputs, mode, config.threads, &mut out, reporter)?;
        out.finish()?;
        Ok(summary)
    };
    let summary = match &args.output {
        None => run_into(&mut io::stdout().lock(), &mut reporter)?,
        Some(path) => match OutputFile::for_path(path) {
            OutputFile::InPlace => {
                // Not a regular file (`/dev/null`, a FIFO, a terminal):
                // renaming over it would replace the device itself.
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                run_into(&mut file, &mut reporter)
                    .with_context(|| format!("cannot write {}", path.display()))?
            }
            OutputFile::Replace(path) => {
                let dir = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => std::path::Path::new("."),
                };
                let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| {
                    format!("cannot create an output file in {}", dir.display())
                })?;
                if let Ok(mut p) = unfinished.lock() {
                    *p = Some(tmp.path().to_path_buf());
                }
                // The file itself rather than `tmp`: a `File` takes vectored
                // writes, which let the buffered writer pass each chunk's
                // records on without copying them (`Sink::write_items`).
                let summary = run_into(tmp.as_file_mut(), &mut reporter)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                // A run that stopped early leaves no file: the temporary one
                // is removed when dropped.
                if let Ok(mut p) = unfinished.lock() {
                    *p = None;
                }
                if !summary.stopped {
                    tmp.persist(&path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
                summary
            }
        },
    };
    // The process ends soon: freeing the gazetteer's tens of thousands of
    // entries one by one would only delay the exit (the system takes the
    // memory back at once).
    std::mem::forget(extractor);
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    if !args.quiet {
        messages::summary(
            &summary,
            bytes_read.load(Ordering::Relaxed),
            started.elapsed(),
        );
    }
    if interrupted.load(Ordering::SeqCst) {
        messages::interrupted(args.output.as_deref());
        return Ok(130);
    }
    if summary.stopped {
        messages::stopped_strict(args.output.as_deref());
        return Ok(1);
    }
    Ok(u8::from(summary.errors > 0))
}

/// How `--output PATH` is written.
enum OutputFile {
    /// A regular file, new or old: written as a temporary file beside it
    /// and renamed into place at the end, so that a failed or interrupted
    /// run leaves the old file (or none) rather than half a new one. A
    /// symbolic link is followed, so the link stays and its target is
    /// replaced.
    Replace(PathBuf),
    /// Something else that exists, such as `/dev/null`, a FIFO or a
    /// terminal: opened and written as it is.
    InPlace,
}

impl OutputFile {
    fn for_path(path: &std::path::Path) -> OutputFile {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => OutputFile::InPlace,
            Ok(_) => OutputFile::Replace(std::fs::canonicalize(path).unwrap_or(path.into())),
            // Nothing there yet: a new file at the path (a dangling link
            // is replaced by it).
            Err(_) => OutputFile::Replace(path.into()),
        }
    }
}

/// What the CLI does with the events of a run: messages on standard
/// error (through the progress bar when there is one), the bar itself,
/// and when to stop (Ctrl-C, or the first error with `--strict`).
struct Reporter {
    quiet: bool,
    strict: bool,
    failed: bool,
    interrupted: Arc<AtomicBool>,
    bar: Option<indicatif::ProgressBar>,
    bytes_read: Arc<AtomicU64>,
}

impl Reporter {
    fn say(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Events for Reporter {
    fn error(&mut self, error: &InputError) {
        self.failed = true;
        self.say(|| messages::document_error(error));
    }

    fn warning(&mut self, warning: &InputError) {
        if !self.quiet {
            self.say(|| messages::document_warning(warning));
        }
    }

    fn chunk_written(&mut self, summary: &Summary) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes_read.load(Ordering::Relaxed));
            bar.set_message(format!("{} documents", summary.documents()));
        }
    }

    fn stop(&mut self) -> bool {
        self.interrupted.load(Ordering::SeqCst) || (self.strict && self.failed)
    }
}

/// How often the progress bar redraws on its own (ETA and rate move even
/// while a chunk is being processed).
pub(crate) const PROGRESS_TICK: Duration = Duration::from_millis(200);

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
