//! The date stage: calendar expressions in text, as ISO 8601 values at the
//! precision written, anchored on the article's publication date.
//!
//! This crate owns date patterns and their normalisation. It does no I/O.
//!
//! # Overview
//!
//! [`DateExtractor`] is built once (it compiles one regex) and
//! [`DateExtractor::find`] returns the [`DateMention`]s of a segmented
//! document. It reads:
//!
//! - `Month D, YYYY`, `Month D`, `D Month YYYY`, `D Month` (full month names
//!   and `Jan.`-style abbreviations), with a day range `June 12-13, 2024`;
//! - `Month YYYY` (a month);
//! - ISO `YYYY-MM-DD`;
//! - year ranges `2019-2023` and bare years 1900–2100 that are not part of a
//!   number, an amount or a duration (`1,990 tons`, `$2025`, `2025-year`).
//!
//! A day or month written without a year takes the year of the publication
//! date when it is known (and is marked `anchored`), else `XXXX`.
//!
//! # Example
//!
//! ```
//! use dealx_core::Date;
//! use dealx_dates::DateExtractor;
//!
//! let dates = DateExtractor::new();
//! let text = "Signed on May 23; completion by 2040.";
//! let published: Date = "2024-06-12".parse().unwrap();
//! let values: Vec<String> = dates
//!     .find_iter(text, Some(published))
//!     .map(|m| m.value.to_string())
//!     .collect();
//! assert_eq!(values, ["2024-05-23", "2040"]);
//! ```

use dealx_core::{Date, DateMention, DateValue, PartialDate, Segmentation, Span};
use regex::{Captures, Regex};

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// A calendar expression found in text, before sentence assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// The mention.
    pub span: Span,
    /// Its ISO value.
    pub value: DateValue,
    /// True when the year came from the publication date.
    pub anchored: bool,
}

/// Finds calendar expressions.
///
/// # Cloning
///
/// Holds one compiled regex; build it once and share it by reference across
/// threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct DateExtractor {
    pattern: Regex,
}

impl Default for DateExtractor {
    fn default() -> DateExtractor {
        DateExtractor::new()
    }
}

impl DateExtractor {
    /// Compiles the date pattern.
    pub fn new() -> DateExtractor {
        let month = |n: u8| format!(r"(?P<m{n}>{MONTHS})(?-u:\b)\.?");
        let (m1, m2, m3) = (month(1), month(2), month(3));
        let pattern = format!(
            r"(?x)
            (?-u:\b)(?:
                # Month D[-D][, YYYY]
                {m1}\s(?P<d1>[0-9]{{1,2}})(?:-(?P<d1b>[0-9]{{1,2}}))?(?-u:\b)(?:,?\s(?P<y1>[0-9]{{4}})(?-u:\b))?
              | # D Month [YYYY]
                (?P<d2>[0-9]{{1,2}})\s{m2}(?:,?\s(?P<y2>[0-9]{{4}})(?-u:\b))?
              | # Month YYYY
                {m3}\s(?P<y3>[0-9]{{4}})(?-u:\b)
              | # YYYY-MM-DD
                (?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{2}})-(?P<id>[0-9]{{2}})(?-u:\b)
              | # YYYY-YYYY
                (?P<ry1>(?:19|20)[0-9]{{2}})[-–](?P<ry2>(?:19|20)[0-9]{{2}})(?-u:\b)
              | # YYYY
                (?P<y>(?:19|20)[0-9]{{2}}|2100)(?-u:\b)
            )"
        );
        let pattern = Regex::new(&pattern).expect("the date pattern is valid");
        DateExtractor { pattern }
    }

    /// Every calendar expression in `text`, in text order, with years taken
    /// from `published` where the text gives none.
    pub fn find_iter<'e, 't>(
        &'e self,
        text: &'t str,
        published: Option<Date>,
    ) -> impl Iterator<Item = DateMatch> + 'e
    where
        't: 'e,
    {
        self.pattern
            .captures_iter(text)
            .filter_map(move |caps| date_match(text, &caps, published))
    }

    /// The date mentions of a segmented document: [`find_iter`](Self::find_iter)
    /// restricted to mentions inside a sentence.
    pub fn find(
        &self,
        text: &str,
        segmentation: &Segmentation,
        published: Option<Date>,
    ) -> Vec<DateMention> {
        self.find_iter(text, published)
            .filter_map(|m| {
                let sentence = segmentation.sentence_of(m.span)?;
                Some(DateMention {
                    span: m.span,
                    sentence,
                    value: m.value,
                    anchored: m.anchored,
                })
            })
            .collect()
    }
}

