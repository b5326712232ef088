//! Fenced code highlighted at build time, as Zola does it: syntect's grammars (the Sublime
//! Text ones, with the pure-Rust `fancy-regex` engine, so no C library to build) mark each
//! token with CSS classes (`hl-keyword`, `hl-string`, …), and the theme's stylesheet colours
//! them for light and dark readers alike. No JavaScript. A language syntect does not know is
//! left as plain code, as it was.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The prefix of every class the highlighter writes, so they meet no class of the theme.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's grammars, loaded once (a few milliseconds) and only by a site with fenced code.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The grammar a fence's info string names (its first word: `rust`, `py`, `json`), if known.
fn syntax_for(info: &str) -> Option<&'static SyntaxReference> {
    let language = info.split([' ', ',', '{']).next()?.trim();
    if language.is_empty() {
        return None;
    }
    syntaxes().find_syntax_by_token(language)
}

/// The events with every fenced code block in a known language replaced by its highlighted
/// HTML; everything else passes through untouched.
pub fn code_blocks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, &'static SyntaxReference, String)> = None;
    for event in events {
        match (&mut block, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) => {
                match syntax_for(&info) {
                    Some(syntax) => block = Some((info.to_string(), syntax, String::new())),
                    None => out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))),
                }
            }
            (Some((_, _, code)), Event::Text(text)) => code.push_str(&text),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                if let Some((info, syntax, code)) = block.take() {
                    out.push(Event::Html(CowStr::from(html(&info, syntax, &code))));
                }
            }
            (Some(_), _) => {}
            (None, other) => out.push(other),
        }
    }
    out
}

/// `<pre><code>` as pulldown-cmark writes it, with the classes a stylesheet needs.
fn html(info: &str, syntax: &SyntaxReference, code: &str) -> String {
    let language = info.split([' ', ',', '{']).next().unwrap_or_default();
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            // A grammar that fails on this text: the code as it is, never an error.
            let mut plain = String::new();
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut plain, code);
            return wrap(language, &plain);
        }
    }
    wrap(language, &generator.finalize())
}

fn wrap(language: &str, inner: &str) -> String {
    let mut class = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut class, language);
    format!("<pre class=\"highlight\"><code class=\"language-{class}\" data-lang=\"{class}\">{inner}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html::push_html, Parser};

    fn highlighted(markdown: &str) -> String {
        let mut out = String::new();
        push_html(
            &mut out,
            code_blocks(Parser::new(markdown).collect()).into_iter(),
        );
        out
    }

    #[test]
    fn known_languages_get_classes_and_others_stay_plain() {
        let rust = highlighted("```rust\nfn main() { let s = \"<x>\"; }\n```\n");
        assert!(
            rust.starts_with(
                "<pre class=\"highlight\"><code class=\"language-rust\" data-lang=\"rust\">"
            ),
            "{rust}"
        );
        assert!(
            rust.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{rust}"
        );
        assert!(rust.contains("&lt;x&gt;"), "{rust}");
        let plain = "```nosuchlanguage\na < b\n```\n";
        let mut expected = String::new();
        push_html(&mut expected, Parser::new(plain));
        assert_eq!(highlighted(plain), expected);
    }
}
