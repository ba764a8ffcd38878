"""The idle timeout: ask "Are you still there?", then end the run and go to the title.

A visitor who walks away leaves the kiosk on some screen. After IDLE_SECONDS
without any input the idle card shows "Are you still there?" with a countdown
of COUNTDOWN_SECONDS, and any input dismisses it. At zero the open run is logged
as abandoned with reason ``idle`` and the attract screen returns. Time while
narration speaks does not count, because the visitor is listening.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from direct.task import Task
from panda3d.core import ClockObject

from game.player.ui_idle import IdleCard

if TYPE_CHECKING:
    from game.player.app import PlayerApp

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0
COUNTDOWN_SECONDS = 25.0
# The screens that the idle timeout watches. The title is the attract screen
# already, and the problem card returns to it by itself.
WATCHED_STATES = frozenset({"Language", "Menu", "Play", "Epilogue"})

ACTIVE = "active"
ASKING = "asking"
EXPIRED = "expired"


class IdleTimer:
    """Counts the seconds since the last input, leaving out paused time.

    :param clock: returns the time in seconds, such as ``time.monotonic``.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        idle_seconds: float = IDLE_SECONDS,
        countdown_seconds: float = COUNTDOWN_SECONDS,
    ) -> None:
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self.idle = 0.0
        self.last = clock()

    @property
    def state(self) -> str:
        if self.idle < self.idle_seconds:
            return ACTIVE
        if self.idle < self.idle_seconds + self.countdown_seconds:
            return ASKING
        return EXPIRED

    @property
    def remaining(self) -> float:
        """Seconds left on the countdown; the full countdown before it starts."""
        left = self.idle_seconds + self.countdown_seconds - self.idle
        return max(0.0, min(self.countdown_seconds, left))

    def reset(self) -> None:
        """Start counting again from now, as after an input."""
        self.idle = 0.0
        self.last = self.clock()

    def update(self, paused: bool = False) -> str:
        """Count the time since the last update unless ``paused``; return the state."""
        now = self.clock()
        elapsed = max(0.0, now - self.last)
        self.last = now
        if paused:
            return self.state

        before = self.idle
        self.idle += elapsed
        # A long gap (a stalled frame, a suspended machine) must not skip the
        # question, so the countdown always starts at its full length.
        if before < self.idle_seconds <= self.idle:
            self.idle = self.idle_seconds
        return self.state


class IdleWatch:
    """Runs the idle timer on ``app`` once a frame and shows the idle card.

    :param on_timeout: called when the countdown reaches zero.
    """

    TASK_NAME = "idle-watch"

    def __init__(
        self,
        app: PlayerApp,
        clock: Callable[[], float],
        on_timeout: Callable[[], None],
        enabled: bool = True,
    ) -> None:
        self.app = app
        self.timer = IdleTimer(clock)
        self.on_timeout = on_timeout
        self.enabled = enabled
        self.card: IdleCard | None = None
        self.dismissed_frame = -1
        if enabled:
            app.task_mgr.add(self._tick, self.TASK_NAME)

    @property
    def asking(self) -> bool:
        """Whether the idle card is on screen."""
        return self.card is not None

    def note_input(self) -> bool:
        """Restart the timer; return True if the input only dismissed the card.

        Keys and clicks can arrive as more than one event in one frame, so every
        input in the frame that dismissed the card is used up too.
        """
        frame = ClockObject.get_global_clock().get_frame_count()
        self.timer.reset()
        if self.card is not None:
            self._hide()
            self.dismissed_frame = frame
            log.info("input during the idle countdown; play goes on")
            return True
        return frame == self.dismissed_frame

    def destroy(self) -> None:
        self.app.task_mgr.remove(self.TASK_NAME)
        self._hide()

    def _tick(self, task: Task.Task) -> int:
        if self.app.flow.state not in WATCHED_STATES:
            self.timer.reset()
            self._hide()
            return Task.cont

        state = self.timer.update(paused=self.app.narration.is_speaking())
        if state == ASKING:
            if self.card is None:
                log.info(
                    "no input for %.0f s; asking whether anyone is there", IDLE_SECONDS
                )
                self.card = IdleCard(self.app.aspect2d, self.timer.countdown_seconds)
            self.card.set_remaining(self.timer.remaining)
        elif state == EXPIRED:
            log.info("the idle countdown ran out; returning to the title screen")
            self.timer.reset()
            self._hide()
            self.on_timeout()
        return Task.cont

    def _hide(self) -> None:
        if self.card is not None:
            self.card.destroy()
            self.card = None
