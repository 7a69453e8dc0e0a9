//! Test helpers shared by dealx's integration tests (and, later, its fuzz
//! targets). Not part of the tool.
//!
//! This crate owns two things:
//!
//! - the output contract read back strictly: [`Record`] and its children
//!   deserialise with `deny_unknown_fields`, so a field added to the output
//!   without updating the contract fails a test instead of passing silently;
//! - [`check_record`], the invariants every record must keep: every span
//!   lies inside the text on character boundaries and slices it to exactly
//!   its `text`; mentions are sorted; each lies inside the sentence it
//!   names; a deal's evidence is its sentence; sentences lie inside body
//!   ranges, which are sorted and each inside an article.

use serde::Deserialize;

/// One line of `dealx extract` output, read back strictly.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Article id.
    pub id: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Where the publication date came from.
    pub published_source: Option<String>,
    /// Entity mentions.
    pub entities: Vec<EntityRecord>,
    /// Amounts.
    pub amounts: Vec<AmountRecord>,
    /// Date mentions.
    pub dates: Vec<DateRecord>,
    /// Deals.
    pub deals: Vec<DealRecord>,
    /// Body ranges, `[start, end]`.
    pub body: Vec<[usize; 2]>,
    /// Articles.
    pub articles: Vec<ArticleRecord>,
    /// Input warnings (`invalid_utf8`, `empty_text`, `duplicate_id`).
    pub warnings: Vec<String>,
}

/// An article of a page.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArticleRecord {
    /// The headline's range.
    pub title: Option<RangeRecord>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A byte range.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RangeRecord {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// An entity mention.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    /// `leader`, `company`, `organization` or `place`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Place subtype.
    pub subtype: Option<String>,
    /// Canonical name.
    pub name: String,
    /// Surface text.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Gazetteer id.
    pub id: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `gazetteer` or `rule`.
    pub source: String,
    /// `name`, `alias`, `demonym`, `rule` or `coreference`.
    pub via: String,
}

/// An amount.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AmountRecord {
    /// Surface text.
    pub text: String,
    /// Value in units of the currency.
    pub value: serde_json::Number,
    /// ISO 4217 code.
    pub currency: String,
    /// Value in US dollars.
    pub usd: Option<serde_json::Number>,
    /// Qualifier.
    pub qualifier: Option<String>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Whether the currency was chosen by default or context.
    pub currency_assumed: bool,
    /// Date of the rate used for `usd`.
    pub usd_rate_date: Option<String>,
    /// Index of the other end of a range.
    pub range_with: Option<usize>,
    /// Indices of the same sum in other currencies.
    pub same_as: Vec<usize>,
}

/// A date mention.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DateRecord {
    /// Surface text.
    pub text: String,
    /// ISO 8601 value.
    pub value: String,
    /// `published` when anchored.
    pub anchor: Option<String>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
}

/// A deal.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DealRecord {
    /// Deal kind.
    pub kind: String,
    /// Parties.
    pub parties: Vec<DealEntity>,
    /// Leaders named where the deal was read.
    pub leaders: Vec<DealEntity>,
    /// Places that are not parties.
    pub places: Vec<DealEntity>,
    /// Amount.
    pub amount: Option<DealAmount>,
    /// Date value.
    pub date: Option<String>,
    /// Count of documents or projects.
    pub count: Option<u32>,
    /// Sector names.
    pub sectors: Vec<String>,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence's text.
    pub evidence: String,
    /// The range the deal was read from.
    pub span: RangeRecord,
    /// Confidence, 0 to 1.
    pub confidence: f64,
}

/// A party, leader or place of a deal.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DealEntity {
    /// Canonical name.
    pub name: String,
    /// Entity type, or place subtype.
    #[serde(rename = "type")]
    pub kind: String,
    /// Gazetteer id.
    pub id: Option<String>,
}

/// A deal's amount.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DealAmount {
    /// Value in units of the currency.
    pub value: serde_json::Number,
    /// ISO 4217 code.
    pub currency: String,
    /// Value in US dollars.
    pub usd: Option<serde_json::Number>,
    /// Surface text.
    pub text: String,
}

/// One line of `dealx sentences` output, read back strictly.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SentencesRecord {
    /// Article id.
    pub id: String,
    /// Sentences in text order.
    pub sentences: Vec<SentenceRecord>,
}

/// One sentence.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SentenceRecord {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Text.
    pub text: String,
}

