"""The writer thread, which commits each queued event in its own transaction."""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from game.analytics.events import (
    END_TYPES,
    SCHEMA_VERSION,
    Event,
    RunAbandoned,
    RunStarted,
    WriteFailedError,
    event_payload,
    make_timestamp,
)
from game.analytics.liveness import ProcessOwner
from game.analytics.schema import rollback

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class PendingEvent:
    """One event waiting in the writer queue."""

    run_id: str
    event: Event
    ts: str
    ts_utc_ms: int
    ack: Ack
    owner: ProcessOwner | None = None


def insert_event(conn: sqlite3.Connection, item: PendingEvent, seq: int) -> None:
    """Insert ``item`` as event ``seq`` inside the transaction the caller opened."""
    payload = json.dumps(
        event_payload(item.event), ensure_ascii=False, separators=(",", ":")
    )
    conn.execute(
        "INSERT INTO events (event_id, run_id, seq, type, ts, ts_utc_ms, schema,"
        " payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uuid.uuid4().hex,
            item.run_id,
            seq,
            item.event.type,
            item.ts,
            item.ts_utc_ms,
            SCHEMA_VERSION,
            payload,
        ),
    )


def commit_event(conn: sqlite3.Connection, item: PendingEvent, seq: int) -> None:
    """Write one event and its live_runs change in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        insert_event(conn, item, seq)
        if item.owner is not None:
            owner = item.owner
            conn.execute(
                "INSERT INTO live_runs (run_id, host_key, pid, boot_id, process_start)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    item.run_id,
                    owner.host_key,
                    owner.pid,
                    owner.boot_id,
                    owner.process_start,
                ),
            )
        elif item.event.type in END_TYPES:
            conn.execute("DELETE FROM live_runs WHERE run_id = ?", (item.run_id,))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


class Ack(Future):
    """Result of one queued event write, resolved once the event is committed.

    ``result()`` returns the event's ``seq``, and ``wait()`` only waits. Both raise
    WriteFailedError if the commit failed, and TimeoutError on timeout. A queued
    write cannot be cancelled.
    """

    def wait(self, timeout: float | None = None) -> None:
        """Block until the event is committed, raising its write error if any."""
        self.result(timeout)

    def cancel(self) -> bool:
        return False


_STOP = object()


class EventWriter(threading.Thread):
    """Thread that owns the write connection and commits each queued event alone."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(name="analytics-writer", daemon=True)
        self._conn = conn
        self._path = path
        self._queue: queue.SimpleQueue[PendingEvent | object] = queue.SimpleQueue()
        # Next seq of every run whose run_started is committed and that has not
        # ended. The writer assigns seq, so a failed commit leaves no gap.
        self._next_seq: dict[str, int] = {}

    def submit(self, item: PendingEvent) -> None:
        self._queue.put(item)

    def stop(self) -> None:
        self._queue.put(_STOP)

    def run(self) -> None:
        try:
            while (item := self._queue.get()) is not _STOP:
                self._write_safely(item)
            for run_id in list(self._next_seq):
                ts, ts_utc_ms = make_timestamp()
                event = RunAbandoned("closed")
                self._write_safely(PendingEvent(run_id, event, ts, ts_utc_ms, Ack()))
        finally:
            self._conn.close()

    def _write_safely(self, item: PendingEvent) -> None:
        try:
            self._write(item)
        except Exception as exc:
            # A bug must not stop the thread, because later acks would never resolve.
            logger.exception("analytics writer failed on run %s", item.run_id)
            if not item.ack.done():
                item.ack.set_exception(exc)

    def _write(self, item: PendingEvent) -> None:
        kind = item.event.type
        seq = 1 if kind == RunStarted.type else self._next_seq.get(item.run_id)
        if seq is None:
            item.ack.set_exception(
                WriteFailedError(
                    f"The {kind} event of run {item.run_id} was not written because "
                    "the run_started event of that run failed to commit. Start a "
                    "new run."
                )
            )
            return

        try:
            commit_event(self._conn, item, seq)
        except sqlite3.Error as exc:
            hint = (
                "Another process changed this run (recovery may have closed it)."
                if getattr(exc, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_UNIQUE"
                else "Check that the disk is not full and the file is writable."
            )
            error = WriteFailedError(
                f"Could not write the {kind} event of run {item.run_id} to "
                f"'{self._path}': {exc}. {hint}"
            )
            logger.error("%s", error)
            item.ack.set_exception(error)
            return

        if kind in END_TYPES:
            self._next_seq.pop(item.run_id, None)
        else:
            self._next_seq[item.run_id] = seq + 1
        item.ack.set_result(seq)
