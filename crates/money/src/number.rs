//! Reading the number of a money mention exactly: digits with thousands
//! separators, decimals, spelled numbers and scale words.

use std::str::FromStr;

use dealx_core::Decimal;

/// Spelled numbers below a hundred, longest first (so that a regex
/// alternation prefers `seventeen` to `seven`).
pub(crate) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("seventeen", 17),
    ("thirteen", 13),
    ("fourteen", 14),
    ("eighteen", 18),
    ("nineteen", 19),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventy", 70),
    ("eleven", 11),
    ("twelve", 12),
    ("twenty", 20),
    ("thirty", 30),
    ("eighty", 80),
    ("ninety", 90),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("three", 3),
    ("seven", 7),
    ("eight", 8),
    ("zero", 0),
    ("four", 4),
    ("five", 5),
    ("nine", 9),
    ("one", 1),
    ("two", 2),
    ("six", 6),
    ("ten", 10),
];

/// Scale words and abbreviations (lower case) with their multipliers as
/// powers of ten.
pub(crate) const SCALES: &[(&str, u32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("lakhs", 5),
    ("lakh", 5),
    ("crores", 7),
    ("crore", 7),
    ("trln", 12),
    ("trn", 12),
    ("mln", 6),
    ("bln", 9),
    ("mn", 6),
    ("bn", 9),
    ("tn", 12),
    ("k", 3),
    ("m", 6),
    ("b", 9),
];

/// The exact value of a number written in digits: `8,000`, `1 000`,
/// `1.000.000` (two or more dot groups), `34.6`.
pub(crate) fn digits(text: &str) -> Option<Decimal> {
    let dot_groups = text.matches('.').count();
    let keep = |b: &u8| b.is_ascii_digit() || (*b == b'.' && dot_groups < 2);
    // The digits (and the decimal point) gathered on the stack: a number
    // the pattern matched is short, and a String per number was an
    // allocation per sum. Only ASCII bytes are kept, so the buffer is UTF-8.
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in text.bytes().filter(keep) {
        let Some(slot) = buf.get_mut(len) else {
            let kept: String = text.bytes().filter(keep).map(char::from).collect();
            return Decimal::from_str(&kept).ok();
        };
        *slot = b;
        len += 1;
    }
    Decimal::from_str(std::str::from_utf8(&buf[..len]).ok()?).ok()
}

/// The value of a spelled number: `two`, `twenty-five`, `one hundred and
/// five`, `a` (one), `half a` (one half).
pub(crate) fn spelled(text: &str) -> Option<Decimal> {
    let lower = text.to_ascii_lowercase();
    if lower == "half a" || lower == "half an" {
        return Some(Decimal::new(5, 1));
    }
    let mut total: u32 = 0;
    let mut seen = false;
    for word in text.split([' ', '-']).filter(|w| !w.is_empty()) {
        let word = word.to_ascii_lowercase();
        match word.as_str() {
            "and" => continue,
            "a" | "an" => total += 1,
            "hundred" => total = total.max(1) * 100,
            w => total += NUMBER_WORDS.iter().find(|(n, _)| *n == w)?.1,
        }
        seen = true;
    }
    seen.then(|| Decimal::from(total))
}

/// `value` times the scale word `scale` (any case).
pub(crate) fn scaled(value: Decimal, scale: &str) -> Option<Decimal> {
    // The scale words are ASCII lower case: comparing in ASCII case
    // folding is comparing the lower-cased text, without a String.
    let scale = scale.trim();
    let power = SCALES
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(scale))?
        .1;
    value.checked_mul(Decimal::from(10u64.pow(power)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_past_the_stack_buffer_read_as_before() {
        let long = "1".repeat(70);
        assert_eq!(digits(&long), Decimal::from_str(&long).ok());
        assert_eq!(
            digits(&format!("{}.5", "2".repeat(20))),
            Decimal::from_str(&format!("{}.5", "2".repeat(20))).ok()
        );
        assert_eq!(digits(""), None);
    }

    #[test]
    fn digits_read_every_separator_style() {
        let d = |s: &str| digits(s).unwrap().to_string();
        assert_eq!(d("8,000"), "8000");
        assert_eq!(d("1 000"), "1000");
        assert_eq!(d("1.000.000"), "1000000");
        assert_eq!(d("34.6"), "34.6");
        assert_eq!(d("1,234.50"), "1234.50");
    }

    #[test]
    fn spelled_numbers() {
        let s = |t: &str| spelled(t).unwrap().to_string();
        assert_eq!(s("two"), "2");
        assert_eq!(s("twenty-five"), "25");
        assert_eq!(s("one hundred and five"), "105");
        assert_eq!(s("a"), "1");
        assert_eq!(s("Thirteen"), "13");
        assert_eq!(s("half a"), "0.5");
        assert!(spelled("dozen").is_none());
    }
}