/// Every way `record` breaks the output invariants for the article `text`
/// whose sentences are `sentences` (empty when all is well).
pub fn check_record(text: &str, record: &Record, sentences: &[SentenceRecord]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut last_end = 0;
    for (i, s) in sentences.iter().enumerate() {
        let what = format!("sentence {i}");
        check_span(text, s.start, s.end, &s.text, &what, &mut problems);
        if s.start < last_end {
            problems.push(format!("{what} overlaps the one before it"));
        }
        if s.start == s.end {
            problems.push(format!("{what} is empty"));
        }
        last_end = s.end;
        if !record
            .body
            .iter()
            .any(|&[start, end]| start <= s.start && s.end <= end)
        {
            problems.push(format!("{what} is not inside a body range"));
        }
    }
    let mut last_end = 0;
    for (i, &[start, end]) in record.body.iter().enumerate() {
        if start < last_end || end < start || text.get(start..end).is_none() {
            problems.push(format!(
                "body range {i} is out of order or not on the text's character boundaries"
            ));
        }
        last_end = end;
        if !record
            .articles
            .iter()
            .any(|a| a.start <= start && end <= a.end)
        {
            problems.push(format!("body range {i} is in no article"));
        }
    }
    let mentions = record
        .entities
        .iter()
        .map(|e| ("entity", e.start, e.end, e.sentence, e.text.as_str()))
        .chain(
            record
                .amounts
                .iter()
                .map(|a| ("amount", a.start, a.end, a.sentence, a.text.as_str())),
        )
        .chain(
            record
                .dates
                .iter()
                .map(|d| ("date", d.start, d.end, d.sentence, d.text.as_str())),
        );
    let mut previous: Option<(&str, usize)> = None;
    for (kind, start, end, sentence, surface) in mentions {
        let what = format!("{kind} {surface:?} at {start}..{end}");
        check_span(text, start, end, surface, &what, &mut problems);
        match previous {
            Some((k, s)) if k == kind && start < s => {
                problems.push(format!("{what} is out of text order"))
            }
            _ => {}
        }
        previous = Some((kind, start));
        match sentences.get(sentence) {
            Some(s) if s.start <= start && end <= s.end => {}
            Some(_) => problems.push(format!("{what} is not inside sentence {sentence}")),
            None => problems.push(format!(
                "{what} names sentence {sentence}, which does not exist"
            )),
        }
    }
    // Links between amounts point at other amounts, both ways.
    let amounts = &record.amounts;
    for (i, a) in amounts.iter().enumerate() {
        if let Some(j) = a.range_with {
            if amounts.get(j).and_then(|b| b.range_with) != Some(i) {
                problems.push(format!("amount {i}: range_with {j} does not point back"));
            }
        }
        for &j in &a.same_as {
            if j == i || !amounts.get(j).is_some_and(|b| b.same_as.contains(&i)) {
                problems.push(format!("amount {i}: same_as {j} does not point back"));
            }
        }
    }
    for (i, deal) in record.deals.iter().enumerate() {
        match sentences.get(deal.sentence) {
            Some(s) if s.text == deal.evidence => {
                if deal.span.start > s.start || deal.span.end != s.end {
                    problems.push(format!(
                        "deal {i}: span {}..{} does not end with its sentence {}..{}",
                        deal.span.start, deal.span.end, s.start, s.end
                    ));
                }
            }
            _ => problems.push(format!(
                "deal {i}: evidence is not the text of sentence {}",
                deal.sentence
            )),
        }
        if !(0.0..=1.0).contains(&deal.confidence) {
            problems.push(format!(
                "deal {i}: confidence {} is not in 0..1",
                deal.confidence
            ));
        }
    }
    problems
}

fn check_span(
    text: &str,
    start: usize,
    end: usize,
    surface: &str,
    what: &str,
    out: &mut Vec<String>,
) {
    match text.get(start..end) {
        Some(slice) if slice == surface => {}
        Some(slice) => out.push(format!("{what}: text[start..end] is {slice:?}")),
        None => out.push(format!(
            "{what}: not a valid range of the {}-byte text on character boundaries",
            text.len()
        )),
    }
}

