"""Helpers for driving the offscreen player in tests: frames, a fake clock, texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.player import input as actions
from game.player import ui_play
from game.player.app import PlayerApp

MAX_FRAMES = 300


class FakeClock:
    """A clock that moves only when a test calls advance()."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def step_until(
    app: PlayerApp, condition: Callable[[], bool], limit: int = MAX_FRAMES
) -> None:
    """Render frames until ``condition()`` holds; fail after ``limit`` frames."""
    for _ in range(limit):
        if condition():
            return
        app.task_mgr.step()
    pytest.fail(f"condition not reached in {limit} frames (state {app.flow.state})")


def advance_to_choices(app: PlayerApp) -> None:
    """Press continue until the choices of the current node are shown."""

    def ready() -> bool:
        play = app.flow.play
        if play is not None and play.phase in (ui_play.LINES, ui_play.CARD):
            app.router.dispatch(actions.CONFIRM)
        return play is not None and play.phase == ui_play.CHOICES

    step_until(app, ready)
    app.task_mgr.step()


def choose(app: PlayerApp, number: int) -> None:
    """Press choice ``number`` and wait until its commit has shown the next step."""
    play = app.flow.play
    app.router.dispatch(actions.PICK, number)
    step_until(app, lambda: play.phase != ui_play.COMMITTING)


def node_texts(root) -> list[str]:
    """Return the text of every TextNode under ``root``, wrapped rows joined."""
    return [
        " ".join(path.node().get_text().split())
        for path in root.find_all_matches("**/+TextNode")
    ]
