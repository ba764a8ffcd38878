"""Schema of the analytics log file: DDL, user_version migrations and opening it."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from game.analytics.events import (
    SCHEMA_VERSION,
    AnalyticsError,
    CorruptLogError,
    LogFileError,
    NewerSchemaError,
)
from game.analytics.paths import DATA_DIR_ENV

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
REQUIRED_TABLES = ("meta", "events", "live_runs")

# live_runs contains one row per run that has started and not ended. It names the
# process that writes the run, so recovery can tell a crashed writer from a live one.
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
            rollback(conn)
            raise
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        logger.info("analytics log %s is at schema %d", path, version)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction of ``conn``, logging a failure, not raising it."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            logger.exception("rollback of the analytics log failed")
