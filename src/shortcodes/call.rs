//! Finding shortcode calls in a Markdown body and reading their arguments, as Zola writes
//! them: `{{ name(key=value, …) }}`, `{% name(…) %}body{% end %}`, and `{{/* … */}}` /
//! `{%/* … */%}` for a call written as text. Values are typed as Zola types them: strings
//! in `"…"`, `'…'` or `` `…` ``, integers, floats, `true`/`false`, and arrays of those.
//! Code spans and code blocks are left alone.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use serde_json::{Map, Number, Value};

/// A piece of the body: text to copy, or a call to expand.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Bytes copied as written.
    Text(Range<usize>),
    /// `{{/* x */}}`: written out without its `/*` and `*/`.
    Escaped(Range<usize>, String),
    Call(Call),
}

/// One shortcode call at its place in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The bytes of the whole call, its body and `{% end %}` included.
    pub range: Range<usize>,
    /// The text between `{% name(…) %}` and `{% end %}`, for the body form.
    pub body: Option<String>,
}

/// A mistake in a call, at a byte of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub offset: usize,
    pub message: String,
}

/// The body as text and calls, or the first mistake in a call.
pub fn pieces(body: &str) -> Result<Vec<Piece>, CallError> {
    let code = code_ranges(body);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut pieces = Vec::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = body[from..].find('{').map(|i| i + from) {
        from = at + 1;
        let rest = &body[at..];
        let (open, close) = match rest.get(..2) {
            Some("{{") => ("{{", "}}"),
            Some("{%") => ("{%", "%}"),
            _ => continue,
        };
        if in_code(at) {
            continue;
        }
        let found = if rest[2..].starts_with("/*") {
            escaped(rest, open, close).map(|(len, text)| (len, Piece::Escaped(at..at + len, text)))
        } else {
            match call(body, at, open, close, &in_code)? {
                Some(call) => Some((call.range.len(), Piece::Call(call))),
                None => None,
            }
        };
        if let Some((len, piece)) = found {
            pieces.push(Piece::Text(copied..at));
            pieces.push(piece);
            copied = at + len;
            from = copied;
        }
    }
    pieces.push(Piece::Text(copied..body.len()));
    pieces.retain(|p| !matches!(p, Piece::Text(r) if r.is_empty()));
    Ok(pieces)
}

/// Byte ranges of code spans and code blocks, where nothing is a call.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// `{{/* x */}}` at the start of `rest`: its length and the text it stands for, `{{ x }}`.
fn escaped(rest: &str, open: &str, close: &str) -> Option<(usize, String)> {
    let end = format!("*/{close}");
    let inner_end = rest.find(&end)?;
    let inner = &rest[4..inner_end];
    Some((inner_end + end.len(), format!("{open}{inner}{close}")))
}

/// A call starting at byte `at` of `body`, if one is written there: `None` when the braces
/// hold something else (`{{ x }}` in prose stays text).
fn call(
    body: &str,
    at: usize,
    open: &str,
    close: &str,
    in_code: &dyn Fn(usize) -> bool,
) -> Result<Option<Call>, CallError> {
    let mut reader = Reader { body, at: at + 2 };
    reader.spaces();
    let name = reader.identifier();
    reader.spaces();
    if name.is_empty() || name == "end" || !reader.eat("(") {
        return Ok(None);
    }
    let args = reader.arguments(&name)?;
    reader.spaces();
    if !reader.eat(close) {
        return Err(reader.error(format!(
            "expected `{close}` to close the call of shortcode `{name}`"
        )));
    }
    if open == "{{" {
        return Ok(Some(Call {
            name,
            args,
            range: at..reader.at,
            body: None,
        }));
    }
    let body_start = reader.at;
    let Some((end_start, end_len)) = find_end(body, body_start, in_code) else {
        return Err(CallError {
            offset: at,
            message: format!(
                "shortcode `{name}` is never closed: add `{{% end %}}` after its body"
            ),
        });
    };
    Ok(Some(Call {
        name,
        args,
        range: at..end_start + end_len,
        body: Some(body[body_start..end_start].to_string()),
    }))
}

/// The next `{% end %}` from byte `from`, outside code: its start and length.
fn find_end(body: &str, from: usize, in_code: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut from = from;
    while let Some(at) = body[from..].find("{%").map(|i| i + from) {
        from = at + 2;
        let mut reader = Reader { body, at: at + 2 };
        reader.spaces();
        if reader.identifier() == "end" && !in_code(at) {
            reader.spaces();
            if reader.eat("%}") {
                return Some((at, reader.at - at));
            }
        }
    }
    None
}

