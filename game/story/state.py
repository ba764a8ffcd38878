"""The play state: everything that changes while a scenario is played.

It is kept apart from the immutable Scenario, so saving a game saves only this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# Bump STATE_FORMAT when the JSON layout changes. OLDEST_LOADABLE is the oldest layout
# from_json still reads; raise it only when older saves can no longer be converted.
STATE_FORMAT = 1
OLDEST_LOADABLE = 1


class StateError(ValueError):
    """A saved play state cannot be read or does not fit the scenario."""


@dataclass
class PlayState:
    """The position of a run: current step, variables, rung and choices taken.

    :param history: one entry per choice taken, ``[node_id, choice_id]``.
    """

    scenario_id: str
    content_hash: str
    step_id: str
    variables: dict[str, int | bool]
    rung_id: str
    history: list[list[str]] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": STATE_FORMAT,
                "scenario_id": self.scenario_id,
                "content_hash": self.content_hash,
                "step_id": self.step_id,
                "variables": self.variables,
                "rung_id": self.rung_id,
                "history": self.history,
                "visited": self.visited,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> PlayState:
        """Read a saved state; raises StateError for a malformed or newer save."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise StateError(f"the saved state is not valid JSON: {error}") from error
        if not isinstance(data, dict):
            raise StateError("the saved state must be a JSON object")
        version = data.get("format")
        if not isinstance(version, int) or not (
            OLDEST_LOADABLE <= version <= STATE_FORMAT
        ):
            raise StateError(
                f"saved state format {version!r} is not readable; this program reads "
                f"{OLDEST_LOADABLE} to {STATE_FORMAT}"
            )
        try:
            state = cls(
                scenario_id=str(data["scenario_id"]),
                content_hash=str(data["content_hash"]),
                step_id=str(data["step_id"]),
                variables=dict(data["variables"]),
                rung_id=str(data["rung_id"]),
                history=[[str(a), str(b)] for a, b in data["history"]],
                visited=[str(step) for step in data["visited"]],
            )
        except (KeyError, TypeError, ValueError) as error:
            raise StateError(f"the saved state lacks or garbles {error}") from error
        return state
