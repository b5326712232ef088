/* dossier.js — progressive enhancement for the default theme: link and citation previews,
   a print button, the theme toggle, paragraph links (the search page's engine is search.js). Without it every link, the search form and printing
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

  /* The previews are in shards: a page's is in the one its path hashes to (FNV-1a of the
     UTF-8 bytes, as search::preview_shard computes it), so a hover loads a few kilobytes. */
  function previewShard(path, shards) {
    var bytes = new TextEncoder().encode(path);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul((h ^ bytes[i]) >>> 0, 0x01000193) >>> 0;
    return h % Math.max(1, shards);
  }
  var previewShards = {};
  window.dossierPreviewShard = function (n, data) { previewShards[n] = data; };

  function withPreview(data, path, callback) {
    var n = previewShard(path, data.shards);
    var shard = previewShards[n];
    if (shard === 'loading') return;
    if (shard) return callback(shard[path]);
    previewShards[n] = 'loading';
    loadScript(siteFile('previews/' + n + '.js'), function () {
      var loaded = previewShards[n];
      if (loaded === 'loading') { delete previewShards[n]; return; }
      if (loaded) callback(loaded[path]);
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
      if (!path) return;
      withPreview(data, path, function (p) {
        if (!p || owner && owner !== a && !a.matches(':hover, :focus')) return;
        fillTip(p[1], p[0], p[2]);
        open(a);
      });
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
    setUpPrint();
    setUpThemeToggle();
    setUpParagraphLinks();
    setUpContents();
  }
  // Deferred scripts (the search index among them) have all run by DOMContentLoaded.
  if (doc.readyState === 'complete') start(); else doc.addEventListener('DOMContentLoaded', start);
}());
