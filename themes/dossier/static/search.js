/* search.js — search as you type, on the search page only (search.html loads it after the
   index): the engine over the sharded index and the results list. Without it the search
   page lists every page, and the header's search form still opens the page with ?q=. The
   shards are .js files calling dossierSearchShard (loaded with a <script> tag), so this also
   works when the site is opened from the file system. */
(function () {
  'use strict';

  var doc = document;

  /* The URL of a file beside this script (the site root), however the site is served. */
  function siteFile(name) {
    var script = doc.currentScript || doc.querySelector('script[src*="search.js"]');
    return script ? script.src.replace(/search\.js([?#].*)?$/, name) : name;
  }

  function loadScript(url, done) {
    var s = doc.createElement('script');
    s.src = url;
    s.onload = function () { done(true); };
    s.onerror = function () { done(false); };
    doc.head.appendChild(s);
  }

  /* ---- Search ------------------------------------------------------------------------ */

  /* search-index.js lists the shards; a query loads the vocabulary shards of its words'
     first two letters, picks the words it means (exact, prefix, near misses), loads their
     postings shards, ranks pages by the precomputed scores, then loads one small file per
     page shown. createSearch() touches no DOM: tests/browser/search_query.mjs runs it in node. */

  var WORD = /[^\p{L}\p{N}]+/u;
  var PREFIX_WORDS = 6;        // a prefix stands for at most its 6 most frequent words
  var NEAR_WORDS = 4;          // and a word of 5+ letters for at most 4 near misses
  var PHRASE_BATCH = 20;       // pages whose text is read first to find a quoted phrase (~70 KB)
  var PHRASE_CANDIDATES = 40;  // and at most at each "Show more results" after (~140 KB)
  var WEIGHT = { exact: 1, prefix: 0.6, near: 0.5, far: 0.35 };

  function norm(s) {
    return (s || '').normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toLowerCase();
  }

  function words(s) {
    return norm(s).split(WORD).filter(Boolean);
  }

  function hex(s) {
    var bytes = new TextEncoder().encode(s);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  function vocabularyKey(word) {
    return Array.from(word).slice(0, 2).join('');
  }

  /* Levenshtein distance, or max + 1 as soon as it must exceed max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  /* Each digit's value by its character code; -1 for any other character. */
  var DIGIT_VALUE = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUE[DIGITS.charCodeAt(d)] = d;

  /* search_terms::encode_postings undone, into `best` (an array over every page): each
     page of the word gets `weight` times its impact (at least 1), where that beats what
     `best` holds; a negative weight only marks the page. Sparse postings: for each page the
     gap since the last (a number), then its impact; dense ("~"): the first page, then a
     character a page, its impact or "." where the word is not. Pages from `limit` on are
     left out. Returns how many pages `best` held nothing for before. At 100,000 pages a
     common word is on most of them: the loops call nothing per page (a call per page, and
     an array of pages decoded first, took ranking twice as long). */
  function addPostings(text, weight, best, limit) {
    var added = 0;
    var length = text.length;
    var dense = text.charCodeAt(0) === 126; // "~"
    var i = dense ? 1 : 0;
    var page = -1; // the last page read
    var first = dense;
    while (i < length) {
      var c;
      if (dense && !first) {
        c = text.charCodeAt(i++);
        page++;
        if (c === 46) continue; // "."
      } else {
        // A number (dense: the first page; sparse: the gap since the last): base-32
        // digits, each but the last with 32 added.
        var value = 0;
        while (i < length) {
          c = text.charCodeAt(i++);
          var v = c < 128 ? DIGIT_VALUE[c] : -1;
          value = value * 32 + (v & 31);
          if (v < 32) break;
        }
        if (first) {
          page = value - 1;
          first = false;
          continue;
        }
        page += 1 + value;
        c = i < length ? text.charCodeAt(i++) : 46;
      }
      if (page >= limit) continue;
      var impact = c < 128 ? DIGIT_VALUE[c] : -1;
      var s = weight < 0 ? weight : weight * (impact > 1 ? impact : 1);
      var held = best[page];
      if (!held) { added++; best[page] = s; } else if (held < s) best[page] = s;
    }
    return added;
  }

  /* The query's plain words and its quoted phrases, folded. */
  function parseQuery(query) {
    var phrases = [];
    var rest = query.replace(/["“”]([^"“”]*)["“”]?/g, function (m, inner) {
      var w = words(inner);
      if (w.length) phrases.push(w);
      return ' ';
    });
    return { words: words(rest), phrases: phrases };
  }

  /* Which words of the vocabulary a query word stands for, with their weights. */
  function expand(word, vocabulary, exactOnly) {
    var chosen = [];
    var seen = {};
    function take(entry, weight) { seen[entry[0]] = true; chosen.push({ word: entry[0], shard: entry[1], weight: weight * (entry[3] || 1) / 63 }); }
    (vocabulary || []).forEach(function (e) { if (e[0] === word) take(e, WEIGHT.exact); });
    if (exactOnly) return chosen;
    var letters = Array.from(word).length;
    if (letters >= 2) {
      var prefixed = 0;
      (vocabulary || []).forEach(function (e) {
        if (prefixed < PREFIX_WORDS && !seen[e[0]] && e[0].indexOf(word) === 0) { take(e, WEIGHT.prefix); prefixed++; }
      });
    }
    if (letters >= 5) {
      var max = letters >= 8 ? 2 : 1;
      var near = [];
      (vocabulary || []).forEach(function (e) {
        if (seen[e[0]]) return;
        var dist = distance(word, e[0], max);
        if (dist <= max) near.push({ e: e, dist: dist });
      });
      near.sort(function (a, b) { return a.dist - b.dist || b.e[2] - a.e[2] || (a.e[0] < b.e[0] ? -1 : 1); });
      near.slice(0, NEAR_WORDS).forEach(function (n) { take(n.e, n.dist === 1 ? WEIGHT.near : WEIGHT.far); });
    }
    return chosen;
  }

  /* Whether `needle` (words) occurs in order in `hay` (words). */
  function containsRun(hay, needle) {
    outer: for (var i = 0; i + needle.length <= hay.length; i++) {
      for (var j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }

  /* The texts of a page's search file a phrase may be found in. */
  function pageTexts(page) {
    var texts = [page[0], page[3].join(' · '), page[4]];
    page[5].forEach(function (s) { texts.push(s[0], s[2]); });
    return texts;
  }

  function hasPhrase(page, phrase) {
    return pageTexts(page).some(function (t) { return containsRun(words(t), phrase); });
  }

  /* load(name, done): loads search/<name>.js, then calls done(); the file hands its data to
     receive(name, data) (window.dossierSearchShard in the browser). */
  function createSearch(contents, load) {
    var shards = {};
    var waiting = {};
    var vocabularies = {};
    contents.vocabulary.forEach(function (k) { vocabularies[k] = true; });

    function receive(name, data) { shards[name] = data; }

    function get(name, done) {
      if (name in shards) return done(shards[name]);
      if (waiting[name]) return waiting[name].push(done);
      waiting[name] = [done];
      load(name, function () {
        if (!(name in shards)) shards[name] = null;
        var w = waiting[name];
        delete waiting[name];
        w.forEach(function (f) { f(shards[name]); });
      });
    }

    function getAll(names, done) {
      var unique = names.filter(function (n, i) { return names.indexOf(n) === i; });
      var left = unique.length;
      if (!left) return done();
      unique.forEach(function (n) { get(n, function () { if (--left === 0) done(); }); });
    }

    /* Every page matching the query, best first (their numbers), and the words found. */
    function find(query, kind, done) {
      var parsed = parseQuery(query);
      var needs = parsed.words.map(function (w) { return { word: w, exactOnly: false }; });
      parsed.phrases.forEach(function (p) {
        p.forEach(function (w) { needs.push({ word: w, exactOnly: true }); });
      });
      if (!needs.length) return done({ parsed: parsed, pages: [], words: [] });
      var keys = needs.map(function (n) { return hex(vocabularyKey(n.word)); })
        .filter(function (k) { return vocabularies[k]; });
      getAll(keys.map(function (k) { return 'v/' + k; }), function () {
        needs.forEach(function (n) {
          n.terms = expand(n.word, shards['v/' + hex(vocabularyKey(n.word))], n.exactOnly);
        });
        var kindEntry = kind && contents.kinds.filter(function (k) { return k[0] === kind; })[0];
        var names = [];
        needs.forEach(function (n) { n.terms.forEach(function (t) { names.push('t/' + t.shard); }); });
        if (kindEntry) names.push('t/' + kindEntry[1]);
        getAll(names, function () { done(rank(parsed, needs, kind && (kindEntry || [kind, -1]))); });
      });
    }

    /* Every page holding a word of each need (and of the kind), scored by the sum of each
       need's best word there, best first. A need's scores are kept in an array over every
       page: at 100,000 pages a common word's postings are most of them. */
    function rank(parsed, needs, kindEntry) {
      var found = [];
      needs.forEach(function (n) { n.terms.forEach(function (t) { found.push(t.word); }); });
      // An index that does not say how many pages it has gets arrays that grow.
      var count = contents.pages || 0;
      var limit = count || Infinity;
      function perPage() { return count ? new Float64Array(count) : []; }
      var scores = needs.map(function (n) {
        var best = perPage();
        var size = 0;
        n.terms.forEach(function (t) {
          var list = (shards['t/' + t.shard] || {})[t.word];
          if (list) size += addPostings(list, t.weight, best, limit);
        });
        return { best: best, size: size };
      });
      if (kindEntry) {
        // The kind adds nothing to a score; a page outside it is left out.
        var ofKind = perPage();
        var list = (shards['t/' + kindEntry[1]] || {})['kind:' + kindEntry[0]] || '';
        scores.push({ best: ofKind, size: addPostings(list, -1, ofKind, limit) });
      }
      // Summed from the need found on the fewest pages, as floating point adds up.
      scores.sort(function (a, b) { return a.size - b.size; });
      var bests = scores.map(function (s) { return s.best; });
      var hits = scores.length ? scores[0].size : 0;
      var pagesFound = new Int32Array(hits);
      var totals = new Float64Array(hits);
      var n = 0;
      // Best score first, then by page: pages of one score are met in page order, and
      // there are far fewer scores than pages, so each score's pages get a run of places.
      var places = new Map();
      if (bests.length) {
        var first = bests[0];
        for (var page = 0; page < first.length; page++) {
          if (!first[page]) continue;
          var total = 0;
          for (var i = 0; i < bests.length; i++) {
            var v = bests[i][page];
            if (!v) break;
            if (v > 0) total += v;
          }
          if (i < bests.length) continue;
          pagesFound[n] = page;
          totals[n++] = total;
          places.set(total, (places.get(total) || 0) + 1);
        }
      }
      var next = 0;
      Array.from(places.keys()).sort(function (a, b) { return b - a; }).forEach(function (score) {
        var pagesOfScore = places.get(score);
        places.set(score, next);
        next += pagesOfScore;
      });
      var pages = new Array(n);
      for (var k = 0; k < n; k++) {
        var place = places.get(totals[k]);
        places.set(totals[k], place + 1);
        pages[place] = pagesFound[k];
      }
      return { parsed: parsed, pages: pages, words: found, needs: needs };
    }

    /* The search files of pages `numbers`, in order (null for one that did not load);
       inOrder(i, file), when given, is called for each as soon as it and those before it
       have come in, before done. */
    function pagesOf(numbers, done, inOrder) {
      var names = numbers.map(function (n) { return 'p/' + n; });
      var left = names.length;
      if (!left) return done([]);
      var came = [];
      var next = 0;
      names.forEach(function (n, i) {
        get(n, function (file) {
          came[i] = file;
          for (; inOrder && next < names.length && next in came; next++) inOrder(next, came[next]);
          if (--left === 0) done(names.map(function (m) { return shards[m]; }));
        });
      });
    }

    /* find(), then the phrases checked in the text of the first PHRASE_BATCH candidates,
       best first (every candidate with everyCandidate); calls done(result) with
       result.pages, the pages found so far, and result.capped, whether candidates are left
       unread (more() reads on). found(result, file), when given, is called as each page
       is found, in order, before done. */
    function search(query, kind, done, everyCandidate, found) {
      find(query, kind, function (result) {
        if (!result.parsed.phrases.length) return done(result);
        result.unread = result.pages;
        result.pages = [];
        if (everyCandidate) return more(result, Infinity, Infinity, done);
        more(result, PHRASE_BATCH, PHRASE_BATCH, done, found);
      });
    }

    /* Reads the text of result's unread candidates, PHRASE_BATCH at a time, until
       result.pages holds `want` pages or `budget` were read; then calls done(result). A
       result without phrases is done at once. A candidate is checked as soon as its file
       and those of the candidates above it have come in; found(result, file) is called
       for each page found. */
    function more(result, want, budget, done, found) {
      (function step() {
        var unread = result.unread || [];
        if (result.pages.length >= want || !unread.length || budget <= 0) {
          result.capped = unread.length > 0;
          return done(result);
        }
        var batch = unread.slice(0, Math.min(PHRASE_BATCH, budget));
        result.unread = unread.slice(batch.length);
        budget -= batch.length;
        pagesOf(batch, step, function (i, file) {
          if (file && result.parsed.phrases.every(function (p) { return hasPhrase(file, p); })) {
            result.pages.push(batch[i]);
            if (found) found(result, file);
          }
        });
      })();
    }

    return { receive: receive, search: search, more: more, pagesOf: pagesOf };
  }
  window.dossierSearchEngine = { create: createSearch, norm: norm, words: words, opensAt: function (f, r) { return bestSections(f, r).best; } };

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

  /* A regular expression matching any of `found` as a whole word, or one that never does. */
  function wordsRegExp(found, flags) {
    if (!found.length) return /$^/;
    return new RegExp('(^|[^\\p{L}\\p{N}])(' + found.map(escapeRegExp).join('|') + ')(?![\\p{L}\\p{N}])', flags);
  }

  /* The heading a result opens at: the one whose heading, then text, holds most query words;
     the top of the page when the words are in its name. */
  function bestSections(file, result) {
    var sets = result.needs.map(function (n) { return n.terms.map(function (t) { return t.word; }); });
    function hits(text) {
      var w = words(text);
      return sets.filter(function (set) { return set.some(function (x) { return w.indexOf(x) >= 0; }); }).length;
    }
    var named = sets.length && hits(file[0] + ' ' + file[3].join(' ')) === sets.length;
    var scored = file[5].map(function (s, i) {
      var own = 2 * hits(s[0]) + hits(s[2]);
      result.parsed.phrases.forEach(function (p) { if (containsRun(words(s[0] + ' ' + s[2]), p)) own += 3; });
      return { section: s, own: own, i: i };
    });
    var ranked = scored.slice().sort(function (a, b) { return b.own - a.own || a.i - b.i; });
    var best = ranked[0] || { section: ['', '', file[4]], own: 0 };
    if (named) {
      var top = scored.filter(function (x) { return !x.section[1]; })[0];
      if (top) best = top;
    }
    var others = ranked.filter(function (x) { return x !== best && x.own > 0 && x.section[1]; }).slice(0, 3);
    return { best: best.section, others: others.map(function (x) { return x.section; }) };
  }

  function snippet(text, found, length) {
    var n = normWithMap(text);
    var ranges = [];
    var re = wordsRegExp(found, 'gu');
    var m;
    while ((m = re.exec(n.text))) {
      var start = m.index + m[1].length;
      ranges.push([n.map[start], n.map[start + m[2].length - 1] + 1]);
      if (re.lastIndex === m.index) re.lastIndex++;
    }
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

  function pageUrl(base, path, anchor) {
    var url = new URL((base || '') + path, location.href).href;
    if (location.protocol === 'file:' && /\/$/.test(url)) url += 'index.html';
    return url + (anchor ? '#' + encodeURIComponent(anchor) : '');
  }

  var KINDS = { article: 'Article', note: 'Background note', person: 'Person', organization: 'Organization', event: 'Event', source: 'Source', section: 'Section', page: 'Page' };
  var SHOWN = 20;

  function resultItem(base, file, result) {
    var at = bestSections(file, result);
    var li = doc.createElement('li');
    var head = doc.createElement('p');
    var a = doc.createElement('a');
    a.className = 'result-title';
    a.href = pageUrl(base, file[1], at.best[1]);
    a.textContent = file[0] + (at.best[0] ? ' › ' + at.best[0] : '');
    head.appendChild(a);
    var kind = doc.createElement('span');
    kind.className = 'kind-tag';
    kind.textContent = ' ' + (KINDS[file[2]] || file[2]);
    head.appendChild(kind);
    li.appendChild(head);
    if (file[3].length) {
      var aka = doc.createElement('p');
      aka.className = 'aka';
      aka.textContent = 'Also known as ' + file[3].join(', ');
      li.appendChild(aka);
    }
    var text = doc.createElement('p');
    text.appendChild(snippet(at.best[2] || file[4], result.words, 220));
    li.appendChild(text);
    if (at.others.length) {
      var also = doc.createElement('p');
      also.className = 'also';
      also.appendChild(doc.createTextNode('Also under: '));
      at.others.forEach(function (s, i) {
        if (i) also.appendChild(doc.createTextNode('; '));
        var o = doc.createElement('a');
        o.href = pageUrl(base, file[1], s[1]);
        o.textContent = s[0];
        also.appendChild(o);
      });
      li.appendChild(also);
    }
    return li;
  }

  /* Lists results from..from+SHOWN, with a button for the next ones; past the first, a
     phrase's candidates are read on as far as that needs (the first are what search()
     read). shown(result) then says how many there are. */
  function showResults(engine, base, result, list, from, isCurrent, shown) {
    engine.more(result, from ? from + SHOWN : 0, PHRASE_CANDIDATES, function () {
      var slice = result.pages.slice(from, from + SHOWN);
      function dropMore() {
        var more = list.querySelector('.more-results');
        if (more) more.parentNode.removeChild(more);
      }
      engine.pagesOf(slice, function () {
        if (!isCurrent()) return;
        dropMore();
        shown(result);
        if (from + SHOWN < result.pages.length || result.capped) {
          var li = doc.createElement('li');
          li.className = 'more-results';
          var b = doc.createElement('button');
          b.type = 'button';
          b.textContent = 'Show more results';
          b.addEventListener('click', function () { showResults(engine, base, result, list, from + SHOWN, isCurrent, shown); });
          li.appendChild(b);
          list.appendChild(li);
        }
      }, function (i, file) {
        // Each result is listed as soon as it and those above it have come in.
        if (!isCurrent()) return;
        dropMore();
        if (file) list.appendChild(resultItem(base, file, result));
      });
    });
  }

  function setUpKinds(contents, select, wanted) {
    if (!select || contents.kinds.length < 2) return;
    contents.kinds.forEach(function (k) {
      var o = doc.createElement('option');
      o.value = k[0];
      o.textContent = (KINDS[k[0]] || k[0]) + ' (' + k[2] + ')';
      select.appendChild(o);
    });
    select.value = wanted || '';
    select.closest('.search-kind').hidden = false;
  }

  function setUpSearch() {
    var form = doc.getElementById('search-form');
    if (!form) return;
    var input = doc.getElementById('search-q');
    var kindSelect = doc.getElementById('search-kind');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var contents = window.dossierSearch;
    if (!contents || !contents.vocabulary) {
      if (doc.readyState !== 'complete') {
        window.addEventListener('load', setUpSearch, { once: true });
      } else {
        status.textContent = 'The search index did not load; every page is listed below.';
      }
      return;
    }
    var engine = createSearch(contents, function (name, done) {
      loadScript(siteFile((contents.dir || '') + 'search/' + name + '.js'), done);
    });
    window.dossierSearchShard = engine.receive;
    var params = new URLSearchParams(location.search);
    setUpKinds(contents, kindSelect, params.get('kind'));
    var timer = 0;
    var latest = 0;
    function run() {
      var query = input.value.trim();
      var kind = kindSelect ? kindSelect.value : '';
      var allPages = doc.getElementById('all-pages');
      var asked = ++latest;
      try {
        var url = new URL(location.href);
        if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
        if (kind) url.searchParams.set('kind', kind); else url.searchParams.delete('kind');
        history.replaceState(null, '', url.href);
      } catch (e) { /* file:// pages may refuse; the results are shown anyway */ }
      if (!query) {
        list.textContent = '';
        status.textContent = '';
        if (allPages) allPages.hidden = false;
        return;
      }
      var early = 0;
      engine.search(query, kind, function (result) {
        if (asked !== latest) return;
        list.textContent = '';
        // A phrase's count grows as more of its candidates are read.
        function shown() {
          var n = result.pages.length;
          if (allPages) allPages.hidden = n > 0;
          status.textContent = n
            ? (result.capped ? 'At least ' : '') + n + (n === 1 ? ' page matches' : ' pages match') + ' “' + query + '”.'
            : (result.capped ? 'No page matches “' + query + '” among the pages read so far.'
              : 'No page matches “' + query + '”. Try fewer or shorter words, or another spelling.');
        }
        showResults(engine, contents.base, result, list, 0, function () { return asked === latest; }, shown);
      }, false, function (result, file) {
        // A phrase's pages are listed as they are found; once all its first candidates are
        // read, showResults lists them again, with the count and "Show more".
        if (asked !== latest) return;
        if (!early) list.textContent = '';
        if (early++ < SHOWN) list.appendChild(resultItem(contents.base, file, result));
      });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    if (kindSelect) kindSelect.addEventListener('change', run);
    var q = params.get('q');
    if (q) { input.value = q; run(); }
    var header = doc.getElementById('site-search-q');
    if (header && q) header.value = q;
  }

  // Deferred scripts (the search index among them) have all run by DOMContentLoaded.
  if (doc.readyState === 'complete') setUpSearch(); else doc.addEventListener('DOMContentLoaded', setUpSearch);
}());
