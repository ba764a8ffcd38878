"""The player's side of the analytics log, one run at a time.

A log that cannot be opened, or a call that fails, never stops play. The failure
is logged and play goes on unrecorded, so every call still returns an object
with ``done()``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from game import __version__
from game.analytics import AnalyticsError, AnalyticsLog, RunLog, station_id_default
from game.scenario.model import Scenario

log = logging.getLogger(__name__)

# How long closing the window waits for the last events to be committed.
CLOSE_WAIT_SECONDS = 3.0


class Pending(Protocol):
    """Result of a logging call: an analytics Ack or a stand-in that is done."""

    def done(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> None: ...


class _Done:
    """Stands in for an Ack when nothing is being recorded."""

    def done(self) -> bool:
        return True

    def wait(self, timeout: float | None = None) -> None:
        return None


DONE = _Done()


def open_log(path: Path) -> AnalyticsLog | None:
    """Open the analytics log at ``path``; return None and log why if it fails."""
    try:
        return AnalyticsLog(path, station_id_default())
    except AnalyticsError as exc:
        log.warning("analytics log is off, this session is not recorded: %s", exc)
        return None


class Recorder:
    """Logs the events of the current run to ``analytics`` (None records nothing)."""

    def __init__(self, analytics: AnalyticsLog | None, mode: str) -> None:
        self.analytics = analytics
        self.mode = mode
        self.run: RunLog | None = None

    @property
    def enabled(self) -> bool:
        return self.analytics is not None

    @property
    def active(self) -> bool:
        """Whether a run is started and has not reached an ending or been abandoned."""
        return self.run is not None and not self.run.ended

    def start(self, scenario: Scenario, lang: str) -> None:
        """Start a new run; a run still open is first abandoned as closed."""
        if self.active:
            self.abandon("closed")
        self.run = None
        if self.analytics is None:
            return
        try:
            self.run = self.analytics.start_run(
                scenario_id=scenario.id,
                scenario_version=scenario.version,
                content_hash=scenario.content_hash,
                lang=lang,
                mode=self.mode,
                app_version=__version__,
            )
        except AnalyticsError as exc:
            self._failed("start_run", exc)

    def node_entered(self, node_id: str, rung_id: str, rung_index: int) -> Pending:
        return self._call("node_entered", node_id, rung_id, rung_index)

    def choice_made(
        self,
        *,
        node_id: str,
        choice_id: str,
        shown_choices: Sequence[str],
        decision_ms: int,
        rung_before_id: str,
        rung_before_index: int,
        rung_after_id: str,
        rung_after_index: int,
        target: str,
    ) -> Pending:
        return self._call(
            "choice_made",
            node_id=node_id,
            choice_id=choice_id,
            shown_choices=list(shown_choices),
            decision_ms=decision_ms,
            rung_before_id=rung_before_id,
            rung_before_index=rung_before_index,
            rung_after_id=rung_after_id,
            rung_after_index=rung_after_index,
            target=target,
        )

    def ending_reached(
        self, ending_id: str, ending_kind: str, rung_id: str, rung_index: int
    ) -> Pending:
        return self._call("ending_reached", ending_id, ending_kind, rung_id, rung_index)

    def abandon(self, reason: str, error_type: str | None = None) -> Pending:
        """Log that the open run stopped early; does nothing when none is open."""
        if not self.active:
            return DONE
        return self._call("abandoned", reason, error_type)

    def close(self) -> None:
        """Abandon an open run as closed, then commit and close the log."""
        if self.active:
            pending = self.abandon("closed")
            _wait(pending, CLOSE_WAIT_SECONDS)
        if self.analytics is not None:
            self.analytics.close()
            self.analytics = None

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Pending:
        if self.run is None:
            return DONE
        try:
            return getattr(self.run, method)(*args, **kwargs)
        except AnalyticsError as exc:
            self._failed(method, exc)
            return DONE

    def _failed(self, method: str, exc: AnalyticsError) -> None:
        """Report a failed call; play goes on either way."""
        run_id = self.run.run_id if self.run is not None else "none"
        log.error("analytics %s failed for run %s: %s", method, run_id, exc)


def _wait(pending: Pending, timeout: float) -> None:
    try:
        pending.wait(timeout)
    except TimeoutError:
        log.error("analytics did not commit within %.0f s", timeout)
    except AnalyticsError as exc:
        log.error("analytics commit failed: %s", exc)
