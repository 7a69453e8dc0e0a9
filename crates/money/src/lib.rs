//! The money stage: sums of money in text, with exact values and ISO 4217
//! currencies.
//!
//! This crate owns money patterns, the currency tables and value
//! normalisation. It does no I/O.
//!
//! # Overview
//!
//! [`MoneyExtractor`] is built once (it compiles one regex) and
//! [`MoneyExtractor::find`] returns the [`Amount`]s of a segmented document.
//! It reads:
//!
//! - a currency symbol or code before the number: `$1.7 billion`,
//!   `US$4.7 billion`, `€20m`, `USD 500 million`, `USD34.6 million`;
//! - a currency word or code after it: `283 billion yuan`, `8,000 yuan`,
//!   `500 million US dollars`, `40 billion tenge`, `500mn USD`;
//! - scale words and abbreviations (`thousand`, `million`, `billion`,
//!   `trillion`, `mln`, `mn`, `bn`, `bln`, `tn`, `trln`, `k`, `m`, `b`);
//! - a qualifier just before the sum (`over`, `more than`, `topping`,
//!   `about`, `nearly`, `up to`, `at least`, …).
//!
//! Values are exact decimals, never binary floats. `usd` is set for US
//! dollar amounts only: conversion rates are not loaded yet.
//!
//! # Example
//!
//! ```
//! use dealx_core::Decimal;
//! use dealx_money::MoneyExtractor;
//!
//! let money = MoneyExtractor::new();
//! let text = "Investments topping $1.7 billion and 283 billion yuan.";
//! let found: Vec<(&str, String, String)> = money
//!     .find_iter(text)
//!     .map(|m| (&text[m.span], m.value.to_string(), m.currency.to_string()))
//!     .collect();
//! assert_eq!(found, [
//!     ("$1.7 billion", "1700000000".into(), "USD".into()),
//!     ("283 billion yuan", "283000000000".into(), "CNY".into()),
//! ]);
//! ```

use std::str::FromStr;

use dealx_core::{Amount, Currency, Decimal, Qualifier, Segmentation, Span};
use regex::Regex;

/// Currency symbols and codes written before the number, longest first, with
/// their ISO 4217 code.
const PREFIXES: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "CNY"),
    ("₩", "KRW"),
    ("₸", "KZT"),
    ("₽", "RUB"),
    ("₹", "INR"),
    ("₺", "TRY"),
];

/// ISO 4217 codes read before or after the number.
const CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CNY", "JPY", "KRW", "KZT", "RUB", "UZS", "KGS", "TJS", "TMT", "AZN",
    "GEL", "AMD", "MNT", "TRY", "INR", "AED", "SAR", "QAR", "CHF", "SGD", "HKD", "CAD", "AUD",
];

/// Currency words after the number (lower case, singular and plural), with
/// their ISO 4217 code.
const WORDS: &[(&str, &str)] = &[
    ("us dollars", "USD"),
    ("us dollar", "USD"),
    ("u.s. dollars", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds sterling", "GBP"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rmb", "CNY"),
    ("tenge", "KZT"),
    ("rubles", "RUB"),
    ("ruble", "RUB"),
    ("roubles", "RUB"),
    ("rouble", "RUB"),
    ("soums", "UZS"),
    ("soum", "UZS"),
    ("somoni", "TJS"),
    ("won", "KRW"),
    ("yen", "JPY"),
    ("rupees", "INR"),
    ("lira", "TRY"),
    ("lari", "GEL"),
    ("dirhams", "AED"),
];

/// Scale words and abbreviations (lower case) and their powers of ten.
const SCALES: &[(&str, u32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("trln", 12),
    ("mln", 6),
    ("bln", 9),
    ("mn", 6),
    ("bn", 9),
    ("tn", 12),
    ("k", 3),
    ("m", 6),
    ("b", 9),
];

/// Qualifiers that may stand just before a sum (lower case), longest first
/// where one ends another.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("no less than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("more than", Qualifier::MoreThan),
    ("exceeding", Qualifier::MoreThan),
    ("exceeds", Qualifier::MoreThan),
    ("exceed", Qualifier::MoreThan),
    ("topping", Qualifier::MoreThan),
    ("over", Qualifier::MoreThan),
    ("approximately", Qualifier::About),
    ("around", Qualifier::About),
    ("about", Qualifier::About),
    ("some", Qualifier::About),
    ("nearly", Qualifier::Almost),
    ("almost", Qualifier::Almost),
    ("up to", Qualifier::UpTo),
];

