"""Checks on the story graph itself, with every condition ignored."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from game.scenario.model import Choice, Node, Scenario

if TYPE_CHECKING:
    from .validate import Context


def successors(scenario: Scenario) -> dict[str, list[str]]:
    """Return the step ids each step's choices lead to (endings lead nowhere)."""
    graph = {step_id: [] for step_id in scenario.endings}
    for node in scenario.nodes.values():
        graph[node.id] = [choice.go for choice in node.choices]
    return graph


def reachable(graph: dict[str, list[str]], starts: list[str]) -> set[str]:
    """Return every step that some chain of edges leads to from `starts`."""
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def no_exit_nodes(scenario: Scenario) -> set[str]:
    """Return the nodes from which no chain of choices reaches an ending."""
    reverse: dict[str, list[str]] = {}
    for source, targets in successors(scenario).items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    exits = reachable(reverse, list(scenario.endings))
    return set(scenario.nodes) - exits


def check_unreachable(context: Context) -> None:
    """CC501: steps that no chain of choices from `start` leads to."""
    scenario = context.scenario
    graph = successors(scenario)
    found = reachable(graph, [scenario.start])
    entered_by = {target for targets in graph.values() for target in targets}
    for step in [*scenario.nodes.values(), *scenario.endings.values()]:
        if step.id in found:
            continue
        label = "ending" if step.is_ending else "node"
        reason = (
            "only unreachable nodes lead to it"
            if step.id in entered_by
            else "no choice goes to it"
        )
        context.add(
            "CC501",
            f"{label} '{step.id}' cannot be reached from start '{scenario.start}': "
            f"{reason}",
            step.span,
            f"add a choice with go: {step.id}, or remove the {label}",
        )


def check_loops(context: Context) -> None:
    """CC507: loops of nodes from which no ending can be reached."""
    scenario = context.scenario
    trapped = no_exit_nodes(scenario)
    graph = {
        node.id: [choice.go for choice in node.choices if choice.go in trapped]
        for node in scenario.nodes.values()
        if node.id in trapped
    }
    for component in strongly_connected(graph):
        node_id = component[0]
        if len(component) == 1 and node_id not in graph[node_id]:
            continue
        nodes = sorted((scenario.nodes[n] for n in component), key=_line)
        names = ", ".join(f"'{node.id}'" for node in nodes)
        message = (
            f"node {names} only leads back to itself"
            if len(nodes) == 1
            else f"nodes {names} only lead to each other"
        )
        context.add(
            "CC507",
            f"{message}: no choice from {'it' if len(nodes) == 1 else 'them'} "
            "leads, even indirectly, to an ending",
            nodes[0].span,
            "add a choice that goes to an ending or to a node that leads to one",
        )


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Return the strongly connected components of `graph` (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(graph[target])))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return components


def check_duplicate_choices(context: Context) -> None:
    """CC530: choices of one node with the same target, effects, condition, tactic."""
    for node in context.scenario.nodes.values():
        first_by_outcome: dict[tuple, Choice] = {}
        for choice in node.choices:
            outcome = _outcome(choice)
            first = first_by_outcome.setdefault(outcome, choice)
            if first is choice:
                continue
            context.add(
                "CC530",
                f"choices '{first.id}' and '{choice.id}' of '{node.id}' both go to "
                f"'{choice.go}' with the same effects; one is probably a copy",
                choice.spans.get("id", choice.span),
                "change the target or the effects of one of them, or remove it",
            )


def _outcome(choice: Choice) -> tuple:
    effects = tuple((e.target, e.op, str(e.value)) for e in choice.effects)
    when = str(choice.when.expr) if choice.when else None
    return (choice.go, effects, when, choice.tactic)


def check_ending_cases(context: Context) -> None:
    """CC531: endings whose epilogue names no real case."""
    case_ids = [case.id for case in context.scenario.cases]
    for ending in context.scenario.endings.values():
        if ending.cases:
            continue
        context.add(
            "CC531",
            f"ending '{ending.id}' names no cases, so its epilogue is not tied to a "
            "real case",
            ending.span,
            f"add cases: [{', '.join(case_ids)}] with the case ids the epilogue tells",
        )


def _line(node: Node) -> tuple[int, int]:
    if node.span is None:
        return (0, 0)
    return (node.span.line, node.span.col)
