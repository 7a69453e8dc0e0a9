//! Publication-date detection: the article's own date, read from the text.
//!
//! Three kinds of evidence, in this order of trust:
//!
//! 1. a dateline at the start of a paragraph (`ASTANA, Kazakhstan,
//!    November 27. —`), whose missing year comes from a stamp or date line;
//! 2. a stamp: a keyword such as `Updated`, `Published on`, `Posted`, `Date`
//!    right before a full date (`Updated : 2025-02-25 13:35:16`);
//! 3. a date line: a line that is only a full date, right under a headline
//!    or as the last line of the article.
//!
//! A site's "today" clock is not the publication date: a date followed by a
//! weekday in parentheses (`2025.09.11 (Thu)`) is never a line of its own,
//! and a date line next to navigation or listing furniture (a bullet line
//! before it, a "Viewing results 1 - 6 of 8" line after it) is skipped.

use aho_corasick::packed;
use dealx_core::{Date, PublishedSource, Segmentation};
use regex::Regex;
use regex_automata::{meta, Input};

use crate::{calendar, grammar, DateExtractor};

/// The patterns that publication-date detection needs, built once.
#[derive(Clone, Debug)]
pub(crate) struct PublishedPatterns {
    stamp: meta::Regex,
    /// Finds, in the ASCII-lower-cased text, the lines where a stamp can
    /// be (see [`stamp_lines`]).
    stamp_words: packed::Searcher,
    dateline: Regex,
    pagination: Regex,
    time: Regex,
}

impl PublishedPatterns {
    pub(crate) fn new() -> PublishedPatterns {
        let stamp = meta::Regex::new(
            r"(?i)(?-u:\b)(?:last[ \t]+updated|updated|published|posted|modified|created|date)(?-u:\b)(?:[ \t]+(?:on|at))?[ \t]*[:|]?[ \t]*",
        )
        .expect("the stamp pattern is valid");
        // A packed (SIMD) searcher: the default automaton chose a memchr
        // of one "rare" byte, which fires every few bytes of English.
        let stamp_words =
            packed::Searcher::new(STAMP_WORDS).expect("the stamp words make a packed searcher");
        let dateline = Regex::new(&format!(
            r"(?m-u)^[ \t]*[A-Z][A-Z.'\- ]{{2,}}(?:,[ \t]*[A-Z][A-Za-z.'\- ]+)*,[ \t]*(?P<date>(?i:{mon})[ \t]+(?i:{day})(?:,[ \t]*{year})?)[ \t]*(?:\.|:|\(|-|—|–)",
            mon = grammar::MONTH,
            day = grammar::DAY,
            year = grammar::YEAR
        ))
        .expect("the dateline pattern is valid");
        let pagination = Regex::new(
            r"(?i-u)^(?:viewing|showing|displaying)(?-u:\b)|(?-u:\b)[0-9]+\s*-\s*[0-9]+\s+of\s+[0-9]+(?-u:\b)",
        )
        .expect("the pagination pattern is valid");
        let time = Regex::new(r"^\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*[AaPp]\.?[Mm]\.?)?$")
            .expect("the time pattern is valid");
        PublishedPatterns {
            stamp,
            stamp_words,
            dateline,
            pagination,
            time,
        }
    }
}

/// The article's own date, read from `text`, and what kind of evidence gave
/// it; `None` when the text states none.
///
/// `segmentation.body`, when not empty, marks the article body: a date line
/// that ends the body counts as the article's last line.
///
/// ```
/// use dealx_core::{PublishedSource, Segmentation};
/// use dealx_dates::{published_date, DateExtractor};
///
/// let dates = DateExtractor::new();
/// let text = "Big News Headline Here\nUpdated : 2025-02-25 13:35:16\n\nBody text.";
/// let (date, source) = published_date(&dates, text, &Segmentation::default()).unwrap();
/// assert_eq!((date.to_string(), source), ("2025-02-25".to_string(), PublishedSource::Stamp));
/// ```
pub fn published_date(
    dates: &DateExtractor,
    text: &str,
    segmentation: &Segmentation,
) -> Option<(Date, PublishedSource)> {
    let patterns = &dates.published;
    let stamp =
        stamp(dates, patterns, text).or_else(|| date_line(dates, patterns, text, segmentation));
    let window = head(text, DATELINE_WINDOW);
    let dateline = dateline_captures(patterns, window);
    if let Some(c) = dateline {
        if let Some((year, month, day)) = c.name("date").and_then(|d| dates.day_month(d.as_str())) {
            let from_year = |y: i32| Date::new(y, month, day);
            let date = match (year, stamp) {
                (Some(y), _) => from_year(y),
                (None, Some(s)) => from_year(s.year())
                    .filter(|d| calendar::days(*d) <= calendar::days(s) + 1)
                    .or_else(|| from_year(s.year() - 1)),
                (None, None) => None,
            };
            if let Some(d) = date {
                return Some((d, PublishedSource::Dateline));
            }
        }
    }
    stamp.map(|d| (d, PublishedSource::Stamp))
}

