//! The JSON Lines output contract, as serde wire types.
//!
//! `dealx extract` writes one [`Record`] per input article, one per line, in
//! input order:
//!
//! ```json
//! {"id":"002_6e839676c22e2aba","published":"2024-06-12","published_source":"input",
//!  "entities":[{"type":"leader","name":"Kassym-Jomart Tokayev","text":"Tokayev",
//!               "start":120,"end":127,"sentence":1}],
//!  "amounts":[{"text":"$15 billion","value":15000000000,"currency":"USD",
//!              "usd":15000000000,"start":300,"end":311,"sentence":2}],
//!  "dates":[{"text":"May 23","value":"2024-05-23","start":40,"end":46,"sentence":0}],
//!  "deals":[{"kind":"agreement",
//!            "parties":[{"name":"Kazakhstan","type":"country","id":"place:country:KZ"},
//!                       {"name":"China","type":"country","id":"place:country:CN"}],
//!            "leaders":[],"places":[{"name":"Beijing","type":"city","id":"place:city:CN:beijing"}],
//!            "amount":{"value":15000000000,"currency":"USD","usd":15000000000,"text":"$15 billion"},
//!            "date":null,"count":70,"sectors":[],"sentence":2,
//!            "evidence":"…the sentence the deal was read from…",
//!            "span":{"start":120,"end":300},"confidence":0.85}],
//!  "body":[[0,1580]],
//!  "articles":[{"title":{"start":0,"end":53},"start":0,"end":1580}]}
//! ```
//!
//! - `start`/`end` are UTF-8 byte offsets into the article text as given, so
//!   `text[start..end]` is exactly the mention's `text`; `sentence` is the
//!   0-based index of the sentence that holds it.
//! - Every list is in text order. Optional scalars are written as `null`
//!   rather than left out, so every record has the same keys.
//! - Money `value` and `usd` are JSON numbers: integers when the value is
//!   whole, otherwise the shortest decimal that reads back as the same number.
//! - `body` lists the byte ranges read as article body; `articles` splits
//!   the page into articles (`title` is the headline's range or `null`).
//!   Sentence indices count across the whole document.
//! - `warnings` lists what was odd about the input (`invalid_utf8`,
//!   `empty_text`, `duplicate_id`), `[]` when nothing was. With
//!   `invalid_utf8` the text was decoded lossily (each invalid sequence
//!   became U+FFFD) and offsets are into that decoded text.
//! - Date `value` is ISO 8601 at the precision written (`2024-05-23`,
//!   `2024-06`, `2040`, `XXXX-05-23`, intervals as `a/b`, seasons as
//!   `2024-SP`, ISO weeks as `2024-W23`).
//!
//! These types borrow from the extraction and serialise only; they are kept
//! apart from the domain types so that an internal change cannot change the
//! output by accident. Keep this text in sync with `../shared/eval/OUTPUT.md`.

use std::borrow::Cow;

use rust_decimal::Decimal;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

use crate::{Date, DateValue};

/// One article's extraction: the line `dealx extract` writes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Record<'a> {
    /// The article id.
    pub id: &'a str,
    /// The article's own date (`YYYY-MM-DD`), or `null`.
    pub published: Option<Date>,
    /// Where `published` came from: `input`, `stamp`, `dateline`, `default`, or `null`.
    pub published_source: Option<&'static str>,
    /// Every entity mention in text order.
    pub entities: Vec<EntityRecord<'a>>,
    /// Every sum of money in text order.
    pub amounts: Vec<AmountRecord<'a>>,
    /// Every calendar expression in text order.
    pub dates: Vec<DateRecord<'a>>,
    /// The deals, in text order of their sentences.
    pub deals: Vec<DealRecord<'a>>,
    /// The byte ranges kept as article body, as `[start, end]` pairs in text
    /// order; everything outside them is page furniture.
    pub body: Vec<[usize; 2]>,
    /// The articles of the page in text order: one for most pages, one per
    /// headline on a digest page.
    pub articles: Vec<ArticleRecord>,
    /// What was odd about the input, or `[]`: `invalid_utf8` (invalid
    /// bytes were replaced by U+FFFD; offsets are into that decoded text),
    /// `empty_text`, `duplicate_id` (an earlier document had the same id).
    pub warnings: Vec<&'static str>,
}

/// One article of a page.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ArticleRecord {
    /// The headline's byte range, or `null` when none was found.
    pub title: Option<RangeRecord>,
    /// Byte offset of the first byte (the headline's, when there is one).
    pub start: usize,
    /// Byte offset one past the article's last body byte.
    pub end: usize,
}

