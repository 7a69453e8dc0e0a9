//! Command-line flags: parsed into plain structs with no I/O, then turned
//! into a [`dealx_pipeline::Config`] by [`CommonArgs::config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use dealx_core::Date;
use dealx_pipeline::{Config, Format, Layout, LayoutError, Records};

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "dealx",
    version,
    about = "Extract economic deals from raw news text, as JSON Lines.",
    long_about = "dealx reads raw news articles and writes, for each one, the leaders, companies, \
organizations and places it names, the sums of money (exact values, ISO 4217), the dates \
(ISO 8601, anchored on the article's own date) and the deals that tie them together, \
as one JSON object per line in input order.",
    after_help = "Examples:\n  dealx extract corpus/ > records.jsonl\n  dealx extract --threads 2 dump.jsonl -o records.jsonl\n  cat dump.jsonl | dealx extract --published 2024-06-12\n  dealx sentences article.txt\n  dealx eval --gold corpus/gold corpus/\n  dealx annotate new-article.txt -o corpus/gold"
)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities, amounts, dates and deals: one record per article.
    #[command(
        long_about = "Extract entities, amounts, dates and deals: one JSON record per article, \
one per line, in input order. A document that cannot be read gets an error record \
{\"id\", \"error\": {\"kind\", \"message\", \"source\"}} in its place, a message on \
standard error, and exit status 1 at the end; the rest of the batch goes on.",
        after_help = "Examples:\n  dealx extract corpus/ > records.jsonl\n  dealx extract a.txt b.jsonl -o records.jsonl\n  dealx extract < dump.jsonl\n  dealx extract --published 2024-06-12 article.txt\n  dealx extract corpus/ --format json > records.json\n  dealx extract corpus/ --records deals --format csv > deals.csv"
    )]
    Extract(ExtractArgs),
    /// Split articles into sentences: {"id", "sentences": [{start, end, text}]} per article.
    #[command(
        after_help = "Examples:\n  dealx sentences article.txt\n  dealx sentences < dump.jsonl"
    )]
    Sentences(CommonArgs),
    /// Score extraction against gold annotations: precision, recall and F1
    /// per field.
    #[command(
        long_about = "Score extraction against gold annotations (one <id>.json per article, \
format in ../shared/eval/GOLD.md): precision, recall and F1 for entities per type, amounts, \
dates and deals, by the rules of GOLD.md and with the same figures as `score docs`. \
Extracts the articles given as PATH whose ids have a gold file, or scores the records of \
an earlier `dealx extract` run given with --system. Exit status 1 when a figure is below \
its --floor.",
        after_help = "Examples:\n  dealx eval --gold corpus/gold corpus/\n  dealx eval --gold corpus/gold corpus/ --per-doc\n  dealx eval --gold corpus/gold --system records.jsonl\n  dealx eval --gold corpus/gold corpus/ --json --per-doc > before.json\n  dealx eval --gold corpus/gold corpus/ --baseline before.json\n  dealx eval --gold corpus/gold corpus/ --floor corpus/quality.toml"
    )]
    Eval(EvalArgs),
    /// Write a draft gold file per article from the current extraction, for
    /// a person to correct.
    #[command(
        long_about = "Write a draft gold file (<id>.json, format in ../shared/eval/GOLD.md) \
per article from the current extraction, for a person to correct: entities grouped into \
distinct entities with their other surface forms as aliases, amounts, dates, and deals \
with a placeholder summary. Existing files are left alone unless --force.",
        after_help = "Examples:\n  dealx annotate corpus/005_new.txt -o corpus/gold\n  dealx annotate dump.jsonl -o drafts/ --force"
    )]
    Annotate(AnnotateArgs),
    /// Work with gazetteer files.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Print the JSON Schema (draft 2020-12) of one line of `dealx extract`
    /// output.
    #[command(
        long_about = "Print the JSON Schema (draft 2020-12) of one line of `dealx extract` \
output (the default --format jsonl --records full): a record, or an error record for a \
document that could not be read. It is generated from the Rust types that write the \
output, so it always matches this version.",
        after_help = "Examples:\n  dealx schema > dealx-record.schema.json"
    )]
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  dealx completions bash > ~/.local/share/bash-completion/completions/dealx\n  dealx completions zsh > ~/.zfunc/_dealx\n  dealx completions fish > ~/.config/fish/completions/dealx.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per subcommand.
    #[command(
        after_help = "Examples:\n  dealx man | man -l -\n  dealx man --dir /usr/local/share/man/man1"
    )]
    Man {
        /// Write dealx.1 and one dealx-<subcommand>.1 page per subcommand
        /// into DIR instead of printing dealx.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The flags of `dealx extract`: the common ones and the output layout.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The input, output and tuning flags.
    #[command(flatten)]
    pub common: CommonArgs,

    /// How the output is framed: `jsonl`, one JSON object per line; `json`,
    /// one JSON array (streamed: one object per line between the brackets);
    /// `csv`, a header line then one row per line (needs --records other
    /// than full).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FormatArg::Jsonl)]
    pub format: FormatArg,

    /// What each article is written as: `full`, its whole record; `deals`,
    /// `entities`, `amounts` or `dates`, one flat row per item, each with
    /// the article's `doc_id` and `published` (lists joined with `|` in
    /// CSV). Stages that the rows do not need are not run (`entities`,
    /// `amounts` and `dates` skip the deal stage and the other two).
    /// Documents that cannot be read give no row; they are still
    /// reported on standard error and in the exit status.
    #[arg(long, value_enum, value_name = "KIND", default_value_t = RecordsArg::Full)]
    pub records: RecordsArg,
}

