// Checks the link previews of a page: hovering a citation shows its reference, focusing a
// link to another page shows that page's summary, Escape and moving away hide them; axe-core
// finds nothing wrong with an open preview. Then, with JavaScript off, the same links are
// plain links that work.
//
//   node reader_previews.mjs <site dir> <base path> <page path, e.g. /notes/x/>
//
// Prints {"citation": {...}, "link": {...}, "axe": [...], "noScript": {...}, "problems": [...]}.

import { serve, launch, watch, axe } from './reader_common.mjs';

const [dir, base, pagePath] = process.argv.slice(2);
if (!dir || !base || !pagePath) {
  console.error('usage: node reader_previews.mjs <site dir> <base path> <page path>');
  process.exit(2);
}

const { server, origin, root } = await serve(dir, base);
const url = root + pagePath;
const browser = await launch();
const problems = [];
const report = { citation: null, link: null, axe: [], noScript: null, problems };
const tip = '#dossier-preview';
const visible = async (page) => page.evaluate((sel) => {
  const t = document.querySelector(sel);
  return !!t && !t.hidden;
}, tip);

try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme: scheme });
    await watch(context, origin, problems);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });

    const cite = page.locator('.page-content a.citation-link').first();
    await cite.hover();
    await page.waitForSelector(`${tip}:not([hidden])`, { timeout: 5000 });
    const citation = {
      ref: await cite.getAttribute('data-ref'),
      text: await page.textContent(tip),
      describedBy: await cite.getAttribute('aria-describedby'),
      referenceText: await page.evaluate((n) => document.getElementById('ref-' + n).textContent.replace(/\s+/g, ' ').trim(), await cite.getAttribute('data-ref')),
    };
    await page.mouse.move(1, 1);
    await page.waitForTimeout(600);
    citation.hiddenAfterLeaving = !(await visible(page));

    // A link to another page of the site, reached with the keyboard.
    const link = page.locator(`.page-content a[href^="${base}/"]:not(.citation-link):not(.heading-anchor)`).first();
    await link.focus();
    await page.waitForSelector(`${tip}:not([hidden])`, { timeout: 5000 });
    const linkReport = {
      href: await link.getAttribute('href'),
      text: await page.textContent(tip),
      describedBy: await link.getAttribute('aria-describedby'),
    };
    report.axe.push({ scheme, violations: await axe(page) });
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
    linkReport.hiddenAfterEscape = !(await visible(page));
    if (scheme === 'light') {
      report.citation = citation;
      report.link = linkReport;
    }
    await context.close();
  }

  const context = await browser.newContext({ javaScriptEnabled: false });
  await watch(context, origin, problems);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const cite = page.locator('.page-content a.citation-link').first();
  await cite.click();
  const hash = await page.evaluate(() => location.hash);
  const targetExists = await page.evaluate(() => !!document.getElementById(location.hash.slice(1)));
  await page.hover('.page-content a.citation-link');
  await page.waitForTimeout(500);
  const previewElement = await page.evaluate(() => !!document.getElementById('dossier-preview'));
  const link = page.locator(`.page-content a[href^="${base}/"]:not(.citation-link):not(.heading-anchor)`).first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForLoadState('load');
  report.noScript = {
    citationHash: hash,
    citationTargetExists: targetExists,
    previewElement,
    linkHref: href,
    landed: new URL(page.url()).pathname,
  };
  await context.close();
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report, null, 1));
