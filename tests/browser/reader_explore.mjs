// Explores the default dossier's timeline and relation graph as a reader would: filter chips
// and the address that keeps them, an entity's link to its filtered timeline, the page without
// JavaScript; the graph's mentions toggle, kind filter, highlight by pointer and keyboard,
// zoom and pan by buttons, wheel, drag and keys, label size on screen and labels inside a
// neighbourhood drawing; no horizontal scroll at 320 and 390 px; axe-core light and dark.
//
//   node reader_explore.mjs <site dir> <base path> [screenshot dir]
//
// Prints {"timeline": {...}, "graph": {...}, "widths": [...], "axe": [...], "problems": [...]}.

import { serve, launch, watch, axe } from './reader_common.mjs';

const [dir, base, shots] = process.argv.slice(2);
if (!dir || !base) {
  console.error('usage: node reader_explore.mjs <site dir> <base path> [screenshot dir]');
  process.exit(2);
}

const { server, origin, root } = await serve(dir, base);
const browser = await launch();
const problems = [];
const report = { timeline: {}, graph: {}, widths: [], axe: [], problems };

const shownIds = (page) => page.evaluate(() =>
  [...document.querySelectorAll('.timeline-event')].filter((li) => li.offsetParent !== null).map((li) => li.id));
const query = (page) => page.evaluate(() => decodeURIComponent(location.search));

async function timeline(page) {
  const t = report.timeline;
  await page.goto(root + '/timeline/', { waitUntil: 'load' });
  t.all = (await shownIds(page)).length;
  t.filtersShown = await page.isVisible('#timeline-filters');
  await page.click('#timeline-filters details[data-filter="actor"] summary');
  await page.click('.chip[data-key="organizations/huawei"]');
  t.huawei = { query: await query(page), ids: await shownIds(page), pressed: await page.getAttribute('.chip[data-key="organizations/huawei"]', 'aria-pressed') };
  await page.click('.chip[data-filter="kind"][data-key="event"]');
  t.huaweiEventPages = { query: await query(page), ids: await shownIds(page) };
  t.status = await page.textContent('.filter-status [role="status"]');
  await page.click('.filter-clear');
  t.cleared = { query: await query(page), count: (await shownIds(page)).length };
  // A shared address opens the same view.
  await page.goto(root + '/timeline/?tag=zte&kind=note', { waitUntil: 'load' });
  t.shared = { ids: await shownIds(page), pressed: await page.$$eval('.chip[aria-pressed="true"]', (c) => c.map((b) => b.dataset.key)) };
  // An entity's "See them in the timeline".
  await page.goto(root + '/organizations/huawei/', { waitUntil: 'load' });
  await page.click('.events .more a');
  await page.waitForLoadState('load');
  t.fromHuawei = { path: await page.evaluate(() => location.pathname + decodeURIComponent(location.search)), ids: await shownIds(page) };
}

async function timelineWithoutScript() {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  await watch(ctx, origin, problems);
  const page = await ctx.newPage();
  await page.goto(root + '/timeline/?actor=organizations/huawei', { waitUntil: 'load' });
  report.timeline.noScript = { count: (await shownIds(page)).length, filtersShown: await page.isVisible('#timeline-filters') };
  await page.goto(root + '/graph/', { waitUntil: 'load' });
  report.graph.noScript = {
    controlsShown: await page.isVisible('#graph-controls'),
    mentionsShown: await page.$$eval('.graph-frame.large .edge.mention', (l) => l.filter((e) => getComputedStyle(e).display !== 'none').length),
  };
  await ctx.close();
}

const viewBox = (page) => page.$eval('.graph-frame.large svg', (s) => s.getAttribute('viewBox').split(' ').map(Number));
const countShown = (page, sel) => page.$$eval(sel, (l) => l.filter((e) => getComputedStyle(e).display !== 'none').length);