/// A byte range.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
pub struct RangeRecord {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// An entity mention.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntityRecord<'a> {
    /// `leader`, `company`, `organization` or `place`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// For places: `country`, `city`, `region`, `port`, `zone` or `other`; else `null`.
    pub subtype: Option<&'static str>,
    /// The canonical name.
    pub name: &'a str,
    /// The surface text, `text[start..end]`.
    pub text: &'a str,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
    /// The gazetteer id, when there is one.
    pub id: Option<&'a str>,
    /// The entity's country (ISO 3166-1 alpha-2), when known.
    pub country: Option<&'a str>,
    /// Where the entity comes from: `gazetteer` (it has an `id`) or `rule`
    /// (read from its context; `id` is `null`).
    pub source: &'static str,
    /// How this mention was tied to the entity: `name`, `alias`, `demonym`,
    /// `rule` or `coreference` (a surname or acronym the document introduced).
    pub via: &'static str,
}

/// A sum of money.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AmountRecord<'a> {
    /// The surface text.
    pub text: &'a str,
    /// The value in units of the currency.
    pub value: Number,
    /// The ISO 4217 code.
    pub currency: &'a str,
    /// The value in US dollars, or `null` when no rate is known.
    pub usd: Option<Number>,
    /// `more_than`, `at_least`, `about`, `almost`, `up_to`, or `null`.
    pub qualifier: Option<&'static str>,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
    /// `true` when the currency was not written unambiguously (a bare `$`,
    /// `dollars`, `manat` without a country to tell) and was chosen by
    /// default or from the document's context.
    pub currency_assumed: bool,
    /// The date (`YYYY-MM-DD`) of the rate `usd` was computed with: the
    /// latest rate on or before `published`; `null` for US dollars and when
    /// `usd` is `null`.
    pub usd_rate_date: Option<Date>,
    /// For one end of a range ("between $4 and $6 billion"), the index in
    /// this record's `amounts` of the other end; else `null`.
    pub range_with: Option<usize>,
    /// For a sum given in several currencies ("8,000 yuan ($1,104)"), the
    /// indices in this record's `amounts` of the other amounts that state
    /// it; else `[]`.
    pub same_as: Vec<usize>,
}

/// A calendar expression.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DateRecord<'a> {
    /// The surface text.
    pub text: &'a str,
    /// ISO 8601 at the precision written.
    pub value: DateValue,
    /// `"published"` when the value needed the publication date, else `null`.
    pub anchor: Option<&'static str>,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the sentence that holds the mention.
    pub sentence: usize,
}

/// A deal.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DealRecord<'a> {
    /// `agreement`, `investment`, `trade`, `project`, `financing` or `other`.
    pub kind: &'static str,
    /// The parties: countries, companies, organizations and regions acting
    /// as parties, in the order they were found.
    pub parties: Vec<DealEntity<'a>>,
    /// The leaders named where the deal was read.
    pub leaders: Vec<DealEntity<'a>>,
    /// The places named where the deal was read that are not parties.
    pub places: Vec<DealEntity<'a>>,
    /// The deal's amount, or `null`.
    pub amount: Option<DealAmount<'a>>,
    /// The deal's date value, or `null`.
    pub date: Option<DateValue>,
    /// How many documents or projects the deal counts, or `null`.
    pub count: Option<u32>,
    /// Sector names (`energy`, `oil_and_gas`, `nuclear`, `renewables`,
    /// `transport_and_logistics`, `rail`, `ports`,
    /// `mining_and_critical_minerals`, `agriculture`, `digital`, `finance`,
    /// `chemicals`, `space`, `manufacturing`, `tourism`), in that order.
    pub sectors: Vec<&'static str>,
    /// Index of the main sentence the deal was read from.
    pub sentence: usize,
    /// That sentence's text.
    pub evidence: &'a str,
    /// The byte range the deal was read from: from the first sentence that
    /// contributed (an earlier one naming its parties, if any) to the end of
    /// the main sentence.
    pub span: RangeRecord,
    /// How sure the reading is, 0 to 1 (two decimals).
    pub confidence: f64,
}

/// A party, leader or place of a deal.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DealEntity<'a> {
    /// The canonical name.
    pub name: &'a str,
    /// `company`, `organization` or `leader`; for places the subtype
    /// (`country`, `region`, `city`, `port`, `zone`, `other`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The gazetteer id, or `null` for an entity found by a rule.
    pub id: Option<&'a str>,
}

/// The amount of a deal.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DealAmount<'a> {
    /// The value in units of the currency.
    pub value: Number,
    /// The ISO 4217 code.
    pub currency: &'a str,
    /// The value in US dollars, or `null` when no rate is known.
    pub usd: Option<Number>,
    /// The amount's surface text.
    pub text: &'a str,
}

/// One sentence, as `dealx sentences` writes it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SentenceRecord<'a> {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The sentence text.
    pub text: &'a str,
}

