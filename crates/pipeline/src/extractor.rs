use std::path::{Path, PathBuf};

use dealx_core::record::{
    AmountRecord, ArticleRecord, DateRecord, DealAmount, DealEntity, DealRecord, EntityRecord,
    Number, RangeRecord, Record, SentenceRecord, SentencesRecord,
};
use dealx_core::{
    Amount, Annotated, Article, Date, DateMention, Deal, Document, EntityIdx, EntityRef,
    Extraction, PublishedSource, Segmentation, Span,
};
use dealx_dates::DateExtractor;
use dealx_deals::DealAssembler;
use dealx_gazetteer::{Gazetteer, GazetteerBuilder, LoadError, BUILTIN_FILES};
use dealx_money::MoneyExtractor;
use dealx_text::Segmenter;

/// How to run dealx: everything the command line can set.
#[derive(Clone, Debug)]
pub struct Config {
    /// Worker threads for batches; 1 takes the sequential path.
    pub threads: usize,
    /// The reference date for documents that carry no publication date.
    pub default_published: Option<Date>,
    /// A directory of gazetteer TSV files that replace the built-in files of
    /// the same name and add the others.
    pub gazetteer_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            threads: 1,
            default_published: None,
            gazetteer_dir: None,
        }
    }
}

/// The stages [`Extractor::process_stages`] runs beyond the two every
/// record and row reads: segmentation and the publication date.
///
/// The entity, money and date stages each read only the text, its
/// segmentation and the publication date (their `find` takes nothing
/// else), so any of them can run without the others; the deal stage reads
/// all three, so a set with deals has all of them ([`Stages::ALL`] is the
/// only one).
///
/// ```
/// use dealx_pipeline::{Records, Stages};
///
/// assert_eq!(Records::Deals.stages(), Stages::ALL);
/// assert_eq!(Records::Dates.stages(), Stages::DATES);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stages {
    entities: bool,
    amounts: bool,
    dates: bool,
    deals: bool,
}

impl Stages {
    /// Every stage: what a full record or a deal row needs.
    pub const ALL: Stages = Stages {
        entities: true,
        amounts: true,
        dates: true,
        deals: true,
    };
    /// Every stage but deals: the annotated document alone, for a caller
    /// that assembles deals itself or measures what the deal stage adds.
    pub const ANNOTATIONS: Stages = Stages {
        entities: true,
        amounts: true,
        dates: true,
        deals: false,
    };
    /// The gazetteer stage only (entity rows).
    pub const ENTITIES: Stages = Stages {
        entities: true,
        amounts: false,
        dates: false,
        deals: false,
    };
    /// The money stage only (amount rows).
    pub const AMOUNTS: Stages = Stages {
        entities: false,
        amounts: true,
        dates: false,
        deals: false,
    };
    /// The date stage only (date rows).
    pub const DATES: Stages = Stages {
        entities: false,
        amounts: false,
        dates: true,
        deals: false,
    };
}

