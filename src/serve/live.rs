//! Live reload: what the server tells open pages (over Server-Sent Events at `EVENTS_PATH`)
//! and the small script injected into served HTML that listens. A page reloads when a rebuild
//! changed it or a script or image it uses; a changed stylesheet is swapped in place; a build
//! error shows as an overlay until a good build replaces it. The script only talks to the
//! server that served the page, and reconnects (reloading) when that server restarts.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// Where pages listen for rebuilds; no site file can be served from `/__dossier/`.
pub const EVENTS_PATH: &str = "/__dossier/events";

/// One build error as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorView {
    /// `content/notes/a.md:12:5`, or empty when the error has no place.
    pub location: String,
    pub message: String,
}

impl From<&Diagnostic> for ErrorView {
    fn from(d: &Diagnostic) -> Self {
        let mut location = d
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if let (false, Some(line)) = (location.is_empty(), d.line) {
            location.push_str(&format!(":{line}"));
            if let Some(column) = d.column {
                location.push_str(&format!(":{column}"));
            }
        }
        ErrorView {
            location,
            message: d.message.clone(),
        }
    }
}

pub fn error_views(d: &Diagnostics) -> Vec<ErrorView> {
    d.0.iter().map(ErrorView::from).collect()
}

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Files changed: these URL paths (`/notes/a/`, `/style.css`). `rebuilt` when a rebuild
    /// of changed files succeeded (which ends any build error), not for files regenerated
    /// on request.
    Reload { paths: Vec<String>, rebuilt: bool },
    /// A build failed; the last good site is still served.
    Failed(Vec<ErrorView>),
    /// What `dossier check` warns about changed (sent after a rebuild, when it did).
    Warnings(Vec<ErrorView>),
}

impl LiveEvent {
    /// The SSE event name and JSON data.
    pub fn to_sse(&self) -> (&'static str, String) {
        match self {
            LiveEvent::Reload { paths, rebuilt } => (
                "reload",
                serde_json::json!({ "paths": paths, "rebuilt": rebuilt }).to_string(),
            ),
            LiveEvent::Failed(errors) => (
                "build-error",
                serde_json::json!({ "errors": errors }).to_string(),
            ),
            LiveEvent::Warnings(warnings) => (
                "warnings",
                serde_json::json!({ "warnings": warnings }).to_string(),
            ),
        }
    }
}

/// The first event of each connection: which server this is, the current errors and
/// warnings.
pub fn hello(instance: &str, errors: Option<&[ErrorView]>, warnings: &[ErrorView]) -> String {
    serde_json::json!({ "instance": instance, "errors": errors, "warnings": warnings }).to_string()
}

/// The URL path of an output file: `notes/a/index.html` → `/notes/a/`.
pub fn url_path(output: &str) -> String {
    match output.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{output}"),
    }
}

