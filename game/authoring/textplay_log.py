"""The analytics log of a text play, recorded the way the 3D player records a run.

One run per play, in mode "text": run_started, node_entered for each node shown,
choice_made for each choice (waiting for its commit before the next step is
printed, as the player waits before the next scene), then ending_reached or
run_abandoned. A log that cannot be opened, or a call that fails, turns recording
off with one warning line on stderr, and play goes on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TextIO

from ..analytics import (
    AnalyticsError,
    AnalyticsLog,
    default_log_path,
    station_id_default,
)
from ..player.recorder import Recorder
from ..scenario.model import Ending
from ..story import Story, Transition

log = logging.getLogger(__name__)

MODE = "text"
COMMIT_WAIT_SECONDS = 5.0  # how long a choice waits for its commit before going on
WARNING = "warning: analytics is off, this run is not recorded: {message}"


class TextRunLog(Recorder):
    """Logs one text play to an analytics log; with no log it records nothing."""

    def __init__(self, analytics: AnalyticsLog | None, err: TextIO) -> None:
        super().__init__(analytics, MODE)
        self.err = err

    @classmethod
    def open(cls, path: Path | None, err: TextIO) -> TextRunLog:
        """Open the log at `path`, or the default log when `path` is None."""
        try:
            target = path if path is not None else default_log_path()
            return cls(AnalyticsLog(target, station_id_default()), err)
        except AnalyticsError as error:
            recorder = cls(None, err)
            recorder._warn(error)
            return recorder

    def step_shown(self, story: Story) -> None:
        """Log node_entered for a node, or ending_reached for an ending."""
        step, rung = story.current, story.rung
        if isinstance(step, Ending):
            self.ending_reached(step.id, step.kind, rung.id, rung.index)
        else:
            self.node_entered(step.id, rung.id, rung.index)

    def log_choice(self, transition: Transition, decision_ms: int) -> None:
        """Log a choice and wait until it is committed, or a few seconds at most."""
        pending = self.choice_made(
            node_id=transition.node_id,
            choice_id=transition.choice_id,
            shown_choices=transition.shown,
            decision_ms=max(0, decision_ms),
            rung_before_id=transition.rung_before.id,
            rung_before_index=transition.rung_before.index,
            rung_after_id=transition.rung_after.id,
            rung_after_index=transition.rung_after.index,
            target=transition.target,
        )
        try:
            pending.wait(COMMIT_WAIT_SECONDS)
        except TimeoutError:
            log.warning(
                "analytics did not commit a decision within %.0f s; going on",
                COMMIT_WAIT_SECONDS,
            )
        except AnalyticsError as error:
            self._failed("choice_made", error)

    def close(self) -> None:
        """Commit what is queued, close an open run as closed, and close the log."""
        try:
            super().close()
        except AnalyticsError as error:
            self._warn(error)
            self.analytics = None

    def _failed(self, method: str, exc: AnalyticsError) -> None:
        """Stop recording after a failed call, with one warning line."""
        self._warn(exc)
        self.run = None
        analytics, self.analytics = self.analytics, None
        if analytics is not None:
            try:
                analytics.close()
            except AnalyticsError:
                log.debug("closing the failed analytics log failed too", exc_info=True)

    def _warn(self, error: AnalyticsError) -> None:
        message = " ".join(str(error).split())
        self.err.write(WARNING.format(message=message) + "\n")
        self.err.flush()
