"""The story graph of a scenario, drawn as Graphviz DOT or as SVG.

Nodes are grouped by scene. Each is filled by the rung its enter effects move to:
calm green at the bottom of the ladder, amber in the middle, red at the top. Endings
are hexagons outlined in the colour of their kind. Edges carry the choice ids; a
conditional choice is drawn dashed and its id ends in '?'. Every text that comes from
the scenario is escaped, so a scenario file cannot inject markup or script.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..scenario.model import LANGUAGES, Ending, Scenario, Step
from .graph_layout import LAYER_GAP, NODE_WIDTH, Box, Layout, Route, layout_graph

log = logging.getLogger(__name__)

FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
NEUTRAL_FILL = "#ffffff"
NEUTRAL_STROKE = "#8a8f98"
# Fill colours along the ladder: calm green, amber, red.
PALETTE_STOPS = ((0xBF, 0xE6, 0xC3), (0xF7, 0xD3, 0x80), (0xEE, 0x8A, 0x80))
KIND_COLOURS = {
    "kept_integrity": "#2e7d32",
    "turned_back": "#00838f",
    "disciplined": "#b26a00",
    "surrendered_leniency": "#6a3d9a",
    "prosecuted": "#b71c1c",
}
LANE_FILLS = ("#f3f5f8", "#e9edf2")
MAX_LABEL_WIDTH = 158.0


@dataclass(frozen=True)
class GraphNode:
    """A node or ending as drawn: its ids, colours and texts."""

    id: str
    scene: str
    is_ending: bool
    kind: str | None
    rung_id: str | None
    rung_index: int | None
    rung_name: str | None
    caption: str
    tooltip: str
    start: bool


@dataclass(frozen=True)
class GraphEdge:
    """All choices from one step to another, merged into one arrow."""

    source: str
    target: str
    choices: tuple[str, ...]
    conditional: tuple[bool, ...]
    tooltip: str

    @property
    def label(self) -> str:
        return ", ".join(
            choice + ("?" if when else "")
            for choice, when in zip(self.choices, self.conditional, strict=True)
        )

    @property
    def all_conditional(self) -> bool:
        return all(self.conditional)


@dataclass(frozen=True)
class StoryGraph:
    """A scenario's steps and choices, ready to draw."""

    scenario_id: str
    title: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    top_rung: int
    start: str
    rung_names: tuple[str, ...]

    def node(self, node_id: str) -> GraphNode:
        return next(node for node in self.nodes if node.id == node_id)


def build_graph(scenario: Scenario, lang: str = "en") -> StoryGraph:
    """Collect the nodes and merged edges of a scenario in file order."""
    if lang not in LANGUAGES:
        raise ValueError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}")
    steps: list[Step] = [*scenario.nodes.values(), *scenario.endings.values()]
    nodes = tuple(_graph_node(scenario, step, lang) for step in steps)
    edges: dict[tuple[str, str], list] = {}
    for node in scenario.nodes.values():
        for choice in node.choices:
            tip = f"{node.id}/{choice.id}: {choice.text.get(lang)}"
            if choice.when is not None:
                tip += f"\nwhen: {choice.when.source}"
            for effect in choice.effects:
                tip += f"\neffect: {effect.source}"
            edges.setdefault((node.id, choice.go), []).append(
                (choice.id, choice.when is not None, tip)
            )
    merged = tuple(
        GraphEdge(
            source,
            target,
            tuple(c for c, _, _ in group),
            tuple(w for _, w, _ in group),
            "\n\n".join(t for _, _, t in group),
        )
        for (source, target), group in edges.items()
    )
    return StoryGraph(
        scenario_id=scenario.id,
        title=scenario.title.get(lang),
        nodes=nodes,
        edges=merged,
        top_rung=max(rung.index for rung in scenario.ladder.rungs),
        start=scenario.start,
        rung_names=tuple(rung.name.get(lang) for rung in scenario.ladder.rungs),
    )


