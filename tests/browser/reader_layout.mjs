// The reader's pages on phones, on paper and in the reader's chosen colours (issue #15):
// no page scrolls sideways at 320 or 390 px; citation marks are 24×24 px tap targets; the
// Menu button opens the sections without JavaScript; printing a page prints no address
// inside the site; the light/dark toggle keeps its choice across pages; paragraphs get a ¶
// link. The site is built for https://dossier.test, which this script answers from disk.
//
//   node reader_layout.mjs <site dir>
//
// Prints {"pages", "overflow": [...], "tap": {...}, "menu": {...}, "print": {...},
//         "toggle": {...}, "paragraph": {...}, "problems": [...]}.

import fs from 'node:fs';
import path from 'node:path';
import { launch, htmlFiles } from './reader_common.mjs';

const ORIGIN = 'https://dossier.test';
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json' };

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node reader_layout.mjs <site dir>');
  process.exit(2);
}

/// Answers the site's requests from `dir`; refuses and reports any other host.
async function route(context, problems) {
  await context.route('**/*', (r) => {
    const url = new URL(r.request().url());
    if (url.origin !== ORIGIN) {
      problems.push({ kind: 'external request', url: url.href });
      return r.abort();
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      problems.push({ kind: 'missing', url: url.href });
      return r.fulfill({ status: 404, body: 'not found' });
    }
    return r.fulfill({ status: 200, path: file, contentType: TYPES[path.extname(file)] || 'application/octet-stream' });
  });
}

const url = (rel) => ORIGIN + '/' + rel.replace(/(^|\/)index\.html$/, '$1');
const report = { pages: 0, overflow: [], problems: [] };
const browser = await launch();
try {
  const pages = htmlFiles(dir);
  const article = pages.find((p) => p.startsWith('articles/') && p !== 'articles/index.html');

  // No sideways scroll at phone widths, on every page.
  for (const width of [320, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    await route(ctx, report.problems);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => report.problems.push({ kind: 'script error', text: String(e) }));
    for (const rel of pages) {
      await page.goto(url(rel), { waitUntil: 'load' });
      if (width === 320) report.pages += 1;
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scroll > width) report.overflow.push({ page: rel, width, scrollWidth: scroll });
    }

    if (width === 390) {
      await page.goto(url(article), { waitUntil: 'load' });
      // A citation mark answers a tap anywhere in the 24×24 px around its centre.
      report.tap = await page.evaluate(() => {
        // A mark alone in its brackets: in a cluster, its neighbours' targets overlap.
        const lone = [...document.querySelectorAll('.page-content sup.citation')]
          .find((s) => s.querySelectorAll('a').length === 1);
        const a = lone.querySelector('.citation-link');
        a.scrollIntoView({ block: 'center', behavior: 'instant' });
        const r = a.getBoundingClientRect();
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        const hits = [[-11, -11], [11, -11], [-11, 11], [11, 11], [0, 0]].map(([dx, dy]) => {
          const el = document.elementFromPoint(cx + dx, cy + dy);
          return !!el && el.closest('a') === a;
        });
        return { hits, header: document.querySelector('.site-header').getBoundingClientRect().height };
      });
      // The Menu button shows the sections, JavaScript or not (a <details>).
      const navHidden = await page.locator('.site-nav').isHidden();
      await page.click('.site-menu > summary');
      report.menu = { hiddenBefore: navHidden, visibleAfter: await page.locator('.site-nav').isVisible() };
      // The contents are folded on a phone.
      report.contentsOpen = await page.evaluate(() => {
        const d = document.querySelector('.toc-details');
        return d ? d.open : null;
      });
    }
    await ctx.close();
  }

  // Printing one page: no address inside the site, addresses leaving it printed.
  {
    const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    await route(ctx, report.problems);
    const page = await ctx.newPage();
    await page.goto(url(article), { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    report.print = await page.evaluate((origin) => {
      const printed = [...document.querySelectorAll('main a[href]')].map((a) => ({
        href: a.href, after: getComputedStyle(a, '::after').content,
      }));
      return {
        internal: printed.filter((p) => p.href.startsWith(origin) && p.after.includes(origin)).map((p) => p.href),
        internalLinks: printed.filter((p) => p.href.startsWith(origin)).length,
        externalLinks: printed.filter((p) => !p.href.startsWith(origin)).length,
        external: printed.filter((p) => !p.href.startsWith(origin) && p.after.includes(p.href)).length,
      };
    }, ORIGIN);
    await ctx.close();
  }

  // The toggle: the system's scheme first, then the reader's choice, kept on the next page.
  {
    const ctx = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1366, height: 800 } });
    await route(ctx, report.problems);
    const page = await ctx.newPage();
    await page.goto(url(article), { waitUntil: 'load' });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const pressed = () => page.getAttribute('.theme-toggle', 'aria-pressed');
    const before = { pressed: await pressed(), background: await bg(), visible: await page.locator('.theme-toggle').isVisible() };
    await page.click('.theme-toggle');
    const chosen = {
      pressed: await pressed(),
      background: await bg(),
      stored: await page.evaluate(() => localStorage.getItem('dossier-theme')),
    };
    await page.goto(url('index.html'), { waitUntil: 'load' });
    const next = {
      pressed: await pressed(),
      background: await bg(),
      theme: await page.evaluate(() => document.documentElement.getAttribute('data-theme')),
    };
    report.toggle = { before, chosen, next };

    // Paragraph permalinks: each paragraph of the text has a ¶ link to its own id, shown
    // on hover.
    await page.goto(url(article), { waitUntil: 'load' });
    report.paragraph = await page.evaluate(() => {
      const ps = [...document.querySelectorAll('.page-content p[id]')];
      const links = ps.map((p) => {
        const a = p.querySelector(':scope > a.para-link');
        return !!a && a.getAttribute('href') === '#' + p.id;
      });
      return { paragraphs: ps.length, linked: links.filter(Boolean).length };
    });
    const first = page.locator('.page-content p[id]').first();
    const opacity = () => first.locator('.para-link').evaluate((a) => getComputedStyle(a).opacity);
    const hidden = await opacity();
    await first.hover();
    report.paragraph.opacity = [hidden, await opacity()];
    await ctx.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report, null, 1));
