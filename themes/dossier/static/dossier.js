/* dossier.js — progressive enhancement for the default theme: link and citation previews,
   search as you type, a print button. Without it every link, the search form and printing
   still work. The search index and previews are .js files assigning a global (loaded with a
   <script> tag), so all of this also works when the site is opened from the file system. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  root.classList.add('js');

  /* The URL of a file beside this script (the site root), however the site is served. */
  function siteFile(name) {
    var script = doc.currentScript || doc.querySelector('script[src*="dossier.js"]');
    return script ? script.src.replace(/dossier\.js([?#].*)?$/, name) : name;
  }
  var previewsUrl = siteFile('previews.js');

  function loadScript(url, done) {
    var s = doc.createElement('script');
    s.src = url;
    s.onload = function () { done(true); };
    s.onerror = function () { done(false); };
    doc.head.appendChild(s);
  }

  /* The site path a link goes to ("/notes/x/"), or null if it leaves the site. */
  function sitePath(a, base) {
    var baseUrl;
    try { baseUrl = new URL((base || '') + '/', location.href).href; } catch (e) { return null; }
    var href = a.href.split('#')[0].split('?')[0];
    if (href.indexOf(baseUrl) !== 0) return null;
    var path = '/' + href.slice(baseUrl.length);
    path = path.replace(/index\.html$/, '');
    try { return decodeURI(path); } catch (e) { return path; }
  }

  /* ---- Previews ---------------------------------------------------------------------- */

  var tip = null;
  var owner = null;
  var showTimer = 0;
  var hideTimer = 0;
  var previews = null;
  var previewsState = 'idle';
  var previewWaiters = [];

  function withPreviews(callback) {
    if (root.getAttribute('data-previews') === 'off') return;
    if (previews) return callback(previews);
    if (previewsState === 'failed') return;
    previewWaiters.push(callback);
    if (previewsState === 'loading') return;
    previewsState = 'loading';
    loadScript(previewsUrl, function (ok) {
      previews = ok ? window.dossierPreviews || null : null;
      previewsState = previews ? 'ready' : 'failed';
      var waiters = previewWaiters;
      previewWaiters = [];
      if (previews) waiters.forEach(function (f) { f(previews); });
    });
  }

  function ensureTip() {
    if (tip) return tip;
    tip = doc.createElement('div');
    tip.id = 'dossier-preview';
    tip.className = 'preview';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    tip.addEventListener('mouseenter', function () { clearTimeout(hideTimer); });
    tip.addEventListener('mouseleave', function () { scheduleHide(); });
    doc.body.appendChild(tip);
    return tip;
  }

  function fillTip(kind, title, text) {
    var t = ensureTip();
    t.textContent = '';
    if (kind) {
      var k = doc.createElement('span');
      k.className = 'preview-kind';
      k.textContent = kind;
      t.appendChild(k);
    }
    if (title) {
      var h = doc.createElement('span');
      h.className = 'preview-title';
      h.textContent = title;
      t.appendChild(h);
    }
    if (text) {
      var p = doc.createElement('p');
      p.textContent = text;
      t.appendChild(p);
    }
  }

  function place(a) {
    var t = ensureTip();
    t.hidden = false;
    t.style.left = '0px';
    t.style.top = '0px';
    var r = a.getBoundingClientRect();
    var w = t.offsetWidth;
    var h = t.offsetHeight;
    var viewW = doc.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, viewW - w - 8));
    var below = r.bottom + 6;
    var top = (below + h > window.innerHeight && r.top - h - 6 > 0) ? r.top - h - 6 : below;
    t.style.left = Math.round(left + window.scrollX) + 'px';
    t.style.top = Math.round(top + window.scrollY) + 'px';
  }

  function show(a) {
    if (a.classList.contains('citation-link')) {
      var ref = doc.getElementById('ref-' + a.getAttribute('data-ref'));
      if (!ref) return;
      // The reference without its links back to the text ("↩ a b c").
      var copy = ref.cloneNode(true);
      var back = copy.querySelectorAll('.back-links, .back-link');
      for (var i = 0; i < back.length; i++) {
        if (back[i].parentNode) back[i].parentNode.removeChild(back[i]);
      }
      fillTip('Reference ' + a.getAttribute('data-ref'), '', copy.textContent.replace(/\s+/g, ' ').trim());
      open(a);
      return;
    }
    withPreviews(function (data) {
      var path = sitePath(a, data.base);
      var p = path && data.pages[path];
      if (!p || owner && owner !== a && !a.matches(':hover, :focus')) return;
      fillTip(p[1], p[0], p[2]);
      open(a);
    });
  }

  function open(a) {
    if (owner && owner !== a) owner.removeAttribute('aria-describedby');
    owner = a;
    a.setAttribute('aria-describedby', 'dossier-preview');
    place(a);
  }

  function hide() {
    clearTimeout(showTimer);
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute('aria-describedby');
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  }

  /* Links that get a preview: citations, and links in the page to other pages of the site. */
  function previewable(target) {
    var a = target && target.closest ? target.closest('a[href]') : null;
    if (!a || !(a instanceof HTMLAnchorElement)) return null;
    if (!a.closest('main') || a.closest('nav, .site-header, .preview, .search-results')) return null;
    if (a.classList.contains('heading-anchor')) return null;
    if (a.classList.contains('citation-link')) return a;
    if (a.getAttribute('href').charAt(0) === '#') return null;
    if (a.href.split('#')[0] === location.href.split('#')[0]) return null;
    return a;
  }

  function setUpPreviews() {
    var wantsPreviews = !doc.body.classList.contains('print-page');
    if (!wantsPreviews) return;
    doc.addEventListener('mouseover', function (e) {
      var a = previewable(e.target);
      if (!a) return;
      clearTimeout(hideTimer);
      if (a === owner) return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(a); }, 250);
    });
    doc.addEventListener('mouseout', function (e) {
      var a = previewable(e.target);
      if (!a || (e.relatedTarget && a.contains(e.relatedTarget))) return;
      clearTimeout(showTimer);
      if (a === owner) scheduleHide();
    });
    doc.addEventListener('focusin', function (e) {
      var a = previewable(e.target);
      if (a) { clearTimeout(hideTimer); show(a); } else if (owner) { hide(); }
    });
    doc.addEventListener('focusout', function (e) {
      if (owner && e.target === owner) scheduleHide();
    });
    doc.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && owner) hide();
    });
    window.addEventListener('resize', function () { if (owner) place(owner); });
  }

  /* ---- Search ------------------------------------------------------------------------ */

  var WORD = /[^\p{L}\p{N}]+/u;

  function norm(s) {
    return (s || '').normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase();
  }

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  /* A normalised copy of `text` with, for each of its characters, the index it came from. */
  function normWithMap(text) {
    var out = '';
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var n = norm(text[i]);
      for (var j = 0; j < n.length; j++) { out += n[j]; map.push(i); }
    }
    map.push(text.length);
    return { text: out, map: map };
  }

  function prepare(data) {
    var pages = data.pages.map(function (p) {
      return {
        title: p[0], path: p[1], kind: p[2], aka: p[3], description: p[4],
        nTitle: norm(p[0]), nAka: norm(p[3].join(' · ')), nDescription: norm(p[4])
      };
    });
    var sections = data.sections.map(function (s) {
      return { page: pages[s[0]], heading: s[1], anchor: s[2], text: s[3], nHeading: norm(s[1]), nText: norm(s[3]) };
    });
    return { base: data.base, pages: pages, sections: sections };
  }

  function countMatches(re, text) {
    var m = text.match(re);
    return m ? m.length : 0;
  }

  function search(index, query) {
    var nq = norm(query).trim();
    var tokens = nq.split(WORD).filter(Boolean);
    if (!tokens.length) return [];
    var res = tokens.map(function (t) {
      return {
        prefix: new RegExp('(^|[^\\p{L}\\p{N}])' + escapeRegExp(t), 'u'),
        all: new RegExp('(^|[^\\p{L}\\p{N}])' + escapeRegExp(t), 'gu'),
        exact: new RegExp('(^|[^\\p{L}\\p{N}])' + escapeRegExp(t) + '($|[^\\p{L}\\p{N}])', 'u')
      };
    });
    // Names first: a match in a page's title (the more of the title it covers, the more it
    // counts) or aka names outweighs one in a heading, which outweighs one in the text.
    var pageScores = new Map();
    function pageScore(p) {
      if (pageScores.has(p)) return pageScores.get(p);
      var hits = res.map(function (r) {
        var sc = 0;
        if (r.prefix.test(p.nTitle)) sc += r.exact.test(p.nTitle) ? 25 : 20;
        if (r.prefix.test(p.nAka)) sc += r.exact.test(p.nAka) ? 18 : 15;
        if (r.prefix.test(p.nDescription)) sc += 3;
        return sc;
      });
      var words = p.nTitle.split(WORD).filter(Boolean);
      var covered = words.filter(function (w) {
        return tokens.some(function (t) { return w.indexOf(t) === 0; });
      }).length;
      var named = hits.every(function (h) { return h >= 15; });
      var result = { hits: hits, named: named, bonus: words.length ? 30 * covered / words.length : 0 };
      pageScores.set(p, result);
      return result;
    }
    var byPage = new Map();
    index.sections.forEach(function (s) {
      var p = s.page;
      var ps = pageScore(p);
      var score = ps.bonus;
      var own = 0;
      for (var i = 0; i < res.length; i++) {
        var r = res[i];
        var sc = ps.hits[i];
        if (r.prefix.test(s.nHeading)) { sc += 6; own += 2; }
        var n = countMatches(r.all, s.nText);
        if (n) { sc += 1 + Math.min(n, 5) * 0.3; own += 1; }
        if (!sc) return;
        score += sc;
      }
      if (tokens.length > 1 && s.nText.indexOf(nq) >= 0) { score += 4; own += 1; }
      var entry = byPage.get(p);
      if (!entry) { entry = { page: p, score: 0, sections: [] }; byPage.set(p, entry); }
      entry.sections.push({ section: s, score: score, own: own });
    });
    var results = [];
    byPage.forEach(function (entry) {
      entry.sections.sort(function (a, b) { return b.own - a.own || b.score - a.score; });
      var best = entry.sections[0];
      entry.score = Math.max.apply(null, entry.sections.map(function (x) { return x.score; })) + 0.1 * (entry.sections.length - 1);
      // A page found by its name opens at its top; otherwise at the best heading.
      if (pageScores.get(entry.page).named) {
        var top = entry.sections.filter(function (x) { return !x.section.anchor; })[0];
        if (top) best = top;
      }
      entry.best = best.section;
      entry.others = entry.sections.filter(function (x) { return x !== best && x.own > 0 && x.section.anchor; }).slice(0, 3).map(function (x) { return x.section; });
      results.push(entry);
    });
    results.sort(function (a, b) { return b.score - a.score || a.page.title.localeCompare(b.page.title); });
    return { tokens: tokens, results: results };
  }

  function snippet(text, tokens, length) {
    var n = normWithMap(text);
    var ranges = [];
    tokens.forEach(function (t) {
      var re = new RegExp('(^|[^\\p{L}\\p{N}])(' + escapeRegExp(t) + ')', 'gu');
      var m;
      while ((m = re.exec(n.text))) {
        var start = m.index + m[1].length;
        ranges.push([n.map[start], n.map[start + m[2].length - 1] + 1]);
        if (re.lastIndex === m.index) re.lastIndex++;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var from = 0;
    if (ranges.length && ranges[0][0] > length / 3) {
      from = text.lastIndexOf(' ', ranges[0][0] - length / 3) + 1;
    }
    var to = Math.min(text.length, from + length);
    if (to < text.length) {
      var cut = text.lastIndexOf(' ', to);
      if (cut > from) to = cut;
    }
    var frag = doc.createDocumentFragment();
    if (from > 0) frag.appendChild(doc.createTextNode('… '));
    var at = from;
    ranges.forEach(function (r) {
      if (r[0] < at || r[1] > to) return;
      frag.appendChild(doc.createTextNode(text.slice(at, r[0])));
      var mark = doc.createElement('mark');
      mark.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mark);
      at = r[1];
    });
    frag.appendChild(doc.createTextNode(text.slice(at, to) + (to < text.length ? ' …' : '')));
    return frag;
  }

  function pageUrl(index, page, anchor) {
    var url = new URL((index.base || '') + page.path, location.href).href;
    if (location.protocol === 'file:' && /\/$/.test(url)) url += 'index.html';
    return url + (anchor ? '#' + encodeURIComponent(anchor) : '');
  }

  var KINDS = { article: 'Article', note: 'Background note', person: 'Person', organization: 'Organization', event: 'Event', source: 'Source', section: 'Section' };

  function render(index, query, status, list) {
    var allPages = doc.getElementById('all-pages');
    list.textContent = '';
    if (!query.trim()) {
      status.textContent = '';
      if (allPages) allPages.hidden = false;
      return;
    }
    var found = search(index, query);
    var results = found.results || [];
    if (allPages) allPages.hidden = results.length > 0;
    status.textContent = results.length
      ? results.length + (results.length === 1 ? ' page matches' : ' pages match') + ' “' + query.trim() + '”.'
      : 'No page matches “' + query.trim() + '”. Try fewer or shorter words, or another spelling.';
    results.slice(0, 50).forEach(function (r) {
      var li = doc.createElement('li');
      var head = doc.createElement('p');
      var a = doc.createElement('a');
      a.className = 'result-title';
      a.href = pageUrl(index, r.page, r.best.anchor);
      a.textContent = r.page.title + (r.best.heading ? ' › ' + r.best.heading : '');
      head.appendChild(a);
      var kind = doc.createElement('span');
      kind.className = 'kind-tag';
      kind.textContent = ' ' + (KINDS[r.page.kind] || r.page.kind);
      head.appendChild(kind);
      li.appendChild(head);
      if (r.page.aka.length) {
        var aka = doc.createElement('p');
        aka.className = 'aka';
        aka.textContent = 'Also known as ' + r.page.aka.join(', ');
        li.appendChild(aka);
      }
      var text = doc.createElement('p');
      text.appendChild(snippet(r.best.text || r.page.description, found.tokens, 220));
      li.appendChild(text);
      if (r.others.length) {
        var also = doc.createElement('p');
        also.className = 'also';
        also.appendChild(doc.createTextNode('Also under: '));
        r.others.forEach(function (s, i) {
          if (i) also.appendChild(doc.createTextNode('; '));
          var o = doc.createElement('a');
          o.href = pageUrl(index, r.page, s.anchor);
          o.textContent = s.heading;
          also.appendChild(o);
        });
        li.appendChild(also);
      }
      list.appendChild(li);
    });
  }

  function setUpSearch() {
    var form = doc.getElementById('search-form');
    if (!form) return;
    var input = doc.getElementById('search-q');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    if (!window.dossierSearch) {
      if (doc.readyState !== 'complete') {
        window.addEventListener('load', setUpSearch, { once: true });
      } else {
        status.textContent = 'The search index did not load; every page is listed below.';
      }
      return;
    }
    var index = prepare(window.dossierSearch);
    var timer = 0;
    function run() {
      render(index, input.value, status, list);
      try {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set('q', input.value.trim()); else url.searchParams.delete('q');
        history.replaceState(null, '', url.href);
      } catch (e) { /* file:// pages may refuse; the results are shown anyway */ }
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run(); }
    var header = doc.getElementById('site-search-q');
    if (header && q) header.value = q;
  }

  /* ---- Print ------------------------------------------------------------------------- */

  function setUpPrint() {
    var slot = doc.querySelector('.print-action');
    if (!slot || !window.print) return;
    var b = doc.createElement('button');
    b.type = 'button';
    b.textContent = 'Print or save as PDF';
    b.addEventListener('click', function () { window.print(); });
    slot.appendChild(b);
  }

  /* ---- Light/dark toggle ------------------------------------------------------------- */
  /* The choice is kept in localStorage and read by a line in <head> before the first paint;
     without one, the system's setting. */

  function setUpThemeToggle() {
    var button = doc.querySelector('.theme-toggle');
    if (!button) return;
    var system = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    function current() {
      var chosen = root.getAttribute('data-theme');
      if (chosen === 'light' || chosen === 'dark') return chosen;
      return system && system.matches ? 'dark' : 'light';
    }
    function label() {
      button.setAttribute('aria-pressed', current() === 'dark' ? 'true' : 'false');
    }
    button.addEventListener('click', function () {
      var next = current() === 'dark' ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      try { localStorage.setItem('dossier-theme', next); } catch (e) { /* private mode */ }
      label();
    });
    if (system && system.addEventListener) system.addEventListener('change', label);
    label();
    button.hidden = false;
  }

  /* ---- Paragraph permalinks and contents ---------------------------------------------- */

  function setUpParagraphLinks() {
    var paragraphs = doc.querySelectorAll('.page-content p[id]');
    for (var i = 0; i < paragraphs.length; i++) {
      var p = paragraphs[i];
      var a = doc.createElement('a');
      a.className = 'para-link';
      a.href = '#' + p.id;
      a.textContent = '\u00b6';
      a.setAttribute('aria-label', 'Link to this paragraph');
      p.appendChild(a);
    }
  }

  /* The contents fold on narrow screens; on wide ones they sit open in the margin. */
  function setUpContents() {
    var toc = doc.querySelector('.toc-details');
    if (toc && window.matchMedia && window.matchMedia('(min-width: 68rem)').matches) toc.open = true;
  }

  function start() {
    setUpPreviews();
    setUpSearch();
    setUpPrint();
    setUpThemeToggle();
    setUpParagraphLinks();
    setUpContents();
  }
  // Deferred scripts (the search index among them) have all run by DOMContentLoaded.
  if (doc.readyState === 'complete') start(); else doc.addEventListener('DOMContentLoaded', start);
}());
