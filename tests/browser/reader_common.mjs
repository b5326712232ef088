// Shared by the reader_*.mjs scripts: a tiny static server for a built site, headless
// Chromium through playwright-core, axe-core, and the list of a site's HTML pages.
// The scripts report JSON on stdout; the Rust tests in tests/testsuite/reader_browser.rs judge it.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const AXE_PATH = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.pdf': 'application/pdf',
};

/// Serves `dir` under the URL path `base` ("/dossier") on 127.0.0.1, on a free port.
export function serve(dir, base) {
  const server = http.createServer((req, res) => {
    let url;
    try { url = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { url = '/'; }
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    };
    const notFound = () => {
      const page = path.join(dir, '404.html');
      if (fs.existsSync(page)) return send(404, page);
      res.writeHead(404); res.end('not found');
    };
    if (!url.startsWith(base + '/')) return notFound();
    let rel = url.slice(base.length);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return notFound();
    send(200, file);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ server, origin, root: origin + base });
    });
  });
}

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}: run scripts/test.sh (it installs Debian's chromium)`);
    process.exit(2);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
}

/// Every .html file of a built site, relative to it, sorted.
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/// The URL of a page file: `notes/x/index.html` → `<root>/notes/x/`.
export function pageUrl(root, rel) {
  return root + '/' + rel.replace(/(^|\/)index\.html$/, '$1');
}

/// Whether `url` is on the site: its whole origin, not a prefix of it (http://127.0.0.1:80
/// is not http://127.0.0.1:8080, nor http://127.0.0.1.evil.net), or any file for 'file://'.
export function fromSite(url, allowedOrigin) {
  if (allowedOrigin === 'file://') return url.protocol === 'file:';
  return url.origin === allowedOrigin;
}

/// Watches a page for what a reader should never meet: script errors, console errors,
/// failed or 4xx/5xx requests, and any request to another host (which is refused).
export async function watch(context, allowedOrigin, problems) {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const ok = fromSite(url, allowedOrigin) || ['file:', 'data:', 'about:'].includes(url.protocol);
    if (ok) return route.continue();
    problems.push({ kind: 'external request', url: url.href });
    return route.abort();
  });
  context.on('page', (page) => attach(page, allowedOrigin, problems));
  for (const page of context.pages()) attach(page, allowedOrigin, problems);
}

function attach(page, allowedOrigin, problems) {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems.push({ kind: `console ${m.type()}`, page: page.url(), text: m.text() });
    }
  });
  page.on('pageerror', (e) => problems.push({ kind: 'script error', page: page.url(), text: String(e) }));
  page.on('requestfailed', (r) => {
    const failure = r.failure() ? r.failure().errorText : '';
    // Requests to other hosts are refused and reported by the route; an aborted request to
    // the site is a navigation that moved on.
    if (!fromSite(new URL(r.url()), allowedOrigin) || failure.includes('ERR_ABORTED')) return;
    problems.push({ kind: 'request failed', page: page.url(), url: r.url(), text: failure });
  });
  page.on('response', (r) => {
    if (r.status() >= 400) {
      problems.push({ kind: `HTTP ${r.status()}`, page: page.url(), url: r.url() });
    }
  });
}

/// Runs axe-core on the page for WCAG 2.1 A and AA; returns the violations, trimmed.
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  }, AXE_TAGS);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
  }));
}
