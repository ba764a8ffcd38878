"""A layered left-to-right layout for story graphs, with one horizontal lane per group.

The steps follow the usual Sugiyama scheme. Edges that close a cycle are set aside
(`graph_cycles`), and every node gets the layer of its longest path from a source.
Edges that span a few layers get dummy points in the layers between. Then the nodes
of each layer are ordered by repeated barycentre sweeps. Each node also belongs to a
lane (the scene of a story node), and lanes are kept as horizontal bands: the order
within a layer sorts by lane first and by barycentre second.

An edge across more than MAX_SPAN layers, such as the many arrows to a shared
ending, is not drawn all the way. It ends in a small tag just after its source that
names the target, and the target gets one arrival tag just before it that lists where
such edges come from. Dummy points then grow with the number of edges, not with
edges times the layers they cross, which keeps a long story's layout linear in size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .graph_cycles import find_back_edges

NODE_WIDTH = 172.0
NODE_HEIGHT = 46.0
DUMMY_HEIGHT = 12.0
TAG_HEIGHT = 20.0
ITEM_GAP = 14.0
LAYER_GAP = 96.0
LANE_PADDING = 22.0
LEFT_MARGIN = 40.0
TOP_MARGIN = 24.0
SWEEPS = 6
MAX_SPAN = 4  # layers an arrow may cross before it is drawn as a tag

NODE, DUMMY, TAG = "node", "dummy", "tag"
HEIGHTS = {NODE: NODE_HEIGHT, DUMMY: DUMMY_HEIGHT, TAG: TAG_HEIGHT}

__all__ = [
    "MAX_SPAN",
    "Arrival",
    "Box",
    "Lane",
    "Layout",
    "Route",
    "assign_layers",
    "count_crossings",
    "find_back_edges",
    "layout_graph",
]


@dataclass(frozen=True)
class Box:
    """A node's rectangle: top-left corner, width and height in pixels."""

    x: float
    y: float
    width: float
    height: float

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Lane:
    """A horizontal band that contains every node of one group."""

    name: str
    y: float
    height: float


@dataclass(frozen=True)
class Route:
    """The points an edge passes through, from the source's side to the target's.

    A forward route runs from the source's right edge through its dummy points to the
    target's left edge. A back route (`back` true) leads to an earlier or the same
    layer and has just its two end points, below the nodes. An edge across more than
    MAX_SPAN layers has a `tag` instead: its route runs from the source to the tag,
    one layer on, which names the target.
    """

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    back: bool
    tag: Box | None = None


@dataclass(frozen=True)
class Arrival:
    """The tag just before `target` that lists the sources of its tagged edges."""

    target: str
    sources: tuple[str, ...]
    box: Box


@dataclass
class Layout:
    """The positions of every node, lane and edge of a layered drawing."""

    boxes: dict[str, Box]
    routes: list[Route]
    lanes: list[Lane]
    layers: dict[str, int]
    width: float
    height: float
    crossings: int = 0
    initial_crossings: int = 0
    layer_count: int = 0
    arrivals: list[Arrival] = field(default_factory=list)


@dataclass
class _Item:
    key: str
    lane: int
    layer: int
    kind: str
    order: float = 0.0
    up: list[str] = field(default_factory=list)
    down: list[str] = field(default_factory=list)


def layout_graph(
    nodes: Sequence[str],
    lanes: dict[str, str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str] = (),
) -> Layout:
    """Lay out a directed graph from left to right.

    :param nodes: node ids in a stable order; ties keep this order.
    :param lanes: the lane name of every node.
    :param edges: (source, target) pairs; duplicates and unknown ids are ignored.
    :param roots: where the search for back edges starts, before the other nodes
        in order; put the start node here.
    """
    known = set(nodes)
    unique = list(dict.fromkeys((s, t) for s, t in edges if s in known and t in known))
    back = find_back_edges(nodes, unique, roots)
    forward = [edge for edge in unique if edge not in back]
    layers = assign_layers(nodes, forward)
    far = {(s, t) for s, t in unique if abs(layers[t] - layers[s]) > MAX_SPAN}
    lane_order = _order_lanes(nodes, lanes, layers)
    near = [edge for edge in forward if edge not in far]
    items, chains = _insert_dummies(nodes, lanes, lane_order, layers, near)
    arrivals = _insert_tags(items, [edge for edge in unique if edge in far])
    rows = _initial_rows(items, nodes, roots)
    initial = count_crossings(rows, items)
    crossings = _reduce_crossings(rows, items)
    boxes, lane_boxes, width, height = _place(rows, items, lane_order)
    return Layout(
        boxes={key: boxes[key] for key in nodes},
        routes=_routes(unique, back, chains, boxes),
        lanes=lane_boxes,
        layers=layers,
        width=width,
        height=height,
        crossings=crossings,
        initial_crossings=initial,
        layer_count=len(rows),
        arrivals=[
            Arrival(target, tuple(sources), boxes[_arrival_key(target)])
            for target, sources in arrivals.items()
            if _arrival_key(target) in boxes
        ],
    )


