"""The story graph of a scenario: its model, its layout and the Graphviz DOT form.

`graph_svg` draws it as SVG and `graph_html` as a page. Nodes are grouped by scene.
Each is filled by the rung its enter effects move to: calm green at the bottom of the
ladder, amber in the middle, red at the top. Endings are hexagons outlined in the
colour of their kind. Edges carry the choice ids; a conditional choice is drawn
dashed and its id ends in '?'. Every text that comes from the scenario is escaped, so
a scenario file cannot inject markup or script. The fixed words (ending kinds, set
names, tooltip labels) follow the graph's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..scenario.model import LANGUAGES, Ending, Scenario, Step
from .graph_layout import Layout, layout_graph
from .labels import GRAPH_LABELS, kind_name, scene_name

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
    lang: str = "en"

    def node(self, node_id: str) -> GraphNode:
        return next(node for node in self.nodes if node.id == node_id)

    def words(self) -> dict[str, str]:
        """Return the fixed words of the graph's language."""
        return GRAPH_LABELS[self.lang]


def build_graph(scenario: Scenario, lang: str = "en") -> StoryGraph:
    """Collect the nodes and merged edges of a scenario in file order."""
    if lang not in LANGUAGES:
        raise ValueError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}")
    words = GRAPH_LABELS[lang]
    steps: list[Step] = [*scenario.nodes.values(), *scenario.endings.values()]
    nodes = tuple(_graph_node(scenario, step, lang) for step in steps)
    edges: dict[tuple[str, str], list] = {}
    for node in scenario.nodes.values():
        for choice in node.choices:
            tip = [f"{node.id}/{choice.id}: {choice.text.get(lang)}"]
            if choice.when is not None:
                tip.append(words["when"].format(source=choice.when.source))
            for effect in choice.effects:
                tip.append(words["effect"].format(source=effect.source))
            edges.setdefault((node.id, choice.go), []).append(
                (choice.id, choice.when is not None, "\n".join(tip))
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
        lang=lang,
    )


def _graph_node(scenario: Scenario, step: Step, lang: str) -> GraphNode:
    rung_id = None
    for effect in step.enter:
        if effect.op == "->":
            rung_id = str(effect.value)
    rung = scenario.ladder.get(rung_id) if rung_id else None
    words = GRAPH_LABELS[lang]
    first_line = step.lines[0].text.get(lang) if step.lines else ""
    if isinstance(step, Ending):
        caption = kind_name(step.kind, lang)
        tooltip = [f"{step.id} ({caption}): {step.title.get(lang)}"]
    else:
        caption = f"→ {rung.name.get(lang)}" if rung else ""
        if not caption and step.time is not None:
            caption = step.time.get(lang)
        tooltip = [step.id]
    tooltip.append(words["scene"].format(scene=lane_name(step.scene, lang)))
    if rung is not None:
        tooltip.append(words["rung"].format(index=rung.index, name=rung.name.get(lang)))
    if first_line:
        tooltip.append(first_line)
    return GraphNode(
        id=step.id,
        scene=step.scene,
        is_ending=isinstance(step, Ending),
        kind=step.kind if isinstance(step, Ending) else None,
        rung_id=rung_id,
        rung_index=rung.index if rung else None,
        rung_name=rung.name.get(lang) if rung else None,
        caption=caption,
        tooltip="\n".join(tooltip),
        start=step.id == scenario.start,
    )


def lane_name(scene: str, lang: str) -> str:
    """Return a scene's lane label: the set's name and the scene id."""
    name = scene_name(scene, lang)
    return scene if name == scene else f"{name} ({scene})"


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
            f"    label={dot_string(lane_name(scene, graph.lang))}; style=filled; "
            'color="#e9edf2"; '
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
