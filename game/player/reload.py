"""Reload while editing: read the scenario file again on F5 or when it is saved.

Only while a scenario plays, and only when the app watches (``--watch``), the
file's modification time and size are checked every POLL_SECONDS. A change, F5
or Ctrl+R reads the file again with check_scenario:

- With errors, the error card lists them and the current scene plays on.
- Without errors, the play screen is built again at the current node, which
  keeps the variables that are still declared with the same type and the rung
  when the ladder still has it. When the node is gone, play restarts at the
  start node. Either way a one-line notice at the top reports the outcome.

A run must belong to one version of the content, so the open analytics run is
abandoned as ``closed`` and a new run starts with the new content hash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from direct.task import Task

from game.player import ui_play
from game.player import ui_theme as theme
from game.player.ui_diagnostics import DiagnosticsCard
from game.scenario import check_scenario
from game.scenario.model import Scenario
from game.story import PlayState, Story

if TYPE_CHECKING:
    from game.player.app import PlayerApp

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5

FileStamp = tuple[int, int] | None


def file_stamp(path: Path) -> FileStamp:
    """Return the mtime in ns and the size of ``path``, or None if it is unreadable."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


@dataclass(frozen=True)
class CarriedState:
    """The play state moved onto a reloaded scenario.

    :param story: the story to go on with, at the old node or at the start.
    :param missing_step: the old node's id when the new scenario lacks it.
    :param reset: ids of variables that went back to their initial value, and
        ``rung`` when the rung did.
    """

    story: Story
    missing_step: str | None = None
    reset: tuple[str, ...] = ()


def carry_state(old: Story, scenario: Scenario) -> CarriedState:
    """Move the state of ``old`` onto ``scenario``, a new version of its scenario."""
    state = old.state
    if not scenario.has_step(state.step_id):
        return CarriedState(Story(scenario), missing_step=state.step_id)

    old_variables = old.scenario.variables
    variables: dict[str, int | bool] = {}
    reset: list[str] = []
    for variable in scenario.variables.values():
        before = old_variables.get(variable.id)
        if before is not None and before.type == variable.type:
            variables[variable.id] = state.variables[variable.id]
            continue
        variables[variable.id] = variable.initial
        if before is not None:
            reset.append(variable.id)

    rung_id = state.rung_id
    if not any(rung.id == rung_id for rung in scenario.ladder.rungs):
        rung_id = scenario.ladder.first.id
        reset.append("rung")

    carried = PlayState(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        step_id=state.step_id,
        variables=variables,
        rung_id=rung_id,
        history=[list(entry) for entry in state.history],
        visited=list(state.visited),
    )
    return CarriedState(Story(scenario, carried), reset=tuple(reset))


def reload_notice(carried: CarriedState, lang: str) -> str:
    """Return the one-line notice shown after a successful reload."""
    if carried.missing_step is not None:
        return theme.ui_text("reload_restarted", lang, step=carried.missing_step)
    if carried.reset:
        return theme.ui_text("reloaded_reset", lang, names=", ".join(carried.reset))
    return theme.ui_text("reloaded", lang)


class LiveReload:
    """Watches the playing scenario's file and reloads it into the play screen.

    :param clock: returns the time in seconds; tests pass a fake one.
    :param enabled: False for a kiosk: no polling, and F5 does nothing.
    """

    TASK_NAME = "scenario-watch"

    def __init__(
        self, app: PlayerApp, clock: Callable[[], float], enabled: bool
    ) -> None:
        self.app = app
        self.clock = clock
        self.enabled = enabled
        self.path: Path | None = None
        self.stamp: FileStamp = None
        self.next_poll = 0.0
        self.requested = False
        self.card: DiagnosticsCard | None = None
        if enabled:
            app.task_mgr.add(self._tick, self.TASK_NAME)

    def watch(self, path: Path) -> None:
        """Start watching ``path``, the file of the scenario that now plays."""
        if not self.enabled:
            return
        if path != self.path:
            self.close_card()
        self.path = path
        self.stamp = file_stamp(path)
        self.next_poll = self.clock() + POLL_SECONDS
        self.requested = False

    def forget(self) -> None:
        """Stop watching, as play ends; the error card goes too."""
        self.path = None
        self.requested = False
        self.close_card()

    def request(self) -> None:
        """Reload now, or as soon as the decision being committed is on disk."""
        if not self.enabled or self.path is None:
            return
        self.requested = True
        self._reload_when_ready()

    def handle(self, action: str, number: int) -> bool:
        """Give an action to the error card; return True if the card is up."""
        if self.card is None:
            return False
        return self.card.handle(action, number)

    def close_card(self) -> None:
        if self.card is not None:
            self.card.destroy()
            self.card = None

    def destroy(self) -> None:
        self.app.task_mgr.remove(self.TASK_NAME)
        self.forget()

    # Internals ---------------------------------------------------------------

    def _tick(self, task: Task.Task) -> int:
        if self.path is None or self.app.flow.state != "Play":
            return Task.cont
        now = self.clock()
        if now >= self.next_poll:
            self.next_poll = now + POLL_SECONDS
            stamp = file_stamp(self.path)
            if stamp != self.stamp:
                log.info("%s changed on disk; reloading it", self.path)
                self.requested = True
        self._reload_when_ready()
        return Task.cont

    def _reload_when_ready(self) -> None:
        play = self.app.flow.play
        if not self.requested or play is None or self.path is None:
            return
        # The old screen still waits for a commit, and its scene follows at once.
        if play.phase in (ui_play.COMMITTING, ui_play.STARTING):
            return
        self.requested = False
        self.stamp = file_stamp(self.path)
        self.app.guard(self._reload)(play, self.path)

    def _reload(self, play: ui_play.PlayScreen, path: Path) -> None:
        try:
            scenario, diagnostics = check_scenario(path)
        except Exception as exc:  # a loader bug must not end the preview
            log.error("reloading %s failed: %s: %s", path, type(exc).__name__, exc)
            log.debug("traceback of the reload failure", exc_info=exc)
            self._show_errors(f"{path}: {type(exc).__name__}: {exc}", 1)
            return

        if scenario is None:
            log.warning(
                "%s has errors and was not reloaded:\n%s", path, diagnostics.render()
            )
            self._show_errors(diagnostics.render(), len(diagnostics.errors))
            return

        self.close_card()
        carried = carry_state(play.story, scenario)
        # On a rung card, line_index still counts the previous node's lines.
        on_line = play.phase in (ui_play.LINES, ui_play.CHOICES, ui_play.ENDING)
        kept = on_line and carried.missing_step is None
        line_index = play.line_index if kept else 0
        notice = reload_notice(carried, play.lang)
        log.info("reloaded %s: %s", path, reload_notice(carried, "en"))
        self.app.replace_scenario(play.scenario, scenario)
        self.app.flow.replay(scenario, carried.story, line_index, notice)

    def _show_errors(self, rendered: str, error_count: int) -> None:
        self.close_card()
        app = self.app
        self.card = DiagnosticsCard(
            app.aspect2d,
            app.mono_font,
            rendered,
            error_count,
            app.screen_left,
            app.screen_right,
            on_close=app.guard(self.close_card),
        )
