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

from game.scenario import (
    SCENARIOS_DIR,
    DiagnosticList,
    Scenario,
    ScenarioLoadError,
    Span,
    check_scenario,
)
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


def validate_path(
    path: str | Path,
    *,
    max_states: int = MAX_STATES,
    loaded: list[Scenario] | None = None,
) -> DiagnosticList:
    """Load one scenario file, validate it and return every diagnostic found.

    :param loaded: a list that receives the scenario when the file loads, for checks
        across several files.
    """
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
        if loaded is not None:
            loaded.append(scenario)
    return diagnostics


def check_scenario_ids(
    scenarios: list[Scenario], menu_dir: Path | None = None
) -> dict[Path, DiagnosticList]:
    """CC540 for an id used by two files, CC541 for an id unlike its file's name.

    The menu and `play ID` find a scenario by its file name first and then by its id,
    so two files with one id would make `play ID` pick one of them silently. CC541
    applies only to files below `menu_dir`, the folder the kiosk menu lists, since
    test and draft files elsewhere are often named freely.
    """
    menu_dir = menu_dir or SCENARIOS_DIR
    found: dict[Path, DiagnosticList] = {}
    first_with_id: dict[str, Scenario] = {}
    for scenario in scenarios:
        diagnostics = found.setdefault(scenario.path, DiagnosticList())
        span = scenario.spans.get("id")
        earlier = first_with_id.setdefault(scenario.id, scenario)
        if earlier is not scenario:
            diagnostics.add(
                "CC540",
                f"the id '{scenario.id}' is already used by "
                f"{display_path(earlier.path)}",
                span,
                "give each scenario its own id",
            )
        listed = not scenario.path.name.startswith("_")
        if (
            listed
            and _is_below(scenario.path, menu_dir)
            and scenario.path.stem != scenario.id
        ):
            diagnostics.add(
                "CC541",
                f"the id '{scenario.id}' differs from the file name "
                f"'{scenario.path.name}'",
                span,
                f"rename the file to {scenario.id}.yaml, or the id to "
                f"'{scenario.path.stem}'",
            )
    return found


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


def _is_below(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def load_playable(path: str | Path) -> Scenario:
    """Load a scenario and run every whole-graph check; raise ScenarioLoadError.

    The players load scenarios through this, so a file that `validate` rejects is never
    shown to a visitor. Warnings do not stop play.
    """
    scenario, diagnostics = check_scenario(path)
    if scenario is not None:
        validate_scenario(scenario, diagnostics)
    if scenario is None or diagnostics.has_errors():
        raise ScenarioLoadError(Path(path), diagnostics)
    return scenario