/// The first match of the dateline pattern in `window`, read line by line:
/// only the lines that may hold one ([`dateline_start`]) are searched, each
/// alone.
///
/// A fast path for searching the whole window from its first such line:
/// every match lies on one line and starts at its start (see
/// [`dateline_start`]), so the first match is the match on the first line
/// that has one. A line is searched with the text before it (for `^`) and
/// cut at its line break: the pattern looks at nothing after its last byte,
/// and its word boundaries see the same non-word at a line break as at the
/// end of the haystack (test `dateline_start_keeps_every_match`). The
/// search no longer runs on through the lines that cannot hold a dateline,
/// most of a window.
fn dateline_captures<'w>(
    patterns: &PublishedPatterns,
    window: &'w str,
) -> Option<regex::Captures<'w>> {
    let mut from = 0;
    loop {
        let at = dateline_start(window, from)?;
        let end = memchr::memchr(b'\n', &window.as_bytes()[at..]).map_or(window.len(), |i| at + i);
        if let Some(c) = patterns.dateline.captures_at(&window[..end], at) {
            return Some(c);
        }
        from = end + 1;
        if from > window.len() {
            return None;
        }
    }
}

/// Where the first line at or after `from` (a line start) that may hold a
/// dateline starts, if one does.
///
/// Every match of the dateline pattern lies on one line (none of its parts
/// takes a line break) and starts at the start of a line (`^`), where
/// `[ \t]*` is followed by an ASCII capital and two more bytes of
/// `[A-Z.'\- ]`; no other line can hold one.
fn dateline_start(window: &str, from: usize) -> Option<usize> {
    let b = window.as_bytes();
    let name_byte = |i: usize| {
        b.get(i)
            .is_some_and(|&c| c.is_ascii_uppercase() || matches!(c, b'.' | b'\'' | b'-' | b' '))
    };
    let mut line = from;
    loop {
        let mut i = line;
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if b.get(i).is_some_and(u8::is_ascii_uppercase) && name_byte(i + 1) && name_byte(i + 2) {
            return Some(line);
        }
        line += memchr::memchr(b'\n', b.get(line..)?)? + 1;
    }
}

/// Words of which every stamp keyword holds one, in lower case: "date"
/// is in "date", "updated" and "last updated".
const STAMP_WORDS: [&str; 5] = ["date", "published", "posted", "modified", "created"];

/// The lines of `text` (without their line breaks) that may hold a match
/// of the stamp pattern, in text order.
///
/// A fast path for the stamp pattern, which would otherwise run its
/// automaton over every byte (its literal prefilter, the case variants of
/// the keywords' first three letters, fired on "data", "last", "create",
/// "post", "model" …): every match holds a keyword, every keyword holds one
/// of [`STAMP_WORDS`] in some case, and no part of the pattern matches a
/// line break (the spaces it takes are `[ \t]`). So the matches are those
/// found line by line in the lines where a stamp word occurs in the
/// ASCII-lower-cased text (same byte offsets), searched with the rest of
/// the text around them for the word boundaries (test
/// `stamps_found_line_by_line_equal_the_whole_text_search`).
fn stamp_lines<'p>(
    patterns: &'p PublishedPatterns,
    text: &'p str,
    lower: &'p [u8],
) -> impl Iterator<Item = std::ops::Range<usize>> + 'p {
    let b = text.as_bytes();
    let mut searched_to = 0;
    patterns.stamp_words.find_iter(lower).filter_map(move |w| {
        let at = w.start();
        if at < searched_to {
            return None;
        }
        let start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
        searched_to = end;
        Some(start..end)
    })
}