impl ExtractArgs {
    /// The output layout these flags ask for.
    ///
    /// # Errors
    ///
    /// `--format csv` with `--records full`.
    pub fn layout(&self) -> Result<Layout, LayoutError> {
        let format = match self.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        };
        let records = match self.records {
            RecordsArg::Full => Records::Full,
            RecordsArg::Deals => Records::Deals,
            RecordsArg::Entities => Records::Entities,
            RecordsArg::Amounts => Records::Amounts,
            RecordsArg::Dates => Records::Dates,
        };
        Layout::new(format, records)
    }
}

/// `--format`: [`dealx_pipeline::Format`] on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array.
    Json,
    /// CSV rows with a header line.
    Csv,
}

/// `--records`: [`dealx_pipeline::Records`] on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordsArg {
    /// The full record of each article.
    Full,
    /// One row per deal.
    Deals,
    /// One row per entity mention.
    Entities,
    /// One row per sum of money.
    Amounts,
    /// One row per date mention.
    Dates,
}

/// The `dealx gazetteer` subcommands.
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Check every *.tsv file in DIR and report each bad row as `file:line: reason`.
    #[command(
        long_about = "Check every *.tsv file directly inside DIR (entry files with the columns \
id, name, aliases, type, subtype, country, attrs, source; demonyms.tsv with name, country, \
source) and report every bad row, not just the first, as `file:line: reason`, then one \
summary line per file. Ids repeated across files and demonyms whose country has no entry \
are checked against the built-in files too. Exit status: 0 when every row is good, 1 when \
some are bad, 2 when DIR cannot be read.",
        after_help = "Examples:\n  dealx gazetteer check gazetteers/\n  dealx gazetteer check my-lists/ && dealx extract --gazetteers my-lists/ corpus/"
    )]
    Check {
        /// The directory of gazetteer TSV files.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// The flags of `dealx eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The directory of gold files (`<id>.json`).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// Articles to extract and score (as for `extract`); only those whose id
    /// has a gold file are extracted. With --system, the articles' texts
    /// are used only to show findings in their sentences.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Score the records of an earlier `dealx extract` run (JSON Lines; `-`
    /// for standard input) instead of extracting.
    #[arg(long, value_name = "FILE")]
    pub system: Option<PathBuf>,

    /// List every miss and false positive of every document, with the
    /// sentence it comes from.
    #[arg(long)]
    pub per_doc: bool,

    /// Write the figures as JSON (the input of --baseline) instead of the
    /// table.
    #[arg(long)]
    pub json: bool,

    /// Compare with an earlier `dealx eval --json` run and print what got
    /// better and what got worse (item by item when both runs used
    /// --per-doc).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// A quality floor file (`[f1]` field = minimum): exit status 1, with
    /// the field and figure named, when any F1 is below its floor.
    #[arg(long, value_name = "FILE")]
    pub floor: Option<PathBuf>,

    /// The reference date and gazetteer flags.
    #[command(flatten)]
    pub extraction: ExtractionArgs,
}

