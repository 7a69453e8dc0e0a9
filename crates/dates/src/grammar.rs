//! The date grammar: regex pieces composed into the scanning pattern and the
//! anchored point parser.
//!
//! Every piece is written with ASCII classes and `(?-u:\b)` boundaries (see
//! DESIGN.md on hot regexes); the whole pattern is case-insensitive and the
//! code checks case where it matters ("may" the verb, "sun" the star).

/// Month names and abbreviations, an optional period after an abbreviation.
pub(crate) const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?-u:\b)\.?";

/// Weekday names and abbreviations.
pub(crate) const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)(?-u:\b)\.?";

/// A day of the month, with an optional ordinal suffix.
pub(crate) const DAY: &str = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?-u:\b)";

/// A four-digit year 1800–2100.
pub(crate) const YEAR: &str = r"(?:1[89][0-9]{2}|20[0-9]{2}|2100)(?-u:\b)";

/// Small counts written as words or digits ("two days ago").
const COUNT: &str = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,2})";

/// The point grammar with named groups; the scan pattern uses it with the
/// names stripped.
pub(crate) fn point_pattern() -> String {
    let (mon, wd, day, year) = (MONTH, WEEKDAY, DAY, YEAR);
    format!(
        r"(?:
          # Month D[, YYYY], with an optional weekday before
            (?:{wd},?\s+)?(?:the\s+)?(?P<m1>{mon}),?\s*(?P<d1>{day})(?:,?\s*(?P<y1>{year}))?
          # D [of] Month [YYYY]
          | (?:{wd},?\s+)?(?:the\s+)?(?P<d2>{day})(?:\.?\s+|\s+of\s+)(?P<m2>{mon})(?:,?\s*(?P<y2>{year}))?
          # Month YYYY, the month of Month
          | (?P<m3>{mon}),?\s+(?P<y3>{year})
          | (?P<y4>{year}),\s*(?P<m4>{mon})
          | (?:the\s+)?month\s+of\s+(?P<m5>{mon})
          # numeric dates
          | (?P<ny>{year})(?P<ns1>[-/.])(?P<nm>1[0-2]|0?[1-9])(?P<ns2>[-/.])(?P<nd>[12][0-9]|3[01]|0?[1-9])(?-u:\b)
          | (?P<na>[12][0-9]|3[01]|0?[1-9])(?P<ns3>[-/.])(?P<nb>[12][0-9]|3[01]|0?[1-9])(?P<ns4>[-/.])(?P<nc>{year}|[0-9]{{2}}(?-u:\b))
          | (?P<mm>1[0-2]|0?[1-9])\s?/\s?(?P<my>{year})
          # quarters and halves
          | (?:the\s+)?first\s+(?P<qc>two|three)\s+quarters\s+of\s+(?P<qcy>{year})
          | (?:the\s+)?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?P<qy>{year})
          | (?P<qq>q[1-4])\s*(?P<qqy>{year})
          | (?P<qqy2>{year})\s*(?P<qq2>q[1-4])(?-u:\b)
          | (?P<hh>h[12])\s*(?P<hhy>{year})
          | (?:the\s+)?(?P<hn>first|second)\s+half\s+of\s+(?P<hy>{year})
          # the end of July, early 2024, mid-2024
          | (?:the\s+)?(?P<edge>end|beginning|start|middle|turn)\s+of\s+(?:(?P<em>{mon})(?:,?\s+(?P<ey>{year}))?|(?P<ey2>{year}))
          | (?P<el>early|mid|late)(?:-|\s+)(?:(?P<elm>{mon})(?:,?\s+(?P<ely>{year}))?|(?P<ely2>{year}))
          # seasons
          | (?:(?P<smod>this|next|last|coming|previous|past|the)\s+)?(?P<sea>spring|summer|autumn|fall|winter)(?-u:\b)(?:\s+(?:of\s+)?(?P<sy>{year}))?
          # relative days, months, years, weeks
          | (?P<dayword>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?-u:\b)
          | (?P<rt>earlier|later)\s+this\s+(?P<rtu>year|month|week)(?-u:\b)
          | (?P<rm>last|next|this|coming|current|previous|following)\s+(?P<ru>year|month|weekend|week|quarter)(?-u:\b)
          | (?P<an>{COUNT})\s+(?P<au>day|week|month|year)s?\s+(?P<ad>ago|from\s+now)(?-u:\b)
          | (?P<mmod>this|next|last|coming)\s+(?P<mmn>{mon})
          # weekdays
          | (?:(?P<wm>last|next|this|coming|past)\s+)?(?P<wd>{wd})(?:\s+(?P<ww>next|last|this)\s+week(?-u:\b))?
          # a month alone, a year alone
          | (?P<mo>{mon})
          | (?P<yr>{year})
        )"
    )
}

/// The scanning pattern: intervals first (leftmost-first picks the first
/// alternative that matches), then points.
pub(crate) fn scan_pattern() -> String {
    let point = strip_names(&point_pattern());
    let (mon, day, year) = (MONTH, DAY, YEAR);
    let side = format!(r"(?:{point}|{day})");
    format!(
        r"(?xi-u)(?-u:\b)(?:
            (?:from|between)\s+(?P<ia>{side})\s*(?:to|until|till|through|thru|and|-|–)\s*(?P<ib>{side})(?:,?\s*(?P<iy>{year}))?
          | (?P<ra>{point})\s*(?:-|–|to|through|until|till|thru)\s*(?P<rb>{side})(?:,?\s*(?P<ry>{year}))?
          | (?P<da>{day})\s*(?:-|–)\s*(?P<db>{day}(?:\s+of)?\s+{mon}(?:,?\s*{year})?)
          | (?P<pt>{point})
        )"
    )
}

/// A point at the start of the haystack (the fallback when an interval does
/// not hold).
pub(crate) fn prefix_pattern() -> String {
    format!(r"(?xi-u)^(?:{})", strip_names(&point_pattern()))
}

/// The anchored point parser.
pub(crate) fn parse_pattern() -> String {
    format!(r"(?xi-u)^(?:{})$", point_pattern())
}

/// A pattern with its named groups made non-capturing.
fn strip_names(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        out.push_str("(?:");
        let after = &rest[i + 4..];
        let close = after.find('>').map_or(0, |j| j + 1);
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}
