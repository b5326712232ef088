/* timeline.js — the timeline's filters, loaded by the timeline page only. The page lists every
   event without JavaScript; this shows the filter chips (who, tag, kind of page), hides the
   events no chosen filter selects and keeps the choice in the address (`?actor=…&tag=…`), so
   a filtered view can be shared and entity pages can link to "their" timeline. Chips of one
   filter are alternatives (any of them); the filters together narrow (all of them). */
(function () {
  'use strict';
  var FILTERS = ['actor', 'tag', 'kind'];

  function chosenFrom(search) {
    var params = new URLSearchParams(search);
    var chosen = {};
    FILTERS.forEach(function (f) { chosen[f] = params.getAll(f).filter(Boolean); });
    return chosen;
  }

  function selects(li, chosen) {
    return FILTERS.every(function (f) {
      if (chosen[f].length === 0) return true;
      var keys = (li.getAttribute('data-' + f) || '').split(' ');
      return chosen[f].some(function (k) { return keys.indexOf(k) >= 0; });
    });
  }

  function addressOf(chosen) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (f) { chosen[f].forEach(function (k) { params.append(f, k); }); });
    var query = params.toString();
    return location.pathname + (query ? '?' + query : '') + location.hash;
  }

  function apply(box, chosen) {
    var events = document.querySelectorAll('.timeline-event');
    var shown = 0;
    events.forEach(function (li) {
      var on = selects(li, chosen);
      li.hidden = !on;
      if (on) shown += 1;
    });
    /* A month or year with nothing left to show goes too, heading and all. */
    document.querySelectorAll('.timeline').forEach(function (ol) {
      var empty = !ol.querySelector('.timeline-event:not([hidden])');
      ol.hidden = empty;
      var heading = ol.previousElementSibling;
      if (heading && heading.classList.contains('timeline-month')) heading.hidden = empty;
    });
    document.querySelectorAll('.timeline-year').forEach(function (section) {
      section.hidden = !section.querySelector('.timeline-event:not([hidden])');
      var link = document.querySelector('.year-nav a[href="#' + section.id + '"]');
      if (link) link.parentElement.hidden = section.hidden;
    });
    var any = FILTERS.some(function (f) { return chosen[f].length > 0; });
    box.querySelectorAll('.chip').forEach(function (chip) {
      var f = chip.getAttribute('data-filter');
      var on = chosen[f].indexOf(chip.getAttribute('data-key')) >= 0;
      chip.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    box.querySelectorAll('.filter-group').forEach(function (group) {
      var n = chosen[group.getAttribute('data-filter')].length;
      group.querySelector('.filter-picked').textContent = n ? '(' + n + ' chosen)' : '';
      if (n) group.open = true;
    });
    box.querySelector('.filter-status [role="status"]').textContent = any
      ? 'Showing ' + shown + ' of ' + events.length + ' events.'
      : 'Showing all ' + events.length + ' events.';
    box.querySelector('.filter-clear').hidden = !any;
  }

  function start() {
    var box = document.getElementById('timeline-filters');
    if (!box) return;
    var chosen = chosenFrom(location.search);
    box.hidden = false;
    box.addEventListener('click', function (e) {
      var chip = e.target.closest('.chip');
      if (chip) {
        var f = chip.getAttribute('data-filter');
        var key = chip.getAttribute('data-key');
        var at = chosen[f].indexOf(key);
        if (at >= 0) chosen[f].splice(at, 1); else chosen[f].push(key);
      } else if (e.target.closest('.filter-clear')) {
        FILTERS.forEach(function (f) { chosen[f] = []; });
      } else {
        return;
      }
      history.replaceState(null, '', addressOf(chosen));
      apply(box, chosen);
    });
    window.addEventListener('popstate', function () {
      chosen = chosenFrom(location.search);
      apply(box, chosen);
    });
    apply(box, chosen);
    /* An event linked by its id shows even when the filters in the address would hide it. */
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.hidden) {
      FILTERS.forEach(function (f) { chosen[f] = []; });
      history.replaceState(null, '', addressOf(chosen));
      apply(box, chosen);
      target.scrollIntoView();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