def _graph_node(scenario: Scenario, step: Step, lang: str) -> GraphNode:
    rung_id = None
    for effect in step.enter:
        if effect.op == "->":
            rung_id = str(effect.value)
    rung = scenario.ladder.get(rung_id) if rung_id else None
    first_line = step.lines[0].text.get(lang) if step.lines else ""
    if isinstance(step, Ending):
        caption = step.kind.replace("_", " ")
        tooltip = f"{step.id} ({caption}): {step.title.get(lang)}"
    else:
        caption = f"→ {rung.name.get(lang)}" if rung else ""
        if not caption and step.time is not None:
            caption = step.time.get(lang)
        tooltip = step.id
    tooltip += f"\nscene: {step.scene}"
    if rung is not None:
        tooltip += f"\nrung: {rung.index} {rung.name.get(lang)}"
    if first_line:
        tooltip += f"\n{first_line}"
    return GraphNode(
        id=step.id,
        scene=step.scene,
        is_ending=isinstance(step, Ending),
        kind=step.kind if isinstance(step, Ending) else None,
        rung_id=rung_id,
        rung_index=rung.index if rung else None,
        rung_name=rung.name.get(lang) if rung else None,
        caption=caption,
        tooltip=tooltip,
        start=step.id == scenario.start,
    )


def layout_story(graph: StoryGraph) -> Layout:
    """Lay out the graph with one lane per scene, starting from the start node."""
    return layout_graph(
        [node.id for node in graph.nodes],
        {node.id: node.scene for node in graph.nodes},
        [(edge.source, edge.target) for edge in graph.edges],
        roots=[graph.start],
    )


# --- Colours ---------------------------------------------------------------------


def rung_fill(index: int | None, top: int) -> str:
    """Return the fill for a rung index: green at 0, amber half way, red at `top`."""
    if index is None:
        return NEUTRAL_FILL
    share = min(1.0, max(0.0, index / top)) if top > 0 else 0.0
    scaled = share * (len(PALETTE_STOPS) - 1)
    low = min(int(scaled), len(PALETTE_STOPS) - 2)
    part = scaled - low
    channels = (
        round(a + (b - a) * part)
        for a, b in zip(PALETTE_STOPS[low], PALETTE_STOPS[low + 1], strict=True)
    )
    return "#" + "".join(f"{value:02x}" for value in channels)


def node_stroke(node: GraphNode) -> str:
    if node.kind is not None:
        return KIND_COLOURS.get(node.kind, NEUTRAL_STROKE)
    return "#1f2933" if node.start else NEUTRAL_STROKE


# --- DOT -------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """Quote a text as a DOT string: backslashes, quotes and newlines escaped."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r", "").replace("\n", "\\n")
    return f'"{text}"'


