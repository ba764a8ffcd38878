"""Read events back from an analytics log without changing it.

The file is opened read-only (SQLite ``mode=ro``), so an export can run while a game
writes to the same file. It reads a consistent snapshot of the committed events. A
file this user may not write beside is read as immutable instead.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any, TextIO

from game.analytics.events import COMMON_FIELDS, CorruptLogError, LogFileError
from game.analytics.paths import default_log_path
from game.analytics.schema import (
    BUSY_TIMEOUT_S,
    check_tables,
    check_user_version,
    describe_sqlite_error,
)

log = logging.getLogger(__name__)

_SELECT_SQL = (
    "SELECT event_id, run_id, seq, type, ts, schema, payload FROM events{where}"
    " ORDER BY ts_utc_ms, run_id, seq"
)


def iter_events(
    db_path: str | PathLike[str], run_id: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield every event (or those of ``run_id``) as a flat dict, oldest first.

    Order is by time, then run_id, then seq. Keys are the common fields followed by
    the type's own fields, as documented in docs/analytics.md.
    Raises LogFileError if the file is missing, damaged or of a newer schema.
    """
    path = Path(db_path)
    conn = _open_read_only(path)
    try:
        if run_id is None:
            rows = conn.execute(_SELECT_SQL.format(where=""))
        else:
            rows = conn.execute(
                _SELECT_SQL.format(where=" WHERE run_id = ?"), (run_id,)
            )
        for row in rows:
            yield _flatten(row, path)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from exc
    finally:
        conn.close()


def export_jsonl(
    db_path: str | PathLike[str], out: TextIO, run_id: str | None = None
) -> int:
    """Write one JSON object per event to ``out``, one per line, and return the count.

    A ``run_id`` that is not in the file gives a count of 0.
    """
    count = 0
    for event in iter_events(db_path, run_id):
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count


def _open_read_only(path: Path) -> sqlite3.Connection:
    if path.is_dir():
        raise LogFileError(
            f"'{path}' is a folder, not an analytics log. Name the .sqlite3 file "
            "inside it."
        )
    if not path.is_file():
        raise LogFileError(
            f"The analytics log '{path}' was not found. Check the path. The game "
            f"writes to {default_log_path()} unless --analytics names another file."
        )
    try:
        return _checked(_connect(path, "mode=ro"), path)
    except CorruptLogError as error:
        # The game's own message advises moving a damaged log aside. For an export,
        # the likely mistake is naming the wrong file.
        raise CorruptLogError(
            f"'{path}' is not a readable Clear Choice analytics log. Check that you "
            f"named the .sqlite3 file the game writes ({error.__cause__ or error})."
        ) from error
    except LogFileError as error:
        if not _needs_write_access(error):
            raise
    # In WAL mode even a reader must create the -shm file beside the log. Where this
    # user may not write (a copy on read-only media, another user's folder), read
    # the file as immutable instead.
    # NOTE: an immutable read does not see a writer's uncommitted WAL frames, and
    # may see a torn state if another user's game is writing at that moment.
    log.warning("cannot open %s for shared reading; reading it as immutable", path)
    return _checked(_connect(path, "immutable=1"), path)


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?" + mode
    try:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise describe_sqlite_error(path, exc) from exc


def _needs_write_access(error: LogFileError) -> bool:
    cause = error.__cause__
    text = str(cause).lower() if cause is not None else ""
    return "readonly" in text or "unable to open" in text


def _checked(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    try:
        if check_user_version(conn, path) == 0:
            raise CorruptLogError(
                f"'{path}' is not a Clear Choice analytics log (it has no log schema)."
                " Check the path."
            )
        check_tables(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise describe_sqlite_error(path, exc) from exc
    except LogFileError:
        conn.close()
        raise
    return conn


def _flatten(row: tuple[Any, ...], path: Path) -> dict[str, Any]:
    event = dict(zip(COMMON_FIELDS, row[:-1], strict=True))
    try:
        payload = json.loads(row[-1])
    except json.JSONDecodeError as exc:
        raise CorruptLogError(
            f"Event {event['event_id']} in '{path}' has an unreadable payload "
            f"({exc}). The file was changed outside the game; export a copy with "
            "that event removed."
        ) from exc
    if not isinstance(payload, dict):
        raise CorruptLogError(
            f"Event {event['event_id']} in '{path}' has a payload that is not a JSON "
            "object. The file was changed outside the game."
        )
    for name, value in payload.items():
        event.setdefault(name, value)
    return event