/// The matches of the stamp pattern in `text`, in text order: its
/// `find_iter`, read only in the lines [`stamp_lines`] gives.
fn stamp_matches<'p>(
    patterns: &'p PublishedPatterns,
    text: &'p str,
    lower: &'p [u8],
) -> impl Iterator<Item = regex_automata::Match> + 'p {
    stamp_lines(patterns, text, lower).flat_map(move |line| {
        let mut from = line.start;
        std::iter::from_fn(move || {
            let m = patterns
                .stamp
                .search(&Input::new(text).span(from..line.end))?;
            from = m.end();
            Some(m)
        })
    })
}

/// The first stamp keyword directly followed by a full date.
fn stamp(dates: &DateExtractor, patterns: &PublishedPatterns, text: &str) -> Option<Date> {
    // Lowered in one pass into a new buffer: `<[u8]>::to_ascii_lowercase`
    // copies the text first and lowers the copy (callgrind: the copy was
    // two fifths of it). The same bytes either way.
    let lower: Vec<u8> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
    // Matches, not groups: reading groups cost more than the search
    // (callgrind). The keyword starts the match, and it is "date" exactly
    // when the match starts with those four letters (in any case), since
    // no other keyword begins with them.
    for m in stamp_matches(patterns, text, &lower) {
        let is_date = text[m.range()]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("date"));
        if is_date && !date_keyword_ok(&text[..m.start()]) {
            continue;
        }
        let at = m.end();
        let Some(m) = dates.find_at_start(&text[at..]) else {
            continue;
        };
        if let Some(d) = dates.full_date(&text[at..at + m.span.end()]) {
            return Some(d);
        }
    }
    None
}

/// "Date" is a stamp keyword on its own or after "publication", "release",
/// "post" or "issue" — not as the last word of another label such as
/// "Registration Date" (a capitalised label word) or "due date".
fn date_keyword_ok(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    let word = trimmed
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    const OWN: &[&str] = &["publication", "release", "post", "issue", "publish"];
    const OTHER: &[&str] = &[
        "registration",
        "due",
        "birth",
        "expiry",
        "expiration",
        "start",
        "end",
        "effective",
        "closing",
        "opening",
        "delivery",
        "maturity",
        "issue",
        "target",
        "completion",
    ];
    if word.is_empty() || OWN.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        return true;
    }
    !word.starts_with(char::is_uppercase) && !OTHER.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A line that is only a full date, right under a headline or ending the
/// article.
fn date_line(
    dates: &DateExtractor,
    patterns: &PublishedPatterns,
    text: &str,
    segmentation: &Segmentation,
) -> Option<Date> {
    let body_end = segmentation.body.last().map(|s| s.end());
    // The checks of a line's place come before reading its date, the
    // costly part: all of them are pure, so their order does not change
    // which line is taken, and most lines fail the cheap length and digit
    // test or stand in no place where a date line counts. The lines are
    // read as a stream (the line before and the one after are all a rule
    // looks at), not gathered first.
    let mut lines = line_spans(text)
        .filter(|(_, l)| !trim(l).is_empty())
        .peekable();
    let mut before: Option<&str> = None;
    while let Some((start, line)) = lines.next() {
        let trimmed = trim(line);
        if may_be_lone_date(trimmed) {
            let next = lines.peek().copied();
            let last = next.is_none()
                || body_end.is_some_and(|e| {
                    let end = start + line.len();
                    end <= e && next.is_none_or(|(s, _)| s >= e)
                });
            let placed = last
                || (before.is_some_and(looks_like_headline) && {
                    let furniture_after = next.is_some_and(|(_, next)| {
                        let next = next.trim();
                        is_bullet(next) || patterns.pagination.is_match(next)
                    });
                    !furniture_after
                });
            if placed {
                if let Some(date) = lone_date(dates, patterns, trimmed) {
                    return Some(date);
                }
            }
        }
        before = Some(line);
    }
    None
}

/// `line.trim()`, without decoding the characters at its ends when they
/// are ASCII and not white space, as at the ends of most lines: `trim`
/// removes only white space from the ends, so such a line is its own
/// trimmed text (test `trim_equals_str_trim`).
fn trim(line: &str) -> &str {
    // The ASCII characters `char::is_whitespace` accepts.
    let kept = |b: &u8| b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let b = line.as_bytes();
    if b.first().is_some_and(kept) && b.last().is_some_and(kept) {
        line
    } else {
        line.trim()
    }
}

