"""The story graph as a standalone SVG picture, with a legend on top.

Long arrows end in a tag that names their target (see `graph_layout`). A tag and an
arrival tag carry the ids to go to in `data-goto`, which the HTML page follows on a
click. Every scenario text is escaped.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .graph import (
    FONT_FAMILY,
    KIND_COLOURS,
    GraphEdge,
    GraphNode,
    StoryGraph,
    lane_name,
    layout_story,
    node_stroke,
    rung_fill,
)
from .graph_layout import LAYER_GAP, NODE_WIDTH, Arrival, Box, Layout, Route
from .labels import kind_name

LANE_FILLS = ("#f3f5f8", "#e9edf2")
MAX_LABEL_WIDTH = 158.0
ARRIVALS_LISTED = 20  # sources named in an arrival tag's tooltip
LEGEND_HEIGHT = 80.0  # three rows: rungs, ending kinds, arrows

SVG_STYLE = """
.lane-label { font-size: 13px; font-weight: bold; fill: #5b6572; }
.node text { font-size: 11px; fill: #1f2933; pointer-events: none; }
.node .node-id { font-size: 12px; font-weight: bold; }
.edge path { fill: none; stroke: #6b7684; stroke-width: 1.3; }
.edge.conditional path { stroke-dasharray: 5 3; }
.edge.back path { stroke: #5b7fb5; }
.edge text { font-size: 10px; fill: #39424e; }
.edge .halo { stroke: #ffffff; stroke-width: 3; opacity: 0.85; }
.edge .tag rect, .arrival rect { fill: #ffffff; stroke: #6b7684; stroke-width: 1.2;
  stroke-dasharray: none; }
.edge.back .tag rect { stroke: #5b7fb5; }
.edge .tag text, .arrival text { font-size: 11px; fill: #1f2933; }
.arrival path { fill: none; stroke: #6b7684; stroke-width: 1.3; }
.legend text { font-size: 11px; fill: #1f2933; }
.node.hit rect, .node.hit polygon { stroke: #0b5fff; stroke-width: 4; }
.node.dim { opacity: 0.35; }
"""


def text_width(text: str, size: float = 11.0) -> float:
    """Estimate the drawn width of `text`: wide (CJK) characters count as one em."""
    width = 0.0
    for char in text:
        width += size if "\u2e80" <= char <= "\uffef" else size * 0.58
    return width


def fit_text(text: str, limit: float = MAX_LABEL_WIDTH, size: float = 11.0) -> str:
    """Shorten `text` with an ellipsis so that it fits `limit` pixels."""
    if text_width(text, size) <= limit:
        return text
    while text and text_width(text + "…", size) > limit:
        text = text[:-1]
    return text + "…"


def to_svg(graph: StoryGraph, layout: Layout | None = None) -> str:
    """Return a standalone SVG document of the graph with a legend on top."""
    layout = layout or layout_story(graph)
    legend_height = LEGEND_HEIGHT
    width = max(layout.width, legend_width(graph) + 32)
    height = layout.height + legend_height
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" font-family="{FONT_FAMILY}" class="story-graph">\n'
        f"<title>{escape(graph.title)} ({escape(graph.scenario_id)})</title>\n"
        f"<style>{SVG_STYLE}</style>\n{ARROW_DEFS}\n"
        f'<g transform="translate(0 {legend_height:.0f})">\n'
        f"{svg_body(graph, layout)}</g>\n{legend_group(graph)}\n</svg>\n"
    )


def svg_body(graph: StoryGraph, layout: Layout) -> str:
    """Return the lanes, edges and nodes as SVG groups in layout coordinates."""
    width = max(layout.width, legend_width(graph) + 32)
    out = _svg_lanes(graph, layout, width)
    out.append('<g class="edges">')
    out.extend(_svg_edge(edge, route) for edge, route in _pair_routes(graph, layout))
    out.extend(
        _svg_arrival(graph, arrival, layout.boxes[arrival.target])
        for arrival in layout.arrivals
    )
    out.append('</g>\n<g class="nodes">')
    out.extend(_svg_node(graph, node, layout.boxes[node.id]) for node in graph.nodes)
    out.append("</g>")
    return "\n".join(out) + "\n"


ARROW_DEFS = (
    "<defs>"
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto-start-reverse">'
    '<path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7684"/></marker>'
    '<marker id="arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto-start-reverse">'
    '<path d="M 0 0 L 10 5 L 0 10 z" fill="#5b7fb5"/></marker>'
    "</defs>"
)


def _svg_lanes(graph: StoryGraph, layout: Layout, width: float) -> list[str]:
    out = ['<g class="lanes">']
    repeat = 8  # a lane label every this many layers, so it stays in view when panning
    step = NODE_WIDTH + LAYER_GAP
    for index, lane in enumerate(layout.lanes):
        name = escape(lane_name(lane.name, graph.lang))
        fill = LANE_FILLS[index % len(LANE_FILLS)]
        out.append(
            f'<rect x="0" y="{lane.y:.1f}" width="{width:.1f}" '
            f'height="{lane.height:.1f}" fill="{fill}"/>'
        )
        for layer in range(0, max(1, layout.layer_count), repeat):
            x = 6 + layer * step
            out.append(
                f'<text class="lane-label" x="{x:.1f}" y="{lane.y + 15:.1f}">'
                f"{name}</text>"
            )
    out.append("</g>")
    return out


def _pair_routes(graph: StoryGraph, layout: Layout) -> list[tuple[GraphEdge, Route]]:
    routes = {(route.source, route.target): route for route in layout.routes}
    return [(edge, routes[(edge.source, edge.target)]) for edge in graph.edges]


def _svg_edge(edge: GraphEdge, route: Route) -> str:
    classes = ["edge"]
    if edge.all_conditional:
        classes.append("conditional")
    if route.back:
        classes.append("back")
    goto = ""
    if route.tag is not None:
        classes.append("jump")
        goto = f" data-goto={quoteattr(edge.target)}"
    path, label_x, label_y = _edge_path(route)
    marker = "arrow-back" if route.back else "arrow"
    label = escape(fit_text(edge.label, LAYER_GAP - 8, 10.0))
    return (
        f'<g class="{" ".join(classes)}" data-source={quoteattr(edge.source)} '
        f"data-target={quoteattr(edge.target)}{goto}>"
        f"<title>{escape(edge.tooltip)}</title>"
        f'<path d="{path}" marker-end="url(#{marker})"/>'
        f'<text class="halo" x="{label_x:.1f}" y="{label_y:.1f}" '
        f'text-anchor="middle">{label}</text>'
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle">{label}</text>'
        f"{_svg_tag(route)}</g>"
    )


def _svg_tag(route: Route) -> str:
    """Return the tag that names a far target, or "" for an edge drawn in full."""
    if route.tag is None:
        return ""
    text = fit_text(("↩ " if route.back else "→ ") + route.target, NODE_WIDTH - 16)
    return '<g class="tag">' + _pill(route.tag, text, align_right=False) + "</g>"


def _svg_arrival(graph: StoryGraph, arrival: Arrival, end: Box) -> str:
    """Return the arrival tag before a node that far arrows lead to."""
    words = graph.words()
    sources = arrival.sources
    if len(sources) == 1:
        text = words["arrivals_one"].format(source=sources[0])
    else:
        text = words["arrivals_many"].format(count=len(sources))
    listed = ", ".join(sources[:ARRIVALS_LISTED])
    if len(sources) > ARRIVALS_LISTED:
        listed += " " + words["more"].format(count=len(sources) - ARRIVALS_LISTED)
    tip = words["arrivals_tip"].format(
        target=arrival.target, count=len(sources), sources=listed
    )
    box = arrival.box
    x1, y1, x2, y2 = box.x + box.width, box.centre_y, end.x, end.centre_y
    middle = (x1 + x2) / 2
    return (
        f'<g class="arrival" data-target={quoteattr(arrival.target)} '
        f"data-goto={quoteattr(' '.join(sources))}>"
        f"<title>{escape(tip)}</title>"
        f'<path d="M {x1:.1f} {y1:.1f} C {middle:.1f} {y1:.1f} {middle:.1f} '
        f'{y2:.1f} {x2:.1f} {y2:.1f}" marker-end="url(#arrow)"/>'
        f"{_pill(box, fit_text(text, NODE_WIDTH - 16), align_right=True)}</g>"
    )


def _pill(box: Box, text: str, align_right: bool) -> str:
    """Return a rounded box just wide enough for `text`, at one side of `box`."""
    width = min(box.width, text_width(text) + 16)
    x = box.x + box.width - width if align_right else box.x
    return (
        f'<rect x="{x:.1f}" y="{box.y:.1f}" width="{width:.1f}" '
        f'height="{box.height:.1f}" rx="{box.height / 2:.1f}"/>'
        f'<text x="{x + width / 2:.1f}" y="{box.y + box.height / 2 + 4:.1f}" '
        f'text-anchor="middle">{escape(text)}</text>'
    )


def _edge_path(route: Route) -> tuple[str, float, float]:
    """Return an SVG path through the route's points and where its label goes."""
    points = route.points
    if route.back and route.tag is None:
        (x1, y1), (x2, y2) = points
        depth = 26.0 + min(120.0, abs(x1 - x2) * 0.12)
        if (x1, y1) == (x2, y2):
            return (
                f"M {x1 - 20:.1f} {y1:.1f} C {x1 - 30:.1f} {y1 + 34:.1f} "
                f"{x1 + 30:.1f} {y1 + 34:.1f} {x1 + 20:.1f} {y1 + 2:.1f}",
                x1,
                y1 + 34,
            )
        return (
            f"M {x1:.1f} {y1:.1f} C {x1:.1f} {y1 + depth:.1f} {x2:.1f} "
            f"{y2 + depth:.1f} {x2:.1f} {y2 + 2:.1f}",
            (x1 + x2) / 2,
            (y1 + y2) / 2 + depth * 0.75,
        )
    commands = [f"M {points[0][0]:.1f} {points[0][1]:.1f}"]
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        if y1 == y2:
            commands.append(f"L {x2:.1f} {y2:.1f}")
            continue
        middle = (x1 + x2) / 2
        commands.append(
            f"C {middle:.1f} {y1:.1f} {middle:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
        )
    (x1, y1), (x2, y2) = points[0], points[1]
    return " ".join(commands), (x1 + x2) / 2, (y1 + y2) / 2 - 4


def _svg_node(graph: StoryGraph, node: GraphNode, box: Box) -> str:
    fill = rung_fill(node.rung_index, graph.top_rung)
    stroke = node_stroke(node)
    classes = "node ending" if node.is_ending else "node"
    if node.is_ending:
        inset = 12.0
        x, y, w, h = box.x, box.y, box.width, box.height
        corners = [
            (x + inset, y),
            (x + w - inset, y),
            (x + w, y + h / 2),
            (x + w - inset, y + h),
            (x + inset, y + h),
            (x, y + h / 2),
        ]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
        shape = (
            f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" '
            'stroke-width="2.5"/>'
        )
    else:
        width = 2.6 if node.start else 1.2
        shape = (
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
            f'height="{box.height:.1f}" rx="7" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>'
        )
    centre = box.x + box.width / 2
    title = fit_text(("▶ " if node.start else "") + node.id, 150.0, 12.0)
    texts = [
        f'<text class="node-id" x="{centre:.1f}" y="{box.y + 19:.1f}" '
        f'text-anchor="middle">{escape(title)}</text>'
    ]
    if node.caption:
        texts.append(
            f'<text x="{centre:.1f}" y="{box.y + 35:.1f}" text-anchor="middle">'
            f"{escape(fit_text(node.caption, 150.0))}</text>"
        )
    return (
        f'<g class="{classes}" id={quoteattr("node-" + node.id)} '
        f"data-id={quoteattr(node.id)}>"
        f"<title>{escape(node.tooltip)}</title>{shape}{''.join(texts)}</g>"
    )


def _kind_label(graph: StoryGraph, kind: str) -> str:
    return graph.words()["ending"].format(kind=kind_name(kind, graph.lang))


def legend_width(graph: StoryGraph) -> float:
    """Return the width of the widest of the legend's rows."""
    rungs = sum(
        26 + text_width(f"{i} {name}") for i, name in enumerate(graph.rung_names)
    )
    kinds = sum(36 + text_width(_kind_label(graph, kind)) for kind in KIND_COLOURS)
    return max(rungs, kinds, text_width(graph.words()["note"]))


def legend_group(graph: StoryGraph) -> str:
    """Return an SVG group explaining the rung colours, ending kinds and arrows."""
    out = ['<g class="legend" transform="translate(16 6)">']
    x = 0.0
    for index, name in enumerate(graph.rung_names):
        fill = rung_fill(index, graph.top_rung)
        out.append(
            f'<rect x="{x:.1f}" y="0" width="14" height="14" rx="3" fill="{fill}" '
            'stroke="#8a8f98"/>'
        )
        label = f"{index} {name}"
        out.append(f'<text x="{x + 18:.1f}" y="11">{escape(label)}</text>')
        x += 26 + text_width(label)
    x = 0.0
    for kind, colour in KIND_COLOURS.items():
        out.append(
            f'<polygon points="{x + 4:.1f},24 {x + 14:.1f},24 {x + 18:.1f},31 '
            f'{x + 14:.1f},38 {x + 4:.1f},38 {x:.1f},31" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        label = _kind_label(graph, kind)
        out.append(f'<text x="{x + 24:.1f}" y="35">{escape(label)}</text>')
        x += 36 + text_width(label)
    out.append(f'<text x="0" y="59">{escape(graph.words()["note"])}</text>')
    out.append("</g>")
    return "".join(out)
