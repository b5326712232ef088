// Live reload in a real browser: headless Chromium on a page `dossier serve` serves, while
// the site's files change on disk. Run by tests/testsuite/serve_browser.rs:
//
//   node tests/browser/serve_reload.mjs <server url> <site dir>
//
// Steps: check's warnings show as a badge that opens and closes; a Markdown edit shows without any action in the browser (a full reload); a CSS edit
// applies without a reload (a window variable survives); a build error shows an accessible
// overlay that can be dismissed and that a fix clears; after the server restarts the page reconnects and reloads.
// The restart is asked of the Rust test through a file in the site folder. Exits non-zero on
// the first failure; no request may go to another host.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [url, siteDir] = process.argv.slice(2);
if (!url || !siteDir) {
  console.error('usage: node serve_reload.mjs <server url> <site dir>');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PATIENCE = 30_000;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const origin = new URL(url).origin;
const foreign = [];
let failed = false;

function step(name) {
  console.log(`ok: ${name}`);
}

async function waitFor(page, what, fn, arg) {
  try {
    await page.waitForFunction(fn, arg, { timeout: PATIENCE, polling: 50 });
  } catch (e) {
    throw new Error(`timed out waiting for ${what}: ${e.message.split('\n')[0]}`);
  }
}

function write(rel, text) {
  const file = path.join(siteDir, rel);
  // As editors save: a temporary file renamed over the old one.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function edit(rel, from, to) {
  const text = fs.readFileSync(path.join(siteDir, rel), 'utf8');
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${from}`);
  write(rel, text.replace(from, to));
}

async function listening(page) {
  // The page has its event stream open once the server has answered it.
  await page.waitForResponse((r) => r.url().startsWith(`${origin}/__dossier/events?`), { timeout: PATIENCE });
}

try {
  const page = await browser.newPage();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== origin && u.protocol !== 'data:') foreign.push(r.url());
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));

  let connected = listening(page);
  await page.goto(`${url}/notes/plain/`);
  await connected;
  if (await page.textContent('h1') !== 'A plain note') throw new Error('not the plain note');
  step('page served and listening');

  // 0. What `dossier check` warns about shows as a badge that opens its list and closes.
  await waitFor(page, 'the warnings badge', () => document.getElementById('dossier-warnings-toggle'));
  const label = await page.textContent('#dossier-warnings-toggle');
  if (!/^\d+ warnings?$/.test(label)) throw new Error(`the badge says ${label}`);
  const listState = () => page.evaluate(() => ({
    hidden: document.getElementById('dossier-warnings-list').hidden,
    expanded: document.getElementById('dossier-warnings-toggle').getAttribute('aria-expanded'),
    text: document.getElementById('dossier-warnings-list').textContent,
  }));
  const closed = await listState();
  if (!closed.hidden || closed.expanded !== 'false') throw new Error('the list starts open');
  await page.click('#dossier-warnings-toggle');
  const opened = await listState();
  if (opened.hidden || opened.expanded !== 'true' || !opened.text.includes('orphan page: no other page links to "A plain note"')) {
    throw new Error(`the list did not open with the orphan warning: ${JSON.stringify(opened)}`);
  }
  await page.click('#dossier-warnings-dismiss');
  if (await page.$('#dossier-warnings')) throw new Error('the dismissed badge is still there');
  step(`check's warnings show as a badge ("${label}") that opens its list and can be dismissed`);

  // 1. Markdown edit: the page reloads by itself and shows the new text.
  await page.evaluate(() => { window.__marker = 'before the edit'; });
  connected = listening(page);
  edit('content/notes/plain.md', 'Nothing links here', 'Edited on disk: nothing links here');
  await waitFor(page, 'the edited text', () =>
    document.querySelector('main')?.textContent.includes('Edited on disk'));
  if (await page.evaluate(() => window.__marker) !== undefined) {
    throw new Error('the text changed without a reload?');
  }
  await connected;
  step('a Markdown edit shows without any action in the browser');

  // 2. CSS edit: the stylesheet is swapped in place, no reload.
  await page.evaluate(() => { window.__marker = 'kept across the CSS edit'; });
  const before = await page.evaluate(() => getComputedStyle(document.body).color);
  if (before !== 'rgb(10, 10, 10)') throw new Error(`unexpected colour ${before}`);
  write('themes/plain/static/style.css', 'body { color: rgb(200, 0, 0); }\n');
  await waitFor(page, 'the new colour', () =>
    getComputedStyle(document.body).color === 'rgb(200, 0, 0)');
  if (await page.evaluate(() => window.__marker) !== 'kept across the CSS edit') {
    throw new Error('the page reloaded for a CSS edit');
  }
  const sheets = await page.evaluate(() =>
    document.querySelectorAll('link[rel="stylesheet"]').length);
  if (sheets !== 1) throw new Error(`${sheets} stylesheets after the swap`);
  step('a CSS edit applies without a reload');

  // 3. A build error: an overlay, accessible and readable; the fix clears it and reloads.
  edit('content/notes/plain.md', 'Edited on disk', 'Broken: [[no-such-page]]');
  await waitFor(page, 'the error overlay', () =>
    document.querySelector('[role="alert"]')?.textContent.includes('no-such-page'));
  const overlay = await page.evaluate(() => {
    const el = document.querySelector('[role="alert"]');
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
      text: el.textContent,
      color: style.color,
      background: style.backgroundColor,
      covers: rect.width >= innerWidth - 1 && rect.height >= innerHeight - 1,
    };
  });
  if (!overlay.text.includes('content/notes/plain.md:5:')) {
    throw new Error(`the overlay does not name file:line:col: ${overlay.text}`);
  }
  if (!overlay.covers) throw new Error('the overlay does not cover the page');
  const ratio = contrast(overlay.color, overlay.background);
  if (ratio < 7) throw new Error(`overlay contrast ${ratio.toFixed(1)}:1`);
  if (!(await page.textContent('main')).includes('Edited on disk')) {
    throw new Error('the last good page is not shown under the overlay');
  }
  step(`a build error shows as an overlay (contrast ${ratio.toFixed(1)}:1)`);
  await page.click('#dossier-build-error-close');
  if (await page.$('[role="alert"]')) throw new Error('the overlay did not close');
  if (!(await page.textContent('main')).includes('Edited on disk')) {
    throw new Error('the last good page is not shown once the overlay is dismissed');
  }
  step('the overlay can be dismissed to read the last good page');
  edit('content/notes/plain.md', 'Broken: [[no-such-page]]', 'Fixed: [[zte]]');
  await waitFor(page, 'the fix', () =>
    !document.querySelector('[role="alert"]') &&
    document.querySelector('main')?.textContent.includes('Fixed: ZTE'));
  step('fixing the file clears the overlay and reloads');

  // 4. The server restarts: the page reconnects and reloads.
  await page.evaluate(() => { window.__marker = 'before the restart'; });
  fs.writeFileSync(path.join(siteDir, '.restart-request'), '');
  await waitFor(page, 'a reload after the restart', () => window.__marker === undefined);
  step('the page reconnects and reloads after a server restart');

  if (foreign.length) throw new Error(`requests to other hosts: ${foreign.join(', ')}`);
  step('no request went to another host');
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