/// Why an [`Extractor`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A gazetteer file could not be read from disk.
    #[error("cannot read gazetteer file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A gazetteer row is malformed.
    #[error("bad gazetteer row at {0}")]
    Load(#[from] LoadError),
    /// The gazetteer could not be built.
    #[error(transparent)]
    Gazetteer(#[from] dealx_gazetteer::BuildError),
}

/// Every stage, built once and shared read-only across threads.
///
/// # Resource usage
///
/// Building compiles the gazetteer automaton and a few regexes; do it once
/// per process. Processing a document allocates only its annotations.
///
/// # Cloning
///
/// `Extractor` is `Send + Sync`; share it by reference.
#[derive(Clone, Debug)]
pub struct Extractor {
    segmenter: Segmenter,
    gazetteer: Gazetteer,
    money: MoneyExtractor,
    dates: DateExtractor,
    deals: DealAssembler,
    default_published: Option<Date>,
}

impl Extractor {
    /// Builds every stage for `config`.
    ///
    /// # Errors
    ///
    /// A gazetteer file that cannot be read or holds a bad row (named by
    /// file and line).
    pub fn new(config: &Config) -> Result<Extractor, BuildError> {
        // Without a gazetteer directory, the built-in gazetteer is loaded
        // as build.rs built it at compile time; with one, the files are
        // built at run time.
        let mut files: Option<Vec<(String, String)>> = None;
        if let Some(dir) = &config.gazetteer_dir {
            let files = files.insert(
                BUILTIN_FILES
                    .iter()
                    .map(|(name, contents)| (name.to_string(), contents.to_string()))
                    .collect(),
            );
            for (name, path) in tsv_files(dir)? {
                let contents = std::fs::read_to_string(&path).map_err(|source| BuildError::Io {
                    path: path.clone(),
                    source,
                })?;
                let shown = path.display().to_string();
                match files.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => *slot = (shown, contents),
                    None => files.push((shown, contents)),
                }
            }
        }
        // Start-up is three independent builds: the gazetteer, the money
        // regexes, the date regexes (with the deal lexicons). The dates and
        // deals are built on a second thread while this one loads the
        // gazetteer and then compiles the money regexes, so with a second
        // core free start-up takes the longer of the two halves. Profiled
        // with the compile-time gazetteer (one small article, callgrind):
        // gazetteer 29M instructions, money 160M, dates 175M, deals 25M; a
        // run-time gazetteer build (`--gazetteers DIR`) is about 700M.
        let (gazetteer, money, (dates, deals)) = std::thread::scope(|scope| {
            let dates = scope.spawn(|| (DateExtractor::new(), DealAssembler::new()));
            let gazetteer = match &files {
                Some(files) => build_gazetteer(files),
                None => Ok(Gazetteer::builtin()),
            };
            let money = MoneyExtractor::new();
            let dates = match dates.join() {
                Ok(built) => built,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (gazetteer, money, dates)
        });
        Ok(Extractor {
            segmenter: Segmenter::new(),
            gazetteer: gazetteer?,
            money,
            dates,
            deals,
            default_published: config.default_published,
        })
    }

    /// The publication date and its source for `doc`: its own (input
    /// metadata), else the one its text states (a stamp, a date line, a
    /// dateline), else the configured default.
    fn published(
        &self,
        doc: &Document,
        segmentation: &Segmentation,
    ) -> (Option<Date>, Option<PublishedSource>) {
        if let Some(d) = doc.published {
            return (
                Some(d),
                doc.published_source.or(Some(PublishedSource::Input)),
            );
        }
        if let Some((d, source)) = self.dates.published(&doc.text, segmentation) {
            return (Some(d), Some(source));
        }
        match self.default_published {
            Some(d) => (Some(d), Some(PublishedSource::Default)),
            None => (None, None),
        }
    }

    /// Runs every stage over one document.
    pub fn process<'d>(&self, doc: &'d Document) -> Extraction<'d> {
        self.process_stages(doc, Stages::ALL)
    }

    /// Runs only `stages` over one document (with segmentation and the
    /// publication date, which every record reads): the lists of the
    /// stages not run are left empty. What a stage finds does not depend
    /// on which others run, so each list that is filled is the one
    /// [`Extractor::process`] fills.
    pub fn process_stages<'d>(&self, doc: &'d Document, stages: Stages) -> Extraction<'d> {
        let mut one = self.process_many(&[doc], stages);
        one.pop().expect("one extraction per document")
    }

    /// [`Extractor::process_stages`] over several documents, stage by
    /// stage: each stage runs over every document before the next stage
    /// starts. The extractions are the ones `process_stages` gives for each
    /// document alone, in the same order (a stage reads one document at a
    /// time and keeps nothing between documents).
    ///
    /// This is the batch path. A stage's tables (the gazetteer's automaton,
    /// the regexes' DFAs, the deal lexicons) are larger than the first
    /// levels of the CPU cache together: run document after document, each
    /// stage finds its tables pushed out by the stages before it, and on
    /// news text that costs a third of the pass (`cargo bench -p
    /// dealx-pipeline --bench deals`, `process` against `group`). Run
    /// stage by stage over a few dozen documents, each finds them warm.
    pub fn process_many<'d>(&self, docs: &[&'d Document], stages: Stages) -> Vec<Extraction<'d>> {
        let segmentations: Vec<Segmentation> = docs
            .iter()
            .map(|doc| self.segmenter.segment(&doc.text))
            .collect();
        let published: Vec<_> = docs
            .iter()
            .zip(&segmentations)
            .map(|(doc, seg)| self.published(doc, seg))
            .collect();
        let text = |i: usize| docs[i].text.as_str();
        let n = docs.len();
        let mut entities = per_document(stages.entities, n, |i| {
            self.gazetteer.find(text(i), &segmentations[i])
        });
        let mut amounts = per_document(stages.amounts, n, |i| {
            self.money.find(text(i), &segmentations[i], published[i].0)
        });
        let mut dates = per_document(stages.dates, n, |i| {
            self.dates.find(text(i), &segmentations[i], published[i].0)
        });
        let annotated: Vec<Annotated<'d>> = docs
            .iter()
            .copied()
            .zip(segmentations)
            .map(|(doc, segmentation)| {
                Annotated::new(
                    doc,
                    segmentation,
                    entities.next().unwrap_or_default(),
                    amounts.next().unwrap_or_default(),
                    dates.next().unwrap_or_default(),
                )
            })
            .collect();
        annotated
            .into_iter()
            .zip(published)
            .map(|(annotated, (published, published_source))| {
                // `Stages` keeps deals to the set that has every other
                // stage, so the deal stage never reads a list left empty.
                let deals = if stages.deals {
                    self.deals.assemble(&annotated)
                } else {
                    Vec::new()
                };
                Extraction {
                    annotated,
                    deals,
                    published,
                    published_source,
                }
            })
            .collect()
    }

    /// The output record of an extraction (the JSON Lines contract).
    ///
    /// `dealx extract` writes the same bytes without building it (see
    /// `json::write_extraction`, tested against this record); each item
    /// below is built by a helper that writer shares.
    pub fn record<'a>(&'a self, extraction: &'a Extraction<'a>) -> Record<'a> {
        let a = &extraction.annotated;
        let text = a.text();
        let (published, source) = (extraction.published, extraction.published_source);
        Record {
            id: &a.doc().id,
            published,
            published_source: source.map(|s| s.as_str()),
            entities: a
                .entities()
                .iter()
                .map(|e| {
                    let entry = e.entry.entry().map(|id| self.gazetteer.entry(id));
                    EntityRecord {
                        kind: e.kind.type_name(),
                        subtype: e.kind.subtype_name(),
                        name: self.entity_name(text, e.entry),
                        text: &text[e.span],
                        start: e.span.start(),
                        end: e.span.end(),
                        sentence: e.sentence.get(),
                        id: entry.map(|entry| entry.id()),
                        country: entry.and_then(|entry| entry.country()),
                        source: if entry.is_some() { "gazetteer" } else { "rule" },
                        via: e.via.as_str(),
                    }
                })
                .collect(),
            amounts: (0..a.amounts().len())
                .map(|i| amount_record(a, i))
                .collect(),
            dates: a.dates().iter().map(|d| date_record(text, d)).collect(),
            deals: extraction
                .deals
                .iter()
                .map(|deal| DealRecord {
                    kind: deal.kind.as_str(),
                    parties: deal
                        .parties
                        .iter()
                        .map(|&i| self.deal_entity(a, i))
                        .collect(),
                    leaders: deal
                        .leaders
                        .iter()
                        .map(|&i| self.deal_entity(a, i))
                        .collect(),
                    places: deal
                        .places
                        .iter()
                        .map(|&i| self.deal_entity(a, i))
                        .collect(),
                    amount: deal
                        .amount
                        .map(|i| deal_amount(text, &a.amounts()[i.get()])),
                    date: deal.date.map(|i| a.dates()[i.get()].value),
                    count: deal.count,
                    sectors: deal.sectors.iter().map(|s| s.as_str()).collect(),
                    sentence: deal.sentence.get(),
                    evidence: &text[deal.evidence],
                    span: range_record(deal.extent),
                    confidence: deal_confidence(deal),
                })
                .collect(),
            body: a
                .segmentation()
                .body
                .iter()
                .map(|b| [b.start(), b.end()])
                .collect(),
            articles: a
                .segmentation()
                .articles
                .iter()
                .map(article_record)
                .collect(),
            warnings: a.doc().warnings.iter().map(|w| w.as_str()).collect(),
        }
    }

    /// The gazetteer the extractor finds entities with.
    pub(crate) fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// A party, leader or place of a deal: entity `i` of `a`.
    pub(crate) fn deal_entity<'a>(&'a self, a: &'a Annotated<'a>, i: EntityIdx) -> DealEntity<'a> {
        let e = &a.entities()[i.get()];
        DealEntity {
            name: self.entity_name(a.text(), e.entry),
            kind: e.kind.subtype_name().unwrap_or(e.kind.type_name()),
            id: e.entry.entry().map(|id| self.gazetteer.entry(id).id()),
        }
    }

    /// The canonical name of an entity: its gazetteer name, or for a
    /// rule-found entity the name as the text writes it.
    pub(crate) fn entity_name<'a>(&'a self, text: &'a str, entity: EntityRef) -> &'a str {
        match entity {
            EntityRef::Entry(id) => self.gazetteer.entry(id).name(),
            EntityRef::Text(span) => &text[span],
        }
    }

    /// The sentences of `doc`, as `dealx sentences` writes them.
    pub fn sentences_record<'d>(&self, doc: &'d Document) -> SentencesRecord<'d> {
        let text = doc.text.as_str();
        SentencesRecord {
            id: &doc.id,
            sentences: self
                .segmenter
                .segment(text)
                .sentences
                .iter()
                .map(|s| SentenceRecord {
                    start: s.span.start(),
                    end: s.span.end(),
                    text: &text[s.span],
                })
                .collect(),
        }
    }
}

