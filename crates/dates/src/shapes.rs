//! The groups of the commonest interval shapes, read by hand instead of by
//! the scan pattern's bounded backtracker.
//!
//! Reading the groups of a scan match with the backtracker first clears a
//! visited set of (NFA states x span length) bits; the scan's NFA holds the
//! point grammar five times, so each interval cost about 117,000
//! instructions, most of it that clearing (callgrind, 5 MB of news). News
//! writes most ranges in two shapes:
//!
//! - a range of years, `2019-2023`, alone or after `from`;
//! - a month with a range of days, `June 12-13` or `June 12-13, 2024`.
//!
//! For a scan match whose whole text is exactly one of these shapes (one
//! ASCII space, a plain hyphen, no leading zero), [`common_interval`] gives
//! the groups the backtracker gives. Why they are the same, read from
//! `grammar.rs`:
//!
//! - The scan's alternatives before the ranges `ra` and `ia` all need words
//!   these texts do not hold (`month`, `between`, `on`, a weekday), so the
//!   first alternative that matches is `ia` (the text starts with `from`)
//!   or else `ra`; leftmost-first takes that alternative's preferred way.
//! - Its left side is a point: at a year followed by `-` and digits no
//!   point alternative matches but the bare year (`ny`, `nym`, `na`, `mm`
//!   need a month number after the separator, and no digit run here is
//!   one followed by a word end); at `June 12-13` the preferred point is
//!   the month and the day (`m1`), whose optional year fails at the `-`.
//! - After the `-` the side is again a point when it is a year, or the bare
//!   day (`13`: no point alternative takes a day number followed by the end
//!   or by `, 2024`), and the optional year of the range takes `, 2024`.
//!
//! The unit test `common_intervals_read_as_the_backtracker_reads_them`
//! reads every scan match of many texts (these shapes with every kind of
//! neighbour, and the crate's equivalence texts) both ways and fails if
//! the groups differ; any other text falls back to the backtracker.

use regex_automata::Span;

/// Named groups of one scan match, at most four of them.
pub(crate) type Groups = [Option<(&'static str, Span)>; 4];

/// The groups of the scan match `start..end` of `text` when its text is one
/// of the common interval shapes (see the module documentation), else
/// `None`.
pub(crate) fn common_interval(text: &str, start: usize, end: usize) -> Option<Groups> {
    let s = text.as_bytes().get(start..end)?;
    // "from 2019-2023": the `ia` alternative.
    if let Some(rest) = s.get(5..).filter(|_| s[..5].eq_ignore_ascii_case(b"from ")) {
        let (a, b) = year_range(rest)?;
        let at = start + 5;
        return Some([
            Some((
                "ia",
                Span {
                    start: at + a.0,
                    end: at + a.1,
                },
            )),
            Some((
                "ib",
                Span {
                    start: at + b.0,
                    end: at + b.1,
                },
            )),
            None,
            None,
        ]);
    }
    // "2019-2023": the `ra` alternative.
    if let Some((a, b)) = year_range(s) {
        return Some([
            Some((
                "ra",
                Span {
                    start: start + a.0,
                    end: start + a.1,
                },
            )),
            Some((
                "rb",
                Span {
                    start: start + b.0,
                    end: start + b.1,
                },
            )),
            None,
            None,
        ]);
    }
    // "June 12-13", "June 12-13, 2024": `ra` with the month and first day,
    // `rb` the second day, `ry` the year.
    let month_len = s.iter().position(|&b| b == b' ')?;
    if !is_month_word(&s[..month_len]) {
        return None;
    }
    let mut i = month_len + 1;
    let first = day_at(s, i)?;
    i += first;
    let ra = Span {
        start,
        end: start + i,
    };
    if s.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let second = day_at(s, i)?;
    let rb = Span {
        start: start + i,
        end: start + i + second,
    };
    i += second;
    if i == s.len() {
        return Some([Some(("ra", ra)), Some(("rb", rb)), None, None]);
    }
    if s.get(i..i + 2) != Some(b", ") || s.len() != i + 6 || !is_year(&s[i + 2..]) {
        return None;
    }
    let ry = Span {
        start: start + i + 2,
        end,
    };
    Some([Some(("ra", ra)), Some(("rb", rb)), Some(("ry", ry)), None])
}

/// `YYYY-YYYY` as the whole of `s`, both years of the grammar's range: the
/// two years' offsets.
fn year_range(s: &[u8]) -> Option<((usize, usize), (usize, usize))> {
    (s.len() == 9 && s[4] == b'-' && is_year(&s[..4]) && is_year(&s[5..]))
        .then_some(((0, 4), (5, 9)))
}

/// Four digits that make a year of the grammar, 1800–2100.
fn is_year(s: &[u8]) -> bool {
    s.len() == 4
        && s.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(s)
            .ok()
            .and_then(|y| y.parse::<u16>().ok())
            .is_some_and(|y| (1800..=2100).contains(&y))
}

/// The length of a day number 1–31 without a leading zero at `s[i..]`,
/// followed by a byte that is not a digit (or nothing).
fn day_at(s: &[u8], i: usize) -> Option<usize> {
    let digits = s
        .get(i..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let n = std::str::from_utf8(&s[i..i + digits]).ok()?;
    let ok = matches!(digits, 1 | 2)
        && !n.starts_with('0')
        && n.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    ok.then_some(digits)
}

/// A month name of the grammar without a period, in any case.
fn is_month_word(w: &[u8]) -> bool {
    const NAMES: [&[u8]; 24] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
        b"jan",
        b"feb",
        b"mar",
        b"apr",
        b"jun",
        b"jul",
        b"aug",
        b"sep",
        b"sept",
        b"oct",
        b"nov",
        b"dec",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(w))
}
