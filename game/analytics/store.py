"""The analytics log of this process (AnalyticsLog) and of one run (RunLog).

Durability: the file is in WAL mode with ``synchronous=FULL``, and every event is
committed in its own transaction before its Ack resolves. A committed event survives
a killed process; it also survives a power cut as long as the disk honours fsync.
Only the writer thread touches the connection after AnalyticsLog opens, so callers on
the render loop do not wait for the disk, except in close().

The file format is in schema.py, the recovery of crashed runs in recovery.py and
liveness.py, and the writer thread in writer.py.
"""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
import uuid
from os import PathLike
from pathlib import Path
from typing import Self

from game.analytics.events import (
    END_TYPES,
    AnalyticsError,
    ChoiceMade,
    EndingReached,
    Event,
    LogClosedError,
    NodeEntered,
    RunAbandoned,
    RunEndedError,
    RunStarted,
    check_id,
    make_timestamp,
)
from game.analytics.liveness import ProcessOwner, current_owner
from game.analytics.recovery import recover_interrupted_runs
from game.analytics.schema import describe_sqlite_error, open_log_connection
from game.analytics.writer import Ack, EventWriter, PendingEvent

logger = logging.getLogger(__name__)


class AnalyticsLog:
    """The analytics log file of this process, written by a background thread.

    Opening runs recovery (runs of dead processes are closed as "interrupted") and
    starts the writer thread. Every logging call returns an Ack at once.

    :param path: the SQLite file; it and its folder are created if missing.
    :param station_id: id of this kiosk, see ``station_id_default()``.
    :raises LogFileError: the file cannot be opened, is damaged or is too new.
    """

    def __init__(self, path: str | PathLike[str], station_id: str) -> None:
        self.path = Path(path)
        self.station_id = check_id("AnalyticsLog", "station_id", station_id)
        self._owner = current_owner()

        conn = open_log_connection(self.path)
        try:
            recovered = recover_interrupted_runs(conn, self.path, self._owner)
        except sqlite3.Error as exc:
            conn.close()
            raise describe_sqlite_error(self.path, exc) from exc
        self.recovered_runs: tuple[str, ...] = tuple(recovered)

        self._lock = threading.Lock()
        self._closed = False
        self._writer = EventWriter(conn, self.path)
        self._writer.start()
        # The writer is a daemon thread, so a game that never calls close() can still
        # exit. This hook flushes the queue at a normal interpreter exit.
        atexit.register(self.close)
        logger.info(
            "analytics log %s opened for station %s", self.path, self.station_id
        )

    def start_run(
        self,
        *,
        scenario_id: str,
        scenario_version: int,
        content_hash: str,
        lang: str,
        mode: str,
        app_version: str,
    ) -> RunLog:
        """Log run_started for a new run and return its RunLog.

        The run's Ack is ``RunLog.start_ack``. Raises InvalidEventError on a bad
        field and LogClosedError after close().
        """
        event = RunStarted(
            station_id=self.station_id,
            scenario_id=scenario_id,
            scenario_version=scenario_version,
            content_hash=content_hash,
            lang=lang,
            mode=mode,
            app_version=app_version,
        )
        run_id = uuid.uuid4().hex
        start_ack = self.submit(run_id, event, owner=self._owner)
        return RunLog(self, run_id, start_ack)

    def submit(
        self, run_id: str, event: Event, owner: ProcessOwner | None = None
    ) -> Ack:
        """Queue ``event`` for ``run_id`` and return its Ack (RunLog calls this)."""
        ack = Ack()
        with self._lock:
            if self._closed:
                raise LogClosedError(
                    f"The analytics log '{self.path}' is closed, so {event.type} "
                    "cannot be logged. Open a new AnalyticsLog."
                )
            ts, ts_utc_ms = make_timestamp()
            self._writer.submit(PendingEvent(run_id, event, ts, ts_utc_ms, ack, owner))
        return ack

    def close(self) -> None:
        """Commit every queued event, close open runs as "closed", stop the thread.

        Calling it again does nothing.
        """
        if threading.current_thread() is self._writer:
            raise AnalyticsError(
                "AnalyticsLog.close() was called from the writer thread (from an "
                "Ack callback); call it from the game's own thread."
            )
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._writer.stop()
        self._writer.join()
        atexit.unregister(self.close)
        logger.info("analytics log %s closed", self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class RunLog:
    """Logging calls for one run. Safe to call from several threads.

    After ending_reached() or abandoned(), every call raises RunEndedError.
    """

    def __init__(self, log: AnalyticsLog, run_id: str, start_ack: Ack) -> None:
        self.run_id = run_id
        self.start_ack = start_ack
        self._log = log
        self._lock = threading.Lock()
        self._ended_by: str | None = None

    @property
    def ended(self) -> bool:
        """Whether an ending or abandonment was logged (or queued) for this run."""
        return self._ended_by is not None

    def node_entered(self, node_id: str, rung_id: str, rung_index: int) -> Ack:
        """Log that play entered ``node_id`` while on rung ``rung_id``."""
        return self._submit(NodeEntered(node_id, rung_id, rung_index))

    def choice_made(
        self,
        *,
        node_id: str,
        choice_id: str,
        shown_choices: list[str] | tuple[str, ...],
        decision_ms: int,
        rung_before_id: str,
        rung_before_index: int,
        rung_after_id: str,
        rung_after_index: int,
        target: str,
    ) -> Ack:
        """Log the choice taken at ``node_id`` among ``shown_choices``."""
        event = ChoiceMade(
            node_id=node_id,
            choice_id=choice_id,
            shown_choices=shown_choices,  # type: ignore[arg-type]
            decision_ms=decision_ms,
            rung_before_id=rung_before_id,
            rung_before_index=rung_before_index,
            rung_after_id=rung_after_id,
            rung_after_index=rung_after_index,
            target=target,
        )
        return self._submit(event)

    def ending_reached(
        self, ending_id: str, ending_kind: str, rung_id: str, rung_index: int
    ) -> Ack:
        """Log the ending of the run, after which no event may follow."""
        return self._submit(EndingReached(ending_id, ending_kind, rung_id, rung_index))

    def abandoned(self, reason: str, error_type: str | None = None) -> Ack:
        """Log that the run stopped early (idle, closed, interrupted or error)."""
        return self._submit(RunAbandoned(reason, error_type))

    def _submit(self, event: Event) -> Ack:
        with self._lock:
            if self._ended_by is not None:
                raise RunEndedError(
                    f"Run {self.run_id} already ended with {self._ended_by}, so "
                    f"{event.type} cannot be logged for it. Start a new run with "
                    "AnalyticsLog.start_run()."
                )
            ack = self._log.submit(self.run_id, event)
            if event.type in END_TYPES:
                self._ended_by = event.type
        return ack