const SCRIPT: &str = r#"<script data-dossier-live>
(() => {
  "use strict";
  if (window.__dossierLive) return;
  window.__dossierLive = true;
  const STYLE = "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
    "margin:0;padding:2rem;background:#161616;color:#f5f5f5;" +
    "font:15px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
  let instance = null;
  let overlay = null;
  let wait = 250;
  const here = () => decodeURI(location.pathname).replace(/index\.html$/, "");
  const showErrors = (errors) => {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "dossier-build-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = STYLE;
    const title = document.createElement("h2");
    title.textContent = "The site did not build: this is the last good version";
    title.style.cssText = "margin:0 0 1rem;font-size:1.2rem;color:#ffb4ab";
    const list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0;list-style:none";
    for (const e of errors) {
      const item = document.createElement("li");
      item.style.cssText = "margin:0 0 1rem;white-space:pre-wrap";
      if (e.location) {
        const where = document.createElement("strong");
        where.textContent = e.location;
        where.style.cssText = "display:block;color:#ffb4ab";
        item.append(where);
      }
      item.append(document.createTextNode(e.message));
      list.append(item);
    }
    const note = document.createElement("p");
    note.textContent = "Fix the file and save: this page reloads by itself.";
    note.style.cssText = "margin:1rem 0 0;color:#d0d0d0";
    const close = document.createElement("button");
    close.type = "button";
    close.id = "dossier-build-error-close";
    close.textContent = "Show the last good page";
    close.style.cssText = "margin:1rem 0 0;font:inherit;padding:.4rem .8rem;cursor:pointer";
    close.addEventListener("click", hideErrors);
    overlay.append(title, list, note, close);
    (document.body || document.documentElement).append(overlay);
    close.focus();
  };
  let badge = null;
  const BADGE = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,90vw);" +
    "background:#fff8e1;color:#3e2700;border:2px solid #8a5a00;border-radius:.4rem;" +
    "font:14px/1.5 system-ui,sans-serif;text-align:left;box-shadow:0 2px 8px rgba(0,0,0,.3)";
  const showWarnings = (warnings) => {
    if (badge) badge.remove();
    badge = null;
    if (!warnings || !warnings.length) return;
    badge = document.createElement("div");
    badge.id = "dossier-warnings";
    badge.setAttribute("role", "region");
    badge.setAttribute("aria-label", "Warnings from dossier check");
    badge.style.cssText = BADGE;
    const bar = document.createElement("div");
    bar.style.cssText = "display:flex;gap:.25rem;align-items:center";
    const open = document.createElement("button");
    open.type = "button";
    open.id = "dossier-warnings-toggle";
    open.setAttribute("aria-expanded", "false");
    open.textContent = warnings.length + (warnings.length === 1 ? " warning" : " warnings");
    open.style.cssText = "font:inherit;font-weight:bold;color:inherit;background:none;border:0;padding:.5rem .75rem;cursor:pointer";
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.id = "dossier-warnings-dismiss";
    dismiss.setAttribute("aria-label", "Dismiss the warnings");
    dismiss.textContent = "×";
    dismiss.style.cssText = "font:inherit;font-size:1.2rem;color:inherit;background:none;border:0;padding:.25rem .6rem;cursor:pointer";
    dismiss.addEventListener("click", () => { badge.remove(); badge = null; });
    const list = document.createElement("ul");
    list.id = "dossier-warnings-list";
    list.hidden = true;
    list.style.cssText = "margin:0;padding:0 .75rem .75rem 1.75rem;max-height:50vh;overflow:auto";
    for (const w of warnings) {
      const item = document.createElement("li");
      if (w.location) {
        const where = document.createElement("code");
        where.textContent = w.location;
        item.append(where, document.createTextNode(": "));
      }
      item.append(document.createTextNode(w.message));
      list.append(item);
    }
    open.addEventListener("click", () => {
      list.hidden = !list.hidden;
      open.setAttribute("aria-expanded", String(!list.hidden));
    });
    bar.append(open, dismiss);
    badge.append(bar, list);
    (document.body || document.documentElement).append(badge);
  };
  const hideErrors = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  const usedBy = (path) => [...document.querySelectorAll("[src], link[href]")].some((el) => {
    const url = new URL(el.getAttribute("src") || el.getAttribute("href"), location.href);
    return url.origin === location.origin && decodeURI(url.pathname) === path;
  });
  const swapStylesheets = (paths) => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.getAttribute("href"), location.href);
      if (url.origin !== location.origin || !paths.includes(decodeURI(url.pathname))) continue;
      url.searchParams.set("dossier-reload", Date.now());
      const next = link.cloneNode();
      next.href = url.href;
      const done = () => link.remove();
      next.addEventListener("load", done);
      next.addEventListener("error", done);
      link.after(next);
    }
  };
  const onReload = ({ paths, rebuilt }) => {
    if (overlay) {
      if (rebuilt) location.reload();
      return;
    }
    const styles = paths.filter((p) => p.endsWith(".css"));
    const others = paths.filter((p) => !p.endsWith(".css"));
    if (others.includes(here()) || others.some(usedBy)) return location.reload();
    if (styles.length) swapStylesheets(styles);
  };
  const connect = () => {
    const source = new EventSource("/__dossier/events?page=" + encodeURIComponent(decodeURI(location.pathname)));
    source.addEventListener("hello", (e) => {
      const data = JSON.parse(e.data);
      if (instance !== null && data.instance !== instance) return location.reload();
      instance = data.instance;
      wait = 250;
      if (data.errors) showErrors(data.errors); else hideErrors();
      showWarnings(data.warnings);
    });
    source.addEventListener("warnings", (e) => showWarnings(JSON.parse(e.data).warnings));
    source.addEventListener("reload", (e) => onReload(JSON.parse(e.data)));
    source.addEventListener("build-error", (e) => showErrors(JSON.parse(e.data).errors));
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, wait);
      wait = Math.min(wait * 2, 4000);
    });
  };
  connect();
})();
</script>
"#;

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The last position of `needle` in `haystack`, ignoring ASCII case.
fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>")).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script data-dossier-live>"));
        assert!(out.ends_with("</script>\n</BODY></html>"));
        let bare = String::from_utf8(inject(b"<p>fragment")).unwrap();
        assert!(bare.starts_with("<p>fragment<script"));
    }

    #[test]
    fn the_script_talks_to_its_own_server_only() {
        assert!(!SCRIPT.contains("http:") && !SCRIPT.contains("https:") && !SCRIPT.contains("//"));
        assert!(SCRIPT.contains(EVENTS_PATH));
    }

    #[test]
    fn urls_of_outputs() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("notes/a/index.html"), "/notes/a/");
        assert_eq!(url_path("style.css"), "/style.css");
        assert_eq!(url_path("404.html"), "/404.html");
        assert_eq!(url_path("notindex.html"), "/notindex.html");
    }

    #[test]
    fn errors_keep_their_place() {
        let d = Diagnostic::error("link [[x]] matches no page")
            .in_file("content/a.md")
            .at(3, 7);
        assert_eq!(
            ErrorView::from(&d),
            ErrorView {
                location: "content/a.md:3:7".into(),
                message: "link [[x]] matches no page".into()
            }
        );
        let bare = Diagnostic::error("cannot read site.toml");
        assert_eq!(ErrorView::from(&bare).location, "");
    }
}
