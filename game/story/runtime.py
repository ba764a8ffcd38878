"""Play a scenario: offer choices, apply them and report the ending.

Pure Python with no Panda3D import, so the 3D player, the text player, the simulator
and the tests all run the same rules.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..scenario import expr
from ..scenario.model import Choice, Ending, Line, Rung, Scenario, Step
from .state import PlayState, StateError

log = logging.getLogger(__name__)


class ChoiceNotAvailable(ValueError):
    """The choice id is not offered at the current node."""

    def __init__(self, node_id: str, choice_id: str, valid_ids: tuple[str, ...]):
        self.node_id = node_id
        self.choice_id = choice_id
        self.valid_ids = valid_ids
        valid = ", ".join(valid_ids) if valid_ids else "none (the story has ended)"
        super().__init__(
            f"choice '{choice_id}' is not offered at node '{node_id}'; "
            f"valid choices: {valid}"
        )


@dataclass(frozen=True)
class Transition:
    """The record of one choice: its node, the choices offered, and its target."""

    node_id: str
    choice_id: str
    shown: tuple[str, ...]
    target: str
    rung_before: Rung
    rung_after: Rung


class _Values(Mapping[str, int | bool]):
    """The names a condition can read: variables, `rung` and rung ids as indexes."""

    def __init__(self, story: Story) -> None:
        self._story = story

    def __getitem__(self, name: str) -> int | bool:
        variables = self._story.state.variables
        if name in variables:
            return variables[name]
        if name == "rung":
            return self._story.rung.index
        return self._story.scenario.ladder.get(name).index

    def __iter__(self) -> Iterator[str]:
        return iter(self._story.state.variables)

    def __len__(self) -> int:
        return len(self._story.state.variables)


class Story:
    """A scenario being played, with its PlayState.

    :param state: a saved state to resume; None starts at the scenario's start node.
    """

    def __init__(self, scenario: Scenario, state: PlayState | None = None) -> None:
        self.scenario = scenario
        self._values = _Values(self)
        if state is None:
            self.state = PlayState(
                scenario_id=scenario.id,
                content_hash=scenario.content_hash,
                step_id=scenario.start,
                variables={v.id: v.initial for v in scenario.variables.values()},
                rung_id=scenario.ladder.first.id,
            )
            self._enter(scenario.start)
        else:
            self._check_state(state)
            self.state = state

    def _check_state(self, state: PlayState) -> None:
        if state.scenario_id != self.scenario.id:
            raise StateError(
                f"the saved state is for scenario '{state.scenario_id}', "
                f"not '{self.scenario.id}'"
            )
        if not self.scenario.has_step(state.step_id):
            raise StateError(f"the saved step '{state.step_id}' is not in the scenario")
        if set(state.variables) != set(self.scenario.variables):
            raise StateError("the saved variables do not match the scenario's")
        self.scenario.ladder.get(state.rung_id)

    # Reading ---------------------------------------------------------------------

    @property
    def current(self) -> Step:
        return self.scenario.step(self.state.step_id)

    @property
    def is_over(self) -> bool:
        return isinstance(self.current, Ending)

    @property
    def ending(self) -> Ending | None:
        step = self.current
        return step if isinstance(step, Ending) else None

    @property
    def rung(self) -> Rung:
        return self.scenario.ladder.get(self.state.rung_id)

    @property
    def variables(self) -> Mapping[str, int | bool]:
        return self.state.variables

    def holds(self, condition) -> bool:
        """Return whether a Condition is true now; None counts as true."""
        if condition is None:
            return True
        return bool(expr.evaluate(condition.expr, self._values))

    def lines(self) -> list[Line]:
        return [line for line in self.current.lines if self.holds(line.when)]

    def choices(self) -> list[Choice]:
        if self.is_over:
            return []
        return [choice for choice in self.current.choices if self.holds(choice.when)]

    # Playing ---------------------------------------------------------------------

    def choose(self, choice_id: str) -> Transition:
        """Take a choice offered now; raises ChoiceNotAvailable."""
        offered = self.choices()
        shown = tuple(choice.id for choice in offered)
        node_id = self.state.step_id
        choice = next((c for c in offered if c.id == choice_id), None)
        if choice is None:
            raise ChoiceNotAvailable(node_id, choice_id, shown)

        rung_before = self.rung
        for effect in choice.effects:
            self._apply(effect)
        self.state.history.append([node_id, choice_id])
        self._enter(choice.go)
        log.debug("%s: %s -> %s", node_id, choice_id, choice.go)
        return Transition(node_id, choice_id, shown, choice.go, rung_before, self.rung)

    def _enter(self, step_id: str) -> None:
        self.state.step_id = step_id
        self.state.visited.append(step_id)
        for effect in self.scenario.step(step_id).enter:
            self._apply(effect)

    def _apply(self, effect: expr.Effect) -> None:
        if effect.op == "->":
            assert isinstance(effect.value, expr.Name)
            self.state.rung_id = effect.value.name
            return
        value = expr.evaluate(effect.value, self._values)
        variables = self.state.variables
        if effect.op == "=":
            variables[effect.target] = value
        elif effect.op == "+=":
            variables[effect.target] = int(variables[effect.target]) + int(value)
        else:
            variables[effect.target] = int(variables[effect.target]) - int(value)