/// The line `dealx sentences` writes for one article.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SentencesRecord<'a> {
    /// The article id.
    pub id: &'a str,
    /// Its sentences in text order.
    pub sentences: Vec<SentenceRecord<'a>>,
}

/// The line written in place of a record for a document that could not be
/// read.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ErrorRecord<'a> {
    /// The document's id when it is known, else `null`.
    pub id: Option<&'a str>,
    /// What went wrong.
    pub error: ErrorDetail<'a>,
}

/// What went wrong with a document.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ErrorDetail<'a> {
    /// A short machine-readable kind (`malformed_json`, `missing_text`, …).
    pub kind: &'static str,
    /// A sentence for people.
    pub message: &'a str,
    /// Where: `file:line`, or `file` for a whole file.
    pub source: &'a str,
}

/// An exact decimal written as a JSON number.
///
/// Whole values are written as integers (`15000000000`); others as the
/// shortest decimal that reads back as the nearest binary float
/// (`1.25`), never through a lossy intermediate such as `1.7e9 → 1699999999.99`.
///
/// ```
/// use dealx_core::{record::Number, Decimal};
///
/// let n = Number(Decimal::new(17, 1) * Decimal::from(1_000_000_000u64));
/// assert_eq!(serde_json::to_string(&n).unwrap(), "1700000000");
/// let n = Number(Decimal::new(104, 1));
/// assert_eq!(serde_json::to_string(&n).unwrap(), "10.4");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number(pub Decimal);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0.normalize();
        if d.scale() == 0 {
            if let Ok(i) = i64::try_from(d) {
                return serializer.serialize_i64(i);
            }
        }
        // Not whole, or beyond i64: the nearest f64, parsed from the exact
        // decimal text so the rounding happens once.
        let f: f64 = d.to_string().parse().unwrap_or(f64::NAN);
        serializer.serialize_f64(f)
    }
}

/// One line of `dealx extract` output: a [`Record`], or an [`ErrorRecord`]
/// in place of a document that could not be read. Only [`json_schema()`]
/// uses it; the writer serialises the two types directly.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Line<'a> {
    /// The extraction of one article.
    Record(Record<'a>),
    /// A document that could not be read.
    Error(ErrorRecord<'a>),
}

/// The JSON Schema (draft 2020-12) of one line of `dealx extract` output,
/// generated from these types: a [`Record`] or an [`ErrorRecord`].
///
/// Every object lists all its keys as `required` (optional values are
/// written as `null`, never left out) and is closed
/// (`additionalProperties: false`), so the schema describes exactly what
/// this version writes; dates are ISO 8601 strings and money values JSON
/// numbers.
///
/// ```
/// let schema = dealx_core::record::json_schema();
/// assert_eq!(
///     schema.get("$schema").and_then(|v| v.as_str()),
///     Some("https://json-schema.org/draft/2020-12/schema")
/// );
/// ```
pub fn json_schema() -> Schema {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.root_schema_for::<Line<'static>>();
    schema.insert("title".into(), "dealx record".into());
    schema.insert(
        "description".into(),
        "One line of `dealx extract` output (JSON Lines): the extraction of one article, \
         or an error record in place of a document that could not be read."
            .into(),
    );
    close_objects(&mut schema);
    schema
}

/// Marks every object schema with `properties` as closed
/// (`additionalProperties: false`), recursively.
fn close_objects(schema: &mut Schema) {
    if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
        schema.insert("additionalProperties".into(), false.into());
    }
    schemars::transform::transform_subschemas(&mut close_objects, schema);
}

impl JsonSchema for Number {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "number",
            "description": "An exact decimal written as a JSON number: an integer when whole."
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A calendar day, ISO 8601 `YYYY-MM-DD`."
        })
    }
}

impl JsonSchema for DateValue {
    fn schema_name() -> Cow<'static, str> {
        "DateValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DATE_VALUE_PATTERN,
            "description": "ISO 8601 at the precision written: `2024-05-23`, `2024-06`, `2040`, \
                `XXXX-05-23` (year unknown), intervals `2019/2023`, seasons `2024-SP`, \
                ISO weeks `2024-W23`."
        })
    }
}

/// The forms a [`DateValue`] displays as: a point (`YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD`, year possibly `XXXX`), an interval of two points, a
/// season, an ISO week.
const DATE_VALUE_PATTERN: &str = "^(?:(?:[0-9]{4}|XXXX)(?:-[0-9]{2}(?:-[0-9]{2})?)?\
(?:/(?:[0-9]{4}|XXXX)(?:-[0-9]{2}(?:-[0-9]{2})?)?)?\
|(?:[0-9]{4}|XXXX)-(?:SP|SU|FA|WI)|[0-9]{4}-W[0-9]{2})$";
