//! Dates as dossiers know them: often only a year or a month is on the record.

use std::fmt;

/// A calendar date of which the month and day may be unknown (`1987`, `2018-06`, `2018-06-05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after the date is ignored).
    pub fn parse(text: &str) -> Option<PartialDate> {
        let date = text.trim().split(['T', 't', ' ']).next()?;
        let mut parts = date.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => {
                let d = d.parse::<u8>().ok()?;
                (1..=days_in_month(year, month?))
                    .contains(&d)
                    .then_some(d)?;
                Some(d)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// Reads a TOML value: a date, a datetime, a `"YYYY-MM"` string or an integer year.
    pub fn from_toml(value: &toml::Value) -> Option<PartialDate> {
        match value {
            toml::Value::Datetime(d) => {
                let date = d.date?;
                Some(PartialDate {
                    year: date.year as i32,
                    month: Some(date.month),
                    day: Some(date.day),
                })
            }
            toml::Value::String(s) => PartialDate::parse(s),
            toml::Value::Integer(y) if (0..=9999).contains(y) => Some(PartialDate {
                year: *y as i32,
                month: None,
                day: None,
            }),
            _ => None,
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A page's `date` or `updated`: a date or datetime (`2018-09-05`, quoted or not), or only
/// a month or a year (`"2018-06"`, `2018`), as events take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageDate {
    Full(toml::value::Datetime),
    Partial(PartialDate),
}

impl PageDate {
    /// Reads a TOML value; None when it is no date.
    pub fn from_toml(value: &toml::Value) -> Option<PageDate> {
        match value {
            toml::Value::Datetime(d) if d.date.is_some() => Some(PageDate::Full(*d)),
            toml::Value::String(s) => match s.trim().parse::<toml::value::Datetime>() {
                Ok(d) if d.date.is_some() => Some(PageDate::Full(d)),
                _ => PartialDate::parse(s).map(PageDate::Partial),
            },
            other => PartialDate::from_toml(other).map(PageDate::Partial),
        }
    }

    /// The date as far as it is known.
    pub fn partial(&self) -> Option<PartialDate> {
        match self {
            PageDate::Full(d) => PartialDate::from_toml(&toml::Value::Datetime(*d)),
            PageDate::Partial(p) => Some(*p),
        }
    }

    /// A datetime for what needs one (feeds, JSON-LD): a partial date at its first day.
    pub fn datetime(&self) -> toml::value::Datetime {
        match self {
            PageDate::Full(d) => *d,
            PageDate::Partial(p) => toml::value::Datetime {
                date: Some(toml::value::Date {
                    year: p.year as u16,
                    month: p.month.unwrap_or(1),
                    day: p.day.unwrap_or(1),
                }),
                time: None,
                offset: None,
            },
        }
    }
}

impl fmt::Display for PageDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageDate::Full(d) => d.fmt(f),
            PageDate::Partial(p) => p.fmt(f),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PageDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = <toml::Value as serde::Deserialize>::deserialize(d)?;
        PageDate::from_toml(&value).ok_or_else(|| {
            serde::de::Error::custom("expected a date (2018-09-05), a \"YYYY-MM\" string or a year")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates_and_orders_them() {
        let y = PartialDate::parse("2018").unwrap();
        let m = PartialDate::parse("2018-06").unwrap();
        let d = PartialDate::parse("2018-06-05").unwrap();
        assert_eq!(y.to_string(), "2018");
        assert_eq!(m.to_string(), "2018-06");
        assert_eq!(d.to_string(), "2018-06-05");
        assert!(y < m && m < d);
        assert_eq!(PartialDate::parse("2018-06-05T10:00:00Z"), Some(d));
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "18",
            "2018-13",
            "2018-02-30",
            "2018-6",
            "June 2018",
            "2018-06-05-01",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
        assert!(PartialDate::parse("2016-02-29").is_some());
    }

    #[test]
    fn reads_toml_values() {
        let v: toml::Table = toml::from_str("a = 2018-09-05\nb = 2010\nc = \"2018-06\"").unwrap();
        assert_eq!(
            PartialDate::from_toml(&v["a"]).unwrap().to_string(),
            "2018-09-05"
        );
        assert_eq!(PartialDate::from_toml(&v["b"]).unwrap().to_string(), "2010");
        assert_eq!(
            PartialDate::from_toml(&v["c"]).unwrap().to_string(),
            "2018-06"
        );
    }
}