impl EvalArgs {
    /// The pipeline configuration (sequential: gold sets are small).
    pub fn config(&self) -> Config {
        self.extraction.config(1)
    }
}

/// The flags of `dealx annotate`.
#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// Articles to draft gold files for (as for `extract`; no path reads
    /// standard input).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The directory to write `<id>.json` files into (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
    pub output: PathBuf,

    /// Overwrite gold files that already exist.
    #[arg(long)]
    pub force: bool,

    /// The reference date and gazetteer flags.
    #[command(flatten)]
    pub extraction: ExtractionArgs,
}

impl AnnotateArgs {
    /// The pipeline configuration.
    pub fn config(&self) -> Config {
        self.extraction.config(1)
    }
}

/// The input, output and tuning flags every subcommand takes.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Input files or directories: `.txt` (one article, id = file stem),
    /// `.jsonl` (one {"id", "text", "published"?} object per line), directories
    /// (walked recursively in sorted order), `-` for standard input. No path
    /// reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write to FILE instead of standard output. The file appears only when
    /// the run completes (it is written beside it under a temporary name).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads [default: the number of CPUs]. Output is the same,
    /// byte for byte, whatever the number.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// The largest document read, in bytes (suffixes K, M, G: KiB, MiB,
    /// GiB). A larger `.txt` file or JSON line gets an error record of kind
    /// `too_large` and is never held in memory.
    #[arg(long, value_name = "BYTES", default_value = "16M", value_parser = parse_size)]
    pub max_doc_bytes: usize,

    /// Stop at the first document that cannot be read: its error record is
    /// the last line written, the exit status is 1, and `-o FILE` is not
    /// created.
    #[arg(long)]
    pub strict: bool,

    /// Print nothing on standard error but errors: no progress, warnings
    /// or summary.
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// The reference date and gazetteer flags.
    #[command(flatten)]
    pub extraction: ExtractionArgs,
}

/// The flags that change what is extracted, shared by every subcommand that
/// extracts (`extract`, `sentences`, `eval`, `annotate`).
#[derive(Debug, clap::Args)]
pub struct ExtractionArgs {
    /// Reference date (YYYY-MM-DD) for documents whose input carries no
    /// `published` date: "May 23" then takes its year.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub published: Option<Date>,

    /// A directory of gazetteer TSV files: each replaces the built-in file of
    /// the same name (places.tsv, demonyms.tsv, leaders.tsv, companies.tsv,
    /// organizations.tsv) or adds to them.
    #[arg(long, value_name = "DIR")]
    pub gazetteers: Option<PathBuf>,
}

impl ExtractionArgs {
    /// The pipeline configuration for these flags and `threads` workers.
    pub fn config(&self, threads: usize) -> Config {
        Config {
            threads,
            default_published: self.published,
            gazetteer_dir: self.gazetteers.clone(),
        }
    }
}