/// The gazetteer of `files` (name shown in errors, contents).
fn build_gazetteer(files: &[(String, String)]) -> Result<Gazetteer, BuildError> {
    let mut builder = GazetteerBuilder::new();
    for (name, contents) in files {
        builder.add_file(name, contents)?;
    }
    Ok(builder.build()?)
}

/// The indices of the amounts that state the same sum as `amounts[i]` in
/// another currency: the rest of its [`Amount::same_as`] group.
pub(crate) fn same_as(amounts: &[Amount], i: usize) -> Vec<usize> {
    let Some(head) = amounts[i].same_as else {
        return Vec::new();
    };
    (0..amounts.len())
        .filter(|&j| j != i && amounts[j].same_as == Some(head))
        .collect()
}

/// The record of amount `i` of `a`.
pub(crate) fn amount_record<'a>(a: &'a Annotated<'a>, i: usize) -> AmountRecord<'a> {
    let m = &a.amounts()[i];
    AmountRecord {
        text: &a.text()[m.span],
        value: Number(m.value),
        currency: m.currency.as_str(),
        usd: m.usd.map(Number),
        qualifier: m.qualifier.map(|q| q.as_str()),
        start: m.span.start(),
        end: m.span.end(),
        sentence: m.sentence.get(),
        currency_assumed: m.currency_assumed,
        usd_rate_date: m.usd_rate_date,
        range_with: m.range_with.map(|i| i.get()),
        same_as: same_as(a.amounts(), i),
    }
}

