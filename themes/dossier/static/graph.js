/* graph.js — the relation graph made explorable, loaded by the graph page after
   neighbourhood.js. Without it the SVG the build draws is the whole view. With it: labels
   keep one size on screen whatever the drawing's scale; mentions start hidden and can
   be shown, kinds of node can be hidden, pointing at or tabbing to a name highlights its
   neighbours and the labels of its relations, and the drawing zooms and pans by wheel,
   pinch, drag, the buttons and the keyboard (arrows, + and −, 0 to fit). */
(function () {
  'use strict';
  var MIN_ZOOM = 0.5;
  var MAX_ZOOM = 8;

  /* The drawing's view box and label sizing, shared with neighbourhood.js (loaded first). */
  var view = window.dossierGraphView;
  var viewBoxOf = view.viewBoxOf;
  var setViewBox = view.setViewBox;
  var scaleOf = view.scaleOf;
  var keepLabelSize = view.keepLabelSize;
  var contentBox = view.contentBox;

  function kindOf(node) {
    if (node.classList.contains('kind-person')) return 'kind-person';
    if (node.classList.contains('kind-organization')) return 'kind-organization';
    return 'kind-other';
  }

  function Explorer(svg, controls) {
    this.svg = svg;
    this.frame = svg.parentElement;
    this.controls = controls;
    this.nodes = Array.prototype.slice.call(svg.querySelectorAll('.node[data-node]'));
    this.edges = Array.prototype.slice.call(svg.querySelectorAll('.edge[data-from]'));
    this.labels = Array.prototype.slice.call(svg.querySelectorAll('.edge-label[data-from]'));
    this.full = viewBoxOf(svg);
    this.vb = viewBoxOf(svg);
  }

  Explorer.prototype.shown = function (what) {
    var box = this.controls.querySelector('[data-graph-show="' + what + '"]');
    return !box || box.checked;
  };

  /* Hides mentions and nodes of unchecked kinds, with their edges and labels. */
  Explorer.prototype.filter = function () {
    var self = this;
    var off = {};
    this.nodes.forEach(function (n) {
      var hide = !self.shown(kindOf(n));
      n.classList.toggle('is-off', hide);
      if (hide) off[n.getAttribute('data-node')] = true;
    });
    var mentions = this.shown('mention');
    this.edges.concat(this.labels).forEach(function (e) {
      var hide = off[e.getAttribute('data-from')] || off[e.getAttribute('data-to')] ||
        (e.classList.contains('mention') && !mentions);
      e.classList.toggle('is-off', !!hide);
    });
    this.svg.classList.toggle('hides-mentions', !mentions);
  };

  /* Highlights node `id`, its neighbours by the edges shown, and those edges and labels. */
  Explorer.prototype.highlight = function (id) {
    var near = {};
    near[id] = true;
    this.edges.concat(this.labels).forEach(function (e) {
      var from = e.getAttribute('data-from');
      var to = e.getAttribute('data-to');
      var on = !e.classList.contains('is-off') && (from === id || to === id);
      e.classList.toggle('is-near', on);
      if (on) { near[from] = true; near[to] = true; }
    });
    this.nodes.forEach(function (n) {
      n.classList.toggle('is-near', !!near[n.getAttribute('data-node')]);
    });
    this.svg.classList.add('is-highlighting');
  };

  Explorer.prototype.unhighlight = function () {
    this.svg.classList.remove('is-highlighting');
  };

  Explorer.prototype.show = function () {
    setViewBox(this.svg, this.vb);
    keepLabelSize(this.svg);
  };

  /* Zooms by `factor` about the point (`px`, `py`) of the drawing, its centre if not given. */
  Explorer.prototype.zoom = function (factor, px, py) {
    var vb = this.vb;
    var zoom = this.full.w / (vb.w / factor);
    if (zoom < MIN_ZOOM || zoom > MAX_ZOOM) return;
    if (px === undefined) { px = vb.x + vb.w / 2; py = vb.y + vb.h / 2; }
    this.vb = {
      x: px - (px - vb.x) / factor,
      y: py - (py - vb.y) / factor,
      w: vb.w / factor,
      h: vb.h / factor
    };
    this.show();
  };

  /* Moves the view by (`dx`, `dy`) screen pixels. */
  Explorer.prototype.pan = function (dx, dy) {
    var s = scaleOf(this.svg, this.vb);
    this.vb.x -= dx / s;
    this.vb.y -= dy / s;
    this.show();
  };

  Explorer.prototype.fit = function () {
    this.vb = { x: this.full.x, y: this.full.y, w: this.full.w, h: this.full.h };
    this.show();
  };

  /* A point of the screen as a point of the drawing. */
  Explorer.prototype.at = function (clientX, clientY) {
    var box = this.svg.getBoundingClientRect();
    var s = scaleOf(this.svg, this.vb);
    var ox = (box.width - this.vb.w * s) / 2;
    var oy = (box.height - this.vb.h * s) / 2;
    return {
      x: this.vb.x + (clientX - box.left - ox) / s,
      y: this.vb.y + (clientY - box.top - oy) / s
    };
  };

  Explorer.prototype.listenForHighlights = function () {
    var self = this;
    function nodeOf(e) { return e.target.closest && e.target.closest('.node[data-node]'); }
    this.svg.addEventListener('pointerover', function (e) {
      var n = nodeOf(e);
      if (n) self.highlight(n.getAttribute('data-node'));
    });
    this.svg.addEventListener('pointerout', function (e) {
      if (nodeOf(e)) self.unhighlight();
    });
    this.svg.addEventListener('focusin', function (e) {
      var n = nodeOf(e);
      if (n) self.highlight(n.getAttribute('data-node'));
    });
    this.svg.addEventListener('focusout', function () { self.unhighlight(); });
  };

  Explorer.prototype.listenForZoom = function () {
    var self = this;
    var pointers = {};
    var dragged = false;
    var pinch = 0;
    this.svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = self.at(e.clientX, e.clientY);
      self.zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });
    /* Dragging starts a pan, not the browser's dragging of a link away. */
    this.svg.addEventListener('dragstart', function (e) { e.preventDefault(); });
    this.svg.addEventListener('pointerdown', function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      dragged = false;
    });
    this.svg.addEventListener('pointermove', function (e) {
      var last = pointers[e.pointerId];
      if (!last) return;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var other = pointers[ids[0] === String(e.pointerId) ? ids[1] : ids[0]];
        var d = Math.hypot(e.clientX - other.x, e.clientY - other.y);
        if (pinch) {
          var mid = self.at((e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
          self.zoom(d / pinch, mid.x, mid.y);
        }
        pinch = d;
        dragged = true;
      } else if (dragged || Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y) > 4) {
        if (!dragged && self.svg.setPointerCapture) self.svg.setPointerCapture(e.pointerId);
        dragged = true;
        self.pan(e.clientX - last.x, e.clientY - last.y);
      } else {
        return;
      }
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    });
    function release(e) {
      delete pointers[e.pointerId];
      pinch = 0;
    }
    this.svg.addEventListener('pointerup', release);
    this.svg.addEventListener('pointercancel', release);
    /* A drag that ends on a name does not follow its link. */
    this.svg.addEventListener('click', function (e) {
      if (dragged) { e.preventDefault(); dragged = false; }
    }, true);
    this.frame.addEventListener('keydown', function (e) {
      var step = 60;
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[e.key]) self.pan(moves[e.key][0], moves[e.key][1]);
      else if (e.key === '+' || e.key === '=') self.zoom(1.25);
      else if (e.key === '-' || e.key === '_') self.zoom(1 / 1.25);
      else if (e.key === '0') self.fit();
      else return;
      e.preventDefault();
    });
    this.controls.addEventListener('click', function (e) {
      var b = e.target.closest('[data-graph-zoom]');
      if (!b) return;
      var how = b.getAttribute('data-graph-zoom');
      if (how === 'in') self.zoom(1.25); else if (how === 'out') self.zoom(1 / 1.25); else self.fit();
    });
  };

  function start() {
    var controls = document.getElementById('graph-controls');
    var svg = document.querySelector('.graph-frame.large svg.relation-graph');
    if (!controls || !svg) return;
    var explorer = new Explorer(svg, controls);
    controls.hidden = false;
    explorer.frame.classList.add('is-live');
    explorer.frame.tabIndex = 0;
    explorer.frame.setAttribute('aria-label', 'Relation graph: arrow keys move it, + and − zoom, 0 fits it');
    svg.classList.add('is-live');
    controls.addEventListener('change', function () { explorer.filter(); });
    explorer.filter();
    explorer.listenForHighlights();
    explorer.listenForZoom();
    explorer.show();
    window.addEventListener('resize', function () { keepLabelSize(svg); });
    window.dossierGraph = explorer;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
