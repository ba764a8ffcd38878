"""Story graph export: the graph model, the layered layout, SVG, DOT and HTML."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from story_factory import big_scenario, chain_scenario

from game.authoring.graph import (
    PALETTE_STOPS,
    build_graph,
    layout_story,
    rung_fill,
    to_dot,
)
from game.authoring.graph_html import to_html
from game.authoring.graph_layout import (
    LAYER_GAP,
    MAX_SPAN,
    NODE_WIDTH,
    find_back_edges,
    layout_graph,
)
from game.authoring.graph_svg import to_svg
from game.authoring.labels import GRAPH_LABELS, KIND_NAMES
from game.cli import main
from game.scenario import load_scenario

DATA = Path(__file__).parent / "data"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def story():
    return load_scenario(DATA / "story_tools.yaml")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(big_scenario(500), encoding="utf-8")
    return load_scenario(path)


def _hex(stop: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in stop)


def test_graph_has_every_step_and_merged_edges(story):
    graph = build_graph(story)
    assert [n.id for n in graph.nodes] == [*story.nodes, *story.endings]
    labels = {(e.source, e.target): e.label for e in graph.edges}
    assert labels[("n01_card", "n01_card")] == "think?"
    assert labels[("n02_dinner", "e_handed_in")] == "hand_in?"
    assert labels[("n01_card", "n02_dinner")] == "take"
    choices = sum(len(n.choices) for n in story.nodes.values())
    assert sum(len(e.choices) for e in graph.edges) == choices


def test_graph_nodes_carry_rung_and_kind(story):
    graph = build_graph(story, "zh")
    dinner = graph.node("n02_dinner")
    assert dinner.rung_id == "reminder_talk"
    assert dinner.rung_index == 1
    assert dinner.caption == "→ 谈话提醒"
    ending = graph.node("e_prosecuted")
    assert ending.is_ending
    assert ending.kind == "prosecuted"
    assert "法院作出判决" in ending.tooltip
    assert graph.node("n01_card").start


def test_rung_fill_runs_green_amber_red():
    assert rung_fill(0, 8) == _hex(PALETTE_STOPS[0])
    assert rung_fill(4, 8) == _hex(PALETTE_STOPS[1])
    assert rung_fill(8, 8) == _hex(PALETTE_STOPS[2])
    assert rung_fill(None, 8) == "#ffffff"
    greens = [int(rung_fill(i, 8)[3:5], 16) for i in range(9)]
    assert greens == sorted(greens, reverse=True)


def test_back_edges_break_every_cycle():
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "d")]
    back = find_back_edges(nodes, edges, ["a"])
    assert back == {("c", "a"), ("d", "d")}


def _has_cycle(nodes, edges) -> bool:
    successors = {node: [t for s, t in edges if s == node] for node in nodes}
    state = dict.fromkeys(nodes, 0)  # 0 new, 1 on the path, 2 done

    def visit(node) -> bool:
        state[node] = 1
        for child in successors[node]:
            if state[child] == 1 or (state[child] == 0 and visit(child)):
                return True
        state[node] = 2
        return False

    return any(state[node] == 0 and visit(node) for node in nodes)


@pytest.mark.parametrize("seed", range(40))
def test_back_edges_are_few_and_on_cycles(seed):
    rng = random.Random(seed)
    nodes = [f"v{i}" for i in range(rng.randint(2, 30))]
    edges = list(
        dict.fromkeys(
            (rng.choice(nodes), rng.choice(nodes)) for _ in range(3 * len(nodes))
        )
    )
    back = find_back_edges(nodes, edges, [nodes[0]])
    rest = [edge for edge in edges if edge not in back]
    assert not _has_cycle(nodes, rest)
    for edge in back:
        # Each back edge closes a cycle with the other edges, so none is set aside
        # in vain.
        assert _has_cycle(nodes, [*rest, edge])


def test_merge_after_long_branch_is_not_back():
    # 'm' is one step from 'a' but three along the long branch: a merge, no cycle.
    nodes = ["a", "b1", "b2", "m"]
    edges = [("a", "m"), ("a", "b1"), ("b1", "b2"), ("b2", "m")]
    layout = layout_graph(nodes, dict.fromkeys(nodes, "x"), edges, ["a"])
    assert not any(route.back for route in layout.routes)
    assert layout.layers["m"] == 3


def test_barycentre_removes_avoidable_crossing():
    # The first walk orders the second layer a, b; then t -> a crosses s -> b.
    nodes = ["s", "t", "a", "b"]
    edges = [("s", "a"), ("s", "b"), ("t", "a")]
    layout = layout_graph(nodes, dict.fromkeys(nodes, "x"), edges, ["s"])
    assert layout.initial_crossings == 1
    assert layout.crossings == 0
    assert layout.boxes["b"].y < layout.boxes["a"].y


def _check_layout(scenario) -> None:
    graph = build_graph(scenario)
    layout = layout_story(graph)
    assert set(layout.boxes) == {n.id for n in graph.nodes}
    assert layout.crossings <= layout.initial_crossings
    for route in layout.routes:
        if not route.back:
            assert layout.layers[route.target] > layout.layers[route.source]
    columns: dict[float, list] = {}
    for box in layout.boxes.values():
        columns.setdefault(box.x, []).append(box)
    for boxes in columns.values():
        boxes.sort(key=lambda b: b.y)
        for upper, lower in zip(boxes, boxes[1:], strict=False):
            assert upper.y + upper.height <= lower.y
    lanes = {lane.name: lane for lane in layout.lanes}
    for node in graph.nodes:
        lane, box = lanes[node.scene], layout.boxes[node.id]
        assert lane.y <= box.y
        assert box.y + box.height <= lane.y + lane.height


def test_layout_of_small_story(story):
    _check_layout(story)


def test_layout_of_500_nodes(big):
    assert len(big.nodes) == 500
    _check_layout(big)


def test_far_arrows_end_in_tags(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(chain_scenario(300), encoding="utf-8")
    graph = build_graph(load_scenario(path))
    layout = layout_story(graph)
    far = [route for route in layout.routes if route.tag is not None]
    for route in layout.routes:
        span = abs(layout.layers[route.target] - layout.layers[route.source])
        assert (route.tag is not None) == (span > MAX_SPAN)
    # Every step can refuse, to the shared ending. Only the last few are near it.
    to_ending = [r for r in far if r.target == "e_refused"]
    assert len(to_ending) == 300 - MAX_SPAN
    for route in far:
        start = layout.boxes[route.source]
        assert route.tag.x == start.x + NODE_WIDTH + LAYER_GAP  # one layer on
        assert route.points[-1] == (route.tag.x, route.tag.centre_y)
    (arrival,) = [a for a in layout.arrivals if a.target == "e_refused"]
    assert set(arrival.sources) == {r.source for r in to_ending}
    # Without one dummy per layer crossed, no lane grows with the length of the chain.
    assert max(lane.height for lane in layout.lanes) < 200
    svg = to_svg(graph, layout)
    root = ElementTree.fromstring(svg)
    jumps = [g for g in root.iter(SVG + "g") if "jump" in g.get("class", "").split()]
    assert len(jumps) == len(far)
    assert 'data-goto="e_refused"' in svg
    assert "→ e_refused" in svg
    assert "↩ n0000" in svg
    assert "← 296 steps" in svg


def test_svg_is_valid_and_complete(big):
    graph = build_graph(big)
    root = ElementTree.fromstring(to_svg(graph))
    nodes = [g for g in root.iter(SVG + "g") if "node" in g.get("class", "").split()]
    assert len(nodes) == len(graph.nodes)
    edges = [g for g in root.iter(SVG + "g") if "edge" in g.get("class", "").split()]
    assert len(edges) == len(graph.edges)
    assert all(node.find(SVG + "title").text for node in nodes)


HOSTILE = """format: 1
id: hostile
version: 1
title: {zh: "<script>alert(1)</script>", en: "</title><script>alert(2)</script>"}
summary: {zh: 测试, en: "a \\"quoted\\" & <b>bold</b>"}
role: {zh: 科员, en: Clerk}
cases: [{id: c1, summary: {zh: 案, en: Case}, source: "x"}]
speakers: {narrator: {name: {zh: 旁白, en: Narrator}}}
start: n1
nodes:
  n1:
    scene: office
    time: {zh: 时, en: "Year 1 <img src=x onerror=alert(3)>"}
    lines: [{id: a, speaker: narrator, text: {zh: 字, en: "<script>alert(4)</script>"}}]
    choices:
      - {id: go, text: {zh: 走, en: "Go \\" onclick=\\"alert(5)"}, go: e1}
