//! Table-driven money cases: every `tests/data/*.toml` file holds
//! `[[case]]` entries with a `text`, an optional `published` date and the
//! amounts expected, in text order (`expect = []` for text that holds no
//! money).

use std::path::Path;

use dealx_core::{Date, Segmentation, Sentence, SentenceIdx, Span};
use dealx_money::MoneyExtractor;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    published: Option<String>,
    expect: Vec<Expect>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expect {
    text: String,
    value: String,
    currency: String,
    #[serde(default)]
    assumed: bool,
    qualifier: Option<String>,
    range_with: Option<usize>,
    same_as: Option<usize>,
    usd: Option<String>,
    usd_rate_date: Option<String>,
}

/// One sentence per line, so that cases may be short phrases.
fn segmentation(text: &str) -> Segmentation {
    let mut sentences = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if !trimmed.is_empty() {
            sentences.push(Sentence {
                span: Span::new(start, start + trimmed.len()),
                index: SentenceIdx::new(sentences.len()),
            });
        }
        start += line.len();
    }
    Segmentation {
        body: vec![Span::new(0, text.len())],
        sentences,
        articles: Vec::new(),
    }
}

#[test]
fn money_cases() {
    let money = MoneyExtractor::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let (mut run, mut failures) = (0, Vec::new());
    for path in files {
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            run += 1;
            let published: Option<Date> = case.published.as_deref().map(|d| d.parse().unwrap());
            let found = money.find(&case.text, &segmentation(&case.text), published);
            let got: Vec<Expect> = found
                .iter()
                .map(|a| Expect {
                    text: case.text[a.span].to_string(),
                    value: a.value.to_string(),
                    currency: a.currency.to_string(),
                    assumed: a.currency_assumed,
                    qualifier: a.qualifier.map(|q| q.as_str().to_string()),
                    range_with: a.range_with.map(|i| i.get()),
                    same_as: a.same_as.map(|i| i.get()),
                    usd: a.usd.map(|u| u.to_string()),
                    usd_rate_date: a.usd_rate_date.map(|d| d.to_string()),
                })
                .collect();
            let expect = case.expect;
            // `usd` is compared only where a case states it.
            let mut got = got;
            for (g, e) in got.iter_mut().zip(&expect) {
                if e.usd.is_none() {
                    g.usd = None;
                }
            }
            if got != expect {
                failures.push(format!(
                    "{}: {:?}\n   expected {:?}\n   got      {:?}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.text,
                    expect,
                    got
                ));
            }
        }
    }
    assert!(run >= 60, "only {run} cases");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The article decides what its bare `$` means: a sum in Australian dollars
/// in the page furniture around it (a teaser for another story) neither
/// counts nor makes the body's `$` Australian.
#[test]
fn furniture_is_not_read_and_does_not_settle_the_dollar() {
    let money = MoneyExtractor::new();
    let menu = "Markets | Miner raises A$2 billion | Sport\n";
    let story = "The fund will invest $5 billion in the port.";
    let text = format!("{menu}{story}");
    let body = Span::new(menu.len(), text.len());
    let segmentation = Segmentation {
        body: vec![body],
        sentences: vec![Sentence {
            span: body,
            index: SentenceIdx::new(0),
        }],
        articles: Vec::new(),
    };
    let amounts = money.find(&text, &segmentation, None);
    assert_eq!(amounts.len(), 1);
    assert_eq!(&text[amounts[0].span], "$5 billion");
    assert_eq!(amounts[0].currency.as_str(), "USD");
    // The same page read whole, the teaser's A$ would make the article's
    // `$` Australian.
    let whole = Segmentation {
        body: vec![Span::new(0, text.len())],
        ..segmentation
    };
    let amounts = money.find(&text, &whole, None);
    assert_eq!(amounts.len(), 1);
    assert_eq!(amounts[0].currency.as_str(), "AUD");
}
