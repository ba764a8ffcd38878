"""The story graph as one self-contained HTML page that pans, zooms and searches.

The page loads nothing from outside: the SVG, the style and the script are inline,
and a Content-Security-Policy forbids every other source. The script reads scenario
texts only through attributes and `textContent`, never as markup. Its few words
(match counts) come from `data-` attributes, so the page follows the graph's language.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .graph import FONT_FAMILY, StoryGraph, layout_story
from .graph_layout import Layout
from .graph_svg import (
    ARROW_DEFS,
    LEGEND_HEIGHT,
    SVG_STYLE,
    legend_group,
    legend_width,
    svg_body,
)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:"
)

PAGE_STYLE = """
html, body { margin: 0; height: 100%; font-family: FONTS; color: #1f2933; }
body { display: flex; flex-direction: column; }
header { display: flex; gap: 14px; align-items: center; padding: 8px 14px;
  border-bottom: 1px solid #d5dae1; background: #fbfcfd; flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0; }
header input { font-size: 14px; padding: 4px 8px; width: 220px; }
header button { font-size: 13px; padding: 4px 10px; }
#status { font-size: 13px; color: #4a5461; min-width: 9em; }
#legend { height: LEGENDpx; width: 100%; }
#canvas { flex: 1; width: 100%; cursor: grab; background: #ffffff; }
#canvas.dragging { cursor: grabbing; }
#canvas [data-goto] { cursor: pointer; }
#info { font-size: 13px; padding: 6px 14px; border-top: 1px solid #d5dae1;
  min-height: 1.4em; white-space: pre-wrap; background: #fbfcfd; }
"""

# The script pans on drag, zooms around the pointer on the wheel, fits the graph on
# load and on "Fit", and highlights the nodes whose id matches the search box. A click
# (a press that hardly moves) on an element with data-goto finds the next id it names.
PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var svg = document.getElementById("canvas");
  var view = document.getElementById("viewport");
  var search = document.getElementById("search");
  var status = document.getElementById("status");
  var info = document.getElementById("info");
  var width = Number(svg.getAttribute("data-width"));
  var height = Number(svg.getAttribute("data-height"));
  var nodes = Array.prototype.slice.call(view.querySelectorAll("g.node"));
  function say(name, n) {
    return status.getAttribute("data-" + name).replace("{n}", String(n));
  }
  var scale = 1, tx = 0, ty = 0, drag = null, hits = [], current = 0;

  function apply() {
    view.setAttribute("transform",
      "translate(" + tx + " " + ty + ") scale(" + scale + ")");
  }
  function fit() {
    var box = svg.getBoundingClientRect();
    scale = Math.min(box.width / width, box.height / height, 1);
    tx = (box.width - width * scale) / 2;
    ty = Math.max(0, (box.height - height * scale) / 2);
    apply();
  }
  function zoomAt(x, y, factor) {
    var next = Math.min(4, Math.max(0.02, scale * factor));
    tx = x - (x - tx) * next / scale;
    ty = y - (y - ty) * next / scale;
    scale = next;
    apply();
  }
  function centreOn(node) {
    var box = svg.getBoundingClientRect();
    var target = node.getBBox();
    scale = Math.max(scale, 0.9);
    tx = box.width / 2 - (target.x + target.width / 2) * scale;
    ty = box.height / 2 - (target.y + target.height / 2) * scale;
    apply();
  }
  function tooltipOf(node) {
    var title = node.querySelector("title");
    return title ? title.textContent : "";
  }
  function find(query) {
    nodes.forEach(function (node) {
      node.classList.remove("hit");
      node.classList.remove("dim");
    });
    hits = [];
    current = 0;
    query = query.trim().toLowerCase();
    if (!query) {
      status.textContent = say("steps", nodes.length);
      return;
    }
    var exact = nodes.filter(function (node) {
      return node.getAttribute("data-id").toLowerCase() === query;
    });
    hits = exact.length ? exact : nodes.filter(function (node) {
      return node.getAttribute("data-id").toLowerCase().indexOf(query) !== -1;
    });
    nodes.forEach(function (node) {
      node.classList.add(hits.indexOf(node) === -1 ? "dim" : "hit");
    });
    status.textContent = hits.length === 1 ? say("one", 1) :
      say("many", hits.length);
    if (hits.length) {
      centreOn(hits[0]);
      info.textContent = tooltipOf(hits[0]);
    }
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = svg.getBoundingClientRect();
    zoomAt(event.clientX - box.left, event.clientY - box.top,
      Math.exp(-event.deltaY * 0.0015));
  }, { passive: false });
  function follow(link) {
    var ids = link.getAttribute("data-goto").split(" ");
    var next = Number(link.getAttribute("data-next") || 0) % ids.length;
    link.setAttribute("data-next", String(next + 1));
    search.value = ids[next];
    find(ids[next]);
  }

  svg.addEventListener("pointerdown", function (event) {
    var link = event.target.closest ? event.target.closest("[data-goto]") : null;
    drag = { x: event.clientX, y: event.clientY, tx: tx, ty: ty, link: link };
    svg.setPointerCapture(event.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    tx = drag.tx + event.clientX - drag.x;
    ty = drag.ty + event.clientY - drag.y;
    apply();
  });
  function endDrag() { drag = null; svg.classList.remove("dragging"); }
  svg.addEventListener("pointerup", function (event) {
    var link = drag && drag.link;
    var moved = drag ? Math.abs(event.clientX - drag.x) +
      Math.abs(event.clientY - drag.y) : 0;
    endDrag();
    if (link && moved < 5) { follow(link); }
  });
  svg.addEventListener("pointercancel", endDrag);
  view.addEventListener("mouseover", function (event) {
    var node = event.target.closest ? event.target.closest("g.node") : null;
    if (node) { info.textContent = tooltipOf(node); }
  });
  search.addEventListener("input", function () { find(search.value); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && hits.length) {
      current = (current + 1) % hits.length;
      centreOn(hits[current]);
      info.textContent = tooltipOf(hits[current]);
    } else if (event.key === "Escape") {
      search.value = "";
      find("");
    }
  });
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("zoom-in").addEventListener("click", function () {
    var box = svg.getBoundingClientRect();
    zoomAt(box.width / 2, box.height / 2, 1.25);
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    var box = svg.getBoundingClientRect();
    zoomAt(box.width / 2, box.height / 2, 0.8);
  });
  window.addEventListener("resize", function () {
    if (hits.length) { centreOn(hits[current]); } else { fit(); }
  });

  fit();
  var requested = decodeURIComponent(window.location.hash.slice(1));
  if (requested) { search.value = requested; }
  find(search.value);
})();
"""


def to_html(graph: StoryGraph, layout: Layout | None = None) -> str:
    """Return the graph as a self-contained HTML page.

    Open `page.html#NODE_ID` to start with that node found and centred.
    """
    layout = layout or layout_story(graph)
    title = f"{graph.title} ({graph.scenario_id})"
    width = max(layout.width, legend_width(graph) + 32)
    words = graph.words()
    style = PAGE_STYLE.replace("FONTS", FONT_FAMILY)
    style = style.replace("LEGEND", f"{LEGEND_HEIGHT - 10:.0f}")
    search = quoteattr(words["search"])
    return f"""<!DOCTYPE html>
<html lang="{words["html_lang"]}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{style}{SVG_STYLE}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<input id="search" type="search" placeholder={search} aria-label={search}>
<span id="status" data-steps={quoteattr(words["steps"])}
 data-one={quoteattr(words["one_match"])} data-many={quoteattr(words["matches"])}>
</span>
<button id="zoom-in" type="button" aria-label={quoteattr(words["zoom_in"])}>+</button>
<button id="zoom-out" type="button"
 aria-label={quoteattr(words["zoom_out"])}>&#8722;</button>
<button id="fit" type="button">{escape(words["fit"])}</button>
<span>{escape(words["help"])}</span>
<svg id="legend" xmlns="http://www.w3.org/2000/svg">{legend_group(graph)}</svg>
</header>
<svg id="canvas" xmlns="http://www.w3.org/2000/svg" data-width="{width:.0f}"
 data-height="{layout.height:.0f}">
{ARROW_DEFS}
<g id="viewport">
{svg_body(graph, layout)}</g>
</svg>
<div id="info">{escape(words["info"])}</div>
<script>{PAGE_SCRIPT}</script>
</body>
</html>
"""
