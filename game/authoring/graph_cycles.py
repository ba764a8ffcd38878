"""The edges that go back in a story graph: a set whose removal breaks every cycle.

An edge is a candidate when its target is not deeper than its source in a
breadth-first search from the start. A candidate goes back only when it closes a
cycle with the edges kept so far. The cycle test keeps a topological order of the
kept edges up to date, in the manner of Pearce and Kelly's dynamic topological sort.
The order starts with the strongly connected components in topological order, so an
edge between two components, which can never close a cycle, agrees with it. An edge
that agrees with the order needs no search at all. An edge back to an ancestor in the
breadth-first tree, such as "start over", closes a cycle along the tree and needs
none either. For any other edge the search visits only the nodes between its two ends
in that order, which all lie in one component, so a long story stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from .validate_graph import strongly_connected


def find_back_edges(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], roots: Sequence[str] = ()
) -> set[tuple[str, str]]:
    """Return a set of edges whose removal leaves the graph acyclic, self loops too.

    An edge counts as going back when its target is not deeper than its source in a
    breadth-first search from the roots (then from each node not yet reached). Of
    those, in the order of `edges`, the ones that close no cycle with the edges kept
    so far are kept, so every edge returned lies on a cycle.
    """
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        successors[source].append(target)
    depth, parent = _breadth_first([*roots, *nodes], successors)
    is_ancestor = _ancestry(parent)

    # Components in topological order, and deeper nodes later within a component:
    # every edge that goes deeper, and every edge between components, agrees.
    component = _components(list(depth), successors)
    ranked = sorted(depth, key=lambda node: (component[node], depth[node]))
    order = {node: rank for rank, node in enumerate(ranked)}
    acyclic = _AcyclicGraph(order)
    for source, target in edges:
        if depth[target] > depth[source]:
            acyclic.add(source, target)

    back: set[tuple[str, str]] = set()
    for source, target in edges:
        if depth[target] > depth[source]:
            continue
        if is_ancestor(target, source) or not acyclic.try_add(source, target):
            back.add((source, target))
    return back


def _breadth_first(
    starts: Sequence[str], successors: dict[str, list[str]]
) -> tuple[dict[str, int], dict[str, str | None]]:
    """Return every node's depth and tree parent, searching from each start in turn."""
    depth: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    for start in starts:
        if start in depth:
            continue
        depth[start], parent[start] = 0, None
        queue = [start]
        for node in queue:
            for child in successors[node]:
                if child not in depth:
                    depth[child], parent[child] = depth[node] + 1, node
                    queue.append(child)
    return depth, parent


def _ancestry(parent: dict[str, str | None]) -> Callable[[str, str], bool]:
    """Return a test of whether one node is an ancestor of (or is) another in the tree.

    Each node is numbered on entry and on exit of a walk round the tree, and the two
    numbers of an ancestor enclose those of its descendants.
    """
    children: dict[str | None, list[str]] = defaultdict(list)
    for node, above in parent.items():
        children[above].append(node)
    enter: dict[str, int] = {}
    leave: dict[str, int] = {}
    clock = 0
    stack = [(root, False) for root in reversed(children[None])]
    while stack:
        node, done = stack.pop()
        clock += 1
        if done:
            leave[node] = clock
            continue
        enter[node] = clock
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children[node]))

    def is_ancestor(upper: str, lower: str) -> bool:
        return enter[upper] <= enter[lower] and leave[lower] <= leave[upper]

    return is_ancestor


def _components(nodes: list[str], successors: dict[str, list[str]]) -> dict[str, int]:
    """Number the strongly connected components so that edges go to higher numbers.

    Tarjan's algorithm finds sink components first, so the numbers count down.
    """
    found = strongly_connected({node: successors.get(node, []) for node in nodes})
    return {
        member: len(found) - number
        for number, component in enumerate(found)
        for member in component
    }


class _AcyclicGraph:
    """A growing acyclic graph and a topological order of its nodes."""

    def __init__(self, order: dict[str, int]) -> None:
        self.order = order
        self.successors: dict[str, list[str]] = defaultdict(list)
        self.predecessors: dict[str, list[str]] = defaultdict(list)

    def add(self, source: str, target: str) -> None:
        self.successors[source].append(target)
        self.predecessors[target].append(source)

    def try_add(self, source: str, target: str) -> bool:
        """Add the edge unless it closes a cycle; return whether it was added."""
        order = self.order
        low, high = order[target], order[source]
        if low > high:
            self.add(source, target)
            return True
        ahead = self._reach(target, self.successors, low, high)
        if source in ahead:
            return False
        behind = self._reach(source, self.predecessors, low, high)
        # Put everything that leads to `source` before everything `target` leads to,
        # reusing the same ranks, so the order stays topological with the new edge.
        moved = sorted(behind, key=order.get) + sorted(ahead, key=order.get)
        ranks = sorted(order[node] for node in moved)
        for node, rank in zip(moved, ranks, strict=True):
            order[node] = rank
        self.add(source, target)
        return True

    def _reach(
        self, start: str, links: dict[str, list[str]], low: int, high: int
    ) -> set[str]:
        """Return the nodes reached from `start` whose rank is in [low, high]."""
        order = self.order
        seen = {start}
        stack = [start]
        while stack:
            for other in links.get(stack.pop(), ()):
                if other not in seen and low <= order[other] <= high:
                    seen.add(other)
                    stack.append(other)
        return seen
