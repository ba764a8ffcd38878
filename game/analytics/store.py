"""SQLite analytics log: schema, recovery of crashed runs, and the writer thread.

Durability: the file is in WAL mode with ``synchronous=FULL``, and every event is
committed in its own transaction before its Ack resolves. A committed event survives
a killed process; it also survives a power cut as long as the disk honours fsync.
Only the writer thread touches the connection after AnalyticsLog opens, so callers on
the render loop never wait for the disk.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import queue
import socket
import sqlite3
import sys
import threading
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Self

from game.analytics.events import (
    END_TYPES,
    SCHEMA_VERSION,
    AnalyticsError,
    ChoiceMade,
    CorruptLogError,
    EndingReached,
    Event,
    LogClosedError,
    LogFileError,
    NewerSchemaError,
    NodeEntered,
    RunAbandoned,
    RunEndedError,
    RunStarted,
    WriteFailedError,
    check_id,
    event_payload,
    make_timestamp,
)
from game.analytics.paths import DATA_DIR_ENV

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
REQUIRED_TABLES = ("meta", "events", "live_runs")

# live_runs holds one row per run that has started and not ended, naming the process
# that writes it, so that recovery can tell a crashed writer from a live one.
_SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        type TEXT NOT NULL,
        ts TEXT NOT NULL,
        ts_utc_ms INTEGER NOT NULL,
        schema INTEGER NOT NULL,
        payload TEXT NOT NULL,
        UNIQUE (run_id, seq)
    )""",
    "CREATE INDEX events_by_time ON events (ts_utc_ms, run_id, seq)",
    "CREATE INDEX events_by_type ON events (type, run_id)",
    """CREATE TABLE live_runs (
        run_id TEXT PRIMARY KEY,
        host_key TEXT NOT NULL,
        pid INTEGER NOT NULL,
        boot_id TEXT NOT NULL,
        process_start TEXT NOT NULL
    )""",
)

# Entry i migrates the file from user_version i to i + 1.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_SCHEMA_V1,)
assert len(_MIGRATIONS) == SCHEMA_VERSION

_OPEN_RUNS_SQL = """
SELECT s.run_id, l.host_key, l.pid, l.boot_id, l.process_start
FROM events AS s LEFT JOIN live_runs AS l ON l.run_id = s.run_id
WHERE s.type = 'run_started' AND NOT EXISTS (
    SELECT 1 FROM events AS e
    WHERE e.run_id = s.run_id AND e.type IN ('ending_reached', 'run_abandoned')
)
"""


@dataclass(frozen=True)
class ProcessOwner:
    """Identity of the process that writes a run, for checking later that it runs.

    ``host_key`` is a hash of the host name, so the name itself is never stored.
    ``boot_id`` and ``process_start`` are empty where the platform has no cheap way
    to read them (everywhere but Linux).
    """

    host_key: str
    pid: int
    boot_id: str
    process_start: str


def current_owner() -> ProcessOwner:
    """Return the ProcessOwner of this process."""
    digest = hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()
    pid = os.getpid()
    return ProcessOwner(digest[:16], pid, _boot_id(), _process_start(pid) or "")


def owner_is_dead(owner: ProcessOwner | None, me: ProcessOwner) -> bool | None:
    """Return whether ``owner`` has stopped, or None if this host cannot check it.

    A run with no owner row is dead, because the writer adds the row in the same
    transaction as run_started. A process on another host cannot be checked.
    """
    if owner is None:
        return True
    if owner.host_key != me.host_key:
        return None
    if owner.boot_id and me.boot_id and owner.boot_id != me.boot_id:
        return True

    start = _process_start(owner.pid)
    if start is None:
        return True
    # A different start time means the pid was reused by a new process.
    return bool(owner.process_start and start and start != owner.process_start)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _process_start(pid: int) -> str | None:
    """Return a start-time token of process ``pid``, "" if unknown, None if gone."""
    if pid <= 0:
        return None
    if sys.platform.startswith("linux") and Path("/proc/self/stat").exists():
        return _linux_process_start(pid)
    if sys.platform == "win32":
        return "" if _windows_pid_exists(pid) else None
    try:
        os.kill(pid, 0)  # signal 0 only checks that the pid exists
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists but belongs to another user
    return ""


