//! The date grammar: regex pieces composed into the scanning pattern and the
//! anchored point parser.
//!
//! Every piece is written with ASCII classes and `(?-u:\b)` boundaries (see
//! DESIGN.md on hot regexes); the whole pattern is case-insensitive and the
//! code checks case where it matters ("may" the verb, "sun" the star).

/// Month names and abbreviations, an optional period after an abbreviation.
///
/// Written as a tree of shared beginnings (`jan(?:uary)?`) rather than a
/// flat list (`january|…|jan|…`): the same matches in the same order of
/// preference, since the names that can match at one place are one name
/// and its abbreviations, longest first either way (unit test
/// `tree_alternations_match_as_the_flat_lists`); but the automaton has
/// fewer states and the pattern, which holds it a hundred times, compiles
/// in fewer instructions.
pub(crate) const MONTH: &str = r"(?:jan(?:uary)?|june?|july?|feb(?:ruary)?|mar(?:ch)?|may|apr(?:il)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?-u:\b)\.?";

/// Weekday names and abbreviations, written as a tree like [`MONTH`].
pub(crate) const WEEKDAY: &str = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?-u:\b)\.?";

/// A day of the month, with an optional ordinal suffix.
pub(crate) const DAY: &str = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?-u:\b)";

/// A day of the month written as an ordinal word ("second", "twenty first").
///
/// The words are a tree of shared beginnings like [`MONTH`]; no word
/// begins another, so at one place at most one of them can match and the
/// tree matches as the flat list did (unit test
/// `tree_alternations_match_as_the_flat_lists`).
pub(crate) const DAY_WORD: &str = r"(?:(?:twenty|thirty)[-\s]?(?:f(?:irst|ifth|ourth)|s(?:econd|ixth|eventh)|t(?:hird)|eighth|ninth)|(?:twenty|thirty)-?first|f(?:i(?:rst|f(?:t(?:h|eenth)))|o(?:u(?:r(?:t(?:h|eenth)))))|s(?:e(?:cond|v(?:e(?:n(?:t(?:h|eenth)))))|i(?:x(?:t(?:h|eenth))))|t(?:h(?:i(?:r(?:d|t(?:eenth|ieth))))|enth|w(?:e(?:lfth|ntieth)))|e(?:i(?:g(?:h(?:t(?:h|eenth))))|leventh)|n(?:i(?:n(?:th|eteenth))))(?-u:\b)";

/// A day of the month written as a cardinal number word ("twenty one",
/// "fifteen"), as in "May twenty one"; the code takes it only where the
/// clause ends or a preposition follows. A tree like [`DAY_WORD`].
pub(crate) const DAY_CARD: &str = r"(?:(?:twenty|thirty)[-\s]?(?:one|t(?:wo|hree)|f(?:our|ive)|s(?:ix|even)|eight|nine)|t(?:w(?:e(?:nty|lve))|h(?:i(?:r(?:t(?:y|een))))|en)|e(?:leven|ighteen)|f(?:ourteen|ifteen)|s(?:ixteen|eventeen)|nineteen)(?-u:\b)";

/// A year before 1800, read only after a day and a month ("5 December
/// 1391"), where nothing else can take it.
pub(crate) const OLD_YEAR: &str = r"(?:1[0-7][0-9]{2})(?-u:\b)";

/// A four-digit year 1800–2100.
pub(crate) const YEAR: &str = r"(?:1[89][0-9]{2}|20[0-9]{2}|2100)(?-u:\b)";

/// Small counts written as words or digits ("two days ago").
const COUNT: &str =
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[0-9]{1,2})";

