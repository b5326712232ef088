// The reader's light/dark toggle paints exactly what the system's scheme paints: for every
// page, every element's colours under the system's dark scheme equal those under a light
// system with the reader's choice of dark, and the same the other way round. A rule that
// follows only `@media (prefers-color-scheme)` shows up here as a difference.
//
//   node reader_schemes.mjs <site dir> <URL path the site was built for, e.g. /dossier>
//
// Prints {"pages", "elements", "differences": [...], "darkBackground", "lightBackground"}.

import { launch, serve, htmlFiles, pageUrl } from './reader_common.mjs';

const PROPS = ['color', 'background-color', 'border-top-color', 'border-left-color',
  'outline-color', 'text-decoration-color', 'fill', 'stroke'];

const [dir, base] = process.argv.slice(2);
if (!dir || base === undefined) {
  console.error('usage: node reader_schemes.mjs <site dir> <base path>');
  process.exit(2);
}

/// A context whose system scheme is `system`, with the reader's stored `choice` (or none).
async function context(browser, system, choice) {
  const ctx = await browser.newContext({ colorScheme: system, viewport: { width: 1366, height: 800 } });
  if (choice) await ctx.addInitScript((c) => localStorage.setItem('dossier-theme', c), choice);
  return ctx;
}

/// Every element's colours, in document order, with a short name for the report.
async function colours(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate((props) => [...document.querySelectorAll('*')].map((e) => {
    const style = getComputedStyle(e);
    const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '';
    return { name: e.localName + cls, values: props.map((p) => style.getPropertyValue(p)) };
  }), PROPS);
}

const { server, root } = await serve(dir, base);
const browser = await launch();
const report = { pages: 0, elements: 0, differences: [] };
try {
  const pairs = [
    [['dark', null], ['light', 'dark']],
    [['light', null], ['dark', 'light']],
  ];
  const contexts = [];
  for (const pair of pairs) {
    const made = [];
    for (const [system, choice] of pair) made.push(await (await context(browser, system, choice)).newPage());
    contexts.push(made);
  }
  for (const rel of htmlFiles(dir)) {
    report.pages += 1;
    for (const [i, [bySystem, byChoice]] of contexts.entries()) {
      const a = await colours(bySystem, pageUrl(root, rel));
      const b = await colours(byChoice, pageUrl(root, rel));
      if (i === 0) report.elements += a.length;
      if (rel === 'index.html') {
        report[i === 0 ? 'darkBackground' : 'lightBackground'] = a.find((e) => e.name.startsWith('body')).values[1];
      }
      for (const [k, e] of a.entries()) {
        for (const [p, prop] of PROPS.entries()) {
          if (b[k] && e.values[p] !== b[k].values[p] && report.differences.length < 40) {
            report.differences.push({ page: rel, element: e.name, prop, system: e.values[p], chosen: b[k].values[p] });
            break; // one line per element
          }
        }
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report, null, 1));
