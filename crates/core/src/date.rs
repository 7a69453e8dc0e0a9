use std::fmt;
use std::str::FromStr;

/// A calendar day in the proleptic Gregorian calendar, always valid.
///
/// Used for publication dates and as the anchor for dates written without a
/// year. Displays and parses as ISO 8601 `YYYY-MM-DD`.
///
/// # Example
///
/// ```
/// use dealx_core::Date;
///
/// let d: Date = "2024-02-29".parse().unwrap();
/// assert_eq!(d.year(), 2024);
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert!("2023-02-29".parse::<Date>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `year-month-day`, or `None` when no such day exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year, 1 to 9999.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.day
    }
}

/// The number of days in `month` of `year` (0 for a month outside 1..=12).
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a string is not an ISO `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateParseError {
    input: String,
}

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a calendar date in the form YYYY-MM-DD",
            self.input
        )
    }
}

impl std::error::Error for DateParseError {}

impl FromStr for Date {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError {
            input: s.to_string(),
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(err());
        };
        Date::new(y as i32, m as u8, d as u8).ok_or_else(err)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A calendar point at the precision the text gives: a year, a month of a
/// year, or a day; the year may be unknown (written `XXXX`).
///
/// Displays as ISO 8601 at that precision, as GOLD.md asks: `2040`,
/// `2024-06`, `2024-05-23`, `XXXX-05-23`.
///
/// # Example
///
/// ```
/// use dealx_core::PartialDate;
///
/// assert_eq!(PartialDate::year(2040).to_string(), "2040");
/// assert_eq!(PartialDate::month(Some(2024), 6).unwrap().to_string(), "2024-06");
/// assert_eq!(PartialDate::day(None, 5, 23).unwrap().to_string(), "XXXX-05-23");
/// assert!(PartialDate::day(Some(2023), 2, 29).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A whole year.
    pub fn year(year: i32) -> PartialDate {
        PartialDate {
            year: Some(year),
            month: None,
            day: None,
        }
    }

    /// A month, of a known or an unknown year; `None` for a month outside 1..=12.
    pub fn month(year: Option<i32>, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A day, of a known or an unknown year; `None` when no such day exists
    /// (with an unknown year, 29 February is allowed).
    pub fn day(year: Option<i32>, month: u8, day: u8) -> Option<PartialDate> {
        let max = days_in_month(year.unwrap_or(2000), month);
        (day >= 1 && day <= max).then_some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The year, when known.
    pub fn year_value(&self) -> Option<i32> {
        self.year
    }

    /// The month, when the precision includes one.
    pub fn month_value(&self) -> Option<u8> {
        self.month
    }

    /// The day, when the precision includes one.
    pub fn day_value(&self) -> Option<u8> {
        self.day
    }
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> PartialDate {
        PartialDate {
            year: Some(d.year),
            month: Some(d.month),
            day: Some(d.day),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("XXXX")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_iso_dates() {
        let d: Date = "2025-02-25".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2025, 2, 25));
        assert_eq!(d.to_string(), "2025-02-25");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "2025-2-25",
            "2025/02/25",
            "2025-13-01",
            "2025-04-31",
            "2100-02-29",
            "+025-01-01",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} parsed");
        }
        assert!("2000-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn partial_dates_display_at_their_precision() {
        assert_eq!(PartialDate::year(2019).to_string(), "2019");
        assert_eq!(PartialDate::month(None, 1).unwrap().to_string(), "XXXX-01");
        assert_eq!(
            PartialDate::day(Some(2024), 6, 12).unwrap().to_string(),
            "2024-06-12"
        );
        assert!(PartialDate::month(Some(2024), 13).is_none());
    }
}
