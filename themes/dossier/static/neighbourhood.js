/* neighbourhood.js — a page's neighbourhood drawing, loaded by pages that show one (and by
   the graph page, before graph.js, which uses its helpers). Without it the SVG the build
   draws is the whole view. With it the labels keep one size on screen whatever the drawing's
   scale, and the frame is fitted to them, so none is cut. */
(function () {
  'use strict';

  function viewBoxOf(svg) {
    var v = svg.getAttribute('viewBox').split(/[\s,]+/).map(Number);
    return { x: v[0], y: v[1], w: v[2], h: v[3] };
  }

  function setViewBox(svg, vb) {
    svg.setAttribute('viewBox', [vb.x, vb.y, vb.w, vb.h].map(function (n) {
      return Math.round(n * 10) / 10;
    }).join(' '));
  }

  /* Screen pixels per drawing unit (the SVG keeps its aspect ratio: the smaller scale wins). */
  function scaleOf(svg, vb) {
    var box = svg.getBoundingClientRect();
    if (!box.width || !box.height) return 1;
    return Math.min(box.width / vb.w, box.height / vb.h);
  }

  function keepLabelSize(svg) {
    svg.style.setProperty('--graph-scale', String(scaleOf(svg, viewBoxOf(svg))));
  }

  /* The box around everything drawn, labels at their current size, with a margin. */
  function contentBox(svg) {
    var b = svg.getBBox();
    var m = 6;
    return { x: b.x - m, y: b.y - m, w: b.width + 2 * m, h: b.height + 2 * m };
  }

  /* A neighbourhood: labels at screen size, and the box grown to hold them. A few rounds,
     since the box's size changes the labels' size in turn. */
  function fitNeighbourhood(svg) {
    /* Never drawn below 0.8 of its size, so labels at screen size do not swamp the drawing;
       on a phone its frame scrolls sideways instead. */
    if (!svg.dataset.width) svg.dataset.width = String(viewBoxOf(svg).w);
    svg.style.minWidth = Math.round(Number(svg.dataset.width) * 0.8) + 'px';
    for (var i = 0; i < 6; i += 1) {
      keepLabelSize(svg);
      var box = contentBox(svg);
      setViewBox(svg, box);
      svg.setAttribute('width', String(Math.round(box.w)));
      svg.setAttribute('height', String(Math.round(box.h)));
    }
    keepLabelSize(svg);
  }

  window.dossierGraphView = {
    viewBoxOf: viewBoxOf,
    setViewBox: setViewBox,
    scaleOf: scaleOf,
    keepLabelSize: keepLabelSize,
    contentBox: contentBox,
  };

  function start() {
    document.querySelectorAll('svg.relation-graph.neighbourhood').forEach(function (svg) {
      svg.classList.add('is-live');
      fitNeighbourhood(svg);
      window.addEventListener('resize', function () { fitNeighbourhood(svg); });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
