// Takes the screenshots of scripts/screenshots.sh: one page of each type of a site built for
// https://dossier.test (answered from disk, every other host refused), at 390 and 1366 px,
// in light and dark, the top of each page as a reader first sees it.
//
//   node scripts/screenshots.mjs <site dir> <output folder>

import fs from 'node:fs';
import path from 'node:path';
import { launch, htmlFiles } from '../tests/browser/reader_common.mjs';

const ORIGIN = 'https://dossier.test';
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };
const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node scripts/screenshots.mjs <site dir> <output folder>');
  process.exit(2);
}

/// The first page of the site whose path starts with `prefix` (its section's index left out).
function first(prefix) {
  const found = htmlFiles(dir).find((p) => p.startsWith(prefix) && p !== prefix + 'index.html');
  if (!found) throw new Error(`no page under ${prefix}`);
  return found;
}

const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
const lead = (home.match(/class="lead-card">\s*<h3><a href="https:\/\/dossier\.test\/([^"]+)"/) || [])[1];
const article = lead ? lead + 'index.html' : first('articles/');
const shots = [
  ['home', 'index.html'],
  ['article', article],
  ['note', first('notes/')],
  ['person', first('people/')],
  ['organization', first('organizations/')],
  ['event', first('events/')],
  ['source', first('sources/')],
  ['timeline', 'timeline/index.html'],
  ['graph', 'graph/index.html'],
  ['search', 'search/index.html'],
  ['print', article, 'print'],
  ['print-dossier', 'print/index.html'],
];

const browser = await launch();
try {
  for (const scheme of ['light', 'dark']) {
    for (const [width, height] of [[390, 844], [1366, 900]]) {
      const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width, height } });
      await ctx.route('**/*', (r) => {
        const url = new URL(r.request().url());
        if (url.origin !== ORIGIN) return r.abort();
        let rel = decodeURIComponent(url.pathname);
        if (rel.endsWith('/')) rel += 'index.html';
        const file = path.join(dir, path.normalize(rel));
        if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
          return r.fulfill({ status: 404, body: 'not found' });
        }
        return r.fulfill({ path: file, contentType: TYPES[path.extname(file)] || 'application/octet-stream' });
      });
      const page = await ctx.newPage();
      for (const [type, rel, media] of shots) {
        await page.emulateMedia({ media: media || 'screen' });
        const url = ORIGIN + '/' + rel.replace(/(^|\/)index\.html$/, '$1') + (type === 'search' ? '?q=huawei' : '');
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForTimeout(150);
        const file = path.join(out, `${type}-${width}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
}