/// A sum of money found in text, before sentence assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyMatch {
    /// The mention.
    pub span: Span,
    /// The value in units of the currency.
    pub value: Decimal,
    /// The currency.
    pub currency: Currency,
    /// The qualifier before it, if any.
    pub qualifier: Option<Qualifier>,
}

/// Finds sums of money.
///
/// # Cloning
///
/// Holds one compiled regex; build it once and share it by reference across
/// threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct MoneyExtractor {
    pattern: Regex,
}

impl Default for MoneyExtractor {
    fn default() -> MoneyExtractor {
        MoneyExtractor::new()
    }
}

impl MoneyExtractor {
    /// Compiles the money pattern.
    pub fn new() -> MoneyExtractor {
        let alt = |items: Vec<String>| items.join("|");
        let prefixes = alt(PREFIXES.iter().map(|(s, _)| regex::escape(s)).collect());
        let codes = alt(CODES.iter().map(|c| c.to_string()).collect());
        // The pattern is in verbose mode, so spaces inside words must be explicit.
        let words = alt(WORDS
            .iter()
            .map(|(w, _)| regex::escape(w).replace(' ', r"\s"))
            .collect());
        let scale_words = alt(SCALES
            .iter()
            .filter(|(s, _)| s.len() > 1)
            .map(|(s, _)| s.to_string())
            .collect());
        let number = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?";
        // Scale words may follow a space; single letters ("$17m") must touch
        // the number, since "5 m" is usually metres.
        let scale =
            |n: u8| format!(r"(?:\s?(?P<sw{n}>(?i:{scale_words}))|(?P<sl{n}>[kKmMbB]))(?-u:\b)");
        let (scale1, scale2) = (scale(1), scale(2));
        let pattern = format!(
            r"(?x)
            (?:
                (?:(?P<sym>{prefixes})|(?-u:\b)(?P<code_before>{codes})\s?)
                (?P<num1>{number})(?:{scale1})?
                (?:\s(?P<code_after1>{codes})(?-u:\b))?
              |
                (?-u:\b)(?P<num2>{number})(?:{scale2})?
                \s?(?:(?P<word>(?i:{words}))|(?P<code_after2>{codes}))(?-u:\b)
            )"
        );
        let pattern = Regex::new(&pattern).expect("the money pattern is valid");
        MoneyExtractor { pattern }
    }

    /// Every sum of money in `text`, in text order.
    pub fn find_iter<'e, 't>(&'e self, text: &'t str) -> impl Iterator<Item = MoneyMatch> + 'e
    where
        't: 'e,
    {
        self.pattern.captures_iter(text).filter_map(move |caps| {
            let whole = caps.get(0)?;
            let (num, scale) = match caps.name("num1") {
                Some(n) => (n, caps.name("sw1").or_else(|| caps.name("sl1"))),
                None => (
                    caps.name("num2")?,
                    caps.name("sw2").or_else(|| caps.name("sl2")),
                ),
            };
            let currency = if let Some(sym) = caps.name("sym") {
                lookup(PREFIXES, sym.as_str())?
            } else if let Some(code) = caps
                .name("code_before")
                .or_else(|| caps.name("code_after1"))
                .or_else(|| caps.name("code_after2"))
            {
                Currency::new(code.as_str())?
            } else {
                let word = caps.name("word")?.as_str();
                let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
                let word = word.to_lowercase();
                lookup(WORDS, &word)?
            };
            let value = parse_value(num.as_str(), scale.map(|s| s.as_str()))?;
            let span = Span::new(whole.start(), whole.end());
            Some(MoneyMatch {
                span,
                value,
                currency,
                qualifier: qualifier_before(&text[..span.start()]),
            })
        })
    }

    /// The amounts of a segmented document: [`find_iter`](Self::find_iter)
    /// restricted to sums inside a sentence. `usd` is set for US dollars.
    pub fn find(&self, text: &str, segmentation: &Segmentation) -> Vec<Amount> {
        self.find_iter(text)
            .filter_map(|m| {
                let sentence = segmentation.sentence_of(m.span)?;
                Some(Amount {
                    span: m.span,
                    sentence,
                    value: m.value,
                    currency: m.currency,
                    usd: (m.currency == Currency::USD).then_some(m.value),
                    qualifier: m.qualifier,
                })
            })
            .collect()
    }
}

fn lookup(table: &[(&str, &str)], key: &str) -> Option<Currency> {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, code)| Currency::new(code))
}

