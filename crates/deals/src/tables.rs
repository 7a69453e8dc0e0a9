//! The deal stage's lexicons: trigger words, cue words and sector keywords,
//! read from tab-separated tables and compiled into automata once.

use dealx_core::{DealKind, Sector, Span};

use crate::scan::Phrases;

/// The trigger table built into the binary.
pub const DEFAULT_TRIGGERS: &str = include_str!("../data/triggers.tsv");
/// The cue table built into the binary.
pub const DEFAULT_CUES: &str = include_str!("../data/cues.tsv");
/// The sector keyword table built into the binary.
pub const DEFAULT_SECTORS: &str = include_str!("../data/sectors.tsv");

/// A row of a deal table that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    /// Which table: `triggers`, `cues` or `sectors`.
    pub table: &'static str,
    /// The 1-based line number (0 when the table as a whole is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} table, line {}: {}",
            self.table, self.line, self.message
        )
    }
}

impl std::error::Error for TableError {}

/// Whether a trigger is a noun or a verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    Noun,
    /// A noun naming a physical asset (plant, railway, terminal).
    Asset,
    Verb,
}

/// What a trigger needs to report a deal on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing: the word names an event or an asset.
    Event,
    /// A sum or a measured change in its clause.
    Figure,
}

/// One row of the trigger table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    Deal {
        kind: DealKind,
        form: Form,
        needs: Needs,
    },
    Not,
}

/// The role of a cue (see `data/cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Hypothetical,
    Call,
    Goal,
    Negation,
    Ignore,
    Pair,
    Subject,
    Refer,
    CompanyRef,
    Attach,
    Measure,
    Clause,
    Example,
    Count,
}

impl Cue {
    fn from_name(name: &str) -> Option<Cue> {
        Some(match name {
            "hypothetical" => Cue::Hypothetical,
            "call" => Cue::Call,
            "goal" => Cue::Goal,
            "negation" => Cue::Negation,
            "ignore" => Cue::Ignore,
            "pair" => Cue::Pair,
            "subject" => Cue::Subject,
            "refer" => Cue::Refer,
            "company_ref" => Cue::CompanyRef,
            "attach" => Cue::Attach,
            "measure" => Cue::Measure,
            "clause" => Cue::Clause,
            "example" => Cue::Example,
            "count" => Cue::Count,
            _ => return None,
        })
    }
}

/// A compiled lexicon: the phrases of a table (see [`Phrases`] for how
/// they match) and the payload of each phrase.
#[derive(Clone, Debug)]
pub(crate) struct Lexicon<T> {
    pub(crate) phrases: Phrases,
    payloads: Vec<T>,
}

impl<T: Copy> Lexicon<T> {
    fn build(table: &'static str, rows: Vec<(usize, String, T)>) -> Result<Lexicon<T>, TableError> {
        let (phrases, payloads): (Vec<String>, Vec<T>) = rows
            .into_iter()
            .map(|(_, phrase, payload)| (phrase, payload))
            .unzip();
        let phrases = Phrases::new(&phrases).map_err(|e| TableError {
            table,
            line: 0,
            message: e.to_string(),
        })?;
        Ok(Lexicon { phrases, payloads })
    }

    /// Every match in `text[within]` that sits on word boundaries, in text
    /// order, with offsets into `text`.
    #[cfg(test)]
    pub(crate) fn find(&self, text: &str, within: Span, out: &mut Vec<(Span, T)>) {
        self.phrases
            .find(text, within, |span, i| out.push((span, self.payloads[i])));
    }

    /// [`Lexicon::find`] of each of `spans` (sorted and disjoint) in turn,
    /// each match given to `found` with its payload.
    pub(crate) fn find_in(&self, text: &str, spans: &[Span], mut found: impl FnMut(Span, T)) {
        self.phrases
            .find_in(text, spans, |span, i| found(span, self.payloads[i]));
    }
}

/// The data rows of a table: header and `#` comments skipped, each row
/// split on tabs into exactly `columns` fields.
fn rows<'t>(
    table: &'static str,
    text: &'t str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'t str>)>, TableError> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != columns || fields.iter().any(|f| f.trim().is_empty()) {
            return Err(TableError {
                table,
                line: i + 1,
                message: format!("expected {columns} non-empty tab-separated fields"),
            });
        }
        out.push((i + 1, fields));
    }
    Ok(out)
}

fn kind_from_name(name: &str) -> Option<DealKind> {
    Some(match name {
        "agreement" => DealKind::Agreement,
        "investment" => DealKind::Investment,
        "trade" => DealKind::Trade,
        "project" => DealKind::Project,
        "financing" => DealKind::Financing,
        "other" => DealKind::Other,
        _ => return None,
    })
}