async function graph(page) {
  const g = report.graph;
  await page.goto(root + '/graph/', { waitUntil: 'load' });
  g.controlsShown = await page.isVisible('#graph-controls');
  g.mentions = { atFirst: await countShown(page, '.edge.mention') };
  await page.check('[data-graph-show="mention"]');
  g.mentions.shown = await countShown(page, '.edge.mention');
  await page.uncheck('[data-graph-show="mention"]');
  await page.uncheck('[data-graph-show="kind-person"]');
  g.withoutPeople = { people: await countShown(page, '.node.kind-person'), organizations: await countShown(page, '.node.kind-organization') };
  await page.check('[data-graph-show="kind-person"]');
  // Pointing at Huawei highlights its neighbours and shows every label of its relations.
  const huawei = '.graph-frame.large a.node[href$="/organizations/huawei/"]';
  await page.hover(huawei);
  const highlight = () => page.evaluate(() => {
    const svg = document.querySelector('.graph-frame.large svg');
    const titles = (sel) => [...svg.querySelectorAll(sel)].map((n) => n.querySelector('text').textContent.trim()).sort();
    return {
      on: svg.classList.contains('is-highlighting'),
      near: titles('.node.is-near'),
      labels: [...svg.querySelectorAll('.edge-label.is-near')].filter((e) => getComputedStyle(e).display !== 'none').length,
      dimmed: [...svg.querySelectorAll('.node:not(.is-near)')].filter((n) => getComputedStyle(n).opacity < 0.5).length,
    };
  });
  g.hover = await highlight();
  await page.mouse.move(2, 2);
  g.afterLeaving = (await highlight()).on;
  await page.focus('.graph-frame.large a.node[href$="/people/sheryl-sandberg/"]');
  g.focus = await highlight();
  // The labels' size on screen, whatever the zoom.
  const labelPx = () => page.$eval('.graph-frame.large a.node tspan', (t) => Math.round(t.getBoundingClientRect().height));
  g.labelPx = [await labelPx()];
  const fit = await viewBox(page);
  await page.click('[data-graph-zoom="in"]');
  g.zoomIn = (await viewBox(page))[2] / fit[2];
  g.labelPx.push(await labelPx());
  await page.click('[data-graph-zoom="fit"]');
  g.fitAgain = JSON.stringify(await viewBox(page)) === JSON.stringify(fit);
  const box = await page.$eval('.graph-frame.large svg', (s) => { s.scrollIntoView({ block: 'center', behavior: 'instant' }); const r = s.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
  await page.mouse.move(box.x, box.y);
  await page.mouse.wheel(0, -200);
  await page.waitForTimeout(100);
  g.wheel = (await viewBox(page))[2] / fit[2];
  const before = await viewBox(page);
  await page.mouse.move(box.x + 40, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 100, box.y + 70, { steps: 5 });
  await page.mouse.up();
  const after = await viewBox(page);
  g.drag = [Math.round(after[0] - before[0]), Math.round(after[1] - before[1])];
  g.stillOnGraph = new URL(page.url()).pathname;
  await page.focus('.graph-frame.large');
  await page.keyboard.press('0');
  g.keyFit = JSON.stringify(await viewBox(page)) === JSON.stringify(fit);
  await page.keyboard.press('+');
  g.keyZoom = (await viewBox(page))[2] / fit[2];
  const k = await viewBox(page);
  await page.keyboard.press('ArrowRight');
  g.keyPan = Math.round((await viewBox(page))[0] - k[0]) > 0;
  // The relations table is sorted by who.
  g.tableWho = await page.$$eval('.relations-table tbody tr td:first-child', (l) => l.map((td) => td.textContent.trim()));
}

async function neighbourhood(page) {
  await page.goto(root + '/people/sheryl-sandberg/', { waitUntil: 'load' });
  report.graph.sandberg = await page.evaluate(() => {
    const svg = document.querySelector('svg.neighbourhood');
    const [x, y, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    const outside = [...svg.querySelectorAll('text')].filter((t) => {
      const b = t.getBBox();
      return b.x < x || b.y < y || b.x + b.width > x + w || b.y + b.height > y + h;
    }).map((t) => t.textContent);
    const px = [...svg.querySelectorAll('text')].map((t) => Math.round(t.querySelector('tspan').getBoundingClientRect().height));
    return { outside, labelPx: [Math.min(...px), Math.max(...px)] };
  });
}

async function widths() {
  for (const width of [320, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    await watch(ctx, origin, problems);
    const page = await ctx.newPage();
    for (const path of ['/timeline/', '/timeline/?actor=organizations/huawei', '/graph/', '/people/sheryl-sandberg/']) {
      await page.goto(root + path, { waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      report.widths.push({ width, path, overflow });
    }
    await ctx.close();
  }
}

async function screenshots() {
  for (const width of [390, 1366]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    for (const [name, path] of [['timeline', '/timeline/?actor=organizations/huawei'], ['graph', '/graph/'], ['sandberg', '/people/sheryl-sandberg/']]) {
      await page.goto(root + path, { waitUntil: 'load' });
      if (name === 'graph') await page.hover('.graph-frame.large a.node[href$="/organizations/huawei/"]');
      await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: name !== 'graph' });
    }
    await ctx.close();
  }
}

try {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await watch(ctx, origin, problems);
  const page = await ctx.newPage();
  await timeline(page);
  await graph(page);
  await neighbourhood(page);
  await ctx.close();
  await timelineWithoutScript();
  await widths();
  for (const scheme of ['light', 'dark']) {
    const c = await browser.newContext({ colorScheme: scheme });
    await watch(c, origin, problems);
    const p = await c.newPage();
    await p.goto(root + '/timeline/?actor=organizations/huawei', { waitUntil: 'load' });
    report.axe.push({ page: 'timeline filtered', scheme, violations: await axe(p) });
    await p.goto(root + '/graph/', { waitUntil: 'load' });
    await p.focus('.graph-frame.large a.node[href$="/organizations/huawei/"]');
    report.axe.push({ page: 'graph highlighted', scheme, violations: await axe(p) });
    await c.close();
  }
  if (shots) await screenshots();
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(report, null, 1));