/// The record of a date mention of `text`.
pub(crate) fn date_record<'a>(text: &'a str, d: &DateMention) -> DateRecord<'a> {
    DateRecord {
        text: &text[d.span],
        value: d.value,
        anchor: d.anchored.then_some("published"),
        start: d.span.start(),
        end: d.span.end(),
        sentence: d.sentence.get(),
    }
}

/// The amount of a deal: `m`, an amount of `text`.
pub(crate) fn deal_amount<'a>(text: &'a str, m: &'a Amount) -> DealAmount<'a> {
    DealAmount {
        value: Number(m.value),
        currency: m.currency.as_str(),
        usd: m.usd.map(Number),
        text: &text[m.span],
    }
}

/// A deal's confidence as the record gives it: two decimals.
pub(crate) fn deal_confidence(deal: &Deal) -> f64 {
    (f64::from(deal.confidence) * 100.0).round() / 100.0
}

/// A byte range as the record writes it.
pub(crate) fn range_record(span: Span) -> RangeRecord {
    RangeRecord {
        start: span.start(),
        end: span.end(),
    }
}

/// The record of one article of a page.
pub(crate) fn article_record(article: &Article) -> ArticleRecord {
    ArticleRecord {
        title: article.title.map(range_record),
        start: article.span.start(),
        end: article.span.end(),
    }
}

