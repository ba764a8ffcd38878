"""Whole-scenario validation: the loader's checks, then the checks of the whole graph.

Each check is a function of a :class:`Context` that adds diagnostics with the codes of
:mod:`game.authoring.codes`. An unexpected exception in one check becomes a CC590
diagnostic naming the check, and the other checks still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.scenario import DiagnosticList, Scenario, Span, check_scenario
from game.scenario.diagnostics import display_path
from game.scenario.loader import paused_gc

from . import codes  # noqa: F401  (registers the CC5xx and CC6xx codes)
from .statespace import MAX_STATES, StateSpace
from .validate_graph import (
    check_duplicate_choices,
    check_ending_cases,
    check_loops,
    check_unreachable,
)
from .validate_play import (
    check_ladder,
    check_never_offered,
    check_never_reached,
    check_state_space,
    check_stuck,
    check_trapped,
)
from .validate_text import check_assets, check_stale_translations, check_texts
from .validate_vars import check_variables

log = logging.getLogger(__name__)


@dataclass
class Context:
    """State shared by the checks of one scenario.

    :param space: the explored play states, set by the state-space check; None
        before it ran or when it failed, and the checks that need it skip then.
    """

    scenario: Scenario
    diagnostics: DiagnosticList
    max_states: int = MAX_STATES
    space: StateSpace | None = None

    def add(
        self, code: str, message: str, span: Span | None, suggestion: str | None = None
    ) -> None:
        self.diagnostics.add(code, message, span, suggestion)


Check = Callable[[Context], None]

# In this order: the state-space check must run before the checks that read it.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("unreachable", check_unreachable),
    ("loops", check_loops),
    ("state space", check_state_space),
    ("stuck", check_stuck),
    ("never reached", check_never_reached),
    ("never offered", check_never_offered),
    ("trapped", check_trapped),
    ("ladder", check_ladder),
    ("variables", check_variables),
    ("duplicate choices", check_duplicate_choices),
    ("ending cases", check_ending_cases),
    ("texts", check_texts),
    ("translations", check_stale_translations),
    ("assets", check_assets),
)


def validate_scenario(
    scenario: Scenario, diagnostics: DiagnosticList, *, max_states: int = MAX_STATES
) -> None:
    """Run every whole-graph check on a loaded scenario, adding to `diagnostics`."""
    context = Context(scenario, diagnostics, max_states)
    shown_path = display_path(scenario.path)
    with paused_gc():
        for name, check in CHECKS:
            try:
                check(context)
            except Exception as error:  # a bug in one check must not stop the others
                log.exception("the %s check failed on %s", name, shown_path)
                internal_error(diagnostics, name, shown_path, error)


def validate_path(path: str | Path, *, max_states: int = MAX_STATES) -> DiagnosticList:
    """Load one scenario file, validate it and return every diagnostic found."""
    shown_path = display_path(Path(path))
    try:
        scenario, diagnostics = check_scenario(path)
    except Exception as error:  # a loader bug is reported, not raised
        log.exception("the loader failed on %s", shown_path)
        diagnostics = DiagnosticList()
        internal_error(diagnostics, "loader", shown_path, error)
        return diagnostics
    if scenario is not None:
        validate_scenario(scenario, diagnostics, max_states=max_states)
    return diagnostics


def internal_error(
    diagnostics: DiagnosticList, check: str, shown_path: str, error: Exception
) -> None:
    diagnostics.add(
        "CC590",
        f"internal error in the {check} check of {shown_path}: "
        f"{type(error).__name__}: {error}",
        Span(shown_path, 1, 1),
        "please report this with the scenario file; the other checks still ran",
    )