/// The point grammar with named groups; the scan pattern uses it with the
/// names stripped.
pub(crate) fn point_pattern() -> String {
    let (mon, wd, year) = (MONTH, WEEKDAY, YEAR);
    let day = DAY;
    let dayx = format!("(?:{DAY}|{DAY_WORD}|{DAY_CARD})");
    let fyear = format!("(?:{YEAR}|{OLD_YEAR})");
    let rel = r"(?:this|next|last|previous|coming|current)";
    let year_nb = r"(?:1[89][0-9]{2}|20[0-9]{2})";
    let holiday = r"christmas\s+eve|christmas(?:\s+day)?|new\s+year's\s+eve|new\s+year's(?:\s+day)?|halloween|valentine's\s+day|nauryz|nowruz|navruz";
    format!(
        r"(?:
          # Month D[, YYYY], with an optional weekday before
            (?:{wd},?\s+)?(?:the\s+)?(?P<m1>{mon})(?:,?\s*|\s+the\s+)(?P<d1>{dayx})(?:,?\s*(?:of\s+)?(?P<y1>{fyear}))?
          # D [of] Month [YYYY]
          | (?:{wd},?\s+)?(?:the\s+)?(?P<d2>{dayx})(?:\.?\s+|\s+of\s+)(?P<m2>{mon})(?:,?\s*(?:of\s+)?(?P<y2>{fyear}))?
          # Month YYYY, YYYY Month, the month of Month, Month next year
          | (?P<m3>{mon})\s*,?\s+(?P<y3>{year})
          | (?P<y4>{year})\s*,?\s*(?P<m4>{mon})
          | (?:the\s+)?month\s+of\s+(?P<m5>{mon})
          | (?P<mny>{mon})\s+(?P<mnyr>next|last|this)\s+year(?-u:\b)
          # numeric dates
          | (?P<ny>{year})(?P<ns1>[-/.])(?P<nm>1[0-2]|0?[1-9])(?P<ns2>[-/.])(?P<nd>[12][0-9]|3[01]|0?[1-9])(?-u:\b)
          | (?P<yma>{year})[-/](?P<ymm>{mon})[-/](?P<ymd>{day})
          | (?P<mon2>{mon})(?:[-/]|\.\s)(?P<mday2>{day})
          | (?P<dmo>{day})-(?P<dmon>{mon})
          | (?P<na>[12][0-9]|3[01]|0?[1-9])(?P<ns3>[-/.])(?P<nb>[12][0-9]|3[01]|0?[1-9])(?P<ns4>[-/.,])(?P<nc>{year}|[0-9]{{2}}(?-u:\b))
          | (?P<mm>1[0-2]|0?[1-9])\s*[-/]\s*(?P<my>{year})
          | (?P<nym>{year})(?P<nyms>\s*/\s*|\s+-\s*|\s*-\s*)(?P<nymm>1[0-2]|0?[1-9])(?-u:\b)
          # quarters and halves
          | (?:the\s+)?first\s+(?P<qc>two|three)\s+quarters\s+of\s+(?P<qcy>{year})
          | (?:(?P<qpy>{year})\s+)?(?:the\s+)?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+quarter(?:\s+(?:of\s+)?(?:(?P<qy>{year})|(?P<qr>this|next|last)\s+year))?
          | (?P<qyr>this|next|last)\s+year's\s+(?P<qn2>first|second|third|fourth)[-\s]quarter
          | (?P<qq>q[1-4])\s*(?:(?P<qqy>{year})|(?P<qqr>this|next|last)\s+year)
          | (?P<qqy2>{year_nb})\s*(?P<qq2>q[1-4])(?-u:\b)
          | (?P<qqa>Q[1-4])(?-u:\b)
          | (?P<hh>h[12])\s*(?P<hhy>{year})
          | (?P<hhy2>{year_nb})\s*(?P<hh2>h[12])(?-u:\b)
          | (?:the\s+)?(?P<hn>first|second)\s+half\s+of\s+(?P<hy>{year})
          # weeks
          | (?:the\s+)?(?P<wkn>first|second|third|fourth|last)\s+week\s+(?:of\s+)?(?:(?P<wkm>{mon})|(?P<wky>{year})|(?P<wkr>{rel})\s+(?P<wkru>month|year))
          | (?:the\s+)?week\s+(?:of|starting|commencing|beginning)(?:\s+on)?\s+(?P<wkof>(?:{mon})[\s.]*(?:{day}))
          | w/c\s+(?P<wkof2>(?:{mon})\s*(?:{day}))
          | rest\s+(?:of\s+)?(?:(?:this|the|current|my)\s+)?(?P<wrest>week|month|year)(?-u:\b)
          # the end of July, early 2024, mid-2024, late next week
          | (?:the\s+)?(?P<edge>end|beginning|start|middle|turn)\s+of\s+(?:(?P<em>{mon})(?:,?\s+(?P<ey>{year}))?|(?P<ey2>{year})|(?:the\s+|this\s+|current\s+|(?P<eur>next|last|previous|coming|past)\s+)?(?P<eu>year|month|week)(?-u:\b))
          | (?P<el>early|mid|late)(?:-|\s+)(?:(?P<elm>{mon})(?:,?\s+(?P<ely>{year}))?|(?P<ely2>{year})|(?P<elr>{rel})\s+(?P<elru>year|month|week)(?-u:\b))
          # decades: the 1990s, the early 2000s
          | (?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?P<dec>1[89][0-9]0|20[0-9]0)s(?-u:\b)
          # seasons
          | (?:(?P<smod>this|next|last|coming|previous|past|the)\s+)?(?P<sea>spring|summer|autumn|fall|winter)(?-u:\b)(?:\s+(?:of\s+)?(?P<sy>{year}))?
          # relative days, months, years, weeks
          | (?P<an>{COUNT})\s+(?P<au>day|week|month|year)s?\s+(?P<ad>ago|hence|from\s+now|from\s+today|from\s+tomorrow|from\s+yesterday|after\s+tomorrow|before\s+yesterday)(?-u:\b)
          | (?P<dayword>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?-u:\b)
          | (?P<dom>{dayx})(?:\s+day)?\s+of\s+(?:the\s+)?(?P<domr>this|next|last|previous|current)\s+month(?-u:\b)
          | (?:the\s+)?(?P<dmn>{DAY_WORD}|last)\s+day\s+(?:of|in)\s+(?P<dmm>{mon})(?:,?\s+(?P<dmy>{year}))?
          | (?:(?P<holm>this|next|last)\s+)?(?P<hol>{holiday})(?-u:\b)(?:\s+(?P<holy>{year}))?
          | (?P<rt>earlier|later)\s+(?:this|in\s+the)\s+(?P<rtu>year|month|week)(?-u:\b)
          | (?P<ytd>year[-\s]to[-\s]date)(?-u:\b)
          | (?P<wn>{COUNT})\s+(?P<wnd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\s+(?P<wnad>ago|hence|from\s+now|from\s+today)(?-u:\b)
          | (?P<wkm3>this|next|last)\s+week(?:'s|\s+on)?\s+(?P<wkd3>{wd})
          | (?P<rm>{rel}|following|upcoming)\s+(?P<ru>year|yr|month|weekend|week|quarter)(?-u:\b)
          | (?P<mmod>this|next|last|coming)\s+(?P<mmn>{mon})
          # weekdays
          | (?:the\s+)?(?P<own>first|second|third|fourth|fifth)\s+(?P<owd>{wd})(?:\s+(?:of|in)\s+(?:(?P<owm>{mon})(?:\s+(?P<owy>{year}))?|(?:the\s+)?(?P<owr>this|next|last|previous|the)\s+month))?
          | (?:the\s+)?(?P<own2>last)\s+(?P<owd2>{wd})\s+(?:of|in)\s+(?:(?P<owm2>{mon})(?:\s+(?P<owy2>{year}))?|(?:the\s+)?(?P<owr2>this|next|last|previous|the)\s+month)
          | (?P<wdd>{wd}),?\s+(?:the\s+(?P<wddn>{dayx})|(?P<wddn2>(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th))(?-u:\b))
          | (?:(?P<wm>last|next|this|coming|past)\s+)?(?P<wd>{wd})(?:\s+(?:of\s+|from\s+)?(?P<ww>next|last|this)\s+week(?-u:\b)|\s+(?P<wan>after\s+next)(?-u:\b))?
          | the\s+(?P<thed>(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th))(?-u:\b)
          # a numeric month and day: 4/22, 22/04
          | (?P<mda>[12][0-9]|3[01]|0?[1-9])/(?P<mdb>[12][0-9]|3[01]|0?[1-9])(?-u:\b)
          # a month alone, a year alone
          | (?P<mo>{mon})
          | (?P<yr>{year})
        )"
    )
}

/// The scanning pattern: intervals first (leftmost-first picks the first
/// alternative that matches), then points.
#[cfg(test)]
pub(crate) fn scan_pattern() -> String {
    scan_template().replace(POINT_HOLE, &strip_names(&point_pattern()))
}

/// Where [`scan_template`] leaves a hole for the point grammar.
const POINT_HOLE: &str = "(?P<__point>)";

/// The name of every hole of [`scan_skeleton`] starts with this.
pub(crate) const HOLE_NAME: &str = "__point";

/// The point grammar as the holes of [`scan_skeleton`] take it: without
/// group names, under the scanning pattern's flags.
pub(crate) fn scan_point_pattern() -> String {
    format!("(?xi-u){}", strip_names(&point_pattern()))
}

/// The scanning pattern with a hole wherever the point grammar goes (five
/// places): an empty group named `__point0`, `__point1`, … The point
/// grammar is nine tenths of the pattern, so the date stage parses it once
/// and puts it into the holes as a syntax tree rather than parsing it five
/// times (see `compose_scan` in lib.rs).
pub(crate) fn scan_skeleton() -> String {
    let template = scan_template();
    let mut out = String::with_capacity(template.len());
    for (i, part) in template.split(POINT_HOLE).enumerate() {
        if i > 0 {
            out.push_str(&format!("(?P<{HOLE_NAME}{}>)", i - 1));
        }
        out.push_str(part);
    }
    out
}

/// The scanning pattern with [`POINT_HOLE`] wherever the point grammar goes.
fn scan_template() -> String {
    let point = POINT_HOLE;
    let (mon, day, year) = (MONTH, DAY, YEAR);
    let side = format!(r"(?:{point}|(?:the\s+)?{day}|now)");
    let weekday_date = weekday_date_pattern();
    format!(
        r"(?xi-u)(?-u:\b)(?:
            (?:(?P<iw>this|next|last)\s+week\s+)?(?:from|between)\s+(?P<ia>{side})\s*(?:to|until|till|through|thru|and|-|–)\s*(?P<ib>{side})(?:,?\s*(?P<iy>{year})|(?:\s+(?:of|in))?\s+(?P<imr>this|next|last)\s+month(?-u:\b))?
          | (?P<xa>{day})\s*(?:-|–|to|till|until)\s*(?P<xb>{day})(?:\s+(?:of|in))?\s+(?P<xmr>this|next|last)\s+month(?-u:\b)
          | (?P<wx>{weekday_date})
          | on\s+(?:(?P<on>(?:[12][0-9]|3[01]|0?[1-9])[-.](?:[12][0-9]|3[01]|0?[1-9]))|(?P<ond>(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)))(?-u:\b)
          | (?P<nbm>{mon})\s+between\s+(?P<nba>{day})\s+and\s+(?P<nbb>{day})
          | (?P<ra>{point})\s*(?:-|–|to|through|until|till|thru)\s*(?P<rb>{side})(?:,?\s*(?P<ry>{year}))?
          | (?P<da>{day})(?:\s*(?:-|–)\s*|\s+(?:to|till|until|through)\s+)(?P<db>{day}(?:\s+of)?\s+{mon}(?:,?\s*{year})?)
          | (?P<pt>{point})
        )"
    )
}

