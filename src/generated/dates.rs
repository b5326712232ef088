//! Dates as readers see them: "5 September 2018", "June 2018", "2010", and ranges
//! ("3–5 June 2018", "2010–2018") that only repeat what differs.

use crate::content::date::PartialDate;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month.clamp(1, 12)) - 1]
}

/// One date, as precise as it is known.
pub fn label(date: PartialDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{d} {} {}", month_name(m), date.year),
        (Some(m), None) => format!("{} {}", month_name(m), date.year),
        _ => date.year.to_string(),
    }
}

/// A date or a range of dates; the parts both ends share are written once.
pub fn range(start: PartialDate, end: Option<PartialDate>) -> String {
    let Some(end) = end.filter(|e| *e != start) else {
        return label(start);
    };
    let same_precision =
        start.month.is_some() == end.month.is_some() && start.day.is_some() == end.day.is_some();
    if same_precision && start.year == end.year {
        match (start.month, start.day, end.month, end.day) {
            (Some(m1), Some(d1), Some(m2), Some(d2)) if m1 == m2 => {
                return format!("{d1}–{d2} {} {}", month_name(m1), start.year)
            }
            (Some(m1), Some(d1), Some(m2), Some(d2)) => {
                return format!(
                    "{d1} {} – {d2} {} {}",
                    month_name(m1),
                    month_name(m2),
                    start.year
                )
            }
            (Some(m1), None, Some(m2), None) => {
                return format!("{}–{} {}", month_name(m1), month_name(m2), start.year)
            }
            _ => {}
        }
    }
    if start.month.is_none() && end.month.is_none() {
        return format!("{}–{}", start.year, end.year);
    }
    format!("{} – {}", label(start), label(end))
}

/// When a relation happened or held, worded to end a sentence: a one-off act "in 1987",
/// "in June 2018", "on 5 September 2018"; a state "from 2017 to 2021", "since 2011",
/// "until 2018"; nothing when undated.
pub fn when(
    date: Option<PartialDate>,
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> Option<String> {
    if let Some(d) = date {
        let on = if d.day.is_some() { "on" } else { "in" };
        return Some(format!("{on} {}", label(d)));
    }
    match (since, until) {
        (Some(s), Some(u)) => Some(format!("from {} to {}", label(s), label(u))),
        (Some(s), None) => Some(format!("since {}", label(s))),
        (None, Some(u)) => Some(format!("until {}", label(u))),
        (None, None) => None,
    }
}

/// A date or datetime from front matter (`2018-09-05`, `2018-09-05T10:00:00Z`) as RFC 3339,
/// midnight UTC when no time is given, for feeds and sitemaps.
pub fn rfc3339(datetime: &toml::value::Datetime) -> Option<String> {
    let date = datetime.date?;
    let (h, m, s) = datetime
        .time
        .map_or((0, 0, 0), |t| (t.hour, t.minute, t.second));
    let offset = match datetime.offset {
        Some(toml::value::Offset::Custom { minutes }) if minutes != 0 => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.unsigned_abs();
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
        _ => "Z".to_string(),
    };
    Some(format!(
        "{:04}-{:02}-{:02}T{h:02}:{m:02}:{s:02}{offset}",
        date.year, date.month, date.day
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn labels_say_only_what_is_known() {
        assert_eq!(label(d("2018-09-05")), "5 September 2018");
        assert_eq!(label(d("2018-06")), "June 2018");
        assert_eq!(label(d("1987")), "1987");
    }

    #[test]
    fn ranges_write_shared_parts_once() {
        assert_eq!(
            range(d("2018-06-03"), Some(d("2018-06-05"))),
            "3–5 June 2018"
        );
        assert_eq!(
            range(d("2018-05-30"), Some(d("2018-06-05"))),
            "30 May – 5 June 2018"
        );
        assert_eq!(range(d("2018-03"), Some(d("2018-04"))), "March–April 2018");
        assert_eq!(range(d("2010"), Some(d("2018"))), "2010–2018");
        assert_eq!(
            range(d("2017-03"), Some(d("2018-07-13"))),
            "March 2017 – 13 July 2018"
        );
        assert_eq!(range(d("2018"), Some(d("2018"))), "2018");
        // Across a new year nothing is shared, though both ends are as precise.
        assert_eq!(
            range(d("2017-12-30"), Some(d("2018-01-02"))),
            "30 December 2017 – 2 January 2018"
        );
        // A year and a month are not two years.
        assert_eq!(range(d("2010"), Some(d("2018-06"))), "2010 – June 2018");
        assert_eq!(range(d("2017-03"), Some(d("2020"))), "March 2017 – 2020");
        assert_eq!(range(d("2018"), None), "2018");
    }

    #[test]
    fn acts_have_a_date_and_states_a_period() {
        assert_eq!(when(Some(d("1987")), None, None).unwrap(), "in 1987");
        assert_eq!(
            when(Some(d("2018-06")), None, None).unwrap(),
            "in June 2018"
        );
        assert_eq!(
            when(Some(d("2018-09-05")), None, None).unwrap(),
            "on 5 September 2018"
        );
        assert_eq!(
            when(None, Some(d("2017")), Some(d("2021"))).unwrap(),
            "from 2017 to 2021"
        );
        assert_eq!(
            when(None, Some(d("2018-04-15")), Some(d("2018-07"))).unwrap(),
            "from 15 April 2018 to July 2018"
        );
        assert_eq!(when(None, Some(d("2011")), None).unwrap(), "since 2011");
        assert_eq!(
            when(None, None, Some(d("2018-06"))).unwrap(),
            "until June 2018"
        );
        assert_eq!(when(None, None, None), None);
    }

    #[test]
    fn rfc3339_from_toml() {
        let t: toml::Table = toml::from_str(concat!(
            "a = 2018-09-05\n",
            "b = 2018-09-05T10:30:00+02:00\n",
            "c = 2018-09-05T10:30:00-05:30\n",
            "d = 2018-09-05T10:30:00+00:00\n",
        ))
        .unwrap();
        let get = |k: &str| match &t[k] {
            toml::Value::Datetime(d) => rfc3339(d).unwrap(),
            _ => unreachable!(),
        };
        assert_eq!(get("a"), "2018-09-05T00:00:00Z");
        assert_eq!(get("b"), "2018-09-05T10:30:00+02:00");
        assert_eq!(get("c"), "2018-09-05T10:30:00-05:30");
        // UTC written as an offset is UTC.
        assert_eq!(get("d"), "2018-09-05T10:30:00Z");
    }
}
