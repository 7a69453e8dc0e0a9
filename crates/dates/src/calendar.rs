//! Day arithmetic on [`Date`]: days since an epoch, weekdays, ISO weeks.

use dealx_core::Date;

/// Days since 1970-01-01 (negative before), by Howard Hinnant's public
/// domain `days_from_civil` algorithm.
pub(crate) fn days(d: Date) -> i64 {
    let (mut y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    if m <= 2 {
        y -= 1;
    }
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `n` days after 1970-01-01 (Hinnant's `civil_from_days`).
pub(crate) fn from_days(n: i64) -> Option<Date> {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// `d` moved by `n` days.
pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    from_days(days(d) + n)
}

/// The ISO weekday of `d`: Monday 0 … Sunday 6.
pub(crate) fn weekday(d: Date) -> i64 {
    // 1970-01-01 was a Thursday (3).
    (days(d) + 3).rem_euclid(7)
}

/// `d` moved by `n` months, the day clamped to the month's length.
pub(crate) fn add_months(d: Date, n: i32) -> Option<Date> {
    let total = d.year() * 12 + i32::from(d.month()) - 1 + n;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let mut day = d.day();
    loop {
        if let Some(date) = Date::new(y, m, day) {
            return Some(date);
        }
        day = day.checked_sub(1).filter(|d| *d > 0)?;
    }
}

/// The ISO 8601 week-numbering year and week of `d`.
pub(crate) fn iso_week(d: Date) -> (i32, u8) {
    // The Thursday of d's week decides the year.
    let thursday = add_days(d, 3 - weekday(d)).unwrap_or(d);
    let jan1 = Date::new(thursday.year(), 1, 1).unwrap_or(thursday);
    let week = (days(thursday) - days(jan1)) / 7 + 1;
    (thursday.year(), week as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn day_counts_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2024-12-31", "1899-03-01"] {
            assert_eq!(from_days(days(d(s))), Some(d(s)));
        }
        assert_eq!(days(d("1970-01-02")), 1);
    }

    #[test]
    fn weekdays_and_iso_weeks() {
        assert_eq!(weekday(d("2024-06-12")), 2); // a Wednesday
        assert_eq!(iso_week(d("2024-06-12")), (2024, 24));
        assert_eq!(iso_week(d("2021-01-03")), (2020, 53));
        assert_eq!(add_months(d("2024-03-31"), -1), Some(d("2024-02-29")));
    }
}
