//! A fast reader for the usual shape of an input JSON line: one object
//! whose members are `id`, `text` and `published`, each a string, each at
//! most once.
//!
//! serde_json reads a string by testing it eight bytes at a time for a
//! quote, a backslash or a control character and unescaping into a
//! scratch buffer that is then copied; for the article text that was five
//! instructions a byte, most of the cost of reading input. This reader
//! jumps between quotes and backslashes with `memchr2` (vector code),
//! tests the line for bytes below 0x20 by its smallest byte, a loop the
//! compiler vectorises (and each run the same way only when there are
//! some), and unescapes straight into the `String` it returns.
//!
//! It accepts only what it can read exactly as serde_json reads it, and
//! gives up (`None`) on anything else: another key, a value that is not a
//! string (`null` included), a repeated key, an escape it does not know, a
//! lone surrogate, a control character, anything after the closing brace
//! but JSON white space. The caller then parses the line with serde_json,
//! which reads it or says precisely what is wrong, as before. The tests
//! compare the two readers on lines built from every JSON feature.

use std::borrow::Cow;

/// The members of a line this reader could read.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SimpleLine {
    /// `id`, when present.
    pub(crate) id: Option<String>,
    /// `text`, when present.
    pub(crate) text: Option<String>,
    /// `published`, when present.
    pub(crate) published: Option<String>,
}

