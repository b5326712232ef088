// Runs the theme's search engine (createSearch in search.js) in node, on a built site's
// search files read from disk, as the browser would load them with <script> tags.
//
//   node search_query.mjs <site dir> <queries as JSON: [{"q": …, "kind": …, "batches": …}]>
//
// Prints [{"q", "pages": [path…] (best first), "opensAt": [anchor…], "loaded": [file…]}]:
// every matching page (phrases checked on all candidates) and the files each query loaded.
// With "batches": true, a phrase's candidates are read as the search page reads them: the
// first search, then more() for the next page of results until none are left; "steps"
// says, for each, how many pages were found in all, how many page files were read and
// whether candidates were left unread.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const [dir, queriesJson] = process.argv.slice(2);
if (!dir || !queriesJson) {
  console.error('usage: node search_query.mjs <site dir> <queries JSON>');
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const theme = path.join(here, '..', '..', 'themes', 'dossier', 'static', 'search.js');

const context = {
  document: {
    documentElement: { classList: { add() {} }, getAttribute() { return null; } },
    readyState: 'loading',
    addEventListener() {},
    querySelector() { return null; },
    currentScript: null,
  },
  TextEncoder,
  URL,
  console,
};
context.window = context;
vm.createContext(context);
const run = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
run(theme);
run(path.join(dir, 'search-index.js'));

const out = [];
for (const { q, kind, batches } of JSON.parse(queriesJson)) {
  const loaded = [];
  const engine = context.dossierSearchEngine.create(context.dossierSearch, (name, done) => {
    const file = path.join(dir, 'search', name + '.js');
    loaded.push(name);
    if (fs.existsSync(file)) run(file);
    setImmediate(done);
  });
  context.dossierSearchShard = engine.receive;
  const read = () => loaded.filter((n) => n.startsWith('p/')).length;
  const steps = [];
  let result;
  if (batches) {
    result = await new Promise((resolve) => engine.search(q, kind || '', resolve, false));
    steps.push({ found: result.pages.length, read: read(), capped: result.capped });
    while (result.capped) {
      const before = read();
      await new Promise((resolve) => engine.more(result, result.pages.length + 20, 40, resolve));
      steps.push({ found: result.pages.length, read: read() - before, capped: result.capped });
    }
  } else {
    result = await new Promise((resolve) => engine.search(q, kind || '', resolve, true));
  }
  const files = await new Promise((resolve) => engine.pagesOf(result.pages, resolve));
  out.push({
    q,
    pages: files.map((f) => f[1]),
    opensAt: files.map((f) => context.dossierSearchEngine.opensAt(f, result)[1]),
    loaded: loaded.filter((n) => !n.startsWith('p/')),
    steps,
  });
}
console.log(JSON.stringify(out));