endings:
  e1:
    kind: kept_integrity
    scene: office
    title: {zh: 终, en: "<svg onload=alert(6)>"}
    lines: [{id: a, speaker: narrator, text: {zh: 完, en: "]]> -->"}}]
    epilogue: [{zh: 案例, en: Case}]
    legal_basis: []
"""


def test_scenario_text_is_escaped(write_scenario):
    scenario = load_scenario(write_scenario(HOSTILE))
    graph = build_graph(scenario)
    svg = to_svg(graph)
    ElementTree.fromstring(svg)
    assert "<script" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;" in svg
    page = to_html(graph)
    assert page.count("<script") == 1
    assert "<img" not in page
    assert "onload=alert" not in page.replace("&lt;svg onload=alert", "")
    dot = to_dot(graph)
    assert '\\" onclick=\\"alert(5)' in dot


def test_html_loads_nothing_from_outside(story):
    page = to_html(build_graph(story))
    assert 'http-equiv="Content-Security-Policy"' in page
    assert not re.search(r"\b(src|href)\s*=", page)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}
    assert 'id="search"' in page
    assert "wheel" in page


def _fixed_words(lang: str) -> set[str]:
    """Return the pieces of the fixed labels of `lang`, without their placeholders."""
    pieces = set()
    for name, text in GRAPH_LABELS[lang].items():
        if name != "html_lang":
            pieces.update(p.strip() for p in re.split(r"\{\w+\}", text))
    pieces.update(names[0 if lang == "zh" else 1] for names in KIND_NAMES.values())
    return {piece for piece in pieces if len(piece) > 1}


def _shown_text(page: str, scenario) -> str:
    """Return the texts a reader sees in an SVG or HTML page, without scenario ids."""
    page = re.sub(r"<(script|style)>.*?</\1>", "", page, flags=re.S)
    texts = re.findall(r">([^<]+)<", page)
    texts += re.findall(r'(?:placeholder|aria-label|data-[a-z]+)="([^"]*)"', page)
    ids = {*scenario.nodes, *scenario.endings}
    ids.update(c.id for node in scenario.nodes.values() for c in node.choices)
    return re.sub(
        r"[a-z][a-z0-9_]*", lambda m: "" if m[0] in ids else m[0], "\n".join(texts)
    )


@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh")])
def test_fixed_labels_follow_the_language(story, lang, other):
    graph = build_graph(story, lang)
    for page in (to_html(graph), to_svg(graph)):
        shown = _shown_text(page, story)
        assert [word for word in _fixed_words(other) if word in shown] == []
    kind = KIND_NAMES["kept_integrity"][0 if lang == "zh" else 1]
    assert kind in to_dot(graph)


def test_chinese_graph_words(story):
    graph = build_graph(story, "zh")
    page, svg = to_html(graph), to_svg(graph)
    assert "结局：守住底线" in svg
    assert "办公室 (office)" in svg
    assert '<html lang="zh-Hans">' in page
    assert 'placeholder="查找节点 id"' in page
    assert "场景：办公室 (office)" in page
    page = to_html(build_graph(story, "en"))
    assert "ending: kept integrity" in page
    assert 'data-one="1 match"' in page


def test_dot_groups_scenes_in_clusters(story):
    dot = to_dot(build_graph(story))
    assert dot.startswith('digraph "story_tools" {')
    assert 'subgraph "cluster_office"' in dot
    assert '"n01_card" -> "n01_card" [label="think?"' in dot
    assert "style=dashed" in dot
    assert "shape=hexagon" in dot


@pytest.mark.parametrize("suffix", [".svg", ".dot", ".gv", ".html"])
def test_graph_command_writes_each_format(tmp_path, capsys, suffix):
    output = tmp_path / f"story{suffix}"
    code = main(["graph", str(DATA / "story_tools.yaml"), "-o", str(output)])
    assert code == 0
    text = output.read_text(encoding="utf-8")
    assert "n02_dinner" in text
    assert str(output) in capsys.readouterr().out


def test_graph_command_rejects_unknown_ending(tmp_path, capsys):
    output = tmp_path / "story.png"
    code = main(["graph", str(DATA / "story_tools.yaml"), "-o", str(output)])
    assert code == 2
    assert "'.png'" in capsys.readouterr().err
    assert not output.exists()