/// What a phrase of the combined trigger and cue lexicon is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) trigger: Option<Trigger>,
    pub(crate) cue: Option<Cue>,
}

/// One automaton over the trigger and the cue tables, so that the body is
/// scanned once. A phrase in both tables carries both roles; a phrase that
/// starts with a phrase of the other table ("bilateral trade", "bilateral")
/// carries that role too, since the longest match hides the shorter one.
pub(crate) fn words(triggers: &str, cues: &str) -> Result<Lexicon<Hit>, TableError> {
    let mut rows: Vec<(usize, String, Hit)> = Vec::new();
    let find = |rows: &mut Vec<(usize, String, Hit)>, line: usize, phrase: &str| match rows
        .iter()
        .position(|(_, p, _)| p.eq_ignore_ascii_case(phrase))
    {
        Some(i) => i,
        None => {
            rows.push((line, phrase.to_string(), Hit::default()));
            rows.len() - 1
        }
    };
    for (line, phrase, trigger) in trigger_rows(triggers)? {
        let i = find(&mut rows, line, &phrase);
        rows[i].2.trigger = Some(trigger);
    }
    for (line, phrase, cue) in cue_rows(cues)? {
        let i = find(&mut rows, line, &phrase);
        rows[i].2.cue = Some(cue);
    }
    let lower: Vec<String> = rows
        .iter()
        .map(|(_, p, _)| p.to_ascii_lowercase())
        .collect();
    let carried: Vec<Hit> = (0..rows.len())
        .map(|i| {
            let mut hit = rows[i].2;
            for (j, q) in lower.iter().enumerate() {
                let prefix = j != i
                    && lower[i].len() > q.len()
                    && lower[i].starts_with(q.as_str())
                    && lower[i].as_bytes()[q.len()] == b' ';
                if prefix {
                    hit.trigger = hit.trigger.or(rows[j].2.trigger);
                    hit.cue = hit.cue.or(rows[j].2.cue);
                }
            }
            hit
        })
        .collect();
    for (row, hit) in rows.iter_mut().zip(carried) {
        row.2 = hit;
    }
    Lexicon::build("triggers", rows)
}

fn trigger_rows(text: &str) -> Result<Vec<(usize, String, Trigger)>, TableError> {
    let mut out = Vec::new();
    for (line, f) in rows("triggers", text, 5)? {
        let err = |message: String| TableError {
            table: "triggers",
            line,
            message,
        };
        let trigger = if f[1] == "not" {
            Trigger::Not
        } else {
            let kind =
                kind_from_name(f[1]).ok_or_else(|| err(format!("unknown deal kind '{}'", f[1])))?;
            let form = match f[2] {
                "noun" => Form::Noun,
                "asset" => Form::Asset,
                "verb" => Form::Verb,
                other => return Err(err(format!("unknown form '{other}'"))),
            };
            let needs = match f[3] {
                "event" => Needs::Event,
                "figure" => Needs::Figure,
                other => return Err(err(format!("unknown need '{other}'"))),
            };
            Trigger::Deal { kind, form, needs }
        };
        out.push((line, f[0].to_string(), trigger));
    }
    Ok(out)
}

fn cue_rows(text: &str) -> Result<Vec<(usize, String, Cue)>, TableError> {
    let mut out = Vec::new();
    for (line, f) in rows("cues", text, 3)? {
        let cue = Cue::from_name(f[1]).ok_or_else(|| TableError {
            table: "cues",
            line,
            message: format!("unknown cue role '{}'", f[1]),
        })?;
        out.push((line, f[0].to_string(), cue));
    }
    Ok(out)
}

pub(crate) fn sectors(text: &str) -> Result<Lexicon<Sector>, TableError> {
    let mut out: Vec<(usize, String, Sector)> = Vec::new();
    for (line, f) in rows("sectors", text, 3)? {
        let sector = Sector::from_name(f[1]).ok_or_else(|| TableError {
            table: "sectors",
            line,
            message: format!("unknown sector '{}'", f[1]),
        })?;
        // The longest keyword wins where keywords nest ("wind farm" over
        // "farm"), so a keyword names one sector.
        if out.iter().any(|(_, k, _)| k.eq_ignore_ascii_case(f[0])) {
            return Err(TableError {
                table: "sectors",
                line,
                message: format!("keyword '{}' listed twice", f[0]),
            });
        }
        out.push((line, f[0].to_string(), sector));
    }
    Lexicon::build("sectors", out)
}