/// A weekday followed by the date it names: `Friday 7/6`, `friday 2018-7-6`,
/// `this friday-jun-15`, `this Friday (Jun-15)`. The code checks that the
/// weekday fits the date.
fn weekday_date_pattern() -> String {
    let (mon, wd, day, year) = (MONTH, WEEKDAY, DAY, YEAR);
    let date = format!(
        r"(?:{year}[-/.][0-9]{{1,2}}[-/.][0-9]{{1,2}}|[0-9]{{1,2}}[-/.][0-9]{{1,2}}(?:[-/.](?:{year}|[0-9]{{2}}))?|{mon}\s*-\s*{day}(?:,?\s*{year})?|{day}-{mon}(?:-?{year})?)(?-u:\b)"
    );
    format!(r"(?:(?:this|next|last|coming)\s+)?{wd}(?:\s*\(\s*{date}\s*\)|\s*[-,]?\s*{date})")
}

/// A point at the start of the haystack (the fallback when an interval does
/// not hold).
pub(crate) fn prefix_pattern() -> String {
    format!(r"(?xi-u)^(?:{})", strip_names(&point_pattern()))
}

/// The anchored point parser, one pattern per top-level alternative of the
/// point grammar, in the grammar's order.
///
/// Matching a string whole, `^(?:A|B|…)$` takes the first alternative that
/// matches it whole, with that alternative's preferred groups: the same as
/// the first of `^(?:A)$`, `^(?:B)$`, … that matches.
pub(crate) fn parse_patterns() -> Vec<String> {
    let point = point_pattern();
    let body = point
        .strip_prefix("(?:")
        .and_then(|b| b.strip_suffix(')'))
        .expect("the point grammar is one group");
    let mut alternatives: Vec<String> = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("| ") {
            alternatives.push(rest.to_string());
        } else if let Some(last) = alternatives
            .last_mut()
            .filter(|_| !trimmed.starts_with('#'))
        {
            last.push('\n');
            last.push_str(line);
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
            alternatives.push(trimmed.to_string());
        }
    }
    alternatives
        .into_iter()
        .map(|a| format!("(?xi-u)^(?:{a}\n)$"))
        .collect()
}