# --- Layers ----------------------------------------------------------------------


def assign_layers(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]]
) -> dict[str, int]:
    """Return each node's layer: the length of its longest path from a source.

    `edges` must form a directed acyclic graph (leave the back edges out).
    """
    incoming = {node: 0 for node in nodes}
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        successors[source].append(target)
        incoming[target] += 1
    layers = dict.fromkeys(nodes, 0)
    ready = [node for node in nodes if incoming[node] == 0]
    while ready:
        node = ready.pop()
        for child in successors[node]:
            layers[child] = max(layers[child], layers[node] + 1)
            incoming[child] -= 1
            if incoming[child] == 0:
                ready.append(child)
    return layers


def _order_lanes(
    nodes: Sequence[str], lanes: dict[str, str], layers: dict[str, int]
) -> list[str]:
    """Order lanes by the first layer that uses them, then by first appearance."""
    first: dict[str, tuple[int, int]] = {}
    for position, node in enumerate(nodes):
        lane = lanes[node]
        key = (layers[node], position)
        if lane not in first or key < first[lane]:
            first[lane] = key
    return sorted(first, key=first.__getitem__)


# --- Dummies and ordering ---------------------------------------------------------


def _insert_dummies(
    nodes: Sequence[str],
    lanes: dict[str, str],
    lane_order: list[str],
    layers: dict[str, int],
    forward: Sequence[tuple[str, str]],
) -> tuple[dict[str, _Item], dict[tuple[str, str], list[str]]]:
    """Split long edges at every layer they cross; dummies join the target's lane."""
    lane_index = {name: index for index, name in enumerate(lane_order)}
    items = {
        node: _Item(node, lane_index[lanes[node]], layers[node], NODE) for node in nodes
    }
    chains: dict[tuple[str, str], list[str]] = {}
    for source, target in forward:
        previous = source
        chain = []
        for layer in range(layers[source] + 1, layers[target]):
            key = f"\0{source}\0{target}\0{layer}"
            items[key] = _Item(key, items[target].lane, layer, DUMMY)
            _link(items, previous, key)
            chain.append(key)
            previous = key
        _link(items, previous, target)
        chains[(source, target)] = chain
    return items, chains


def _insert_tags(
    items: dict[str, _Item], far: Sequence[tuple[str, str]]
) -> dict[str, list[str]]:
    """Add a tag after the source of each far edge and one before each far target.

    Returns the sources of the far edges of each target, in edge order. A target in
    the first layer has no room for an arrival tag and gets none.
    """
    arrivals: dict[str, list[str]] = {}
    for source, target in far:
        start = items[source]
        key = _tag_key(source, target)
        items[key] = _Item(key, start.lane, start.layer + 1, TAG)
        _link(items, source, key)
        arrivals.setdefault(target, []).append(source)
    for target in arrivals:
        end = items[target]
        if end.layer > 0:
            key = _arrival_key(target)
            items[key] = _Item(key, end.lane, end.layer - 1, TAG)
            _link(items, key, target)
    return arrivals


def _tag_key(source: str, target: str) -> str:
    return f"\0tag\0{source}\0{target}"


def _arrival_key(target: str) -> str:
    return f"\0arrival\0{target}"


def _link(items: dict[str, _Item], upper: str, lower: str) -> None:
    items[upper].down.append(lower)
    items[lower].up.append(upper)


def _initial_rows(
    items: dict[str, _Item],
    nodes: Sequence[str],
    roots: Sequence[str],
) -> list[list[str]]:
    """Order each layer by lane, then by the order a breadth-first walk finds items."""
    seen: dict[str, int] = {}
    for root in [*roots, *nodes]:
        if root not in items or root in seen:
            continue
        seen[root] = len(seen)
        queue = [root]
        for key in queue:
            for child in items[key].down:
                if child not in seen:
                    seen[child] = len(seen)
                    queue.append(child)
    count = max((item.layer for item in items.values()), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(count)]
    for key in sorted(items, key=lambda k: (items[k].lane, seen.get(k, len(seen)))):
        rows[items[key].layer].append(key)
    _number(rows, items)
    return rows


def _number(rows: list[list[str]], items: dict[str, _Item]) -> None:
    for row in rows:
        for position, key in enumerate(row):
            items[key].order = float(position)


