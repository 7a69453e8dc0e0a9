//! Draft gold files: the current extraction written in the gold format
//! (`../shared/eval/GOLD.md`) for a person to correct. What
//! `dealx annotate` writes.

use std::collections::HashMap;

use dealx_core::record::{Number, Record};
use dealx_core::DateValue;
use serde::Serialize;

use crate::eval::norm_name;

/// The summary every drafted deal carries until a person writes one.
pub const SUMMARY_PLACEHOLDER: &str = "TODO: one short line in your own words";

#[derive(Serialize)]
struct DraftEntity<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtype: Option<&'static str>,
    name: &'a str,
    aliases: Vec<&'a str>,
}

#[derive(Serialize)]
struct DraftAmount<'a> {
    text: &'a str,
    value: Number,
    currency: &'a str,
}

#[derive(Serialize)]
struct DraftDate<'a> {
    text: &'a str,
    value: DateValue,
}

#[derive(Serialize)]
struct DraftDealAmount<'a> {
    value: Number,
    currency: &'a str,
}

#[derive(Serialize)]
struct DraftDeal<'a> {
    kind: &'static str,
    parties: Vec<&'a str>,
    amount: Option<DraftDealAmount<'a>>,
    date: Option<DateValue>,
    summary: &'static str,
}

/// The draft gold file of one record, as JSON text with one entity, amount,
/// date or deal per line (the layout of the corpus gold files, easy to
/// review and edit).
///
/// Entity mentions are grouped into distinct entities by type and
/// normalised canonical name, in order of first mention; the other surface
/// forms become `aliases`. Amounts and dates are listed in text order,
/// repeats included. Deals carry the placeholder
/// [`SUMMARY_PLACEHOLDER`], which a person replaces.
///
/// ```
/// use dealx_core::Document;
/// use dealx_pipeline::{draft_gold, Config, Extractor};
///
/// let ex = Extractor::new(&Config::default()).unwrap();
/// let doc = Document::new("a1", "Kazakh and Chinese firms met in Kazakhstan.");
/// let extraction = ex.process(&doc);
/// let draft = draft_gold(&ex.record(&extraction));
/// let gold: serde_json::Value = serde_json::from_str(&draft).unwrap();
/// assert_eq!(gold["entities"][0]["name"], "Kazakhstan");
/// assert_eq!(gold["entities"][0]["aliases"][0], "Kazakh");
/// ```
pub fn draft_gold(record: &Record<'_>) -> String {
    let mut entities: Vec<DraftEntity<'_>> = Vec::new();
    let mut seen: HashMap<(&str, String), (usize, Vec<String>)> = HashMap::new();
    for e in &record.entities {
        let key = (e.kind, norm_name(e.name));
        let (i, keys) = seen.entry(key).or_insert_with(|| {
            entities.push(DraftEntity {
                kind: e.kind,
                subtype: e.subtype,
                name: e.name,
                aliases: Vec::new(),
            });
            (entities.len() - 1, vec![norm_name(e.name)])
        });
        let k = norm_name(e.text);
        if !k.is_empty() && !keys.contains(&k) {
            keys.push(k);
            entities[*i].aliases.push(e.text);
        }
    }
    let amounts: Vec<DraftAmount<'_>> = record
        .amounts
        .iter()
        .map(|a| DraftAmount {
            text: a.text,
            value: a.value,
            currency: a.currency,
        })
        .collect();
    let dates: Vec<DraftDate<'_>> = record
        .dates
        .iter()
        .map(|d| DraftDate {
            text: d.text,
            value: d.value,
        })
        .collect();
    let deals: Vec<DraftDeal<'_>> = record
        .deals
        .iter()
        .map(|d| DraftDeal {
            kind: d.kind,
            parties: d.parties.iter().map(|p| p.name).collect(),
            amount: d.amount.as_ref().map(|a| DraftDealAmount {
                value: a.value,
                currency: a.currency,
            }),
            date: d.date,
            summary: SUMMARY_PLACEHOLDER,
        })
        .collect();

    let mut out = String::from("{\n");
    out.push_str(&format!(
        "  \"id\": {},\n",
        serde_json::to_string(record.id).unwrap_or_default()
    ));
    out.push_str(&format!(
        "  \"published\": {},\n",
        serde_json::to_string(&record.published).unwrap_or_default()
    ));
    list(&mut out, "entities", &entities, false);
    list(&mut out, "amounts", &amounts, false);
    list(&mut out, "dates", &dates, false);
    list(&mut out, "deals", &deals, true);
    out.push_str("}\n");
    out
}

/// Compact JSON with a space after `:` and `,`, as the gold files are
/// written by hand: `{"type": "place", "name": "Astana", "aliases": []}`.
fn spaced_json<T: Serialize>(value: &T) -> String {
    struct Spaced;
    impl serde_json::ser::Formatter for Spaced {
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first {
                Ok(())
            } else {
                w.write_all(b", ")
            }
        }
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            if first {
                Ok(())
            } else {
                w.write_all(b", ")
            }
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
        ) -> std::io::Result<()> {
            w.write_all(b": ")
        }
    }
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, Spaced);
    if value.serialize(&mut ser).is_err() {
        return "null".to_string();
    }
    String::from_utf8(buf).unwrap_or_default()
}

/// `"key": [` one item a line `]`.
fn list<T: Serialize>(out: &mut String, key: &str, items: &[T], last: bool) {
    out.push_str(&format!("  \"{key}\": ["));
    for (n, item) in items.iter().enumerate() {
        out.push_str(if n == 0 { "\n    " } else { ",\n    " });
        out.push_str(&spaced_json(item));
    }
    if !items.is_empty() {
        out.push_str("\n  ");
    }
    out.push(']');
    out.push_str(if last { "\n" } else { ",\n" });
}