def _linux_process_start(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in brackets may contain spaces, so split after it.
    state, *rest = stat.rsplit(")", 1)[-1].split() or ["?"]
    if state in ("Z", "X"):
        return None  # a zombie has exited but is not yet reaped
    if len(rest) < 19:
        return ""  # alive, but the start time is unreadable
    return rest[18]  # field 22 of proc_pid_stat(5): start time in clock ticks


def _windows_pid_exists(pid: int) -> bool:
    # NOTE: written against the Win32 documentation; it has not run on Windows.
    # os.kill(pid, 0) cannot be used there because it terminates the process.
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    query_limited_information = 0x1000
    still_active = 259
    access_denied = 5

    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied
    try:
        exit_code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(exit_code)):
            return True
        return exit_code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def describe_sqlite_error(path: Path, exc: sqlite3.Error) -> LogFileError:
    """Return a LogFileError for ``exc`` that names the file and the next step."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return CorruptLogError(
            f"The analytics log '{path}' is damaged or is not an SQLite database "
            f"({exc}). Move it aside, together with any '{path.name}-wal' and "
            f"'{path.name}-shm' files beside it, and start again: a new empty log "
            "is then created. Keep the moved file for inspection."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LogFileError(
            f"The analytics log '{path}' is locked by another program ({exc}). "
            "Close the other program that uses it and try again."
        )
    return LogFileError(
        f"Cannot open or write the analytics log '{path}': {exc}. Check that the "
        "folder exists and is writable and that the disk is not full, or set "
        f"{DATA_DIR_ENV} to another folder."
    )


def check_user_version(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's PRAGMA user_version, or raise if it is newer than this code."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"The analytics log '{path}' was written by a newer version of Clear "
            f"Choice (log schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update the game, or move the file aside to start "
            "a new log."
        )
    return version


def check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """Raise CorruptLogError unless the file has every analytics table."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    missing = set(REQUIRED_TABLES) - {row[0] for row in rows}
    if missing:
        raise CorruptLogError(
            f"'{path}' is an SQLite database but not a Clear Choice analytics log "
            f"(tables missing: {', '.join(sorted(missing))}). Move it aside or "
            "choose another file."
        )


def open_log_connection(path: Path) -> sqlite3.Connection:
    """Open or create the log at ``path`` for writing, migrated to SCHEMA_VERSION.

    Raises LogFileError (or a subclass) naming the file and the fix.
    """
    if path.is_dir():
        raise LogFileError(
            f"The analytics log path '{path}' is a folder. Give a file path such "
            "as analytics.sqlite3 inside it."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )
    except OSError as exc:
        raise LogFileError(
            f"Cannot create the folder for the analytics log '{path}': {exc}. "
            f"Make it writable or set {DATA_DIR_ENV} to another folder."
        ) from exc
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from exc

    try:
        version = check_user_version(conn, path)
        _configure_durability(conn, path)
        _migrate(conn, path, version)
        check_tables(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise describe_sqlite_error(path, exc) from exc
    except AnalyticsError:
        conn.close()
        raise
    return conn


def _configure_durability(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        # Some network file systems cannot hold WAL files. The rollback journal with
        # synchronous=FULL is still durable, only slower.
        logger.warning("analytics log %s stays in %s journal mode, not WAL", path, mode)
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    if (
        version == 0
        and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    ):
        raise CorruptLogError(
            f"'{path}' is an SQLite database of another program, not a Clear Choice "
            "analytics log. Move it aside or choose another file."
        )
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated the file while this one waited.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                for statement in _MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    ("schema_version", str(version + 1)),
                )
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        logger.info("analytics log %s is at schema %d", path, version)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            logger.exception("rollback of the analytics log failed")


@dataclass(slots=True)
class PendingEvent:
    """One event waiting in the writer queue."""

    run_id: str
    event: Event
    ts: str
    ts_utc_ms: int
    ack: Ack
    owner: ProcessOwner | None = None


def _insert_event(conn: sqlite3.Connection, item: PendingEvent, seq: int) -> None:
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
        _insert_event(conn, item, seq)
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
        _rollback(conn)
        raise


def recover_interrupted_runs(
    conn: sqlite3.Connection, path: Path, me: ProcessOwner
) -> list[str]:
    """Close every open run whose writer process is dead; return their run ids.

    Each such run gets one run_abandoned event with reason "interrupted". Runs of a
    live process, and runs written on another host, are left open.
    """
    conn.execute(
        "DELETE FROM live_runs WHERE run_id IN"
        " (SELECT run_id FROM events WHERE type IN (?, ?))",
        END_TYPES,
    )
    closed = []
    for run_id, host_key, pid, boot_id, process_start in conn.execute(
        _OPEN_RUNS_SQL
    ).fetchall():
        owner = None
        if host_key is not None:
            owner = ProcessOwner(host_key, pid, boot_id, process_start)
        dead = owner_is_dead(owner, me)
        if dead is None:
            logger.info(
                "run %s in %s was written on another host; left open", run_id, path
            )
        elif dead and _close_interrupted(conn, run_id):
            logger.warning(
                "closed run %s of stopped process %s in %s as interrupted",
                run_id,
                pid,
                path,
            )
            closed.append(run_id)
    return closed


def _close_interrupted(conn: sqlite3.Connection, run_id: str) -> bool:
    ts, ts_utc_ms = make_timestamp()
    item = PendingEvent(run_id, RunAbandoned("interrupted"), ts, ts_utc_ms, Ack())
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Check again inside the write lock, because another process may have closed it.
        ended = conn.execute(
            "SELECT 1 FROM events WHERE run_id = ? AND type IN (?, ?)",
            (run_id, *END_TYPES),
        ).fetchone()
        if ended:
            conn.execute("COMMIT")
            return False
        last_seq = conn.execute(
            "SELECT max(seq) FROM events WHERE run_id = ?", (run_id,)
        ).fetchone()[0]
        _insert_event(conn, item, last_seq + 1)
        conn.execute("DELETE FROM live_runs WHERE run_id = ?", (run_id,))
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return True


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


class _Writer(threading.Thread):
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
        self._writer = _Writer(conn, self.path)
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