/// The texts the stage benchmarks run over: every `.txt` file (one text
/// each) and every `.jsonl` file (the `text` of each line) of the directory
/// named by `DEALX_BENCH_TEXT`, or of the repository's `corpus/` when it is
/// unset, in file-name order.
///
/// # Panics
///
/// When the directory cannot be read or holds no text: a benchmark over
/// nothing would report a meaningless figure.
pub fn bench_texts() -> Vec<String> {
    use std::path::{Path, PathBuf};
    let dir = std::env::var_os("DEALX_BENCH_TEXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => texts.push(std::fs::read_to_string(&path).expect("UTF-8 text file")),
            Some("jsonl") => {
                let all = std::fs::read_to_string(&path).expect("UTF-8 JSON Lines file");
                for line in all.lines() {
                    let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    if let Some(t) = value.get("text").and_then(|t| t.as_str()) {
                        texts.push(t.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        !texts.is_empty(),
        "no .txt or .jsonl text in {}",
        dir.display()
    );
    texts
}

/// The invariants of a segmentation of `text`: body ranges, sentences and
/// articles lie inside the text on character boundaries, in order and
/// without overlap; sentence `i` has index `i` and lies inside a body range;
/// every body range lies inside an article. Returns one line per problem.
pub fn check_segmentation(text: &str, seg: &dealx_core::Segmentation) -> Vec<String> {
    fn check(
        text: &str,
        problems: &mut Vec<String>,
        what: &str,
        span: dealx_core::Span,
        prev_end: &mut usize,
    ) {
        let (start, end) = (span.start(), span.end());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            problems.push(format!(
                "{what} {start}..{end} is off the text or a char boundary"
            ));
        }
        if start < *prev_end {
            problems.push(format!(
                "{what} {start}..{end} overlaps or precedes the one before"
            ));
        }
        *prev_end = end;
    }
    let mut problems = Vec::new();
    let mut prev = 0;
    for b in &seg.body {
        check(text, &mut problems, "body", *b, &mut prev);
    }
    let mut prev = 0;
    for s in &seg.sentences {
        check(text, &mut problems, "sentence", s.span, &mut prev);
    }
    let mut prev = 0;
    for a in &seg.articles {
        check(text, &mut problems, "article", a.span, &mut prev);
        if let Some(t) = a.title {
            if !a.span.contains(t) {
                problems.push(format!("title {t:?} outside its article {:?}", a.span));
            }
        }
    }
    for (i, s) in seg.sentences.iter().enumerate() {
        if s.index.get() != i {
            problems.push(format!("sentence {i} has index {}", s.index.get()));
        }
        if !seg.body.iter().any(|b| b.contains(s.span)) {
            problems.push(format!("sentence {:?} outside every body range", s.span));
        }
    }
    for b in &seg.body {
        if !seg.articles.iter().any(|a| a.span.contains(*b)) {
            problems.push(format!("body {b:?} outside every article"));
        }
    }
    problems
}

/// The invariants of one stage's mentions (`what` names them in messages):
/// each lies inside the text on character boundaries, inside the sentence
/// whose index `sentence_of` gives (which must exist); mentions are sorted
/// by start. Returns one line per problem.
pub fn check_mentions<T: dealx_core::Spanned>(
    what: &str,
    text: &str,
    seg: &dealx_core::Segmentation,
    mentions: &[T],
    sentence_of: impl Fn(&T) -> usize,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut prev_start = 0;
    for m in mentions {
        let span = m.span();
        let (start, end) = (span.start(), span.end());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            problems.push(format!(
                "{what} {start}..{end} is off the text or a char boundary"
            ));
            continue;
        }
        if start < prev_start {
            problems.push(format!("{what} {start}..{end} out of order"));
        }
        prev_start = start;
        match seg.sentences.get(sentence_of(m)) {
            Some(s) if s.span.contains(span) => {}
            Some(s) => problems.push(format!(
                "{what} {start}..{end} ({:?}) outside its sentence {:?}",
                &text[start..end],
                s.span
            )),
            None => problems.push(format!(
                "{what} {start}..{end} names sentence {}, which does not exist",
                sentence_of(m)
            )),
        }
    }
    problems
}

/// Pieces of news text that exercise every stage: party names, leaders,
/// places, trigger words, sums, dates, punctuation and multi-byte
/// characters. The fuzz targets in `fuzz/` and the property tests build
/// their texts from these mixed with arbitrary bytes or characters.
pub const NEWS_PIECES: &[&str] = &[
    "Kazakhstan",
    "China",
    "Uzbekistan",
    "Samruk-Kazyna",
    "KazMunayGas",
    "the World Bank",
    "the EBRD",
    "Tokayev",
    "Xi Jinping",
    "Chevron",
    "Astana",
    "Tashkent",
    " signed ",
    " agreed ",
    " invested ",
    " will invest ",
    " loan ",
    " agreement ",
    " memorandum ",
    " deal ",
    " worth ",
    " of ",
    " and ",
    " with ",
    " in ",
    " on ",
    "$5 billion",
    "€200 million",
    "1.2 trillion tenge",
    "between $4 and $6 billion",
    "May 23",
    "2024",
    "last year",
    "June 12, 2024",
    "Q3 2024",
    ". ",
    ".\n",
    "\n\n",
    ", ",
    " ",
    "Mr. ",
    "U.S.",
    "(",
    ")",
    "\"",
    "—",
    "’",
    "é",
    "ü",
    "中国",
    "₸",
    "\u{a0}",
    "President ",
    "Minister ",
    "Ltd",
    " project ",
    " trade ",
    " financing ",
    "-",
    "\u{fffd}",
    "Updated : 2025-02-25 13:35:16\n",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, start: usize, end: usize) -> SentenceRecord {
        SentenceRecord {
            start,
            end,
            text: text[start..end].to_string(),
        }
    }

    fn record(entities: Vec<EntityRecord>) -> Record {
        let end = entities.iter().map(|e| e.end).max().unwrap_or(0).max(21);
        Record {
            id: "t".into(),
            published: None,
            published_source: None,
            entities,
            amounts: vec![],
            dates: vec![],
            deals: vec![],
            body: vec![[0, end]],
            articles: vec![ArticleRecord {
                title: None,
                start: 0,
                end,
            }],
            warnings: vec![],
        }
    }

    fn entity(text: &str, start: usize, end: usize, sentence: usize) -> EntityRecord {
        EntityRecord {
            kind: "place".into(),
            subtype: Some("country".into()),
            name: "X".into(),
            text: text.get(start..end).unwrap_or("?").into(),
            start,
            end,
            sentence,
            id: None,
            country: None,
            source: "gazetteer".into(),
            via: "name".into(),
        }
    }

    #[test]
    fn accepts_a_good_record() {
        let text = "Chile grew. Peru too.";
        let s = [sentence(text, 0, 11), sentence(text, 12, 21)];
        let r = record(vec![entity(text, 0, 5, 0), entity(text, 12, 16, 1)]);
        assert!(check_record(text, &r, &s).is_empty());
    }

    #[test]
    fn catches_wrong_text_wrong_sentence_and_order() {
        let text = "Chile grew. Peru too.";
        let s = [sentence(text, 0, 11), sentence(text, 12, 21)];
        let mut wrong_text = entity(text, 0, 5, 0);
        wrong_text.text = "Chili".into();
        let problems = check_record(text, &record(vec![wrong_text]), &s);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problems = check_record(text, &record(vec![entity(text, 12, 16, 0)]), &s);
        assert!(
            problems[0].contains("not inside sentence 0"),
            "{problems:?}"
        );
        let r = record(vec![entity(text, 12, 16, 1), entity(text, 0, 5, 0)]);
        assert!(check_record(text, &r, &s)[0].contains("out of text order"));
    }

    #[test]
    fn catches_sentences_outside_the_body() {
        let text = "Chile grew. Peru too.";
        let s = [sentence(text, 0, 11), sentence(text, 12, 21)];
        let mut r = record(vec![]);
        r.body = vec![[0, 11]];
        r.articles[0].end = 11;
        let problems = check_record(text, &r, &s);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("not inside a body range"),
            "{problems:?}"
        );
    }

    #[test]
    fn catches_body_outside_every_article() {
        let text = "Chile grew. Peru too.";
        let s = [sentence(text, 0, 11)];
        let mut r = record(vec![]);
        r.body = vec![[0, 11]];
        r.articles[0].start = 12;
        let problems = check_record(text, &r, &s);
        assert!(problems[0].contains("in no article"), "{problems:?}");
    }

    #[test]
    fn catches_spans_off_char_boundaries() {
        let text = "Türkiye";
        let mut e = entity(text, 0, 2, 0);
        e.text = "T".into();
        let mut r = record(vec![e]);
        r.body = vec![[0, 8]];
        r.articles[0].end = 8;
        let problems = check_record(text, &r, &[sentence(text, 0, 8)]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("character boundaries"), "{problems:?}");
    }
}
