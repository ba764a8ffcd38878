"""Bounded exploration of a scenario's play states with the real Story runtime.

A play state is the current step, the value of every variable and the rung. Lines are
not part of it, because they change nothing. The search is breadth first, so the path
kept for each state is a shortest one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from game.scenario import expr
from game.scenario.diagnostics import Span
from game.scenario.model import Scenario, Step
from game.story import PlayState, Story

MAX_STATES = 20_000

StateKey = tuple[str, tuple[int | bool, ...], str]
"""(step id, variable values in declaration order, rung id)."""


@dataclass(frozen=True)
class RungMove:
    """One `rung -> X` effect applied on some path, with where it is written."""

    from_rung: str
    to_rung: str
    effect: str
    span: Span | None
    state: StateKey
    choice_id: str | None
    entered: str | None


@dataclass
class StateSpace:
    """The explored states of one scenario.

    :param parent: for each state, the state and choice id it was first reached by,
        or None for the start state. The dict is in breadth-first order.
    :param edges: the successors of every expanded state, as (choice id, state).
    :param open_states: expanded states with a successor left out at the bound.
    """

    scenario: Scenario
    max_states: int
    parent: dict[StateKey, tuple[StateKey, str] | None] = field(default_factory=dict)
    edges: dict[StateKey, list[tuple[str, StateKey]]] = field(default_factory=dict)
    open_states: set[StateKey] = field(default_factory=set)
    stuck: list[StateKey] = field(default_factory=list)
    offered: dict[str, set[str]] = field(default_factory=dict)
    shown_lines: dict[str, set[str]] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)
    moves: dict[tuple, RungMove] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.open_states

    @property
    def reached(self) -> set[str]:
        return set(self.visits)

    def path(self, state: StateKey) -> list[tuple[str, str | None]]:
        """Return (step id, choice id taken there) from the start to `state`.

        The last pair has None for its choice, because `state` is where it ends.
        """
        steps: list[tuple[str, str | None]] = [(state[0], None)]
        link = self.parent.get(state)
        while link is not None:
            state, choice_id = link
            steps.append((state[0], choice_id))
            link = self.parent.get(state)
        return steps[::-1]

    def route(self, state: StateKey, choice_id: str | None = None) -> str:
        """Return the kept path to `state` as 'n1 [take] → n2', then `choice_id`."""
        parts = []
        for step_id, taken in self.path(state):
            taken = taken or choice_id
            parts.append(f"{step_id} [{taken}]" if taken else step_id)
        return " → ".join(parts)

    def describe(self, state: StateKey) -> str:
        """Return the variables and the rung of `state` as 'a = 1, rung = none'."""
        names = list(self.scenario.variables)
        parts = [
            f"{name} = {_value_text(v)}"
            for name, v in zip(names, state[1], strict=True)
        ]
        parts.append(f"rung = {state[2]}")
        return ", ".join(parts)


def explore(scenario: Scenario, max_states: int = MAX_STATES) -> StateSpace:
    """Play every choice from every reachable state, up to `max_states` states."""
    space = StateSpace(scenario, max_states)
    story = Story(scenario)
    start = _key(story.state)
    space.parent[start] = None
    first_rung = scenario.ladder.first.id
    _record_moves(space, start, None, scenario.step(scenario.start), first_rung)

    queue = deque([start])
    while queue:
        state = queue.popleft()
        for choice_id, successor in _expand(space, state):
            space.edges[state].append((choice_id, successor))
            if successor in space.parent:
                continue
            if len(space.parent) >= max_states:
                space.open_states.add(state)
                continue
            space.parent[successor] = (state, choice_id)
            queue.append(successor)
    return space


def _expand(space: StateSpace, state: StateKey) -> Iterator[tuple[str, StateKey]]:
    """Record what `state` shows and offers, then yield its successors."""
    scenario = space.scenario
    step = scenario.step(state[0])
    story = Story(scenario, _state(scenario, state))
    space.visits[step.id] = space.visits.get(step.id, 0) + 1
    space.edges[state] = []
    shown_ids = space.shown_lines.setdefault(step.id, set())
    shown_ids.update(line.id for line in story.lines())
    if step.is_ending:
        return

    offered = story.choices()
    space.offered.setdefault(step.id, set()).update(c.id for c in offered)
    if not offered:
        space.stuck.append(state)
    for choice in offered:
        story = Story(scenario, _state(scenario, state))
        story.choose(choice.id)
        rung = state[2]
        for index, effect in enumerate(choice.effects):
            span = choice.spans.get(f"effects[{index}]")
            rung = _move(space, state, effect, span, rung, choice.id, None)
        target = scenario.step(choice.go)
        _record_moves(space, state, choice.id, target, rung)
        yield choice.id, _key(story.state)


def _record_moves(
    space: StateSpace, state: StateKey, choice_id: str | None, step: Step, rung: str
) -> None:
    """Record the rung moves of `step`'s enter effects, starting on `rung`."""
    for index, effect in enumerate(step.enter):
        span = step.spans.get(f"enter[{index}]")
        rung = _move(space, state, effect, span, rung, choice_id, step.id)


def _move(
    space: StateSpace,
    state: StateKey,
    effect: expr.Effect,
    span: Span | None,
    rung: str,
    choice_id: str | None,
    entered: str | None,
) -> str:
    if effect.op != "->":
        return rung
    assert isinstance(effect.value, expr.Name)
    target = effect.value.name
    if target != rung:
        key = (span, rung, target)
        if key not in space.moves:
            space.moves[key] = RungMove(
                rung, target, effect.source, span, state, choice_id, entered
            )
    return target


def _key(state: PlayState) -> StateKey:
    return (state.step_id, tuple(state.variables.values()), state.rung_id)


def _state(scenario: Scenario, key: StateKey) -> PlayState:
    return PlayState(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        step_id=key[0],
        variables=dict(zip(scenario.variables, key[1], strict=True)),
        rung_id=key[2],
    )


def _value_text(value: int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
