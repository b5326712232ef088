// Loads every page of a built site from a local server and reports what a reader should
// never meet (script and console errors, failed or external requests), then runs axe-core
// (WCAG 2.1 A/AA) on one page of each type, in light and in dark colour schemes.
//
//   node reader_pages.mjs <site dir> <base path, e.g. /dossier>
//
// Prints {"pages": n, "problems": [...], "axe": [{"page", "scheme", "violations"}]}.

import { serve, launch, htmlFiles, pageUrl, watch, axe } from './reader_common.mjs';

const [dir, base] = process.argv.slice(2);
if (!dir || !base) {
  console.error('usage: node reader_pages.mjs <site dir> <base path>');
  process.exit(2);
}

const { server, origin, root } = await serve(dir, base);
const browser = await launch();
const problems = [];
const report = { pages: 0, types: {}, problems, axe: [] };
try {
  const context = await browser.newContext({ colorScheme: 'light' });
  await watch(context, origin, problems);
  const page = await context.newPage();
  // One page of each type, told apart by the class the theme gives <body>.
  const samples = new Map();
  for (const rel of htmlFiles(dir)) {
    const url = pageUrl(root, rel);
    await page.goto(url, { waitUntil: 'load' });
    report.pages += 1;
    const type = await page.evaluate(() => document.body.className || 'none');
    if (!samples.has(type)) samples.set(type, url);
  }
  report.types = Object.fromEntries(samples);
  await context.close();

  for (const scheme of ['light', 'dark']) {
    const ctx = await browser.newContext({ colorScheme: scheme });
    await watch(ctx, origin, problems);
    const p = await ctx.newPage();
    for (const url of samples.values()) {
      await p.goto(url, { waitUntil: 'load' });
      report.axe.push({ page: url, scheme, violations: await axe(p) });
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report, null, 1));
