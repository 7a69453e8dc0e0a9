//! Command-line flags: parsed into plain structs with no I/O, then turned
//! into a [`dealx_pipeline::Config`] by [`CommonArgs::config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use dealx_core::Date;
use dealx_pipeline::Config;

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
    after_help = "Examples:\n  dealx extract corpus/ > records.jsonl\n  dealx extract --threads 2 dump.jsonl -o records.jsonl\n  cat dump.jsonl | dealx extract --published 2024-06-12\n  dealx sentences article.txt"
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
        after_help = "Examples:\n  dealx extract corpus/ > records.jsonl\n  dealx extract a.txt b.jsonl -o records.jsonl\n  dealx extract < dump.jsonl\n  dealx extract --published 2024-06-12 article.txt"
    )]
    Extract(CommonArgs),
    /// Split articles into sentences: {"id", "sentences": [{start, end, text}]} per article.
    #[command(
        after_help = "Examples:\n  dealx sentences article.txt\n  dealx sentences < dump.jsonl"
    )]
    Sentences(CommonArgs),
    /// Work with gazetteer files.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
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

    /// Reference date (YYYY-MM-DD) for documents whose input carries no
    /// `published` date: "May 23" then takes its year.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub published: Option<Date>,

    /// A directory of gazetteer TSV files: each replaces the built-in file of
    /// the same name (places.tsv, demonyms.tsv) or adds to them.
    #[arg(long, value_name = "DIR")]
    pub gazetteers: Option<PathBuf>,
}

impl CommonArgs {
    /// The pipeline configuration these flags ask for.
    pub fn config(&self) -> Config {
        let threads = match self.threads {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        Config {
            threads,
            default_published: self.published,
            gazetteer_dir: self.gazetteers.clone(),
        }
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
            Command::Extract(c) | Command::Sentences(c) => c,
            Command::Gazetteer(_) => panic!("not a document command"),
        }
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

    #[test]
    fn subcommand_is_required() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["frobnicate"]).is_err());
    }
}