/// Whether `line` passes the cheap tests of [`lone_date`]: short, with a
/// digit.
fn may_be_lone_date(line: &str) -> bool {
    line.len() <= 60 && has_digit(line.as_bytes())
}

/// Whether `b` holds an ASCII digit: `b.iter().any(u8::is_ascii_digit)`,
/// eight bytes at a time.
///
/// Asked of every short line, most of them menu and link lines with no
/// digit, read to their end (callgrind, 5 MB slice: `published_date`
/// 25.01M -> 24.55M instructions with this test). Each byte of
/// a word `x` is tested at once: with the high bit cleared (`low`),
/// `low + 0x50` has its high bit set when `low >= 0x30` and `low + 0x46`
/// when `low >= 0x3A`; no sum carries into the next byte (each is at most
/// 0x7F + 0x50). A byte is a digit when the first is set, the second is
/// not and its own high bit was clear (test `has_digit_equals_any`).
fn has_digit(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let low = x & !HIGH;
        if (low + ONES * 0x50) & !(low + ONES * 0x46) & !x & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// The date when `line` is a full date, optionally followed by a time.
fn lone_date(dates: &DateExtractor, patterns: &PublishedPatterns, line: &str) -> Option<Date> {
    if !may_be_lone_date(line) {
        return None;
    }
    if let Some(d) = dates.full_date(line) {
        return Some(d);
    }
    let m = dates.find_at_start(line)?;
    if !patterns.time.is_match(&line[m.span.end()..]) {
        return None;
    }
    dates.full_date(&line[..m.span.end()])
}

fn is_bullet(line: &str) -> bool {
    line.starts_with(['•', '*', '-', '·', '▪', '►', '|'])
}

/// A headline: a few words, not a bullet, not ending like a sentence.
///
/// The tests that look at the line's ends come before the word count:
/// all are pure, so the answer is the same, and the line asked about (the
/// one before each short line with a digit, 17 a page on the 5 MB slice)
/// is most often a paragraph that ends like a sentence, which then is not
/// split into words (callgrind: the count and its `trim` were over a
/// quarter of `published_date`). `trim` is `str::trim` (test
/// `trim_equals_str_trim`); test `headline_checks_in_any_order_agree`.
fn looks_like_headline(line: &str) -> bool {
    let line = trim(line);
    if is_bullet(line) || line.ends_with(['.', ':', ';', ',']) {
        return false;
    }
    // Counted up to one past the most a headline has: the answer is the
    // same, and a long paragraph before a short line is not read through.
    let words = line.split_whitespace().take(31).count();
    (3..=30).contains(&words)
}

/// Each line of `text` with its byte offset, without its line break.
///
/// The lines of `text.split_inclusive('\n')`, found with `memchr` (test
/// `line_spans_split_as_split_inclusive`).
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    std::iter::from_fn(move || {
        if offset >= text.len() {
            return None;
        }
        let start = offset;
        offset =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        Some((start, text[start..offset].trim_end_matches(['\n', '\r'])))
    })
}

/// How far into the text a dateline is looked for, in bytes.
const DATELINE_WINDOW: usize = 4000;