/// The exact value of `number` (digits, optional thousands commas and
/// decimals) times its scale word.
fn parse_value(number: &str, scale: Option<&str>) -> Option<Decimal> {
    let digits: String = number.chars().filter(|&c| c != ',').collect();
    let mut value = Decimal::from_str(&digits).ok()?;
    if let Some(scale) = scale {
        let scale = scale.to_lowercase();
        let power = SCALES.iter().find(|(s, _)| *s == scale)?.1;
        value = value.checked_mul(Decimal::from(10u64.pow(power)))?;
    }
    Some(value.normalize())
}

/// The qualifier word(s) that end `before`, followed by one space.
fn qualifier_before(before: &str) -> Option<Qualifier> {
    let before = before.strip_suffix(' ')?;
    let tail_start = before.len().saturating_sub(16);
    let tail_start = (tail_start..before.len()).find(|&i| before.is_char_boundary(i))?;
    let tail = before[tail_start..].to_ascii_lowercase();
    QUALIFIERS.iter().find_map(|(word, q)| {
        let rest = tail.strip_suffix(word)?;
        let boundary = rest
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        boundary.then_some(*q)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, String, String)> {
        MoneyExtractor::new()
            .find_iter(text)
            .map(|m| (&text[m.span], m.value.to_string(), m.currency.to_string()))
            .collect()
    }

    fn one(text: &str) -> (String, String) {
        let all = found(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        (all[0].1.clone(), all[0].2.clone())
    }

    #[test]
    fn dollar_sign_with_scale_word() {
        assert_eq!(
            one("worth $15 billion"),
            ("15000000000".into(), "USD".into())
        );
        assert_eq!(
            one("worth $15 Billion"),
            ("15000000000".into(), "USD".into())
        );
    }

    #[test]
    fn decimal_value_is_exact() {
        assert_eq!(
            one("a $7.4 billion plant"),
            ("7400000000".into(), "USD".into())
        );
        assert_eq!(one("US$4.7 billion"), ("4700000000".into(), "USD".into()));
    }

    #[test]
    fn iso_code_before_with_and_without_space() {
        assert_eq!(one("USD 500 million"), ("500000000".into(), "USD".into()));
        assert_eq!(one("USD34.6 million"), ("34600000".into(), "USD".into()));
    }

    #[test]
    fn iso_code_after_number() {
        assert_eq!(one("a 500mn USD loan"), ("500000000".into(), "USD".into()));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(one("up to $1,104 per day"), ("1104".into(), "USD".into()));
        assert_eq!(one("8,000 yuan"), ("8000".into(), "CNY".into()));
    }

    #[test]
    fn currency_words_after_number() {
        assert_eq!(
            one("283 billion yuan"),
            ("283000000000".into(), "CNY".into())
        );
        assert_eq!(
            one("40 billion tenge"),
            ("40000000000".into(), "KZT".into())
        );
        assert_eq!(
            one("2 million US dollars"),
            ("2000000".into(), "USD".into())
        );
    }

    #[test]
    fn glued_abbreviations() {
        assert_eq!(one("about $17m"), ("17000000".into(), "USD".into()));
        assert_eq!(one("a €3bn fund"), ("3000000000".into(), "EUR".into()));
    }

    #[test]
    fn two_currencies_are_two_amounts() {
        let all = found("8,000 yuan ($1,104) per day");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].0, "$1,104");
    }

    #[test]
    fn qualifiers_are_recorded() {
        let q = |text: &str| {
            MoneyExtractor::new()
                .find_iter(text)
                .next()
                .unwrap()
                .qualifier
        };
        assert_eq!(
            q("investments topping $1.7 billion"),
            Some(Qualifier::MoreThan)
        );
        assert_eq!(
            q("valued at more than $15 billion"),
            Some(Qualifier::MoreThan)
        );
        assert_eq!(q("nearly $3 million"), Some(Qualifier::Almost));
        assert_eq!(q("paid $3 million"), None);
        assert_eq!(q("Moreover $3 million"), None);
    }

    #[test]
    fn not_money() {
        for text in [
            "a 36% drop",
            "from 4.5 million to 10 million tons",
            "G4 City",
            "over 6,000 enterprises",
            "in 2023",
            "+82(0)10 4724 5264",
            "5 b-roads",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn single_letter_scale_must_touch_the_number() {
        assert_eq!(found("$5 m")[0].0, "$5");
    }
}