/// Reads a call's words from byte `at` on.
struct Reader<'a> {
    body: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.body[self.at..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.rest().starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn identifier(&mut self) -> String {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.at += len;
        rest[..len].to_string()
    }

    fn error(&self, message: String) -> CallError {
        CallError {
            offset: self.at,
            message,
        }
    }

    /// `key=value, …)` after the opening parenthesis.
    fn arguments(&mut self, name: &str) -> Result<Map<String, Value>, CallError> {
        let mut args = Map::new();
        loop {
            self.spaces();
            if self.eat(")") {
                return Ok(args);
            }
            let key_at = self.at;
            let key = self.identifier();
            if key.is_empty() {
                return Err(self.error(format!(
                    "expected an argument name or `)` in the call of shortcode `{name}`"
                )));
            }
            self.spaces();
            if !self.eat("=") {
                return Err(self.error(format!(
                    "expected `=` after argument `{key}` of shortcode `{name}`"
                )));
            }
            self.spaces();
            let value = self.value(&key)?;
            if args.insert(key.clone(), value).is_some() {
                return Err(CallError {
                    offset: key_at,
                    message: format!("argument `{key}` given twice to shortcode `{name}`"),
                });
            }
            self.spaces();
            if !self.eat(",") && !self.rest().starts_with(')') {
                return Err(self.error(format!(
                    "expected `,` or `)` after argument `{key}` of shortcode `{name}`"
                )));
            }
        }
    }

    /// A string, number, boolean or array.
    fn value(&mut self, key: &str) -> Result<Value, CallError> {
        let rest = self.rest();
        if let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        {
            let Some(len) = rest[1..].find(quote) else {
                return Err(self.error(format!("the string of argument `{key}` is never closed")));
            };
            let text = rest[1..1 + len].to_string();
            self.at += len + 2;
            return Ok(Value::String(text));
        }
        if self.eat("[") {
            let mut items = Vec::new();
            loop {
                self.spaces();
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                items.push(self.value(key)?);
                self.spaces();
                if !self.eat(",") && !self.rest().starts_with(']') {
                    return Err(self.error(format!(
                        "expected `,` or `]` in the array of argument `{key}`"
                    )));
                }
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_')))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => word.parse::<i64>().ok().map(Value::from).or_else(|| {
                word.parse::<f64>()
                    .ok()
                    .filter(|_| word.contains('.'))
                    .and_then(Number::from_f64)
                    .map(Value::Number)
            }),
        };
        match value {
            Some(value) => {
                self.at += len;
                Ok(value)
            }
            None => Err(self.error(format!(
                "argument `{key}` has no value Zola knows: write a string in quotes, a number, true, false or an array"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_call(body: &str) -> Call {
        let calls: Vec<Call> = pieces(body)
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(calls.len(), 1, "{calls:?}");
        calls.into_iter().next().unwrap()
    }

    #[test]
    fn arguments_are_typed_as_zola_types_them() {
        let c = only_call(
            r#"a {{ x(s="one", t='two', u=`three`, i=-4, f=2.5, b=true, l=[1, "a", false]) }} b"#,
        );
        assert_eq!(c.name, "x");
        assert_eq!(
            Value::Object(c.args),
            serde_json::json!({"s": "one", "t": "two", "u": "three", "i": -4, "f": 2.5, "b": true, "l": [1, "a", false]})
        );
    }

    #[test]
    fn the_body_form_takes_the_text_up_to_its_end() {
        let c = only_call("{% quote(by=\"A\") %}\nSaid *this*.\n{% end %}\nafter");
        assert_eq!(c.body.as_deref(), Some("\nSaid *this*.\n"));
        assert_eq!(c.range, 0..42);
    }

    #[test]
    fn prose_braces_code_and_escapes_are_not_calls() {
        let body = "{{ x }} `{{ y() }}`\n\n```\n{{ z() }}\n```\n{{/* w(a=1) */}}";
        let p = pieces(body).unwrap();
        assert!(!p.iter().any(|p| matches!(p, Piece::Call(_))));
        assert!(p.contains(&Piece::Escaped(39..55, "{{ w(a=1) }}".to_string())));
    }

    #[test]
    fn mistakes_name_their_byte() {
        let e = pieces("ab {{ x(a 1) }}").unwrap_err();
        assert_eq!(e.offset, 10);
        assert!(e.message.contains("expected `=`"), "{}", e.message);
        let e = pieces("{% x() %} never ends").unwrap_err();
        assert_eq!(e.offset, 0);
    }
}