def _reduce_crossings(rows: list[list[str]], items: dict[str, _Item]) -> int:
    """Sweep barycentre ordering down and up; keep the order with fewest crossings."""
    best = [list(row) for row in rows]
    best_count = count_crossings(rows, items)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for index in sequence:
            _sort_by_barycentre(rows[index], items, "up" if downward else "down")
        _number(rows, items)
        found = count_crossings(rows, items)
        if found < best_count:
            best, best_count = [list(row) for row in rows], found
    rows[:] = best
    _number(rows, items)
    return best_count


def _sort_by_barycentre(row: list[str], items: dict[str, _Item], side: str) -> None:
    def key(name: str) -> tuple[int, float]:
        item = items[name]
        neighbours = item.up if side == "up" else item.down
        if not neighbours:
            return item.lane, item.order
        return item.lane, sum(items[n].order for n in neighbours) / len(neighbours)

    row.sort(key=key)
    for position, name in enumerate(row):
        items[name].order = float(position)


def count_crossings(rows: list[list[str]], items: dict[str, _Item]) -> int:
    """Count edge crossings between neighbouring layers (inversions, Fenwick tree)."""
    total = 0
    for upper in rows[:-1]:
        pairs = sorted(
            (int(items[key].order), int(items[child].order))
            for key in upper
            for child in items[key].down
        )
        size = max((lower for _, lower in pairs), default=0) + 2
        tree = [0] * (size + 1)
        for seen, (_, lower) in enumerate(pairs):
            # Edges seen so far that end right of `lower` cross this one.
            position, below = lower + 1, 0
            while position > 0:
                below += tree[position]
                position -= position & -position
            total += seen - below
            position = lower + 1
            while position <= size:
                tree[position] += 1
                position += position & -position
    return total


# --- Coordinates ------------------------------------------------------------------


def _height(item: _Item) -> float:
    return HEIGHTS[item.kind]


def _place(
    rows: list[list[str]], items: dict[str, _Item], lane_order: list[str]
) -> tuple[dict[str, Box], list[Lane], float, float]:
    """Stack each lane's items per layer, centred in a band as tall as its fullest."""
    stacks: dict[tuple[int, int], list[str]] = defaultdict(list)
    for layer, row in enumerate(rows):
        for key in row:
            stacks[(items[key].lane, layer)].append(key)
    needed = [0.0] * len(lane_order)
    for (lane, _), keys in stacks.items():
        total = sum(_height(items[k]) for k in keys) + ITEM_GAP * (len(keys) - 1)
        needed[lane] = max(needed[lane], total)

    lanes: list[Lane] = []
    top = TOP_MARGIN
    for lane, name in enumerate(lane_order):
        height = needed[lane] + 2 * LANE_PADDING
        lanes.append(Lane(name, top, height))
        top += height

    boxes: dict[str, Box] = {}
    for (lane, layer), keys in stacks.items():
        total = sum(_height(items[k]) for k in keys) + ITEM_GAP * (len(keys) - 1)
        y = lanes[lane].y + (lanes[lane].height - total) / 2
        x = LEFT_MARGIN + layer * (NODE_WIDTH + LAYER_GAP)
        for key in keys:
            height = _height(items[key])
            boxes[key] = Box(x, y, NODE_WIDTH, height)
            y += height + ITEM_GAP
    width = LEFT_MARGIN * 2 + len(rows) * (NODE_WIDTH + LAYER_GAP) - LAYER_GAP
    return boxes, lanes, max(width, NODE_WIDTH), top + TOP_MARGIN


def _routes(
    edges: Sequence[tuple[str, str]],
    back: set[tuple[str, str]],
    chains: dict[tuple[str, str], list[str]],
    boxes: dict[str, Box],
) -> list[Route]:
    routes = []
    for source, target in edges:
        start, end = boxes[source], boxes[target]
        is_back = (source, target) in back
        tag = boxes.get(_tag_key(source, target))
        if tag is not None:
            points = ((start.x + start.width, start.centre_y), (tag.x, tag.centre_y))
            routes.append(Route(source, target, points, is_back, tag))
            continue
        if is_back:
            points = (
                (start.x + start.width / 2, start.y + start.height),
                (end.x + end.width / 2, end.y + end.height),
            )
            routes.append(Route(source, target, points, True))
            continue
        path = [(start.x + start.width, start.centre_y)]
        for dummy in chains[(source, target)]:
            box = boxes[dummy]
            path += [(box.x, box.centre_y), (box.x + box.width, box.centre_y)]
        path.append((end.x, end.centre_y))
        routes.append(Route(source, target, tuple(path), False))
    return routes