/// The `*.tsv` files directly inside `dir`, as (file name, path), sorted;
/// `MANIFEST.tsv` (the generator's row counts and hashes, kept beside the
/// data) is not a gazetteer file.
pub(crate) fn tsv_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, BuildError> {
    let io = |source| BuildError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "tsv") && path.is_file() {
            if let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| *n != "MANIFEST.tsv")
            {
                files.push((name.to_string(), path.clone()));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A stage's lists for documents `0..n`, found by `find`, when the stage
/// runs; an empty iterator otherwise (each document then gets an empty
/// list).
fn per_document<T>(
    run: bool,
    n: usize,
    find: impl FnMut(usize) -> Vec<T>,
) -> std::vec::IntoIter<Vec<T>> {
    let lists: Vec<Vec<T>> = if run {
        (0..n).map(find).collect()
    } else {
        Vec::new()
    };
    lists.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_sync_and_unwind_safe() {
        fn assert_traits<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
        assert_traits::<Extractor>();
        assert_traits::<Config>();
    }

    #[test]
    fn a_group_gives_each_document_what_it_gives_alone() {
        // Stage by stage over a group must change nothing: every record
        // equals the one of its document processed alone, for each set of
        // stages, whatever the documents around it (news pieces, the
        // corpus, an empty text, one with a date of its own).
        let ex = Extractor::new(&Config::default()).unwrap();
        let mut texts: Vec<String> = dealx_testkit::NEWS_PIECES
            .iter()
            .map(|t| t.to_string())
            .collect();
        texts.extend(dealx_testkit::bench_texts());
        texts.push(String::new());
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let doc = Document::new(format!("d{i}"), t.clone());
                if i % 3 == 1 {
                    doc.with_published("2023-02-01".parse().unwrap(), PublishedSource::Input)
                } else {
                    doc
                }
            })
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let stages = [
            Stages::ALL,
            Stages::ANNOTATIONS,
            Stages::ENTITIES,
            Stages::AMOUNTS,
            Stages::DATES,
        ];
        for stages in stages {
            for size in [1, 2, 7, refs.len()] {
                let grouped: Vec<Extraction<'_>> = refs
                    .chunks(size)
                    .flat_map(|g| ex.process_many(g, stages))
                    .collect();
                assert_eq!(grouped.len(), docs.len());
                for (doc, got) in docs.iter().zip(&grouped) {
                    let alone = ex.process_stages(doc, stages);
                    assert_eq!(
                        serde_json::to_string(&ex.record(got)).unwrap(),
                        serde_json::to_string(&ex.record(&alone)).unwrap(),
                        "{stages:?}, groups of {size}, {}",
                        doc.id
                    );
                }
            }
        }
    }

    #[test]
    fn one_line_phrase_is_a_sentence_and_its_sum_is_kept() {
        // Suites and headlines give sums with no sentence around them.
        let ex = Extractor::new(&Config::default()).unwrap();
        for text in ["$10", "ten dollars", "USD 3.14", "42 ringgit"] {
            let doc = Document::new("a", text);
            let extraction = ex.process(&doc);
            let record = ex.record(&extraction);
            assert_eq!(record.amounts.len(), 1, "{text}");
            assert_eq!(record.amounts[0].text, text);
        }
    }

    #[test]
    fn amount_links_and_rates_reach_the_record() {
        let ex = Extractor::new(&Config::default()).unwrap();
        let doc = Document::new(
            "a",
            "Astana paid 40 billion tenge ($80 million) and between $4 and $6 billion.",
        )
        .with_published("2025-03-01".parse().unwrap(), PublishedSource::Input);
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        let a = &record.amounts;
        assert_eq!(a.len(), 4);
        assert_eq!(
            (a[0].same_as.clone(), a[1].same_as.clone()),
            (vec![1], vec![0])
        );
        assert_eq!((a[2].range_with, a[3].range_with), (Some(3), Some(2)));
        assert_eq!(
            a[0].usd_rate_date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-12")
        );
        assert_eq!(serde_json::to_string(&a[0].usd).unwrap(), "76000000");
        assert!(a[1].currency_assumed && !a[0].currency_assumed);
    }

    #[test]
    fn default_published_is_used_and_labelled() {
        let config = Config {
            default_published: Some("2024-06-12".parse().unwrap()),
            ..Config::default()
        };
        let ex = Extractor::new(&config).unwrap();
        let doc = Document::new("a", "Talks on May 23 went well.");
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        assert_eq!(record.published_source, Some("default"));
        assert_eq!(record.dates[0].value.to_string(), "2024-05-23");
        assert_eq!(record.dates[0].anchor, Some("published"));
    }

    #[test]
    fn document_date_wins_over_default() {
        let config = Config {
            default_published: Some("2024-06-12".parse().unwrap()),
            ..Config::default()
        };
        let ex = Extractor::new(&config).unwrap();
        let doc = Document::new("a", "Talks on May 23.")
            .with_published("2020-01-01".parse().unwrap(), PublishedSource::Input);
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        assert_eq!(record.published_source, Some("input"));
        assert_eq!(record.dates[0].value.to_string(), "2020-05-23");
    }

    #[test]
    fn stamp_in_text_wins_over_default_and_anchors_dates() {
        let config = Config {
            default_published: Some("2024-06-12".parse().unwrap()),
            ..Config::default()
        };
        let ex = Extractor::new(&config).unwrap();
        let doc = Document::new(
            "a",
            "Wheat Exports Climb Again\nUpdated : 2021-03-09 10:00\n\nShipments rose on March 2.",
        );
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        assert_eq!(
            record.published.map(|d| d.to_string()).as_deref(),
            Some("2021-03-09")
        );
        assert_eq!(record.published_source, Some("stamp"));
        let last = record.dates.last().unwrap();
        assert_eq!(
            (last.text, last.value.to_string()),
            ("March 2", "2021-03-02".to_string())
        );
    }

    #[test]
    fn gazetteer_dir_adds_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("companies.tsv"),
            "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n\
             company:test\tZyxcorp Holdings\tZyxcorp\tcompany\t\tKZ\t\tcurated\n",
        )
        .unwrap();
        let config = Config {
            gazetteer_dir: Some(dir.path().to_path_buf()),
            ..Config::default()
        };
        let ex = Extractor::new(&config).unwrap();
        let doc = Document::new("a", "Zyxcorp invested in Kazakhstan.");
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        let names: Vec<&str> = record.entities.iter().map(|e| e.name).collect();
        assert_eq!(names, ["Zyxcorp Holdings", "Kazakhstan"]);
    }

    #[test]
    fn bad_gazetteer_row_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("extra.tsv"),
            "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\nx\tX\n",
        )
        .unwrap();
        let config = Config {
            gazetteer_dir: Some(dir.path().to_path_buf()),
            ..Config::default()
        };
        let err = Extractor::new(&config).unwrap_err().to_string();
        assert!(err.contains("extra.tsv:2"), "{err}");
    }

    #[test]
    fn furniture_yields_no_mentions_and_the_record_shows_the_body() {
        let text = "Markets\nBusiness\nSports\nPort Deal Worth $2 billion Signed\nChile and Peru signed a port deal worth $2 billion on May 23, officials said.\n\nMost Viewed\nPeru Bank Lends $5 million to Farmers\nChile Mine Sold for $9 million\n";
        let ex = Extractor::new(&Config::default()).unwrap();
        let doc = Document::new("a", text);
        let extraction = ex.process(&doc);
        let record = ex.record(&extraction);
        let amounts: Vec<&str> = record.amounts.iter().map(|m| m.text).collect();
        assert_eq!(amounts, ["$2 billion", "$2 billion"]);
        assert_eq!(record.body.len(), 1);
        let [start, end] = record.body[0];
        assert!(text[start..end].starts_with("Port Deal"));
        assert!(text[start..end].ends_with("officials said."));
        assert_eq!(record.articles.len(), 1);
        let title = record.articles[0].title.unwrap();
        assert_eq!(
            &text[title.start..title.end],
            "Port Deal Worth $2 billion Signed"
        );
    }
}
