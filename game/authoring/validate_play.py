"""Checks that play the scenario: conditions, stuck states and the escalation ladder.

They read the bounded state space of :mod:`game.authoring.statespace`. A finding
that something happens on some path (stuck, trapped, a skipped rung) quotes that path
and is true whatever the bound. A finding that something never happens is true only
for the explored states, and its message mentions the bound when it was reached.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from .statespace import RungMove, StateKey, StateSpace, explore
from .validate_graph import no_exit_nodes, reachable, successors

if TYPE_CHECKING:
    from .validate import Context


def check_state_space(context: Context) -> None:
    """Explore the play states; CC509 when the bound stops the exploration."""
    space = explore(context.scenario, context.max_states)
    context.space = space
    if space.complete:
        return
    context.add(
        "CC509",
        f"the exploration of play states stopped at {space.max_states:,} states, so "
        "the checks that depend on conditions are incomplete",
        context.scenario.spans.get("start"),
        "a counter that grows in a loop has no bound: cap it, for example with "
        "a `when` on the choice that increases it",
    )


def check_stuck(context: Context) -> None:
    """CC504: reachable states of a node where conditions hide every choice."""
    space = context.space
    if space is None:
        return
    reported: set[str] = set()
    for state in space.stuck:
        node = context.scenario.nodes[state[0]]
        if node.id in reported:
            continue
        reported.add(node.id)
        context.add(
            "CC504",
            f"node '{node.id}' offers no choice when {space.describe(state)}, so "
            f"the path {space.route(state)} gets stuck there",
            node.span,
            "add a choice without `when`, or widen the conditions so that one "
            "choice is always offered",
        )


def check_never_reached(context: Context) -> None:
    """CC502, CC503: steps in the graph that no explored playthrough reaches."""
    space = context.space
    if space is None:
        return
    scenario = context.scenario
    graph = successors(scenario)
    in_graph = reachable(graph, [scenario.start])
    entries_to: dict[str, list[str]] = {}
    for node in scenario.nodes.values():
        if node.id not in space.reached:
            continue
        for choice in node.choices:
            entries_to.setdefault(choice.go, []).append(f"'{node.id}/{choice.id}'")
    steps = [*scenario.nodes.values(), *scenario.endings.values()]
    for step in steps:
        if step.id not in in_graph or step.id in space.reached:
            continue
        entries = entries_to.get(step.id, [])
        label = "ending" if step.is_ending else "node"
        if entries:
            reason = (
                f"the conditions of the choices that lead to it ({', '.join(entries)}) "
                "are never true"
            )
        else:
            reason = "only nodes that are never reached lead to it"
        context.add(
            "CC503" if step.is_ending else "CC502",
            f"{label} '{step.id}' is never reached in {_states(len(space.parent))}: "
            + reason
            + _bound_note(space),
            step.span,
            "check the `when` conditions of the choices that lead to it",
        )


def check_never_offered(context: Context) -> None:
    """CC505, CC506: choices and lines whose condition is never true."""
    space = context.space
    if space is None:
        return
    steps = [*context.scenario.nodes.values(), *context.scenario.endings.values()]
    for step in steps:
        if step.id not in space.reached:
            continue
        visits = f"{_states(space.visits[step.id])} of '{step.id}'"
        offered = space.offered.get(step.id, set())
        for choice in step.choices:
            if choice.when is None or choice.id in offered:
                continue
            context.add(
                "CC505",
                f"choice '{choice.id}' is never offered: '{choice.when}' is false in "
                f"{visits}" + _bound_note(space),
                choice.spans.get("when", choice.span),
                "check the condition against the effects that come before",
            )
        shown_ids = space.shown_lines.get(step.id, set())
        for line in step.lines:
            if line.when is None or line.id in shown_ids:
                continue
            context.add(
                "CC506",
                f"line '{line.id}' is never shown: '{line.when}' is false in "
                f"{visits}" + _bound_note(space),
                line.spans.get("when", line.span),
                "check the condition against the effects that come before",
            )


def check_trapped(context: Context) -> None:
    """CC508: reachable states from which the conditions allow no way to an ending."""
    space = context.space
    if space is None:
        return
    scenario = context.scenario
    exits = {s for s in space.parent if scenario.step(s[0]).is_ending}
    exits |= space.open_states | set(space.stuck)
    reverse: dict[StateKey, list[StateKey]] = {}
    for source, edges in space.edges.items():
        for _, target in edges:
            reverse.setdefault(target, []).append(source)
    escape = _closure(reverse, exits)
    doomed = no_exit_nodes(scenario)
    trapped = [s for s in space.parent if s not in escape and s[0] not in doomed]

    covered: set[StateKey] = set()
    forward = {source: [t for _, t in edges] for source, edges in space.edges.items()}
    for state in trapped:
        if state in covered:
            continue
        covered |= _closure(forward, {state})
        node = scenario.nodes[state[0]]
        context.add(
            "CC508",
            f"no ending can be reached from node '{node.id}' when "
            f"{space.describe(state)}: every choice offered there leads back into "
            f"the same states (reached by {space.route(state)})",
            node.span,
            "offer a way out whose condition can become true inside the loop",
        )


def check_ladder(context: Context) -> None:
    """CC510, CC511: rung moves that skip or go down, and unused `skips` entries."""
    space = context.space
    if space is None:
        return
    ladder = context.scenario.ladder
    declared = {(skip.from_rung, skip.to_rung) for skip in context.scenario.skips}
    used: set[tuple[str, str]] = set()
    for move in space.moves.values():
        pair = (move.from_rung, move.to_rung)
        before, after = ladder.get(move.from_rung), ladder.get(move.to_rung)
        if after.index == before.index + 1:
            continue
        used.add(pair)
        if pair in declared:
            continue
        if after.index < before.index:
            direction = "goes down"
        else:
            skipped = after.index - before.index - 1
            direction = f"skips {skipped} rung{'s' * (skipped != 1)}"
        context.add(
            "CC510",
            f"'{move.effect}' {direction} from '{move.from_rung}' to "
            f"'{move.to_rung}' on the path {_move_path(space, move)}",
            move.span,
            f"if this is intended, add it under skips: {{from: {move.from_rung}, "
            f"to: {move.to_rung}, why: {{zh: …, en: …}}}}",
        )
    for skip in context.scenario.skips:
        before, after = ladder.get(skip.from_rung), ladder.get(skip.to_rung)
        if after.index in (before.index, before.index + 1):
            message = (
                f"the skip from '{skip.from_rung}' to '{skip.to_rung}' is not a skip: "
                "only moves that skip rungs or go down need an entry"
            )
        elif (skip.from_rung, skip.to_rung) not in used:
            message = (
                f"no path moves from '{skip.from_rung}' to '{skip.to_rung}', so this "
                "skip is not used" + _bound_note(space)
            )
        else:
            continue
        context.add("CC511", message, skip.span, "remove the entry")


def _closure(graph: dict[StateKey, list[StateKey]], starts: set[StateKey]) -> set:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _move_path(space: StateSpace, move: RungMove) -> str:
    text = space.route(move.state, move.choice_id)
    if move.entered is not None and move.choice_id is not None:
        text += f" → {move.entered}"
    return text


def _states(count: int) -> str:
    return (
        f"the {count:,} explored state"
        if count == 1
        else f"all {count:,} explored states"
    )


def _bound_note(space: StateSpace) -> str:
    if space.complete:
        return ""
    return f" (only the first {space.max_states:,} states were explored)"