/// Reads `line` when it has the usual shape (see the module
/// documentation); `None` when serde_json must.
pub(crate) fn read_simple(line: &str) -> Option<SimpleLine> {
    let mut r = Reader {
        b: line.as_bytes(),
        s: line,
        at: 0,
        controls: smallest_byte(line.as_bytes()) < 0x20,
        stops: Stops::new(),
    };
    let mut out = SimpleLine::default();
    r.skip_white();
    r.eat(b'{')?;
    r.skip_white();
    if r.peek()? == b'}' {
        r.at += 1;
    } else {
        loop {
            let key = r.key()?;
            let slot = match &*key {
                "id" => &mut out.id,
                "text" => &mut out.text,
                "published" => &mut out.published,
                _ => return None,
            };
            if slot.is_some() {
                return None;
            }
            r.skip_white();
            r.eat(b':')?;
            r.skip_white();
            *slot = Some(r.string()?);
            r.skip_white();
            match r.peek()? {
                b',' => {
                    r.at += 1;
                    r.skip_white();
                }
                b'}' => {
                    r.at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    r.skip_white();
    (r.at == r.b.len()).then_some(out)
}

struct Reader<'a> {
    b: &'a [u8],
    s: &'a str,
    at: usize,
    /// Whether the line has a byte below 0x20 anywhere (white space
    /// between tokens, or a control character in a string). Usually not,
    /// and then no string needs testing for control characters: one pass
    /// over the whole line instead of one per run, whose short tails and
    /// reductions cost more than the long middles.
    controls: bool,
    /// The search for the end of a run.
    stops: Stops,
}

/// Finds the next quote or backslash: `memchr::memchr2`'s answer, from
/// memchr's AVX2 searcher built once per line where the machine has AVX2
/// (`memchr2` sets one up on every call, a fifth of its cost on the
/// ~100-byte runs between the text's escapes).
struct Stops {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::Two>,
}

impl Stops {
    fn new() -> Stops {
        Stops {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::Two::new(b'"', b'\\'),
        }
    }

    /// The offset of the first `"` or `\` in `bytes`.
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(two) = &self.avx2 {
            return two.find(bytes);
        }
        memchr::memchr2(b'"', b'\\', bytes)
    }
}

/// The smallest byte of `bytes` (`u8::MAX` when there is none): a control
/// character is below 0x20, so `bytes` holds one when this is. A minimum
/// with no early exit vectorises (`pminub`, 32 bytes a step).
fn smallest_byte(bytes: &[u8]) -> u8 {
    bytes.iter().fold(u8::MAX, |least, &c| least.min(c))
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// Past JSON white space (space, tab, line feed, carriage return).
    fn skip_white(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A member's key at the cursor: borrowed from the line when it has
    /// no escape (the usual case: no allocation for each of a line's
    /// keys), else what [`Reader::string`] reads, to which it also leaves
    /// every key it would refuse.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? == b'"' {
            let start = self.at + 1;
            let rest = &self.b[start..];
            if let Some(len) = self.stops.find(rest) {
                let plain =
                    rest[len] == b'"' && !(self.controls && smallest_byte(&rest[..len]) < 0x20);
                if plain {
                    self.at = start + len + 1;
                    return Some(Cow::Borrowed(&self.s[start..start + len]));
                }
            }
        }
        self.string().map(Cow::Owned)
    }

    /// A JSON string at the cursor, unescaped.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let rest = &self.b[self.at..];
            let stop = self.stops.find(rest)?;
            let run = &rest[..stop];
            if self.controls && smallest_byte(run) < 0x20 {
                return None;
            }
            if out.capacity() == 0 && rest[stop] == b'\\' {
                // The first escape: room for the rest of the line at once,
                // an upper bound on the rest of the string (no escape is
                // shorter than the text it stands for), so the string is
                // allocated once and never moved; a string without escapes
                // gets just its length below.
                out.reserve(rest.len());
            }
            // Quotes and backslashes are ASCII: the run is whole UTF-8.
            out.push_str(&self.s[self.at..self.at + stop]);
            self.at += stop + 1;
            if rest[stop] == b'"' {
                return Some(out);
            }
            let escape = self.peek()?;
            self.at += 1;
            out.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return None,
            });
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` read), with its low
    /// surrogate when it is a high one; `None` for a lone surrogate.
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        if !(0xD800..0xE000).contains(&high) {
            return char::from_u32(high);
        }
        if high >= 0xDC00 || self.b.get(self.at..self.at + 2)? != b"\\u" {
            return None;
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    /// Four hexadecimal digits.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.at..self.at + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.at += 4;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json reads from `line` into the same three members, or
    /// `None` when it reads anything else (another key, a non-string
    /// value) or fails.
    fn by_serde(line: &str) -> Option<SimpleLine> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Strict {
            id: Option<String>,
            text: Option<String>,
            published: Option<String>,
        }
        // `null` reads as an absent member in serde; the fast reader
        // leaves it to serde, so it is not a simple line.
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        if value.as_object()?.values().any(|v| !v.is_string()) {
            return None;
        }
        let s: Strict = serde_json::from_str(line).ok()?;
        Some(SimpleLine {
            id: s.id,
            text: s.text,
            published: s.published,
        })
    }

    /// Pieces of JSON lines: well-formed members, every escape, and the
    /// ways a line can be something else.
    const PIECES: &[&str] = &[
        "{",
        "}",
        " ",
        "\t",
        "\r\n",
        ",",
        ":",
        "\"id\"",
        "\"text\"",
        "\"published\"",
        "\"url\"",
        "\"",
        "\"a\"",
        "\"Chile\\n\\\"deal\\\"\"",
        "\"\\u00e9\\u4e2d\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00x\"",
        "\"\\u12\"",
        "\"\\x\"",
        "\"\\/\\b\\f\\r\\t\\\\\"",
        "\"é中₸\"",
        "\"\u{1}\"",
        "\"\u{7f}\"",
        "null",
        "7",
        "[]",
        "{}",
        "true",
        "\"2024-06-12\"",
        "\"\\u0000\"",
        "\"\\uD834\\uDD1E\"",
    ];

    /// Generated lines: mostly of the usual shape, often broken.
    fn lines() -> impl Iterator<Item = String> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..60_000).map(move |k| {
            if k % 2 == 0 {
                // Members in the usual shape, values from the pieces.
                // Escaped spellings of `id` and `text` too: the same keys.
                let keys = [
                    "\"id\"",
                    "\"text\"",
                    "\"published\"",
                    "\"url\"",
                    "\"\\u0069d\"",
                    "\"te\\u0078t\"",
                ];
                let mut line = String::from("{");
                for m in 0..(next() % 4) {
                    if m > 0 {
                        line.push(',');
                    }
                    line.push_str(keys[(next() % keys.len() as u64) as usize]);
                    line.push_str(if next() % 2 == 0 { ":" } else { " : " });
                    line.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
                line.push('}');
                if next() % 8 == 0 {
                    line.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
                line
            } else {
                (0..(next() % 14))
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            }
        })
    }

    #[test]
    fn reads_what_serde_json_reads_or_leaves_it_to_serde_json() {
        let mut read = 0;
        for line in lines() {
            let fast = read_simple(&line);
            let serde = by_serde(&line);
            match &fast {
                // Whatever the fast reader reads, serde reads the same.
                Some(f) => {
                    assert_eq!(Some(f), serde.as_ref(), "{line:?}");
                    read += 1;
                }
                // It may leave a readable line to serde only for a reason:
                // a null or non-string value, which serde reads as absent
                // (never for a plain line of strings).
                None => {
                    if let Some(s) = &serde {
                        panic!("{line:?} left to serde, which reads {s:?}");
                    }
                }
            }
        }
        assert!(read > 5_000, "only {read} lines read fast");
    }

    #[test]
    fn stops_finds_what_memchr2_finds() {
        let stops = Stops::new();
        for len in 0..200 {
            let mut bytes = vec![b'a'; len];
            assert_eq!(stops.find(&bytes), None);
            for at in (0..len).rev().step_by(7) {
                bytes[at] = if at % 2 == 0 { b'"' } else { b'\\' };
                assert_eq!(
                    stops.find(&bytes),
                    memchr::memchr2(b'"', b'\\', &bytes),
                    "{len} {at}"
                );
            }
        }
    }

    #[test]
    fn reads_the_usual_line() {
        let line = r#"{"id": "a1", "text": "Chile\n\"and\" Peru \u00e9\ud83d\ude00", "published": "2024-06-12"}"#;
        assert_eq!(
            read_simple(line),
            Some(SimpleLine {
                id: Some("a1".into()),
                text: Some("Chile\n\"and\" Peru é😀".into()),
                published: Some("2024-06-12".into()),
            })
        );
        for other in [
            r#"{"id": "a", "id": "b"}"#,
            r#"{"id": "a", "url": "b"}"#,
            r#"{"id": null}"#,
            r#"{"id": "a"} x"#,
            r#"{"id": "a",}"#,
            "{\"id\": \"a\u{1}\"}",
        ] {
            assert_eq!(read_simple(other), None, "{other}");
        }
    }
}