impl CommonArgs {
    /// The pipeline configuration these flags ask for.
    pub fn config(&self) -> Config {
        let threads = match self.threads {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        self.extraction.config(threads)
    }
}

/// A byte count: digits with an optional K, M or G (powers of 1024).
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("'{s}' is not a size (digits, then K, M or G)")),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a size (digits, then K, M or G)"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("the size must be at least 1 byte".to_string()),
        Some(n) => Ok(n),
        None => Err(format!("'{s}' is too large")),
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
        .map_err(|e: dealx_core::DateParseError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("dealx").chain(args.iter().copied()))
    }

    fn common(args: &[&str]) -> CommonArgs {
        match parse(args).unwrap().command {
            Command::Extract(e) => e.common,
            Command::Sentences(c) => c,
            other => panic!("not a common command: {other:?}"),
        }
    }

    fn eval(args: &[&str]) -> EvalArgs {
        match parse(args).unwrap().command {
            Command::Eval(e) => e,
            other => panic!("not eval: {other:?}"),
        }
    }

    fn annotate(args: &[&str]) -> AnnotateArgs {
        match parse(args).unwrap().command {
            Command::Annotate(a) => a,
            other => panic!("not annotate: {other:?}"),
        }
    }

    #[test]
    fn eval_takes_gold_and_paths() {
        let e = eval(&["eval", "--gold", "g/", "corpus/", "more.jsonl"]);
        assert_eq!(e.gold, PathBuf::from("g/"));
        assert_eq!(e.paths, [PathBuf::from("corpus/"), "more.jsonl".into()]);
        assert!(!e.per_doc && !e.json && e.system.is_none() && e.baseline.is_none());
        assert_eq!(e.config().threads, 1);
    }

    #[test]
    fn eval_requires_gold() {
        assert!(parse(&["eval", "corpus/"]).is_err());
    }

    #[test]
    fn eval_flags() {
        let e = eval(&[
            "eval",
            "--gold",
            "g",
            "--system",
            "s.jsonl",
            "--per-doc",
            "--json",
            "--baseline",
            "b.json",
            "--floor",
            "q.toml",
            "--published",
            "2024-01-02",
            "--gazetteers",
            "gz",
        ]);
        assert_eq!(e.system, Some("s.jsonl".into()));
        assert!(e.per_doc && e.json);
        assert_eq!(e.baseline, Some("b.json".into()));
        assert_eq!(e.floor, Some("q.toml".into()));
        assert_eq!(
            e.config().default_published.unwrap().to_string(),
            "2024-01-02"
        );
        assert_eq!(e.config().gazetteer_dir, Some("gz".into()));
    }

    #[test]
    fn annotate_needs_an_output_dir() {
        assert!(parse(&["annotate", "a.txt"]).is_err());
        let a = annotate(&["annotate", "a.txt", "-o", "drafts"]);
        assert_eq!(a.output, PathBuf::from("drafts"));
        assert!(!a.force);
        let a = annotate(&["annotate", "--output", "d", "--force"]);
        assert!(a.force && a.paths.is_empty());
    }

    #[test]
    fn gazetteer_check_takes_one_directory() {
        match parse(&["gazetteer", "check", "gz/"]).unwrap().command {
            Command::Gazetteer(GazetteerCommand::Check { dir }) => {
                assert_eq!(dir, PathBuf::from("gz/"))
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(&["gazetteer", "check"]).is_err());
        assert!(parse(&["gazetteer"]).is_err());
    }

    #[test]
    fn extract_takes_paths() {
        let c = common(&["extract", "a.txt", "dir/", "-"]);
        assert_eq!(c.paths, [PathBuf::from("a.txt"), "dir/".into(), "-".into()]);
    }

    #[test]
    fn no_paths_means_stdin() {
        assert!(common(&["extract"]).paths.is_empty());
    }

    #[test]
    fn output_flag_short_and_long() {
        assert_eq!(
            common(&["extract", "-o", "x.jsonl"]).output,
            Some("x.jsonl".into())
        );
        assert_eq!(
            common(&["sentences", "--output", "y"]).output,
            Some("y".into())
        );
    }

    #[test]
    fn threads_flag_sets_config_and_rejects_zero() {
        assert_eq!(common(&["extract", "--threads", "2"]).config().threads, 2);
        assert_eq!(common(&["extract", "-j", "1"]).config().threads, 1);
        assert!(parse(&["extract", "--threads", "0"]).is_err());
        assert!(common(&["extract"]).config().threads >= 1);
    }

    #[test]
    fn published_flag_is_a_checked_date() {
        let c = common(&["extract", "--published", "2024-06-12"]);
        assert_eq!(
            c.config().default_published.unwrap().to_string(),
            "2024-06-12"
        );
        let err = parse(&["extract", "--published", "2024-02-30"]).unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn gazetteers_flag_sets_config() {
        let c = common(&["extract", "--gazetteers", "gz/"]);
        assert_eq!(c.config().gazetteer_dir, Some("gz/".into()));
    }

    fn layout(args: &[&str]) -> Result<Layout, LayoutError> {
        match parse(args).unwrap().command {
            Command::Extract(e) => e.layout(),
            other => panic!("not extract: {other:?}"),
        }
    }

    #[test]
    fn extract_defaults_to_full_records_as_json_lines() {
        let l = layout(&["extract"]).unwrap();
        assert_eq!((l.format(), l.records()), (Format::Jsonl, Records::Full));
    }

    #[test]
    fn format_and_records_flags_set_the_layout() {
        let l = layout(&["extract", "--format", "csv", "--records", "deals"]).unwrap();
        assert_eq!((l.format(), l.records()), (Format::Csv, Records::Deals));
        let l = layout(&["extract", "--format", "json"]).unwrap();
        assert_eq!((l.format(), l.records()), (Format::Json, Records::Full));
        let l = layout(&["extract", "--records", "amounts"]).unwrap();
        assert_eq!((l.format(), l.records()), (Format::Jsonl, Records::Amounts));
        for kind in ["entities", "dates"] {
            assert!(layout(&["extract", "--format", "csv", "--records", kind]).is_ok());
        }
    }

    #[test]
    fn csv_of_full_records_is_refused() {
        assert_eq!(layout(&["extract", "--format", "csv"]), Err(LayoutError));
    }

    #[test]
    fn unknown_format_or_records_is_a_parse_error() {
        assert!(parse(&["extract", "--format", "xml"]).is_err());
        assert!(parse(&["extract", "--records", "people"]).is_err());
        assert!(parse(&["sentences", "--format", "json"]).is_err());
    }

    #[test]
    fn schema_completions_and_man_parse() {
        assert!(matches!(
            parse(&["schema"]).unwrap().command,
            Command::Schema
        ));
        match parse(&["completions", "zsh"]).unwrap().command {
            Command::Completions { shell } => assert_eq!(shell, clap_complete::Shell::Zsh),
            other => panic!("{other:?}"),
        }
        assert!(parse(&["completions", "tcsh"]).is_err());
        match parse(&["man", "--dir", "m"]).unwrap().command {
            Command::Man { dir } => assert_eq!(dir, Some(PathBuf::from("m"))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_command_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }

    #[test]
    fn max_doc_bytes_takes_sizes_with_units() {
        assert_eq!(common(&["extract"]).max_doc_bytes, 16 << 20);
        let size = |v: &str| common(&["extract", "--max-doc-bytes", v]).max_doc_bytes;
        assert_eq!(size("1000"), 1000);
        assert_eq!(size("64K"), 64 << 10);
        assert_eq!(size("2M"), 2 << 20);
        assert_eq!(size("1GiB"), 1 << 30);
        for bad in ["0", "12X", "M", "-5"] {
            assert!(
                parse(&["extract", "--max-doc-bytes", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn strict_and_quiet_flags() {
        let c = common(&["extract"]);
        assert!(!c.strict && !c.quiet);
        let c = common(&["extract", "--strict", "-q"]);
        assert!(c.strict && c.quiet);
        assert!(common(&["sentences", "--quiet"]).quiet);
    }

    #[test]
    fn subcommand_is_required() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["frobnicate"]).is_err());
    }
}