fn date_match(text: &str, caps: &Captures<'_>, published: Option<Date>) -> Option<DateMatch> {
    let whole = caps.get(0)?;
    let span = Span::new(whole.start(), whole.end());
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let year_of = |name: &str| num(name).map(|y| y as i32);
    // The year written, or the publication year (anchored), or unknown.
    let resolve = |written: Option<i32>| match written {
        Some(y) => (Some(y), false),
        None => (published.map(|d| d.year()), published.is_some()),
    };
    let (value, anchored) = if let Some(m) = caps.name("m1") {
        let month = month_number(m.as_str())?;
        let (year, anchored) = resolve(year_of("y1"));
        let first = PartialDate::day(year, month, u8::try_from(num("d1")?).ok()?)?;
        let value = match num("d1b") {
            Some(d) => {
                let last = PartialDate::day(year, month, u8::try_from(d).ok()?)?;
                if last <= first {
                    return None;
                }
                DateValue::Interval(first, last)
            }
            None => DateValue::Point(first),
        };
        (value, anchored)
    } else if let Some(m) = caps.name("m2") {
        let month = month_number(m.as_str())?;
        let (year, anchored) = resolve(year_of("y2"));
        let day = PartialDate::day(year, month, u8::try_from(num("d2")?).ok()?)?;
        (DateValue::Point(day), anchored)
    } else if let Some(m) = caps.name("m3") {
        let month = month_number(m.as_str())?;
        (
            DateValue::Point(PartialDate::month(year_of("y3"), month)?),
            false,
        )
    } else if caps.name("iy").is_some() {
        let date = Date::new(
            year_of("iy")?,
            u8::try_from(num("im")?).ok()?,
            u8::try_from(num("id")?).ok()?,
        )?;
        (DateValue::Point(date.into()), false)
    } else if caps.name("ry1").is_some() {
        let (a, b) = (year_of("ry1")?, year_of("ry2")?);
        if b <= a || !is_free_standing(text, span) {
            return None;
        }
        (
            DateValue::Interval(PartialDate::year(a), PartialDate::year(b)),
            false,
        )
    } else {
        if !is_free_standing(text, span) {
            return None;
        }
        (DateValue::Point(PartialDate::year(year_of("y")?)), false)
    };
    Some(DateMatch {
        span,
        value,
        anchored,
    })
}

/// The month number of a month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    const ABBR: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let prefix = name.get(..3)?;
    ABBR.iter().position(|a| *a == prefix).map(|i| i as u8 + 1)
}

/// Whether a year-like number stands alone rather than inside a larger
/// number, an amount, a code or a compound ("2025-year", "1,990 tons").
fn is_free_standing(text: &str, span: Span) -> bool {
    let before = text[..span.start()].chars().next_back();
    let after = &text[span.end()..];
    if before.is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₸' | '₽' | '#' | '+')
    }) {
        return false;
    }
    // "1,2025" or "3.2025": part of a number.
    let before2: String = text[..span.start()].chars().rev().take(2).collect();
    let mut b2 = before2.chars();
    if let (Some(sep), Some(d)) = (b2.next(), b2.next()) {
        if matches!(sep, ',' | '.') && d.is_ascii_digit() {
            return false;
        }
    }
    // "+82 2024 5264": one group of a longer digit sequence.
    if before2.starts_with(' ') && before2.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    if let Some(next) = after.strip_prefix(' ') {
        if next.bytes().take_while(u8::is_ascii_digit).count() >= 3 {
            return false;
        }
    }
    let mut rest = after.chars();
    match (rest.next(), rest.next()) {
        (Some(c), _) if c.is_alphanumeric() || c == '%' => false,
        (Some('.' | ',' | '-' | '/' | ':'), Some(d)) if d.is_ascii_digit() => false,
        (Some('-'), Some(c)) if c.is_alphabetic() => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        let published = published.map(|p| p.parse().unwrap());
        DateExtractor::new()
            .find_iter(text, published)
            .map(|m| (text[m.span].to_string(), m.value.to_string()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn month_day_year() {
        assert_eq!(
            values("Signed on June 12, 2024 in Astana.", None),
            pairs(&[("June 12, 2024", "2024-06-12")])
        );
    }

    #[test]
    fn month_day_without_year_takes_published_year_or_xxxx() {
        assert_eq!(
            values("on May 23,", None),
            pairs(&[("May 23", "XXXX-05-23")])
        );
        assert_eq!(
            values("on May 23,", Some("2024-06-12")),
            pairs(&[("May 23", "2024-05-23")])
        );
    }

    #[test]
    fn day_month_with_and_without_year() {
        assert_eq!(
            values("On 14 June talks began; 12 January 2025 was set.", None),
            pairs(&[("14 June", "XXXX-06-14"), ("12 January 2025", "2025-01-12")])
        );
    }

    #[test]
    fn abbreviated_months() {
        assert_eq!(
            values("Due Feb. 7 and Sept. 30, 2023.", None),
            pairs(&[("Feb. 7", "XXXX-02-07"), ("Sept. 30, 2023", "2023-09-30")])
        );
    }

    #[test]
    fn day_range_is_an_interval() {
        assert_eq!(
            values("took place on June 12-13, 2024.", None),
            pairs(&[("June 12-13, 2024", "2024-06-12/2024-06-13")])
        );
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            values("in April 2024", None),
            pairs(&[("April 2024", "2024-04")])
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(
            values("Updated : 2025-02-25 13:35:16", None),
            pairs(&[("2025-02-25", "2025-02-25")])
        );
        assert!(values("2025-02-30", None).is_empty());
    }

    #[test]
    fn year_ranges_and_bare_years() {
        assert_eq!(
            values(
                "In 2019-2023 trade rose; by 2040 it may double since 2020.",
                None
            ),
            pairs(&[
                ("2019-2023", "2019/2023"),
                ("2040", "2040"),
                ("2020", "2020")
            ])
        );
    }

    #[test]
    fn numbers_that_are_not_years() {
        for text in [
            "1,990 tons",
            "$2025 fee",
            "a 2025-year plan",
            "2025.09.11",
            "APEC2025KOREA",
            "2030%",
            "room 2024b",
            "+82 2024 5264",
            "1850 workers",
        ] {
            assert!(
                values(text, None).is_empty(),
                "{text}: {:?}",
                values(text, None)
            );
        }
    }

    #[test]
    fn may_as_a_verb_is_not_a_month() {
        assert!(values("Prices may 3x soon; they may rise.", None).is_empty());
    }
}
