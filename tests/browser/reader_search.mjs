// Types queries into the search page of a built site, as a reader would, and reports the
// results; then follows the first result to check it lands on its heading.
//
//   node reader_search.mjs <site dir> <base> [--edition=<lang>] <query>...
//
// <base> is a URL path ("/dossier": the site is served from 127.0.0.1) or "file" (the site,
// built with a file:// base_url, is opened straight from the file system). With
// --edition=fr, the queries are typed into /fr/search/ and the header's box of /fr/.
// Prints {"queries": [{"query", "status", "results": [{"title", "href", "snippet"}],
// "loaded": [search file…], "landed": {"url", "anchorFound", "title"}}], "header": {...},
// "progressive": [{"query", "listed", "held", "shown", "status"}], "problems": [...]};
// "loaded" names the files of
// search/ the query loaded ("v/7265").

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, watch } from './reader_common.mjs';

const [dir, base, ...queries] = process.argv.slice(2);
const edition = queries[0] && queries[0].startsWith('--edition=') ? `/${queries.shift().slice(10)}` : '';
if (!dir || !base || queries.length === 0) {
  console.error('usage: node reader_search.mjs <site dir> <base path|file> <query>...');
  process.exit(2);
}

const fromFiles = base === 'file';
let server = null;
let root;
let origin;
if (fromFiles) {
  root = pathToFileURL(path.resolve(dir)).href;
  origin = 'file://';
} else {
  ({ server, origin, root } = await serve(dir, base));
}
const searchPage = fromFiles ? `${root}${edition}/search/index.html` : `${root}${edition}/search/`;
const homePage = fromFiles ? `${root}${edition}/index.html` : `${root}${edition}/`;

const browser = await launch();
const problems = [];
const report = { queries: [], header: null, problems };
try {
  const context = await browser.newContext();
  await watch(context, origin, problems);
  const page = await context.newPage();

  const results = async () => page.$$eval('#search-results > li:not(.more-results)', (items) => items.map((li) => {
    const a = li.querySelector('a.result-title');
    const p = li.querySelector('p:not(.aka):not(.also):not(:first-child)');
    return { title: a.textContent, href: a.href, snippet: p ? p.textContent : '', marks: [...li.querySelectorAll('mark')].map((m) => m.textContent) };
  }));

  let loaded = [];
  page.on('request', (r) => {
    const m = /\/search\/([a-z]\/[0-9a-f]+)\.js$/.exec(new URL(r.url()).pathname);
    if (m) loaded.push(m[1]);
  });
  for (const query of queries) {
    await page.goto(searchPage, { waitUntil: 'load' });
    loaded = [];
    await page.locator('#search-q').pressSequentially(query, { delay: 30 });
    // The status names the query it answers: wait for the whole query's, not a prefix's
    // (typing is slow on a loaded machine), then for its results to be drawn.
    await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes('“' + q + '”'), query);
    await page.waitForTimeout(200);
    const entry = {
      query,
      status: await page.textContent('#search-status'),
      results: await results(),
      loaded: [...loaded].sort(),
      landed: null,
    };
    if (entry.results.length > 0) {
      await page.click('#search-results > li:first-child a.result-title');
      await page.waitForLoadState('load');
      entry.landed = await page.evaluate(() => ({
        url: location.href,
        anchorFound: location.hash === '' || !!document.getElementById(decodeURIComponent(location.hash.slice(1))),
        title: document.querySelector('h1') ? document.querySelector('h1').textContent.trim() : '',
      }));
    }
    report.queries.push(entry);
  }

  // The search box in the header of every page leads to the results too.
  await page.goto(homePage, { waitUntil: 'load' });
  await page.fill('#site-search-q', queries[0]);
  await page.press('#site-search-q', 'Enter');
  await page.waitForLoadState('load');
  await page.waitForFunction(() => document.getElementById('search-status')?.textContent.trim() !== '');
  report.header = { url: page.url(), results: await results() };

  // Results are listed as their pages' files come in: with every file but the first asked
  // for held back, the first result is listed. "held": how many were held. The first query
  // is asked as it is, then as a phrase ("…"), whose candidates must be read to be found.
  if (!fromFiles) {
    report.progressive = [];
    for (const query of [queries[0], `"${queries[0]}"`]) {
      const held = [];
      let first = true;
      await page.route('**/search/p/*.js', (route) => {
        if (first) {
          first = false;
          route.continue();
        } else {
          held.push(route);
        }
      });
      await page.goto(`${searchPage}?q=${encodeURIComponent(query)}`, { waitUntil: 'domcontentloaded' });
      const listed = await page.waitForSelector('#search-results > li', { timeout: 5000 }).then(() => true, () => false);
      const shown = (await results()).length;
      await Promise.all(held.map((r) => r.continue()));
      await page.unroute('**/search/p/*.js');
      await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '');
      report.progressive.push({ query, listed, held: held.length, shown, status: await page.textContent('#search-status') });
    }
  }
} finally {
  await browser.close();
  if (server) server.close();
}
console.log(JSON.stringify(report, null, 1));