def to_dot(graph: StoryGraph) -> str:
    """Return the graph as Graphviz DOT, one cluster per scene."""
    out = [
        f"digraph {dot_string(graph.scenario_id)} {{",
        f"  graph [rankdir=LR, label={dot_string(graph.title)}, labelloc=t,"
        ' fontname="WenQuanYi Micro Hei", nodesep=0.25, ranksep=0.9];',
        '  node [shape=box, style="rounded,filled", fontname="WenQuanYi Micro Hei",'
        " fontsize=11];",
        '  edge [fontname="WenQuanYi Micro Hei", fontsize=9, color="#55606e"];',
    ]
    scenes: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        scenes.setdefault(node.scene, []).append(node)
    for scene, members in scenes.items():
        out.append(f"  subgraph {dot_string('cluster_' + scene)} {{")
        out.append(
            f'    label={dot_string(scene)}; style=filled; color="#e9edf2"; '
            'fontcolor="#4a5461";'
        )
        out.extend("    " + _dot_node(graph, node) for node in members)
        out.append("  }")
    for edge in graph.edges:
        attributes = [
            f"label={dot_string(edge.label)}",
            f"tooltip={dot_string(edge.tooltip)}",
        ]
        if edge.all_conditional:
            attributes.append("style=dashed")
        out.append(
            f"  {dot_string(edge.source)} -> {dot_string(edge.target)} "
            f"[{', '.join(attributes)}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node(graph: StoryGraph, node: GraphNode) -> str:
    label = node.id + (f"\n{node.caption}" if node.caption else "")
    attributes = [
        f"label={dot_string(label)}",
        f"tooltip={dot_string(node.tooltip)}",
        f'fillcolor="{rung_fill(node.rung_index, graph.top_rung)}"',
        f'color="{node_stroke(node)}"',
    ]
    if node.is_ending:
        attributes += ["shape=hexagon", 'style="filled,bold"', "penwidth=2"]
    elif node.start:
        attributes.append("penwidth=2.5")
    return f"{dot_string(node.id)} [{', '.join(attributes)}];"


# --- SVG -------------------------------------------------------------------------

SVG_STYLE = """
.lane-label { font-size: 13px; font-weight: bold; fill: #5b6572; }
.node text { font-size: 11px; fill: #1f2933; pointer-events: none; }
.node .node-id { font-size: 12px; font-weight: bold; }
.edge path { fill: none; stroke: #6b7684; stroke-width: 1.3; }
.edge.conditional path { stroke-dasharray: 5 3; }
.edge.back path { stroke: #5b7fb5; }
.edge text { font-size: 10px; fill: #39424e; }
.edge .halo { stroke: #ffffff; stroke-width: 3; opacity: 0.85; }
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
    legend_height = 64.0
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
    out = _svg_lanes(layout, width)
    out.append('<g class="edges">')
    out.extend(_svg_edge(edge, route) for edge, route in _pair_routes(graph, layout))
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


def _svg_lanes(layout: Layout, width: float) -> list[str]:
    out = ['<g class="lanes">']
    repeat = 8  # a lane label every this many layers, so it stays in view when panning
    step = NODE_WIDTH + LAYER_GAP
    for index, lane in enumerate(layout.lanes):
        fill = LANE_FILLS[index % len(LANE_FILLS)]
        out.append(
            f'<rect x="0" y="{lane.y:.1f}" width="{width:.1f}" '
            f'height="{lane.height:.1f}" fill="{fill}"/>'
        )
        for layer in range(0, max(1, layout.layer_count), repeat):
            x = 6 + layer * step
            out.append(
                f'<text class="lane-label" x="{x:.1f}" y="{lane.y + 15:.1f}">'
                f"{escape(lane.name)}</text>"
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
    path, label_x, label_y = _edge_path(route)
    marker = "arrow-back" if route.back else "arrow"
    label = escape(fit_text(edge.label, LAYER_GAP - 8, 10.0))
    return (
        f'<g class="{" ".join(classes)}" data-source={quoteattr(edge.source)} '
        f"data-target={quoteattr(edge.target)}>"
        f"<title>{escape(edge.tooltip)}</title>"
        f'<path d="{path}" marker-end="url(#{marker})"/>'
        f'<text class="halo" x="{label_x:.1f}" y="{label_y:.1f}" '
        f'text-anchor="middle">{label}</text>'
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle">{label}</text>'
        "</g>"
    )


def _edge_path(route: Route) -> tuple[str, float, float]:
    """Return an SVG path through the route's points and where its label goes."""
    points = route.points
    if route.back:
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


LEGEND_NOTE = 'dashed arrow, "id?": conditional choice; blue arrow: goes back'


def legend_width(graph: StoryGraph) -> float:
    """Return the width of the wider of the legend's two rows."""
    rungs = sum(
        26 + text_width(f"{i} {name}") for i, name in enumerate(graph.rung_names)
    )
    kinds = sum(36 + text_width("ending: " + kind) for kind in KIND_COLOURS)
    return max(rungs, kinds + text_width(LEGEND_NOTE))


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
        label = "ending: " + kind.replace("_", " ")
        out.append(f'<text x="{x + 24:.1f}" y="35">{escape(label)}</text>')
        x += 36 + text_width(label)
    out.append(f'<text x="{x:.1f}" y="35">{escape(LEGEND_NOTE)}</text>')
    out.append("</g>")
    return "".join(out)