/// The first `max` bytes of `text`, cut back to a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod head_tests {
    use super::*;

    // See: a page whose 4000th byte falls inside a Hangul syllable made
    // published_date panic (found on the benchmark corpus).
    #[test]
    fn dateline_window_cuts_on_a_char_boundary() {
        let text = format!("{}시 more text", "a".repeat(DATELINE_WINDOW - 1));
        assert!(text.is_char_boundary(DATELINE_WINDOW + 2));
        assert!(!text.is_char_boundary(DATELINE_WINDOW));
        assert_eq!(head(&text, DATELINE_WINDOW).len(), DATELINE_WINDOW - 1);
        let dates = DateExtractor::new();
        assert_eq!(
            published_date(&dates, &text, &Segmentation::default()),
            None
        );
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// Texts with datelines, date lines and stamps in many places, my own,
    /// plus the crate's equivalence texts (testkit news pieces, corpus).
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "ASTANA, Kazakhstan, November 27. — The fund signed a deal.",
            "Big Deal Signed In The Capital Today\n  June 3, 2024\nBody text here.",
            "  \tBAKU, Jan 5, 2023: talks\nmore",
            "A line\nUS, March 4 - a thing\nPARIS, France, Dec. 1 (AP) news",
            "Headline words for this story\n2025-02-25 13:35:16\n• Home\n",
            "Headline words for this story\n2025.09.11\nViewing results 1 - 6 of 8\n",
            "Some text.\nAB, C\nXY-, Z\nNEW YORK, May 2, 2019 — Stocks rose.\n\n12 May 2024",
            "no capitals here\n\n\n",
            "",
            "I a\nIt Is, May 3.\n",
            "Registration Date: 2024-05-01\nPosted on: 2023-01-02",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.extend(crate::tests::texts());
        // Each text also cut at every line, so that a dateline or a date
        // line falls at the start or the end.
        let mut cut = Vec::new();
        for t in &texts {
            for (i, _) in t.match_indices('\n').take(200) {
                cut.push(t[i + 1..].to_string());
                cut.push(t[..i].to_string());
            }
        }
        texts.extend(cut);
        texts
    }

    /// Each line of `text` with its byte offset, as split by the standard
    /// library.
    fn line_spans_plain(text: &str) -> impl Iterator<Item = (usize, &str)> {
        let mut offset = 0;
        text.split_inclusive('\n').map(move |l| {
            let start = offset;
            offset += l.len();
            (start, l.trim_end_matches(['\n', '\r']))
        })
    }

    #[test]
    fn has_digit_equals_any() {
        // Every byte value alone, at each place of a chunk and in the
        // remainder, among bytes next to the digits and non-ASCII bytes.
        let fill = [b'/', b':', b'a', 0xB0, 0xB9, 0xFF, 0x80, b' '];
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for v in 0..=255u8 {
            for len in [1, 7, 8, 9, 16, 17, 60] {
                for at in 0..len {
                    let mut b: Vec<u8> = (0..len).map(|i| fill[i % fill.len()]).collect();
                    b[at] = v;
                    cases.push(b);
                }
            }
        }
        for text in texts() {
            cases.extend(text.lines().map(|l| l.as_bytes().to_vec()));
        }
        let mut with = 0;
        for b in &cases {
            let plain = b.iter().any(u8::is_ascii_digit);
            assert_eq!(has_digit(b), plain, "{b:?}");
            with += usize::from(plain);
        }
        assert!(with > 1000, "{with} with a digit");
    }

    /// Every line of the test texts.
    fn text_lines() -> Vec<String> {
        texts()
            .iter()
            .flat_map(|t| t.lines().map(String::from).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn trim_equals_str_trim() {
        let mut lines = text_lines();
        // Every ASCII byte and some non-ASCII white space and letters at
        // either end of a line.
        let ends: Vec<String> = (0u8..128)
            .map(|b| char::from(b).to_string())
            .chain(["\u{a0}", "\u{2003}", "\u{3000}", "é", "中", ""].map(String::from))
            .collect();
        for a in &ends {
            for b in &ends {
                lines.push(format!("{a}x y{b}"));
                lines.push(format!("{a}{b}"));
            }
        }
        for line in &lines {
            assert_eq!(trim(line), line.trim(), "{line:?}");
        }
    }

    /// The headline test as it was written, the word count first.
    fn looks_like_headline_plain(line: &str) -> bool {
        let line = line.trim();
        let words = line.split_whitespace().count();
        (3..=30).contains(&words) && !is_bullet(line) && !line.ends_with(['.', ':', ';', ','])
    }

    #[test]
    fn headline_checks_in_any_order_agree() {
        let mut lines = text_lines();
        // Short and long lines of my own, with each kind of end and start.
        for words in [1, 2, 3, 4, 29, 30, 31, 40] {
            let body = vec!["word"; words].join(" ");
            for (start, end) in [("", ""), ("• ", ""), ("- ", ""), ("", "."), ("", ":")] {
                for pad in ["", " ", "\t", "\u{a0}", "\u{3000}"] {
                    lines.push(format!("{pad}{start}{body}{end}{pad}"));
                    lines.push(format!("{start}{body}\u{2003}x{end}"));
                }
            }
        }
        let mut headlines = 0;
        for line in &lines {
            let plain = looks_like_headline_plain(line);
            assert_eq!(looks_like_headline(line), plain, "{line:?}");
            headlines += usize::from(plain);
        }
        assert!(headlines >= 50, "{headlines} headlines of {}", lines.len());
    }

    #[test]
    fn line_spans_split_as_split_inclusive() {
        let mut texts = texts();
        texts.extend(["\n", "\n\n", "a", "a\r\n", "\r\nb\n\nc\r", "시\n"].map(String::from));
        for text in texts {
            let fast: Vec<_> = line_spans(&text).collect();
            let plain: Vec<_> = line_spans_plain(&text).collect();
            assert_eq!(fast, plain, "{text:?}");
        }
    }

    /// The date line rule with the date read first, as it was written
    /// before its checks were reordered.
    fn date_line_plain(
        dates: &DateExtractor,
        patterns: &PublishedPatterns,
        text: &str,
        segmentation: &Segmentation,
    ) -> Option<Date> {
        let lines: Vec<(usize, &str)> = line_spans_plain(text)
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        let body_end = segmentation.body.last().map(|s| s.end());
        for (i, &(start, line)) in lines.iter().enumerate() {
            let Some(date) = lone_date(dates, patterns, line.trim()) else {
                continue;
            };
            let last = i + 1 == lines.len()
                || body_end.is_some_and(|e| {
                    let end = start + line.len();
                    end <= e && lines.get(i + 1).is_none_or(|(s, _)| *s >= e)
                });
            if last {
                return Some(date);
            }
            let headline_before = i > 0 && looks_like_headline(lines[i - 1].1);
            let furniture_after = lines.get(i + 1).is_some_and(|(_, next)| {
                let next = next.trim();
                is_bullet(next) || patterns.pagination.is_match(next)
            });
            if headline_before && !furniture_after {
                return Some(date);
            }
        }
        None
    }

    #[test]
    fn stamps_found_line_by_line_equal_the_whole_text_search() {
        let dates = DateExtractor::new();
        let patterns = &dates.published;
        let mut texts = texts();
        texts.extend(
            [
                "UPDATED:2024-01-02",
                "Last \t Updated on 2024-05-06 and last\nupdated 2024",
                "PoStEd at\t3 May 2024\r\nMODIFIED|2024.01.02 CREATED\r\n",
                "créated 2024, xdate 2024, date_ 2024, _date 2024, Dateline, update",
                "Date: 2024-01-01\nthe candidate, a mandate, to validate; Published",
                "Publishedposted date\u{e9}Date\u{c9}DATE\n\n\ndate",
                "Registration Date: 2024-05-01\nPosted on: 2023-01-02",
                "datE",
                "",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for text in texts {
            let lower = text.as_bytes().to_ascii_lowercase();
            let fast: Vec<_> = stamp_matches(patterns, &text, &lower)
                .map(|m| m.range())
                .collect();
            let plain: Vec<_> = patterns.stamp.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(fast, plain, "{text:?}");
            found += plain.len();
        }
        assert!(found >= 20, "{found} stamps");
    }

    #[test]
    fn dateline_start_keeps_every_match() {
        let dates = DateExtractor::new();
        let patterns = &dates.published;
        let mut found = 0;
        for text in texts() {
            let window = head(&text, DATELINE_WINDOW);
            let plain = patterns.dateline.captures(window);
            let fast = dateline_captures(patterns, window);
            let spans = |c: &Option<regex::Captures<'_>>| {
                c.as_ref()
                    .map(|c| (c.get(0).unwrap().range(), c.name("date").map(|d| d.range())))
            };
            assert_eq!(spans(&fast), spans(&plain), "{window:?}");
            found += usize::from(plain.is_some());
        }
        assert!(found >= 5, "{found} datelines");
    }

    #[test]
    fn date_line_checks_in_any_order_agree() {
        let dates = DateExtractor::new();
        let patterns = &dates.published;
        let mut found = 0;
        for text in texts() {
            // Without a body, and with the body ending at each line break.
            let mut segmentations = vec![Segmentation::default()];
            for (i, _) in text.match_indices('\n').take(20) {
                segmentations.push(Segmentation {
                    body: vec![dealx_core::Span::new(0, i)],
                    ..Segmentation::default()
                });
            }
            for segmentation in &segmentations {
                let plain = date_line_plain(&dates, patterns, &text, segmentation);
                assert_eq!(
                    date_line(&dates, patterns, &text, segmentation),
                    plain,
                    "{text:?}"
                );
                found += usize::from(plain.is_some());
            }
        }
        assert!(found >= 5, "{found} date lines");
    }
}
