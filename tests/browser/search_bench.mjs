// The search budget in a real browser: for each query, a fresh browser context (nothing
// cached) opens <site>/search/?q=<query> on a local static server and waits for the first
// result. Reports what was received (HTML, CSS, JS and index, bodies and headers), the time
// from navigation to the first result, and to the end of DOMContentLoaded (the page and its
// scripts ready, before which no search can start), both by the page's own clock. Before
// each query, a blank page on the same server, opened the same way, gives the floor: what
// a fresh context and a navigation cost this machine before any of the site is read.
//
//   node search_bench.mjs <site dir built with base_url "/dossier"> <query>...
//
// Prints [{"query", "ms", "ready_ms", "floor_ms", "bytes", "requests", "results"}].

import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './reader_common.mjs';

const [dir, ...queries] = process.argv.slice(2);
if (!dir || queries.length === 0) {
  console.error('usage: node search_bench.mjs <site dir> <query>...');
  process.exit(2);
}
// The blank page, written beside the site for the run and removed after it.
const BLANK = 'blank-floor.html';
fs.writeFileSync(path.join(dir, BLANK), '<!doctype html><html lang="en"><title>blank</title></html>');
const { server, root } = await serve(dir, '/dossier');
const browser = await launch();
const out = [];
try {
  for (const query of queries) {
    const blank = await browser.newContext();
    const floorPage = await blank.newPage();
    await floorPage.goto(`${root}/${BLANK}`, { waitUntil: 'domcontentloaded' });
    const floor = await floorPage.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    await blank.close();
    const context = await browser.newContext();
    // The page's own clock when the first result is listed, read where it happens: asking
    // for performance.now() after waitForSelector would add the round trips to the browser.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('#search-results > li')) {
          window.firstResultAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const finished = [];
    page.on('requestfinished', (r) => finished.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
    // Not waiting for the load event: a result may be shown before it.
    await page.goto(`${root}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'commit' });
    await page.waitForSelector('#search-results > li', { timeout: 30000 });
    const ms = Math.round(await page.evaluate(() => window.firstResultAt));
    await page.waitForLoadState('networkidle');
    const ready = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    const sizes = await Promise.all(finished);
    out.push({
      query,
      ms,
      ready_ms: Math.round(ready),
      floor_ms: Math.round(floor),
      bytes: sizes.reduce((a, b) => a + b, 0),
      requests: sizes.length,
      results: await page.$$eval('#search-results > li:not(.more-results)', (l) => l.length),
    });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(path.join(dir, BLANK), { force: true });
}
console.log(JSON.stringify(out));