/// A pattern with its named groups made non-capturing.
pub(crate) fn strip_names(pattern: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The lists [`MONTH`] and [`WEEKDAY`] were written as before.
    const FLAT_MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?-u:\b)\.?";
    const FLAT_DAY_WORD: &str = r"(?:(?:twenty|thirty)[-\s]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:twenty|thirty)-?first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)(?-u:\b)";
    const FLAT_DAY_CARD: &str = r"(?:(?:twenty|thirty)[-\s]?(?:one|two|three|four|five|six|seven|eight|nine)|twenty|thirty|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?-u:\b)";
    const FLAT_WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)(?-u:\b)\.?";

    #[test]
    fn tree_alternations_match_as_the_flat_lists() {
        let words: Vec<String> = [
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh",
            "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth",
            "nineteenth twentieth thirtieth one two three four five six seven eight nine",
            "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen",
            "nineteen twenty thirty",
        ]
        .join(" ")
        .split(' ')
        .map(str::to_string)
        .collect();
        let mut day_words = words.clone();
        for tens in ["twenty", "thirty"] {
            for sep in ["", "-", " ", "  "] {
                day_words.extend(words.iter().map(|w| format!("{tens}{sep}{w}")));
            }
        }
        let day_words = day_words.join("|");
        for (flat, tree, names) in [
            (FLAT_MONTH, MONTH, None),
            (FLAT_WEEKDAY, WEEKDAY, None),
            (FLAT_DAY_WORD, DAY_WORD, Some(day_words.as_str())),
            (FLAT_DAY_CARD, DAY_CARD, Some(day_words.as_str())),
        ] {
            // Followed by something that may fail, so that a later choice
            // of the alternation is tried too, as in the grammar.
            let build = |p: &str| Regex::new(&format!(r"(?xi-u)^{p}(?:\s+[0-9]+)?")).unwrap();
            let (flat_re, tree_re) = (build(flat), build(tree));
            let names = names
                .unwrap_or_else(|| flat.trim_start_matches("(?:").split(')').next().unwrap())
                .split('|');
            let mut matched = 0;
            for name in names {
                for i in 1..=name.len() {
                    let head = &name[..i];
                    for t in [
                        head.to_string(),
                        head.to_ascii_uppercase(),
                        format!("{head}. 5"),
                        format!("{head} 12"),
                        format!("{head}s"),
                        format!("{head}-"),
                        format!("{head}ember 3"),
                        format!("{head}day"),
                    ] {
                        let want = flat_re.find(&t).map(|m| m.range());
                        matched += usize::from(want.is_some());
                        assert_eq!(tree_re.find(&t).map(|m| m.range()), want, "{t:?}");
                    }
                }
            }
            assert!(matched > 50, "{matched}");
        }
    }
}
